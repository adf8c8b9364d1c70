"""Charts: one message per chart, stated in the title and in a text twin, in Okabe-Ito colours."""
from __future__ import annotations

import matplotlib.colors as mcolors
import pandas as pd
import pytest
from matplotlib.figure import Figure

import medialit
from medialit import charts
from medialit.errors import ArticleInputError, MedialitError
from medialit.palette import OKABE_ITO

OKABE = {mcolors.to_hex(c).lower() for c in OKABE_ITO.values()}


def _profile(**overrides) -> pd.DataFrame:
    """A small hand-made profile table whose leaders are known in advance."""
    rows = {
        "article_id": ["a", "b", "c"],
        "words": [100, 200, 400],
        "sentences": [10, 10, 20],
        "hedges": [5, 2, 2],
        "boosters": [1, 4, 2],
        "hedges_per_100_words": [5.0, 1.0, 0.5],
        "boosters_per_100_words": [1.0, 2.0, 0.5],
        "n_named": [1, 6, 4],
        "n_anonymous": [4, 1, 2],
        "n_vague": [3, 1, 2],
        "n_none": [2, 2, 10],
        "n_na": [0, 0, 2],
        "unsupported_specifics": [9, 1, 3],
        "access_claims": [5, 0, 1],
    }
    rows.update(overrides)
    df = pd.DataFrame(rows)
    for kind in ("named", "anonymous", "vague", "none", "na"):
        df[f"share_{kind}"] = df[f"n_{kind}"] / df["sentences"]
    return df


def _bar_colours(fig: Figure) -> set[str]:
    ax = fig.axes[0]
    return {mcolors.to_hex(p.get_facecolor()).lower() for p in ax.patches}


def _check_frame(fig: Figure) -> None:
    assert isinstance(fig, Figure)
    ax = fig.axes[0]
    assert ax.get_title(loc="left").strip(), "every chart states its message in the title"
    assert ax.get_xlabel().strip() and ax.get_ylabel().strip(), "both axes are labelled"


def _one_sentence(text: str) -> None:
    assert isinstance(text, str) and text.endswith(".")
    assert text.count(". ") == 0, f"expected one sentence, got: {text}"


# --------------------------------------------------------------------------- hand-made data

def test_source_types_title_names_the_leaders_and_bars_stack_to_one():
    prof = _profile()
    fig = charts.plot_source_types(prof)
    _check_frame(fig)
    title = fig.axes[0].get_title(loc="left")
    assert title.startswith("b leans most on named sources")  # b: 6/10 named
    assert "a most on anonymous or vague" in title  # a: 7/10 anonymous + vague
    # Each article's bars reach exactly 100 %.
    ends = {}
    for patch in fig.axes[0].patches:
        y = round(patch.get_y() + patch.get_height() / 2, 3)
        ends[y] = max(ends.get(y, 0), patch.get_x() + patch.get_width())
    assert len(ends) == 3 and all(abs(v - 1) < 1e-9 for v in ends.values())
    assert _bar_colours(fig) <= OKABE
    hatches = {p.get_hatch() for p in fig.axes[0].patches}
    assert len(hatches) >= 4, "hatching, not only colour, tells the source types apart"


def test_describe_source_types_gives_the_numbers():
    text = charts.describe_source_types(_profile())
    _one_sentence(text)
    assert "b has the largest share backed by named sources (60%)" in text
    assert "a has the largest share resting on anonymous or vague sources (70%)" in text


def test_density_title_and_description_follow_the_data():
    prof = _profile()
    fig = charts.plot_density(prof)
    _check_frame(fig)
    assert fig.axes[0].get_title(loc="left") == "a hedges most per 100 words, c least"
    labels = [t.get_text() for t in fig.axes[0].texts]
    assert "5.00" in labels and "2.00" in labels, "values are printed on the bars"
    assert _bar_colours(fig) <= OKABE
    text = charts.describe_density(prof)
    _one_sentence(text)
    assert "a has the most hedges (5.00 per 100 words)" in text and "b has the most boosters (2.00)" in text
    # Change the data and the message changes with it.
    swapped = _profile(hedges_per_100_words=[0.1, 9.0, 0.5])
    assert charts.plot_density(swapped).axes[0].get_title(loc="left") == "b hedges most per 100 words, a least"


def test_ties_are_named_together():
    prof = _profile(hedges_per_100_words=[3.0, 3.0, 0.5])
    assert charts.plot_density(prof).axes[0].get_title(loc="left").startswith("a and b hedge most")
    near = _profile(hedges_per_100_words=[3.0, 2.97, 0.5])
    assert charts.plot_density(near).axes[0].get_title(loc="left").startswith("a and b hedge most")
    assert "a and b have the most hedges (3.00 per 100 words)" in charts.describe_density(near)


