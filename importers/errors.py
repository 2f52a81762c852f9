"""The one exception importers raise towards the user."""
from __future__ import annotations


class ImportError_(Exception):
    """A file that cannot be imported; ``str(e)`` is a Chinese sentence for the user.

    (The trailing underscore keeps it apart from Python's built-in ``ImportError``.)
    """


class YearNotFound(ImportError_):
    """The evaluated year could not be read from the files: the caller must ask for it."""
