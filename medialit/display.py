"""Highlighted article text for notebooks and for standalone web pages.

``highlight(text)`` marks what the detectors found, so a student can see the
evidence in place rather than as a number:

* hedges and boosters (:func:`medialit.find_hedges`),
* attributions by type: named, anonymous, vague (:func:`medialit.find_attributions`),
* unsupported specifics: dates, numbers, quotes, superlatives with nothing
  checkable behind them (:func:`medialit.find_specifics`),
* claims of privileged access (:func:`medialit.find_access_claims`).

Every mark has a colour from the Okabe-Ito palette (readable with the common
kinds of colour blindness) *and* a cue that does not need colour: a small
label after the span ("HEDGE", "VAGUE", ...) and its own underline style
(dotted, double, solid, dashed, wavy) or a boxed background. Article text is
always HTML-escaped, so a text containing ``<script>`` shows it as text.

Marks may overlap ("reportedly" inside an anonymous attribution). The text
is cut at every mark boundary and each piece is wrapped in the marks that
cover it, nested in a fixed order; no character is ever repeated or lost.
In a notebook the styles are inline (no ``<style>`` block), so the output looks
the same in JupyterLab, in nbconvert's HTML and on GitHub; a saved page
(``to_html``) carries one stylesheet and short class names instead, so a text
dense with marks gives a page a small multiple of its size.
"""
from __future__ import annotations

import html
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from .errors import ArticleInputError
from .files import write_atomic
from .palette import OKABE_ITO

SPAN_COLUMNS = ["start", "end", "category", "label", "detail"]


@dataclass(frozen=True)
class MarkStyle:
    """How one category of mark looks, and what it means in plain words."""

    label: str  # the visible tag after the span
    colour: str  # Okabe-Ito colour
    underline: str  # CSS line style: dotted, double, solid, dashed, wavy, or "box"
    tag_text: str  # text colour on the tag (black or white, whichever reads better)
    meaning: str



# Order matters twice: it is the legend order, and the nesting order of
# marks that start and end at the same place (earlier = outer).
STYLES: dict[str, MarkStyle] = {
    "named": MarkStyle("NAMED", OKABE_ITO["bluish_green"], "solid", "#000000",
                       "a source named so that you could look it up"),
    "anonymous": MarkStyle("ANON", OKABE_ITO["vermillion"], "dashed", "#000000",
                           "a source described but not named (\"a senior diplomat\")"),
    "vague": MarkStyle("VAGUE", OKABE_ITO["blue"], "wavy", "#FFFFFF",
                       "no one in particular (\"some analysts\", \"reports\")"),
    "access": MarkStyle("ACCESS", OKABE_ITO["sky_blue"], "box", "#000000",
                        "a claim of secret or privileged access that a reader cannot check"),
    "unsupported": MarkStyle("UNSUPPORTED", OKABE_ITO["yellow"], "box", "#000000",
                             "an exact date, number or quote with nothing checkable behind it"),
    "hedge": MarkStyle("HEDGE", OKABE_ITO["orange"], "dotted", "#000000",
                       "softens a claim: the writer does not fully commit"),
    "booster": MarkStyle("BOOST", OKABE_ITO["reddish_purple"], "double", "#000000",
                         "pushes a claim harder, without adding evidence"),
}
_ORDER = {name: k for k, name in enumerate(STYLES)}


# --------------------------------------------------------------------------- finding the marks

def _check_text(text, func: str) -> str:
    if not isinstance(text, str):
        hint = " Pick one article's text, e.g. corpus.loc[0, 'body']." if isinstance(text, (pd.DataFrame, pd.Series)) else ""
        raise ArticleInputError(f"{func}() needs the article text as a str, not {type(text).__name__}.{hint}")
    return text


