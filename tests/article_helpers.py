"""Small helpers shared by the detector tests (fixtures live in conftest.py)."""
import medialit


def sentence_with(body: str, fragment: str) -> str:
    hits = [s for s in medialit.sentences(body)["text"] if fragment in s]
    assert len(hits) == 1, f"expected one sentence containing {fragment!r}, found {len(hits)}"
    return hits[0]
