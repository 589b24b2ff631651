"""``docparse show``: a PNG per page with the word boxes and line numbers drawn on it."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from docparse.cli import console
from docparse.cli.options import EngineFlags, Overwrite, Password
from docparse.cli.overwrite import refuse_existing, refuse_overwriting_inputs
from docparse.cli.single_file import finish, parse_file
from docparse.errors import DocparseError
from docparse.formats.registry import FORMATS

EXAMPLES = """
Examples:

  docparse show samples/receipt.png --engine tesseract

  docparse show scan.pdf --pages 2 -o checks/
"""


def show(
    file: Annotated[Path, typer.Argument(help="A PDF or image.")],
    output: Annotated[
        Path, typer.Option("--output", "-o", help="Directory for the PNGs.", file_okay=False)
    ] = Path(),
    pages: Annotated[str | None, typer.Option(help="Pages to draw, 1-based: '1-3,7'.")] = None,
    password: Password = None,
    overwrite: Overwrite = False,
    flags: EngineFlags = None,  # type: ignore[assignment]  # filled by options.with_engine_flags
) -> None:
    """Draw each page with its word boxes, coloured by confidence (red → green, grey when
    unknown), and its line numbers in reading order: NAME.png for a one-page file, else
    NAME-pN.png per page (also for one page chosen with --pages)."""
    overlay = FORMATS["overlay"]
    target = output / f"{file.stem}{overlay.extension}"
    destinations = overlay.may_write([target], pages)
    refuse_overwriting_inputs([file], destinations)
    refuse_existing(destinations, overwrite)
    document = parse_file(file, flags, pages, password)
    try:
        for path in overlay.write(document, target):
            console.stdout.out(str(path))
    except DocparseError as problem:
        console.error(f"{file}: {problem}")
        raise typer.Exit(1) from None
    except OSError as problem:
        console.error(f"cannot write {problem.filename or output}: {problem.strerror}")
        raise typer.Exit(1) from None
    finish(document)
