"""Charts for the lesson notebooks, each with a plain-text twin for screen readers.

Every ``plot_*`` function returns a :class:`matplotlib.figure.Figure` whose
title states the chart's one message (worked out from the data, so it never
goes stale), with labelled axes, the Okabe-Ito colour-blind-safe palette and
a second cue besides colour (hatching, marker shape or a printed number).
Every ``plot_*`` has a ``describe_*`` twin that returns one sentence saying
the same thing in words; a notebook prints it directly under the chart.

Figures are built with :class:`~matplotlib.figure.Figure` rather than
``pyplot``, so nothing is drawn twice in a notebook and no global state is
touched. :func:`show` displays a figure as a PNG and prints its description.
"""
from __future__ import annotations

import io

import pandas as pd
from matplotlib.colors import LinearSegmentedColormap
from matplotlib.figure import Figure
from matplotlib.patches import Patch

from .errors import ArticleInputError, MedialitError
from . import vocabulary as _vocabulary  # the rule book's labels, words and colours
from .palette import OKABE_ITO  # the one palette shared with the highlights


#: Source types in the order of the stacked bars (strongest source first).
SOURCE_TYPES = list(_vocabulary.SOURCE_TYPES)
SOURCE_LABELS = dict(_vocabulary.SOURCE_PHRASES)
# The same concept has the same colour in the charts and in medialit.highlight.
SOURCE_COLOURS = dict(_vocabulary.SOURCE_COLOURS)
#: Hatching so that the bars differ by texture as well as by colour.
SOURCE_HATCHES = dict(_vocabulary.SOURCE_HATCHES)

HEDGE_COLOUR = OKABE_ITO["orange"]
BOOSTER_COLOUR = OKABE_ITO["reddish_purple"]

#: Default columns of the profile heatmap (rates and shares are comparable across lengths).
HEATMAP_COLUMNS = [
    "hedges_per_100_words",
    "boosters_per_100_words",
    "share_named",
    "share_anonymous",
    "share_vague",
    "share_none",
    "unsupported_specifics",
    "access_claims",
]

_DPI = 100


# --------------------------------------------------------------------------- helpers

def _require(df, columns: list[str], func: str, what: str = "a profile table") -> pd.DataFrame:
    """Raise a clear ArticleInputError unless ``df`` is a DataFrame with ``columns``."""
    fix = (
        "Build it with medialit.profile(medialit.load_corpus())."
        if what == "a profile table"
        else "Pass medialit.load_corpus() or medialit.load_article(...)."
    )
    if not isinstance(df, pd.DataFrame):
        raise ArticleInputError(f"{func}() needs {what} (a pandas DataFrame), not {type(df).__name__}. {fix}")
    missing = [c for c in columns if c not in df.columns]
    if missing:
        raise ArticleInputError(f"{func}() needs the column(s) {', '.join(missing)}, which this table lacks. {fix}")
    if df.empty:
        raise ArticleInputError(f"{func}() got an empty table: there is nothing to draw. Load at least one article.")
    return df.sort_values("article_id").reset_index(drop=True)


def _ids(df: pd.DataFrame) -> list[str]:
    return [str(a) for a in df["article_id"]]


def _join(items: list[str]) -> str:
    """'a', 'a and b', 'a, b and c'."""
    items = list(items)
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + " and " + items[-1]


def _leaders(df: pd.DataFrame, column: str, largest: bool = True, tolerance: float = 1e-9) -> list[str]:
    """Article ids within ``tolerance`` of the largest (or smallest) value of ``column``.

    A small tolerance names near-ties together, so a title never crowns one
    article over another that is practically level with it.
    """
    values = df[column].astype(float)
    best = values.max() if largest else values.min()
    return [a for a, v in zip(_ids(df), values) if abs(v - best) <= tolerance]


#: Shares closer than this (2 percentage points) count as level in titles.
SHARE_TIE = 0.02
#: Rates per 100 words closer than this count as level in titles.
RATE_TIE = 0.05


def _verb(ids: list[str], singular: str, plural: str) -> str:
    return singular if len(ids) == 1 else plural


