"""``docparse chunk``: a file's chunks for retrieval, as JSON Lines on stdout or in a file."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from docparse.chunking import chunk_document
from docparse.cli import console
from docparse.cli.options import EngineFlags, Overwrite, Password
from docparse.cli.outputs import check_output_file, write_text
from docparse.cli.single_file import finish, parse_file

EXAMPLES = """
Examples:

  docparse chunk samples/two_column.pdf --max-chars 500 --overlap 50

  docparse chunk scan.pdf --engine tesseract -o scan.chunks.jsonl
"""


def chunk(
    file: Annotated[Path, typer.Argument(help="A PDF or image.")],
    max_chars: Annotated[
        int, typer.Option(min=1, help="Longest chunk, first word to last (a longer word alone).")
    ] = 1000,
    overlap: Annotated[
        int, typer.Option(min=0, help="Characters of the previous chunk's end to repeat.")
    ] = 100,
    pages: Annotated[str | None, typer.Option(help="Pages to read, 1-based: '1-3,7'.")] = None,
    output: Annotated[
        Path | None,
        typer.Option("--output", "-o", help="Write the JSON Lines to this file, not stdout."),
    ] = None,
    password: Password = None,
    overwrite: Overwrite = False,
    flags: EngineFlags = None,  # type: ignore[assignment]  # filled by options.with_engine_flags
) -> None:
    """Print the chunks (text, pages, word boxes, block ids, offsets, source), one JSON a line."""
    if overlap >= max_chars:
        console.error("--overlap must be less than --max-chars")
        raise typer.Exit(2)
    check_output_file([file], output, overwrite)
    document = parse_file(file, flags, pages, password)
    pieces = chunk_document(document, max_chars, overlap)
    write_text("".join(piece.model_dump_json() + "\n" for piece in pieces), output)
    finish(document)
