"""The self-checks students run in the assignments: the form of an answer, never its mark.

``q = load_checks("a1_attributions")`` then ``q.q1.check(source_types)`` prints one of

* **Not attempted**: the starter's ``...`` is still there;
* **Not in the expected form**: what is missing or misspelt (a key, a column, a label that is not
  one of the rule book's words); the cell fails, so the mistake is seen;
* **Ready to hand in**: the answer has the form the grader expects. It does not say whether the
  answer is right: answers are marked after hand-in, from answer keys that students do not
  receive (this module holds none, and reads only ``data/exercises/forms.yaml``).

``q.q1.hint()`` prints the part's hint.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from .errors import DataFileError, MedialitError
from .vocabulary import DIRECTIONS, SOURCE_TYPES, VERDICTS

VOCABULARIES = {"source_types": SOURCE_TYPES, "verdicts": VERDICTS, "directions": DIRECTIONS}
_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")

NOT_ATTEMPTED = "not attempted"
BAD_FORM = "not in the expected form"
READY = "ready to hand in"


class ExerciseError(MedialitError):
    """The self-check was asked for an assignment or part it does not know."""


def is_placeholder(value: Any) -> bool:
    """True while the answer is still the starter placeholder (``...`` or ``None``)."""
    if value is Ellipsis or value is None:
        return True
    if isinstance(value, str) and value.strip() in {"", "...", "____"}:
        return True
    if isinstance(value, dict) and value and all(v is Ellipsis for v in value.values()):
        return True
    return False


@lru_cache(maxsize=1)
def forms() -> dict:
    from .files import load_yaml
    from .paths import data_dir

    path = data_dir() / "exercises" / "forms.yaml"
    try:
        data = load_yaml(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise DataFileError(f"{path} is missing; restore it from the course files.") from None
    except Exception as exc:  # noqa: BLE001 (any YAML error)
        raise DataFileError(f"{path} is not valid ({exc}); restore it from the course files.") from None
    if not isinstance(data, dict):
        raise DataFileError(f"{path} should map each assignment to its parts.")
    return data


def _norm(value: Any) -> str:
    return str(value).strip().lower()


def _value_problem(value: Any, kind, key: str) -> str | None:
    """What is wrong with one value of a mapping (None when it has the form)."""
    if value is Ellipsis or value is None:
        return f"{key!r} is still ... (fill in every item)"
    if isinstance(kind, str) and kind in VOCABULARIES:
        words = VOCABULARIES[kind]
        if not isinstance(value, str) or _norm(value) not in words:
            return f"{key!r}: {value!r} is not one of {', '.join(words)}"
    elif kind == "count":
        if isinstance(value, bool) or not isinstance(value, int) and not str(value).isdigit():
            return f"{key!r}: {value!r} is not a whole number"
    elif kind == "text":
        if not isinstance(value, str) or not value.strip():
            return f"{key!r} should be text in quotes"
    elif kind == "yes-no":
        if not isinstance(value, bool):
            return f"{key!r} should be True or False (no quotes)"
    elif kind == "date":
        if not isinstance(value, str) or not _DATE.match(value.strip()):
            return f"{key!r}: {value!r} is not a date written as YYYY-MM-DD"
    return None


def form_problems(answer: Any, form: dict) -> list[str]:
    """Every way ``answer`` differs from ``form`` (empty: it has the expected form)."""
    kind = form.get("type")
    if kind == "table":
        columns = getattr(answer, "columns", None)
        if columns is None or not hasattr(answer, "itertuples"):
            return [f"expected a table (a pandas DataFrame), not {type(answer).__name__}"]
        missing = [c for c in form.get("columns", []) if c not in set(map(str, columns))]
        return [f"the table has no column {c!r}" for c in missing]
    if kind == "date":
        problem = _value_problem(answer, "date", "the answer")
        return [problem] if problem else []
    if kind == "text":
        problem = _value_problem(answer, "text", "the answer")
        return [problem] if problem else []
    if kind == "mapping":
        if not isinstance(answer, dict):
            return [f"expected a dict ({{...: ...}}), not {type(answer).__name__}"]
        problems = []
        keys = form.get("keys")
        if keys:
            given = set(map(str, answer))
            problems += [f"the key {k!r} is missing (keep the keys of the starter cell)" for k in keys if k not in given]
            problems += [f"{k!r} is not one of the keys asked for" for k in map(str, answer) if k not in set(keys)]
        if form.get("key_words"):
            words = VOCABULARIES[form["key_words"]]
            problems += [f"{k!r} is not one of {', '.join(words)}" for k in answer if _norm(k) not in words]
        values = form.get("values")
        checked = form.get("checked") or list(answer)
        for key in checked:
            if key not in answer:
                continue
            kind_here = values.get(key) if isinstance(values, dict) else values
            problem = _value_problem(answer[key], kind_here, str(key))
            if problem:
                problems.append(problem)
        if form.get("quoted_from") and not problems:
            problems += _quote_problems(answer, form["quoted_from"])
        return problems
    raise DataFileError(f"data/exercises/forms.yaml: unknown form type {kind!r}")


def _squash(text: str) -> str:
    """Straight quotes and single spaces, so a sentence copied from a table still matches."""
    text = text.replace("\u2019", "'").replace("\u2018", "'").replace("\u201c", '"').replace("\u201d", '"')
    return re.sub(r"\s+", " ", text).strip()


def _quote_problems(answer: dict, article_id: str) -> list[str]:
    """The sentence is copied from the article and holds the term (form, not correctness)."""
    from .corpus import load_corpus
    from .text import normalize

    corpus = load_corpus()
    if article_id != "any":
        corpus = corpus[corpus["article_id"] == article_id]
    bodies = [_squash(normalize(b)) for b in corpus["body"]]
    sentence = _squash(normalize(str(answer.get("sentence", ""))))
    term = normalize(str(answer.get("term", ""))).strip().lower()
    problems = []
    where = "any article" if article_id == "any" else f"article {article_id}"
    if sentence and not any(sentence in body for body in bodies):
        problems.append(f"the sentence is not copied exactly from {where} (copy it from the table)")
    if term and term not in sentence.lower():
        problems.append(f"the term {term!r} does not occur in the sentence you quoted")
    return problems


@dataclass
class SelfCheck:
    assignment: str
    qid: str
    title: str
    hint_text: str
    form: dict

    def evaluate(self, answer: Any) -> tuple[str, str]:
        if is_placeholder(answer):
            return NOT_ATTEMPTED, ("replace the ... in the answer cell above with your answer, run that cell, "
                                   "then run this one again.")
        problems = form_problems(answer, self.form)
        if problems:
            return BAD_FORM, "; ".join(problems[:6]) + (" ..." if len(problems) > 6 else "") + f". Hint: {self.hint_text}"
        return READY, ("your answer has the form the grader expects. This check does not say whether it "
                       "is right: that is marked when you hand the notebook in.")

    def check(self, answer: Any) -> None:
        status, message = self.evaluate(answer)
        text = f"{status.capitalize()} - {self.qid} ({self.title}): {message}"
        if status == BAD_FORM:
            raise AssertionError(text)
        print(text)

    def hint(self) -> None:
        print(f"Hint for {self.qid}: {self.hint_text}")


class SelfChecks:
    """The self-checks of one assignment, as attributes (``q.q1``)."""

    def __init__(self, assignment: str, parts: dict[str, SelfCheck]):
        self.assignment, self._parts = assignment, parts

    def __getattr__(self, qid: str) -> SelfCheck:
        parts = self.__dict__.get("_parts", {})
        if qid in parts:
            return parts[qid]
        raise ExerciseError(f"{self.__dict__.get('assignment', '?')} has no question {qid!r}; "
                            f"the questions are: {', '.join(sorted(parts))}.")

    def __dir__(self):
        return sorted(self._parts)

    @property
    def parts(self) -> list[SelfCheck]:
        return list(self._parts.values())


def load_checks(assignment: str) -> SelfChecks:
    """The self-checks of ``assignment`` (e.g. "a1_attributions")."""
    data = forms()
    if assignment not in data or not isinstance(data[assignment], dict):
        known = ", ".join(sorted(k for k, v in data.items() if isinstance(v, dict)))
        raise ExerciseError(f"no assignment named {assignment!r}; the assignments are: {known}.")
    parts = {}
    for qid, part in data[assignment].items():
        parts[qid] = SelfCheck(assignment, qid, str(part["title"]), " ".join(str(part["hint"]).split()),
                               dict(part["form"]))
    return SelfChecks(assignment, parts)