def test_heatmap_prints_every_value_and_shades_each_column_separately():
    prof = _profile()
    fig = charts.plot_profile_heatmap(prof)
    _check_frame(fig)
    texts = [t.get_text() for t in fig.axes[0].texts]
    assert len(texts) == len(prof) * len(charts.HEATMAP_COLUMNS)
    assert "70%" not in texts and "40%" in texts  # share_anonymous of a = 4/10
    image = fig.axes[0].images[0].get_array()
    assert image.max() == pytest.approx(1.0) and image.shape == (3, len(charts.HEATMAP_COLUMNS))
    text = charts.describe_profile_heatmap(prof)
    _one_sentence(text)
    assert "a on unsupported_specifics" in text and "b on share_named" in text


def test_heatmap_accepts_chosen_columns_and_rejects_none():
    fig = charts.plot_profile_heatmap(_profile(), columns=["hedges", "boosters"])
    assert len(fig.axes[0].texts) == 6
    with pytest.raises(ArticleInputError, match="at least one column"):
        charts.plot_profile_heatmap(_profile(), columns=[])


@pytest.mark.parametrize(
    "func",
    [charts.plot_source_types, charts.plot_density, charts.plot_profile_heatmap,
     charts.describe_source_types, charts.describe_density, charts.describe_profile_heatmap],
)
def test_bad_profile_input_gets_a_named_error(func):
    with pytest.raises(ArticleInputError, match="profile"):
        func("not a table")
    with pytest.raises(ArticleInputError, match="lacks"):
        func(pd.DataFrame({"article_id": ["a"]}))
    with pytest.raises(MedialitError, match="empty"):
        func(_profile().iloc[0:0])


@pytest.mark.parametrize("func", [charts.plot_lengths, charts.plot_positions, charts.describe_positions])
def test_bad_corpus_input_gets_a_named_error(func):
    with pytest.raises(ArticleInputError, match="load_corpus"):
        func(["just", "a", "list"])
    with pytest.raises(ArticleInputError, match="body"):
        func(pd.DataFrame({"article_id": ["a"]}))


def test_png_output_is_stable_and_carries_no_version_stamp():
    fig = charts.plot_density(_profile())
    first, second = charts.figure_png(fig), charts.figure_png(fig)
    assert first == second and first.startswith(b"\x89PNG")
    assert b"Matplotlib version" not in first


def test_show_displays_the_image_then_prints_the_description(monkeypatch, capsys):
    import IPython.display

    shown = []
    monkeypatch.setattr(IPython.display, "display", lambda obj: shown.append(obj))
    charts.show(charts.plot_density(_profile()), "One sentence about the chart.")
    assert len(shown) == 1 and shown[0].data.startswith(b"\x89PNG")
    assert capsys.readouterr().out == "One sentence about the chart.\n"


# --------------------------------------------------------------------------- the real corpus

@pytest.fixture(scope="module")
def corpus():
    return medialit.load_corpus()


def test_lengths_on_the_corpus(corpus):
    fig = charts.plot_lengths(corpus)
    _check_frame(fig)
    longest = corpus.loc[corpus["words"].idxmax(), "article_id"]
    assert fig.axes[0].get_title(loc="left").startswith(f"Article {longest} is")
    text = charts.describe_lengths(corpus)
    _one_sentence(text)
    assert f"({corpus['words'].max()} words)" in text
    assert "boilerplate" in text  # 004 was saved with page chrome


def test_positions_match_the_hedge_detector(corpus):
    pos = charts.cue_positions(corpus)
    expected = sum(len(medialit.find_hedges(body)) for body in corpus["body"])
    assert len(pos) == expected
    assert pos["position"].between(0, 1).all()
    assert set(pos["third"]) <= {"beginning", "middle", "end"}
    assert set(pos["kind"]) <= {"hedge", "booster"}
    fig = charts.plot_positions(corpus)
    _check_frame(fig)
    markers = {coll.get_label(): coll for coll in fig.axes[0].collections}
    assert set(markers) == {"hedges", "boosters"}, "hedges and boosters differ by marker shape and legend"
    points = sum(len(c.get_offsets()) for c in markers.values())
    assert points == len(pos)
    _one_sentence(charts.describe_positions(corpus))


