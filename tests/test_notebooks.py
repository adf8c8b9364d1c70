"""The lesson notebooks share one frame, stay thin, present as slides and are committed executed.

These checks read the .ipynb files; nbval (``make test`` runs pytest with
``--nbval-lax``) executes them and compares the cells tagged
``nbval-check-output``.
"""
from __future__ import annotations

import ast
import json
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
NOTEBOOK_DIR = ROOT / "notebooks"

EXPECTED = [
    "00_start_here",
    "01_meet_the_articles",
    "02_who_says_so",
    "03_hedges_and_boosters",
    "04_unsupported_specifics",
    "05_comparing_the_five",
    "06_checking_against_the_record",
    "07_bring_your_own_article",
]
NOTEBOOKS = sorted(NOTEBOOK_DIR.glob("[0-9][0-9]_*.ipynb"))
IDS = [p.stem for p in NOTEBOOKS]

SLIDE_TYPES = {"slide", "subslide", "fragment", "skip", "notes", "-"}
MAX_CODE_LINES = 6
CHECK_TAG = "nbval-check-output"
TIME_LINE = re.compile(
    r"\*\*Time:\*\*\s*(\d+)\s*min teaching\s*\+\s*(\d+)\s*min exercises\s*\(one 45-minute period\)"
)
NEXT_LINK = re.compile(r"\[Next:\s*(\d\d)\s*·\s*[^\]]+\]\((\d\d_[a-z0-9_]+\.ipynb)\)")
LINK = re.compile(r"\]\(([^)\s]+)\)")
ABSOLUTE_PATH = re.compile(r"(?<![\w.])(/work/|/root/|/home/|/tmp/|/Users/|/private/|[A-Za-z]:\\\\)")
MEMORY_ADDRESS = re.compile(r" at 0x[0-9a-fA-F]{6,}>")
ALLOWED_NB_METADATA = {"kernelspec", "language_info"}
ALLOWED_CELL_METADATA = {"tags", "slideshow", "nbgrader", "deletable", "editable"}
TABLE_MIMES = {"text/plain", "text/html"}


def _load(path: Path) -> dict:
    return json.loads(path.read_text(encoding="utf-8"))


def _src(cell: dict) -> str:
    source = cell.get("source", "")
    return "".join(source) if isinstance(source, list) else source


def _markdown(nb: dict) -> list[str]:
    return [_src(c) for c in nb["cells"] if c["cell_type"] == "markdown"]


def _code(nb: dict) -> list[dict]:
    return [c for c in nb["cells"] if c["cell_type"] == "code"]


@pytest.fixture(params=NOTEBOOKS, ids=IDS)
def notebook(request) -> tuple[Path, dict]:
    return request.param, _load(request.param)


# --------------------------------------------------------------------------- the set

def test_all_eight_notebooks_exist_in_reading_order():
    assert IDS == EXPECTED, f"expected exactly {EXPECTED} in notebooks/, found {IDS}"


# --------------------------------------------------------------------------- the frame

def test_opens_with_objectives_time_and_needs(notebook):
    path, nb = notebook
    first = nb["cells"][0]
    assert first["cell_type"] == "markdown", f"{path.name}: the first cell must be markdown"
    text = _src(first)
    assert text.lstrip().startswith("# "), f"{path.name}: the first cell starts with the notebook's title"
    assert "## What you will learn" in text
    objectives = text.split("## What you will learn", 1)[1]
    assert len(re.findall(r"^\s*[-*] ", objectives, flags=re.M)) >= 2, f"{path.name}: list at least two objectives"
    match = TIME_LINE.search(text)
    assert match, f"{path.name}: missing '**Time:** N min teaching + M min exercises (one 45-minute period)'"
    teaching, exercises = int(match.group(1)), int(match.group(2))
    assert teaching > 0 and exercises > 0 and teaching + exercises <= 45
    assert "**You need:**" in text


INSTRUCTOR_NOTES = ROOT / "instructors" / "lesson_notes.md"
GLOSSARY = NOTEBOOK_DIR / "glossary.md"
#: Words the lessons use that a 15-year-old may not know; the glossary explains each.
JARGON = ["provenance", "boilerplate", "ledger", "lexicon", "puffery", "launder", "precision", "recall", "F1",
          "hedges_per_100_words", "n_na", "share_named", "unsupported_specifics", "access_claims", "source_type",
          "click restraint", "syndicated", "mock-up", "loaded word", "state media", "sponsored", "original"]
