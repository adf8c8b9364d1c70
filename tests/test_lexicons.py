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


# --------------------------------------------------------------------------- lexicons follow the rule book
# data/annotations/README.md sets the rules; these tests fail when a word list drifts from them.

#: One short sentence per hedge of rules H1-H2, with the cue the detector must report.
RULE_BOOK_HEDGES = [
    ("It reportedly happened.", "reportedly"), ("He allegedly left.", "allegedly"),
    ("The alleged deal.", "alleged"), ("The timing suggests a plan.", "suggests"),
    ("The phrase implies a deal.", "implies"), ("The text hints at more.", "hints at"),
    ("Talks may resume.", "may"), ("Talks might resume.", "might"), ("Talks could resume.", "could"),
    ("Perhaps not.", "Perhaps"), ("It is possibly true.", "possibly"), ("It is probably true.", "probably"),
    ("A likely delay.", "likely"), ("An unlikely delay.", "unlikely"), ("It is presumably true.", "presumably"),
    ("A potential deal.", "potential"), ("A potentially large deal.", "potentially"),
    ("It appears to work.", "appears to"), ("It seems true.", "seems"), ("It apparently works.", "apparently"),
    ("An unverified report.", "unverified"), ("An unconfirmed report.", "unconfirmed"),
    ("The remarks are speculative.", "speculative"), ("Figures tend to matter.", "tend to"),
    ("Talks typically stall.", "typically"), ("He is said to agree.", "is said to"),
    ("He is believed to agree.", "is believed to"), ("He is thought to agree.", "is thought to"),
    ("The allegations involve arms.", "allegations"), ("It sparked speculation.", "speculation"),
]


@pytest.mark.parametrize("sentence, cue", RULE_BOOK_HEDGES, ids=[c for _, c in RULE_BOOK_HEDGES])
def test_every_hedge_of_the_rule_book_is_in_the_lexicon(sentence, cue):
    found = medialit.find_hedges(sentence)
    hedges = found[found["kind"] == "hedge"]["cue"].tolist()
    assert hedges == [cue]


#: Rule B5: never a booster on their own.
NOT_BOOSTERS = ["pivotal", "crucial", "critical", "significant", "notable", "rare", "key", "important",
                "explicitly", "specifically", "first", "straightforward", "not only"]


def test_no_booster_row_is_an_ordinary_evaluative_word():
    rows = medialit.load_lexicon("hedges")
    boosters = rows[rows["kind"] == "booster"]
    assert len(boosters) >= 10
    for word in NOT_BOOSTERS:
        assert medialit.find_hedges(f"This was {word}.").empty, word
    for term in boosters["term"]:
        assert term.lower() not in NOT_BOOSTERS, term


#: Rules A1 and A2: phrases that are and are not access claims.
ACCESS_YES = ["a closed-door meeting", "talks behind closed doors", "classified channels", "restricted circles",
              "limited access", "the inner circle", "insiders say", "a person briefed on the private talks",
              "documents seen by the Ledger", "shrouded in secrecy", "an unspoken pact"]
ACCESS_NO = ["people familiar with the matter", "widely circulated reports", "unclassified military reports",
             "a leader who has long maintained a veil of secrecy", "shrouded in ambiguity"]


@pytest.mark.parametrize("phrase", ACCESS_YES)
def test_access_claims_of_the_rule_book_are_found(phrase):
    assert not medialit.find_access_claims(phrase).empty, phrase


@pytest.mark.parametrize("phrase", ACCESS_NO)
def test_what_the_rule_book_excludes_is_not_an_access_claim(phrase):
    assert medialit.find_access_claims(phrase).empty, phrase


# --------------------------------------------------------------------------- the prefix guard (issue 11)
def test_the_prefix_guard_changes_no_match(monkeypatch):
    """The trie of phrase prefixes in front of each branch only rejects positions sooner: on text
    made of the lexicons' own terms, run together with hostile punctuation and odd spacing, every
    lexicon finds exactly what it finds without the guard."""
    import random

    from medialit import lexicon as lx

    rng = random.Random(11)
    for name in lx.lexicon_names():
        guarded = lx.compiled_lexicon(name)
        path, rows = guarded.path, guarded.rows
        monkeypatch.setattr(lx, "_prefix_guard", lambda phrases: None)
        plain = lx._compile(name, path, rows)
        monkeypatch.undo()
        terms = [t for t in rows["term"] if rows.loc[rows["term"] == t, "match"].iloc[0] == "phrase"] or ["x"]
        pieces = terms + ['"a ', "a", "  ", "\n", '" ', "'", ".", "A ", "as ", "an "]
        for _ in range(30):
            sample = "".join(rng.choice(pieces) + rng.choice([" ", "  ", "", "\t", " \"", ", "]) for _ in range(60))
            sample = sample.replace("\t", " ")
            assert [(s, e, r["term"]) for s, e, r in guarded.finditer(sample)] == \
                [(s, e, r["term"]) for s, e, r in plain.finditer(sample)], (name, sample[:120])
