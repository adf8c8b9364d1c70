"""Saved quiz progress: a small JSON file that survives closing the notebook.

Where: ``~/.medialit/progress.json``, or the file named by the environment
variable ``MEDIALIT_PROGRESS``. Reset: delete the file, or call
``medialit.quiz.reset_progress()`` (everything) / ``reset_progress("02_who_says_so")``.

Safety rules:
- every change is a read-modify-write under a file lock (``<file>.lock``), so two
  notebooks open at once never lose each other's answers;
- the new content is written to a temporary file in the same folder and moved
  into place with ``os.replace``, so a crash never leaves half a file;
- a corrupt or unreadable file is moved aside to ``<file>.corrupt-<timestamp>``
  with a warning saying where it went; a lesson never crashes because of it;
- when run headless (nbval in ``make test``, nbgrader autograde) nothing is written.
"""
from __future__ import annotations

import getpass
import json
import os
import tempfile
import uuid
import warnings
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

from filelock import FileLock, Timeout

from ..errors import MedialitWarning

FORMAT_VERSION = 1
DEFAULT_PATH = Path("~/.medialit/progress.json")
LOCK_TIMEOUT_SECONDS = 30

#: Environment variables that mean "executed without a person at the keyboard".
HEADLESS_VARIABLES = ("MEDIALIT_NO_PROGRESS", "NBGRADER_EXECUTION", "PYTEST_CURRENT_TEST")


def default_path() -> Path:
    """``$MEDIALIT_PROGRESS`` if set, else ``~/.medialit/progress.json``."""
    override = os.environ.get("MEDIALIT_PROGRESS")
    return Path(override).expanduser() if override else DEFAULT_PATH.expanduser()


def is_headless() -> bool:
    """True under nbval / pytest, nbgrader autograde, or when ``MEDIALIT_NO_PROGRESS`` is set.

    ``PYTEST_CURRENT_TEST`` is set by pytest and inherited by the kernels nbval
    starts, so ``make test`` never touches a student's real progress file.
    ``MEDIALIT_NO_PROGRESS=0`` (or empty) does not count.
    """
    for name in HEADLESS_VARIABLES:
        value = os.environ.get(name)
        if value is not None and value.strip() not in ("", "0", "false", "False", "no"):
            return True
    return False


def _now() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="seconds")


def _empty() -> dict:
    return {"version": FORMAT_VERSION, "answers": {}}


def _valid(data: Any) -> bool:
    if not isinstance(data, dict) or not isinstance(data.get("answers"), dict):
        return False
    return all(isinstance(v, dict) and all(isinstance(e, dict) for e in v.values())
               for v in data["answers"].values())


