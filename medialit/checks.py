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

Expected values are worked out when the check runs, from the toolkit and the
data files (the corpus, the expert key, data/reference/timeline.csv), never
typed in here; only answers that are a reader's judgement (how a phrase is
sourced, whether a claim can be accepted) are written down, with the reason.
"""
from __future__ import annotations

import contextlib
import io
import math
import re
import warnings
from dataclasses import dataclass, field
from typing import Any, Callable

from medialit.errors import ExerciseError, MedialitError

__all__ = [
    "ExerciseError",
    "Incorrect",
    "Problem",
    "Assignment",
    "load_checks",
    "is_placeholder",
    "load_constructed_article",
    "hedge_scores",
    "HEDGE_VOCABULARY",
    "missed_hedges",
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


def _judge_labels(answer: Any, key: dict[str, tuple[str, str]], what: str) -> str:
    """Compare a dict {item: label} with a key {item: (label, why)}; name every miss."""
    if not isinstance(answer, dict):
        raise Incorrect(f"{what} should be a dict like {{'phrase': 'label'}}, not {type(answer).__name__}.")
    given = {_norm_label(k): v for k, v in answer.items()}
    missing = [item for item in key if _norm_label(item) not in given]
    if missing:
        raise Incorrect(f"these items are missing from your dict: {missing}.")
    wrong = []
    for item, (label, why) in key.items():
        value = given[_norm_label(item)]
        if value is Ellipsis:
            wrong.append(f"'{item}' has no label yet")
        elif _norm_label(value) != label:
            wrong.append(f"'{item}' is not {_norm_label(value)!r} - {why}")
    if wrong:
        right = len(key) - len(wrong)
        raise Incorrect(f"{right} of {len(key)} right. Look again at: " + "; ".join(wrong) + ".")
    return f"all {len(key)} labelled as a careful reader would."


def _judge_part(key: dict[str, tuple[str, str]], what: str) -> Callable[[Any], str]:
    """A judge for the items of ``key`` only, so one dict can be graded in several parts."""
    wanted = {_norm_label(item) for item in key}

    def judge(answer: Any) -> str:
        if isinstance(answer, dict):
            answer = {k: v for k, v in answer.items() if _norm_label(k) in wanted}
        return _judge_labels(answer, key, what)

    return judge


def _body(article_id: str) -> str:
    import medialit

    corpus = medialit.load_corpus()
    return corpus.set_index("article_id").loc[article_id, "body"]


CONSTRUCTED_LABEL = "CONSTRUCTED FOR TEACHING"


def load_constructed_article():
    """The capstone's constructed article, ready to analyse, with its label kept apart.

    The file holds a headline, a paragraph that labels it as constructed for
    teaching, then the article. The label is not part of what students analyse,
    so it is moved to a ``label`` column and the rest goes through
    ``medialit.load_article`` like any text a reader brings.
    """
    import medialit
    from medialit.errors import DataFileError

    path = constructed_article_path()
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise DataFileError(f"{path} is missing; restore it from the repository (git checkout -- {path.name}).") from None
    parts = text.split("\n\n", 2)
    if len(parts) < 3 or not parts[1].strip().startswith(CONSTRUCTED_LABEL):
        raise DataFileError(
            f"{path}, paragraph 2: expected the label starting '{CONSTRUCTED_LABEL}'; "
            "keep the headline, a blank line, the label, a blank line, then the article."
        )
    article = medialit.load_article(parts[0] + "\n\n" + parts[2], article_id="a4")
    return article.assign(label=parts[1].strip())


def _constructed_body() -> str:
    return load_constructed_article()["body"].iloc[0]


def constructed_article_path():
    """Where the capstone's constructed article lives (data/exercises/)."""
    from medialit.paths import data_dir

    return data_dir() / "exercises" / "a4_constructed_article.txt"


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

A1_PHRASES = {
    "the Kursk region's governor": (
        "named",
        "an office held by one identifiable person; a reader can look up who said it",
    ),
    "the CTAK": (
        "named",
        "it names an organisation (KCNA, spelled from its Russian acronym); named, even though the name is garbled",
    ),
    "one Russian military officer, speaking on condition of anonymity": (
        "anonymous",
        "one particular person, deliberately not named",
    ),
    "insiders familiar with the operation": (
        "anonymous",
        "the writer claims particular people told them, but gives no names",
    ),
    "unverified but widely circulated reports among Russian military circles": (
        "vague",
        "no particular source at all: 'reports' circulating somewhere",
    ),
    "has been interpreted by some": (
        "vague",
        "'some' points at nobody in particular",
    ),
}
A1_NAMED_ANON = {k: v for k, v in A1_PHRASES.items() if v[0] in ("named", "anonymous")}
A1_VAGUE = {k: v for k, v in A1_PHRASES.items() if v[0] == "vague"}


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


