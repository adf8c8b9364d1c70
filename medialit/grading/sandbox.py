"""Run one submission where it cannot reach the course (see the package doc).

:func:`run_isolated` copies the notebook into a fresh temporary folder, starts
:mod:`medialit.grading.runner` there with a clean environment (``HOME`` in that folder,
``PYTHONPATH`` = the student edition, nothing that names the course), as the unprivileged user
:data:`SANDBOX_USER` when the grader runs as root, in a session of its own; then ends every
process the run started (its session, every process of the sandbox user, and any orphan that
was handed back to the grader), and reads the executed notebook back as plain data.

What this does not do (INSTRUCTORS.md says it too): without root there is no separate user, so
student code runs with the grader's own rights and can read what the grader can; the network
is not cut off; a container (``docker run --network none ...``) is stronger where one exists.
"""
from __future__ import annotations

import contextlib
import ctypes
import os
import pwd
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

SANDBOX_USER = "medialit-grader"
#: The users a grading run may ask for: the default, or one per parallel worker ("medialit-grader-2").
_USER_NAME = re.compile(r"^medialit-grader(-[0-9]{1,3})?$")
_PR_SET_CHILD_SUBREAPER = 36


class SandboxError(RuntimeError):
    """The sandbox cannot be set up; the message says what to do."""


@dataclass(frozen=True)
class Limits:
    cell_timeout: int = 60            # seconds per cell
    total_timeout: int = 900          # seconds for the whole notebook
    memory: int = 2 * 1024**3         # address space of the kernel
    file_size: int = 200 * 1024**2    # largest file the submission may write
    processes: int = 256              # processes of the sandbox user (root mode only)
    max_notebook: int = 50 * 1024**2  # bytes of executed notebook read back


@dataclass(frozen=True)
class Sandbox:
    edition: Path                     # the student edition (PYTHONPATH and MEDIALIT_DATA)
    uid: int | None = None            # None: the grader's own user (not root)
    gid: int | None = None
    limits: Limits = Limits()

    @property
    def separate_user(self) -> bool:
        return self.uid is not None


def sandbox_user(create: bool = True, name: str = SANDBOX_USER) -> tuple[int, int] | None:
    """(uid, gid) of the sandbox user when running as root (created if missing); else None.

    ``name`` is :data:`SANDBOX_USER` or, for a parallel worker, ``medialit-grader-<n>``: two
    workers grading at once then never share a user, so neither can see or end the other's
    submission. Any other name is refused (the grader never creates arbitrary accounts).
    """
    if not _USER_NAME.match(name or ""):
        raise SandboxError(f"{name!r} is not a sandbox user name: use {SANDBOX_USER!r} or {SANDBOX_USER}-<number>.")
    if os.geteuid() != 0:
        return None
    try:
        entry = pwd.getpwnam(name)
    except KeyError:
        if not create:
            return None
        useradd = shutil.which("useradd") or "/usr/sbin/useradd"
        proc = subprocess.run([useradd, "--system", "--no-create-home", "--home-dir", "/nonexistent",
                               "--shell", "/usr/sbin/nologin", name], capture_output=True, text=True)
        if proc.returncode != 0:
            raise SandboxError(f"could not create the sandbox user {name!r} ({proc.stderr.strip()}). "
                               f"Create it by hand: useradd --system {name}") from None
        entry = pwd.getpwnam(name)
    return entry.pw_uid, entry.pw_gid


def _ancestors(path: Path) -> list[Path]:
    path = path.resolve()
    return [path, *path.parents]


