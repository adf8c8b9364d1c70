"""Time nbgrader autograding of assignment a1: sequential, then two workers in parallel.

Run: ``.venv/bin/python benchmarks/bench_grading.py [--students 30] [--workers 2]``.
Writes the same text to ``benchmarks/results/grading.txt`` (git-ignored).

1. Sequential (nbgrader's default): one course folder, one gradebook, one
   ``nbgrader autograde a1_attributions`` over all N submissions.
2. Parallel: the students are split between W worker folders, each a full copy
   of the course with its **own** gradebook (SQLite does not take concurrent
   writers: two autograde processes on one gradebook.db can stop with
   "database is locked"). The workers run at the same time; their grades are
   then merged into one gradebook with nbgrader's own API (``merge_gradebooks``)
   and the autograded notebooks copied into one ``autograded/`` folder. The
   merged export must equal the sequential one, student by student, or the
   benchmark says so.

Submissions are a mix of complete, half-done and untouched copies of the released
notebook (no hostile ones: they measure the time limit, not grading).
"""
from __future__ import annotations

import argparse
import csv
import os
import platform
import shutil
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
RESULTS = HERE / "results" / "grading.txt"
sys.path.insert(0, str(REPO / "tests" / "grading"))

import submissions as subs  # noqa: E402

from medialit.assignments import nbgrader_command, nbgrader_env  # noqa: E402

_lines: list[str] = []


def say(line: str = "") -> None:
    print(line, flush=True)
    _lines.append(line)


def nbgrader(course: Path, *args: str, check: bool = True) -> subprocess.CompletedProcess:
    proc = subprocess.run(nbgrader_command() + list(args), cwd=course, capture_output=True, text=True,
                          env=nbgrader_env())
    if check and proc.returncode != 0:
        raise SystemExit(f"nbgrader {' '.join(args)} failed in {course}:\n{proc.stderr[-3000:]}")
    return proc


def make_class(course: Path, n: int) -> list[str]:
    """Release a1 in ``course`` and write N submissions (complete / half / untouched in turn)."""
    nbgrader(course, "generate_assignment", subs.ASSIGNMENT, "--force")
    released = subs.read(course / "exercises" / subs.ASSIGNMENT / f"{subs.ASSIGNMENT}.ipynb")
    master = subs.read(course / "solutions" / subs.ASSIGNMENT / f"{subs.ASSIGNMENT}.ipynb")
    students = [f"s{i:03d}" for i in range(n)]
    for i, student in enumerate(students):
        kind = i % 3
        if kind == 0:
            nb = subs.filled(released, master)
        elif kind == 1:
            nb = subs.filled(released, master, ["a1_q1_answer"])
        else:
            nb = released
        subs.write(nb, course, student)
    nbgrader(course, "db", "student", "import", str(subs.write_roster(course, students)))
    return students


def export(course: Path, db: Path | None = None) -> dict[str, str]:
    out = course / "grades.csv"
    args = ["export", f"--CsvExportPlugin.to={out}"]
    if db:
        args.append(f"--CourseDirectory.db_url=sqlite:///{db}")
    nbgrader(course, *args)
    with open(out, newline="") as fh:
        return {r["student_id"]: r["score"] for r in csv.DictReader(fh)}


