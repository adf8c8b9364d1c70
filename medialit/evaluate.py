"""Compare the detectors with the expert key, sentence by sentence.

``data/annotations/expert_key.csv`` holds one hand-made label set per sentence
of each article body (see ``data/annotations/README.md`` for how it was made).
This module loads and checks that file, runs ``label_sentences`` over the
corpus, and reports, per label, how often the detector agrees with the key:
true positives, false positives (the detector flags a sentence the key does
not), misses (the key flags a sentence the detector does not), precision,
recall and F1.

The detectors are imported only when a prediction is needed, so this module
(and ``load_expert_key``) works before or without them.
"""
from __future__ import annotations

import csv
from pathlib import Path

import pandas as pd

from .errors import DataFileError, MedialitError
from .paths import data_dir

#: Columns of expert_key.csv, in order.
KEY_COLUMNS = [
    "article_id",
    "sentence_index",
    "start",
    "end",
    "text",
    "hedge",
    "booster",
    "source_type",
    "unsupported_specific",
    "access_claim",
    "hedge_cues",
    "source_text",
    "specific_text",
    "notes",
]
#: Yes/no labels scored one by one.
BOOLEAN_LABELS = ("hedge", "booster", "unsupported_specific", "access_claim")
#: Allowed values of source_type, strongest source first, then no source, then no claim.
from .vocabulary import SOURCE_TYPES  # noqa: E402
#: Every label score_against_key reports, in this order.
SCORE_LABELS = BOOLEAN_LABELS + tuple(f"source_type={t}" for t in SOURCE_TYPES)
#: Columns of score_against_key().
SCORE_COLUMNS = [
    "label",
    "true_positives",
    "false_positives",
    "false_negatives",
    "precision",
    "recall",
    "f1",
    "support",
]
#: Columns a prediction table must have.
PREDICTED_COLUMNS = ["article_id", "start", "end", "source_type", *BOOLEAN_LABELS]
#: Separator between items in hedge_cues and specific_text.
ITEM_SEPARATOR = " | "

_INT_COLUMNS = ("sentence_index", "start", "end")
_TRUE = {"true": True, "false": False}


def default_key_path() -> Path:
    """Where the expert key lives (follows ``MEDIALIT_DATA`` like every data file)."""
    return data_dir() / "annotations" / "expert_key.csv"


def split_items(value: str) -> list[str]:
    """``"reportedly | +unprecedented"`` -> ``["reportedly", "+unprecedented"]``."""
    return [item.strip() for item in str(value).split(ITEM_SEPARATOR.strip()) if item.strip()]


# --------------------------------------------------------------------------- loading

