"""Quiz questions as plain Python objects, with no widgets in sight.

A question knows its prompt, its answer, its hints, its explanation and the
article sentences it rests on, and it can check an answer and say why the
answer is right or wrong. The widgets in ``view.py`` only render questions and
pass the student's input to :meth:`Question.check`, so every rule here can be
tested without a browser or a kernel.
"""
from __future__ import annotations

import math
import re
from dataclasses import dataclass, field
from typing import Any, Callable

from ..text import normalize

#: Labels a student may give a sentence in a ``label`` question.
SOURCE_LABELS = ("named", "anonymous", "vague", "none")

#: Columns of ``medialit.profile(corpus)`` (docs/api.md) a number question may ask about.
PROFILE_COLUMNS = (
    "words", "sentences", "hedges", "boosters", "hedges_per_100_words",
    "boosters_per_100_words", "n_named", "n_anonymous", "n_vague", "n_none", "n_na",
    "share_named", "share_anonymous", "share_vague", "share_none", "share_na",
    "unsupported_specifics", "access_claims",
)

CORRECT_MARK = "✔ Correct"
WRONG_MARK = "✘ Not yet"
PARTLY_MARK = "◑ Partly right"
EMPTY_MARK = "… Not answered yet"


@dataclass(frozen=True)
class Evidence:
    """An article sentence (or part of one) that an answer rests on."""

    article: str
    quote: str


@dataclass
class CheckResult:
    """What :meth:`Question.check` found.

    ``score`` runs from 0 to 1 (partial credit); ``correct`` is True only for a
    full answer. ``attempted`` is False when the student gave nothing to check,
    in which case nothing should be recorded. ``details`` are short sentences
    naming what was missed or wrongly marked.
    """

    correct: bool
    score: float
    details: list[str] = field(default_factory=list)
    attempted: bool = True

    @property
    def verdict(self) -> str:
        """A word-and-symbol verdict, so feedback never depends on colour."""
        if not self.attempted:
            return EMPTY_MARK
        if self.correct:
            return CORRECT_MARK
        if self.score > 0:
            return f"{PARTLY_MARK} ({round(self.score * 100)}%) ✘ not complete yet"
        return WRONG_MARK


def _not_attempted(message: str) -> CheckResult:
    return CheckResult(correct=False, score=0.0, details=[message], attempted=False)


@dataclass
class Question:
    """Fields every question type shares (see docs/api.md, "Quiz banks")."""

    id: str
    type: str
    topic: str
    prompt: str
    explanation: str
    evidence: list[Evidence] = field(default_factory=list)
    hints: list[str] = field(default_factory=list)

    def check(self, answer: Any) -> CheckResult:  # pragma: no cover - abstract
        raise NotImplementedError

    def answer_text(self) -> str:  # pragma: no cover - abstract
        """The right answer in words, for the "Show answer" button."""
        raise NotImplementedError

    def quoted_sentences(self) -> list[Evidence]:
        """Every article text this question quotes (evidence and shown sentences)."""
        return list(self.evidence)


@dataclass
class SingleChoice(Question):
    choices: list[str] = field(default_factory=list)
    answer: str = ""

    def check(self, answer: Any) -> CheckResult:
        if answer is None or answer == "":
            return _not_attempted("Choose one answer, then press Check.")
        if answer not in self.choices:
            return _not_attempted(f"{answer!r} is not one of the choices: pick one of the listed answers.")
        if answer == self.answer:
            return CheckResult(True, 1.0)
        return CheckResult(False, 0.0, [f"“{answer}” is not the best answer."])

    def answer_text(self) -> str:
        return self.answer


@dataclass
class MultipleChoice(Question):
    choices: list[str] = field(default_factory=list)
    answer: list[str] = field(default_factory=list)

    def check(self, answer: Any) -> CheckResult:
        chosen = [a for a in (answer or []) if a]
        if not chosen:
            return _not_attempted("Tick every answer you think is right, then press Check.")
        unknown = [a for a in chosen if a not in self.choices]
        if unknown:
            return _not_attempted(f"{unknown[0]!r} is not one of the choices: tick listed answers only.")
        expected, picked = set(self.answer), set(chosen)
        hits, wrong = expected & picked, picked - expected
        missed = expected - picked
        score = max(0.0, (len(hits) - len(wrong)) / len(expected))
        details = []
        if missed:
            details.append(f"You left out {len(missed)} right answer(s).")
        if wrong:
            details.append("Not right: " + "; ".join(f"“{w}”" for w in self._ordered(wrong)) + ".")
        return CheckResult(picked == expected, score, details)

    def _ordered(self, items) -> list[str]:
        return [c for c in self.choices if c in items]

    def answer_text(self) -> str:
        return "; ".join(self._ordered(set(self.answer)))


