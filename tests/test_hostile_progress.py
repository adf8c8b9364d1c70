"""The progress store never loses or damages what a student owns (hostile-input issue, §3),
and exporting or resetting progress fails loudly instead of quietly doing the wrong thing."""
from __future__ import annotations

import json
import os

import pytest

from medialit.errors import MedialitWarning
from medialit.quiz import export_progress, reset_progress
from medialit.quiz.progress import ProgressError, ProgressStore


def saved(path):
    return json.loads(path.read_text(encoding="utf-8"))


def test_broken_entries_are_dropped_one_by_one_and_the_original_is_kept(store):
    store.record("nb", "good", "a", True, 1.0)
    data = saved(store.path)
    data["answers"]["nb"]["number"] = 5
    data["answers"]["nb"]["nan"] = {"attempts": 1, "best_score": float("nan")}
    data["answers"]["nb"]["text"] = {"attempts": "three", "best_score": 0.5}
    data["answers"]["other"] = ["not", "a", "record"]
    original = json.dumps(data)
    store.path.write_text(original, encoding="utf-8")
    with pytest.warns(MedialitWarning, match="left out") as caught:
        answers = store.answers("nb")
    assert list(answers) == ["good"]
    message = str(caught[0].message)
    assert "nb / number" in message and "copy of the whole original" in message
    copies = [p for p in store.path.parent.iterdir() if ".corrupt-" in p.name]
    assert len(copies) == 1 and copies[0].read_text(encoding="utf-8") == original
    assert list(saved(store.path)["answers"]["nb"]) == ["good"]  # repaired on disk, good entry kept


def test_very_deep_nesting_is_moved_aside_not_a_crash(store):
    store.path.parent.mkdir(parents=True, exist_ok=True)
    store.path.write_text("[" * 100_000 + "]" * 100_000, encoding="utf-8")
    with pytest.warns(MedialitWarning, match="moved to"):
        assert store.load()["answers"] == {}


def test_a_symlinked_progress_file_is_followed(tmp_path):
    real = tmp_path / "usb" / "progress.json"
    real.parent.mkdir()
    link = tmp_path / "progress.json"
    link.symlink_to(real)
    store = ProgressStore(link, enabled=True)
    store.record("nb", "q1", "a", True, 1.0)
    assert link.is_symlink() and saved(real)["answers"]["nb"]["q1"]["attempts"] == 1


def test_temporary_files_of_a_killed_write_are_cleaned_up(store):
    store.record("nb", "q1", "a", True, 1.0)
    orphan = store.path.with_name(store.path.name + ".abc123.tmp")
    orphan.write_text("{half", encoding="utf-8")
    store.record("nb", "q2", "b", False, 0.0)
    assert not orphan.exists()


def test_reset_of_an_unknown_lesson_says_so_and_lists_the_names(store):
    store.record("02_who_says_so", "n02-01", "a", True, 1.0)
    with pytest.raises(ProgressError, match="no quiz called 'typo'.*02_who_says_so"):
        reset_progress("typo", store=store)
    assert store.answers("02_who_says_so")  # nothing was reset


def test_export_never_writes_over_the_progress_file(store):
    store.record("nb", "q1", "a", True, 1.0)
    before = store.path.read_bytes()
    for target in (store.path, store.lock_path):
        with pytest.raises(ProgressError, match="progress file itself"):
            export_progress(target, store=store)
    assert store.path.read_bytes() == before


def test_export_fails_loudly_when_the_progress_cannot_be_read(store, tmp_path, monkeypatch):
    store.record("nb", "q1", "a", True, 1.0)

    def no_lock(self):
        raise OSError(13, "Permission denied")

    monkeypatch.setattr(ProgressStore, "_lock", no_lock)
    out = tmp_path / "export.csv"
    with pytest.raises(ProgressError, match="Could not read"):
        export_progress(out, store=store)
    assert not out.exists()  # no report claiming 0 answers


def test_export_to_an_empty_name_or_a_folder_is_a_clear_error(store, tmp_path):
    with pytest.raises(ProgressError, match="empty"):
        export_progress("", store=store)
    with pytest.raises(ProgressError, match="folder"):
        export_progress(tmp_path, store=store)
