"""Load the five articles (or a text a user brings) into tidy DataFrames.

Every article becomes one row with its ``headline``, its ``body`` (the text a
reader would call "the article") and its ``boilerplate`` (page chrome saved
along with it: newsletter prompts, link lists, an image caption repeating the
headline). Nothing is thrown away: headline + body + boilerplate hold every
line of the file.

Bad input never produces a traceback deep inside pandas: it raises
:class:`medialit.ArticleInputError` with a message that says what to do.
"""
from __future__ import annotations

import csv
import functools
import re
import warnings
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from .errors import ArticleInputError, DataFileError, MedialitWarning
from .files import read_limited, shown, user_path
from .paths import data_dir
from .text import normalize, word_count

#: Largest file or text load_article accepts (2 MB is about 300,000 words,
#: far more than any news article; larger inputs are almost always a mistake).
MAX_BYTES = 2_000_000

#: A line that equals one of these (case-insensitive) starts the page chrome
#: at the end of a saved web page; it and everything after it is boilerplate.
BOILERPLATE_MARKERS = (
    "subscribe to our newsletter",
    "sign up for our newsletter",
    "related articles",
    "related stories",
    "top trending",
    "trending now",
    "read more",
    "share this article",
    "advertisement",
)

#: Columns of data/articles.csv, in order.
CSV_COLUMNS = ["article_id", "file", "headline", "byline", "outlet", "published", "words", "notes"]
#: Columns of load_corpus() / load_article().
CORPUS_COLUMNS = CSV_COLUMNS + ["text", "body", "boilerplate", "body_start"]

_HTML_TAG = re.compile(r"<\s*(html|head|body|p|div|span|br|a|h[1-6]|script|style|article|meta|title)\b[^>]*>", re.I)


# --------------------------------------------------------------------------- reading

@dataclass(frozen=True)
class Article:
    """One article split into its parts. ``body_start`` is the offset of body in text."""

    text: str
    headline: str
    body: str
    boilerplate: str
    body_start: int


def _decode(raw: bytes, where: str) -> str:
    """Bytes to str: UTF-8 (BOM allowed), else Windows-1252 with a warning."""
    if b"\x00" in raw[:8192]:
        raise ArticleInputError(
            f"{where} looks like a binary file (it contains NUL bytes), not plain text. "
            "Save the article as plain text (.txt, UTF-8) and try again."
        )
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        try:
            text = raw.decode("cp1252")
        except UnicodeDecodeError:
            raise ArticleInputError(
                f"{where} is not UTF-8 text (byte {exc.start} cannot be decoded) and is not "
                "Windows-1252 either. Open it in a text editor and save it as UTF-8."
            ) from None
        warnings.warn(
            f"{where} is not UTF-8; it was read as Windows-1252. Check that quotes and accents "
            "look right, and save the file as UTF-8 to silence this warning.",
            MedialitWarning,
            stacklevel=3,
        )
        return text


def _looks_like_html(text: str) -> bool:
    return len(_HTML_TAG.findall(text[:20000])) >= 2


def _html_to_text(text: str) -> str:
    from bs4 import BeautifulSoup  # imported only when needed: keeps import medialit fast

    soup = BeautifulSoup(text, "html.parser")
    for tag in soup(["script", "style", "noscript", "template"]):
        tag.decompose()
    for br in soup.find_all("br"):
        br.replace_with("\n")
    blocks = "p div h1 h2 h3 h4 h5 h6 li tr article section header footer blockquote title".split()
    for tag in soup.find_all(blocks):
        tag.insert_before("\n\n")
        tag.insert_after("\n\n")
    lines = [re.sub(r"[ \t]+", " ", line).strip() for line in soup.get_text().splitlines()]
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip()


