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
            # the visible line checks the form; the hidden one only records the same answer as data
            seen = re.search(r"q\.(\w+)\.check\((\w+)\)", visible)
            recorded = re.search(r"record_answer\(\"(\w+)\", (\w+)\)", hidden)
            assert seen and recorded and seen.groups() == recorded.groups(), m["grade_id"]
            assert ".grade(" not in cell.source, f"{m['grade_id']}: a kernel must not decide the mark"
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
    with pytest.raises(MedialitError, match="q2a"):
        q.q9


def test_every_check_is_worth_what_its_test_cell_says():
    for name in ASSIGNMENTS:
        q = checks.load_checks(name)
        for cell in notebook("solutions", name).cells:
            m = meta(cell)
            if m.get("grade") and not m.get("solution"):
                qid = re.search(r"record_answer\(\"(\w+)\"", cell.source).group(1)
                assert float(getattr(q, qid).points) == float(m["points"]), (name, qid)


# ---------------------------------------------------------------- a1 keys

def a1_right_answer() -> dict:
    return {phrase: label for phrase, (label, _) in checks.a1_phrases().items()}


def test_a1_key_agrees_with_the_expert_key():
    assert checks.a1_key_disagreements() == []


def test_a1_key_disagreement_is_caught(monkeypatch):
    entries = checks._a1_entries()
    wrong = [dict(e, label="anonymous") if e["phrase"].startswith("insiders") else e for e in entries]
    monkeypatch.setattr(checks, "_a1_entries", lambda: wrong)
    problems = checks.a1_key_disagreements()
    assert len(problems) == 1 and "insiders familiar" in problems[0] and "vague" in problems[0]
    with pytest.raises(checks.ExerciseError, match="disagrees with the expert key"):
        checks.load_checks("a1_attributions").q1.grade(a1_right_answer())


def test_a1_phrases_are_quoted_from_the_articles_they_cite():
    import medialit

    bodies = medialit.load_corpus().set_index("article_id")["body"].map(checks._plain_quotes)
    for entry in checks._a1_entries():
        assert entry["phrase"] in bodies[entry["article"]], entry["phrase"]


def test_a1_master_asks_for_and_answers_with_the_key():
    master = notebook("solutions", "a1_attributions")
    cell = next(c for c in master.cells if meta(c).get("grade_id") == "a1_q1_answer")
    starter, solution = {}, {}
    exec(cell.source.split("### BEGIN SOLUTION")[0], starter)
    exec(cell.source.split("### BEGIN SOLUTION")[1].split("### END SOLUTION")[0], solution)
    assert list(starter["source_types"]) == list(checks.a1_phrases())
    assert solution["source_types"] == a1_right_answer()


def test_a1_part_1_gives_half_a_point_per_phrase(capsys):
    q = checks.load_checks("a1_attributions")
    answer = a1_right_answer()
    assert q.q1.grade(answer) == 3.0
    answer["insiders familiar with the operation"] = "anonymous"
    assert q.q1.grade(answer) == 2.5
    q.q1.check(answer)  # a partly right answer is reported, not raised: raising would score 0
    out = capsys.readouterr().out
    assert "5 of 6 right" in out and "insiders familiar" in out
    assert "'anonymous'" not in out.split("Look again at:")[1].split("Hint:")[0]  # the remark names no label
    all_named = {phrase: "named" for phrase in answer}
    named = sum(label == "named" for label in a1_right_answer().values())
    assert q.q1.grade(all_named) == 3.0 * named / len(answer)
    assert q.q1.grade({phrase: ... for phrase in answer}) == 0.0
    assert q.q1.grade("named") == 0.0


# ---------------------------------------------------------------- a2 keys

