"""The helpers that put the expert key beside the detectors' output (evaluate, ledger, record)."""
from __future__ import annotations

import pandas as pd
import pytest

import medialit
from medialit import record
from medialit.errors import ArticleInputError, MedialitError
from medialit.evaluate import (
    AGREEMENT_COLUMNS,
    agreement_with_key,
    beside_key,
    in_plain_words,
    key_profile,
    load_expert_key,
    predict_corpus,
    profile_tool_and_key,
    source_agreement_by_article,
    source_counts_tool_and_key,
    tool_and_key_grid,
)
from medialit.ledger import DIFFERENT, ledger_summary, ledger_with_key


@pytest.fixture(scope="module")
def corpus():
    return medialit.load_corpus()


@pytest.fixture(scope="module")
def key():
    return load_expert_key()


@pytest.fixture(scope="module")
def predicted(corpus):
    return predict_corpus(corpus)


# --------------------------------------------------------------------------- plain words

@pytest.mark.parametrize("part, whole, words", [
    (103, 160, "about 2 sentences in 3"),
    (9, 10, "about 9 sentences in 10"),
    (41, 80, "about half the sentences"),
    (32, 72, "about 2 sentences in 5"),
    (5, 5, "all 5 sentences"),
    (0, 7, "none of the 7 sentences"),
    (1, 40, "fewer than 1 sentence in 10"),
    (39, 40, "almost all sentences"),
])
def test_in_plain_words(part, whole, words):
    assert in_plain_words(part, whole) == words


@pytest.mark.parametrize("part, whole", [(3, 2), (-1, 4), (1, 0), (1.5, 3)])
def test_in_plain_words_refuses_impossible_shares(part, whole):
    with pytest.raises(MedialitError, match="in_plain_words"):
        in_plain_words(part, whole)


# --------------------------------------------------------------------------- agreement

def test_agreement_counts_what_it_says(key, predicted):
    table = agreement_with_key(key, predicted)
    assert list(table.columns) == AGREEMENT_COLUMNS and len(table) == 5
    merged = key.merge(predicted, on=["article_id", "start", "end"], suffixes=("_key", "_pred"))
    same = int((merged["source_type_key"] == merged["source_type_pred"]).sum())
    assert table.iloc[0]["tool and key agree"] == same
    assert table.iloc[0]["in plain words"] == in_plain_words(same, len(key))
    hedge = table[table["what the tool looks for"].str.startswith("hedge")].iloc[0]
    assert hedge["tool and key agree"] == int((merged["hedge_key"] == merged["hedge_pred"]).sum())


def test_agreement_is_perfect_when_the_tool_copies_the_key(key):
    copy = key.copy()
    table = agreement_with_key(key, copy)
    assert (table["tool and key agree"] == len(key)).all()
    assert table["in plain words"].str.startswith("all ").all()


def test_agreement_drops_when_one_label_is_changed(key):
    copy = key.copy()
    copy.loc[0, "source_type"] = "named" if copy.loc[0, "source_type"] != "named" else "vague"
    table = agreement_with_key(key, copy)
    assert table.iloc[0]["tool and key agree"] == len(key) - 1
    by_article = source_agreement_by_article(key, copy).set_index("article_id")
    first = key.loc[0, "article_id"]
    assert by_article.loc[first, "same source type as the key"] == by_article.loc[first, "sentences"] - 1


def test_agreement_for_one_article_and_an_unknown_one(key, predicted):
    one = agreement_with_key(key, predicted, article_id="002")
    assert one.iloc[0]["sentences compared"] == int((key["article_id"] == "002").sum())
    with pytest.raises(MedialitError, match="999"):
        agreement_with_key(key, predicted, article_id="999")


# --------------------------------------------------------------------------- the key's profile

def test_key_profile_counts_the_keys_labels(corpus, key):
    profile = key_profile(corpus, key).set_index("article_id")
    part = key[key["article_id"] == "002"]
    assert profile.loc["002", "n_vague"] == int((part["source_type"] == "vague").sum())
    assert profile.loc["002", "access_claims"] == int(part["access_claim"].sum())
    shares = profile[[c for c in profile.columns if c.startswith("share_")]].sum(axis=1)
    assert ((shares - 1).abs() < 1e-9).all()
    assert list(key_profile(corpus, key).columns) == list(medialit.profile(corpus).columns)


def test_profile_tool_and_key_marks_only_real_differences(corpus, key):
    tool = key_profile(corpus, key)  # a "tool" that agrees with the key everywhere
    same = profile_tool_and_key(corpus, key, predicted_profile=tool)
    assert (same["tool differs"] == "").all()
    tool = tool.copy()
    tool.loc[tool["article_id"] == "004", "n_named"] += 1
    changed = profile_tool_and_key(corpus, key, predicted_profile=tool, measures=["n_named"])
    assert changed.loc[changed["tool differs"] == "DIFFERENT", "article_id"].tolist() == ["004"]
    with pytest.raises(MedialitError, match="unknown measure"):
        profile_tool_and_key(corpus, key, measures=["shoe_size"])


