"""Run a small quiz notebook in a real kernel (nbclient) and inspect what it saves.

Checks that a quiz builds headless and records nothing there, and that the saved
output carries a readable HTML / text copy for viewers without a kernel.
"""
import os

import nbformat
import pytest
from nbclient import NotebookClient
from nbconvert import HTMLExporter

from medialit.quiz import load_bank

WIDGET_MIME = "application/vnd.jupyter.widget-view+json"

CELLS = [
    'from medialit.quiz import show_quiz, build_quiz\nshow_quiz("_demo")',
    # answer one question from code, as a student's click would
    'quiz = build_quiz("_demo")\nview = quiz.view("demo-single")\n'
    'view.control.value = view.question.answer\nview.press("check")\nprint(view.control.feedback_html[:200])',
    "import medialit.quiz\nmedialit.quiz.progress_summary()",
]


def run_notebook(tmp_path, extra_env):
    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_code_cell(src) for src in CELLS]
    env = {k: v for k, v in os.environ.items()
           if k not in ("MEDIALIT_NO_PROGRESS", "PYTEST_CURRENT_TEST", "NBGRADER_EXECUTION")}
    env.update(extra_env)
    client = NotebookClient(nb, kernel_name="python3", timeout=180, startup_timeout=120,
                            resources={"metadata": {"path": str(tmp_path)}})
    client.execute(env=env)
    return nb


@pytest.mark.slow
def test_headless_run_builds_quizzes_records_nothing_and_leaves_a_static_copy(tmp_path):
    progress = tmp_path / "home" / "progress.json"
    nb = run_notebook(tmp_path, {"NBGRADER_EXECUTION": "autograde", "MEDIALIT_PROGRESS": str(progress)})
    assert not progress.exists() and not progress.parent.exists()

    quiz_outputs = [o for o in nb.cells[0].outputs if o.output_type == "display_data"]
    assert len(quiz_outputs) == 1
    data = quiz_outputs[0].data
    assert WIDGET_MIME in data and "text/html" in data and "text/plain" in data
    bank = load_bank("_demo")
    for q in bank.questions:
        assert q.prompt.split("’")[0][:40] in data["text/plain"]
        assert q.explanation not in data["text/plain"] and q.explanation[:60] not in data["text/html"]
    assert "open this notebook in JupyterLab" in data["text/html"]
    assert "✔ Correct" in "".join(o.get("text", "") for o in nb.cells[1].outputs)

    # JupyterLab saves no widget state by default (nbclient does): without it, an HTML
    # export (what nbviewer shows) skips the widget view and falls back to our copy.
    nb.metadata.pop("widgets", None)
    page, _ = HTMLExporter().from_notebook_node(nb)
    assert "open this notebook in JupyterLab" in page
    assert "Quiz: Quiz engine demo" in page
    assert "Your quiz progress" in page


@pytest.mark.slow
def test_the_same_notebook_with_a_person_at_the_keyboard_saves_the_answer(tmp_path):
    progress = tmp_path / "home" / "progress.json"
    run_notebook(tmp_path, {"MEDIALIT_PROGRESS": str(progress)})
    import json

    saved = json.loads(progress.read_text(encoding="utf-8"))
    assert saved["answers"]["_demo"]["demo-single"]["correct"] is True


# --------------------------------------------------------------------------- optional sections
def _headings(notebook: str) -> dict[str, str]:
    """Each markdown heading of a lesson, keyed by its bare title (no "3. ", no "*(optional…)*")."""
    import json
    import re
    from pathlib import Path

    path = Path(__file__).resolve().parents[1] / "notebooks" / f"{notebook}.ipynb"
    out = {}
    for cell in json.loads(path.read_text(encoding="utf-8"))["cells"]:
        if cell["cell_type"] != "markdown":
            continue
        for line in "".join(cell["source"]).splitlines():
            if line.startswith("#"):
                full = line.lstrip("#").strip()
                bare = re.sub(r"\s*\*\(.*\)\*\s*$", "", re.sub(r"^\d+\.\s+", "", full))
                out[bare] = full
    return out


def test_questions_on_optional_sections_name_a_real_optional_heading_and_say_so():
    from medialit.quiz import load_all_banks
    from medialit.quiz.text import question_html, question_plain

    tagged = 0
    for name, bank in load_all_banks().items():
        headings = _headings(name)
        for number, q in enumerate(bank.questions, start=1):
            if not q.optional_section:
                continue
            tagged += 1
            assert q.optional_section in headings, (
                f"{q.id}: optional_section {q.optional_section!r} is not a heading of {name}.ipynb")
            assert "optional" in headings[q.optional_section].lower(), (
                f"{q.id}: the section {q.optional_section!r} is not marked optional in {name}.ipynb")
            assert q.optional_section in question_plain(q, number)
            assert "skip it if you skipped" in question_html(q, number)
    assert tagged >= 5
