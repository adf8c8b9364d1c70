"""The lexicon files: every row valid, and a broken file names file and line."""
import shutil

import pytest

import medialit
from medialit import DataFileError
from medialit.lexicon import REQUIRED_COLUMNS, SCHEMAS, compiled_lexicon, lexicon_names
from medialit.paths import data_dir

HEADER = ",".join(REQUIRED_COLUMNS)


@pytest.mark.parametrize("name", lexicon_names())
def test_each_lexicon_loads_and_reads_well(name):
    rows = medialit.load_lexicon(name)
    assert list(rows.columns) == [*REQUIRED_COLUMNS, "line"]
    assert len(rows) >= 10
    assert set(rows["category"]) <= SCHEMAS[name]["categories"]
    assert set(rows["match"]) <= {"phrase", "regex"}
    for expl in rows["explanation"]:
        assert "\n" not in expl and 10 <= len(expl) <= 160, expl
    assert rows["source"].str.len().min() > 0
    # each term is written once
    assert not rows["term"].str.lower().duplicated().any()


@pytest.fixture
def data_copy(tmp_path, monkeypatch):
    """A copy of data/ that MEDIALIT_DATA points at, so a test may break a lexicon."""
    copy = tmp_path / "data"
    shutil.copytree(data_dir() / "lexicons", copy / "lexicons")
    monkeypatch.setenv("MEDIALIT_DATA", str(copy))
    return copy


GOOD = 'reportedly,phrase,hedge,hearsay,"Says someone reported it.",written for medialit\n'


@pytest.mark.parametrize(
    "content, line, words",
    [
        ("term,match,kind,category,source\n" + GOOD, 1, "missing column(s) explanation"),
        (HEADER + "\n" + GOOD + ',phrase,hedge,hearsay,"Empty.",written for medialit\n', 3, "empty term"),
        (HEADER + "\n" + GOOD + 'perhaps,phrase,hedge,guessing,"A guess.",written for medialit\n', 3, "unknown category 'guessing'"),
        (HEADER + "\n" + GOOD + 'perhaps,phrase,maybe,probability,"A guess.",written for medialit\n', 3, "unknown kind 'maybe'"),
        (HEADER + "\n" + GOOD + '"may(be",regex,hedge,modal,"Bad.",written for medialit\n', 3, "bad regex"),
        (HEADER + "\n" + GOOD + '"(may|might)",regex,hedge,modal,"Groups.",written for medialit\n', 3, "capturing groups"),
        (HEADER + "\n" + GOOD + "perhaps,word,hedge,probability,A guess.,written for medialit\n", 3, "match is 'word'"),
        (HEADER + "\n" + GOOD + "perhaps,phrase,hedge,probability,,written for medialit\n", 3, "empty explanation"),
        (HEADER + "\n" + GOOD + "perhaps,phrase\n", 3, "2 field(s)"),
    ],
)
def test_broken_lexicon_names_file_and_line(data_copy, content, line, words):
    path = data_copy / "lexicons" / "hedges.csv"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(DataFileError) as err:
        medialit.load_lexicon("hedges")
    message = str(err.value)
    assert "hedges.csv" in message and f"line {line}:" in message and words in message
    # the detectors raise the same named error
    with pytest.raises(DataFileError, match="hedges.csv"):
        medialit.find_hedges("It reportedly happened.")


def test_undecodable_lexicon_names_the_line(data_copy):
    path = data_copy / "lexicons" / "access.csv"
    path.write_bytes((HEADER + "\n").encode() + b'covert,phrase,,secrecy,"Secret \xe9 ops.",written for medialit\n')
    with pytest.raises(DataFileError, match=r"access\.csv, line 2: .*not valid UTF-8"):
        medialit.find_access_claims("a covert unit")


def test_missing_lexicon_file(data_copy):
    (data_copy / "lexicons" / "specifics.csv").unlink()
    with pytest.raises(DataFileError, match="specifics.csv.*not found"):
        medialit.find_specifics("On Dec. 27.")


def test_edited_lexicon_is_reloaded(data_copy):
    path = data_copy / "lexicons" / "hedges.csv"
    assert medialit.find_hedges("The plan is ostensibly finished.").empty
    with path.open("a", encoding="utf-8") as f:
        f.write('ostensibly,phrase,hedge,appearance,"Says how it looks, not how it is.",written for medialit\n')
    found = medialit.find_hedges("The plan is ostensibly finished.")
    assert found["cue"].tolist() == ["ostensibly"]
    assert found["category"].tolist() == ["appearance"]


def test_bom_and_crlf_in_a_lexicon_file_are_fine(data_copy):
    path = data_copy / "lexicons" / "hedges.csv"
    text = path.read_text(encoding="utf-8")
    path.write_bytes(b"\xef\xbb\xbf" + text.replace("\n", "\r\n").encode("utf-8"))
    assert medialit.find_hedges("It reportedly happened.")["cue"].tolist() == ["reportedly"]


def test_unknown_lexicon_name():
    with pytest.raises(DataFileError, match="unknown lexicon 'hedge'"):
        medialit.load_lexicon("hedge")


def test_lexicon_is_one_compiled_pattern_and_cached():
    a = compiled_lexicon("hedges")
    assert compiled_lexicon("hedges") is a
    assert set(a.groups.values()) == set(range(len(a.rows)))  # every row can match
