"""The student edition holds no answer (issue "Grading a real class safely": two editions).

It is built, then every text file in it is searched for each line of the masters' solutions
and hidden tests (those not already in the student copy), for every "why" of the answer keys,
and for the model answers and rubrics; none may be found.
"""
from __future__ import annotations

import re
import shutil
import tempfile
from pathlib import Path

import nbformat
import pytest
import yaml

from medialit import edition
from medialit.paths import REPO_ROOT

ASSIGNMENTS = sorted(p.name for p in (REPO_ROOT / "solutions").iterdir() if p.is_dir())
BLOCK = re.compile(r"### BEGIN (SOLUTION|HIDDEN TESTS)\n(.*?)### END \1", re.S)


def _texts(folder: Path) -> dict[str, str]:
    """Every text file, notebooks as their cells' sources and outputs (JSON escapes quotes)."""
    texts = {}
    for path in folder.rglob("*"):
        if not path.is_file():
            continue
        try:
            text = path.read_text(encoding="utf-8")
        except UnicodeDecodeError:
            continue  # images
        if path.suffix == ".ipynb":
            nb = nbformat.reads(text, as_version=4)
            text = "\n".join([c.source for c in nb.cells]
                             + [str(o) for c in nb.cells for o in c.get("outputs", [])])
        texts[path.relative_to(folder).as_posix()] = text
    return texts


@pytest.fixture(scope="module")
def built():
    folder = Path(tempfile.mkdtemp(prefix="medialit-test-edition-")) / "student"
    edition.build(folder, quiet=True)
    yield folder, _texts(folder)
    shutil.rmtree(folder.parent, ignore_errors=True)


def test_the_search_finds_a_master_that_slipped_in(tmp_path):
    # the control: were solutions/ part of the edition, the searches below would fail
    shutil.copytree(REPO_ROOT / "solutions" / "a4_verdict", tmp_path / "slipped")
    texts = _texts(tmp_path)
    assert all(any(line in t for t in texts.values()) for line in _secret_lines("a4_verdict"))


ARTICLES = "\n".join(p.read_text(encoding="utf-8") for p in
                     [*(REPO_ROOT / "data" / "articles").glob("*.txt"),
                      REPO_ROOT / "data" / "exercises" / "a4_constructed_article.txt"])


def _unquoted(line: str) -> str:
    return line.strip().strip("\"'`,()[]{}: ")


def _secret_lines(assignment: str) -> list[str]:
    master = nbformat.read(REPO_ROOT / "solutions" / assignment / f"{assignment}.ipynb", as_version=4)
    release = (REPO_ROOT / "exercises" / assignment / f"{assignment}.ipynb").read_text(encoding="utf-8")
    lines = []
    for cell in master.cells:
        for _kind, body in BLOCK.findall(cell.source):
            for line in body.splitlines():
                line = line.strip()
                # long enough to be specific; the student copy's own text is not a secret
                # an article's own words (quoted in an answer) are data, not a secret
                if len(line) >= 30 and line not in release and not line.startswith("#") \
                        and _unquoted(line) not in ARTICLES:
                    lines.append(line)
    return lines


def test_the_edition_leaves_out_every_instructor_file(built):
    folder, _texts = built
    for rel in edition.NEVER + edition.LEFT_OUT:
        assert not (folder / rel).exists(), f"the student edition holds {rel}"
    assert (folder / "exercises" / "a1_attributions" / "a1_attributions.ipynb").is_file()
    assert (folder / "data" / "articles").is_dir() and (folder / "STUDENT_EDITION.md").is_file()


@pytest.mark.parametrize("assignment", ASSIGNMENTS)
def test_no_solution_or_hidden_test_line_is_in_the_edition(built, assignment):
    _folder, texts = built
    secrets = _secret_lines(assignment)
    assert len(secrets) >= 3, f"{assignment}: found too few solution lines to search for"
    leaks = [(line, name) for line in secrets for name, text in texts.items() if line in text]
    assert not leaks, f"{assignment}: solution text found in the student edition: {leaks[:5]}"


def test_no_answer_key_value_is_in_the_edition(built):
    _folder, texts = built
    values = []
    for key in (REPO_ROOT / "data" / "exercises" / "keys").glob("*.yaml"):
        data = yaml.safe_load(key.read_text(encoding="utf-8"))
        entries = data.get("phrases") or list((data.get("claims") or {}).values())
        values += [e["why"] for e in entries if len(e.get("why", "")) >= 20]
    assert len(values) >= 10
    leaks = [(v, name) for v in values for name, text in texts.items() if v in text]
    assert not leaks, f"answer-key text found in the student edition: {leaks[:5]}"


def test_the_editions_readme_says_its_teacher_links_lead_nowhere(built):
    built = built[0]
    text = (built / "README.md").read_text(encoding="utf-8")
    assert text.startswith("> **Student edition.**") and "INSTRUCTORS.md" in text.split("\n\n")[0]
    assert not (built / "INSTRUCTORS.md").exists()
