"""``make browser``: where a Chromium is looked for, and what is installed when none is found.

Fake browsers are small shell scripts in ``tmp_path`` that print a version line (or fail,
like Ubuntu's snap stub), so these tests run the real search without a real browser.
"""
from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from medialit import browser


def fake(path: Path, version: str | None = "Chromium 150.0.1", code: int = 0) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    body = f"echo '{version}'" if version else "echo 'please install the snap' >&2"
    path.write_text(f"#!/bin/sh\n{body}\nexit {code}\n", encoding="utf-8")
    path.chmod(0o755)
    return path


@pytest.fixture
def empty_machine(tmp_path, monkeypatch):
    """No browser on PATH, an empty Playwright cache, no MEDIALIT_CHROMIUM."""
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    monkeypatch.setenv("PATH", str(bin_dir))
    monkeypatch.setenv("PLAYWRIGHT_BROWSERS_PATH", str(tmp_path / "cache"))
    monkeypatch.delenv(browser.ENV_VAR, raising=False)
    return tmp_path


def test_nothing_found_on_an_empty_machine(empty_machine):
    assert browser.find_chromium() is None


@pytest.mark.parametrize("name", browser.NAMES)
def test_each_name_on_path_is_found(empty_machine, name):
    path = fake(empty_machine / "bin" / name)
    hit = browser.find_chromium()
    assert hit is not None and hit[0] == path and name in hit[1] and hit[2] == "Chromium 150.0.1"


def test_a_stub_that_does_not_run_is_passed_over(empty_machine):
    fake(empty_machine / "bin" / "chromium-browser", version=None, code=1)  # Ubuntu's snap stub
    real = fake(empty_machine / "bin" / "google-chrome", version="Google Chrome 151.0")
    assert browser.find_chromium()[0] == real


def test_something_else_with_that_name_is_passed_over(empty_machine):
    fake(empty_machine / "bin" / "chromium", version="not a browser 1.0")
    assert browser.find_chromium() is None


def test_playwright_cache_is_searched_newest_first(empty_machine):
    cache = empty_machine / "cache"
    fake(cache / "chromium-1100" / "chrome-linux" / "chrome", version="Chromium 120.0")
    newest = fake(cache / "chromium-1200" / "chrome-linux64" / "chrome", version="Chromium 140.0")
    hit = browser.find_chromium()
    assert hit[0] == newest and "Playwright" in hit[1]


def test_path_wins_over_the_cache(empty_machine):
    fake(empty_machine / "cache" / "chromium-1200" / "chrome-linux" / "chrome")
    on_path = fake(empty_machine / "bin" / "chromium")
    assert browser.find_chromium()[0] == on_path


def test_the_variable_wins_and_a_wrong_one_is_an_error(empty_machine, monkeypatch):
    fake(empty_machine / "bin" / "chromium")
    chosen = fake(empty_machine / "elsewhere" / "my-chrome", version="Chromium 99.0")
    monkeypatch.setenv(browser.ENV_VAR, str(chosen))
    assert browser.find_chromium()[:2] == (chosen, browser.ENV_VAR)
    monkeypatch.setenv(browser.ENV_VAR, str(empty_machine / "missing"))
    with pytest.raises(browser.BrowserError, match="does not run"):
        browser.find_chromium()


def test_install_command_root_on_debian_uses_apt(monkeypatch):
    monkeypatch.setattr(browser, "is_root", lambda: True)
    monkeypatch.setattr(browser, "is_debian_like", lambda: True)
    assert browser.install_command()[-1] == ["apt-get", "install", "-y", "-qq", "chromium"]


@pytest.mark.parametrize("root, debian", [(False, True), (True, False), (False, False)])
def test_install_command_otherwise_uses_playwright(monkeypatch, root, debian):
    monkeypatch.setattr(browser, "is_root", lambda: root)
    monkeypatch.setattr(browser, "is_debian_like", lambda: debian)
    assert browser.install_command() == [[sys.executable, "-m", "playwright", "install", "chromium"]]


def test_ensure_installs_then_finds(empty_machine, monkeypatch):
    ran = []

    def pretend_install():
        ran.append(True)
        fake(empty_machine / "bin" / "chromium", version="Chromium 156.0")

    monkeypatch.setattr(browser, "install", pretend_install)
    path, origin, version = browser.ensure_chromium()
    assert ran and path == empty_machine / "bin" / "chromium" and origin.startswith("installed")


def test_ensure_fails_loudly_when_the_install_gives_nothing(empty_machine, monkeypatch):
    monkeypatch.setattr(browser, "install", lambda: None)
    with pytest.raises(browser.BrowserError, match="still found no Chromium"):
        browser.ensure_chromium()


def test_a_failing_install_says_what_to_do(monkeypatch):
    monkeypatch.setattr(browser, "install_command", lambda: [[sys.executable, "-c", "raise SystemExit(3)"]])
    with pytest.raises(browser.BrowserError, match=f"exit code 3.*{browser.ENV_VAR}"):
        browser.install()


def test_command_line_writes_the_path_and_exits_1_without_a_browser(empty_machine):
    env_bin = empty_machine / "bin"
    out = empty_machine / "chromium-path"
    env = {"PATH": str(env_bin), "PLAYWRIGHT_BROWSERS_PATH": str(empty_machine / "cache"),
           "HOME": str(empty_machine)}
    missing = subprocess.run([sys.executable, "-m", "medialit.browser", "find"], env=env,
                             capture_output=True, text=True)
    assert missing.returncode == 1 and "make browser" in missing.stderr
    fake(env_bin / "chromium")
    found = subprocess.run([sys.executable, "-m", "medialit.browser", "find", "--write", str(out)], env=env,
                           capture_output=True, text=True)
    assert found.returncode == 0, found.stderr
    assert "Chromium 150.0.1" in found.stdout and out.read_text().strip() == str(env_bin / "chromium")
