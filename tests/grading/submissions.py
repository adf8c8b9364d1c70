"""Build student submissions for the grading tests and the benchmark.

Every submission starts from the *released* notebook (exercises/...), so they
stay in step with the assignment whenever it changes. Answers are copied from
the instructor master; hostile behaviour is added to chosen cells.
"""
from __future__ import annotations

import copy
import json
import shutil
from pathlib import Path

import nbformat

ASSIGNMENT = "a1_attributions"


def read(path: Path) -> nbformat.NotebookNode:
    return nbformat.read(str(path), as_version=4)


def grade_id(cell) -> str | None:
    return cell.get("metadata", {}).get("nbgrader", {}).get("grade_id")


def cell_by_id(nb, gid: str):
    for cell in nb.cells:
        if grade_id(cell) == gid:
            return cell
    raise KeyError(f"no cell with grade_id {gid!r}")


def answer_ids(nb) -> list[str]:
    """grade_ids of the cells a student writes in (code and written answers)."""
    return [grade_id(c) for c in nb.cells if c.get("metadata", {}).get("nbgrader", {}).get("solution")]


def points(master, gids: list[str] | None = None) -> float:
    """Autograded points of the test cells (all, or those in ``gids``) in the master notebook."""
    total = 0.0
    for cell in master.cells:
        meta = cell.get("metadata", {}).get("nbgrader", {})
        if meta.get("grade") and not meta.get("solution") and (gids is None or meta["grade_id"] in gids):
            total += float(meta["points"])
    return total


def test_ids(master) -> list[str]:
    return [grade_id(c) for c in master.cells
            if c.metadata.get("nbgrader", {}).get("grade") and not c.metadata["nbgrader"].get("solution")]


def filled(released, master, answers: list[str] | None = None):
    """The released notebook with the master's answer in the chosen answer cells (default all)."""
    nb = copy.deepcopy(released)
    for gid in answers if answers is not None else answer_ids(released):
        cell_by_id(nb, gid).source = cell_by_id(master, gid).source
    return nb


def prepend(nb, gid: str, code: str):
    cell = cell_by_id(nb, gid)
    cell.source = code.rstrip("\n") + "\n" + cell.source
    return nb


def write(nb, course: Path, student: str, name: str | None = None, raw: str | None = None) -> Path:
    folder = course / "submitted" / student / ASSIGNMENT
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{name or ASSIGNMENT}.ipynb"
    if raw is not None:
        path.write_text(raw, encoding="utf-8")
    else:
        nbformat.write(nb, str(path))
    return path


# Hostile code, added to the start of an answer cell.
INFINITE_LOOP = "while True:\n    pass"
MEMORY_BOMB = (
    "import resource\n"
    "print('address-space limit:', resource.getrlimit(resource.RLIMIT_AS)[0])\n"
    "hoard = []\nwhile True:\n    hoard.append(bytearray(256 * 1024**2))"
)
SYS_EXIT = "import sys\nsys.exit('leaving early')"
OS_EXIT = "import os\nos._exit(3)"
NOISY_CORRECT = '''import sys, warnings
warnings.warn("this answer cell warns", UserWarning)
print("and writes to stderr", file=sys.stderr)


class NoisyDict(dict):
    """A correct answer that complains on stderr whenever it is read."""

    def __getitem__(self, key):
        print("NoisyDict read", file=sys.stderr)
        warnings.warn("read from NoisyDict", RuntimeWarning)
        return super().__getitem__(key)

    def items(self):
        print("NoisyDict items", file=sys.stderr)
        warnings.warn("items of NoisyDict", DeprecationWarning)
        return super().items()
'''


