"""The rule book (data/annotations/README.md) checked against the expert key.

Labels are judgements, but parts of the rules are mechanical: a listed hedge in
its epistemic use is a hedge, an evaluative adjective alone is not a booster, a
table row takes its source from its heading, a year or number in an unsourced
sentence is an unsupported specific, an access claim contains an access cue.
These tests check those parts on every row of the key, both ways where the rule
goes both ways, so a re-labelled row that breaks a rule fails here by name.
They also tie the README's quoted examples and CHANGES.md to the key.

The cue lists below restate the README's rules; they are deliberately not read
from data/lexicons/, so that the detectors' word lists cannot silently redefine
what the key should say.
"""
from __future__ import annotations

import re
from pathlib import Path

import pytest

from medialit.evaluate import load_expert_key, split_items

REPO = Path(__file__).resolve().parent.parent
README = REPO / "data" / "annotations" / "README.md"
CHANGES = REPO / "data" / "annotations" / "CHANGES.md"


@pytest.fixture(scope="module")
def key():
    return load_expert_key()


def where(row) -> str:
    return f"article {row.article_id} sentence {row.sentence_index + 1} (index {row.sentence_index})"


def cue_items(row) -> list[str]:
    return [c.lower() for c in split_items(row.hedge_cues)]


def has_cue(row, found: str, booster: bool = False) -> bool:
    """True when hedge_cues lists `found` (or a cue containing it / contained in it)."""
    found = found.lower()
    for cue in cue_items(row):
        if cue.startswith("+") != booster:
            continue
        cue = cue.lstrip("+")
        if found in cue or cue in found:
            return True
    return False


# --------------------------------------------------------------------------- hedges (H1-H3)

#: H1 hedge words, as regexes. Case matters only for "may" (the month May is not a hedge).
H1 = [
    r"\breportedly\b", r"\ballegedly\b", r"\balleged\b", r"\bsuggest(?:s|ed|ing)?\b", r"\bimplies\b",
    r"\bhints?\b", r"(?-i:\bmay\b)", r"\bmight\b", r"\bcould\b", r"\bperhaps\b", r"\bpossibly\b",
    r"\bprobably\b", r"\blikely\b", r"\bunlikely\b", r"\bpresumably\b", r"\bpotential(?:ly)?\b",
    r"\bappears? to\b", r"\bseems?\b", r"\bapparently\b", r"\bunverified\b", r"\bunconfirmed\b",
    r"\bspeculative\b", r"\btends? to\b", r"\btypically\b", r"\b(?:is|are|was|were) (?:said|believed|thought) to\b",
]
#: H2 epistemic nouns, and H3's exception: the noun after a verb of denial.
H2 = r"\b(?:allegations?|speculation|accusations?)\b"
DENIAL = r"\b(?:denied|denies|deny|rejected|rejects|reject|dismissed)\s+(?:the\s+)?$"
#: H3: a source as the subject of "suggest" is an attribution verb, not a hedge.
ATTRIBUTION_SUGGEST = r"\b(?:diplomat|analysts?|official|source|assessments?)\b[^.;]{0,70}?\bsuggest(?:s|ed)?\b"
#: H3 look-alikes that are not hedges in their use here.
NOT_HEDGE_USES = [r"\bmilitary might\b", r"\bcould not\b"]


def hedge_matches(text: str):
    """(matched word, is_epistemic) for every H1/H2 word in the sentence."""
    found = []
    ignore = [m.span() for p in NOT_HEDGE_USES for m in re.finditer(p, text, re.I)]
    attribution = [m.span() for m in re.finditer(ATTRIBUTION_SUGGEST, text, re.I)]
    for pattern in H1:
        for m in re.finditer(pattern, text, re.I):
            if any(a <= m.start() < b for a, b in ignore):
                continue
            in_attribution = any(a <= m.start() < b for a, b in attribution) and m.group().lower().startswith("suggest")
            found.append((m.group(), not in_attribution))
    for m in re.finditer(H2, text, re.I):
        if m.group().lower().startswith("accusation"):
            # "accusations" is listed only to check the denial exception
            if re.search(DENIAL, text[: m.start()], re.I):
                found.append((m.group(), False))
            continue
        found.append((m.group(), not re.search(DENIAL, text[: m.start()], re.I)))
    return found


