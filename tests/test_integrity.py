"""The integrity report and the answer record (issue "Hostile input and cheating", section 5)."""
from __future__ import annotations

import json
import math

import nbformat
import pandas as pd
import pytest

from medialit.grading import integrity, judge
from medialit.grading.record import MIME, MAX_ITEMS, from_data, to_data
from medialit.paths import REPO_ROOT

ASSIGNMENTS = sorted(p.name for p in (REPO_ROOT / "solutions").iterdir() if p.is_dir())

FLAGGED = {
    "q = lambda *a: None": "checker",
    "from medialit.checks import load_checks": "checker",
    "import sys\nsys.modules['medialit.checks'] = None": "sys.modules",
    "__builtins__['print'] = None": "builtins",
    "exec(open('../../../solutions/a1_attributions/a1_attributions.ipynb').read())": "exec/eval",
    "x = eval('1+1')": "exec/eval",
    "get_ipython().input_transformers_post.append(lambda lines: lines)": "IPython internals",
    "ip = get_ipython(); ip.events.register('post_run_cell', f)": "IPython internals",
    "import subprocess\nsubprocess.Popen(['sleep', '99'])": "process",
    "import os\nos.fork()": "process",
    "import socket": "network",
    "import urllib.request": "network",
    "data = open('/work/main/gradebook.db', 'rb').read()": "path outside the submission",
    "path = '~/.medialit/progress.json'": "path outside the submission",
    "import importlib\nimportlib.reload(m)": "import machinery",
    "def f():\n    global answer\n    answer = 1": "namespace",
    "type(x).__subclasses__()": "namespace",
    "this is not python( exec(": "unparsable code",
}


@pytest.mark.parametrize("code", FLAGGED)
def test_each_kind_of_reaching_out_is_flagged(code):
    categories = {category for _line, category in integrity.scan_source(code)}
    assert FLAGGED[code] in categories, (code, categories)


@pytest.mark.parametrize("assignment", ASSIGNMENTS)
def test_nothing_is_flagged_for_the_solution_or_the_untouched_exercise(assignment):
    for folder in ("solutions", "exercises"):
        nb = nbformat.read(REPO_ROOT / folder / assignment / f"{assignment}.ipynb", as_version=4)
        assert integrity.answer_cells(nb), f"{folder}/{assignment}: no answer cells found to scan"
        findings = integrity.scan_notebook(nb, "solution", assignment)
        assert not findings, f"{folder}/{assignment}: {findings}"


def test_the_report_is_a_csv_with_a_line_per_finding(tmp_path):
    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_code_cell("import sys\nq = None", metadata={"nbgrader": {
        "solution": True, "grade": False, "grade_id": "a1_q1_answer", "schema_version": 3}})]
    findings = integrity.scan_notebook(nb, "mallory", "a1_attributions")
    path = integrity.write_report(findings, tmp_path / "r" / "a1-integrity.csv")
    lines = path.read_text(encoding="utf-8").splitlines()
    assert lines[0] == ",".join(integrity.COLUMNS)
    assert "mallory,a1_attributions,a1_q1_answer,1,import sys,import sys" in lines
    assert "mallory,a1_attributions,a1_q1_answer,2,checker,q = None" in lines


def test_answers_become_json_and_come_back():
    frame = pd.DataFrame({"source": ["a", "b"], "n": [1, 2]})
    value = {"labels": {"x": "named"}, "rows": frame, "n": 3, "f": 0.5, "none": None, "todo": ...,
             "t": (1, 2), "s": {2, 1}, "nan": float("nan")}
    back = from_data(json.loads(json.dumps(to_data(value))))
    assert back["labels"] == {"x": "named"} and back["n"] == 3 and back["todo"] is Ellipsis
    assert back["t"] == [1, 2] and back["s"] == [1, 2] and math.isnan(back["nan"])
    pd.testing.assert_frame_equal(back["rows"], frame)


def test_hostile_answers_are_recorded_as_descriptions_never_crash():
    class Evil:
        def __repr__(self):
            raise RuntimeError("no")

    deep = []
    for _ in range(5000):
        deep = [deep]
    data = to_data({"evil": Evil(), "deep": deep, "big": list(range(MAX_ITEMS * 3))})
    text = json.dumps(data)
    assert len(text) < 2_000_000 and "__cut__" in text and "Evil" in text


def test_the_judge_reads_the_part_from_the_master_and_the_answer_from_the_outputs():
    source = "q.q1.check(source_types)\n### BEGIN HIDDEN TESTS\nrecord_answer('q1', source_types)\n### END HIDDEN TESTS"
    assert judge.expected_part(source) == "q1"
    forged = {"output_type": "display_data", "data": {MIME: {"part": "q2", "value": 1}}, "metadata": {}}
    mine = {"output_type": "display_data", "data": {MIME: {"part": "q1", "value": 7}}, "metadata": {}}
    assert judge.recorded_value([forged], "q1") == (False, None)
    assert judge.recorded_value([forged, mine], "q1") == (True, 7)
    mark = judge.mark_cell("a1_attributions", "print('no record')", [mine], 3)
    assert mark.points == 0 and "records no answer" in mark.message
    mark = judge.mark_cell("a1_attributions", source, [], 3)
    assert mark.points == 0 and "No answer was recorded" in mark.message
