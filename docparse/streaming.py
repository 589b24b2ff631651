"""Writing a Document page by page, as ``Parser.stream`` yields its pages, so that memory
holds one page's model at a time however long the document.

JSON comes out byte for byte as ``json_format.render`` would write the whole Document;
Markdown and text as ``markdown.render`` and ``text.render`` would. Each file appears
atomically (temporary file, then rename) once complete::

    parser = Parser(ParseOptions(engine="tesseract"))
    document = parser.header("big.pdf")
    write_pages(document, parser.stream(document), {"json": Path("big.json")})
"""

from __future__ import annotations

import os
from abc import ABC, abstractmethod
from collections.abc import Callable, Iterable, Iterator, Mapping
from contextlib import ExitStack, contextmanager
from pathlib import Path
from typing import TextIO

from docparse.formats import markdown, text
from docparse.model import Document, Page

_FIELDS = list(Document.model_fields)
_BEFORE_PAGES = set(_FIELDS[: _FIELDS.index("pages")])
_AFTER_PAGES = set(_FIELDS[_FIELDS.index("pages") + 1 :])


class PageSink(ABC):
    """Writes one document to ``handle``: ``start`` once the document's header is final,
    ``add`` for each page in order, ``finish`` once its timings and warnings are final."""

    def __init__(self, handle: TextIO) -> None:
        self.handle = handle

    def start(self, document: Document) -> None:
        self.document = document

    @abstractmethod
    def add(self, page: Page) -> None: ...

    def finish(self, document: Document) -> None:
        return None

    def _one_page(self, page: Page) -> Document:
        return self.document.model_copy(update={"pages": [page]})


class JsonSink(PageSink):
    """The Document JSON; ``indent=None`` gives one compact line, as ``render`` does."""

    def __init__(self, handle: TextIO, indent: int | None = 2) -> None:
        super().__init__(handle)
        self.indent = indent
        self._pages = 0

    def _newline(self, depth: int) -> str:
        return "" if self.indent is None else "\n" + " " * (self.indent * depth)

    def start(self, document: Document) -> None:
        super().start(document)
        head = document.model_dump_json(indent=self.indent, include=_BEFORE_PAGES)
        colon = ":" if self.indent is None else ": "
        self.handle.write(f'{head[: head.rindex("}")].rstrip()},{self._newline(1)}"pages"{colon}[')

    def add(self, page: Page) -> None:
        inner = self._newline(2)
        body = page.model_dump_json(indent=self.indent).replace("\n", inner)
        self.handle.write(("," if self._pages else "") + inner + body)
        self._pages += 1

    def finish(self, document: Document) -> None:
        tail = document.model_dump_json(indent=self.indent, include=_AFTER_PAGES)
        self.handle.write((self._newline(1) if self._pages else "") + "]," + tail[1:])


class MarkdownSink(PageSink):
    """Markdown; pages get a ``## Page N`` heading when there are several, so each page
    waits for the next one to arrive (or for the end) before it is written."""

    def start(self, document: Document) -> None:
        super().start(document)
        self._pending: Page | None = None
        self._headed = False
        self._written = False

    def add(self, page: Page) -> None:
        if self._pending is not None:
            self._headed = True
            self._write(self._pending)
        self._pending = page

    def finish(self, document: Document) -> None:
        if self._pending is not None:
            self._write(self._pending)
        if self._written:
            self.handle.write("\n")

    def _write(self, page: Page) -> None:
        body = markdown.render(self._one_page(page)).removesuffix("\n")
        heading = f"## Page {page.number}" if self._headed else ""
        for part in (heading, body):
            if part:
                self.handle.write(("\n\n" if self._written else "") + part)
                self._written = True


class TextSink(PageSink):
    """Plain text, a form feed between pages."""

    def start(self, document: Document) -> None:
        super().start(document)
        self._pages = 0

    def add(self, page: Page) -> None:
        self.handle.write(("\f" if self._pages else "") + text.render(self._one_page(page)))
        self._pages += 1


SINKS: dict[str, Callable[[TextIO], PageSink]] = {
    "json": JsonSink,
    "md": MarkdownSink,
    "txt": TextSink,
}
"""The formats that can be written page by page, by ``formats.registry`` name."""


@contextmanager
def replaced_atomically(path: Path) -> Iterator[Path]:
    """A temporary path beside ``path`` that becomes ``path`` only if the block completes;
    an error or interrupt leaves no partial file behind."""
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_name(f".{path.name}.partial")
    try:
        yield temporary
        os.replace(temporary, path)
    finally:
        temporary.unlink(missing_ok=True)


@contextmanager
def _atomic_text(path: Path) -> Iterator[TextIO]:
    with (
        replaced_atomically(path) as temporary,
        temporary.open("w", encoding="utf-8", newline="\n") as handle,
    ):
        yield handle


def write_pages(document: Document, pages: Iterable[Page], outputs: Mapping[str, Path]) -> None:
    """Writes ``document`` to each ``{format name: path}`` of ``outputs`` (names from
    ``SINKS``) as ``pages`` arrive. ``pages`` is typically ``parser.stream(document)``; the
    files are created only once it yields its first page (or ends), so a file that cannot
    be opened fails with nothing written."""
    unknown = sorted(set(outputs) - set(SINKS))
    if unknown:
        raise ValueError(f"cannot write {', '.join(unknown)} page by page")
    with ExitStack() as files:
        sinks: list[PageSink] | None = None
        for page in pages:
            sinks = _opened(files, document, outputs) if sinks is None else sinks
            for sink in sinks:
                sink.add(page)
        for sink in _opened(files, document, outputs) if sinks is None else sinks:
            sink.finish(document)


def _opened(files: ExitStack, document: Document, outputs: Mapping[str, Path]) -> list[PageSink]:
    sinks = [SINKS[name](files.enter_context(_atomic_text(path))) for name, path in outputs.items()]
    for sink in sinks:
        sink.start(document)
    return sinks