def test_a2_accepts_exactly_the_places_where_tool_and_key_disagree():
    import medialit

    q = checks.load_checks("a2_hedges")
    wrong = checks.hedge_disagreements()
    assert wrong, "the detector now agrees with the key on every hedge: a2 part 2 has no answer and needs a new design"
    key = medialit.load_expert_key()
    for article_id, word, sentence, flagged in wrong:
        row = key[(key["article_id"] == article_id) & (key["text"] == sentence)].iloc[0]
        cues = [c.strip().lower() for c in str(row["hedge_cues"]).split("|")]
        assert (word in cues) != flagged, (word, sentence)  # a false alarm is not a key cue; a miss is one
        assert q.q2.evaluate({"term": word, "sentence": sentence}).status == checks.CORRECT, (word, sentence)
    accepted = {(w, s) for _, w, s, _ in wrong}
    table = checks.hedge_places()
    assert set(table["tool_flags_it"]) == {"yes", "no"}
    assert len(table) <= 200, "a2's setup shows at most 200 rows (display.max_rows); raise it"
    assert list(checks.hedge_places("002")["article_id"].unique()) == ["002"]
    checked = 0
    for word, sentence in zip(table["word"].str.lower(), table["sentence"]):
        if (word, sentence) in accepted:
            continue
        assert q.q2.evaluate({"term": word, "sentence": sentence}).status == checks.INCORRECT, (word, sentence)
        checked += 1
    assert checked > len(wrong)


def test_a2_refuses_the_month_a_size_a_topic_and_a_missing_quote():
    q = checks.load_checks("a2_hedges")
    cases = {
        "may": "In May 2025, that mechanism issued its first major report",
        "nearly": "cleared mines across nearly 42,400 hectares",
        "about": "This raises questions about the scale and nature",
    }
    for term, sentence in cases.items():
        outcome = q.q2.evaluate({"term": term, "sentence": sentence})
        assert outcome.status == checks.INCORRECT and "looks right" in outcome.message, term
    _, term, sentence, _ = checks.hedge_disagreements()[0]
    assert q.q2.evaluate({"term": term, "sentence": "words that are in no article at all"}).status == checks.INCORRECT
    assert q.q2.evaluate({"term": "zzzz", "sentence": sentence}).status == checks.INCORRECT  # not in the quote
    assert q.q2.evaluate({"term": ..., "sentence": ...}).status == checks.NOT_ATTEMPTED


def test_a2_effect_follows_score_against_key():
    q = checks.load_checks("a2_hedges")
    for term in ("about", "largely"):
        before, after = checks.hedge_scores(), checks.hedge_scores((term,))
        right = {m: checks._direction(before[m], after[m]) for m in ("precision", "recall")}
        assert q.q3.grade(dict(right, new_term=term)) == 2.0
        flipped = {"up": "down", "down": "up", "same": "up"}
        assert q.q3.grade(dict(right, new_term=term, recall=flipped[right["recall"]])) == 1.0
        assert q.q3.grade({"new_term": term, "precision": "higher", "recall": "lower"}) == 0.0
    example = checks.WORKED_EXAMPLE_TERM
    assert q.q3.evaluate({"new_term": example, "precision": "up", "recall": "up"}).status == checks.INCORRECT
    table = checks.compare_hedge_scores("about")
    assert list(table.index) == ["precision", "recall"] and table.shape == (2, 2)
    master = (REPO / "solutions" / "a2_hedges" / "a2_hedges.ipynb").read_text()
    assert f'compare_hedge_scores(\\"{example}\\")' in master  # the worked example the check refuses
    # The words the notebook suggests trying are in the part 2 table, unflagged.
    suggested = re.search(r'\(for example \\"(\w+)\\", \\"(\w+)\\" or \\"(\w+)\\"\)', master).groups()
    table = checks.hedge_places()
    unflagged = set(table.loc[table["tool_flags_it"] == "no", "word"].str.lower())
    assert set(suggested) <= unflagged, suggested


def test_a2_model_answer_quotes_hedges_the_key_lists():
    import medialit

    key = medialit.load_expert_key()
    master = notebook("solutions", "a2_hedges")
    text = checks._plain_quotes(next(c for c in master.cells if meta(c).get("grade_id") == "a2_q4_written").source)
    part_004 = text.split("1. In 004:")[1].split("2. In 002:")[0]
    part_002 = text.split("2. In 002:")[1].split("**Rubric")[0]
    for article_id, part in (("004", part_004), ("002", part_002)):
        quotes = re.findall(r'(?:In 00\d|Also good): "([^"]+)"', "In " + article_id + ":" + part)
        assert len(quotes) >= 2, (article_id, quotes)
        rows = key[key["article_id"] == article_id]
        plain = rows["text"].map(checks._plain_quotes)
        for quote in quotes:
            hit = rows[plain.str.contains(quote, regex=False)]
            assert len(hit) >= 1, (article_id, quote)
            assert hit["hedge"].all(), (article_id, quote, "the key does not call this sentence hedged")
    assert "name who makes them" not in text  # 004 never names the monitoring team