def _check_row(row: dict, name: str, line: int) -> dict:
    """Convert one CSV row to typed values; any problem is a DataFileError with the line."""

    def fail(problem: str) -> DataFileError:
        return DataFileError(f"{name}, line {line}: {problem}")

    out = dict(row)
    if not out["article_id"].strip():
        raise fail("article_id is empty. Give the article's id, e.g. 004.")
    for column in _INT_COLUMNS:
        value = out[column].strip()
        if not value.isdigit():
            raise fail(f"{column} must be a whole number of 0 or more, got {value!r}.")
        out[column] = int(value)
    if out["end"] <= out["start"]:
        raise fail(f"end ({out['end']}) must be greater than start ({out['start']}).")
    if not out["text"].strip():
        raise fail("text is empty. Each row needs the sentence it labels.")
    if out["end"] - out["start"] != len(out["text"]):
        raise fail(
            f"text has {len(out['text'])} characters but end - start is "
            f"{out['end'] - out['start']}. Re-copy the sentence or fix the offsets."
        )
    for column in BOOLEAN_LABELS:
        value = out[column].strip().lower()
        if value not in _TRUE:
            raise fail(f"{column} must be True or False, got {out[column]!r}.")
        out[column] = _TRUE[value]
    if out["source_type"] not in SOURCE_TYPES:
        raise fail(
            f"source_type {out['source_type']!r} is not one of {', '.join(SOURCE_TYPES)}."
        )

    cues = split_items(out["hedge_cues"])
    for cue in cues:
        if cue.lstrip("+") not in out["text"]:
            raise fail(f"hedge cue {cue!r} does not occur in the sentence text. Copy it exactly.")
    has_hedge = any(not c.startswith("+") for c in cues)
    has_booster = any(c.startswith("+") for c in cues)
    if out["hedge"] != has_hedge:
        raise fail(
            f"hedge is {out['hedge']} but hedge_cues {'lists' if has_hedge else 'has no'} "
            "hedge word. List the hedge words (without +) or change the label."
        )
    if out["booster"] != has_booster:
        raise fail(
            f"booster is {out['booster']} but hedge_cues {'lists' if has_booster else 'has no'} "
            "booster (booster cues start with +). List them or change the label."
        )
    specifics = split_items(out["specific_text"])
    for item in specifics:
        if item not in out["text"]:
            raise fail(f"specific {item!r} does not occur in the sentence text. Copy it exactly.")
    if out["unsupported_specific"] != bool(specifics):
        raise fail(
            f"unsupported_specific is {out['unsupported_specific']} but specific_text is "
            f"{'filled in' if specifics else 'empty'}. Make the two agree."
        )
    if out["source_text"] and out["source_text"] not in out["text"]:
        raise fail(f"source_text {out['source_text']!r} does not occur in the sentence text.")
    if out["source_text"] and out["source_type"] in ("none", "na"):
        raise fail(f"source_type is {out['source_type']!r}, so source_text must be empty.")
    return out


def load_expert_key(path=None) -> pd.DataFrame:
    """Read and check the expert key; one row per sentence, sorted by article and offset.

    ``path`` defaults to ``data/annotations/expert_key.csv``. A missing or broken
    file raises :class:`medialit.DataFileError` naming the file and line.
    """
    path = Path(path) if path is not None else default_key_path()
    name = path.name
    if not path.is_file():
        raise DataFileError(
            f"{path} was not found. Restore data/annotations/expert_key.csv from the "
            "repository, or pass the path of your own key file."
        )
    rows = []
    seen: dict[tuple[str, int], int] = {}
    try:
        with path.open(encoding="utf-8-sig", newline="") as handle:
            reader = csv.DictReader(handle)
            header = reader.fieldnames or []
            if header != KEY_COLUMNS:
                missing = [c for c in KEY_COLUMNS if c not in header]
                extra = [c for c in header if c not in KEY_COLUMNS]
                detail = []
                if missing:
                    detail.append(f"missing {', '.join(missing)}")
                if extra:
                    detail.append(f"unexpected {', '.join(extra)}")
                if not detail:
                    detail.append("columns are in the wrong order")
                raise DataFileError(
                    f"{name}, line 1: the header must be {', '.join(KEY_COLUMNS)} "
                    f"({'; '.join(detail)})."
                )
            for row in reader:
                line = reader.line_num
                if None in row or any(v is None for v in row.values()):
                    raise DataFileError(
                        f"{name}, line {line}: expected {len(KEY_COLUMNS)} fields. "
                        "Check for a missing or extra comma, or an unclosed quote."
                    )
                checked = _check_row(row, name, line)
                ident = (checked["article_id"], checked["sentence_index"])
                if ident in seen:
                    raise DataFileError(
                        f"{name}, line {line}: article {ident[0]} sentence {ident[1]} is "
                        f"already labelled on line {seen[ident]}. Keep one row per sentence."
                    )
                seen[ident] = line
                rows.append(checked)
    except UnicodeDecodeError as exc:
        raise DataFileError(f"{name}: not valid UTF-8 (byte {exc.start}). Save it as UTF-8.") from None
    except csv.Error as exc:
        raise DataFileError(f"{name}, line {reader.line_num}: {exc}. Fix the quoting on that line.") from None
    if not rows:
        raise DataFileError(f"{name} has no rows. Restore it from the repository.")

    key = pd.DataFrame(rows, columns=KEY_COLUMNS)
    for column in _INT_COLUMNS:
        key[column] = key[column].astype("int64")
    for column in BOOLEAN_LABELS:
        key[column] = key[column].astype(bool)
    return key.sort_values(["article_id", "start"], kind="stable").reset_index(drop=True)


