"""End to end: a real JupyterLab, driven by a Chromium through Playwright.

Two kinds of test share one JupyterLab launcher, which starts the server with the
project's own JupyterLab settings (``jupyter/lab-settings/``: widget state saved with
the notebook, nbgrader's notebook toolbar hidden), a random token, and a temporary
progress file:

- ``test_answer_a_quiz_in_jupyterlab``: a small notebook calls ``show_quiz`` on the
  ``_demo`` bank; the test answers wrongly, then rightly, marks a word with the
  keyboard and reads the progress file. Screenshot: ``test-output/browser/quiz.png``
  (``MEDIALIT_UPDATE_SCREENSHOT=1`` also refreshes ``docs/img/quiz.png``).
- ``TestLessons*``: each of the eight lesson notebooks (a copy in a temporary folder,
  never the committed file) is opened at 1280x800, as a student would see it: opening
  does not mark it modified; after "Run all" no widget error, no traceback and no
  output wider than the notebook panel; one quiz question answered by clicking; saved,
  the kernel shut down (as when JupyterLab is stopped and started again), the page
  reloaded, and the same checks again, with the answer still shown. Screenshots:
  ``test-output/browser/<lesson>.png`` and ``<lesson>-reopened.png``.

The lessons are split over two classes so that ``make test`` (pytest-xdist with
``--dist loadscope``: one class goes to one worker) runs the halves on two workers.

The browser comes from ``make browser`` (which ``make test`` runs first): it finds or
installs a Chromium and passes its path as ``MEDIALIT_CHROMIUM``. Run directly with
pytest, the same search runs without installing. Chromium missing is a failure, never a skip.
"""
from __future__ import annotations

import contextlib
import json
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
from medialit.quiz.model import SingleChoice

import keyboard

REPO = Path(__file__).resolve().parent.parent
OUTPUT = REPO / "test-output" / "browser"
LAB_SETTINGS = REPO / "jupyter" / "lab-settings"
JUPYTER = Path(sys.executable).with_name("jupyter")
TIMEOUT_MS = 120_000  # the CI machine has two shared cores: be generous
CHROME_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
               "--disable-component-update", "--disable-sync", "--no-first-run"]
QUESTION_IDS = ["demo-single", "demo-spot"]
CLASSROOM = {"width": 1280, "height": 800}
SMALL_CLASSROOM = {"width": 1024, "height": 768}  # an older projector: checked after Run all
OUTPUT_TABLES = ".jp-OutputArea-output table"
WIDEST_TABLE = f"""() => {{
  let best = -1, width = 0;
  document.querySelectorAll({OUTPUT_TABLES!r}).forEach((t, i) => {{ if (t.scrollWidth > width) {{ width = t.scrollWidth; best = i; }} }});
  return best;
}}"""
LESSONS = sorted(p.stem for p in (REPO / "notebooks").glob("[0-9][0-9]_*.ipynb"))
WIDGET_ERRORS = ("Error displaying widget", "model not found")

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


def test_project_lab_settings_are_what_the_browser_tests_use():
    """The settings ``make lab`` installs are the ones the server below is started with."""
    overrides = json.loads((LAB_SETTINGS / "overrides.json").read_text(encoding="utf-8"))
    assert overrides["@jupyter-widgets/jupyterlab-manager:plugin"]["saveState"] is True
    disabled = json.loads((LAB_SETTINGS / "page_config.json").read_text(encoding="utf-8"))["disabledExtensions"]
    assert {"@jupyter/nbgrader:validate-assignment", "@jupyter/nbgrader:create-assignment"} <= set(disabled)
    makefile = (REPO / "Makefile").read_text(encoding="utf-8")
    lab_rule = makefile[makefile.index("\nlab:"):].split("\n\n")[0]
    assert "jupyter/lab-settings/overrides.json" in lab_rule and "jupyter/lab-settings/page_config.json" in lab_rule


def test_clean_writes_the_language_info_the_kernel_reports(tmp_path):
    """What JupyterLab writes into a notebook when its kernel starts is already there, so
    opening a lesson does not mark it modified (the browser test checks the page itself)."""
    from jupyter_client.manager import start_new_kernel

    from medialit import nbtools

    manager, client = start_new_kernel(kernel_name="python3")
    try:
        reported = client.kernel_info(reply=True, timeout=60)["content"]["language_info"]
    finally:
        client.stop_channels()
        manager.shutdown_kernel(now=True)
    nb = nbformat.v4.new_notebook()
    nb.metadata["language_info"] = {"name": "python"}  # what the clean step used to write
    nbtools.clean_notebook(nb)
    assert nb.metadata["language_info"] == reported
    # a machine with another patch release of Python does not call a committed notebook unclean
    nb.metadata["language_info"]["version"] = "3.11.0"
    path = tmp_path / "lesson.ipynb"
    nbformat.write(nb, path)
    assert nbtools.check([path]) == 0
    assert nbformat.read(path, as_version=4).metadata["language_info"]["version"] == "3.11.0"


