"""Tests for medialit.display: highlighted HTML that is escaped, labelled and never garbled."""
from __future__ import annotations

import html
import re
import subprocess
import sys
from pathlib import Path
from html.parser import HTMLParser

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import medialit
from medialit import display
from medialit.errors import ArticleInputError

REPO = Path(__file__).resolve().parent.parent


class TextOnly(HTMLParser):
    """Collects the visible article text, skipping the label tags (<sup>)."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.in_sup = 0
        self.tags: list[str] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append(tag)
        if tag == "sup":
            self.in_sup += 1

    def handle_endtag(self, tag):
        if tag == "sup":
            self.in_sup -= 1

    def handle_data(self, data):
        if not self.in_sup:
            self.parts.append(data)


def visible_text(fragment: str) -> str:
    p = TextOnly()
    p.feed(fragment)
    p.close()
    return "".join(p.parts)


def marks(rows):
    return display._marks_frame(rows, 10**9)


SAMPLE = (
    "Sources close to the Russian military have reportedly said that 1,500 engineers "
    "cleared the fields, according to Alexander Khinshtein, the Kursk governor. "
    "Some analysts believe it was a pivotal moment. <script>alert('hi')</script>"
)


def test_script_in_the_text_is_shown_as_text():
    out = medialit.highlight(SAMPLE)._repr_html_()
    assert "<script>" not in out
    assert "&lt;script&gt;" in out and "&lt;/script&gt;" in out
    assert visible_text(display.render_marks(SAMPLE, medialit.highlight(SAMPLE).marks)) == SAMPLE


def test_title_is_escaped_too(tmp_path):
    h = medialit.highlight("It reportedly rained.", title="<b>bold</b> & more")
    assert "&lt;b&gt;bold&lt;/b&gt; &amp; more" in h._repr_html_()
    page = h.to_html(tmp_path / "page.html").read_text(encoding="utf-8")
    assert "<title>&lt;b&gt;bold&lt;/b&gt; &amp; more</title>" in page


def test_html_has_a_legend_and_cues_that_do_not_need_colour():
    out = medialit.highlight(SAMPLE)._repr_html_()
    assert "What the marks mean" in out
    for style in display.STYLES.values():
        assert f">{style.label}</sup>" in out  # every label appears in the legend
        assert style.colour in out
    # underline styles differ by category, so print-outs in grey still tell them apart
    for line in ("dotted", "dashed", "solid", "double", "wavy"):
        assert line in out


def test_hedges_and_sources_are_marked_with_labels():
    h = medialit.highlight(SAMPLE)
    found = set(h.marks["category"])
    assert {"hedge", "named"} <= found
    assert found & {"anonymous", "vague"}  # "Sources close to ...", "Some analysts"
    out = h._repr_html_()
    hedge_rows = h.marks[h.marks["category"] == "hedge"]
    for start, end in zip(hedge_rows["start"], hedge_rows["end"]):
        assert html.escape(SAMPLE[start:end]) in out
    assert ">HEDGE</sup>" in display.render_marks(SAMPLE, h.marks)


def test_marks_match_the_detectors():
    h = medialit.highlight(SAMPLE)
    hedges = medialit.find_hedges(SAMPLE)
    got = h.marks[h.marks["category"].isin(["hedge", "booster"])]
    assert sorted(zip(got["start"], got["end"])) == sorted(zip(hedges["start"], hedges["end"]))
    attrs = medialit.find_attributions(SAMPLE)
    got = h.marks[h.marks["category"].isin(["named", "anonymous", "vague"])]
    assert len(got) == len(attrs)
    specs = medialit.find_specifics(SAMPLE)
    assert (h.marks["category"] == "unsupported").sum() == int((~specs["supported"].astype(bool)).sum())


def test_nested_and_crossing_marks_keep_the_text_intact():
    text = "alpha beta gamma delta epsilon"
    m = marks([
        (0, 30, "anonymous", "ANON", "outer"),
        (6, 16, "hedge", "HEDGE", "inner"),
        (11, 22, "booster", "BOOST", "crossing"),
        (11, 16, "unsupported", "UNSUPPORTED", "same end"),
    ])
    out = display.render_marks(text, m)
    assert visible_text(out) == text
    assert out.count("<sup") == 4
    # the outer mark's label comes last, after the inner labels
    assert out.rindex(">ANON</sup>") > out.rindex(">BOOST</sup>")
    # an enclosing mark is drawn lower than the marks inside it
    def padding(category):
        found = set(re.findall(rf'class="ml-{category}" style="[^"]*padding-bottom:(\d+)px', out))
        assert len(found) == 1, (category, found)  # one height along the whole mark
        return int(found.pop())

    assert padding("anonymous") > padding("hedge") > padding("booster")


@settings(max_examples=150, deadline=None)
@given(
    text=st.text(alphabet=st.sampled_from(list("ab <>&\"'\n‘’é")), max_size=40),
    spans=st.lists(st.tuples(st.integers(0, 40), st.integers(0, 40),
                             st.sampled_from(list(display.STYLES))), max_size=8),
)
def test_any_marks_leave_the_escaped_text_unchanged(text, spans):
    rows = [(min(a, b), max(a, b), c, display.STYLES[c].label, "tip <&>") for a, b, c in spans]
    out = display.render_marks(text, display._marks_frame(rows, len(text)))
    assert visible_text(out) == text
    assert "<&>" not in out


def test_repr_is_readable_plain_text():
    h = medialit.highlight("It reportedly rained.", title="Weather")
    r = repr(h)
    assert r.startswith("Highlight('Weather')")
    assert "reportedly]^HEDGE" in r
    assert "<" not in r


def test_to_html_writes_a_standalone_page(tmp_path):
    out = medialit.highlight(SAMPLE, title="Sample").to_html(tmp_path / "sample.html")
    page = out.read_text(encoding="utf-8")
    assert page.startswith("<!DOCTYPE html>")
    assert '<meta charset="utf-8">' in page
    assert "What the marks mean" in page and "&lt;script&gt;" in page


def test_to_html_into_a_missing_folder_gives_a_named_error(tmp_path):
    with pytest.raises(ArticleInputError, match="Could not write"):
        medialit.highlight("text").to_html(tmp_path / "no" / "such" / "page.html")


def test_empty_text_gives_no_marks():
    h = medialit.highlight("")
    assert h.marks.empty and list(h.marks.columns) == display.SPAN_COLUMNS
    assert "Marks: none" in h._repr_html_()


@pytest.mark.parametrize("bad", [None, 42, b"bytes", pd.DataFrame({"body": ["x"]})])
def test_highlight_needs_a_string(bad):
    with pytest.raises(ArticleInputError, match="needs the article text as a str"):
        medialit.highlight(bad)


def test_highlight_sentences_shows_badges_and_escapes():
    text = "It reportedly rained. <b>Officials</b> said 2,000 people came."
    table = display.highlight_sentences(medialit.label_sentences(text), title="Mine")
    out = table._repr_html_()
    assert "&lt;b&gt;Officials&lt;/b&gt;" in out and "<b>" not in out
    assert ">HEDGE</sup>" in out
    assert "[1] HEDGE" in repr(table) and "[0]" not in repr(table)  # sentences count from 1
    assert ">1</td>" in out and ">0</td>" not in out
    with pytest.raises(ArticleInputError, match="label_sentences"):
        display.highlight_sentences(pd.DataFrame({"text": ["x"]}))


def test_real_article_round_trip():
    body = medialit.load_corpus().set_index("article_id").loc["002", "body"]
    h = medialit.highlight(body)
    assert visible_text(h.body_html()) == body
    assert h.counts()["hedge"] > 0


# --------------------------------------------------------------------------- tables that fit the notebook

LONG = ("Sources close to the Russian military have indicated that the engineers' role in the Kursk "
        "region went far beyond what the official statements said, and that <b>nobody</b> outside the "
        "operation could check it at the time it was reported.")


def _table():
    return pd.DataFrame({"article_id": ["000", "001"], "hedges_per_100_words": [1.234567, 12.5],
                         "sentence": [LONG, "short & plain"]})


def test_table_shows_the_whole_sentence_escaped_where_pandas_cuts_it():
    df = _table()
    with pd.option_context("display.max_colwidth", 50):
        assert "Sources close to the Russian military have ind...</td>" in df._repr_html_()  # pandas cuts it
        out = display.table_html(df)
    assert html.escape(LONG) in out and "<b>nobody</b>" not in out
    assert "short &amp; plain" in out and "…" not in out


def test_table_text_is_left_aligned_and_wraps_numbers_right_on_one_line():
    out = display.table_html(_table())
    cells = re.findall(r'<td style="([^"]*)">([^<]*)</td>', out)
    styles = {text: style for style, text in cells}
    assert "text-align:left" in styles["000"] and "white-space:normal" in styles["000"]
    number = next(style for style, text in cells if text.startswith("1.23"))
    assert "text-align:right" in number and "white-space:nowrap" in number
    assert "hedges_<wbr>per_<wbr>100_<wbr>words" in out  # a long column name may wrap after each "_"
    assert "max-width:100%" in out


def test_table_numbers_are_formatted_as_pandas_prints_them():
    df = _table()
    out = display.table_html(df)
    for shown in df[["hedges_per_100_words"]].to_string(index=False, header=False).split():
        assert f">{shown}</td>" in out


def test_table_without_index_and_with_many_rows():
    df = pd.DataFrame({"n": range(100), "word": [f"w{k}" for k in range(100)]})
    out = display.table_html(df, max_rows=10, index=False)
    assert "… 90 more rows …" in out and "100 rows × 2 columns" in out
    assert ">w0<" in out and ">w99<" in out and ">w50<" not in out
    assert "<th" not in out.split("<tbody>")[1]  # no row labels


def test_table_of_something_else_is_a_clear_error():
    with pytest.raises(TypeError, match="needs a pandas DataFrame, not list"):
        display.table_html([1, 2])


def test_notebook_tables_draws_every_dataframe_in_the_kernel():
    from IPython.core.interactiveshell import InteractiveShell

    shell = InteractiveShell.instance()
    try:
        assert display.notebook_tables() is True
        data, _ = shell.display_formatter.format(_table())
        assert data["text/html"] == display.table_html(_table())
        assert "000" in data["text/plain"]  # the plain copy is pandas' own
        display.notebook_tables(enable=False)
        data, _ = shell.display_formatter.format(_table())
        assert data["text/html"] == _table()._repr_html_()
    finally:
        InteractiveShell.clear_instance()


def test_import_medialit_in_a_kernel_draws_every_dataframe_without_importing_pandas():
    # whichever lesson cell imports medialit first (lesson 00 imports neither charts nor byo)
    code = """
