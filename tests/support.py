"""Small helpers shared by several test files (fixtures live in conftest.py)."""
import medialit


def sentence_with(body: str, fragment: str) -> str:
    hits = [s for s in medialit.sentences(body)["text"] if fragment in s]
    assert len(hits) == 1, f"expected one sentence containing {fragment!r}, found {len(hits)}"
    return hits[0]


def floor_failures(scores, floors: dict) -> list[str]:
    """Labels of a score_against_key table below their (precision, recall) floors; NaN fails."""
    failures = []
    for row in scores.itertuples():
        floor_p, floor_r = floors[row.label]
        if not (row.precision >= floor_p and row.recall >= floor_r):
            failures.append(f"{row.label}: precision {row.precision}, recall {row.recall} "
                            f"(floors {floor_p}, {floor_r})")
    return failures
