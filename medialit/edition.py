"""The student edition: what students receive, with no answer in it.

``python -m medialit.edition build DEST`` copies the lessons, the student copies of the
assignments, the data and the package, and leaves out everything that holds or computes an
answer: the masters with their solutions, hidden tests and rubrics (``solutions/``), the answer
keys (``data/exercises/keys/``) and the page that describes them, the instructor notes, the
instructor's checks and grading code, the tests and the repository's history. The grader runs
every submission against this edition too (:mod:`medialit.grading.sandbox`).

``tests/test_edition.py`` builds it and searches every file for each solution, hidden test and key
value, and finds none. What is left out is listed in the edition's ``STUDENT_EDITION.md``.
"""
from __future__ import annotations

import argparse
import shutil
import sys
from pathlib import Path

from .paths import REPO_ROOT

# copied (folders whole, minus LEFT_OUT)
INCLUDED = ("README.md", "requirements.txt", "pyproject.toml", "Makefile", "jupyter", "notebooks",
            "exercises", "data", "medialit", "docs")
# relative paths never copied: they hold or compute answers (or are only for instructors)
LEFT_OUT = (
    "data/exercises/keys",             # the answer keys
    "data/exercises/README.md",        # describes each a4 claim's verdict
    "medialit/checks.py",              # the instructor's checks (they compute the answers)
    "medialit/grading/judge.py",
    "medialit/grading/preprocessors.py",
    "medialit/grading/integrity.py",
    "medialit/grading/sandbox.py",
    "medialit/grading/__main__.py",
    "medialit/assignments.py",         # makes the student copies from the masters
)
IGNORED = shutil.ignore_patterns("__pycache__", "*.pyc", ".ipynb_checkpoints", "*.egg-info")
# never in the edition whatever INCLUDED says (checked after copying)
NEVER = ("solutions", "instructors", "tests", ".git", "INSTRUCTORS.md", "gradebook.db", "submitted",
         "autograded", "feedback", "nbgrader_config.py")

NOTE = """# Student edition

This copy of medialit holds the lessons, the assignments as students receive them, the data and
the toolkit. It was built with `python -m medialit.edition build` and leaves out what holds or
computes an answer: the instructor's master notebooks (solutions, hidden tests and rubrics), the
assignment answer keys, the instructor notes and grading code, the tests and the project history.

The self-checks in the assignments check the *form* of an answer (the right kind of value, every
item filled in, labels from the rule book); they never say whether it is right. Marks come when
the work is handed in and graded.

Left out: {left_out}.
"""


README_NOTE = """> **Student edition.** This copy leaves out the teachers' material (see `STUDENT_EDITION.md`):
> links below to `INSTRUCTORS.md`, `instructors/`, `solutions/` or the tests lead nowhere here,
> and `make test`, `make grade` and `make edition` are for the teacher's copy.

"""


def _copy(src: Path, dest: Path) -> None:
    if src.is_dir():
        shutil.copytree(src, dest, ignore=IGNORED, symlinks=False)
    elif src.is_file():
        dest.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(src, dest)


def build(dest, repo: Path = REPO_ROOT, quiet: bool = False) -> Path:
    """Build the student edition into ``dest`` (an empty or missing folder); returns it."""
    dest = Path(dest)
    if dest.exists() and any(dest.iterdir()):
        raise FileExistsError(f"{dest} is not empty: give a new folder for the student edition.")
    dest.mkdir(parents=True, exist_ok=True)
    for name in INCLUDED:
        _copy(repo / name, dest / name)
    for rel in LEFT_OUT:
        path = dest / rel
        if path.is_dir():
            shutil.rmtree(path)
        elif path.exists():
            path.unlink()
    for rel in NEVER:
        if (dest / rel).exists():
            raise AssertionError(f"the student edition would contain {rel}; fix medialit/edition.py")
    (dest / "STUDENT_EDITION.md").write_text(
        NOTE.format(left_out=", ".join(f"`{p}`" for p in NEVER[:4] + LEFT_OUT[:3])), encoding="utf-8")
    readme = dest / "README.md"
    if readme.is_file():  # its links to the instructor guide and notes lead nowhere here: say so first
        readme.write_text(README_NOTE + readme.read_text(encoding="utf-8"), encoding="utf-8")
    if not quiet:
        print(f"student edition written to {dest}")
    return dest


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(prog="python -m medialit.edition",
                                     description="Build the student edition (no answers in it).")
    sub = parser.add_subparsers(dest="command", required=True)
    b = sub.add_parser("build", help="copy what students receive into DEST")
    b.add_argument("dest", type=Path)
    args = parser.parse_args(argv)
    try:
        build(args.dest)
    except FileExistsError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main())
