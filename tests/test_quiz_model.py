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
    assert mixed.score == 0 and any("1 of your ticks is not right" in d for d in mixed.details)
    assert not any("“z”" in d for d in mixed.details)  # which tick is wrong stays hidden
    assert not q.check([]).attempted
    assert q.answer_text() == "x; y"


def test_tokenize_keeps_offsets_and_splits_after_dashes():
    sentence = "Putin’s praise for the ‘liberation’ of Kursk—framed as a ‘triumph’"
    tokens = model.tokenize(sentence)
    assert all(sentence[s:e] == t for s, e, t in tokens)
    texts = [t for _, _, t in tokens]
    assert "Kursk—" in texts and "framed" in texts
    assert model.word_core("‘liberation’") == "liberation"


def test_spot_words_scores_partial_credit_without_naming_the_missed_words():
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
    assert any("found 1 of 2 hedges" in d for d in partial.details)
    assert not any("detailed" in d or "account" in d for d in partial.details)  # the missed words stay hidden

    i_msg = tokens.index("message,")
    wrong = q.check([i_rep, i_msg])
    assert any("“message”" in d for d in wrong.details)  # the student's own wrong mark is named
    assert wrong.score == pytest.approx(1 / 4)  # 1 right of the 4 words that are right or marked

    assert q.check(["reportedly", "detailed account"]).correct  # words work as well as indices
    assert not q.check([]).attempted
    with pytest.raises(IndexError):
        q.check([len(tokens)])


def test_one_extra_click_on_a_one_word_target_keeps_half_the_credit():
    """Issue 10 (n07-03): the old rule (right - wrong) / expected gave 0 here."""
    q = spot(["reportedly"])
    target = q.tokens.index("reportedly")
    extra = q.check([target, 0])
    assert not extra.correct and extra.score == pytest.approx(0.5)
    everything = q.check(range(len(q.tokens)))  # clicking every word is not rewarded
    assert everything.score == pytest.approx(1 / len(q.tokens)) and everything.score < 0.1
    assert q.check([0]).score == 0


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
    assert any("1 of your 2 labels is not right yet" in d for d in r.details)
    assert not any("vague" in d for d in r.details)  # which label is wrong stays hidden
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


@pytest.mark.parametrize("typed", ["1544", "1,544", "1 544", " 1544 ", "1544 words", "1,544 words",
                                   "1\u00a0544", "1544."])
def test_thousands_separators_spaces_and_a_unit_word_are_accepted(typed):
    q = NumberQuestion(**common(type="number"), answer=1544, tolerance=0)
    result = q.check(typed)
    assert result.correct, (typed, result.details)


@pytest.mark.parametrize("typed", ["1,5443", "1.544,5", "12 34", "1,54,4", "1 544,5"])
def test_ambiguous_numbers_get_a_message_saying_what_form_is_expected(typed):
    q = NumberQuestion(**common(type="number"), answer=1544, tolerance=0)
    result = q.check(typed)
    assert not result.attempted  # not counted as a wrong attempt
    assert "more than one way" in result.details[0] and "1,544" in result.details[0] and "1544" in result.details[0]


def test_number_parsing_rules():
    assert model.parse_number("2,5").value == 2.5
    assert model.parse_number("1,544.5").value == 1544.5
    assert model.parse_number("1,544,000").value == 1544000
    assert model.parse_number("2.5 per 100 words").value == 2.5
    assert model.parse_number("50%").value == 50
    assert model.parse_number("1e3").value is None  # a letter straight after the digits is not a unit
    assert model.parse_number("   ").empty and model.parse_number(None).empty


def test_scores_counts_and_choice_orders_for_people():
    assert model.format_score(4 / 3) == "1.3" and model.format_score(2.0) == "2" and model.format_score(0.5) == "0.5"
    assert model.plural(1, "sentence") == "1 sentence" and model.plural(2, "sentence") == "2 sentences"
    assert model.format_number(1544) == "1,544" and model.format_number(2.75) == "2.75"


def test_choices_are_shuffled_stably_per_student_and_question():
    choices = [f"option {i}" for i in range(6)]
    q = SingleChoice(**common(id="shuffle-1"), choices=choices, answer="option 0")
    first = q.display_choices("student-a")
    assert sorted(first) == sorted(choices)
    assert q.display_choices("student-a") == first  # a reopened quiz looks the same
    orders = {tuple(q.display_choices(f"student-{n}")) for n in range(20)}
    assert len(orders) > 5  # different students see different orders
    other = SingleChoice(**common(id="shuffle-2"), choices=choices, answer="option 0")
    assert any(other.display_choices(f"s{n}") != q.display_choices(f"s{n}") for n in range(5))
    positions = [q.display_choices(f"student-{n}").index("option 0") for n in range(60)]
    assert len(set(positions)) == 6  # the key is not stuck in one place
    assert q.choices == choices  # the bank's own list is left alone


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
