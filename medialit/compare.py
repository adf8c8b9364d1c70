"""Compare articles side by side: profiles, shared phrases, claims only one makes.

Three questions a student asks when five articles tell "the same" story:

* How does each article lean? :func:`profile` counts hedges, boosters, the
  kind of source behind each sentence and the unsupported specifics, per
  article, as plain numbers a student can check by hand. It is deliberately
  a table of several columns, never one "credibility score".
* Did the articles copy from each other (or from one wire item)?
  :func:`shared_phrases` lists the long phrases that appear, word for word or
  nearly, in two or more articles.
* Which details does only one article give? :func:`unique_specifics` lists
  the dates, numbers, quotes and superlatives no other article states: the
  details a reader should look hardest for a source for.

All three take a corpus DataFrame like :func:`medialit.load_corpus` (they use
the ``article_id`` and ``body`` columns) and return sorted, deterministic tables.
"""
from __future__ import annotations

import itertools
import re
from dataclasses import dataclass, field

import pandas as pd

from . import vocabulary as _vocabulary
from .errors import ArticleInputError
from .text import normalize, word_count

PROFILE_COLUMNS = [
    "article_id",
    "words",
    "sentences",
    "hedges",
    "boosters",
    "hedges_per_100_words",
    "boosters_per_100_words",
    "n_named",
    "n_anonymous",
    "n_vague",
    "n_none",
    "n_na",
    "share_named",
    "share_anonymous",
    "share_vague",
    "share_none",
    "share_na",
    "unsupported_specifics",
    "access_claims",
]
SOURCE_TYPES = list(_vocabulary.SOURCE_TYPES)
SHARED_COLUMNS = ["phrase", "articles", "n_articles", "words"]
SHARED_SPAN_COLUMNS = ["phrase_id", "phrase", "article_id", "start", "end", "text", "words"]
UNIQUE_COLUMNS = ["article_id", "text", "kind", "supported"]

_INT_COLUMNS = [
    "words", "sentences", "hedges", "boosters",
    "n_named", "n_anonymous", "n_vague", "n_none", "n_na",
    "unsupported_specifics", "access_claims",
]


# --------------------------------------------------------------------------- input checks

def _check_corpus(corpus, func: str) -> pd.DataFrame:
    """Raise a clear ArticleInputError unless ``corpus`` has article_id and body."""
    if not isinstance(corpus, pd.DataFrame):
        raise ArticleInputError(
            f"{func}() needs a corpus table (a pandas DataFrame) such as medialit.load_corpus(), "
            f"not {type(corpus).__name__}. For one text, use medialit.load_article(text) first."
        )
    missing = [c for c in ("article_id", "body") if c not in corpus.columns]
    if missing:
        raise ArticleInputError(
            f"{func}() needs the columns article_id and body; this table has no "
            f"{' or '.join(missing)}. Pass medialit.load_corpus() or medialit.load_article(...)."
        )
    ids = corpus["article_id"].astype(str)
    if ids.duplicated().any():
        dup = sorted(set(ids[ids.duplicated()]))
        raise ArticleInputError(
            f"{func}(): article_id {', '.join(dup)} appears more than once. "
            "Give each article its own id (load_article(text, article_id='mine'))."
        )
    for aid, body in zip(ids, corpus["body"]):
        if not isinstance(body, str):
            raise ArticleInputError(
                f"{func}(): the body of article {aid} is not text (it is {type(body).__name__}). "
                "Fill it with the article text (an empty article is \"\")."
            )
    return corpus


def corpus_articles(corpus, func: str) -> list[tuple[str, str]]:
    """Check ``corpus`` (clear errors naming ``func``) and return its (article_id, body) pairs."""
    return _articles(_check_corpus(corpus, func))


def _articles(corpus: pd.DataFrame) -> list[tuple[str, str]]:
    """(article_id, body) pairs sorted by article_id."""
    pairs = [(str(a), b) for a, b in zip(corpus["article_id"], corpus["body"])]
    return sorted(pairs, key=lambda p: p[0])


# --------------------------------------------------------------------------- profile

