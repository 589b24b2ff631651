"""Errors docparse reports to people as one line (never a traceback)."""


class DocparseError(Exception):
    """Base class: ``str(error)`` is a complete one-line message for the user."""


class InputError(DocparseError):
    """An input file cannot be read: missing, unsupported, corrupt, encrypted, too large."""


class EngineUnavailable(DocparseError):
    """The requested engine cannot run here; the message says how to fix that."""


def internal_failure(error: BaseException) -> str:
    """The one-line message for an error docparse did not foresee (a bug, or the machine):
    what happened in words, then the detail."""
    if isinstance(error, MemoryError):
        return "ran out of memory while reading this file"
    detail = str(error) or type(error).__name__
    return f"docparse failed on this file because of an internal error ({detail}); please report it"
