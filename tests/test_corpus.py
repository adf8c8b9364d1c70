"""The corpus: files copied verbatim, articles.csv, bodies, boilerplate, tables, bad input."""
import csv
import hashlib
import shutil
import warnings
from pathlib import Path

import pandas as pd
import pytest

import medialit
from medialit.corpus import MAX_BYTES, split_article

REPO = Path(__file__).resolve().parent.parent
SHARED = REPO.parent / "shared" / "articles"


@pytest.fixture(scope="module")
def corpus():
    return medialit.load_corpus()


def test_five_articles_with_the_documented_columns(corpus):
    assert list(corpus["article_id"]) == ["000", "001", "002", "003", "004"]
    for col in ["article_id", "headline", "body", "boilerplate", "words", "byline", "outlet", "published", "notes", "file"]:
        assert col in corpus.columns
    assert corpus["words"].dtype == "int64"


def test_data_files_are_byte_for_byte_copies_when_shared_is_present():
    # ../shared exists on development machines and in CI; the project never reads it at run time.
    assert SHARED.is_dir(), f"{SHARED} not found: CI runs with shared/ beside the clone"
    for src in sorted(SHARED.glob("*.txt")):
        dst = REPO / "data" / "articles" / src.name
        assert dst.is_file(), f"{dst} missing"
        assert hashlib.sha256(src.read_bytes()).digest() == hashlib.sha256(dst.read_bytes()).digest(), src.name


def test_articles_csv_agrees_with_the_texts(corpus):
    with open(REPO / "data" / "articles.csv", newline="", encoding="utf-8") as handle:
        rows = {r["article_id"]: r for r in csv.DictReader(handle)}
    for r in corpus.itertuples():
        assert rows[r.article_id]["headline"] == r.headline
        assert int(rows[r.article_id]["words"]) == r.words == medialit.word_count(r.body)
    assert rows["000"]["headline"] == "" and "no headline" in rows["000"]["notes"].lower()


def test_headlines_and_bodies(corpus):
    c = corpus.set_index("article_id")
    assert c.loc["000", "headline"] == ""
    assert c.loc["000", "body"].startswith("In a message that has sent ripples")
    assert c.loc["001", "headline"].startswith("Putin and Kim’s New Year Greeting")
    assert c.loc["001", "body"].startswith("In a rare and meticulously curated message")
    assert c.loc["004", "body"].startswith("Kim Jong un sent New Year greetings to Vladimir Putin on Dec. 27")
    assert c.loc["004", "body"].endswith("across Northeast Asia and Europe.")
    for body in c["body"]:
        assert body == body.strip() and "Subscribe to Our Newsletter" not in body


def test_boilerplate_of_004_is_kept_not_thrown_away(corpus):
    c = corpus.set_index("article_id")
    bp = c.loc["004", "boilerplate"]
    for marker in ["kim jong un sends new year greetings to putin", "Subscribe to Our Newsletter", "Related Articles", "Top Trending", "Voozon.com"]:
        assert marker in bp
    for aid in ["000", "001", "002", "003"]:
        assert c.loc[aid, "boilerplate"] == ""
    # every non-blank line of every file is in exactly one of headline, body, boilerplate
    for r in corpus.itertuples():
        lines = [ln.strip() for ln in r.text.splitlines() if ln.strip()]
        parts = [ln.strip() for part in (r.headline, r.body, r.boilerplate) for ln in part.splitlines() if ln.strip()]
        assert sorted(lines) == sorted(parts), r.article_id
        assert r.text[r.body_start:r.body_start + len(r.body)] == r.body


def test_recovered_tables_of_004():
    tables = medialit.recover_tables()
    assert set(tables) == {"themes", "timeline", "allegations"}
    themes, timeline, alleg = tables["themes"], tables["timeline"], tables["allegations"]
    assert list(themes.columns[:3]) == ["Theme", "What was emphasized", "Why it stands out"]
    assert list(timeline.columns[:3]) == ["Date", "Milestone", "What changed"]
    assert list(alleg.columns[:3]) == ["Area under scrutiny", "Core allegation (summary)", "Why it matters"]
    assert list(timeline["Date"]) == ["March 28, 2024", "June 19, 2024", "October 2024", "May 29, 2025", "Dec. 18 & Dec. 27, 2025"]
    assert timeline.loc[0, "Milestone"].endswith("after a Russian veto")
    assert timeline.loc[1, "What changed"] == "Created a formal framework frequently cited in political messaging"
    assert list(themes["Theme"]) == ["“Blood” alliance language", "Permanence", "2025 as a turning point"]
    assert list(alleg["Area under scrutiny"]) == ["Weapons and materiel", "Training and deployment", "Fuel and finance", "Technology risk"]
    for df in tables.values():
        for row in df.itertuples(index=False):
            assert " ".join(cell for cell in row[:-1] if cell) == row[-1]  # cells rebuild the line