def test_every_listed_hedge_in_its_epistemic_use_is_a_hedge_and_named_in_the_cues(key):
    problems = []
    checked = 0
    for row in key.itertuples():
        for word, epistemic in hedge_matches(row.text):
            if not epistemic:
                continue
            checked += 1
            if not row.hedge or not has_cue(row, word):
                problems.append(f"{where(row)}: '{word}' is a hedge (H1/H2) but hedge={row.hedge}, cues={row.hedge_cues!r}")
    assert checked >= 40, "the hedge patterns found almost nothing: are the articles or patterns broken?"
    assert not problems, "\n".join(problems)


def test_attribution_verbs_and_denied_charges_are_not_counted_as_hedges(key):
    # H3: "a diplomat suggested", "assessments that suggest", "rejected accusations".
    exceptions = 0
    problems = []
    for row in key.itertuples():
        for word, epistemic in hedge_matches(row.text):
            if epistemic:
                continue
            exceptions += 1
            if any(c == word.lower() for c in cue_items(row)):
                problems.append(f"{where(row)}: '{word}' is listed as a hedge but rule H3 excludes it")
            if word.lower().startswith("suggest") and row.source_type in ("none", "na"):
                problems.append(f"{where(row)}: an attribution verb or reported charge, yet source_type={row.source_type}")
    assert exceptions >= 3, "expected the H3 exceptions in 002 (diplomat, assessments) and 004 (accusations)"
    assert not problems, "\n".join(problems)


def test_every_hedge_cue_is_a_word_from_the_rule_book(key):
    # The reverse direction: a hedge that is not on the list is not a hedge.
    problems = []
    for row in key.itertuples():
        for cue in split_items(row.hedge_cues):
            if cue.startswith("+"):
                continue
            if not any(re.fullmatch(p, cue, re.I) for p in [*H1, H2]):
                problems.append(f"{where(row)}: hedge cue {cue!r} is not a hedge word of rules H1/H2")
    assert not problems, "\n".join(problems)


# --------------------------------------------------------------------------- boosters (B1-B5)

#: B1-B3 phrases from the rule book: wherever one occurs, the sentence is a booster.
BOOSTER_PHRASES = [
    r"one thing is clear", r"the message is clear", r"the central point is straightforward",
    r"sets a clear tone", r"it is clear that", r"\bclearly\b", r"\bundeniably\b", r"\bundoubtedly\b",
    r"\bobviously\b", r"\bof course\b", r"\bnot merely\b", r"\bnot just\b", r"\bisn’t just\b",
    r"\bbeyond mere\b", r"\bbeyond symbolic\b", r"\bbeyond routine\b", r"\bunprecedented\b",
    r"never been higher", r"\bprofound\b", r"\bfar-reaching\b", r"sent ripples through",
    r"\bfirst explicit\b",
]
#: B5: never a booster on their own.
EVALUATIVE = {"pivotal", "crucial", "critical", "significant", "notable", "rare", "key", "important",
              "explicitly", "specifically", "not only", "first"}


def test_every_booster_phrase_of_the_rule_book_is_labelled(key):
    problems = []
    checked = 0
    for row in key.itertuples():
        for pattern in BOOSTER_PHRASES:
            for m in re.finditer(pattern, row.text, re.I):
                checked += 1
                if not row.booster or not has_cue(row, m.group(), booster=True):
                    problems.append(f"{where(row)}: '{m.group()}' is a booster (B1-B4) but booster={row.booster}, cues={row.hedge_cues!r}")
    assert checked >= 20
    assert not problems, "\n".join(problems)


def test_no_row_is_a_booster_because_of_an_evaluative_adjective(key):
    problems = []
    for row in key.itertuples():
        for cue in split_items(row.hedge_cues):
            if cue.startswith("+") and cue[1:].lower() in EVALUATIVE:
                problems.append(f"{where(row)}: booster cue {cue!r} is an ordinary evaluative word (B5)")
    assert not problems, "\n".join(problems)
    # and the words really occur, so the test above is not vacuous
    texts = " ".join(key["text"]).lower()
    assert all(word in texts for word in ("pivotal", "crucial", "critical", "explicitly"))


