"""Marks from recorded answers, computed in the grader's own process (never in a student kernel).

A hidden test cell holds ``record_answer("q1", answer)`` (:mod:`medialit.grading.record`). Its
source comes from the instructor's master (nbgrader puts every test cell back before running), so
the part a cell grades is read from that source; the answer is read from the cell's outputs, as
data. The mark is the answer checked against the answer keys by the same checks the exercises
use (:mod:`medialit.checks`), scaled to the cell's points and capped at them. A cell without a
record (the kernel died, the cell errored before recording, an answer that cannot be read) earns 0.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from .record import MIME, from_data

_RECORD_CALL = re.compile(r"""record_answer\(\s*["']([A-Za-z0-9_]+)["']""")


@dataclass(frozen=True)
class Mark:
    points: float
    max_points: float
    part: str
    message: str

    def text(self) -> str:
        return (f"Marked by the grader from your recorded answer to {self.part}: "
                f"{self.points:g} of {self.max_points:g} point{'s' if self.max_points != 1 else ''}. "
                f"{self.message}").strip()


@lru_cache(maxsize=8)
def _checks(assignment: str):
    from ..checks import load_checks

    return load_checks(assignment)


def expected_part(source: str) -> str | None:
    """The part a hidden test cell records (from the master's source), or None."""
    found = _RECORD_CALL.findall(source or "")
    return found[-1] if found else None


def recorded_value(outputs, part: str):
    """(found, value) of the last record of ``part`` in a cell's outputs."""
    found, value = False, None
    for output in outputs or []:
        data = output.get("data") if hasattr(output, "get") else None
        payload = data.get(MIME) if hasattr(data, "get") else None
        if isinstance(payload, dict) and payload.get("part") == part and "value" in payload:
            found, value = True, payload["value"]
    return found, value


def mark_answer(assignment: str, part: str, value, max_points: float) -> Mark:
    """The mark for one recorded answer (already turned back into Python values)."""
    from ..checks import CORRECT, PartialProblem

    try:
        problem = getattr(_checks(assignment), part)
    except Exception as exc:  # noqa: BLE001 (a master that names no such part: the instructor's error)
        return Mark(0.0, max_points, part, f"(The grader has no check named {part!r}: {exc}.)")
    if isinstance(problem, PartialProblem):
        earned, outcome = problem.score(value)
        share = earned / problem.points if problem.points else 0.0
    else:
        outcome = problem.evaluate(value)
        share = 1.0 if outcome.status == CORRECT else 0.0
    points = round(min(max_points, max(0.0, share * max_points)), 2)
    return Mark(points, max_points, part, outcome.text(f"{part} ({problem.title})"))


def mark_cell(assignment: str, source: str, outputs, max_points: float) -> Mark:
    """The mark of one autograded test cell: its master ``source`` and its executed ``outputs``."""
    part = expected_part(source)
    if part is None:
        return Mark(0.0, max_points, "?", "(This test cell records no answer; the master notebook needs "
                                          "record_answer(...) in its hidden tests.)")
    found, data = recorded_value(outputs, part)
    if not found:
        return Mark(0.0, max_points, part, "No answer was recorded: the cell did not run to the end "
                                           "(an error or a stopped kernel earlier in the notebook).")
    try:
        value = from_data(data)
    except Exception as exc:  # noqa: BLE001 (the record is the student's data: never trusted)
        return Mark(0.0, max_points, part, f"The recorded answer could not be read ({type(exc).__name__}).")
    return mark_answer(assignment, part, value, max_points)