#: Answers written into a prompt, the way the old teacher's notes did: "(No: ...)", "(Both: ...)".
ANSWER_IN_PROMPT = re.compile(r"\((?:No|Yes|Both|Neither)\b[:.,]|\(Precision sounds")


def test_closes_with_key_points_prompts_and_a_link(notebook):
    path, nb = notebook
    md = _markdown(nb)
    key = [i for i, t in enumerate(md) if "## Key points" in t]
    talk = [i for i, t in enumerate(md) if "## Talk about it" in t]
    assert key, f"{path.name}: no '## Key points' section"
    assert talk, f"{path.name}: no '## Talk about it' section with the discussion prompts"
    assert key[-1] >= len(md) - 4 and talk[-1] >= len(md) - 4, f"{path.name}: key points and prompts belong near the end"
    assert len(re.findall(r"^\s*[-*] ", md[key[-1]], flags=re.M)) >= 3, f"{path.name}: give at least three key points"
    prompts = md[talk[-1]]
    assert len(re.findall(r"^\s*[-*] ", prompts, flags=re.M)) >= 2, f"{path.name}: give at least two discussion prompts"
    assert "instructors/lesson_notes.md" in prompts, f"{path.name}: point teachers to the instructor notes"
    last = nb["cells"][-1]
    assert last["cell_type"] == "markdown", f"{path.name}: the last cell is the link onward"
    targets = LINK.findall(_src(last))
    assert targets, f"{path.name}: the last cell must link to the next notebook"
    for target in targets:
        assert (path.parent / target).resolve().exists(), f"{path.name}: link target {target} does not exist"


def test_student_notebook_holds_no_teacher_answers(notebook):
    path, nb = notebook
    text = "\n".join(_markdown(nb))
    for phrase in ("Teacher's notes", "Teacher’s notes", "Likely misconceptions"):
        assert phrase not in text, f"{path.name}: '{phrase}' belongs in instructors/lesson_notes.md"
    answers = ANSWER_IN_PROMPT.findall(text)
    assert not answers, f"{path.name}: a prompt carries its answer ({answers}); move it to the instructor notes"


def test_instructor_notes_have_one_section_per_lesson():
    text = INSTRUCTOR_NOTES.read_text(encoding="utf-8")
    sections = re.split(r"^## ", text, flags=re.M)[1:]
    numbers = [s[:2] for s in sections]
    assert numbers == [name[:2] for name in EXPECTED], f"one section per lesson, in order; found {numbers}"
    for section in sections:
        lower = section.lower()
        assert "45-minute path" in lower, f"section {section[:2]}: give a 45-minute path"
        assert "discussion" in lower and "misconception" in lower, f"section {section[:2]}: prompts and misconceptions"


def test_links_to_the_glossary(notebook):
    path, nb = notebook
    assert GLOSSARY.exists(), "notebooks/glossary.md is missing"
    for where, cell in (("first", nb["cells"][0]), ("last", nb["cells"][-1])):
        assert "glossary.md" in _src(cell), f"{path.name}: link the glossary from the {where} cell"


def test_glossary_explains_the_jargon_the_lessons_use():
    glossary = GLOSSARY.read_text(encoding="utf-8").lower()
    used = "\n".join("\n".join(_markdown(_load(p))) + "".join(_src(c) for c in _code(_load(p))) for p in NOTEBOOKS).lower()
    missing = [w for w in JARGON if w.lower() in used and w.lower() not in glossary]
    assert not missing, f"the lessons use {missing} but the glossary does not explain them"


def test_marks_optional_sections(notebook):
    path, nb = notebook
    if path.stem == EXPECTED[-1] or path.stem == EXPECTED[0]:
        return
    headings = [ln for t in _markdown(nb) for ln in t.splitlines() if ln.startswith("#")]
    assert any("(optional" in h for h in headings), f"{path.name}: mark the sections a short lesson can skip '(optional)'"


def test_credits_civic_online_reasoning_and_sift():
    start = "\n".join(_markdown(_load(NOTEBOOK_DIR / "00_start_here.ipynb")))
    assert "Civic Online Reasoning" in start and "cor.inquirygroup.org" in start
    assert "SIFT" in start and "CC BY 4.0" in start and "hapgood.us" in start