# --- spot the words -------------------------------------------------------------

# A token is a run of non-space characters; an em/en dash ends a token (and
# stays attached to it) so "Kursk—framed" gives two clickable words.
_TOKEN = re.compile(r"[^\s\u2014\u2013]+[\u2014\u2013]*|[\u2014\u2013]+")
_EDGE_PUNCT = "\"'()[]{}.,;:!?\u2014\u2013-…"


def tokenize(sentence: str) -> list[tuple[int, int, str]]:
    """Split a sentence into clickable words: ``(start, end, text)`` triples."""
    return [(m.start(), m.end(), m.group()) for m in _TOKEN.finditer(sentence)]


def word_core(token: str) -> str:
    """A word without surrounding quotes and punctuation, lower-cased, for matching."""
    return normalize(token).strip(_EDGE_PUNCT).lower()


def phrase_positions(tokens: list[str], phrase: str) -> list[list[int]]:
    """Every run of token indices whose words spell ``phrase`` (case and punctuation ignored)."""
    wanted = [c for c in (word_core(t) for _, _, t in tokenize(phrase)) if c]
    cores = [word_core(t) for t in tokens]
    if not wanted:
        return []
    runs = []
    for i in range(len(cores) - len(wanted) + 1):
        if cores[i:i + len(wanted)] == wanted:
            runs.append(list(range(i, i + len(wanted))))
    return runs


@dataclass
class SpotWords(Question):
    """Click the words: a sentence shown as toggle buttons, scored with partial credit."""

    target: str = "hedges"
    article: str = ""
    sentence: str = ""
    answer: list[str] = field(default_factory=list)

    @property
    def tokens(self) -> list[str]:
        return [t for _, _, t in tokenize(self.sentence)]

    def expected_indices(self) -> set[int]:
        """Token indices that should be marked: every occurrence of every answer phrase."""
        out: set[int] = set()
        for phrase in self.answer:
            for run in phrase_positions(self.tokens, phrase):
                out.update(run)
        return out

    def missing_answer_words(self) -> list[str]:
        """Answer phrases that do not occur in the sentence (a bank error)."""
        return [p for p in self.answer if not phrase_positions(self.tokens, p)]

    def check(self, answer: Any) -> CheckResult:
        """``answer`` is an iterable of marked token indices (ints) or of marked words."""
        marked = self._as_indices(answer)
        if not marked:
            return _not_attempted(f"Click the {self._target_words()} in the sentence, then press Check.")
        expected = self.expected_indices()
        hits, wrong = marked & expected, marked - expected
        score = max(0.0, (len(hits) - len(wrong)) / len(expected))
        details = []
        missed = [p for p in self.answer
                  if any(not set(run) <= marked for run in phrase_positions(self.tokens, p))]
        if missed:
            details.append("You missed: " + ", ".join(f"“{p}”" for p in missed) + ".")
        if wrong:
            words = [word_core(self.tokens[i]) for i in sorted(wrong)]
            details.append(f"Not {self._target_words()} here: " + ", ".join(f"“{w}”" for w in words) + ".")
        return CheckResult(marked == expected, score, details)

    def _as_indices(self, answer: Any) -> set[int]:
        if not answer:
            return set()
        tokens = self.tokens
        out: set[int] = set()
        for item in answer:
            if isinstance(item, bool):
                raise TypeError("mark words by index or by word, not True/False")
            if isinstance(item, int):
                if not 0 <= item < len(tokens):
                    raise IndexError(f"word number {item} is outside the sentence (0-{len(tokens) - 1})")
                out.add(item)
            else:
                for run in phrase_positions(tokens, str(item)):
                    out.update(run)
        return out

    def _target_words(self) -> str:
        return {"hedges": "hedge words", "boosters": "booster words",
                "attribution": "words that say who the source is"}.get(self.target, "words")

    def answer_text(self) -> str:
        return ", ".join(f"“{p}”" for p in self.answer)

    def quoted_sentences(self) -> list[Evidence]:
        return [Evidence(self.article, self.sentence), *self.evidence]


