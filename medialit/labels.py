"""One row of labels per sentence: the detectors, summed up sentence by sentence.

The labels describe evidence in the text (is there a hedge? who is cited?);
they are not a verdict on the article and are never added into one score.

``source_type`` is the weakest source behind the sentence's claim
(``named`` > ``anonymous`` > ``vague``). A sentence with no attribution is
``none`` when it states something checkable, and ``na`` when it has no claim to
check: a heading or table header, a question, a short framing sentence
("This matters for two reasons."), or a forecast that nobody is cited for and
that has nothing specific in it ("This could include joint exercises."):
what may happen cannot be checked yet.
"""
from __future__ import annotations

import bisect
import re
import functools

import pandas as pd

from .hedges import HEDGE_COLUMNS, hedge_records
from .lexicon import compiled_lexicon, frame
from .sources import ATTRIBUTION_COLUMNS, SOURCE_STRENGTH, attribution_records
from .specifics import ACCESS_COLUMNS, SPECIFIC_COLUMNS, access_records, specific_records
from .text import normalize, sentences, word_count

LABEL_COLUMNS = {
    "start": "int64",
    "end": "int64",
    "text": "object",
    "hedge": "bool",
    "booster": "bool",
    "source_type": "object",
    "unsupported_specific": "bool",
    "access_claim": "bool",
    "reasons": "object",
}

from .vocabulary import SOURCE_TYPES  # noqa: E402

# A framing sentence this short, with nothing specific and nobody cited, is
# treated as having no checkable claim.
_SHORT_FRAMING_WORDS = 9
_HEADING_WORDS = 12
_SMALL_WORDS = frozenset("a an and as at but by for from in into of on or the to with vs via".split())
_WORD = re.compile(r"[^\W\d_][\w'-]*")
# "It also called ...": a sentence that opens with a pronoun and a reporting cue
# passes on what the source of the sentence before said.
_PRONOUN_SUBJECT = re.compile(r"(?:It|He|She|They)\s+(?:(?:also|then|later|further|again|\w+ly)\s+)?")
_CUES = ("cue_either", "source_then_cue")


def _pronoun_reports(norm: str, start: int) -> bool:
    """True when the sentence at ``start`` opens with "It/He/She/They (also) <reporting cue>"."""
    m = _PRONOUN_SUBJECT.match(norm, start)
    if not m:
        return False
    row = compiled_lexicon("attributions").match_at(norm, m.end())
    return row is not None and row["category"] in _CUES


_QUOTE_MARKS = "'\""


def _continues_a_quote(norm: str, start: int, end: int, before: tuple[int, int]) -> bool:
    """True when the sentence is one quotation from start to end and the sentence before holds a
    quotation too: the quote goes on, spoken by the same source ("'…,' the source added. '…'")."""
    sentence = norm[start:end].strip()
    if len(sentence) < 3 or sentence[0] not in _QUOTE_MARKS or sentence.rstrip(".!?")[-1:] not in _QUOTE_MARKS:
        return False
    inner = sentence[1:].rstrip(".!?")[:-1]
    if sentence[0] == '"' and '"' in inner:
        return False  # two quotations with something between them
    return any(mark in norm[before[0]:before[1]] for mark in _QUOTE_MARKS)


def _is_heading(norm: str, start: int, end: int) -> bool:
    """A whole line with no closing punctuation: short, or in Title Case."""
    line_start = norm.rfind("\n", 0, start) + 1
    line_end = norm.find("\n", end)
    line_end = len(norm) if line_end < 0 else line_end
    if norm[line_start:start].strip() or norm[end:line_end].strip():
        return False  # shares its line with other sentences
    sentence = norm[start:end].rstrip()
    if sentence[-1:] in ".!'\"":
        return False
    words = _WORD.findall(sentence)
    if len(words) <= _HEADING_WORDS:
        return True
    content = [w for w in words if w.lower() not in _SMALL_WORDS]
    capitalised = sum(1 for w in content if w[0].isupper())
    return bool(content) and capitalised / len(content) >= 0.75


def _is_forecast(hedge: dict) -> bool:
    """A modal (may, might, could) or a likelihood word: the sentence is about what may happen."""
    return hedge["kind"] == "hedge" and (
        hedge["category"] == "modal" or hedge["cue"].lower() in ("likely", "unlikely")
    )


def _interpretation_records(norm: str) -> list[dict]:
    """Words that mark the writer's interpretation ("underscores", "helps explain", "the
    implications", "tend to"): ``data/lexicons/interpretation.csv``, rule S2 of the rule book."""
    return [{"start": s, "end": e} for s, e, _ in compiled_lexicon("interpretation").finditer(norm)]


def _by_sentence(starts: list[int], records: list[dict]) -> dict[int, list[dict]]:
    """Detector records grouped by the index of the sentence they start in."""
    grouped: dict[int, list[dict]] = {}
    for row in records:
        i = bisect.bisect_right(starts, row["start"]) - 1
        if i >= 0:
            grouped.setdefault(i, []).append(row)
    return grouped


