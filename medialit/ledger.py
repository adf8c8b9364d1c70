"""Sourcing ledgers: every claim in an article and who (if anyone) backs it.

A ledger (a list kept to balance accounts) is the table a careful reader keeps
in their head: one row per sentence that makes a checkable claim, with the
weakest source the detector finds in it
(``named`` > ``anonymous`` > ``vague``, or ``none``) and the words that
name that source. :func:`same_claim_across` lines up how several articles
back one and the same claim, which is often the quickest way to see that
"a source" in one text is "nobody" in another.

Both functions build on :func:`medialit.label_sentences` and
:func:`medialit.find_attributions`, so a fix to a detector shows up here.
"""
from __future__ import annotations

import pandas as pd
from rapidfuzz import fuzz

from .compare import corpus_articles
from .errors import ArticleInputError
from .text import normalize
from .vocabulary import CLAIM_SOURCE_TYPES

LEDGER_COLUMNS = ["sentence_index", "start", "end", "claim", "source_type", "backed_by"]
SAME_CLAIM_COLUMNS = ["article_id", "sentence_index", "start", "end", "sentence", "source_type", "backed_by", "match"]

#: Sentences labelled ``na`` make no checkable claim (headings, questions, framing).
NOT_A_CLAIM = "na"
#: source_type given to an article that does not state the claim at all.
NOT_STATED = "not stated"


def _check_text(text, func: str) -> str:
    if not isinstance(text, str):
        raise ArticleInputError(
            f"{func}() needs the article text as a str, not {type(text).__name__}. "
            "For an article of the corpus pass its body, e.g. load_corpus().body[0]."
        )
    return text


def sourcing_ledger(text: str) -> pd.DataFrame:
    """One row per claim sentence of ``text`` with who backs it.

    Columns ``sentence_index`` (position in :func:`medialit.sentences`),
    ``start``, ``end`` (offsets into ``text``), ``claim`` (the sentence),
    ``source_type`` (``named``/``anonymous``/``vague``/``none``, as in
    :func:`medialit.label_sentences`) and ``backed_by`` (the source phrases
    the attribution detector found in that sentence, or the marker itself,
    such as "reportedly", when it names nobody; joined with " | " and empty
    when nobody is named, hinted at or even waved at; a sentence that carries on the source of
    the sentence before, such as a continued quotation, shows that source with "(carried over)").
    Sentences with no checkable claim (``na``) are left out. Sorted by ``start``.
    """
    from .labels import label_sentences
    from .sources import find_attributions

    _check_text(text, "sourcing_ledger")
    labelled = label_sentences(text).reset_index(drop=True)
    attributions = find_attributions(text)
    rows = []
    previous: list[str] = []
    for index, row in labelled.iterrows():
        if row["source_type"] == NOT_A_CLAIM:
            previous = []
            continue
        inside = attributions[(attributions["start"] >= row["start"]) & (attributions["end"] <= row["end"])]
        inside = inside.sort_values("start")
        # A marker such as "reportedly" names nobody: show the marker itself.
        sources = [str(src).strip() or str(cue).strip() for src, cue in zip(inside["source"], inside["cue"])]
        sources = [s for s in sources if s]
        if not sources and row["source_type"] != "none" and "carried over" in str(row.get("reasons", "")):
            # a continued quotation or "It also said": backed by the source of the sentence before
            sources = [f"{before} (carried over)" for before in previous] if previous else ["(carried over)"]
        previous = [s.removesuffix(" (carried over)") for s in sources]
        rows.append(
            {
                "sentence_index": int(index),
                "start": int(row["start"]),
                "end": int(row["end"]),
                "claim": row["text"],
                "source_type": row["source_type"],
                "backed_by": " | ".join(dict.fromkeys(sources)),
            }
        )
    out = pd.DataFrame(rows, columns=LEDGER_COLUMNS)
    for column in ("sentence_index", "start", "end"):
        out[column] = out[column].astype("int64")
    return out.sort_values("start").reset_index(drop=True)


