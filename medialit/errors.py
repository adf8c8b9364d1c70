"""Named exceptions and warnings.

Every message says what happened and what to do next, so a student who meets
one in a notebook can act on it without reading a traceback.
"""


class MedialitError(Exception):
    """Base class for every error medialit raises on purpose."""


class ArticleInputError(MedialitError, ValueError):
    """A text or file given to load_article / load_corpus / the CLI cannot be used."""


class DataFileError(MedialitError, ValueError):
    """A project data file (articles.csv, a lexicon, a key) is broken.

    The message names the file and, where it can, the line.
    """


class QuizBankError(MedialitError, ValueError):
    """A quiz bank (data/quizzes/*.yaml) is malformed; the message names file and question id."""


class ExerciseError(MedialitError, LookupError):
    """An exercise helper was asked for an assignment or question that does not exist."""


class AssignmentError(MedialitError, RuntimeError):
    """nbgrader could not generate an assignment; the message carries nbgrader's own log."""


class MedialitWarning(UserWarning):
    """Something was repaired on the way in (e.g. a Windows-1252 file was decoded)."""