def test_next_link_follows_the_reading_order(notebook):
    path, nb = notebook
    last = _src(nb["cells"][-1])
    number = int(path.name[:2])
    if path.stem == EXPECTED[-1]:
        assert "00_start_here.ipynb" in last, f"{path.name}: the last notebook links back to 00"
        assert "exercises" in last, f"{path.name}: the last notebook links to the exercises"
        return
    match = NEXT_LINK.search(last)
    assert match, f"{path.name}: last cell needs '[Next: NN · Title](NN_name.ipynb)'"
    assert int(match.group(1)) == number + 1 and match.group(2).startswith(f"{number + 1:02d}_")
    if number + 1 < len(EXPECTED):
        assert match.group(2) == f"{EXPECTED[number + 1]}.ipynb"


# --------------------------------------------------------------------------- slides

def test_every_cell_has_slide_metadata(notebook):
    path, nb = notebook
    kinds = []
    for index, cell in enumerate(nb["cells"]):
        slide = cell.get("metadata", {}).get("slideshow", {}).get("slide_type")
        assert slide in SLIDE_TYPES, f"{path.name} cell {index}: slide_type {slide!r} is missing or unknown"
        kinds.append(slide)
    assert kinds[0] == "slide", f"{path.name}: the title cell opens a slide"
    assert kinds.count("slide") >= 3, f"{path.name}: split the lesson into several slides"
    prompts = [c for c in nb["cells"] if "## Talk about it" in _src(c)]
    assert all(c["metadata"]["slideshow"]["slide_type"] in {"slide", "subslide"} for c in prompts)


# --------------------------------------------------------------------------- thin cells

def test_first_code_cell_is_a_short_setup(notebook):
    path, nb = notebook
    first = _code(nb)[0]
    assert "import medialit" in _src(first) or "from medialit" in _src(first), f"{path.name}: start with the setup"


def test_code_cells_are_short_and_hold_no_analysis_logic(notebook):
    path, nb = notebook
    for index, cell in enumerate(nb["cells"]):
        if cell["cell_type"] != "code":
            continue
        source = _src(cell)
        lines = [ln for ln in source.splitlines() if ln.strip() and not ln.strip().startswith("#")]
        assert len(lines) <= MAX_CODE_LINES, f"{path.name} cell {index}: {len(lines)} lines of code; move logic into medialit"
        tree = ast.parse(source)
        for node in ast.walk(tree):
            assert not isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef, ast.Lambda)), (
                f"{path.name} cell {index}: define functions and classes in the medialit package"
            )
            assert not isinstance(node, (ast.For, ast.AsyncFor, ast.While)), (
                f"{path.name} cell {index}: no loops in notebook cells; put them in a medialit function"
            )


def test_embeds_its_quiz(notebook):
    path, nb = notebook
    calls = [c for c in _code(nb) if "show_quiz(" in _src(c)]
    assert calls, f"{path.name}: embed the quiz with show_quiz({path.stem!r})"
    for cell in calls:
        names = re.findall(r"show_quiz\(\s*['\"]([^'\"]+)['\"]", _src(cell))
        assert names and set(names) == {path.stem}, f"{path.name}: show_quiz must name this notebook's bank"
    from medialit.quiz import load_bank

    bank = load_bank(path.stem)
    assert len(bank.questions) >= 6, f"{path.name}: its quiz needs at least 6 questions"


# --------------------------------------------------------------------------- committed executed and clean

def test_committed_executed_without_errors(notebook):
    path, nb = notebook
    code = _code(nb)
    assert all(c.get("execution_count") is not None for c in code), f"{path.name}: run every cell before committing"
    with_output = [c for c in code if c.get("outputs")]
    assert len(with_output) >= len(code) // 2, f"{path.name}: outputs are missing; execute the notebook"
    for index, cell in enumerate(code):
        for output in cell.get("outputs", []):
            assert output.get("output_type") != "error", f"{path.name}: code cell {index} ends in an error"
            if output.get("output_type") == "stream":
                assert output.get("name") != "stderr" or "Warning" not in "".join(output.get("text", "")), (
                    f"{path.name}: code cell {index} prints a warning"
                )


def test_nbtools_check_passes_on_the_committed_notebook(notebook, capsys):
    # what a contributor runs before committing; also what keeps JupyterLab from marking a
    # lesson modified on open (the kernel's language_info is already there)
    from medialit import nbtools

    path, _nb = notebook
    assert nbtools.check([path]) == 0, f"{path.name}: {capsys.readouterr().err.strip()}"


