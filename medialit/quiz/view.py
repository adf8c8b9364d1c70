"""ipywidgets views of quiz questions. All judging is done by ``model.Question.check``.

Every view has a Check button, a Hint button (one hint per press) and a Show
answer button that only appears after a wrong attempt. Feedback always starts
with words and a symbol ("✔ Correct", "✘ Not yet"); colour is only ever a second cue.

- A right answer shows the explanation and the article sentences it rests on.
- A wrong answer shows what was wrong in the student's own answer and the idea
  behind the question (``Question.idea()``), never the missed word or the right
  option. The answer, explanation and evidence come only when the student asks
  (Show answer) or after ``REVEAL_AFTER`` wrong attempts.
- Choices are shown in an order seeded by the student's id (kept in the progress
  file) and the question id: stable for one student, different between students.

Buttons, toggle buttons, radio buttons and dropdowns stay keyboard-focusable.
Symbols are plain text characters found in the default Linux fonts (DejaVu), not emoji.
"""
from __future__ import annotations

import warnings
from html import escape
from typing import Any, Callable

import ipywidgets as w

from ..errors import MedialitWarning

from .bank import Bank
from .model import (
    CheckResult,
    LabelSentences,
    MultipleChoice,
    NumberQuestion,
    Question,
    SingleChoice,
    SpotWords,
    format_score,
    plural,
)
from .progress import ProgressStore
from .text import optional_note, quiz_html, quiz_plain

CHOOSE = "— choose —"
#: After this many wrong attempts the answer, explanation and evidence are shown.
REVEAL_AFTER = 3

#: Long option labels wrap inside the question instead of running under the buttons.
QUIZ_CSS = """<style>
.medialit-question .widget-radio-box, .medialit-question .jupyter-widget-radio-box { height: auto; width: 100%; }
.medialit-question .widget-radio-box label, .medialit-question .jupyter-widget-radio-box label {
  display: flex; align-items: flex-start; height: auto; line-height: 1.35; margin: 0.2em 0;
  white-space: normal; overflow-wrap: anywhere; }
.medialit-question .widget-radio-box input, .medialit-question .jupyter-widget-radio-box input {
  order: -1; float: none; flex: none; height: auto; margin: 0.2em 0.6em 0 1px; }
.medialit-question .widget-checkbox, .medialit-question .jupyter-widget-checkbox { height: auto; }
.medialit-question .widget-checkbox label, .medialit-question .jupyter-widget-checkbox label {
  white-space: normal; height: auto; line-height: 1.35; }
.medialit-question .widget-radio, .medialit-question .jupyter-widget-radio { width: 100%; max-width: 100%; }
.medialit-buttons { flex-wrap: wrap; margin-top: 0.4em; }
</style>"""
_FEEDBACK_STYLE = {
    True: "border-left: 4px solid #1b7837; padding: 0.3em 0.8em;",   # green, plus the ✔ word
    False: "border-left: 4px solid #b2182b; padding: 0.3em 0.8em;",  # red, plus the ✘ word
    None: "border-left: 4px solid #777; padding: 0.3em 0.8em;",
}


def _evidence_html(q: Question) -> str:
    quotes = "".join(
        f"<blockquote>Article {escape(e.article)}: “{escape(e.quote)}”</blockquote>" for e in q.evidence)
    return f"<p><strong>Evidence in the text:</strong></p>{quotes}" if quotes else ""


def _short(path) -> str:
    """A path with the home folder written as ~, as students see it in a terminal."""
    from pathlib import Path

    try:
        return "~/" + Path(path).relative_to(Path.home()).as_posix()
    except ValueError:
        return str(path)


