"""Check the articles' dated claims against a public record (offline lateral reading).

Fact-checkers read *laterally*: they leave the article and look a claim up in
other, independent sources. With no internet in the classroom, the "other
tabs" are two files in ``data/reference/``:

* ``timeline.csv``: dated events, each with the outlet that reported it and a
  link (``kind`` is ``record`` for an event reported as fact, ``claim`` for
  something one side or official says).
* ``notes.md``: notes on the sources, including the English wording of
  Putin's message as reported by news agencies.

The computer does not know what is true. Whether a claim *conflicts with* the
record is decided by rules a person wrote after reading the cited sources; the
rules live in ``data/reference/claim_checks.csv`` (pattern: the words to look
for; article: its id, or * for any; timeline_date; verdict; explanation), so a
teacher can read, question and edit them. This module only finds the words
and puts the rule and its citation next to them.
"""
from __future__ import annotations

import csv
import re
from pathlib import Path

import pandas as pd

from .errors import DataFileError
from .palette import OKABE_ITO as _PALETTE
from .paths import data_dir
from .text import normalize, sentence_spans

TIMELINE_COLUMNS = ["date", "event", "kind", "source", "source_url"]
TIMELINE_KINDS = ("record", "claim")
CHECK_COLUMNS = ["pattern", "article", "timeline_date", "verdict", "explanation"]
VERDICTS = ("conflicts", "agrees")
RECORD_CHECK_COLUMNS = [
    "article_id", "start", "end", "claim", "sentence", "verdict",
    "timeline_date", "record", "source", "source_url", "explanation",
]
DATED_CLAIM_COLUMNS = [
    "article_id", "start", "end", "claim", "supported", "date_from", "date_to", "verdict", "sentence",
]
QUOTE_CHECK_COLUMNS = [
    "article_id", "start", "end", "quote", "best_reference", "reference_source",
    "shared_words", "share", "verdict",
]

#: The year assumed for a date written without one ("Dec. 18"): the year of the
#: New Year messages every article is about.
DEFAULT_YEAR = 2025


# --------------------------------------------------------------------------- reading the record

def _reference_file(name: str, path: str | Path | None) -> Path:
    return Path(path) if path is not None else data_dir() / "reference" / name


def _csv_rows(path: Path, columns: list[str]) -> list[tuple[int, dict]]:
    """Rows with their line numbers; every problem is a DataFileError naming file and line."""
    try:
        handle = path.open(newline="", encoding="utf-8")
    except FileNotFoundError:
        raise DataFileError(
            f"{path.name} is missing (looked in {path.parent.name}/). Restore it from the repository."
        ) from None
    rows: list[tuple[int, dict]] = []
    with handle:
        reader = csv.DictReader(handle)
        try:
            header = reader.fieldnames or []
            if header != columns:
                raise DataFileError(
                    f"{path.name}, line 1: the header is {','.join(header) or '(empty)'}; "
                    f"it must be exactly {','.join(columns)}."
                )
            for row in reader:
                if None in row or any(v is None for v in row.values()):
                    raise DataFileError(
                        f"{path.name}, line {reader.line_num}: expected {len(columns)} fields. "
                        "Check for a missing or extra comma, or put the text in double quotes."
                    )
                rows.append((reader.line_num, {k: v.strip() for k, v in row.items()}))
        except UnicodeDecodeError as exc:
            raise DataFileError(f"{path.name}: not valid UTF-8 (byte {exc.start}). Save it as UTF-8.") from None
        except csv.Error as exc:
            raise DataFileError(f"{path.name}, line {reader.line_num}: {exc}. Fix the quoting on that line.") from None
    if not rows:
        raise DataFileError(f"{path.name} has a header but no rows. Restore it from the repository.")
    return rows


def _parse_iso_date(value: str, path: Path, line: int, column: str) -> pd.Timestamp:
    if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
        raise DataFileError(f"{path.name}, line {line}: {column} {value!r} must be written YYYY-MM-DD, e.g. 2024-08-06.")
    try:
        return pd.Timestamp(value)
    except ValueError:
        raise DataFileError(f"{path.name}, line {line}: {column} {value!r} is not a real calendar date.") from None


def load_timeline(path: str | Path | None = None) -> pd.DataFrame:
    """The public record: ``date, event, kind, source, source_url``, sorted by date.

    Every row must keep its citation (``source`` and an http(s) ``source_url``):
    a record without a source would be just another unsupported claim.
    """
    path = _reference_file("timeline.csv", path)
    records = []
    for line, row in _csv_rows(path, TIMELINE_COLUMNS):
        date = _parse_iso_date(row["date"], path, line, "date")
        if row["kind"] not in TIMELINE_KINDS:
            raise DataFileError(
                f"{path.name}, line {line}: kind {row['kind']!r} must be 'record' (reported as fact) "
                "or 'claim' (what one side or official says)."
            )
        for column in ("event", "source"):
            if not row[column]:
                raise DataFileError(f"{path.name}, line {line}: {column} is empty. Every event needs its text and its source.")
        if not re.match(r"https?://\S+$", row["source_url"]):
            raise DataFileError(
                f"{path.name}, line {line}: source_url {row['source_url']!r} is not a web address. "
                "Give the http(s) link where the event was reported."
            )
        records.append({**row, "date": date})
    frame = pd.DataFrame(records, columns=TIMELINE_COLUMNS)
    return frame.sort_values("date", kind="stable").reset_index(drop=True)


