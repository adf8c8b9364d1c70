"""Unsupported specifics and claims of secret knowledge.

A *specific* is a detail precise enough to check: an exact date, a figure, a
quotation, a superlative ("the first ...", "never been higher"). Precision
makes a text sound well informed; it only helps the reader when someone named
stands behind it. ``supported`` is therefore True only when a named source is
attributed in the same sentence (see ``medialit.sources``).

Dates, numbers and superlatives come from ``data/lexicons/specifics.csv``;
quotations are found here, because pairing quotation marks is not a word list.
A one- or two-word quotation that no named source backs is a scare quote, the
writer's own words, and is not listed (rule U2 of ``data/annotations/README.md``).
Claims of privileged access ("closed-door", "inner circle") come from
``data/lexicons/access.csv``.
"""
from __future__ import annotations

import bisect
import re

import pandas as pd

from .lexicon import by_position, compiled_lexicon, frame
from .text import normalize, sentence_spans, word_count

#: Rule U2 (data/annotations/README.md): quotation marks around this many words or fewer, given
#: to no named source, are scare quotes (the writer's words), not a quotation.
SCARE_QUOTE_WORDS = 2

SPECIFIC_COLUMNS = {
    "start": "int64",
    "end": "int64",
    "text": "object",
    "kind": "object",
    "supported": "bool",
}
ACCESS_COLUMNS = {"start": "int64", "end": "int64", "cue": "object"}

# Quotations, on the normalized text (curly quotes are already straight).
# Double quotes pair up within a line. A single quote opens only after a
# non-letter and closes only before a non-letter, and an apostrophe between two
# letters ("they've", "Russia's") does not close it. Both are bounded in length
# so that a stray quote mark cannot make the scan slow.
_DOUBLE_QUOTE = re.compile(r'"[^"\n]{1,600}"')
_SINGLE_QUOTE = re.compile(r"(?<!\w)'(?=[^\s'])(?:[^'\n]|(?<=\w)'(?=\w)){1,600}?(?<=\S)'(?!\w)")


def quote_spans(norm: str) -> list[tuple[int, int]]:
    """(start, end) of each quotation, quote marks included, outermost only."""
    found = [(m.start(), m.end()) for m in _DOUBLE_QUOTE.finditer(norm)]
    found += [(m.start(), m.end()) for m in _SINGLE_QUOTE.finditer(norm)]
    found.sort(key=lambda se: (se[0], -se[1]))
    spans: list[tuple[int, int]] = []
    for s, e in found:
        if spans and s < spans[-1][1]:
            continue  # inside (or crossing) a quotation we already have
        spans.append((s, e))
    return spans


def inside(spans: list[tuple[int, int]], starts: list[int], s: int, e: int) -> bool:
    """True when [s, e) lies within one of the sorted, non-overlapping ``spans``."""
    i = bisect.bisect_right(starts, s) - 1
    return i >= 0 and spans[i][0] <= s and e <= spans[i][1]


def _named_sentences(text: str, sent_starts: list[int], attributions) -> set[int]:
    """Indexes of sentences that attribute something to a named source.

    ``attributions``: records or a table from find_attributions(text), or None to compute them.
    """
    if attributions is None:
        from .sources import attribution_records  # sources imports quote_spans from here

        attributions = attribution_records(text)
    if isinstance(attributions, pd.DataFrame):
        attributions = attributions.to_dict("records")
    named = [a["start"] for a in attributions if a["source_type"] == "named"]
    return {bisect.bisect_right(sent_starts, s) - 1 for s in named}


def find_specifics(text: str, attributions: pd.DataFrame | None = None) -> pd.DataFrame:
    """Dates, numbers, quotations and superlatives, and whether a named source backs each.

    Columns: ``start, end, text`` (``text[start:end]``), ``kind`` (date / number /
    quote / superlative) and ``supported`` (a named source is attributed in the
    same sentence). A date or number inside a quotation is part of the quotation,
    so it is not listed again. ``attributions``, when given, must be
    ``find_attributions(text)``: it saves running that detector twice.
    """
    return frame(specific_records(text, attributions), SPECIFIC_COLUMNS)


def specific_records(text: str, attributions=None) -> list[dict]:
    """The rows of :func:`find_specifics` as plain dicts, in text order."""
    norm = normalize(text)
    quotes = quote_spans(norm)
    quote_starts = [s for s, _ in quotes]
    found = [(s, e, "quote") for s, e in quotes]
    for s, e, row in compiled_lexicon("specifics").finditer(norm):
        if not inside(quotes, quote_starts, s, e):
            found.append((s, e, row["kind"]))
    if not found:
        return []
    sents = sentence_spans(text)
    sent_starts = [s for s, _ in sents]
    named = _named_sentences(text, sent_starts, attributions)
    records = []
    for s, e, kind in found:
        supported = (bisect.bisect_right(sent_starts, s) - 1) in named if sent_starts else False
        if kind == "quote" and not supported and word_count(norm[s + 1:e - 1]) <= SCARE_QUOTE_WORDS:
            continue  # rule U2: a one- or two-word scare quote given to no one is the writer's own words
        records.append({"start": s, "end": e, "text": text[s:e], "kind": kind, "supported": supported})
    return by_position(records)


def find_access_claims(text: str) -> pd.DataFrame:
    """Claims of secret or privileged knowledge ("closed-door", "inner circle").

    Columns: ``start, end, cue`` (``text[start:end]``).
    """
    return frame(access_records(text), ACCESS_COLUMNS)


def access_records(text: str) -> list[dict]:
    """The rows of :func:`find_access_claims` as plain dicts, in text order."""
    norm = normalize(text)
    return [{"start": s, "end": e, "cue": text[s:e]} for s, e, _ in compiled_lexicon("access").finditer(norm)]

