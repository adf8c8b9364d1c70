"""Every quiz type with the keyboard alone, in JupyterLab in headless Chromium (issue 18).

One demo notebook holds one question of each type (``data/quizzes/_demo.yaml``). For each:
its group and every control are named in the accessibility tree (``aria_snapshot``); it is
answered with key presses only (``tests/keyboard.py``); no key changes the notebook (cell
count, active cell, mode); the verdict lands in the live region that was there before Check;
the focus ring is at least 3:1 against the page. Then the same in JupyterLab's dark theme
(text at least 4.5:1) and at 200% zoom (nothing runs past the notebook's edge). The lessons'
own questions are answered by keyboard in ``tests/test_browser.py``.
"""
from __future__ import annotations

import contextlib

import nbformat
import pytest

from medialit.quiz import load_bank

from keyboard import FOCUS_CONTRAST, NOTEBOOK_STATE, TEXT_CONTRAST, answer, focus_first, names_problems, section
from test_browser import (ALL_CELLS_RUN, CHROME_ARGS, OUTPUT, TIMEOUT_MS, open_notebook, problems_on,
                          running_lab, saved_entry, wait_until)

pytestmark = pytest.mark.browser
DEMO_IDS = ["demo-single", "demo-multiple", "demo-spot", "demo-label", "demo-number"]


@pytest.fixture
def demo_lab(tmp_path):
    root = tmp_path / "root"
    root.mkdir()
    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_markdown_cell("# Every quiz type (keyboard test)"),
                nbformat.v4.new_code_cell(f'from medialit.quiz import show_quiz\nshow_quiz("_demo", ids={DEMO_IDS!r})'),
                nbformat.v4.new_markdown_cell("The end.")]
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3 (ipykernel)", "language": "python"}
    nbformat.write(nb, root / "all_types.ipynb")
    with running_lab(root, tmp_path) as server:
        yield server


def live_region(box):
    return box.locator('[role="status"][aria-live="polite"]')


@pytest.mark.timeout(900)
def test_every_quiz_type_with_the_keyboard_alone(demo_lab):
    from playwright.sync_api import expect, sync_playwright

    bank = load_bank("_demo")
    questions = [bank.by_id[i] for i in DEMO_IDS]
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(demo_lab["chromium"]), args=CHROME_ARGS)
        page = browser.new_page(viewport={"width": 1280, "height": 900})
        page.set_default_timeout(TIMEOUT_MS)
        try:
            open_notebook(page, demo_lab["url"]("all_types.ipynb"))
            page.evaluate("window.jupyterapp.commands.execute('notebook:run-all-cells')")
            page.wait_for_function(ALL_CELLS_RUN, timeout=TIMEOUT_MS, polling=500)
            expect(page.locator("section.mlq")).to_have_count(len(questions), timeout=TIMEOUT_MS)
            assert not problems_on(page), problems_on(page)

            problems = []
            for q in questions:
                box = section(page, q)
                box.scroll_into_view_if_needed()
                problems += names_problems(box, q)
                expect(live_region(box)).to_have_count(1)  # there before the first Check
                live_region(box).evaluate("el => { el.dataset.before = 'yes'; }")
                focus_first(box, q)
                before = page.evaluate(NOTEBOOK_STATE)
                keys = answer(page, box, q)
                expect(box.locator(".medialit-feedback")).to_contain_text("✔ Correct", timeout=60_000)
                after = page.evaluate(NOTEBOOK_STATE)
                assert after == before, f"{q.id}: the keys {keys} changed the notebook: {before} -> {after}"
                region = live_region(box)
                expect(region).to_have_attribute("data-before", "yes")  # the same element, not a new one
                expect(region).to_contain_text("Correct", timeout=10_000)
                focus = page.evaluate(FOCUS_CONTRAST)
                assert focus["ratio"] >= 3, f"{q.id}: focus ring on {focus['tag']} is {focus['ratio']:.2f}:1"
                assert focus["width"] >= 2, f"{q.id}: focus ring is {focus['width']}px wide"
                wait_until(lambda q=q: saved_entry(demo_lab["progress"], q.id).get("correct") is True,
                           60, f"the progress file to record {q.id}")
            assert not problems, "\n".join(problems)

            # a word's pressed state is in the tree, and the Hint button keeps focus when hints run out
            spot = section(page, bank.by_id["demo-spot"])
            assert "[pressed]" in spot.aria_snapshot()
            single = section(page, bank.by_id["demo-single"])
            hint = single.get_by_role("button", name="Hint")
            hint.focus()
            for _ in range(len(bank.by_id["demo-single"].hints) + 1):
                page.keyboard.press("Enter")
            expect(single.get_by_role("button", name="No more hints")).to_be_focused()
            expect(live_region(single)).to_contain_text("No more hints", timeout=10_000)
            page.screenshot(path=str(OUTPUT / "a11y-keyboard.png"), full_page=True)

            # JupyterLab's dark theme: text and focus rings keep their contrast
            page.evaluate("window.jupyterapp.commands.execute('apputils:change-theme', {theme: 'JupyterLab Dark'})")
            page.wait_for_function("document.body.dataset.jpThemeLight === 'false'", timeout=TIMEOUT_MS)
            low = []
            for selector in (".mlq-prompt", ".mlq-option span", "button.mlq-word", ".mlq-sentence", ".mlq-button",
                             ".mlq-feedback-area p"):
                for el in page.locator(selector).all()[:6]:
                    ratio = el.evaluate(TEXT_CONTRAST)
                    if ratio < 4.5:
                        low.append(f"{selector}: {ratio:.2f}:1 ({el.inner_text()[:40]!r})")
            assert not low, "text below 4.5:1 in the dark theme:\n" + "\n".join(low)
            spot.locator("button.mlq-word").first.focus()
            page.keyboard.press("ArrowRight")
            focus = page.evaluate(FOCUS_CONTRAST)
            assert focus["ratio"] >= 3, f"dark theme: focus ring {focus['ratio']:.2f}:1"
            page.screenshot(path=str(OUTPUT / "a11y-dark.png"), full_page=True)

            # 200% zoom on a 1280 px screen is a 640 px wide page: everything wraps, nothing is lost
            page.evaluate("window.jupyterapp.commands.execute('apputils:change-theme', {theme: 'JupyterLab Light'})")
            page.evaluate("window.jupyterapp.shell.collapseLeft()")  # what a student at 200% does first
            page.set_viewport_size({"width": 640, "height": 900})
            page.wait_for_function("window.jupyterapp.shell.currentWidget.content.node"
                                   ".getBoundingClientRect().right <= 640")
            wide = problems_on(page)
            assert not wide, "at 200% zoom:\n" + "\n".join(wide)
            for q in questions:
                width = section(page, q).evaluate("el => [el.scrollWidth, el.clientWidth]")
                assert width[0] <= width[1] + 1, f"{q.id} scrolls sideways at 200% zoom: {width}"
            page.screenshot(path=str(OUTPUT / "a11y-zoom-200.png"), full_page=True)
        except Exception:
            with contextlib.suppress(Exception):
                page.screenshot(path=str(OUTPUT / "a11y-failure.png"), full_page=True)
            raise
        finally:
            browser.close()
