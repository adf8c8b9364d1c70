"""Progress across notebooks: a summary table, a widget, a CSV to hand in, and reset."""
from __future__ import annotations

import csv
import io
import json
import os
import warnings
from html import escape
from pathlib import Path

import ipywidgets as w
import pandas as pd

from ..errors import MedialitWarning, QuizBankError
from ..files import write_atomic
from .bank import Bank, load_all_banks
from .progress import ProgressError, ProgressStore, default_path, default_store

SUMMARY_COLUMNS = ["notebook", "title", "questions", "answered", "correct", "score", "percent"]
EXPORT_COLUMNS = ["notebook", "question_id", "topic", "answered", "correct", "best_score",
                  "attempts", "answer_shown", "last_answer", "last_answered"]


def _banks() -> dict[str, Bank]:
    try:
        return load_all_banks(check_quotes=False)
    except QuizBankError as exc:
        warnings.warn(f"Quiz banks could not be loaded ({exc}); the summary only lists saved answers.",
                      MedialitWarning, stacklevel=3)
        return {}


def progress_table(store: ProgressStore | None = None, banks: dict[str, Bank] | None = None) -> pd.DataFrame:
    """One row per notebook plus a final ``all notebooks`` row: questions, answered, correct, score.

    A headless run (nbval, nbgrader) reads no progress, so its output is the same every time.
    """
    store = store or default_store()
    banks = _banks() if banks is None else banks
    answers = store.load()["answers"] if store.enabled else {}
    rows = []
    for name in sorted(set(banks) | set(answers)):
        bank = banks.get(name)
        ids = [q.id for q in bank.questions] if bank else sorted(answers.get(name, {}))
        saved = answers.get(name, {})
        done = [saved[i] for i in ids if i in saved and saved[i].get("attempts")]
        rows.append({
            "notebook": name,
            "title": bank.title if bank else "",
            "questions": len(ids),
            "answered": len(done),
            "correct": sum(1 for e in done if e.get("correct")),
            "score": round(sum(float(e.get("best_score", 0)) for e in done), 1),
        })
    table = pd.DataFrame(rows, columns=SUMMARY_COLUMNS[:-1])
    total = {"notebook": "all notebooks", "title": "",
             "questions": int(table["questions"].sum()), "answered": int(table["answered"].sum()),
             "correct": int(table["correct"].sum()), "score": round(float(table["score"].sum()), 1)}
    table = pd.concat([table, pd.DataFrame([total])], ignore_index=True)
    table["percent"] = [round(100 * s / q) if q else 0 for s, q in zip(table["score"], table["questions"])]
    return table[SUMMARY_COLUMNS]


def _table_html(table: pd.DataFrame, store: ProgressStore) -> str:
    from ..display import table_html  # wrapped, escaped, fits the notebook

    where = (f"Saved in {escape(str(store.path))}." if store.enabled
             else "Progress is not read or saved in this run (headless).")
    # a long file path may break anywhere rather than run past the notebook's edge
    return (f"<h3>Your quiz progress</h3>{table_html(table, index=False)}"
            f'<p style="overflow-wrap:anywhere"><em>{where} Score counts partial credit; '
            "percent is score out of all questions.</em></p>")


class ProgressSummary:
    """The summary as a widget with a Refresh button; ``.table`` is the DataFrame."""

    def __init__(self, store: ProgressStore | None = None):
        self.store = store or default_store()
        self.html = w.HTML()
        self.refresh_button = w.Button(description="Refresh", icon="refresh", tooltip="Read the progress file again")
        self.refresh_button.on_click(lambda _b: self.refresh())
        self.widget = w.VBox([self.html, self.refresh_button])
        self.refresh()

    def refresh(self) -> None:
        self.table = progress_table(self.store)
        self.html.value = _table_html(self.table, self.store)

    def _repr_mimebundle_(self, include=None, exclude=None):
        data = dict(self.widget._repr_mimebundle_(include=include, exclude=exclude) or {})
        data["text/html"] = _table_html(self.table, self.store)
        data["text/plain"] = self.table.to_string(index=False)
        return data


def progress_summary(store: ProgressStore | None = None) -> ProgressSummary:
    """Per-notebook and overall progress; show it as the last line of a cell."""
    return ProgressSummary(store)


def export_progress(path: str | Path, store: ProgressStore | None = None,
                    banks: dict[str, Bank] | None = None) -> Path:
    """Write a CSV with one row per quiz question (answered or not) that a student can hand in.

    The CSV is written atomically and never over the progress file itself; when the progress
    file cannot be read or locked, a :class:`ProgressError` says so (no report of "0 answers").
    """
    from ..errors import ArticleInputError
    from ..files import user_path

    store = store or ProgressStore(default_path())
    try:
        out = user_path(path)
    except ArticleInputError as exc:
        raise ProgressError(str(exc).replace("The file name", "The export file name")) from None
    for own in (store.path, store.lock_path):
        if os.path.realpath(out) == os.path.realpath(own):
            raise ProgressError(f"'{out}' is the progress file itself ({own.name}); exporting there would "
                                "overwrite your answers. Choose another name, e.g. my_progress.csv.")
    banks = _banks() if banks is None else banks
    answers = store.load(strict=True)["answers"]
    rows = []
    for name in sorted(set(banks) | set(answers)):
        bank = banks.get(name)
        saved = answers.get(name, {})
        ids = [q.id for q in bank.questions] if bank else []
        ids += sorted(i for i in saved if i not in ids)
        topics = {q.id: q.topic for q in bank.questions} if bank else {}
        for qid in ids:
            e = saved.get(qid, {})
            rows.append({
                "notebook": name, "question_id": qid, "topic": topics.get(qid, ""),
                "answered": bool(e.get("attempts")), "correct": bool(e.get("correct")),
                "best_score": float(e.get("best_score", 0.0)), "attempts": int(e.get("attempts", 0)),
                "answer_shown": bool(e.get("revealed")),
                "last_answer": json.dumps(e["last_answer"], ensure_ascii=False) if "last_answer" in e else "",
                "last_answered": e.get("last_answered", ""),
            })
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=EXPORT_COLUMNS)
    writer.writeheader()
    writer.writerows(rows)
    try:
        out.parent.mkdir(parents=True, exist_ok=True)
        return write_atomic(out, buffer.getvalue(), inputs=[store.path])
    except (ArticleInputError, OSError) as exc:
        raise ProgressError(f"Could not export your progress: {exc}") from None


def reset_progress(notebook: str | None = None, store: ProgressStore | None = None) -> None:
    """Forget saved answers: all of them, or one notebook's. (Deleting the file also works.)

    An unknown notebook name is an error that lists the valid names (nothing is reset).
    """
    store = store or default_store()
    if notebook is not None:
        known = sorted(set(_banks()) | set(store.load()["answers"]))
        if notebook not in known:
            raise ProgressError(f"There is no quiz called {notebook!r}, so nothing was reset. "
                                f"Use one of: {', '.join(known)}; or reset_progress() to clear them all.")
    store.reset(notebook)
