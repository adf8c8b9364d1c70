"""Quizzes for the lesson notebooks: question banks, saved progress and widgets.

The question logic (``model``), bank loading (``bank``) and saved progress
(``progress``) are plain Python; ``view`` draws ipywidgets and ``text`` draws the
HTML / plain-text copy shown where no kernel runs (GitHub, nbviewer, an HTML export).

In a notebook::

    from medialit.quiz import show_quiz
    show_quiz("02_who_says_so")            # every question of that notebook's bank
    show_quiz("02_who_says_so", ids=["n02-03"])
    medialit.quiz.progress_summary()       # per notebook and overall

Answers are saved to ``~/.medialit/progress.json`` (or ``$MEDIALIT_PROGRESS``).
"""
from __future__ import annotations

from .bank import Bank, load_all_banks, load_bank
from .model import CheckResult, Question
from .progress import ProgressStore, default_path, default_store, is_headless
from .summary import export_progress, progress_summary, progress_table, reset_progress


def build_quiz(notebook_name: str, ids=None, store: ProgressStore | None = None):
    """The quiz view for a bank without displaying it (tests drive its widgets)."""
    from .view import QuizView

    bank = load_bank(notebook_name)
    return QuizView(bank, bank.select(ids), store if store is not None else default_store())


def show_quiz(notebook_name: str, ids=None) -> None:
    """Display a notebook's quiz (all questions, or the listed ids) with a heading and score."""
    from IPython.display import display

    display(build_quiz(notebook_name, ids))


__all__ = [
    "Bank", "CheckResult", "ProgressStore", "Question", "build_quiz", "default_path", "default_store",
    "export_progress", "is_headless", "load_all_banks", "load_bank", "progress_summary", "progress_table",
    "reset_progress", "show_quiz",
]