def _style_axes(ax) -> None:
    ax.spines["top"].set_visible(False)
    ax.spines["right"].set_visible(False)


def figure_png(fig: Figure) -> bytes:
    """The figure as PNG bytes, with no software/version metadata (stable output)."""
    buf = io.BytesIO()
    fig.savefig(buf, format="png", dpi=_DPI, bbox_inches="tight", metadata={"Software": None})
    return buf.getvalue()


#: The smallest text, in points, that stays readable on a projector once JupyterLab has scaled
#: the figure down to the notebook's width.
MIN_FONT_SIZE = 8


def _label_boxes(labels, renderer):
    return [label.get_window_extent(renderer) for label in labels]


def _crowded(boxes, gap: float = 4.0) -> bool:
    """True when two neighbouring labels (left to right) touch or overlap."""
    boxes = sorted(boxes, key=lambda b: b.x0)
    return any(right.x0 < left.x1 + gap for left, right in zip(boxes, boxes[1:]))


def make_legible(fig: Figure) -> Figure:
    """Text readable at the default size and on a projector, whatever drew the figure.

    No text is smaller than :data:`MIN_FONT_SIZE`; x-axis tick labels that would touch
    or overlap (dates such as "Oct 2023Jan 2024") keep every second, third ... label
    until none do (the ticks and grid lines stay). Returns ``fig``, changed in place.
    """
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.text import Text

    if not isinstance(fig.canvas, FigureCanvasAgg):
        FigureCanvasAgg(fig)
    for text in fig.findobj(Text):
        if text.get_text() and text.get_fontsize() < MIN_FONT_SIZE:
            text.set_fontsize(MIN_FONT_SIZE)
    fig.canvas.draw()
    renderer = fig.canvas.get_renderer()
    for ax in fig.axes:
        labels = [label for label in ax.get_xticklabels() if label.get_visible() and label.get_text()]
        step = 1
        while step < len(labels) and _crowded(_label_boxes(labels[::step], renderer)):
            step += 1
        if step > 1:
            for k, label in enumerate(labels):
                label.set_visible(k % step == 0)
    return fig


def show(fig: Figure, description: str) -> None:
    """Display ``fig`` in a notebook and print its one-sentence description under it.

    The figure is shown once, as a PNG: if it was made with ``pyplot`` it is
    closed afterwards so the notebook does not draw it a second time.
    """
    import sys

    from IPython.display import Image, display

    if not isinstance(fig, Figure):
        raise MedialitError(
            f"show() needs a matplotlib Figure such as charts.plot_density(profile), not {type(fig).__name__}."
        )
    if not isinstance(description, str) or not description.strip():
        raise MedialitError(
            "show() needs a one-sentence description for screen readers, "
            "such as charts.describe_density(profile)."
        )
    display(Image(data=figure_png(make_legible(fig)), format="png"))
    print(description)
    if "matplotlib.pyplot" in sys.modules:
        sys.modules["matplotlib.pyplot"].close(fig)


# --------------------------------------------------------------------------- lengths (notebook 01)

def _length_table(corpus: pd.DataFrame) -> pd.DataFrame:
    from .text import word_count

    df = _require(corpus, ["article_id", "body", "boilerplate"], "plot_lengths", what="a corpus table")
    return pd.DataFrame(
        {
            "article_id": _ids(df),
            "body_words": [word_count(b) for b in df["body"]],
            "boilerplate_words": [word_count(b or "") for b in df["boilerplate"]],
        }
    )


def _lengths_message(t: pd.DataFrame) -> str:
    """Title for the lengths chart, worked out from the word counts."""
    ordered = t.sort_values(["body_words", "article_id"], ascending=[False, True])
    longest = ordered.iloc[0]
    if len(ordered) == 1:
        return f"Article {longest['article_id']} has {longest['body_words']} words of body text"
    rest = ordered.iloc[1:]["body_words"]
    how = "by far the longest" if longest["body_words"] >= 1.5 * rest.max() else "the longest"
    title = f"Article {longest['article_id']} is {how}"
    if rest.max() and (rest.max() - rest.min()) <= 0.25 * rest.max():
        title += "; the others are about the same length"
    return title


