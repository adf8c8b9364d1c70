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
- when run headless (nbval in ``make test``, nbgrader autograde) nothing is written;
- only a regular file is ever moved aside: a folder or device in the way is left alone
  with a message; a symlinked progress file is followed (the file it points to is updated);
- a file that is valid JSON but holds some broken entries keeps its good entries: the
  broken ones are dropped with a message naming them, after a copy of the whole original
  is kept beside it (``<file>.corrupt-<timestamp>``);
- temporary files left by a write that was killed are removed on the next save.
"""
from __future__ import annotations

import getpass
import json
import math
import os
import shutil
import tempfile
import uuid
import warnings
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

from filelock import FileLock, Timeout

from ..errors import MedialitError, MedialitWarning

class ProgressError(MedialitError):
    """The progress file cannot be used for this request; the message says what to do."""


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
    """The top level medialit writes: ``{"answers": {...}}`` (entries are checked one by one)."""
    return isinstance(data, dict) and isinstance(data.get("answers"), dict)


def _number(value: Any, low: float = 0.0, high: float | None = None) -> bool:
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not math.isfinite(value):
        return False
    return value >= low and (high is None or value <= high)


def _entry_problem(entry: Any) -> str | None:
    """Why one saved answer cannot be used, or None when it is fine."""
    if not isinstance(entry, dict):
        return f"a {type(entry).__name__} where an answer record belongs"
    if "attempts" in entry and not (isinstance(entry["attempts"], int) and _number(entry["attempts"])):
        return f"attempts is {entry['attempts']!r}"
    for name in ("best_score", "last_score"):
        if name in entry and not _number(entry[name], 0.0, 1.0):
            return f"{name} is {entry[name]!r}"
    for name in ("correct", "revealed", "last_correct"):
        if name in entry and not isinstance(entry[name], bool):
            return f"{name} is {entry[name]!r}"
    for name in ("first_answered", "last_answered"):
        if name in entry and not isinstance(entry[name], str):
            return f"{name} is {entry[name]!r}"
    return None


def _clean(data: dict) -> tuple[dict, list[str]]:
    """``data`` with every broken notebook or answer entry removed, and what was removed."""
    problems: list[str] = []
    answers: dict = {}
    for notebook, entries in data["answers"].items():
        if not isinstance(entries, dict):
            problems.append(f"{notebook}: a {type(entries).__name__} where that lesson's answers belong")
            continue
        kept = {}
        for question_id, entry in entries.items():
            problem = _entry_problem(entry)
            if problem:
                problems.append(f"{notebook} / {question_id}: {problem}")
            else:
                kept[question_id] = entry
        answers[notebook] = kept
    clean = dict(data, answers=answers)
    if "student" in clean and not (isinstance(clean["student"], dict) and isinstance(clean["student"].get("id"), str)):
        problems.append("student: not a record with an id")
        del clean["student"]
    return clean, problems


class ProgressStore:
    """Read and update one progress file. ``enabled=False`` makes every write a no-op."""

    def __init__(self, path: str | Path | None = None, enabled: bool = True):
        given = Path(path).expanduser() if path is not None else default_path()
        # a symlinked progress file is followed: the file it points to is read and replaced
        self.path = Path(os.path.realpath(given)) if given.is_symlink() else given
        self.enabled = enabled
        self.lock_path = self.path.with_name(self.path.name + ".lock")

    def __repr__(self) -> str:
        state = "" if self.enabled else ", not saving (headless)"
        return f"ProgressStore({str(self.path)!r}{state})"

    # --- reading -----------------------------------------------------------
    def _read_bytes(self) -> bytes:
        return self.path.read_bytes()

    def _aside_name(self) -> Path:
        stamp = datetime.now(timezone.utc).strftime("%Y%m%dT%H%M%S%fZ")
        return self.path.with_name(f"{self.path.name}.corrupt-{stamp}")

    def _move_aside(self, reason: str) -> None:
        if not self.path.is_file():  # a folder, device or pipe in the way: never move it
            warnings.warn(
                f"The quiz progress path {self.path} is not a file (it is a folder or a device), so "
                "answers cannot be saved there and it was left as it is. Set MEDIALIT_PROGRESS to a "
                "file name, for example ~/.medialit/progress.json.",
                MedialitWarning, stacklevel=4)
            return
        target = self._aside_name()
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
        except RecursionError:
            self._move_aside("it is nested too deeply to be a progress file")
            return _empty()
        if not _valid(data):
            self._move_aside("it does not have the layout medialit writes")
            return _empty()
        clean, problems = _clean(data)
        if problems:
            self._keep_good_entries(clean, problems)
        return clean

    def _keep_good_entries(self, clean: dict, problems: list[str]) -> None:
        """Copy the original aside, save the good entries, and say which were dropped."""
        shown = "; ".join(problems[:3]) + (f"; and {len(problems) - 3} more" if len(problems) > 3 else "")
        if not self.enabled:
            warnings.warn(f"Some saved quiz answers in {self.path} could not be used and are ignored "
                          f"in this run: {shown}.", MedialitWarning, stacklevel=5)
            return
        target = self._aside_name()
        try:
            shutil.copy2(self.path, target)
            self._write_unlocked(clean)
        except OSError as exc:
            warnings.warn(f"Some saved quiz answers in {self.path} could not be used ({shown}), and the "
                          f"file could not be repaired ({exc}). The good answers are shown; nothing was "
                          "changed on disk.", MedialitWarning, stacklevel=5)
            return
        warnings.warn(f"Some saved quiz answers in {self.path} could not be used and were left out: "
                      f"{shown}. The other answers are kept, and a copy of the whole original file is in "
                      f"{target}.", MedialitWarning, stacklevel=5)

    def _lock(self) -> FileLock:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        return FileLock(str(self.lock_path), timeout=LOCK_TIMEOUT_SECONDS)

    def load(self, strict: bool = False) -> dict:
        """The whole file as a dict ``{"version": 1, "answers": {notebook: {id: entry}}}``.

        ``strict=True`` raises :class:`ProgressError` when the file cannot be read or locked,
        instead of showing no answers (an export must not claim "0 answers" by mistake).
        """
        if not self.path.exists() and not self.path.is_symlink():
            return _empty()
        try:
            with self._lock():
                return self._load_unlocked()
        except (Timeout, OSError) as exc:
            if strict:
                raise ProgressError(f"Could not read the saved quiz progress in {self.path} ({exc}). "
                                    "Close other notebooks that use it and try again, or check that "
                                    "its folder is readable and writable.") from None
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

    def _remove_orphans(self) -> None:
        """Temporary files of writes that were killed (called under the lock: no write is running)."""
        for orphan in self.path.parent.glob(self.path.name + ".*.tmp"):
            try:
                if orphan.is_file():
                    orphan.unlink()
            except OSError:
                pass

    def update(self, change) -> bool:
        """Apply ``change(data)`` under the lock and save. False (with a warning) when not saved."""
        if not self.enabled:
            return False
        try:
            with self._lock():
                self._remove_orphans()
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
