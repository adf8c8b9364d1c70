"""Quiz questions as plain Python objects, with no widgets in sight.

A question knows its prompt, its answer, its hints, its explanation and the
article sentences it rests on, and it can check an answer and say why the
answer is right or wrong. The widgets in ``view.py`` only render questions and
pass the student's input to :meth:`Question.check`, so every rule here can be
tested without a browser or a kernel.
"""
from __future__ import annotations

import hashlib
import math
import random
import re
from dataclasses import dataclass, field
from typing import Any, Callable

from ..text import normalize

#: Labels a student may give a sentence in a ``label`` question.
from ..vocabulary import CLAIM_SOURCE_TYPES as SOURCE_LABELS  # noqa: E402

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


def plural(count: int, word: str, many: str | None = None) -> str:
    """``"1 sentence"``, ``"2 sentences"``: the count with the right form of the word."""
    return f"{count} {word if count == 1 else (many or word + 's')}"


def format_number(value: float) -> str:
    """A number as a reader writes it: ``1,544``, ``2.5``, ``0.25``."""
    value = float(value)
    return f"{value:,.0f}" if value.is_integer() else f"{value:,.4g}" if abs(value) < 1000 else f"{value:,.2f}"


def format_score(value: float) -> str:
    """A score for people: one decimal at most, no trailing ``.0`` (``1.3``, ``2``, ``0.5``)."""
    text = f"{round(float(value), 1):.1f}"
    return text[:-2] if text.endswith(".0") else text