def test_every_booster_row_has_a_booster_from_the_rule_book(key):
    problems = []
    for row in key[key["booster"]].itertuples():
        boosters = [c[1:] for c in split_items(row.hedge_cues) if c.startswith("+")]
        if not any(re.search(p, b, re.I) for b in boosters for p in BOOSTER_PHRASES):
            problems.append(f"{where(row)}: booster cues {boosters} match no B1-B4 phrase")
    assert not problems, "\n".join(problems)


def test_factual_firsts_are_also_specifics(key):
    rows = [r for r in key.itertuples() if any("first" in c.lower() for c in split_items(r.hedge_cues) if c.startswith("+"))]
    assert rows, "B4 example missing"
    for row in rows:
        if row.source_type in ("none", "vague", "anonymous"):
            assert row.unsupported_specific and any("first" in s for s in split_items(row.specific_text)), where(row)


# --------------------------------------------------------------------------- source type (S1-S7)

def tables(key):
    """004's flattened tables: {title: [rows]}. A table is the title row, a header row
    (note 'Table header row.') and then the long rows without final punctuation."""
    rows = list(key[key["article_id"] == "004"].sort_values("sentence_index").itertuples())
    found = {}
    for i, row in enumerate(rows):
        if row.notes.startswith("Table header row"):
            title = rows[i - 1]
            body = []
            for nxt in rows[i + 1:]:
                if nxt.text.rstrip().endswith((".", "?", "!")) or len(nxt.text) < 60:
                    break
                body.append(nxt)
            found[title.text] = (title, row, body)
    return found


#: The source each table's heading gives (rule S3).
TABLE_SOURCES = {
    "Public themes emphasized in the New Year exchange": "named",
    "Timeline of key milestones shaping DPRK–Russia ties": "none",
    "What monitoring efforts are alleging at a high level?": "vague",
}


def test_every_table_row_takes_its_source_from_its_heading(key):
    found = tables(key)
    assert set(found) == set(TABLE_SOURCES), f"tables found: {sorted(found)}"
    for title_text, (title, header, body) in found.items():
        assert len(body) >= 3, f"table {title_text!r}: only {len(body)} rows found"
        assert title.source_type == "na" and header.source_type == "na", title_text
        for row in body:
            assert row.source_type == TABLE_SOURCES[title_text], (
                f"{where(row)}: table row under {title_text!r} is {row.source_type}, "
                f"heading gives {TABLE_SOURCES[title_text]} (rule S3)"
            )


PATTERN_OF_SPEECH = (r"consistently (?:portrayed|positioned|rejected)|repeatedly points|increasingly linked"
                     r"|\bwho view\b|framed by both capitals|how both sides describe|storyline now treats")


def test_claims_about_a_pattern_of_speech_are_none(key):
    rows = [r for r in key.itertuples() if re.search(PATTERN_OF_SPEECH, r.text)]
    assert len(rows) >= 7
    bad = [f"{where(r)}: {r.source_type}" for r in rows if r.source_type != "none"]
    assert not bad, "pattern-of-speech rows must be none (rule S1):\n" + "\n".join(bad)


MOTIVE = r"\bwants the world\b|\bseeks to\b|\baimed at\b|\bhas sought\b|\bwants the public\b"


def test_motive_as_fact_is_none_and_a_hedged_reading_is_na(key):
    rows = [r for r in key.itertuples() if re.search(MOTIVE, r.text) and not r.source_text]
    assert len(rows) >= 4
    for row in rows:
        expected = "na" if row.hedge else "none"
        assert row.source_type == expected, f"{where(row)}: {row.source_type}, rule S2 gives {expected}"


def test_agentless_framing_verbs_make_a_source_vague(key):
    # "is presented as", "were presented as", "is said to": wording with no one behind it (S0, S5).
    rows = [r for r in key.itertuples()
            if re.search(r"\b(?:is|are|was|were) (?:presented as|said to)\b", r.text)]
    assert len(rows) >= 4
    for row in rows:
        assert row.source_type == "vague", where(row)


def test_unique_titles_and_state_media_are_named(key):
    for phrase in ("the Kursk region’s governor", "North Korean state media"):
        rows = key[key["source_text"] == phrase]
        assert len(rows) == 1 and rows.iloc[0]["source_type"] == "named", phrase


def test_a_scene_setting_clause_does_not_lower_the_label(key):
    # S4: 003 sentence 2 and 004 sentence 39 ("at a time / moment when ...") get the same label.
    rows = key[key["text"].str.contains(r"at a (?:time|moment) when", regex=True)]
    assert len(rows) == 2
    assert set(rows["source_type"]) == {"na"}


