"""Quiz keys against the expert key: one source of truth for every graded answer (issue 10 §2).

- every ``label`` item's answer is the key's ``source_type`` for that sentence;
- every ``spot`` item's words are the key's hedge cues (or booster cues) for that sentence,
  and an ``attribution`` spot item marks words of the key's ``source_text``;
- every ``number`` answer in a lesson bank is computed, never typed;
- a "sentence N" in an explanation, counted from 1, is the key's row N of that article
  and holds the text the question quotes from it.

The key is read with ``medialit.load_expert_key()`` each run, so when the key changes a
disagreeing quiz fails here with the question id, the sentence and both answers.
"""
import re

import pytest

import medialit
from medialit.quiz import load_all_banks
from medialit.quiz.model import LabelSentences, NumberQuestion, SpotWords, phrase_positions, tokenize, word_core
from medialit.text import normalize


def squash(text: str) -> str:
    return re.sub(r"\s+", " ", normalize(text)).strip()


@pytest.fixture(scope="module")
def key():
    return medialit.load_expert_key()


@pytest.fixture(scope="module")
def lesson_questions():
    return [q for bank in load_all_banks().values() for q in bank.questions]


def key_row(key, article: str, sentence: str):
    """The one key row of ``article`` that holds ``sentence`` (the whole sentence, or part of it)."""
    wanted = squash(sentence)
    rows = [r for r in key[key["article_id"] == article].itertuples() if wanted in squash(r.text)]
    assert len(rows) == 1, (f"article {article}: expected one key sentence containing {sentence[:70]!r}, "
                            f"found {len(rows)}")
    return rows[0]


def cues(row, target: str) -> list[str]:
    """The key's hedge cues (no ``+``) or booster cues (``+``), lower-cased, in reading order."""
    parts = [c.strip() for c in str(row.hedge_cues or "").split("|") if c.strip()]
    if target == "boosters":
        return [c[1:].strip().lower() for c in parts if c.startswith("+")]
    return [c.lower() for c in parts if not c.startswith("+")]


def test_the_banks_have_label_and_spot_items_to_check(lesson_questions):
    labels = [q for q in lesson_questions if isinstance(q, LabelSentences)]
    spots = [q for q in lesson_questions if isinstance(q, SpotWords)]
    assert len(labels) >= 4 and len(spots) >= 4


def test_every_label_answer_is_the_keys_source_type(key, lesson_questions):
    wrong = []
    for q in lesson_questions:
        if not isinstance(q, LabelSentences):
            continue
        for n, item in enumerate(q.items, start=1):
            row = key_row(key, item.article, item.sentence)
            assert squash(item.sentence) == squash(row.text), (
                f"{q.id} sentence {n}: show the whole key sentence {item.article}:{row.sentence_index + 1}")
            if item.answer != row.source_type:
                wrong.append(f"{q.id} sentence {n} ({item.article}:{row.sentence_index + 1}): quiz says "
                             f"{item.answer!r}, key says {row.source_type!r}")
    assert not wrong, "quiz labels that disagree with the expert key:\n" + "\n".join(wrong)


def test_every_spot_answer_is_the_keys_cues(key, lesson_questions):
    wrong = []
    for q in lesson_questions:
        if not isinstance(q, SpotWords):
            continue
        row = key_row(key, q.article, q.sentence)
        if q.target in ("hedges", "boosters"):
            expected = sorted(cues(row, q.target))
            given = sorted(word_core(" ".join(t for _, _, t in tokenize(a))) for a in q.answer)
            if given != expected:
                wrong.append(f"{q.id} ({q.article}:{row.sentence_index + 1}, {q.target}): quiz marks {given}, "
                             f"key has {expected}")
        else:  # attribution: the marked words are part of the key's source_text
            source = [t for _, _, t in tokenize(str(row.source_text or ""))]
            for phrase in q.answer:
                if not phrase_positions(source, phrase):
                    wrong.append(f"{q.id}: {phrase!r} is not in the key's source_text {row.source_text!r}")
    assert not wrong, "spot items that disagree with the expert key:\n" + "\n".join(wrong)


def test_cue_reading_tells_hedges_from_boosters(key):
    """The helper the spot test relies on: 000's 'suggests | +unprecedented | perhaps' row."""
    row = key_row(key, "000", "suggests an unprecedented level of transparency")
    assert cues(row, "hedges") == ["suggests", "perhaps"]
    assert cues(row, "boosters") == ["unprecedented"]


def test_every_number_answer_in_a_lesson_bank_is_computed(lesson_questions):
    typed = [q.id for q in lesson_questions if isinstance(q, NumberQuestion) and not q.computed]
    assert not typed, f"number questions with a hand-typed answer (compute it instead): {typed}"


SENTENCE_REF = re.compile(r"\barticle (\d{3}) \(sentence (\d+)\)", re.IGNORECASE)
OTHER_SENTENCE_REF = re.compile(r"\bsentences? \d+", re.IGNORECASE)