def test_tool_and_key_grid_shows_every_cell_once(corpus, key):
    both = profile_tool_and_key(corpus, key)
    grid = tool_and_key_grid(both)
    assert list(grid.columns) == sorted(set(both["article_id"]))
    assert len(grid) == both["measure"].nunique()
    for row in both.itertuples(index=False):
        cell = grid.loc[row.measure, row.article_id]
        if row._4:  # "tool differs"
            assert cell == f"tool {row.tool} · key {row.key}"
        else:
            assert cell == f"both {row.key}"
    differing = sum(cell.startswith("tool ") for cell in grid.to_numpy().ravel())
    assert differing == (both["tool differs"] == "DIFFERENT").sum()
    with pytest.raises(MedialitError, match="profile_tool_and_key"):
        tool_and_key_grid(key_profile(corpus, key))


def test_source_counts_tool_and_key(corpus, key):
    table = source_counts_tool_and_key(corpus, key).set_index("article_id")
    truth = key_profile(corpus, key).set_index("article_id")
    tool = medialit.profile(corpus).set_index("article_id")
    assert table.loc["004", "named: key"] == truth.loc["004", "n_named"]
    assert table.loc["004", "named: tool"] == tool.loc["004", "n_named"]


# --------------------------------------------------------------------------- beside the key

def test_beside_key_by_offset_and_by_text(corpus, key):
    row = key.iloc[0]
    by_start = beside_key(pd.DataFrame({"article_id": [row["article_id"]], "start": [row["start"]],
                                        "source_type": ["zzz"]}), key)
    assert by_start.loc[0, "key says"] == row["source_type"] and by_start.loc[0, "tool vs key"] == "DIFFERENT"
    by_text = beside_key(pd.DataFrame({"article_id": [row["article_id"]], "sentence": [row["text"]],
                                       "source_type": [row["source_type"]]}), key)
    assert by_text.loc[0, "key says"] == row["source_type"] and by_text.loc[0, "tool vs key"] == ""
    with pytest.raises(MedialitError, match="beside_key"):
        beside_key(pd.DataFrame({"x": [1]}), key)


def test_ledger_with_key_marks_the_rows_that_differ(corpus, key):
    table = ledger_with_key(corpus, "002", key)
    assert table["sentence"].min() >= 1
    differ = table["tool vs key"] == DIFFERENT
    assert (differ == (table["tool says"] != table["key says"])).all()
    assert str(int(differ.sum())) in ledger_summary(table)
    # change the key of one agreeing row: that row must now be marked
    agreeing = table[~differ].iloc[0]
    edited = key.copy()
    mask = (edited["article_id"] == "002") & (edited["sentence_index"] == agreeing["sentence"] - 1)
    edited.loc[mask, "source_type"] = "named" if agreeing["key says"] != "named" else "vague"
    again = ledger_with_key(corpus, "002", edited)
    assert again.loc[again["sentence"] == agreeing["sentence"], "tool vs key"].iloc[0] == DIFFERENT
    with pytest.raises(ArticleInputError, match="999"):
        ledger_with_key(corpus, "999", key)


def test_specifics_with_key_follows_the_key(corpus, key):
    table = record.specifics_with_key(corpus, "001", key)
    row = table[table["detail"].str.contains("turned its back")].iloc[0]
    expected = record.KEY_UNBACKED if "turned its back" in " ".join(
        key.loc[key["article_id"] == "001", "specific_text"]) else record.KEY_OTHER
    assert row["key says"] == expected
    assert (table["tool vs key"] == "DIFFERENT").sum() == (
        (table["tool says"] == record.TOOL_UNBACKED) != (table["key says"] == record.KEY_UNBACKED)
    ).sum()
    assert "DIFFERENT" in record.specifics_key_summary(table)
    with pytest.raises(medialit.DataFileError, match="999"):
        record.specifics_with_key(corpus, "999", key)


def test_specifics_by_kind_adds_up_to_the_table(corpus, key):
    table = record.specifics_with_key(corpus, "004", key)
    by_kind = record.specifics_by_kind(table)
    kinds = by_kind.drop(index="all kinds")
    assert (kinds.sum() == by_kind.loc["all kinds"]).all()
    assert by_kind.loc["all kinds", "details"] == len(table)
    assert by_kind.loc["all kinds", "tool and key disagree"] == (table["tool vs key"] == "DIFFERENT").sum()
    assert by_kind.loc["all kinds", "a record rule agrees"] == table["record"].str.startswith("agrees").sum()
    assert set(kinds.index) == set(table["kind"].replace("", "found by the key only"))
    with pytest.raises(medialit.DataFileError, match="specifics_with_key"):
        record.specifics_by_kind(key)


def test_specifics_with_key_lists_details_only_the_key_found(corpus, key):
    edited = key.copy()
    target = edited.index[(edited["article_id"] == "003") & (edited["text"].str.contains("analysts"))][0]
    word = "analysts"
    edited.loc[target, "specific_text"] = word
    edited.loc[target, "unsupported_specific"] = True
    table = record.specifics_with_key(corpus, "003", edited)
    extra = table[table["detail"] == word]
    assert len(extra) == 1 and extra.iloc[0]["tool says"] == record.TOOL_MISSED