@contextlib.contextmanager
def running_lab(root: Path, work: Path, user_settings: dict | None = None):
    """A JupyterLab server on ``root`` (free port, random token), stopped on exit.

    ``work`` holds its config, runtime, settings and the progress file.
    ``user_settings`` maps "<extension>/<plugin>" to a user setting written for this run.
    """
    chromium = require_chromium()
    progress = work / "progress" / "progress.json"
    settings = {"@jupyterlab/apputils-extension/notification": {"fetchNews": "false", "checkForUpdates": False}}
    settings.update(user_settings or {})
    for name, values in settings.items():
        folder, plugin = name.rsplit("/", 1)
        path = work / "lab-settings" / folder / f"{plugin}.jupyterlab-settings"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps(values), encoding="utf-8")

    env = {k: v for k, v in os.environ.items()
           if k not in ("MEDIALIT_NO_PROGRESS", "PYTEST_CURRENT_TEST", "NBGRADER_EXECUTION")}
    env.update({
        "MEDIALIT_PROGRESS": str(progress),
        "JUPYTER_CONFIG_DIR": str(work / "jupyter-config"),
        "JUPYTER_RUNTIME_DIR": str(work / "jupyter-runtime"),
        "JUPYTER_DATA_DIR": str(work / "jupyter-data"),
        "JUPYTERLAB_SETTINGS_DIR": str(work / "lab-settings"),
        "JUPYTERLAB_WORKSPACES_DIR": str(work / "lab-workspaces"),
    })
    port, token = free_port(), secrets.token_urlsafe(24)
    OUTPUT.mkdir(parents=True, exist_ok=True)
    log_path = work / "jupyterlab.log"
    log = log_path.open("w", encoding="utf-8")
    server = subprocess.Popen(
        [str(JUPYTER), "lab", "--no-browser", f"--ServerApp.port={port}", "--ServerApp.port_retries=0",
         "--ServerApp.ip=127.0.0.1", f"--IdentityProvider.token={token}", f"--ServerApp.root_dir={root}",
         f"--LabApp.app_settings_dir={LAB_SETTINGS}", "--LabApp.expose_app_in_browser=True"]
        + (["--allow-root"] if os.geteuid() == 0 else []),
        cwd=root, env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
    base = f"http://127.0.0.1:{port}"
    try:
        def ready():
            if server.poll() is not None:
                pytest.fail(f"JupyterLab exited with code {server.returncode}; see {log_path}")
            try:
                with urllib.request.urlopen(f"{base}/api/status?token={token}", timeout=5) as r:
                    return r.status == 200
            except (urllib.error.URLError, OSError):
                return False

        wait_until(ready, 120, "JupyterLab to answer on /api/status")
        yield {"base": base, "token": token, "progress": progress, "chromium": chromium,
               "url": lambda path: f"{base}/lab/tree/{path}?token={token}"}
    finally:
        if server.poll() is None:
            os.killpg(server.pid, signal.SIGTERM)  # the server and the kernels it started
            try:
                server.wait(timeout=30)
            except subprocess.TimeoutExpired:
                os.killpg(server.pid, signal.SIGKILL)
                server.wait(timeout=30)
        log.close()
        with contextlib.suppress(OSError):
            shutil.copyfile(log_path, OUTPUT / f"jupyterlab-{root.name}.log")


@pytest.fixture
def lab(tmp_path):
    root = tmp_path / "root"
    root.mkdir()
    write_notebook(root)
    with running_lab(root, tmp_path) as server:
        server["url"] = server["url"]("quiz_demo.ipynb")
        yield server


def saved_entry(progress: Path, question_id: str, notebook: str = "_demo") -> dict:
    try:
        data = json.loads(progress.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return data.get("answers", {}).get(notebook, {}).get(question_id, {})


# --- in the page ---------------------------------------------------------------------------
KERNEL_IDLE = """() => { const w = window.jupyterapp.shell.currentWidget;
    const k = w && w.sessionContext && w.sessionContext.session && w.sessionContext.session.kernel;
    return !!k && k.status === 'idle'; }"""

# every code cell has run (an execution count, no [*]) and the kernel is idle again
ALL_CELLS_RUN = """() => { const w = window.jupyterapp.shell.currentWidget;
    const k = w.sessionContext.session && w.sessionContext.session.kernel;
    if (!k || k.status !== 'idle') return false;
    const cells = Array.from(w.content.model.cells).filter(c => c.type === 'code');
    return cells.every(c => c.executionCount !== null && c.executionCount !== undefined)
        && !Array.from(w.content.node.querySelectorAll('.jp-InputPrompt')).some(p => p.textContent.includes('*')); }"""

# the widgets of a reopened notebook are drawn, or have failed to be
QUIZ_OR_WIDGET_ERROR = """(errors) => !!document.querySelector('.medialit-quiz')
    || errors.some(e => document.body.innerText.includes(e))"""

# JupyterLab has written the kernel's language_info into the notebook (what marked it modified)
KERNEL_INFO_IN_METADATA = """() => { const info = window.jupyterapp.shell.currentWidget.context.model
    .getMetadata('language_info'); return !!info && !!info.version; }"""

PANEL_RIGHT = "window.jupyterapp.shell.currentWidget.content.node.getBoundingClientRect().right"

DIRTY = "() => window.jupyterapp.shell.currentWidget.context.model.dirty"

# Problems a student would see: widget errors, tracebacks, outputs wider than the notebook.
PAGE_PROBLEMS = """(widgetErrors) => {
    const panel = window.jupyterapp.shell.currentWidget;
    const nb = panel.content.node;
    const problems = [];
    const text = nb.innerText;
    for (const e of widgetErrors) if (text.includes(e)) problems.push('widget error text: ' + e);
    if (text.includes('Traceback (most recent call last)')) problems.push('a traceback is shown');
    Array.from(panel.content.model.cells).forEach((cell, i) => {
        if (cell.type !== 'code') return;
        for (const out of cell.outputs.toJSON())
            if (out.output_type === 'error') problems.push(`cell ${i}: error output ${out.ename}: ${out.evalue}`);
    });
    const right = nb.getBoundingClientRect().right;
    nb.querySelectorAll('.jp-OutputArea-output').forEach((out) => {
        const cell = out.closest('.jp-Cell');
        const index = Array.from(nb.querySelectorAll('.jp-Cell')).indexOf(cell);
        const where = `cell ${index} output (${(out.innerText || '').trim().slice(0, 60).replace(/\\s+/g, ' ')})`;
        if (out.scrollWidth > out.clientWidth + 2)
            problems.push(`${where}: ${out.scrollWidth}px of content in ${out.clientWidth}px (scrolls sideways)`);
        for (const el of [out, ...out.querySelectorAll('*')]) {
            const r = el.getBoundingClientRect();
            if (r.width > 0 && r.height > 0 && r.right > right + 2) {
                problems.push(`${where}: <${el.tagName.toLowerCase()} class="${el.className}"> ends at `
                              + `${Math.round(r.right)}px, past the notebook's right edge at ${Math.round(right)}px`);
                break;
            }
        }
    });
    return problems;
}"""


def open_notebook(page, url: str) -> None:
    page.goto(url)
    page.wait_for_function("window.jupyterapp && window.jupyterapp.shell", timeout=TIMEOUT_MS)
    page.locator(".jp-Notebook").first.wait_for()
    page.wait_for_function(KERNEL_IDLE, timeout=TIMEOUT_MS)  # the kernel is up and idle


def problems_on(page) -> list[str]:
    return page.evaluate(PAGE_PROBLEMS, list(WIDGET_ERRORS))


def first_single_choice(lesson: str) -> SingleChoice:
    bank = load_bank(lesson)
    question = next((q for q in bank.questions if isinstance(q, SingleChoice)), None)
    assert question is not None, f"{lesson}: the browser test answers a single-choice question; the bank has none"
    return question


def one_of_each_type(lesson: str, skip: str) -> list:
    """The first question of each type in a lesson's bank (not ``skip``, answered by clicking)."""
    seen, out = set(), []
    for q in load_bank(lesson).questions:
        if q.id != skip and q.type not in seen:
            seen.add(q.type)
            out.append(q)
    return out


def shutdown_kernels(server: dict) -> None:
    """What stopping and restarting JupyterLab does to a notebook: its kernel is gone."""
    def call(method: str, path: str):
        request = urllib.request.Request(f"{server['base']}{path}", method=method,
                                         headers={"Authorization": f"token {server['token']}"})
        with urllib.request.urlopen(request, timeout=30) as response:
            body = response.read()
        return json.loads(body) if body else None

    for session in call("GET", "/api/sessions"):
        call("DELETE", f"/api/sessions/{session['id']}")
    wait_until(lambda: call("GET", "/api/kernels") == [], 60, "the kernels to shut down")


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
            open_notebook(page, lab["url"])
            # the README names the slides menu item as JupyterLab with jupyterlab-rise shows it
            slides = page.evaluate("window.jupyterapp.commands.label('RISE:preview')")
            assert slides and f"View → {slides}" in (REPO / "README.md").read_text(encoding="utf-8"), \
                f"README.md should name the slides menu item 'View → {slides}'"
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
            expect(feedback).not_to_contain_text(single.answer)  # a first wrong try does not give it away
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
            word = second.locator("button.mlq-word", has_text="reportedly").first
            word.focus()
            page.keyboard.press("Space")
            expect(word).to_have_attribute("aria-pressed", "true")
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
            with contextlib.suppress(Exception):
                page.screenshot(path=str(OUTPUT / "failure.png"), full_page=True)
            raise
        finally:
            browser.close()


# --- every lesson, as a student meets it ------------------------------------------------------
class Stopwatch:
    """Seconds per step of a lesson test, printed (``pytest -s``) to see where the time goes."""

    def __init__(self, name: str):
        self.name, self.start, self.laps = name, time.monotonic(), []

    def lap(self, step: str) -> None:
        now = time.monotonic()
        self.laps.append((step, now - self.start))
        self.start = now

    def __str__(self) -> str:
        total = sum(t for _, t in self.laps)
        return f"{self.name}: {total:.1f} s (" + ", ".join(f"{s} {t:.1f}" for s, t in self.laps) + ")"


@pytest.fixture(scope="class")
def classroom(tmp_path_factory):
    """One JupyterLab and one Chromium per test class, serving copies of the eight lessons.

    Each copy goes through ``nbtools clean`` first: on a committed notebook that is clean,
    as it must be, this changes nothing (``python -m medialit.nbtools check`` says so).
    """
    from playwright.sync_api import sync_playwright

    from medialit.nbtools import clean_notebook

    work = tmp_path_factory.mktemp("lessons")
    root = work / "course"
    (root / "notebooks").mkdir(parents=True)
    for lesson in LESSONS:
        nb = nbformat.read(REPO / "notebooks" / f"{lesson}.ipynb", as_version=4)
        clean_notebook(nb)
        nbformat.write(nb, root / "notebooks" / f"{lesson}.ipynb")
    # every cell in the page (not only those scrolled into view), so that widths can be measured
    tracker = {"@jupyterlab/notebook-extension/tracker": {"windowingMode": "none"}}
    with running_lab(root, work, tracker) as server, sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(server["chromium"]), args=CHROME_ARGS)
        try:
            # one context for the class: JupyterLab's scripts are fetched once, not once per lesson
            context = browser.new_context(viewport=CLASSROOM)
            yield {**server, "context": context, "root": root}
        finally:
            browser.close()


class LessonsInTheBrowser:
    """Each test is one lesson, opened, run, answered, saved and reopened (see the module doc)."""

    @pytest.mark.timeout(600)
    def test_lesson_runs_saves_and_reopens_cleanly(self, classroom, lesson):
        from playwright.sync_api import expect

        question = first_single_choice(lesson)
        # a workspace of its own, so that reloading reopens this lesson only
        url = f"{classroom['base']}/lab/workspaces/{lesson}/tree/notebooks/{lesson}.ipynb?token={classroom['token']}"
        page = classroom["context"].new_page()
        page.set_default_timeout(TIMEOUT_MS)
        clock = Stopwatch(lesson)
        try:
            open_notebook(page, url)
            clock.lap("open")
            page.wait_for_function(KERNEL_INFO_IN_METADATA, timeout=TIMEOUT_MS)
            assert page.evaluate(DIRTY) is False, f"{lesson}: opening the notebook marked it modified"
            nbgrader = page.locator(".jp-NotebookPanel-toolbar .validate-button")
            assert nbgrader.count() == 0, f"{lesson}: nbgrader's Validate button is on a lesson's toolbar"

            page.evaluate("window.jupyterapp.commands.execute('notebook:run-all-cells')")
            page.wait_for_function(ALL_CELLS_RUN, timeout=TIMEOUT_MS, polling=500)
            expect(page.locator(".medialit-quiz").first).to_be_attached(timeout=TIMEOUT_MS)
            clock.lap("run all")
            problems = problems_on(page)
            assert not problems, f"{lesson} after Run all:\n  " + "\n  ".join(problems)
            # the same page on a 1024 x 768 projector: nothing runs past the notebook's edge
            page.set_viewport_size(SMALL_CLASSROOM)
            page.wait_for_function(f"() => {PANEL_RIGHT} <= {SMALL_CLASSROOM['width']}")  # laid out again
            problems = problems_on(page)
            page.screenshot(path=str(OUTPUT / f"{lesson}-1024.png"))
            widest = page.evaluate(WIDEST_TABLE)  # its picture, to look at what a projector shows
            if widest >= 0:
                page.locator(OUTPUT_TABLES).nth(widest).screenshot(path=str(OUTPUT / f"{lesson}-1024-widest-table.png"))
            assert not problems, f"{lesson} at 1024 px after Run all:\n  " + "\n  ".join(problems)
            page.set_viewport_size(CLASSROOM)
            page.wait_for_function(f"() => {PANEL_RIGHT} > {SMALL_CLASSROOM['width']}")

            # a student answers one question by clicking
            box = page.locator(".medialit-question", has_text=question.prompt)
            box.scroll_into_view_if_needed()
            box.locator("label", has_text=question.answer).click()
            box.get_by_role("button", name="Check").click()
            expect(box.locator(".medialit-feedback")).to_contain_text("✔ Correct")
            wait_until(lambda: saved_entry(classroom["progress"], question.id, lesson).get("correct") is True,
                       60, "the progress file to record the answer")
            clock.lap("answer")
            page.screenshot(path=str(OUTPUT / f"{lesson}.png"))

            # one question of every type in the lesson, with the keyboard alone (issue 18)
            for other in one_of_each_type(lesson, skip=question.id):
                box = page.locator(f'section.mlq[data-question="{other.id}"]').last  # the quiz's, if shown twice
                box.scroll_into_view_if_needed()
                problems = keyboard.names_problems(box, other)
                assert not problems, "\n".join(problems)
                keyboard.focus_first(box, other)
                before = page.evaluate(keyboard.NOTEBOOK_STATE)
                keys = keyboard.answer(page, box, other)
                expect(box.locator(".medialit-feedback")).to_contain_text("✔ Correct")
                after = page.evaluate(keyboard.NOTEBOOK_STATE)
                assert after == before, f"{lesson} {other.id}: the keys {keys} changed the notebook: {before} -> {after}"
                expect(box.locator('[role="status"][aria-live="polite"]')).to_contain_text("Correct")
            clock.lap("keyboard")

            page.evaluate("window.jupyterapp.commands.execute('docmanager:save')")
            page.wait_for_function(f"() => !({DIRTY})()", timeout=TIMEOUT_MS)
            saved = nbformat.read(classroom["root"] / "notebooks" / f"{lesson}.ipynb", as_version=4)
            assert "application/vnd.jupyter.widget-state+json" in saved.metadata.get("widgets", {}), \
                f"{lesson}: widget state was not saved with the notebook"

            clock.lap("save")
            shutdown_kernels(classroom)
            clock.lap("kernel shut down")
            open_notebook(page, url)
            page.wait_for_function(QUIZ_OR_WIDGET_ERROR, arg=list(WIDGET_ERRORS), timeout=TIMEOUT_MS, polling=500)
            problems = problems_on(page)
            assert not problems, f"{lesson} after save, kernel shut down, reopen:\n  " + "\n  ".join(problems)
            expect(page.locator(".medialit-quiz").first).to_be_attached()
            box = page.locator(".medialit-question", has_text=question.prompt)
            expect(box.locator(".medialit-feedback")).to_contain_text("✔ Correct")  # the answer is still shown
            box.scroll_into_view_if_needed()
            clock.lap("reopen")
            page.screenshot(path=str(OUTPUT / f"{lesson}-reopened.png"))
        except Exception:
            with contextlib.suppress(Exception):
                page.screenshot(path=str(OUTPUT / f"{lesson}-failure.png"))
            raise
        finally:
            page.close()
            print(clock)


# Two halves of about equal running time, one worker each under --dist loadscope.
FIRST_HALF = [lesson for lesson in LESSONS if lesson[:2] in {"00", "02", "03", "06"}]


@pytest.mark.parametrize("lesson", FIRST_HALF)
class TestLessonsFirstHalf(LessonsInTheBrowser):
    pass


@pytest.mark.parametrize("lesson", [lesson for lesson in LESSONS if lesson not in FIRST_HALF])
class TestLessonsSecondHalf(LessonsInTheBrowser):
    pass


def test_every_lesson_is_in_one_half():
    halves = FIRST_HALF + [lesson for lesson in LESSONS if lesson not in FIRST_HALF]
    assert sorted(halves) == LESSONS and len(LESSONS) == 8