def test_profile_charts_on_the_corpus(corpus):
    prof = medialit.profile(corpus)
    for plot, describe in [
        (charts.plot_source_types, charts.describe_source_types),
        (charts.plot_density, charts.describe_density),
        (charts.plot_profile_heatmap, charts.describe_profile_heatmap),
    ]:
        fig = plot(prof)
        _check_frame(fig)
        assert [t.get_text() for t in fig.axes[0].get_yticklabels()][:1] or fig.axes[0].get_xticklabels()
        _one_sentence(describe(prof))
    top = prof.loc[prof["hedges_per_100_words"].idxmax(), "article_id"]
    assert charts.plot_density(prof).axes[0].get_title(loc="left").startswith(top)


def test_an_article_without_cues_still_draws():
    quiet = medialit.load_article("The bridge opened on Monday. It is 40 metres long.", article_id="x")
    assert charts.cue_positions(quiet).empty
    assert "found none" in charts.describe_positions(quiet)
    _check_frame(charts.plot_positions(quiet))


def test_show_rejects_a_missing_figure_or_description(monkeypatch):
    import IPython.display

    monkeypatch.setattr(IPython.display, "display", lambda obj: None)
    with pytest.raises(MedialitError, match="needs a matplotlib Figure"):
        charts.show("chart.png", "A sentence.")
    with pytest.raises(MedialitError, match="description for screen readers"):
        charts.show(charts.plot_density(_profile()), "   ")


def test_show_closes_a_pyplot_figure_so_it_is_drawn_once(monkeypatch, capsys):
    import IPython.display
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    monkeypatch.setattr(IPython.display, "display", lambda obj: None)
    fig = plt.figure()
    fig.add_subplot().plot([0, 1], [1, 0])
    assert plt.fignum_exists(fig.number)
    charts.show(fig, "A falling line.")
    assert not plt.fignum_exists(fig.number)
    assert capsys.readouterr().out == "A falling line.\n"


def test_near_ties_in_shares_are_named_together():
    # 21% and 22% named: level for the title's purpose; 70% unnamed stands alone.
    prof = _profile(sentences=[100, 100, 100], n_named=[21, 22, 5], n_anonymous=[10, 10, 40],
                    n_vague=[10, 10, 30], n_none=[59, 58, 25], n_na=[0, 0, 0])
    title = charts.plot_source_types(prof).axes[0].get_title(loc="left")
    assert title == "a and b lean most on named sources; c most on anonymous or vague ones"
    text = charts.describe_source_types(prof)
    assert "a and b have the largest share backed by named sources (21-22%)" in text
    assert "c has the largest share resting on anonymous or vague sources (70%)" in text


# --------------------------------------------------------------------------- legible at the default size

def _crowded_dates_figure():
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.ticker import FixedLocator

    fig = Figure(figsize=(3, 2))
    FigureCanvasAgg(fig)
    ax = fig.add_subplot()
    ax.plot(range(12), range(12))
    ax.xaxis.set_major_locator(FixedLocator(range(12)))
    ax.set_xticklabels([f"Month {k} 2025" for k in range(12)])
    ax.set_title("tiny", fontsize=5)
    return fig


def _visible_xtick_boxes(fig):
    renderer = fig.canvas.get_renderer()
    return [t.get_window_extent(renderer) for t in fig.axes[0].get_xticklabels() if t.get_visible() and t.get_text()]


def test_make_legible_thins_overlapping_tick_labels_and_raises_tiny_text():
    from matplotlib.text import Text

    fig = _crowded_dates_figure()
    fig.canvas.draw()
    assert charts._crowded(_visible_xtick_boxes(fig))  # as drawn, the labels run into each other
    assert charts.make_legible(fig) is fig
    boxes = _visible_xtick_boxes(fig)
    assert not charts._crowded(boxes) and len(boxes) >= 2
    assert len(fig.axes[0].get_xticks()) == 12  # ticks and grid stay; only labels are thinned
    assert min(t.get_fontsize() for t in fig.findobj(Text) if t.get_text()) >= charts.MIN_FONT_SIZE


def test_lesson_06_timeline_dates_do_not_overlap():
    from medialit import record

    corpus = medialit.load_corpus()
    timeline = record.load_timeline()
    fig = record.plot_timeline(timeline, record.dated_claims(corpus))
    charts.make_legible(fig)
    ax = fig.axes[0]
    assert not charts._crowded(_visible_xtick_boxes(fig)), [t.get_text() for t in ax.get_xticklabels()]
    # nothing drawn is cut off: every text lies inside what figure_png saves (bbox "tight")
    renderer = fig.canvas.get_renderer()
    saved = fig.get_tightbbox(renderer)
    from matplotlib.text import Text
    for text in fig.findobj(Text):
        if text.get_visible() and text.get_text():
            box = text.get_window_extent(renderer)
            assert box.x0 >= saved.x0 * fig.dpi - 1 and box.x1 <= saved.x1 * fig.dpi + 1, text.get_text()