def corpus_ledger(corpus: pd.DataFrame) -> pd.DataFrame:
    """The ledgers of every article in ``corpus`` in one table, with an ``article_id`` column first.

    Offsets refer to each article's ``body``. Sorted by article, then ``start``.
    """
    pairs = corpus_articles(corpus, "corpus_ledger")
    frames = [sourcing_ledger(body).assign(article_id=aid) for aid, body in pairs]
    out = pd.concat(frames, ignore_index=True) if frames else pd.DataFrame(columns=LEDGER_COLUMNS + ["article_id"])
    return out[["article_id"] + LEDGER_COLUMNS].reset_index(drop=True)


def ledger_counts(corpus: pd.DataFrame) -> pd.DataFrame:
    """Claims per article by who backs them: columns ``article_id, named, anonymous, vague, none, claims``."""
    ledger = corpus_ledger(corpus)
    order = list(CLAIM_SOURCE_TYPES)
    ids = sorted({aid for aid, _ in corpus_articles(corpus, "ledger_counts")})
    rows = []
    for aid in ids:
        counts = ledger.loc[ledger["article_id"] == aid, "source_type"].value_counts()
        row = {"article_id": aid, **{k: int(counts.get(k, 0)) for k in order}}
        row["claims"] = sum(row[k] for k in order)
        rows.append(row)
    return pd.DataFrame(rows, columns=["article_id", *order, "claims"])


def _squash(text: str) -> str:
    """Lower-case, straight quotes, single spaces: the form phrases are compared in."""
    return " ".join(normalize(text).lower().split())


def same_claim_across(corpus: pd.DataFrame, phrase: str, min_match: int = 90) -> pd.DataFrame:
    """How each article sources the claim that contains ``phrase``.

    A sentence matches when it contains ``phrase`` (ignoring case, curly
    quotes and extra spaces; ``match`` = 100) or, for near-copies, when
    RapidFuzz's ``partial_ratio`` of phrase and sentence is at least
    ``min_match`` (0-100). One row per matching claim sentence with its
    ``source_type`` and ``backed_by`` from :func:`sourcing_ledger`; an article
    that never states the claim gets one row with ``source_type`` "not stated"
    and empty offsets, so the table always shows every article.
    Offsets refer to that article's ``body``.
    """
    pairs = corpus_articles(corpus, "same_claim_across")
    if not isinstance(phrase, str) or not phrase.strip():
        raise ArticleInputError(
            "same_claim_across() needs a phrase to look for, such as \"turning point\"; "
            f"got {phrase!r}. Pass a few words from the claim."
        )
    if not isinstance(min_match, (int, float)) or not 0 <= min_match <= 100:
        raise ArticleInputError(
            f"same_claim_across(): min_match must be a number from 0 to 100, not {min_match!r}. "
            "Use 100 for exact matches only, or about 90 to allow small differences."
        )
    wanted = _squash(phrase)
    rows = []
    for aid, body in pairs:
        ledger = sourcing_ledger(body)
        found = False
        for row in ledger.itertuples(index=False):
            sentence = _squash(row.claim)
            score = 100.0 if wanted in sentence else fuzz.partial_ratio(wanted, sentence)
            if score >= min_match:
                found = True
                rows.append(
                    {
                        "article_id": aid,
                        "sentence_index": row.sentence_index,
                        "start": row.start,
                        "end": row.end,
                        "sentence": row.claim,
                        "source_type": row.source_type,
                        "backed_by": row.backed_by,
                        "match": int(round(score)),
                    }
                )
        if not found:
            rows.append(
                {
                    "article_id": aid,
                    "sentence_index": None,
                    "start": None,
                    "end": None,
                    "sentence": "",
                    "source_type": NOT_STATED,
                    "backed_by": "",
                    "match": 0,
                }
            )
    out = pd.DataFrame(rows, columns=SAME_CLAIM_COLUMNS)
    for column in ("sentence_index", "start", "end"):
        out[column] = out[column].astype("Int64")
    out["match"] = out["match"].astype("int64")
    return out.sort_values(["article_id", "start"], na_position="last").reset_index(drop=True)