def test_no_absolute_paths_memory_addresses_or_stray_metadata(notebook):
    path, nb = notebook
    assert set(nb.get("metadata", {})) <= ALLOWED_NB_METADATA, f"{path.name}: clean the notebook metadata"
    assert nb["metadata"].get("kernelspec", {}).get("name") == "python3"
    for index, cell in enumerate(nb["cells"]):
        extra = set(cell.get("metadata", {})) - ALLOWED_CELL_METADATA
        assert not extra, f"{path.name} cell {index}: stray metadata {sorted(extra)} (execution timings, collapsed, ...)"
        blobs = [_src(cell)] + [json.dumps(o) for o in cell.get("outputs", [])]
        for blob in blobs:
            assert not ABSOLUTE_PATH.search(blob), f"{path.name} cell {index}: absolute path; use medialit's data helpers"
            assert not MEMORY_ADDRESS.search(blob), f"{path.name} cell {index}: an object repr with a memory address"


def test_every_chart_has_a_text_description_under_it(notebook):
    path, nb = notebook
    cells = nb["cells"]
    for index, cell in enumerate(cells):
        outputs = cell.get("outputs", []) if cell["cell_type"] == "code" else []
        images = [i for i, o in enumerate(outputs) if "image/png" in o.get("data", {}) or "image/svg+xml" in o.get("data", {})]
        if not images:
            continue
        printed_after = any(
            o.get("output_type") == "stream" and "".join(o.get("text", "")).strip()
            for o in outputs[images[-1] + 1:]
        )
        next_is_markdown = index + 1 < len(cells) and cells[index + 1]["cell_type"] == "markdown"
        assert printed_after or next_is_markdown, f"{path.name} cell {index}: describe the chart in text right under it"


def test_key_tables_are_checked_by_nbval(notebook):
    path, nb = notebook
    tagged = [c for c in _code(nb) if CHECK_TAG in c.get("metadata", {}).get("tags", [])]
    if 1 <= int(path.name[:2]) <= 6:
        assert tagged, f"{path.name}: tag the cells with key tables '{CHECK_TAG}'"
    for cell in tagged:
        assert cell.get("outputs"), f"{path.name}: a tagged cell must have stored output to compare"
        for output in cell["outputs"]:
            mimes = set(output.get("data", {})) if output.get("output_type") != "stream" else {"text/plain"}
            assert mimes <= TABLE_MIMES, (
                f"{path.name}: tagged cell shows {sorted(mimes - TABLE_MIMES)}; tag only text/table output"
            )
            assert "Saved in" not in json.dumps(output), f"{path.name}: tagged output must not depend on the machine"


# --------------------------------------------------------------------------- the quiz banks together

def test_quiz_banks_cover_the_sequence():
    from medialit.quiz import load_bank

    questions = []
    for name in EXPECTED:
        if not (NOTEBOOK_DIR / f"{name}.ipynb").exists():
            pytest.fail(f"notebook {name}.ipynb is missing, so its quiz cannot be checked")
        bank = load_bank(name)
        prefix = f"n{name[:2]}-"
        assert all(q.id.startswith(prefix) for q in bank.questions), f"{name}: prefix question ids with {prefix}"
        questions.extend(bank.questions)
        kinds = {type(q).__name__ for q in bank.questions}
        assert len(kinds) >= 2, f"{name}: mix question types (only {sorted(kinds)})"
    ids = [q.id for q in questions]
    assert len(ids) == len(set(ids)), "question ids must be unique across banks"
    assert len(questions) >= 40, f"only {len(questions)} questions across the eight banks; the sequence needs 40+"
    kinds = {type(q).__name__ for q in questions}
    # Number questions that only copied a figure from a table were removed (issue 10, section 3),
    # so four of the five types are enough; a number question, where there is one, must compute its answer.
    assert len(kinds) >= 4, f"mix at least four question types across the sequence; found {sorted(kinds)}"
    numbers = [q for q in questions if type(q).__name__ == "NumberQuestion"]
    assert all(isinstance(q.answer, dict) and q.answer.get("compute") for q in numbers), (
        "a number question computes its answer (from the profile or the key), never a typed number"
    )


def test_every_lesson_links_the_labelling_page_first_and_last():
    """The rule book's student page is one click away at the start and the end of every lesson."""
    import glob

    import nbformat

    for path in sorted(glob.glob(str(Path(__file__).resolve().parent.parent / "notebooks" / "0*.ipynb"))):
        cells = nbformat.read(path, as_version=4).cells
        assert "how_we_label_sentences.md" in cells[0].source, path
        assert "how_we_label_sentences.md" in cells[-1].source, path