def make_interpreter_reachable(fix: bool = True) -> list[str]:
    """Let other users traverse (never list) the folders above this Python and its libraries.

    A root grader's Python often lives under ``/root`` (mode 700, e.g. pyenv), which the sandbox
    user cannot enter. With ``fix`` the missing "x for others" bit is added to each such folder
    and the folders are returned (the command prints them); without it, a SandboxError names them.
    """
    import stat
    import sysconfig

    wanted = {Path(sys.executable), Path(os.path.realpath(sys.executable)), Path(sys.prefix),
              Path(sys.base_prefix), Path(sysconfig.get_paths()["stdlib"]), Path(sysconfig.get_paths()["purelib"])}
    blocked = []
    for target in wanted:
        for folder in _ancestors(target)[1:] if target.is_file() else _ancestors(target):
            try:
                mode = folder.stat().st_mode
            except OSError:
                continue
            if stat.S_ISDIR(mode) and not mode & stat.S_IXOTH and folder not in blocked:
                blocked.append(folder)
    if blocked and not fix:
        raise SandboxError("the sandbox user cannot reach this Python: other users may not enter "
                           + ", ".join(map(str, blocked)) + f". Run: chmod o+x {' '.join(map(str, blocked))}")
    for folder in blocked:
        os.chmod(folder, folder.stat().st_mode | stat.S_IXOTH)
    return [str(f) for f in blocked]


# What a submission must never read: the answers, the hidden tests, the gradebook, other students'
# work, the history of the repository (which holds every solution) and the tests.
PRIVATE = (".git", "solutions", "data/exercises/keys", "instructors", "tests", "submitted",
           "autograded", "feedback", "gradebook.db", "release", "source")


def protect_private(roots) -> list[str]:
    """Make the private paths of each course root readable by their owner only (mode 700/600).

    Only the top folder of each is changed (that is enough to keep others out); returns the
    paths whose mode changed.
    """
    import stat

    changed = []
    for root in dict.fromkeys(Path(r).resolve() for r in roots):
        for name in PRIVATE:
            path = root / name
            try:
                mode = path.lstat().st_mode
            except OSError:
                continue
            if stat.S_ISLNK(mode):
                continue
            if mode & 0o077:
                os.chmod(path, stat.S_IMODE(mode) & 0o700)
                changed.append(str(path))
    return changed


_SUBREAPER = [False]


def become_subreaper() -> bool:
    """Orphans of the sandbox are handed to this process (Linux), so none can hide.

    Without it (another system), every process of the sandbox user is ended after each run
    instead, so two grading runs must then not share the sandbox user.
    """
    if not _SUBREAPER[0]:
        try:
            libc = ctypes.CDLL(None, use_errno=True)
            _SUBREAPER[0] = libc.prctl(_PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0) == 0
        except (OSError, AttributeError):
            _SUBREAPER[0] = False
    return _SUBREAPER[0]


def _processes() -> list[tuple[int, int, int]]:
    """(pid, parent pid, uid) of every process, from /proc."""
    out = []
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat", "rb") as fh:
                stat = fh.read().decode("utf-8", "replace")
            ppid = int(stat.rsplit(")", 1)[1].split()[1])
            uid = os.stat(f"/proc/{entry}").st_uid
        except (OSError, ValueError, IndexError):
            continue
        out.append((int(entry), ppid, uid))
    return out


def _descendants(root: int, table) -> set[int]:
    children: dict[int, list[int]] = {}
    for pid, ppid, _uid in table:
        children.setdefault(ppid, []).append(pid)
    found, todo = set(), [root]
    while todo:
        for child in children.get(todo.pop(), []):
            if child not in found:
                found.add(child)
                todo.append(child)
    return found


def end_everything(sandbox: Sandbox, session: int | None, before: set[int] = frozenset()) -> list[int]:
    """Kill what the run left behind; returns the pids that had to be killed.

    ``before``: this process's descendants before the run (never touched).
    """
    killed: list[int] = []
    for _round in range(20):
        table = _processes()
        me = os.getpid()
        targets = _descendants(me, table) - set(before)  # orphans of the run are handed to us
        if not _SUBREAPER[0] and sandbox.separate_user:  # no subreaper: every process of the user
            targets |= {pid for pid, _p, uid in table if uid == sandbox.uid}
        if session is not None:
            with contextlib.suppress(OSError):
                os.killpg(session, signal.SIGKILL)
        targets.discard(me)
        if not targets:
            break
        for pid in targets:
            with contextlib.suppress(OSError):
                os.kill(pid, signal.SIGKILL)
                killed.append(pid)
        time.sleep(0.05)
        _reap()
    _reap()
    return sorted(set(killed))


