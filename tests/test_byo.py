"""Bring your own article: medialit.byo (report, friendly messages, the widget)."""
import pandas as pd
import pytest

import medialit
from medialit import byo
from medialit.errors import ArticleInputError, MedialitError

SAMPLE = (
    "Bridge to reopen in May\n\n"
    "The old bridge will reopen on 12 May, the city council said on Monday. "
    "Officials close to the project said the repairs reportedly cost more than 4 million euros."
)


@pytest.fixture(scope="module")
def sample_report():
    return byo.report(SAMPLE)


def test_report_puts_the_article_next_to_the_five(sample_report):
    ids = sample_report.profile["article_id"].tolist()
    assert ids == sorted(medialit.load_corpus()["article_id"]) + [byo.YOURS]
    mine = sample_report.profile.set_index("article_id").loc[byo.YOURS]
    assert mine["words"] == medialit.word_count(sample_report.body)
    assert mine["sentences"] == len(sample_report.labels)
    assert sample_report.article["headline"].iloc[0] == "Bridge to reopen in May"
    table = sample_report.comparison()
    assert list(table.columns) == byo.REPORT_PROFILE_COLUMNS[1:]
    assert table.index[-1] == byo.YOURS


def test_report_html_has_every_part(sample_report):
    page = sample_report._repr_html_()
    assert "next to the five" in page
    assert "Every sentence with its labels" in page
    assert "Your article, highlighted" in page
    assert "<table" in page
    assert "reportedly" in page


def test_report_escapes_the_article_text():
    evil = "Headline here\n\nThe mayor said <script>alert('x')</script> & more, reportedly on 12 May."
    page = byo.report(evil)._repr_html_()
    assert "<script>" not in page
    assert "&lt;script&gt;" in page


def test_report_reads_a_path(tmp_path):
    path = tmp_path / "mine.txt"
    path.write_text(SAMPLE, encoding="utf-8")
    assert byo.report(path).body == byo.report(SAMPLE).body


EXPECTED = {
    "missing": ("refused", "does not exist"),
    "directory": ("refused", "is a folder"),
    "empty": ("refused", "empty"),
    "only_spaces": ("refused", "empty"),
    "binary": ("refused", "binary"),
    "not_utf8": ("refused", "not UTF-8"),
    "windows_1252": ("repaired", "Windows-1252"),
    "too_large": ("refused", "limit"),
    "html": ("repaired", "HTML"),
    "empty_text": ("refused", "empty"),
}


def test_every_bad_input_gets_a_friendly_outcome(tmp_path):
    gallery = byo.bad_input_gallery(tmp_path)
    assert gallery["input"].tolist() == list(byo.BAD_INPUTS)
    assert set(gallery["input"]) == set(EXPECTED)
    for row in gallery.itertuples(index=False):
        outcome, words = EXPECTED[row.input]
        assert row.outcome == outcome, row.input
        assert words in row.message, row.input
        assert str(tmp_path) not in row.message  # no absolute paths on screen
        assert "Traceback" not in row.message


def test_report_raises_named_errors_and_safe_report_turns_them_into_messages(tmp_path):
    bad = byo.make_bad_inputs(tmp_path)
    for name in ("missing", "directory", "empty", "binary", "not_utf8", "too_large", "empty_text"):
        with pytest.raises(MedialitError):
            byo.report(bad[name])
        message = byo.safe_report(bad[name], hide_folder=tmp_path)
        assert isinstance(message, byo.Message) and message.kind == "error"
        assert 'role="alert"' in message._repr_html_()
    repaired = byo.safe_report(bad["windows_1252"], hide_folder=tmp_path)
    assert isinstance(repaired, byo.Report)
    assert repaired.notes and "Windows-1252" in repaired.notes[0]
    assert "\u201cWe are ready,\u201d" in repaired.body  # cp1252 curly quotes decoded
    assert "repaired" in repaired._repr_html_()


def test_a_single_line_is_analysed_as_the_body():
    single = byo.report("Officials said the bridge will reopen in May.")
    assert single.body == "Officials said the bridge will reopen in May."
    assert single.comparison().loc[byo.YOURS, "sentences"] == 1


