"""nbgrader preprocessors that make ``nbgrader autograde`` isolated and judged.

``nbgrader_config.py`` puts them in place of nbgrader's own ``Execute`` and ``SaveAutoGrades``:

* :class:`IsolatedExecute` runs the (sanitised) notebook in the sandbox and takes back only the
  outputs of each code cell; the cells themselves (their source and nbgrader metadata: points,
  ids) stay those nbgrader put back from the master, whatever the kernel did.
* :class:`JudgedGrades` saves, for every autograded test cell, the judge's mark (capped at the
  cell's points) instead of nbgrader's reading of the kernel's success or error, and adds the
  mark to the cell's output so the feedback shows it. Written answers are left for a person.
"""
from __future__ import annotations

import atexit
import shutil
import tempfile
from pathlib import Path

import nbformat
from nbgrader import utils
from nbgrader.preprocessors import NbGraderPreprocessor, SaveAutoGrades
from traitlets import Integer, Unicode

from . import judge, sandbox

_PREPARED: dict[str, sandbox.Sandbox] = {}


def prepare(course_root: Path, edition: str = "", limits: sandbox.Limits | None = None,
            fix_permissions: bool = True, log=print, user: str = sandbox.SANDBOX_USER) -> sandbox.Sandbox:
    """The sandbox for this grading run (made once per process): user, permissions, edition."""
    from .. import edition as editions
    from ..paths import REPO_ROOT

    key = f"{course_root}|{edition}|{user}"
    if key in _PREPARED:
        return _PREPARED[key]
    account = sandbox.sandbox_user(name=user)
    if account is not None:
        for folder in sandbox.make_interpreter_reachable(fix=fix_permissions):
            log(f"grading: other users may now enter (not list) {folder}, so the sandbox user can run Python")
        for path in sandbox.protect_private([course_root, REPO_ROOT]):
            log(f"grading: made {path} private to its owner (submissions must not read it)")
    if edition:
        folder = Path(edition)
    else:
        folder = Path(tempfile.mkdtemp(prefix="medialit-student-edition-"))
        atexit.register(shutil.rmtree, folder, True)
        editions.build(folder, quiet=True)
        folder.chmod(0o755)
    box = sandbox.Sandbox(folder, *(account or (None, None)), limits=limits or sandbox.Limits())
    sandbox.check_sandbox(box)
    _PREPARED[key] = box
    return box


def _same_cells(trusted, executed) -> list:
    """Outputs of ``executed`` for each code cell of ``trusted`` (matched by id, else by position)."""
    by_id = {c.get("id"): c for c in executed.cells if c.get("id")}
    same_shape = len(executed.cells) == len(trusted.cells)
    outputs = []
    for index, cell in enumerate(trusted.cells):
        twin = by_id.get(cell.get("id"))
        if twin is None and same_shape:
            twin = executed.cells[index]
        if cell.cell_type != "code" or twin is None or twin.get("cell_type") != "code" \
                or twin.get("source") != cell.source:
            outputs.append([])
            continue
        outputs.append(list(twin.get("outputs", [])))
    return outputs


class IsolatedExecute(NbGraderPreprocessor):
    """Execute in the sandbox (see the module doc); configurable like nbgrader's Execute."""

    timeout = Integer(60, help="seconds per cell").tag(config=True)
    total_timeout = Integer(900, help="seconds for the whole notebook").tag(config=True)
    memory = Integer(2 * 1024**3, help="address-space limit of the kernel, in bytes").tag(config=True)
    edition = Unicode("", help="a student edition to use (default: built for this run)").tag(config=True)
    user = Unicode(sandbox.SANDBOX_USER, help="the sandbox user as root: medialit-grader or, one per parallel "
                   "worker, medialit-grader-<n>").tag(config=True)

    def preprocess(self, nb, resources):
        course = Path(resources.get("nbgrader", {}).get("course_root") or Path.cwd())
        limits = sandbox.Limits(cell_timeout=self.timeout, total_timeout=self.total_timeout, memory=self.memory)
        box = prepare(course, self.edition, limits, log=self.log.info, user=self.user)
        name = f"{resources.get('nbgrader', {}).get('notebook', 'submission')}.ipynb"
        result = sandbox.run_isolated(nb, box, name)
        for cell, outputs in zip(nb.cells, _same_cells(nb, result.notebook)):
            if cell.cell_type == "code":
                cell.outputs = [nbformat.from_dict(o) for o in outputs]
                cell.execution_count = None
        if result.stopped:
            self.log.warning("%s: %s", name, result.stopped)
        if result.killed:
            self.log.warning("%s: ended %d process(es) the submission left running", name, len(result.killed))
        resources.setdefault("medialit", {}).update(stopped=result.stopped, killed=len(result.killed),
                                                   seconds=round(result.seconds, 1))
        return nb, resources


class JudgedGrades(SaveAutoGrades):
    """SaveAutoGrades with the judge's marks for the autograded test cells."""

    def _add_score(self, cell, resources) -> None:
        if utils.is_solution(cell):  # a written answer with points: graded by a person
            return super()._add_score(cell, resources)
        grade = self.gradebook.find_grade(cell.metadata["nbgrader"]["grade_id"], self.notebook_id,
                                          self.assignment_id, self.student_id)
        max_points = float(cell.metadata["nbgrader"].get("points", 0) or 0)
        mark = judge.mark_cell(self.assignment_id, cell.source, cell.outputs, max_points)
        grade.auto_score = mark.points
        grade.needs_manual_grade = grade.manual_score is not None
        self.gradebook.db.commit()
        cell.outputs.append(nbformat.v4.new_output("stream", name="stdout", text=mark.text() + "\n"))
