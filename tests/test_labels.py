"""label_sentences: one row of evidence labels per sentence."""
import pytest

import medialit
from medialit.labels import LABEL_COLUMNS, SOURCE_TYPES


@pytest.fixture(scope="module")
def bodies():
    corpus = medialit.load_corpus()
    return dict(zip(corpus["article_id"], corpus["body"]))


@pytest.fixture(scope="module")
def labels(bodies):
    return {aid: medialit.label_sentences(body) for aid, body in bodies.items()}


def row_with(table, fragment):
    hits = table[table["text"].str.contains(fragment, regex=False)]
    assert len(hits) == 1, f"expected one sentence containing {fragment!r}, found {len(hits)}"
    return hits.iloc[0]


def test_empty_text():
    out = medialit.label_sentences("")
    assert out.empty and list(out.columns) == list(LABEL_COLUMNS)
    assert {c: str(t) for c, t in out.dtypes.items()} == LABEL_COLUMNS


def test_one_row_per_sentence(bodies, labels):
    for aid, body in bodies.items():
        sents = medialit.sentences(body)
        table = labels[aid]
        assert table[["start", "end", "text"]].equals(sents[["start", "end", "text"]])
        assert set(table["source_type"]) <= set(SOURCE_TYPES)
        assert (table["reasons"].str.len() > 0).all()


def test_weakest_source_wins(labels):
    row = row_with(labels["001"], "according to insiders familiar with the operation")
    assert row["source_type"] == "vague"
    assert row["unsupported_specific"]  # "in the summer of 2023"
    row = row_with(labels["002"], "A senior Russian diplomat, speaking on condition of anonymity")
    assert row["source_type"] == "anonymous"
    row = row_with(labels["004"], "A public statement attributed to the Kursk region")
    assert row["source_type"] == "named" and not row["unsupported_specific"]


def test_unsupported_superlative_sentence(labels):
    row = row_with(labels["003"], "This marks the first explicit acknowledgment")
    assert row["unsupported_specific"] and row["source_type"] == "none"
    assert "the first explicit acknowledgment" in row["reasons"]


def test_headings_and_questions_are_na(labels):
    row = row_with(labels["004"], "What to watch next as 2026 begins?")
    assert row["source_type"] == "na"
    row = row_with(labels["004"], "Theme What was emphasized Why it stands out")
    assert row["source_type"] == "na"
    text = "Putin and Kim Trade New Year Greetings After Kursk Campaign\nThe message was published on Dec. 25."
    table = medialit.label_sentences(text)
    assert table["source_type"].tolist() == ["na", "none"]
    assert table["unsupported_specific"].tolist() == [False, True]


def test_flags_agree_with_the_detectors(bodies, labels):
    for aid, body in bodies.items():
        table = labels[aid]
        hedges = medialit.find_hedges(body)
        access = medialit.find_access_claims(body)
        for start, end, hedge, booster, claim in zip(
            table["start"], table["end"], table["hedge"], table["booster"], table["access_claim"]
        ):
            inside = hedges[(hedges["start"] >= start) & (hedges["start"] < end)]
            assert hedge == (inside["kind"] == "hedge").any()
            assert booster == (inside["kind"] == "booster").any()
            assert claim == ((access["start"] >= start) & (access["start"] < end)).any()


def test_access_claims_and_hedges_in_the_rewrites(labels):
    row = row_with(labels["001"], "remain shrouded in secrecy")
    assert row["access_claim"]
    row = row_with(labels["002"], "The message, which reportedly includes")
    assert row["hedge"] and row["source_type"] == "vague"


def test_the_explainer_is_mostly_named_or_unsourced_not_anonymous(labels):
    # a property of the article, not one score: 004 cites no anonymous insiders
    assert "anonymous" not in set(labels["004"]["source_type"])
    assert "anonymous" in set(labels["002"]["source_type"])


def test_pronoun_subject_carries_the_source_over(labels):
    row = row_with(labels["004"], "It also called the relationship")
    assert row["source_type"] == "named" and "carried over" in row["reasons"]
    # only right after a sentence with a source, and only with a reporting cue
    table = medialit.label_sentences("The weather was cold in Pyongyang that week. It also called for snow.")
    assert table["source_type"].tolist()[1] != "named"
    table = medialit.label_sentences(
        "Putin said the ties were strong. It rained all day in Moscow while the delegation waited at the station."
    )
    assert table["source_type"].tolist() == ["named", "none"]


def test_forecasts_without_source_or_specifics_are_na(labels):
    row = row_with(labels["000"], "This could include expanded military collaboration")
    assert row["source_type"] == "na" and "forecast" in row["reasons"]
    # a forecast with a source keeps the source
    table = medialit.label_sentences("Some analysts believe the alliance could grow.")
    assert table["source_type"].tolist() == ["vague"]
