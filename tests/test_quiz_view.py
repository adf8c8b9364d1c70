"""Drive the quiz widgets the way a student would: set values, click buttons."""
import copy
from html import escape

import pandas as pd
import pytest
import yaml

import medialit
from medialit.quiz import build_quiz, load_bank, progress_summary
from medialit.quiz.model import CORRECT_MARK, WRONG_MARK
from medialit.quiz.progress import ProgressStore
from medialit.quiz.view import QuizView


@pytest.fixture
def quiz(store):
    return build_quiz("_demo", store=store)


@pytest.fixture
def fake_profile(monkeypatch):
    """Stand-in for medialit.profile so the compute path is tested on its own."""
    table = pd.DataFrame({"article_id": ["000", "001", "002", "003", "004"],
                          "hedges_per_100_words": [0.5, 1.0, 2.75, 0.25, 0.1]})
    monkeypatch.setattr(medialit, "profile", lambda corpus: table, raising=False)
    monkeypatch.setattr(medialit, "load_corpus", lambda: pd.DataFrame(), raising=False)
    return table


def wrong_choice(question):
    return next(c for c in question.choices if c != question.answer)


def test_single_choice_wrong_then_right_with_feedback_and_saved_progress(quiz, store):
    view = quiz.view("demo-single")
    q = view.question
    assert not view.control.can_reveal  # no "Show answer" before a wrong attempt

    view.control.value = wrong_choice(q)
    view.press("check")
    assert WRONG_MARK in view.control.feedback_html
    # a first wrong try explains the idea but gives away neither the answer nor the explanation
    assert "Think about it" in view.control.feedback_html and escape(q.idea()) in view.control.feedback_html
    assert escape(q.explanation) not in view.control.feedback_html
    assert escape(q.answer) not in view.control.feedback_html and q.answer not in view.control.feedback_html
    assert escape(q.evidence[0].quote) not in view.control.feedback_html
    assert view.control.answer_html == ""
    assert view.control.can_reveal  # now offered

    view.control.value = q.answer
    view.press("check")
    assert CORRECT_MARK in view.control.feedback_html and "attempt 2" in view.control.feedback_html
    assert escape(q.explanation) in view.control.feedback_html  # a right answer is explained with its evidence
    assert escape(q.evidence[0].quote) in view.control.feedback_html and "Article 004" in view.control.feedback_html
    assert not view.control.can_reveal

    entry = store.answers("_demo")["demo-single"]
    assert entry["attempts"] == 2 and entry["correct"] and entry["last_answer"] == q.answer
    assert "Score so far: 1 of 5" in quiz.score.value


def test_nothing_selected_is_not_recorded(quiz, store):
    view = quiz.view("demo-single")
    view.press("check")
    assert "Not answered yet" in view.control.feedback_html
    assert store.answers("_demo") == {}


def test_hints_come_one_at_a_time_and_show_answer_reveals_and_is_recorded(quiz, store):
    view = quiz.view("demo-single")
    q = view.question
    assert len(q.hints) == 2
    view.press("hint")
    assert escape(q.hints[0]) in view.control.hints_html and escape(q.hints[1]) not in view.control.hints_html
    assert "Hint 1 of 2" in view.control.hints_html and view.control.can_hint
    view.press("hint")
    assert escape(q.hints[1]) in view.control.hints_html and not view.control.can_hint

    view.control.value = wrong_choice(q)
    view.press("check")
    view.press("answer")
    view.press("answer")  # pressing twice shows the answer once
    page = view.control.hints_html + view.control.feedback_html + view.control.answer_html
    assert page.count("<strong>Answer:</strong>") == 1 and page.count(escape(q.answer)) == 1
    assert escape(q.explanation) in view.control.answer_html
    assert escape(q.hints[1]) in view.control.hints_html  # the hints stay where they were
    assert "💡" not in page  # hint labels are text, not an emoji missing from default fonts
    assert store.answers("_demo")["demo-single"]["revealed"] is True


def test_spot_the_words_feedback_names_wrong_marks_but_not_the_missed_word(quiz, store):
    view = quiz.view("demo-spot")
    q = view.question
    target = q.tokens.index("reportedly")
    view.control.value = [0]  # "This": not a hedge
    view.press("check")
    assert WRONG_MARK in view.control.feedback_html
    assert "found 0 of 1 hedge" in view.control.feedback_html and "reportedly" not in view.control.feedback_html
    assert "“this”" in view.control.feedback_html

    view.control.value = [target]
    view.press("check")
    assert CORRECT_MARK in view.control.feedback_html
    assert store.answers("_demo")["demo-spot"]["last_answer"] == [target]


