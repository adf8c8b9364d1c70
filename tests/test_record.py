"""Checking the articles against the record: medialit.record."""
import csv

import pandas as pd
import pytest

import medialit
from medialit import record
from medialit.errors import ArticleInputError, DataFileError
from medialit.paths import data_dir
from medialit.text import normalize

TIMELINE_HEADER = "date,event,kind,source,source_url\n"
GOOD_ROW = '2024-08-06,"Incursion begins.",record,"The Moscow Times, 6 August 2024",https://example.org/a\n'


@pytest.fixture(scope="module")
def corpus():
    return medialit.load_corpus()


@pytest.fixture(scope="module")
def timeline():
    return record.load_timeline()


def _write(path, text):
    path.write_text(text, encoding="utf-8")
    return path


# --------------------------------------------------------------------------- load_timeline

def test_timeline_matches_the_csv_and_keeps_every_citation(timeline):
    with (data_dir() / "reference" / "timeline.csv").open(encoding="utf-8", newline="") as handle:
        raw = list(csv.DictReader(handle))
    assert list(timeline.columns) == record.TIMELINE_COLUMNS
    assert len(timeline) == len(raw)
    assert timeline["date"].is_monotonic_increasing
    assert pd.api.types.is_datetime64_any_dtype(timeline["date"])
    assert set(timeline["kind"]) <= set(record.TIMELINE_KINDS)
    assert timeline["source"].str.len().gt(0).all()
    assert timeline["source_url"].str.match(r"https?://").all()
    assert set(timeline["source_url"]) == {r["source_url"] for r in raw}


@pytest.mark.parametrize(
    "text, line, words",
    [
        ("when,event,kind,source,source_url\n" + GOOD_ROW, 1, "header"),
        (TIMELINE_HEADER + GOOD_ROW + "2024-13-01,x,record,s,https://e.org\n", 3, "calendar date"),
        (TIMELINE_HEADER + "6 Aug 2024,x,record,s,https://e.org\n", 2, "YYYY-MM-DD"),
        (TIMELINE_HEADER + GOOD_ROW + "2024-08-07,x,rumour,s,https://e.org\n", 3, "kind"),
        (TIMELINE_HEADER + "2024-08-07,x,record,,https://e.org\n", 2, "source is empty"),
        (TIMELINE_HEADER + "2024-08-07,x,record,s,not a link\n", 2, "web address"),
        (TIMELINE_HEADER + GOOD_ROW + "2024-08-07,x,record,s\n", 3, "expected 5 fields"),
    ],
)
def test_broken_timeline_names_file_and_line(tmp_path, text, line, words):
    path = _write(tmp_path / "timeline.csv", text)
    with pytest.raises(DataFileError) as err:
        record.load_timeline(path)
    message = str(err.value)
    assert "timeline.csv" in message
    assert f"line {line}" in message
    assert words in message


def test_missing_or_empty_timeline_says_what_to_do(tmp_path):
    with pytest.raises(DataFileError, match="missing.*Restore"):
        record.load_timeline(tmp_path / "timeline.csv")
    with pytest.raises(DataFileError, match="no rows"):
        record.load_timeline(_write(tmp_path / "timeline.csv", TIMELINE_HEADER))


# --------------------------------------------------------------------------- claim checks

CHECKS_HEADER = "pattern,article,timeline_date,verdict,explanation\n"


@pytest.mark.parametrize(
    "row, words",
    [
        ('in late 2024,003,2024-08-05,conflicts,"x"\n', "not a date in timeline.csv"),
        (',003,2024-08-06,conflicts,"x"\n', "pattern is empty"),
        ('in late 2024,3,2024-08-06,conflicts,"x"\n', "three digits"),
        ('in late 2024,003,2024-08-06,wrong,"x"\n', "verdict"),
        ('in late 2024,003,2024-08-06,conflicts,\n', "explanation is empty"),
    ],
)
def test_broken_claim_checks_name_file_and_line(tmp_path, timeline, row, words):
    path = _write(tmp_path / "claim_checks.csv", CHECKS_HEADER + 'x,001,2024-08-06,agrees,"ok"\n' + row)
    with pytest.raises(DataFileError) as err:
        record.load_claim_checks(path, timeline=timeline)
    assert "claim_checks.csv, line 3" in str(err.value)
    assert words in str(err.value)


