"""Shared test set-up.

- Lesson notebooks run by nbval (``make test``) and kernels started by tests must
  never write to a student's real progress file: ``MEDIALIT_NO_PROGRESS=1`` turns
  saving off, and ``MEDIALIT_PROGRESS`` points at a throwaway file in case
  something reads it. Both are inherited by every kernel pytest starts.
- ``progress_file``: a fresh progress path in ``tmp_path``, also set as
  ``MEDIALIT_PROGRESS`` for the test.
- ``store``: a saving ``ProgressStore`` on that file (saving on, even under pytest).
- ``bodies``: article id -> body text of the five articles.
"""
import os
import tempfile
from pathlib import Path

import pytest

import medialit

os.environ["MEDIALIT_NO_PROGRESS"] = "1"
os.environ.setdefault("MEDIALIT_PROGRESS",
                      str(Path(tempfile.gettempdir()) / "medialit-pytest" / "progress.json"))


@pytest.fixture
def progress_file(tmp_path, monkeypatch):
    path = tmp_path / "progress" / "progress.json"
    monkeypatch.setenv("MEDIALIT_PROGRESS", str(path))
    return path


@pytest.fixture
def store(progress_file):
    from medialit.quiz.progress import ProgressStore

    return ProgressStore(progress_file, enabled=True)


@pytest.fixture(scope="session")
def bodies():
    corpus = medialit.load_corpus()
    return dict(zip(corpus["article_id"], corpus["body"]))


@pytest.hookimpl(trylast=True)  # after -m / -k have deselected
def pytest_collection_modifyitems(config, items):
    """``MEDIALIT_REQUIRE_BROWSER=1`` (set by ``.ci/run``): a run without the browser
    tests (deselected with ``-m``, or their file left out) is an error, not a quiet pass."""
    if os.environ.get("MEDIALIT_REQUIRE_BROWSER") == "1" and not any(
            item.get_closest_marker("browser") for item in items):
        raise pytest.UsageError("MEDIALIT_REQUIRE_BROWSER=1, but no browser test was collected: "
                                "run the whole suite (make test).")
