"""Benchmarks for medialit: import cost, profile speed, labelling throughput, spaCy comparison.

Run with ``make bench`` (or ``.venv/bin/python benchmarks/run_benchmarks.py``).
Prints the figures with the machine they were measured on and writes the same
text to ``benchmarks/results/latest.txt`` (git-ignored).

Targets (from the project's performance issue):

* ``import medialit`` costs at most 1.5x ``import pandas`` (fresh processes, median);
* ``profile(load_corpus())`` takes well under 0.1 s on the five articles;
* ``label_sentences`` scales linearly: time per word at 1000x the corpus is at
  most 1.3x the time per word at 10x;
* ``find_hedges`` is at least as fast as spaCy's ``PhraseMatcher`` (blank English
  pipeline) matching the phrase terms of the same hedge lexicon on the same text.

spaCy is not a dependency of medialit: it is installed from
``benchmarks/requirements-bench.txt`` by this script when it is missing.
A missed target is reported as MISSED with a cProfile summary of where the
time goes, so the cause can be passed on. Options: ``--quick`` (sizes 10x and
100x, fewer repeats: a smoke run), ``--no-install`` (skip spaCy if missing).
"""
from __future__ import annotations

import argparse
import cProfile
import io
import os
import platform
import pstats
import random
import statistics
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
RESULTS = HERE / "results" / "latest.txt"
BENCH_REQUIREMENTS = HERE / "requirements-bench.txt"
SEED = 20251225  # the day KCNA published Putin's message

IMPORT_TARGET = 1.5
PROFILE_TARGET_S = 0.1
SCALING_TARGET = 1.3

_lines: list[str] = []


def say(line: str = "") -> None:
    """Print a line and keep it for results/latest.txt."""
    print(line, flush=True)
    _lines.append(line)


def verdict(ok: bool) -> str:
    return "met" if ok else "MISSED"


# --------------------------------------------------------------------------- machine

def machine() -> list[str]:
    cpu = "unknown CPU"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.lower().startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        cpu = platform.processor() or cpu
    try:
        usable = len(os.sched_getaffinity(0))
    except AttributeError:
        usable = os.cpu_count()
    import pandas

    return [
        f"CPU: {cpu}",
        f"cores: {os.cpu_count()} ({usable} usable by this process)",
        f"Python {platform.python_version()} ({platform.python_implementation()}), "
        f"{platform.system()} {platform.release()}",
        f"pandas {pandas.__version__}",
    ]


# --------------------------------------------------------------------------- import cost

def _timed_import(statement: str) -> float:
    """Seconds one fresh interpreter spends on ``statement`` (interpreter start-up excluded)."""
    code = (
        "import time\n"
        "t0 = time.perf_counter()\n"
        f"{statement}\n"
        "print(time.perf_counter() - t0)\n"
    )
    env = dict(os.environ, PYTHONDONTWRITEBYTECODE="1")
    out = subprocess.run([sys.executable, "-c", code], cwd=REPO, env=env,
                         capture_output=True, text=True, check=True)
    return float(out.stdout.strip().splitlines()[-1])


def bench_import(runs: int) -> None:
    say("Import cost (fresh process each run, median of %d, interpreter start-up excluded)" % runs)
    statements = {
        "pandas": "import pandas",
        "medialit": "import medialit",
        "medialit + main API": "from medialit import load_corpus, label_sentences, profile, highlight",
    }
    for name, stmt in statements.items():  # warm the OS file cache and .pyc files once
        _timed_import(stmt)
    times: dict[str, list[float]] = {name: [] for name in statements}
    for _ in range(runs):  # interleaved, so drift on a shared machine hits all alike
        for name, stmt in statements.items():
            times[name].append(_timed_import(stmt))
    med = {name: statistics.median(v) for name, v in times.items()}
    for name, m in med.items():
        say(f"  import {name:<22} {1000 * m:8.1f} ms")
    ratio = med["medialit"] / med["pandas"]
    ratio_api = med["medialit + main API"] / med["pandas"]
    say(f"  ratio import medialit / import pandas: {ratio:.2f}x "
        f"(target <= {IMPORT_TARGET}x: {verdict(ratio <= IMPORT_TARGET)})")
    say(f"  ratio with the main API loaded / import pandas: {ratio_api:.2f}x "
        f"(same target: {verdict(ratio_api <= IMPORT_TARGET)})")
    if ratio_api > IMPORT_TARGET:
        _importtime_top("from medialit import load_corpus, label_sentences, profile, highlight")
    say()


