"""Hostile text: is every function that reads user text linear, and not much slower than on news?

Run with ``make bench`` (or ``.venv/bin/python benchmarks/bench_adversarial.py``).

For each *shape* of hostile text (long runs of punctuation, of cue words, of
quotation marks, of numbers, no spaces at all, one giant sentence) the script
builds a text of a given size and times each reader of user text on it: the
sentence splitter, the four detectors, ``label_sentences`` (the whole
analysis) and the bring-your-own report with its highlighted HTML page
(``python -m medialit report X --html Y`` in a fresh process, like a user).

Two figures per shape and function:

* **throughput**, in characters per second (also words per second where the
  shape has words), as a ratio to the same function on the seed articles
  repeated to the same size. Goal: at least 0.5 (within 2x of the seed speed).
* **scaling**: seconds per character at the large size over seconds per
  character at a size ten times smaller. Linear is about 1; quadratic would be
  about 10. Goal: at most 2.

Ratios on one machine, not seconds, are what the goals are about. CPU time of
the process is used (``time.process_time``), which other jobs on a shared
machine disturb less than wall-clock time. ``--size`` sets the large size
(default 2 MB, the toolkit's file-size limit); ``--quick`` uses 200 KB.
"""
from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
sys.path.insert(0, str(REPO))

import medialit  # noqa: E402
from medialit import hedges, sources, specifics, text  # noqa: E402

THROUGHPUT_GOAL = 0.5
SCALING_GOAL = 2.0


def seed_text() -> str:
    return "\n\n".join(medialit.load_corpus().body)


