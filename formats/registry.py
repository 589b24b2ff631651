"""The output formats the CLI offers, by name; add a format by adding an entry to FORMATS."""

from __future__ import annotations

import importlib
from collections.abc import Callable
from dataclasses import dataclass
from os import PathLike
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from docparse.model import Document


@dataclass(frozen=True)
class OutputFormat:
    """A text format has a ``renderer``; a binary format has a ``writer`` instead.

    A ``per_page`` format writes one file per page: ``parts`` splits a Document into
    one-page Documents and their paths (``NAME.ext`` when there is one page, else
    ``NAME-p<page number>.ext``), and its writer is only ever given one-page Documents.
    Whoever writes files atomically writes each part (see ``cli.outputs.write_atomic``)."""

    name: str
    extension: str
    renderer: Callable[[Document], str] | None = None
    writer: Callable[[Document, Path], None] | None = None
    per_page: bool = False

    def __post_init__(self) -> None:
        if (self.renderer is None) == (self.writer is None):
            raise ValueError(f"format {self.name!r} needs exactly one of renderer and writer")

    @property
    def binary(self) -> bool:
        return self.renderer is None

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
        for part, part_path in self.parts(doc, path):
            if self.writer is not None:
                self.writer(part, part_path)
            else:
                part_path.write_text(self.render_text(part), encoding="utf-8", newline="\n")


def _on_use(module: str, function: str) -> Callable[..., Any]:
    """``docparse.formats.<module>.<function>``, imported when first called: the formats
    need python-docx, PyMuPDF, numpy and Pillow, which commands that write none of them
    (``--help``, ``eval``) should not load."""

    def call(*args: Any, **kwargs: Any) -> Any:
        loaded = importlib.import_module(f"docparse.formats.{module}")
        return getattr(loaded, function)(*args, **kwargs)

    call.__qualname__ = call.__name__ = f"{module}.{function}"
    return call


FORMATS: dict[str, OutputFormat] = {
    fmt.name: fmt
    for fmt in (
        OutputFormat("json", ".json", renderer=_on_use("json_format", "render")),
        OutputFormat("md", ".md", renderer=_on_use("markdown", "render")),
        OutputFormat("txt", ".txt", renderer=_on_use("text", "render")),
        OutputFormat("docx", ".docx", writer=_on_use("docx_format", "write")),
        OutputFormat("pdf", ".pdf", writer=_on_use("pdf_format", "write")),
        OutputFormat("hocr", ".hocr", renderer=_on_use("hocr", "render")),
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
