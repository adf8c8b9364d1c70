"""find_specifics and find_access_claims, on real sentences from the five articles."""
import pytest

import medialit
from support import sentence_with
from medialit.specifics import ACCESS_COLUMNS, SPECIFIC_COLUMNS


def specifics(text: str) -> list[tuple[str, str, bool]]:
    found = medialit.find_specifics(text)
    return list(zip(found["text"], found["kind"], found["supported"]))


def test_empty_text():
    for fn, cols in ((medialit.find_specifics, SPECIFIC_COLUMNS), (medialit.find_access_claims, ACCESS_COLUMNS)):
        out = fn("")
        assert out.empty and list(out.columns) == list(cols)
        assert {c: str(t) for c, t in out.dtypes.items()} == cols


def test_governor_numbers_are_supported(bodies):
    sentence = sentence_with(bodies["004"], "A public statement attributed to the Kursk region")
    found = specifics(sentence)
    assert ("nearly 42,400 hectares", "number", True) in found
    assert any(t.startswith("more than 1.5 million") and k == "number" and s for t, k, s in found)


def test_first_explicit_acknowledgment_is_an_unsupported_superlative(bodies):
    sentence = sentence_with(bodies["003"], "This marks the first explicit acknowledgment")
    assert specifics(sentence) == [("the first explicit acknowledgment", "superlative", False)]


def test_dates(bodies):
    assert ("in the summer of 2023", "date", False) in specifics(bodies["001"])
    assert ("late 2024", "date", False) in specifics(bodies["003"])
    found = [t for t, k, _ in specifics(bodies["004"]) if k == "date"]
    for date in ("Dec. 27", "March 28, 2024", "May 29, 2025", "Dec. 18 & Dec. 27, 2025", "May 2025"):
        assert date in found
    # rule U1: a year on its own is a specific too ("going into 2026")
    assert "2026" in found


def test_years_count_but_not_inside_figures_or_percentages():
    found = specifics("Signed in 2024, post-2014 rules, the 1990s, 2025% growth, 2,024 troops and $2024 paid.")
    years = [t for t, k, _ in found if k == "date"]
    assert years == ["2024", "post-2014", "1990s"]
    assert ("2,024 troops", "number", False) in found


def test_scare_quotes_are_not_quotations_but_named_quotes_are():
    # rule U2: one or two words in quotation marks, given to no one, are the writer's words
    assert specifics("The talks showed 'mutual trust' between them.") == []
    assert specifics("Putin praised their 'heroic participation', the Kremlin said.") == [
        ("'heroic participation'", "quote", True)]
    three = specifics("The text spoke of 'unbreakable combat brotherhood' between them.")
    assert three == [("'unbreakable combat brotherhood'", "quote", False)]


def test_numbers_in_words_and_figures():
    found = specifics("The unit lost nine men; about 12,000 troops and 2.5% of them; the two nations.")
    assert ("nine", "number", False) in found
    assert ("about 12,000 troops", "number", False) in found
    assert ("2.5%", "number", False) in found
    assert not any(t.startswith("two") for t, _, _ in found)


def test_superlatives(bodies):
    assert ("the most enduring", "superlative", False) in specifics(bodies["001"])
    # rule U2: rhetorical superlatives are boosters (B3), not specifics
    assert not any("never been higher" in t for t, _, _ in specifics(bodies["003"]))
    assert not any("unprecedented" in t for t, _, _ in specifics(bodies["000"]))


def test_quotes_straight_and_curly_and_apostrophes():
    curly = "Putin praised the \u2018heroic participation\u2019 and Kim the \u201cblood\u201d alliance."
    straight = curly.replace("\u2018", "'").replace("\u2019", "'").replace("\u201c", '"').replace("\u201d", '"')
    for text in (curly, straight):
        found = medialit.find_specifics(text)
        assert found["kind"].tolist() == ["quote", "quote"]
        assert [t[1:-1] for t in found["text"]] == ["heroic participation", "blood"]
    # apostrophes inside a quotation do not close it
    text = "He said: \u2018They\u2019ve adapted their techniques to Russia\u2019s needs.\u2019 Then he left."
    found = specifics(text)
    assert found == [("\u2018They\u2019ve adapted their techniques to Russia\u2019s needs.\u2019", "quote", False)]


def test_quote_backed_by_a_named_source(bodies):
    sentence = sentence_with(bodies["000"], "According to the Pyongyang Central News Agency (CTAK)")
    assert ("\u2018heroic participation\u2019", "quote", True) in specifics(sentence)
    sentence = sentence_with(bodies["002"], "described by one source as")
    assert all(not s for _, _, s in specifics(sentence))  # an anonymous source does not back it


def test_specifics_offsets(bodies):
    for body in bodies.values():
        found = medialit.find_specifics(body)
        assert found["start"].is_monotonic_increasing
        assert all(body[s:e] == t for s, e, t in zip(found["start"], found["end"], found["text"]))


def test_access_claims(bodies):
    found = medialit.find_access_claims(bodies["001"])["cue"].tolist()
    for cue in ("closed-door", "shrouded in secrecy", "select few", "inner circle", "in the shadows"):
        assert cue in found
    found = medialit.find_access_claims(bodies["002"])["cue"].tolist()
    for cue in ("restricted circles", "access to restricted data", "privileged access", "access to classified diplomatic channels"):
        assert cue in found


def test_unclassified_is_not_classified(bodies):
    sentence = sentence_with(bodies["002"], "according to unclassified military reports")
    assert medialit.find_access_claims(sentence).empty


def test_no_access_claim_in_the_explainer(bodies):
    assert medialit.find_access_claims(bodies["004"]).empty
