"""Drive the quiz widgets the way a student would: set values, click buttons."""
import copy
from html import escape

import ipywidgets as w
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
    assert view.answer_button.layout.display == "none"  # no "Show answer" before a wrong attempt

    view.radio.value = wrong_choice(q)
    view.check_button.click()
    assert WRONG_MARK in view.feedback.value
    # a first wrong try explains the idea but gives away neither the answer nor the explanation
    assert "Think about it" in view.feedback.value and escape(q.idea()) in view.feedback.value
    assert escape(q.explanation) not in view.feedback.value
    assert escape(q.answer) not in view.feedback.value and q.answer not in view.feedback.value
    assert escape(q.evidence[0].quote) not in view.feedback.value
    assert view.answer_area.value == ""
    assert view.answer_button.layout.display is None  # now offered

    view.radio.value = q.answer
    view.check_button.click()
    assert CORRECT_MARK in view.feedback.value and "attempt 2" in view.feedback.value
    assert escape(q.explanation) in view.feedback.value  # a right answer is explained with its evidence
    assert escape(q.evidence[0].quote) in view.feedback.value and "Article 004" in view.feedback.value
    assert view.answer_button.layout.display == "none"

    entry = store.answers("_demo")["demo-single"]
    assert entry["attempts"] == 2 and entry["correct"] and entry["last_answer"] == q.answer
    assert "Score so far: 1 of 5" in quiz.score.value


def test_nothing_selected_is_not_recorded(quiz, store):
    view = quiz.view("demo-single")
    view.check_button.click()
    assert "Not answered yet" in view.feedback.value
    assert store.answers("_demo") == {}


def test_hints_come_one_at_a_time_and_show_answer_reveals_and_is_recorded(quiz, store):
    view = quiz.view("demo-single")
    q = view.question
    assert len(q.hints) == 2
    view.hint_button.click()
    assert escape(q.hints[0]) in view.hint_area.value and escape(q.hints[1]) not in view.hint_area.value
    assert "Hint 1 of 2" in view.hint_area.value and not view.hint_button.disabled
    view.hint_button.click()
    assert escape(q.hints[1]) in view.hint_area.value and view.hint_button.disabled

    view.radio.value = wrong_choice(q)
    view.check_button.click()
    view.answer_button.click()
    view.answer_button.click()  # pressing twice shows the answer once
    page = view.hint_area.value + view.feedback.value + view.answer_area.value
    assert page.count("<strong>Answer:</strong>") == 1 and page.count(escape(q.answer)) == 1
    assert escape(q.explanation) in view.answer_area.value
    assert escape(q.hints[1]) in view.hint_area.value  # the hints stay where they were
    assert "💡" not in page  # hint labels are text, not an emoji missing from default fonts
    assert store.answers("_demo")["demo-single"]["revealed"] is True


def test_spot_the_words_feedback_names_wrong_marks_but_not_the_missed_word(quiz, store):
    view = quiz.view("demo-spot")
    q = view.question
    target = q.tokens.index("reportedly")
    view.toggles[0].value = True  # "This": not a hedge
    view.check_button.click()
    assert WRONG_MARK in view.feedback.value
    assert "found 0 of 1 hedge" in view.feedback.value and "reportedly" not in view.feedback.value
    assert "“this”" in view.feedback.value

    view.toggles[0].value = False
    view.toggles[target].value = True
    assert view.toggles[target].icon == "check" and view.toggles[0].icon == ""  # not colour alone
    view.check_button.click()
    assert CORRECT_MARK in view.feedback.value
    assert store.answers("_demo")["demo-spot"]["last_answer"] == [target]


def test_multiple_choice_partial_credit_in_the_widget(quiz, store):
    view = quiz.view("demo-multiple")
    q = view.question
    view.checkboxes[view.choices.index(q.answer[0])].value = True
    view.check_button.click()
    assert "Partly right (50%)" in view.feedback.value and "✘" in view.feedback.value
    assert store.answers("_demo")["demo-multiple"]["best_score"] == 0.5