def _importtime_top(statement: str, n: int = 8) -> None:
    """The slowest modules by self time, from python -X importtime."""
    res = subprocess.run([sys.executable, "-X", "importtime", "-c", statement], cwd=REPO,
                         capture_output=True, text=True)
    rows = []
    for line in res.stderr.splitlines():
        if line.startswith("import time:") and "|" in line and "self" not in line:
            self_us, cum_us, name = (part.strip() for part in line[len("import time:"):].split("|"))
            rows.append((int(self_us), int(cum_us), name.strip()))
    say(f"  slowest imports by self time (python -X importtime):")
    for self_us, cum_us, name in sorted(rows, reverse=True)[:n]:
        say(f"    {self_us / 1000:7.1f} ms self {cum_us / 1000:8.1f} ms cumulative  {name}")


# --------------------------------------------------------------------------- profile()

_FIRST_CALL = """
import time
import medialit
corpus = medialit.load_corpus()
t0 = time.perf_counter()
medialit.profile(corpus)
print(time.perf_counter() - t0)
"""


def bench_profile(repeats: int) -> None:
    import medialit

    say("profile(load_corpus()) on the five articles")
    firsts = []
    for _ in range(3):
        out = subprocess.run([sys.executable, "-c", _FIRST_CALL], cwd=REPO,
                             capture_output=True, text=True, check=True)
        firsts.append(float(out.stdout.strip().splitlines()[-1]))
    t0 = time.perf_counter()
    corpus = medialit.load_corpus()
    load_s = time.perf_counter() - t0
    medialit.profile(corpus)  # warm-up in this process
    warm, warm_cpu = [], []
    for _ in range(repeats):
        t0, c0 = time.perf_counter(), time.process_time()
        medialit.profile(corpus)
        warm.append(time.perf_counter() - t0)
        warm_cpu.append(time.process_time() - c0)
    w = statistics.median(warm)
    f = statistics.median(firsts)
    say(f"  load_corpus() (cached after the first call): {1000 * load_s:.1f} ms")
    say(f"  first call in a fresh process (lazy imports, lexicons compiled): median of 3 = {1000 * f:.1f} ms")
    say(f"  warm: median of {repeats} = {1000 * w:.1f} ms (min {1000 * min(warm):.1f}, max {1000 * max(warm):.1f}); "
        f"CPU time median {1000 * statistics.median(warm_cpu):.1f} ms")
    say(f"  target warm < {1000 * PROFILE_TARGET_S:.0f} ms: {verdict(w < PROFILE_TARGET_S)}")
    if w >= PROFILE_TARGET_S:
        _cprofile("profile(corpus)", lambda: medialit.profile(corpus))
    say()


# --------------------------------------------------------------------------- label_sentences throughput

def base_sentences() -> list[str]:
    """Every sentence of the five article bodies, in order."""
    import medialit

    corpus = medialit.load_corpus()
    out: list[str] = []
    for body in corpus["body"]:
        out.extend(" ".join(s.split()) for s in medialit.sentences(body)["text"])
    return out


def build_text(sents: list[str], factor: int, seed: int = SEED) -> str:
    """``factor`` copies of the sentences, shuffled (fixed seed), in paragraphs of 1-6 sentences."""
    rng = random.Random(seed + factor)
    pool = sents * factor
    rng.shuffle(pool)
    paragraphs, i = [], 0
    while i < len(pool):
        n = rng.randint(1, 6)
        paragraphs.append(" ".join(pool[i:i + n]))
        i += n
    return "\n\n".join(paragraphs)


def _best_of(func, repeats: int) -> float:
    times = []
    for _ in range(repeats):
        t0 = time.perf_counter()
        func()
        times.append(time.perf_counter() - t0)
    return statistics.median(times)


