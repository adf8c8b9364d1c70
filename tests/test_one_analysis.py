"""One analysis path (issue 12): each detector runs once per text, and every view reads that run."""
from __future__ import annotations

import collections

import pytest

from medialit import byo, display, labels

SAMPLE = ("City council to reopen the old river bridge\n\nThe old river bridge will reopen on 12 May, the city "
          "council said in a statement on Monday. Officials close to the project said the repairs reportedly cost "
          "more than 4 million euros, the most expensive work in the city's history. \"Everyone will be pleased,\" "
          "one engineer said, speaking on condition of anonymity. Some residents believe the work may take longer.")
DETECTORS = ("hedge_records", "attribution_records", "specific_records", "access_records")


@pytest.fixture
def runs(monkeypatch):
    """Counts, per detector, the runs on each text (by the text's length and start)."""
    seen = collections.Counter()
    for name in DETECTORS:
        real = getattr(labels, name)

        def counted(text, *args, _real=real, _name=name, **kwargs):
            seen[(_name, len(text), text[:40])] += 1
            return _real(text, *args, **kwargs)

        monkeypatch.setattr(labels, name, counted)
    return seen


def _on(runs, text):
    return {name: sum(n for (d, length, head), n in runs.items() if d == name and length == len(text)
                      and head == text[:40]) for name in DETECTORS}


def test_a_report_and_everything_it_shows_run_each_detector_once_on_the_students_text(runs):
    report = byo.report(SAMPLE)
    html = report._repr_html_()  # the table, the labelled sentences and the highlight
    assert "Your article, highlighted" in html and "Every sentence with its labels" in html
    assert _on(runs, report.body) == {name: 1 for name in DETECTORS}
    # and once on each of the five lesson articles (for the comparison), not more
    others = collections.Counter(d for (d, length, head) in runs if length != len(report.body))
    assert others == {name: 5 for name in DETECTORS}, others


def test_highlight_on_its_own_runs_each_detector_once(runs):
    display.highlight(SAMPLE)._repr_html_()
    assert _on(runs, SAMPLE) == {name: 1 for name in DETECTORS}


def test_a_highlight_from_an_analysis_runs_nothing_and_draws_the_same_marks(runs):
    found = labels.analyse(SAMPLE)
    before = sum(runs.values())
    shared = display.find_marks(SAMPLE, found)
    assert sum(runs.values()) == before
    fresh = display.find_marks(SAMPLE)
    assert shared.equals(fresh) and len(shared) > 5


def test_the_report_labels_are_label_sentences():
    assert byo.report(SAMPLE).labels.equals(labels.label_sentences(byo.report(SAMPLE).body))
