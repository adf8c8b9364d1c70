"""Quizzes that test understanding, not test-wiseness (issue 10 §3 and §6).

- the right option is the longest one in at most 35% of single-choice items (the share is
  reported in the test's output and in its failure message);
- no near-duplicates: no article sentence shown in two questions, no two number questions
  with the same answer, and no two questions whose text is nearly the same (RapidFuzz);
- distractors are real misconceptions, not strawmen ("proves", "always", "machine-written");
- every choice question explains its idea after a wrong try without giving its answer, and
  no question only copies a number from a table in the notebook.
"""
import re
from itertools import combinations

import pytest
from rapidfuzz import fuzz

from medialit.quiz import load_all_banks
from medialit.quiz.model import (
    Evidence,
    LabelItem,
    LabelSentences,
    MultipleChoice,
    NumberQuestion,
    SingleChoice,
    SpotWords,
    tokenize,
    word_core,
)
from medialit.text import normalize

LONGEST_SHARE_LIMIT = 0.35
SIMILARITY_LIMIT = 75  # rapidfuzz token_sort_ratio, 0-100
STRAWMAN = re.compile(r"\bprove[sdn]?\b|\balways\b|\bmachine|\bcertainly\b", re.IGNORECASE)


@pytest.fixture(scope="module")
def questions():
    return [q for bank in load_all_banks().values() for q in bank.questions]


def key_is_longest(q: SingleChoice) -> bool:
    """Ties count as longest: a test-wise student cannot tell a tie from a win."""
    return len(q.answer) >= max(len(c) for c in q.choices if c != q.answer)


def longest_share(items) -> float:
    singles = [q for q in items if isinstance(q, SingleChoice)]
    return sum(key_is_longest(q) for q in singles) / len(singles)


def test_the_right_option_is_rarely_the_longest(questions, record_property):
    singles = [q for q in questions if isinstance(q, SingleChoice)]
    assert len(singles) >= 20
    share = longest_share(singles)
    longest = [q.id for q in singles if key_is_longest(q)]
    record_property("longest_option_share", round(share, 3))
    print(f"\nkey is the longest option in {len(longest)} of {len(singles)} single-choice items "
          f"({share:.0%}; limit {LONGEST_SHARE_LIMIT:.0%}): {', '.join(longest) or 'none'}")
    assert share <= LONGEST_SHARE_LIMIT, (
        f"the key is the longest option in {len(longest)} of {len(singles)} single-choice items ({share:.0%}, "
        f"limit {LONGEST_SHARE_LIMIT:.0%}): {longest}. Rewrite distractors so length gives nothing away.")


def test_the_longest_option_measure_catches_a_test_wise_bank():
    def item(n, answer_len):
        return SingleChoice(id=f"x{n}", type="single", topic="method", prompt="p", explanation="e",
                            choices=["a" * answer_len, "bb", "ccc"], answer="a" * answer_len)
    assert longest_share([item(1, 9), item(2, 9), item(3, 1)]) == pytest.approx(2 / 3)


def signature(q) -> str:
    """What a student reads for a question: the prompt and the sentences shown with it."""
    parts = [q.prompt]
    if isinstance(q, SpotWords):
        parts.append(q.sentence)
    if isinstance(q, LabelSentences):
        parts += [i.sentence for i in q.items]
    return re.sub(r"\s+", " ", normalize(" ".join(parts))).lower()


def shown_sentences(q) -> list[tuple[str, str]]:
    if isinstance(q, SpotWords):
        return [(q.article, q.sentence)]
    if isinstance(q, LabelSentences):
        return [(i.article, i.sentence) for i in q.items]
    return []


def near_duplicates(items) -> list[str]:
    found = []
    seen: dict[tuple[str, str], str] = {}
    for q in items:
        for article, sentence in shown_sentences(q):
            k = (article, re.sub(r"\s+", " ", normalize(sentence)).strip())
            if k in seen and seen[k] != q.id:
                found.append(f"{seen[k]} and {q.id} both show article {article}: {sentence[:60]!r}")
            seen.setdefault(k, q.id)
    numbers: dict[str, str] = {}
    for q in items:
        if isinstance(q, NumberQuestion):
            spec = repr(sorted(q.answer.items())) if q.computed else repr(q.answer)
            if spec in numbers:
                found.append(f"{numbers[spec]} and {q.id} ask for the same number ({spec})")
            numbers.setdefault(spec, q.id)
    for a, b in combinations(items, 2):
        score = fuzz.token_sort_ratio(signature(a), signature(b))
        if score >= SIMILARITY_LIMIT:
            found.append(f"{a.id} and {b.id} read almost the same (similarity {score:.0f})")
    return found


def test_no_near_duplicate_questions(questions):
    found = near_duplicates(questions)
    assert not found, "near-duplicate questions:\n" + "\n".join(found)