def load_claim_checks(path: str | Path | None = None, timeline: pd.DataFrame | None = None) -> pd.DataFrame:
    """The hand-written rules in ``data/reference/claim_checks.csv``, validated.

    ``pattern`` is plain words, matched as written (not a regular expression),
    ignoring case, spacing and the difference between straight and curly
    quotes, so a teacher can add a rule without learning any syntax. Each
    rule's ``timeline_date`` must name a row of the timeline, so every
    verdict points at a citation.
    """
    path = _reference_file("claim_checks.csv", path)
    timeline = load_timeline() if timeline is None else timeline
    known = set(timeline["date"])
    rows = []
    for line, row in _csv_rows(path, CHECK_COLUMNS):
        if not row["pattern"]:
            raise DataFileError(f"{path.name}, line {line}: pattern is empty. Write the words to look for.")
        if not re.fullmatch(r"\d{3}|\*", row["article"]):
            raise DataFileError(f"{path.name}, line {line}: article {row['article']!r} must be three digits such as 003, or * for any article.")
        date = _parse_iso_date(row["timeline_date"], path, line, "timeline_date")
        if date not in known:
            raise DataFileError(
                f"{path.name}, line {line}: timeline_date {row['timeline_date']} is not a date in timeline.csv. "
                "Every rule must point at a row of the record."
            )
        if row["verdict"] not in VERDICTS:
            raise DataFileError(f"{path.name}, line {line}: verdict {row['verdict']!r} must be one of {', '.join(VERDICTS)}.")
        if not row["explanation"]:
            raise DataFileError(f"{path.name}, line {line}: explanation is empty. Say why the claim {row['verdict']} with the record.")
        rows.append({**row, "timeline_date": date, "line": line})
    return pd.DataFrame(rows, columns=CHECK_COLUMNS + ["line"])


# --------------------------------------------------------------------------- claims against the record

def _articles(corpus: pd.DataFrame) -> list[tuple[str, str]]:
    if not isinstance(corpus, pd.DataFrame) or not {"article_id", "body"} <= set(corpus.columns):
        from .errors import ArticleInputError

        raise ArticleInputError(
            "Expected a corpus table with 'article_id' and 'body' columns: pass medialit.load_corpus() "
            "or medialit.load_article(...)."
        )
    return sorted((str(a), str(b)) for a, b in zip(corpus["article_id"], corpus["body"]))


def _sentence_around(text: str, start: int, end: int) -> str:
    for s, e in sentence_spans(text):
        if s <= start < e:
            return text[s:max(e, min(end, len(text)))]
    return text[start:end]


def _rule_regex(pattern: str) -> re.Pattern:
    """The rule's words as a case-insensitive pattern; runs of spaces match any whitespace."""
    words = normalize(pattern).split()
    return re.compile(r"\s+".join(re.escape(w) for w in words), flags=re.IGNORECASE)


def record_checks(corpus: pd.DataFrame, timeline: pd.DataFrame | None = None,
                  checks: pd.DataFrame | None = None) -> pd.DataFrame:
    """Every rule that applies to the corpus, with the article's words and the record's citation.

    One row per rule and article: the first place the rule's pattern occurs in
    the article body. ``verdict`` is the person's verdict from the rules file.
    """
    timeline = load_timeline() if timeline is None else timeline
    checks = load_claim_checks(timeline=timeline) if checks is None else checks
    by_date = {row.date: row for row in timeline.itertuples(index=False)}
    rows = []
    for article_id, body in _articles(corpus):
        norm = normalize(body)
        for rule in checks.itertuples(index=False):
            if rule.article not in (article_id, "*"):
                continue
            m = _rule_regex(rule.pattern).search(norm)
            if not m:
                continue
            event = by_date[rule.timeline_date]
            rows.append({
                "article_id": article_id,
                "start": m.start(),
                "end": m.end(),
                "claim": body[m.start():m.end()],
                "sentence": _sentence_around(body, m.start(), m.end()),
                "verdict": rule.verdict,
                "timeline_date": rule.timeline_date.date().isoformat(),
                "record": event.event,
                "source": event.source,
                "source_url": event.source_url,
                "explanation": rule.explanation,
            })
    frame = pd.DataFrame(rows, columns=RECORD_CHECK_COLUMNS)
    frame = frame.astype({"start": "int64", "end": "int64"})
    return frame.sort_values(["article_id", "start", "timeline_date"], kind="stable").reset_index(drop=True)


def record_conflicts(corpus: pd.DataFrame, timeline: pd.DataFrame | None = None,
                     checks: pd.DataFrame | None = None) -> pd.DataFrame:
    """Claims that conflict with the record, each with the timeline row and citation that shows it."""
    checked = record_checks(corpus, timeline, checks)
    return checked[checked["verdict"] == "conflicts"].reset_index(drop=True)


# --------------------------------------------------------------------------- dates as intervals

_MONTHS = {
    m: i + 1
    for i, names in enumerate(
        ["jan january", "feb february", "mar march", "apr april", "may", "jun june", "jul july",
         "aug august", "sep sept september", "oct october", "nov november", "dec december"]
    )
    for m in names.split()
}
_MONTH_RE = r"(?P<month>" + "|".join(sorted(_MONTHS, key=len, reverse=True)) + r")\.?"
_SEASONS = {"spring": (3, 5), "summer": (6, 8), "autumn": (9, 11), "fall": (9, 11), "winter": (12, 14)}
_PARTS = {"early": (1, 4), "mid": (5, 8), "late": (9, 12)}
_DATE_PATTERNS = [
    ("day", re.compile(_MONTH_RE + r"\s+(?P<day>\d{1,2})(?:st|nd|rd|th)?(?:,?\s+(?P<year>\d{4}))?\b", re.I)),
    ("day", re.compile(r"\b(?P<day>\d{1,2})\s+" + _MONTH_RE + r"(?:\s+(?P<year>\d{4}))?\b", re.I)),
    ("month", re.compile(r"\b" + _MONTH_RE + r"\s+(?:of\s+)?(?P<year>\d{4})\b", re.I)),
    ("season", re.compile(r"\b(?P<season>spring|summer|autumn|fall|winter)\s+(?:of\s+)?(?P<year>\d{4})\b", re.I)),
    ("part", re.compile(r"\b(?P<part>early|mid|late)[\s-]+(?P<year>\d{4})\b", re.I)),
    ("year", re.compile(r"(?<![\w-])(?P<year>(?:19|20)\d{2})(?![\w-])")),
]


