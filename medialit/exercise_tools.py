"""What students use in the assignments besides the self-checks: no answer is computed here.

``hedge_places`` (a2 part 2: every hedge the detector flags and every unflagged hedge-like word,
with its sentence; it does not say where the tool is right), ``compare_hedge_scores`` (a2 part 3:
the hedge label's precision and recall against the expert key without and with a term), and the
capstone's constructed article (``load_constructed_article``). The instructor's checks
(``medialit/checks.py``, not in the student edition) import them from here.
"""
from __future__ import annotations

import re

from .errors import ExerciseError

def _body(article_id: str) -> str:
    import medialit

    corpus = medialit.load_corpus()
    return corpus.set_index("article_id").loc[article_id, "body"]


CONSTRUCTED_LABEL = "CONSTRUCTED FOR TEACHING"


def load_constructed_article():
    """The capstone's constructed article, ready to analyse, with its label kept apart.

    The file holds a headline, a paragraph that labels it as constructed for
    teaching, then the article. The label is not part of what students analyse,
    so it is moved to a ``label`` column and the rest goes through
    ``medialit.load_article`` like any text a reader brings.
    """
    import medialit
    from medialit.errors import DataFileError

    path = constructed_article_path()
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise DataFileError(f"{path} is missing; restore it from the repository (git checkout -- {path.name}).") from None
    parts = text.split("\n\n", 2)
    if len(parts) < 3 or not parts[1].strip().startswith(CONSTRUCTED_LABEL):
        raise DataFileError(
            f"{path}, paragraph 2: expected the label starting '{CONSTRUCTED_LABEL}'; "
            "keep the headline, a blank line, the label, a blank line, then the article."
        )
    article = medialit.load_article(parts[0] + "\n\n" + parts[2], article_id="a4")
    return article.assign(label=parts[1].strip())


def _constructed_body() -> str:
    return load_constructed_article()["body"].iloc[0]


def constructed_article_path():
    """Where the capstone's constructed article lives (data/exercises/)."""
    from medialit.paths import data_dir

    return data_dir() / "exercises" / "a4_constructed_article.txt"


def _plain_quotes(text: str) -> str:
    """Curly apostrophes and quotation marks as straight ones, spaces collapsed (for matching quotes)."""
    table = str.maketrans({"\u2018": "'", "\u2019": "'", "\u201c": '"', "\u201d": '"'})
    return re.sub(r"\s+", " ", str(text).translate(table)).strip()


def _word_in(term: str, text: str) -> bool:
    return bool(_occurrences(term, text))


# Words that *can* hedge in English news writing: modal and evidential words,
# plausibility shields ("seen as"), vague quantities ("some") and words of
# degree ("nearly"). Many of them are not hedges in a given sentence ("May"
# the month, "questions about", "nearly 42,400" stating a size). a2 lists
# where they occur, next to every hedge the detector flags, and asks students
# to find a place where the detector is wrong. Whether a word hedges in its
# sentence is the expert key's call (its hedge_cues), not this list's.
HEDGE_VOCABULARY = (
    "about", "almost", "apparently", "appears", "approximately", "arguably", "around",
    "believed", "could", "estimated", "generally", "hints", "in part", "indicates",
    "interpreted", "largely", "likely", "may", "might", "nearly", "perhaps", "possibly",
    "potential", "potentially", "presumably", "probably", "relatively", "reportedly",
    "roughly", "seems", "seen as", "signals", "some", "somewhat", "speculation",
    "suggests", "tend to", "typically", "unclear", "uncertain", "would",
)


def _occurrences(term: str, text: str) -> list[tuple[int, int]]:
    pattern = r"(?<!\w)" + re.escape(term.lower()) + r"(?!\w)"
    return [m.span() for m in re.finditer(pattern, text.lower())]


