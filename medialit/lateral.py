"""Lateral reading offline: a mock page of search results and mock "About" pages.

Lesson 06 practises what fact-checkers do online (leave the article, look the source
up elsewhere, trace a copy to its original) with pages written for this course and
kept in ``data/lateral/``. Every page says it is a mock-up. Pages about real outlets
use only facts from ``data/reference/`` and cite them; pages about invented sites say
they are fictional and use addresses ending in ``.example``.

    from medialit import lateral
    lateral.show_search_results()          # the results page, as cards
    lateral.pages()                        # which "About" pages there are
    lateral.show_page("about_tass")        # one page
    lateral.record_copies()                # rows of the record that cite a copy
    lateral.reported_errors()              # errors in the mock results, set against the record

Everything shown as HTML is escaped first, so a page cannot inject markup.
"""
from __future__ import annotations

import html
import re
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlparse

import pandas as pd

from .errors import DataFileError, MedialitError
from .paths import data_dir

MOCK_MARK = "> MOCK-UP FOR PRACTICE"
RESULT_FIELDS = ["title", "address", "site", "label", "date", "copy_of", "snippet"]
#: real: a real outlet, described only from the reference files; not found: a name the articles use
#: that the reference files match to no outlet (described from them too); fictional: an invented site.
PAGE_KINDS = {"real", "not found", "fictional"}
CITED_KINDS = {"real", "not found"}
#: A citation at the end of a fact line on a page about a real outlet.
CITATION = re.compile(r'\((timeline\.csv, (\d{4}-\d\d-\d\d)|notes\.md, "([^"]+)")\)\s*$')


class LateralPageError(MedialitError, LookupError):
    """A lateral-reading page or result was asked for that does not exist."""


def lateral_dir() -> Path:
    return data_dir() / "lateral"


# --------------------------------------------------------------------------- reading the pages

@dataclass(frozen=True)
class Page:
    """One mock page: its file stem, title, kind (``search``, ``real`` or ``fictional``) and text."""

    name: str
    title: str
    kind: str
    text: str

    def _repr_html_(self) -> str:
        return page_html(self.text)

    def __repr__(self) -> str:
        return self.text.rstrip() + "\n"


def _read(path: Path) -> str:
    try:
        return path.read_text(encoding="utf-8")
    except UnicodeDecodeError:
        raise DataFileError(f"{path.name}: not UTF-8 text. Save it as UTF-8.") from None


def _parse_page(path: Path) -> Page:
    text = _read(path)
    lines = text.splitlines()
    if not lines or not lines[0].startswith("# "):
        raise DataFileError(f"{path.name}: the first line must be the page title, starting with '# '.")
    if not any(line.startswith(MOCK_MARK) for line in lines[1:4]):
        raise DataFileError(
            f"{path.name}: every page must say it is a mock-up: add a line starting {MOCK_MARK!r} under the title."
        )
    if path.stem == "search_results":
        kind = "search"
    else:
        kinds = [line.split(":", 1)[1].strip() for line in lines if line.startswith("kind:")]
        if len(kinds) != 1 or kinds[0] not in PAGE_KINDS:
            raise DataFileError(f"{path.name}: give exactly one line 'kind: real', 'kind: not found' or 'kind: fictional'.")
        kind = kinds[0]
    return Page(name=path.stem, title=lines[0][2:].strip(), kind=kind, text=text)


def _page_paths() -> list[Path]:
    folder = lateral_dir()
    if not folder.is_dir():
        raise DataFileError(f"{folder.name}: the folder of lateral-reading pages is missing (expected {folder}).")
    return sorted(folder.glob("about_*.md")) + [folder / "search_results.md"]


def load_page(name: str) -> Page:
    """One page by its file name without ``.md`` ("about_tass", "search_results")."""
    if not isinstance(name, str) or not name.strip():
        raise LateralPageError(f"Give a page name as text, such as 'about_tass'; got {name!r}.")
    names = [p.stem for p in _page_paths()]
    stem = name.strip().removesuffix(".md")
    if stem not in names:
        raise LateralPageError(f"There is no page {name!r}. The pages are: {', '.join(names)}.")
    return _parse_page(lateral_dir() / f"{stem}.md")


