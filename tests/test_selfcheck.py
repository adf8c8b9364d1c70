"""The students' self-checks (medialit/selfcheck.py, data/exercises/forms.yaml).

They check the form of an answer, never whether it is right. Tested here:

* every part a master records for grading has a form (and no form is left over);
* each master's model answers pass their forms ("Ready to hand in") and each untouched exercise
  says "Not attempted" for every part, both run for real in a kernel;
* answers of the wrong form fail loudly (AssertionError, so the cell shows red) with a message
  that says what to fix, and a broken forms.yaml is named;
* nothing a self-check prints depends on the answer being right.
"""
from __future__ import annotations

import re
from pathlib import Path

import nbformat
import pandas as pd
import pytest
from nbclient import NotebookClient

from medialit import selfcheck
from medialit.errors import DataFileError

ROOT = Path(__file__).resolve().parent.parent
ASSIGNMENTS = ["a1_attributions", "a2_hedges", "a3_specifics", "a4_verdict"]
RECORDED = re.compile(r"record_answer\(\s*[\"'](q\w+)[\"']")
CHECKED = re.compile(r"\bq\.(q\w+)\.check\(")


def _notebook(folder: str, name: str):
    return nbformat.read(ROOT / folder / name / f"{name}.ipynb", as_version=4)


def _recorded_parts(nb) -> list[str]:
    return [m for c in nb.cells if c.cell_type == "code" for m in RECORDED.findall(c.source)]


@pytest.mark.parametrize("name", ASSIGNMENTS)
def test_every_recorded_part_has_a_form_and_every_form_a_part(name):
    recorded = _recorded_parts(_notebook("solutions", name))
    assert recorded, f"{name}: the master records no answer"
    assert len(recorded) == len(set(recorded)), f"{name}: a part is recorded twice: {recorded}"
    forms = selfcheck.forms()[name]
    assert sorted(recorded) == sorted(forms), (f"{name}: parts recorded by the master {sorted(recorded)} "
                                               f"differ from forms.yaml {sorted(forms)}")
    for qid, part in forms.items():
        assert str(part.get("title", "")).strip() and str(part.get("hint", "")).strip(), f"{name} {qid}"


def _run(nb, cwd: Path):
    client = NotebookClient(nb, timeout=120, kernel_name="python3", allow_errors=False,
                            resources={"metadata": {"path": str(cwd)}})
    client.execute()
    return nb


def _check_outputs(nb) -> dict[str, str]:
    """qid -> the text the self-check printed, for every cell that calls q.<qid>.check(...)."""
    found = {}
    for cell in nb.cells:
        if cell.cell_type != "code":
            continue
        for qid in CHECKED.findall(cell.source):
            found[qid] = "".join(o.get("text", "") for o in cell.outputs if o.get("output_type") == "stream")
    return found


@pytest.mark.parametrize("name", ASSIGNMENTS)
def test_model_answers_have_the_expected_form(name):
    nb = _run(_notebook("solutions", name), ROOT / "solutions" / name)
    printed = _check_outputs(nb)
    assert sorted(printed) == sorted(selfcheck.forms()[name]), f"{name}: not every part has a self-check cell"
    for qid, text in printed.items():
        assert f"Ready to hand in - {qid} " in text, f"{name} {qid}: the model answer's self-check said {text!r}"
        assert "right" not in text.lower().replace("whether it is right", ""), text


@pytest.mark.parametrize("name", ASSIGNMENTS)
def test_an_untouched_exercise_is_not_attempted_everywhere(name):
    nb = _run(_notebook("exercises", name), ROOT / "exercises" / name)
    printed = _check_outputs(nb)
    assert sorted(printed) == sorted(selfcheck.forms()[name])
    for qid, text in printed.items():
        assert f"Not attempted - {qid} " in text, f"{name} {qid}: {text!r}"


# --------------------------------------------------------------------------- wrong forms

