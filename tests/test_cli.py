"""End-to-end tests of ``python -m medialit report`` in a real subprocess."""
from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

import medialit

REPO = Path(__file__).resolve().parent.parent
ARTICLE = sorted((REPO / "data" / "articles").glob("001_*.txt"))[0]


def run(*args: str, cwd: Path = REPO) -> subprocess.CompletedProcess:
    env = dict(os.environ, PYTHONIOENCODING="utf-8", COLUMNS="100")
    return subprocess.run(
        [sys.executable, "-m", "medialit", *map(str, args)],
        cwd=cwd, env=env, capture_output=True, text=True, timeout=120,
    )


def test_help_works():
    res = run("--help")
    assert res.returncode == 0
    assert "report" in res.stdout
    res = run("report", "--help")
    assert res.returncode == 0 and "--html" in res.stdout


def test_no_command_is_a_usage_error():
    res = run()
    assert res.returncode == 2
    assert "Traceback" not in res.stderr


def test_report_on_a_real_article_prints_profile_and_sentences():
    res = run("report", ARTICLE)
    assert res.returncode == 0, res.stderr
    assert res.stderr == ""
    out = res.stdout
    body = medialit.load_article(ARTICLE)["body"].iloc[0]
    prof = medialit.profile(medialit.load_article(ARTICLE))
    labels = medialit.label_sentences(body)
    assert f"words                  {medialit.word_count(body)}" in out
    assert f"({prof['hedges_per_100_words'].iloc[0]:.2f} per 100 words)" in out
    # one numbered block per labelled sentence, in order
    assert out.count("\n[") == len(labels)
    assert f"[{len(labels) - 1}] " in out
    first_words = " ".join(labels["text"].iloc[1].split()[:6])
    assert first_words in out
    assert max(len(line) for line in out.splitlines()) <= 130  # readable in a terminal


def test_report_html_writes_a_highlighted_page(tmp_path):
    out = tmp_path / "report.html"
    res = run("report", ARTICLE, "--html", out)
    assert res.returncode == 0, res.stderr
    assert str(out) in res.stdout
    page = out.read_text(encoding="utf-8")
    assert page.startswith("<!DOCTYPE html>")
    assert "What the marks mean" in page and ">HEDGE</sup>" in page
    assert "meticulously curated" in page


def _bad_inputs(tmp: Path) -> dict[str, tuple[Path, str]]:
    """name -> (path, a word the error message must contain)."""
    folder = tmp / "folder"
    folder.mkdir()
    empty = tmp / "empty.txt"
    empty.write_text("   \n\n", encoding="utf-8")
    binary = tmp / "picture.txt"
    binary.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 4)
    latin = tmp / "latin.txt"
    latin.write_bytes("Putin\u2019s \u201cgreeting\u201d was reportedly sent.\n".encode("cp1252"))
    huge = tmp / "huge.txt"
    huge.write_text("Officials reportedly said so. " * 80_000, encoding="utf-8")  # 2.4 MB
    page = tmp / "page.html"
    page.write_text("<html><body><p>It reportedly rained.</p><div>More.</div></body></html>", encoding="utf-8")
    return {
        "missing": (tmp / "no_such_file.txt", "does not exist"),
        "directory": (folder, "folder"),
        "empty": (empty, "empty"),
        "binary": (binary, "binary"),
        "not utf-8": (latin, "UTF-8"),
        "huge": (huge, "bytes"),
        "html": (page, "HTML"),
    }


@pytest.mark.parametrize("kind", ["missing", "directory", "empty", "binary", "not utf-8", "huge", "html"])
def test_bad_input_gives_one_clear_line_and_exit_2(tmp_path, kind):
    path, word = _bad_inputs(tmp_path)[kind]
    res = run("report", path)
    assert res.returncode == 2, (res.stdout, res.stderr)
    assert "Traceback" not in res.stderr
    lines = res.stderr.strip().splitlines()
    assert len(lines) == 1, res.stderr
    assert lines[0].startswith("medialit: error: ")
    assert word.lower() in lines[0].lower()
    assert res.stdout == ""


def test_repair_accepts_html_and_windows_1252_with_a_warning(tmp_path):
    bad = _bad_inputs(tmp_path)
    for kind in ("html", "not utf-8"):
        res = run("report", bad[kind][0], "--repair")
        assert res.returncode == 0, res.stderr
        assert res.stderr.startswith("medialit: warning: ")
        assert "reportedly" in res.stdout


def test_html_output_into_a_missing_folder_is_exit_2(tmp_path):
    res = run("report", ARTICLE, "--html", tmp_path / "nowhere" / "out.html")
    assert res.returncode == 2
    assert res.stderr.startswith("medialit: error: Could not write")
    assert "Traceback" not in res.stderr