def pages() -> pd.DataFrame:
    """The "About" pages: ``page, outlet, kind``, real outlets first."""
    rows = []
    for path in _page_paths():
        page = _parse_page(path)
        if page.kind == "search":
            continue
        outlet = _field(page.text, "outlet") or page.title.removeprefix("About: ")
        rows.append({"page": page.name, "outlet": outlet, "kind": page.kind})
    frame = pd.DataFrame(rows, columns=["page", "outlet", "kind"])
    order = frame["kind"].map({"real": 0, "not found": 1, "fictional": 2})
    return frame.assign(_order=order, _name=frame["outlet"].str.lower()).sort_values(
        ["_order", "_name"], kind="stable").drop(columns=["_order", "_name"]).reset_index(drop=True)


def _field(text: str, name: str) -> str:
    for line in text.splitlines():
        if line.startswith(f"{name}:"):
            return line.split(":", 1)[1].strip()
    return ""


def cited_facts(name: str) -> pd.DataFrame:
    """The fact lines of a page about a real outlet, each with the citation it ends with.

    Columns ``fact, file, where`` (``where`` is a timeline date or a notes.md heading).
    A fact line without a citation raises :class:`DataFileError`.
    """
    page = load_page(name)
    if page.kind not in CITED_KINDS:
        raise LateralPageError(f"{name}: only pages about real outlets cite the reference files (this one is {page.kind}).")
    section = page.text.split("## What our reference files say", 1)
    if len(section) != 2:
        raise DataFileError(f"{name}.md: a page about a real outlet needs a section '## What our reference files say'.")
    rows = []
    for line in section[1].split("\n## ", 1)[0].splitlines():
        if not line.startswith("- "):
            continue
        match = CITATION.search(line)
        if not match:
            raise DataFileError(f"{name}.md: the fact {line[2:60]!r}... ends without a citation such as (timeline.csv, 2025-12-25).")
        fact = line[2:match.start()].strip()
        if match.group(2):
            rows.append({"fact": fact, "file": "timeline.csv", "where": match.group(2)})
        else:
            rows.append({"fact": fact, "file": "notes.md", "where": match.group(3)})
    return pd.DataFrame(rows, columns=["fact", "file", "where"])


# --------------------------------------------------------------------------- the search results

def search_results() -> pd.DataFrame:
    """The mock results, one row per result: ``result`` (A, B, ...), the fields and ``fictional``."""
    page = load_page("search_results")
    blocks = re.split(r"^## ", page.text, flags=re.M)[1:]
    rows = []
    for block in blocks:
        lines = block.splitlines()
        letter = lines[0].strip()
        row = {"result": letter}
        for line in lines[1:]:
            if ":" in line and line.split(":", 1)[0] in RESULT_FIELDS:
                key, value = line.split(":", 1)
                row[key] = value.strip()
        missing = [f for f in RESULT_FIELDS if not row.get(f)]
        if missing:
            raise DataFileError(f"search_results.md, result {letter}: missing {', '.join(missing)}.")
        rows.append(row)
    frame = pd.DataFrame(rows, columns=["result"] + RESULT_FIELDS)
    frame["fictional"] = frame["site"].str.contains("(fictional)", regex=False)
    return frame


def _result_card(row) -> str:
    esc = {k: html.escape(str(v)) for k, v in row.items()}
    label = f'<span style="border:1px solid #555;padding:0 4px;font-size:85%">{esc["label"]}</span> ' if row["label"] != "none" else ""
    return (
        '<div style="margin:0 0 14px 0;max-width:46em">'
        f'<div style="font-size:85%;color:#1b5e20">{esc["result"]} · {esc["address"]} · {esc["site"]}</div>'
        f'<div style="font-size:110%;font-weight:bold;color:#0b3d91">{label}{esc["title"]}</div>'
        f'<div style="font-size:85%;color:#444">date: {esc["date"]} · says it copies: {esc["copy_of"]}</div>'
        f'<div>{esc["snippet"]}</div></div>'
    )


