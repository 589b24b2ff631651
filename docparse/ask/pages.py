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


def read_pages(
    parser: Parser, paths: Sequence[str | Path], unread: list[str] | None = None
) -> list[ReadPage]:
    """Every selected page of every file, files in the order given. A file that cannot be
    read is told in ``unread`` ("FILE: why") and the others are read; when none can be,
    InputError (the first file's)."""
    pages = []
    failures = []
    for path in paths:
        try:
            document = parser.parse(path)
        except InputError as error:
            failures.append(f"{path}: {error}")
            continue
        pages.extend(ReadPage(str(path), page) for page in document.pages)
    if failures and (len(failures) == len(paths) or unread is None):
        raise InputError(failures[0])
    if unread is not None:
        unread.extend(failures)
    return pages
