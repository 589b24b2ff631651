"""The one registry of output formats, by name: add a format by adding an entry to FORMATS.

Every format can be written whole (from a finished Document); a format that also declares
a page ``sink`` is written page by page when it goes to a file (``formats.streaming``)."""

from __future__ import annotations

import importlib
from collections.abc import Callable
from dataclasses import dataclass
from os import PathLike
from pathlib import Path
from typing import TYPE_CHECKING, Any, TextIO

from docparse.formats import json_format, markdown, text
from docparse.formats.page_sinks import JsonSink, MarkdownSink, PageSink, TextSink
from docparse.io.atomic import replaced_atomically

if TYPE_CHECKING:
    from docparse.model import Document


@dataclass(frozen=True)
class OutputFormat:
    """A text format has a ``renderer``; a binary format has a ``writer`` instead.

    A ``per_page`` format writes one file per page: ``parts`` splits a Document into
    one-page Documents and their paths (``NAME.ext`` when there is one page, else
    ``NAME-p<page number>.ext``), and its writer is only ever given one-page Documents.

    A ``streamed`` format has a ``sink``: to a file, it is written page by page as the
    pages are read, instead of from the whole Document."""

    name: str
    extension: str
    renderer: Callable[[Document], str] | None = None
    writer: Callable[[Document, Path], None] | None = None
    per_page: bool = False
    sink: Callable[[TextIO], PageSink] | None = None

    def __post_init__(self) -> None:
        if (self.renderer is None) == (self.writer is None):
            raise ValueError(f"format {self.name!r} needs exactly one of renderer and writer")

    @property
    def binary(self) -> bool:
        return self.renderer is None

    @property
    def streamed(self) -> bool:
        return self.sink is not None

    def open_sink(self, handle: TextIO) -> PageSink:
        if self.sink is None:
            raise ValueError(f"cannot write {self.name} page by page")
        return self.sink(handle)

    def render_text(self, doc: Document) -> str:
        if self.renderer is None:
            raise ValueError(f"{self.name} is a binary format: write it to a file")
        return self.renderer(doc)

    def parts(self, doc: Document, path: str | PathLike[str]) -> list[tuple[Document, Path]]:
        """The files ``write`` makes: (what goes in it, its path)."""
        path = Path(path)
        if not self.per_page or len(doc.pages) <= 1:
            return [(doc, path)]
        return [
            (
                doc.model_copy(update={"pages": [page]}),
                path.with_name(f"{path.stem}-p{page.number}{path.suffix}"),
            )
            for page in doc.pages
        ]

    def write(self, doc: Document, path: str | PathLike[str]) -> None:
        """Writes each file of the output (one per page for per-page formats) atomically."""
        for part, part_path in self.parts(doc, path):
            with replaced_atomically(part_path) as temporary:
                if self.writer is not None:
                    self.writer(part, temporary)
                else:
                    temporary.write_text(self.render_text(part), encoding="utf-8", newline="\n")


def _on_use(module: str, function: str) -> Callable[..., Any]:
    """``docparse.formats.<module>.<function>``, imported when first called: these formats
    need python-docx, PyMuPDF, numpy, Pillow or lxml, which commands that write none of
    them (``eval``, ``find``, ``chunk``) should not load."""

    def call(*args: Any, **kwargs: Any) -> Any:
        loaded = importlib.import_module(f"docparse.formats.{module}")
        return getattr(loaded, function)(*args, **kwargs)

    call.__qualname__ = call.__name__ = f"{module}.{function}"
    return call


FORMATS: dict[str, OutputFormat] = {
    fmt.name: fmt
    for fmt in (
        OutputFormat("json", ".json", renderer=json_format.render, sink=JsonSink),
        OutputFormat("md", ".md", renderer=markdown.render, sink=MarkdownSink),
        OutputFormat("txt", ".txt", renderer=text.render, sink=TextSink),
        OutputFormat("docx", ".docx", writer=_on_use("docx_format", "write")),
        OutputFormat("pdf", ".pdf", writer=_on_use("pdf_format", "write")),
        OutputFormat("hocr", ".hocr", renderer=_on_use("hocr", "render")),
        OutputFormat("html", ".html", renderer=_on_use("html_format", "render")),
        OutputFormat("alto", ".xml", renderer=_on_use("alto", "render")),
        OutputFormat("overlay", ".png", writer=_on_use("overlay", "write"), per_page=True),
    )
}


def parse_format_list(spec: str) -> list[OutputFormat]:
    """``"json,md"`` → those formats in order, once each; ValueError names the valid ones."""
    names = [name.strip().lower() for name in spec.split(",") if name.strip()]
    valid = ", ".join(FORMATS)
    if not names:
        raise ValueError(f"no output format given; valid formats: {valid}")
    unknown = [name for name in names if name not in FORMATS]
    if unknown:
        raise ValueError(f"unknown output format {', '.join(unknown)}; valid formats: {valid}")
    return [FORMATS[name] for name in dict.fromkeys(names)]