def test_multiple_choice_partial_credit_in_the_widget(quiz, store):
    view = quiz.view("demo-multiple")
    q = view.question
    view.control.value = [q.answer[0]]
    view.press("check")
    assert "Partly right (50%)" in view.control.feedback_html and "✘" in view.control.feedback_html
    assert store.answers("_demo")["demo-multiple"]["best_score"] == 0.5


def test_label_dropdowns(quiz, store):
    view = quiz.view("demo-label")
    q = view.question
    assert view.current_answer() == [None, None]
    assert [s["text"] for s in view.control.spec["sentences"]] == [i.sentence for i in q.items]
    wrong = "anonymous" if q.items[1].answer != "anonymous" else "vague"
    view.control.value = [q.items[0].answer, wrong]
    view.press("check")
    assert "Partly right (50%)" in view.control.feedback_html and "1 of your 2 labels is not right yet" in view.control.feedback_html
    view.control.value = [q.items[0].answer, q.items[1].answer]
    view.press("check")
    assert CORRECT_MARK in view.control.feedback_html


def test_number_question_checks_against_the_computed_profile(quiz, store, fake_profile):
    view = quiz.view("demo-number")
    expected = float(fake_profile.set_index("article_id").loc["002", "hedges_per_100_words"])
    view.control.value = str(expected + 3)
    view.press("check")
    assert WRONG_MARK in view.control.feedback_html and "too high" in view.control.feedback_html
    view.control.value = str(expected + 0.4)  # inside the 0.5 tolerance
    view.press("check")
    assert CORRECT_MARK in view.control.feedback_html


def test_number_question_when_the_toolkit_fails_shows_a_message_and_saves_nothing(quiz, store, monkeypatch):
    def not_ready(corpus):
        raise NotImplementedError("profile is not written yet")

    monkeypatch.setattr(medialit, "profile", not_ready, raising=False)
    monkeypatch.setattr(medialit, "load_corpus", lambda: pd.DataFrame(), raising=False)
    view = quiz.view("demo-number")
    view.control.value = "2"
    view.press("check")
    assert "cannot be checked right now" in view.control.feedback_html and "not written yet" in view.control.feedback_html
    assert "demo-number" not in store.answers("_demo")


def test_reopening_shows_saved_answers_and_the_score_so_far(store):
    first = build_quiz("_demo", store=store)
    spot = first.view("demo-spot")
    spot.control.value = [spot.question.tokens.index("reportedly")]
    spot.press("check")
    single = first.view("demo-single")
    single.control.value = wrong_choice(single.question)
    single.press("check")

    again = build_quiz("_demo", store=store)  # a new kernel session reading the same file
    assert "Score so far: 1 of 5" in again.score.value and "2 of 5 answered" in again.score.value
    reopened_spot = again.view("demo-spot")
    assert reopened_spot.control.value == spot.control.value == [spot.question.tokens.index("reportedly")]
    assert "answered correctly before" in reopened_spot.control.status_html
    reopened_single = again.view("demo-single")
    assert reopened_single.control.value == single.control.value
    assert "✘" in reopened_single.control.status_html
    assert reopened_single.control.can_reveal


def test_selected_ids_only(store):
    quiz = build_quiz("_demo", ids=["demo-spot", "demo-single"], store=store)
    assert [v.question.id for v in quiz.views] == ["demo-spot", "demo-single"]


def test_every_question_is_drawn_by_the_accessible_front_end(quiz):
    """The browser side is tested in tests/test_browser_a11y.py; here: what Python hands it."""
    from medialit.quiz.view import STATIC, QuestionControl

    script = (STATIC / "question.js").read_text(encoding="utf-8")
    for needed in ("data-lm-suppress-shortcuts", 'role: "radiogroup"', "aria-pressed", 'aria-live": "polite"',
                   "aria-labelledby"):
        assert needed in script, needed
    for view in quiz.views:
        assert isinstance(view.box, QuestionControl)
        spec = view.control.spec
        assert spec["qid"] == view.question.id and spec["prompt"] == view.question.prompt
        assert spec["kind"] == view.question.type and spec["kind_name"]