class QuestionView:
    """Widgets for one question; ``on_checked(question, result)`` is called after each check."""

    def __init__(self, question: Question, number: int, notebook: str, store: ProgressStore,
                 saved: dict | None = None, on_checked: Callable[[Question, CheckResult], None] | None = None,
                 seed: str = "headless"):
        self.question = question
        self.number = number
        self.notebook = notebook
        self.store = store
        self.on_checked = on_checked
        self.seed = seed
        self.choices = question.display_choices(seed)
        self.attempts = 0
        self.wrong_attempts = 0
        self.answer_shown = False
        self.hints_shown = 0
        self.last_result: CheckResult | None = None

        note = optional_note(question)
        self.prompt = w.HTML(f"<p><strong>Q{number}.</strong> {escape(question.prompt)}</p>"
                             + (f'<p class="medialit-optional"><em>{escape(note)}</em></p>' if note else ""))
        self.input = self._build_input()
        self.check_button = w.Button(description="Check", tooltip="Check your answer",
                                     icon="check", button_style="primary")
        self.hint_button = w.Button(description="Hint", tooltip="Show one hint", icon="lightbulb-o")
        self.answer_button = w.Button(description="Show answer", tooltip="Reveal the answer",
                                      icon="eye", layout=w.Layout(display="none"))
        self.hint_button.disabled = not question.hints
        self.hint_area = w.HTML()
        self.feedback = w.HTML()
        self.answer_area = w.HTML()
        self.status = w.HTML()
        self.check_button.on_click(lambda _b: self.check())
        self.hint_button.on_click(lambda _b: self.show_hint())
        self.answer_button.on_click(lambda _b: self.show_answer())
        buttons = w.HBox([self.check_button, self.hint_button, self.answer_button])
        buttons.add_class("medialit-buttons")
        self.box = w.VBox([self.prompt, self.input, buttons, self.hint_area, self.feedback, self.answer_area,
                           self.status], layout=w.Layout(margin="0 0 1.2em 0", width="100%"))
        self.box.add_class("medialit-question")
        if saved:
            self._restore(saved)

    # --- inputs, per question type ------------------------------------------
    def _build_input(self) -> w.Widget:
        q = self.question
        if isinstance(q, SingleChoice):
            self.radio = w.RadioButtons(options=self.choices, value=None,
                                        layout=w.Layout(width="100%", height="auto"))
            return self.radio
        if isinstance(q, MultipleChoice):
            self.checkboxes = [w.Checkbox(value=False, description=c, indent=False,
                                          layout=w.Layout(width="100%", height="auto")) for c in self.choices]
            return w.VBox(self.checkboxes)
        if isinstance(q, SpotWords):
            header = w.HTML(f"<em>Article {escape(q.article)}:</em>")
            self.toggles = [w.ToggleButton(value=False, description=t, tooltip=f"mark “{t}”",
                                           layout=w.Layout(width="auto", margin="2px"))
                            for t in q.tokens]
            for toggle in self.toggles:  # a tick as well as the darker colour shows a marked word
                toggle.observe(lambda change, b=toggle: setattr(b, "icon", "check" if change["new"] else ""),
                               names="value")
            words = w.Box(self.toggles, layout=w.Layout(display="flex", flex_flow="row wrap"))
            return w.VBox([header, words])
        if isinstance(q, LabelSentences):
            self.dropdowns, rows = [], []
            for n, item in enumerate(q.items, start=1):
                dd = w.Dropdown(options=[(CHOOSE, "")] + [(lab, lab) for lab in q.labels], value="",
                                description=f"Sentence {n}", layout=w.Layout(width="22em"))
                self.dropdowns.append(dd)
                rows.append(w.HTML(f"<p>{n}. <em>Article {escape(item.article)}:</em> {escape(item.sentence)}</p>"))
                rows.append(dd)
            return w.VBox(rows)
        if isinstance(q, NumberQuestion):
            self.number_box = w.Text(value="", placeholder="type a number, e.g. 2.5", description="Answer",
                                     layout=w.Layout(width="18em"))
            return self.number_box
        raise TypeError(f"no view for question type {q.type!r}")

    def current_answer(self) -> Any:
        """The student's input as JSON-friendly data (what is saved in the progress file)."""
        q = self.question
        if isinstance(q, SingleChoice):
            return self.radio.value
        if isinstance(q, MultipleChoice):
            return [cb.description for cb in self.checkboxes if cb.value]
        if isinstance(q, SpotWords):
            return [i for i, t in enumerate(self.toggles) if t.value]
        if isinstance(q, LabelSentences):
            return [dd.value or None for dd in self.dropdowns]
        if isinstance(q, NumberQuestion):
            return self.number_box.value
        return None

    def set_answer(self, answer: Any) -> None:
        """Put a (saved) answer back into the widgets; unusable values are ignored."""
        q = self.question
        try:
            if isinstance(q, SingleChoice) and answer in q.choices:
                self.radio.value = answer
            elif isinstance(q, MultipleChoice):
                for cb in self.checkboxes:
                    cb.value = cb.description in (answer or [])
            elif isinstance(q, SpotWords):
                marked = {i for i in (answer or []) if isinstance(i, int)}
                for i, t in enumerate(self.toggles):
                    t.value = i in marked
            elif isinstance(q, LabelSentences):
                for dd, value in zip(self.dropdowns, answer or []):
                    dd.value = value if value in q.labels else ""
            elif isinstance(q, NumberQuestion) and answer is not None:
                self.number_box.value = str(answer)
        except Exception:  # an old or hand-edited progress file must never break a lesson
            pass

    def _restore(self, saved: dict) -> None:
        self.set_answer(saved.get("last_answer"))
        try:
            self.attempts = max(0, int(saved.get("attempts", 0)))
        except (TypeError, ValueError):
            self.attempts = 0
        if saved.get("correct"):
            mark = "✔ answered correctly before"
        elif self.attempts:
            self.wrong_attempts = self.attempts
            mark = f"✘ answered before, best score {round(float(saved.get('best_score', 0)) * 100)}%"
            self.answer_button.layout.display = None
        else:
            mark = "answer shown before"
        self.status.value = f"<p><em>Saved: {mark} ({plural(self.attempts, 'attempt')}).</em></p>"

    # --- actions -----------------------------------------------------------
    def _save(self, method, *args) -> None:
        """Save through the store; show its warnings under the question.

        Output printed from a button callback does not reach the notebook, so a
        warning about the progress file (moved aside, not writable) is shown here.
        """
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always", MedialitWarning)
            method(*args)
        messages = [str(c.message) for c in caught if issubclass(c.category, MedialitWarning)]
        self.status.value = "".join(f"<p><strong>⚠ Progress file:</strong> {escape(m)}</p>" for m in messages)

    def check(self) -> CheckResult | None:
        answer = self.current_answer()
        try:
            result = self.question.check(answer)
        except Exception as exc:  # e.g. a computed answer whose toolkit function is not ready
            self.feedback.value = (f'<div style="{_FEEDBACK_STYLE[None]}"><p><strong>⚠ This answer cannot '
                                   f"be checked right now</strong>: {escape(str(exc))}. "
                                   "Tell your teacher; your answer was not saved.</p></div>")
            return None
        self.last_result = result
        lines = "".join(f"<li>{escape(d)}</li>" for d in result.details)
        details = f"<ul>{lines}</ul>" if lines else ""
        if not result.attempted:
            self.feedback.value = f'<div style="{_FEEDBACK_STYLE[None]}"><p><strong>{escape(result.verdict)}</strong></p>{details}</div>'
            return result
        self.attempts += 1
        head = f"<p><strong>{escape(result.verdict)}</strong> (attempt {self.attempts})</p>"
        if result.correct:
            body = self._explained()
        else:
            self.wrong_attempts += 1
            body = (f"<p><strong>Think about it:</strong> {escape(self.question.idea())}</p>"
                    + self._next_step())
        self.feedback.value = (
            f'<div class="medialit-feedback" role="status" style="{_FEEDBACK_STYLE[result.correct]}">'
            f"{head}{details}{body}</div>")
        self.answer_area.value = ""  # shown again only on request, never twice
        self.answer_shown = False
        if result.correct:
            self.answer_button.layout.display = "none"
        else:
            self.answer_button.layout.display = None  # offered only after a wrong attempt
        self._save(self.store.record, self.notebook, self.question.id, answer, result.correct, result.score)
        if not result.correct and self.wrong_attempts >= REVEAL_AFTER:
            self.show_answer()
        if self.on_checked:
            self.on_checked(self.question, result)
        return result

    def _explained(self) -> str:
        return f"<p><strong>Why:</strong> {escape(self.question.explanation)}</p>{_evidence_html(self.question)}"

    def _next_step(self) -> str:
        left = REVEAL_AFTER - self.wrong_attempts
        if left <= 0:
            return ""
        ask = "press Hint for a clue or Show answer for the answer" if self.question.hints \
            else "press Show answer for the answer"
        return (f"<p><em>Try again, or {ask}. It is shown anyway after "
                f"{plural(left, 'more wrong attempt')}.</em></p>")

    def show_hint(self) -> None:
        hints = self.question.hints
        if self.hints_shown < len(hints):
            self.hints_shown += 1
        shown = "".join(f"<li>{escape(h)}</li>" for h in hints[:self.hints_shown])
        self.hint_area.value = f"<p><strong>Hint {self.hints_shown} of {len(hints)}</strong></p><ul>{shown}</ul>"
        self.hint_button.disabled = self.hints_shown >= len(hints)

    def show_answer(self) -> None:
        """Show the answer, explanation and evidence once, however often the button is pressed."""
        if not self.answer_shown:
            try:
                text = self.question.answer_text()
            except Exception as exc:
                text = f"(cannot be computed right now: {exc})"
            self.answer_area.value = (f'<div class="medialit-answer" style="{_FEEDBACK_STYLE[None]}">'
                                      f"<p><strong>Answer:</strong> {escape(text)}</p>{self._explained()}</div>")
            self.answer_shown = True
        self._save(self.store.record_revealed, self.notebook, self.question.id)


