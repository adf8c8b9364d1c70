"""Word lists (lexicons) that the detectors match, loaded from ``data/lexicons/*.csv``.

The rules live in data so that a teacher can read, question and extend them
without touching code. Each CSV file has the columns

``term``        a literal phrase (``match = phrase``) or a Python regular expression
                (``match = regex``)
``match``       ``phrase`` or ``regex``
``kind``        what a match is (e.g. ``hedge`` / ``booster``); may be empty where a
                lexicon has no kinds
``category``    a finer group, from a fixed list per lexicon (see ``SCHEMAS``)
``explanation`` one plain sentence shown to students next to a highlight
``source``      where the term comes from ("written for medialit", ...)

``load_lexicon(name)`` checks every row and raises :class:`DataFileError` naming
the file and line of the first problem. ``compiled_lexicon(name)`` turns all rows
into one alternation regex, compiled once and cached until the file changes, so
that matching a text is a single left-to-right scan.
"""
from __future__ import annotations

import csv
import io
import re
import re._constants as _sre
import re._parser as _sre_parse
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

from .errors import DataFileError
from .paths import data_dir
from .vocabulary import FOUND_SOURCE_TYPES

REQUIRED_COLUMNS = ("term", "match", "kind", "category", "explanation", "source")
MATCH_TYPES = ("phrase", "regex")

# name -> allowed kinds and categories. An empty kind is written as "".
SCHEMAS: dict[str, dict[str, frozenset[str]]] = {
    "hedges": {
        "kinds": frozenset({"hedge", "booster"}),
        "categories": frozenset(
            {
                # hedges
                "hearsay",  # reportedly, allegedly, is said to
                "modal",  # may, might, could
                "appearance",  # appears to, seems
                "probability",  # likely, perhaps, possibly
                "implication",  # suggests, hints at, implies
                "uncertainty",  # unverified, speculation
                # boosters
                "certainty",  # clearly, undeniably, one thing is clear
                "emphasis",  # not merely, not just, profound
                "magnitude",  # unprecedented, pivotal, never been higher
            }
        ),
    },
    "attributions": {
        "kinds": frozenset({*FOUND_SOURCE_TYPES, ""}),  # the sources a cue can point at
        "categories": frozenset({"source", "marker", "cue_then_source", "source_then_cue", "cue_either"}),
    },
    "specifics": {
        "kinds": frozenset({"date", "number", "superlative"}),
        "categories": frozenset(
            {"calendar_date", "period", "year", "figure", "count", "superlative", "first", "record"}
        ),
    },
    "interpretation": {
        "kinds": frozenset({""}),
        # the writer says what something means or why it matters (rule S2): nothing to check
        "categories": frozenset({"meaning", "significance", "framing", "open_question"}),
    },
    "access": {
        "kinds": frozenset({""}),
        "categories": frozenset({"secrecy", "privileged_access", "inner_circle"}),
    },
}

# Phrases are matched as whole words, whatever the case and spacing:
# "Is  said to" matches the phrase "is said to".
_WORD_START = r"(?<![\w])"
_WORD_END = r"(?![\w])"


def lexicon_path(name: str) -> Path:
    """The CSV file behind lexicon ``name`` (honours ``MEDIALIT_DATA``)."""
    return data_dir() / "lexicons" / f"{name}.csv"


def _phrase_pattern(term: str) -> str:
    """Regex for a literal phrase: words escaped, any run of spaces between them."""
    words = term.split()
    return r"\s+".join(re.escape(w) for w in words)


def _fail(path: Path, line: int | None, what: str, todo: str) -> DataFileError:
    where = f"{path}, line {line}" if line else f"{path}"
    return DataFileError(f"{where}: {what}. {todo}")