def _days_named(norm: str, default_year: int) -> list[pd.Timestamp]:
    """Every full day ("Dec. 18", "27 December 2025") written in ``norm``.

    A day without its own year takes the year written after it in the same text
    ("Dec. 18 & Dec. 27, 2025"), else ``default_year``; impossible days are left out.
    """
    found = []
    for pattern in (p for kind, p in _DATE_PATTERNS if kind == "day"):
        found += [(m.start(), m.group("month"), m.group("day"), m.group("year")) for m in pattern.finditer(norm)]
    found.sort()
    days, year = [], default_year
    for _start, month, day, written in reversed(found):
        year = int(written) if written else year
        try:
            days.append(pd.Timestamp(year=year, month=_MONTHS[month.lower()], day=int(day)))
        except ValueError:
            continue
    return days


def date_interval(text: str, default_year: int = DEFAULT_YEAR) -> tuple[pd.Timestamp, pd.Timestamp]:
    """The stretch of time a written date covers, as (first day, last day).

    "Dec. 18" is one day (in ``default_year``), "October 2024" a month,
    "the summer of 2023" June to August, "late 2024" September to December,
    "2025" the whole year, "Dec. 18 & Dec. 27, 2025" the 18th to the 27th.
    Relative phrases ("the past decade") give (NaT, NaT).
    """
    norm = normalize(text)
    days = _days_named(norm, default_year)
    if len(days) > 1:  # "Dec. 18 & Dec. 27, 2025": from the first day to the last
        return min(days), max(days)
    for kind, pattern in _DATE_PATTERNS:
        m = pattern.search(norm)
        if not m:
            continue
        groups = m.groupdict()
        year = int(groups.get("year") or default_year)
        if kind == "day":
            month = _MONTHS[groups["month"].lower()]
            try:
                day = pd.Timestamp(year=year, month=month, day=int(groups["day"]))
            except ValueError:
                continue
            return day, day
        if kind == "month":
            first = pd.Timestamp(year=year, month=_MONTHS[groups["month"].lower()], day=1)
            return first, first + pd.offsets.MonthEnd(0)
        if kind in ("season", "part"):
            lo, hi = (_SEASONS[groups["season"].lower()] if kind == "season" else _PARTS[groups["part"].lower()])
            first = pd.Timestamp(year=year, month=lo, day=1)
            last = pd.Timestamp(year=year + (hi - 1) // 12, month=(hi - 1) % 12 + 1, day=1) + pd.offsets.MonthEnd(0)
            return first, last
        return pd.Timestamp(year=year, month=1, day=1), pd.Timestamp(year=year, month=12, day=31)
    return pd.NaT, pd.NaT


def dated_claims(corpus: pd.DataFrame, timeline: pd.DataFrame | None = None,
                 checks: pd.DataFrame | None = None) -> pd.DataFrame:
    """The articles' dated claims: every ``date`` specific with its sentence and time span.

    ``date_from``/``date_to`` are the days the wording covers (NaT for relative
    phrases); ``verdict`` is the verdict of a hand-written rule whose words
    overlap the date ("not checked" when no rule covers it).
    """
    from .specifics import find_specifics

    timeline = load_timeline() if timeline is None else timeline
    checks = load_claim_checks(timeline=timeline) if checks is None else checks
    rows = []
    for article_id, body in _articles(corpus):
        found = find_specifics(body)
        found = found[found["kind"] == "date"]
        norm = normalize(body)
        # every place a rule's words occur (record_checks shows only the first)
        matches = [(m.start(), m.end(), rule.verdict)
                   for rule in checks.itertuples(index=False) if rule.article in (article_id, "*")
                   for m in _rule_regex(rule.pattern).finditer(norm)]
        for spec in found.itertuples(index=False):
            date_from, date_to = date_interval(spec.text)
            verdicts = sorted({v for s, e, v in matches if s < spec.end and e > spec.start})
            rows.append({
                "article_id": article_id,
                "start": int(spec.start),
                "end": int(spec.end),
                "claim": body[spec.start:spec.end],
                "supported": bool(spec.supported),
                "date_from": date_from,
                "date_to": date_to,
                "verdict": "conflicts" if "conflicts" in verdicts else (verdicts[0] if verdicts else "not checked"),
                "sentence": _sentence_around(body, int(spec.start), int(spec.end)),
            })
    frame = pd.DataFrame(rows, columns=DATED_CLAIM_COLUMNS)
    frame = frame.astype({"start": "int64", "end": "int64", "supported": "bool"})
    frame["date_from"] = pd.to_datetime(frame["date_from"])
    frame["date_to"] = pd.to_datetime(frame["date_to"])
    return frame.sort_values(["article_id", "start"], kind="stable").reset_index(drop=True)


# --------------------------------------------------------------------------- the chart

#: The shared Okabe-Ito palette (medialit.palette), plus a neutral grey for "not checked".
OKABE_ITO = {**_PALETTE, "grey": "#999999"}
_VERDICT_STYLE = {
    "conflicts": {"color": OKABE_ITO["vermillion"], "marker": "X", "hatch": "//", "label": "conflicts with the record"},
    "agrees": {"color": OKABE_ITO["bluish_green"], "marker": "o", "hatch": "", "label": "agrees with the record"},
    "not checked": {"color": OKABE_ITO["grey"], "marker": "|", "hatch": "", "label": "not checked by a rule"},
}
_KIND_STYLE = {
    "record": {"color": OKABE_ITO["blue"], "marker": "s", "label": "record: reported as fact"},
    "claim": {"color": OKABE_ITO["orange"], "marker": "D", "label": "claim: one side or official says so"},
}


def _require(table, columns: list[str], func: str, made_by: str) -> pd.DataFrame:
    """Raise a clear ArticleInputError unless ``table`` is a DataFrame with ``columns``."""
    from .errors import ArticleInputError

    if not isinstance(table, pd.DataFrame):
        raise ArticleInputError(f"{func}() needs the table from {made_by}, not {type(table).__name__}.")
    missing = [c for c in columns if c not in table.columns]
    if missing:
        raise ArticleInputError(
            f"{func}(): the table has no column {', '.join(missing)}. Pass the table from {made_by}."
        )
    return table


def timeline_title(claims: pd.DataFrame) -> str:
    """A title that states the chart's message, computed from the claims."""
    _require(claims, ["article_id", "claim", "date_from", "verdict"], "timeline_title", "record.dated_claims(corpus)")
    conflicts = claims[claims["verdict"] == "conflicts"].dropna(subset=["date_from"])
    if conflicts.empty:
        return "The articles' dated claims fit the public record"
    where = ", ".join(f"{a} ({c})" for a, c in zip(conflicts["article_id"], conflicts["claim"]))
    n = len(conflicts)
    return f"{n} dated claim{'s' if n != 1 else ''} fall{'s' if n == 1 else ''} where the record does not: {where}"


def describe_timeline(timeline: pd.DataFrame, claims: pd.DataFrame) -> str:
    """One sentence describing the timeline chart, for readers who cannot see it."""
    _require(timeline, ["date"], "describe_timeline", "record.load_timeline()")
    _require(claims, ["date_from", "verdict"], "describe_timeline", "record.dated_claims(corpus)")
    placed = claims.dropna(subset=["date_from"])
    counts = placed["verdict"].value_counts()
    # the span drawn: the record's events and every placed claim, from its first day to its last
    first = min([timeline["date"].min(), *placed["date_from"]])
    last = max([timeline["date"].max(), *placed.get("date_to", placed["date_from"])])
    return (
        f"Timeline from {first:%B %Y} to {last:%B %Y}: the top row shows {len(timeline)} events from the "
        f"public record, numbered [1] to [{len(timeline)}] with their sources listed under the chart; the rows "
        f"below place {len(placed)} dated claims from the articles, of which {counts.get('conflicts', 0)} "
        f"conflict with the record (crosses), {counts.get('agrees', 0)} agree (circles) and "
        f"{counts.get('not checked', 0)} are not covered by a rule (grey ticks)."
    )


def plot_timeline(timeline: pd.DataFrame, claims: pd.DataFrame, ax=None):
    """The record on the top row (numbered, sources listed below), the articles' dated claims beneath.

    Colour is never the only cue: verdicts also differ by marker shape, and
    conflicting spans are hatched and labelled with their words.
    """
    import matplotlib.dates as mdates
    from matplotlib.figure import Figure
    from matplotlib.lines import Line2D

    _require(timeline, TIMELINE_COLUMNS, "plot_timeline", "record.load_timeline()")
    _require(claims, ["article_id", "claim", "date_from", "date_to", "verdict"], "plot_timeline",
             "record.dated_claims(corpus)")
    placed = claims.dropna(subset=["date_from"])
    articles = sorted(set(placed["article_id"]))
    rows = ["record"] + articles
    ypos = {name: len(rows) - 1 - i for i, name in enumerate(rows)}
    if ax is None:
        # A Figure, not pyplot: nothing is drawn twice in a notebook and no global state is touched.
        fig = Figure(figsize=(11, 2.0 + 0.6 * len(rows)))
        ax = fig.add_subplot()
    else:
        fig = ax.figure

    for number, event in enumerate(timeline.itertuples(index=False), start=1):
        style = _KIND_STYLE[event.kind]
        ax.plot(event.date, ypos["record"], linestyle="none", marker=style["marker"],
                color=style["color"], markersize=8, zorder=3)
        # four label heights in turn, so events a few days apart do not print on top of each other
        ax.annotate(f"[{number}]", (event.date, ypos["record"]), xytext=(0, (9, -16, 20, -27)[(number - 1) % 4]),
                    textcoords="offset points", ha="center", fontsize=7)

    for claim in placed.itertuples(index=False):
        style = _VERDICT_STYLE.get(claim.verdict, _VERDICT_STYLE["not checked"])
        y = ypos[claim.article_id]
        width = claim.date_to - claim.date_from
        if width > pd.Timedelta(days=1):
            ax.barh(y, width, left=claim.date_from, height=0.35, color=style["color"], alpha=0.55,
                    hatch=style["hatch"], edgecolor=style["color"], zorder=2)
        middle = claim.date_from + width / 2
        ax.plot(middle, y, linestyle="none", marker=style["marker"], color=style["color"],
                markersize=9 if claim.verdict == "conflicts" else 6, zorder=3)
        if claim.verdict == "conflicts":
            ax.annotate(f"\u201c{claim.claim}\u201d", (middle, y), xytext=(0, 9), textcoords="offset points",
                        ha="center", fontsize=8, color=OKABE_ITO["black"])

    ax.set_yticks([ypos[r] for r in rows])
    ax.set_yticklabels(["public record\n(timeline.csv)"] + [f"article {a}" for a in articles])
    ax.set_ylim(-0.7, len(rows) - 0.1)
    ax.set_xlabel("Date")
    ax.set_ylabel("Where the date comes from")
    ax.xaxis.set_major_locator(mdates.MonthLocator(bymonth=(1, 4, 7, 10)))
    ax.xaxis.set_major_formatter(mdates.DateFormatter("%b %Y"))
    ax.grid(axis="x", color="#dddddd", linewidth=0.6)
    ax.set_title(timeline_title(claims), fontsize=11, loc="left")
    handles = [Line2D([], [], linestyle="none", marker=s["marker"], color=s["color"], label=s["label"])
               for s in list(_KIND_STYLE.values()) + list(_VERDICT_STYLE.values())]
    ax.legend(handles=handles, loc="upper left", bbox_to_anchor=(1.01, 1.0), fontsize=8, frameon=False)
    sources = "\n".join(
        f"[{n}] {e.date:%d %b %Y}: {e.source}" for n, e in enumerate(timeline.itertuples(index=False), start=1)
    )
    ax.text(0.0, -0.16, "Sources of the record (links in data/reference/timeline.csv):\n" + sources,
            transform=ax.transAxes, va="top", ha="left", fontsize=7)
    return fig


# --------------------------------------------------------------------------- quotation marks

_OPEN = r"(?<![\w'\"])"
_QUOTED = re.compile(_OPEN + r"(['\"])(?=\w)(.+?)(?<=[\w.,!?])\1(?!\w)")
_STOPWORDS = frozenset(
    "a an and are as at be but by for from has have he her his in into is it its of on or our "
    "she that the their them they this to us was we were what when where which who will with".split()
)


SAME = "same words as the reference"
SIMILAR = "similar idea, different words"
NOT_FOUND = "not in the reference files"


def quoted_phrases(text: str) -> pd.DataFrame:
    """Phrases in quotation marks (straight or curly): ``start, end, text`` (without the marks)."""
    norm = normalize(text)
    rows = []
    for m in _QUOTED.finditer(norm):
        start, end = m.start(2), m.end(2)
        while end > start and norm[end - 1] in ".,;:!? ":
            end -= 1  # 'invaders,' -> invaders: the comma belongs to the sentence
        rows.append((start, end, text[start:end]))
    return pd.DataFrame(rows, columns=["start", "end", "text"]).astype({"start": "int64", "end": "int64"})


def _content_words(text: str) -> list[str]:
    return [w for w in re.findall(r"[a-z]+", normalize(text).lower()) if len(w) > 2 and w not in _STOPWORDS]


def reference_wording(notes_path: str | Path | None = None, timeline: pd.DataFrame | None = None) -> pd.DataFrame:
    """English wording of the messages from the reference files: ``phrase, source``.

    From notes.md, the quoted phrases of the note on Putin's message in
    English (leaving out the sentence about wording that does *not* appear
    in the reports); from timeline.csv, the phrases quoted in each event.
    """
    path = _reference_file("notes.md", notes_path)
    try:
        notes = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise DataFileError(f"{path.name} is missing (looked in {path.parent.name}/). Restore it from the repository.") from None
    rows = []
    bullet = re.search(r"^- \*\*Putin's message in English\.\*\*(.*)$", normalize(notes), flags=re.M)
    if not bullet:
        raise DataFileError(
            f"{path.name}: no line starting with \"- **Putin's message in English.**\". "
            "quote_check needs that note; restore it from the repository."
        )
    line = notes.count("\n", 0, bullet.start()) + 1
    for s, e in sentence_spans(bullet.group(1)):
        sentence = bullet.group(1)[s:e]
        if "does not appear" in sentence:
            continue
        for phrase in quoted_phrases(sentence)["text"]:
            if len(_content_words(phrase)) >= 2:
                rows.append({"phrase": phrase, "source": f"notes.md, line {line}"})
    timeline = load_timeline() if timeline is None else timeline
    for event in timeline.itertuples(index=False):
        for phrase in quoted_phrases(event.event)["text"]:
            if len(_content_words(phrase)) >= 2:
                rows.append({"phrase": phrase, "source": f"timeline.csv {event.date:%Y-%m-%d}: {event.source}"})
    return pd.DataFrame(rows, columns=["phrase", "source"]).drop_duplicates("phrase").reset_index(drop=True)


def _shared(quote_words: list[str], ref_words: list[str]) -> list[str]:
    """Quote words that have a near match among the reference words ("liberation" ~ "liberating")."""
    from rapidfuzz import fuzz, process

    shared = []
    for word in quote_words:
        if process.extractOne(word, ref_words, scorer=fuzz.ratio, score_cutoff=80) is not None:
            shared.append(word)
    return shared


def quote_check(corpus: pd.DataFrame | None = None, reference: pd.DataFrame | None = None) -> pd.DataFrame:
    """Compare each phrase the articles put in quotation marks with the English wording on record.

    ``share`` is the fraction of the quote's content words found (or nearly
    found) in the closest reference phrase. ``verdict``: "same words as the
    reference" (the quote appears inside a reference phrase), "similar idea,
    different words" (some words shared: likely another translation), or "not
    in the reference files" (which says nothing about whether the words are
    real: our reference only holds the English wording of the two messages).
    """
    if corpus is None:
        from .corpus import load_corpus

        corpus = load_corpus()
    reference = reference_wording() if reference is None else reference
    refs = [(r.phrase, normalize(r.phrase).lower(), _content_words(r.phrase), r.source)
            for r in reference.itertuples(index=False)]
    rows = []
    for article_id, body in _articles(corpus):
        for q in quoted_phrases(body).itertuples(index=False):
            words = _content_words(q.text)
            if not words:
                continue
            key = normalize(q.text).lower().strip(" .,;:!?")
            best = max(
                ((key in low, len(_shared(words, rw)) / len(words), -i, phrase, source, _shared(words, rw))
                 for i, (phrase, low, rw, source) in enumerate(refs)),
                default=(False, 0.0, 0, "", "", []),
            )
            exact, share, _, phrase, source, shared = best
            verdict = SAME if exact else (SIMILAR if share >= 0.25 else NOT_FOUND)
            rows.append({
                "article_id": article_id, "start": int(q.start), "end": int(q.end), "quote": q.text,
                "best_reference": phrase if share > 0 else "", "reference_source": source if share > 0 else "",
                "shared_words": ", ".join(shared), "share": round(share, 2), "verdict": verdict,
            })
    frame = pd.DataFrame(rows, columns=QUOTE_CHECK_COLUMNS).astype({"start": "int64", "end": "int64"})
    return frame.sort_values(["article_id", "start"], kind="stable").reset_index(drop=True)


# --------------------------------------------------------------------------- specifics across the five (notebook 04)

SPECIFIC_KINDS = ["date", "number", "quote", "superlative"]
SPECIFIC_COLUMNS = ["article_id", "start", "end", "text", "kind", "supported", "sentence"]
HEDGED_SPECIFIC_COLUMNS = ["article_id", "start", "end", "hedges", "specifics", "sentence"]
CLAIM_SOURCE_COLUMNS = ["claim", "article_id", "source_type", "hedge", "sentence"]


def specifics_by_article(corpus: pd.DataFrame) -> pd.DataFrame:
    """Every specific of every article, with the sentence it sits in, sorted by article and offset."""
    from .specifics import find_specifics

    frames = []
    for article_id, body in _articles(corpus):
        found = find_specifics(body).copy()
        found.insert(0, "article_id", article_id)
        found["sentence"] = [_sentence_around(body, int(s), int(e)) for s, e in zip(found["start"], found["end"])]
        frames.append(found[SPECIFIC_COLUMNS])
    frame = pd.concat(frames, ignore_index=True) if frames else pd.DataFrame(columns=SPECIFIC_COLUMNS)
    return frame.sort_values(["article_id", "start"], kind="stable").reset_index(drop=True)


def specifics_summary(corpus: pd.DataFrame) -> pd.DataFrame:
    """Per article: how many specifics of each kind, and how many have a checkable source."""
    found = specifics_by_article(corpus)
    table = pd.crosstab(found["article_id"], found["kind"]).reindex(columns=SPECIFIC_KINDS, fill_value=0)
    table = table.reindex(sorted(set(corpus["article_id"].astype(str))), fill_value=0)
    supported = found.groupby("article_id")["supported"].sum().reindex(table.index, fill_value=0)
    table["supported"] = supported.astype("int64")
    table["unsupported"] = table[SPECIFIC_KINDS].sum(axis=1) - table["supported"]
    table.columns.name = None
    return table.rename_axis("article_id").astype("int64")


def _specifics_message(summary: pd.DataFrame) -> str:
    _require(summary, ["supported", "unsupported"], "plot_specifics", "record.specifics_summary(corpus)")
    total = int((summary["supported"] + summary["unsupported"]).sum())
    unsupported = int(summary["unsupported"].sum())
    none_backed = [a for a, s, u in zip(summary.index, summary["supported"], summary["unsupported"]) if s == 0 and u > 0]
    most = "Most" if unsupported > total / 2 else "Some"
    message = (f"By the tool's count, {most.lower()} specifics have no checkable source in their own sentence "
               f"({unsupported} of {total})")
    if none_backed:
        message += f"; in {', '.join(none_backed)} none do"
    return message


def describe_specifics(summary: pd.DataFrame) -> str:
    """One sentence saying what the specifics chart shows."""
    _require(summary, ["supported", "unsupported"], "describe_specifics", "record.specifics_summary(corpus)")
    parts = "; ".join(f"{a}: {u} without and {s} with a checkable source"
                      for a, u, s in zip(summary.index, summary["unsupported"], summary["supported"]))
    return f"Stacked bar chart of the specifics per article ({parts}). {_specifics_message(summary)}."


def plot_specifics(summary: pd.DataFrame):
    """Stacked bars per article: specifics with a checkable source (solid) and without (hatched)."""
    from matplotlib.figure import Figure

    _require(summary, ["supported", "unsupported"], "plot_specifics", "record.specifics_summary(corpus)")

    fig = Figure(figsize=(8, 4))
    ax = fig.add_subplot()
    ids = list(summary.index)
    ax.bar(ids, summary["supported"], color=OKABE_ITO["blue"], label="with a checkable source")
    ax.bar(ids, summary["unsupported"], bottom=summary["supported"], color=OKABE_ITO["vermillion"],
           hatch="//", edgecolor="white", label="no checkable source")
    for x, (s, u) in enumerate(zip(summary["supported"], summary["unsupported"])):
        ax.text(x, s + u + 0.3, f"{u} of {s + u} unbacked", ha="center", fontsize=9)
    total = summary["supported"] + summary["unsupported"]
    ax.set_title(_specifics_message(summary), loc="left", fontsize=11)
    ax.set_xlabel("Article")
    ax.set_ylabel("Dates, numbers, quotes and superlatives")
    ax.legend(frameon=False, fontsize=9, loc="upper left")
    ax.spines[["top", "right"]].set_visible(False)
    ax.set_ylim(0, float(total.max()) * 1.2 + 1)
    return fig


def hedged_specifics(corpus: pd.DataFrame) -> pd.DataFrame:
    """Sentences where a hedge sits next to an unsupported specific ("reportedly ... in late 2024")."""
    from .hedges import find_hedges
    from .specifics import find_specifics

    rows = []
    for article_id, body in _articles(corpus):
        hedges = find_hedges(body)
        hedges = hedges[hedges["kind"] == "hedge"]
        specifics = find_specifics(body)
        specifics = specifics[~specifics["supported"].astype(bool)]
        for s, e in sentence_spans(body):
            h = hedges[(hedges["start"] >= s) & (hedges["end"] <= e)]
            p = specifics[(specifics["start"] < e) & (specifics["end"] > s)]
            if len(h) and len(p):
                rows.append({"article_id": article_id, "start": s, "end": e,
                             "hedges": ", ".join(body[a:b] for a, b in zip(h["start"], h["end"])),
                             "specifics": " | ".join(body[a:b] for a, b in zip(p["start"], p["end"])),
                             "sentence": body[s:e]})
    frame = pd.DataFrame(rows, columns=HEDGED_SPECIFIC_COLUMNS).astype({"start": "int64", "end": "int64"})
    return frame.sort_values(["article_id", "start"], kind="stable").reset_index(drop=True)


def hedged_specifics_with_key(corpus: pd.DataFrame, key=None) -> pd.DataFrame:
    """:func:`hedged_specifics` with the expert key's judgement of each sentence beside the tool's.

    Adds ``key's hedges`` (the key's ``hedge_cues`` for the sentence, or "none"), ``key: unsupported
    specific`` ("yes" / "no") and ``tool vs key``: "DIFFERENT" when the key counts none of the
    tool's hedge words as a hedge there, or does not count the sentence as holding an unsupported
    specific. ``sentence_number`` counts from 1.
    """
    from .evaluate import _as_key, split_items

    by_sentence = {(str(k["article_id"]), int(k["start"])): k for k in _as_key(key).to_dict("records")}
    table = hedged_specifics(corpus)
    numbers, added = [], []
    for row in table.itertuples(index=False):
        k = by_sentence.get((row.article_id, int(row.start)))
        if k is None:
            numbers.append(pd.NA)
            added.append({"key's hedges": "", "key: unsupported specific": "", "tool vs key": ""})
            continue
        written = [c for c in split_items(k["hedge_cues"]) if not c.startswith("+")]  # "+": a booster
        cues = [c.lower() for c in written] if bool(k["hedge"]) else []
        tool = [h.strip().lower() for h in row.hedges.split(",")]
        agree = any(t == c or t in c.split() for t in tool for c in cues) and bool(k["unsupported_specific"])
        numbers.append(int(k["sentence_index"]) + 1)
        added.append({"key's hedges": ", ".join(written) if cues else "none",
                      "key: unsupported specific": "yes" if bool(k["unsupported_specific"]) else "no",
                      "tool vs key": "" if agree else "DIFFERENT"})
    out = table.copy()
    out.insert(1, "sentence_number", pd.array(numbers, dtype="Int64"))
    for column in ("key's hedges", "key: unsupported specific", "tool vs key"):
        out[column] = [a[column] for a in added]
    return out


# --------------------------------------------------------------------------- one claim, five articles (notebook 05)

def claim_sources(corpus: pd.DataFrame, claims: dict[str, str]) -> pd.DataFrame:
    """For each claim (name -> regular expression), the articles that state it and who backs it there.

    ``source_type`` and ``hedge`` come from :func:`medialit.label_sentences` for
    the first sentence that matches; articles that do not state the claim are left out.
    """
    from .labels import label_sentences

    if not isinstance(claims, dict) or not claims:
        from .errors import ArticleInputError

        raise ArticleInputError("claim_sources() needs a dict of claim name -> words to look for, e.g. {'date': 'late 2024'}.")
    rows = []
    for article_id, body in _articles(corpus):
        norm = normalize(body)
        labels = label_sentences(body)
        for order, (name, pattern) in enumerate(claims.items()):
            m = re.search(pattern, norm, flags=re.IGNORECASE)
            if not m:
                continue
            hit = labels[(labels["start"] <= m.start()) & (labels["end"] > m.start())]
            if hit.empty:
                continue
            row = hit.iloc[0]
            rows.append({"order": order, "claim": name, "article_id": article_id, "source_type": row["source_type"],
                         "hedge": bool(row["hedge"]), "sentence": row["text"]})
    frame = pd.DataFrame(rows, columns=["order"] + CLAIM_SOURCE_COLUMNS)
    frame = frame.sort_values(["order", "article_id"], kind="stable").drop(columns="order")
    return frame.reset_index(drop=True)


# --------------------------------------------------------------------------- the detector beside the key (notebook 04)

#: Columns of specifics_with_key().
SPECIFIC_KEY_COLUMNS = ["article_id", "sentence", "detail", "kind", "tool says", "key says", "tool vs key", "record", "sentence_text"]
TOOL_BACKED = "checkable source"
TOOL_UNBACKED = "no checkable source"
TOOL_MISSED = "(not found)"
KEY_UNBACKED = "no checkable source"
KEY_OTHER = "backed, or not counted"


def _bare_detail(text: str) -> str:
    return normalize(text).strip(" \"'“”‘’.,;:").lower()


def specifics_with_key(corpus: pd.DataFrame, article_id: str | None = None, key=None) -> pd.DataFrame:
    """Every exact detail the detector found, with the expert key's judgement and the record beside it.

    One row per detail the detector found, plus one per detail the key lists
    that the detector missed. ``tool says`` is "checkable source" or "no
    checkable source" (the detector's ``supported``); ``key says`` is "no
    checkable source" when the key lists the detail in ``specific_text``, else
    "backed, or not counted"; ``tool vs key`` is "DIFFERENT" where they
    disagree; ``record`` says whether a rule of claim_checks.csv finds the
    detail in agreement or in conflict with the cited timeline (empty when no
    rule covers it). "No checkable source" is about the article, not the
    facts: a date can have no source in the text and still agree with the
    record. ``sentence`` counts from 1.
    """
    from .evaluate import _as_key, split_items
    from .specifics import find_specifics

    truth = _as_key(key)
    checks = record_checks(corpus)
    wanted = None if article_id is None else str(article_id)
    ids = [a for a, _ in _articles(corpus)]
    if wanted is not None and wanted not in ids:
        raise DataFileError(f"specifics_with_key(): article {wanted!r} is not in the corpus; use one of {', '.join(ids)}.")
    rows = []
    for aid, body in _articles(corpus):
        if wanted is not None and aid != wanted:
            continue
        found = find_specifics(body)
        keyed = truth[truth["article_id"] == aid]
        spans = sentence_spans(body)
        mine = checks[checks["article_id"] == aid]

        def verdict(start: int, end: int) -> str:
            hit = mine[(mine["start"] < end) & (mine["end"] > start)]
            if hit.empty:
                return ""
            said = hit["verdict"].iloc[0]
            if said == "agrees" and "another translation" in str(hit["explanation"].iloc[0]):
                return "agrees in content; the wording is another translation"  # not a match of the words
            return f"{said} with the record"

        for number, (s, e) in enumerate(spans, start=1):
            k = keyed[keyed["start"] == s]
            key_items = split_items(k["specific_text"].iloc[0]) if len(k) else []
            key_bare = [_bare_detail(x) for x in key_items]
            matched = set()
            inside = found[(found["start"] >= s) & (found["start"] < e)]
            for row in inside.itertuples(index=False):
                bare = _bare_detail(row.text)
                hits = {i for i, kb in enumerate(key_bare) if kb and (kb in bare or bare in kb)}
                matched |= hits
                tool = TOOL_BACKED if bool(row.supported) else TOOL_UNBACKED
                said = KEY_UNBACKED if hits else KEY_OTHER
                rows.append([aid, number, row.text, row.kind, tool, said,
                             "" if (tool == TOOL_UNBACKED) == bool(hits) else "DIFFERENT",
                             verdict(int(row.start), int(row.end)), body[s:e]])
            for i, item in enumerate(key_items):
                if i in matched:
                    continue
                at = body.find(item, s, e)
                rows.append([aid, number, item, "", TOOL_MISSED, KEY_UNBACKED, "DIFFERENT",
                             verdict(at, at + len(item)) if at >= 0 else "", body[s:e]])
    out = pd.DataFrame(rows, columns=SPECIFIC_KEY_COLUMNS)
    out["sentence"] = out["sentence"].astype("int64")
    return out


def specifics_by_kind(table: pd.DataFrame) -> pd.DataFrame:
    """A specifics_with_key() table counted by kind of detail: how many the tool and the key call
    unbacked, how many rows they disagree on, and how many a rule of claim_checks.csv finds in
    agreement with the cited record (all details, backed or not).

    One row per kind (date, number, quote, ...; details only the key found are "found by the key
    only") and a last row "all kinds".
    """
    if "tool vs key" not in getattr(table, "columns", []):
        raise DataFileError("specifics_by_kind() needs a table made by record.specifics_with_key(corpus).")
    kinds = table["kind"].replace("", "found by the key only")
    columns = ["details", "tool: no checkable source", "key: no checkable source", "tool and key disagree",
               "a record rule agrees"]

    def counts(part: pd.DataFrame) -> list[int]:
        return [len(part), int((part["tool says"] == TOOL_UNBACKED).sum()),
                int((part["key says"] == KEY_UNBACKED).sum()), int((part["tool vs key"] == "DIFFERENT").sum()),
                int(part["record"].str.startswith("agrees").sum())]

    rows = {kind: counts(table[kinds == kind]) for kind in dict.fromkeys(sorted(kinds))}
    rows["all kinds"] = counts(table)
    out = pd.DataFrame.from_dict(rows, orient="index", columns=columns)
    out.index.name = "kind"
    return out


def specifics_key_summary(table: pd.DataFrame) -> str:
    """One computed sentence about a specifics_with_key() table (counts are never typed in a lesson)."""
    if "tool vs key" not in table.columns:
        raise DataFileError("specifics_key_summary() needs a table made by record.specifics_with_key(corpus).")
    tool_unbacked = int((table["tool says"] == TOOL_UNBACKED).sum())
    key_unbacked = int((table["key says"] == KEY_UNBACKED).sum())
    differ = int((table["tool vs key"] == "DIFFERENT").sum())
    agree_record = int(((table["tool says"] == TOOL_UNBACKED) & table["record"].str.startswith("agrees")).sum())
    return (
        f"The tool counts {tool_unbacked} details with no checkable source here; the key lists {key_unbacked}. "
        f"They disagree on {differ} of {len(table)} rows (marked DIFFERENT). "
        f"Of the tool's unbacked details, {agree_record} {'is' if agree_record == 1 else 'are'} checked by a record rule "
        "and agree with the cited record: no source in the text does not mean false."
    )