def test_no_tables_in_prose():
    assert medialit.recover_tables("One line.\n\nAnother paragraph here.") == {}


# ------------------------------------------------------------------ bad input

@pytest.fixture
def bad_files(tmp_path):
    (tmp_path / "empty.txt").write_bytes(b"")
    (tmp_path / "spaces.txt").write_text("  \n\t \n")
    (tmp_path / "binary.txt").write_bytes(bytes(range(256)) * 4)
    (tmp_path / "huge.txt").write_text("word " * (MAX_BYTES // 5 + 10))
    (tmp_path / "folder").mkdir()
    return tmp_path


@pytest.mark.parametrize(
    "name, words",
    [
        ("missing.txt", "does not exist"),
        ("folder", "is a folder"),
        ("empty.txt", "is empty"),
        ("spaces.txt", "is empty"),
        ("binary.txt", "binary"),
        ("huge.txt", "split the text"),
    ],
)
def test_bad_files_raise_a_named_error_that_says_what_to_do(bad_files, name, words):
    with pytest.raises(medialit.ArticleInputError, match=words):
        medialit.load_article(bad_files / name)


def test_windows_1252_is_decoded_with_a_warning(tmp_path):
    path = tmp_path / "old.txt"
    path.write_bytes("Caf\u00e9 \u201cquoted\u201d. It reportedly rained.".encode("cp1252"))
    with pytest.warns(medialit.MedialitWarning, match="Windows-1252"):
        df = medialit.load_article(path)
    assert df.loc[0, "body"] == "Café “quoted”. It reportedly rained."


def test_html_is_stripped_with_a_warning(tmp_path):
    path = tmp_path / "page.html"
    path.write_text("<html><body><h1>A title</h1><p>Body &amp; text.</p><script>alert(1)</script></body></html>")
    with pytest.warns(medialit.MedialitWarning, match="HTML"):
        df = medialit.load_article(path)
    assert df.loc[0, "headline"] == "A title"
    assert df.loc[0, "body"] == "Body & text."
    assert "alert" not in df.loc[0, "text"]


def test_bom_and_crlf_give_the_same_article(corpus):
    text = corpus.set_index("article_id").loc["004", "text"]
    messy = medialit.load_article("\ufeff" + text.replace("\n", "\r\n"))
    clean = medialit.load_article(text)
    for col in ["headline", "body", "boilerplate", "words"]:
        assert messy.loc[0, col] == clean.loc[0, col]


def test_text_given_directly_and_bytes():
    df = medialit.load_article("Short headline\n\nIt reportedly rained. Officials said so.")
    assert df.loc[0, "headline"] == "Short headline" and df.loc[0, "article_id"] == "yours"
    assert medialit.load_article(b"Some text. More text.").loc[0, "body"] == "Some text. More text."
    with pytest.raises(medialit.ArticleInputError, match="not int"):
        medialit.load_article(42)


def test_broken_articles_csv_names_file_and_line(tmp_path, monkeypatch):
    data = tmp_path / "data"
    shutil.copytree(REPO / "data" / "articles", data / "articles")
    good = (REPO / "data" / "articles.csv").read_text(encoding="utf-8").splitlines()
    monkeypatch.setenv("MEDIALIT_DATA", str(data))
    cases = {
        "missing column": ([good[0].replace(",notes", "")] + good[1:], "line 1: missing column"),
        "bad id": ([good[0], good[1].replace("000,", "0x0,", 1)] + good[2:], "line 2: article_id"),
        "missing file": ([good[0], good[1]] + [good[2].replace("001_", "999_", 1)] + good[3:], "line 3: the file"),
        "extra field": ([good[0], good[1], good[2] + ",extra"] + good[3:], "line 3: wrong number of fields"),
    }
    for label, (lines, message) in cases.items():
        (data / "articles.csv").write_text("\n".join(lines) + "\n", encoding="utf-8")
        with pytest.raises(medialit.DataFileError, match=message):
            medialit.load_corpus()
    (data / "articles.csv").unlink()
    with pytest.raises(medialit.DataFileError, match="articles.csv is missing"):
        medialit.load_corpus()


def test_split_article_keeps_offsets():
    art = split_article("Headline here\n\nFirst line.\nSecond line.\n\nRelated Articles\nLink one\n")
    assert art.headline == "Headline here"
    assert art.body == "First line.\nSecond line."
    assert art.boilerplate == "Related Articles\nLink one"
    assert art.text[art.body_start:art.body_start + len(art.body)] == art.body