def find_marks(text: str, analysis=None) -> pd.DataFrame:
    """Every mark :func:`highlight` draws: ``start, end, category, label, detail``.

    ``category`` is a key of :data:`STYLES`; ``detail`` is the tooltip text.
    Sorted by start, then longest first, then category order. ``analysis``, when given,
    must be ``medialit.analyse(text)``: its detector results are drawn instead of running
    the detectors again.
    """
    from .labels import detect  # loaded on first use: keeps import medialit cheap

    _check_text(text, "find_marks")
    hedges, sources, specifics, access = detect(text) if analysis is None else analysis.records
    rows = []
    for r in hedges:
        explanation = r.get("explanation", "") or ""
        rows.append((r["start"], r["end"], r["kind"], STYLES[r["kind"]].label, f"{r['kind']}: {explanation}".strip()))
    for r in sources:
        if r["source_type"] in STYLES:
            who = r["source"] or r["cue"]
            rows.append((r["start"], r["end"], r["source_type"], STYLES[r["source_type"]].label,
                         f"{r['source_type']} source: {who}"))
    for r in specifics:
        if not bool(r["supported"]):
            rows.append((r["start"], r["end"], "unsupported", f"UNSUPPORTED {str(r['kind']).upper()}",
                         f"unsupported {r['kind']}: nothing in the text says where it comes from"))
    for r in access:
        rows.append((r["start"], r["end"], "access", STYLES["access"].label, f"access claim: {r['cue']}"))
    return _marks_frame(rows, len(text))


def _marks_frame(rows, length: int) -> pd.DataFrame:
    clean = []
    for start, end, category, label, detail in rows:
        start, end = max(0, int(start)), min(length, int(end))
        if start < end and category in STYLES:
            clean.append((start, end, category, label, detail))
    clean.sort(key=lambda r: (r[0], -r[1], _ORDER[r[2]], r[3]))
    df = pd.DataFrame(clean, columns=SPAN_COLUMNS)
    df["start"] = df["start"].astype("int64")
    df["end"] = df["end"].astype("int64")
    return df


# --------------------------------------------------------------------------- rendering

def _open_tag(category: str, depth: int, detail: str, classes: bool = False) -> str:
    if classes:  # a standalone page: the look comes from its stylesheet (page_css)
        title = f' title="{html.escape(detail)}"' if category in ("hedge", "booster") else ""
        return f'<span class="ml-{category} ml-d{min(depth, _MAX_DEPTH)}"{title}>'
    return f'<span class="ml-{category}" style="{_mark_css(category, depth)}" title="{html.escape(detail)}">'


_MAX_DEPTH = 6  # deeper nesting than this draws its lines at the same height


def _mark_css(category: str, depth: int) -> str:
    st = STYLES[category]
    if st.underline == "box":
        return (f"background:{st.colour}55;outline:1px solid {st.colour};"
                "border-radius:2px;")
    if st.underline == "wavy":
        return (f"text-decoration:underline wavy {st.colour};text-decoration-thickness:1.5px;"
                f"text-underline-offset:{3 + 5 * depth}px;text-decoration-skip-ink:none;")
    width = 3 if st.underline == "double" else 2
    return f"border-bottom:{width}px {st.underline} {st.colour};padding-bottom:{1 + 4 * depth}px;"


def _tag_css(category: str) -> str:
    st = STYLES[category]
    return (f"font:bold 0.62em/1 sans-serif;letter-spacing:0.03em;background:{st.colour};"
            f"color:{st.tag_text};border-radius:3px;padding:1px 3px;margin:0 2px;white-space:nowrap")


def _tag(category: str, label: str, classes: bool = False) -> str:
    if classes:
        return f'<sup class="ml-t-{category}">{html.escape(label)}</sup>'
    return f'<sup class="ml-tag" style="{_tag_css(category)}">{html.escape(label)}</sup>'


def page_css() -> str:
    """The stylesheet of a standalone page drawn with ``render_marks(..., classes=True)``."""
    rules = []
    for category in STYLES:
        rules.append(f".ml-t-{category}{{{_tag_css(category)}}}")
        for depth in range(_MAX_DEPTH + 1):
            rules.append(f".ml-{category}.ml-d{depth}{{{_mark_css(category, depth)}}}")
    return "\n".join(rules)


