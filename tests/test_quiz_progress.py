"""Saved progress: atomic writes, two writers at once, corrupt and unreadable files, export, reset."""
import csv
import json
import multiprocessing
import os
import warnings

import pytest

from medialit import MedialitWarning
from medialit.quiz import progress as progress_module
from medialit.quiz.progress import ProgressStore, default_path, default_store, is_headless
from medialit.quiz.summary import export_progress, progress_table, reset_progress

ANSWERS_PER_WRITER = 40


def test_default_path_and_env_override(monkeypatch, tmp_path):
    monkeypatch.delenv("MEDIALIT_PROGRESS", raising=False)
    assert default_path() == progress_module.DEFAULT_PATH.expanduser()
    assert default_path().parts[-2:] == (".medialit", "progress.json")
    monkeypatch.setenv("MEDIALIT_PROGRESS", str(tmp_path / "mine.json"))
    assert default_path() == tmp_path / "mine.json"


def test_record_keeps_attempts_best_score_and_last_answer(store):
    assert store.answers("nb") == {}
    assert store.record("nb", "q1", ["wrong"], False, 0.25)
    assert store.record("nb", "q1", ["right"], True, 1.0)
    assert store.record("nb", "q1", ["oops"], False, 0.0)
    entry = store.answers("nb")["q1"]
    assert entry["attempts"] == 3
    assert entry["best_score"] == 1.0 and entry["correct"] is True
    assert entry["last_answer"] == ["oops"] and entry["last_correct"] is False
    store.record_revealed("nb", "q2")
    assert store.answers("nb")["q2"]["revealed"] is True
    # the file is plain JSON and no temporary files are left beside it
    assert json.loads(store.path.read_text(encoding="utf-8"))["version"] == 1
    leftovers = [p.name for p in store.path.parent.iterdir() if p.name.endswith(".tmp")]
    assert leftovers == []


def test_writes_go_through_a_temp_file_and_os_replace(store, monkeypatch):
    seen = []
    real_replace = os.replace

    def spy(src, dst):
        seen.append((os.path.dirname(src), str(dst)))
        return real_replace(src, dst)

    monkeypatch.setattr(progress_module.os, "replace", spy)
    store.record("nb", "q1", "a", True, 1.0)
    assert seen == [(str(store.path.parent), str(store.path))]


def test_a_failed_write_leaves_the_old_file_intact(store, monkeypatch):
    store.record("nb", "q1", "a", True, 1.0)
    before = store.path.read_bytes()

    def broken_dump(*args, **kwargs):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(progress_module.json, "dump", broken_dump)
    with pytest.warns(MedialitWarning, match="could not be saved"):
        assert store.record("nb", "q2", "b", True, 1.0) is False
    assert store.path.read_bytes() == before
    assert [p for p in store.path.parent.iterdir() if p.name.endswith(".tmp")] == []


def _writer(path, name, count):
    store = ProgressStore(path, enabled=True)
    for i in range(count):
        store.record("concurrency", f"{name}-{i:03d}", i, i % 2 == 0, 1.0 if i % 2 == 0 else 0.0)


def test_two_processes_writing_at_once_lose_nothing(progress_file):
    ctx = multiprocessing.get_context("fork")
    workers = [ctx.Process(target=_writer, args=(str(progress_file), name, ANSWERS_PER_WRITER))
               for name in ("left", "right")]
    for p in workers:
        p.start()
    for p in workers:
        p.join(timeout=120)
    assert [p.exitcode for p in workers] == [0, 0]
    saved = ProgressStore(progress_file).answers("concurrency")
    expected = {f"{n}-{i:03d}" for n in ("left", "right") for i in range(ANSWERS_PER_WRITER)}
    assert set(saved) == expected
    assert all(saved[k]["last_answer"] == int(k[-3:]) for k in saved)


def test_corrupt_file_is_moved_aside_with_a_warning(store):
    store.path.parent.mkdir(parents=True)
    store.path.write_text('{"version": 1, "answers": {"nb": {"q1": ', encoding="utf-8")
    with pytest.warns(MedialitWarning) as caught:
        assert store.answers("nb") == {}
    message = str(caught[0].message)
    moved = [p for p in store.path.parent.iterdir() if ".corrupt-" in p.name]
    assert len(moved) == 1 and str(moved[0]) in message
    assert moved[0].read_text(encoding="utf-8").startswith('{"version"')  # nothing discarded
    assert not store.path.exists()
    store.record("nb", "q1", "a", True, 1.0)  # the lesson carries on with a fresh file
    assert store.answers("nb")["q1"]["correct"]


def test_wrong_layout_counts_as_corrupt(store):
    store.path.parent.mkdir(parents=True)
    store.path.write_text('["a list, not a progress file"]', encoding="utf-8")
    with pytest.warns(MedialitWarning, match="moved to"):
        store.record("nb", "q1", "a", True, 1.0)
    assert store.answers("nb")["q1"]["attempts"] == 1
    assert len([p for p in store.path.parent.iterdir() if ".corrupt-" in p.name]) == 1