def _read_rows(path: Path, name: str) -> pd.DataFrame:
    """Read and validate one lexicon file; every problem names file and line."""
    if name not in SCHEMAS:
        known = ", ".join(sorted(SCHEMAS))
        raise DataFileError(f"unknown lexicon {name!r}: use one of {known}.")
    if not path.is_file():
        raise _fail(path, None, "lexicon file not found", "Restore it from the repository or check MEDIALIT_DATA")
    raw = path.read_bytes()
    try:
        content = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise _fail(
            path, line, f"byte {exc.start} is not valid UTF-8 ({exc.reason})", "Save the file as UTF-8"
        ) from None

    schema = SCHEMAS[name]
    reader = csv.reader(io.StringIO(content, newline=""))
    try:
        header = next(reader)
    except StopIteration:
        raise _fail(path, 1, "the file is empty", f"Write a header line: {','.join(REQUIRED_COLUMNS)}") from None
    header = [h.strip() for h in header]
    missing = [c for c in REQUIRED_COLUMNS if c not in header]
    if missing:
        raise _fail(
            path,
            1,
            f"missing column(s) {', '.join(missing)} in the header",
            f"The header must contain {','.join(REQUIRED_COLUMNS)}",
        )
    index = {c: header.index(c) for c in REQUIRED_COLUMNS}

    records = []
    line_no = reader.line_num + 1  # first line of the next record
    try:
        for row in reader:
            this_line, line_no = line_no, reader.line_num + 1
            if not row or all(not cell.strip() for cell in row):
                continue  # blank line
            if len(row) < len(header):
                raise _fail(
                    path,
                    this_line,
                    f"{len(row)} field(s) where the header has {len(header)}",
                    "Check for a missing comma, or quote a term that contains a comma",
                )
            rec = {c: row[i].strip() for c, i in index.items()}
            rec["term"] = row[index["term"]]  # keep the term exactly (a regex may need spaces)
            if not rec["term"].strip():
                raise _fail(path, this_line, "empty term", "Write the phrase or regex to match, or delete the line")
            if rec["match"] not in MATCH_TYPES:
                raise _fail(
                    path,
                    this_line,
                    f"match is {rec['match']!r}",
                    "Write 'phrase' for a literal phrase or 'regex' for a regular expression",
                )
            if rec["category"] not in schema["categories"]:
                allowed = ", ".join(sorted(schema["categories"]))
                raise _fail(
                    path, this_line, f"unknown category {rec['category']!r}", f"Use one of: {allowed}"
                )
            if rec["kind"] not in schema["kinds"]:
                allowed = ", ".join(repr(k) for k in sorted(schema["kinds"]))
                raise _fail(path, this_line, f"unknown kind {rec['kind']!r}", f"Use one of: {allowed}")
            if not rec["explanation"]:
                raise _fail(
                    path, this_line, "empty explanation", "Write one plain sentence a student can read"
                )
            if rec["match"] == "regex":
                try:
                    compiled = re.compile(rec["term"], re.IGNORECASE)
                except re.error as exc:
                    raise _fail(
                        path, this_line, f"bad regex {rec['term']!r} ({exc})", "Fix the regular expression"
                    ) from None
                if compiled.groups:
                    raise _fail(
                        path,
                        this_line,
                        f"regex {rec['term']!r} has capturing groups",
                        "Write (?:...) instead of (...)",
                    )
                if compiled.match(""):
                    raise _fail(
                        path, this_line, f"regex {rec['term']!r} matches the empty string", "Make it match at least one character"
                    )
            rec["line"] = this_line
            records.append(rec)
    except csv.Error as exc:
        raise _fail(path, reader.line_num, f"unreadable CSV ({exc})", "Check the quoting on that line") from None

    if not records:
        raise _fail(path, None, "no terms", "Add at least one row below the header")
    df = pd.DataFrame.from_records(records, columns=[*REQUIRED_COLUMNS, "line"])
    df["line"] = df["line"].astype("int64")
    return df


@dataclass(frozen=True)
class Lexicon:
    """A validated lexicon and its single compiled alternation regex."""

    name: str
    path: Path
    rows: pd.DataFrame
    pattern: re.Pattern
    # capturing-group number -> row position, filled in by compile
    groups: dict[int, int] = field(default_factory=dict)

    def finditer(self, norm: str):
        """Yield ``(start, end, row)`` for every non-overlapping match, left to right.

        ``row`` is a dict of the lexicon row (term, kind, category, explanation, ...).
        """
        records = self._records
        groups = self.groups
        for m in self.pattern.finditer(norm):
            yield m.start(), m.end(), records[groups[m.lastindex]]

    def match_at(self, norm: str, pos: int) -> dict | None:
        """The row of the term that matches exactly at ``pos``, or None."""
        m = self.pattern.match(norm, pos)
        return self._records[self.groups[m.lastindex]] if m else None

    @property
    def _records(self) -> list[dict]:
        cached = self.__dict__.get("_records_cache")
        if cached is None:  # built once: to_dict is costly and finditer runs often
            cached = self.__dict__["_records_cache"] = self.rows.to_dict("records")
        return cached