def test_a_wrong_form_fails_loudly_and_says_what_to_fix(capsys):
    q = selfcheck.load_checks("a1_attributions")
    keys = selfcheck.forms()["a1_attributions"]["q1"]["form"]["keys"]
    good = {k: "vague" for k in keys}
    q.q1.check(good)  # every label from the rule book: the form is right (right or wrong is not said)
    assert "Ready to hand in" in capsys.readouterr().out
    cases = {
        "a list, not a dict": (["vague"] * len(keys), "expected a dict"),
        "a misspelt label": ({**good, keys[0]: "anonymus"}, "'anonymus' is not one of named, anonymous, vague, none, na"),
        "a key dropped": ({k: "vague" for k in keys[1:]}, f"the key {keys[0]!r} is missing"),
        "an item left as ...": ({**good, keys[1]: ...}, "is still ..."),
    }
    for what, (answer, message) in cases.items():
        with pytest.raises(AssertionError) as info:
            q.q1.check(answer)
        text = str(info.value)
        assert text.startswith("Not in the expected form - q1"), what
        assert message in text, (what, text)
        assert "Hint:" in text, what


def test_a_table_answer_needs_its_columns():
    form = {"type": "table", "columns": ["sentence", "source_type"]}
    assert selfcheck.form_problems(pd.DataFrame({"sentence": ["x"]}), form) == ["the table has no column 'source_type'"]
    assert selfcheck.form_problems("a table", form) == ["expected a table (a pandas DataFrame), not str"]
    assert selfcheck.form_problems(pd.DataFrame({"sentence": [], "source_type": []}), form) == []


def test_a_quoted_sentence_must_be_copied_and_hold_its_word():
    form = {"type": "mapping", "keys": ["term", "sentence"], "values": "text", "quoted_from": "any"}
    ok = {"term": "reportedly", "sentence": "Their efforts, described as 'relentless and methodical,' reportedly "
                                            "involved the use of advanced technology acquired through covert channels."}
    assert selfcheck.form_problems(ok, form) == []
    made_up = {**ok, "sentence": "Reportedly, everything happened."}
    assert any("not copied exactly" in p for p in selfcheck.form_problems(made_up, form))
    wrong_word = {**ok, "term": "allegedly"}
    assert any("does not occur in the sentence" in p for p in selfcheck.form_problems(wrong_word, form))


def test_the_same_message_for_a_right_and_a_wrong_answer_of_the_same_form(capsys):
    """The self-check must not leak the key: two answers of one form print the same words."""
    q = selfcheck.load_checks("a1_attributions")
    keys = selfcheck.forms()["a1_attributions"]["q1"]["form"]["keys"]
    outputs = set()
    for label in ("named", "anonymous", "vague", "none", "na"):
        q.q1.check({k: label for k in keys})
        outputs.add(capsys.readouterr().out)
    assert len(outputs) == 1, outputs


def test_an_unknown_assignment_or_part_is_named():
    with pytest.raises(selfcheck.ExerciseError, match="the assignments are: a1_attributions"):
        selfcheck.load_checks("a9_nothing")
    with pytest.raises(selfcheck.ExerciseError, match="has no question 'q9'"):
        selfcheck.load_checks("a1_attributions").q9


@pytest.mark.parametrize("content, message", [
    ("a1_attributions: [", "is not valid"),
    ("- just\n- a list\n", "should map each assignment"),
])
def test_a_broken_forms_file_is_named(tmp_path, monkeypatch, content, message):
    (tmp_path / "exercises").mkdir()
    (tmp_path / "exercises" / "forms.yaml").write_text(content, encoding="utf-8")
    monkeypatch.setenv("MEDIALIT_DATA", str(tmp_path))
    selfcheck.forms.cache_clear()
    try:
        with pytest.raises(DataFileError, match=message):
            selfcheck.forms()
    finally:
        monkeypatch.delenv("MEDIALIT_DATA")
        selfcheck.forms.cache_clear()


def test_a_missing_forms_file_says_how_to_restore_it(tmp_path, monkeypatch):
    monkeypatch.setenv("MEDIALIT_DATA", str(tmp_path))
    selfcheck.forms.cache_clear()
    try:
        with pytest.raises(DataFileError, match="is missing; restore it"):
            selfcheck.forms()
    finally:
        monkeypatch.delenv("MEDIALIT_DATA")
        selfcheck.forms.cache_clear()


def test_an_unknown_form_type_is_a_data_error():
    with pytest.raises(DataFileError, match="unknown form type 'essay'"):
        selfcheck.form_problems("text", {"type": "essay"})
