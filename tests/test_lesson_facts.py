"""What the lessons' prose says must agree with the expert key, the cited record and the corpus.

Two kinds of check:

* Every count-like phrase in a lesson's markdown ("4 of 20", "about half",
  "1544 words") must be listed in ``STATED`` below with the check that ties it
  to the data; an unlisted one fails, so nobody can type a count into a lesson
  without a test behind it. Counts the lessons *compute* (printed by a cell)
  need no entry.
* Each fact in ``FACTS`` reads a statement that a lesson makes in words and
  recomputes it from the key, the record or the corpus. If the key is revised
  and a statement stops being true, the test names the lesson and the sentence.

Wording that claims more than the evidence ("does not exist") is refused outright.
"""
from __future__ import annotations

import json
import re
from functools import lru_cache
from pathlib import Path

import pytest

import medialit
from medialit import record
from medialit.evaluate import (
    beside_key,
    key_profile,
    load_expert_key,
    profile_tool_and_key,
    source_agreement_by_article,
)
from medialit.ledger import ledger_with_key, same_claim_across

ROOT = Path(__file__).resolve().parent.parent
NOTEBOOKS = sorted((ROOT / "notebooks").glob("[0-9][0-9]_*.ipynb"))


def _markdown(path: Path) -> str:
    nb = json.loads(path.read_text(encoding="utf-8"))
    return "\n\n".join(
        "".join(c["source"]) if isinstance(c["source"], list) else c["source"]
        for c in nb["cells"]
        if c["cell_type"] == "markdown"
    )


@lru_cache(maxsize=None)
def corpus():
    return medialit.load_corpus()


@lru_cache(maxsize=None)
def key():
    return load_expert_key()


def _key_row(article_id: str, fragment: str):
    rows = key()[(key()["article_id"] == article_id) & key()["text"].str.contains(fragment, regex=False)]
    assert len(rows) == 1, f"expected one key row of {article_id} containing {fragment!r}, found {len(rows)}"
    return rows.iloc[0]


# --------------------------------------------------------------------------- count-like phrases

COUNT_PHRASE = re.compile(
    r"\b\d[\d,.]*\s+(?:of|in)\s+(?:\d[\d,]*|the)\b"
    r"|\b\d[\d,]*\s+(?:errors?|mistakes?|sentences?|claims?|named|anonymous|vague|quotes?|details?|specifics?|rows?|words|hedges?|boosters?|times)\b"
    r"|\babout half\b"
    r"|\b(?:\d+|two|three|four|five|six|seven|eight|nine|ten|twelve)\s+(?:questions|kinds|types)\b"
    r"|\b(?:two|three|four|five|six|seven|eight|nine|ten)\s+(?:errors|mistakes|sentences|claims|quotes|details|rows)\b",
    re.I,
)

# (notebook number, the exact words matched) -> why they are allowed. Each count
# that depends on the data names the fact below that checks it.
STATED = {
    ("01", "100 words"): "a unit (per 100 words), not a count",
    ("03", "100 words"): "a unit (per 100 words), not a count",
    ("05", "100 words"): "a unit (per 100 words), not a count",
    ("01", "1544 words"): "fact: lengths_01",
    ("05", "1,544 words"): "fact: lengths_05",
    ("*", "three questions"): "the three questions of Civic Online Reasoning, a fixed list the lesson shows",
    ("*", "four kinds"): "the four kinds of backing or of specifics, listed in the lesson's own table",
    ("00", "six questions"): "tests/test_notebooks.py::test_embeds_its_quiz checks every bank has at least 6",
    ("02", "two sentences"): "tells the reader two quotations follow (the text shows both)",
    ("02", "2 of 002"): "fact: sentence_2_of_002 ('Read sentence 2 of 002')",
    ("02", "three claims"): "fact: sentence_2_of_002 (the table under it lists the three)",
    ("02", "two claims"): "a discussion prompt, not a statement about the data",
    ("03", "004 hedges"): "the article id 004 followed by the verb 'hedges'",
    ("04", "004 rows"): "the article id 004 followed by 'rows'",
    ("04", "Two rows"): "fact: hedged_specifics_beside_the_key",
    ("04", "about half"): "fact: 004_most_tool_unbacked_are_mistakes (between 40% and 60%)",
    ("05", "004 quotes"): "the article id 004 followed by the verb 'quotes'",
}