# --------------------------------------------------------------------------- unsupported specifics (U1-U3)

NUMBERS = re.compile(
    r"(?:(?:Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)\.|January|February|March|April|June|July"
    r"|August|September|October|November|December)\s+\d{1,2}\b(?:\s*&\s*\w+\.?\s+\d{1,2})?(?:,\s*\d{4})?"
    r"|\d[\d,.]*\d|\d"
)
#: U2: a date that is part of the name of a document the article already cited.
DOCUMENT_NAME = re.compile(r"\s+(?:message|greeting|report|treaty|statement)\b")


def test_every_year_date_and_number_in_an_unsourced_sentence_is_an_unsupported_specific(key):
    problems = []
    checked = 0
    for row in key[key["source_type"].isin(["none", "vague", "anonymous"])].itertuples():
        spans = []
        for item in split_items(row.specific_text):
            spans += [(m.start(), m.end()) for m in re.finditer(re.escape(item), row.text)]
        for m in NUMBERS.finditer(row.text):
            if DOCUMENT_NAME.match(row.text, m.end()):
                continue
            checked += 1
            if not any(a <= m.start() and m.end() <= b for a, b in spans):
                problems.append(f"{where(row)}: '{m.group()}' has no named source but is not in specific_text (rule U1)")
    assert checked >= 10
    assert not problems, "\n".join(problems)


def test_nothing_in_an_na_row_is_an_unsupported_specific(key):
    bad = key[(key["source_type"] == "na") & key["unsupported_specific"]]
    assert bad.empty, f"na rows assert nothing (rule U1): {list(zip(bad.article_id, bad.sentence_index + 1))}"


#: Wording with no one behind it: it gives a quotation to nobody.
AGENTLESS = r"(?:is|are|was|were)\b|reportedly$|.*\bsaid to$"


def test_short_quotations_count_only_when_the_text_gives_them_to_someone(key):
    # U2: a one- or two-word scare quote given to no one is the writer's words.
    problems = []
    for row in key[key["unsupported_specific"]].itertuples():
        for item in split_items(row.specific_text):
            quoted = re.search("[‘“\"']" + re.escape(item.rstrip(".")), row.text)
            given_to_someone = row.source_text and not re.match(AGENTLESS, row.source_text)
            if quoted and len(item.split()) <= 2 and not given_to_someone:
                problems.append(f"{where(row)}: short quote {item!r} given to no one is counted (rule U2)")
    assert not problems, "\n".join(problems)


# --------------------------------------------------------------------------- access claims (A1-A2)

ACCESS_CUES = [
    r"closed-door", r"behind closed doors", r"(?<!un)classified", r"restricted (?:circles|data|access)",
    r"(?:limited|privileged) access", r"accessible only to", r"inner circle", r"inner workings",
    r"select (?:few|group)", r"handful of trusted", r"narrow confines", r"\binsiders\b", r"briefed on",
    r"documents seen by", r"private (?:audience|meeting)", r"shrouded in secrecy", r"in the shadows",
    r"\bcovert\b", r"forged in secrecy", r"unspoken pact", r"invisible to most of the world", r"hushed debate",
]


def test_access_claims_contain_an_access_cue_and_every_cue_is_an_access_claim(key):
    problems = []
    with_cue = 0
    for row in key.itertuples():
        cue = next((m.group() for p in ACCESS_CUES for m in [re.search(p, row.text, re.I)] if m), None)
        with_cue += cue is not None
        if row.access_claim and cue is None:
            problems.append(f"{where(row)}: access_claim=True but no access cue of rule A1")
        if cue is not None and not row.access_claim:
            problems.append(f"{where(row)}: contains {cue!r} (rule A1) but access_claim=False")
    assert with_cue >= 15
    assert not problems, "\n".join(problems)


def test_what_rule_a2_excludes_is_not_an_access_claim(key):
    for phrase in ("veil of secrecy", "widely circulated reports", "shrouded in ambiguity", "unclassified"):
        rows = key[key["text"].str.contains(phrase, regex=False)]
        assert len(rows) == 1, phrase
        assert not rows.iloc[0]["access_claim"], phrase