def test_rule_words_are_plain_text_not_regular_expressions(timeline):
    rules = pd.DataFrame([{"pattern": "Dec. 18 (sent)", "article": "*", "timeline_date": pd.Timestamp("2025-12-25"),
                           "verdict": "agrees", "explanation": "x", "line": 2}])
    text = pd.DataFrame({"article_id": ["009"], "body": ["Putin wrote on DEC.  18 (sent) and Dec 18 (sent)."]})
    found = record.record_checks(text, timeline, rules)
    assert found["claim"].tolist() == ["DEC.  18 (sent)"]


def test_every_shipped_rule_matches_its_article(corpus):
    """A rule whose words no longer occur in its article would silently stop checking anything."""
    rules = record.load_claim_checks()
    checked = record.record_checks(corpus)
    found = set(zip(checked["article_id"], checked["timeline_date"], checked["explanation"]))
    for rule in rules.itertuples(index=False):
        assert (rule.article, rule.timeline_date.date().isoformat(), rule.explanation) in found, rule.pattern


# --------------------------------------------------------------------------- conflicts with the record

def test_the_three_known_conflicts_are_found_with_their_citations(corpus, timeline):
    conflicts = record.record_conflicts(corpus)
    assert list(conflicts.columns) == record.RECORD_CHECK_COLUMNS
    assert set(conflicts["verdict"]) == {"conflicts"}
    pairs = set(zip(conflicts["article_id"], conflicts["claim"].map(str.lower), conflicts["timeline_date"]))
    assert ("001", "in the summer of 2023", "2024-08-06") in pairs
    assert ("001", "in the summer of 2023", "2024-10-18") in pairs
    assert ("003", "incursion in late 2024", "2024-08-06") in pairs
    assert ("003", "first explicit acknowledgment", "2025-04-26") in pairs
    by_date = timeline.set_index(timeline["date"].dt.strftime("%Y-%m-%d"))
    bodies = dict(zip(corpus["article_id"], corpus["body"]))
    for row in conflicts.itertuples(index=False):
        assert row.source == by_date.loc[row.timeline_date, "source"]
        assert row.source_url == by_date.loc[row.timeline_date, "source_url"]
        assert bodies[row.article_id][row.start:row.end] == row.claim
        assert row.claim in row.sentence


def test_article_004_has_no_conflicts_and_agreements_are_separate(corpus):
    checks = record.record_checks(corpus)
    conflicts = record.record_conflicts(corpus)
    assert "004" not in set(conflicts["article_id"])
    assert (checks["verdict"] == "agrees").sum() + len(conflicts) == len(checks)
    assert {"000", "001", "002", "003", "004"} <= set(checks.loc[checks["verdict"] == "agrees", "article_id"])


def test_rules_follow_the_text_not_the_article_number(tmp_path, timeline):
    """The same words in another text are checked too, with curly quotes and CRLF line ends."""
    text = "Headline\r\n\r\nThe units arrived \u201cin the summer of 2023\u201d, an insider said."
    mine = pd.DataFrame({"article_id": ["001"], "body": [text]})
    conflicts = record.record_conflicts(mine)
    assert list(conflicts["claim"].unique()) == ["in the summer of 2023"]
    other = pd.DataFrame({"article_id": ["002"], "body": [text]})
    assert record.record_conflicts(other).empty
    any_article = _write(tmp_path / "checks.csv", CHECKS_HEADER + 'summer of 2023,*,2024-08-06,conflicts,"too early"\n')
    rules = record.load_claim_checks(any_article, timeline=timeline)
    assert record.record_conflicts(other, checks=rules)["article_id"].tolist() == ["002"]


def test_empty_corpus_gives_empty_tables_with_columns():
    empty = pd.DataFrame({"article_id": pd.Series([], dtype=object), "body": pd.Series([], dtype=object)})
    assert list(record.record_conflicts(empty).columns) == record.RECORD_CHECK_COLUMNS
    assert record.record_conflicts(empty).empty


def test_a_table_without_body_is_refused():
    with pytest.raises(ArticleInputError, match="article_id' and 'body"):
        record.record_conflicts(pd.DataFrame({"text": ["x"]}))


# --------------------------------------------------------------------------- dates

@pytest.mark.parametrize(
    "text, first, last",
    [
        ("Dec. 18", "2025-12-18", "2025-12-18"),
        ("March 28, 2024", "2024-03-28", "2024-03-28"),
        ("28 March 2024", "2024-03-28", "2024-03-28"),
        ("October 2024", "2024-10-01", "2024-10-31"),
        ("in the summer of 2023", "2023-06-01", "2023-08-31"),
        ("in late 2024", "2024-09-01", "2024-12-31"),
        ("winter 2024", "2024-12-01", "2025-02-28"),
        ("2026", "2026-01-01", "2026-12-31"),
        ("Dec. 18 & Dec. 27, 2025", "2025-12-18", "2025-12-27"),
        ("18 Dec and 27 Dec 2024", "2024-12-18", "2024-12-27"),
    ],
)
def test_date_interval(text, first, last):
    assert record.date_interval(text) == (pd.Timestamp(first), pd.Timestamp(last))


