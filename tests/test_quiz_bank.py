"""Bank loading and validation: every malformed bank fails with a QuizBankError naming file and id."""
import copy
import json
import re
from pathlib import Path

import pytest
import yaml

import medialit
from medialit import QuizBankError
from medialit.quiz import bank as bank_module
from medialit.quiz import load_all_banks, load_bank
from medialit.quiz.model import PROFILE_COLUMNS
from medialit.text import normalize

REPO = Path(__file__).resolve().parent.parent
QUIZ_DIR = REPO / "data" / "quizzes"
LESSON_TOPICS = {"attributions", "hedges", "specifics", "comparison", "record"}

GOOD = {
    "notebook": "tmp_bank",
    "title": "A test bank",
    "questions": [
        {
            "id": "tb-single", "type": "single", "topic": "attributions",
            "prompt": "Who is named?", "choices": ["the governor", "some analysts"], "answer": "the governor",
            "explanation": "The governor is one person.",
            # straight apostrophe here, curly one in the article: must still match
            "evidence": [{"article": "004", "quote": "A public statement attributed to the Kursk region's governor"}],
        },
        {
            "id": "tb-spot", "type": "spot", "topic": "hedges", "target": "hedges", "article": "000",
            "sentence": "This technical expertise, combined with the combat prowess of North Korean units, "
                        "has reportedly bolstered Russian defenses in a sector that had previously been "
                        "vulnerable to Ukrainian offensives.",
            "answer": ["reportedly"], "explanation": "Reportedly distances the writer.",
            "evidence": [{"article": "000", "quote": "has reportedly bolstered Russian defenses"}],
        },
        {
            "id": "tb-number", "type": "number", "topic": "hedges", "prompt": "How many?",
            "answer": {"compute": "profile", "article": "002", "column": "hedges_per_100_words"},
            "tolerance": 0.5, "explanation": "Computed.",
            "evidence": [{"article": "002", "quote": "reportedly includes"}],
        },
    ],
}


def write_bank(folder: Path, data, name="tmp_bank") -> Path:
    path = folder / f"{name}.yaml"
    text = data if isinstance(data, str) else yaml.safe_dump(data, allow_unicode=True, sort_keys=False)
    path.write_text(text, encoding="utf-8")
    return path


def broken(mutate):
    data = copy.deepcopy(GOOD)
    mutate(data)
    return data


def q(data, qid):
    return next(x for x in data["questions"] if x["id"] == qid)


def test_good_bank_loads(tmp_path):
    bank = load_bank(write_bank(tmp_path, GOOD))
    assert [x.id for x in bank.questions] == ["tb-single", "tb-spot", "tb-number"]
    assert bank.select(["tb-spot"])[0].type == "spot"
    assert bank.questions[1].prompt  # spot questions get a default prompt


CASES = {
    "missing answer": (lambda d: q(d, "tb-single").pop("answer"), "tb-single", "answer"),
    "unknown type": (lambda d: q(d, "tb-single").update(type="essay"), "tb-single", "essay"),
    "unknown field": (lambda d: q(d, "tb-single").update(hint="typo"), "tb-single", "hint"),
    "answer not a choice": (lambda d: q(d, "tb-single").update(answer="the mayor"), "tb-single", "not among the choices"),
    "spot word not in sentence": (lambda d: q(d, "tb-spot").update(answer=["allegedly"]), "tb-spot", "allegedly"),
    "quote not in article": (lambda d: q(d, "tb-single")["evidence"][0].update(quote="The governor denied everything"),
                             "tb-single", "not in article 004"),
    "sentence in the wrong article": (lambda d: q(d, "tb-spot").update(article="001"), "tb-spot", "not in article 001"),
    "unknown article": (lambda d: q(d, "tb-single")["evidence"][0].update(article="009"), "tb-single", "009"),
    "article id written as a number": (lambda d: q(d, "tb-spot").update(article=0), "tb-spot", "quotes"),
    "unknown profile column": (lambda d: q(d, "tb-number")["answer"].update(column="vibes"), "tb-number", "vibes"),
    "duplicate id in one file": (lambda d: q(d, "tb-spot").update(id="tb-single"), "tb-single", "used twice"),
    "no evidence": (lambda d: q(d, "tb-spot").update(evidence=[]), "tb-spot", "evidence"),
    "key fact quote not in article": (lambda d: q(d, "tb-single").update(key_facts=[
        {"article": "004", "quote": "the governor resigned", "column": "source_type", "value": "named"}]),
        "tb-single", "not in article 004"),
    "key fact with an unknown column": (lambda d: q(d, "tb-single").update(key_facts=[
        {"article": "004", "quote": "governor", "column": "credibility", "value": "high"}]),
        "tb-single", "credibility"),
    "empty wrong_try": (lambda d: q(d, "tb-single").update(wrong_try=""), "tb-single", "wrong_try"),
}


@pytest.mark.parametrize("case", sorted(CASES))
def test_malformed_bank_names_file_and_question(tmp_path, case):
    mutate, qid, words = CASES[case]
    path = write_bank(tmp_path, broken(mutate))
    with pytest.raises(QuizBankError) as info:
        load_bank(path)
    message = str(info.value)
    assert path.name in message
    assert qid in message
    assert words in message


def test_invalid_yaml_names_file_and_line(tmp_path):
    path = write_bank(tmp_path, "notebook: tmp_bank\ntitle: x\nquestions:\n  - id: a\n   type: [single\n")
    with pytest.raises(QuizBankError, match=r"tmp_bank\.yaml: invalid YAML near line \d+"):
        load_bank(path)