def test_a_value_of_the_wrong_shape_from_the_browser_counts_as_no_answer(quiz, store):
    for qid, junk in [("demo-single", ["x"]), ("demo-multiple", "not a list"), ("demo-spot", [True, -1, 999, "2"]),
                      ("demo-label", {"a": 1}), ("demo-single", "a choice that is not offered")]:
        view = quiz.view(qid)
        view.control.value = junk
        view.press("check")
        assert "Not answered yet" in view.control.feedback_html or "not" in view.control.feedback_html.lower(), qid
    assert store.answers("_demo") == {}


def test_an_unknown_button_press_does_nothing(quiz, store):
    view = quiz.view("demo-single")
    view.control._on_message(view.control, {"press": "delete everything"}, [])
    view.control._on_message(view.control, "not a dict", [])
    assert view.control.feedback_html == "" and store.answers("_demo") == {}


def test_every_verdict_hint_and_answer_is_said_in_the_live_region(quiz):
    view = quiz.view("demo-single")
    said = []
    view.control.observe(lambda change: said.append(view.control.announce), names="announce_serial")
    view.press("check")
    assert "Not answered yet" in said[-1]
    view.control.value = wrong_choice(view.question)
    view.press("check")
    assert WRONG_MARK in said[-1] and "Think about it" in said[-1] and view.question.answer not in said[-1]
    view.press("hint")
    assert said[-1] == f"Hint 1 of 2: {view.question.hints[0]}"
    view.press("hint")
    view.press("hint")  # no more hints: said, and the button is not disabled under the student's focus
    assert said[-1].startswith("No more hints") and not view.control.can_hint
    view.press("answer")
    assert said[-1].startswith(f"Answer: {view.question.answer}")
    assert "<" not in "".join(said)


def test_display_bundle_has_widget_and_escaped_fallback_without_answers(tmp_path):
    data = yaml.safe_load((medialit.quiz.bank.quizzes_dir() / "_demo.yaml").read_text(encoding="utf-8"))
    data = copy.deepcopy(data)
    data["notebook"] = "escape_check"
    data["title"] = "<script>alert(1)</script> & co"
    data["questions"][0]["prompt"] = "Is <b>this</b> bold?"
    path = tmp_path / "escape_check.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    bank = load_bank(path)
    bundle = QuizView(bank, bank.questions, ProgressStore(tmp_path / "p.json", enabled=False))._repr_mimebundle_()
    assert set(bundle) == {"application/vnd.jupyter.widget-view+json", "text/html", "text/plain"}
    page = bundle["text/html"]
    assert "<script>" not in page and "&lt;script&gt;" in page and "&lt;b&gt;this&lt;/b&gt;" in page
    assert "open this notebook in JupyterLab" in page and "open this notebook in JupyterLab" in bundle["text/plain"]
    for q in bank.questions:
        assert escape(q.explanation) not in page and q.explanation not in bundle["text/plain"]
        for hint in q.hints:
            assert escape(hint) not in page
    assert escape(bank.by_id["demo-spot"].sentence) in page


def test_progress_summary_widget(store):
    store.record("_demo", "demo-single", "x", True, 1.0)
    summary = progress_summary(store)
    assert "all notebooks" in summary.html.value and "_demo" in summary.html.value
    store.record("_demo", "demo-spot", [1], True, 1.0)
    summary.refresh_button.click()
    row = summary.table[summary.table["notebook"] == "_demo"].iloc[0]
    assert row["answered"] == 2
    assert "text/html" in summary._repr_mimebundle_()


def test_a_headless_quiz_ignores_saved_progress(store):
    store.record("_demo", "demo-single", "x", True, 1.0)
    headless = build_quiz("_demo", store=ProgressStore(store.path, enabled=False))
    assert "Score so far: 0 of 5" in headless.score.value
    assert "not saved" in headless.note.value
    headless.view("demo-spot").control.value = [0]
    headless.view("demo-spot").press("check")
    assert set(store.answers("_demo")) == {"demo-single"}


def test_every_bank_builds_a_quiz_view(tmp_path):
    from medialit.quiz import load_all_banks

    banks = load_all_banks(include_fixtures=True, check_quotes=False)
    for name, bank in banks.items():
        quiz = build_quiz(name, store=ProgressStore(tmp_path / "p.json", enabled=False))
        assert len(quiz.views) == len(bank.questions)
        bundle = quiz._repr_mimebundle_()
        assert bundle["text/html"].count("<strong>Q") == len(bank.questions), name


