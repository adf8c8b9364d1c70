"""Tests for medialit.compare: profile, shared_phrases, unique_specifics."""
from __future__ import annotations

import re

import pandas as pd
import pytest

import medialit
from medialit import compare
from medialit.errors import ArticleInputError, MedialitError

API_PROFILE_COLUMNS = (
    "article_id, words, sentences, hedges, boosters, hedges_per_100_words, boosters_per_100_words, "
    "n_named, n_anonymous, n_vague, n_none, n_na, share_named, share_anonymous, share_vague, "
    "share_none, share_na, unsupported_specifics, access_claims"
).split(", ")
SOURCE_TYPES = ["named", "anonymous", "vague", "none", "na"]


@pytest.fixture(scope="module")
def corpus():
    return medialit.load_corpus()


@pytest.fixture(scope="module")
def prof(corpus):
    return medialit.profile(corpus)


@pytest.fixture(scope="module")
def shared(corpus):
    return medialit.shared_phrases(corpus)


def words_of(text: str) -> list[str]:
    return re.findall(r"[^\W_]+(?:['\-][^\W_]+)*", medialit.normalize(text).lower())


def make_corpus(**bodies: str) -> pd.DataFrame:
    return pd.DataFrame({"article_id": list(bodies), "body": list(bodies.values())})


# --------------------------------------------------------------------------- profile

def test_profile_has_the_documented_columns_and_types(prof, corpus):
    assert list(prof.columns) == API_PROFILE_COLUMNS
    assert list(prof["article_id"]) == sorted(corpus["article_id"])
    for col in API_PROFILE_COLUMNS[1:]:
        kind = "f" if col.startswith("share_") or "_per_100_" in col else "i"
        assert prof[col].dtype.kind == kind, col


def test_profile_shares_sum_to_one_and_match_counts(prof):
    shares = prof[[f"share_{t}" for t in SOURCE_TYPES]].sum(axis=1)
    assert shares.tolist() == pytest.approx([1.0] * len(prof), abs=1e-9)
    counts = prof[[f"n_{t}" for t in SOURCE_TYPES]].sum(axis=1)
    assert (counts == prof["sentences"]).all()
    for t in SOURCE_TYPES:
        assert (prof[f"share_{t}"] == prof[f"n_{t}"] / prof["sentences"]).all()


def test_profile_counts_agree_with_the_detectors(prof, corpus):
    for aid, body in zip(corpus["article_id"], corpus["body"]):
        row = prof.set_index("article_id").loc[aid]
        hedges = medialit.find_hedges(body)
        n_hedge = int((hedges["kind"] == "hedge").sum())
        assert row["hedges"] == n_hedge
        assert row["boosters"] == int((hedges["kind"] == "booster").sum())
        assert row["words"] == medialit.word_count(body)
        assert row["hedges_per_100_words"] == round(100 * n_hedge / row["words"], 2)
        labels = medialit.label_sentences(body)
        assert row["sentences"] == len(labels)
        assert row["n_anonymous"] == int((labels["source_type"] == "anonymous").sum())
        specs = medialit.find_specifics(body)
        assert row["unsupported_specifics"] == int((~specs["supported"].astype(bool)).sum())
        assert row["access_claims"] == int(labels["access_claim"].sum())  # sentences, as the key counts
        assert row["access_claims"] <= len(medialit.find_access_claims(body))


def test_profile_is_deterministic_and_ignores_row_order(corpus, prof):
    shuffled = corpus.sample(frac=1, random_state=3)
    pd.testing.assert_frame_equal(medialit.profile(shuffled), prof)


def test_profile_with_stand_in_detectors(monkeypatch):
    """Exact numbers on a tiny text, with detectors we control."""
    text = "It may rain. Officials said so. Clearly it will."
    from medialit.labels import Analysis

    stand_ins = Analysis(
        labels=pd.DataFrame({"start": [0, 13, 32], "end": [12, 31, 48], "text": ["a", "b", "c"],
                             "hedge": [True, False, False], "booster": [False, False, True],
                             "source_type": ["none", "vague", "none"],
                             "unsupported_specific": [False, False, False], "access_claim": [False] * 3}),
        hedge_records=[
            {"start": 3, "end": 6, "cue": "may", "kind": "hedge", "category": "modal", "explanation": ""},
            {"start": 36, "end": 43, "cue": "Clearly", "kind": "booster", "category": "certainty", "explanation": ""},
        ],
        attribution_records=[],
        specific_records=[
            {"start": 0, "end": 2, "text": "x", "kind": "number", "supported": False},
            {"start": 5, "end": 7, "text": "y", "kind": "date", "supported": True},
        ],
        access_records=[],
    )
    monkeypatch.setattr("medialit.labels.analyse", lambda t: stand_ins)
    row = medialit.profile(make_corpus(x=text)).iloc[0]
    assert row["words"] == 9
    assert (row["hedges"], row["boosters"]) == (1, 1)
    assert row["hedges_per_100_words"] == 11.11  # 100 / 9, rounded to 2 decimals
    assert (row["n_none"], row["n_vague"], row["n_named"]) == (2, 1, 0)
    assert row["share_none"] == pytest.approx(2 / 3)
    assert row["unsupported_specifics"] == 1
    assert row["access_claims"] == 0


