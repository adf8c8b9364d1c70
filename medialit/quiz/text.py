"""The quiz as readable text, for places where no kernel runs the widgets.

GitHub, nbviewer and an HTML export cannot draw ipywidgets, so every quiz
display also carries a ``text/html`` and a ``text/plain`` copy made here. The
copy shows each question and its choices or sentences, never the answer, hints
or explanation, and says to open the notebook in JupyterLab to answer. All
article text is escaped with ``html.escape``.
"""
from __future__ import annotations

from html import escape

from .model import LabelSentences, MultipleChoice, NumberQuestion, Question, SingleChoice, SpotWords

OPEN_IN_LAB = ("To answer these questions and save your progress, open this notebook in "
               "JupyterLab and run its cells.")

KIND_NAMES = {
    "single": "choose one",
    "multiple": "choose all that apply",
    "spot": "mark the words",
    "label": "label each sentence",
    "number": "type a number",
}


def optional_note(q: Question) -> str:
    """Said before a question that draws on an optional section of its lesson ("" otherwise)."""
    if not q.optional_section:
        return ""
    return f"From the optional section \u201c{q.optional_section}\u201d: skip it if you skipped that section."


def _lines(q: Question, seed: str) -> list[str]:
    """Plain lines under the prompt: choices, the sentence, the sentences to label."""
    if isinstance(q, (SingleChoice, MultipleChoice)):
        box = "( )" if isinstance(q, SingleChoice) else "[ ]"
        return [f"{box} {c}" for c in q.display_choices(seed)]
    if isinstance(q, SpotWords):
        return [f"Article {q.article}: {q.sentence}"]
    if isinstance(q, LabelSentences):
        options = " / ".join(q.labels)
        return [f"{n}. Article {i.article}: {i.sentence}  [{options}]" for n, i in enumerate(q.items, start=1)]
    if isinstance(q, NumberQuestion):
        return ["Answer: ____"]
    return []


def question_plain(q: Question, number: int, seed: str = "headless") -> str:
    head = f"Q{number} ({KIND_NAMES.get(q.type, q.type)}): {q.prompt}"
    if q.optional_section:
        head = f"{head}\n   ({optional_note(q)})"
    return "\n".join([head, *("   " + line for line in _lines(q, seed))])


def question_html(q: Question, number: int, seed: str = "headless") -> str:
    parts = [f'<p><strong>Q{number}</strong> <em>({escape(KIND_NAMES.get(q.type, q.type))})</em> '
             f"{escape(q.prompt)}</p>"]
    if q.optional_section:
        parts.append(f"<p><em>{escape(optional_note(q))}</em></p>")
    if isinstance(q, (SingleChoice, MultipleChoice)):
        box = "○" if isinstance(q, SingleChoice) else "☐"
        parts.append("<ul>" + "".join(f"<li>{box} {escape(c)}</li>" for c in q.display_choices(seed)) + "</ul>")
    elif isinstance(q, SpotWords):
        parts.append(f"<blockquote>Article {escape(q.article)}: {escape(q.sentence)}</blockquote>")
    elif isinstance(q, LabelSentences):
        options = escape(" / ".join(q.labels))
        parts.append("<ol>" + "".join(
            f"<li>Article {escape(i.article)}: {escape(i.sentence)} <em>[{options}]</em></li>"
            for i in q.items) + "</ol>")
    elif isinstance(q, NumberQuestion):
        parts.append("<p>Answer: ____</p>")
    return "\n".join(parts)


def quiz_plain(title: str, questions: list[Question], seed: str = "headless") -> str:
    blocks = [f"Quiz: {title}", OPEN_IN_LAB]
    blocks += [question_plain(q, n, seed) for n, q in enumerate(questions, start=1)]
    return "\n\n".join(blocks)


def quiz_html(title: str, questions: list[Question], seed: str = "headless") -> str:
    body = "\n".join(question_html(q, n, seed) for n, q in enumerate(questions, start=1))
    return (f'<div class="medialit-quiz-static">\n<h3>Quiz: {escape(title)}</h3>\n'
            f"<p><strong>ℹ {escape(OPEN_IN_LAB)}</strong></p>\n{body}\n</div>")