# --------------------------------------------------------------------------- predicting

def predict_corpus(corpus: pd.DataFrame | None = None) -> pd.DataFrame:
    """``label_sentences`` on every body of the corpus, with an ``article_id`` column."""
    try:
        from .labels import label_sentences
    except ImportError as exc:
        raise MedialitError(
            "The detectors (medialit.label_sentences) could not be imported "
            f"({exc}). Pass your own predictions with predicted=..., or install the "
            "complete package."
        ) from None
    if corpus is None:
        from .corpus import load_corpus

        corpus = load_corpus()
    parts = []
    for article_id, body in zip(corpus["article_id"], corpus["body"]):
        labelled = label_sentences(body).copy()
        labelled.insert(0, "article_id", article_id)
        parts.append(labelled)
    return pd.concat(parts, ignore_index=True)


def _as_key(key) -> pd.DataFrame:
    if key is None or isinstance(key, (str, Path)):
        return load_expert_key(key)
    if not isinstance(key, pd.DataFrame):
        raise MedialitError(
            f"key must be a DataFrame like load_expert_key() or a path, got {type(key).__name__}."
        )
    missing = [c for c in PREDICTED_COLUMNS if c not in key.columns]
    if missing:
        raise MedialitError(
            f"the key table lacks column(s) {', '.join(missing)}; build it with load_expert_key()."
        )
    return key


def _as_predicted(predicted, key: pd.DataFrame) -> pd.DataFrame:
    if predicted is None:
        predicted = predict_corpus()
    if not isinstance(predicted, pd.DataFrame):
        raise MedialitError(
            "predicted must be a DataFrame with columns "
            f"{', '.join(PREDICTED_COLUMNS)}, got {type(predicted).__name__}."
        )
    missing = [c for c in PREDICTED_COLUMNS if c not in predicted.columns]
    if missing:
        raise MedialitError(
            f"predicted lacks column(s) {', '.join(missing)}. Use label_sentences() output "
            "with an article_id column added (predict_corpus() does this)."
        )
    # Only articles present on both sides are scored, so a prediction for one
    # article is scored against that article's part of the key.
    return predicted[predicted["article_id"].isin(set(key["article_id"]))]


def _aligned(key, predicted) -> pd.DataFrame:
    """One row per sentence found in the key or the prediction (outer join on offsets).

    A sentence the detector did not return counts as "nothing found"; a sentence
    missing from the key counts as "nothing expected". Both only happen when the
    key and the sentence splitter disagree, which tests/test_expert_key.py reports.
    """
    key = _as_key(key)
    predicted = _as_predicted(predicted, key)
    if predicted.empty:
        raise MedialitError(
            "predicted has no sentence from the articles in the key "
            f"({', '.join(sorted(set(key['article_id'])))}). Check its article_id column."
        )
    key = key[key["article_id"].isin(set(predicted["article_id"]))]
    cols = PREDICTED_COLUMNS[3:]
    optional = ("sentence_index", "text", "hedge_cues", "source_text", "specific_text", "notes")
    left = key[["article_id", "start", "end", *cols, *[c for c in optional if c in key.columns]]].copy()
    right = predicted[["article_id", "start", "end", *cols]].copy()
    if "text" in predicted.columns:
        right["text_pred"] = predicted["text"]
    right["start"] = right["start"].astype("int64")
    right["end"] = right["end"].astype("int64")
    merged = left.merge(
        right, on=["article_id", "start", "end"], how="outer", suffixes=("_key", "_pred"), indicator=True
    )
    for label in BOOLEAN_LABELS:
        for side in ("_key", "_pred"):
            merged[label + side] = merged[label + side].astype("boolean").fillna(False).astype(bool)
    for side in ("_key", "_pred"):
        merged["source_type" + side] = merged["source_type" + side].fillna("")
    if "text" not in merged.columns:
        merged["text"] = pd.NA
    if "text_pred" in merged.columns:
        merged["text"] = merged["text"].fillna(merged["text_pred"])
    return merged.sort_values(["article_id", "start"], kind="stable").reset_index(drop=True)


