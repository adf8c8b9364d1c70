"""find_attributions: who says so, on real sentences from the five articles."""
import pytest

import medialit
from support import sentence_with
from medialit.sources import ATTRIBUTION_COLUMNS


def rows(text: str) -> list[tuple[str, str, str]]:
    found = medialit.find_attributions(text)
    return list(zip(found["source"], found["cue"], found["source_type"]))


def test_empty_text():
    out = medialit.find_attributions("")
    assert out.empty and list(out.columns) == list(ATTRIBUTION_COLUMNS)
    assert {c: str(t) for c, t in out.dtypes.items()} == ATTRIBUTION_COLUMNS


def test_insiders_familiar_with_the_operation_is_vague(bodies):
    sentence = sentence_with(bodies["001"], "according to insiders familiar with the operation")
    assert ("insiders familiar with the operation", "according to", "vague") in rows(sentence)


def test_senior_diplomat_on_condition_of_anonymity_is_anonymous(bodies):
    sentence = sentence_with(bodies["002"], "A senior Russian diplomat, speaking on condition of anonymity")
    found = rows(sentence)
    assert len(found) == 1
    source, cue, kind = found[0]
    assert source == "A senior Russian diplomat, speaking on condition of anonymity"
    assert cue == "suggested" and kind == "anonymous"


def test_kursk_governor_is_named(bodies):
    sentence = sentence_with(bodies["004"], "A public statement attributed to the Kursk region")
    source, cue, kind = rows(sentence)[0]
    assert source.startswith("the Kursk region") and source.endswith("governor")
    assert cue == "attributed to" and kind == "named"


def test_news_agency_and_state_media_are_named(bodies):
    assert ("the Pyongyang Central News Agency (CTAK)", "According to", "named") in rows(bodies["000"])
    assert ("the CTAK", "According to", "named") in rows(bodies["003"])
    assert ("North Korean state media", "said", "named") in rows(bodies["004"])


def test_said_before_a_clause_takes_the_source_before_it(bodies):
    # "... state media said Kim received ...": Kim is what was said, not who said it
    sentence = sentence_with(bodies["004"], "North Korean state media said Kim received")
    assert [r[0] for r in rows(sentence)] == ["North Korean state media"]


def test_quoted_speaker_after_the_quote(bodies):
    found = rows(bodies["001"])
    assert ("one Russian military officer, speaking on condition of anonymity", "said", "anonymous") in found
    # words inside the quotation are not sources
    assert not any(r[0].startswith("The North Koreans") for r in found)


def test_anonymous_and_vague_groups_in_002(bodies):
    found = rows(bodies["002"])
    assert ("one source", "described by", "anonymous") in found
    assert ("One anonymous source", "described", "anonymous") in found
    assert ("a defense analyst with access to restricted data", "said", "anonymous") in found
    assert ("Some analysts", "believe", "vague") in found
    assert ("Others", "see it as", "vague") in found
    assert ("", "has been interpreted by some", "vague") in found


def test_markers_name_nobody():
    found = medialit.find_attributions("The unit is said to have left. It reportedly returned.")
    assert found["source"].tolist() == ["", ""]
    assert found["cue"].tolist() == ["is said to", "reportedly"]
    assert set(found["source_type"]) == {"vague"}


def test_a_name_without_a_reporting_cue_is_not_an_attribution():
    assert rows("Putin's New Year message reached Pyongyang in December.") == []
    # a passive "was emphasized" does not make the word before it a source
    assert rows("Theme What was emphasized Why it stands out") == []


def test_span_is_the_source_or_else_the_cue(bodies):
    for body in bodies.values():
        found = medialit.find_attributions(body)
        assert found["start"].is_monotonic_increasing
        for s, e, source, cue in zip(found["start"], found["end"], found["source"], found["cue"]):
            assert body[s:e] == (source or cue)
            assert cue and cue in body


def test_every_article_has_attributions_of_the_expected_kinds(bodies):
    kinds = {aid: set(medialit.find_attributions(b)["source_type"]) for aid, b in bodies.items()}
    assert kinds["002"] == {"named", "anonymous", "vague"}
    assert "named" in kinds["004"]


def test_possessive_speaker_with_a_speech_noun_is_named(bodies):
    sentence = sentence_with(bodies["000"], "emphasis on \u2018unbreakable friendship")
    assert ("The Russian leader", "emphasis on", "named") in rows(sentence)
    sentence = sentence_with(bodies["001"], "delivered in a tone of solemnity")
    assert ("Putin\u2019s remarks", "highlighted", "named") in rows(sentence)
