"""One vocabulary: the rule book's source types are named, worded and coloured in one module."""
from __future__ import annotations

import re
from pathlib import Path

from medialit import charts, compare, evaluate, labels, selfcheck, vocabulary
from medialit.display import _SOURCE_LABELS
from medialit.evaluate import load_expert_key
from medialit.quiz import model

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "medialit"


def test_the_rule_book_defines_exactly_these_five_types_in_this_order():
    text = (ROOT / "data" / "annotations" / "README.md").read_text(encoding="utf-8")
    s0 = text[text.index("**S0."):text.index("When a sentence makes several claims")]
    assert re.findall(r"^- `(\w+)`:", s0, flags=re.M) == list(vocabulary.SOURCE_TYPES)


def test_the_expert_key_uses_only_the_vocabulary():
    assert set(load_expert_key()["source_type"]) <= set(vocabulary.SOURCE_TYPES)


def test_every_module_reads_the_one_vocabulary():
    assert tuple(charts.SOURCE_TYPES) == tuple(compare.SOURCE_TYPES) == evaluate.SOURCE_TYPES == labels.SOURCE_TYPES \
        == selfcheck.VOCABULARIES["source_types"] == vocabulary.SOURCE_TYPES
    assert model.SOURCE_LABELS == vocabulary.CLAIM_SOURCE_TYPES == ("named", "anonymous", "vague", "none")
    assert charts.SOURCE_COLOURS == vocabulary.SOURCE_COLOURS and charts.SOURCE_HATCHES == vocabulary.SOURCE_HATCHES
    assert _SOURCE_LABELS == vocabulary.SOURCE_WORDS


def test_no_module_spells_the_five_types_again():
    spelled = re.compile(r"""["']named["']\s*,\s*["']anonymous["']\s*,\s*["']vague["']""")
    again = [p.relative_to(ROOT).as_posix() for p in PACKAGE.rglob("*.py")
             if p.name != "vocabulary.py" and spelled.search(p.read_text(encoding="utf-8"))]
    assert not again, f"these modules list the source types themselves instead of medialit.vocabulary: {again}"


def test_every_type_is_told_apart_without_colour():
    assert len(set(vocabulary.SOURCE_HATCHES.values())) == len(vocabulary.SOURCE_TYPES)
    assert len(set(vocabulary.SOURCE_WORDS.values())) == len(vocabulary.SOURCE_TYPES)
    assert len(set(vocabulary.SOURCE_COLOURS.values())) == len(vocabulary.SOURCE_TYPES)
