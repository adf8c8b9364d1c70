"""The offline lateral-reading pages: marked as mock-ups, real outlets described only from the
reference files (each fact cited and checked against the cited line), fictional sites unmistakable,
copies in the record traced, planted errors set against the record, HTML escaped."""
from __future__ import annotations

import re
import shutil
from pathlib import Path

import pandas as pd
import pytest

from medialit import lateral, record
from medialit.errors import DataFileError

ROOT = Path(__file__).resolve().parent.parent
LATERAL = ROOT / "data" / "lateral"
NOTES = (ROOT / "data" / "reference" / "notes.md").read_text(encoding="utf-8")
TIMELINE = record.load_timeline()
PAGE_FILES = sorted(LATERAL.glob("about_*.md")) + [LATERAL / "search_results.md"]
QUOTED = re.compile(r'"([^"]{3,})"')
NUMBER = re.compile(r"\d[\d,.]*\d|\d")


def _notes_paragraphs() -> dict[str, str]:
    """notes.md bullet paragraphs by their bold heading, quotes and the final full stop removed."""
    out = {}
    for line in NOTES.splitlines():
        match = re.match(r"- \*\*(.+?)\*\*(.*)", line)
        if match:
            out[match.group(1).replace('"', "").rstrip(".")] = line
    return out


def _cited_text(file: str, where: str) -> str:
    if file == "timeline.csv":
        rows = TIMELINE[TIMELINE["date"] == pd.Timestamp(where)]
        assert len(rows) == 1, f"the record has no single row dated {where}"
        return rows.iloc[0]["event"] + " " + rows.iloc[0]["source"]
    paragraphs = _notes_paragraphs()
    assert where in paragraphs, f"notes.md has no paragraph headed {where!r} (it has {sorted(paragraphs)})"
    return paragraphs[where]


def _assert_backed(fact: str, cited: str, what: str) -> None:
    """Quoted words and numbers in a fact must be found in the line it cites."""
    flat = cited.replace("\u2019", "'")
    for quote in QUOTED.findall(fact):
        assert quote in flat, f"{what}: the quote {quote!r} is not in the cited line"
    for number in NUMBER.findall(fact):
        assert number in flat, f"{what}: the number {number} is not in the cited line"


# --------------------------------------------------------------------------- every page

@pytest.mark.parametrize("path", PAGE_FILES, ids=[p.stem for p in PAGE_FILES])
def test_every_page_says_it_is_a_mock_up(path):
    page = lateral.load_page(path.stem)
    assert page.kind in {"search", "real", "not found", "fictional"}
    assert lateral.MOCK_MARK in page.text.splitlines()[2] or lateral.MOCK_MARK in page.text.splitlines()[1]
    assert "MOCK-UP FOR PRACTICE" in repr(page) and "MOCK-UP FOR PRACTICE" in page._repr_html_()


def test_the_listing_holds_every_about_page_real_ones_first():
    listing = lateral.pages()
    assert sorted(listing["page"]) == sorted(p.stem for p in LATERAL.glob("about_*.md"))
    kinds = list(listing["kind"])
    rank = {"real": 0, "not found": 1, "fictional": 2}
    assert kinds == sorted(kinds, key=rank.get) and {"real", "fictional"} <= set(kinds)


def test_fictional_pages_say_so_and_use_addresses_no_real_site_can_have():
    for name in lateral.pages().query("kind == 'fictional'")["page"]:
        text = lateral.load_page(name).text
        assert "FICTIONAL" in text.splitlines()[2], name
        addresses = re.findall(r"\b[\w-]+(?:\.[\w-]+)+/[\w/.-]*", text)
        assert addresses and all(".example/" in a for a in addresses), f"{name}: {addresses}"
        outlet = lateral.load_page(name).title.removeprefix("About: ").removeprefix("The ")
        assert outlet not in NOTES and not TIMELINE["source"].str.contains(outlet).any(), (
            f"{name}: {outlet!r} is named in the reference files, so it is not an invented site"
        )