def test_profile_of_an_empty_article_has_zeros_not_errors():
    row = medialit.profile(make_corpus(empty="")).iloc[0]
    assert row["words"] == 0 and row["sentences"] == 0
    assert row["hedges_per_100_words"] == 0.0
    assert row[[f"share_{t}" for t in SOURCE_TYPES]].sum() == 0.0


def test_profile_of_an_empty_corpus_is_an_empty_frame_with_columns():
    out = medialit.profile(pd.DataFrame(columns=["article_id", "body"]))
    assert out.empty
    assert list(out.columns) == API_PROFILE_COLUMNS


@pytest.mark.parametrize(
    "bad, fragment",
    [
        ("just a string", "DataFrame"),
        (pd.DataFrame({"article_id": ["a"]}), "body"),
        (pd.DataFrame({"article_id": ["a", "a"], "body": ["x", "y"]}), "more than once"),
        (pd.DataFrame({"article_id": ["a"], "body": [None]}), "not text"),
    ],
)
def test_bad_corpus_gives_a_named_error(bad, fragment):
    for func in (medialit.profile, medialit.shared_phrases, medialit.unique_specifics):
        with pytest.raises(ArticleInputError, match=fragment):
            func(bad)


# --------------------------------------------------------------------------- shared phrases

def test_shared_phrases_columns_and_sort_order(shared):
    assert list(shared.columns) == ["phrase", "articles", "n_articles", "words"]
    keys = list(zip(-shared["n_articles"], -shared["words"], shared["phrase"]))
    assert keys == sorted(keys)
    for arts, n in zip(shared["articles"], shared["n_articles"]):
        ids = arts.split(", ")
        assert len(ids) == n >= 2 and ids == sorted(set(ids))


def test_shared_phrases_finds_the_common_opening_of_001_and_002(shared, corpus):
    opening = "In a rare and meticulously curated message released by the Pyongyang Central News Agency (CTAK)"
    rows = shared[shared["phrase"].str.startswith(opening)]
    assert len(rows) == 1
    assert rows.iloc[0]["articles"] == "001, 002"
    bodies = corpus.set_index("article_id")["body"]
    assert opening in bodies["001"] and opening in bodies["002"]


@pytest.mark.parametrize(
    "words",
    ["heroic participation of North Korean military personnel",
     "liberation of the Kursk region from invaders",
     "unbreakable friendship and combat brotherhood"],
)
def test_shared_phrases_finds_the_repeated_wire_wording(shared, words):
    key = " ".join(words_of(words))
    hits = [p for p in shared["phrase"] if key in " ".join(words_of(p))]
    assert hits, f"no shared phrase contains {words!r}"


def test_no_phrase_is_shorter_than_min_words(corpus, shared):
    assert (shared["words"] >= 8).all()
    assert [len(words_of(p)) for p in shared["phrase"]] == shared["words"].tolist()
    longer = medialit.shared_phrases(corpus, min_words=12)
    assert (longer["words"] >= 12).all()
    assert len(longer) < len(shared)


