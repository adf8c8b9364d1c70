"""Find, or install, the Chromium that the browser tests drive (``make browser``).

Order of search, first hit wins:

1. ``MEDIALIT_CHROMIUM=/path`` (an error if set to something that does not run);
2. ``chromium``, ``chromium-browser``, ``google-chrome``, ``google-chrome-stable`` on ``PATH``;
3. Playwright's own browser cache (``PLAYWRIGHT_BROWSERS_PATH`` or ``~/.cache/ms-playwright``).

A candidate counts only if ``<it> --version`` runs and names Chrome or Chromium (Ubuntu's
``chromium-browser`` can be a stub that asks for snap). When nothing is found,
``ensure`` installs one: ``apt-get install -y chromium`` when running as root on
Debian or Ubuntu, otherwise ``python -m playwright install chromium`` (needs internet).
It prints what it found or installed and, with ``--write FILE``, writes the path there
for the tests to read. It never falls back silently: no browser means exit code 1.

    python -m medialit.browser find             # print the path, or exit 1
    python -m medialit.browser ensure --write .venv/chromium-path
"""
from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
from pathlib import Path

ENV_VAR = "MEDIALIT_CHROMIUM"
NAMES = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable")
# inside a Playwright cache folder: full Chromium first, then the headless shell
CACHE_GLOBS = ("chromium-*/chrome-linux*/chrome", "chromium-*/chrome-mac*/Chromium.app/Contents/MacOS/Chromium",
               "chromium_headless_shell-*/chrome-*/headless_shell")


class BrowserError(RuntimeError):
    """No usable Chromium, with a message that says what to do."""


def version_of(path: str | os.PathLike) -> str | None:
    """``Chromium 150.0...`` if ``path`` runs as a Chrome/Chromium, else None."""
    try:
        done = subprocess.run([str(path), "--version"], capture_output=True, text=True, timeout=60,
                              stdin=subprocess.DEVNULL)
    except (OSError, subprocess.SubprocessError):
        return None
    text = (done.stdout or "").strip()
    if done.returncode != 0 or not any(word in text for word in ("Chromium", "Chrome")):
        return None
    return text.splitlines()[0]


def playwright_cache() -> Path:
    configured = os.environ.get("PLAYWRIGHT_BROWSERS_PATH")
    if configured and configured != "0":
        return Path(configured).expanduser()
    if sys.platform == "darwin":
        return Path.home() / "Library" / "Caches" / "ms-playwright"
    return Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "ms-playwright"


def candidates() -> list[tuple[str, Path]]:
    """(where it came from, path) for every place a Chromium might be, in search order."""
    found: list[tuple[str, Path]] = []
    for name in NAMES:
        hit = shutil.which(name)
        if hit:
            found.append((f"'{name}' on PATH", Path(hit)))
    cache = playwright_cache()
    for pattern in CACHE_GLOBS:
        for hit in sorted(cache.glob(pattern), reverse=True):  # newest revision first
            found.append(("Playwright's browser cache", hit))
    return found


def find_chromium() -> tuple[Path, str, str] | None:
    """(path, where from, version) of the first Chromium that runs, or None.

    ``MEDIALIT_CHROMIUM`` is obeyed strictly: if it is set and does not run, that is an
    error, not a reason to look elsewhere (the user asked for that browser).
    """
    forced = os.environ.get(ENV_VAR)
    if forced:
        version = version_of(forced)
        if version is None:
            raise BrowserError(f"{ENV_VAR}={forced} does not run as Chrome/Chromium "
                               f"('{forced} --version' failed). Point it at a Chromium binary, or unset it.")
        return Path(forced), ENV_VAR, version
    for origin, path in candidates():
        version = version_of(path)
        if version:
            return path, origin, version
    return None


def is_root() -> bool:
    return hasattr(os, "geteuid") and os.geteuid() == 0


def is_debian_like() -> bool:
    return Path("/etc/debian_version").is_file() and shutil.which("apt-get") is not None


def install_command() -> list[list[str]]:
    """The commands ``ensure`` would run on this machine."""
    if is_root() and is_debian_like():
        return [["apt-get", "update", "-qq"], ["apt-get", "install", "-y", "-qq", "chromium"]]
    return [[sys.executable, "-m", "playwright", "install", "chromium"]]


def install() -> None:
    env = dict(os.environ, DEBIAN_FRONTEND="noninteractive")
    for command in install_command():
        print("  running:", " ".join(command), flush=True)
        try:
            done = subprocess.run(command, env=env)
        except OSError as error:
            raise BrowserError(f"could not run {command[0]}: {error}") from error
        if done.returncode != 0:
            raise BrowserError(f"'{' '.join(command)}' failed with exit code {done.returncode}. "
                               f"Install Chromium yourself and set {ENV_VAR}=/path/to/chromium.")


def ensure_chromium() -> tuple[Path, str, str]:
    hit = find_chromium()
    if hit is None:
        print("No Chromium found (looked for " + ", ".join(NAMES)
              + f" on PATH and in {playwright_cache()}); installing one for the browser tests.", flush=True)
        install()
        hit = find_chromium()
        if hit is None:
            raise BrowserError("installed a browser, but still found no Chromium that runs. "
                               f"Set {ENV_VAR}=/path/to/chromium.")
        path, origin, version = hit
        return path, f"installed, found through {origin}", version
    return hit


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m medialit.browser", description=__doc__.splitlines()[0])
    parser.add_argument("action", choices=["find", "ensure"])
    parser.add_argument("--write", metavar="FILE", help="write the browser's path to FILE")
    args = parser.parse_args(argv)
    try:
        hit = find_chromium() if args.action == "find" else ensure_chromium()
    except BrowserError as error:
        print(f"ERROR: {error}", file=sys.stderr)
        return 1
    if hit is None:
        print("ERROR: no Chromium found. Run 'make browser' (it installs one), or set "
              f"{ENV_VAR}=/path/to/chromium.", file=sys.stderr)
        return 1
    path, origin, version = hit
    print(f"Browser for the tests: {path} ({version}; {origin})")
    if args.write:
        Path(args.write).write_text(str(path) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