@pytest.mark.parametrize("name", list(lateral.pages().query("kind in ['real', 'not found']")["page"]))
def test_real_outlets_are_described_only_from_the_cited_reference_lines(name):
    facts = lateral.cited_facts(name)
    assert len(facts) >= 1
    outlet = lateral.load_page(name).text.split("outlet:", 1)[1].splitlines()[0].strip()
    for fact in facts.to_dict("records"):
        cited = _cited_text(fact["file"], fact["where"])
        _assert_backed(fact["fact"], cited, f"{name}: {fact['fact'][:40]}")
    # at least one cited line names the outlet itself, so the page is about what the files say of it
    assert any(outlet in _cited_text(f, w) for f, w in zip(facts["file"], facts["where"])), name
    assert "## What they do not tell you" in lateral.load_page(name).text, f"{name}: say what the files leave open"


def test_a_fact_without_a_citation_is_refused(tmp_path, monkeypatch):
    for path in PAGE_FILES:
        shutil.copy(path, tmp_path / path.name)
    page = tmp_path / "about_tass.md"
    page.write_text(page.read_text(encoding="utf-8").replace("(timeline.csv, 2025-12-13)", ""), encoding="utf-8")
    monkeypatch.setattr(lateral, "lateral_dir", lambda: tmp_path)
    with pytest.raises(DataFileError, match="without a citation"):
        lateral.cited_facts("about_tass")


def test_a_page_without_the_mock_up_line_is_refused(tmp_path, monkeypatch):
    for path in PAGE_FILES:
        shutil.copy(path, tmp_path / path.name)
    page = tmp_path / "about_brieflyx.md"
    page.write_text(page.read_text(encoding="utf-8").replace(lateral.MOCK_MARK, "> A page"), encoding="utf-8")
    monkeypatch.setattr(lateral, "lateral_dir", lambda: tmp_path)
    with pytest.raises(DataFileError, match="mock-up"):
        lateral.load_page("about_brieflyx")


def test_unknown_page_names_get_a_clear_message():
    with pytest.raises(lateral.LateralPageError, match="about_tass"):
        lateral.load_page("about_bbc")
    with pytest.raises(lateral.LateralPageError, match="as text"):
        lateral.load_page(3)
    assert lateral.load_page("about_tass.md").name == "about_tass"


# --------------------------------------------------------------------------- the search page

def test_search_results_mark_fiction_by_address_and_cite_the_real_ones():
    results = lateral.search_results()
    assert list(results["result"]) == [chr(ord("A") + i) for i in range(len(results))]
    for row in results.to_dict("records"):
        assert row["fictional"] == row["address"].split("/")[0].endswith(".example"), row["result"]
        if row["fictional"]:
            continue
        domain = row["address"].split("/")[0]
        assert domain in NOTES or TIMELINE["source_url"].str.contains(domain, regex=False).any(), (
            f"result {row['result']}: {domain} is not an address the reference files cite"
        )
        match = re.search(r'\((timeline\.csv), (\d{4}-\d\d-\d\d)\)$|\((notes\.md), "([^"]+)"\)$', row["snippet"])
        assert match, f"result {row['result']}: a real outlet's snippet must end with its citation"
        file, where = (match.group(1), match.group(2)) if match.group(1) else (match.group(3), match.group(4))
        _assert_backed(row["snippet"][: match.start()], _cited_text(file, where), f"result {row['result']}")


def test_the_top_result_is_the_sponsored_fictional_one():
    # click restraint needs a top result that should not be opened first
    top = lateral.search_results().iloc[0]
    assert top["fictional"] and top["label"] == "Sponsored"


def test_search_page_is_escaped_and_has_a_text_copy(monkeypatch):
    results = lateral.search_results().copy()
    results.loc[0, "title"] = "<script>alert(1)</script>"
    page = lateral.SearchPage(results, "MOCK-UP <b>x</b>", "q & <a>")
    out = page._repr_html_()
    assert "<script>" not in out and "&lt;script&gt;" in out and "<b>x</b>" not in out and "q &amp; &lt;a&gt;" in out
    assert "<script>alert(1)</script>" in repr(page)
    shown = lateral.show_search_results()
    assert shown.query == "Putin Kim New Year message Kursk" and "MOCK-UP" in shown.banner
    assert all(f"{r}. " in repr(shown) for r in shown.results["result"])


