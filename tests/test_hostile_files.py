"""Hostile files and paths: nothing hangs, nothing is read without bound, no input is overwritten.

One test per class of the red-team findings (issue "Hostile input and cheating", sections 1–2).
The CLI is run as a user runs it, in a child process, with a timeout so that a hang fails.
"""
from __future__ import annotations

import os
import socket
import subprocess
import sys
from pathlib import Path

import pytest

import medialit
from medialit.errors import ArticleInputError
from medialit.files import read_limited, write_atomic

REPO = Path(__file__).resolve().parent.parent
ARTICLE = "Putin said the talks went well. Officials reportedly disagreed.\n"
pytestmark = pytest.mark.timeout(120)


def cli(*args, cwd=None, env=None, timeout=60):
    return subprocess.run([sys.executable, "-m", "medialit", *args], cwd=cwd or REPO, env=env,
                          capture_output=True, text=True, timeout=timeout)


def test_a_fifo_is_refused_without_waiting_for_a_writer(tmp_path):
    fifo = tmp_path / "article.txt"
    os.mkfifo(fifo)
    with pytest.raises(ArticleInputError, match="pipe"):
        medialit.load_article(fifo)
    done = cli("report", str(fifo), timeout=60)  # used to hang forever
    assert done.returncode == 2 and "pipe" in done.stderr and "Traceback" not in done.stderr


@pytest.mark.parametrize("device", ["/dev/zero", "/dev/null"])
def test_a_device_is_refused_and_never_read(device):
    if not Path(device).exists():
        pytest.fail(f"{device} is expected on a Linux test machine")
    with pytest.raises(ArticleInputError, match="device"):
        medialit.load_article(Path(device))


def test_a_socket_is_refused(tmp_path):
    where = tmp_path / "s.sock"
    server = socket.socket(socket.AF_UNIX)
    server.bind(str(where))
    try:
        with pytest.raises(ArticleInputError, match="socket"):
            read_limited(where, 100)
    finally:
        server.close()


def test_reading_stops_at_the_limit_whatever_the_size_says(tmp_path, monkeypatch):
    big = tmp_path / "big.txt"
    big.write_bytes(b"a" * 5000)
    real_stat = os.stat

    class Zero:  # a file system that reports size 0, like /dev/zero or some network mounts
        def __init__(self, st):
            self._st = st

        def __getattr__(self, name):
            return 0 if name == "st_size" else getattr(self._st, name)

    monkeypatch.setattr(os, "stat", lambda p, *a, **k: Zero(real_stat(p, *a, **k)))
    reads = []
    real_read = os.read
    monkeypatch.setattr(os, "read", lambda fd, n: reads.append(n) or real_read(fd, n))
    with pytest.raises(ArticleInputError, match="limit of 1,000 bytes"):
        read_limited(big, 1000)
    assert sum(reads) <= 1001


def test_a_name_too_long_gets_a_message(tmp_path):
    with pytest.raises(ArticleInputError, match="too long"):
        medialit.load_article(tmp_path / ("x" * 300 + ".txt"))
    done = cli("report", str(tmp_path / ("x" * 300 + ".txt")))
    assert done.returncode == 2 and "Traceback" not in done.stderr


def test_report_never_overwrites_its_input(tmp_path):
    article = tmp_path / "article.txt"
    article.write_text(ARTICLE, encoding="utf-8")
    link = tmp_path / "link.txt"
    link.symlink_to(article)
    hard = tmp_path / "hard.txt"
    os.link(article, hard)
    for out in (article, tmp_path / "." / "article.txt", link, hard):
        done = cli("report", str(article), "--html", str(out))
        assert done.returncode == 2 and "input file itself" in done.stderr, (out, done.stderr)
        assert article.read_text(encoding="utf-8") == ARTICLE


def test_an_empty_html_name_is_an_error(tmp_path):
    article = tmp_path / "article.txt"
    article.write_text(ARTICLE, encoding="utf-8")
    done = cli("report", str(article), "--html", "")
    assert done.returncode == 2 and "empty" in done.stderr


def test_tilde_is_expanded_for_input_and_output(tmp_path):
    (tmp_path / "article.txt").write_text(ARTICLE, encoding="utf-8")
    env = dict(os.environ, HOME=str(tmp_path))
    done = cli("report", "~/article.txt", "--html", "~/page.html", env=env)
    assert done.returncode == 0, done.stderr
    assert (tmp_path / "page.html").read_text(encoding="utf-8").startswith("<!DOCTYPE html>")


def test_a_page_is_written_atomically_and_a_failed_write_leaves_the_old_one(tmp_path, monkeypatch):
    page = tmp_path / "page.html"
    page.write_text("old page", encoding="utf-8")

    def full_disk(*args, **kwargs):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", full_disk)
    with pytest.raises(ArticleInputError, match="disk is not full"):
        medialit.highlight(ARTICLE).to_html(page)
    assert page.read_text(encoding="utf-8") == "old page"
    assert [p.name for p in tmp_path.iterdir()] == ["page.html"]  # no temporary file left behind


def test_a_lone_surrogate_in_text_is_written_not_a_traceback(tmp_path):
    out = medialit.highlight("Putin said \ud800 so.").to_html(tmp_path / "page.html")
    assert "\ufffd" in out.read_text(encoding="utf-8")


def test_write_atomic_refuses_a_folder(tmp_path):
    with pytest.raises(ArticleInputError, match="is a folder"):
        write_atomic(tmp_path, "x")


@pytest.mark.parametrize("bad", [123, None.__class__, b"bytes", ["a list"]])
def test_recover_tables_says_what_it_expected(bad):
    with pytest.raises(ArticleInputError, match="needs an article's text as a str"):
        medialit.recover_tables(bad)
