"""Bring your own article: the full report for a text a student pastes or points to.

:func:`report` analyses one text (a path or the text itself) and returns a
:class:`Report`: the article's profile next to the five lesson articles, every
sentence with its labels, and the highlighted text. :func:`safe_report` does
the same but turns every :class:`medialit.MedialitError` into a friendly
:class:`Message` box, so a notebook never shows a traceback. :func:`byo_widget`
puts a text area, a path box and a button around :func:`safe_report`.

Problems that medialit repairs on the way in (a Windows-1252 file, an HTML
page whose tags were removed) arrive as :class:`medialit.MedialitWarning`;
the report lists them at the top instead of letting them scroll past.
"""
from __future__ import annotations

import html
import os
import re
import warnings
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from .errors import ArticleInputError, MedialitError, MedialitWarning
from .palette import OKABE_ITO

#: Columns of the side-by-side profile in a report (rates and shares compare across lengths).
REPORT_PROFILE_COLUMNS = [
    "article_id", "words", "sentences", "hedges_per_100_words", "boosters_per_100_words",
    "share_named", "share_anonymous", "share_vague", "share_none", "unsupported_specifics", "access_claims",
]
#: The id the user's article gets in tables.
YOURS = "yours"


def _redact(message: str, hide_folder: str | Path | None) -> str:
    """Replace a folder path in a message by a short placeholder (no absolute paths on screen)."""
    if hide_folder is None:
        return message
    folder = str(hide_folder)
    for variant in {folder, folder.rstrip(os.sep), str(Path(folder).resolve())}:
        if variant:
            message = message.replace(variant + os.sep, "").replace(variant, "<folder>")
    return message


# --------------------------------------------------------------------------- results

_BOX = (
    '<div role="{role}" style="border:2px solid {colour};border-left-width:8px;border-radius:4px;'
    'padding:8px 12px;margin:6px 0;max-width:48em;font-family:sans-serif;background:#fff">'
    '<strong>{icon} {label}</strong><br>{text}</div>'
)
_KINDS = {
    # Okabe-Ito vermillion / orange / blue; the icon and the label carry the meaning without colour.
    "error": {"colour": OKABE_ITO["vermillion"], "icon": "\u2716", "label": "This input could not be analysed.", "role": "alert"},
    "warning": {"colour": OKABE_ITO["orange"], "icon": "\u26a0", "label": "Note: the input was repaired before analysis.", "role": "status"},
    "info": {"colour": OKABE_ITO["blue"], "icon": "\u2139", "label": "Nothing to analyse yet.", "role": "status"},
}


@dataclass
class Message:
    """A friendly, escaped message box shown instead of a traceback."""

    text: str
    kind: str = "error"

    def _repr_html_(self) -> str:
        style = _KINDS[self.kind]
        return _BOX.format(text=html.escape(self.text), **style)

    def __repr__(self) -> str:
        return f"{_KINDS[self.kind]['label']} {self.text}"


@dataclass
class Report:
    """Everything the lessons show about one article, for a text the student brought."""

    article: pd.DataFrame
    profile: pd.DataFrame
    labels: pd.DataFrame
    notes: list[str] = field(default_factory=list)
    analysis: object = None  # medialit.analyse(body): what the table, labels and highlight show

    @property
    def body(self) -> str:
        return str(self.article["body"].iloc[0])

    def comparison(self) -> pd.DataFrame:
        """The article's profile next to the five lesson articles (shares and rates rounded)."""
        table = self.profile[REPORT_PROFILE_COLUMNS].copy()
        shares = [c for c in REPORT_PROFILE_COLUMNS if c.startswith("share_")]
        table[shares] = table[shares].round(2)
        return table.set_index("article_id")

    def highlighted(self):
        from .display import highlight

        return highlight(self.body, title="Your article, highlighted", analysis=self.analysis)

    def sentence_table(self):
        from .display import highlight_sentences

        return highlight_sentences(self.labels, title="Every sentence with its labels")

    def _repr_html_(self) -> str:
        # one row per measure, one column per article: six narrow columns fit a classroom screen
        from .display import table_html

        notes = "".join(Message(n, "warning")._repr_html_() for n in self.notes)
        words = int(self.article["words"].iloc[0])
        headline = str(self.article["headline"].iloc[0])
        intro = (
            f"<p>Headline found: <em>{html.escape(headline) or 'none'}</em>. "
            f"Body: {words} words, {len(self.labels)} sentences. "
            "The numbers are a map of where to look, not a verdict on whether the article is true.</p>"
        )
        return (
            f'<div class="medialit-byo">{notes}<h3>Your article (column "{YOURS}") next to the five</h3>'
            f"{intro}{table_html(_by_measure(self.comparison()), numeric_columns='all')}"
            f"{self.sentence_table()._repr_html_()}{self.highlighted()._repr_html_()}</div>"
        )

    def __repr__(self) -> str:
        lines = [f"Note: {n}" for n in self.notes]
        lines.append(self.comparison().to_string())
        return "\n".join(lines)


