"""The one registry of output formats, by name: add a format by adding an entry to FORMATS.

Every format can be written whole (from a finished Document); a format that also declares
a page ``sink`` is written page by page when it goes to a file (``formats.streaming``)."""

from __future__ import annotations

import importlib
import re
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from os import PathLike
from pathlib import Path
from typing import TYPE_CHECKING, Any, TextIO

from docparse.formats import json_format, markdown, text
from docparse.formats.page_sinks import JsonSink, MarkdownSink, PageSink, TextSink
from docparse.io.atomic import replaced_atomically
from docparse.io.page_ranges import PageRangeError, is_selected, parse_page_ranges

if TYPE_CHECKING:
    from docparse.model import Document


@dataclass(frozen=True)
class OutputFormat:
    """A text format has a ``renderer``; a binary format has a ``writer`` instead.

    A ``per_page`` format writes one file per page: ``parts`` splits a Document into
    one-page Documents and their paths (``NAME.ext`` when its source has one page, else
    ``NAME-p<page number>.ext``, also for one page chosen of several), and its writer is
    only ever given one-page Documents.

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
        """The files ``write`` makes: (what goes in it, its path). A per-page format has no
        file for a page that could not be read (its ``error``, told already): nothing of it
        can be drawn, and the other pages' files are still written."""
        path = Path(path)
        if not self.per_page:
            return [(doc, path)]
        read = [page for page in doc.pages if page.error is None]
        if doc.page_count <= 1 and len(doc.pages) <= 1:
            return [(doc, path)] if read else []
        return [
            (doc.model_copy(update={"pages": [page]}), page_path(path, page.number))
            for page in read
        ]

    def write(self, doc: Document, path: str | PathLike[str]) -> list[Path]:
        """Writes each file of the output (one per page for per-page formats) atomically;
        returns the files written."""
        written = []
        for part, part_path in self.parts(doc, path):
            with replaced_atomically(part_path) as temporary:
                if self.writer is not None:
                    self.writer(part, temporary)
                else:
                    temporary.write_text(self.render_text(part), encoding="utf-8", newline="\n")
            written.append(part_path)
        return written

    def part_number(self, path: Path, candidate: Path) -> int | None:
        """Which file of the output written to ``path`` ``candidate`` is: 0 for ``path``
        itself, N for its page file ``NAME-pN.ext`` (per-page formats), None for neither."""
        if candidate == path:
            return 0
        if not self.per_page or candidate.parent != path.parent or candidate.suffix != path.suffix:
            return None
        page = page_file(candidate.stem)
        return page[1] if page is not None and page[0] == path.stem else None

    def may_write(self, paths: Iterable[Path], pages: str | None = None) -> list[Path]:
        """Every file writing this format to ``paths`` can write, for the guards against
        replacing a file: the paths, and for a per-page format the page files already there
        beside them (``NAME-pN.ext`` for each N ``pages`` chooses, '1-3,7', all when None: a
        file's pages are known only once it is read). Each folder is listed once."""
        paths = list(paths)
        if not self.per_page:
            return paths
        try:
            ranges = parse_page_ranges(pages)
        except PageRangeError:  # refused when the file is read; here: any page
            ranges = None
        wanted = set(paths)
        found = list(paths)
        for folder in {path.parent for path in paths}:
            if folder.is_dir():
                found += [
                    candidate
                    for candidate in folder.iterdir()
                    if (page := page_file(candidate.stem)) is not None
                    and is_selected(ranges, page[1])
                    and candidate.with_name(page[0] + candidate.suffix) in wanted
                ]
        return found


_PAGE_FILE = re.compile(r"(?P<name>.+)-p(?P<number>[1-9][0-9]*)")


def page_path(path: Path, number: int) -> Path:
    """The file of page ``number`` of a per-page output named ``path``: ``NAME-pN.ext``."""
    return path.with_name(f"{path.stem}-p{number}{path.suffix}")


def page_file(stem: str) -> tuple[str, int] | None:
    """``("NAME", N)`` for a page file's stem ``NAME-pN``, else None."""
    match = _PAGE_FILE.fullmatch(stem)
    return None if match is None else (match["name"], int(match["number"]))


class OutputNames:
    """The names of outputs in one folder (file names less their extension), to tell which
    would write the same file: the same name twice, or with a per-page format one the page
    file of another (``a`` writes ``a-p1.png``, the file of ``a-p1``)."""

    def __init__(self, formats: Iterable[OutputFormat], names: Iterable[str] = ()) -> None:
        self._paged = any(fmt.per_page for fmt in formats)
        self._names: Counter[str] = Counter()
        self._page_bases: Counter[str] = Counter()
        for name in names:
            self.add(name)

    def add(self, name: str) -> None:
        self._names[name] += 1
        if self._paged and (page := page_file(name)) is not None:
            self._page_bases[page[0]] += 1

    def clashes(self, name: str, added: bool = False) -> bool:
        """Whether ``name`` would write a file another name added writes (``added``: this
        name is among them itself, once)."""
        if self._names[name] > int(added):
            return True
        if not self._paged:
            return False
        page = page_file(name)
        return (page is not None and self._names[page[0]] > 0) or self._page_bases[name] > 0


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
