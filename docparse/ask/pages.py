"""The pages of the input files as OCR read them (or their text layer), in document order."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import NamedTuple

from docparse.ask.answer import PageRef
from docparse.errors import InputError
from docparse.model import Page
from docparse.pipeline import Parser


class ReadPage(NamedTuple):
    """One recognised page and the file it is from."""

    source: str
    page: Page

    @property
    def ref(self) -> PageRef:
        return PageRef(source=self.source, page=self.page.number)


def read_pages(parser: Parser, paths: Sequence[str | Path]) -> list[ReadPage]:
    """Every selected page of every file, files in the order given."""
    pages = []
    for path in paths:
        try:
            document = parser.parse(path)
        except InputError as error:
            raise InputError(f"{path}: {error}") from None
        pages.extend(ReadPage(str(path), page) for page in document.pages)
    return pages