def describe_lengths(corpus: pd.DataFrame) -> str:
    """One sentence: which article is longest and how much page boilerplate there is."""
    t = _length_table(corpus)
    longest = t.loc[t["body_words"].idxmax()]
    others = t[t["article_id"] != longest["article_id"]]["body_words"]
    sentence = (
        f"Bar chart of words per article: article {longest['article_id']} has the longest body "
        f"({longest['body_words']} words)"
    )
    if len(others):
        sentence += f", the others have {others.min()} to {others.max()} words"
    chrome = t[t["boilerplate_words"] > 0]
    if len(chrome):
        parts = [f"{r.boilerplate_words} words in {r.article_id}" for r in chrome.itertuples()]
        sentence += f", and page boilerplate adds {_join(parts)} that are not part of the article"
    return sentence + "."


def plot_lengths(corpus: pd.DataFrame) -> Figure:
    """Horizontal bars: words of body text, with page boilerplate stacked on (hatched)."""
    t = _length_table(corpus)
    fig = Figure(figsize=(7, 3.2), dpi=_DPI)
    ax = fig.add_subplot()
    y = list(range(len(t)))[::-1]
    ax.barh(y, t["body_words"], color=OKABE_ITO["blue"], label="article body")
    ax.barh(y, t["boilerplate_words"], left=t["body_words"], color=OKABE_ITO["yellow"],
            hatch="//", edgecolor="#555555", label="page boilerplate (not the article)")
    for yi, body in zip(y, t["body_words"]):
        ax.text(body / 2, yi, str(body), va="center", ha="center", color="white", fontsize=9)
    ax.set_yticks(y, labels=t["article_id"])
    ax.set_xlabel("Words")
    ax.set_ylabel("Article")
    ax.set_title(_lengths_message(t), loc="left")
    ax.legend(loc="upper center", bbox_to_anchor=(0.5, -0.22), ncol=2, frameon=False, fontsize=8)
    _style_axes(ax)
    fig.tight_layout()
    return fig


# --------------------------------------------------------------------------- source types (notebook 02)

def _share_columns() -> list[str]:
    return [f"share_{k}" for k in SOURCE_TYPES]


def _unnamed_share(df: pd.DataFrame) -> pd.Series:
    return df["share_anonymous"] + df["share_vague"]


def describe_source_types(profile_df: pd.DataFrame) -> str:
    """One sentence: who leans most on named sources and who most on unnamed ones."""
    df = _require(profile_df, ["article_id"] + _share_columns(), "describe_source_types")
    top_named, top_unnamed = _source_leaders(df)
    named = df["share_named"].astype(float)
    unnamed = _unnamed_share(df)
    return (
        "Stacked bar chart of the share of sentences by their weakest source: "
        f"{_join(top_named)} {_verb(top_named, 'has', 'have')} the largest share backed by named sources "
        f"({_share_range(named, top_named, df)}), while {_join(top_unnamed)} "
        f"{_verb(top_unnamed, 'has', 'have')} the largest share resting on "
        f"anonymous or vague sources ({_share_range(unnamed, top_unnamed, df)})."
    )


def _source_leaders(df: pd.DataFrame) -> tuple[list[str], list[str]]:
    """Articles (near-)level at the top for named shares, and for anonymous + vague shares."""
    with_unnamed = df.assign(_unnamed=_unnamed_share(df))
    return (
        _leaders(with_unnamed, "share_named", tolerance=SHARE_TIE),
        _leaders(with_unnamed, "_unnamed", tolerance=SHARE_TIE),
    )


def _share_range(values: pd.Series, ids: list[str], df: pd.DataFrame) -> str:
    """'22%' or '21-22%' for the leaders' shares."""
    picked = [v for a, v in zip(_ids(df), values) if a in ids]
    low, high = f"{min(picked):.0%}", f"{max(picked):.0%}"
    return high if low == high else f"{low[:-1]}-{high}"