def _check_text(text: str, where: str) -> str:
    """Validate and tidy a decoded text; returns the text to analyse."""
    if "\x00" in text:
        raise ArticleInputError(
            f"{where} contains NUL characters, so it is probably binary data, not an article. "
            "Paste or save the article as plain text."
        )
    if len(text.encode("utf-8", "surrogatepass")) > MAX_BYTES:
        raise ArticleInputError(
            f"{where} is larger than {MAX_BYTES:,} bytes (about 300,000 words). medialit is made "
            "for single articles: split the text into articles and analyse them one at a time."
        )
    text = text.lstrip("\ufeff").replace("\r\n", "\n").replace("\r", "\n")
    if _looks_like_html(text):
        warnings.warn(
            f"{where} looks like HTML; the tags were removed and only the visible text is analysed. "
            "For exact results, copy the article text from the page and save it as plain text.",
            MedialitWarning,
            stacklevel=3,
        )
        text = _html_to_text(text)
    if not text.strip():
        raise ArticleInputError(
            f"{where} is empty (or only spaces). Paste the article text, or check that you "
            "picked the right file."
        )
    controls = sum(1 for ch in text[:20000] if ord(ch) < 32 and ch not in "\n\t\f\v")
    if controls > 0.01 * min(len(text), 20000) + 5:
        raise ArticleInputError(
            f"{where} is full of control characters, so it is probably not a text file. "
            "Save the article as plain text (.txt, UTF-8) and try again."
        )
    return text


def read_text(path: str | Path) -> str:
    """Read one article file with friendly errors for every kind of bad input.

    Only a regular file is read (a folder, pipe, device or socket is refused with a message),
    and never more than ``MAX_BYTES + 1`` bytes, whatever size the file claims to have.
    """
    p = user_path(path)
    where = f"The file '{shown(p)}'"
    return _check_text(_decode(read_limited(p, MAX_BYTES), where), where)


# --------------------------------------------------------------------------- splitting

def _is_headline(line: str, next_blank: bool) -> bool:
    words = line.split()
    return bool(words) and next_blank and len(words) <= 25 and not line.rstrip().endswith((".", "!", ":", ";"))


def _echoes_headline(line: str, headline: str) -> bool:
    """An image caption or alt text that repeats the start of the headline."""
    lw = re.findall(r"\w+", line.lower())
    hw = re.findall(r"\w+", headline.lower())
    return len(lw) >= 3 and hw[: len(lw)] == lw


def split_article(text: str) -> Article:
    """Separate headline, body and boilerplate. Offsets are kept (``body_start``)."""
    lines = list(re.finditer(r"[^\n]*\n?", text))
    lines = [m for m in lines if m.group()]
    nonblank = [i for i, m in enumerate(lines) if m.group().strip()]
    headline = ""
    chrome: list[str] = []
    first_body_line = nonblank[0] if nonblank else 0
    if nonblank:
        i0 = nonblank[0]
        next_blank = i0 + 1 < len(lines) and not lines[i0 + 1].group().strip()
        first = lines[i0].group().strip()
        if len(nonblank) > 1 and _is_headline(first, next_blank):
            headline = first
            rest = nonblank[1:]
            first_body_line = rest[0]
            if _echoes_headline(lines[rest[0]].group().strip(), headline) and len(rest) > 1:
                chrome.append(lines[rest[0]].group().strip())
                first_body_line = rest[1]
    # trailing page chrome
    end_line = len(lines)
    for i in nonblank:
        if i > first_body_line and lines[i].group().strip().lower() in BOILERPLATE_MARKERS:
            end_line = i
            break
    start = lines[first_body_line].start() if lines else 0
    end = lines[end_line].start() if end_line < len(lines) else len(text)
    body = text[start:end]
    stripped = body.lstrip()
    start += len(body) - len(stripped)
    body = stripped.rstrip()
    if end_line < len(lines):
        chrome.append(text[lines[end_line].start():].strip())
    return Article(text=text, headline=headline, body=body, boilerplate="\n\n".join(chrome), body_start=start)


# --------------------------------------------------------------------------- public API

def _row(article_id: str, file: str, art: Article, meta: dict | None = None) -> dict:
    meta = meta or {}
    return {
        "article_id": article_id,
        "file": file,
        "headline": art.headline,
        "byline": meta.get("byline", ""),
        "outlet": meta.get("outlet", ""),
        "published": meta.get("published", ""),
        "words": word_count(art.body),
        "notes": meta.get("notes", ""),
        "text": art.text,
        "body": art.body,
        "boilerplate": art.boilerplate,
        "body_start": art.body_start,
    }


def _frame(rows: list[dict]) -> pd.DataFrame:
    df = pd.DataFrame(rows, columns=CORPUS_COLUMNS)
    df["words"] = df["words"].astype("int64")
    df["body_start"] = df["body_start"].astype("int64")
    return df


