"""``docparse tables``: a file's tables, one CSV file each."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from docparse.cli import console
from docparse.cli.options import EngineFlags, Overwrite, Password
from docparse.cli.outputs import refuse_unwritable
from docparse.cli.overwrite import refuse_existing
from docparse.cli.single_file import finish, parse_file
from docparse.formats.tables import csv_text
from docparse.io.atomic import write_text_atomic

EXAMPLES = """
Examples:

  docparse tables samples/invoice.pdf -o tables/

  docparse tables report.pdf --pages 2-4 -o out/ --overwrite
"""


def tables_command(
    file: Annotated[Path, typer.Argument(help="A PDF or image.")],
    output: Annotated[
        Path, typer.Option("--output", "-o", help="Directory for the CSV files (made if missing).")
    ],
    overwrite: Overwrite = False,
    pages: Annotated[str | None, typer.Option(help="Pages to read, 1-based: '1-3,7'.")] = None,
    password: Password = None,
    flags: EngineFlags = None,  # type: ignore[assignment]  # filled by options.with_engine_flags
) -> None:
    """Write each table as CSV: NAME-p<page>-t<n>.csv (n counts the page's tables from 1)."""
    if output.exists() and not output.is_dir():
        console.error(f"{output}: not a directory")
        raise typer.Exit(2)
    refuse_unwritable([output])
    document = parse_file(file, flags, pages, password)
    planned = [
        (output / f"{file.stem}-p{page.number}-t{n}.csv", table)
        for page in document.pages
        for n, table in enumerate(page.tables(), start=1)
    ]
    refuse_existing([path for path, _ in planned], overwrite, code=1)
    output.mkdir(parents=True, exist_ok=True)
    for path, table in planned:
        write_text_atomic(path, csv_text(table))
        console.stdout.print(f"{path}  {table.rows}×{table.cols} ({table.method})")
    if not planned:
        console.stdout.print(f"{file}: no tables found")
    finish(document)