#: Columns of ledger_with_key().
LEDGER_KEY_COLUMNS = ["sentence", "tool says", "key says", "tool vs key", "tool's source words", "key's source words", "claim"]
#: Marker in the "tool vs key" column where the two disagree.
DIFFERENT = "DIFFERENT"


def ledger_with_key(corpus: pd.DataFrame, article_id: str, key=None) -> pd.DataFrame:
    """One article's ledger with the expert key's label beside the detector's, disagreements marked.

    One row per sentence that the detector or the key treats as a claim (not
    ``na`` on both sides). ``sentence`` counts from 1, as the quizzes do.
    ``tool vs key`` is "DIFFERENT" where the two source types differ, so a
    student never reads the detector's label as the answer.
    """
    from .evaluate import _as_key
    from .labels import label_sentences
    from .sources import find_attributions

    pairs = dict(corpus_articles(corpus, "ledger_with_key"))
    article_id = str(article_id)
    if article_id not in pairs:
        raise ArticleInputError(
            f"ledger_with_key(): article {article_id!r} is not in the corpus; use one of {', '.join(sorted(pairs))}."
        )
    body = pairs[article_id]
    truth = _as_key(key)
    truth = truth[truth["article_id"] == article_id].set_index("start")
    if truth.empty:
        raise ArticleInputError(f"ledger_with_key(): the expert key has no rows for article {article_id}.")
    labelled = label_sentences(body).reset_index(drop=True)
    attributions = find_attributions(body)
    rows = []
    for index, row in labelled.iterrows():
        k = truth.loc[row["start"]] if row["start"] in truth.index else None
        key_type = k["source_type"] if k is not None else "(not in key)"
        if row["source_type"] == NOT_A_CLAIM and key_type == NOT_A_CLAIM:
            continue
        inside = attributions[(attributions["start"] >= row["start"]) & (attributions["end"] <= row["end"])]
        words = [str(src).strip() or str(cue).strip() for src, cue in zip(inside["source"], inside["cue"])]
        rows.append([
            int(index) + 1, row["source_type"], key_type,
            DIFFERENT if row["source_type"] != key_type else "",
            " | ".join(dict.fromkeys(w for w in words if w)),
            k["source_text"] if k is not None else "",
            row["text"],
        ])
    out = pd.DataFrame(rows, columns=LEDGER_KEY_COLUMNS)
    out["sentence"] = out["sentence"].astype("int64")
    return out


def ledger_summary(table: pd.DataFrame) -> str:
    """One sentence for a ledger_with_key() table: how often tool and key differ, counted, never typed."""
    missing = [c for c in ("sentence", "tool vs key") if c not in table.columns]
    if missing:
        raise ArticleInputError("ledger_summary() needs a table made by ledger_with_key(corpus, article_id).")
    differ = table.loc[table["tool vs key"] == DIFFERENT, "sentence"].tolist()
    total = len(table)
    if not differ:
        return f"The tool and the key give the same source type for all {total} sentences."
    listed = ", ".join(str(n) for n in differ[:10]) + (", ..." if len(differ) > 10 else "")
    return (
        f"The tool and the key disagree on {len(differ)} of these {total} sentences "
        f"(sentence{'s' if len(differ) > 1 else ''} {listed}, marked {DIFFERENT}). Read those sentences yourself: the key is a careful human reading, the tool a word list."
    )


__all__ = ["ledger_with_key", "ledger_summary", "LEDGER_KEY_COLUMNS", "sourcing_ledger", "corpus_ledger", "ledger_counts", "same_claim_across", "LEDGER_COLUMNS", "SAME_CLAIM_COLUMNS"]