def build_all(course: Path) -> dict[str, float | None]:
    """Write the prepared submissions into ``course/submitted``; return the expected score.

    The expected score is worked out from the master's points, never typed in.
    """
    released = read(course / "exercises" / ASSIGNMENT / f"{ASSIGNMENT}.ipynb")
    master = read(course / "solutions" / ASSIGNMENT / f"{ASSIGNMENT}.ipynb")
    full = points(master)
    q1 = points(master, ["a1_q1_test"])
    q2 = points(master, ["a1_q2a_test", "a1_q2b_test"])
    assert q1 + q2 == full, "the a1 tests changed: update tests/grading/submissions.py"
    # Part 1 gives equal partial credit per phrase: labelling every phrase "named"
    # earns the share of the phrases the answer key labels named.
    key = a1_key_labels()
    q1_all_named = q1 * sum(label == "named" for label in key.values()) / len(key)
    assert 0 < q1_all_named < q1
    expected: dict[str, float] = {}

    def add(student: str, nb, score: float, **kw):
        write(nb, course, student, **kw)
        expected[student] = score

    add("aa_complete", filled(released, master), full)
    add("ab_untouched", copy.deepcopy(released), 0.0)
    add("ac_half_done", filled(released, master, ["a1_q1_answer"]), q1)
    add("ad_infinite_loop", prepend(filled(released, master), "a1_q2_answer", INFINITE_LOOP), q1)
    add("ae_memory_bomb", prepend(filled(released, master), "a1_q2_answer", MEMORY_BOMB), q1)
    add("af_sys_exit", prepend(filled(released, master), "a1_q1_answer", SYS_EXIT), q2)
    # A kernel that dies in part 2: what was recorded before it (part 1) is marked, the
    # rest earns nothing, and the other students are not affected.
    add("ag_os_exit", prepend(filled(released, master), "a1_q2_answer", OS_EXIT), q1)

    # Part 1 partly wrong (every phrase "named"), with its test cell "fixed" by the
    # student, and a correct part 2 whose last test cell was deleted: nbgrader
    # restores both, and part 1 earns its partial credit.
    nb = filled(released, master)
    cell_by_id(nb, "a1_q1_answer").source = (
        "source_types = {k: 'named' for k in [\n"
        + "".join(f"    {k!r},\n" for k in _phrases(master))
        + "]}\n"
    )
    cell_by_id(nb, "a1_q1_test").source = "pass  # tests removed by the student"
    nb.cells = [c for c in nb.cells if grade_id(c) != "a1_q2b_test"]
    add("ah_edited_tests", nb, q2 + q1_all_named)

    add("ai_not_json", None, 0.0, raw='{"cells": [ this is not JSON')
    add("aj_renamed", filled(released, master), 0.0, name="my_homework")
    # A student who handed in an empty folder.
    (course / "submitted" / "ak_missing" / ASSIGNMENT).mkdir(parents=True, exist_ok=True)
    (course / "submitted" / "ak_missing" / ASSIGNMENT / "notes.txt").write_text("forgot the notebook\n")
    expected["ak_missing"] = 0.0

    nb = filled(released, master)
    cell = cell_by_id(nb, "a1_q1_answer")
    cell.source = NOISY_CORRECT + "\n" + cell.source + "\nsource_types = NoisyDict(source_types)\n"
    add("al_stderr_warning", nb, full)
    # Graded last: a complete answer after all the hostile ones.
    add("zz_complete_last", filled(released, master), full)
    return expected


def a1_key_labels() -> dict[str, str]:
    """Part 1's answer key {phrase: label}, read from the course's key file (data/exercises/keys/)."""
    from medialit.checks import a1_phrases

    return {phrase: label for phrase, (label, _) in a1_phrases().items()}


def _phrases(master) -> list[str]:
    """The phrase keys of part 1, read from the master's answer cell."""
    ns: dict = {}
    src = cell_by_id(master, "a1_q1_answer").source
    exec(src.split("### BEGIN SOLUTION")[0], ns)  # the starter dict only
    return list(ns["source_types"])


def write_roster(course: Path, students: list[str]) -> Path:
    path = course / "students.csv"
    lines = ["id,first_name,last_name,email"] + [f"{s},{s},Student,{s}@example.org" for s in students]
    path.write_text("\n".join(lines) + "\n")
    return path


def copy_course(repo: Path, dest: Path, assignments: list[str] | None = None) -> Path:
    """A fresh course folder: the config and the chosen masters (no gradebook, no submissions)."""
    dest.mkdir(parents=True, exist_ok=True)
    shutil.copy(repo / "nbgrader_config.py", dest / "nbgrader_config.py")
    for name in assignments or [ASSIGNMENT]:
        shutil.copytree(repo / "solutions" / name, dest / "solutions" / name)
    return dest


def read_json(path: Path):
    return json.loads(Path(path).read_text())
