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