A1 = Assignment(
    "a1_attributions",
    [
        Problem(
            "q1a",
            "named and anonymous sources",
            _judge_part(A1_NAMED_ANON, "source_types"),
            "Could you find this source and ask them? Named: yes. Anonymous: a particular "
            "source exists, the writer says, but you are not told who.",
            points=2,
        ),
        Problem(
            "q1b",
            "vague sources",
            _judge_part(A1_VAGUE, "source_types"),
            "Vague means no particular source at all: 'reports', 'some', 'it is said'.",
            points=1,
        ),
        Problem(
            "q2a",
            "attributions in article 001",
            _a1_q2a,
            "Run medialit.find_attributions on the body of article 001 (not its full text).",
            points=1,
        ),
        Problem(
            "q2b",
            "sourcing ledger for 001",
            _a1_q2b,
            "attributions_001['source_type'].value_counts() gives the counts; .to_dict() makes a dict.",
            points=2,
        ),
    ],
)


# ------------------------------------------------------------ a2_hedges

def _word_in(term: str, text: str) -> bool:
    return bool(_occurrences(term, text))


def _a2_q1(answer):
    import medialit

    return _same_spans(answer, medialit.find_hedges(_body("002")), "hedges_002", ["start", "end", "kind"])


# Common hedging expressions in English news writing: approximators ("about",
# "nearly"), plausibility shields ("would", "seen as"), vague quantities
# ("some"), modal and evidential words. a2 asks students to pick one that
# occurs in the articles but that the detector does not flag, add it, and
# measure what that does to precision and recall.
HEDGE_VOCABULARY = (
    "about", "almost", "apparently", "appears", "approximately", "arguably", "around",
    "believed", "could", "estimated", "generally", "hints", "in part", "indicates",
    "interpreted", "largely", "likely", "may", "might", "nearly", "perhaps", "possibly",
    "potential", "potentially", "presumably", "probably", "relatively", "reportedly",
    "roughly", "seems", "seen as", "signals", "some", "somewhat", "speculation",
    "suggests", "tend to", "typically", "unclear", "uncertain", "would",
)


def _occurrences(term: str, text: str) -> list[tuple[int, int]]:
    pattern = r"(?<!\w)" + re.escape(term.lower()) + r"(?!\w)"
    return [m.span() for m in re.finditer(pattern, text.lower())]


def missed_hedges() -> list[str]:
    """Terms of HEDGE_VOCABULARY that occur in a body where no detected hedge covers them."""
    import medialit

    corpus = medialit.load_corpus()
    missed = []
    for term in HEDGE_VOCABULARY:
        for body in corpus["body"]:
            cues = medialit.find_hedges(body)
            spans = list(zip(cues.loc[cues["kind"] == "hedge", "start"], cues.loc[cues["kind"] == "hedge", "end"]))
            if any(not any(s < ce and cs < e for cs, ce in spans) for s, e in _occurrences(term, body)):
                missed.append(term)
                break
    return missed


def _a2_check_term(term: Any) -> str:
    import medialit

    if not isinstance(term, str) or not term.strip():
        raise Incorrect("new_term should be a word or phrase in quotes, like 'nearly'.")
    term = term.strip().lower()
    if term not in HEDGE_VOCABULARY:
        raise Incorrect(f"'{term}' is not in HEDGE_VOCABULARY; pick a hedging expression from that list.")
    corpus = medialit.load_corpus()
    where = [aid for aid, body in zip(corpus["article_id"], corpus["body"]) if _occurrences(term, body)]
    if not where:
        raise Incorrect(f"'{term}' does not occur in any article body; pick a term the articles use.")
    if term not in missed_hedges():
        raise Incorrect(f"the detector already flags every '{term}' in the articles; look for one it misses.")
    return f"'{term}' occurs in article(s) {', '.join(where)} and the detector misses at least one of them."


def detector_labels():
    """label_sentences for every article body, with an article_id column (the 'predicted' table)."""
    import medialit
    import pandas as pd

    corpus = medialit.load_corpus()
    return pd.concat(
        [medialit.label_sentences(body).assign(article_id=aid) for aid, body in zip(corpus["article_id"], corpus["body"])],
        ignore_index=True,
    )


def hedge_scores(extra_terms: tuple[str, ...] = ()) -> dict[str, float]:
    """Precision and recall of the hedge label against the expert key (score_against_key).

    With ``extra_terms``, a sentence also counts as hedged when it contains one
    of them: the effect of adding those terms to the lexicon, which a2 asks
    students to measure. The check uses this to judge their numbers.
    """
    import medialit

    predicted = detector_labels()
    if extra_terms:
        extra = predicted["text"].apply(lambda t: any(_word_in(term, t) for term in extra_terms))
        predicted["hedge"] = predicted["hedge"].astype(bool) | extra
    row = medialit.score_against_key(predicted=predicted).set_index("label").loc["hedge"]
    return {"precision": float(row["precision"]), "recall": float(row["recall"])}


