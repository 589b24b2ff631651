"""LlamaIndex reader (extra ``docparse[llamaindex]``)::

    from docparse.integrations.llamaindex import DocparseReader

    documents = DocparseReader(max_chars=800, engine="tesseract").load_data("report.pdf")
    # or: SimpleDirectoryReader("docs/", file_extractor={".pdf": DocparseReader()})

Each Document is one chunk (``chunk=False``: one page), id ``<sha256>:<char_start>-<char_end>``;
the provenance keys (boxes, block ids, offsets, sha256) are kept out of what is embedded and
shown to the LLM, so that node parsers do not count them against the chunk size."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

try:
    from llama_index.core import Document as LlamaDocument
    from llama_index.core.readers.base import BaseReader
except ImportError:
    raise ImportError(
        "docparse.integrations.llamaindex needs llama-index-core: "
        "pip install 'docparse[llamaindex]'"
    ) from None

from docparse.integrations.rag import PROVENANCE_KEYS, ChunkReader, chunk_metadata


class DocparseReader(ChunkReader, BaseReader):
    """``load_data(file)`` → a LlamaIndex Document per chunk, with docparse's metadata.
    Takes ``chunk``, ``max_chars``, ``overlap``, ``engine`` and :func:`docparse.parse`'s
    settings (see :class:`~docparse.integrations.rag.ChunkReader`)."""

    def lazy_load_data(
        self, file: str | Path, extra_info: dict[str, Any] | None = None, **_: Any
    ) -> Iterator[LlamaDocument]:
        """``extra_info`` (SimpleDirectoryReader's file metadata) is merged into each."""
        for piece in self.chunks(file):
            yield LlamaDocument(
                id_=f"{piece.sha256}:{piece.char_start}-{piece.char_end}",
                text=piece.text,
                metadata={**(extra_info or {}), **chunk_metadata(piece)},
                excluded_embed_metadata_keys=list(PROVENANCE_KEYS),
                excluded_llm_metadata_keys=list(PROVENANCE_KEYS),
            )
