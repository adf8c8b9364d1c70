"""The course's label vocabulary, in one place.

The rule book (``data/annotations/README.md``, rule S0) defines five source types. Every part of
the package that names, orders, words, colours or marks them reads this module: the detectors
and the expert key (``name``), sentence tables and reports (``word``, ``phrase``), charts
(``colour`` with a ``hatch`` so that colour is never the only cue), the quizzes and the
students' self-checks. To rename or re-word a type, change it here; ``tests/test_vocabulary.py``
checks that the rule book and this module agree.
"""
from __future__ import annotations

from dataclasses import dataclass

from .palette import OKABE_ITO


@dataclass(frozen=True)
class SourceType:
    name: str          # as in the expert key, the detectors' tables and students' answers
    word: str          # the short word a sentence table shows
    phrase: str        # the longer phrase of chart legends and text reports
    description: str   # the rule book's S0 in plain words
    colour: str        # Okabe-Ito colour (charts; the highlights use the same palette)
    hatch: str         # the chart texture that tells the types apart without colour


SOURCE_TYPE_INFO: tuple[SourceType, ...] = (
    SourceType("named", "named", "named source",
               "a person, organisation, outlet or document a reader could look up",
               OKABE_ITO["bluish_green"], ""),
    SourceType("anonymous", "anonymous", "anonymous source",
               "one particular person whose name the writer withholds",
               OKABE_ITO["vermillion"], "//"),
    SourceType("vague", "vague", "vague source",
               "a group nobody could pin down, or wording with no one behind it (\"reportedly\")",
               OKABE_ITO["blue"], ".."),
    SourceType("none", "no source", "claim with no source",
               "a claim of fact with no source at all",
               OKABE_ITO["yellow"], "xx"),
    SourceType("na", "no claim", "no checkable claim",
               "nothing to check: a heading, a question, a prediction or the writer's interpretation",
               OKABE_ITO["sky_blue"], "--"),
)

#: The five types, strongest source first (the order of every table and chart).
SOURCE_TYPES: tuple[str, ...] = tuple(t.name for t in SOURCE_TYPE_INFO)
#: The types a claim of fact can have (``na`` means there is no claim): the quizzes' labels.
CLAIM_SOURCE_TYPES: tuple[str, ...] = tuple(t for t in SOURCE_TYPES if t != "na")
#: The sources a detector can find in the text (``none`` and ``na`` are the absence of one).
FOUND_SOURCE_TYPES: tuple[str, ...] = ("named", "anonymous", "vague")

SOURCE_WORDS = {t.name: t.word for t in SOURCE_TYPE_INFO}
SOURCE_PHRASES = {t.name: t.phrase for t in SOURCE_TYPE_INFO}
SOURCE_DESCRIPTIONS = {t.name: t.description for t in SOURCE_TYPE_INFO}
SOURCE_COLOURS = {t.name: t.colour for t in SOURCE_TYPE_INFO}
SOURCE_HATCHES = {t.name: t.hatch for t in SOURCE_TYPE_INFO}

#: a4's claim verdicts and a2's directions of change (the self-checks' other vocabularies).
VERDICTS: tuple[str, ...] = ("accept", "check")
DIRECTIONS: tuple[str, ...] = ("up", "down", "same")
