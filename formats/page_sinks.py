"""Page sinks: the formats that can be written page by page, as ``Parser.stream`` yields
the pages, so that memory holds one page's model at a time however long the document.

JSON comes out byte for byte as ``json_format.render`` would write the whole Document;
Markdown and text as ``markdown.render`` and ``text.render`` would. A format declares its
sink in ``formats.registry``; ``formats.streaming.write_pages`` drives them."""

from __future__ import annotations

from abc import ABC, abstractmethod
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
        self.handle.write((self._newline(1) if self._pages else "") + "]," + tail[1:] + "\n")


class MarkdownSink(PageSink):
    """Markdown; pages get a ``## Page N`` heading when there are several (or the one page
    is not the first), so each page waits for the next one to arrive (or for the end)
    before it is written."""

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
        body = markdown.page_body(page)
        headed = self._headed or markdown.needs_heading(page)
        heading = markdown.heading(page) if headed else ""
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