def test_message_escapes_html():
    box = byo.Message("bad <b>file</b> & more")._repr_html_()
    assert "<b>file</b>" not in box
    assert "&lt;b&gt;file&lt;/b&gt; &amp; more" in box
    assert "could not be analysed" in box  # a label, not colour alone


def test_unexpected_failures_are_reported_as_bugs_not_tracebacks(monkeypatch):
    import medialit.corpus

    def broken(*args, **kwargs):
        raise RuntimeError("boom")

    monkeypatch.setattr(medialit.corpus, "load_article", broken)
    message = byo.safe_report(SAMPLE)
    assert isinstance(message, byo.Message)
    assert "bug" in message.text and "RuntimeError" in message.text


def test_widget_shows_report_or_message_on_click(tmp_path):
    box = byo.byo_widget()
    box.button.click()
    assert "Nothing to analyse yet" in box.result.value
    box.text_area.value = SAMPLE
    box.button.click()
    assert "next to the five" in box.result.value
    box.path_box.value = str(tmp_path / "nope.txt")  # a path wins over the text area
    box.button.click()
    assert "does not exist" in box.result.value
    assert 'role="alert"' in box.result.value
    assert "Traceback" not in box.result.value
    folder = tmp_path / "folder"
    folder.mkdir()
    box.path_box.value = str(folder)
    box.button.click()
    assert "is a folder" in box.result.value


def test_render_without_input_asks_for_some():
    assert "Paste an article" in byo.render("", "  ")
    assert isinstance(byo.report(SAMPLE).profile, pd.DataFrame)


def test_widget_has_a_static_fallback_for_viewers_without_a_kernel():
    bundle = byo.byo_widget()._repr_mimebundle_()
    assert "application/vnd.jupyter.widget-view+json" in bundle
    assert bundle["text/html"] == byo.WIDGET_FALLBACK_HTML and "JupyterLab" in bundle["text/html"]
    assert "VBox(" not in bundle["text/plain"]


# --------------------------------------------------------------------------- pasted HTML, fitting the page

@pytest.mark.parametrize("fragment", [
    "<p>The old bridge will reopen on 12 May, the city council said on Monday.</p>",
    '  <P class="lead">The old bridge will reopen on 12 May, the city council said on Monday.</P>\n',
])
def test_a_short_pasted_html_fragment_is_read_as_html(fragment):
    assert byo.is_html_fragment(fragment)
    result = byo.report(fragment)
    assert "<p" not in result.body.lower() and "12 May" in result.body
    assert any("looks like HTML" in note for note in result.notes)
    assert "looks like HTML" in result._repr_html_()


@pytest.mark.parametrize("text", [
    "The mayor said <p> is a tag, and the bridge will reopen on 12 May.",
    "<p>An opened tag that is closed by another one.</div>",
    SAMPLE,
])
def test_plain_text_with_a_tag_inside_is_not_a_fragment(text):
    assert not byo.is_html_fragment(text)


def test_the_report_table_has_a_narrow_column_per_article_and_a_row_per_measure():
    import re

    report = byo.report(SAMPLE)
    table = report._repr_html_().split("Every sentence")[0]
    heads = re.findall(r"<th [^>]*>([^<]*)</th>", table.split("<tbody>")[0])
    assert heads[1:] == sorted(medialit.load_corpus()["article_id"]) + [byo.YOURS]  # six columns
    rows = re.findall(r"<tr><th [^>]*>([^<]*)</th>", table.split("<tbody>")[1])
    assert rows == byo.REPORT_PROFILE_COLUMNS[1:]
    assert "max-width:100%" in table and "..." not in table
    words = re.search(r"<tr><th [^>]*>words</th>(.*?)</tr>", table).group(1)
    cells = re.findall(r'<td style="([^"]*)">([^<]*)</td>', words)
    assert [text for _, text in cells][-1] == str(report.comparison().loc[byo.YOURS, "words"])  # a count, no ".00"
    assert all("text-align:right" in style for style, _ in cells)
