"""Every relative link a student or teacher can click opens a file.

``make lab`` serves the repository root, so a link in a lesson, the README or a guide
works in JupyterLab when its target is a file inside the repository that JupyterLab
serves: it exists in a fresh clone (not git-ignored, not a build output) and no part
of its path is hidden (JupyterLab does not serve dot-folders such as ``.ci/``).
Web links (http, https, mailto) and links to a heading on the same page are not checked.
"""
from __future__ import annotations

import json
import re
import subprocess
from pathlib import Path
from urllib.parse import unquote

import pytest

REPO = Path(__file__).resolve().parent.parent

MARKDOWN_LINK = re.compile(r"!?\[(?:[^\]\\]|\\.)*\]\(\s*<?([^)\s>]+)>?(?:\s+\"[^\"]*\")?\s*\)")
HTML_LINK = re.compile(r"""<(?:a|img)\b[^>]*?\b(?:href|src)\s*=\s*["']([^"']+)["']""", re.I)
REFERENCE_LINK = re.compile(r"^\s{0,3}\[[^\]]+\]:\s*<?(\S+?)>?(?:\s|$)", re.M)
FENCE = re.compile(r"^(```|~~~).*?^\1", re.M | re.S)
INLINE_CODE = re.compile(r"`[^`\n]*`")
EXTERNAL = re.compile(r"^(?:[a-z][a-z0-9+.-]*:|//)", re.I)  # http:, https:, mailto:, data:, //host


def _tracked(pattern: str) -> list[Path]:
    done = subprocess.run(["git", "ls-files", "--cached", "--others", "--exclude-standard", pattern],
                          cwd=REPO, capture_output=True, text=True, check=True)
    return sorted(REPO / line for line in done.stdout.splitlines() if line)


def documents() -> list[Path]:
    """The lessons, the README and every guide (Markdown) in a fresh clone."""
    found = _tracked("*.ipynb") + _tracked("*.md")
    return sorted(p for p in found if p.is_file() and "/." not in "/" + p.relative_to(REPO).as_posix())


def texts_of(path: Path) -> list[tuple[str, str]]:
    """(where, Markdown text) pieces of a document: each Markdown cell of a notebook."""
    if path.suffix == ".ipynb":
        nb = json.loads(path.read_text(encoding="utf-8"))
        return [(f"cell {i}", "".join(c["source"]) if isinstance(c["source"], list) else c["source"])
                for i, c in enumerate(nb["cells"]) if c["cell_type"] == "markdown"]
    return [("", path.read_text(encoding="utf-8"))]


def links_in(markdown: str) -> list[str]:
    """Link targets in Markdown (inline, reference-style and HTML), outside code."""
    prose = INLINE_CODE.sub("", FENCE.sub("", markdown))
    return MARKDOWN_LINK.findall(prose) + HTML_LINK.findall(prose) + REFERENCE_LINK.findall(prose)


def relative_targets(path: Path) -> list[tuple[str, str]]:
    out = []
    for where, text in texts_of(path):
        for target in links_in(text):
            if EXTERNAL.match(target) or target.startswith("#"):
                continue
            out.append((where, target))
    return out


def problem_with(document: Path, target: str, ignored: set[Path]) -> str | None:
    """Why ``target`` (a link in ``document``) would not open from the served root, or None."""
    relative = unquote(target.split("#", 1)[0].split("?", 1)[0])
    if not relative:
        return None
    if relative.startswith("/"):
        return "is absolute: from the served root it points nowhere; use a path relative to the document"
    resolved = (document.parent / relative).resolve()
    try:
        inside = resolved.relative_to(REPO)
    except ValueError:
        return "points outside the repository (JupyterLab serves only the repository)"
    if any(part.startswith(".") for part in inside.parts):
        return "points into a hidden folder, which JupyterLab does not serve"
    if not resolved.exists():
        return "points to a file that does not exist"
    if resolved in ignored or any(parent in ignored for parent in resolved.parents):
        return "points to a git-ignored file, which a fresh clone does not have"
    return None


def git_ignored(paths: list[Path]) -> set[Path]:
    if not paths:
        return set()
    done = subprocess.run(["git", "check-ignore", "--stdin"], cwd=REPO, capture_output=True, text=True,
                          input="\n".join(str(p) for p in paths))
    return {Path(line).resolve() for line in done.stdout.splitlines() if line}


DOCUMENTS = documents()


def test_the_documents_are_found():
    names = {p.relative_to(REPO).as_posix() for p in DOCUMENTS}
    assert {"README.md", "INSTRUCTORS.md", "notebooks/00_start_here.ipynb"} <= names
    assert sum(name.startswith("notebooks/") and name.endswith(".ipynb") for name in names) >= 8


@pytest.mark.parametrize("document", DOCUMENTS, ids=[p.relative_to(REPO).as_posix() for p in DOCUMENTS])
def test_every_relative_link_opens_a_served_file(document):
    targets = relative_targets(document)
    candidates = [(document.parent / unquote(t.split("#", 1)[0].split("?", 1)[0])).resolve()
                  for _, t in targets if not t.startswith("/")]
    ignored = git_ignored([c for c in candidates if c.exists()])
    broken = [f"{where + ': ' if where else ''}({target}) {why}" for where, target in targets
              if (why := problem_with(document, target, ignored))]
    assert not broken, f"{document.relative_to(REPO)}: broken links:\n  " + "\n  ".join(broken)


# --- the checker itself, on links it must accept and refuse -----------------------------------
def test_links_in_finds_markdown_html_and_reference_links_but_not_code():
    text = ("See [the notes](../data/reference/notes.md#dates), ![chart](img/a.png \"A chart\"), "
            '<a href="x/y.md">y</a> and `[not](a-link.md)`.\n\n```\n[nor](this.md)\n```\n'
            "[ref]: ../INSTRUCTORS.md\n")
    assert links_in(text) == ["../data/reference/notes.md#dates", "img/a.png", "x/y.md", "../INSTRUCTORS.md"]


@pytest.mark.parametrize("target, verdict", [
    ("INSTRUCTORS.md", None),
    ("data/reference/notes.md#top", None),
    ("notebooks/00_start_here.ipynb", None),
    ("no_such_file.md", "does not exist"),
    ("../outside.md", "outside the repository"),
    (".ci/run", "hidden folder"),
    ("/work/main/README.md", "absolute"),
])
def test_problem_with_a_link_from_the_readme(target, verdict):
    why = problem_with(REPO / "README.md", target, ignored=set())
    assert (why is None) if verdict is None else (verdict in why)


def test_a_git_ignored_target_is_refused(tmp_path):
    build = REPO / "test-output"
    build.mkdir(exist_ok=True)
    assert problem_with(REPO / "README.md", "test-output", git_ignored([build])) is not None


def test_make_lab_serves_the_repository_root_and_opens_the_first_lesson():
    makefile = (REPO / "Makefile").read_text(encoding="utf-8")
    rule = makefile[makefile.index("\nlab:"):].split("\n\n")[0]
    command = next(line for line in rule.splitlines() if "jupyter lab" in line)
    assert '--ServerApp.root_dir="$(CURDIR)"' in command, "make lab must serve the repository root"
    assert command.rstrip().endswith("notebooks/00_start_here.ipynb")