def _reap() -> None:
    while True:
        try:
            pid, _status = os.waitpid(-1, os.WNOHANG)
        except ChildProcessError:
            return
        if pid == 0:
            return


def environment(sandbox: Sandbox, home: Path, tmp: Path) -> dict[str, str]:
    """A clean environment: nothing in it names the course, the grader's home or its gradebook."""
    env = {  # PATH leaves out the venv (it lives in the course); Python is started by its full path
        "PATH": "/usr/local/bin:/usr/bin:/bin",
        "HOME": str(home), "TMPDIR": str(tmp), "LANG": "C.UTF-8", "LC_ALL": "C.UTF-8",
        "PYTHONPATH": str(sandbox.edition), "PYTHONNOUSERSITE": "1", "PYTHONDONTWRITEBYTECODE": "1",
        "MEDIALIT_DATA": str(sandbox.edition / "data"), "MEDIALIT_NO_PROGRESS": "1",
        "MPLBACKEND": "Agg", "MPLCONFIGDIR": str(home / ".matplotlib"),
        "IPYTHONDIR": str(home / ".ipython"), "JUPYTER_CONFIG_DIR": str(home / ".jupyter"),
        "JUPYTER_DATA_DIR": str(home / ".local-jupyter"), "JUPYTER_RUNTIME_DIR": str(home / ".runtime"),
        "OMP_NUM_THREADS": "1", "OPENBLAS_NUM_THREADS": "1", "MKL_NUM_THREADS": "1",
        "NBGRADER_EXECUTION": "autograde",
    }
    return env


def check_sandbox(sandbox: Sandbox) -> None:
    """Fail loudly, before any submission, if the sandbox user cannot run the interpreter."""
    work = Path(tempfile.mkdtemp(prefix="medialit-sandbox-check-"))
    try:
        home, tmp = _prepare(work, sandbox)
        code = "import medialit.grading.runner, nbclient, ipykernel, pandas; print(medialit.__file__)"
        try:
            proc = subprocess.run([sys.executable, "-c", code], cwd=work, env=environment(sandbox, home, tmp),
                                  capture_output=True, text=True, timeout=120, **_user_kwargs(sandbox))
        except OSError as exc:  # e.g. the sandbox user may not enter a folder above Python
            who = f"the sandbox user {_user_name(sandbox)!r}" if sandbox.separate_user else "the sandbox"
            raise SandboxError(
                f"{who} cannot start {sys.executable} ({exc.strerror or exc}). Let other users enter the "
                "folders above it (the grading command does this unless given --no-fix-permissions; or "
                "chmod o+x on each), then run the grading command again.") from None
        if proc.returncode == 0 and not proc.stdout.strip().startswith(str(sandbox.edition)):
            raise SandboxError(
                f"the sandbox imports medialit from {proc.stdout.strip()}, not from the student edition "
                f"{sandbox.edition}: the edition must be readable by the sandbox user (mode 755 on it and "
                "o+x on every folder above it).")
        if proc.returncode != 0:
            who = f"the sandbox user {_user_name(sandbox)!r}" if sandbox.separate_user else "the sandbox"
            raise SandboxError(
                f"{who} cannot run {sys.executable} with the student edition ({proc.stderr.strip()[-600:]}). "
                "Make the virtual environment readable by other users (chmod -R o+rX .venv and o+x on "
                "every folder above it), then run the grading command again.")
    finally:
        shutil.rmtree(work, ignore_errors=True)


