"""End to end: a real JupyterLab, driven by Debian's Chromium through Playwright.

A small notebook that calls ``show_quiz`` on the real ``_demo`` bank is written to a
temporary folder; JupyterLab serves it (with a token) and saves progress to a
temporary file. The test runs all cells, answers a question wrongly and then
rightly, marks a word with the keyboard, checks the feedback text each time and
reads the progress file. A screenshot goes to ``test-output/browser/quiz.png``
(set ``MEDIALIT_UPDATE_SCREENSHOT=1`` to also refresh ``docs/img/quiz.png``).

The browser comes from ``make browser`` (which ``make test`` runs first): it finds or
installs a Chromium and passes its path as ``MEDIALIT_CHROMIUM``. Run directly with
pytest, the same search runs without installing. Chromium missing is a failure, never a skip.
"""
from __future__ import annotations

import json
import re
import os
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import nbformat
import pytest

from medialit.browser import BrowserError, find_chromium
from medialit.quiz import load_bank

REPO = Path(__file__).resolve().parent.parent
OUTPUT = REPO / "test-output" / "browser"
JUPYTER = Path(sys.executable).with_name("jupyter")
TIMEOUT_MS = 120_000  # the CI machine has two shared cores: be generous
CHROME_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
               "--disable-component-update", "--disable-sync", "--no-first-run"]
QUESTION_IDS = ["demo-single", "demo-spot"]

pytestmark = [pytest.mark.browser, pytest.mark.slow]


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def write_notebook(folder: Path) -> Path:
    nb = nbformat.v4.new_notebook()
    nb.cells = [
        nbformat.v4.new_markdown_cell("# Quiz demo (browser test)"),
        nbformat.v4.new_code_cell(f'from medialit.quiz import show_quiz\nshow_quiz("_demo", ids={QUESTION_IDS!r})'),
    ]
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3 (ipykernel)", "language": "python"}
    path = folder / "quiz_demo.ipynb"
    nbformat.write(nb, path)
    return path


