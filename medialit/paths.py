"""Where the project's data lives.

The package is installed in editable mode from the repository, so the data
folder sits next to the package. ``MEDIALIT_DATA`` overrides it (useful when
an instructor swaps in other articles).
"""
from __future__ import annotations

import os
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent


def data_dir() -> Path:
    override = os.environ.get("MEDIALIT_DATA")
    return Path(override) if override else REPO_ROOT / "data"
