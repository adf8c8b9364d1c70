"""The grading sandbox: a submission runs alone, cannot read the answers, leaves nothing running.

(Issue "Grading a real class safely": isolation per submission.) One notebook of hostile cells runs
through :func:`medialit.grading.sandbox.run_isolated`; each cell's output says what it could do.
"""
from __future__ import annotations

import json
import os
import shutil
import sys
import tempfile
import time
from pathlib import Path

import nbformat
import pytest

from medialit import edition
from medialit.grading import sandbox
from medialit.grading.preprocessors import _same_cells
from medialit.paths import REPO_ROOT

pytestmark = [pytest.mark.grading, pytest.mark.slow]

def _notebook(cells: list[str]):
    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_code_cell(source) for source in cells]
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    return nb


def _text(cell) -> str:
    parts = []
    for out in cell.outputs:
        parts.append(out.get("text", "") if out.output_type == "stream" else
                     f"{out.get('ename', '')}: {out.get('evalue', '')}" if out.output_type == "error" else
                     json.dumps(out.get("data", {})))
    return "".join(parts)


@pytest.fixture(scope="module")
def student_edition():
    # in /tmp itself: pytest's own temporary folders are closed to other users (mode 700)
    folder = Path(tempfile.mkdtemp(prefix="medialit-test-edition-"))
    edition.build(folder, quiet=True)
    folder.chmod(0o755)
    yield folder
    shutil.rmtree(folder, ignore_errors=True)


def test_an_edition_the_sandbox_user_cannot_reach_is_refused_not_replaced(tmp_path):
    if os.geteuid() != 0:  # no separate user without root: the grader's own user reads the edition
        assert sandbox.sandbox_user() is None
        return
    sandbox.make_interpreter_reachable()  # so the refusal below is about the edition, not Python
    hidden = tmp_path / "edition"  # under pytest's 700 folder
    edition.build(hidden, quiet=True)
    box = sandbox.Sandbox(hidden, *sandbox.sandbox_user())
    with pytest.raises(sandbox.SandboxError, match="not from the student edition"):
        sandbox.check_sandbox(box)


@pytest.fixture(scope="module")
def course(tmp_path_factory):
    """A course folder with an answer file a submission must not read, and a gradebook."""
    root = tmp_path_factory.mktemp("course")
    (root / "solutions").mkdir()
    (root / "solutions" / "answers.txt").write_text("the answers", encoding="utf-8")
    (root / "gradebook.db").write_text("grades", encoding="utf-8")
    for path in [root, *root.parents]:  # others may enter the folders above (as in /work)
        if path != Path("/") and os.geteuid() == 0:
            path.chmod(path.stat().st_mode | 0o011)
    return root


@pytest.fixture(scope="module")
def hostile_run(student_edition, course):
    user = sandbox.sandbox_user()
    if user is not None:
        sandbox.make_interpreter_reachable(fix=True)
        sandbox.protect_private([course, REPO_ROOT])
    box = sandbox.Sandbox(student_edition, *(user or (None, None)),
                          limits=sandbox.Limits(cell_timeout=4, total_timeout=120))
    sandbox.check_sandbox(box)
    cells = [
        # 0 who and where
        "import os, getpass, sys, json\nprint(json.dumps({'user': getpass.getuser(), 'cwd': os.getcwd(), "
        "'env': dict(os.environ), 'medialit': __import__('medialit').__file__}))",
        # 1 the answers, the gradebook, the repository's masters and keys
        f"for p in [{str(course / 'solutions' / 'answers.txt')!r}, {str(course / 'gradebook.db')!r}, "
        f"{str(REPO_ROOT / 'solutions' / 'a1_attributions' / 'a1_attributions.ipynb')!r}, "
        f"{str(REPO_ROOT / 'data' / 'exercises' / 'keys' / 'a4_verdict.yaml')!r}]:\n"
        "    try:\n        open(p).read(); print('READ', p)\n    except OSError as e:\n        print('refused', type(e).__name__)",
        # 2 write over the gradebook
        f"try:\n    open({str(course / 'gradebook.db')!r}, 'w').write('zero')\n    print('WROTE')\n"
        "except OSError as e:\n    print('refused', type(e).__name__)",
        # 3 background processes that outlive their kernel (a new session; an orphan of a double fork)
        "import subprocess\np = subprocess.Popen(['/bin/sh', '-c', 'sleep 300 & echo $!'], "
        "stdout=subprocess.PIPE, start_new_session=True, text=True)\norphan = p.stdout.readline().strip()\n"
        "q = subprocess.Popen(['sleep', '301'], start_new_session=True)\nprint('started', orphan, q.pid)",
        # 4 an endless loop: interrupted, and the run goes on
        "while True:\n    pass",
        "print('after the loop')",
        # 6 the kernel leaves early: nothing after it runs
        "import os\nos._exit(3)",
        "print('never')",
    ]
    started = time.monotonic()
    result = sandbox.run_isolated(_notebook(cells), box)
    return {"result": result, "box": box, "seconds": time.monotonic() - started}