def repeat_to(unit: str, size: int) -> str:
    return (unit * (size // len(unit) + 1))[:size]


def shapes(seed: str) -> dict[str, str]:
    """name -> one repeating unit (or a generator of one). Each is a text a real reader could paste."""
    return {
        "seed articles": seed,
        "run of full stops": ".",
        "run of ?!.": "?!.",
        "full stop, space": ". ",
        "cue word 'said'": "said ",
        "cue words mixed": "reportedly allegedly may might according to sources said officials believe ",
        "single quotes": "'a b c' ",
        "double quotes": '"a b c" ',
        "one-word quotes": '"a ',
        "unclosed quotes": "' \" ' \" ",
        "numbers": "1,234 ",
        "digits, no spaces": "1",
        "letters, no spaces": "a",
        "one giant sentence": seed.replace(".", ",").replace("?", ",").replace("!", ",").replace("\n", " "),
    }


def readers():
    return {
        "sentences": text.sentence_spans,
        "hedges": hedges.hedge_records,
        "sources": sources.attribution_records,
        "specifics": specifics.specific_records,
        "access": specifics.access_records,
        "label_sentences": medialit.label_sentences,
    }


def cpu_seconds(function, argument) -> float:
    text._normalize.cache_clear()  # every call starts from nothing, as a new text would
    start = time.process_time()
    function(argument)
    return time.process_time() - start


def report_seconds(body: str) -> tuple[float, int, str]:
    """CPU seconds of ``python -m medialit report X --html Y`` (child process), the page's size
    and, when the report failed (size -1), the last line it printed."""
    with tempfile.TemporaryDirectory() as folder:
        article, page = Path(folder) / "article.txt", Path(folder) / "report.html"
        article.write_text(body, encoding="utf-8")
        before = os.times()
        done = subprocess.run([sys.executable, "-m", "medialit", "report", str(article), "--html", str(page)],
                              cwd=REPO, capture_output=True, text=True)
        after = os.times()
        if done.returncode != 0 or not page.exists():
            said = (done.stderr or done.stdout).strip().splitlines()
            return float("nan"), -1, said[-1] if said else f"exit code {done.returncode}"
        cpu = (after.children_user - before.children_user) + (after.children_system - before.children_system)
        return cpu, page.stat().st_size, ""


def fit_the_file_limit(body: str) -> str:
    """The text cut to the toolkit's file-size limit in UTF-8 bytes (the seed articles' curly
    quotes take three bytes each, so 2,000,000 characters are more than 2,000,000 bytes)."""
    from medialit.corpus import MAX_BYTES

    data = body.encode("utf-8")
    if len(data) <= MAX_BYTES:
        return body
    return data[:MAX_BYTES].decode("utf-8", errors="ignore")


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", type=int, default=2_000_000, help="large size in characters (default 2 MB)")
    parser.add_argument("--quick", action="store_true", help="200 KB instead of 2 MB")
    parser.add_argument("--no-report", action="store_true", help="skip the CLI report (the slowest part)")
    args = parser.parse_args(argv)
    large = 200_000 if args.quick else args.size
    small = large // 10
    seed = seed_text()
    units = shapes(seed)
    funcs = readers()
    missed = []

    print(f"Hostile-text benchmark: {large:,} characters (scaling against {small:,}); CPU seconds")
    print(f"goals: throughput ratio >= {THROUGHPUT_GOAL} of the seed articles', scaling <= {SCALING_GOAL}")
    medialit.label_sentences("Warm up. Putin said so.")  # lexicons compiled once, outside the timings

    base: dict[str, float] = {}
    header = f"{'shape':<22}" + "".join(f"{name:>22}" for name in funcs)
    print(header)
    for shape, unit in units.items():
        big, little = repeat_to(unit, large), repeat_to(unit, small)
        cells = []
        for name, function in funcs.items():
            t_big, t_little = cpu_seconds(function, big), cpu_seconds(function, little)
            speed = len(big) / max(t_big, 1e-9)
            if shape == "seed articles":
                base[name] = speed
            ratio = speed / base[name]
            scaling = (t_big / len(big)) / max(t_little / len(little), 1e-9)
            ok = ratio >= THROUGHPUT_GOAL and scaling <= SCALING_GOAL
            if not ok:
                missed.append(f"{shape} / {name}: throughput {ratio:.2f}, scaling {scaling:.2f}")
            cells.append(f"{ratio:5.2f} x{scaling:4.1f} {'ok' if ok else 'MISS':>4} ")
        print(f"{shape:<22}" + "".join(f"{c:>22}" for c in cells), flush=True)
    words = medialit.text.word_count(repeat_to(seed, large))
    seed_wps = words / (large / base["label_sentences"])
    print(f"(each cell: throughput ratio to the seed articles, then x scaling from {small:,} to {large:,} chars)")
    print(f"seed articles through label_sentences: {seed_wps:,.0f} words/s, {base['label_sentences'] / 1e6:.2f} MB/s")

    if not args.no_report:
        print()
        print("The bring-your-own report with its HTML page (python -m medialit report X --html Y)")
        base_report = None
        for shape in ("seed articles", "cue words mixed", "single quotes", "double quotes", "numbers",
                      "run of full stops", "one giant sentence"):
            big = fit_the_file_limit(repeat_to(units[shape], large))
            seconds, page_size, error = report_seconds(big)
            if page_size < 0:
                print(f"  {shape:<22} the report refused or failed on this text: {error}")
                missed.append(f"{shape} / report: failed ({error})")
                continue
            speed = len(big) / max(seconds, 1e-9)
            base_report = base_report or speed
            ratio = speed / base_report
            ok = ratio >= THROUGHPUT_GOAL
            if not ok:
                missed.append(f"{shape} / report: throughput {ratio:.2f}")
            print(f"  {shape:<22} {seconds:6.1f} s CPU, throughput ratio {ratio:4.2f}, "
                  f"page {page_size / len(big.encode()):4.1f}x the input {'ok' if ok else 'MISS'}", flush=True)

    print()
    if missed:
        print("MISSED:")
        for line in missed:
            print("  " + line)
    else:
        print("every goal met")
    return 0


if __name__ == "__main__":
    sys.exit(main())