def test_label_dropdowns(quiz, store):
    view = quiz.view("demo-label")
    q = view.question
    assert [dd.value for dd in view.dropdowns] == ["", ""]
    view.dropdowns[0].value = q.items[0].answer
    view.dropdowns[1].value = "anonymous" if q.items[1].answer != "anonymous" else "vague"
    view.check_button.click()
    assert "Partly right (50%)" in view.feedback.value and "1 of your 2 labels is not right yet" in view.feedback.value
    view.dropdowns[1].value = q.items[1].answer
    view.check_button.click()
    assert CORRECT_MARK in view.feedback.value


def test_number_question_checks_against_the_computed_profile(quiz, store, fake_profile):
    view = quiz.view("demo-number")
    expected = float(fake_profile.set_index("article_id").loc["002", "hedges_per_100_words"])
    view.number_box.value = str(expected + 3)
    view.check_button.click()
    assert WRONG_MARK in view.feedback.value and "too high" in view.feedback.value
    view.number_box.value = str(expected + 0.4)  # inside the 0.5 tolerance
    view.check_button.click()
    assert CORRECT_MARK in view.feedback.value


def test_number_question_when_the_toolkit_fails_shows_a_message_and_saves_nothing(quiz, store, monkeypatch):
    def not_ready(corpus):
        raise NotImplementedError("profile is not written yet")

    monkeypatch.setattr(medialit, "profile", not_ready, raising=False)
    monkeypatch.setattr(medialit, "load_corpus", lambda: pd.DataFrame(), raising=False)
    view = quiz.view("demo-number")
    view.number_box.value = "2"
    view.check_button.click()
    assert "cannot be checked right now" in view.feedback.value and "not written yet" in view.feedback.value
    assert "demo-number" not in store.answers("_demo")


def test_reopening_shows_saved_answers_and_the_score_so_far(store):
    first = build_quiz("_demo", store=store)
    spot = first.view("demo-spot")
    spot.toggles[spot.question.tokens.index("reportedly")].value = True
    spot.check_button.click()
    single = first.view("demo-single")
    single.radio.value = wrong_choice(single.question)
    single.check_button.click()

    again = build_quiz("_demo", store=store)  # a new kernel session reading the same file
    assert "Score so far: 1 of 5" in again.score.value and "2 of 5 answered" in again.score.value
    reopened_spot = again.view("demo-spot")
    assert [t.value for t in reopened_spot.toggles] == [t.value for t in spot.toggles]
    assert "answered correctly before" in reopened_spot.status.value
    reopened_single = again.view("demo-single")
    assert reopened_single.radio.value == single.radio.value
    assert "✘" in reopened_single.status.value
    assert reopened_single.answer_button.layout.display is None


def test_selected_ids_only(store):
    quiz = build_quiz("_demo", ids=["demo-spot", "demo-single"], store=store)
    assert [v.question.id for v in quiz.views] == ["demo-spot", "demo-single"]


def test_controls_are_keyboard_focusable_widgets(quiz):
    for view in quiz.views:
        controls = [view.check_button, view.hint_button, view.answer_button]
        controls += getattr(view, "toggles", []) + getattr(view, "dropdowns", []) + getattr(view, "checkboxes", [])
        controls += [getattr(view, name) for name in ("radio", "number_box") if hasattr(view, name)]
        for control in controls:
            assert isinstance(control, (w.Button, w.ToggleButton, w.Dropdown, w.Checkbox, w.RadioButtons, w.Text))
            assert getattr(control, "tabbable", None) in (None, True)
        assert not view.check_button.disabled


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
    headless.view("demo-spot").toggles[0].value = True
    headless.view("demo-spot").check_button.click()
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
    view.radio.value = view.question.answer
    view.check_button.click()
    assert CORRECT_MARK in view.feedback.value
    assert "Progress file" in view.status.value and ".corrupt-" in view.status.value
    assert store.answers("_demo")["demo-single"]["correct"]


# --- issue 10 §6 and issue 9 §4/§5: order, feedback, reveal, scores, layout ---------------