def _first_chars(items) -> set[str] | None:
    """Characters a parsed regex can start with, or None when it could start with anything.

    Only the common cases are worked out (literals, character sets, digits,
    alternatives, optional parts, zero-width assertions); anything else gives
    None, which is always safe.
    """
    chars, may_be_empty = _first(items)
    return None if chars is None or may_be_empty else chars


def _first(items) -> tuple[set[str] | None, bool]:
    """(first characters or None for "anything", whether ``items`` can match without consuming)."""
    out: set[str] = set()
    for op, av in items:
        if op in (_sre.ASSERT, _sre.ASSERT_NOT, _sre.AT):
            continue  # zero-width: the next item decides
        if op is _sre.LITERAL:
            return out | {chr(av)}, False
        if op is _sre.IN:
            for kind, arg in av:
                if kind is _sre.LITERAL:
                    out.add(chr(arg))
                elif kind is _sre.RANGE and arg[1] - arg[0] < 128:
                    out.update(chr(c) for c in range(arg[0], arg[1] + 1))
                elif kind is _sre.CATEGORY and arg is _sre.CATEGORY_DIGIT:
                    out.update("0123456789")
                else:
                    return None, False
            return out, False
        if op in (_sre.BRANCH, _sre.SUBPATTERN, _sre.MAX_REPEAT, _sre.MIN_REPEAT):
            if op is _sre.BRANCH:
                parts, optional = av[1], False
            elif op is _sre.SUBPATTERN:
                parts, optional = [av[3]], False
            else:
                parts, optional = [av[2]], av[0] == 0
            empty = optional
            for part in parts:
                first, part_empty = _first(list(part))
                if first is None:
                    return None, False
                out |= first
                empty = empty or part_empty
            if not empty:
                return out, False
            continue  # this part may consume nothing: what follows may come first
        return None, False
    return out, True  # everything so far may match nothing


#: How many characters of each phrase the guard in front of a branch looks at.
PREFIX_DEPTH = 3


def _prefix_guard(phrases) -> str | None:
    """A small trie regex of the first few characters of ``phrases``, or None.

    It stands in front of a branch of terms that share a first letter, so a position where
    none of them can start ("a" followed by a quotation mark, in a text of one-word quotes)
    is rejected after one or two characters instead of trying every term. A prefix stops at
    the first space (a phrase's spaces match any run of whitespace). None when a member is a
    regex row, whose start cannot be read off as simply.
    """
    if not phrases or any(p is None for p in phrases):
        return None
    prefixes = set()
    for phrase in phrases:
        tokens = []
        for ch in " ".join(phrase.split())[:PREFIX_DEPTH]:
            if ch == " ":
                tokens.append(r"\s")
                break
            tokens.append(re.escape(ch.lower()))
        prefixes.add(tuple(tokens))

    def trie(items) -> str:
        heads: dict[str, list[tuple]] = {}
        for item in items:
            heads.setdefault(item[0], []).append(item[1:])
        parts = []
        for head in sorted(heads):
            rests = heads[head]
            parts.append(head if any(not r for r in rests) else head + trie(rests))
        return parts[0] if len(parts) == 1 else "(?:" + "|".join(parts) + ")"

    return trie(sorted(prefixes))


def _char_class(chars) -> str:
    return "".join(re.escape(c) for c in sorted(chars))