def test_the_duplicate_finder_catches_the_kinds_of_duplicates_issue_10_found():
    """The pairs the review found (governor sentence shown twice; one number asked twice; reworded prompts)."""
    governor = ("A public statement attributed to the Kursk region’s governor said combat engineers from a North "
                "Korean unit cleared mines across nearly 42,400 hectares and destroyed more than 1.5 million "
                "explosive devices.")
    base = dict(type="label", topic="attributions", explanation="e", evidence=[Evidence("004", "governor")])
    one = LabelSentences(id="a", prompt="Who backs each claim?", items=[LabelItem("004", governor, "named")], **base)
    two = LabelSentences(id="b", prompt="Label the sources.", items=[LabelItem("004", governor, "named")], **base)
    spec = {"compute": "profile", "article": "002", "column": "n_anonymous"}
    num = dict(type="number", topic="attributions", explanation="e", tolerance=0)
    three = NumberQuestion(id="c", prompt="Look at the profile table in this notebook. In how many sentences of "
                           "article 002 is the weakest source anonymous?", answer=spec, **num)
    four = NumberQuestion(id="d", prompt="How many sentences of article 002 rest on an anonymous source, "
                          "according to the detector?", answer=dict(spec), **num)
    single = dict(type="single", topic="method", explanation="e", choices=["x", "y"], answer="x")
    five = SingleChoice(id="e", prompt="Which article is the best starting point for the cleared land, and why?", **single)
    six = SingleChoice(id="f", prompt="Which article is the best starting point for the cleared land and why?", **single)
    found = near_duplicates([one, two, three, four, five, six])
    assert any("a and b" in f for f in found)
    assert any("c and d" in f for f in found)
    assert any("e and f" in f for f in found)
    assert not near_duplicates([one, three, five])


def test_distractors_are_not_strawmen(questions):
    bad = []
    for q in questions:
        if isinstance(q, (SingleChoice, MultipleChoice)):
            right = {q.answer} if isinstance(q, SingleChoice) else set(q.answer)
            bad += [f"{q.id}: {c!r}" for c in q.choices if c not in right and STRAWMAN.search(c)]
    assert not bad, ("distractors built on 'proves', 'always', 'certainly' or 'machine-written' are strawmen "
                     "no student believes; use a real misconception:\n" + "\n".join(bad))


def answer_phrases(q) -> list[str]:
    if isinstance(q, SingleChoice):
        return [q.answer]
    if isinstance(q, MultipleChoice):
        return list(q.answer)
    if isinstance(q, SpotWords):
        return list(q.answer)
    return []


def words(text: str) -> list[str]:
    return [c for c in (word_core(t) for _, _, t in tokenize(text)) if c]


def gives_away(text: str, phrase: str) -> bool:
    """True when ``text`` contains ``phrase`` (as whole words, case and quotes ignored)."""
    want, have = words(phrase), words(text)
    return bool(want) and any(have[i:i + len(want)] == want for i in range(len(have) - len(want) + 1))


def test_the_give_away_check_works():
    assert gives_away("Think of 'Reportedly,' here.", "reportedly")
    assert not gives_away("reported by whom?", "reportedly")


def test_wrong_try_feedback_explains_the_idea_without_the_answer(questions):
    missing = [q.id for q in questions if isinstance(q, (SingleChoice, MultipleChoice)) and not q.wrong_try]
    assert not missing, f"choice questions without a wrong_try (the idea, shown after a wrong attempt): {missing}"
    leaks = []
    for q in questions:
        for phrase in answer_phrases(q):
            if isinstance(q, (SingleChoice, MultipleChoice)) and len(words(phrase)) < 2:
                continue  # a one-word choice such as an article id may be named in the idea
            if gives_away(q.idea(), phrase):
                leaks.append(f"{q.id}: its wrong-try feedback contains the answer {phrase!r}")
            if isinstance(q, SpotWords) and any(gives_away(h, phrase) for h in q.hints):
                leaks.append(f"{q.id}: a hint names the word to find {phrase!r}")
    assert not leaks, "\n".join(leaks)


def test_no_question_only_copies_a_number_from_a_table(questions):
    """A profile column is a table the lesson shows: asking for one cell needs no judgement."""
    copies = [q.id for q in questions if isinstance(q, NumberQuestion) and q.computed
              and q.answer.get("compute") == "profile"]
    assert not copies, f"number questions that only copy a cell of the profile table: {copies}"
    table_hints = [q.id for q in questions for h in q.hints if re.search(r"\b(row|column) \w+", h)
                   and "column" in h and "row" in h.lower()]
    assert not table_hints, f"hints that point at a table cell to copy: {table_hints}"


def test_one_label_vocabulary_on_the_page(questions):
    """Every label question names the four labels exactly as its drop-downs spell them."""
    for q in questions:
        if isinstance(q, LabelSentences):
            assert "named, anonymous, vague or none" in q.prompt, q.id
            assert all(label.islower() for label in q.labels)


def test_the_right_option_is_not_the_shortest_too_often_either(questions):
    """Rewriting long keys must not teach the opposite habit ("pick the shortest")."""
    singles = [q for q in questions if isinstance(q, SingleChoice)]
    shortest = [q.id for q in singles if len(q.answer) <= min(len(c) for c in q.choices if c != q.answer)]
    share = len(shortest) / len(singles)
    print(f"\nkey is the shortest option in {len(shortest)} of {len(singles)} single-choice items ({share:.0%})")
    assert share <= LONGEST_SHARE_LIMIT, f"the key is the shortest option in {share:.0%} of single items: {shortest}"