def _stated_phrases():
    for path in NOTEBOOKS:
        number = path.name[:2]
        for match in COUNT_PHRASE.finditer(_markdown(path)):
            yield number, match.group(0)


def test_every_count_in_a_lessons_prose_is_tied_to_a_check():
    loose = []
    for number, words in _stated_phrases():
        if (number, words) in STATED or ("*", words.lower()) in STATED:
            continue
        loose.append(f"notebook {number}: {words!r}")
    assert not loose, (
        "These count-like phrases in the lessons are not tied to the key by a test. Compute them in a cell, "
        "or add them to STATED with a fact that checks them:\n" + "\n".join(loose)
    )


def test_the_count_scanner_finds_what_it_should():
    # The scanner must catch the kind of typed count that drifted before.
    found = [m.group(0) for m in COUNT_PHRASE.finditer("sentences 7 and 15; 2 errors in 002; 4 of 20; about half")]
    assert "2 errors" in found and "4 of 20" in found and "about half" in found


# --------------------------------------------------------------------------- overclaiming wording

FORBIDDEN = {
    "a name that does not exist": "the reference says no such agency 'was found'",
    "by exactly that name exists": "the reference says no such agency 'was found'",
    "machine-written rewrites": "nothing in the course establishes who or what wrote 000-003",
    "weakest source in the sentence": "a source vouches only for the claim it is attached to",
    "these are not them": "a translated quote is not illegitimate",
    "translation of a translation": "teach whose translation it is; different words are not proof of invention",
    "best starting point": "004 has no outlet, byline or date: it points to the originals",
    "Teacher's notes": "teacher notes live in instructors/lesson_notes.md",
}


@pytest.mark.parametrize("path", NOTEBOOKS, ids=[p.stem for p in NOTEBOOKS])
def test_no_wording_stronger_than_the_evidence(path):
    text = _markdown(path)
    bad = [f"{phrase!r} ({why})" for phrase, why in FORBIDDEN.items() if phrase.lower() in text.lower()]
    assert not bad, f"{path.name}: " + "; ".join(bad)


# --------------------------------------------------------------------------- facts

def _says(number: str, words: str) -> None:
    """The lesson must still contain the words the fact checks (so facts cannot go stale silently)."""
    path = next(p for p in NOTEBOOKS if p.name.startswith(number))
    assert words in _markdown(path), f"{path.name} no longer says {words!r}: update the fact in this test"


def fact_no_label_on_any_article():
    _says("01", "**Every byline, outlet and date is missing**")
    for column in ("byline", "outlet", "published"):
        assert (corpus()[column].fillna("").str.strip() == "").all(), f"some article has a {column}"


def fact_lengths_01():
    _says("01", "roughly two and a half to three times as long as the others (1544 words against 543 to 627)")
    words = dict(zip(corpus()["article_id"], corpus()["words"]))
    others = [words[a] for a in ("000", "001", "002", "003")]
    assert words["004"] == 1544 and (min(others), max(others)) == (543, 627)
    # "roughly two and a half to three times": each ratio rounded to the nearest half
    low, high = round(2 * 1544 / max(others)) / 2, round(2 * 1544 / min(others)) / 2
    assert (low, high) == (2.5, 3.0), f"004 is now {1544 / max(others):.2f} to {1544 / min(others):.2f} times as long"


def fact_lengths_05():
    _says("05", "roughly two and a half to three times as long as each rewrite (1,544 words against 543 to 627)")
    fact_lengths_01()


def fact_agreement_004_lowest():
    _says("02", "the tool often gives a sentence a different source type from the key's, and most often on 004")
    table = source_agreement_by_article(key())
    shares = table.set_index("article_id")["same source type as the key"] / table.set_index("article_id")["sentences"]
    assert shares.idxmin() == "004", f"004 is no longer the article where the tool and the key agree least: {shares.round(2).to_dict()}"
    assert shares.mean() < 0.85, f"the tool now agrees with the key on {shares.mean():.0%} of sentences: 'often' overstates"


