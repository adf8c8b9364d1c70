"""Exercises are generated from the masters, and the self-checks behave as promised."""
from __future__ import annotations

import json
import re
import shutil
import subprocess
import warnings
from pathlib import Path

import nbformat
import pytest

from medialit import checks
from medialit.assignments import (
    AssignmentError,
    compare_trees,
    generate,
    list_assignments,
    nbgrader_command,
    nbgrader_env,
)
from medialit.errors import DataFileError, MedialitError

REPO = Path(__file__).resolve().parent.parent
ASSIGNMENTS = ["a1_attributions", "a2_hedges", "a3_specifics", "a4_verdict"]


def meta(cell) -> dict:
    return cell.get("metadata", {}).get("nbgrader", {})


def notebook(folder: str, name: str):
    return nbformat.read(str(REPO / folder / name / f"{name}.ipynb"), as_version=4)


# ------------------------------------------------------------- generation

def test_the_four_assignments_exist():
    assert list_assignments() == ASSIGNMENTS
    for name in ASSIGNMENTS:
        assert (REPO / "exercises" / name / f"{name}.ipynb").is_file(), f"run `make exercises` for {name}"


@pytest.mark.slow
def test_committed_exercises_match_a_fresh_generation(tmp_path):
    generate(tmp_path)
    problems = []
    for name in ASSIGNMENTS:
        problems += compare_trees(REPO / "exercises" / name, tmp_path / name)
    assert not problems, "exercises/ drifted from solutions/; run `make exercises`:\n" + "\n".join(problems)


def test_compare_ignores_volatile_metadata_but_not_content(tmp_path):
    name = "a1_attributions"
    expected = REPO / "exercises" / name
    actual = tmp_path / name
    shutil.copytree(expected, actual)
    path = actual / f"{name}.ipynb"
    nb = json.loads(path.read_text())
    nb["metadata"]["widgets"] = {"state": {}}
    nb["cells"][1]["execution_count"] = 7
    nb["cells"][1]["metadata"]["execution"] = {"iopub.status.busy": "2026-01-01T00:00:00Z"}
    path.write_text(json.dumps(nb))
    assert compare_trees(expected, actual) == []

    nb["cells"][2]["source"] = "a student's edit"
    path.write_text(json.dumps(nb))
    problems = compare_trees(expected, actual)
    assert len(problems) == 1 and "cell 2" in problems[0]

    (actual / "stray.txt").write_text("x")
    assert any("stray.txt" in p for p in compare_trees(expected, actual))


def test_generate_names_an_unknown_assignment(tmp_path):
    with pytest.raises(AssignmentError, match="a9_nothing"):
        generate(tmp_path, ["a9_nothing"])


# ------------------------------------------------------ released content

@pytest.mark.parametrize("name", ASSIGNMENTS)
def test_release_holds_no_answers_hidden_tests_or_rubric(name):
    text = (REPO / "exercises" / name / f"{name}.ipynb").read_text()
    for marker in ("BEGIN HIDDEN TESTS", "BEGIN SOLUTION", "Rubric", "Model answer", ".grade("):
        assert marker not in text, f"{marker!r} leaked into exercises/{name}"
    master = (REPO / "solutions" / name / f"{name}.ipynb").read_text()
    assert "BEGIN HIDDEN TESTS" in master and "Rubric" in master


@pytest.mark.parametrize("name", ASSIGNMENTS)
def test_points_stated_in_the_notebook_add_up(name):
    nb = notebook("solutions", name)
    auto = sum(float(meta(c)["points"]) for c in nb.cells if meta(c).get("grade") and not meta(c).get("solution"))
    manual = sum(float(meta(c)["points"]) for c in nb.cells if meta(c).get("grade") and meta(c).get("solution"))
    header = nb.cells[0].source
    stated = re.search(r"(\d+) points \((\d+) checked by the computer, (\d+) read by your teacher\)", header)
    assert stated, "the first cell must state the points"
    assert [float(x) for x in stated.groups()] == [auto + manual, auto, manual]
    total_row = re.search(r"\*\*total\*\* \| \*\*(\d+)\*\*", header)
    assert total_row and float(total_row.group(1)) == auto + manual
    # Partial credit: every assignment has several graded test cells and a written answer.
    assert sum(1 for c in nb.cells if meta(c).get("grade") and not meta(c).get("solution")) >= 3
    assert any(meta(c).get("grade") and meta(c).get("solution") and c.cell_type == "markdown" for c in nb.cells)


