"""find_hedges: hedges and boosters, on real sentences from the five articles."""
import pandas as pd
import pytest

import medialit
from support import sentence_with
from medialit.hedges import HEDGE_COLUMNS


def cues(text: str, kind: str | None = None) -> list[str]:
    found = medialit.find_hedges(text)
    if kind:
        found = found[found["kind"] == kind]
    return found["cue"].tolist()


def test_empty_text_gives_empty_table_with_columns_and_dtypes():
    out = medialit.find_hedges("")
    assert out.empty
    assert list(out.columns) == list(HEDGE_COLUMNS)
    assert {c: str(t) for c, t in out.dtypes.items()} == HEDGE_COLUMNS


def test_month_may_is_not_a_hedge(bodies):
    sentence = sentence_with(bodies["004"], "In May 2025, that mechanism issued")
    assert "may" not in [c.lower() for c in cues(sentence)]
    assert cues("The first report appeared on May 29, 2025.") == []
    assert cues("In May the talks resumed.") == []


def test_modal_may_is_a_hedge(bodies):
    sentence = sentence_with(bodies["000"], "North Korea may play an even more prominent role")
    assert "may" in cues(sentence, "hedge")
    assert cues("May the talks succeed this time.", "hedge") == ["May"]


def test_could_of_past_ability_is_not_a_hedge():
    assert cues("He could not swim as a child.") == []
    assert cues("From the ridge the soldiers could see the river.") == []
    assert cues("She couldn't remember the date.") == []


def test_could_of_possibility_is_a_hedge(bodies):
    sentence = sentence_with(bodies["000"], "This could include expanded military collaboration")
    assert cues(sentence, "hedge") == ["could"]


def test_reportedly_is_hearsay(bodies):
    sentence = sentence_with(bodies["002"], "The message, which reportedly includes")
    found = medialit.find_hedges(sentence)
    row = found[found["cue"] == "reportedly"].iloc[0]
    assert row["kind"] == "hedge" and row["category"] == "hearsay"
    assert "who" in row["explanation"]


def test_is_said_to_and_suggests(bodies):
    assert "is said to" in cues(bodies["002"], "hedge")
    sentence = sentence_with(bodies["000"], "suggests an unprecedented level of transparency")
    assert cues(sentence) == ["suggests", "unprecedented", "perhaps"]
    assert medialit.find_hedges(sentence)["kind"].tolist() == ["hedge", "booster", "hedge"]


def test_boosters_from_the_articles(bodies):
    assert "one thing is clear" in cues(bodies["000"], "booster")
    assert "the stakes have never been higher" in cues(bodies["003"], "booster")
    assert "the message is clear" in cues(bodies["002"], "booster")
    assert "not merely" in cues(bodies["000"], "booster")


# --------------------------------------------------------------------------- the rule book (data/annotations/README.md)

def test_evaluative_adjectives_are_not_boosters(bodies):
    # Rule B5: "pivotal", "crucial", "critical" judge importance; they do not claim certainty.
    assert cues(sentence_with(bodies["001"], "is pivotal to Russia")) == []
    assert cues(sentence_with(bodies["004"], "That backdrop is crucial")) == []
    assert cues(sentence_with(bodies["003"], "could provide a critical boost")) == ["could"]
    assert cues("A significant and notable step.") == []


def test_explicitly_and_plain_ordinals_are_not_boosters(bodies):
    sentence = sentence_with(bodies["000"], "Putin explicitly lauded")
    assert cues(sentence, "booster") == []
    assert cues(sentence_with(bodies["004"], "First, it provides political cover.")) == []
    assert cues(sentence_with(bodies["004"], "its first major report")) == ["alleged"]


def test_certainty_frames_minimising_contrasts_and_hype(bodies):
    # Rules B1-B4, by what the words do.
    assert cues(sentence_with(bodies["004"], "the central point is straightforward"), "booster") == [
        "the central point is straightforward"]
    assert cues(sentence_with(bodies["004"], "sets a clear tone"), "booster") == ["sets a clear tone"]
    assert cues(sentence_with(bodies["003"], "extends beyond symbolic gestures"), "booster") == ["beyond symbolic"]
    assert cues(sentence_with(bodies["000"], "goes beyond mere praise"), "booster") == ["beyond mere"]
    assert cues(sentence_with(bodies["000"], "sent ripples through the corridors"), "booster") == ["sent ripples through"]
    assert cues(sentence_with(bodies["003"], "This marks the first explicit acknowledgment"), "booster") == [
        "the first explicit acknowledgment"]
    # "straightforward" on its own describes a task, not a certainty frame
    assert cues("The repair was straightforward.") == []


def test_potential_apparently_and_agentless_belief_are_hedges(bodies):
    # Rule H1.
    assert cues(sentence_with(bodies["004"], "potential benefits"), "hedge") == ["potential"]
    assert cues("Potential buyers apparently waited.", "hedge") == ["Potential", "apparently"]
    assert cues("The envoy is believed to have left; the talks are thought to continue.", "hedge") == [
        "is believed to", "are thought to"]
    assert cues(sentence_with(bodies["004"], "tend to drive international reactions"), "hedge") == ["tend to"]
    assert cues(sentence_with(bodies["004"], "typically tightly manages"), "hedge") == ["typically"]


def test_allegations_are_a_hedge_except_in_a_reported_denial(bodies):
    # Rules H2 and H3.
    assert "allegations" in cues(sentence_with(bodies["004"], "because the allegations involve"), "hedge")
    assert cues("The ministry denied the allegations on Monday.") == []
    assert cues("Both governments rejected allegations of arms sales.") == []
    # the noun "claims" and the other side's "accusations" are not hedges
    assert cues(sentence_with(bodies["004"], "consistently rejected accusations")) == []
    assert cues(sentence_with(bodies["004"], "have made specific claims")) == []


def test_veiled_references_are_a_reading_not_a_hedge(bodies):
    sentence = sentence_with(bodies["002"], "has been interpreted by some as a veiled reference")
    assert cues(sentence) == []


def test_no_hedges_in_a_plain_factual_sentence(bodies):
    sentence = sentence_with(bodies["004"], "The exchange came after North Korean state media said")
    assert cues(sentence) == []


def test_offsets_point_at_the_cue_and_rows_are_sorted(bodies):
    for body in bodies.values():
        found = medialit.find_hedges(body)
        assert len(found) > 0
        assert all(body[s:e] == c for s, e, c in zip(found["start"], found["end"], found["cue"]))
        assert found["start"].is_monotonic_increasing
        assert (found["start"].iloc[1:].to_numpy() >= found["end"].iloc[:-1].to_numpy()).all()
        assert found["explanation"].str.len().min() > 10


def test_crlf_bom_and_straight_quotes_give_the_same_cues(bodies):
    clean = bodies["001"]
    messy = "\ufeff" + clean.replace("\u2019", "'").replace("\u2018", "'").replace("\n", "\r\n")
    a = medialit.find_hedges(clean)
    b = medialit.find_hedges(messy)
    assert a[["cue", "kind", "category"]].equals(b[["cue", "kind", "category"]])
    assert all(messy[s:e] == c for s, e, c in zip(b["start"], b["end"], b["cue"]))


def test_returns_a_dataframe_for_a_single_word():
    out = medialit.find_hedges("Reportedly")
    assert isinstance(out, pd.DataFrame)
    assert out.to_dict("records")[0]["start"] == 0 and out["end"].iloc[0] == len("Reportedly")