def render_marks(text: str, marks: pd.DataFrame, classes: bool = False) -> str:
    """HTML of ``text`` with ``marks`` (a :func:`find_marks` table) drawn in.

    The text is cut at every mark boundary; each piece is escaped and wrapped
    in the marks that cover it (outer = starts earlier / is longer). A mark's
    label follows its last piece. Overlapping marks therefore never garble
    the text: each character appears exactly once.

    Linear in the number of marks: one sweep over the cut points keeps the
    marks open at each piece. ``classes=True`` draws with class names (for a
    page that carries :func:`page_css`) instead of inline styles, which keeps
    a page with many marks a small multiple of the text's size.
    """
    spans = list(marks[SPAN_COLUMNS].itertuples(index=False, name=None))
    cuts = sorted({0, len(text)} | {s for s, *_ in spans} | {e for _, e, *_ in spans})
    pieces = []
    order = sorted(range(len(spans)), key=lambda k: spans[k][0])  # stable: table order within a start
    nxt = 0
    active: list[int] = []  # marks open over the current piece, in table order (outermost first)
    for a, b in zip(cuts, cuts[1:]):
        if active and any(spans[k][1] <= a for k in active):
            active = [k for k in active if spans[k][1] > a]
        added = False
        while nxt < len(order) and spans[order[nxt]][0] <= a:
            if spans[order[nxt]][1] >= b:
                active.append(order[nxt])
                added = True
            nxt += 1
        if added:
            active.sort()
        pieces.append((a, b, list(active)))
    # One underline height per mark for its whole length: the most marks it
    # ever holds inside it. An enclosing mark is always drawn lower than the
    # marks it encloses, so their lines never sit on top of each other.
    level = [0] * len(spans)
    for _, _, covering in pieces:
        for depth, k in enumerate(reversed(covering)):
            level[k] = max(level[k], depth)
    out: list[str] = []
    for a, b, covering in pieces:
        piece = html.escape(text[a:b])
        for k in reversed(covering):
            _, _, category, _, detail = spans[k]
            piece = f"{_open_tag(category, level[k], detail, classes)}{piece}</span>"
        out.append(piece)
        # labels of marks ending here, innermost first
        for k in reversed(covering):
            s, e, category, label, _ = spans[k]
            if e == b:
                out.append(_tag(category, label, classes))
    return "".join(out)


def legend_html(categories=None) -> str:
    """A small legend: each mark's look, its label and what it means."""
    items = []
    for name in categories or STYLES:
        st = STYLES[name]
        sample = f'{_open_tag(name, 0, st.meaning)}example</span>{_tag(name, st.label)}'
        items.append(
            f'<li style="margin:2px 0;list-style:none">{sample} '
            f'<span style="color:#333">{html.escape(st.meaning)}</span></li>'
        )
    return (
        '<div class="ml-legend" style="font:0.9em sans-serif;border:1px solid #ccc;'
        'border-radius:4px;padding:6px 10px;margin:6px 0;line-height:2">'
        '<strong>What the marks mean</strong> (each has a label, so colour is never the only cue)'
        f'<ul style="margin:4px 0;padding:0">{"".join(items)}</ul>'
        '<span style="color:#555">A mark is a place to look closer, not a verdict: '
        "a hedge can be honest caution, and a named source can still be wrong.</span></div>"
    )


def _plain(text: str, marks: pd.DataFrame) -> str:
    """Text with [brackets]^LABEL around each mark, for terminals and logs."""
    inserts: list[tuple[int, int, int, str]] = []  # (position, closes first, order, string)
    rows = marks[SPAN_COLUMNS].itertuples(index=False, name=None)
    for k, (s, e, _category, label, _) in enumerate(rows):
        inserts.append((s, 1, k, "["))
        inserts.append((e, 0, -k, f"]^{label.replace(' ', '_')}"))  # inner marks close first
    inserts.sort(key=lambda t: t[:3])
    out, pos = [], 0
    for where, _, _, s in inserts:
        out.append(text[pos:where])
        out.append(s)
        pos = where
    out.append(text[pos:])
    return "".join(out)