class Analysis:
    """Everything the detectors found in one text, each detector run once.

    The detector results are kept as plain records (``*_records``, lists of
    dicts in text order); the tables ``hedges``, ``attributions``,
    ``specifics`` and ``access_claims`` are built from them on first use, so
    a caller that only counts (``profile``) never pays for building them.
    """

    def __init__(self, labels: pd.DataFrame, hedge_records: list[dict], attribution_records: list[dict],
                 specific_records: list[dict], access_records: list[dict]):
        self.labels = labels
        self.hedge_records = hedge_records
        self.attribution_records = attribution_records
        self.specific_records = specific_records
        self.access_records = access_records

    @property
    def records(self) -> tuple[list[dict], list[dict], list[dict], list[dict]]:
        """The four record lists in the order :func:`detect` returns them."""
        return self.hedge_records, self.attribution_records, self.specific_records, self.access_records

    @functools.cached_property
    def hedges(self) -> pd.DataFrame:
        return frame(self.hedge_records, HEDGE_COLUMNS)

    @functools.cached_property
    def attributions(self) -> pd.DataFrame:
        return frame(self.attribution_records, ATTRIBUTION_COLUMNS)

    @functools.cached_property
    def specifics(self) -> pd.DataFrame:
        return frame(self.specific_records, SPECIFIC_COLUMNS)

    @functools.cached_property
    def access_claims(self) -> pd.DataFrame:
        return frame(self.access_records, ACCESS_COLUMNS)


def detect(text: str) -> tuple[list[dict], list[dict], list[dict], list[dict]]:
    """Every detector, run once on ``text``: hedge, attribution, specific and access records.

    The one place the detectors are called for a whole text (the specifics reuse the
    attributions). :func:`analyse` adds the sentence labels; ``medialit.highlight`` draws the
    records as they are.
    """
    found_hedges = hedge_records(text)
    found_sources = attribution_records(text)
    found_specifics = specific_records(text, attributions=found_sources)
    found_access = access_records(text)
    return found_hedges, found_sources, found_specifics, found_access


def analyse(text: str) -> Analysis:
    """Run every detector once on ``text`` and label its sentences.

    ``profile``, ``label_sentences``, the bring-your-own report and the highlights read
    the result, so no detector runs twice on one text.
    """
    found = detect(text)
    return Analysis(_label(text, *found), *found)


def label_sentences(text: str) -> pd.DataFrame:
    """One row per sentence of ``medialit.sentences(text)`` with evidence labels.

    Columns: ``start, end, text, hedge, booster, source_type, unsupported_specific,
    access_claim`` and ``reasons`` (a short explanation of each label, for
    notebooks and quizzes).
    """
    return analyse(text).labels


def _label(text, found_hedges, found_sources, found_specifics, found_access) -> pd.DataFrame:
    sents = sentences(text)
    if sents.empty:
        return frame([], LABEL_COLUMNS)
    norm = normalize(text)
    starts = sents["start"].tolist()
    hedges = _by_sentence(starts, found_hedges)
    sources = _by_sentence(starts, found_sources)
    specifics = _by_sentence(starts, found_specifics)
    access = _by_sentence(starts, found_access)
    interpretation = _by_sentence(starts, _interpretation_records(norm))

    records = []
    for i, (start, end, sentence) in enumerate(sents.itertuples(index=False, name=None)):
        reasons = []
        hedge_cues = [h["cue"] for h in hedges.get(i, []) if h["kind"] == "hedge"]
        booster_cues = [h["cue"] for h in hedges.get(i, []) if h["kind"] == "booster"]
        if hedge_cues:
            reasons.append("hedge: " + ", ".join(hedge_cues))
        if booster_cues:
            reasons.append("booster: " + ", ".join(booster_cues))

        cited = sources.get(i, [])
        unsupported = [s for s in specifics.get(i, []) if not s["supported"]]
        claims = [a["cue"] for a in access.get(i, [])]
        if cited:
            weakest = min(cited, key=lambda a: SOURCE_STRENGTH[a["source_type"]])
            source_type = weakest["source_type"]
            who = weakest["source"] or weakest["cue"]
            reasons.append(f"source: {source_type} ({who})")
        elif i > 0 and records[-1]["source_type"] in SOURCE_STRENGTH and _pronoun_reports(norm, start):
            source_type = records[-1]["source_type"]
            reasons.append(f"source: {source_type} (carried over: the pronoun refers to the source of the sentence before)")
        elif (i > 0 and records[-1]["source_type"] in SOURCE_STRENGTH
              and _continues_a_quote(norm, start, end, (records[-1]["start"], records[-1]["end"]))):
            source_type = records[-1]["source_type"]
            reasons.append(f"source: {source_type} (carried over: the quotation goes on from the sentence before)")
        elif sentence.rstrip().endswith("?"):
            source_type = "na"
            reasons.append("source: na (a question)")
        elif _is_heading(norm, start, end):
            source_type = "na"
            reasons.append("source: na (a heading or table header)")
        elif (
            word_count(sentence) <= _SHORT_FRAMING_WORDS
            and not specifics.get(i)
            and not claims
        ):
            source_type = "na"
            reasons.append("source: na (a short framing sentence with nothing to check)")
        elif not specifics.get(i) and not claims and any(_is_forecast(h) for h in hedges.get(i, [])):
            source_type = "na"
            reasons.append("source: na (a forecast or possibility: nothing to check yet)")
        elif not unsupported and not claims and interpretation.get(i):
            cue = interpretation[i][0]
            source_type = "na"
            reasons.append(f"source: na (the writer's interpretation: '{text[cue['start']:cue['end']]}', rule S2)")
        else:
            source_type = "none"
            reasons.append("source: none (a claim with nobody cited)")
        if unsupported:
            reasons.append(
                "unsupported specific: " + ", ".join(f"{s['kind']} {s['text']}" for s in unsupported)
            )
        if claims:
            reasons.append("access claim: " + ", ".join(claims))
        records.append(
            {
                "start": start,
                "end": end,
                "text": sentence,
                "hedge": bool(hedge_cues),
                "booster": bool(booster_cues),
                "source_type": source_type,
                "unsupported_specific": bool(unsupported),
                "access_claim": bool(claims),
                "reasons": "; ".join(reasons),
            }
        )
    return frame(records, LABEL_COLUMNS)