def fact_sentence_2_of_002():
    _says("02", "Read sentence 2 of 002")
    second = medialit.sentences(corpus().set_index("article_id").loc["002", "body"]).loc[1, "text"]
    assert "one source" in second and "a mosaic of carefully chosen words" in second and "heroic participation" in second
    first = medialit.sentences(corpus().set_index("article_id").loc["002", "body"]).loc[0, "text"]
    assert "CTAK" in first, "002 no longer credits the agency in sentence 1"
    row = _key_row("002", "a mosaic of carefully chosen words")
    assert row["sentence_index"] == 1 and row["source_text"] == "one source"


def fact_002_quotes_carry_on_from_anonymous_source():
    _says("02", "in each, the key finds a vague crowd behind the news")
    ledger = ledger_with_key(corpus(), "002", key())
    different = ledger[ledger["tool vs key"] == "DIFFERENT"]
    assert len(different) and (different["key says"] == "vague").all(), different[["sentence", "key says"]]
    for words in ("a select group of analysts", "those with privileged access"):
        assert different["claim"].str.contains(words, case=False).any(), words
    _says("02", "Quotes that carry on from the sentence before take that sentence's source; the tool follows them")
    carried = ledger[(ledger["key says"] == "anonymous") & (ledger["tool says"] == "anonymous")
                     & ledger["claim"].str.match(r"[\u2018'\u201c\"]")]
    assert len(carried), "the tool no longer carries 002's continued quotes to the anonymous source"


def fact_turning_point_two_unnamed_backers():
    _says("02", "The same words, two different unnamed backers")
    table = beside_key(same_claim_across(corpus(), "turning point in the SVO"), key()).set_index("article_id")
    assert table.loc["000", "key says"] == "vague" and table.loc["002", "key says"] == "vague"
    assert (table["source_type"] == "not stated").sum() == 3


def fact_002_praise_labelled_anonymous_by_both():
    _says("02", "In 002 the tool and the key both give the sentence an anonymous label")
    table = beside_key(same_claim_across(corpus(), "heroic participation"), key())
    row = table[table["article_id"] == "002"].iloc[0]
    assert row["source_type"] == "anonymous" and row["key says"] == "anonymous"


def fact_004_none_versus_named():
    _says("02", "sentences the tool calls *none* where the key says *named*")
    _says("02", "sentences the tool calls *none* where the key says *na*")
    ledger = ledger_with_key(corpus(), "004", key())
    for key_label in ("named", "na"):  # both patterns the lesson names occur in 004's ledger
        n = int(((ledger["tool says"] == "none") & (ledger["key says"] == key_label)).sum())
        assert n >= 1, f"no sentence of 004 is none by the tool and {key_label} by the key"


def fact_world_turned_its_back():
    _says("04", "The tool says the quote 'The world has turned its back on us' has a checkable source")
    table = record.specifics_with_key(corpus(), "001", key())
    row = table[table["detail"].str.contains("turned its back")].iloc[0]
    assert row["tool says"] == record.TOOL_BACKED and row["key says"] == record.KEY_UNBACKED


@pytest.mark.parametrize("article_id, fragment", [
    ("001", "liberation of the Kursk region from invaders"),
    ("002", "the peace of the Donbass"),
])
def test_fact_speakers_the_detector_missed(article_id, fragment):
    _says("04", "The detector missed these speakers; the key did not.")
    table = record.specifics_with_key(corpus(), article_id, key())
    rows = table[table["detail"].str.contains(fragment, regex=False)]
    assert len(rows), f"{article_id}: the detector no longer finds {fragment!r}"
    assert (rows["tool says"] == record.TOOL_UNBACKED).all() and (rows["key says"] == record.KEY_OTHER).all()


def fact_004_dates_agree_with_record():
    _says("04", '("March 28, 2024", "June 19, 2024"): the article names no source for them, so the tool **and** the key count them as unsupported, yet the record agrees with them')
    table = record.specifics_with_key(corpus(), "004", key())
    for date in ("March 28, 2024", "June 19, 2024"):
        row = table[table["detail"] == date].iloc[0]
        assert row["tool says"] == record.TOOL_UNBACKED and row["key says"] == record.KEY_UNBACKED, date
        assert row["record"].startswith("agrees"), date