class Highlight:
    """A highlighted text. Shows as HTML in a notebook, as bracketed text elsewhere.

    ``marks`` is the table of what was marked (see :func:`find_marks`).
    """

    def __init__(self, text: str, marks: pd.DataFrame, title: str | None = None):
        self.text = text
        self.marks = marks
        self.title = title

    def counts(self) -> dict[str, int]:
        """How many marks of each category, in legend order."""
        vc = self.marks["category"].value_counts()
        return {name: int(vc.get(name, 0)) for name in STYLES}

    def body_html(self, classes: bool = False) -> str:
        """The highlighted text alone (escaped), without legend or title."""
        return (
            '<div class="ml-text" style="white-space:pre-wrap;line-height:2.3;'
            f'font-family:Georgia,serif;max-width:48em">{render_marks(self.text, self.marks, classes)}</div>'
        )

    def _repr_html_(self, classes: bool = False) -> str:
        title = f"<h3 style=\"margin:4px 0\">{html.escape(self.title)}</h3>" if self.title else ""
        summary = ", ".join(f"{n} {STYLES[c].label.lower()}" for c, n in self.counts().items() if n)
        summary_html = f'<p style="font:0.85em sans-serif;color:#444;margin:2px 0">Marks: {html.escape(summary or "none")}</p>'
        return f'<div class="medialit-highlight">{title}{legend_html()}{summary_html}{self.body_html(classes)}</div>'

    def __repr__(self) -> str:
        head = f"Highlight({self.title!r})" if self.title else "Highlight"
        summary = ", ".join(f"{n} {STYLES[c].label}" for c, n in self.counts().items() if n) or "no marks"
        return f"{head}: {summary}\n{_plain(self.text, self.marks)}"

    def to_html(self, path, inputs=()) -> Path:
        """Write a standalone web page (UTF-8) and return its path.

        The page is written to a temporary file and renamed into place, and it never
        replaces any of ``inputs`` (e.g. the article file it was made from).
        """
        page_title = html.escape(self.title or "medialit highlight")
        page = (
            "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
            "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
            f"<title>{page_title}</title>\n<style>\n{page_css()}\n</style>\n</head>\n"
            "<body style=\"margin:2em auto;max-width:52em;padding:0 1em\">\n"
            f"{self._repr_html_(classes=True)}\n</body>\n</html>\n"
        )
        return write_atomic(path, page, inputs=inputs)


def highlight(text: str, title: str | None = None, analysis=None) -> Highlight:
    """Mark hedges, boosters, attributions, unsupported specifics and access claims in ``text``.

    In a notebook the result shows as coloured, labelled text with a legend;
    ``print()`` gives a plain version with ``[...]^LABEL`` brackets, and
    ``.to_html("page.html")`` saves a page you can open in any browser.
    """
    _check_text(text, "highlight")
    if title is not None and not isinstance(title, str):
        raise ArticleInputError(f"highlight(): title must be a str or None, not {type(title).__name__}.")
    return Highlight(text, find_marks(text, analysis), title)


# --------------------------------------------------------------------------- sentence tables

from .vocabulary import SOURCE_WORDS as _SOURCE_LABELS  # noqa: E402


class SentenceTable:
    """Labelled sentences as an HTML table with readable badges."""

    def __init__(self, df: pd.DataFrame, title: str | None = None):
        self.df = df
        self.title = title

    def _badges(self, row) -> str:
        out = []
        if bool(row.hedge):
            out.append(_tag("hedge", "HEDGE"))
        if bool(row.booster):
            out.append(_tag("booster", "BOOST"))
        st = str(row.source_type)
        if st in STYLES:
            out.append(_tag(st, STYLES[st].label))
        else:
            out.append(f'<span style="font:0.8em sans-serif;color:#555">{html.escape(_SOURCE_LABELS.get(st, st))}</span>')
        if bool(row.unsupported_specific):
            out.append(_tag("unsupported", "UNSUPPORTED"))
        if bool(row.access_claim):
            out.append(_tag("access", "ACCESS"))
        return " ".join(out)

    def _repr_html_(self) -> str:
        rows = []
        for k, row in enumerate(self.df.itertuples(index=False)):
            rows.append(
                f'<tr><td style="text-align:right;vertical-align:top;color:#777">{k + 1}</td>'
                f'<td style="text-align:left;vertical-align:top">{html.escape(str(row.text))}</td>'
                f'<td style="text-align:left;vertical-align:top;white-space:nowrap">{self._badges(row)}</td></tr>'
            )
        title = f"<caption style=\"font-weight:bold\">{html.escape(self.title)}</caption>" if self.title else ""
        return (
            f'<table class="medialit-sentences" style="border-collapse:collapse">{title}'
            "<thead><tr><th>#</th><th style=\"text-align:left\">sentence</th>"
            "<th style=\"text-align:left\">labels</th></tr></thead>"
            f"<tbody>{''.join(rows)}</tbody></table>"
        )

    def __repr__(self) -> str:
        return format_sentences(self.df)