def _result_text(row) -> str:
    label = f"[{row['label']}] " if row["label"] != "none" else ""
    return (f"{row['result']}. {label}{row['title']}\n   {row['address']} · {row['site']}\n"
            f"   date: {row['date']} · says it copies: {row['copy_of']}\n   {row['snippet']}\n")


class SearchPage:
    """The mock results page: cards in HTML (escaped), a plain-text copy otherwise."""

    def __init__(self, results: pd.DataFrame, banner: str, query: str):
        self.results, self.banner, self.query = results, banner, query

    def _repr_html_(self) -> str:
        cards = "".join(_result_card(row) for row in self.results.to_dict("records"))
        return (
            f'<div style="border:2px dashed #888;padding:6px;margin-bottom:8px">{_inline(html.escape(self.banner))}</div>'
            f'<div style="border:1px solid #aaa;padding:4px 8px;margin-bottom:12px;max-width:40em">'
            f'Search: <b>{html.escape(self.query)}</b></div>{cards}'
        )

    def __repr__(self) -> str:
        body = "\n".join(_result_text(row) for row in self.results.to_dict("records"))
        return f"{self.banner}\n\nSearch: {self.query}\n\n{body}"


def show_search_results() -> SearchPage:
    """The mock search page, ready to display in a notebook."""
    page = load_page("search_results")
    banner = next(line for line in page.text.splitlines() if line.startswith(MOCK_MARK))[2:]
    query = _field(page.text, "Query typed")
    return SearchPage(search_results(), banner, query)


def show_page(name: str) -> Page:
    """One page, ready to display (escaped HTML, plain text in a terminal)."""
    return load_page(name)


def page_html(text: str) -> str:
    """A small, safe rendering of a page: headings, a mock-up banner, bullets, paragraphs.

    Each line is escaped before any markup is added, so ``<script>`` in a page shows as text.
    """
    parts, bullets = [], []

    def flush():
        if bullets:
            parts.append("<ul>" + "".join(f"<li>{b}</li>" for b in bullets) + "</ul>")
            bullets.clear()

    for raw in text.splitlines():
        line = _inline(html.escape(raw.strip()))
        if raw.startswith("- "):
            bullets.append(line[2:])
            continue
        flush()
        if not raw.strip():
            continue
        if raw.startswith("## "):
            parts.append(f"<h4>{line[3:]}</h4>")
        elif raw.startswith("# "):
            parts.append(f"<h3>{line[2:]}</h3>")
        elif re.match(r"(kind|outlet|address): ", raw):
            parts.append(f'<p style="margin:0;color:#555;font-size:85%">{line}</p>')
        elif raw.startswith(">"):
            parts.append(f'<div style="border:2px dashed #888;padding:6px">{line[4:].strip()}</div>')
        else:
            parts.append(f"<p>{line}</p>")
    flush()
    return '<div style="max-width:46em">' + "".join(parts) + "</div>"


def _inline(escaped: str) -> str:
    escaped = re.sub(r"\*\*(.+?)\*\*", r"<b>\1</b>", escaped)
    return re.sub(r"`(.+?)`", r"<code>\1</code>", escaped)


# --------------------------------------------------------------------------- copies in the record

_VIA = re.compile(r"^(?P<original>.+?) via (?P<carrier>.+?), \d")
_AGENCY_IN_BRACKETS = re.compile(r"^(?P<carrier>[^(,]+?) \((?P<original>[A-Z][\w ]+)\), \d")


