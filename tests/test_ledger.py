"""Sourcing ledgers: every claim sentence and who backs it; one claim across articles."""
from __future__ import annotations

import pandas as pd
import pytest

import medialit
from medialit.errors import ArticleInputError
from medialit.ledger import (
    LEDGER_COLUMNS,
    SAME_CLAIM_COLUMNS,
    corpus_ledger,
    ledger_counts,
    same_claim_across,
    sourcing_ledger,
)


@pytest.fixture(scope="module")
def corpus():
    return medialit.load_corpus()


def _body(corpus, article_id: str) -> str:
    return corpus.loc[corpus["article_id"] == article_id, "body"].iloc[0]


# --------------------------------------------------------------------------- sourcing_ledger

@pytest.mark.parametrize("article_id", ["000", "001", "002", "003", "004"])
def test_ledger_lists_every_claim_sentence_with_its_label(corpus, article_id):
    body = _body(corpus, article_id)
    ledger = sourcing_ledger(body)
    labelled = medialit.label_sentences(body)
    claims = labelled[labelled["source_type"] != "na"]
    assert list(ledger.columns) == LEDGER_COLUMNS
    assert len(ledger) == len(claims)
    assert list(ledger["source_type"]) == list(claims["source_type"])
    assert set(ledger["source_type"]) <= {"named", "anonymous", "vague", "none"}
    assert ledger["start"].is_monotonic_increasing
    for row in ledger.itertuples():
        assert body[row.start:row.end] == row.claim
        assert medialit.sentences(body).loc[row.sentence_index, "text"] == row.claim


def test_backed_by_comes_from_the_attributions_in_that_sentence(corpus):
    body = _body(corpus, "002")
    ledger = sourcing_ledger(body)
    found = medialit.find_attributions(body)
    for row in ledger.itertuples():
        inside = found[(found["start"] >= row.start) & (found["end"] <= row.end)]
        if inside.empty:  # nobody in the sentence: empty, or the source of the sentence before
            assert row.backed_by == "" or row.backed_by.endswith("(carried over)"), row.backed_by
        for source, cue in zip(inside["source"], inside["cue"]):
            assert (source or cue).strip() in row.backed_by
    # A claim with no source has nobody behind it, and a sourced one has somebody.
    assert (ledger.loc[ledger["source_type"] == "none", "backed_by"] == "").all()
    assert (ledger.loc[ledger["source_type"] != "none", "backed_by"] != "").all()
    carried = ledger[ledger["backed_by"].str.endswith("(carried over)")]
    assert len(carried), "002's continued quotations should show the speaker of the sentence before"
    for row in carried.itertuples():
        before = ledger[ledger["end"] < row.start].iloc[-1]
        assert row.backed_by.removesuffix(" (carried over)") in before["backed_by"] and row.source_type == before["source_type"]


def test_the_anonymous_officer_in_001_is_in_the_ledger(corpus):
    ledger = sourcing_ledger(_body(corpus, "001"))
    row = ledger[ledger["claim"].str.contains("not here for glory")]
    assert len(row) == 1
    assert row["source_type"].iloc[0] == "anonymous"
    assert "one Russian military officer" in row["backed_by"].iloc[0]


def test_a_marker_that_names_nobody_is_shown_as_the_marker():
    text = "The bridge reportedly cost twice the budget."
    ledger = sourcing_ledger(text)
    assert list(ledger["source_type"]) == ["vague"]
    assert ledger["backed_by"].iloc[0] == "reportedly"


def test_empty_text_gives_an_empty_ledger_with_the_columns():
    ledger = sourcing_ledger("")
    assert ledger.empty and list(ledger.columns) == LEDGER_COLUMNS


def test_curly_quotes_bom_and_crlf_give_the_same_ledger(corpus):
    body = _body(corpus, "001")
    messy = "\ufeff" + body.replace("\n", "\r\n")
    clean = sourcing_ledger(body)
    other = sourcing_ledger(messy)
    assert list(other["source_type"]) == list(clean["source_type"])
    assert list(other["backed_by"]) == list(clean["backed_by"])
    for row in other.itertuples():
        assert messy[row.start:row.end] == row.claim