def _label_columns(label: str) -> tuple[str, str | None]:
    if label in BOOLEAN_LABELS:
        return label, None
    if label.startswith("source_type=") and label.split("=", 1)[1] in SOURCE_TYPES:
        return "source_type", label.split("=", 1)[1]
    if label == "source_type":
        return "source_type", ""
    raise MedialitError(
        f"unknown label {label!r}. Use one of {', '.join(SCORE_LABELS)} (or 'source_type' "
        "for every sentence where the source type differs)."
    )


def _flags(merged: pd.DataFrame, column: str, value: str | None):
    if value is None:
        return merged[column + "_key"], merged[column + "_pred"]
    return merged[column + "_key"] == value, merged[column + "_pred"] == value


def _ratio(numerator: int, denominator: int) -> float:
    return round(numerator / denominator, 3) if denominator else float("nan")


# --------------------------------------------------------------------------- scoring

def score_against_key(key=None, predicted=None) -> pd.DataFrame:
    """Precision, recall and F1 of the detectors per label, sentence by sentence.

    ``key``: a DataFrame like :func:`load_expert_key` or a path (default: the
    project's key). ``predicted``: a DataFrame with ``article_id, start, end``
    and the label columns of ``label_sentences`` (default: the detectors run on
    ``load_corpus()``). Rows are matched on article_id + start/end; only the
    articles present in both tables are scored.

    One row per label in :data:`SCORE_LABELS`; ``source_type=vague`` scores
    "is this sentence's weakest source vague?" as a yes/no question. Precision
    (or recall) is NaN when the detector (or the key) flags no sentence at all.
    """
    merged = _aligned(key, predicted)
    rows = []
    for label in SCORE_LABELS:
        expected, found = _flags(merged, *_label_columns(label))
        tp = int((expected & found).sum())
        fp = int((~expected & found).sum())
        fn = int((expected & ~found).sum())
        precision = _ratio(tp, tp + fp)
        recall = _ratio(tp, tp + fn)
        f1 = _ratio(2 * tp, 2 * tp + fp + fn)
        rows.append([label, tp, fp, fn, precision, recall, f1, tp + fn])
    table = pd.DataFrame(rows, columns=SCORE_COLUMNS)
    for column in ("true_positives", "false_positives", "false_negatives", "support"):
        table[column] = table[column].astype("int64")
    return table


def disagreements(label: str, key=None, predicted=None) -> pd.DataFrame:
    """Sentences where the detector and the key disagree on ``label``.

    ``label`` is one of :data:`SCORE_LABELS`, or ``"source_type"`` for every
    sentence whose source type differs. Columns: ``article_id, sentence_index,
    start, end, text, expected, predicted, kind`` (``"false positive"``,
    ``"miss"`` or ``"different source type"``) and the key's ``hedge_cues,
    source_text, specific_text, notes`` so a reader can see why.
    """
    column, value = _label_columns(label)
    merged = _aligned(key, predicted)
    if value == "":
        expected = merged["source_type_key"]
        found = merged["source_type_pred"]
        differ = expected != found
        kind = pd.Series("different source type", index=merged.index)
    else:
        expected, found = _flags(merged, column, value)
        differ = expected != found
        kind = pd.Series("miss", index=merged.index).where(expected, "false positive")
        if value is not None:
            expected = merged["source_type_key"]
            found = merged["source_type_pred"]
    out = pd.DataFrame(
        {
            "article_id": merged["article_id"],
            "sentence_index": merged.get("sentence_index", pd.Series(pd.NA, index=merged.index)),
            "start": merged["start"],
            "end": merged["end"],
            "text": merged["text"],
            "expected": expected,
            "predicted": found,
            "kind": kind,
        }
    )
    for extra in ("hedge_cues", "source_text", "specific_text", "notes"):
        out[extra] = merged[extra].fillna("") if extra in merged.columns else ""
    out = out[differ].reset_index(drop=True)
    out["sentence_index"] = out["sentence_index"].astype("Int64")
    return out