def plot_source_types(profile_df: pd.DataFrame) -> Figure:
    """Stacked horizontal bars: share of each article's sentences by weakest source type."""
    df = _require(profile_df, ["article_id"] + _share_columns(), "plot_source_types")
    top_named, top_unnamed = _source_leaders(df)
    fig = Figure(figsize=(8, 3.6), dpi=_DPI)
    ax = fig.add_subplot()
    y = list(range(len(df)))[::-1]
    left = pd.Series(0.0, index=df.index)
    for kind in SOURCE_TYPES:
        values = df[f"share_{kind}"].astype(float)
        ax.barh(y, values, left=left, color=SOURCE_COLOURS[kind], hatch=SOURCE_HATCHES[kind],
                edgecolor="#333333", linewidth=0.5, label=SOURCE_LABELS[kind])
        for yi, lo, v in zip(y, left, values):
            if v >= 0.08:
                ax.text(lo + v / 2, yi, f"{v:.0%}", va="center", ha="center", fontsize=8,
                        color="black", bbox={"boxstyle": "round,pad=0.15", "fc": "white", "ec": "none", "alpha": 0.8})
        left = left + values
    ax.set_yticks(y, labels=df["article_id"])
    ax.set_xlim(0, 1)
    ax.xaxis.set_major_formatter(lambda v, _pos: f"{v:.0%}")
    ax.set_xlabel("Share of the article's sentences (weakest source behind each)")
    ax.set_ylabel("Article")
    ax.set_title(
        f"{_join(top_named)} {_verb(top_named, 'leans', 'lean')} most on named sources; "
        f"{_join(top_unnamed)} most on anonymous or vague ones",
        loc="left", fontsize=11,
    )
    ax.legend(loc="upper center", bbox_to_anchor=(0.5, -0.2), ncol=3, frameon=False, fontsize=8)
    _style_axes(ax)
    fig.tight_layout()
    return fig


# --------------------------------------------------------------------------- density (notebook 03)

def describe_density(profile_df: pd.DataFrame) -> str:
    """One sentence: which articles have the most and fewest hedges and boosters per 100 words."""
    df = _require(profile_df, ["article_id", "hedges_per_100_words", "boosters_per_100_words"], "describe_density")
    h = df.set_index("article_id")["hedges_per_100_words"]
    b = df.set_index("article_id")["boosters_per_100_words"]
    most_h = _leaders(df, "hedges_per_100_words", tolerance=RATE_TIE)
    fewest_h = _leaders(df, "hedges_per_100_words", largest=False, tolerance=RATE_TIE)
    most_b = _leaders(df, "boosters_per_100_words", tolerance=RATE_TIE)
    return (
        "Grouped bar chart of hedges and boosters per 100 words: "
        f"{_join(most_h)} {_verb(most_h, 'has', 'have')} the most hedges ({h.max():.2f} per 100 words) "
        f"and {_join(fewest_h)} the fewest ({h.min():.2f}); "
        f"{_join(most_b)} {_verb(most_b, 'has', 'have')} the most boosters ({b.max():.2f})."
    )


def plot_density(profile_df: pd.DataFrame) -> Figure:
    """Grouped bars: hedges and boosters per 100 words for each article, values printed on the bars."""
    df = _require(profile_df, ["article_id", "hedges_per_100_words", "boosters_per_100_words"], "plot_density")
    fig = Figure(figsize=(7, 3.6), dpi=_DPI)
    ax = fig.add_subplot()
    x = list(range(len(df)))
    width = 0.38
    series = [
        ("hedges_per_100_words", "hedges (lower certainty)", HEDGE_COLOUR, "//", -width / 2),
        ("boosters_per_100_words", "boosters (raise certainty)", BOOSTER_COLOUR, "", width / 2),
    ]
    for column, label, colour, hatch, shift in series:
        values = df[column].astype(float)
        bars = ax.bar([xi + shift for xi in x], values, width, color=colour, hatch=hatch,
                      edgecolor="#333333", linewidth=0.5, label=label)
        ax.bar_label(bars, labels=[f"{v:.2f}" for v in values], fontsize=7, padding=2)
    ax.set_xticks(x, labels=df["article_id"])
    ax.set_xlabel("Article")
    ax.set_ylabel("Per 100 words of body text")
    top = _leaders(df, "hedges_per_100_words", tolerance=RATE_TIE)
    low = _join(_leaders(df, "hedges_per_100_words", largest=False, tolerance=RATE_TIE))
    ax.set_title(f"{_join(top)} {_verb(top, 'hedges', 'hedge')} most per 100 words, {low} least", loc="left")
    ax.legend(frameon=False, fontsize=8)
    ax.margins(y=0.15)
    _style_axes(ax)
    fig.tight_layout()
    return fig


