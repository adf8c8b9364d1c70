"""Hostile text: each class of input that used to take quadratic time, as a regression test.

Speed itself is measured by ``benchmarks/bench_adversarial.py`` (ratios and scaling, run by
``make bench``), never asserted here. These tests do two other things:

* they run each hostile shape at a size where the old code took minutes and the new code takes
  milliseconds, under a generous ``pytest-timeout`` guard (a hang fails, a slow machine does not);
* they check that the faster code gives exactly the answers of the simple, slow definition
  (the old brute-force loop, kept here as the reference), on random input.
"""
from __future__ import annotations

import html
import re

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import medialit
from medialit import display, sources, text

pytestmark = pytest.mark.timeout(120)

HOSTILE = {
    "full stops": "." * 200_000,
    "?!. run": "?!." * 70_000,
    "said": "said " * 40_000,
    "said after one source": "Putin " + "said " * 40_000,
    "quotes": '"a ' * 60_000,
    "numbers": "1,234 " * 30_000,
}


@pytest.mark.parametrize("shape", list(HOSTILE))
def test_hostile_shapes_finish(shape):
    rows = medialit.label_sentences(HOSTILE[shape])
    assert isinstance(rows, pd.DataFrame)


def test_a_run_of_full_stops_is_one_sentence():
    assert text.sentence_spans("." * 200_000) == [(0, 200_000)]


# the sentence-end pattern before it was made linear: the reference definition
_OLD_END = re.compile(r"[.!?]+['\")\]]*(?=\s)")


@settings(max_examples=400, deadline=None)
@given(st.text(alphabet=".!? \n'\"([)]aBé1²_", max_size=60))
def test_sentences_are_split_as_with_the_simple_pattern(sample):
    """The fast end pattern (linear, and skipping ends no sentence can follow) splits exactly
    as the reference pattern did, followed by _split_line's own checks."""
    fast = text.sentence_spans(sample)
    real = text._END
    try:
        text._END = _OLD_END
        reference = text.sentence_spans(sample)
    finally:
        text._END = real
    assert fast == reference
    assert {m.start() for m in text._END.finditer(sample)} <= {m.start() for m in _OLD_END.finditer(sample)}


def test_each_cue_looks_back_at_one_source_at_most(monkeypatch):
    """The backward scan per cue was quadratic in one long sentence of cues."""
    calls = []
    real = sources._subject_gap
    monkeypatch.setattr(sources, "_subject_gap", lambda gap, src: calls.append(len(gap)) or real(gap, src))
    sample = "Putin " + "said " * 5_000
    sources.attribution_records(sample)
    assert len(calls) <= 1  # only "Putin said" is near enough to be a subject
    assert all(n <= sources._BEFORE_GAP for n in calls)


def _covering_brute_force(spans, a, b):
    return [k for k, m in enumerate(spans) if m[0] <= a and m[1] >= b]


def _render_brute_force(sample: str, marks: pd.DataFrame) -> str:
    """render_marks as first written: for each piece, test every mark (quadratic)."""
    spans = list(marks[display.SPAN_COLUMNS].itertuples(index=False, name=None))
    cuts = sorted({0, len(sample)} | {s for s, *_ in spans} | {e for _, e, *_ in spans})
    pieces = [(a, b, _covering_brute_force(spans, a, b)) for a, b in zip(cuts, cuts[1:])]
    level = [0] * len(spans)
    for _, _, active in pieces:
        for depth, k in enumerate(reversed(active)):
            level[k] = max(level[k], depth)
    out = []
    for a, b, active in pieces:
        piece = html.escape(sample[a:b])
        for k in reversed(active):
            piece = f"{display._open_tag(spans[k][2], level[k], spans[k][4])}{piece}</span>"
        out.append(piece)
        for k in reversed(active):
            if spans[k][1] == b:
                out.append(display._tag(spans[k][2], spans[k][3]))
    return "".join(out)


@settings(max_examples=200, deadline=None)
@given(st.lists(st.tuples(st.integers(0, 40), st.integers(1, 12), st.sampled_from(list(display.STYLES))),
                max_size=25))
def test_one_sweep_draws_what_the_brute_force_drew(raw):
    sample = "The minister said <b>maybe</b> 42 & more, reportedly." * 2
    rows = [(s, s + n, c, display.STYLES[c].label, f"{c} detail") for s, n, c in raw]
    marks = display._marks_frame(rows, len(sample))
    assert display.render_marks(sample, marks) == _render_brute_force(sample, marks)


def test_a_page_dense_with_marks_stays_a_small_multiple_of_the_text(tmp_path):
    sample = '"a b c" ' * 20_000  # 20,000 unsupported three-word quotes
    assert len(medialit.highlight(sample).marks) == 20_000
    page = medialit.highlight(sample).to_html(tmp_path / "page.html")
    ratio = page.stat().st_size / len(sample.encode())
    assert ratio < 20, f"page is {ratio:.1f}x the text"
    notebook_html = medialit.highlight(sample)._repr_html_()
    assert len(page.read_text(encoding="utf-8")) < len(notebook_html) / 2  # class names, not inline styles
