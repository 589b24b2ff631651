"""OCR results cached on disk as Document JSON, keyed by the file's SHA-256 and the engine:
benchmarks that iterate on what is done with the words (extraction, answering) re-read a
page only when the page, the engine or the reading order changed. The cache lives in
``benchmarks/.cache/`` (ignored by git); delete it after changing an engine."""

from __future__ import annotations

import hashlib
from pathlib import Path

from docparse import reading_order
from docparse.model import Document
from docparse.pipeline import ParseOptions, Parser

CACHE = Path(__file__).resolve().parent / ".cache" / "ocr"
LAYOUT = hashlib.sha256(Path(reading_order.__file__).read_bytes()).hexdigest()[:12]
"""The reading order's code, part of each entry's name: a stored document holds the blocks it
laid out, so a change to it would otherwise be hidden by the cache (measured: rowsplit's
before/after first showed no change at all)."""


class CachedParser:
    """Parses files with ``engine`` once; later calls for the same bytes read the cache."""

    def __init__(
        self, engine: str = "tesseract", cache: Path = CACHE, engine_options: dict | None = None
    ) -> None:
        self.engine = engine
        self.cache = cache
        self.engine_options = engine_options or {}
        self._parser: Parser | None = None
        self.misses = 0

    def parse(self, path: Path) -> Document:
        digest = hashlib.sha256(path.read_bytes()).hexdigest()
        stored = self.cache / f"{digest}-{self.engine}-{LAYOUT}.json"
        if stored.exists():
            document = Document.model_validate_json(stored.read_text(encoding="utf-8"))
            return document.model_copy(update={"source": str(path)})
        if self._parser is None:
            self._parser = Parser(
                ParseOptions(engine=self.engine, engine_options=self.engine_options)
            )
        document = self._parser.parse(path)
        self.misses += 1
        self.cache.mkdir(parents=True, exist_ok=True)
        partial = stored.with_suffix(".part")
        partial.write_text(document.to_json(indent=None), encoding="utf-8")
        partial.replace(stored)
        return document