def fact_004_most_tool_unbacked_are_mistakes():
    _says("04", "about half of the tool's \"no checkable source\" rows in 004 are the tool's mistakes (the column \"tool and key disagree\")")
    table = record.specifics_with_key(corpus(), "004", key())
    unbacked = table[table["tool says"] == record.TOOL_UNBACKED]
    share = (unbacked["tool vs key"] == "DIFFERENT").sum() / len(unbacked)
    assert 0.4 <= share <= 0.6, f"'about half' is now {share:.0%}"


def fact_biggest_gaps_in_004():
    _says("05", "The biggest gaps are in 004")
    both = profile_tool_and_key(corpus(), key())
    both = both.assign(gap=(both["tool"].astype(float) - both["key"].astype(float)).abs())
    by_article = both.groupby("article_id")["gap"].sum()
    assert by_article.idxmax() == "004"
    _says("05", "A profile built from the tool alone would have shown 004 as mostly unsourced")
    tool = medialit.profile(corpus()).set_index("article_id").loc["004"]
    truth = key_profile(corpus(), key()).set_index("article_id").loc["004"]
    claims = lambda p: p["n_named"] + p["n_anonymous"] + p["n_vague"] + p["n_none"]  # noqa: E731
    assert tool["n_none"] > claims(tool) / 2 and not truth["n_none"] > claims(truth) / 2


def fact_militant_fraternity_sentence():
    _says("05", "the tool gives 004's sentence about \"militant fraternity\" no source (DIFFERENT in the table)")
    claims = {"praise": r"heroic participation|militant fraternity"}
    row = beside_key(record.claim_sources(corpus(), claims), key()).set_index("article_id").loc["004"]
    assert row["source_type"] == "none" and row["tool vs key"] == "DIFFERENT"


def fact_three_conflicts():
    _says("06", "001's \"summer of 2023\", 003's \"late 2024\" and 003's \"first explicit acknowledgment\" conflict with the record")
    conflicts = record.record_conflicts(corpus())
    found = {(a, c) for a, c in zip(conflicts["article_id"], conflicts["claim"])}
    assert {a for a, _ in found} == {"001", "003"}
    assert any(a == "001" and "summer of 2023" in c for a, c in found)
    assert any(a == "003" and "late 2024" in c for a, c in found)
    assert any(a == "003" and "first explicit acknowledgment" in c for a, c in found)


def fact_sent_and_published():
    _says("00", "It was sent on 18 December and published on 25 December 2025 by KCNA")
    timeline = record.load_timeline()
    published = timeline[timeline["date"] == "2025-12-25"].iloc[0]
    assert "sent on 18 December" in published["event"] and "KCNA" in published["event"]
    assert (timeline["date"] == "2025-12-27").any()


def fact_gerasimov_april_2025():
    _says("04", "credited North Korean troops in April 2025 (Politico Europe, 26 April 2025)")
    row = record.load_timeline().set_index("date").loc["2025-04-26"]
    assert "credits North Korean troops" in row["event"] and row["source"].startswith("Politico Europe")


def fact_headline_directive_not_in_body():
    _says("01", "The body never mentions a directive.")
    row = corpus().set_index("article_id").loc["003"]
    assert "Directive" in row["headline"] and "directive" not in row["body"].lower()


def fact_agency_name_not_found():
    _says("06", "a name under which no agency\n  was found")
    notes = (ROOT / "data" / "reference" / "notes.md").read_text(encoding="utf-8")
    assert 'No agency called the "Pyongyang Central News Agency" was found' in notes


# --------------------------------------------------------------------------- issue 10 §5: stop, headlines, loaded words, who benefits, lateral reading

def _timeline_row(date: str):
    rows = record.load_timeline()
    rows = rows[rows["date"] == date]
    assert len(rows) == 1, f"the record has no single row dated {date}"
    return rows.iloc[0]


def _notes() -> str:
    return (ROOT / "data" / "reference" / "notes.md").read_text(encoding="utf-8")


def _body(article_id: str) -> str:
    return corpus().set_index("article_id").loc[article_id, "body"]