def _compile(name: str, path: Path, rows: pd.DataFrame) -> Lexicon:
    """One regex for the whole lexicon.

    Python's regex alternation takes the first alternative that matches, so the
    order decides which term wins where two could start at the same place:
    regex rows come first (in file order: they carry context rules such as "may,
    but not the month"), then phrases from longest to shortest.

    For speed the alternation is split by first character: at each word start
    only the terms that can begin with that character are tried (in the same
    order), so a long lexicon costs little more than a short one.
    """
    order = sorted(
        range(len(rows)),
        key=lambda i: (
            0 if rows.at[i, "match"] == "regex" else 1,
            -len(rows.at[i, "term"]) if rows.at[i, "match"] == "phrase" else i,
        ),
    )
    terms = []  # (row, regex body, lower-case first characters or None)
    for i in order:
        term = rows.at[i, "term"]
        body = term if rows.at[i, "match"] == "regex" else _phrase_pattern(term)
        try:
            first = _first_chars(list(_sre_parse.parse(body, re.IGNORECASE)))
        except Exception:  # an unusual construct: try this term everywhere
            first = None
        if first is not None:
            first = {c.lower() for c in first} | {c.upper() for c in first if len(c.upper()) == 1}
        terms.append((i, body, first))

    groups: dict[int, int] = {}
    branches = []

    def alternation(members) -> str:
        parts = []
        for i, body, _ in members:
            groups[len(groups) + 1] = i
            parts.append(f"({body})")
        return "|".join(parts)

    starts = sorted(set().union(*(f for _, _, f in terms if f is not None)))
    by_lower: dict[str, set[str]] = {}
    for c in starts:
        by_lower.setdefault(c.lower(), set()).add(c)
    for _, chars in sorted(by_lower.items()):
        members = [t for t in terms if t[2] is None or chars & t[2]]
        guard = _prefix_guard([rows.at[i, "term"] if rows.at[i, "match"] == "phrase" else None
                               for i, _, _ in members])
        branches.append(f"(?={guard or '[' + _char_class(chars) + ']'})(?:{alternation(members)})")
    anywhere = [t for t in terms if t[2] is None]
    if anywhere:
        guard = f"(?![{_char_class(starts)}])" if starts else ""
        branches.append(f"{guard}(?:{alternation(anywhere)})")
    # One look at the next character rejects a position where no term can start
    # (punctuation, quote marks, spaces) before the branches are tried one by one.
    any_start = f"(?=[{_char_class(starts)}])" if starts and not anywhere else ""
    pattern = re.compile(any_start + _WORD_START + "(?:" + "|".join(branches) + ")" + _WORD_END, re.IGNORECASE)
    return Lexicon(name=name, path=path, rows=rows, pattern=pattern, groups=groups)


_CACHE: dict[tuple, Lexicon] = {}


def compiled_lexicon(name: str) -> Lexicon:
    """The compiled lexicon ``name``; reloaded only when its file changes."""
    path = lexicon_path(name)
    try:
        st = path.stat()
        key = (name, str(path.resolve()), st.st_mtime_ns, st.st_size)
    except OSError:
        key = None
    if key is not None and key in _CACHE:
        return _CACHE[key]
    rows = _read_rows(path, name)
    lex = _compile(name, path, rows)
    if key is not None:
        _CACHE[key] = lex
    return lex


def load_lexicon(name: str) -> pd.DataFrame:
    """The validated rows of ``data/lexicons/<name>.csv`` as a table.

    Columns: term, match, kind, category, explanation, source, line (the line in
    the file). Raises ``DataFileError`` naming file and line when a row is broken.
    """
    return compiled_lexicon(name).rows.copy()


def lexicon_names() -> list[str]:
    """Names of the lexicons the detectors use."""
    return sorted(SCHEMAS)


def by_position(records: list[dict]) -> list[dict]:
    """Records sorted by (start, end), the order every detector table uses."""
    return sorted(records, key=lambda r: (r["start"], r["end"]))


def frame(records: list[dict], dtypes: dict[str, str]) -> pd.DataFrame:
    """A detector table with fixed columns and dtypes, sorted by ``start``.

    ``dtypes`` maps column -> pandas dtype, in column order. An empty list of
    records gives an empty table with the same columns and dtypes.
    """
    if records and "start" in dtypes:
        records = by_position(records)  # stable, like sort_values
    # One typed array per column: much cheaper than from_records + astype.
    data = {}
    for column, dtype in dtypes.items():
        values = [r[column] for r in records]
        if dtype == "object":  # an explicit Series: pandas 3 would infer "str" from an array
            data[column] = pd.Series(values, dtype="object")
        else:
            data[column] = np.asarray(values, dtype=dtype)
    df = pd.DataFrame(data, columns=list(dtypes), copy=False)
    return df