def load_article(path_or_text: str | Path, article_id: str | None = None) -> pd.DataFrame:
    """Load one article a user brings: a path to a text file, or the text itself.

    Returns a one-row DataFrame with the same columns as :func:`load_corpus`.
    A ``str`` is treated as a path when it is a single short line naming an
    existing file or ending in .txt/.md/.html; otherwise it is the article text.
    """
    if isinstance(path_or_text, bytes):
        text = _check_text(_decode(path_or_text, "The text you gave"), "The text you gave")
        file = ""
    elif isinstance(path_or_text, Path) or _looks_like_path(path_or_text):
        path = Path(path_or_text)
        text = read_text(path)
        file = path.name
    elif isinstance(path_or_text, str):
        text = _check_text(path_or_text, "The text you gave")
        file = ""
    else:
        raise ArticleInputError(
            f"load_article needs a file path or the article text as a string, not {type(path_or_text).__name__}."
        )
    art = split_article(text)
    aid = article_id or (Path(file).stem if file else "yours")
    return _frame([_row(aid, file, art)])


def _looks_like_path(value) -> bool:
    if not isinstance(value, str):
        return False
    s = value.strip()
    if not s or "\n" in s or len(s) > 400:
        return False
    if s.lower().endswith((".txt", ".md", ".html", ".htm", ".text")):
        return True
    try:
        return Path(s).exists()
    except OSError:
        return False


def _read_csv_rows(path: Path, required: list[str]) -> list[tuple[int, dict]]:
    """Rows of a project CSV with their line numbers; DataFileError names file and line."""
    try:
        handle = path.open(newline="", encoding="utf-8")
    except FileNotFoundError:
        raise DataFileError(f"{path} is missing. Restore it from the repository (git checkout -- {path.name}).") from None
    with handle:
        try:
            reader = csv.DictReader(handle)
            header = reader.fieldnames or []
            missing = [c for c in required if c not in header]
            if missing:
                raise DataFileError(f"{path}, line 1: missing column(s) {', '.join(missing)}; the header must include {', '.join(required)}.")
            rows = []
            for row in reader:
                if None in row or any(v is None for v in row.values()):
                    raise DataFileError(f"{path}, line {reader.line_num}: wrong number of fields (expected {len(header)}). Check for a missing or extra comma or an unclosed quote.")
                rows.append((reader.line_num, row))
            return rows
        except UnicodeDecodeError as exc:
            raise DataFileError(f"{path}: not valid UTF-8 (byte {exc.start}). Save it as UTF-8.") from None
        except csv.Error as exc:
            raise DataFileError(f"{path}, line {reader.line_num}: {exc}.") from None


@functools.lru_cache(maxsize=4)
def _load_corpus_cached(folder: str) -> pd.DataFrame:
    base = Path(folder)
    index = base / "articles.csv"
    rows = []
    seen = set()
    for line, meta in _read_csv_rows(index, CSV_COLUMNS):
        aid = meta["article_id"].strip()
        if not re.fullmatch(r"\d{3}", aid):
            raise DataFileError(f"{index}, line {line}: article_id {aid!r} should be three digits such as 004.")
        if aid in seen:
            raise DataFileError(f"{index}, line {line}: article_id {aid} appears twice.")
        seen.add(aid)
        if not meta["words"].strip().isdigit():
            raise DataFileError(f"{index}, line {line}: words {meta['words']!r} is not a whole number.")
        file = meta["file"].strip()
        path = base / "articles" / file
        if not path.is_file():
            raise DataFileError(f"{index}, line {line}: the file data/articles/{file} does not exist.")
        try:
            text = read_text(path)
        except ArticleInputError as exc:
            raise DataFileError(f"{index}, line {line}: {exc}") from None
        rows.append(_row(aid, file, split_article(text), meta))
    if not rows:
        raise DataFileError(f"{index} lists no articles. Restore it from the repository.")
    rows.sort(key=lambda r: r["article_id"])
    return _frame(rows)


def load_corpus() -> pd.DataFrame:
    """The five articles, one row each, sorted by ``article_id``.

    Columns: article_id, file, headline, byline, outlet, published, words, notes
    (from data/articles.csv, with ``words`` counted on the body), text (the
    file as read), body, boilerplate and body_start (offset of body in text).
    """
    return _load_corpus_cached(str(data_dir())).copy()


# --------------------------------------------------------------------------- tables

_MONTH = r"(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)[a-z]*\.?"
_LEADING_DATE = re.compile(rf"^{_MONTH}(?: \d{{1,2}})?(?: ?& ?{_MONTH}(?: \d{{1,2}})?)*,? \d{{4}}(?=\s)")
_TABLE_NAMES = {"theme": "themes", "date": "timeline", "area": "allegations"}