def fact_stop_sentences_cover_named_and_unsourced():
    # The Stop table must hold stirring sentences with and without a checkable source, or its task is empty.
    _says("01", "does the feeling come with a source you could check?")
    rows = key()[key()["text"].str.contains("ripples|in the shadows|privileged access|invisible to most")]
    assert set(rows["article_id"]) >= {"000", "001", "002", "003"}
    assert "named" in set(rows["source_type"]) and {"none", "vague"} & set(rows["source_type"])


def fact_headline_002_speculation_backed_vaguely():
    _says("01", "read 002's headline (\"... Sparks Speculation on Deepening Russia-North Korea Alliance\")")
    assert corpus().set_index("article_id").loc["002", "headline"].endswith("Sparks Speculation on Deepening Russia-North Korea Alliance")
    row = _key_row("002", "sparked quiet speculation")
    assert row["source_type"] == "vague", "lesson notes: the speculation is credited to an unidentifiable group"
    _says("01", "003's body never mentions the \"directive\" its headline promises")
    fact_headline_directive_not_in_body()


def fact_loaded_words_whose_words():
    _says("05", "TASS's paraphrase of the message has \"liberating the Kursk region from occupiers\"")
    assert "liberating the Kursk region from occupiers" in _notes()
    _says("05", "Ukraine disputed the claim (Politico Europe, 26 April 2025)")
    row = _timeline_row("2025-04-26")
    assert "'liberated'" in row["event"] and "Ukraine disputes the claim" in row["event"] and row["source"].startswith("Politico Europe")
    _says("05", "(\"the destabilizing forces unleashed by the Maidan\" in 002, \"a catalyst for the current crisis\" in 003)")
    assert "the destabilizing forces unleashed by the Maidan" in _body("002")
    assert "a catalyst for the current crisis" in _body("003") and "Maidan" in _body("003")


def fact_000_says_whose_words():
    quoted = ("Putin highlighted the role of North Korean sapper troops in the \u2018liberation of the Kursk region from "
              "invaders,\u2019 a phrase that, while not explicitly naming Ukraine, points to a direct confrontation with "
              "forces the Russian government has labeled as aggressors.")
    _says("05", quoted)
    assert quoted in _body("000")
    # the task has answers: sentences of 000-003 that use "SVO" outside quotation marks and outside reported speech
    own_voice = key()[key()["article_id"].isin(["000", "001", "002", "003"]) & key()["text"].str.contains(r"\bSVO\b")
                      & (key()["source_type"] == "none")]
    assert len(own_voice), "no sentence of 000-003 uses 'SVO' with no source: the lesson 05 task has no answer"


def fact_who_benefits_table():
    _says("05", "North Korea's state news agency ([state media](glossary.md)); it published Putin's message (`data/reference/notes.md`)")
    assert "North Korea's state news agency is the Korean Central News Agency (KCNA)" in _notes()
    assert "published by KCNA on 25 Dec 2025" in _notes()
    _says("05", "they are \"not independently verified\" (timeline, 13 Dec 2025)")
    assert "not independently verified" in _timeline_row("2025-12-13")["event"]
    _says("05", "South Korea, the US, Japan and others set it up in Seoul (timeline, 16 Oct 2024)")
    assert re.search(r"South Korea, the US, Japan, .*launch the Multilateral Sanctions Monitoring Team \(MSMT\) in Seoul",
                     _timeline_row("2024-10-16")["event"])
    _says("05", "(\"those with privileged access\", 002)")
    assert "those with privileged access" in _body("002")


def fact_interested_source_matched_by_others():
    _says("05", "when KCNA carried a statement in April 2025 that North Korean units had fought in the Kursk region")
    assert "KCNA carries a statement" in _timeline_row("2025-04-28")["event"] and "fought in the Kursk region" in _timeline_row("2025-04-28")["event"]
    _says("05", "South Korea's intelligence service and the US defence secretary had said in October 2024")
    assert "troops to Russia" in _timeline_row("2024-10-18")["event"] and "National Intelligence Service" in _timeline_row("2024-10-18")["event"]
    assert "North Korean troops in Russia" in _timeline_row("2024-10-23")["event"] and "Defense Secretary" in _timeline_row("2024-10-23")["event"]


