"""docparse: Korean and English documents to text with exact positions."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from docparse.version import __version__

if TYPE_CHECKING:
    from docparse.ask import ask
    from docparse.keyfields import extract
    from docparse.model import Block, Document, Line, Page, Word
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
    "extract",
    "iter_pages",
    "parse",
]


def __getattr__(name: str) -> Any:
    # Imported on first use only: the model needs pydantic, the pipeline PyMuPDF, Pillow and
    # the engines; ``docparse --help`` and ``import docparse.cli.app`` need none of them.
    if name in {"Block", "Document", "Line", "Page", "Word"}:
        from docparse import model

        return getattr(model, name)
    if name in {"parse", "iter_pages", "Parser", "ParseOptions"}:
        from docparse import pipeline

        return getattr(pipeline, name)
    if name == "ask":
        from docparse.ask import ask

        return ask
    if name == "extract":
        from docparse.keyfields import extract

        return extract
    raise AttributeError(f"module 'docparse' has no attribute {name!r}")