def merge_gradebooks(target_db: Path, worker_dbs: list[Path], assignment: str) -> int:
    """Copy autograde results from worker gradebooks into the target; return submissions merged.

    Uses nbgrader's Gradebook API so the target stays a normal nbgrader
    gradebook (formgrader, feedback and export work on it as usual).
    """
    import warnings

    from nbgrader.api import Gradebook

    # nbgrader's update_or_create_submission triggers SQLAlchemy "not in session"
    # notices on its own objects; the rows are written correctly (the merged export
    # is compared with the sequential one below), so keep them out of the report.
    warnings.filterwarnings("ignore", message=".*not in session.*")

    # Read each worker's results into plain values first, then write them with
    # one open gradebook at a time (nbgrader's sessions must not be mixed).
    results = []
    for db in worker_dbs:
        with Gradebook(f"sqlite:///{db}") as source:
            for sub in source.assignment_submissions(assignment):
                results.append({
                    "student": sub.student.id,
                    "timestamp": sub.timestamp,
                    "grades": [(nb.name, g.name, g.auto_score, g.manual_score, g.needs_manual_grade)
                               for nb in sub.notebooks for g in nb.grades],
                    "comments": [(nb.name, c.name, c.auto_comment, c.manual_comment)
                                 for nb in sub.notebooks for c in nb.comments],
                })
    with Gradebook(f"sqlite:///{target_db}") as target:
        for result in results:
            student = result["student"]
            target.update_or_create_student(student)
            target.update_or_create_submission(assignment, student, timestamp=result["timestamp"])
            for notebook, name, auto, manual, needs_manual in result["grades"]:
                grade = target.find_grade(name, notebook, assignment, student)
                grade.auto_score, grade.manual_score, grade.needs_manual_grade = auto, manual, needs_manual
            for notebook, name, auto, manual in result["comments"]:
                comment = target.find_comment(name, notebook, assignment, student)
                comment.auto_comment, comment.manual_comment = auto, manual
            target.db.commit()
    return len(results)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--students", type=int, default=30)
    parser.add_argument("--workers", type=int, default=2)
    args = parser.parse_args(argv)

    say(f"# nbgrader autograde benchmark: {args.students} submissions of a1_attributions")
    say(f"machine: {platform.platform()}, {os.cpu_count()} CPUs, Python {platform.python_version()}")
    with tempfile.TemporaryDirectory(prefix="medialit-bench-") as tmp:
        tmp = Path(tmp)
        base = subs.copy_course(REPO, tmp / "base")
        students = make_class(base, args.students)

        # 1. sequential
        seq = shutil.copytree(base, tmp / "sequential")
        start = time.perf_counter()
        nbgrader(seq, "autograde", subs.ASSIGNMENT)
        seq_s = time.perf_counter() - start
        seq_scores = export(seq)
        say(f"sequential: {seq_s:.1f} s total, {seq_s / len(students):.2f} s per submission")

        # 2. parallel: one course copy and gradebook per worker
        workers = []
        for w in range(args.workers):
            folder = shutil.copytree(base, tmp / f"worker{w}", ignore=shutil.ignore_patterns("submitted"))
            for student in students[w:: args.workers]:
                shutil.copytree(base / "submitted" / student, folder / "submitted" / student)
            workers.append(folder)
        start = time.perf_counter()
        with ThreadPoolExecutor(args.workers) as pool:
            # each worker runs its submissions as a sandbox user of its own (as root): two submissions
            # graded at once never share a user
            list(pool.map(lambda k: nbgrader(workers[k], "autograde", subs.ASSIGNMENT,
                                             f"--IsolatedExecute.user=medialit-grader-{k + 1}"), range(len(workers))))
        par_grade_s = time.perf_counter() - start
        merged_course = shutil.copytree(base, tmp / "merged", ignore=shutil.ignore_patterns("submitted"))
        start = time.perf_counter()
        n = merge_gradebooks(merged_course / "gradebook.db", [f / "gradebook.db" for f in workers], subs.ASSIGNMENT)
        for folder in workers:
            shutil.copytree(folder / "autograded", merged_course / "autograded", dirs_exist_ok=True)
        merge_s = time.perf_counter() - start
        par_s = par_grade_s + merge_s
        par_scores = export(merged_course)
        say(f"parallel ({args.workers} workers): {par_s:.1f} s total ({par_grade_s:.1f} s grading + "
            f"{merge_s:.1f} s merging {n} submissions), {par_s / len(students):.2f} s per submission")
        say(f"speed-up: {seq_s / par_s:.2f}x")
        same = seq_scores == par_scores and len(seq_scores) == len(students)
        say(f"merged gradebook equals the sequential one for all {len(students)} students: {same}")
        if not same:
            diff = {s: (seq_scores.get(s), par_scores.get(s)) for s in students if seq_scores.get(s) != par_scores.get(s)}
            say(f"differences (sequential, parallel): {diff}")
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text("\n".join(_lines) + "\n")
    return 0 if same else 1


if __name__ == "__main__":
    sys.exit(main())
