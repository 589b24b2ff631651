"""Errors docparse reports to people as one line (never a traceback)."""


class DocparseError(Exception):
    """Base class: ``str(error)`` is a complete one-line message for the user."""


class InputError(DocparseError):
    """An input file cannot be read: missing, unsupported, corrupt, encrypted, too large."""


class EngineUnavailable(DocparseError):
    """The requested engine cannot run here; the message says how to fix that."""
