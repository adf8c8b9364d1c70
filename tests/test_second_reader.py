"""The rule book measured: a second reader's labels against the key (issue 16).

``data/annotations/second_reader.csv`` holds labels made from ``data/annotations/README.md``
alone by a reader who had not seen the key. The README states the agreement table; these
tests recompute it, so the statement cannot drift, and hold the goal of kappa >= 0.80.
"""
import re

import pandas as pd
import pytest

from medialit.errors import MedialitError
from medialit.evaluate import cohen_kappa, load_expert_key, reader_agreement
from medialit.paths import data_dir

GOAL = 0.80


def stated_table() -> dict[str, tuple[int, int, float, float]]:
    text = (data_dir() / "annotations" / "README.md").read_text(encoding="utf-8")
    section = text.split("## Agreement between readers", 1)[1].split("\n## ", 1)[0]
    rows = re.findall(r"^\| (\w+) \| (\d+) \| (\d+) \| ([\d.]+) \| ([\d.]+) \|$", section, re.M)
    return {label: (int(n), int(a), float(sh), float(k)) for label, n, a, sh, k in rows}


def test_the_readme_states_what_the_files_give():
    computed = reader_agreement()
    stated = stated_table()
    assert set(stated) == set(computed["label"])
    for row in computed.itertuples():
        assert stated[row.label] == (row.sentences, row.agree, row.share, row.kappa), row.label


@pytest.mark.parametrize("label", ["source_type", "unsupported_specific"])
def test_two_careful_readers_agree(label):
    table = reader_agreement().set_index("label")
    assert table.loc[label, "kappa"] >= GOAL


def test_the_sample_covers_every_article_and_every_source_type():
    reader = pd.read_csv(data_dir() / "annotations" / "second_reader.csv", dtype=str)
    key = load_expert_key()
    merged = reader.merge(key.astype({"sentence_index": str}), on=["article_id", "sentence_index"],
                          suffixes=("_reader", ""))
    assert len(reader) >= 40
    assert set(merged["article_id"]) == {"000", "001", "002", "003", "004"}
    assert set(merged["source_type"]) == {"named", "anonymous", "vague", "none", "na"}


def test_kappa_is_cohens():
    assert cohen_kappa("aabb", "aabb") == 1.0
    assert cohen_kappa("abab", "aabb") == pytest.approx(0.0)
    # 20 items: 15 agree; each reader says "a" 10 times -> chance 0.5, kappa 0.5
    first = "a" * 10 + "b" * 10
    second = "a" * 8 + "bb" + "b" * 7 + "aaa"
    assert cohen_kappa(first, second) == pytest.approx((15 / 20 - 0.5) / 0.5)
    with pytest.raises(MedialitError):
        cohen_kappa("ab", "a")


def test_a_reader_row_that_is_not_in_the_key_is_an_error():
    bad = pd.DataFrame([{"article_id": "009", "sentence_index": "0", "source_type": "none", "hedge": "False",
                         "booster": "False", "unsupported_specific": "False", "access_claim": "False"}])
    with pytest.raises(MedialitError, match="not sentences of the key"):
        reader_agreement(bad)