def test_page_html_escapes_before_adding_markup():
    out = lateral.page_html("# T <i>\n> MOCK-UP FOR PRACTICE: x\n- **bold** <img src=x>\ntext & `code`")
    assert "<i>" not in out and "<img" not in out and "&lt;img src=x&gt;" in out
    assert "<b>bold</b>" in out and "<code>code</code>" in out and "&amp;" in out and "<li>" in out


# --------------------------------------------------------------------------- copies in the record

def test_every_copy_the_record_cites_is_traced():
    copies = lateral.record_copies()
    markers = TIMELINE["source"].str.contains(r" via |syndicated|background paragraph|\([A-Z][a-z]+\),", regex=True)
    expected = sorted(TIMELINE.loc[markers, "date"].dt.strftime("%Y-%m-%d"))
    assert sorted(copies["date"]) == expected
    via = copies[copies["sign"] == '"via"'].iloc[0]
    assert via["original to find"] == "Reuters" and via["carried by"] == "Global Banking and Finance Review"
    syndicated = copies[copies["sign"] == '"syndicated copy"'].iloc[0]
    assert syndicated["original to find"] == "AP" and syndicated["carried by"] == "localnews8.com"
    bracket = copies[copies["sign"] == "an agency named in brackets"].iloc[0]
    assert (bracket["carried by"], bracket["original to find"]) == ("Korea Herald", "Yonhap")


def test_record_copies_on_a_small_timeline():
    timeline = pd.DataFrame({
        "date": pd.to_datetime(["2025-01-01", "2025-01-02"]),
        "source": ["Agency X via Some Site, 1 January 2025", "Paper Y, 2 January 2025"],
        "source_url": ["https://some.site/a", "https://paper.y/b"],
        "event": ["a", "b"], "kind": ["record", "record"],
    })
    copies = lateral.record_copies(timeline)
    assert list(copies["date"]) == ["2025-01-01"]
    assert copies.iloc[0]["original to find"] == "Agency X" and copies.iloc[0]["carried by"] == "Some Site"


# --------------------------------------------------------------------------- errors seen in other reports

def test_every_kind_of_error_in_the_notes_is_planted_and_corrected_by_the_record():
    errors = lateral.reported_errors()
    notes = lateral.errors_in_notes()
    kinds = ["October 2023", "100,000", "Kurilsk", "CPTAK"]
    assert all(k in notes for k in kinds), "notes.md changed its list of errors: update the planted errors"
    planted = pd.read_csv(LATERAL / "reported_errors.csv", dtype=str)
    assert sorted(planted["kind_of_error_in_notes"]) == sorted(kinds)
    results = lateral.search_results().set_index("result")
    for row in errors.to_dict("records"):
        assert results.loc[row["result"], "fictional"], "errors are planted only in invented results"
        assert row["says"] in results.loc[row["result"], "title"] + results.loc[row["result"], "snippet"]
        assert row["says"] not in row["the record says"], f"the record repeats the error {row['says']!r}"
    assert errors.set_index("says").loc["set up in October 2023", "record date"] == "2024-10-16"


def test_a_planted_error_the_record_does_not_settle_is_refused(tmp_path, monkeypatch):
    for path in PAGE_FILES:
        shutil.copy(path, tmp_path / path.name)
    text = (LATERAL / "reported_errors.csv").read_text(encoding="utf-8")
    (tmp_path / "reported_errors.csv").write_text(text.replace("about 12,000 troops", "about 99,000 troops"),
                                                  encoding="utf-8")
    monkeypatch.setattr(lateral, "lateral_dir", lambda: tmp_path)
    with pytest.raises(DataFileError, match="99,000"):
        lateral.reported_errors()