@pytest.mark.parametrize("name", ASSIGNMENTS)
def test_every_test_cell_has_a_visible_check_and_a_hidden_grade(name):
    nb = notebook("solutions", name)
    for cell in nb.cells:
        m = meta(cell)
        if m.get("grade") and not m.get("solution"):
            visible, _, hidden = cell.source.partition("### BEGIN HIDDEN TESTS")
            assert ".check(" in visible and ".grade(" in hidden, m["grade_id"]
            assert m.get("locked"), m["grade_id"]


# ------------------------------------------------------------- the checks

def make_problem(judge=None) -> checks.Problem:
    def default(answer):
        if answer != 42:
            raise checks.Incorrect("not the answer.")
        return "that is it."

    return checks.Problem("qx", "a test question", judge or default, "think of 6 x 7.", points=1)


def test_placeholder_is_not_attempted_and_does_not_raise(capsys):
    problem = make_problem()
    for placeholder in (..., None, "", {"a": ..., "b": ...}):
        assert problem.evaluate(placeholder).status == checks.NOT_ATTEMPTED
    problem.check(...)
    assert "Not attempted" in capsys.readouterr().out
    with pytest.raises(AssertionError, match="Not attempted"):
        problem.grade(...)


def test_wrong_answer_fails_with_a_hint_and_right_answer_passes(capsys):
    problem = make_problem()
    with pytest.raises(AssertionError, match=r"Incorrect.*not the answer.*Hint: think of 6 x 7"):
        problem.check(41)
    with pytest.raises(AssertionError):
        problem.grade(41)
    problem.check(42)
    problem.grade(42)
    assert capsys.readouterr().out.startswith("Correct - qx")


def test_an_answer_that_crashes_the_judge_is_incorrect_not_an_error():
    problem = make_problem(lambda answer: answer["missing"])
    outcome = problem.evaluate({"present": 1})
    assert outcome.status == checks.INCORRECT and "KeyError" in outcome.message


def test_warnings_and_stderr_while_checking_become_notes(capsys):
    import sys

    def noisy(answer):
        warnings.warn("deprecated thing", DeprecationWarning)
        print("to stderr", file=sys.stderr)
        return "fine."

    make_problem(noisy).grade(1)
    captured = capsys.readouterr()
    assert captured.err == ""
    assert "DeprecationWarning" in captured.out and "to stderr" in captured.out


def test_unknown_names_give_a_named_error():
    with pytest.raises(checks.ExerciseError, match="a1_attributions"):
        checks.load_checks("a9")
    q = checks.load_checks("a1_attributions")
    with pytest.raises(MedialitError, match="q1a"):
        q.q9


def test_a1_label_check_names_each_wrong_phrase():
    q = checks.load_checks("a1_attributions")
    answer = {phrase: label for phrase, (label, _) in checks.A1_PHRASES.items()}
    assert q.q1a.evaluate(answer).status == checks.CORRECT
    assert q.q1b.evaluate(answer).status == checks.CORRECT
    answer["insiders familiar with the operation"] = "Named"
    outcome = q.q1a.evaluate(answer)
    assert outcome.status == checks.INCORRECT and "3 of 4 right" in outcome.message
    assert "insiders familiar" in outcome.message
    assert q.q1b.evaluate(answer).status == checks.CORRECT  # part 1b is graded on its own


def test_a1_phrases_are_quoted_from_the_articles():
    texts = " ".join(p.read_text(encoding="utf-8").replace("\u2019", "'")
                     for p in (REPO / "data" / "articles").glob("*.txt"))
    for phrase in checks.A1_PHRASES:
        assert phrase in texts, phrase