def shuffled(items, seed: str, question_id: str) -> list:
    """``items`` in an order fixed by ``seed`` and ``question_id``.

    The same student (seed) sees the same order for a question every time the
    quiz is built, so a reopened quiz looks the same; another student, or another
    question, gets its own order. The hash is SHA-256, so the order does not
    depend on Python's per-process string hashing.
    """
    digest = hashlib.sha256(f"{seed}\u241f{question_id}".encode("utf-8")).digest()
    out = list(items)
    random.Random(int.from_bytes(digest[:8], "big")).shuffle(out)
    return out


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
    #: Shown after a wrong attempt: the idea behind the question, never the answer.
    wrong_try: str = ""
    #: Labels of the expert key this question's answer relies on (``key_facts`` in the bank):
    #: dicts with ``article``, ``quote`` (text of the sentence), ``column`` and ``value``.
    #: ``tests/test_quiz_keys.py`` checks each against ``data/annotations/expert_key.csv``.
    key_facts: list = field(default_factory=list)
    #: The heading of the optional lesson section this question draws on ("" for the core path).
    optional_section: str = ""

    def check(self, answer: Any) -> CheckResult:  # pragma: no cover - abstract
        raise NotImplementedError

    def answer_text(self) -> str:  # pragma: no cover - abstract
        """The right answer in words, for the "Show answer" button."""
        raise NotImplementedError

    def quoted_sentences(self) -> list[Evidence]:
        """Every article text this question quotes (evidence and shown sentences)."""
        return list(self.evidence) + self._key_quotes()

    def _key_quotes(self) -> list[Evidence]:
        return [Evidence(str(f["article"]), str(f["quote"])) for f in self.key_facts]

    def idea(self) -> str:
        """What to think about after a wrong attempt (``wrong_try``, or a rule for the type)."""
        return self.wrong_try or DEFAULT_WRONG_TRY.get(self.type, "Read the sentence again, then try once more.")

    def display_choices(self, seed: str) -> list[str]:
        """Choices in the order this student sees them (types with choices override this)."""
        return []


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

    def display_choices(self, seed: str) -> list[str]:
        return shuffled(self.choices, seed, self.id)


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
            details.append(f"You left out {plural(len(missed), 'right answer')}.")
        if wrong:  # how many, not which: naming them would give the answer away in two tries
            details.append(f"{len(wrong)} of your ticks {'is' if len(wrong) == 1 else 'are'} not right.")
        return CheckResult(picked == expected, score, details)

    def _ordered(self, items) -> list[str]:
        return [c for c in self.choices if c in items]

    def answer_text(self) -> str:
        return "; ".join(self._ordered(set(self.answer)))

    def display_choices(self, seed: str) -> list[str]:
        return shuffled(self.choices, seed, self.id)


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
        """``answer`` is an iterable of marked token indices (ints) or of marked words.

        Score: marked words that are right, divided by the words that are right or
        marked (right ones and wrong ones together). One extra click on a one-word
        target gives 1/2, not 0; marking every word of a long sentence gives little.
        The feedback counts what was found and names only the words the student
        marked wrongly, never the ones still to find.
        """
        marked = self._as_indices(answer)
        if not marked:
            return _not_attempted(f"Mark the {self._target_words()} in the sentence, then press Check.")
        expected = self.expected_indices()
        hits, wrong = marked & expected, marked - expected
        score = len(hits) / len(expected | marked)
        details = []
        phrases = [p for p in self.answer if phrase_positions(self.tokens, p)]
        found = [p for p in phrases
                 if all(set(run) <= marked for run in phrase_positions(self.tokens, p))]
        if len(found) < len(phrases):
            details.append(f"You found {len(found)} of {plural(len(phrases), self._target_noun())}.")
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

    def _target_noun(self) -> str:
        """What one answer phrase is, for counts ("1 of 2 hedges")."""
        return {"hedges": "hedge", "boosters": "booster", "attribution": "source phrase"}.get(self.target, "phrase")

    def idea(self) -> str:
        return self.wrong_try or SPOT_WRONG_TRY.get(self.target, DEFAULT_WRONG_TRY["spot"])

    def answer_text(self) -> str:
        return ", ".join(f"“{p}”" for p in self.answer)

    def quoted_sentences(self) -> list[Evidence]:
        return [Evidence(self.article, self.sentence), *self.evidence, *self._key_quotes()]


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
        wrong = sum(1 for item, g in zip(self.items, given) if g and g != item.answer)
        if wrong:  # how many, not which: naming them would let a student try labels one by one
            details.append(f"{wrong} of your {sum(1 for g in given if g)} labels {'is' if wrong == 1 else 'are'} "
                           "not right yet. Read each sentence again: who, if anyone, could you ask?")
        return CheckResult(right == len(self.items), right / len(self.items), details)

    def answer_text(self) -> str:
        return "; ".join(f"sentence {n}: {item.answer}" for n, item in enumerate(self.items, start=1))

    def idea(self) -> str:
        return self.wrong_try or DEFAULT_WRONG_TRY["label"]

    def quoted_sentences(self) -> list[Evidence]:
        return [Evidence(i.article, i.sentence) for i in self.items] + list(self.evidence) + self._key_quotes()


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


NUMBER_FORM = ("Type one number with digits, for example 1544 or 2.5. A comma or a space between "
               "thousands is fine (1,544 or 1 544), and so is a unit word after it (1544 words).")

_SPACES = "[ \u00a0\u202f]"
# digits, then an optional unit: whatever follows after a space, starting with a letter or %
_NUMBER_AND_UNIT = re.compile(r"^([+-]?[0-9][0-9,. \u00a0\u202f]*?)(?:" + _SPACES + r"+[^\W\d_].*|"
                              + _SPACES + r"*%.*)?$")
_PLAIN = re.compile(r"^[+-]?[0-9]+(?:\.[0-9]+)?$")
_GROUPED = re.compile(r"^[+-]?[0-9]{1,3}(?:(,|" + _SPACES + r")[0-9]{3})+(?:\.[0-9]+)?$")
_DECIMAL_COMMA = re.compile(r"^[+-]?[0-9]+,[0-9]{1,2}$")


@dataclass(frozen=True)
class ParsedNumber:
    """What a student typed, read as a number: ``value``, or ``None`` and a ``message``."""

    value: float | None
    message: str = ""
    empty: bool = False