def _profile_row(article_id: str, body: str, found=None) -> dict:
    from .labels import analyse  # loaded on first use: keeps import medialit cheap

    words = word_count(body)
    found = found or analyse(body)  # every detector runs once; counts come from its plain records
    n_hedges = sum(1 for h in found.hedge_records if h["kind"] == "hedge")
    n_boosters = sum(1 for h in found.hedge_records if h["kind"] == "booster")
    n_sentences = len(found.labels)
    counts = found.labels["source_type"].value_counts()
    unsupported = sum(1 for s in found.specific_records if not s["supported"])
    access = int(found.labels["access_claim"].sum()) if n_sentences else 0  # sentences, as the key counts

    row = {
        "article_id": article_id,
        "words": words,
        "sentences": n_sentences,
        "hedges": n_hedges,
        "boosters": n_boosters,
        "hedges_per_100_words": round(100 * n_hedges / words, 2) if words else 0.0,
        "boosters_per_100_words": round(100 * n_boosters / words, 2) if words else 0.0,
    }
    for kind in SOURCE_TYPES:
        row[f"n_{kind}"] = int(counts.get(kind, 0))
    for kind in SOURCE_TYPES:
        # Not rounded, so the five shares of an article add up to exactly 1
        # (up to float error); round them when you display them.
        row[f"share_{kind}"] = row[f"n_{kind}"] / n_sentences if n_sentences else 0.0
    row["unsupported_specifics"] = unsupported
    row["access_claims"] = access
    return row


def profile(corpus: pd.DataFrame, analyses: dict | None = None) -> pd.DataFrame:
    """One row of counts per article, sorted by ``article_id``.

    ``hedges``/``boosters`` count cue words (from :func:`medialit.find_hedges`),
    with rates per 100 words of the body rounded to 2 decimals.
    ``n_<type>`` counts sentences of :func:`medialit.label_sentences` by the
    weakest source behind them (named, anonymous, vague, none, na) and
    ``share_<type>`` is that count divided by the article's sentences (the
    shares of an article sum to 1; an article with no sentences has all 0).
    ``unsupported_specifics`` counts the specifics
    (:func:`medialit.find_specifics`) with ``supported`` False, and
    ``access_claims`` the sentences that hold a claim of privileged access
    (:func:`medialit.find_access_claims`), as the expert key counts them.

    The columns are meant to be read together. No column, and no sum of them,
    is a verdict on whether an article is true.

    ``analyses`` may map an article id to ``medialit.analyse(body)`` already computed for
    it (the bring-your-own report does), so its detectors are not run again.
    """
    _check_corpus(corpus, "profile")
    analyses = analyses or {}
    rows = [_profile_row(aid, body, analyses.get(aid)) for aid, body in _articles(corpus)]
    out = pd.DataFrame(rows, columns=PROFILE_COLUMNS)
    out["article_id"] = out["article_id"].astype(object)
    for col in _INT_COLUMNS:
        out[col] = out[col].astype("int64")
    for col in PROFILE_COLUMNS:
        if col.startswith(("share_", "hedges_per", "boosters_per")):
            out[col] = out[col].astype("float64")
    return out.reset_index(drop=True)


# --------------------------------------------------------------------------- tokens

# A word for matching shared phrases: letters and digits joined by apostrophes or hyphens. Unlike
# medialit.word_count, which keeps "42,400" and "1.5" whole, this splits them at "," and "."
# (normalize() has already made curly apostrophes straight, so "Russia’s" stays one word).
_WORD = re.compile(r"[^\W_]+(?:['\-][^\W_]+)*")


@dataclass
class _Tokens:
    """Lower-cased word tokens of one text, with their character offsets."""

    words: list[str]
    starts: list[int]
    ends: list[int]


def _tokens(text: str) -> _Tokens:
    norm = normalize(text).lower()
    words, starts, ends = [], [], []
    for m in _WORD.finditer(norm):
        words.append(m.group())
        starts.append(m.start())
        ends.append(m.end())
    return _Tokens(words, starts, ends)


def _key(text: str) -> str:
    """A comparison key: normalized, lower-cased words joined by single spaces."""
    return " ".join(_tokens(text).words)


# --------------------------------------------------------------------------- shared phrases

#: Length of the exact word runs ("seeds") that near-verbatim matches are built from.
SEED_WORDS = 3
#: Most words skipped on either side between two seeds of one match: 1 allows one
#: changed word, one dropped word (e.g. an article "the") or one added word.
MAX_GAP = 1


@dataclass
class _Run:
    """An exact run of equal words: a[a0:a1] == b[b0:b1]."""

    a0: int
    a1: int
    b0: int
    b1: int


@dataclass
class _Match:
    """A near-verbatim match between articles a and b, as aligned word pairs."""

    a0: int
    a1: int
    pairs: list[tuple[int, int]] = field(default_factory=list)  # (index in a, index in b)