@pytest.mark.parametrize("bad", [None, 42, b"bytes", ["a list"]])
def test_ledger_rejects_non_text_with_a_named_error(bad):
    with pytest.raises(ArticleInputError, match="needs the article text as a str"):
        sourcing_ledger(bad)


# --------------------------------------------------------------------------- corpus ledger and counts

def test_corpus_ledger_is_the_articles_ledgers_stacked(corpus):
    table = corpus_ledger(corpus)
    assert list(table.columns) == ["article_id"] + LEDGER_COLUMNS
    for aid, body in zip(corpus["article_id"], corpus["body"]):
        part = table[table["article_id"] == aid].drop(columns="article_id").reset_index(drop=True)
        pd.testing.assert_frame_equal(part, sourcing_ledger(body))


def test_ledger_counts_agree_with_the_profile(corpus):
    counts = ledger_counts(corpus)
    prof = medialit.profile(corpus)
    assert list(counts["article_id"]) == sorted(corpus["article_id"])
    for kind in ("named", "anonymous", "vague", "none"):
        assert list(counts[kind]) == list(prof[f"n_{kind}"])
    assert list(counts["claims"]) == list(prof["sentences"] - prof["n_na"])


# --------------------------------------------------------------------------- same_claim_across

def test_same_claim_across_shows_every_article(corpus):
    table = same_claim_across(corpus, "turning point in the SVO")
    assert list(table.columns) == SAME_CLAIM_COLUMNS
    stated = table[table["source_type"] != "not stated"]
    assert sorted(stated["article_id"]) == ["000", "002"]
    assert sorted(table["article_id"].unique()) == sorted(corpus["article_id"])
    missing = table[table["source_type"] == "not stated"]
    assert missing["start"].isna().all() and (missing["sentence"] == "").all()
    for row in stated.itertuples():
        assert _body(corpus, row.article_id)[row.start:row.end] == row.sentence
        assert "turning point in the SVO" in row.sentence and row.match == 100
    # Two different unnamed backers for the same words.
    backers = dict(zip(stated["article_id"], stated["backed_by"]))
    assert "Sources close to the Russian military" in backers["000"]
    assert "military advisors" in backers["002"]


def test_matching_ignores_case_and_curly_quotes(corpus):
    straight = same_claim_across(corpus, "THE REGION'S RECAPTURE")
    assert "002" in set(straight.loc[straight["source_type"] != "not stated", "article_id"])


def test_fuzzy_matching_catches_near_copies_only_when_asked(corpus):
    typo = "turnig point in the SVO"
    exact = same_claim_across(corpus, typo, min_match=100)
    fuzzy = same_claim_across(corpus, typo, min_match=90)
    assert (exact["source_type"] == "not stated").all()
    found = fuzzy[fuzzy["source_type"] != "not stated"]
    assert sorted(found["article_id"]) == ["000", "002"]
    assert found["match"].between(90, 99).all()


@pytest.mark.parametrize(
    "corpus_arg, phrase, min_match, message",
    [
        ("not a table", "x", 90, "needs a corpus table"),
        (pd.DataFrame({"article_id": ["1"]}), "x", 90, "needs the columns article_id and body"),
        (pd.DataFrame({"article_id": ["1", "1"], "body": ["a", "b"]}), "x", 90, "appears more than once"),
        (pd.DataFrame({"article_id": ["1"], "body": [None]}), "x", 90, "is not text"),
        (None, "   ", 90, "needs a phrase"),
        (None, 5, 90, "needs a phrase"),
        (None, "turning point", 150, "min_match must be a number from 0 to 100"),
        (None, "turning point", "high", "min_match must be a number from 0 to 100"),
    ],
)
def test_same_claim_across_bad_input(corpus, corpus_arg, phrase, min_match, message):
    with pytest.raises(ArticleInputError, match=message):
        same_claim_across(corpus if corpus_arg is None else corpus_arg, phrase, min_match=min_match)


def test_a_brought_article_works_like_the_corpus():
    mine = medialit.load_article(
        "Some analysts believe the plan was a turning point. The minister said it was not.", article_id="mine"
    )
    table = same_claim_across(mine, "turning point")
    assert list(table["article_id"]) == ["mine"]
    assert table["source_type"].iloc[0] in {"vague", "anonymous", "named", "none"}
