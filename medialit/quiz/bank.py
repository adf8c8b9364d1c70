"""Load question banks (``data/quizzes/<notebook>.yaml``) and check them thoroughly.

A bank is data an instructor edits by hand, so every mistake we can detect is
reported as :class:`medialit.QuizBankError` naming the file, the question id and
what to fix: invalid YAML, a missing field or unknown type (the JSON Schema in
``data/quizzes/schema.json``), an answer that is not among the choices, a word
to spot that is not in the sentence, a sentence or evidence quote that is not
in the article it names, and an id used twice (also across banks).
"""
from __future__ import annotations

import json
import math
import os
import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import jsonschema.validators
import yaml
from jsonschema import Draft202012Validator

from ..errors import QuizBankError
from ..files import load_yaml
from ..paths import REPO_ROOT, data_dir
from ..text import normalize
from .model import (
    QUESTION_TYPES,
    Evidence,
    LabelItem,
    LabelSentences,
    MultipleChoice,
    NumberQuestion,
    Question,
    SingleChoice,
    SpotWords,
)

SCHEMA_PATH = REPO_ROOT / "data" / "quizzes" / "schema.json"

SPOT_PROMPTS = {
    "hedges": "Mark every hedge word (a word that softens or distances the claim) in this sentence from article {article}.",
    "boosters": "Mark every booster word (a word that makes the claim sound more certain) in this sentence from article {article}.",
    "attribution": "Mark the words that say who the claim comes from in this sentence from article {article}.",
}


@dataclass
class Bank:
    """The questions of one notebook, in file order."""

    notebook: str
    title: str
    path: Path
    questions: list[Question] = field(default_factory=list)

    @property
    def by_id(self) -> dict[str, Question]:
        return {q.id: q for q in self.questions}

    def select(self, ids=None) -> list[Question]:
        """All questions, or the listed ids in the order given."""
        if ids is None:
            return list(self.questions)
        if isinstance(ids, str):
            ids = [ids]
        known = self.by_id
        unknown = [i for i in ids if i not in known]
        if unknown:
            raise QuizBankError(
                f"{self.path.name}: no question with id {', '.join(map(repr, unknown))}. "
                f"Known ids: {', '.join(known)}. Fix the ids passed to show_quiz."
            )
        return [known[i] for i in ids]


def quizzes_dir() -> Path:
    """Folder holding the banks (``data/quizzes``; follows ``MEDIALIT_DATA``)."""
    return data_dir() / "quizzes"


@lru_cache(maxsize=1)
def _validator() -> Draft202012Validator:
    schema = json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))
    Draft202012Validator.check_schema(schema)
    # YAML reads ".nan" and ".inf" as numbers, and no JSON Schema bound refuses NaN (every
    # comparison with it is false): here a "number" is finite, so the schema's own
    # {"type": "number", "minimum": 0} refuses both
    finite = Draft202012Validator.TYPE_CHECKER.redefine(
        "number", lambda checker, value: Draft202012Validator.TYPE_CHECKER.is_type(value, "number")
        and math.isfinite(value))
    validator = jsonschema.validators.extend(Draft202012Validator, type_checker=finite)
    return validator(schema)


def _squash(text: str) -> str:
    """Normalised text with runs of whitespace made one space, for quote matching."""
    return re.sub(r"\s+", " ", normalize(text)).strip()


def _article_texts() -> dict[str, str]:
    """Full text of each article, keyed by id, from ``medialit.load_corpus()``."""
    import medialit

    corpus = medialit.load_corpus()
    return {str(a): _squash(t) for a, t in zip(corpus["article_id"], corpus["text"])}


def _resolve(name_or_path) -> Path:
    if isinstance(name_or_path, Path):
        return name_or_path
    text = str(name_or_path)
    if text.endswith((".yaml", ".yml")) or os.sep in text or "/" in text:
        return Path(text)
    return quizzes_dir() / f"{text}.yaml"


def _where(raw: dict, index: int) -> str:
    """'question <id>' when the question has a usable id, else its position."""
    try:
        qid = raw["questions"][index].get("id")
    except (KeyError, IndexError, TypeError, AttributeError):
        qid = None
    if isinstance(qid, str) and qid:
        return f"question {qid!r}"
    return f"question number {index + 1} (it has no id)"