# --------------------------------------------------------------------------- in plain words (for the lessons)

#: What each detector looks for, in words a student knows.
DETECTOR_NAMES = {
    "source_type": "who backs each sentence (named, anonymous, vague, no source, nothing to check)",
    "hedge": "hedge words (words that make a claim less certain)",
    "booster": "booster words (words that make a claim sound more certain)",
    "unsupported_specific": "exact details with no source a reader could check",
    "access_claim": "claims of secret or privileged access",
}
#: Columns of agreement_with_key().
AGREEMENT_COLUMNS = [
    "what the tool looks for",
    "sentences compared",
    "tool and key agree",
    "in plain words",
    "when the tool marks a sentence",
    "of the sentences the key marks",
]
_PLAIN_DENOMINATORS = (2, 3, 4, 5, 10)


def in_plain_words(part: int, whole: int, noun: str = "sentences") -> str:
    """``in_plain_words(103, 160)`` -> ``"about 2 sentences in 3"``: a share a student can picture.

    The share is rounded to the nearest fraction with 2, 3, 4, 5 or 10 below
    the line (the smaller one on a tie); "all", "none" and "about half" are
    used when they fit exactly.
    """
    if not isinstance(part, (int,)) or not isinstance(whole, (int,)) or whole <= 0 or not 0 <= part <= whole:
        raise MedialitError(
            f"in_plain_words() needs two whole numbers with 0 <= part <= whole and whole > 0, got {part!r} and {whole!r}."
        )
    if part == whole:
        return f"all {whole} {noun}"
    if part == 0:
        return f"none of the {whole} {noun}"
    share = part / whole
    best = min(
        ((round(share * d), d) for d in _PLAIN_DENOMINATORS),
        key=lambda nd: (abs(nd[0] / nd[1] - share), nd[1]),
    )
    top, bottom = best
    if top == 0:
        return f"fewer than 1 {noun[:-1] if noun.endswith('s') else noun} in 10"
    if top == bottom:
        return f"almost all {noun}"
    if top * 2 == bottom:
        return f"about half the {noun}"
    return f"about {top} {noun} in {bottom}"


def _count_phrase(part: int, whole: int) -> str:
    return f"{part} of {whole} ({in_plain_words(part, whole)})" if whole else "none to compare"


def agreement_with_key(key=None, predicted=None, article_id: str | None = None) -> pd.DataFrame:
    """How often each detector agrees with the expert key, in numbers and in plain words.

    One row per detector. ``tool and key agree`` counts the sentences where the
    tool gives the same answer as the key (for source types: the same type; for
    the yes/no labels: both mark it or both leave it). Because most sentences
    have no hedge, agreeing on "no hedge" is easy, so the last two columns say
    how good the tool's marks are: of the sentences it marks, how many the key
    marks too, and of the sentences the key marks, how many it finds.
    ``article_id`` limits the comparison to one article.
    """
    merged = _aligned(key, predicted)
    if article_id is not None:
        merged = merged[merged["article_id"] == str(article_id)]
        if merged.empty:
            raise MedialitError(f"article {article_id!r} is not in the expert key; use one of 000, 001, 002, 003, 004.")
    total = len(merged)
    same_type = int((merged["source_type_key"] == merged["source_type_pred"]).sum())
    rows = [[DETECTOR_NAMES["source_type"], total, same_type, in_plain_words(same_type, total), "", ""]]
    for label in BOOLEAN_LABELS:
        expected, found = merged[label + "_key"], merged[label + "_pred"]
        agree = int((expected == found).sum())
        both = int((expected & found).sum())
        rows.append([
            DETECTOR_NAMES[label], total, agree, in_plain_words(agree, total),
            "the key agrees for " + _count_phrase(both, int(found.sum())),
            "the tool finds " + _count_phrase(both, int(expected.sum())),
        ])
    table = pd.DataFrame(rows, columns=AGREEMENT_COLUMNS)
    table["sentences compared"] = table["sentences compared"].astype("int64")
    table["tool and key agree"] = table["tool and key agree"].astype("int64")
    return table