def _exact_runs(a: list[str], b: list[str]) -> list[_Run]:
    """Maximal exact runs of at least SEED_WORDS equal words, found through shingles."""
    k = SEED_WORDS
    if len(a) < k or len(b) < k:
        return []
    index: dict[tuple[str, ...], list[int]] = {}
    for j in range(len(b) - k + 1):
        index.setdefault(tuple(b[j:j + k]), []).append(j)
    runs: list[_Run] = []
    done: set[tuple[int, int]] = set()  # (i, j) seeds already inside a run
    for i in range(len(a) - k + 1):
        for j in index.get(tuple(a[i:i + k]), ()):
            if (i, j) in done:
                continue
            # extend along the diagonal while the words stay equal
            e = 0
            while i + e < len(a) and j + e < len(b) and a[i + e] == b[j + e]:
                if i + e + k <= len(a) and j + e + k <= len(b):
                    done.add((i + e, j + e))
                e += 1
            runs.append(_Run(i, i + e, j, j + e))
    return runs


def _chain_runs(runs: list[_Run]) -> list[_Match]:
    """Join exact runs separated by at most MAX_GAP words on each side.

    Dynamic programming over runs in order: each run may follow the earlier
    run that gives the longest chain (counted in matched words), so a phrase
    with one changed or dropped word becomes one match. Every run ends up in
    exactly one chain; chains are returned longest first.
    """
    runs = sorted(runs, key=lambda r: (r.a0, r.b0))
    n = len(runs)
    best = [r.a1 - r.a0 for r in runs]
    prev = [-1] * n
    for t, r in enumerate(runs):
        for s in range(t):
            q = runs[s]
            gap_a, gap_b = r.a0 - q.a1, r.b0 - q.b1
            if 0 <= gap_a <= MAX_GAP and 0 <= gap_b <= MAX_GAP:
                score = best[s] + (r.a1 - r.a0)
                if score > best[t]:
                    best[t], prev[t] = score, s
    used = [False] * n
    matches: list[_Match] = []
    for t in sorted(range(n), key=lambda t: (-best[t], runs[t].a0)):
        chain, u = [], t
        while u != -1 and not used[u]:
            chain.append(u)
            used[u] = True
            u = prev[u]
        if not chain:
            continue
        chain.reverse()
        pairs = [(runs[c].a0 + d, runs[c].b0 + d) for c in chain for d in range(runs[c].a1 - runs[c].a0)]
        matches.append(_Match(pairs[0][0], pairs[-1][0] + 1, pairs))
    return matches


def _pair_matches(a: list[str], b: list[str], min_words: int) -> list[_Match]:
    """Near-verbatim matches of at least ``min_words`` words (counted in a and in b)."""
    out = []
    for m in _chain_runs(_exact_runs(a, b)):
        len_b = m.pairs[-1][1] - m.pairs[0][1] + 1
        if m.a1 - m.a0 >= min_words and len_b >= min_words:
            out.append(m)
    return out


_PAIRS = {"(": ")", "[": "]", "\u2018": "\u2019", "\u201c": "\u201d"}


def _balance(body: str, start: int, end: int) -> tuple[int, int]:
    """Widen [start, end) by one character on a side where a bracket or quote is left open.

    Word tokens stop before punctuation, so "(CTAK" or "brotherhood'" would
    otherwise show half a pair. A right single quote between two letters is
    an apostrophe ("Russia's"), not a closing quote.
    """
    piece = body[start:end]
    for opener, closer in _PAIRS.items():
        n_open = piece.count(opener)
        n_close = sum(
            1 for k, ch in enumerate(piece)
            if ch == closer and not (closer == "\u2019" and 0 < k < len(piece) - 1
                                     and piece[k - 1].isalnum() and piece[k + 1].isalnum())
        )
        if n_open > n_close:
            # the closer may follow a comma or full stop: "invaders,'"
            skip = 1 if body[end:end + 1] in (",", ".", ";", ":", "!", "?") else 0
            if body[end + skip:end + skip + 1] == closer:
                end += skip + 1
        elif n_close > n_open and start > 0 and body[start - 1] == opener:
            start -= 1
    for quote in ('"', "'"):
        if body[start:end].count(quote) % 2:
            if end < len(body) and body[end] == quote:
                end += 1
            elif start > 0 and body[start - 1] == quote:
                start -= 1
    return start, end