def _user_name(sandbox: Sandbox) -> str:
    try:
        return pwd.getpwuid(sandbox.uid).pw_name
    except (KeyError, TypeError):
        return SANDBOX_USER


def _user_kwargs(sandbox: Sandbox) -> dict:
    if not sandbox.separate_user:
        return {}
    return {"user": sandbox.uid, "group": sandbox.gid, "extra_groups": []}


def _prepare(work: Path, sandbox: Sandbox) -> tuple[Path, Path]:
    home, tmp, run = work / "home", work / "tmp", work / "run"
    for folder in (home, tmp, run):
        folder.mkdir(mode=0o700)
    if sandbox.separate_user:
        os.chmod(work, 0o711)
        for folder in (home, tmp, run):
            os.chown(folder, sandbox.uid, sandbox.gid)
    return home, tmp


@dataclass
class RunResult:
    notebook: object                  # the executed notebook (nbformat node)
    seconds: float
    stopped: str = ""                 # why the run ended early ("" when it ran to the end)
    killed: tuple[int, ...] = ()      # processes left behind and killed


def run_isolated(nb, sandbox: Sandbox, name: str = "submission.ipynb") -> RunResult:
    """Execute ``nb`` in the sandbox; returns the executed copy (never raises for student faults)."""
    import nbformat

    limits = sandbox.limits
    work = Path(tempfile.mkdtemp(prefix="medialit-sandbox-"))
    started = time.monotonic()
    session = None
    become_subreaper()
    before = _descendants(os.getpid(), _processes())
    try:
        home, tmp = _prepare(work, sandbox)
        run = work / "run"
        source, output = run / name, run / "executed.ipynb"
        nbformat.write(nb, source)
        if sandbox.separate_user:
            os.chown(source, sandbox.uid, sandbox.gid)
        cmd = [sys.executable, "-m", "medialit.grading.runner", str(source), str(output),
               "--timeout", str(limits.cell_timeout), "--memory", str(limits.memory),
               "--file-size", str(limits.file_size),
               "--processes", str(limits.processes if sandbox.separate_user else 0)]
        log = (work / "runner.log").open("wb")
        proc = subprocess.Popen(cmd, cwd=run, env=environment(sandbox, home, tmp), stdin=subprocess.DEVNULL,
                                stdout=log, stderr=subprocess.STDOUT, start_new_session=True,
                                close_fds=True, **_user_kwargs(sandbox))
        session = proc.pid
        stopped = ""
        try:
            proc.wait(timeout=limits.total_timeout)
        except subprocess.TimeoutExpired:
            stopped = f"the whole notebook ran for more than {limits.total_timeout} s and was stopped"
        killed = end_everything(sandbox, session, before)
        with contextlib.suppress(ChildProcessError, OSError):
            proc.wait(timeout=5)
        log.close()
        executed = _read_back(output, limits.max_notebook)
        if executed is None:
            tail = (work / "runner.log").read_bytes()[-800:].decode("utf-8", "replace")
            stopped = stopped or f"the notebook could not be run to the end ({tail.strip()[-300:] or 'no output'})"
            executed = nb
        else:
            stopped = stopped or executed.metadata.pop("medialit_grading", {}).get("stopped", "")
        return RunResult(executed, time.monotonic() - started, stopped, tuple(killed))
    finally:
        end_everything(sandbox, session, before)
        shutil.rmtree(work, ignore_errors=True)


def _read_back(path: Path, limit: int):
    """The executed notebook, or None when it is missing, too large or not a notebook."""
    import nbformat

    try:
        if path.is_symlink() or not path.is_file() or path.stat().st_size > limit:
            return None
        with path.open("rb") as fh:
            raw = fh.read(limit + 1)
        if len(raw) > limit:
            return None
        nb = nbformat.reads(raw.decode("utf-8"), as_version=4)
        nbformat.validate(nb)
        return nb
    except Exception:  # noqa: BLE001 (whatever the student's kernel wrote, it is only data)
        return None