def cohen_kappa(first, second) -> float:
    """Cohen's kappa of two equally long label sequences: agreement beyond what chance gives.

    1 is perfect agreement, 0 is what two readers guessing with the same label shares would
    reach. When both readers give one and the same label to everything, kappa is 1.
    """
    first, second = [str(v) for v in first], [str(v) for v in second]
    if len(first) != len(second) or not first:
        raise MedialitError("cohen_kappa() needs two non-empty label lists of the same length.")
    n = len(first)
    observed = sum(a == b for a, b in zip(first, second)) / n
    labels = set(first) | set(second)
    expected = sum((first.count(c) / n) * (second.count(c) / n) for c in labels)
    return 1.0 if expected == 1 else (observed - expected) / (1 - expected)


def second_reader_path() -> Path:
    return data_dir() / "annotations" / "second_reader.csv"


def reader_agreement(reader=None, key=None) -> pd.DataFrame:
    """How far a second reader, labelling from the rule book alone, agrees with the key.

    ``reader``: a table with ``article_id, sentence_index`` and the five label columns (default:
    ``data/annotations/second_reader.csv``). One row per label: sentences compared, how many
    agree, the share, and Cohen's kappa.
    """
    key = _as_key(key)
    if reader is None or isinstance(reader, (str, Path)):
        path = Path(reader) if reader is not None else second_reader_path()
        try:
            reader = pd.read_csv(path, dtype=str, keep_default_na=False)
        except OSError as exc:
            raise DataFileError(f"{path} could not be read ({exc.strerror}).") from None
    needed = ["article_id", "sentence_index", "source_type", *BOOLEAN_LABELS]
    missing = [c for c in needed if c not in reader.columns]
    if missing:
        raise MedialitError(f"the second reader's table lacks column(s) {', '.join(missing)}.")
    left = reader[needed].astype(str).assign(sentence_index=lambda t: t["sentence_index"].astype(int))
    right = key[needed].astype(str).assign(sentence_index=lambda t: t["sentence_index"].astype(int))
    merged = left.merge(right, on=["article_id", "sentence_index"], suffixes=("_reader", "_key"))
    if len(merged) != len(left):
        raise MedialitError("some of the second reader's rows are not sentences of the key: check article_id "
                            "and sentence_index (0-based).")
    rows = []
    for label in ["source_type", *BOOLEAN_LABELS]:
        a, b = merged[label + "_reader"].str.strip(), merged[label + "_key"].str.strip()
        agree = int((a == b).sum())
        rows.append([label, len(merged), agree, round(agree / len(merged), 2), round(cohen_kappa(a, b), 2)])
    return pd.DataFrame(rows, columns=["label", "sentences", "agree", "share", "kappa"])


def source_agreement_by_article(key=None, predicted=None) -> pd.DataFrame:
    """Per article: on how many sentences the source-type detector gives the key's answer."""
    merged = _aligned(key, predicted)
    rows = []
    for aid, part in merged.groupby("article_id", sort=True):
        same = int((part["source_type_key"] == part["source_type_pred"]).sum())
        rows.append([aid, len(part), same, in_plain_words(same, len(part))])
    return pd.DataFrame(rows, columns=["article_id", "sentences", "same source type as the key", "in plain words"])


