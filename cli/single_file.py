"""Parsing the one file a command works on, with failures as one line and an exit code:
2 when the command cannot run (bad options, engine unavailable), 1 when the file fails or
one of its pages does."""

from __future__ import annotations

from pathlib import Path
from typing import NoReturn

import typer

from docparse.cli import console
from docparse.cli.options import EngineFlags, engine_options
from docparse.errors import DocparseError
from docparse.model import Document
from docparse.pipeline import ParseOptions, Parser


def parse_file(file: Path, flags: EngineFlags, pages: str | None, password: str | None) -> Document:
    options = ParseOptions(
        engine=flags.engine, engine_options=engine_options(flags), pages=pages, password=password
    )
    try:
        parser = Parser(options)
    except DocparseError as problem:
        console.error(str(problem))
        raise typer.Exit(2) from None
    with parser, console.exit_on_errors(prefix=f"{file}: "):
        document = parser.parse(file)
    for page in document.pages:  # the others are worked on; the command ends with exit 1
        if page.error is not None:
            console.error(f"{file}: {page.error}")
    return document


def finish(document: Document) -> NoReturn:
    """The command's end: exit 1 when a page of its file could not be read (each told by
    :func:`parse_file`), as ``ocr`` does; it exited 0, the page silently left out."""
    raise typer.Exit(1 if any(page.error is not None for page in document.pages) else 0)
