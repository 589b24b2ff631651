"""Parsing the one file a command works on, with failures as one line and an exit code:
2 when the command cannot run (bad options, engine unavailable), 1 when the file fails."""

from __future__ import annotations

from pathlib import Path

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
        return parser.parse(file)
