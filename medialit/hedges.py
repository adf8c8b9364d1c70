"""Hedges (words that soften a claim) and boosters (words that inflate one).

A hedge is not a sign of bad writing: careful reporters hedge what they could
not check ("alleged violations"). What matters is what the hedge is attached
to. The words themselves live in ``data/lexicons/hedges.csv``; context rules
(the month "May", "could" meaning past ability) are regex rows in that file.
"""
from __future__ import annotations

import pandas as pd

from .lexicon import by_position, compiled_lexicon, frame
from .text import normalize

HEDGE_COLUMNS = {
    "start": "int64",
    "end": "int64",
    "cue": "object",
    "kind": "object",
    "category": "object",
    "explanation": "object",
}


def find_hedges(text: str) -> pd.DataFrame:
    """Every hedge and booster in ``text``.

    Columns: ``start, end`` (offsets into ``text``), ``cue`` (``text[start:end]``),
    ``kind`` ("hedge" or "booster"), ``category`` and ``explanation`` (from the lexicon).
    """
    return frame(hedge_records(text), HEDGE_COLUMNS)


def hedge_records(text: str) -> list[dict]:
    """The rows of :func:`find_hedges` as plain dicts, in text order (no DataFrame built)."""
    norm = normalize(text)
    lex = compiled_lexicon("hedges")
    records = [
        {
            "start": s,
            "end": e,
            "cue": text[s:e],
            "kind": row["kind"],
            "category": row["category"],
            "explanation": row["explanation"],
        }
        for s, e, row in lex.finditer(norm)
    ]
    return by_position(records)