class QuizView:
    """A bank's questions with a heading and a running score.

    Displaying it gives a bundle with the widget plus ``text/html`` and
    ``text/plain`` copies for viewers without a kernel.
    """

    def __init__(self, bank: Bank, questions: list[Question], store: ProgressStore):
        self.bank = bank
        self.questions = questions
        self.store = store
        # headless runs neither read nor write the student's file: their output stays the same
        saved = store.answers(bank.notebook) if store.enabled else {}
        self.best = {q.id: float(saved[q.id].get("best_score", 0.0))
                     for q in questions if q.id in saved and saved[q.id].get("attempts")}
        self.seed = store.student_id()
        self.heading = w.HTML(f"{QUIZ_CSS}<h3>Quiz: {escape(bank.title)}</h3>")
        self.score = w.HTML()
        self.views = [QuestionView(q, n, bank.notebook, store, saved.get(q.id), self._checked, seed=self.seed)
                      for n, q in enumerate(questions, start=1)]
        note = "" if store.enabled else " Progress is not saved in this run (headless)."
        self.note = w.HTML(f"<p><em>Answers are saved to {escape(_short(store.path))} as you go.</em></p>"
                           if store.enabled else f"<p><em>{escape(note.strip())}</em></p>")
        self.widget = w.VBox([self.heading, self.score, self.note] + [v.box for v in self.views])
        self.widget.add_class("medialit-quiz")
        self._update_score()

    def _checked(self, question: Question, result: CheckResult) -> None:
        self.best[question.id] = max(self.best.get(question.id, 0.0), result.score)
        self._update_score()

    def _update_score(self) -> None:
        total = sum(self.best.values())
        self.score.value = (f"<p><strong>Score so far: {format_score(total)} of {len(self.questions)}</strong> "
                            f"({len(self.best)} of {len(self.questions)} answered)</p>")

    def view(self, question_id: str) -> QuestionView:
        return next(v for v in self.views if v.question.id == question_id)

    def _repr_mimebundle_(self, include=None, exclude=None):
        bundle = self.widget._repr_mimebundle_(include=include, exclude=exclude) or {}
        data = dict(bundle[0] if isinstance(bundle, tuple) else bundle)
        data["text/html"] = quiz_html(self.bank.title, self.questions, self.seed)
        data["text/plain"] = quiz_plain(self.bank.title, self.questions, self.seed)
        return data
