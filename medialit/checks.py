"""Self-check helpers for the exercise notebooks (exercises/ and solutions/).

Each question in an assignment is a :class:`Problem`: a rule that judges an
answer plus the hints a student sees. A notebook uses it in two ways:

* ``q.q1a.check(answer)`` in a *visible* test cell. It prints a friendly
  message: **Correct**, **Not attempted** (the answer is still the ``...``
  placeholder) or raises ``AssertionError`` with **Incorrect** and a hint.
  An untouched exercise therefore runs from top to bottom without error,
  while a wrong attempt fails the cell (and nbgrader gives it no points).
* ``q.q1a.grade(answer)`` inside ``### BEGIN HIDDEN TESTS``. The same rule,
  but "not attempted" also fails, so an empty answer earns no points.

Anything the student's code writes to the error stream while it is being
checked (a warning, a ``print(..., file=sys.stderr)``) is caught and shown as
a note on standard output. nbgrader gives zero to a test cell with stderr
output, and a harmless warning must not cost a correct answer its points.

Questions with several items (label six phrases, sort eight claims) give
partial credit: ``check`` prints how many items are right without failing
the cell, and ``grade`` ends the hidden test with the points earned, which
nbgrader reads as the cell's score.

Expected values are worked out when the check runs, from the toolkit and the
data files (the corpus, the expert key, data/reference/timeline.csv), never
typed in here. Answers that are a reader's judgement (how a phrase is
sourced, whether a claim can be accepted) live in data files next to the
assignment (data/exercises/keys/<assignment>.yaml) with the reason for each,
and are checked against the expert key and the record when they are loaded.
"""
from __future__ import annotations

import contextlib
import io
import math
import re
import warnings
from dataclasses import dataclass, field
from typing import Any, Callable

from medialit.errors import DataFileError, ExerciseError, MedialitError
from medialit.exercise_tools import (  # noqa: F401 (re-exported: the helpers students use)
    CONSTRUCTED_LABEL,
    HEDGE_VOCABULARY,
    _body,
    _constructed_body,
    _occurrences,
    _places,
    _plain_quotes,
    _word_in,
    compare_hedge_scores,
    constructed_article_path,
    detector_labels,
    hedge_places,
    hedge_scores,
    load_constructed_article,
)

__all__ = [
    "ExerciseError",
    "Incorrect",
    "Problem",
    "PartialProblem",
    "Assignment",
    "load_checks",
    "is_placeholder",
    "load_constructed_article",
    "hedge_scores",
    "HEDGE_VOCABULARY",
    "hedge_places",
    "hedge_disagreements",
    "compare_hedge_scores",
    "a1_phrases",
    "SOURCE_TYPES",
    "a1_key_disagreements",
    "a4_claims",
    "CORRECT",
    "NOT_ATTEMPTED",
    "INCORRECT",
]

CORRECT = "correct"
NOT_ATTEMPTED = "not attempted"
INCORRECT = "incorrect"


class Incorrect(Exception):
    """Raised by a judge: the answer was attempted but is not right (message = what to look at)."""


def is_placeholder(value: Any) -> bool:
    """True while the answer is still the starter placeholder (``...`` or ``None``)."""
    if value is Ellipsis or value is None:
        return True
    if isinstance(value, str) and value.strip() in {"", "...", "____"}:
        return True
    if isinstance(value, dict) and value and all(v is Ellipsis for v in value.values()):
        return True
    return False


@dataclass
class Outcome:
    status: str
    message: str
    notes: list[str] = field(default_factory=list)

    def text(self, title: str) -> str:
        head = {CORRECT: "Correct", NOT_ATTEMPTED: "Not attempted", INCORRECT: "Incorrect"}[self.status]
        lines = [f"{head} - {title}: {self.message}"]
        for note in self.notes:
            lines.append(f"  Note (not counted against you): {note}")
        return "\n".join(lines)


@contextlib.contextmanager
def _quiet(notes: list[str]):
    """Catch warnings and stderr writes made while an answer is judged; keep them as notes."""
    buffer = io.StringIO()
    with warnings.catch_warnings(record=True) as caught, contextlib.redirect_stderr(buffer):
        warnings.simplefilter("always")
        try:
            yield
        finally:
            for w in caught:
                notes.append(f"a {w.category.__name__} was raised: {w.message}")
            extra = buffer.getvalue().strip()
            if extra:
                notes.append(f"your code wrote to the error stream: {extra[:300]}")


