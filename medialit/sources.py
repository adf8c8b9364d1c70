"""Attributions: who says so?

Every attribution pairs a *source* (the words naming who) with a *cue* (the
reporting word or phrase: "according to", "said", "described by", ...), or is a
bare *marker* that passes a claim on with nobody named ("reportedly", "is said
to", "has been interpreted by some").

``source_type`` is
- ``named``: a person, organisation or document identified by name or unique
  title ("Putin", "the Kursk region's governor", "North Korean state media");
- ``anonymous``: one specific person who is not named ("a senior Russian
  diplomat, speaking on condition of anonymity");
- ``vague``: an unnamed group, or a passive / reportive attribution
  ("sources close to", "some analysts", "reportedly", "is said to").

Sources, cues and markers are rows of ``data/lexicons/attributions.csv``. The
code only pairs them: within one sentence, a cue of category
``cue_then_source`` takes the source right after it ("according to X"),
``source_then_cue`` the nearest source before it ("X ... said"), and
``cue_either`` tries right after, then before ("said one officer", "Putin said").
A source with no cue beside it is not an attribution ("Putin's message" alone
claims nothing about who says so), and words inside quotation marks are the
quoted person's, so they are skipped.

Offsets: ``start``/``end`` cover the ``source`` phrase; for a marker, which
names nobody, ``source`` is "" and ``start``/``end`` cover the ``cue``. So
``text[start:end]`` is always ``source or cue``.
"""
from __future__ import annotations

import bisect
import re

import pandas as pd

from .lexicon import by_position, compiled_lexicon, frame
from .specifics import inside, quote_spans
from .text import normalize, sentence_spans

ATTRIBUTION_COLUMNS = {
    "start": "int64",
    "end": "int64",
    "source": "object",
    "cue": "object",
    "source_type": "object",
}

# From strongest to weakest; label_sentences keeps the weakest in a sentence.
SOURCE_STRENGTH = {"named": 3, "anonymous": 2, "vague": 1}

# How far (in characters) a cue may sit from its source.
_AFTER_GAP = 3  # "according to X": only spaces or a comma between
_BEFORE_GAP = 100  # "X, speaking on condition of anonymity, suggested"


_AUXILIARY = {"is", "are", "was", "were", "be", "been", "being"}
# a comma (and perhaps a title) right before a name: "the principal, Dr. Maria Alvarez, said"
_APPOSITION_OPENS = re.compile(r",\s*(?:(?:Dr|Mr|Mrs|Ms|Prof|Gen|Sen|Rep|Gov|Col|Capt|Sgt|Judge|Coach)\.?\s+)?$")


def _subject_gap(gap: str, source: str) -> bool:
    """Can a source followed by ``gap`` be the subject of the cue after the gap?

    Yes for a few words ("Putin explicitly lauded", "sources ... have indicated")
    or a parenthesis between commas ("Others, however, see it as"); no for a
    passive ("what was emphasized") or for a source buried in a longer clause
    ("around Russia's military engagements, suggests"). A lone comma closes a
    source that opened a parenthesis itself ("A diplomat, speaking on condition
    of anonymity, suggested").
    """
    if len(gap) > _BEFORE_GAP:
        return False
    inner = gap.strip()
    if inner.lower() in _AUXILIARY or (inner and inner.lower().split()[-1] in _AUXILIARY):
        return False  # a passive ("what was emphasized", "could be announced"): the source did not act
    if inner == ",":
        return "," in source
    if "," not in gap:
        return len(inner) <= 24 and len(inner.split()) <= 3
    return inner.startswith(",") and inner.endswith(",") and len(inner) > 1


def _items(norm: str):
    """Lexicon matches outside quotations, as (start, end, row) in text order."""
    quotes = quote_spans(norm)
    starts = [s for s, _ in quotes]
    for s, e, row in compiled_lexicon("attributions").finditer(norm):
        if not inside(quotes, starts, s, e):
            yield s, e, row


def _pair_sentence(items: list[tuple[int, int, dict]], norm: str) -> list[tuple]:
    """Pair cues with sources inside one sentence: (src_start, src_end, cue_start, cue_end, type)."""
    used: set[int] = set()
    out = []
    last_source = -1  # index of the nearest source before item k (a scan back would be quadratic)
    for k, (cs, ce, row) in enumerate(items):
        cat = row["category"]
        if k > 0 and items[k - 1][2]["category"] == "source":
            last_source = k - 1
        if cat == "marker":
            out.append((None, None, cs, ce, row["kind"]))
            continue
        if cat == "source":
            continue
        chosen = None
        if cat in ("cue_then_source", "cue_either") and k + 1 < len(items):
            ns, ne, nrow = items[k + 1]
            gap = norm[ce:ns]
            after_quote = cat == "cue_then_source" or norm[max(0, cs - 40):cs].rstrip()[-1:] in ("'", '"', ",")
            if (
                nrow["category"] == "source"
                and k + 1 not in used
                and after_quote
                and len(gap) <= _AFTER_GAP
                and not gap.strip(" ,")
            ):
                chosen = k + 1
        if chosen is None and cat in ("source_then_cue", "cue_either") and last_source >= 0:
            # only the nearest source before the cue can be its subject
            ps, pe, _ = items[last_source]
            # "the commissioner, Dr. Leonard Hwang, said": a comma before the source opened the apposition
            opened = _APPOSITION_OPENS.search(norm, max(0, ps - 24), ps) is not None
            source_words = norm[ps:pe] + ("," if opened else "")
            if last_source not in used and cs - pe <= _BEFORE_GAP and _subject_gap(norm[pe:cs], source_words):
                chosen = last_source
        if chosen is not None:
            used.add(chosen)
            ss, se, srow = items[chosen]
            out.append((ss, se, cs, ce, srow["kind"]))
    return out


def find_attributions(text: str) -> pd.DataFrame:
    """Who says so: one row per attribution.

    Columns: ``start, end`` (the span of ``source``, or of ``cue`` when ``source``
    is empty), ``source`` (the words naming who), ``cue`` (reporting word or
    marker) and ``source_type`` (named / anonymous / vague).
    """
    return frame(attribution_records(text), ATTRIBUTION_COLUMNS)


def attribution_records(text: str) -> list[dict]:
    """The rows of :func:`find_attributions` as plain dicts, in text order."""
    norm = normalize(text)
    items = list(_items(norm))
    if not items:
        return []
    sents = sentence_spans(text)
    sent_starts = [s for s, _ in sents]
    by_sentence: dict[int, list] = {}
    for item in items:
        by_sentence.setdefault(bisect.bisect_right(sent_starts, item[0]) - 1, []).append(item)
    records = []
    for _, group in sorted(by_sentence.items()):
        for ss, se, cs, ce, kind in _pair_sentence(group, norm):
            if ss is None:
                start, end, source = cs, ce, ""
            else:
                start, end, source = ss, se, text[ss:se]
            records.append(
                {"start": start, "end": end, "source": source, "cue": text[cs:ce], "source_type": kind}
            )
    return by_position(records)
