"""Sentences with character offsets, and the text clean-up every detector shares.

All detectors work on ``normalize(text)``, a copy of the text that has exactly
the same length: curly quotes become straight ones, a byte-order mark and
non-breaking spaces become spaces, a carriage return becomes a space (or a
newline when it stands alone). Because nothing moves, an offset found in the
normalized copy is also the right offset in the text the user gave us, and a
BOM, Windows line endings or curly quotes give the same results as clean text.
"""
from __future__ import annotations

import functools
import re

import pandas as pd

SENTENCE_COLUMNS = ["start", "end", "text"]

_TRANSLATE = str.maketrans(
    {
        "\u2018": "'",  # left single quote
        "\u2019": "'",  # right single quote / apostrophe
        "\u201a": "'",
        "\u201b": "'",
        "\u2032": "'",
        "\u201c": '"',
        "\u201d": '"',
        "\u201e": '"',
        "\u201f": '"',
        "\u2033": '"',
        "\u00ab": '"',
        "\u00bb": '"',
        "\ufeff": " ",  # byte-order mark
        "\u00a0": " ",  # no-break space
        "\u202f": " ",
        "\u2007": " ",
        "\t": " ",
        "\u2028": "\n",
        "\u2029": "\n",
        "\x0b": "\n",
        "\x0c": "\n",
        "\x85": "\n",
    }
)
_LONE_CR = re.compile(r"\r(?!\n)")


def normalize(text: str) -> str:
    """Return a same-length copy of ``text`` that detectors can match simply."""
    if not isinstance(text, str):
        raise TypeError(f"expected a str, got {type(text).__name__}: pass the article text itself")
    return _normalize(text)


@functools.lru_cache(maxsize=16)
def _normalize(text: str) -> str:
    # Cached: every detector normalizes the same text; strings are immutable.
    out = _LONE_CR.sub("\n", text).replace("\r", " ").translate(_TRANSLATE)
    assert len(out) == len(text)
    return out


# Words that end with a full stop but do not end a sentence. Lower-case,
# without the final full stop.
ABBREVIATIONS = frozenset(
    """
    jan feb mar apr jun jul aug sep sept oct nov dec
    mr mrs ms dr prof gen lt col maj capt sgt adm gov sen rep st mt ft
    jr sr inc ltd corp co no vs etc approx est fig vol pp cf al
    u.s u.k u.n e.u u.s.s.r d.c a.m p.m e.g i.e
    """.split()
)

# A candidate sentence end: ., ! or ? (possibly repeated), then any closing
# quotes or brackets, then whitespace. Linear on any input: a match may only
# start where a run of end marks starts (the lookbehind), and the possessive
# quantifiers never give back what they took, so a run of 40,000 full stops is
# read once instead of once per full stop.
# The lookahead also asks for a word character after the space and any opening quotes: only
# a capital or a digit can start the next sentence (checked in _split_line), and both are word
# characters, so ". . . ." is skipped inside the regex engine instead of once per full stop.
_END = re.compile(r"(?<![.!?])[.!?]++['\")\]]*+(?=\s++['\"(\[]*+\w)")
_WORD_BEFORE = re.compile(r"([A-Za-z][A-Za-z.\-]*)\.$")
_NEXT_START = re.compile(r"\s+(['\"(\[]*)(\S)")


def _is_abbreviation(norm: str, dot_end: int) -> bool:
    """True when the full stop ending at ``dot_end`` closes an abbreviation."""
    m = _WORD_BEFORE.search(norm, max(0, dot_end - 20), dot_end)
    if not m:
        return False
    word = m.group(1).lower()
    if word in ABBREVIATIONS:
        return True
    # Single capital initials such as "J." in "J. Smith".
    return len(word) == 1


def _split_line(norm: str, start: int, end: int):
    """Yield (start, end) of the sentences inside one line of text."""
    pos = start
    for m in _END.finditer(norm, start, end):
        punct = norm[m.start():m.end()].rstrip("'\")]")
        nxt = _NEXT_START.match(norm, m.end(), end)
        if not nxt:
            continue
        first = nxt.group(2)
        if not (first.isupper() or first.isdigit()):
            continue  # "U.S. influence", "e.g. this"
        if punct == "." and _is_abbreviation(norm, m.start() + 1):
            continue
        yield pos, m.end()
        pos = nxt.start(1) if nxt.group(1) else nxt.start(2)
    if pos < end:
        yield pos, end


def sentence_spans(text: str) -> list[tuple[int, int]]:
    """(start, end) pairs for each sentence; each line is split separately.

    Every non-empty line (a headline, a flattened table row, a paragraph)
    is at least one sentence of its own.
    """
    norm = normalize(text)
    spans: list[tuple[int, int]] = []
    for line in re.finditer(r"[^\n]+", norm):
        for s, e in _split_line(norm, line.start(), line.end()):
            # trim surrounding whitespace
            while s < e and norm[s].isspace():
                s += 1
            while e > s and norm[e - 1].isspace():
                e -= 1
            if s < e:
                spans.append((s, e))
    return spans


def sentences(text: str) -> pd.DataFrame:
    """One row per sentence: ``start``, ``end`` (offsets into ``text``) and ``text``.

    Abbreviations such as "Dec. 27" or "U.S." do not end a sentence, and each
    line of a flattened table comes out as its own row.
    """
    spans = sentence_spans(text)
    return pd.DataFrame(
        {
            "start": pd.Series([s for s, _ in spans], dtype="int64"),
            "end": pd.Series([e for _, e in spans], dtype="int64"),
            "text": pd.Series([text[s:e] for s, e in spans], dtype="object"),
        },
        columns=SENTENCE_COLUMNS,
    )


def word_count(text: str) -> int:
    """Words as a reader counts them: "Jong-un", "Russia's", "1.5" and "42,400" count once."""
    return len(_WORD.findall(text))


_WORD = re.compile(r"[^\W_]+(?:[-'\u2019.,][^\W_]+)*")