def _phrase_text(body: str, toks: _Tokens, s: int, e: int) -> tuple[int, int, str]:
    """Character span and tidy text (one line, single spaces) of words [s, e)."""
    start, end = _balance(body, toks.starts[s], toks.ends[e - 1])
    return start, end, " ".join(body[start:end].split())


def _shared(corpus: pd.DataFrame, min_words: int) -> list[dict]:
    """Every maximal shared phrase, with the span it covers in each article."""
    articles = _articles(corpus)
    toks = {aid: _tokens(body) for aid, body in articles}
    bodies = dict(articles)
    ids = [aid for aid, _ in articles]
    # matches[(a, b)] for a < b, and the same matches seen from b
    cover: dict[str, list[tuple[str, _Match, bool]]] = {aid: [] for aid in ids}
    for a, b in itertools.combinations(ids, 2):
        for m in _pair_matches(toks[a].words, toks[b].words, min_words):
            cover[a].append((b, m, False))
            flipped = _Match(
                min(bj for _, bj in m.pairs),
                max(bj for _, bj in m.pairs) + 1,
                sorted((bj, ai) for ai, bj in m.pairs),
            )
            cover[b].append((a, flipped, True))

    found: list[dict] = []
    for a in ids:
        n_words = len(toks[a].words)
        # covering[i]: the partner articles whose matches cover word i of a
        covering: list[dict[str, _Match]] = [dict() for _ in range(n_words)]
        # longest matches first, so a word covered twice by one partner keeps the longer match
        for partner, m, _ in sorted(cover[a], key=lambda t: (-(t[1].a1 - t[1].a0), t[1].a0, t[0])):
            for i in range(m.a0, m.a1):
                covering[i].setdefault(partner, m)
        candidates: set[frozenset[str]] = set()
        for c in {frozenset(c) for c in covering if c}:
            members = sorted(c)
            for r in range(1, min(len(members), 6) + 1):
                candidates.update(frozenset(x) for x in itertools.combinations(members, r))
            candidates.add(c)
        for group in sorted(candidates, key=sorted):
            if min(group) < a:
                continue  # reported from the lowest article id that carries it
            i = 0
            while i < n_words:
                if not group <= covering[i].keys():
                    i += 1
                    continue
                # Extend while every partner keeps covering with the *same* match:
                # two matches that touch in article a may lie far apart in the partner.
                first = covering[i]
                j = i + 1
                while j < n_words and all(covering[j].get(p) is first[p] for p in group):
                    j += 1
                # [i, j) is a maximal run shared with every partner in group. Keep it
                # only when no other article covers all of it too (then the run is
                # reported with that larger group instead).
                common = {p for p, m in first.items() if all(covering[x].get(p) is m for x in range(i, j))}
                if j - i >= min_words and common == set(group):
                    start, end, text = _phrase_text(bodies[a], toks[a], i, j)
                    spans = [(a, start, end, text, j - i)]
                    for partner in sorted(group):
                        ps, pe = _spans_in_partner(covering, partner, i, j)
                        s2, e2, t2 = _phrase_text(bodies[partner], toks[partner], ps, pe)
                        spans.append((partner, s2, e2, t2, pe - ps))
                    found.append({"phrase": text, "articles": sorted(group | {a}), "words": j - i, "spans": spans})
                i = j
    return found


def _spans_in_partner(covering: list[dict[str, _Match]], partner: str, i: int, j: int) -> tuple[int, int]:
    """The word span in ``partner`` aligned with words [i, j) of the current article."""
    lo, hi = None, None
    for x in range(i, j):
        m = covering[x][partner]
        for ai, bj in m.pairs:
            if ai == x:
                lo = bj if lo is None else min(lo, bj)
                hi = bj if hi is None else max(hi, bj)
                break
    if lo is None:  # every word of [i, j) was a gap word: cannot happen with seeds >= 1 word
        raise AssertionError("shared phrase with no aligned words")
    return lo, hi + 1


def _check_min_words(min_words) -> int:
    if isinstance(min_words, bool) or not isinstance(min_words, int) or min_words < SEED_WORDS:
        raise ArticleInputError(
            f"min_words must be a whole number of at least {SEED_WORDS}, not {min_words!r}: "
            "shorter phrases are shared by chance (\"the two countries\"), try 8."
        )
    return min_words


