"""The real nbgrader pipeline on prepared and hostile submissions (marker: grading).

A copy of the course is made in a temporary folder; the test releases a1,
adds a class of students, autogrades their submissions with .venv's nbgrader
(as subprocesses, exactly as an instructor would) and reads the exported CSV.
"""
from __future__ import annotations

import csv
import re
import subprocess
import sys
import time
from pathlib import Path

import pytest

from medialit.assignments import nbgrader_command, nbgrader_env

sys.path.insert(0, str(Path(__file__).parent / "grading"))
import submissions as subs  # noqa: E402

REPO = Path(__file__).resolve().parent.parent
CELL_TIMEOUT = 20  # seconds per cell, small so the endless loop costs little

pytestmark = [pytest.mark.grading, pytest.mark.slow]


def nbgrader(course: Path, *args: str, check: bool = True) -> subprocess.CompletedProcess:
    proc = subprocess.run(nbgrader_command() + list(args), cwd=course, capture_output=True,
                          text=True, env=nbgrader_env(), timeout=600)
    if check and proc.returncode != 0:
        raise AssertionError(f"nbgrader {' '.join(args)} failed:\n{proc.stdout[-2000:]}\n{proc.stderr[-4000:]}")
    return proc


@pytest.fixture(scope="module")
def graded(tmp_path_factory):
    course = subs.copy_course(REPO, tmp_path_factory.mktemp("course"))
    nbgrader(course, "generate_assignment", subs.ASSIGNMENT, "--force")
    expected = subs.build_all(course)
    nbgrader(course, "db", "student", "import", str(subs.write_roster(course, sorted(expected))))
    started = time.monotonic()
    autograde = nbgrader(course, "autograde", subs.ASSIGNMENT,
                         f"--IsolatedExecute.timeout={CELL_TIMEOUT}", check=False)
    seconds = time.monotonic() - started
    nbgrader(course, "export", f"--CsvExportPlugin.to={course / 'grades.csv'}")
    with open(course / "grades.csv", newline="") as fh:
        rows = list(csv.DictReader(fh))
    return {"course": course, "expected": expected, "rows": rows, "autograde": autograde, "seconds": seconds}


def test_every_student_has_exactly_one_row(graded):
    ids = [r["student_id"] for r in graded["rows"] if r["assignment"] == subs.ASSIGNMENT]
    assert sorted(ids) == sorted(graded["expected"])


def test_scores_match_what_each_submission_earned(graded):
    got = {r["student_id"]: float(r["score"]) for r in graded["rows"]}
    mismatches = {s: (got.get(s), exp) for s, exp in graded["expected"].items() if got.get(s) != exp}
    assert not mismatches, (
        f"(got, expected) per student: {mismatches}\n--- nbgrader log tail ---\n"
        + graded["autograde"].stderr[-6000:]
    )


def test_solution_gets_all_automatic_points_and_blank_gets_none(graded):
    master = subs.read(REPO / "solutions" / subs.ASSIGNMENT / f"{subs.ASSIGNMENT}.ipynb")
    rows = {r["student_id"]: r for r in graded["rows"]}
    auto_total = subs.points(master)
    assert auto_total > 0
    assert float(rows["aa_complete"]["score"]) == auto_total
    assert float(rows["zz_complete_last"]["score"]) == auto_total
    assert float(rows["ab_untouched"]["score"]) == 0.0
    # Partial credit: the answer with every phrase labelled "named" earned part of
    # part 1 (the cell's value), not all of it and not nothing.
    nb = subs.read(graded["course"] / "autograded" / "ah_edited_tests" / subs.ASSIGNMENT / f"{subs.ASSIGNMENT}.ipynb")
    # the judge's mark, added to the test cell's output for the feedback
    marks = re.findall(r"Marked by the grader from your recorded answer to q1: ([\d.]+) of ([\d.]+) points",
                       "".join(o.get("text", "") for o in subs.cell_by_id(nb, "a1_q1_test").outputs))
    assert len(marks) == 1 and 0 < float(marks[0][0]) < float(marks[0][1]) == subs.points(master, ["a1_q1_test"])
    # The half-done submission earns part 1 only: strictly between the two.
    assert 0 < float(rows["ac_half_done"]["score"]) < auto_total
    # max_score also counts the manually graded written answer.
    written = sum(float(c.metadata["nbgrader"]["points"]) for c in master.cells
                  if c.metadata.get("nbgrader", {}).get("grade") and c.metadata["nbgrader"].get("solution"))
    assert float(rows["aa_complete"]["max_score"]) == auto_total + written