def test_a_progress_file_problem_is_shown_under_the_question(quiz, store):
    store.path.parent.mkdir(parents=True, exist_ok=True)
    store.path.write_text("{not json", encoding="utf-8")
    view = quiz.view("demo-single")
    view.control.value = view.question.answer
    view.press("check")
    assert CORRECT_MARK in view.control.feedback_html
    assert "Progress file" in view.control.status_html and ".corrupt-" in view.control.status_html
    assert store.answers("_demo")["demo-single"]["correct"]


# --- issue 10 §6 and issue 9 §4/§5: order, feedback, reveal, scores, layout ---------------

def test_choices_keep_their_order_when_the_quiz_is_reopened_and_differ_between_students(tmp_path, store):
    first = build_quiz("_demo", store=store)
    order = first.view("demo-single").control.spec["choices"]
    assert list(order) == first.view("demo-single").choices
    assert sorted(order) == sorted(first.view("demo-single").question.choices)
    again = build_quiz("_demo", store=store)  # same progress file: same student id
    assert again.view("demo-single").control.spec["choices"] == order
    assert again.view("demo-multiple").control.spec["choices"] == first.view("demo-multiple").control.spec["choices"]
    # the static copy lists the choices in the order this student sees them
    page = again._repr_mimebundle_()["text/html"]
    positions = [page.index(escape(c)) for c in order]
    assert positions == sorted(positions)
    # other students (other progress files) do not all see one order
    orders = {tuple(build_quiz("_demo", store=ProgressStore(tmp_path / f"s{n}" / "p.json")).view("demo-single")
                    .control.spec["choices"]) for n in range(12)}
    assert len(orders) > 1


def test_headless_quizzes_show_the_same_order_every_run(tmp_path):
    runs = [build_quiz("_demo", store=ProgressStore(tmp_path / f"h{n}.json", enabled=False)) for n in range(2)]
    assert runs[0].view("demo-single").control.spec["choices"] == runs[1].view("demo-single").control.spec["choices"]
    assert runs[0]._repr_mimebundle_()["text/plain"] == runs[1]._repr_mimebundle_()["text/plain"]


def test_the_answer_is_shown_after_three_wrong_attempts(quiz, store):
    view = quiz.view("demo-spot")
    q = view.question
    for attempt in range(1, 4):
        view.control.value = list(range(1, attempt + 1))  # wrong words only, one more each time
        view.press("check")
        shown = "<strong>Answer:</strong>" in view.control.answer_html
        assert shown == (attempt == 3), attempt
    assert escape(q.explanation) in view.control.answer_html
    assert "1 more wrong attempt" not in view.control.feedback_html  # nothing left to count down
    assert store.answers("_demo")["demo-spot"]["revealed"] is True


def test_wrong_try_counts_down_in_words(quiz):
    view = quiz.view("demo-single")
    view.control.value = wrong_choice(view.question)
    view.press("check")
    assert "after 2 more wrong attempts" in view.control.feedback_html
    view.press("check")
    assert "after 1 more wrong attempt." in view.control.feedback_html


def test_scores_show_one_decimal_and_attempts_are_pluralised(store):
    store.record("_demo", "demo-multiple", [], False, 1 / 3)
    store.record("_demo", "demo-label", [], True, 1.0)
    quiz = build_quiz("_demo", store=store)
    assert "Score so far: 1.3 of 5" in quiz.score.value
    assert "(1 attempt)" in quiz.view("demo-label").control.status_html
    store.record("_demo", "demo-label", [], True, 1.0)
    assert "(2 attempts)" in build_quiz("_demo", store=store).view("demo-label").control.status_html


def test_a_number_with_thousands_separators_in_the_widget(quiz, fake_profile, monkeypatch):
    view = quiz.view("demo-number")
    expected = float(fake_profile.set_index("article_id").loc["002", "hedges_per_100_words"])
    view.control.value = f" {expected} per 100 words "
    view.press("check")
    assert CORRECT_MARK in view.control.feedback_html
    view.control.value = "1.544,5"
    view.press("check")
    assert "more than one way" in view.control.feedback_html and "1,544" in view.control.feedback_html
    assert view.attempts == 1  # an unreadable number is not counted as an attempt


def test_long_options_wrap_and_hints_are_text(quiz):
    from medialit.quiz.view import STATIC

    css = (STATIC / "question.css").read_text(encoding="utf-8")
    assert "overflow-wrap: anywhere" in css and "flex-wrap: wrap" in css
    view = quiz.view("demo-single")
    view.press("hint")
    assert '<p><strong>Hint 1 of' in view.control.hints_html
    assert not any(ord(ch) > 0x1F000 for ch in view.control.hints_html + quiz.heading.value)  # no emoji