def key_profile(corpus: pd.DataFrame | None = None, key=None) -> pd.DataFrame:
    """The profile of each article according to the expert key (same columns as ``medialit.profile``).

    ``hedges``/``boosters`` count the cue words the key lists (``hedge_cues``),
    ``n_<type>``/``share_<type>`` count sentences by the key's source type,
    ``unsupported_specifics`` counts the details the key lists in
    ``specific_text`` and ``access_claims`` the sentences it marks. ``words``
    comes from the corpus, so the rates per 100 words match the detector's profile.
    """
    from .compare import PROFILE_COLUMNS, SOURCE_TYPES as TYPES

    key = _as_key(key)
    if corpus is None:
        from .corpus import load_corpus

        corpus = load_corpus()
    words = {str(a): int(w) for a, w in zip(corpus["article_id"], corpus["words"])}
    rows = []
    for aid in sorted(set(key["article_id"]) & set(words)):
        part = key[key["article_id"] == aid]
        cues = [c for value in part["hedge_cues"] for c in split_items(value)]
        n_hedges = sum(1 for c in cues if not c.startswith("+"))
        n_boosters = len(cues) - n_hedges
        n = len(part)
        w = words[aid]
        row = {
            "article_id": aid, "words": w, "sentences": n, "hedges": n_hedges, "boosters": n_boosters,
            "hedges_per_100_words": round(100 * n_hedges / w, 2) if w else 0.0,
            "boosters_per_100_words": round(100 * n_boosters / w, 2) if w else 0.0,
        }
        counts = part["source_type"].value_counts()
        for kind in TYPES:
            row[f"n_{kind}"] = int(counts.get(kind, 0))
        for kind in TYPES:
            row[f"share_{kind}"] = row[f"n_{kind}"] / n if n else 0.0
        row["unsupported_specifics"] = sum(len(split_items(v)) for v in part["specific_text"])
        row["access_claims"] = int(part["access_claim"].sum())
        rows.append(row)
    return pd.DataFrame(rows, columns=PROFILE_COLUMNS)


#: Plain names of the profile columns shown side by side in the lessons.
PLAIN_MEASURES = {
    "hedges_per_100_words": "hedge words per 100 words",
    "boosters_per_100_words": "booster words per 100 words",
    "n_named": "sentences backed by a named source",
    "n_anonymous": "sentences backed by an anonymous source",
    "n_vague": "sentences backed by a vague source",
    "n_none": "sentences with a claim and no source",
    "n_na": "sentences with nothing to check",
    "unsupported_specifics": "exact details with no checkable source",
    "access_claims": "claims of secret access",
}


def profile_tool_and_key(corpus: pd.DataFrame | None = None, key=None, predicted_profile=None,
                         measures=None) -> pd.DataFrame:
    """The detector's profile next to the key's, one row per article and measure, differences marked.

    Columns: ``article_id, measure`` (in plain words), ``tool``, ``key`` and
    ``tool differs`` ("DIFFERENT" or empty), so a lesson never shows the
    detector's count without the key's beside it.
    """
    from .compare import profile

    if corpus is None:
        from .corpus import load_corpus

        corpus = load_corpus()
    tool = profile(corpus) if predicted_profile is None else predicted_profile
    truth = key_profile(corpus, key)
    measures = list(PLAIN_MEASURES) if measures is None else list(measures)
    unknown = [m for m in measures if m not in PLAIN_MEASURES]
    if unknown:
        raise MedialitError(f"unknown measure(s) {', '.join(unknown)}; use some of {', '.join(PLAIN_MEASURES)}.")
    rows = []
    for aid in truth["article_id"]:
        t = tool[tool["article_id"] == aid].iloc[0]
        k = truth[truth["article_id"] == aid].iloc[0]
        for m in measures:
            tv, kv = t[m], k[m]
            tv, kv = (v.item() if hasattr(v, "item") else v for v in (tv, kv))
            rows.append([aid, PLAIN_MEASURES[m], tv, kv, "" if tv == kv else "DIFFERENT"])
    # object columns keep counts as whole numbers next to rates such as 1.97
    return pd.DataFrame(rows, columns=["article_id", "measure", "tool", "key", "tool differs"], dtype=object)