# --- label the sentences ---------------------------------------------------------

@dataclass(frozen=True)
class LabelItem:
    article: str
    sentence: str
    answer: str


@dataclass
class LabelSentences(Question):
    items: list[LabelItem] = field(default_factory=list)
    labels: tuple[str, ...] = SOURCE_LABELS

    def check(self, answer: Any) -> CheckResult:
        """``answer`` is a list with one label (or None) per item, in item order."""
        given = list(answer or [])
        given += [None] * (len(self.items) - len(given))
        if not any(given):
            return _not_attempted("Choose a label for each sentence, then press Check.")
        right = sum(1 for item, g in zip(self.items, given) if g == item.answer)
        details = []
        for n, (item, g) in enumerate(zip(self.items, given), start=1):
            if not g:
                details.append(f"Sentence {n}: no label chosen yet.")
            elif g != item.answer:
                details.append(f"Sentence {n}: “{g}” is not right.")
        return CheckResult(right == len(self.items), right / len(self.items), details)

    def answer_text(self) -> str:
        return "; ".join(f"sentence {n}: {item.answer}" for n, item in enumerate(self.items, start=1))

    def quoted_sentences(self) -> list[Evidence]:
        return [Evidence(i.article, i.sentence) for i in self.items] + list(self.evidence)


# --- a number with a tolerance ---------------------------------------------------

_PROFILE_TABLES: dict = {}


def _profile_value(article: str, column: str) -> float:
    """The toolkit's own answer: ``medialit.profile(medialit.load_corpus())``.

    The table is computed once per process (for the same functions and data folder),
    so a notebook with several number questions does not recompute it.
    """
    import medialit

    from ..paths import data_dir

    key = (medialit.profile, medialit.load_corpus, str(data_dir()))
    if key not in _PROFILE_TABLES:
        _PROFILE_TABLES[key] = medialit.profile(medialit.load_corpus())
    table = _PROFILE_TABLES[key]
    rows = table[table["article_id"].astype(str) == str(article)]
    if rows.empty:
        raise LookupError(f"article {article!r} is not in medialit.profile(load_corpus())")
    return float(rows.iloc[0][column])


#: How each ``compute:`` name in a bank is evaluated. Tests may replace entries.
COMPUTERS: dict[str, Callable[[str, str], float]] = {"profile": _profile_value}


def _parse_number(answer: Any) -> float | None:
    if answer is None or isinstance(answer, bool):
        return None
    if isinstance(answer, (int, float)):
        return float(answer)
    text = str(answer).strip().replace(",", ".")
    if not text:
        return None
    try:
        value = float(text)
    except ValueError:
        return math.nan
    return value


@dataclass
class NumberQuestion(Question):
    """A number checked within ``tolerance``; the answer may be computed by the toolkit."""

    answer: Any = None  # a number, or {"compute": ..., "article": ..., "column": ...}
    tolerance: float = 0.0
    _expected: float | None = field(default=None, repr=False, compare=False)

    @property
    def computed(self) -> bool:
        return isinstance(self.answer, dict)

    def expected(self) -> float:
        """The right number; computed on first use (lazily) and then kept."""
        if self._expected is None:
            if self.computed:
                spec = self.answer
                value = COMPUTERS[spec["compute"]](str(spec["article"]), spec["column"])
            else:
                value = self.answer
            self._expected = float(value)
        return self._expected

    def check(self, answer: Any) -> CheckResult:
        value = _parse_number(answer)
        if value is None:
            return _not_attempted("Type a number, then press Check.")
        if math.isnan(value):
            return _not_attempted(f"“{answer}” is not a number: type digits such as 2.5.")
        expected = self.expected()
        if abs(value - expected) <= self.tolerance + 1e-9:
            return CheckResult(True, 1.0)
        direction = "too high" if value > expected else "too low"
        return CheckResult(False, 0.0, [f"{value:g} is {direction}."])

    def answer_text(self) -> str:
        text = f"{self.expected():g}"
        if self.tolerance:
            text += f" (anything within ±{self.tolerance:g} counts)"
        if self.computed:
            text += f", computed by medialit.profile for article {self.answer['article']}"
        return text


QUESTION_TYPES = {
    "single": SingleChoice,
    "multiple": MultipleChoice,
    "spot": SpotWords,
    "label": LabelSentences,
    "number": NumberQuestion,
}
