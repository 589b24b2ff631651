"""docparse: Korean and English documents to text with exact positions."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from docparse.model import Block, Document, Line, Page, Word
from docparse.version import __version__

if TYPE_CHECKING:
    from docparse.ask import ask
    from docparse.pipeline import ParseOptions, Parser, iter_pages, parse

__all__ = [
    "Block",
    "Document",
    "Line",
    "Page",
    "ParseOptions",
    "Parser",
    "Word",
    "__version__",
    "ask",
    "iter_pages",
    "parse",
]


def __getattr__(name: str) -> Any:
    # The pipeline pulls in PyMuPDF, Pillow and the engines: import it on first use only.
    if name in {"parse", "iter_pages", "Parser", "ParseOptions"}:
        from docparse import pipeline

        return getattr(pipeline, name)
    if name == "ask":
        from docparse.ask import ask

        return ask
    raise AttributeError(f"module 'docparse' has no attribute {name!r}")
