"""Quiz questions in the notebook. All judging is done by ``model.Question.check``.

Each question is drawn by a small front end (``QuestionControl``, ``static/question.js``)
with the browser's own controls: a named radio group, a named group of checkboxes, word
buttons that say whether they are pressed (one Tab stop, arrow keys between words),
selects whose names include the sentence they label, and one live region per question that
exists before the first Check and says each verdict, hint and answer. JupyterLab's
shortcuts are switched off while focus is inside a question. Python keeps the state, judges,
saves progress, and sends back escaped HTML.

Every question has a Check button, a Hint button (one hint per press) and a Show
answer button that only appears after a wrong attempt. Feedback always starts
with words and a symbol ("✔ Correct", "✘ Not yet"); colour is only ever a second cue.

- A right answer shows the explanation and the article sentences it rests on.
- A wrong answer shows what was wrong in the student's own answer and the idea
  behind the question (``Question.idea()``), never the missed word or the right
  option. The answer, explanation and evidence come only when the student asks
  (Show answer) or after ``REVEAL_AFTER`` wrong attempts.
- Choices are shown in an order seeded by the student's id (kept in the progress
  file) and the question id: stable for one student, different between students.

Symbols are plain text characters found in the default Linux fonts (DejaVu), not emoji.
"""
from __future__ import annotations

import warnings
from html import escape
from pathlib import Path
from typing import Any, Callable

import anywidget
import ipywidgets as w
import traitlets

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
from .text import KIND_NAMES, optional_note, quiz_html, quiz_plain

#: The browser side of a question (QuestionControl).
STATIC = Path(__file__).with_name("static")
#: After this many wrong attempts the answer, explanation and evidence are shown.
REVEAL_AFTER = 3

#: The quiz's heading, score and note wrap on a narrow screen (or at 200% zoom).
QUIZ_CSS = ("<style>.medialit-quiz .widget-html, .medialit-quiz .widget-html-content "
            "{ height: auto; white-space: normal; overflow-wrap: anywhere; max-width: 100%; }</style>")
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


class QuestionControl(anywidget.AnyWidget):
    """The browser side of one question (``static/question.js``): native, named controls.

    ipywidgets 8 cannot give a group of options a name or a role, expose a word's pressed state,
    keep one live region for what is said, or stop JupyterLab from taking the keys pressed in a
    quiz; this small front end does all four (README, "Accessibility"). It holds no quiz logic:
    it sends the student's answer (``value``) and presses (``{"press": "check"}``), and shows
    the escaped HTML that ``QuestionView`` puts in its traits.
    """

    _esm = STATIC / "question.js"
    _css = STATIC / "question.css"
    spec = traitlets.Dict().tag(sync=True)
    value = traitlets.Any(None, allow_none=True).tag(sync=True)
    hints_html = traitlets.Unicode("").tag(sync=True)
    feedback_html = traitlets.Unicode("").tag(sync=True)
    answer_html = traitlets.Unicode("").tag(sync=True)
    status_html = traitlets.Unicode("").tag(sync=True)
    can_hint = traitlets.Bool(False).tag(sync=True)
    can_reveal = traitlets.Bool(False).tag(sync=True)
    #: Said once by the question's live region each time ``announce_serial`` goes up.
    announce = traitlets.Unicode("").tag(sync=True)
    announce_serial = traitlets.Int(0).tag(sync=True)

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self._actions: dict[str, Callable[[], Any]] = {}
        self.on_msg(self._on_message)

    def _on_message(self, _widget, content, _buffers) -> None:
        if isinstance(content, dict) and isinstance(content.get("press"), str):
            if "value" in content:  # what the controls showed when the button was pressed
                self.value = content["value"]
            self.press(content["press"])

    def press(self, name: str) -> Any:
        """What the Check, Hint and Show answer buttons do ("check", "hint", "answer")."""
        action = self._actions.get(name)
        return action() if action else None

    def say(self, text: str) -> None:
        self.announce = text
        self.announce_serial += 1


def _plain(html_text: str) -> str:
    """The words of a piece of our own (escaped) HTML, for the live region."""
    from html import unescape
    import re

    return re.sub(r"\s+", " ", unescape(re.sub(r"<[^>]+>", " ", html_text))).strip()