def test_runs_as_the_sandbox_user_in_a_fresh_folder_with_a_clean_environment(hostile_run, student_edition):
    cells = hostile_run["result"].notebook.cells
    seen = json.loads(_text(cells[0]))
    if os.geteuid() == 0:
        assert seen["user"] == sandbox.SANDBOX_USER
    assert seen["cwd"].startswith("/tmp/medialit-sandbox-") and seen["cwd"].endswith("/run")
    assert seen["env"]["HOME"].startswith("/tmp/medialit-sandbox-")
    assert seen["medialit"].startswith(str(student_edition)), "the student edition's package is imported"
    for name, value in seen["env"].items():
        assert str(REPO_ROOT) not in value, f"{name} names the course: {value}"
    assert not {"PWD", "OLDPWD", "JUPYTER_PATH", "VIRTUAL_ENV", "MEDIALIT_PROGRESS"} & set(seen["env"])


def test_cannot_read_answers_or_gradebook_nor_write_the_gradebook(hostile_run, course):
    cells = hostile_run["result"].notebook.cells
    if os.geteuid() != 0:  # documented: without root the submission has the grader's rights
        assert not hostile_run["box"].separate_user
        return
    assert _text(cells[1]).count("refused PermissionError") == 4, _text(cells[1])
    assert "refused" in _text(cells[2])
    assert (course / "gradebook.db").read_text(encoding="utf-8") == "grades"


def test_without_root_the_run_is_still_a_fresh_folder_and_says_what_it_is(student_edition):
    box = sandbox.Sandbox(student_edition, limits=sandbox.Limits(cell_timeout=5, total_timeout=60))
    assert not box.separate_user
    result = sandbox.run_isolated(_notebook(["import os; print(os.getcwd())"]), box)
    assert "/tmp/medialit-sandbox-" in _text(result.notebook.cells[0])


def _alive(pid: int) -> bool:
    try:
        with open(f"/proc/{pid}/stat", encoding="utf-8") as fh:
            return fh.read().rsplit(")", 1)[1].split()[0] != "Z"
    except OSError:
        return False


def test_every_process_it_started_is_ended(hostile_run):
    result = hostile_run["result"]
    started = _text(result.notebook.cells[3]).split()
    assert started[0] == "started", started
    pids = [int(p) for p in started[1:]]
    assert len(pids) == 2 and set(pids) <= set(result.killed), (pids, result.killed)
    assert not [pid for pid in pids if _alive(pid)], "a background process outlived the run"
    assert sandbox.become_subreaper(), "Linux hands orphans to the grader (PR_SET_CHILD_SUBREAPER)"


def test_an_endless_loop_is_interrupted_and_an_early_exit_stops_the_run(hostile_run):
    cells = hostile_run["result"].notebook.cells
    assert "KeyboardInterrupt" in _text(cells[4]) or "CellTimeoutError" in _text(cells[4])
    assert "after the loop" in _text(cells[5])
    assert _text(cells[7]) == ""
    assert hostile_run["result"].stopped  # says why it ended early


def test_only_outputs_come_back_never_the_cells():
    trusted = _notebook(["x = 1", "record_answer('q1', x)"])
    executed = nbformat.from_dict(json.loads(json.dumps(trusted)))
    executed.cells[0].outputs = [nbformat.v4.new_output("stream", text="one")]
    executed.cells[1].source = "print('a test cell the kernel rewrote')"
    executed.cells[1].outputs = [nbformat.v4.new_output("stream", text="forged")]
    executed.cells[1].metadata["nbgrader"] = {"points": 100}
    outputs = _same_cells(trusted, executed)
    assert [len(o) for o in outputs] == [1, 0]
    assert "nbgrader" not in trusted.cells[1].metadata


def test_a_python_the_sandbox_user_cannot_start_is_a_clear_error(tmp_path, monkeypatch):
    """A PermissionError from starting Python becomes a SandboxError that says what to do."""
    def refuse(*args, **kwargs):
        raise PermissionError(13, "Permission denied", sys.executable)

    monkeypatch.setattr(sandbox.subprocess, "run", refuse)
    box = sandbox.Sandbox(tmp_path, None, None)
    with pytest.raises(sandbox.SandboxError, match=r"cannot start .*Permission denied.*chmod o\+x"):
        sandbox.check_sandbox(box)


def test_each_parallel_worker_can_have_a_user_of_its_own():
    with pytest.raises(sandbox.SandboxError, match="not a sandbox user name"):
        sandbox.sandbox_user(name="root")
    with pytest.raises(sandbox.SandboxError, match="not a sandbox user name"):
        sandbox.sandbox_user(name="medialit-grader; rm -rf /")
    if os.geteuid() != 0:  # no separate users without root
        assert sandbox.sandbox_user(name="medialit-grader-2") is None
        return
    first, second = sandbox.sandbox_user(), sandbox.sandbox_user(name="medialit-grader-2")
    assert first[0] != second[0], "two workers must not share a uid"
    assert sandbox.sandbox_user(name="medialit-grader-2") == second  # made once, then reused


def test_a_worker_user_runs_submissions_and_is_named_in_errors(tmp_path, student_edition):
    if os.geteuid() != 0:
        assert sandbox.sandbox_user(name="medialit-grader-3") is None
        return
    sandbox.make_interpreter_reachable()
    box = sandbox.Sandbox(student_edition, *sandbox.sandbox_user(name="medialit-grader-3"))
    sandbox.check_sandbox(box)  # the worker's user can run the edition's Python
    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell("import os; print(os.getuid())")])
    result = sandbox.run_isolated(nb, box)
    printed = "".join(o.get("text", "") for o in result.notebook.cells[0].outputs)
    assert printed.strip() == str(box.uid)