def _proper_words(paragraphs: list[str]) -> set[str]:
    """Capitalised words used mid-sentence (names), learnt from the article itself.

    A word counts when it follows a lower-case word or comma ("the UN"), or
    follows another such word ("UN Security Council").
    """
    found = set()
    for p in paragraphs:
        for m in re.finditer(r"(?<=[a-z,;:] )[A-Z][\w\-']*(?: [A-Z][\w\-']*)*", normalize(p)):
            found.update(_bare(w) for w in m.group().split())
    return found


def _bare(token: str) -> str:
    token = normalize(token).strip("\"',.;:()")
    token = re.sub(r"'s$", "", token)
    return token.split("-")[0]


def _split_header(header: str) -> list[str]:
    return [c.strip() for c in re.split(r"\s(?=[A-Z])", header) if c.strip()]


def _split_row(row: str, n: int, proper: set[str]) -> list[str]:
    """Split one flattened table row into ``n`` cells.

    A new cell starts at a capitalised word that is not a name (names are
    learnt from the article's own paragraphs). A date at the start of the row
    is one cell.
    """
    tokens = list(re.finditer(r"\S+", row))
    date = _LEADING_DATE.match(row)
    fixed = []
    if date:
        after = [k for k, t in enumerate(tokens) if t.start() >= date.end()]
        if after:
            fixed = [after[0]]
    candidates = []
    for k, tok in enumerate(tokens):
        if k == 0 or k in fixed or (date and tok.start() < date.end()):
            continue
        word = normalize(tok.group()).lstrip("\"'(")
        if not word[:1].isupper() or _bare(word) in proper:
            continue
        candidates.append(k)
    need = n - 1
    free = need - len(fixed)
    if free <= 0:
        candidates = []
    elif len(candidates) > free:
        # Too many starts: keep the earliest (unless a date already made the
        # first cut) and the latest ones, since the middle cell is the long one.
        keep_first = 0 if fixed else 1
        candidates = candidates[:keep_first] + candidates[len(candidates) - (free - keep_first):]
    cuts = sorted(set(fixed + candidates))
    bounds = [0] + [tokens[k].start() for k in cuts] + [len(row)]
    cells = [row[a:b].strip() for a, b in zip(bounds, bounds[1:])]
    return cells + [""] * (n - len(cells))


def recover_tables(text: str | None = None) -> dict[str, pd.DataFrame]:
    """Rebuild the tables that a saved web page flattened into plain lines.

    A table is a run of three or more consecutive lines (no blank line
    between them) whose first line is a short header without final
    punctuation. Defaults to article 004. Returns ``{name: DataFrame}`` with
    names ``themes``, ``timeline`` and ``allegations`` for 004 (``table_N``
    for unknown headers); each frame also has a ``row_text`` column with the
    original line, so nothing is lost if a split looks wrong.
    """
    if text is None:
        corpus = load_corpus()
        text = corpus.loc[corpus["article_id"] == "004", "body"].iloc[0]
    elif not isinstance(text, str):
        raise ArticleInputError(
            f"recover_tables() needs an article's text as a str (or nothing, for article 004), "
            f"not {type(text).__name__}. Pass e.g. load_article('page.txt').loc[0, 'body'].")
    blocks = [b.strip("\n") for b in re.split(r"\n[ \t]*\n", text.replace("\r\n", "\n")) if b.strip()]
    paragraphs = [b for b in blocks if b.count("\n") < 2]
    proper = _proper_words(paragraphs)
    tables: dict[str, pd.DataFrame] = {}
    for block in blocks:
        lines = [ln.strip() for ln in block.split("\n") if ln.strip()]
        if len(lines) < 3:
            continue
        header = lines[0]
        columns = _split_header(header)
        if not (2 <= len(columns) <= 6) or len(header.split()) > 12 or header.endswith((".", "!", ":")):
            continue
        if any(line.endswith(".") for line in lines[1:]):
            continue  # a run of prose lines, not a table
        rows = [_split_row(line, len(columns), proper) + [line] for line in lines[1:]]
        name = _TABLE_NAMES.get(columns[0].split()[0].lower(), f"table_{len(tables) + 1}")
        tables[name] = pd.DataFrame(rows, columns=columns + ["row_text"])
    return tables