def test_unreadable_file_is_moved_aside_not_a_crash(store, monkeypatch):
    store.path.parent.mkdir(parents=True)
    store.path.write_text('{"version": 1, "answers": {}}', encoding="utf-8")
    store.path.chmod(0)

    def denied(self):  # what a non-root user sees for a mode-000 file (root can read anything)
        if not os.access(self.path, os.R_OK) or os.geteuid() == 0:
            raise PermissionError(13, "Permission denied", str(self.path))
        return self.path.read_bytes()

    monkeypatch.setattr(ProgressStore, "_read_bytes", denied)
    with pytest.warns(MedialitWarning, match="could not be read.*moved to"):
        assert store.record("nb", "q1", "a", True, 1.0)
    monkeypatch.undo()
    assert store.answers("nb")["q1"]["correct"]
    assert len([p for p in store.path.parent.iterdir() if ".corrupt-" in p.name]) == 1


def test_a_folder_in_place_of_the_file_is_left_alone(store):
    """Only a regular file is ever moved aside: a student's folder is never renamed."""
    store.path.mkdir(parents=True)
    (store.path / "keep.txt").write_text("x", encoding="utf-8")
    with pytest.warns(MedialitWarning, match="not a file"):
        assert store.record("nb", "q1", "a", True, 1.0) is False
    assert (store.path / "keep.txt").read_text(encoding="utf-8") == "x"
    assert not [p for p in store.path.parent.iterdir() if ".corrupt-" in p.name]


def test_disabled_store_writes_nothing(tmp_path):
    path = tmp_path / "p.json"
    store = ProgressStore(path, enabled=False)
    assert store.record("nb", "q1", "a", True, 1.0) is False
    assert not path.exists() and not path.with_name("p.json.lock").exists()


@pytest.mark.parametrize("variable", ["MEDIALIT_NO_PROGRESS", "NBGRADER_EXECUTION", "PYTEST_CURRENT_TEST"])
def test_headless_detection(monkeypatch, variable):
    for name in progress_module.HEADLESS_VARIABLES:
        monkeypatch.delenv(name, raising=False)
    assert not is_headless() and default_store().enabled
    monkeypatch.setenv(variable, "autograde" if variable == "NBGRADER_EXECUTION" else "1")
    assert is_headless() and not default_store().enabled
    monkeypatch.setenv(variable, "0")
    assert not is_headless()


def test_summary_export_and_reset(store, tmp_path):
    from medialit.quiz import load_bank

    bank = load_bank("_demo")
    banks = {"_demo": bank}
    ids = [q.id for q in bank.questions]
    store.record("_demo", ids[0], "x", True, 1.0)
    store.record("_demo", ids[1], ["y"], False, 0.5)
    store.record_revealed("_demo", ids[1])
    table = progress_table(store, banks)
    demo = table[table["notebook"] == "_demo"].iloc[0]
    assert (demo["questions"], demo["answered"], demo["correct"], demo["score"]) == (len(ids), 2, 1, 1.5)
    overall = table.iloc[-1]
    assert overall["notebook"] == "all notebooks" and overall["score"] == 1.5
    assert overall["percent"] == round(100 * 1.5 / len(ids))

    out = export_progress(tmp_path / "handin" / "progress.csv", store=store, banks=banks)
    with out.open(encoding="utf-8") as handle:
        rows = [r for r in csv.DictReader(handle) if r["notebook"] == "_demo"]
    assert [r["question_id"] for r in rows] == ids  # every question, answered or not
    assert rows[0]["correct"] == "True" and rows[1]["answer_shown"] == "True"
    assert rows[2]["answered"] == "False" and rows[2]["last_answer"] == ""
    assert json.loads(rows[1]["last_answer"]) == ["y"]

    store.record("other", "o1", 1, True, 1.0)
    reset_progress("_demo", store=store)
    assert store.answers("_demo") == {} and store.answers("other")
    reset_progress(store=store)
    assert store.load()["answers"] == {}


def test_no_warning_for_a_missing_file(store):
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert store.load()["answers"] == {}


def test_student_id_is_made_once_kept_and_survives_reset(store):
    first = store.student_id()
    assert first and first == store.student_id()
    assert json.loads(store.path.read_text(encoding="utf-8"))["student"]["id"] == first
    store.record("nb", "q1", "a", True, 1.0)
    store.reset()
    assert store.student_id() == first and store.answers("nb") == {}
    other = ProgressStore(store.path.with_name("other.json"))
    assert other.student_id() != first


def test_student_id_when_headless_or_not_writable(tmp_path, monkeypatch):
    assert ProgressStore(tmp_path / "p.json", enabled=False).student_id() == "headless"
    assert not (tmp_path / "p.json").exists()
    blocked = ProgressStore(tmp_path / "p.json")
    monkeypatch.setattr(blocked, "update", lambda change: False)  # as when the folder is read-only
    monkeypatch.setattr(progress_module.getpass, "getuser", lambda: "sam")
    assert blocked.student_id() == "user:sam"


def test_summary_scores_have_one_decimal(store):
    store.record("_demo", "demo-multiple", ["x"], False, 1 / 3)
    store.record("_demo", "demo-single", "x", True, 1.0)
    table = progress_table(store)
    demo = table[table["notebook"] == "_demo"].iloc[0]
    assert demo["score"] == 1.3