# ---------------------------------------------------------------- a3 and a4 keys

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


def test_a3_first_acknowledgment_is_judged_against_the_record():
    q = checks.load_checks("a3_specifics")
    first = checks._record_date("credits north korean troops", "first time")
    sent = checks._message_sent_date()
    assert sent.startswith("2025-12")
    holds = first >= sent
    assert q.q4.evaluate({"record_date": first, "claim_holds": holds}).status == checks.CORRECT
    assert q.q4.evaluate({"record_date": first, "claim_holds": not holds}).status == checks.INCORRECT


def test_a4_article_is_labelled_and_has_one_sentence_per_claim():
    import medialit

    article = checks.load_constructed_article()
    assert article["label"].iloc[0].startswith("CONSTRUCTED FOR TEACHING")
    assert "CONSTRUCTED" not in article["body"].iloc[0]
    claims = checks.a4_claims()
    sentences = medialit.sentences(article["body"].iloc[0])["text"].tolist()
    assert list(claims) == [f"C{n}" for n in range(1, 9)] and len(sentences) == len(claims) + 1
    assert {v for v, _ in claims.values()} == {"accept", "check"}


def test_a4_accepted_claims_are_backed_by_the_rows_the_key_cites():
    import medialit
    import pandas as pd

    timeline = pd.read_csv(REPO / "data" / "reference" / "timeline.csv", dtype=str).set_index("date")
    body = checks.load_constructed_article()["body"].iloc[0]
    sentences = medialit.sentences(body)["text"].tolist()
    records = checks.a4_claim_records()
    months = "January February March April May June July August September October November December".split()
    for n, (cid, (verdict, _)) in enumerate(checks.a4_claims().items()):
        cited = records[cid]
        if verdict == "check":
            assert not cited, f"{cid} is to be checked but cites the record"
            continue
        assert cited, f"{cid} is accepted but cites no timeline row"
        assert all(d in timeline.index for d in cited), cited
        backing = " ".join(timeline.loc[d, "event"] for d in cited)
        sentence = sentences[n]
        for day, month in re.findall(r"\b(\d{1,2}) (" + "|".join(months) + r")\b", sentence):
            iso = f"-{months.index(month) + 1:02d}-{int(day):02d}"
            assert any(d.endswith(iso) for d in cited) or f"{day} {month}" in backing, (cid, day, month)
        for quote in re.findall(r'"([^"]+)"', sentence):
            assert quote in backing.replace("'", '"') or quote in backing, (cid, quote)
        for number in re.findall(r"\d[\d,]*\d", sentence):
            if len(number) < 4:
                continue
            if not re.fullmatch(r"20\d\d", number):
                assert number in backing, (cid, number)


def test_a4_verdicts_give_half_a_point_per_claim():
    q = checks.load_checks("a4_verdict")
    right = {cid: verdict for cid, (verdict, _) in checks.a4_claims().items()}
    assert q.q2a.grade(right) == 2.0 and q.q2b.grade(right) == 2.0
    flipped = dict(right, C1={"accept": "check", "check": "accept"}[right["C1"]])
    assert q.q2a.grade(flipped) == 1.5 and q.q2b.grade(flipped) == 2.0


def test_a4_article_without_its_label_is_refused(tmp_path, monkeypatch):
    (tmp_path / "exercises").mkdir()
    (tmp_path / "exercises" / "a4_constructed_article.txt").write_text("Headline\n\nA body with no label.\n\nMore.\n")
    monkeypatch.setenv("MEDIALIT_DATA", str(tmp_path))
    with pytest.raises(DataFileError, match="CONSTRUCTED FOR TEACHING"):
        checks.load_constructed_article()
    (tmp_path / "exercises" / "a4_constructed_article.txt").unlink()
    with pytest.raises(DataFileError, match="missing"):
        checks.load_constructed_article()