def test_the_run_went_through_every_submission(graded):
    log = graded["autograde"].stderr
    # Broken submissions are reported by name, and nbgrader still grades the students after them.
    for student in ("ai_not_json", "aj_renamed"):
        assert f"for student '{student}'" in log, f"{student} was not reported as a failure"
    autograded = graded["course"] / "autograded"
    for student in ("aa_complete", "ad_infinite_loop", "ae_memory_bomb", "al_stderr_warning", "zz_complete_last"):
        assert (autograded / student / subs.ASSIGNMENT / f"{subs.ASSIGNMENT}.ipynb").is_file()


def test_hostile_cells_were_stopped_the_way_we_expect(graded):
    folder = graded["course"] / "autograded"

    def errors(student: str, gid: str) -> list[str]:
        nb = subs.read(folder / student / subs.ASSIGNMENT / f"{subs.ASSIGNMENT}.ipynb")
        return [o.get("ename") for o in subs.cell_by_id(nb, gid).get("outputs", []) if o.output_type == "error"]

    stopped = errors("ad_infinite_loop", "a1_q2_answer")
    assert "CellTimeoutError" in stopped or "KeyboardInterrupt" in stopped, stopped
    assert "MemoryError" in errors("ae_memory_bomb", "a1_q2_answer")
    # ... because the kernel ran under the configured address-space limit, not by luck.
    nb = subs.read(folder / "ae_memory_bomb" / subs.ASSIGNMENT / f"{subs.ASSIGNMENT}.ipynb")
    printed = "".join(o.get("text", "") for o in subs.cell_by_id(nb, "a1_q2_answer").outputs
                      if o.output_type == "stream")
    limit = int(printed.split("address-space limit:")[1].split()[0])
    assert 0 < limit <= 4 * 1024**3, printed
    assert "SystemExit" in errors("af_sys_exit", "a1_q1_answer")
    # The deleted test cell is back, and the edited ones are the master's again.
    nb = subs.read(folder / "ah_edited_tests" / subs.ASSIGNMENT / f"{subs.ASSIGNMENT}.ipynb")
    assert 'record_answer("q2b", ledger_001)' in subs.cell_by_id(nb, "a1_q2b_test").source
    assert 'record_answer("q1", source_types)' in subs.cell_by_id(nb, "a1_q1_test").source
    # The noisy-but-correct answer: warnings and stderr from the student's code do not cost
    # marks (the judge reads the recorded answer, not the kernel's streams).
    nb = subs.read(folder / "al_stderr_warning" / subs.ASSIGNMENT / f"{subs.ASSIGNMENT}.ipynb")
    text = "".join(o.get("text", "") for o in subs.cell_by_id(nb, "a1_q1_test").outputs if o.output_type == "stream")
    full = subs.points(subs.read(REPO / "solutions" / subs.ASSIGNMENT / f"{subs.ASSIGNMENT}.ipynb"), ["a1_q1_test"])
    assert f"to q1: {full:g} of {full:g} points" in text, text


def test_nothing_leaks_between_students(graded):
    """Each autograded notebook holds only its own student's code."""
    markers = {"ad_infinite_loop": subs.INFINITE_LOOP, "ae_memory_bomb": "hoard.append",
               "af_sys_exit": "leaving early", "al_stderr_warning": "class NoisyDict"}
    graded_notebooks = sorted((graded["course"] / "autograded").glob(f"*/{subs.ASSIGNMENT}/{subs.ASSIGNMENT}.ipynb"))
    assert len(graded_notebooks) >= 8
    for path in graded_notebooks:
        folder = path.parent.parent
        nb = subs.read(path)
        text = "\n".join(cell.source for cell in nb.cells)
        for owner, marker in markers.items():
            assert (marker in text) == (folder.name == owner), (folder.name, owner)


def test_grading_stays_within_budget(graded):
    # One endless loop costs one cell timeout; everything else is a few seconds each.
    assert graded["seconds"] < 240, f"autograde took {graded['seconds']:.0f} s"