def shared_phrases(corpus: pd.DataFrame, min_words: int = 8) -> pd.DataFrame:
    """Phrases of at least ``min_words`` words found (nearly) verbatim in two or more articles.

    Columns ``phrase`` (as written in the lowest-numbered article that has
    it), ``articles`` (comma-separated ids), ``n_articles`` and ``words``;
    sorted by n_articles and words (both descending), then phrase.

    How it works. Articles are compared as lists of lower-cased words of
    :func:`medialit.text.normalize` d text, so case, curly or straight quotes
    and punctuation do not matter. For each pair of articles, every run of
    3 equal words (a "shingle") is a seed; a seed is stretched along both
    texts while the words stay equal, and the runs are chained when at most
    one word is skipped on either side between them. A chain is therefore
    a near-verbatim copy: one changed word ("lauded"/"lauding"), one dropped
    or one added word still gives one phrase, while two neighbouring changes
    break it. A phrase is reported once, and only when it is *maximal*:
    making it longer would lose one of the articles that carry it. So a
    short phrase shared by four articles and a longer one shared by two of
    them are separate rows.

    Why not fuzzy string scores (RapidFuzz)? A score says how alike two
    given strings are; here we first have to find *where* the shared
    phrases are, which is exactly what the shingle seeds do, in time
    roughly proportional to the number of words.
    """
    _check_corpus(corpus, "shared_phrases")
    min_words = _check_min_words(min_words)
    rows = [
        {"phrase": f["phrase"], "articles": ", ".join(f["articles"]), "n_articles": len(f["articles"]), "words": f["words"]}
        for f in _shared(corpus, min_words)
    ]
    out = pd.DataFrame(rows, columns=SHARED_COLUMNS)
    out["n_articles"] = out["n_articles"].astype("int64")
    out["words"] = out["words"].astype("int64")
    out = out.sort_values(["n_articles", "words", "phrase", "articles"], ascending=[False, False, True, True])
    return out.reset_index(drop=True)


def shared_phrase_spans(corpus: pd.DataFrame, min_words: int = 8) -> pd.DataFrame:
    """Long form of :func:`shared_phrases`: where each phrase sits in each article.

    One row per (phrase, article): ``phrase_id`` (the row number in
    ``shared_phrases(corpus, min_words)``), ``phrase``, ``article_id``,
    ``start``/``end`` (character offsets into that article's ``body``),
    ``text`` (the words as that article writes them) and ``words``.
    """
    _check_corpus(corpus, "shared_phrase_spans")
    min_words = _check_min_words(min_words)
    found = _shared(corpus, min_words)
    found.sort(key=lambda f: (-len(f["articles"]), -f["words"], f["phrase"], ",".join(f["articles"])))
    rows = []
    for pid, f in enumerate(found):
        for aid, start, end, text, words in sorted(f["spans"]):
            rows.append({"phrase_id": pid, "phrase": f["phrase"], "article_id": aid,
                         "start": start, "end": end, "text": text, "words": words})
    out = pd.DataFrame(rows, columns=SHARED_SPAN_COLUMNS)
    for col in ("phrase_id", "start", "end", "words"):
        out[col] = out[col].astype("int64")
    return out


# --------------------------------------------------------------------------- unique specifics

def unique_specifics(corpus: pd.DataFrame) -> pd.DataFrame:
    """Specifics (dates, numbers, quotes, superlatives) that only one article states.

    Each article's specifics come from :func:`medialit.find_specifics` on its
    body. A specific counts as stated elsewhere when its words (lower-cased,
    :func:`medialit.text.normalize` d, punctuation ignored) appear in that
    order in another article's body, whether or not the detector picked
    them out there. A detail repeated inside one article is listed once.

    Columns ``article_id, text, kind, supported``, in article order and then
    in the order the details appear. A unique detail is not a false one: it
    is the place to ask "where could I check this?".
    """
    from .specifics import find_specifics  # loaded on first use

    _check_corpus(corpus, "unique_specifics")
    articles = _articles(corpus)
    padded = {aid: f" {_key(body)} " for aid, body in articles}
    rows = []
    for aid, body in articles:
        seen: set[tuple[str, str]] = set()
        specs = find_specifics(body)
        for text, kind, supported in zip(specs["text"], specs["kind"], specs["supported"]):
            key = _key(text) or " ".join(normalize(text).lower().split())
            if not key or (key, kind) in seen:
                continue
            seen.add((key, kind))
            elsewhere = any(f" {key} " in padded[other] for other, _ in articles if other != aid)
            if not elsewhere:
                rows.append({"article_id": aid, "text": text, "kind": kind, "supported": bool(supported)})
    out = pd.DataFrame(rows, columns=UNIQUE_COLUMNS)
    out["supported"] = out["supported"].astype(bool)
    return out.reset_index(drop=True)
