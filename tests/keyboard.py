"""Answering quiz questions in JupyterLab with the keyboard alone, and what to check while doing it.

Used by ``tests/test_browser_a11y.py`` (the demo bank: every question type, the dark theme and
200% zoom) and ``tests/test_browser.py`` (one question of every type in every lesson).
The only non-keyboard step is putting focus on the question's first control, which is where a
student's Tab arrives; from there on every step is a key press.
"""
from __future__ import annotations

import re

from medialit.quiz.model import LabelSentences, MultipleChoice, NumberQuestion, Question, SingleChoice, SpotWords

#: The notebook as JupyterLab sees it: cell count, active cell, command or edit mode.
NOTEBOOK_STATE = """() => { const nb = window.jupyterapp.shell.currentWidget.content;
    return {cells: nb.widgets.length, active: nb.activeCellIndex, mode: nb.mode}; }"""

#: Contrast of the focused element's outline against the background behind it (WCAG formula).
FOCUS_CONTRAST = """() => {
    const el = document.activeElement;
    const style = getComputedStyle(el);
    const rgb = (text) => (text.match(/[\\d.]+/g) || []).slice(0, 4).map(Number);
    const lum = ([r, g, b]) => { const c = [r, g, b].map(v => { v /= 255;
        return v <= 0.03928 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4); });
        return 0.2126 * c[0] + 0.7152 * c[1] + 0.0722 * c[2]; };
    let node = el.parentElement, bg = [255, 255, 255];
    while (node) { const c = rgb(getComputedStyle(node).backgroundColor);
        if (c.length >= 3 && (c.length < 4 || c[3] > 0.5)) { bg = c; break; } node = node.parentElement; }
    const ring = rgb(style.outlineColor);
    const width = parseFloat(style.outlineWidth) || 0;
    if (style.outlineStyle === 'none' || width === 0) return {ratio: 0, width, tag: el.tagName};
    const [a, b] = [lum(ring), lum(bg)].sort((x, y) => y - x);
    return {ratio: (a + 0.05) / (b + 0.05), width, tag: el.tagName};
}"""

#: Contrast of an element's text colour against the background behind it.
TEXT_CONTRAST = """(el) => {
    const rgb = (text) => (text.match(/[\\d.]+/g) || []).slice(0, 4).map(Number);
    const lum = ([r, g, b]) => { const c = [r, g, b].map(v => { v /= 255;
        return v <= 0.03928 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4); });
        return 0.2126 * c[0] + 0.7152 * c[1] + 0.0722 * c[2]; };
    let node = el, bg = [255, 255, 255];
    while (node) { const c = rgb(getComputedStyle(node).backgroundColor);
        if (c.length >= 3 && (c.length < 4 || c[3] > 0.5)) { bg = c; break; } node = node.parentElement; }
    const fg = rgb(getComputedStyle(el).color);
    const [a, b] = [lum(fg), lum(bg)].sort((x, y) => y - x);
    return (a + 0.05) / (b + 0.05);
}"""

ROLES_WITH_NAMES = ("radio", "checkbox", "button", "combobox", "textbox")


def section(page, question: Question):
    return page.locator(f'section.mlq[data-question="{question.id}"]').last


def names_problems(box, question: Question) -> list[str]:
    """What the accessibility tree says is missing: unnamed controls, an unnamed group."""
    snapshot = box.aria_snapshot()
    problems = []
    for line in snapshot.splitlines():
        stripped = line.strip().lstrip("- ").lstrip("'")  # YAML quotes a line whose name has a colon
        role = stripped.split(" ", 1)[0].rstrip(":")
        if role in ROLES_WITH_NAMES and not re.match(rf'{role} "[^"]+"', stripped):
            problems.append(f"{question.id}: unnamed {role}: {stripped[:80]}")
    group = {"single": "radiogroup", "multiple": "group", "spot": "group", "label": "group"}.get(question.type)
    if group and not re.search(rf'^\s*- \'?{group} "Q\d+\. ', snapshot, re.MULTILINE):
        problems.append(f"{question.id}: no {group} named by its question:\n{snapshot[:600]}")
    if isinstance(question, LabelSentences):
        for n, item in enumerate(question.items, start=1):
            words = " ".join(item.sentence.split()[:4])
            if not re.search(rf'combobox "Label for sentence {n}: {n}\. Article {item.article}: {re.escape(words)}',
                             snapshot):
                problems.append(f"{question.id}: select {n} is not named with its sentence:\n{snapshot[:600]}")
    if isinstance(question, SpotWords):
        if "[pressed]" in snapshot:
            problems.append(f"{question.id}: a word is marked before the student marked it")
    return problems


FIRST_CONTROL = {"single": 'input[type="radio"]', "multiple": 'input[type="checkbox"]', "spot": "button.mlq-word",
                 "label": "select", "number": 'input[type="text"]'}


def focus_first(box, question: Question) -> None:
    """Where a student's Tab arrives in a question (focusing it makes its cell the active one)."""
    box.locator(FIRST_CONTROL[question.type]).first.focus()


def answer(page, box, question: Question, *, expected_number: float | None = None) -> list[str]:
    """Answer ``question`` rightly with key presses only; return a list of the keys pressed."""
    keys: list[str] = []

    def press(key: str) -> None:
        page.keyboard.press(key)
        keys.append(key)

    if isinstance(question, SingleChoice):
        choices = [c.strip() for c in box.locator(".mlq-option").all_inner_texts()]
        target = choices.index(question.answer)
        focus_first(box, question)
        press("Space")  # chooses the first option
        for _ in range(target):
            press("ArrowDown")  # moves to the next option and chooses it, as radio groups do
        chosen = box.locator('.mlq-option:has(input:checked)').inner_text().strip()
        assert chosen == question.answer, f"{question.id}: keys {keys} chose {chosen!r}; options {choices}"
        press("Enter")
    elif isinstance(question, MultipleChoice):
        choices = [c.strip() for c in box.locator(".mlq-option").all_inner_texts()]
        focus_first(box, question)
        for i, choice in enumerate(choices):
            if choice in question.answer:
                press("Space")
            if i < len(choices) - 1:
                press("ArrowDown")
        press("Enter")
    elif isinstance(question, SpotWords):
        wanted = question.expected_indices()
        focus_first(box, question)
        for i in range(len(question.tokens)):
            if i in wanted:
                press("Space")
            if i < len(question.tokens) - 1 and i < max(wanted):
                press("ArrowRight")
        press("Tab")  # one Tab stop for the passage: the next is Check
        press("Enter")
    elif isinstance(question, LabelSentences):
        focus_first(box, question)
        for n, item in enumerate(question.items):
            for _ in range(question.labels.index(item.answer) + 1):  # past "— choose —"
                press("ArrowDown")
            press("Tab")
        press("Enter")  # the last Tab reached Check
    elif isinstance(question, NumberQuestion):
        focus_first(box, question)
        value = question.expected() if expected_number is None else expected_number
        text = f"{value:g}"
        page.keyboard.type(text)
        keys.append(text)
        press("Enter")
    else:  # pragma: no cover - a new type needs its keys here
        raise AssertionError(f"no keyboard recipe for {question.type}")
    return keys
