"""Sentence splitting and the same-length normalisation every detector relies on."""
import pandas as pd
import pytest

import medialit
from medialit.text import normalize


@pytest.fixture(scope="module")
def corpus():
    return medialit.load_corpus()


def test_abbreviations_do_not_end_sentences():
    text = "Kim Jong-un wrote on Dec. 27 to the U.S. President Biden. He replied. Then U.S. officials spoke."
    got = list(medialit.sentences(text)["text"])
    assert got == [
        "Kim Jong-un wrote on Dec. 27 to the U.S. President Biden.",
        "He replied.",
        "Then U.S. officials spoke.",
    ]


def test_quote_closing_a_sentence_and_opening_the_next():
    text = "‘The world has turned,’ he said. ‘But allies stand firm.’ This sentiment grew."
    got = list(medialit.sentences(text)["text"])
    assert got == ["‘The world has turned,’ he said.", "‘But allies stand firm.’", "This sentiment grew."]


def test_each_line_is_its_own_sentence_for_flattened_tables(corpus):
    body = corpus.set_index("article_id").loc["004", "body"]
    rows = list(medialit.sentences(body)["text"])
    assert "Date Milestone What changed" in rows
    assert any(r.startswith("March 28, 2024 UN Security Council") for r in rows)
    assert any(r.startswith("June 19, 2024 DPRK and Russia sign") for r in rows)
    # "Dec. 18 & Dec. 27, 2025" stays inside one row
    assert any(r.startswith("Dec. 18 & Dec. 27, 2025 Putin and Kim") for r in rows)


def test_offsets_point_into_the_given_text(corpus):
    for body in corpus["body"]:
        df = medialit.sentences(body)
        assert list(df.columns[:3]) == ["start", "end", "text"]
        assert df["start"].is_monotonic_increasing
        for row in df.itertuples():
            assert body[row.start:row.end] == row.text
        assert (df["start"].iloc[1:].to_numpy() >= df["end"].iloc[:-1].to_numpy()).all()


def test_empty_and_whitespace_give_empty_frames():
    for text in ["", "   ", "\n\n"]:
        df = medialit.sentences(text)
        assert df.empty and list(df.columns) == ["start", "end", "text"]


def test_normalize_keeps_length_and_unifies_quotes_bom_crlf():
    raw = "\ufeff“Hi,” she said.\r\nIt’s\u00a0fine.\rEnd"
    norm = normalize(raw)
    assert len(norm) == len(raw)
    assert norm == ' "Hi," she said. \nIt\'s fine.\nEnd'


def test_bom_crlf_and_curly_quotes_give_the_same_sentences():
    clean = "‘One,’ he said. Two follows.\nThree."
    messy = "\ufeff" + clean.replace("‘", "'").replace("’", "'").replace("\n", "\r\n")
    a = [normalize(t).strip() for t in medialit.sentences(clean)["text"]]
    b = [normalize(t).strip() for t in medialit.sentences(messy)["text"]]
    assert a == b


def test_normalize_rejects_non_strings():
    with pytest.raises(TypeError, match="expected a str"):
        normalize(b"bytes")


def test_word_count_counts_hyphenated_words_once():
    assert medialit.word_count("Kim Jong-un met Russia’s leader; 1.5 million") == 7