# --------------------------------------------------------------------------- the README and CHANGES.md

EXAMPLE = re.compile(r"^> (?P<text>.*) — (?P<article>\d{3}), sentence (?P<number>\d+) \[(?P<labels>.*)\]$")


def readme_examples():
    lines = README.read_text(encoding="utf-8").splitlines()
    quoted = [line for line in lines if line.startswith("> ")]
    parsed = [EXAMPLE.match(line) for line in quoted]
    assert all(parsed), [q for q, p in zip(quoted, parsed) if not p]
    return parsed


def test_each_readme_example_is_the_key_row_it_names_with_the_labels_it_claims(key):
    examples = readme_examples()
    assert len(examples) >= 20
    for m in examples:
        number = int(m["number"])  # students count from 1; the CSV from 0
        rows = key[(key["article_id"] == m["article"]) & (key["sentence_index"] == number - 1)]
        assert len(rows) == 1, m["article"] + " " + m["number"]
        row = rows.iloc[0]
        assert row["text"] == m["text"], f"{m['article']}, sentence {number}: the README quotes different text"
        for claim in m["labels"].split(", "):
            field, value = claim.split("=", 1)
            assert str(row[field]) == value, f"{m['article']}, sentence {number}: README says {field}={value}, key has {row[field]}"


def test_every_rule_is_stated_and_every_rule_but_s6_has_an_example():
    text = README.read_text(encoding="utf-8")
    rules = ["H1", "H2", "H3", "B1", "B2", "B3", "B4", "B5", "S0", "S1", "S2", "S3", "S4", "S5",
             "S6", "S7", "U1", "U2", "U3", "A1", "A2"]
    sections = re.split(r"\*\*(?=[HBSUA]\d\. )", text)
    heads = {s[:2]: s for s in sections[1:]}
    assert sorted(heads) == sorted(rules)
    for rule in rules:
        body = heads[rule].split("\n**")[0]
        if rule == "S6":
            assert "no example" in body, "S6 has no article example and must say so"
        else:
            assert "\n> " in body, f"rule {rule} has no quoted example"


CHANGE_LINE = re.compile(
    r"^(?P<article>\d{3}):(?P<index>\d+)\s+\(sentence (?P<number>\d+)\)\s+(?P<rest>.*?)\s+rule (?P<rules>[A-Z0-9, ]+)$"
)


def test_changes_file_agrees_with_the_key_and_every_changed_row_names_its_rule(key):
    lines = [CHANGE_LINE.match(l) for l in CHANGES.read_text(encoding="utf-8").splitlines()]
    lines = [m for m in lines if m]
    assert len(lines) >= 40
    for m in lines:
        index = int(m["index"])
        assert int(m["number"]) == index + 1
        row = key[(key["article_id"] == m["article"]) & (key["sentence_index"] == index)].iloc[0]
        for rule in m["rules"].split(", "):
            assert re.search(rf"\b[Rr]ules?\b[^.]*\b{rule}\b", row["notes"]), (
                f"{m['article']}:{index}: the note does not name rule {rule}")
        rest = m["rest"]
        if rest.startswith("notes only"):
            continue
        field, change = rest.split("  ", 1)
        new = change.split(" -> ", 1)[1].strip()
        new = "" if new == "(empty)" else new
        assert str(row[field]) == new, f"{m['article']}:{index} {field}: CHANGES.md says {new!r}, key has {row[field]!r}"


def test_the_stated_detector_figures_are_todays():
    """The README's table of detector agreement is recomputed: it cannot drift from the code."""
    import re as _re

    from medialit.evaluate import score_against_key, source_agreement_by_article

    text = README.read_text(encoding="utf-8")
    section = text.split("## How well the detectors follow these rules", 1)[1].split("\n## ", 1)[0]
    stated = {label: (float(p), float(r)) for label, p, r in
              _re.findall(r"^\| ([\w=]+) \| ([\d.]+) \| ([\d.]+) \|", section, _re.M)}
    scores = score_against_key()
    assert set(stated) == set(scores["label"])
    for row in scores.itertuples():
        assert stated[row.label] == (round(row.precision, 3), round(row.recall, 3)), row.label
    by = source_agreement_by_article()
    total = int(by["same source type as the key"].sum())
    assert f"the key's label to {total} of the {int(by['sentences'].sum())}" in " ".join(section.split())