# --------------------------------------------------------------------------- positions (notebook 03)

def cue_positions(corpus: pd.DataFrame) -> pd.DataFrame:
    """Where each hedge and booster sits in its article's body, as a fraction (0 = start, 1 = end).

    Columns ``article_id, kind, cue, position, third`` (``third`` is
    "beginning", "middle" or "end"), sorted by article and position.
    """
    from .hedges import find_hedges

    df = _require(corpus, ["article_id", "body"], "cue_positions", what="a corpus table")
    rows = []
    for aid, body in zip(_ids(df), df["body"]):
        if not body:
            continue
        found = find_hedges(body)
        for start, end, cue, kind in zip(found["start"], found["end"], found["cue"], found["kind"]):
            position = ((start + end) / 2) / len(body)
            third = "beginning" if position < 1 / 3 else ("middle" if position < 2 / 3 else "end")
            rows.append({"article_id": aid, "kind": kind, "cue": cue, "position": round(position, 4), "third": third})
    out = pd.DataFrame(rows, columns=["article_id", "kind", "cue", "position", "third"])
    return out.sort_values(["article_id", "position", "kind"]).reset_index(drop=True)


def _strongest_cluster(pos: pd.DataFrame) -> tuple[str, str, float, int] | None:
    """(article, third, share, n) for the article whose cues bunch most in one third."""
    best = None
    for aid, group in pos.groupby("article_id", sort=True):
        if len(group) < 3:
            continue
        counts = group["third"].value_counts()
        for third in ("beginning", "middle", "end"):
            share = counts.get(third, 0) / len(group)
            if best is None or share > best[2] + 1e-9:
                best = (aid, third, share, len(group))
    return best


def describe_positions(corpus: pd.DataFrame) -> str:
    """One sentence: where hedges and boosters bunch up."""
    pos = cue_positions(corpus)
    if pos.empty:
        return "Strip chart of hedge and booster positions: the detector found none in these articles."
    best = _strongest_cluster(pos)
    counts = pos.groupby("article_id").size()
    sentence = (
        "Strip chart of where each hedge (circle) and booster (triangle) falls from the start to the end "
        f"of each article ({_join([f'{n} in {a}' for a, n in counts.items()])})"
    )
    if best:
        aid, third, share, n = best
        sentence += f"; the strongest bunching is in {aid}, where {share:.0%} of its {n} cues sit in the {third} third"
    return sentence + "."


def plot_positions(corpus: pd.DataFrame) -> Figure:
    """One row per article: hedges (orange circles) and boosters (blue triangles) along the body."""
    pos = cue_positions(corpus)
    df = _require(corpus, ["article_id", "body"], "plot_positions", what="a corpus table")
    ids = _ids(df)
    fig = Figure(figsize=(8, 0.7 * len(ids) + 1.6), dpi=_DPI)
    ax = fig.add_subplot()
    rows = {aid: len(ids) - 1 - i for i, aid in enumerate(ids)}
    for kind, colour, marker, offset in (("hedge", HEDGE_COLOUR, "o", 0.12), ("booster", BOOSTER_COLOUR, "^", -0.12)):
        sel = pos[pos["kind"] == kind]
        ax.scatter(sel["position"], [rows[a] + offset for a in sel["article_id"]], s=36, c=colour,
                   marker=marker, edgecolors="black", linewidths=0.4, label=f"{kind}s")
    for edge in (1 / 3, 2 / 3):
        ax.axvline(edge, color="#999999", linestyle=":", linewidth=1)
    ax.set_yticks(list(rows.values()), labels=list(rows.keys()))
    ax.set_xlim(0, 1)
    ax.set_xticks([0, 1 / 3, 2 / 3, 1], labels=["start", "one third", "two thirds", "end"])
    ax.set_xlabel("Position in the article body")
    ax.set_ylabel("Article")
    best = _strongest_cluster(pos) if not pos.empty else None
    if best:
        title = f"Hedges and boosters bunch up most in {best[0]}: {best[2]:.0%} of its cues are in the {best[1]} third"
    else:
        title = "Hedges and boosters are spread thinly through the articles"
    ax.set_title(title, loc="left", fontsize=11)
    ax.legend(loc="upper center", bbox_to_anchor=(0.5, -0.16), ncol=2, frameon=False, fontsize=8)
    _style_axes(ax)
    fig.tight_layout()
    return fig


