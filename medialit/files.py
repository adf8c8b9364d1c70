"""Reading a user's file and writing an output without ever hurting either.

* :func:`read_limited` reads only a regular file, and at most ``limit + 1`` bytes whatever
  the file system says its size is (``/dev/zero`` reports 0). A folder, a pipe (FIFO), a
  device or a socket gets a message saying what it is; a pipe is never opened, so nothing
  waits forever for a writer.
* :func:`write_atomic` writes to a temporary file in the same folder, then renames it into
  place: a crash or a full disk leaves the old file (or nothing), never half a file. It
  refuses to write over any of the ``inputs`` (same resolved path or same inode).
* :func:`shown` makes a path printable whatever bytes its name holds.
"""
from __future__ import annotations

import os
import stat
import tempfile
from pathlib import Path

from .errors import ArticleInputError

_KINDS = {
    stat.S_IFIFO: "a pipe (FIFO)",
    stat.S_IFCHR: "a character device",
    stat.S_IFBLK: "a block device",
    stat.S_IFSOCK: "a socket",
}


def shown(path) -> str:
    """``path`` as text that can always be printed (undecodable bytes shown as escapes)."""
    return str(path).encode("utf-8", "backslashreplace").decode("utf-8")


def user_path(path) -> Path:
    """A path as the user typed it: ``~`` expanded; an empty name is an error."""
    if isinstance(path, str) and not path.strip():
        raise ArticleInputError("The file name is empty. Give the path of a file, e.g. my_article.txt.")
    return Path(path).expanduser()


def _stat(path: Path, where: str) -> os.stat_result:
    try:
        return os.stat(path)
    except FileNotFoundError:
        raise ArticleInputError(
            f"{where} does not exist. Check the spelling and the folder (paths are relative to "
            f"the folder the notebook is in: {Path.cwd().name}/)."
        ) from None
    except OSError as exc:
        reason = exc.strerror or type(exc).__name__
        if exc.errno == getattr(os, "ENAMETOOLONG", 36):
            reason = "the name is too long for this system"
        raise ArticleInputError(f"{where} cannot be opened ({reason}). Check the name and try again.") from None


def read_limited(path, limit: int) -> bytes:
    """The bytes of the regular file ``path``; more than ``limit`` bytes is an error."""
    p = user_path(path)
    where = f"The file '{shown(p)}'"
    info = _stat(p, where)
    if stat.S_ISDIR(info.st_mode):
        raise ArticleInputError(f"'{shown(p)}' is a folder, not a file. Give the path of one .txt file inside it.")
    if not stat.S_ISREG(info.st_mode):
        kind = _KINDS.get(stat.S_IFMT(info.st_mode), "not a regular file")
        raise ArticleInputError(f"{where} is {kind}, not a saved file. Save the article as a .txt file and "
                                "give that file's path.")
    too_big = (f"{where} is more than the limit of {limit:,} bytes. medialit is made for single "
               "articles: split the text and analyse one article at a time.")
    if info.st_size > limit:
        raise ArticleInputError(too_big.replace("is more than", f"is {info.st_size:,} bytes, more than"))
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0)
    try:
        fd = os.open(p, flags)
    except OSError as exc:
        raise ArticleInputError(f"{where} could not be read ({exc.strerror}). Check its permissions.") from None
    try:
        if not stat.S_ISREG(os.fstat(fd).st_mode):  # swapped for something else since the check
            raise ArticleInputError(f"{where} is not a regular file. Save the article as a .txt file.")
        chunks, total = [], 0
        while total <= limit:
            chunk = os.read(fd, min(1 << 20, limit + 1 - total))
            if not chunk:
                break
            chunks.append(chunk)
            total += len(chunk)
    except OSError as exc:
        raise ArticleInputError(f"{where} could not be read ({exc.strerror}). Check its permissions.") from None
    finally:
        os.close(fd)
    if total > limit:
        raise ArticleInputError(too_big)
    return b"".join(chunks)


def _umask() -> int:
    current = os.umask(0o022)
    os.umask(current)
    return current


def _same_file(a: Path, b: Path) -> bool:
    try:
        if a.resolve() == b.resolve():
            return True
        return a.exists() and b.exists() and os.path.samefile(a, b)
    except OSError:
        return False


def write_atomic(path, text: str, inputs=()) -> Path:
    """Write ``text`` (UTF-8) to ``path`` through a temporary file and a rename.

    Lone surrogates (which UTF-8 cannot hold) are written as U+FFFD. ``inputs``: paths that
    must never be overwritten, such as the article the output was made from.
    """
    target = user_path(path)
    for source in inputs:
        if _same_file(target, user_path(source)):
            raise ArticleInputError(
                f"'{shown(target)}' is the input file itself: writing there would destroy the article. "
                "Choose another name for the output, e.g. report.html.")
    if target.is_dir():
        raise ArticleInputError(f"'{shown(target)}' is a folder. Give a file name for the output, e.g. report.html.")
    data = text.encode("utf-8", "surrogatepass").decode("utf-8", "replace").encode("utf-8")
    folder = target.parent
    try:
        fd, tmp = tempfile.mkstemp(prefix=f".{target.name[:100]}.", suffix=".tmp", dir=folder)
    except OSError as exc:
        raise ArticleInputError(
            f"Could not write '{shown(target)}' ({exc.strerror or exc}). "
            "Check that the folder exists and that you may write there.") from None
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
        os.chmod(tmp, 0o666 & ~_umask())  # mkstemp makes it private; a page is an ordinary file
        os.replace(tmp, target)
    except OSError as exc:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        raise ArticleInputError(
            f"Could not write '{shown(target)}' ({exc.strerror or exc}). "
            "Check that the folder exists, that you may write there and that the disk is not full.") from None
    return target


# --- YAML that an instructor (or anyone) may have edited --------------------------------------
# PyYAML's safe loader still expands aliases ("*name" repeats a node anchored with "&name"): nine
# lines of nested aliases ("billion laughs") become a billion strings and take minutes to load,
# and a list nested a few thousand levels deep overflows Python's stack. The course's files need
# neither, so the loader below refuses every alias and any nesting deeper than MAX_YAML_DEPTH.
MAX_YAML_DEPTH = 40


def _strict_loader():
    import yaml

    class StrictLoader(yaml.SafeLoader):
        """SafeLoader without aliases and with a nesting limit (errors carry the line)."""

        _depth = 0

        def compose_node(self, parent, index):
            if self.check_event(yaml.AliasEvent):
                event = self.peek_event()
                raise yaml.composer.ComposerError(
                    None, None, f"an alias (*{event.anchor}) repeats another part of the file; "
                    "aliases are not allowed here: write the value out in full", event.start_mark)
            self._depth += 1
            try:
                if self._depth > MAX_YAML_DEPTH:
                    event = self.peek_event()
                    raise yaml.composer.ComposerError(
                        None, None, f"the data is nested more than {MAX_YAML_DEPTH} levels deep; "
                        "the course's files need only a few levels", event.start_mark)
                return super().compose_node(parent, index)
            finally:
                self._depth -= 1

    return StrictLoader


def load_yaml(text: str):
    """``yaml.safe_load`` without aliases and with a depth limit; raises ``yaml.YAMLError``."""
    import yaml

    return yaml.load(text, Loader=_strict_loader())  # noqa: S506 (a SafeLoader subclass)