#: Longest one size of the label_sentences benchmark may run (wall clock), so that
#: `make bench` stays a matter of minutes even if a detector scales badly.
LABEL_BUDGET_S = 420


def _label_one_size(factor: int, repeats: int) -> None:
    """Child process: time label_sentences on one corpus size; prints JSON."""
    import json

    import medialit

    sents = base_sentences()
    text = build_text(sents, factor)
    medialit.label_sentences(build_text(sents, 1))  # warm-up: lexicons compiled, modules loaded
    walls, cpus = [], []
    for _ in range(repeats):
        w0, c0 = time.perf_counter(), time.process_time()
        medialit.label_sentences(text)
        walls.append(time.perf_counter() - w0)
        cpus.append(time.process_time() - c0)
    print(json.dumps({"words": medialit.word_count(text), "chars": len(text),
                      "wall": statistics.median(walls), "cpu": statistics.median(cpus)}))


def bench_labels(sizes: list[int]) -> dict[int, str]:
    """Throughput per size, each size in its own process with a time budget.

    Both wall-clock and CPU time are recorded; the scaling ratio uses CPU time
    per word, which other people's jobs on a shared machine disturb less.
    """
    import json

    import medialit

    sents = base_sentences()
    base_words = sum(medialit.word_count(s) for s in sents)
    say(f"label_sentences throughput (five articles' sentences = {len(sents)} sentences, "
        f"{base_words:,} words; repeated, shuffled with seed {SEED}; each size in a fresh process)")
    per_word: dict[int, float] = {}
    for factor in sizes:
        repeats = 3 if factor <= 10 else 1
        cmd = [sys.executable, str(Path(__file__).resolve()), "--label-size", str(factor), "--repeats", str(repeats)]
        try:
            res = subprocess.run(cmd, cwd=REPO, capture_output=True, text=True, timeout=LABEL_BUDGET_S, check=True)
        except subprocess.TimeoutExpired:
            words = base_words * factor
            say(f"  {factor:>5}x  ~{words:>9,} words  did not finish within {LABEL_BUDGET_S} s "
                f"(< {words / LABEL_BUDGET_S:,.0f} words/s)")
            per_word[factor] = LABEL_BUDGET_S / words  # a lower bound
            continue
        r = json.loads(res.stdout.strip().splitlines()[-1])
        per_word[factor] = r["cpu"] / r["words"]
        say(f"  {factor:>5}x  {r['words']:>10,} words  {r['chars']:>11,} chars  wall {r['wall']:7.2f} s  "
            f"cpu {r['cpu']:7.2f} s  {r['words'] / r['wall']:>9,.0f} words/s  "
            f"({'median of 3' if repeats == 3 else 'one run'})")
    lo, hi = min(sizes), max(sizes)
    if hi > lo:
        ratio = per_word[hi] / per_word[lo]
        bound = "at least " if per_word[hi] == LABEL_BUDGET_S / (base_words * hi) else ""
        say(f"  CPU time per word {hi}x / {lo}x: {bound}{ratio:.2f} (target <= {SCALING_TARGET}: "
            f"{verdict(ratio <= SCALING_TARGET)})")
        if ratio > SCALING_TARGET:
            text = build_text(sents, 100)
            medialit.label_sentences(build_text(sents, 1))
            _cprofile("label_sentences at 100x", lambda: medialit.label_sentences(text))
    say()
    return {f: build_text(sents, f) for f in sizes if f <= 100}


# --------------------------------------------------------------------------- spaCy comparison

def ensure_spacy(install: bool) -> bool:
    try:
        import spacy  # noqa: F401
        return True
    except ImportError:
        pass
    if not install:
        return False
    say(f"spaCy is missing: installing {BENCH_REQUIREMENTS.name} (benchmark only) ...")
    res = subprocess.run([sys.executable, "-m", "pip", "install", "--quiet", "-r", str(BENCH_REQUIREMENTS)],
                         capture_output=True, text=True)
    if res.returncode != 0:
        say("  could not install spaCy: " + (res.stderr.strip().splitlines() or ["unknown error"])[-1])
        return False
    import importlib

    importlib.invalidate_caches()
    try:
        import spacy  # noqa: F401
        return True
    except ImportError:
        return False


