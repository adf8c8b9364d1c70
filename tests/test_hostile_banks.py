"""Hostile quiz banks and answer-key files (issue "Hostile input and cheating", section 4).

Every case is refused with a message that names the file and says what to write instead; none
expands aliases, overflows the stack or lets a check accept anything.
"""
from __future__ import annotations

import copy

import pytest
import yaml

from medialit import checks, files
from medialit.errors import DataFileError, QuizBankError
from medialit.quiz import load_bank
from test_quiz_bank import GOOD, write_bank

# nine levels of nine aliases: 9**9 (387 million) strings if the loader expanded them
BILLION_LAUGHS = "lol0: &a0 [lol]\n" + "".join(
    f"lol{k}: &a{k} [{', '.join([f'*a{k - 1}'] * 9)}]\n" for k in range(1, 10))


def _bank_text(extra: str = "") -> str:
    return yaml.safe_dump(GOOD, sort_keys=False) + extra


def test_billion_laughs_bank_is_refused_before_anything_is_expanded(tmp_path):
    path = write_bank(tmp_path, _bank_text("\n" + BILLION_LAUGHS))
    with pytest.raises(QuizBankError, match=r"tmp_bank\.yaml: invalid YAML near line \d+: an alias \(\*a0\)"):
        load_bank(path)


def test_one_harmless_alias_is_refused_too_with_what_to_do(tmp_path):
    data = copy.deepcopy(GOOD)
    text = yaml.safe_dump(data, sort_keys=False).replace("title: ", "title: &t ", 1) + "extra: *t\n"
    with pytest.raises(QuizBankError, match="write the value out in full"):
        load_bank(write_bank(tmp_path, text))


def test_deep_nesting_is_refused_not_a_recursion_error(tmp_path):
    deep = "questions: " + "[" * 5000 + "]" * 5000 + "\n"
    with pytest.raises(QuizBankError, match=r"nested more than \d+ levels deep"):
        load_bank(write_bank(tmp_path, "notebook: tmp_bank\ntitle: x\n" + deep))
    block = "questions:\n" + "".join("  " * k + "-\n" for k in range(1, 300)) + "  " * 300 + "- x\n"
    with pytest.raises(QuizBankError, match="nested more than"):
        load_bank(write_bank(tmp_path, "notebook: tmp_bank\ntitle: x\n" + block))


def test_the_course_banks_are_well_within_the_depth_limit():
    from medialit.quiz import load_all_banks

    assert load_all_banks()  # every committed bank still loads with the strict loader


@pytest.mark.parametrize("tolerance", [".nan", ".NaN", ".inf", "-.inf", "-0.5"])
def test_a_number_question_needs_a_finite_tolerance_of_zero_or_more(tmp_path, tolerance):
    text = _bank_text().replace("tolerance: 0.5", f"tolerance: {tolerance}")
    assert f"tolerance: {tolerance}" in text
    with pytest.raises(QuizBankError, match=r"tmp_bank\.yaml, question 'tb-number', field tolerance"):
        load_bank(write_bank(tmp_path, text))


def test_the_loader_refuses_a_nan_tolerance_even_past_the_schema(tmp_path, monkeypatch):
    # the second line of defence: a schema edited to allow anything still does not let NaN in
    from medialit.quiz import bank

    class Lenient:
        def iter_errors(self, raw):
            return iter(())

    monkeypatch.setattr(bank, "_validator", lambda: Lenient())
    text = _bank_text().replace("tolerance: 0.5", "tolerance: .nan")
    with pytest.raises(QuizBankError, match="tolerance is nan; it must be a number, zero or more"):
        load_bank(write_bank(tmp_path, text))


def test_an_answer_key_file_with_aliases_is_refused(tmp_path, monkeypatch):
    keys = tmp_path / "exercises" / "keys"
    keys.mkdir(parents=True)
    (keys / "a4_verdict.yaml").write_text("claims:\n" + "".join(
        f"  C{k}: &c{k} {{verdict: accept, why: x}}\n" for k in range(3)) + "  C9: *c0\n", encoding="utf-8")
    monkeypatch.setattr("medialit.paths.data_dir", lambda: tmp_path)
    with pytest.raises(DataFileError, match=r"a4_verdict\.yaml is not valid YAML .*alias"):
        checks._key_file("a4_verdict")


def test_load_yaml_keeps_plain_yaml_working():
    assert files.load_yaml("a: [1, 2, {b: c}]\nd: text\n") == {"a": [1, 2, {"b": "c"}], "d": "text"}
    assert files.load_yaml("") is None
