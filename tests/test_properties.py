"""Property tests: on any text, every detector gives spans that make sense.

For every function: spans lie inside the text, ``text[start:end]`` is the
reported span column (``cue`` for hedges and access claims, ``text`` for
specifics and sentences, ``source`` or else ``cue`` for attributions), rows are
sorted by start, the same cue never overlaps itself, and sentences never overlap.
"""
import functools
import random

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import medialit


@functools.lru_cache(maxsize=1)
def fragments() -> list[str]:
    """Sentences and word runs from the five bodies, to shuffle into new texts."""
    corpus = medialit.load_corpus()
    out = []
    for body in corpus["body"]:
        for sentence in medialit.sentences(body)["text"]:
            out.append(sentence)
            words = sentence.split()
            out.extend(" ".join(words[i : i + 4]) for i in range(0, len(words), 4))
    return out


SPECIAL = "\"'\u2018\u2019\u201c\u201d\u00ab\u00bb\ufeff\u00a0\r\n\t.,;:!?()-\u2014&%$0123456789 "
unicode_text = st.text(alphabet=st.characters(codec="utf-8"), max_size=200)
special_text = st.text(alphabet=st.sampled_from(list(SPECIAL) + list("MmayCcouldSsaid")), max_size=120)


@st.composite
def shuffled_articles(draw):
    seed = draw(st.integers(0, 2**32 - 1))
    rng = random.Random(seed)
    pieces = rng.sample(fragments(), k=rng.randint(1, 8))
    seps = [" ", "\n", "\r\n", "\n\n", ". ", "' ", '" ', "\u2019 ", "\u201d\n"]
    return "".join(p + rng.choice(seps) for p in pieces)


texts = st.one_of(
    unicode_text,
    special_text,
    shuffled_articles(),
    st.tuples(shuffled_articles(), unicode_text, special_text).map(lambda t: "".join(t)),
)

SETTINGS = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def check_spans(text, table, span_of):
    starts = table["start"].tolist()
    ends = table["end"].tolist()
    assert starts == sorted(starts)
    for i, (s, e) in enumerate(zip(starts, ends)):
        assert 0 <= s < e <= len(text)
        assert text[s:e] == span_of(table.iloc[i])


def no_overlap_of_same(table, column):
    last_end: dict[str, int] = {}
    for s, e, value in zip(table["start"], table["end"], table[column]):
        key = value.lower()
        assert s >= last_end.get(key, -1), f"{value!r} overlaps itself"
        last_end[key] = e


@SETTINGS
@given(texts)
def test_hedges_spans(text):
    found = medialit.find_hedges(text)
    check_spans(text, found, lambda r: r["cue"])
    assert set(found["kind"]) <= {"hedge", "booster"}
    no_overlap_of_same(found, "cue")


@SETTINGS
@given(texts)
def test_attribution_spans(text):
    found = medialit.find_attributions(text)
    check_spans(text, found, lambda r: r["source"] or r["cue"])
    assert set(found["source_type"]) <= {"named", "anonymous", "vague"}
    assert (found["cue"].str.len() > 0).all()


@SETTINGS
@given(texts)
def test_specific_and_access_spans(text):
    found = medialit.find_specifics(text)
    check_spans(text, found, lambda r: r["text"])
    assert set(found["kind"]) <= {"date", "number", "quote", "superlative"}
    no_overlap_of_same(found, "text")
    access = medialit.find_access_claims(text)
    check_spans(text, access, lambda r: r["cue"])
    no_overlap_of_same(access, "cue")


@SETTINGS
@given(texts)
def test_sentences_and_labels(text):
    sents = medialit.sentences(text)
    check_spans(text, sents, lambda r: r["text"])
    assert (sents["start"].iloc[1:].to_numpy() >= sents["end"].iloc[:-1].to_numpy()).all()
    labels = medialit.label_sentences(text)
    assert labels[["start", "end", "text"]].equals(sents[["start", "end", "text"]])
    assert set(labels["source_type"]) <= {"named", "anonymous", "vague", "none", "na"}


@SETTINGS
@given(shuffled_articles())
def test_curly_quotes_bom_and_crlf_do_not_change_results(text):
    straight = text.translate(str.maketrans({"\u2018": "'", "\u2019": "'", "\u201c": '"', "\u201d": '"'}))
    messy = "\ufeff" + straight.replace("\r\n", "\n").replace("\n", "\r\n")
    clean = straight.replace("\r\n", "\n")
    for fn, col in (
        (medialit.find_hedges, "cue"),
        (medialit.find_specifics, "text"),
        (medialit.find_access_claims, "cue"),
    ):
        a = fn(text)
        b = fn(straight)
        # same length, same offsets; only the quote characters differ
        assert a[["start", "end"]].equals(b[["start", "end"]])
        c = fn(clean)[col].tolist()
        d = fn(messy)[col].tolist()
        assert [x.replace("\r", "") for x in d] == c