@dataclass
class Problem:
    """One checkable question.

    ``judge(answer)`` returns a short "what is right" message or raises
    :class:`Incorrect` with "what to look at again". ``hint`` is shown with
    every incorrect answer and by ``.hint()``.
    """

    qid: str
    title: str
    judge: Callable[[Any], str]
    hint_text: str
    points: int = 1

    def evaluate(self, answer: Any) -> Outcome:
        """Judge without raising; warnings and stderr are turned into notes."""
        notes: list[str] = []
        with _quiet(notes):
            if is_placeholder(answer):
                return Outcome(
                    NOT_ATTEMPTED,
                    "replace the ... in the answer cell above with your answer, run that cell, "
                    "then run this one again.",
                    notes,
                )
            try:
                message = self.judge(answer)
                outcome = Outcome(CORRECT, message or "well done.", notes)
            except Incorrect as exc:
                outcome = Outcome(INCORRECT, f"{exc} Hint: {self.hint_text}", notes)
            except MedialitError:
                raise
            except Exception as exc:  # a wrong type, a missing column ...
                outcome = Outcome(
                    INCORRECT,
                    f"your answer could not be checked ({type(exc).__name__}: {exc}). "
                    f"Hint: {self.hint_text}",
                    notes,
                )
        return outcome

    def check(self, answer: Any) -> None:
        """Visible self-check: print the outcome; fail the cell only when attempted and wrong.

        Returns None so the notebook shows the message once (use ``evaluate`` for the Outcome).
        """
        outcome = self.evaluate(answer)
        text = outcome.text(f"{self.qid} ({self.title})")
        if outcome.status == INCORRECT:
            raise AssertionError(text)
        print(text)

    def grade(self, answer: Any) -> None:
        """Hidden grading test: anything but a correct answer fails the cell."""
        outcome = self.evaluate(answer)
        if outcome.status != CORRECT:
            raise AssertionError(outcome.text(f"{self.qid} ({self.title})"))
        for note in outcome.notes:
            print(f"Note (not counted against you): {note}")

    def hint(self) -> None:
        print(f"Hint for {self.qid}: {self.hint_text}")


@dataclass
class PartialProblem(Problem):
    """A question of several items, each worth an equal share of ``points``.

    ``judge(answer)`` returns ``(right, total, remarks)``: how many items are
    right and one remark per wrong item (what to look at, never the answer).
    ``check`` prints the outcome and does not fail the cell, because a failed
    cell would score 0 and lose the partial credit; ``grade`` returns the
    points earned, so a hidden test that ends with it gives nbgrader the score.
    """

    def score(self, answer: Any) -> tuple[float, Outcome]:
        notes: list[str] = []
        with _quiet(notes):
            if is_placeholder(answer):
                return 0.0, Outcome(
                    NOT_ATTEMPTED,
                    "replace the ... in the answer cell above with your answers, run that cell, "
                    "then run this one again.",
                    notes,
                )
            try:
                right, total, remarks = self.judge(answer)
            except Incorrect as exc:
                return 0.0, Outcome(INCORRECT, f"{exc} Hint: {self.hint_text}", notes)
            except MedialitError:
                raise
            except Exception as exc:  # a wrong type, a missing key ...
                return 0.0, Outcome(
                    INCORRECT,
                    f"your answer could not be checked ({type(exc).__name__}: {exc}). Hint: {self.hint_text}",
                    notes,
                )
        earned = round(self.points * right / total, 2)
        if right == total:
            return earned, Outcome(CORRECT, f"all {total} right.", notes)
        message = (f"{right} of {total} right ({earned:g} of {self.points:g} points). Look again at: "
                   + "; ".join(remarks) + f". Hint: {self.hint_text}")
        return earned, Outcome(INCORRECT, message, notes)

    def evaluate(self, answer: Any) -> Outcome:
        return self.score(answer)[1]

    def check(self, answer: Any) -> None:
        """Visible self-check: print the outcome (partly right answers do not fail the cell)."""
        print(self.evaluate(answer).text(f"{self.qid} ({self.title})"))

    def grade(self, answer: Any) -> float:
        """Hidden grading test: the points earned (nbgrader's partial credit)."""
        earned, outcome = self.score(answer)
        for note in outcome.notes:
            print(f"Note (not counted against you): {note}")
        return earned