def format_sentences(df: pd.DataFrame, width: int = 100) -> str:
    """Plain-text listing of labelled sentences, one block per sentence."""
    import textwrap

    lines = []
    for k, row in enumerate(df.itertuples(index=False)):
        flags = []
        if bool(row.hedge):
            flags.append("HEDGE")
        if bool(row.booster):
            flags.append("BOOST")
        flags.append("source=" + _SOURCE_LABELS.get(str(row.source_type), str(row.source_type)).replace(" ", "-"))
        if bool(row.unsupported_specific):
            flags.append("UNSUPPORTED-SPECIFIC")
        if bool(row.access_claim):
            flags.append("ACCESS")
        lines.append(f"[{k + 1}] {' '.join(flags)}")  # sentences count from 1, as everywhere
        text = " ".join(str(row.text).split())
        lines.extend(textwrap.wrap(text, width=width, initial_indent="    ", subsequent_indent="    ") or ["    "])
    return "\n".join(lines)


_LABEL_COLUMNS = ["text", "hedge", "booster", "source_type", "unsupported_specific", "access_claim"]


def highlight_sentences(df: pd.DataFrame, title: str | None = None) -> SentenceTable:
    """Show a :func:`medialit.label_sentences` table with a badge per label."""
    if not isinstance(df, pd.DataFrame):
        raise ArticleInputError(
            f"highlight_sentences() needs the table from medialit.label_sentences(text), not {type(df).__name__}."
        )
    missing = [c for c in _LABEL_COLUMNS if c not in df.columns]
    if missing:
        raise ArticleInputError(
            f"highlight_sentences(): the table has no column {', '.join(missing)}. "
            "Pass the table from medialit.label_sentences(text)."
        )
    return SentenceTable(df, title)


# --------------------------------------------------------------------------- any table, readable in class
#
# pandas draws a DataFrame as one long line per row: text is cut at
# ``display.max_colwidth`` with "…" (often in the middle of the phrase the lesson is
# about), JupyterLab right-aligns it, and long column names such as
# ``hedges_per_100_words`` push a table past the notebook's right edge on a classroom
# screen. ``table_html`` draws the whole text, aligned left and wrapped; numbers stay
# right-aligned on one line; a column name may break after each "_" (never inside a word). Styles are inline
# (JupyterLab and nbconvert show them; GitHub shows a plain table). ``notebook_tables()``
# makes it the HTML of every DataFrame shown in the running kernel; text/plain is
# unchanged.

_TABLE_CSS = "border-collapse:collapse;table-layout:auto;width:auto;max-width:100%;margin:0 0 1em 0"
_CELL_CSS = "padding:0.3em 0.35em;vertical-align:top;border-bottom:1px solid #ddd"
# a name breaks after "_" (a <wbr>), never inside a word: "break-word" (unlike "anywhere")
# does not let the table squeeze a header to "artic|le_id"; the text cells give way instead
_HEAD_CSS = _CELL_CSS + ";text-align:left;vertical-align:bottom;border-bottom:1px solid #555;overflow-wrap:break-word"
_TEXT_CSS = _CELL_CSS + ";text-align:left;white-space:normal;overflow-wrap:anywhere"
_NUMBER_CSS = _CELL_CSS + ";text-align:right;white-space:nowrap;font-variant-numeric:tabular-nums"
_INDEX_CSS = _CELL_CSS + ";text-align:right;white-space:nowrap;color:#555;font-weight:normal"


def _breakable_name(name) -> str:
    """A column name, escaped, that may wrap after each underscore."""
    return html.escape(str(name)).replace("_", "_<wbr>")


def _is_number_column(series: pd.Series) -> bool:
    return (pd.api.types.is_numeric_dtype(series) or pd.api.types.is_datetime64_any_dtype(series)
            or pd.api.types.is_timedelta64_dtype(series))


def _formatted(series: pd.Series) -> list[str]:
    """The cells of one column as text: numbers as pandas prints them, text in full."""
    if _is_number_column(series) and len(series):
        # pandas' own formatting (common number of decimals, NaN, dates), one line per row
        lines = series.to_frame().to_string(index=False, header=False).splitlines()
        if len(lines) == len(series):
            return [line.strip() for line in lines]
    return [str(value) for value in series]