# --------------------------------------------------------------------------- profile heatmap (notebook 05)

def _heatmap_columns(profile_df: pd.DataFrame, columns) -> list[str]:
    columns = list(columns) if columns is not None else list(HEATMAP_COLUMNS)
    if not columns:
        raise ArticleInputError("plot_profile_heatmap() needs at least one column to draw; leave columns=None for the default set.")
    return columns


def describe_profile_heatmap(profile_df: pd.DataFrame, columns=None) -> str:
    """One sentence: which article is highest on each measure (there is no overall winner)."""
    columns = _heatmap_columns(profile_df, columns)
    df = _require(profile_df, ["article_id"] + columns, "describe_profile_heatmap")
    parts = [f"{_join(_leaders(df, c))} on {c}" for c in columns]
    return (
        "Heatmap of the profiles, darker meaning higher within each column and the value printed in each cell; "
        f"highest: {'; '.join(parts)}."
    )


def plot_profile_heatmap(profile_df: pd.DataFrame, columns=None) -> Figure:
    """Articles x measures; each column is shaded against its own maximum and every cell shows its value.

    Columns are shaded separately because they are different questions with
    different units: the chart invites reading across, not adding up.
    """
    columns = _heatmap_columns(profile_df, columns)
    df = _require(profile_df, ["article_id"] + columns, "plot_profile_heatmap")
    values = df[columns].astype(float)
    col_max = values.max().replace(0, 1.0)
    scaled = values / col_max
    cmap = LinearSegmentedColormap.from_list("okabe_blue", ["#FFFFFF", OKABE_ITO["sky_blue"], OKABE_ITO["blue"]])
    fig = Figure(figsize=(1.05 * len(columns) + 2.2, 0.55 * len(df) + 2.4), dpi=_DPI)
    ax = fig.add_subplot()
    ax.imshow(scaled.values, cmap=cmap, vmin=0, vmax=1, aspect="auto")
    for i in range(len(df)):
        for j, column in enumerate(columns):
            v = values.iloc[i, j]
            text = f"{v:.0%}" if column.startswith("share_") else (f"{v:.2f}" if column.endswith("_words") else f"{v:.0f}")
            dark = scaled.iloc[i, j] > 0.7
            ax.text(j, i, text, ha="center", va="center", fontsize=8, color="white" if dark else "black",
                    fontweight="bold" if scaled.iloc[i, j] >= 0.999 else "normal")
    ax.set_xticks(range(len(columns)), labels=[c.replace("_", " ") for c in columns], rotation=35, ha="right", fontsize=8)
    ax.set_yticks(range(len(df)), labels=df["article_id"])
    ax.set_xlabel("Measure (each column shaded against its own highest value, shown in bold)")
    ax.set_ylabel("Article")
    ax.set_title("No single number sums up an article: each column asks a different question", loc="left", fontsize=11)
    fig.tight_layout()
    return fig


__all__ = [
    "OKABE_ITO",
    "SOURCE_COLOURS",
    "cue_positions",
    "describe_density",
    "describe_lengths",
    "describe_positions",
    "describe_profile_heatmap",
    "describe_source_types",
    "figure_png",
    "plot_density",
    "plot_lengths",
    "plot_positions",
    "plot_profile_heatmap",
    "plot_source_types",
    "show",
]