def wait_until(condition, timeout: float, what: str, interval: float = 0.25):
    """Poll ``condition`` until it returns something truthy; fail naming ``what``."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = condition()
        if value:
            return value
        time.sleep(interval)
    pytest.fail(f"timed out after {timeout:.0f}s waiting for {what}")


def require_chromium() -> Path:
    """The browser's path, from ``MEDIALIT_CHROMIUM`` or the same search ``make browser``
    does; fail (never skip) with a message saying how to get one."""
    try:
        hit = find_chromium()
    except BrowserError as error:
        pytest.fail(f"{error} The browser test never skips.")
    if hit is None:
        pytest.fail("no Chromium found: run 'make browser' (it installs one), or set "
                    "MEDIALIT_CHROMIUM=/path/to/chromium. The browser test never skips.")
    return hit[0]


def test_missing_chromium_is_a_failure_not_a_skip(tmp_path, monkeypatch):
    monkeypatch.setenv("MEDIALIT_CHROMIUM", str(tmp_path / "no-chromium-here"))
    with pytest.raises(pytest.fail.Exception, match="never skips"):
        require_chromium()
    monkeypatch.delenv("MEDIALIT_CHROMIUM")
    monkeypatch.setenv("PATH", str(tmp_path))
    monkeypatch.setenv("PLAYWRIGHT_BROWSERS_PATH", str(tmp_path / "empty-cache"))
    with pytest.raises(pytest.fail.Exception, match="make browser"):
        require_chromium()


@pytest.fixture
def lab(tmp_path):
    """A JupyterLab server on a free port with a random token; stopped at teardown."""
    chromium = require_chromium()
    root = tmp_path / "root"
    root.mkdir()
    write_notebook(root)
    progress = tmp_path / "progress" / "progress.json"
    settings = tmp_path / "lab-settings" / "@jupyterlab" / "apputils-extension"
    settings.mkdir(parents=True)
    # no news / update toasts over the notebook
    (settings / "notification.jupyterlab-settings").write_text(
        json.dumps({"fetchNews": "false", "checkForUpdates": False}), encoding="utf-8")

    env = {k: v for k, v in os.environ.items()
           if k not in ("MEDIALIT_NO_PROGRESS", "PYTEST_CURRENT_TEST", "NBGRADER_EXECUTION")}
    env.update({
        "MEDIALIT_PROGRESS": str(progress),
        "JUPYTER_CONFIG_DIR": str(tmp_path / "jupyter-config"),
        "JUPYTER_RUNTIME_DIR": str(tmp_path / "jupyter-runtime"),
        "JUPYTERLAB_SETTINGS_DIR": str(tmp_path / "lab-settings"),
        "JUPYTERLAB_WORKSPACES_DIR": str(tmp_path / "lab-workspaces"),
    })
    port, token = free_port(), secrets.token_urlsafe(24)
    OUTPUT.mkdir(parents=True, exist_ok=True)
    log = (OUTPUT / "jupyterlab.log").open("w", encoding="utf-8")
    server = subprocess.Popen(
        [str(JUPYTER), "lab", "--no-browser", f"--ServerApp.port={port}", "--ServerApp.port_retries=0",
         "--ServerApp.ip=127.0.0.1", f"--IdentityProvider.token={token}", f"--ServerApp.root_dir={root}",
         "--LabApp.expose_app_in_browser=True"] + (["--allow-root"] if os.geteuid() == 0 else []),
        cwd=root, env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
    try:
        def ready():
            if server.poll() is not None:
                pytest.fail(f"JupyterLab exited with code {server.returncode}; see {OUTPUT / 'jupyterlab.log'}")
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/api/status?token={token}", timeout=5) as r:
                    return r.status == 200
            except (urllib.error.URLError, OSError):
                return False

        wait_until(ready, 120, "JupyterLab to answer on /api/status")
        yield {"url": f"http://127.0.0.1:{port}/lab/tree/quiz_demo.ipynb?token={token}", "progress": progress,
               "chromium": chromium}
    finally:
        if server.poll() is None:
            os.killpg(server.pid, signal.SIGTERM)  # the server and the kernels it started
            try:
                server.wait(timeout=30)
            except subprocess.TimeoutExpired:
                os.killpg(server.pid, signal.SIGKILL)
                server.wait(timeout=30)
        log.close()


def saved_entry(progress: Path, question_id: str) -> dict:
    try:
        data = json.loads(progress.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return data.get("answers", {}).get("_demo", {}).get(question_id, {})


@pytest.mark.timeout(900)
def test_answer_a_quiz_in_jupyterlab(lab):
    from playwright.sync_api import expect, sync_playwright

    bank = load_bank("_demo")
    single, spot = bank.by_id["demo-single"], bank.by_id["demo-spot"]
    wrong = next(c for c in single.choices if c != single.answer)

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(lab["chromium"]), args=CHROME_ARGS)
        try:
            page = browser.new_page(viewport={"width": 1280, "height": 1800})
            page.set_default_timeout(TIMEOUT_MS)
            page.goto(lab["url"])
            page.wait_for_function("window.jupyterapp && window.jupyterapp.shell", timeout=TIMEOUT_MS)
            page.locator(".jp-Notebook").first.wait_for()
            # the kernel is up and idle before we run anything
            page.wait_for_function(
                """() => { const w = window.jupyterapp.shell.currentWidget;
                           const k = w && w.sessionContext && w.sessionContext.session
                                     && w.sessionContext.session.kernel;
                           return k && k.status === 'idle'; }""", timeout=TIMEOUT_MS)
            page.evaluate("window.jupyterapp.commands.execute('notebook:run-all-cells')")

            questions = page.locator(".medialit-question")
            expect(questions).to_have_count(2, timeout=TIMEOUT_MS)
            first, second = questions.nth(0), questions.nth(1)
            expect(first).to_contain_text(single.prompt)
            expect(first.get_by_role("button", name="Show answer")).to_be_hidden()

            # 1. a wrong answer
            first.locator("label", has_text=wrong).click()
            first.get_by_role("button", name="Check").click()
            feedback = first.locator(".medialit-feedback")
            expect(feedback).to_contain_text("✘ Not yet")
            expect(feedback).to_contain_text("Evidence in the text")
            expect(first.get_by_role("button", name="Show answer")).to_be_visible()

            # 2. the right answer
            first.locator("label", has_text=single.answer).click()
            first.get_by_role("button", name="Check").click()
            expect(feedback).to_contain_text("✔ Correct")
            expect(feedback).to_contain_text("attempt 2")
            entry = wait_until(lambda: (e := saved_entry(lab["progress"], "demo-single")).get("attempts") == 2 and e,
                               60, "the progress file to record both attempts")
            assert entry["correct"] is True and entry["last_answer"] == single.answer

            # 3. the keyboard alone: focus a word button, toggle it with Space, check with Enter
            index = spot.tokens.index("reportedly")
            word = second.locator("button.jupyter-widgets", has_text="reportedly").first
            word.focus()
            page.keyboard.press("Space")
            expect(word).to_have_class(re.compile(r"mod-active"))
            second.get_by_role("button", name="Check").focus()
            page.keyboard.press("Enter")
            expect(second.locator(".medialit-feedback")).to_contain_text("✔ Correct")
            wait_until(lambda: saved_entry(lab["progress"], "demo-spot").get("last_answer") == [index],
                       60, "the progress file to record the marked word")
            expect(page.locator(".medialit-quiz")).to_contain_text("Score so far: 2 of 2")

            first.scroll_into_view_if_needed()
            shot = OUTPUT / "quiz.png"
            page.locator(".medialit-quiz").screenshot(path=str(shot))
            assert shot.stat().st_size > 10_000
            if os.environ.get("MEDIALIT_UPDATE_SCREENSHOT") == "1":
                (REPO / "docs" / "img").mkdir(parents=True, exist_ok=True)
                shutil.copyfile(shot, REPO / "docs" / "img" / "quiz.png")
        except Exception:
            try:
                page.screenshot(path=str(OUTPUT / "failure.png"), full_page=True)
            except Exception:
                pass
            raise
        finally:
            browser.close()
