"""Generate the student exercises from the instructor masters, and check they match.

``python -m medialit.assignments generate`` (what ``make exercises`` runs)
calls the real ``nbgrader generate_assignment`` for every folder in
``solutions/`` and writes the student copies to ``exercises/``.
``python -m medialit.assignments check`` regenerates into a temporary folder
and lists every difference from the committed ``exercises/`` (exit code 1 when
they drift), ignoring metadata that changes from run to run.

The gradebook used while generating is a throwaway SQLite file, so running
this never touches an instructor's real ``gradebook.db``.
"""
from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

from medialit.errors import AssignmentError, MedialitError
from medialit.paths import REPO_ROOT

__all__ = [
    "AssignmentError",
    "list_assignments",
    "generate",
    "normalized_notebook",
    "nbgrader_command",
    "nbgrader_env",
    "compare_trees",
    "main",
]

# Notebook and cell metadata that carries no content and may change between runs.
VOLATILE_NOTEBOOK_METADATA = ("widgets", "toc", "varInspector", "celltoolbar")
VOLATILE_CELL_METADATA = ("execution", "collapsed", "scrolled", "jupyter", "tags_volatile", "ExecuteTime")


def list_assignments(course_root: Path | str = REPO_ROOT) -> list[str]:
    """Assignment names: the folders in solutions/ that hold <name>/<name>.ipynb."""
    source = Path(course_root) / "solutions"
    if not source.is_dir():
        raise AssignmentError(f"{source} does not exist; run this from a medialit course folder.")
    return sorted(p.name for p in source.iterdir() if (p / f"{p.name}.ipynb").is_file())


def nbgrader_command() -> list[str]:
    """The nbgrader of this Python environment (the one medialit is installed in)."""
    exe = Path(sys.executable).with_name("nbgrader")
    if exe.exists():
        return [str(exe)]
    return [sys.executable, "-m", "nbgrader"]


def nbgrader_env() -> dict[str, str]:
    """Environment for an nbgrader subprocess: this environment's bin/ first on PATH.

    nbgrader runs ``alembic`` by name when it opens a gradebook, so the
    virtualenv's bin/ must be on PATH even when the venv is not activated.
    """
    env = dict(os.environ)
    bindir = str(Path(sys.executable).parent)
    env["PATH"] = bindir + os.pathsep + env.get("PATH", "")
    return env


def generate(
    release_dir: Path | str | None = None,
    assignments: list[str] | None = None,
    course_root: Path | str = REPO_ROOT,
) -> Path:
    """Run ``nbgrader generate_assignment`` for each assignment; return the release folder.

    ``release_dir`` defaults to the course's ``exercises/``.
    """
    course_root = Path(course_root).resolve()
    release = Path(release_dir).resolve() if release_dir else course_root / "exercises"
    names = assignments or list_assignments(course_root)
    unknown = sorted(set(names) - set(list_assignments(course_root)))
    if unknown:
        raise AssignmentError(
            f"no master notebook for {unknown}; expected solutions/<name>/<name>.ipynb. "
            f"Known: {', '.join(list_assignments(course_root))}."
        )
    release.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="medialit-gen-") as tmp:
        db_url = f"sqlite:///{Path(tmp) / 'generate.db'}"
        for name in names:
            cmd = nbgrader_command() + [
                "generate_assignment",
                name,
                "--force",
                f"--CourseDirectory.root={course_root}",
                f"--CourseDirectory.release_directory={release}",
                f"--CourseDirectory.db_url={db_url}",
            ]
            proc = subprocess.run(cmd, cwd=course_root, capture_output=True, text=True, env=nbgrader_env())
            if proc.returncode != 0:
                raise AssignmentError(
                    f"nbgrader generate_assignment {name} failed (exit {proc.returncode}). "
                    f"Fix the master notebook solutions/{name}/{name}.ipynb; nbgrader said:\n"
                    + proc.stderr[-3000:]
                )
    return release


def normalized_notebook(path: Path | str) -> dict:
    """The notebook JSON with volatile metadata removed, for comparing two copies."""
    with open(path, encoding="utf-8") as fh:
        nb = json.load(fh)
    for key in VOLATILE_NOTEBOOK_METADATA:
        nb.get("metadata", {}).pop(key, None)
    for cell in nb.get("cells", []):
        for key in VOLATILE_CELL_METADATA:
            cell.get("metadata", {}).pop(key, None)
        if cell.get("cell_type") == "code":
            cell["execution_count"] = None
            cell["outputs"] = []
        if isinstance(cell.get("source"), list):
            cell["source"] = "".join(cell["source"])
    return nb


def compare_trees(expected: Path | str, actual: Path | str) -> list[str]:
    """Human-readable differences between two release folders (empty when they match)."""
    expected, actual = Path(expected), Path(actual)
    problems: list[str] = []

    def files(root: Path) -> set[str]:
        return {
            str(p.relative_to(root))
            for p in root.rglob("*")
            if p.is_file() and ".ipynb_checkpoints" not in p.parts and "__pycache__" not in p.parts
        }

    exp_files, act_files = files(expected), files(actual)
    for rel in sorted(exp_files - act_files):
        problems.append(f"{rel}: missing from {actual}")
    for rel in sorted(act_files - exp_files):
        problems.append(f"{rel}: not expected (only in {actual})")
    for rel in sorted(exp_files & act_files):
        a, b = expected / rel, actual / rel
        if rel.endswith(".ipynb"):
            na, nb = normalized_notebook(a), normalized_notebook(b)
            if na != nb:
                problems.append(f"{rel}: {_first_difference(na, nb)}")
        elif a.read_bytes() != b.read_bytes():
            problems.append(f"{rel}: contents differ")
    return problems


def _first_difference(a: dict, b: dict) -> str:
    if a.get("metadata") != b.get("metadata"):
        return "notebook metadata differs"
    ca, cb = a.get("cells", []), b.get("cells", [])
    if len(ca) != len(cb):
        return f"{len(ca)} cells committed, {len(cb)} generated"
    for i, (x, y) in enumerate(zip(ca, cb)):
        if x != y:
            return f"cell {i} (id {x.get('id')}) differs"
    return "top-level fields differ"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m medialit.assignments", description=__doc__.split("\n\n")[0])
    sub = parser.add_subparsers(dest="command", required=True)
    gen = sub.add_parser("generate", help="regenerate exercises/ from solutions/ with nbgrader")
    gen.add_argument("assignments", nargs="*", help="assignment names (default: all)")
    gen.add_argument("--release-dir", help="write here instead of exercises/")
    chk = sub.add_parser("check", help="fail when exercises/ differ from a fresh generation")
    chk.add_argument("assignments", nargs="*")
    args = parser.parse_args(argv)
    try:
        if args.command == "generate":
            out = generate(args.release_dir, args.assignments or None)
            print(f"generated {', '.join(args.assignments or list_assignments())} into {out}")
            return 0
        with tempfile.TemporaryDirectory(prefix="medialit-check-") as tmp:
            generate(tmp, args.assignments or None)
            names = args.assignments or list_assignments()
            problems = []
            for name in names:
                problems += compare_trees(REPO_ROOT / "exercises" / name, Path(tmp) / name)
        if problems:
            print("exercises/ is out of date; run `make exercises` and commit the result:")
            print("\n".join(f"  {p}" for p in problems))
            return 1
        print("exercises/ matches solutions/")
        return 0
    except AssignmentError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