def _by_measure(table: pd.DataFrame) -> pd.DataFrame:
    """``table`` turned round (a row per measure, a column per article), counts as whole numbers."""
    rows = {}
    for column in table.columns:
        values = table[column]
        if pd.api.types.is_integer_dtype(values):
            rows[column] = [str(int(v)) for v in values]
        else:
            rows[column] = [f"{v:.2f}" for v in values]
    return pd.DataFrame(rows, index=table.index).T


def report(path_or_text, *, hide_folder: str | Path | None = None) -> Report:
    """The full report for one text: a ``pathlib.Path``, a path string or the text itself.

    Raises :class:`medialit.MedialitError` (usually ``ArticleInputError``) for
    input that cannot be analysed; warnings about repaired input are kept in
    ``Report.notes``. ``hide_folder`` is replaced by ``<folder>`` in notes.
    """
    from .compare import profile
    from .corpus import load_article, load_corpus
    from .labels import analyse

    if isinstance(path_or_text, str) and not path_or_text.strip():
        raise ArticleInputError("The text box is empty. Paste an article's text, or type the path of a .txt file.")
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always", MedialitWarning)
        article = load_article(_without_fragment_tags(path_or_text), article_id=YOURS)
    notes = [_redact(str(w.message), hide_folder) for w in caught if issubclass(w.category, MedialitWarning)]
    body = str(article["body"].iloc[0])
    corpus = pd.concat([load_corpus(), article], ignore_index=True)
    found = analyse(body)  # every detector once on the student's text; the table, labels and highlight share it
    return Report(article=article, profile=profile(corpus, {YOURS: found}), labels=found.labels, notes=notes,
                  analysis=found)


_CLOSING_TAG = re.compile(r"</\s*([a-z][a-z0-9]*)\s*>", re.I)


def is_html_fragment(text: str) -> bool:
    """True for pasted text that starts with an HTML tag and ends by closing it: ``<p>…</p>``.

    A whole page is recognised by :mod:`medialit.corpus` (two tags or more); a short
    fragment copied from a page's source has only one, and must not be analysed with its
    tags as if they were words. A tag in the middle of plain text stays text (escaped).
    """
    from .corpus import _HTML_TAG

    stripped = text.strip()
    first = _HTML_TAG.match(stripped)
    last = None
    for last in _CLOSING_TAG.finditer(stripped[-200:]):  # the last closing tag
        pass
    return bool(first and last and stripped.endswith(last.group(0))
                and last.group(1).lower() == first.group(1).lower())


def _without_fragment_tags(path_or_text):
    """Pasted text that is an HTML fragment, as its visible text (with the usual warning)."""
    from .corpus import _html_to_text, _looks_like_html, _looks_like_path

    if (not isinstance(path_or_text, str) or _looks_like_path(path_or_text)
            or _looks_like_html(path_or_text) or not is_html_fragment(path_or_text)):
        return path_or_text  # a path, plain text, or a page that load_article recognises itself
    warnings.warn(
        "The text you gave looks like HTML; the tags were removed and only the visible text is analysed. "
        "For exact results, copy the article text from the page and save it as plain text.",
        MedialitWarning, stacklevel=3)
    return _html_to_text(path_or_text)


def safe_report(path_or_text, *, hide_folder: str | Path | None = None):
    """Like :func:`report`, but any problem comes back as a friendly :class:`Message`.

    A :class:`medialit.MedialitError` becomes its own message. Anything else
    is a bug in medialit, not the student's fault, and says so.
    """
    try:
        return report(path_or_text, hide_folder=hide_folder)
    except MedialitError as exc:
        return Message(_redact(str(exc), hide_folder), "error")
    except Exception as exc:  # noqa: BLE001 - a notebook must never show a traceback
        return Message(
            f"Something went wrong inside medialit ({type(exc).__name__}). This is a bug, not your mistake: "
            "tell your teacher, and try another article meanwhile.",
            "error",
        )


# --------------------------------------------------------------------------- the widget

def _source_from(text: str, path: str):
    """What to analyse: the path if one was typed, otherwise the pasted text."""
    if path.strip():
        return Path(path.strip())
    return text


def render(text: str = "", path: str = "") -> str:
    """The HTML the widget shows for this text / path (also used by the tests)."""
    if not text.strip() and not path.strip():
        return Message("Paste an article into the text area, or type the path of a .txt file, then press Analyse.", "info")._repr_html_()
    return safe_report(_source_from(text, path))._repr_html_()


#: What a viewer without a running kernel (GitHub, nbviewer, an HTML export) shows instead of the tool.
WIDGET_FALLBACK_HTML = ("<p><i>The article tool runs in JupyterLab; on GitHub, see section 2 below "
                        "for the same report without the tool.</i></p>")


