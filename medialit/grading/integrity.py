"""The integrity report: answer-cell code an instructor should read before trusting a mark.

Nothing here changes a mark (the judge already ignores whatever a kernel claims); it lists, per
submission, code in the cells a student writes in that reaches for the grading machinery or
outside the notebook: the checker names, ``sys.modules``, builtins, ``exec``/``eval``/``compile``,
``__import__``/``importlib``, IPython's input transformers and events, file paths outside the
submission (absolute, ``..``, ``~``), processes and signals, and the network. Test cells are not
scanned (nbgrader puts the master's back). A cell that is not valid Python is scanned as text.
"""
from __future__ import annotations

import ast
import csv
import re
from dataclasses import dataclass
from pathlib import Path

CHECKER_NAMES = {"q", "load_checks", "record_answer", "checks", "selfcheck", "grading", "judge", "Problem",
                 "PartialProblem", "Assignment"}
MODULES = {
    "process": {"subprocess", "multiprocessing", "signal", "pty", "ctypes", "resource", "atexit", "threading"},
    "network": {"socket", "urllib", "http", "requests", "ftplib", "smtplib", "ssl", "asyncio", "webbrowser"},
    "import machinery": {"importlib", "imp", "pkgutil", "runpy", "zipimport", "inspect", "gc", "marshal",
                         "pickle", "types", "code", "codeop"},
    "files": {"shutil", "glob", "tempfile", "pathlib", "sqlite3", "fnmatch", "os"},
    "grading": {"nbgrader", "nbformat", "nbclient", "jupyter_client", "ipykernel"},
}
CALLS = {"exec": "exec/eval", "eval": "exec/eval", "compile": "exec/eval", "__import__": "import machinery",
         "globals": "namespace", "locals": "namespace", "vars": "namespace", "setattr": "namespace",
         "delattr": "namespace", "get_ipython": "IPython internals", "open": "files", "breakpoint": "process"}
ATTRIBUTES = {"modules": "sys.modules", "__builtins__": "builtins", "builtins": "builtins",
              "input_transformers_post": "IPython internals", "input_transformers_cleanup": "IPython internals",
              "ast_transformers": "IPython internals", "events": "IPython internals",
              "showtraceback": "IPython internals", "set_custom_exc": "IPython internals",
              "run_cell": "IPython internals", "excepthook": "process", "_exit": "process", "fork": "process",
              "system": "process", "popen": "process", "kill": "process", "setsid": "process",
              "__code__": "namespace", "__globals__": "namespace", "__dict__": "namespace",
              "__subclasses__": "namespace", "__class__": "namespace", "environ": "files"}
_PATH = re.compile(r"""(?:^|["'\s(])((?:/|~|\.\./|\.\.\\)[^"'\s]*)""")
_TEXT = re.compile(r"\b(?:exec|eval|__import__|sys\.modules|__builtins__|get_ipython|subprocess|socket|"
                   r"importlib|open)\b|(?:\.\./|~/|/(?:etc|root|home|work|tmp|proc)\b)")

COLUMNS = ["student", "notebook", "cell", "line", "category", "code"]


@dataclass(frozen=True)
class Finding:
    student: str
    notebook: str
    cell: str
    line: int
    category: str
    code: str


def _line(source: str, number: int) -> str:
    lines = source.splitlines()
    return lines[number - 1].strip()[:160] if 0 < number <= len(lines) else ""


def _root_name(node) -> str:
    while isinstance(node, (ast.Attribute, ast.Subscript, ast.Call)):
        node = node.value if not isinstance(node, ast.Call) else node.func
    return node.id if isinstance(node, ast.Name) else ""


def scan_source(source: str) -> list[tuple[int, str]]:
    """(line, category) for every suspicious use in one cell's code."""
    source = "\n".join(line for line in (source or "").splitlines()
                       if not line.lstrip().startswith(("%", "!")))  # magics: scanned as text below
    found: list[tuple[int, str]] = []
    try:
        tree = ast.parse(source)
    except (SyntaxError, ValueError, RecursionError, MemoryError):
        return [(n, "unparsable code") for n, text in enumerate(source.splitlines(), 1) if _TEXT.search(text)]
    for node in ast.walk(tree):
        line = getattr(node, "lineno", 0)
        if isinstance(node, (ast.Import, ast.ImportFrom)):
            names = [a.name for a in node.names] + ([node.module] if isinstance(node, ast.ImportFrom) and node.module else [])
            for name in names:
                top = (name or "").split(".")[0]
                if top in {"sys", "builtins"}:
                    found.append((line, f"import {top}"))
                if top == "medialit" and any(part in name for part in ("checks", "grading", "selfcheck")):
                    found.append((line, "checker"))
                for category, modules in MODULES.items():
                    if top in modules:
                        found.append((line, category))
            if isinstance(node, ast.ImportFrom) and node.module == "medialit":
                if any(a.name in CHECKER_NAMES for a in node.names):
                    found.append((line, "checker"))
        elif isinstance(node, ast.Name) and node.id in CHECKER_NAMES:
            found.append((line, "checker"))
        elif isinstance(node, ast.Name) and node.id in {"__builtins__", "__loader__", "__spec__", "__file__"}:
            found.append((line, "builtins"))
        elif isinstance(node, ast.Name) and node.id in CALLS:
            found.append((line, CALLS[node.id]))
        elif isinstance(node, ast.Attribute) and node.attr in ATTRIBUTES:
            found.append((line, ATTRIBUTES[node.attr]))
        elif isinstance(node, ast.Attribute) and node.attr in CHECKER_NAMES - {"q"}:
            found.append((line, "checker"))
        elif isinstance(node, ast.Global):
            found.append((line, "namespace"))
        elif isinstance(node, ast.Constant) and isinstance(node.value, str) and _PATH.search(node.value):
            found.append((line, "path outside the submission"))
    return sorted(set(found))


def answer_cells(nb) -> list[tuple[str, str]]:
    """(cell name, source) of the code cells a student writes in (nbgrader solution cells, and any
    cell a student added: one without nbgrader metadata)."""
    cells = []
    for index, cell in enumerate(nb.cells):
        if cell.get("cell_type") != "code":
            continue
        meta = cell.get("metadata", {}).get("nbgrader", {})
        if meta.get("grade") and not meta.get("solution"):
            continue  # a test cell (the master's, put back by nbgrader)
        if meta and not meta.get("solution") and meta.get("locked", False):
            continue  # a read-only cell of the master
        cells.append((meta.get("grade_id") or f"cell {index + 1}", cell.get("source", "")))
    return cells


def scan_notebook(nb, student: str, notebook: str) -> list[Finding]:
    out = []
    for name, source in answer_cells(nb):
        for line, category in scan_source(source):
            out.append(Finding(student, notebook, name, line, category, _line(source, line)))
    return out


def write_report(findings: list[Finding], path: Path) -> Path:
    from ..files import write_atomic

    rows = [[f.student, f.notebook, f.cell, f.line, f.category, f.code] for f in findings]
    import io

    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(COLUMNS)
    writer.writerows(rows)
    path.parent.mkdir(parents=True, exist_ok=True)
    return write_atomic(path, buffer.getvalue())
