"""``docparse extract``: key fields of receipts and invoices as JSON or CSV."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path
from typing import Annotated, Literal

import typer

from docparse.cli import console
from docparse.cli.options import EngineFlags, Password, engine_options
from docparse.errors import DocparseError
from docparse.keyfields import Extraction
from docparse.keyfields.service import extract_file
from docparse.pipeline import ParseOptions, Parser

EXAMPLES = """
Examples:

  docparse extract samples/invoice.pdf --out json

  docparse extract receipts/*.jpg --out csv > fields.csv
"""

CSV_COLUMNS = ("file", "field", "text", "value", "page", "box", "label", "confidence")


def extract_command(
    files: Annotated[list[Path], typer.Argument(help="Receipts and invoices (PDFs, images).")],
    out: Annotated[
        Literal["json", "csv"],
        typer.Option("--out", "-f", help="json (one object, or a list for several files) or csv."),
    ] = "json",
    password: Password = None,
    flags: EngineFlags = None,  # type: ignore[assignment]  # filled by options.with_engine_flags
) -> None:
    """Extract key fields (parties, dates, items, subtotal, VAT, total, payment) with their
    page, box, source line and confidence. A file that fails is reported and skipped: exit 1."""
    options = ParseOptions(
        engine=flags.engine, engine_options=engine_options(flags), password=password
    )
    try:
        parser = Parser(options)
    except DocparseError as problem:
        console.error(str(problem))
        raise typer.Exit(2) from None
    results: list[Extraction] = []
    failed = False
    for number, file in enumerate(files, start=1):
        if len(files) > 1:
            console.stderr.print(f"[{number}/{len(files)}] {file}", style="dim")
        try:
            with console.exit_on_errors(prefix=f"{file}: "):
                results.append(extract_file(parser, file))
        except typer.Exit as problem:
            if problem.exit_code == 2:
                raise
            failed = True
    if out == "csv":
        console.stdout.out(render_csv(results), end="")
    elif len(files) == 1 and results:
        console.stdout.out(results[0].model_dump_json(indent=2))
    elif len(files) > 1:
        console.stdout.out(
            json.dumps([r.model_dump(mode="json") for r in results], indent=2, ensure_ascii=False)
        )
    raise typer.Exit(1 if failed else 0)


def render_csv(results: list[Extraction]) -> str:
    """One row per field value: file, field (``supplier.name``, ``item.2.amount`` ...),
    printed text, normalised value, page, box, label and confidence."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(CSV_COLUMNS)
    for result in results:
        for field, value in result.values():
            box = " ".join(f"{v:.0f}" for v in value.box)
            writer.writerow(
                (
                    result.source,
                    field,
                    value.text,
                    value.value or "",
                    value.page,
                    box,
                    value.label or "",
                    value.confidence,
                )
            )
    return buffer.getvalue()