import sys
from IPython.core.interactiveshell import InteractiveShell
shell = InteractiveShell.instance()
import medialit
assert "pandas" not in sys.modules and "medialit.display" not in sys.modules, "imported too early"
import pandas as pd
from medialit import display
frame = pd.DataFrame({"article_id": ["000"], "sentence": ["A long sentence that is shown whole."]})
data, _ = shell.display_formatter.format(frame)
assert data["text/html"] == display.table_html(frame), data["text/html"][:200]
display.notebook_tables(enable=False)
data, _ = shell.display_formatter.format(frame)
assert data["text/html"] == frame._repr_html_()
print("ok")
"""
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=REPO, timeout=120)
    assert proc.returncode == 0 and proc.stdout.strip() == "ok", proc.stderr[-2000:]


def test_column_names_break_after_underscores_never_inside_a_word():
    page = display.table_html(pd.DataFrame({"hedges_per_100_words": [1.5]}))
    assert "hedges_<wbr>per_<wbr>100_<wbr>words" in page
    head = re.search(r'<th style="([^"]*)">hedges', page).group(1)
    assert "overflow-wrap:break-word" in head and "anywhere" not in head


def test_notebook_tables_outside_ipython_does_nothing(monkeypatch):
    import sys

    monkeypatch.delitem(sys.modules, "IPython", raising=False)
    assert display.notebook_tables() is False


def test_table_numeric_columns_can_be_named_when_they_hold_formatted_text():
    df = pd.DataFrame({"a": ["1.50", "22"], "b": ["x", "y"]})
    out = display.table_html(df, numeric_columns=["a"])
    assert re.search(r'<td style="[^"]*text-align:right[^"]*">1.50</td>', out)
    assert re.search(r'<td style="[^"]*text-align:left[^"]*">x</td>', out)
    everything = display.table_html(df, numeric_columns="all")
    assert not re.search(r'<td style="[^"]*text-align:left', everything)