def _byo_box_class(widgets):
    """A VBox that also carries a text/html fallback, so static viewers show a note, not a raw repr."""

    class ByoBox(widgets.VBox):
        def _repr_mimebundle_(self, include=None, exclude=None):
            bundle = super()._repr_mimebundle_(include=include, exclude=exclude) or {}
            data = dict(bundle[0] if isinstance(bundle, tuple) else bundle)
            data["text/html"] = WIDGET_FALLBACK_HTML
            data["text/plain"] = "Bring your own article: the tool runs in JupyterLab; see section 2 below."
            return data

    return ByoBox


def byo_widget():
    """A text area, a path box and an Analyse button; the report (or a friendly message) shows below."""
    import ipywidgets as widgets

    text = widgets.Textarea(
        placeholder="Paste the article text here (headline on the first line, then the article).",
        layout=widgets.Layout(width="100%", height="12em"),
        description="Article text",
        style={"description_width": "initial"},
    )
    path = widgets.Text(
        placeholder="or a file path, e.g. ../data/articles/004_96c8b453421d0346.txt",
        layout=widgets.Layout(width="100%"),
        description="File path",
        style={"description_width": "initial"},
    )
    button = widgets.Button(description="Analyse", button_style="primary", icon="search",
                            tooltip="Analyse the pasted text, or the file if a path is given")
    result = widgets.HTML(value="")

    def on_click(_button):
        result.value = render(text.value, path.value)

    button.on_click(on_click)
    box = _byo_box_class(widgets)([
        widgets.HTML("<b>Bring your own article.</b> If you give a file path, the text area is ignored."),
        text, path, button, result,
    ])
    # Handles for tests and for teachers who want to fill the boxes from code.
    box.text_area, box.path_box, box.button, box.result = text, path, button, result
    return box


# --------------------------------------------------------------------------- bad inputs, on purpose

BAD_INPUTS = {
    "missing": "a path to a file that does not exist",
    "directory": "a folder instead of a file",
    "empty": "an empty file",
    "only_spaces": "a file holding only spaces and blank lines",
    "binary": "a binary file (a PNG image renamed .txt)",
    "not_utf8": "bytes that are neither UTF-8 nor Windows-1252",
    "windows_1252": "an article saved as Windows-1252, not UTF-8",
    "too_large": "a file larger than the 2 MB limit",
    "html": "a web page saved as HTML",
    "empty_text": "an empty text box",
}


def make_bad_inputs(folder: str | Path) -> dict[str, object]:
    """Create one small example of each kind of bad input in ``folder``; return name -> input."""
    from .corpus import MAX_BYTES

    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    sample = "Officials said on Monday that the bridge will reopen in May, according to the city council."
    files = {
        "directory": folder / "a_folder.txt",
        "empty": folder / "empty.txt",
        "only_spaces": folder / "spaces.txt",
        "binary": folder / "image.txt",
        "not_utf8": folder / "garbled.txt",
        "windows_1252": folder / "windows.txt",
        "too_large": folder / "huge.txt",
        "html": folder / "page.html",
    }
    files["directory"].mkdir(exist_ok=True)
    files["empty"].write_bytes(b"")
    files["only_spaces"].write_bytes(b"   \n\n   \n")
    files["binary"].write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)))
    files["not_utf8"].write_bytes(b"Caf\x81 \x8d\x8f\x90\x9d news \x81\x8d")
    files["windows_1252"].write_bytes(("\u201cWe are ready,\u201d the mayor said. " + sample).encode("cp1252"))
    files["too_large"].write_bytes((sample + "\n").encode("utf-8") * (MAX_BYTES // len(sample) + 2))
    files["html"].write_text(
        "<html><head><title>Bridge</title></head><body><h1>Bridge to reopen</h1>"
        f"<p>{html.escape(sample)}</p></body></html>",
        encoding="utf-8",
    )
    inputs: dict[str, object] = {"missing": folder / "no_such_article.txt"}
    inputs.update(files)
    inputs["empty_text"] = ""
    return inputs


def bad_input_gallery(folder: str | Path) -> pd.DataFrame:
    """Try every bad input from :func:`make_bad_inputs`; one row each: what was given, outcome, message.

    ``outcome`` is "refused" (an error message), "repaired" (analysed, with a
    note) or "analysed". Paths inside ``folder`` are shown without the folder.
    """
    rows = []
    for name, value in make_bad_inputs(folder).items():
        result = safe_report(value, hide_folder=folder)
        if isinstance(result, Message):
            outcome, message = "refused", result.text
        elif result.notes:
            outcome, message = "repaired", " ".join(result.notes)
        else:
            outcome, message = "analysed", ""
        rows.append({"input": name, "what we gave": BAD_INPUTS[name], "outcome": outcome, "message": message})
    return pd.DataFrame(rows, columns=["input", "what we gave", "outcome", "message"])