def bench_spacy(texts: dict[int, str], install: bool) -> None:
    say("find_hedges vs spaCy PhraseMatcher (same hedge lexicon, same text)")
    if not ensure_spacy(install):
        say("  skipped: spaCy is not installed (pip install -r benchmarks/requirements-bench.txt)")
        say()
        return
    import spacy
    from spacy.matcher import PhraseMatcher

    import medialit

    lexicon = medialit.load_lexicon("hedges")
    phrases = lexicon.loc[lexicon["match"] == "phrase", "term"].tolist()
    nlp = spacy.blank("en")
    matcher = PhraseMatcher(nlp.vocab, attr="LOWER")
    matcher.add("HEDGE", [nlp.make_doc(t) for t in phrases])
    say(f"  spaCy {spacy.__version__}, blank('en') tokenizer; PhraseMatcher(attr='LOWER') with the "
        f"{len(phrases)} phrase terms of data/lexicons/hedges.csv")
    say(f"  find_hedges matches all {len(lexicon)} terms ({len(lexicon) - len(phrases)} of them regular "
        "expressions PhraseMatcher cannot take) and returns a DataFrame with explanations")
    for factor, text in sorted(texts.items()):
        if factor > 100:
            continue  # keeps the run short; 100x is already ~0.5 million words
        nlp.max_length = max(nlp.max_length, len(text) + 1)
        medialit.find_hedges(text[:2000])
        ours = _best_of(lambda: medialit.find_hedges(text), 3)
        n_ours = len(medialit.find_hedges(text))
        doc_holder = {}

        def spacy_all():
            doc_holder["doc"] = nlp.make_doc(text)
            return matcher(doc_holder["doc"])

        theirs = _best_of(spacy_all, 3)
        doc = doc_holder["doc"]
        match_only = _best_of(lambda: matcher(doc), 3)
        n_theirs = len(matcher(doc))
        say(f"  {factor:>4}x ({len(text):,} chars): find_hedges {1000 * ours:8.1f} ms ({n_ours:,} matches); "
            f"spaCy tokenize+match {1000 * theirs:8.1f} ms, match only {1000 * match_only:7.1f} ms "
            f"({n_theirs:,} matches)")
        ratio = theirs / ours
        say(f"        spaCy / find_hedges = {ratio:.2f}x (ours at least as fast: {verdict(ratio >= 1)})")
    say()


# --------------------------------------------------------------------------- cProfile

def _cprofile(what: str, func, n: int = 12) -> None:
    prof = cProfile.Profile()
    prof.enable()
    func()
    prof.disable()
    buf = io.StringIO()
    pstats.Stats(prof, stream=buf).strip_dirs().sort_stats("tottime").print_stats(n)
    say(f"  where the time goes in {what} (cProfile, top {n} by own time):")
    started = False
    for line in buf.getvalue().splitlines():
        if line.strip().startswith("ncalls"):
            started = True
        if started and line.strip():
            say("    " + line.rstrip())


# --------------------------------------------------------------------------- main

def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--quick", action="store_true", help="10x and 100x only, fewer repeats (a smoke run)")
    parser.add_argument("--no-install", action="store_true", help="do not pip-install spaCy when it is missing")
    parser.add_argument("--label-size", type=int, help=argparse.SUPPRESS)  # child process of bench_labels
    parser.add_argument("--repeats", type=int, default=1, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.label_size:
        _label_one_size(args.label_size, args.repeats)
        return 0

    started = time.perf_counter()
    say("medialit benchmarks, " + time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime()))
    for line in machine():
        say("  " + line)
    say()
    bench_import(runs=5 if args.quick else 9)
    bench_profile(repeats=10 if args.quick else 30)
    texts = bench_labels([10, 100] if args.quick else [10, 100, 1000])
    bench_spacy(texts, install=not args.no_install)
    say(f"total benchmark time: {time.perf_counter() - started:.0f} s")

    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text("\n".join(_lines) + "\n", encoding="utf-8")
    print(f"(written to {RESULTS.relative_to(REPO)})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
