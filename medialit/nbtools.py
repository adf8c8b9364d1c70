"""Execute and clean the lesson notebooks so they are committed readable and deterministic.

    python -m medialit.nbtools run notebooks/02_who_says_so.ipynb ...   execute in place, then clean
    python -m medialit.nbtools clean notebooks/*.ipynb                  clean only
    python -m medialit.nbtools check notebooks/*.ipynb                  exit 1 if any is not clean

"Clean" means: no widget state and no widget views (their random ids change on
every run; each quiz keeps its readable HTML/text copy), no execution timings,
no absolute paths in outputs, and kernel metadata exactly as JupyterLab writes it
when the notebook opens: the standard ``python3`` kernelspec and the kernel's own
``language_info``. Anything less (``{"name": "python"}``) and JupyterLab fills it in on
open, which marks every lesson modified and asks to save on close.
Lesson notebooks run with ``MEDIALIT_NO_PROGRESS=1`` so that executing them
never writes to a student's saved quiz progress.
"""
from __future__ import annotations

import argparse
import json
import os
import re
import sys
from pathlib import Path

KERNELSPEC = {"display_name": "Python 3 (ipykernel)", "language": "python", "name": "python3"}
KEEP_CELL_METADATA = {"tags", "slideshow", "nbgrader", "deletable", "editable"}
WIDGET_VIEW = "application/vnd.jupyter.widget-view+json"
ABSOLUTE_PATH = re.compile(r"(?<![\w.])(/work/|/root/|/home/|/tmp/|/private/|[A-Z]:\\\\Users)")


def kernel_language_info(python_version: str | None = None) -> dict:
    """The ``language_info`` the ``python3`` kernel (ipykernel) reports, as JupyterLab saves it.

    ``python_version`` ("3.11.7") replaces this interpreter's version: ``check`` keeps the
    committed one, so a machine with another patch release does not call a notebook unclean.
    """
    from ipykernel.ipkernel import IPythonKernel

    info = json.loads(json.dumps(IPythonKernel.language_info))  # a deep copy
    if python_version:
        info["version"] = python_version
    return info


def clean_notebook(nb, python_version: str | None = None) -> list[str]:
    """Clean ``nb`` (an nbformat node) in place; return problems that need a human."""
    problems = []
    nb.metadata = {
        key: value
        for key, value in nb.metadata.items()
        if key not in {"widgets", "kernelspec", "language_info", "vscode", "colab", "toc", "varInspector"}
    }
    nb.metadata["kernelspec"] = dict(KERNELSPEC)
    nb.metadata["language_info"] = kernel_language_info(python_version)
    for index, cell in enumerate(nb.cells):
        cell.metadata = {k: v for k, v in cell.metadata.items() if k in KEEP_CELL_METADATA}
        if cell.cell_type != "code":
            continue
        for output in cell.get("outputs", []):
            data = output.get("data", {})
            if WIDGET_VIEW in data and len(data) > 1:
                # The widget's model id is random and its state is not saved, so the
                # view cannot render from the file anyway; the HTML/text copy can.
                del data[WIDGET_VIEW]
            blob = repr(output.get("data", output.get("text", "")))
            if ABSOLUTE_PATH.search(blob):
                problems.append(f"cell {index}: output contains an absolute path")
            if re.search(r" at 0x[0-9a-f]{6,}>", blob):
                problems.append(f"cell {index}: output contains a memory address (not deterministic)")
            if output.get("output_type") == "error":
                problems.append(f"cell {index}: output is an error ({output.get('ename')})")
    return problems


def _load(path: Path):
    import nbformat

    return nbformat.read(path, as_version=4)


def _save(nb, path: Path) -> None:
    import nbformat

    nbformat.write(nb, path)


def run(paths: list[Path], timeout: int = 300) -> int:
    """Execute each notebook from its own folder, then clean and save it."""
    from nbclient import NotebookClient

    os.environ["MEDIALIT_NO_PROGRESS"] = "1"
    status = 0
    for path in paths:
        nb = _load(path)
        client = NotebookClient(
            nb, timeout=timeout, kernel_name="python3", resources={"metadata": {"path": str(path.parent)}}
        )
        client.execute()
        status |= _clean_and_save(nb, path)
    return status


def clean(paths: list[Path]) -> int:
    status = 0
    for path in paths:
        status |= _clean_and_save(_load(path), path)
    return status


def _clean_and_save(nb, path: Path) -> int:
    problems = clean_notebook(nb)
    _save(nb, path)
    return _report(path, problems)


def check(paths: list[Path]) -> int:
    """Exit status 1 when a notebook would change under ``clean`` or has problems."""
    import nbformat

    status = 0
    for path in paths:
        nb = _load(path)
        before = json.dumps(nb, sort_keys=True)
        committed = nb.metadata.get("language_info", {}).get("version")
        problems = clean_notebook(nb, python_version=committed)
        if json.dumps(nb, sort_keys=True) != before:
            problems.append("not clean: run `python -m medialit.nbtools clean` on it")
        nbformat.validate(nb)
        status |= _report(path, problems)
    return status


def _report(path: Path, problems: list[str]) -> int:
    for problem in problems:
        print(f"{path}: {problem}", file=sys.stderr)
    return 1 if problems else 0


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(prog="python -m medialit.nbtools", description=__doc__.split("\n\n")[0])
    parser.add_argument("command", choices=["run", "clean", "check"])
    parser.add_argument("notebooks", nargs="+", type=Path)
    args = parser.parse_args(argv)
    return {"run": run, "clean": clean, "check": check}[args.command](args.notebooks)


if __name__ == "__main__":
    sys.exit(main())