def test_choices_keep_their_order_when_the_quiz_is_reopened_and_differ_between_students(tmp_path, store):
    first = build_quiz("_demo", store=store)
    order = first.view("demo-single").radio.options
    assert list(order) == first.view("demo-single").choices
    assert sorted(order) == sorted(first.view("demo-single").question.choices)
    again = build_quiz("_demo", store=store)  # same progress file: same student id
    assert again.view("demo-single").radio.options == order
    assert [cb.description for cb in again.view("demo-multiple").checkboxes] == \
        [cb.description for cb in first.view("demo-multiple").checkboxes]
    # the static copy lists the choices in the order this student sees them
    page = again._repr_mimebundle_()["text/html"]
    positions = [page.index(escape(c)) for c in order]
    assert positions == sorted(positions)
    # other students (other progress files) do not all see one order
    orders = {tuple(build_quiz("_demo", store=ProgressStore(tmp_path / f"s{n}" / "p.json")).view("demo-single")
                    .radio.options) for n in range(12)}
    assert len(orders) > 1


def test_headless_quizzes_show_the_same_order_every_run(tmp_path):
    runs = [build_quiz("_demo", store=ProgressStore(tmp_path / f"h{n}.json", enabled=False)) for n in range(2)]
    assert runs[0].view("demo-single").radio.options == runs[1].view("demo-single").radio.options
    assert runs[0]._repr_mimebundle_()["text/plain"] == runs[1]._repr_mimebundle_()["text/plain"]


def test_the_answer_is_shown_after_three_wrong_attempts(quiz, store):
    view = quiz.view("demo-spot")
    q = view.question
    for attempt in range(1, 4):
        view.toggles[attempt].value = True  # wrong words only
        view.check_button.click()
        shown = "<strong>Answer:</strong>" in view.answer_area.value
        assert shown == (attempt == 3), attempt
    assert escape(q.explanation) in view.answer_area.value
    assert "1 more wrong attempt" not in view.feedback.value  # nothing left to count down
    assert store.answers("_demo")["demo-spot"]["revealed"] is True


def test_wrong_try_counts_down_in_words(quiz):
    view = quiz.view("demo-single")
    view.radio.value = wrong_choice(view.question)
    view.check_button.click()
    assert "after 2 more wrong attempts" in view.feedback.value
    view.check_button.click()
    assert "after 1 more wrong attempt." in view.feedback.value


def test_scores_show_one_decimal_and_attempts_are_pluralised(store):
    store.record("_demo", "demo-multiple", [], False, 1 / 3)
    store.record("_demo", "demo-label", [], True, 1.0)
    quiz = build_quiz("_demo", store=store)
    assert "Score so far: 1.3 of 5" in quiz.score.value
    assert "(1 attempt)" in quiz.view("demo-label").status.value
    store.record("_demo", "demo-label", [], True, 1.0)
    assert "(2 attempts)" in build_quiz("_demo", store=store).view("demo-label").status.value


def test_a_number_with_thousands_separators_in_the_widget(quiz, fake_profile, monkeypatch):
    view = quiz.view("demo-number")
    expected = float(fake_profile.set_index("article_id").loc["002", "hedges_per_100_words"])
    view.number_box.value = f" {expected} per 100 words "
    view.check_button.click()
    assert CORRECT_MARK in view.feedback.value
    view.number_box.value = "1.544,5"
    view.check_button.click()
    assert "more than one way" in view.feedback.value and "1,544" in view.feedback.value
    assert view.attempts == 1  # an unreadable number is not counted as an attempt


def test_long_options_wrap_and_hints_are_text(quiz):
    assert ".widget-radio-box label" in quiz.heading.value and "white-space: normal" in quiz.heading.value
    view = quiz.view("demo-single")
    assert view.radio.layout.width == "100%" and view.radio.layout.height == "auto"
    view.hint_button.click()
    assert view.hint_area.value.startswith("<p><strong>Hint 1 of")
    assert not any(ord(ch) > 0x1F000 for ch in view.hint_area.value + quiz.heading.value)  # no emoji