def _schema_error_message(path: Path, raw, error) -> str:
    location = list(error.absolute_path)
    where = "the top level"
    if len(location) >= 2 and location[0] == "questions" and isinstance(location[1], int):
        where = _where(raw, location[1])
        location = location[2:]
    field_path = ".".join(str(p) for p in location) or "(the question itself)"
    message = error.message
    if error.validator == "additionalProperties":
        fix = "remove or rename the unknown field (see data/quizzes/README.md for the fields each type takes)"
    elif error.validator == "required":
        fix = "add the missing field"
    elif error.validator == "type" and isinstance(error.instance, float) and not math.isfinite(error.instance):
        fix = "write a finite number, e.g. 0.1 (.nan and .inf are not numbers a check can use)"
    elif error.validator == "type" and isinstance(error.instance, int) and error.validator_value == "string":
        fix = f'write the value in quotes, e.g. "{error.instance:03d}" for an article id'
    elif error.validator == "enum":
        fix = f"use one of: {', '.join(map(str, error.validator_value))}"
    else:
        fix = "see data/quizzes/README.md for the expected form"
    return f"{path.name}, {where}, field {field_path}: {message}. Fix: {fix}."


def _read_yaml(path: Path):
    try:
        raw_text = path.read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        raise QuizBankError(
            f"{path}: quiz bank not found. Check the notebook name (banks live in "
            f"{quizzes_dir()} as <notebook>.yaml)."
        ) from None
    except (OSError, UnicodeDecodeError) as exc:
        raise QuizBankError(
            f"{path}: cannot read the quiz bank ({exc}). Check the file is readable UTF-8 text."
        ) from exc
    try:
        return load_yaml(raw_text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = f" near line {mark.line + 1}" if mark is not None else ""
        problem = getattr(exc, "problem", None) or str(exc)
        raise QuizBankError(
            f"{path.name}: invalid YAML{line}: {problem}. Fix the indentation or quoting there "
            "(quote any text that contains ': ' or starts with a quote mark)."
        ) from exc


def _build(raw_q: dict) -> Question:
    common = dict(
        id=raw_q["id"],
        type=raw_q["type"],
        topic=raw_q["topic"],
        explanation=str(raw_q["explanation"]).strip(),
        evidence=[Evidence(str(e["article"]), str(e["quote"])) for e in raw_q["evidence"]],
        hints=[str(h) for h in raw_q.get("hints", [])],
        wrong_try=str(raw_q.get("wrong_try", "")).strip(),
        key_facts=[{**f, "article": str(f["article"])} for f in raw_q.get("key_facts", [])],
        optional_section=str(raw_q.get("optional_section", "")).strip(),
    )
    kind = raw_q["type"]
    if kind == "single":
        return SingleChoice(prompt=raw_q["prompt"], choices=list(raw_q["choices"]), answer=raw_q["answer"], **common)
    if kind == "multiple":
        return MultipleChoice(prompt=raw_q["prompt"], choices=list(raw_q["choices"]), answer=list(raw_q["answer"]), **common)
    if kind == "spot":
        prompt = raw_q.get("prompt") or SPOT_PROMPTS[raw_q["target"]].format(article=raw_q["article"])
        return SpotWords(prompt=prompt, target=raw_q["target"], article=str(raw_q["article"]),
                         sentence=raw_q["sentence"], answer=[str(a) for a in raw_q["answer"]], **common)
    if kind == "label":
        items = [LabelItem(str(i["article"]), i["sentence"], i["answer"]) for i in raw_q["items"]]
        return LabelSentences(prompt=raw_q["prompt"], items=items, **common)
    if kind == "number":
        answer = raw_q["answer"]
        if isinstance(answer, dict):
            answer = {**answer, "article": str(answer["article"])}
        return NumberQuestion(prompt=raw_q["prompt"], answer=answer, tolerance=float(raw_q["tolerance"]), **common)
    raise AssertionError(kind)  # the schema only lets known types through


def _check_answers(path: Path, q: Question) -> None:
    where = f"{path.name}, question {q.id!r}"
    if isinstance(q, SingleChoice) and q.answer not in q.choices:
        raise QuizBankError(f"{where}: the answer {q.answer!r} is not among the choices. "
                            "Copy the answer text exactly from one of the choices.")
    if isinstance(q, MultipleChoice):
        missing = [a for a in q.answer if a not in q.choices]
        if missing:
            raise QuizBankError(f"{where}: answer {missing[0]!r} is not among the choices. "
                                "Every answer must be copied exactly from the choices.")
    if isinstance(q, SpotWords):
        missing = q.missing_answer_words()
        if missing:
            raise QuizBankError(f"{where}: the word(s) to spot {', '.join(map(repr, missing))} do not occur "
                                "in the sentence. Copy them from the sentence as written.")
    if isinstance(q, NumberQuestion) and not (math.isfinite(q.tolerance) and q.tolerance >= 0):
        raise QuizBankError(f"{where}: tolerance is {q.tolerance!r}; it must be a number, zero or more "
                            "(e.g. 0.1), not .nan, .inf or negative.")
    if isinstance(q, NumberQuestion) and not q.computed and not math.isfinite(float(q.answer)):
        raise QuizBankError(f"{where}: the answer is {q.answer!r}; write a finite number.")


def _check_quotes(path: Path, q: Question, texts: dict[str, str]) -> None:
    if isinstance(q, NumberQuestion) and q.computed and q.answer["article"] not in texts:
        raise QuizBankError(f"{path.name}, question {q.id!r}: answer.article {q.answer['article']!r} is not "
                            f"an article id. Use one of: {', '.join(sorted(texts))}.")
    for ev in q.quoted_sentences():
        where = f"{path.name}, question {q.id!r}"
        if ev.article not in texts:
            raise QuizBankError(f"{where}: there is no article {ev.article!r}. "
                                f"Use one of: {', '.join(sorted(texts))}.")
        if _squash(ev.quote) not in texts[ev.article]:
            short = ev.quote if len(ev.quote) <= 90 else ev.quote[:87] + "..."
            raise QuizBankError(f"{where}: the text {short!r} is not in article {ev.article}. "
                                "Copy it exactly from the article (straight or curly quotes both work).")


def load_bank(name_or_path, *, check_quotes: bool = True) -> Bank:
    """Load and validate one bank: a notebook name such as ``"02_who_says_so"`` or a path.

    Raises :class:`medialit.QuizBankError` naming the file, question id and fix.
    """
    path = _resolve(name_or_path)
    raw = _read_yaml(path)
    if not isinstance(raw, dict):
        raise QuizBankError(f"{path.name}: expected a mapping with notebook, title and questions at the "
                            "top level, found " + ("an empty file" if raw is None else type(raw).__name__) + ".")
    errors = sorted(_validator().iter_errors(raw), key=lambda e: (list(map(str, e.absolute_path)), e.message))
    if errors:
        raise QuizBankError(_schema_error_message(path, raw, _most_useful(errors)))
    if raw["notebook"] != path.stem:
        raise QuizBankError(f"{path.name}: the field notebook is {raw['notebook']!r} but the file is named "
                            f"{path.name}. Make them match (notebook: {path.stem}).")
    seen: set[str] = set()
    questions = []
    for raw_q in raw["questions"]:
        if raw_q["id"] in seen:
            raise QuizBankError(f"{path.name}, question {raw_q['id']!r}: this id is used twice in the file. "
                                "Give every question its own id.")
        seen.add(raw_q["id"])
        q = _build(raw_q)
        _check_answers(path, q)
        questions.append(q)
    if check_quotes:
        texts = _article_texts()
        for q in questions:
            _check_quotes(path, q, texts)
    return Bank(notebook=raw["notebook"], title=raw["title"], path=path, questions=questions)


def _most_useful(errors):
    """Prefer errors on a specific field over the if/then summary on the whole question."""
    deep = [e for e in errors if e.validator not in ("if", "allOf", "oneOf")]
    return (deep or errors)[0]


def bank_paths(folder: Path | None = None) -> list[Path]:
    """Every ``*.yaml`` bank in ``data/quizzes``, sorted by name."""
    folder = Path(folder) if folder is not None else quizzes_dir()
    return sorted(p for p in folder.glob("*.yaml") if p.is_file())


def load_all_banks(folder: Path | None = None, *, check_quotes: bool = True,
                   include_fixtures: bool = False) -> dict[str, Bank]:
    """Every lesson bank in ``data/quizzes`` keyed by notebook name.

    Ids must be unique across all banks, fixtures included. Banks whose file name
    starts with ``_`` (such as ``_demo.yaml``) are test fixtures: they are checked
    but only returned with ``include_fixtures=True``.
    """
    banks: dict[str, Bank] = {}
    owner: dict[str, str] = {}
    for path in bank_paths(folder):
        bank = load_bank(path, check_quotes=check_quotes)
        for q in bank.questions:
            if q.id in owner:
                raise QuizBankError(f"{path.name}, question {q.id!r}: the id is already used in {owner[q.id]}. "
                                    "Question ids must be unique across all banks: rename one of them.")
            owner[q.id] = path.name
        banks[bank.notebook] = bank
    if not include_fixtures:
        banks = {name: b for name, b in banks.items() if not name.startswith("_")}
    return banks


__all__ = ["Bank", "QUESTION_TYPES", "bank_paths", "load_all_banks", "load_bank", "quizzes_dir"]