def test_sentence_numbers_in_explanations_count_from_one(key, lesson_questions):
    """Written as 'article 001 (sentence 5)': row 5 counting from 1 holds a quote of the question."""
    checked = 0
    for q in lesson_questions:
        refs = SENTENCE_REF.findall(q.explanation)
        loose = len(OTHER_SENTENCE_REF.findall(q.explanation)) - len(refs)
        assert loose == 0, f"{q.id}: write sentence numbers as 'article 001 (sentence 5)'"
        quotes = [squash(e.quote) for e in q.quoted_sentences()]
        for article, number in refs:
            rows = key[(key["article_id"] == article) & (key["sentence_index"] == int(number) - 1)]
            assert len(rows) == 1, f"{q.id}: article {article} has no sentence {number}"
            text = squash(rows.iloc[0]["text"])
            assert any(quote in text or text in quote for quote in quotes), (
                f"{q.id}: article {article} (sentence {number}) is {text[:60]!r}, which the question does not quote")
            checked += 1
    assert checked >= 3


def test_claim_about_004s_sourcing_matches_the_key(key, lesson_questions):
    """n07-04 and others describe 004 as naming sources for some claims but not all."""
    counts = key[key["article_id"] == "004"]["source_type"].value_counts()
    assert counts.get("named", 0) > 0 and counts.get("none", 0) > 0
    text = " ".join(q.explanation + " " + " ".join(q.hints) for q in lesson_questions)
    assert "names most of its sources" not in text


def key_value(row, column: str):
    if column == "hedge_cue":
        return [c.strip().lower() for c in str(row.hedge_cues or "").split("|") if c.strip()]
    value = getattr(row, column)
    return bool(value) if column in ("hedge", "booster", "unsupported_specific", "access_claim") else value


def test_every_key_fact_a_choice_question_relies_on_is_in_the_key(key, lesson_questions):
    """``key_facts``: the key labels behind a single/multiple answer ("the governor is named",
    "'explicitly' is not a booster"), checked so that a change to the key shows up here."""
    wrong, checked = [], 0
    for q in lesson_questions:
        for fact in q.key_facts:
            row = key_row(key, fact["article"], fact["quote"])
            have = key_value(row, fact["column"])
            where = f"{q.id} ({fact['article']}:{row.sentence_index + 1}, {fact['column']})"
            if fact["column"] == "hedge_cue":
                if str(fact["value"]).lower() not in have:
                    wrong.append(f"{where}: the key's cues {have} do not include {fact['value']!r}")
            elif have != fact["value"]:
                wrong.append(f"{where}: quiz relies on {fact['value']!r}, key says {have!r}")
            checked += 1
    assert checked >= 20, "too few key facts recorded for the choice questions"
    assert not wrong, "quiz answers that rely on labels the key no longer gives:\n" + "\n".join(wrong)


def test_choice_questions_about_labels_record_their_key_facts(lesson_questions):
    """A single/multiple item whose topic is sources, hedges or specifics and that quotes the key's
    vocabulary must say which key labels it relies on."""
    from medialit.quiz.model import MultipleChoice, SingleChoice

    vocabulary = re.compile(r"\b(named|anonymous|vague|hedge|booster|unsupported)\b", re.IGNORECASE)
    missing = [q.id for q in lesson_questions
               if isinstance(q, (SingleChoice, MultipleChoice)) and q.topic in ("attributions", "hedges")
               and vocabulary.search(q.prompt + " ".join(q.choices)) and not q.key_facts]
    assert not missing, f"choice questions on key labels without key_facts: {missing}"


def test_n03_08_states_the_hedge_detectors_current_agreement_with_the_key(key, lesson_questions):
    """n03-08 quotes the hedge detector's counts against the key and names its false alarms.
    Recompute them from today's detector, so the item fails here when the detector changes."""
    from medialit.evaluate import disagreements, score_against_key
    from medialit.hedges import find_hedges

    q = next(q for q in lesson_questions if q.id == "n03-08")
    row = score_against_key(key=key).set_index("label").loc["hedge"]
    tp, fp, fn = int(row.true_positives), int(row.false_positives), int(row.false_negatives)
    marks, text = tp + fp, q.prompt + " " + q.explanation
    assert f"marks {marks} sentences" in q.prompt, f"n03-08: the detector now marks {marks} sentences"
    assert f"agrees for {tp} of them" in q.prompt, f"n03-08: the key now agrees with {tp} marks"
    assert f"those {tp} are every hedged sentence" in q.prompt and fn == 0, (
        f"n03-08 says the detector finds every hedged sentence of the key; it now misses {fn}")
    assert f"{tp} of the detector's {marks} marks" in q.explanation
    assert f"about {row.precision:.2f}" in q.explanation, f"n03-08: precision is now {row.precision}"
    assert f"is {row.recall:.1f})" in q.explanation, f"n03-08: recall is now {row.recall}"
    # the false alarms it names are exactly today's false positives, with the word that set them off
    false_alarms = disagreements("hedge", key=key)
    false_alarms = false_alarms[false_alarms["kind"] == "false positive"]
    named = {(a, int(n)) for a, n in SENTENCE_REF.findall(q.explanation)}
    found = {(r.article_id, int(r.sentence_index) + 1) for r in false_alarms.itertuples()}
    assert named == found, f"n03-08 names false alarms {sorted(named)}, the detector now has {sorted(found)}"
    words = {"000": "might", "002": "suggested"}
    for r in false_alarms.itertuples():
        cues = [c.lower() for c in find_hedges(r.text).query("kind == 'hedge'")["cue"]]
        assert words[r.article_id] in cues and f'"{words[r.article_id]}"' in text, (
            f"n03-08: the false alarm in {r.article_id} is now set off by {cues}")
