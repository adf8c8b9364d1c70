"""The plain-Python question logic: checking, partial credit and feedback wording."""
import pandas as pd
import pytest

import medialit
from medialit.quiz import model
from medialit.quiz.model import (
    CORRECT_MARK,
    WRONG_MARK,
    Evidence,
    LabelItem,
    LabelSentences,
    MultipleChoice,
    NumberQuestion,
    SingleChoice,
    SpotWords,
)

EVIDENCE = [Evidence("002", "reportedly includes")]
SENTENCE = ("The message, which reportedly includes a detailed account of North Korean sapper "
            "units’ efforts in the Kursk region, is notable for its precision.")


def common(**extra):
    base = dict(id="t-1", type="single", topic="hedges", prompt="Pick one", explanation="Because.",
                evidence=EVIDENCE, hints=["first hint", "second hint"])
    base.update(extra)
    return base


def spot(answer, sentence=SENTENCE):
    return SpotWords(**common(type="spot"), target="hedges", article="002", sentence=sentence, answer=answer)


def test_single_choice_right_wrong_and_empty():
    q = SingleChoice(**common(), choices=["a named official", "some analysts"], answer="a named official")
    assert q.check("a named official").correct
    wrong = q.check("some analysts")
    assert not wrong.correct and wrong.score == 0 and wrong.verdict == WRONG_MARK
    assert "some analysts" in wrong.details[0]
    empty = q.check(None)
    assert not empty.attempted and "Choose" in empty.details[0]
    assert not q.check("not a choice").attempted


def test_multiple_choice_gives_partial_credit_and_names_wrong_ticks():
    q = MultipleChoice(**common(type="multiple"), choices=["x", "y", "z"], answer=["x", "y"])
    assert q.check(["y", "x"]).correct
    half = q.check(["x"])
    assert not half.correct and half.score == pytest.approx(0.5)
    assert any("left out 1" in d for d in half.details)
    mixed = q.check(["x", "z"])
    assert mixed.score == 0 and any("“z”" in d for d in mixed.details)
    assert not q.check([]).attempted
    assert q.answer_text() == "x; y"


def test_tokenize_keeps_offsets_and_splits_after_dashes():
    sentence = "Putin’s praise for the ‘liberation’ of Kursk—framed as a ‘triumph’"
    tokens = model.tokenize(sentence)
    assert all(sentence[s:e] == t for s, e, t in tokens)
    texts = [t for _, _, t in tokens]
    assert "Kursk—" in texts and "framed" in texts
    assert model.word_core("‘liberation’") == "liberation"


def test_spot_words_scores_partial_credit_and_names_missed_and_wrong_words():
    q = spot(["reportedly", "detailed account"])
    tokens = q.tokens
    i_rep = tokens.index("reportedly")
    i_det, i_acc = tokens.index("detailed"), tokens.index("account")
    assert q.expected_indices() == {i_rep, i_det, i_acc}

    full = q.check([i_rep, i_det, i_acc])
    assert full.correct and full.score == 1 and full.verdict == CORRECT_MARK

    partial = q.check([i_rep])
    assert not partial.correct and partial.score == pytest.approx(1 / 3)
    assert partial.verdict.startswith("◑ Partly right") and "✘" in partial.verdict
    assert any("missed" in d and "detailed account" in d for d in partial.details)

    i_msg = tokens.index("message,")
    wrong = q.check([i_rep, i_msg])
    assert any("“message”" in d for d in wrong.details)
    assert wrong.score == 0  # one hit minus one wrong mark

    assert q.check(["reportedly", "detailed account"]).correct  # words work as well as indices
    assert not q.check([]).attempted
    with pytest.raises(IndexError):
        q.check([len(tokens)])


def test_spot_words_ignores_quotes_and_case_and_marks_every_occurrence():
    sentence = "‘Reportedly’ it is so, and reportedly it was."
    q = spot(["reportedly"], sentence)
    assert len(q.expected_indices()) == 2
    assert not q.check([0]).correct
    assert q.missing_answer_words() == []
    assert spot(["allegedly"], sentence).missing_answer_words() == ["allegedly"]


def test_label_sentences_partial_credit_without_revealing_labels():
    items = [LabelItem("001", "s one", "anonymous"), LabelItem("004", "s two", "named"),
             LabelItem("002", "s three", "vague")]
    q = LabelSentences(**common(type="label"), items=items)
    assert q.check(["anonymous", "named", "vague"]).correct
    r = q.check(["anonymous", "vague", None])
    assert r.score == pytest.approx(1 / 3)
    assert any(d.startswith("Sentence 2") and "vague" in d for d in r.details)
    assert any(d.startswith("Sentence 3") and "no label" in d for d in r.details)
    assert not any("named" in d for d in r.details)  # the right label stays hidden
    assert not q.check([None, None, None]).attempted


def test_number_with_a_fixed_answer_and_tolerance():
    q = NumberQuestion(**common(type="number"), answer=2.5, tolerance=0.25)
    assert q.check("2,7").correct  # a decimal comma is accepted
    assert q.check(2.25).correct
    low = q.check("1")
    assert not low.correct and "too low" in low.details[0]
    assert not q.check("").attempted
    assert not q.check("two").attempted


def test_number_compute_path_uses_medialit_profile_lazily(monkeypatch):
    calls = []
    corpus = pd.DataFrame({"article_id": ["001", "002"], "body": ["a", "b"]})

    def fake_profile(frame):
        calls.append(frame)
        return pd.DataFrame({"article_id": ["001", "002"], "hedges_per_100_words": [1.0, 3.14]})

    monkeypatch.setattr(medialit, "profile", fake_profile, raising=False)
    monkeypatch.setattr(medialit, "load_corpus", lambda: corpus, raising=False)
    spec = {"compute": "profile", "article": "002", "column": "hedges_per_100_words"}
    q = NumberQuestion(**common(type="number"), answer=spec, tolerance=0.5)
    assert calls == []  # building the question computes nothing
    assert q.check("3").correct
    assert calls[0] is corpus
    assert not q.check("4").correct
    assert len(calls) == 1  # computed once, then kept
    assert "3.14" in q.answer_text() and "profile" in q.answer_text()


def test_number_compute_for_an_unknown_article_fails_clearly(monkeypatch):
    monkeypatch.setattr(medialit, "profile",
                        lambda frame: pd.DataFrame({"article_id": ["001"], "hedges": [1]}), raising=False)
    monkeypatch.setattr(medialit, "load_corpus", lambda: pd.DataFrame(), raising=False)
    q = NumberQuestion(**common(type="number"), tolerance=0,
                       answer={"compute": "profile", "article": "009", "column": "hedges"})
    with pytest.raises(LookupError, match="009"):
        q.expected()


def test_profile_columns_match_the_documented_contract():
    import re
    from pathlib import Path

    api = (Path(__file__).resolve().parent.parent / "docs" / "api.md").read_text(encoding="utf-8")
    block = api.split("`profile(corpus)`", 1)[1].split("Shares are", 1)[0]
    documented = re.findall(r"\b[a-z]+_[a-z_0-9]+|\bwords\b|\bsentences\b|\bhedges\b|\bboosters\b", block)
    assert set(model.PROFILE_COLUMNS) == set(documented) - {"article_id"}