class Assignment:
    """The problems of one assignment, reachable as attributes (``q.q1a``)."""

    def __init__(self, name: str, problems: list[Problem]):
        self.name = name
        self._problems = {p.qid: p for p in problems}

    def __getattr__(self, qid: str) -> Problem:
        problems = self.__dict__.get("_problems", {})
        if qid in problems:
            return problems[qid]
        raise ExerciseError(
            f"{self.__dict__.get('name', '?')} has no question {qid!r}; "
            f"the questions are: {', '.join(sorted(problems))}."
        )

    def __dir__(self):
        return sorted(self._problems)

    @property
    def problems(self) -> list[Problem]:
        return list(self._problems.values())


# ---------------------------------------------------------------- helpers

def _norm_label(value: Any) -> str:
    return re.sub(r"\s+", " ", str(value)).strip().strip(".").lower()


def _count_labels(answer: Any, key: dict[str, tuple[str, str]], what: str,
                  labels: tuple[str, ...] = ()) -> tuple[int, int, list[str]]:
    """Compare a dict {item: label} with a key {item: (label, why)}: (right, total, remarks).

    A missing or unlabelled item counts as wrong; each remark names the item and
    the idea to look at again, never the expected label. With ``labels``, a label
    outside that list is also wrong, and its remark lists the labels there are
    (all of them, so it gives nothing away).
    """
    if not isinstance(answer, dict):
        raise Incorrect(f"{what} should be a dict like {{'item': 'label'}}, not {type(answer).__name__}.")
    given = {_norm_label(k): v for k, v in answer.items()}
    remarks = []
    for item, (label, why) in key.items():
        value = given.get(_norm_label(item), Ellipsis)
        if _norm_label(item) not in given:
            remarks.append(f"'{item}' is missing from your dict")
        elif value is Ellipsis:
            remarks.append(f"'{item}' has no label yet")
        elif labels and _norm_label(value) not in labels:
            remarks.append(f"'{item}': {value!r} is not one of the labels ({', '.join(labels)})")
        elif _norm_label(value) != label:
            remarks.append(f"'{item}': {why}")
    return len(key) - len(remarks), len(key), remarks