def record_copies(timeline: pd.DataFrame | None = None) -> pd.DataFrame:
    """Rows of the record whose citation is a copy or a retelling, and the original to look for.

    ``date, cited as, carried by, original to find, sign``. The sign is the words in the
    citation that show it is not the original ("via", "syndicated copy", an agency in brackets,
    "background paragraph").
    """
    from .record import load_timeline

    timeline = load_timeline() if timeline is None else timeline
    rows = []
    for row in timeline.to_dict("records"):
        date = pd.Timestamp(row["date"]).strftime("%Y-%m-%d")
        for part in (p.strip() for p in str(row["source"]).split(";")):
            outlet = part.split(",", 1)[0].strip()
            if match := _VIA.match(part):
                found = (match["carrier"], match["original"], '"via"')
            elif "syndicated copy" in part:
                found = (urlparse(row["source_url"]).netloc.removeprefix("www."), outlet, '"syndicated copy"')
            elif "background paragraph" in part:
                found = (outlet, "the statement itself, made earlier", '"background paragraph"')
            elif match := _AGENCY_IN_BRACKETS.match(part):
                found = (match["carrier"].strip(), match["original"].strip(), "an agency named in brackets")
            else:
                continue
            rows.append({"date": date, "cited as": part, "carried by": found[0], "original to find": found[1],
                         "sign": found[2]})
    return pd.DataFrame(rows, columns=["date", "cited as", "carried by", "original to find", "sign"])


# --------------------------------------------------------------------------- errors in other reports

def reported_errors(timeline: pd.DataFrame | None = None) -> pd.DataFrame:
    """Each error planted in the mock results, beside the record row that corrects it.

    Read from ``data/lateral/reported_errors.csv``; every error must be of a kind that
    ``data/reference/notes.md`` lists under "Errors seen in other published reports", appear
    in its result, and the record row must contain the words given for it.
    """
    from .record import load_timeline

    timeline = load_timeline() if timeline is None else timeline
    path = lateral_dir() / "reported_errors.csv"
    try:
        table = pd.read_csv(path, dtype=str, keep_default_na=False)
    except FileNotFoundError:
        raise DataFileError(f"{path.name}: missing from {path.parent.name}/.") from None
    expected = ["result", "says", "kind_of_error_in_notes", "record_date", "record_words"]
    if list(table.columns) != expected:
        raise DataFileError(f"{path.name}: the columns must be {', '.join(expected)}.")
    notes = errors_in_notes()
    results = search_results().set_index("result")
    by_date = {pd.Timestamp(d).strftime("%Y-%m-%d"): r for d, r in zip(timeline["date"], timeline.to_dict("records"))}
    rows = []
    for line, row in enumerate(table.to_dict("records"), start=2):
        if row["result"] not in results.index:
            raise DataFileError(f"{path.name}, line {line}: there is no result {row['result']!r} on the search page.")
        shown = results.loc[row["result"], "title"] + " " + results.loc[row["result"], "snippet"]
        if row["says"] not in shown:
            raise DataFileError(f"{path.name}, line {line}: result {row['result']} does not say {row['says']!r}.")
        if row["kind_of_error_in_notes"] not in notes:
            raise DataFileError(f"{path.name}, line {line}: notes.md lists no error like {row['kind_of_error_in_notes']!r}.")
        event = by_date.get(row["record_date"])
        if event is None or row["record_words"] not in event["event"]:
            raise DataFileError(
                f"{path.name}, line {line}: the record has no row of {row['record_date']} saying {row['record_words']!r}."
            )
        rows.append({"result": row["result"], "says": row["says"], "record date": row["record_date"],
                     "the record says": event["event"], "source": event["source"]})
    return pd.DataFrame(rows, columns=["result", "says", "record date", "the record says", "source"])


def errors_in_notes(notes_path: str | Path | None = None) -> str:
    """The "Errors seen in other published reports" paragraph of ``data/reference/notes.md``."""
    path = Path(notes_path) if notes_path else data_dir() / "reference" / "notes.md"
    for line in _read(path).splitlines():
        if "Errors seen in other published reports" in line:
            return line.split("**", 2)[-1].strip(" :")
    raise DataFileError(f"{path.name}: no line about 'Errors seen in other published reports'.")
