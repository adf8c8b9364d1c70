"""Command line: ``python -m medialit report FILE [--html OUT]``.

``report`` prints an article's profile (the numbers of
:func:`medialit.profile`) and its labelled sentences as plain text, or, with
``--html OUT``, writes the highlighted article as a web page.

Bad input never ends in a traceback: the message of the
:class:`medialit.MedialitError` goes to stderr on one line and the exit
status is 2 (the usual status for "you gave me something I cannot use").
The command is strict where the library is forgiving: a file that is not
UTF-8, or that is HTML, is refused unless ``--repair`` is given, because a
report silently made from a guessed decoding or from stripped tags could
mislead.
"""
from __future__ import annotations

import argparse
import re
import sys
import warnings
from pathlib import Path

EXIT_OK = 0
EXIT_BAD_INPUT = 2

_HTML_TAG = re.compile(r"<\s*(?:!doctype|html|head|body|p|div|span|br|a|h[1-6]|script|style|meta|title)\b[^>]*>", re.I)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m medialit",
        description="Read a news article for evidence: who says so, hedges and boosters, "
        "and specifics with nothing checkable behind them.",
    )
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    sub.required = True
    rep = sub.add_parser(
        "report",
        help="profile and labelled sentences of one article",
        description="Print the profile and the labelled sentences of one article (a plain-text "
        "file), or write the highlighted article as a web page with --html.",
    )
    rep.add_argument("file", metavar="FILE", help="the article, a plain-text file (UTF-8)")
    rep.add_argument("--html", metavar="OUT", help="write the highlighted article to this .html file instead of printing")
    rep.add_argument("--repair", action="store_true",
                     help="accept a file that is not UTF-8 (read as Windows-1252) or that is HTML (tags removed)")
    rep.add_argument("--width", type=int, default=100, help="line width of the printed sentences (default 100)")
    return parser


def _fail(message: str) -> int:
    one_line = " ".join(str(message).split())
    print(f"medialit: error: {one_line}", file=sys.stderr)
    return EXIT_BAD_INPUT


def _strict_checks(path: Path) -> None:
    """Refuse the inputs the library would repair (not UTF-8, HTML), unless --repair."""
    from .errors import ArticleInputError

    try:
        if not path.is_file():
            return  # load_article says what is wrong (missing, a folder, a pipe, a device)
    except OSError:
        return  # a name the system cannot look up: load_article says so
    try:
        with path.open("rb") as fh:
            head = fh.read(200_000)
    except OSError:
        return  # load_article reports it
    if b"\x00" in head:
        return  # binary: load_article reports it
    try:
        text = head.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        if exc.start < len(head) - 4:  # not just a character cut at the 200 kB boundary
            raise ArticleInputError(
                f"The file '{path}' is not UTF-8 text (byte {exc.start} cannot be decoded). "
                "Save it as UTF-8, or add --repair to read it as Windows-1252."
            ) from None
        text = head[: exc.start].decode("utf-8-sig", "ignore")
    if len(_HTML_TAG.findall(text)) >= 2:
        raise ArticleInputError(
            f"The file '{path}' looks like HTML (a saved web page), not the article text. "
            "Copy the article text into a .txt file, or add --repair to analyse the visible text."
        )


def _format_profile(prof) -> str:
    row = prof.iloc[0]
    words = int(row["words"])
    n = int(row["sentences"])
    lines = [
        f"words                  {words}",
        f"sentences              {n}",
        f"hedges                 {int(row['hedges'])}  ({row['hedges_per_100_words']:.2f} per 100 words)",
        f"boosters               {int(row['boosters'])}  ({row['boosters_per_100_words']:.2f} per 100 words)",
        "who backs each sentence:",
    ]
    from .vocabulary import SOURCE_PHRASES as names
    for kind, label in names.items():
        lines.append(f"  {label:<21}{int(row['n_' + kind]):>4}  ({100 * row['share_' + kind]:.0f}%)")
    lines.append(f"unsupported specifics  {int(row['unsupported_specifics'])}")
    lines.append(f"access claims          {int(row['access_claims'])}")
    return "\n".join(lines)


def report(file: str, html_out: str | None = None, repair: bool = False, width: int = 100) -> int:
    """Run the ``report`` command; returns the exit status."""
    import medialit
    from .files import shown, user_path
    from .compare import profile
    from .display import format_sentences, highlight

    path = user_path(file)
    if html_out is not None:
        html_out = user_path(html_out)  # an empty name is an error, not "no page"
    if not repair:
        _strict_checks(path)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always", medialit.MedialitWarning)
        article = medialit.load_article(path, article_id=path.stem)
    for w in caught:
        print(f"medialit: warning: {' '.join(str(w.message).split())}", file=sys.stderr)
    row = article.iloc[0]
    body = row["body"]
    title = row["headline"] or shown(path.name)
    if html_out:
        out = highlight(body, title=title).to_html(html_out, inputs=[path])
        print(f"wrote {shown(out)}")
        return EXIT_OK
    prof = profile(article)
    labelled = medialit.label_sentences(body)
    print(f"medialit report: {shown(path.name)}")
    if row["headline"]:
        print(f"headline: {row['headline']}")
    print()
    print(_format_profile(prof))
    print()
    print("Labelled sentences (a label is a place to look closer, not a verdict):")
    print(format_sentences(labelled, width=max(40, width)))
    return EXIT_OK


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    from .errors import MedialitError

    try:
        if args.command == "report":
            return report(args.file, args.html, repair=args.repair, width=args.width)
        parser.error(f"unknown command {args.command!r}")  # argparse already checks this
    except MedialitError as exc:
        return _fail(str(exc))
    except BrokenPipeError:  # e.g. piped into `head`
        try:
            sys.stdout.close()
        except Exception:
            pass
        return EXIT_OK
    except KeyboardInterrupt:
        print("medialit: interrupted", file=sys.stderr)
        return 130
    return EXIT_OK


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
