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
    'view.radio.value = view.question.answer\nview.check_button.click()\nprint(view.feedback.value[:200])',
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