class QuestionView:
    """One question: its state and judging in Python, drawn by a ``QuestionControl``.

    ``on_checked(question, result)`` is called after each check.
    """

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

        self.control = QuestionControl(spec=self._spec(), can_hint=bool(question.hints))
        self.control._actions.update(check=self.check, hint=self.show_hint, answer=self.show_answer)
        self.box = self.control
        if saved:
            self._restore(saved)

    # --- what the browser draws -------------------------------------------
    def _spec(self) -> dict:
        q = self.question
        spec = {"qid": q.id, "number": self.number, "kind": q.type, "kind_name": KIND_NAMES.get(q.type, ""),
                "prompt": q.prompt, "note": optional_note(q), "hints_total": len(q.hints)}
        if isinstance(q, (SingleChoice, MultipleChoice)):
            spec["choices"] = list(self.choices)
        elif isinstance(q, SpotWords):
            spec.update(article=q.article, words=list(q.tokens))
        elif isinstance(q, LabelSentences):
            spec.update(labels=list(q.labels), sentences=[{"article": i.article, "text": i.sentence} for i in q.items])
        elif not isinstance(q, NumberQuestion):
            raise TypeError(f"no view for question type {q.type!r}")
        return spec

    def press(self, name: str) -> Any:
        """Press a button as the browser does: "check", "hint" or "answer"."""
        return self.control.press(name)

    def current_answer(self) -> Any:
        """The student's input as JSON-friendly data (what is saved in the progress file).

        The browser sends it; anything of the wrong shape counts as no answer.
        """
        q, value = self.question, self.control.value
        if isinstance(q, SingleChoice):
            return value if isinstance(value, str) and value in q.choices else None
        if isinstance(q, MultipleChoice):
            picked = value if isinstance(value, list) else []
            return [c for c in self.choices if c in picked]
        if isinstance(q, SpotWords):
            picked = value if isinstance(value, list) else []
            return sorted({i for i in picked if isinstance(i, int) and not isinstance(i, bool)
                           and 0 <= i < len(q.tokens)})
        if isinstance(q, LabelSentences):
            given = value if isinstance(value, list) else []
            given = (given + [None] * len(q.items))[:len(q.items)]
            return [v if isinstance(v, str) and v in q.labels else None for v in given]
        if isinstance(q, NumberQuestion):
            return value if isinstance(value, str) else ("" if value is None else str(value))
        return None

    def set_answer(self, answer: Any) -> None:
        """Put a (saved) answer back into the question; unusable values are dropped."""
        self.control.value = answer
        self.control.value = self.current_answer()

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
            self.control.can_reveal = True
        else:
            mark = "answer shown before"
        self.control.status_html = f"<p><em>Saved: {mark} ({plural(self.attempts, 'attempt')}).</em></p>"

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
        self.control.status_html = "".join(f"<p><strong>⚠ Progress file:</strong> {escape(m)}</p>" for m in messages)

    def check(self) -> CheckResult | None:
        answer = self.current_answer()
        try:
            result = self.question.check(answer)
        except Exception as exc:  # e.g. a computed answer whose toolkit function is not ready
            self.control.feedback_html = (f'<div class="medialit-feedback" style="{_FEEDBACK_STYLE[None]}"><p><strong>'
                                          f"⚠ This answer cannot be checked right now</strong>: {escape(str(exc))}. "
                                          "Tell your teacher; your answer was not saved.</p></div>")
            self.control.say(_plain(self.control.feedback_html))
            return None
        self.last_result = result
        lines = "".join(f"<li>{escape(d)}</li>" for d in result.details)
        details = f"<ul>{lines}</ul>" if lines else ""
        if not result.attempted:
            self.control.feedback_html = (f'<div class="medialit-feedback" style="{_FEEDBACK_STYLE[None]}"><p><strong>'
                                          f"{escape(result.verdict)}</strong></p>{details}</div>")
            self.control.say(_plain(self.control.feedback_html))
            return result
        self.attempts += 1
        head = f"<p><strong>{escape(result.verdict)}</strong> (attempt {self.attempts})</p>"
        if result.correct:
            body = self._explained()
            said = f"<p>{escape(result.verdict)}, attempt {self.attempts}. The explanation is below.</p>"
        else:
            self.wrong_attempts += 1
            body = (f"<p><strong>Think about it:</strong> {escape(self.question.idea())}</p>"
                    + self._next_step())
            said = head + details + body
        self.control.feedback_html = (
            f'<div class="medialit-feedback" style="{_FEEDBACK_STYLE[result.correct]}">'
            f"{head}{details}{body}</div>")
        self.control.answer_html = ""  # shown again only on request, never twice
        self.answer_shown = False
        self.control.can_reveal = not result.correct  # offered only after a wrong attempt
        self._save(self.store.record, self.notebook, self.question.id, answer, result.correct, result.score)
        self.control.say(_plain(said))
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
        if not hints:
            self.control.say("This question has no hints.")
            return
        if self.hints_shown >= len(hints):
            self.control.say(f"No more hints: all {len(hints)} are shown above the feedback.")
            return
        self.hints_shown += 1
        shown = "".join(f"<li>{escape(h)}</li>" for h in hints[:self.hints_shown])
        self.control.hints_html = (f'<div class="medialit-hints"><p><strong>Hint {self.hints_shown} of {len(hints)}'
                                   f"</strong></p><ul>{shown}</ul></div>")
        self.control.can_hint = self.hints_shown < len(hints)
        self.control.say(f"Hint {self.hints_shown} of {len(hints)}: {hints[self.hints_shown - 1]}")

    def show_answer(self) -> None:
        """Show the answer, explanation and evidence once, however often the button is pressed."""
        if not self.answer_shown:
            try:
                text = self.question.answer_text()
            except Exception as exc:
                text = f"(cannot be computed right now: {exc})"
            self.control.answer_html = (f'<div class="medialit-answer" style="{_FEEDBACK_STYLE[None]}">'
                                        f"<p><strong>Answer:</strong> {escape(text)}</p>{self._explained()}</div>")
            self.answer_shown = True
            self.control.say(f"Answer: {text}. The explanation is below.")
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