def table_html(df: pd.DataFrame, max_rows: int | None = None, index: bool = True,
               numeric_columns=None) -> str:
    """``df`` as an HTML table that fits the notebook: whole text, wrapped, aligned left.

    Every cell and name is HTML-escaped. Over ``max_rows`` rows (default: pandas'
    ``display.max_rows``) the first and last rows are shown with a line saying how many
    are left out, as pandas does; ``index=False`` leaves the row labels out.
    ``numeric_columns`` (a list of names, or "all") are drawn as numbers, right-aligned on
    one line, even when they hold already formatted text; by default the columns with a
    numeric or date type are. A frame with
    several header or index levels is drawn by pandas itself, without cutting text.
    """
    if not isinstance(df, pd.DataFrame):
        raise TypeError(f"table_html() needs a pandas DataFrame, not {type(df).__name__}.")
    if max_rows is None:
        max_rows = pd.get_option("display.max_rows") or len(df)
    shown, hidden = df, 0
    if len(df) > max_rows:
        keep = max(1, (pd.get_option("display.min_rows") or max_rows) // 2)
        shown, hidden = pd.concat([df.iloc[:keep], df.iloc[-keep:]]), len(df) - 2 * keep
    if isinstance(df.columns, pd.MultiIndex) or isinstance(df.index, pd.MultiIndex):
        with pd.option_context("display.max_colwidth", None):
            body = shown.to_html(escape=True, border=0, index=index)
        return f'<div class="medialit-table" style="max-width:100%;overflow-wrap:anywhere">{body}</div>'

    if numeric_columns == "all":
        numeric = [True] * df.shape[1]
    elif numeric_columns is not None:
        numeric = [name in set(numeric_columns) for name in df.columns]
    else:
        numeric = [_is_number_column(df.iloc[:, k]) for k in range(df.shape[1])]
    columns = [_formatted(shown.iloc[:, k]) for k in range(shown.shape[1])]
    index_name = html.escape(str(df.index.name)) if df.index.name is not None else ""
    head = (f'<th style="{_HEAD_CSS}">{index_name}</th>' if index else "") + "".join(
        f'<th style="{_HEAD_CSS}{";text-align:right" if numeric[k] else ""}">{_breakable_name(name)}</th>'
        for k, name in enumerate(df.columns))
    rows = []
    for r, label in enumerate(shown.index):
        if hidden and r == len(shown) // 2:
            rows.append(f'<tr><td colspan="{df.shape[1] + int(index)}" style="{_TEXT_CSS};color:#555">'
                        f"… {hidden} more rows …</td></tr>")
        cells = "".join(f'<td style="{_NUMBER_CSS if numeric[k] else _TEXT_CSS}">{html.escape(columns[k][r])}</td>'
                        for k in range(shown.shape[1]))
        label_cell = f'<th style="{_INDEX_CSS}">{html.escape(str(label))}</th>' if index else ""
        rows.append(f"<tr>{label_cell}{cells}</tr>")
    size = f"<p>{len(df)} rows × {df.shape[1]} columns</p>" if hidden else ""
    return (f'<div class="medialit-table" style="max-width:100%"><table style="{_TABLE_CSS}">'
            f"<thead><tr>{head}</tr></thead><tbody>{''.join(rows)}</tbody></table>{size}</div>")


def notebook_tables(enable: bool = True) -> bool:
    """Show every DataFrame in this IPython kernel with :func:`table_html` (or, with
    ``enable=False``, with pandas' own HTML again). Returns False outside IPython."""
    import sys

    if "IPython" not in sys.modules:  # a plain script: nothing to do, and no IPython import
        return False
    shell = sys.modules["IPython"].get_ipython()
    if shell is None:
        return False
    formatter = shell.display_formatter.formatters["text/html"]
    if enable:
        formatter.for_type(pd.DataFrame, table_html)
    else:  # also the printer ``import medialit`` registered by the class's name
        formatter.type_printers.pop(pd.DataFrame, None)
        for module in ("pandas", "pandas.core.frame"):
            formatter.deferred_printers.pop((module, "DataFrame"), None)
    return True
