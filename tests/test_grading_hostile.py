"""Cheating submissions graded through the one grading command, for all four assignments.

(Issue "Grading a real class safely", Tests.) Per assignment, a class of: the solution (first and
last), the untouched exercise, and one submission per class of attack (tests/grading/hostile.py).
``python -m medialit.grading`` grades them in a copy of the course. None of the cheats earns a
mark more than the untouched exercise; no other student's row or file changes; the solution earns
every automatic point; every student has a row; the integrity report names every cheat and
neither solution.
"""
from __future__ import annotations

import copy
import csv
import hashlib
import subprocess
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent / "grading"))
import hostile  # noqa: E402
import submissions as subs  # noqa: E402

from medialit.assignments import nbgrader_command, nbgrader_env  # noqa: E402

REPO = Path(__file__).resolve().parent.parent
pytestmark = [pytest.mark.grading, pytest.mark.slow]


def _nbgrader(course: Path, *args: str) -> None:
    proc = subprocess.run(nbgrader_command() + list(args), cwd=course, capture_output=True, text=True,
                          env=nbgrader_env(), timeout=600)
    assert proc.returncode == 0, f"nbgrader {' '.join(args)}:\n{proc.stderr[-3000:]}"


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _write(nb, course: Path, assignment: str, student: str) -> Path:
    folder = course / "submitted" / student / assignment
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{assignment}.ipynb"
    import nbformat

    nbformat.write(nb, str(path))
    return path


def grade_class(assignment: str, tmp_path: Path) -> dict:
    course = subs.copy_course(REPO, tmp_path / "course", [assignment])
    course.chmod(0o755)
    _nbgrader(course, "generate_assignment", assignment, "--force")
    released = subs.read(course / "exercises" / assignment / f"{assignment}.ipynb")
    master = subs.read(course / "solutions" / assignment / f"{assignment}.ipynb")
    answers = [gid for gid in subs.answer_ids(released)
               if subs.cell_by_id(released, gid).cell_type == "code"]
    students = {"aa_solution": subs.filled(released, master), "ab_untouched": copy.deepcopy(released)}
    for name, code in hostile.CHEATS.items():
        nb = copy.deepcopy(released)
        subs.prepend(nb, answers[0], code)
        if name == "steal_answers":  # ... and use what was stolen after every starter
            for gid in answers:
                cell = subs.cell_by_id(nb, gid)
                cell.source += "\n" + hostile.USE_STOLEN.replace("{assignment}", assignment)
        students[f"c_{name}"] = nb
    students["zz_solution"] = subs.filled(released, master)
    paths = {s: _write(nb, course, assignment, s) for s, nb in students.items()}
    _nbgrader(course, "db", "student", "import", str(subs.write_roster(course, sorted(students))))
    before = {s: _digest(p) for s, p in paths.items()}
    proc = subprocess.run([sys.executable, "-m", "medialit.grading", assignment, "--course", str(course),
                           "--timeout", "15"], capture_output=True, text=True, timeout=1200, cwd=course)
    assert proc.returncode == 0, proc.stderr[-4000:]
    with open(course / "reports" / "grades.csv", newline="", encoding="utf-8") as fh:
        rows = {r["student_id"]: r for r in csv.DictReader(fh) if r["assignment"] == assignment}
    with open(course / "reports" / f"{assignment}-integrity.csv", newline="", encoding="utf-8") as fh:
        findings = list(csv.DictReader(fh))
    return {"course": course, "master": master, "students": students, "rows": rows, "findings": findings,
            "before": before, "paths": paths, "output": proc.stdout + proc.stderr}


def check_class(result: dict, assignment: str) -> None:
    rows, master = result["rows"], result["master"]
    auto = subs.points(master)
    assert sorted(rows) == sorted(result["students"]), "every student has exactly one row"
    score = {s: float(r["score"]) for s, r in rows.items()}
    assert score["aa_solution"] == auto and score["zz_solution"] == auto, (score, result["output"][-3000:])
    untouched = score["ab_untouched"]
    gained = {s: v for s, v in score.items() if s.startswith("c_") and v > untouched}
    assert not gained, f"{assignment}: cheats earned more than the untouched exercise: {gained}"
    for s, r in rows.items():
        assert float(r["score"]) <= float(r["max_score"])
    # no submission was changed by another (now or by a process left running)
    after = {s: _digest(p) for s, p in result["paths"].items()}
    assert after == result["before"], "a submitted notebook changed during grading"
    flagged = {f["student"] for f in result["findings"]}
    assert {f"c_{name}" for name in hostile.CHEATS} <= flagged, flagged
    assert not flagged & {"aa_solution", "zz_solution", "ab_untouched"}, flagged
    # the stealing submission found nothing it could read
    import nbformat

    graded = nbformat.read(result["course"] / "autograded" / "c_steal_answers" / assignment / f"{assignment}.ipynb",
                           as_version=4)
    printed = "".join(o.get("text", "") for c in graded.cells if c.cell_type == "code" for o in c.outputs
                      if o.get("output_type") == "stream")
    assert "stolen files: []" in printed, printed[:2000]


class TestCheatsInA1AndA2:
    @pytest.mark.timeout(1500)
    @pytest.mark.parametrize("assignment", ["a1_attributions", "a2_hedges"])
    def test_no_cheat_earns_a_mark(self, assignment, tmp_path):
        check_class(grade_class(assignment, tmp_path), assignment)


class TestCheatsInA3AndA4:
    @pytest.mark.timeout(1500)
    @pytest.mark.parametrize("assignment", ["a3_specifics", "a4_verdict"])
    def test_no_cheat_earns_a_mark(self, assignment, tmp_path):
        check_class(grade_class(assignment, tmp_path), assignment)