def tool_and_key_grid(both: pd.DataFrame) -> pd.DataFrame:
    """A ``profile_tool_and_key()`` table folded into one row per measure and one column per article.

    A cell reads ``"tool 4 · key 2"`` where the two differ and ``"both 3"`` where they agree, so a
    screen shows every measure of every article at once and the disagreements stand out.
    """
    needed = ["article_id", "measure", "tool", "key", "tool differs"]
    missing = [c for c in needed if c not in getattr(both, "columns", [])]
    if missing:
        raise MedialitError("tool_and_key_grid() needs a table made by profile_tool_and_key(corpus); "
                            f"this one has no {', '.join(missing)} column.")

    def cell(row) -> str:
        return f"tool {row['tool']} · key {row['key']}" if row["tool differs"] else f"both {row['key']}"

    measures = list(dict.fromkeys(both["measure"]))
    articles = list(dict.fromkeys(both["article_id"]))
    grid = pd.DataFrame("", index=measures, columns=articles, dtype=object)
    for _, row in both.iterrows():
        grid.loc[row["measure"], row["article_id"]] = cell(row)
    grid.index.name = "measure"
    grid.columns.name = "article"
    return grid


def source_counts_tool_and_key(corpus: pd.DataFrame | None = None, key=None) -> pd.DataFrame:
    """Per article, sentences by source type as the detector counts them and as the key does, side by side.

    Columns ``article_id`` then, for each type, ``<type>: tool`` and ``<type>: key``.
    """
    from .compare import SOURCE_TYPES as TYPES, profile

    if corpus is None:
        from .corpus import load_corpus

        corpus = load_corpus()
    tool = profile(corpus).set_index("article_id")
    truth = key_profile(corpus, key).set_index("article_id")
    out = pd.DataFrame({"article_id": truth.index})
    for kind in TYPES:
        out[f"{kind}: tool"] = [int(tool.loc[a, f"n_{kind}"]) for a in truth.index]
        out[f"{kind}: key"] = [int(truth.loc[a, f"n_{kind}"]) for a in truth.index]
    return out


def beside_key(table: pd.DataFrame, key=None, tool_column: str = "source_type") -> pd.DataFrame:
    """``table`` with the key's source type for each row's sentence and a "tool vs key" mark.

    ``table`` needs ``article_id`` and either ``start`` (the sentence's offset
    in the body, as in ``same_claim_across``) or ``sentence`` (its text, as in
    ``record.claim_sources``). Rows whose sentence is not in the key get an
    empty "key says".
    """
    truth = _as_key(key)
    if "article_id" not in table.columns or not ({"start", "sentence"} & set(table.columns)):
        raise MedialitError("beside_key() needs a table with article_id and start (or sentence) columns.")
    by_start = {(a, int(s)): t for a, s, t in zip(truth["article_id"], truth["start"], truth["source_type"])}
    by_text = {(a, " ".join(x.split())): t for a, x, t in zip(truth["article_id"], truth["text"], truth["source_type"])}
    said = []
    for _, row in table.iterrows():
        if "start" in table.columns and pd.notna(row["start"]):
            said.append(by_start.get((str(row["article_id"]), int(row["start"])), ""))
        elif "sentence" in table.columns and isinstance(row["sentence"], str) and row["sentence"]:
            said.append(by_text.get((str(row["article_id"]), " ".join(row["sentence"].split())), ""))
        else:
            said.append("")
    out = table.copy()
    out.insert(list(out.columns).index(tool_column) + 1 if tool_column in out.columns else len(out.columns), "key says", said)
    if tool_column in out.columns:
        mark = [
            "DIFFERENT" if k and t != k else "" for t, k in zip(out[tool_column], out["key says"])
        ]
        out.insert(list(out.columns).index("key says") + 1, "tool vs key", mark)
    return out


def main() -> None:  # pragma: no cover - a convenience for `python -m medialit.evaluate`
    with pd.option_context("display.width", 120):
        print(score_against_key().to_string(index=False))


if __name__ == "__main__":  # pragma: no cover
    main()