def fact_russian_statements_before_the_message():
    _says("06", "Russia's chief of general staff credited North Korean troops on\n  26 April 2025 (Politico Europe)")
    assert "publicly credits North Korean troops for the first time" in _timeline_row("2025-04-26")["event"]
    _says("06", "(North Korea's own statement, not a\n  Russian one)")
    assert _timeline_row("2025-04-28")["event"].startswith("North Korea's state news agency KCNA")
    _says("06", "Sergei Shoigu on North Korean sappers and builders for Kursk (17 June 2025, reported by TASS)")
    shoigu = _timeline_row("2025-06-17")
    assert "Shoigu" in shoigu["event"] and "sappers" in shoigu["event"] and shoigu["source"].startswith("TASS")
    _says("06", "Alexander Khinshtein on their demining (13 December 2025)")
    assert "Khinshtein" in _timeline_row("2025-12-13")["event"]
    _says("06", "published by KCNA on\n  25 December 2025, came about eight months after the first")
    assert "KCNA publishes Putin's New Year message" in _timeline_row("2025-12-25")["event"]
    from datetime import date
    gap = date.fromisoformat(str(_timeline_row("2025-12-25")["date"])[:10]) - date.fromisoformat(str(_timeline_row("2025-04-26")["date"])[:10])
    assert round(gap.days / (365.25 / 12)) == 8, gap


def fact_hedged_specifics_beside_the_key():
    table = record.hedged_specifics_with_key(corpus(), key())
    different = table[table["tool vs key"] == "DIFFERENT"]
    _says("04", "Two rows are marked DIFFERENT")
    assert len(different) == 2, different
    _says("04", "In 002's sentence 11, \"suggested\" is the diplomat's verb of saying")
    row = table[(table["article_id"] == "002") & (table["sentence_number"] == 11)].iloc[0]
    assert row["tool vs key"] == "DIFFERENT" and "suggested" in row["hedges"] and row["key's hedges"] == "none"
    assert row["key: unsupported specific"] == "yes"
    _says("04", "In 004's table row (sentence 13)")
    row = table[(table["article_id"] == "004") & (table["sentence_number"] == 13)].iloc[0]
    assert row["tool vs key"] == "DIFFERENT" and row["key: unsupported specific"] == "no"
    assert "Table row" in _key_row("004", "is described as sharing “blood, life and death”")["notes"]


def fact_byo_sample_marks():
    from medialit import byo

    nb = json.loads((ROOT / "notebooks" / "07_bring_your_own_article.ipynb").read_text(encoding="utf-8"))
    code = next("".join(c["source"]) for c in nb["cells"] if c["cell_type"] == "code" and "sample = " in "".join(c["source"]))
    sample = re.search(r"sample = \'\'\'(.*?)\'\'\'", code, re.S).group(1)
    labels = byo.report(sample).labels
    _says("07", "It found \"the city council said in a statement\" (named)")
    assert labels.iloc[0]["source_type"] == "named"
    _says("07", "engineer … speaking on condition of anonymity\" (anonymous). Yet sentence 3 also carries **UNSUPPORTED**")
    assert labels.iloc[2]["source_type"] == "anonymous" and labels.iloc[2]["unsupported_specific"]
    _says("07", "Sentence 2's figure and \"the most expensive work\" rest on \"officials close to the\nproject\" (vague)")
    assert labels.iloc[1]["source_type"] == "vague" and labels.iloc[1]["unsupported_specific"]


def fact_byo_table_is_the_tools_view():
    _says("07", "(for 004 the tool finds far\n  more unsupported specifics than the key does)")
    tool = medialit.profile(corpus()).set_index("article_id").loc["004", "unsupported_specifics"]
    truth = key_profile(corpus(), key()).set_index("article_id").loc["004", "unsupported_specifics"]
    assert tool >= 2 * truth, (tool, truth)