@pytest.mark.parametrize("text", ["the past decade", "post-2014", "over the past year", "Feb. 30"])
def test_relative_or_impossible_dates_are_not_placed(text):
    start, end = record.date_interval(text)
    assert pd.isna(start) and pd.isna(end)


def test_dated_claims_place_001_and_003_as_conflicts(corpus):
    claims = record.dated_claims(corpus)
    assert list(claims.columns) == record.DATED_CLAIM_COLUMNS
    bodies = dict(zip(corpus["article_id"], corpus["body"]))
    for row in claims.itertuples(index=False):
        assert bodies[row.article_id][row.start:row.end] == row.claim
        assert row.verdict in {"conflicts", "agrees", "not checked"}
    summer = claims[claims["claim"].str.contains("summer of 2023")]
    assert summer["article_id"].tolist() == ["001"]
    assert summer["verdict"].tolist() == ["conflicts"]
    assert summer["date_from"].iloc[0] == pd.Timestamp("2023-06-01")
    late = claims[(claims["article_id"] == "003") & claims["claim"].str.contains("late 2024")]
    assert late["verdict"].tolist() == ["conflicts"]
    # the same words in 004 ("troop deployments beginning in late 2024") agree with the record
    assert set(claims.loc[claims["article_id"] == "004", "verdict"]) <= {"agrees", "not checked"}


# --------------------------------------------------------------------------- chart

def test_plot_timeline_states_its_message_and_keeps_citations(corpus, timeline):
    claims = record.dated_claims(corpus)
    fig = record.plot_timeline(timeline, claims)
    ax = fig.axes[0]
    title = ax.get_title(loc="left")
    assert title == record.timeline_title(claims)
    assert "001" in title and "003" in title
    assert ax.get_xlabel() and ax.get_ylabel()
    assert ax.get_legend() is not None
    texts = "\n".join(t.get_text() for t in ax.texts)
    for source in timeline["source"]:
        assert source in texts
    labels = [t.get_text() for t in ax.get_yticklabels()]
    assert labels[0].startswith("public record")
    assert {f"article {a}" for a in claims.dropna(subset=["date_from"])["article_id"]} <= set(labels)


def test_timeline_title_and_description_follow_the_data(timeline):
    none = pd.DataFrame({
        "article_id": ["009"], "claim": ["June 19, 2024"], "date_from": [pd.Timestamp("2024-06-19")],
        "date_to": [pd.Timestamp("2024-06-19")], "verdict": ["agrees"],
    })
    assert record.timeline_title(none) == "The articles' dated claims fit the public record"
    sentence = record.describe_timeline(timeline, none)
    assert f"{len(timeline)} events" in sentence and "1 agree" in sentence and "0 conflict" in sentence
    fig = record.plot_timeline(timeline, none)
    assert fig.axes[0].get_title(loc="left") == record.timeline_title(none)


# --------------------------------------------------------------------------- quotes

def test_quoted_phrases_handle_curly_quotes_and_apostrophes():
    text = "He said \u2018This isn\u2019t over,\u2019 and then \u201cmilitant fraternity\u201d. The units\u2019 work 'went on'."
    found = record.quoted_phrases(text)
    assert found["text"].tolist() == ["This isn\u2019t over", "militant fraternity", "went on"]
    for row in found.itertuples(index=False):
        assert text[row.start:row.end] == row.text


def test_reference_wording_leaves_out_wording_the_notes_say_is_absent():
    phrases = " | ".join(record.reference_wording()["phrase"])
    assert "invincible friendship and militant fraternity" in phrases
    assert "unbreakable friendship" not in phrases
    assert "sharing blood, life and death in the same trench" in phrases