def test_a_missing_answer_key_file_is_named(tmp_path, monkeypatch):
    monkeypatch.setenv("MEDIALIT_DATA", str(tmp_path))
    with pytest.raises(DataFileError, match="a4_verdict.yaml is missing"):
        checks.a4_claims()


# ------------------------------------------------------- nbgrader validate

@pytest.mark.slow
@pytest.mark.parametrize("name", ASSIGNMENTS)
def test_nbgrader_validate_accepts_the_finished_solution(name):
    path = REPO / "solutions" / name / f"{name}.ipynb"
    proc = subprocess.run(nbgrader_command() + ["validate", str(path)], capture_output=True, text=True,
                          env=nbgrader_env(), cwd=REPO, timeout=300)
    assert "Success! Your notebook passes all the tests." in proc.stdout + proc.stderr, proc.stdout + proc.stderr


# ------------------------------------------- what the guide and the model answers state

def test_instructors_guide_states_the_answers_the_checks_accept():
    import pandas as pd

    guide = (REPO / "INSTRUCTORS.md").read_text(encoding="utf-8")
    row = next(line for line in guide.splitlines() if line.startswith("| 2 | auto | 2 | `tool_error`"))
    named = set(re.findall(r'"(\w+)" in 00\d|"(\w+)" / "(\w+)" in 00\d', row))
    named = {w for group in named for w in group if w}
    assert named == {word for _, word, _, _ in checks.hedge_disagreements()}, named
    a3 = {line.split("|")[1].strip(): line for line in guide.splitlines() if line.startswith("| 3 | auto | 2 | `incursion")
          or line.startswith("| 4 | auto | 2 | the date of the first")}
    for part, words in (("3", ("incursion", "kursk")), ("4", ("credits north korean troops", "first time"))):
        stated = re.search(r"\((\d{1,2} \w+ \d{4})\)", a3[part]).group(1)
        assert pd.Timestamp(stated).strftime("%Y-%m-%d") == checks._record_date(*words), (part, stated)
    assert "Article 004 names its outlet" not in guide


def written_answer(name: str, grade_id: str) -> str:
    """The model answer and rubric of a written part, with straight quotes and spaces collapsed."""
    return checks._plain_quotes(next(c for c in notebook("solutions", name).cells
                                     if meta(c).get("grade_id") == grade_id).source)


def key_row(key, article_id: str, number: int):
    """The expert-key row of a sentence as students number it (from 1; the CSV counts from 0)."""
    rows = key[(key["article_id"] == article_id) & (key["sentence_index"] == number - 1)]
    assert len(rows) == 1, (article_id, number)
    return rows.iloc[0]


def test_a1_model_answer_names_the_source_types_the_key_gives():
    import medialit

    key = medialit.load_expert_key()
    text = written_answer("a1_attributions", "a1_q3_written")
    answer = text.split("**Rubric")[0]
    # (words the model answer quotes, the sentence number it gives, the label it gives them)
    claims = [("'The world has turned its back on us,' Putin reportedly stated", 9, "vague"),
              ("in the summer of 2023", 5, "vague"),
              ("unverified but widely circulated reports among Russian military circles", 6, "vague"),
              ("The statement, sourced from a closed-door meeting between high-level Russian and "
               "North Korean officials", 2, "none")]
    rows = key[key["article_id"] == "001"]
    plain = rows["text"].map(checks._plain_quotes)
    for quote, number, label in claims:
        assert quote in answer, quote
        hit = rows[plain.str.contains(quote, regex=False)]
        assert len(hit) == 1 and hit["source_type"].iloc[0] == label, (quote, hit[["sentence_index", "source_type"]])
        assert int(hit["sentence_index"].iloc[0]) + 1 == number, (quote, "students count sentences from 1")
    # Every "001, sentence N, label" the answer states is the key's label for that sentence.
    stated = re.findall(r"001, sentence (\d+), (named|anonymous|vague|none|na)\b", answer)
    assert sorted((int(n), lab) for n, lab in stated) == sorted((n, lab) for _, n, lab in claims)
    for number, label in stated:
        assert key_row(key, "001", int(number))["source_type"] == label, (number, label)
    assert "so the source is vague" in answer
    assert "do not carry these words" not in text


