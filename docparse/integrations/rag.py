"""What the RAG loaders share: parsing files with one Parser and turning each chunk into a
framework document's text and JSON-friendly metadata: ``source``, ``sha256``,
``chunk_index``, ``char_start``, ``char_end``, ``pages``, ``boxes`` and ``block_ids``."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

from docparse.chunking import Chunk, chunk_document, page_chunks
from docparse.pipeline import Parser, parse_options

PROVENANCE_KEYS = ("boxes", "block_ids", "char_start", "char_end", "sha256")
"""Metadata for highlighting the source, not for embedding or prompting."""


class ChunkReader:
    """Parses files with one Parser (its engine loaded once) and cuts them into chunks:
    ``chunk=True`` as :func:`docparse.chunking.chunk_document`, ``chunk=False`` one per page."""

    def __init__(
        self,
        chunk: bool = True,
        max_chars: int = 1000,
        overlap: int = 100,
        engine: str = "auto",
        **parse_settings: Any,
    ) -> None:
        self.chunk = chunk
        self.max_chars = max_chars
        self.overlap = overlap
        self.parser = Parser(parse_options(engine, parse_settings))

    def chunks(self, path: str | Path) -> Iterator[Chunk]:
        document = self.parser.parse(path)
        if self.chunk:
            yield from chunk_document(document, self.max_chars, self.overlap)
        else:
            yield from page_chunks(document)


def chunk_metadata(chunk: Chunk) -> dict[str, Any]:
    """The chunk's provenance as JSON-friendly metadata (everything but its text)."""
    return {"chunk_index": chunk.index, **chunk.model_dump(mode="json", exclude={"text", "index"})}
