"""LangChain document loader (extra ``docparse[langchain]``)::

    from docparse.integrations.langchain import DocparseLoader

    for doc in DocparseLoader(["report.pdf"], max_chars=800, engine="tesseract").lazy_load():
        doc.page_content, doc.metadata["pages"], doc.metadata["boxes"]

Metadata values are JSON (lists and dicts included); vector stores that accept only flat
values want ``langchain_community.vectorstores.utils.filter_complex_metadata``."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from os import PathLike
from pathlib import Path
from typing import Any

try:
    from langchain_core.document_loaders import BaseLoader
    from langchain_core.documents import Document as LangChainDocument
except ImportError:
    raise ImportError(
        "docparse.integrations.langchain needs langchain-core: pip install 'docparse[langchain]'"
    ) from None

from docparse.integrations.rag import ChunkReader, chunk_metadata


class DocparseLoader(BaseLoader):
    """Parses ``paths`` with docparse and yields one LangChain Document per chunk
    (``chunk=False``: per page). ``parse_settings`` are :func:`docparse.parse`'s."""

    def __init__(
        self,
        paths: str | PathLike[str] | Sequence[str | PathLike[str]],
        chunk: bool = True,
        max_chars: int = 1000,
        overlap: int = 100,
        engine: str = "auto",
        **parse_settings: Any,
    ) -> None:
        self.paths = [Path(paths)] if isinstance(paths, str | PathLike) else list(map(Path, paths))
        self.reader = ChunkReader(chunk, max_chars, overlap, engine, **parse_settings)

    def lazy_load(self) -> Iterator[LangChainDocument]:
        for path in self.paths:
            for piece in self.reader.chunks(path):
                yield LangChainDocument(page_content=piece.text, metadata=chunk_metadata(piece))