def _places() -> list[dict]:
    """Every hedge the detector flags, and every unflagged HEDGE_VOCABULARY word, with its key row.

    Each place: article_id, word (as written), flagged (bool), key_row (the
    expert-key row of the sentence it stands in).
    """
    import medialit

    corpus = medialit.load_corpus()
    key = medialit.load_expert_key()
    places = []
    for aid, body in zip(corpus["article_id"], corpus["body"]):
        cues = medialit.find_hedges(body)
        cues = cues[cues["kind"] == "hedge"]
        hedges = list(zip(cues["start"], cues["end"]))
        rows = key[key["article_id"] == aid]

        def row_at(s, e):
            row = rows[(rows["start"] <= s) & (rows["end"] >= e)]
            return row.iloc[0] if len(row) == 1 else None

        for s, e in hedges:
            row = row_at(s, e)
            if row is not None:
                places.append({"article_id": aid, "word": body[s:e], "flagged": True, "key_row": row})
        for term in HEDGE_VOCABULARY:
            for s, e in _occurrences(term, body):
                if any(s < he and hs < e for hs, he in hedges):
                    continue
                row = row_at(s, e)
                if row is not None:
                    places.append({"article_id": aid, "word": body[s:e], "flagged": False, "key_row": row})
    return places


def hedge_places(article_id: str | None = None):
    """The table a2 part 2 reads: every hedge the detector flags, and every unflagged hedge-like word.

    Columns: article_id, word, tool_flags_it ("yes" / "no"), sentence; one
    article only when ``article_id`` is given. It does not say where the tool
    is right: that is what the reader judges.
    """
    import pandas as pd

    rows = [{"article_id": p["article_id"], "word": p["word"], "tool_flags_it": "yes" if p["flagged"] else "no",
             "sentence": p["key_row"]["text"], "_start": int(p["key_row"]["start"])} for p in _places()]
    table = pd.DataFrame(rows, columns=["article_id", "word", "tool_flags_it", "sentence", "_start"])
    table = table.drop_duplicates().sort_values(["article_id", "_start", "word"], kind="stable")
    if article_id is not None:
        if str(article_id) not in set(table["article_id"]):
            raise ExerciseError(f"no article {article_id!r}; use one of {', '.join(sorted(set(table['article_id'])))}.")
        table = table[table["article_id"] == str(article_id)]
    return table.drop(columns="_start").reset_index(drop=True)


def detector_labels():
    """label_sentences for every article body, with an article_id column (the 'predicted' table)."""
    import medialit
    import pandas as pd

    corpus = medialit.load_corpus()
    return pd.concat(
        [medialit.label_sentences(body).assign(article_id=aid) for aid, body in zip(corpus["article_id"], corpus["body"])],
        ignore_index=True,
    )


def hedge_scores(extra_terms: tuple[str, ...] = ()) -> dict[str, float]:
    """Precision and recall of the hedge label against the expert key (score_against_key).

    With ``extra_terms``, a sentence also counts as hedged when it contains one
    of them: the effect of adding those terms to the lexicon, which a2 asks
    students to measure. The check uses this to judge their answers.
    """
    import medialit

    if isinstance(extra_terms, str):
        extra_terms = (extra_terms,)
    predicted = detector_labels()
    if extra_terms:
        extra = predicted["text"].apply(lambda t: any(_word_in(term, t) for term in extra_terms))
        predicted["hedge"] = predicted["hedge"].astype(bool) | extra
    row = medialit.score_against_key(predicted=predicted).set_index("label").loc["hedge"]
    return {"precision": float(row["precision"]), "recall": float(row["recall"])}


def compare_hedge_scores(term: str):
    """A small table: the hedge label's precision and recall without and with ``term``.

    The values are shown as score_against_key gives them (three decimals), so
    every change the check counts is visible in the table.
    """
    import pandas as pd

    before, after = hedge_scores(), hedge_scores((term,))
    return pd.DataFrame({"without the term": before, f"with '{term}'": after}).rename_axis("measure")
