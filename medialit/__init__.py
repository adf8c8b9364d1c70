"""medialit: tools for reading news articles for evidence.

Public functions are loaded on first use, so ``import medialit`` stays cheap
(it costs little more than importing pandas). See README.md for the API.
"""
from __future__ import annotations

import importlib

__version__ = "0.1.0"

# public name -> module that defines it
_EXPORTS = {
    "load_corpus": "corpus",
    "load_article": "corpus",
    "read_text": "corpus",
    "recover_tables": "corpus",
    "Article": "corpus",
    "sentences": "text",
    "normalize": "text",
    "word_count": "text",
    "find_hedges": "hedges",
    "find_attributions": "sources",
    "find_specifics": "specifics",
    "find_access_claims": "specifics",
    "label_sentences": "labels",
    "analyse": "labels",
    "profile": "compare",
    "shared_phrases": "compare",
    "unique_specifics": "compare",
    "shared_phrase_spans": "compare",
    "highlight": "display",
    "highlight_sentences": "display",
    "load_lexicon": "lexicon",
    "load_expert_key": "evaluate",
    "score_against_key": "evaluate",
    "disagreements": "evaluate",
    "MedialitError": "errors",
    "ArticleInputError": "errors",
    "DataFileError": "errors",
    "QuizBankError": "errors",
    "MedialitWarning": "errors",
}

__all__ = sorted(_EXPORTS)


_SUBMODULES = {"quiz", "charts", "record", "byo", "ledger", "checks", "evaluate", "corpus", "text"}


def __getattr__(name: str):
    if name in _SUBMODULES:  # medialit.quiz.show_quiz(...) works after a bare "import medialit"
        return importlib.import_module(f"medialit.{name}")
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module 'medialit' has no attribute {name!r}")
    value = getattr(importlib.import_module(f"medialit.{module}"), name)
    globals()[name] = value
    return value


def __dir__():
    return sorted(list(globals()) + __all__)


# In a notebook, every DataFrame is drawn by ``display.table_html`` (whole text, wrapped, fits
# the notebook) from the first ``import medialit`` on, whichever lesson cell imports it.
# The printer is registered by the class's name, so neither pandas nor the display module is
# imported until a table is actually shown. A no-op outside IPython.
# pandas 2 gives the class __module__ "pandas"; older releases "pandas.core.frame"
_DATAFRAME_MODULES = ("pandas", "pandas.core.frame")


def _table_html(df):
    from .display import table_html

    return table_html(df)


def _notebook_tables() -> bool:
    import sys

    ipython = sys.modules.get("IPython")
    shell = ipython.get_ipython() if ipython is not None and hasattr(ipython, "get_ipython") else None
    if shell is None or not hasattr(shell, "display_formatter"):
        return False
    formatter = shell.display_formatter.formatters["text/html"]
    for module in _DATAFRAME_MODULES:
        formatter.for_type_by_name(module, "DataFrame", _table_html)
    return True


_notebook_tables()