def test_empty_and_wrongly_shaped_files(tmp_path):
    with pytest.raises(QuizBankError, match="empty file"):
        load_bank(write_bank(tmp_path, ""))
    with pytest.raises(QuizBankError, match="list"):
        load_bank(write_bank(tmp_path, "- just\n- a list\n"))


def test_notebook_field_must_match_file_name(tmp_path):
    with pytest.raises(QuizBankError, match="other_name"):
        load_bank(write_bank(tmp_path, GOOD, name="other_name"))


def test_unreadable_and_missing_files(tmp_path):
    folder_in_the_way = tmp_path / "folder.yaml"
    folder_in_the_way.mkdir()
    with pytest.raises(QuizBankError, match="cannot read"):
        load_bank(folder_in_the_way)
    bad_bytes = tmp_path / "latin.yaml"
    bad_bytes.write_bytes(b"notebook: latin\ntitle: caf\xe9\n")
    with pytest.raises(QuizBankError, match="latin.yaml"):
        load_bank(bad_bytes)
    with pytest.raises(QuizBankError, match="not found"):
        load_bank(tmp_path / "nowhere.yaml")
    with pytest.raises(QuizBankError, match="no_such_notebook"):
        load_bank("no_such_notebook")


def test_duplicate_id_across_banks(tmp_path):
    write_bank(tmp_path, GOOD)
    other = copy.deepcopy(GOOD)
    other["notebook"] = "zz_other"
    other["questions"] = other["questions"][:1]
    write_bank(tmp_path, other, name="zz_other")
    with pytest.raises(QuizBankError) as info:
        load_all_banks(tmp_path, include_fixtures=True)
    message = str(info.value)
    assert "zz_other.yaml" in message and "tmp_bank.yaml" in message and "tb-single" in message


def test_unknown_ids_passed_to_select(tmp_path):
    bank = load_bank(write_bank(tmp_path, GOOD))
    with pytest.raises(QuizBankError, match="nope"):
        bank.select(["nope"])


def test_schema_file_is_valid_and_lists_the_profile_columns():
    schema = json.loads((QUIZ_DIR / "schema.json").read_text(encoding="utf-8"))
    bank_module._validator.cache_clear()
    bank_module._validator()  # check_schema raises on a broken schema
    text = json.dumps(schema)
    assert all(f'"{c}"' in text for c in PROFILE_COLUMNS)


# --- the real banks ------------------------------------------------------------

def test_every_bank_loads_and_every_quote_is_in_the_corpus():
    """Independent of load_bank's own check: compare each quote with load_corpus()'s full text."""
    paths = sorted(QUIZ_DIR.glob("*.yaml"))
    assert paths, "no quiz banks found in data/quizzes"
    corpus = medialit.load_corpus()
    texts = {a: re.sub(r"\s+", " ", normalize(t)) for a, t in zip(corpus["article_id"], corpus["text"])}
    banks = load_all_banks(include_fixtures=True)
    assert sorted(b.path.name for b in banks.values()) == [p.name for p in paths]
    assert "_demo" not in load_all_banks(check_quotes=False)  # fixtures are not lessons
    checked = 0
    for bank in banks.values():
        for question in bank.questions:
            for ev in question.quoted_sentences():
                quote = re.sub(r"\s+", " ", normalize(ev.quote)).strip()
                assert quote in texts[ev.article], f"{bank.path.name} {question.id}: {ev.quote!r}"
                checked += 1
    assert checked >= len(banks)


def lesson_notebooks():
    return sorted(p.stem for p in (REPO / "notebooks").glob("[0-9][0-9]_*.ipynb"))


def test_every_lesson_notebook_has_a_big_enough_bank_and_topics_are_covered():
    notebooks = lesson_notebooks()
    assert notebooks, "no lesson notebooks (notebooks/NN_*.ipynb) found"
    banks = load_all_banks(check_quotes=False)
    missing = [n for n in notebooks if n not in banks]
    assert not missing, f"lesson notebooks without a bank in data/quizzes: {missing}"
    lesson_banks = [b for name, b in banks.items() if re.fullmatch(r"[0-9]{2}_\w+", name)]
    small = {b.notebook: len(b.questions) for b in lesson_banks if len(b.questions) < 6}
    assert not small, f"banks with fewer than 6 questions: {small}"
    total = sum(len(b.questions) for b in lesson_banks)
    assert total >= 40, f"only {total} lesson questions in all; 40 or more are needed"
    topics = {question.topic for b in lesson_banks for question in b.questions}
    assert LESSON_TOPICS <= topics, f"topics never asked about: {LESSON_TOPICS - topics}"


def test_fixture_banks_take_part_in_the_duplicate_check(tmp_path):
    write_bank(tmp_path, GOOD)
    fixture = copy.deepcopy(GOOD)
    fixture["notebook"] = "_fixture"
    write_bank(tmp_path, fixture, name="_fixture")
    with pytest.raises(QuizBankError, match="already used"):
        load_all_banks(tmp_path)


def test_computed_numbers_in_the_banks_agree_with_the_real_profile():
    from medialit.quiz.model import NumberQuestion

    table = medialit.profile(medialit.load_corpus()).set_index("article_id")
    computed = [(b.notebook, q) for b in load_all_banks(include_fixtures=True).values()
                for q in b.questions if isinstance(q, NumberQuestion) and q.computed]
    assert computed, "no computed number questions (the _demo bank has one)"
    for name, q in computed:
        value = float(table.loc[q.answer["article"], q.answer["column"]])
        assert q.expected() == pytest.approx(value), f"{name} {q.id}"
        assert q.check(str(value)).correct