def test_a1_rubric_lists_the_expert_keys_labels_for_001():
    import medialit

    key = medialit.load_expert_key()
    rubric = written_answer("a1_attributions", "a1_q3_written").split("**Rubric")[1]
    listed = {}
    for label, numbers in re.findall(r"^- (named|anonymous|vague|none|na): ([\d, ]+)$",
                                     next(c for c in notebook("solutions", "a1_attributions").cells
                                          if meta(c).get("grade_id") == "a1_q3_written").source, re.M):
        listed[label] = sorted(int(n) for n in numbers.split(","))
    assert set(listed) == set(checks.SOURCE_TYPES), "the rubric must list all five labels of the rule book"
    rows = key[key["article_id"] == "001"]
    expected = {label: sorted(int(i) + 1 for i in rows.loc[rows["source_type"] == label, "sentence_index"])
                for label in checks.SOURCE_TYPES}
    assert listed == expected
    # The na sentences the rubric names, and the quotation it discusses, are the key's.
    na = re.search(r"labels na \(([\d, ]+):", rubric).group(1)
    assert sorted(int(n) for n in na.split(",")) == expected["na"]
    assert "unbreakable friendship and combat brotherhood" in key_row(key, "001", 4)["text"]
    assert key_row(key, "001", 4)["source_type"] == "named"
    # Part 3 asks for the rule book's words, not only three of them.
    prompt = next(c for c in notebook("solutions", "a1_attributions").cells
                  if meta(c).get("grade_id") == "a1-text-05").source
    for label in ("named", "anonymous", "vague", "none", "na"):
        assert f"*{label}*" in prompt, label


def test_a1_part_1_accepts_every_rule_book_label_and_refuses_others(capsys):
    q = checks.load_checks("a1_attributions")
    right = a1_right_answer()
    phrase = "insiders familiar with the operation"
    for label in checks.SOURCE_TYPES:
        answer = dict(right, **{phrase: label})
        assert q.q1.grade(answer) == (3.0 if label == right[phrase] else 2.5), label
        if label != right[phrase]:
            q.q1.check(answer)
            assert "not one of the labels" not in capsys.readouterr().out, label
    q.q1.check(dict(right, **{phrase: "unnamed"}))
    out = capsys.readouterr().out
    assert "5 of 6 right" in out and "'unnamed' is not one of the labels" in out
    assert all(label in out for label in checks.SOURCE_TYPES)
    assert set(right.values()) <= set(checks.SOURCE_TYPES)


def test_a1_key_label_outside_the_rule_book_is_refused(monkeypatch):
    entries = [dict(e) for e in checks._key_file("a1_attributions")["phrases"]]
    entries[0]["label"] = "unnamed"
    monkeypatch.setattr(checks, "_key_file", lambda name: {"phrases": entries})
    with pytest.raises(DataFileError, match="not a source type of the rule book"):
        checks._a1_entries()


def test_a2_honest_hedge_is_a_key_hedge_with_nothing_hidden():
    import medialit

    key = medialit.load_expert_key()
    text = written_answer("a2_hedges", "a2_q4_written")
    part_004 = text.split("1. In 004:")[1].split("2. In 002:")[0]
    quote = re.match(r'\s*"([^"]+)"', part_004).group(1)
    number = int(re.search(r"\(004, sentence (\d+), counting from 1\.\)", part_004).group(1))
    row = key_row(key, "004", number)
    assert checks._plain_quotes(row["text"]) == quote, "quote the whole sentence exactly"
    cues = [c.strip() for c in row["hedge_cues"].split("|")]
    assert row["hedge"] and {"likely", "may"} <= set(cues), cues
    assert row["source_type"] == "na" and "source type na" in part_004  # a prediction: no source is missing
    bodies = medialit.load_corpus().set_index("article_id")["body"].map(checks._plain_quotes)
    assert quote in bodies["004"]
    rubric = text.split("**Rubric")[1]
    assert "why this hedge is honest" in rubric and "no missing source" in rubric
    # The other 004 example the rubric accepts is the key row it names.
    assert key_row(key, "004", 56)["hedge"] and "allegations" in key_row(key, "004", 56)["text"]
    assert key_row(key, "004", 56)["source_type"] == "named"


def a4_key_entries() -> dict:
    return checks._key_file("a4_verdict")["claims"]


