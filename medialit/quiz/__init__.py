"""Quizzes for the lesson notebooks: question banks, saved progress and widgets.

The question logic (``model``), bank loading (``bank``) and saved progress
(``progress``) are plain Python; ``view`` draws ipywidgets and ``text`` draws the
HTML / plain-text copy shown where no kernel runs (GitHub, nbviewer, an HTML export).
"""
from .bank import Bank, load_all_banks, load_bank
from .model import CheckResult, Question

__all__ = ["Bank", "CheckResult", "Question", "load_all_banks", "load_bank"]