def _a2_q3(answer):
    if not isinstance(answer, dict) or not {"before", "after", "new_term"} <= set(answer):
        raise Incorrect("scores should be a dict with the keys 'new_term', 'before' and 'after'.")
    term = answer["new_term"]
    _a2_check_term(term)
    expected = {"before": hedge_scores(), "after": hedge_scores((str(term).strip(),))}
    for name, exp in expected.items():
        got = answer[name]
        if not isinstance(got, dict):
            raise Incorrect(f"scores['{name}'] should be a dict with 'precision' and 'recall'.")
        for metric in ("precision", "recall"):
            if not _close(got.get(metric), exp[metric]):
                raise Incorrect(
                    f"scores['{name}']['{metric}'] is {got.get(metric)!r}; score the hedge label "
                    f"{'with' if name == 'after' else 'without'} your term again."
                )
    return (f"precision {expected['before']['precision']:.2f} -> {expected['after']['precision']:.2f}, "
            f"recall {expected['before']['recall']:.2f} -> {expected['after']['recall']:.2f}.")


A2 = Assignment(
    "a2_hedges",
    [
        Problem(
            "q1",
            "hedges in article 002",
            _a2_q1,
            "Run medialit.find_hedges on the body of article 002.",
            points=1,
        ),
        Problem(
            "q2",
            "a hedge the detector misses",
            _a2_check_term,
            "For each term of HEDGE_VOCABULARY, find where it occurs in the bodies and whether "
            "a hedge found by find_hedges covers that place.",
            points=2,
        ),
        Problem(
            "q3",
            "precision and recall before and after",
            _a2_q3,
            "Use medialit.score_against_key(predicted=...) on the 'hedge' row, once with the "
            "detector's labels and once with sentences containing your term also set to hedge=True.",
            points=2,
        ),
    ],
)


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
    if answer["claim_holds"] is not False:
        raise Incorrect(
            "the date is right; now compare it with the December 2025 message: was that really the first time?"
        )
    return f"a Russian official credited the troops on {expected}, months before the New Year message."


A3 = Assignment(
    "a3_specifics",
    [
        Problem("q1", "specifics in article 003", _a3_q1,
                "Run medialit.find_specifics on the body of article 003.", points=1),
        Problem("q2", "the unsupported ones", _a3_q2,
                "Keep the rows of specifics_003 whose 'supported' column is False.", points=1),
        Problem("q3", "the incursion date on the record", _a3_q3,
                "Filter the timeline for events that mention 'incursion'.", points=2),
        Problem("q4", "was it the first acknowledgment?", _a3_q4,
                "Search the timeline's events for 'first time'; which Russian official spoke, and when?",
                points=2),
    ],
)


# ------------------------------------------------------------ a4_verdict

# The constructed article was written so that each claim has one defensible
# reading; the reason is what a student sees when they disagree.
A4_CLAIMS = {
    "C1": ("accept", "a named source (KCNA) and both dates match the reference timeline"),
    "C2": ("accept", "a quotation with a named carrier (KCNA's English text) and a named outlet that reported it"),
    "C3": ("check", "one unnamed source, an exact troop number and a timing nobody else reports"),
    "C4": ("accept", "it reports a named official's claim as a claim and says it is unverified"),
    "C5": ("check", "'experts widely agree' names nobody, and 'almost certainly' is a booster on a prediction"),
    "C6": ("check", "'some reports' is vague, and a secret treaty is exactly what needs a checkable source"),
    "C7": ("accept", "signing date, place and entry into force match the reference timeline"),
    "C8": ("check", "the exact figure and 'officials in Seoul' are given with no document or name"),
}


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
    key = {c: A4_CLAIMS[c] for c in ids}

    def judge(answer):
        if not isinstance(answer, dict):
            raise Incorrect("claim_verdicts should be a dict like {'C1': 'accept', ...}.")
        part = {k.upper().strip(): v for k, v in answer.items() if str(k).upper().strip() in key}
        return _judge_labels(part, key, "claim_verdicts")

    return judge


A4 = Assignment(
    "a4_verdict",
    [
        Problem("q1a", "label the sentences", _a4_labels,
                "Run medialit.label_sentences on the constructed article's body.", points=1),
        Problem("q1b", "the weakly sourced sentences", _a4_weak,
                "Keep the rows of labels_a4 whose source_type is 'vague' or 'none'.", points=1),
        Problem("q2a", "verdicts on claims C1-C4", _a4_claims(["C1", "C2", "C3", "C4"]),
                "Accept a claim when a reader can see who says it and the record backs it; "
                "otherwise it needs checking.", points=2),
        Problem("q2b", "verdicts on claims C5-C8", _a4_claims(["C5", "C6", "C7", "C8"]),
                "Look for names, documents and dates you could check; 'some' and 'widely' are not sources.",
                points=2),
    ],
)


_ASSIGNMENTS = {a.name: a for a in (A1, A2, A3, A4)}


def load_checks(assignment: str) -> Assignment:
    """The checks for one assignment, e.g. ``q = load_checks("a1_attributions")``."""
    try:
        return _ASSIGNMENTS[assignment]
    except KeyError:
        raise ExerciseError(
            f"no checks for assignment {assignment!r}; use one of {', '.join(sorted(_ASSIGNMENTS))}."
        ) from None