def test_every_shared_phrase_is_really_in_each_listed_article(corpus):
    spans = compare.shared_phrase_spans(corpus)
    bodies = corpus.set_index("article_id")["body"]
    assert not spans.empty
    for row in spans.itertuples():
        assert " ".join(bodies[row.article_id][row.start:row.end].split()) == row.text
        mine, theirs = words_of(row.phrase), words_of(row.text)
        # near-verbatim: same length give or take a word, most words in common
        assert abs(len(mine) - len(theirs)) <= max(1, len(mine) // 8)
        assert len(set(mine) & set(theirs)) >= 0.75 * len(set(mine))


def test_phrases_are_maximal_not_every_overlapping_ngram(shared):
    by_group = shared.groupby("articles")["phrase"].apply(list)
    for phrases in by_group:
        keys = [" " + " ".join(words_of(p)) + " " for p in phrases]
        for i, a in enumerate(keys):
            for j, b in enumerate(keys):
                assert i == j or a not in b, f"{a!r} is inside {b!r} for the same articles"


def test_one_changed_word_still_counts_as_shared():
    a = "Officials said the ‘heroic participation’ of the northern engineers in clearing the fields was decisive for everyone."
    b = "Then the heroic participation of the Northern sappers in clearing the fields was decisive for everyone, they said."
    out = medialit.shared_phrases(make_corpus(a=a, b=b))
    assert len(out) == 1
    row = out.iloc[0]
    assert row["articles"] == "a, b"
    assert row["phrase"].startswith("the ‘heroic participation’ of the northern engineers")
    assert row["words"] == 15


def test_a_dropped_article_still_counts_as_shared():
    a = "Reports say that the troops of the unit cleared the fields near the border before the winter came."
    b = "Reports say that troops of the unit cleared the fields near the border before the winter came."
    out = medialit.shared_phrases(make_corpus(a=a, b=b))
    assert out["words"].tolist() == [18]  # every word of a


def test_two_neighbouring_changes_break_a_phrase():
    a = "one two three four five six seven eight nine ten eleven twelve"
    b = "one two three four five sixty seventy eight nine ten eleven twelve"
    out = medialit.shared_phrases(make_corpus(a=a, b=b), min_words=5)
    assert out["phrase"].tolist() == ["eight nine ten eleven twelve", "one two three four five"]


def test_a_phrase_in_three_articles_is_reported_once_with_all_three():
    core = "the liberation of the Kursk region from invaders was praised"
    corpus = make_corpus(a=f"First {core} loudly.", b=f"Second {core} quietly.", c=f"Third {core} again.")
    out = medialit.shared_phrases(corpus)
    assert out[["articles", "n_articles", "words"]].values.tolist() == [["a, b, c", 3, 10]]


def test_case_and_curly_quotes_do_not_matter():
    a = "He praised the ‘Heroic Participation’ of North Korean military personnel in Russia."
    b = 'he praised the "heroic participation" of north korean military personnel in russia.'
    out = medialit.shared_phrases(make_corpus(a=a, b=b))
    assert out["words"].tolist() == [12]


def test_shared_phrases_of_empty_or_single_corpus_are_empty_with_columns(corpus):
    for c in (pd.DataFrame(columns=["article_id", "body"]), corpus.iloc[:1]):
        out = medialit.shared_phrases(c)
        assert out.empty and list(out.columns) == ["phrase", "articles", "n_articles", "words"]


@pytest.mark.parametrize("bad", [0, 2, 2.5, "8", True])
def test_bad_min_words(bad, corpus):
    with pytest.raises(MedialitError, match="min_words"):
        medialit.shared_phrases(corpus, min_words=bad)


# --------------------------------------------------------------------------- unique specifics

def test_unique_specifics_are_stated_by_one_article_only(corpus):
    out = medialit.unique_specifics(corpus)
    assert list(out.columns) == ["article_id", "text", "kind", "supported"]
    assert out["supported"].dtype == bool
    assert not out.empty
    keys = {aid: " " + " ".join(words_of(b)) + " " for aid, b in zip(corpus["article_id"], corpus["body"])}
    for row in out.itertuples():
        key = " " + " ".join(words_of(row.text)) + " "
        assert key in keys[row.article_id]
        assert all(key not in body for aid, body in keys.items() if aid != row.article_id), row.text
    # and every specific left out is found in some other article
    for aid, body in zip(corpus["article_id"], corpus["body"]):
        listed = set(out.loc[out["article_id"] == aid, "text"].map(lambda t: " ".join(words_of(t))))
        for text in medialit.find_specifics(body)["text"]:
            key = " ".join(words_of(text))
            if key and key not in listed:
                assert any(f" {key} " in other for o, other in keys.items() if o != aid), text


def test_unique_specifics_with_stand_in_detector(monkeypatch):
    def fake(text):
        rows = [(m.start(), m.end(), m.group(), "number", False) for m in re.finditer(r"\d[\d,]*", text)]
        return pd.DataFrame(rows, columns=["start", "end", "text", "kind", "supported"])

    monkeypatch.setattr("medialit.specifics.find_specifics", fake)
    corpus = make_corpus(a="We saw 1,500 troops and 42 tanks, then 42 more.", b="About 1,500 troops came.")
    out = medialit.unique_specifics(corpus)
    assert out[["article_id", "text"]].values.tolist() == [["a", "42"]]


def test_unique_specifics_of_an_empty_corpus():
    out = medialit.unique_specifics(pd.DataFrame(columns=["article_id", "body"]))
    assert out.empty and list(out.columns) == ["article_id", "text", "kind", "supported"]
