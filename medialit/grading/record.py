"""What a hidden test cell does with a student's answer: record it as plain data, nothing more.

``record_answer(part, answer)`` shows the answer as JSON in the cell's output (MIME type
:data:`MIME`). The grader reads that output after the kernel has stopped and marks it from the
answer keys in a process of its own (:mod:`medialit.grading.judge`). A student who changes what
is recorded changes only their own answer: the record holds no verdict and no key.

Values become JSON: numbers, text, lists, dicts (keys as text), ``None``, ``...``, and pandas
tables (``{"__frame__": ...}``) and series. Anything else is kept as a short description, and
very large or deeply nested answers are cut (a record never exceeds :data:`MAX_ITEMS` values).
"""
from __future__ import annotations

import json
import math
from typing import Any

MIME = "application/vnd.medialit.answer+json"
FORMAT = 1
MAX_ITEMS = 50_000      # values in one record
MAX_TEXT = 20_000       # characters of one text value
MAX_DEPTH = 12


class _Budget:
    def __init__(self):
        self.left = MAX_ITEMS

    def spend(self) -> bool:
        self.left -= 1
        return self.left >= 0


def _scalar(value: Any):
    """Python and numpy scalars as JSON scalars (NaN and infinities as text)."""
    if value is None or isinstance(value, (bool, str)):
        return value[:MAX_TEXT] if isinstance(value, str) else value
    if isinstance(value, int):
        return value if abs(value) < 2**63 else str(value)
    if isinstance(value, float):
        return value if math.isfinite(value) else {"__float__": repr(value)}
    item = getattr(value, "item", None)  # numpy scalars
    if callable(item) and type(value).__module__ == "numpy":
        try:
            return _scalar(item())
        except (TypeError, ValueError):
            return None
    raise TypeError


def to_data(value: Any, _depth: int = 0, _budget: _Budget | None = None):
    """``value`` as JSON-ready data (see the module doc); never raises."""
    budget = _budget or _Budget()
    if not budget.spend():
        return {"__cut__": "the answer is too large to record in full"}
    if _depth > MAX_DEPTH:
        return {"__cut__": "nested too deeply"}
    if value is Ellipsis:
        return {"__ellipsis__": True}
    try:
        return _scalar(value)
    except TypeError:
        pass
    module = type(value).__module__ or ""
    if module.startswith("pandas"):
        try:
            if type(value).__name__ == "DataFrame":
                return {"__frame__": {"columns": [str(c) for c in value.columns],
                                      "data": [[to_data(v, _depth + 2, budget) for v in row]
                                               for row in value.itertuples(index=False, name=None)]}}
            if type(value).__name__ == "Series":
                return {"__series__": {"index": [to_data(i, _depth + 2, budget) for i in value.index],
                                       "data": [to_data(v, _depth + 2, budget) for v in value.tolist()],
                                       "name": to_data(value.name, _depth + 1, budget)}}
        except Exception as exc:  # a hostile subclass: keep a description, do not fail the test cell
            return {"__repr__": f"an unreadable table ({type(exc).__name__})"}
    if isinstance(value, dict):
        return {"__dict__": [[to_data(k, _depth + 1, budget), to_data(v, _depth + 1, budget)]
                             for k, v in list(value.items())[:MAX_ITEMS]]}
    if isinstance(value, (list, tuple)):
        return [to_data(v, _depth + 1, budget) for v in list(value)[:MAX_ITEMS]]
    if isinstance(value, (set, frozenset)):
        items = [to_data(v, _depth + 1, budget) for v in list(value)[:MAX_ITEMS]]
        return {"__set__": sorted(items, key=lambda x: json.dumps(x, sort_keys=True))}
    try:
        text = repr(value)
    except Exception:  # noqa: BLE001 (a hostile __repr__)
        text = "?"
    return {"__repr__": f"{type(value).__name__}: {text[:200]}"}


def from_data(data: Any):
    """The inverse of :func:`to_data` for the judge (tables come back as pandas objects)."""
    if isinstance(data, list):
        return [from_data(v) for v in data]
    if not isinstance(data, dict):
        return data
    if "__ellipsis__" in data:
        return Ellipsis
    if "__float__" in data:
        return float(data["__float__"])
    if "__dict__" in data:
        out = {}
        for pair in data["__dict__"]:
            if isinstance(pair, list) and len(pair) == 2:
                key = from_data(pair[0])
                try:
                    out[key] = from_data(pair[1])
                except TypeError:  # an unhashable key: keep it as text
                    out[json.dumps(pair[0])] = from_data(pair[1])
        return out
    if "__set__" in data:
        return [from_data(v) for v in data["__set__"]]
    if "__frame__" in data:
        import pandas as pd

        frame = data["__frame__"]
        rows = [[from_data(v) for v in row] for row in frame.get("data", [])]
        return pd.DataFrame(rows, columns=frame.get("columns", []) or None)
    if "__series__" in data:
        import pandas as pd

        series = data["__series__"]
        return pd.Series([from_data(v) for v in series.get("data", [])],
                         index=[from_data(i) for i in series.get("index", [])] or None,
                         name=from_data(series.get("name")), dtype=object if not series.get("data") else None)
    if "__repr__" in data or "__cut__" in data:
        return _Unrecorded(str(data.get("__repr__") or data.get("__cut__")))
    return {k: from_data(v) for k, v in data.items()}


class _Unrecorded:
    """An answer the record could only describe: never equal to any key value."""

    def __init__(self, description: str):
        self.description = description

    def __repr__(self) -> str:
        return f"<unrecorded {self.description}>"


def record_answer(part: str, value: Any) -> None:
    """Show the answer to ``part`` (e.g. "q1") as data for the grader; decides nothing."""
    from IPython.display import display

    payload = {"format": FORMAT, "part": str(part), "value": to_data(value)}
    display({MIME: payload, "text/plain": f"Your answer to {part} is recorded for grading."}, raw=True)