def test_quote_check_tells_same_words_from_retranslations(corpus):
    checked = record.quote_check(corpus)
    assert list(checked.columns) == record.QUOTE_CHECK_COLUMNS
    bodies = dict(zip(corpus["article_id"], corpus["body"]))
    for row in checked.itertuples(index=False):
        assert bodies[row.article_id][row.start:row.end] == row.quote
    same = checked[checked["verdict"] == record.SAME]
    assert {"invincible friendship", "militant fraternity"} <= set(same.loc[same["article_id"] == "004", "quote"])
    retranslated = checked[checked["quote"].str.contains("unbreakable friendship and combat brotherhood")]
    assert set(retranslated["article_id"]) == {"000", "001", "003"}
    assert set(retranslated["verdict"]) == {record.SIMILAR}
    assert retranslated["best_reference"].str.contains("invincible friendship and militant fraternity").all()
    anonymous = checked[checked["quote"].str.startswith("The North Koreans are not here")]
    assert anonymous["verdict"].tolist() == [record.NOT_FOUND]


# --------------------------------------------------------------------------- specifics helpers

def test_specifics_summary_adds_up(corpus):
    found = record.specifics_by_article(corpus)
    summary = record.specifics_summary(corpus)
    assert list(summary.index) == sorted(corpus["article_id"])
    assert int(summary[record.SPECIFIC_KINDS].to_numpy().sum()) == len(found)
    assert int(summary["supported"].sum()) == int(found["supported"].sum())
    assert (summary[record.SPECIFIC_KINDS].sum(axis=1) == summary["supported"] + summary["unsupported"]).all()
    fig = record.plot_specifics(summary)
    total, unsupported = len(found), int((~found["supported"]).sum())
    assert f"({unsupported} of {total})" in fig.axes[0].get_title(loc="left")
    assert f"({unsupported} of {total})" in record.describe_specifics(summary)


def test_hedged_specifics_finds_reportedly_late_2024(corpus):
    hedged = record.hedged_specifics(corpus)
    row = hedged[(hedged["article_id"] == "003") & hedged["specifics"].str.contains("late 2024")]
    assert len(row) == 1
    assert "reportedly" in row["hedges"].iloc[0]
    body = corpus.set_index("article_id").loc["003", "body"]
    assert body[row["start"].iloc[0]:row["end"].iloc[0]] == row["sentence"].iloc[0]


def test_claim_sources_reports_only_articles_that_state_the_claim(corpus):
    table = record.claim_sources(corpus, {"summer deployment": r"summer of 2023", "nowhere": r"zebra crossing"})
    assert table["claim"].tolist() == ["summer deployment"]
    assert table["article_id"].tolist() == ["001"]
    assert "summer of 2023" in normalize(table["sentence"].iloc[0])
    assert table["source_type"].iloc[0] in {"named", "anonymous", "vague", "none", "na"}
    with pytest.raises(ArticleInputError, match="dict"):
        record.claim_sources(corpus, {})


@pytest.mark.parametrize(
    "call",
    [
        lambda t: record.plot_timeline(t, pd.DataFrame({"article_id": ["001"]})),
        lambda t: record.plot_timeline("timeline", pd.DataFrame()),
        lambda t: record.describe_timeline(t, [1, 2]),
        lambda t: record.plot_specifics(pd.DataFrame({"date": [1]})),
    ],
)
def test_charts_refuse_the_wrong_table_with_a_named_error(timeline, call):
    with pytest.raises(ArticleInputError, match="Pass the table from|needs the table from"):
        call(timeline)


# --------------------------------------------------------------------------- any text at all

from hypothesis import given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

QUOTEY = st.lists(
    st.sampled_from(list("ab '\"\u2018\u2019\u201c\u201d.,\n\r") + ["Dec. 18", "2024", "late ", "summer of ", "Feb. 30"]),
    max_size=30,
).map("".join)


@settings(max_examples=200, deadline=None)
@given(QUOTEY)
def test_quoted_phrase_offsets_always_slice_the_original_text(text):
    for row in record.quoted_phrases(text).itertuples(index=False):
        assert text[row.start:row.end] == row.text
        assert row.start < row.end


@settings(max_examples=200, deadline=None)
@given(QUOTEY)
def test_date_interval_never_raises_and_is_ordered(text):
    start, end = record.date_interval(text)
    assert (pd.isna(start) and pd.isna(end)) or start <= end


def test_description_spans_the_claims_as_well_as_the_record(timeline):
    early = pd.DataFrame({
        "article_id": ["009"], "claim": ["in the summer of 2023"], "date_from": [pd.Timestamp("2023-06-01")],
        "date_to": [pd.Timestamp("2023-08-31")], "verdict": ["conflicts"],
    })
    sentence = record.describe_timeline(timeline, early)
    assert sentence.startswith(f"Timeline from June 2023 to {timeline['date'].max():%B %Y}")