def test_a4_claims_to_check_quote_their_weakness_and_the_record_lacks_it():
    import medialit
    import pandas as pd

    timeline = pd.read_csv(REPO / "data" / "reference" / "timeline.csv", dtype=str)
    record = " ".join(timeline["event"]).lower()
    notes = (REPO / "data" / "reference" / "notes.md").read_text(encoding="utf-8").lower()
    body = checks.load_constructed_article()["body"].iloc[0]
    sentences = medialit.sentences(body)["text"].tolist()
    entries = a4_key_entries()
    for n, (cid, (verdict, _)) in enumerate(checks.a4_claims().items()):
        entry, sentence = entries[cid], sentences[n]
        if verdict == "accept":
            assert "source_type" not in entry and "unrecorded" not in entry, cid
            continue
        assert entry.get("source_type") in ("anonymous", "vague", "none"), cid
        source = entry.get("source") or ""
        assert (source == "") == (entry["source_type"] == "none"), cid
        assert source in sentence, (cid, source)
        unrecorded = entry.get("unrecorded") or []
        assert unrecorded, f"{cid}: name the details the record does not hold"
        for detail in unrecorded:
            assert detail in sentence, (cid, detail)
            assert detail.lower() not in record, (cid, detail, "a timeline row holds it: is the verdict right?")
            assert detail.lower() not in notes, (cid, detail)


def test_a4_written_answer_follows_the_key():
    text = written_answer("a4_verdict", "a4_q3_written")
    accept = text.split("**Can accept.**")[1].split("**Needs checking.**")[0]
    check = text.split("**Needs checking.**")[1].split("**Evidence")[0]
    for cid, (verdict, _) in checks.a4_claims().items():
        assert (f"{cid} " in accept or f"{cid}:" in accept) == (verdict == "accept"), cid
        assert (f"{cid}:" in check) == (verdict == "check"), cid
    for cid, dates in checks.a4_claim_records().items():
        for date in dates:
            assert date in accept, (cid, date)


OVERSTATEMENTS = ("does not exist", "doesn't exist", "no such", "never happened", "is fake", "are fake",
                  "invented-looking", "is false", "are false")


def test_model_answers_keys_and_readme_claim_no_more_than_the_record_shows():
    texts = {}
    for name in ASSIGNMENTS:
        for cell in notebook("solutions", name).cells:
            if "### BEGIN SOLUTION" in cell.source:
                solution = cell.source.split("### BEGIN SOLUTION")[1].split("### END SOLUTION")[0]
                # Rubrics quote overstatements as what loses marks; model answers and comments must not make them.
                texts[f"{name}:{meta(cell).get('grade_id')}"] = solution.split("**Rubric")[0]
    for path in [REPO / "data" / "exercises" / "README.md", *sorted((REPO / "data" / "exercises" / "keys").glob("*.yaml"))]:
        texts[str(path.relative_to(REPO))] = path.read_text(encoding="utf-8")
    for where, text in texts.items():
        low = checks._plain_quotes(text).lower()
        for phrase in OVERSTATEMENTS:
            assert phrase not in low, (where, phrase)


@pytest.mark.parametrize("name,grade_id", [("a1_attributions", "a1_q3_written"), ("a3_specifics", "a3_q5_written"),
                                           ("a4_verdict", "a4_q3_written")])
def test_written_rubrics_reward_claim_by_claim_judgement(name, grade_id):
    rubric = written_answer(name, grade_id).split("**Rubric")[1]
    low = rubric.lower()
    assert "machine" in low or "ai wrote it" in low or "a bot wrote this" in low  # style is not evidence
    assert "score" in low  # one score for the whole article earns nothing
    assert "translation" in low and "not proof" in low  # other wording is not proof of invention
    assert "claim by claim" in low or "judge each detail on its own" in low or "judging a claim" in low


def test_a3_claim_holds_typed_in_quotes_is_read_as_what_it_says():
    from medialit.checks import _a3_q4, _record_date

    date = _record_date("credits north korean troops", "first time")
    for said in (False, "False", " false ", "no"):
        assert "credited the troops" in _a3_q4({"record_date": date, "claim_holds": said}), said
    for said in (True, "True", "yes"):
        with pytest.raises(checks.Incorrect):
            _a3_q4({"record_date": date, "claim_holds": said})