def parse_number(answer: Any) -> ParsedNumber:
    """Read a typed number: "1544", "1,544", "1 544", " 2.5 ", "2,5", "1544 words".

    A comma followed by exactly three digits separates thousands (``1,544`` is
    1544); a comma followed by one or two digits is a decimal comma (``2,5``).
    Anything else that is not plainly one number (``1,5443``, ``1.544,5``,
    ``12 34``, two numbers) gets a message saying what form is expected, rather
    than a guess.
    """
    if answer is None or isinstance(answer, bool):
        return ParsedNumber(None, empty=True)
    if isinstance(answer, (int, float)):
        return ParsedNumber(float(answer)) if math.isfinite(answer) else ParsedNumber(None, NUMBER_FORM)
    text = str(answer).strip()
    if not text:
        return ParsedNumber(None, empty=True)
    match = _NUMBER_AND_UNIT.match(text)
    if not match:
        return ParsedNumber(None, f"“{text}” is not a number I can read. {NUMBER_FORM}")
    number = match.group(1).strip()
    if number.endswith(".") and number.count(".") == 1:  # "1544." at the end of a sentence
        number = number[:-1]
    if _PLAIN.match(number):
        return ParsedNumber(float(number))
    grouped = _GROUPED.match(number)
    if grouped:
        separators = set(re.findall(r"[, \u00a0\u202f]", number.split(".")[0]))
        if len(separators) == 1:
            return ParsedNumber(float(re.sub(r"[, \u00a0\u202f]", "", number)))
    if _DECIMAL_COMMA.match(number):
        return ParsedNumber(float(number.replace(",", ".")))
    return ParsedNumber(None, f"“{text}” could be read in more than one way. {NUMBER_FORM}")


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
        parsed = parse_number(answer)
        if parsed.empty:
            return _not_attempted("Type a number, then press Check.")
        if parsed.value is None:
            return _not_attempted(parsed.message)
        value = parsed.value
        expected = self.expected()
        if abs(value - expected) <= self.tolerance + 1e-9:
            return CheckResult(True, 1.0)
        direction = "too high" if value > expected else "too low"
        return CheckResult(False, 0.0, [f"{format_number(value)} is {direction}."])

    def answer_text(self) -> str:
        text = format_number(self.expected())
        if self.tolerance:
            text += f" (anything within ±{format_number(self.tolerance)} counts)"
        if self.computed:
            text += f", computed by medialit.profile for article {self.answer['article']}"
        return text


#: What a wrong attempt says when a question has no ``wrong_try`` of its own.
DEFAULT_WRONG_TRY = {
    "single": "Read the evidence in the article again and ask which answer it really supports.",
    "multiple": "Check each choice on its own against the article: some are right and some are not.",
    "spot": "Read the sentence word by word and ask what each word does to the claim.",
    "label": ("Ask who the sentence gives as the source of its claim. Named: a person, organisation or document "
              "you could look up (a title only one person holds counts). Anonymous: one particular person whose "
              "name is withheld. Vague: a group, a passive or 'reportedly', with nobody behind it. None: the "
              "sentence states a fact and credits nobody."),
    "number": "Check how the number is counted, then count again.",
}

SPOT_WRONG_TRY = {
    "hedges": ("A hedge makes a claim less certain, or puts distance between the writer and the claim. "
               "Ask of each word whether the sentence would sound surer without it. Words of amount or "
               "degree do not count."),
    "boosters": ("A booster makes a claim sound more certain or more important than the evidence shows. "
                 "It can be one word or a short phrase: ask whether the sentence would sound less sure "
                 "without it."),
    "attribution": "Mark only the words that tell you who the claim comes from, not what they said.",
}


QUESTION_TYPES = {
    "single": SingleChoice,
    "multiple": MultipleChoice,
    "spot": SpotWords,
    "label": LabelSentences,
    "number": NumberQuestion,
}