def test_a3_dates_come_from_the_timeline():
    import pandas as pd

    timeline = pd.read_csv(REPO / "data" / "reference" / "timeline.csv", dtype=str)
    q = checks.load_checks("a3_specifics")
    for date in timeline["date"]:
        status = q.q3.evaluate(date).status
        assert status == (checks.CORRECT if "incursion" in timeline.set_index("date").loc[date, "event"]
                          else checks.INCORRECT)
    assert q.q3.evaluate("6 August 2024").status == checks.CORRECT  # any date spelling
    assert q.q3.evaluate("sometime").status == checks.INCORRECT


def test_a4_article_is_labelled_and_has_one_sentence_per_claim():
    import medialit

    article = checks.load_constructed_article()
    assert article["label"].iloc[0].startswith("CONSTRUCTED FOR TEACHING")
    assert "CONSTRUCTED" not in article["body"].iloc[0]
    claims = medialit.sentences(article["body"].iloc[0])["text"].tolist()[: len(checks.A4_CLAIMS)]
    assert len(claims) == len(checks.A4_CLAIMS) == 8
    assert {v for v, _ in checks.A4_CLAIMS.values()} == {"accept", "check"}


def test_a4_article_without_its_label_is_refused(tmp_path, monkeypatch):
    (tmp_path / "exercises").mkdir()
    (tmp_path / "exercises" / "a4_constructed_article.txt").write_text("Headline\n\nA body with no label.\n\nMore.\n")
    monkeypatch.setenv("MEDIALIT_DATA", str(tmp_path))
    with pytest.raises(DataFileError, match="CONSTRUCTED FOR TEACHING"):
        checks.load_constructed_article()
    (tmp_path / "exercises" / "a4_constructed_article.txt").unlink()
    with pytest.raises(DataFileError, match="missing"):
        checks.load_constructed_article()


def test_a2_term_must_be_a_real_miss():
    q = checks.load_checks("a2_hedges")
    assert q.q2.evaluate("reportedly").status == checks.INCORRECT  # the detector finds every one
    assert q.q2.evaluate("zzzz").status == checks.INCORRECT  # not a hedging expression
    misses = checks.missed_hedges()
    assert misses, "the detector now flags every HEDGE_VOCABULARY term: a2 part 2 needs new terms"
    for term in misses:
        assert q.q2.evaluate(term).status == checks.CORRECT, term
    for term in sorted(set(checks.HEDGE_VOCABULARY) - set(misses)):
        assert q.q2.evaluate(term).status == checks.INCORRECT, term


def test_a2_scores_follow_score_against_key():
    q = checks.load_checks("a2_hedges")
    term = checks.missed_hedges()[0]
    before, after = checks.hedge_scores(), checks.hedge_scores((term,))
    good = {"new_term": term, "before": before, "after": after}
    assert q.q3.evaluate(good).status == checks.CORRECT
    rounded = {"new_term": term, "before": {k: round(v, 2) for k, v in before.items()},
               "after": {k: round(v, 2) for k, v in after.items()}}
    assert q.q3.evaluate(rounded).status == checks.CORRECT
    swapped = dict(good, before={"precision": before["recall"] + 0.1, "recall": before["precision"]})
    assert q.q3.evaluate(swapped).status == checks.INCORRECT


# ------------------------------------------------------- nbgrader validate

@pytest.mark.slow
@pytest.mark.parametrize("name", ASSIGNMENTS)
def test_nbgrader_validate_accepts_the_finished_solution(name):
    path = REPO / "solutions" / name / f"{name}.ipynb"
    proc = subprocess.run(nbgrader_command() + ["validate", str(path)], capture_output=True, text=True,
                          env=nbgrader_env(), cwd=REPO, timeout=300)
    assert "Success! Your notebook passes all the tests." in proc.stdout + proc.stderr, proc.stdout + proc.stderr