def fact_background_from_the_timeline():
    _says("00", "On 6 August 2024 Ukrainian forces crossed into Russia's Kursk region (The Moscow Times)")
    assert "Kursk" in _timeline_row("2024-08-06")["event"] and _timeline_row("2024-08-06")["source"].startswith("The Moscow Times")
    _says("00", "From October 2024, South Korean and US officials said North Korean troops had been sent to Russia (KBS World, CNN)")
    assert _timeline_row("2024-10-18")["source"].startswith("KBS World") and _timeline_row("2024-10-23")["source"].startswith("CNN")
    _says("00", "a claim Ukraine disputed (Politico Europe), and North Korea's state news agency confirmed that its units had fought there")
    assert "Ukraine disputes the claim" in _timeline_row("2025-04-26")["event"]
    assert "fought in the Kursk region" in _timeline_row("2025-04-28")["event"]


def fact_lateral_top_result_sponsored_fiction():
    from medialit import lateral

    _says("06", "**Result A is on top because someone paid for it** (\"Sponsored\")")
    results = lateral.search_results()
    top = results.iloc[0]
    assert top["label"] == "Sponsored" and top["fictional"] and top["date"] == "none shown"
    assert all(w in top["title"] for w in ("SHOCKING", "Secret", "Hidden"))
    _says("06", "it repeats the \"Pyongyang Central News Agency (CTAK)\" of articles 000-002")
    assert "Pyongyang Central News Agency (CTAK)" in top["snippet"]
    using = {a for a in ("000", "001", "002", "003", "004") if "Pyongyang Central News Agency (CTAK)" in _body(a)}
    assert using == {"000", "001", "002"}, using


def fact_lateral_copies():
    from medialit import lateral

    _says("06", "**Result B says it is a copy**: a Reuters report republished on another site")
    results = lateral.search_results().set_index("result")
    assert results.loc["B", "copy_of"] == "Reuters" and not results.loc["B", "fictional"]
    _says("06", "C quotes KCNA's English version of the message, D paraphrases it")
    assert "KCNA's English version" in results.loc["C", "snippet"] and "paraphrase" in results.loc["D", "snippet"]
    copies = lateral.record_copies().set_index("date")
    _says("06", "the page you found is Global Banking and Finance Review's copy; the report it copies is Reuters'")
    assert copies.loc["2025-12-25", "original to find"] == "Reuters"
    assert "Reuters" in _notes() and "In KCNA's English version, as quoted by Reuters" in _notes()
    _says("06", "the record's row of 28 March 2024 cites a \"syndicated copy\" of an AP report on a local news site")
    assert copies.loc["2024-03-28", "original to find"] == "AP" and "localnews" in copies.loc["2024-03-28", "carried by"]


def fact_lateral_planted_errors():
    from medialit import lateral

    _says("06", "Results E and F (invented sites) carry errors of those kinds")
    errors = lateral.reported_errors()
    assert set(errors["result"]) == {"E", "F"}
    assert lateral.search_results().set_index("result").loc[["E", "F"], "fictional"].all()
    _says("06", "A garbled name such as \"Kurilsk\" or \"CPTAK\"")
    assert {"Kurilsk", "CPTAK"} <= set(errors["says"]) and "Kurilsk" in lateral.errors_in_notes()


def fact_004_source_named_once_then_reported():
    _says("02", "004 sometimes names its source once (\"The Dec. 18 message drew attention because it highlighted ...\")")
    tool = medialit.label_sentences(corpus().set_index("article_id").loc["004", "body"])
    rows = key()[key()["article_id"] == "004"].set_index("sentence_index")
    for fragment in ("The Dec. 18 message drew attention", "It praised the participation of North Korean soldiers"):
        hit = tool[tool["text"].str.startswith(fragment)]
        assert len(hit) == 1, fragment
        index = int(hit.index[0])
        assert hit["source_type"].iloc[0] == "none" and rows.loc[index, "source_type"] == "named", fragment


FACTS = [value for name, value in sorted(globals().items()) if name.startswith("fact_")]


@pytest.mark.parametrize("fact", FACTS, ids=[f.__name__[5:] for f in FACTS])
def test_lesson_statement_agrees_with_the_data(fact):
    fact()


def test_every_stated_fact_is_checked():
    names = {f.__name__[5:] for f in FACTS}
    cited = {why.split("fact: ", 1)[1].split()[0] for why in STATED.values() if why.startswith("fact: ")}
    assert cited <= names, f"STATED cites facts that do not exist: {sorted(cited - names)}"