class ProgressStore:
    """Read and update one progress file. ``enabled=False`` makes every write a no-op."""

    def __init__(self, path: str | Path | None = None, enabled: bool = True):
        self.path = Path(path).expanduser() if path is not None else default_path()
        self.enabled = enabled
        self.lock_path = self.path.with_name(self.path.name + ".lock")

    def __repr__(self) -> str:
        state = "" if self.enabled else ", not saving (headless)"
        return f"ProgressStore({str(self.path)!r}{state})"

    # --- reading -----------------------------------------------------------
    def _read_bytes(self) -> bytes:
        return self.path.read_bytes()

    def _move_aside(self, reason: str) -> None:
        stamp = datetime.now(timezone.utc).strftime("%Y%m%dT%H%M%S%fZ")
        target = self.path.with_name(f"{self.path.name}.corrupt-{stamp}")
        try:
            os.replace(self.path, target)
        except OSError as exc:
            warnings.warn(
                f"Saved quiz progress in {self.path} could not be used ({reason}) and could not be "
                f"moved aside either ({exc}). Your answers in this session may not be saved; "
                "set MEDIALIT_PROGRESS to another file, or ask your teacher.",
                MedialitWarning, stacklevel=4)
            return
        warnings.warn(
            f"Saved quiz progress in {self.path} could not be used ({reason}). It was moved to "
            f"{target} so nothing is lost, and a fresh progress file was started. "
            "Show that file to your teacher if you need the old answers back.",
            MedialitWarning, stacklevel=4)

    def _load_unlocked(self) -> dict:
        try:
            raw = self._read_bytes()
        except FileNotFoundError:
            return _empty()
        except OSError as exc:  # unreadable: permissions, a folder in the way, I/O error
            self._move_aside(f"it could not be read: {exc.strerror or exc}")
            return _empty()
        if not raw.strip():
            return _empty()
        try:
            data = json.loads(raw.decode("utf-8"))
        except (UnicodeDecodeError, json.JSONDecodeError) as exc:
            self._move_aside(f"it is not valid JSON: {exc}")
            return _empty()
        if not _valid(data):
            self._move_aside("it does not have the layout medialit writes")
            return _empty()
        return data

    def _lock(self) -> FileLock:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        return FileLock(str(self.lock_path), timeout=LOCK_TIMEOUT_SECONDS)

    def load(self) -> dict:
        """The whole file as a dict ``{"version": 1, "answers": {notebook: {id: entry}}}``."""
        if not self.path.exists() and not self.path.is_symlink():
            return _empty()
        try:
            with self._lock():
                return self._load_unlocked()
        except (Timeout, OSError) as exc:
            warnings.warn(f"Could not read saved quiz progress in {self.path} ({exc}); showing none.",
                          MedialitWarning, stacklevel=2)
            return _empty()

    def answers(self, notebook: str) -> dict[str, dict]:
        """Saved entries of one notebook, keyed by question id."""
        return dict(self.load()["answers"].get(notebook, {}))

    # --- writing -----------------------------------------------------------
    def _write_unlocked(self, data: dict) -> None:
        fd, tmp = tempfile.mkstemp(prefix=self.path.name + ".", suffix=".tmp", dir=self.path.parent)
        try:
            with os.fdopen(fd, "w", encoding="utf-8") as handle:
                json.dump(data, handle, ensure_ascii=False, indent=1, sort_keys=True)
                handle.flush()
                os.fsync(handle.fileno())
            os.replace(tmp, self.path)
        except BaseException:
            try:
                os.unlink(tmp)
            except OSError:
                pass
            raise

    def update(self, change) -> bool:
        """Apply ``change(data)`` under the lock and save. False (with a warning) when not saved."""
        if not self.enabled:
            return False
        try:
            with self._lock():
                data = self._load_unlocked()
                change(data)
                self._write_unlocked(data)
            return True
        except (Timeout, OSError) as exc:
            warnings.warn(
                f"Your answer could not be saved to {self.path} ({exc}). The quiz still works; "
                "check that the folder is writable, or set MEDIALIT_PROGRESS to another file.",
                MedialitWarning, stacklevel=2)
            return False

    def record(self, notebook: str, question_id: str, answer: Any, correct: bool, score: float) -> bool:
        """Save one checked attempt. The best score and "ever correct" are kept."""
        def change(data: dict) -> None:
            entries = data["answers"].setdefault(notebook, {})
            entry = entries.get(question_id) or {"attempts": 0, "first_answered": _now(),
                                                 "best_score": 0.0, "correct": False, "revealed": False}
            entry["attempts"] = int(entry.get("attempts", 0)) + 1
            entry["last_answer"] = answer
            entry["last_correct"] = bool(correct)
            entry["last_score"] = round(float(score), 4)
            entry["best_score"] = max(float(entry.get("best_score", 0.0)), round(float(score), 4))
            entry["correct"] = bool(entry.get("correct")) or bool(correct)
            entry["last_answered"] = _now()
            entries[question_id] = entry
        return self.update(change)

    def record_revealed(self, notebook: str, question_id: str) -> bool:
        """Note that the student pressed "Show answer" (kept in the export, for honesty)."""
        def change(data: dict) -> None:
            entry = data["answers"].setdefault(notebook, {}).setdefault(
                question_id, {"attempts": 0, "first_answered": _now(), "best_score": 0.0, "correct": False})
            entry["revealed"] = True
        return self.update(change)

    def student_id(self) -> str:
        """A random id for this student, made once and kept in the progress file.

        It seeds the order in which a question's choices are shown, so a reopened
        quiz shows them in the same order and two students see different orders.
        ``reset`` keeps it. A headless run uses the fixed id ``"headless"`` so its
        output is the same every time; when the file cannot be written the login
        name is used instead (still stable for that person).
        """
        if not self.enabled:
            return "headless"
        made: dict[str, str] = {}

        def change(data: dict) -> None:
            student = data.get("student")
            if not isinstance(student, dict) or not isinstance(student.get("id"), str) or not student["id"]:
                data["student"] = {"id": uuid.uuid4().hex, "created": _now()}
            made["id"] = data["student"]["id"]

        existing = self.load().get("student")
        if isinstance(existing, dict) and isinstance(existing.get("id"), str) and existing["id"]:
            return existing["id"]
        if self.update(change) and made.get("id"):
            return made["id"]
        try:
            return "user:" + getpass.getuser()
        except Exception:  # no login name on this system
            return "user:unknown"

    def reset(self, notebook: str | None = None) -> bool:
        """Forget every answer, or only those of one notebook."""
        def change(data: dict) -> None:
            if notebook is None:
                data["answers"].clear()
            else:
                data["answers"].pop(notebook, None)
        return self.update(change)


def default_store() -> ProgressStore:
    """The store lessons use: ``default_path()``, not saving when headless."""
    return ProgressStore(default_path(), enabled=not is_headless())
