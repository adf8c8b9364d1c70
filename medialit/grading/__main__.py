"""``python -m medialit.grading ASSIGNMENT``: grade every submission of one assignment safely.

Run it in the course folder (the one with ``nbgrader_config.py``), or give ``--course``. It

1. prepares the sandbox: as root, the unprivileged user ``medialit-grader`` (created if missing),
   Python reachable for it, and the course's private folders (solutions, keys, gradebook,
   submissions, history, tests) closed to other users; a fresh student edition;
2. runs ``nbgrader autograde`` (whose configuration runs each submission in the sandbox and
   saves the judge's marks, each capped at its cell's points);
3. writes ``reports/<assignment>-integrity.csv``: answer-cell code to read by hand;
4. exports the grades (``nbgrader export``) to ``reports/grades.csv``, every score capped at the
   assignment's maximum, and prints a summary.

Feedback (``nbgrader generate_feedback``) works as usual afterwards.
"""
from __future__ import annotations

import argparse
import csv
import io
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from . import integrity, sandbox
from .preprocessors import prepare

REQUIRED = ("medialit.grading.preprocessors.IsolatedExecute", "medialit.grading.preprocessors.JudgedGrades")


def _nbgrader(course: Path, *args: str, check: bool = True) -> subprocess.CompletedProcess:
    from ..assignments import nbgrader_command, nbgrader_env

    proc = subprocess.run(nbgrader_command() + list(args), cwd=course, capture_output=True, text=True,
                          env=nbgrader_env())
    if check and proc.returncode != 0:
        raise SystemExit(f"error: nbgrader {' '.join(args)} failed:\n{proc.stderr[-3000:]}")
    return proc


def course_root(given: str | None) -> Path:
    if given:
        root = Path(given).expanduser().resolve()
    elif (Path.cwd() / "nbgrader_config.py").is_file():
        root = Path.cwd()
    else:
        from ..paths import REPO_ROOT

        root = REPO_ROOT
    config = root / "nbgrader_config.py"
    if not config.is_file():
        raise SystemExit(f"error: {root} has no nbgrader_config.py; run this in the course folder or give --course.")
    text = config.read_text(encoding="utf-8")
    missing = [name for name in REQUIRED if name not in text]
    if missing:
        raise SystemExit(f"error: {config} does not run submissions in the sandbox (it does not name "
                         f"{', '.join(missing)}). Copy the Autograde settings from medialit's nbgrader_config.py.")
    return root


def capped_grades(rows: list[dict]) -> tuple[list[dict], list[str]]:
    """Export rows with every score capped at its max_score (and never below 0)."""
    notes = []
    for row in rows:
        try:
            score, top = float(row.get("score") or 0), float(row.get("max_score") or 0)
        except ValueError:
            notes.append(f"{row.get('student_id')}: unreadable score {row.get('score')!r}; set to 0")
            row["score"] = "0"
            continue
        if score > top or score < 0:
            notes.append(f"{row.get('student_id')} / {row.get('assignment')}: score {score:g} capped to "
                         f"{min(max(score, 0), top):g} (maximum {top:g})")
            row["score"] = f"{min(max(score, 0), top):g}"
    return rows, notes


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(prog="python -m medialit.grading", description=__doc__.split("\n\n")[0])
    parser.add_argument("assignment", help="e.g. a1_attributions")
    parser.add_argument("--course", help="the course folder (default: here, or the repository)")
    parser.add_argument("--student", action="append", default=[], help="grade only this student (repeatable)")
    parser.add_argument("--timeout", type=int, default=60, help="seconds per cell (default 60)")
    parser.add_argument("--sandbox-user", default=sandbox.SANDBOX_USER,
                        help="as root, the user submissions run as (default medialit-grader; give each parallel "
                             "worker its own, medialit-grader-<n>)")
    parser.add_argument("--no-fix-permissions", action="store_true",
                        help="stop instead of letting other users enter the folders above Python")
    args = parser.parse_args(argv)

    course = course_root(args.course)
    reports = course / "reports"
    reports.mkdir(exist_ok=True)
    started = time.monotonic()
    edition = Path(tempfile.mkdtemp(prefix="medialit-student-edition-"))
    try:
        from .. import edition as editions

        shutil.rmtree(edition)
        editions.build(edition, quiet=True)
        edition.chmod(0o755)
        try:
            box = prepare(course, str(edition), sandbox.Limits(cell_timeout=args.timeout),
                          fix_permissions=not args.no_fix_permissions, user=args.sandbox_user)
        except sandbox.SandboxError as exc:
            raise SystemExit(f"error: {exc}") from None
        who = (f"as the unprivileged user {args.sandbox_user!r}" if box.separate_user
               else "as you (not root: no separate user; see INSTRUCTORS.md, 'What grading isolates')")
        print(f"grading {args.assignment} in {course}: each submission runs alone in a fresh folder {who}")
        extra = [f"--IsolatedExecute.edition={edition}", f"--IsolatedExecute.timeout={args.timeout}",
                 f"--IsolatedExecute.user={args.sandbox_user}"]
        students = [f"--student={s}" for s in args.student]
        proc = _nbgrader(course, "autograde", args.assignment, "--force", *students, *extra, check=False)
        if proc.returncode != 0:
            print(proc.stderr[-3000:], file=sys.stderr)
            print("warning: nbgrader autograde reported errors (above); the grades below may be incomplete",
                  file=sys.stderr)
    finally:
        shutil.rmtree(edition, ignore_errors=True)

    import nbformat

    findings = []
    submitted = course / "submitted"
    for path in sorted(submitted.glob(f"*/{args.assignment}/*.ipynb")):
        student = path.parent.parent.name
        if args.student and student not in args.student:
            continue
        try:
            nb = nbformat.read(path, as_version=4)
        except Exception as exc:  # noqa: BLE001 (a broken submission is still reported)
            findings.append(integrity.Finding(student, path.name, "-", 0, "unreadable notebook", str(exc)[:160]))
            continue
        findings.extend(integrity.scan_notebook(nb, student, path.stem))
    report = integrity.write_report(findings, reports / f"{args.assignment}-integrity.csv")

    export = _nbgrader(course, "export", f"--CsvExportPlugin.to={reports / 'grades.csv'}", check=False)
    rows, notes = [], []
    if (reports / "grades.csv").is_file():
        with open(reports / "grades.csv", newline="", encoding="utf-8") as fh:
            rows = list(csv.DictReader(fh))
        rows, notes = capped_grades(rows)
        if rows:
            buffer = io.StringIO()
            writer = csv.DictWriter(buffer, fieldnames=list(rows[0]))
            writer.writeheader()
            writer.writerows(rows)
            from ..files import write_atomic

            write_atomic(reports / "grades.csv", buffer.getvalue())
    else:
        print(f"warning: nbgrader export wrote nothing ({export.stderr[-500:]})", file=sys.stderr)
    for note in notes:
        print(f"capped: {note}")
    mine = [r for r in rows if r.get("assignment") == args.assignment]
    flagged = sorted({f.student for f in findings})
    print(f"graded {len(mine)} submission(s) of {args.assignment} in {time.monotonic() - started:.0f} s; "
          f"grades: {reports / 'grades.csv'}; integrity report: {report} "
          f"({len(findings)} finding(s) in {len(flagged)} submission(s){': ' + ', '.join(flagged) if flagged else ''})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