def _key_file(assignment: str) -> dict:
    """The answer key of one assignment (data/exercises/keys/<assignment>.yaml)."""
    import yaml
    from medialit.errors import DataFileError
    from medialit.files import load_yaml
    from medialit.paths import data_dir

    path = data_dir() / "exercises" / "keys" / f"{assignment}.yaml"
    try:
        data = load_yaml(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise DataFileError(f"{path} is missing; restore it from the repository.") from None
    except yaml.YAMLError as exc:
        raise DataFileError(f"{path} is not valid YAML ({exc}); fix the file or restore it.") from None
    if not isinstance(data, dict):
        raise DataFileError(f"{path} should hold a mapping (see the comment at its top).")
    return data


def _same_spans(answer: Any, expected, what: str, columns: list[str]) -> str:
    import pandas as pd

    if not isinstance(answer, pd.DataFrame):
        raise Incorrect(f"{what} should be a pandas DataFrame, not {type(answer).__name__}.")
    missing = [c for c in columns if c not in answer.columns]
    if missing:
        raise Incorrect(f"{what} lacks the column(s) {missing}; keep the toolkit's columns.")
    got = answer[columns].sort_values(columns[:2]).reset_index(drop=True)
    exp = expected[columns].sort_values(columns[:2]).reset_index(drop=True)
    if len(got) != len(exp):
        raise Incorrect(f"{what} has {len(got)} rows; the toolkit finds {len(exp)} in that text.")
    if not got.astype(str).equals(exp.astype(str)):
        raise Incorrect(f"{what} has the right number of rows but different spans.")
    return f"{what} has the {len(exp)} rows the toolkit finds."


def _as_counts(answer: Any) -> dict[str, int]:
    import pandas as pd

    if isinstance(answer, pd.Series):
        answer = answer.to_dict()
    if not isinstance(answer, dict):
        raise Incorrect(f"the ledger should be a dict (or Series) of counts, not {type(answer).__name__}.")
    return {_norm_label(k): int(v) for k, v in answer.items() if int(v) != 0}


def _close(a: Any, b: float, tol: float = 0.011) -> bool:
    try:
        return math.isclose(float(a), float(b), abs_tol=tol)
    except (TypeError, ValueError):
        return False


def _timeline():
    import pandas as pd
    from medialit.paths import data_dir

    return pd.read_csv(data_dir() / "reference" / "timeline.csv", dtype=str)


def _record_date(*words: str) -> str:
    """The date of the single timeline row whose event mentions every word."""
    tl = _timeline()
    mask = tl["event"].str.lower().apply(lambda e: all(w.lower() in e for w in words))
    rows = tl[mask]
    if len(rows) != 1:
        raise ExerciseError(
            f"data/reference/timeline.csv should have one event mentioning {words}, found {len(rows)}; "
            "tell your instructor the reference file changed."
        )
    return rows["date"].iloc[0]


def _iso_date(answer: Any) -> str:
    import pandas as pd

    try:
        return pd.Timestamp(str(answer)).strftime("%Y-%m-%d")
    except (ValueError, TypeError):
        raise Incorrect(f"{answer!r} is not a date; write it like '2024-01-31'.") from None


# ------------------------------------------------------- a1_attributions

# The source types of the rule book (data/annotations/README.md, rule S0), in the
# order it gives them. Part 1's phrases all name a source, so their key labels are
# named, anonymous or vague, but the check accepts any of the five as a label.
from .vocabulary import SOURCE_TYPES  # noqa: E402 (the rule book's five, in one place)


def _a1_entries() -> list[dict]:
    from medialit.errors import DataFileError

    data = _key_file("a1_attributions")
    entries = data.get("phrases")
    if not isinstance(entries, list) or not entries:
        raise DataFileError("data/exercises/keys/a1_attributions.yaml needs a non-empty 'phrases' list.")
    for n, entry in enumerate(entries, start=1):
        missing = [f for f in ("phrase", "article", "label", "why") if not entry.get(f)]
        if missing:
            raise DataFileError(f"data/exercises/keys/a1_attributions.yaml, phrase {n}: missing {', '.join(missing)}.")
        if entry["label"] not in SOURCE_TYPES:
            raise DataFileError(f"data/exercises/keys/a1_attributions.yaml, phrase {n}: label {entry['label']!r} "
                                f"is not a source type of the rule book ({', '.join(SOURCE_TYPES)}).")
    return entries


def a1_key_disagreements() -> list[str]:
    """Where a1's answer key and the expert key disagree (empty when they agree).

    Each phrase must overlap the source_text of exactly one expert-key row of
    its article (one holds the other), and its label must be that row's source_type.
    """
    import medialit

    key = medialit.load_expert_key()
    problems = []
    for entry in _a1_entries():
        rows = key[key["article_id"] == str(entry["article"])]
        phrase = _plain_quotes(entry["phrase"]).lower()
        source = rows["source_text"].fillna("").map(_plain_quotes).str.lower()
        match = rows[source.map(lambda t: bool(t) and (phrase in t or t in phrase))]
        if len(match) != 1:
            problems.append(f"'{entry['phrase']}': {len(match)} rows of article {entry['article']} in the expert key "
                            "have it as their source_text (expected 1)")
            continue
        row = match.iloc[0]
        if row["source_type"] != entry["label"]:
            problems.append(f"'{entry['phrase']}': a1 says {entry['label']}, the expert key row "
                            f"{row['article_id']}:{row['sentence_index']} says {row['source_type']}")
    return problems


def a1_phrases() -> dict[str, tuple[str, str]]:
    """a1 part 1's key {phrase: (label, why)}, after checking it against the expert key."""
    problems = a1_key_disagreements()
    if problems:
        raise ExerciseError(
            "the a1 answer key (data/exercises/keys/a1_attributions.yaml) disagrees with the expert key: "
            + "; ".join(problems) + ". Tell your instructor; the key file needs updating."
        )
    return {e["phrase"]: (e["label"], e["why"]) for e in _a1_entries()}


def _a1_q1(answer):
    return _count_labels(answer, a1_phrases(), "source_types", SOURCE_TYPES)


def _a1_q2a(answer):
    import medialit

    expected = medialit.find_attributions(_body("001"))
    return _same_spans(answer, expected, "attributions_001", ["start", "end", "source_type"])


def _a1_q2b(answer):
    import medialit

    counts = medialit.find_attributions(_body("001"))["source_type"].value_counts().to_dict()
    expected = {_norm_label(k): int(v) for k, v in counts.items() if v}
    got = _as_counts(answer)
    if got != expected:
        raise Incorrect(f"your ledger says {got}; count the source_type column of attributions_001 again.")
    return f"the ledger counts {expected}."


def _part(kind, assignment: str, qid: str, judge, points: int):
    """A problem whose title and hint come from data/exercises/forms.yaml (shared with the
    students' self-checks, so each is written once)."""
    from medialit.selfcheck import forms

    try:
        part = forms()[assignment][qid]
    except KeyError:
        raise DataFileError(f"data/exercises/forms.yaml has no part {assignment}.{qid}; add its title, hint "
                            "and form.") from None
    return kind(qid, str(part["title"]), judge, " ".join(str(part["hint"]).split()), points=points)


A1 = Assignment("a1_attributions", [
    _part(PartialProblem, "a1_attributions", "q1", _a1_q1, points=3),
    _part(Problem, "a1_attributions", "q2a", _a1_q2a, points=1),
    _part(Problem, "a1_attributions", "q2b", _a1_q2b, points=2),
])


# ------------------------------------------------------------ a2_hedges


def _a2_q1(answer):
    import medialit

    return _same_spans(answer, medialit.find_hedges(_body("002")), "hedges_002", ["start", "end", "kind"])


def _key_hedge_cues(row) -> list[str]:
    """The hedge (not booster) cues the expert key lists for one sentence, lower case."""
    cues = str(row["hedge_cues"]) if isinstance(row["hedge_cues"], str) else ""
    return [_plain_quotes(c).lower() for c in (x.strip() for x in cues.split("|")) if c and not c.startswith("+")]


def _is_key_hedge(term: str, row) -> bool:
    """True when the expert key counts ``term`` as a hedge in this sentence."""
    term = _plain_quotes(term).lower()
    return any(term == cue or _word_in(term, cue) or _word_in(cue, term) for cue in _key_hedge_cues(row))


def _tool_is_wrong(place: dict) -> bool:
    """The detector and the expert key disagree about this word in this sentence."""
    return place["flagged"] != _is_key_hedge(place["word"], place["key_row"])


def hedge_disagreements() -> list[tuple[str, str, str, bool]]:
    """(article_id, word, sentence, flagged) for every place a2 part 2 accepts.

    Either the detector flags the word but the expert key does not count it as
    a hedge in that sentence (a false alarm), or the key counts it and the
    detector does not flag it (a miss).
    """
    return sorted({(p["article_id"], p["word"].lower(), p["key_row"]["text"], p["flagged"])
                   for p in _places() if _tool_is_wrong(p)})


def _a2_q2(answer) -> str:
    import medialit

    if not isinstance(answer, dict) or not {"term", "sentence"} <= set(answer):
        raise Incorrect("tool_error should be a dict with the keys 'term' and 'sentence'.")
    term, quote = answer["term"], answer["sentence"]
    if term is Ellipsis or quote is Ellipsis:
        raise Incorrect("fill in both the word and the sentence.")
    if not isinstance(term, str) or not term.strip():
        raise Incorrect("the word should be in quotes, e.g. \"perhaps\".")
    if not isinstance(quote, str) or len(_plain_quotes(quote)) < 20:
        raise Incorrect("quote the sentence the word stands in (copy it from the table; at least a few words).")
    term, quote = term.strip().lower(), _plain_quotes(quote)
    key = medialit.load_expert_key()
    rows = key[key["text"].map(_plain_quotes).str.lower().str.contains(quote.lower(), regex=False)]
    if rows.empty:
        raise Incorrect("that sentence is not quoted exactly from any article body; copy it from the table.")
    if len(rows) > 1:
        raise Incorrect("those words occur in more than one sentence; quote more of the sentence you mean.")
    row = rows.iloc[0]
    if not _word_in(term, quote):
        raise Incorrect(f"'{term}' does not occur in the sentence you quoted.")
    here = [p for p in _places() if p["article_id"] == row["article_id"]
            and p["key_row"]["start"] == row["start"] and _word_in(term, p["word"].lower())]
    if not here:
        raise Incorrect(f"'{term}' is not in the table for that sentence; pick a row of the table.")
    if not any(_tool_is_wrong(p) for p in here):
        flagged = here[0]["flagged"]
        raise Incorrect(
            f"here the tool {'flags' if flagged else 'does not flag'} '{term}', and that looks right: "
            f"{'it does make the claim less certain' if flagged else 'it does another job in this sentence'}. "
            "Find a row where the tool's answer does not fit the sentence."
        )
    flagged = here[0]["flagged"]
    kind = "flags it, but it does not hedge this sentence" if flagged else "misses it, but it hedges this sentence"
    return f"the tool {kind} (article {row['article_id']})."


def _direction(before: float, after: float) -> str:
    """'up', 'down' or 'same' (differences below 0.0005 do not show in the table and count as same)."""
    if abs(after - before) < 0.0005:
        return "same"
    return "up" if after > before else "down"


WORKED_EXAMPLE_TERM = "some"  # a2 part 3's worked example (the notebook shows compare_hedge_scores("some"))


def _a2_q3(answer):
    import medialit

    if not isinstance(answer, dict) or not {"new_term", "precision", "recall"} <= set(answer):
        raise Incorrect("effect should be a dict with the keys 'new_term', 'precision' and 'recall'.")
    term = answer["new_term"]
    if not isinstance(term, str) or not term.strip():
        raise Incorrect("effect['new_term'] should be the word you tried, in quotes.")
    term = term.strip().lower()
    if term == WORKED_EXAMPLE_TERM:
        raise Incorrect(f"'{term}' is the worked example; pick another word from the table.")
    if not any(_occurrences(term, body) for body in medialit.load_corpus()["body"]):
        raise Incorrect(f"'{term}' does not occur in any article body; pick a word from the table.")
    before, after = hedge_scores(), hedge_scores((term,))
    remarks, right = [], 0
    for metric in ("precision", "recall"):
        given = _norm_label(answer[metric]) if isinstance(answer[metric], str) else answer[metric]
        if given not in ("up", "down", "same"):
            remarks.append(f"'{metric}' should be \"up\", \"down\" or \"same\"")
        elif given == _direction(before[metric], after[metric]):
            right += 1
        else:
            remarks.append(f"'{metric}': compare its two columns in the table again")
    return right, 2, remarks


A2 = Assignment("a2_hedges", [
    _part(Problem, "a2_hedges", "q1", _a2_q1, points=1),
    _part(Problem, "a2_hedges", "q2", _a2_q2, points=2),
    _part(PartialProblem, "a2_hedges", "q3", _a2_q3, points=2),
])


# ---------------------------------------------------------- a3_specifics

def _a3_q1(answer):
    import medialit

    return _same_spans(answer, medialit.find_specifics(_body("003")), "specifics_003", ["start", "end", "kind"])


def _a3_q2(answer):
    import medialit

    spec = medialit.find_specifics(_body("003"))
    expected = spec[~spec["supported"].astype(bool)]
    return _same_spans(answer, expected, "unsupported_003", ["start", "end", "kind"])


def _a3_q3(answer):
    expected = _record_date("incursion", "kursk")
    got = _iso_date(answer)
    if got != expected:
        raise Incorrect(f"{got} is not the date the timeline gives for the start of the Kursk incursion.")
    return f"the record dates the incursion to {expected}; article 003 only says 'late 2024'."


def _a3_q4(answer):
    if not isinstance(answer, dict) or not {"record_date", "claim_holds"} <= set(answer):
        raise Incorrect("first_acknowledgment should be a dict with 'record_date' and 'claim_holds'.")
    expected = _record_date("credits north korean troops", "first time")
    got = _iso_date(answer["record_date"])
    if got != expected:
        raise Incorrect(f"{got} is not the date the timeline gives for the first public Russian credit.")
    # 003's claim holds only if no Russian official credited the troops before the message was sent.
    sent = _message_sent_date()
    holds = expected >= sent
    said = answer["claim_holds"]
    if isinstance(said, str):  # "False" typed in quotes still says False
        said = {"true": True, "yes": True, "false": False, "no": False}.get(said.strip().lower(), said)
    if said is not holds:
        raise Incorrect(
            "the date is right; now compare it with the date the December 2025 message was sent: "
            "was that message really the first time?"
        )
    return (f"a Russian official credited the troops on {expected}, before the New Year message "
            f"was sent on {sent}." if not holds else f"the record's first credit is {expected}.")


def _message_sent_date() -> str:
    """The date Putin's New Year message was sent, read from the timeline row that reports it."""
    row = _record_date("publishes putin's new year message")
    tl = _timeline().set_index("date")
    event = tl.loc[row, "event"]
    found = re.search(r"sent on (\d{1,2} \w+)", event)
    if not found:
        raise ExerciseError("data/reference/timeline.csv: the row for Putin's New Year message no longer says "
                            "when it was sent; tell your instructor the reference file changed.")
    return _iso_date(f"{found.group(1)} {row[:4]}")


A3 = Assignment("a3_specifics", [
    _part(Problem, "a3_specifics", "q1", _a3_q1, points=1),
    _part(Problem, "a3_specifics", "q2", _a3_q2, points=1),
    _part(Problem, "a3_specifics", "q3", _a3_q3, points=2),
    _part(Problem, "a3_specifics", "q4", _a3_q4, points=2),
])


# ------------------------------------------------------------ a4_verdict

def a4_claims() -> dict[str, tuple[str, str]]:
    """a4 part 2's key {claim id: (verdict, why)}, read from data/exercises/keys/a4_verdict.yaml.

    The constructed article was written so that each claim has one defensible
    reading; ``tests/test_assignments.py`` checks each accepted claim against
    the timeline rows the key cites.
    """
    from medialit.errors import DataFileError

    claims = _key_file("a4_verdict").get("claims")
    if not isinstance(claims, dict) or not claims:
        raise DataFileError("data/exercises/keys/a4_verdict.yaml needs a 'claims' mapping (C1: ...).")
    key = {}
    for cid, entry in claims.items():
        if not isinstance(entry, dict) or entry.get("verdict") not in ("accept", "check") or not entry.get("why"):
            raise DataFileError(f"data/exercises/keys/a4_verdict.yaml, {cid}: needs verdict (accept or check) and why.")
        key[str(cid)] = (entry["verdict"], entry["why"])
    return key


def a4_claim_records() -> dict[str, list[str]]:
    """The timeline dates the a4 key cites for each claim (empty for claims to check)."""
    return {str(cid): [str(d) for d in (entry.get("record") or [])]
            for cid, entry in _key_file("a4_verdict")["claims"].items()}


def _a4_labels(answer):
    import medialit

    return _same_spans(answer, medialit.label_sentences(_constructed_body()), "labels_a4",
                       ["start", "end", "source_type"])


def _a4_weak(answer):
    import medialit

    labels = medialit.label_sentences(_constructed_body())
    expected = labels[labels["source_type"].isin(["vague", "none"])]
    return _same_spans(answer, expected, "weak_a4", ["start", "end", "source_type"])


def _a4_claims(ids):
    def judge(answer):
        key = {c: v for c, v in a4_claims().items() if c in ids}
        if not isinstance(answer, dict):
            raise Incorrect("claim_verdicts should be a dict like {'C1': 'accept', ...}.")
        part = {str(k).upper().strip(): v for k, v in answer.items() if str(k).upper().strip() in key}
        return _count_labels(part, key, "claim_verdicts", ("accept", "check"))

    return judge


A4 = Assignment("a4_verdict", [
    _part(Problem, "a4_verdict", "q1a", _a4_labels, points=1),
    _part(Problem, "a4_verdict", "q1b", _a4_weak, points=1),
    _part(PartialProblem, "a4_verdict", "q2a", _a4_claims(["C1", "C2", "C3", "C4"]), points=2),
    _part(PartialProblem, "a4_verdict", "q2b", _a4_claims(["C5", "C6", "C7", "C8"]), points=2),
])


_ASSIGNMENTS = {a.name: a for a in (A1, A2, A3, A4)}


def load_checks(assignment: str) -> Assignment:
    """The checks for one assignment, e.g. ``q = load_checks("a1_attributions")``."""
    try:
        return _ASSIGNMENTS[assignment]
    except KeyError:
        raise ExerciseError(
            f"no checks for assignment {assignment!r}; use one of {', '.join(sorted(_ASSIGNMENTS))}."
        ) from None
