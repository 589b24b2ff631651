"""``docparse extract``: key fields of receipts and invoices as JSON or CSV."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path
from typing import Annotated, Literal

import typer

from docparse.cli import console
from docparse.cli.options import EngineFlags, Overwrite, Password, Quiet, engine_options
from docparse.cli.outputs import STDOUT, check_output_file, write_text
from docparse.errors import DocparseError
from docparse.keyfields import Extraction
from docparse.keyfields.service import extract_file
from docparse.pipeline import ParseOptions, Parser

EXAMPLES = """
Examples:

  docparse extract samples/invoice.pdf --out json

  docparse extract receipts/*.jpg -o fields.csv
"""

CSV_COLUMNS = ("file", "field", "text", "value", "page", "box", "label", "confidence")


def extract_command(
    files: Annotated[list[Path], typer.Argument(help="Receipts and invoices (PDFs, images).")],
    out: Annotated[
        Literal["json", "csv"] | None,
        typer.Option(
            "--out",
            "-f",
            help="json (one object, or a list for several files) or csv; by default the "
            "suffix of -o, else json.",
        ),
    ] = None,
    output: Annotated[
        Path | None,
        typer.Option(
            "--output", "-o", help="Write to this file (.json or .csv) instead of stdout."
        ),
    ] = None,
    password: Password = None,
    overwrite: Overwrite = False,
    quiet: Quiet = False,
    flags: EngineFlags = None,  # type: ignore[assignment]  # filled by options.with_engine_flags
) -> None:
    """Extract key fields (parties, dates, items, subtotal, VAT, total, payment) with their
    page, box, source line and confidence. A file that fails is reported and skipped: exit 1."""
    fmt = out or _format_of(output)
    check_output_file(files, output, overwrite)
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
        if len(files) > 1 and not quiet:
            console.stderr.print(f"[{number}/{len(files)}] {file}", style="dim")
        try:
            with console.exit_on_errors(prefix=f"{file}: "):
                results.append(extract_file(parser, file))
        except typer.Exit as problem:
            if problem.exit_code == 2:
                raise
            failed = True
            continue
        unread = {f"page {number} " for number in results[-1].unread_pages}
        for warning in results[-1].warnings:  # a page not read is an error, -q or not
            if warning.startswith(tuple(unread)):
                console.error(f"{file}: {warning}")
            elif not quiet:
                console.warn(f"{file}: {warning}")
        failed = failed or bool(unread)
    text = _rendered(results, fmt, several=len(files) > 1)
    if text is not None:
        write_text(text, output)
    raise typer.Exit(1 if failed else 0)


def _format_of(output: Path | None) -> Literal["json", "csv"]:
    """The format ``-o``'s suffix names (JSON without ``-o`` or with ``-o -``); exit 2 for
    another suffix."""
    suffix = output.suffix.lower() if output is not None and str(output) != STDOUT else ".json"
    if suffix in (".json", ".csv"):
        return "csv" if suffix == ".csv" else "json"
    console.error(f"-o {output}: extract writes .json or .csv; give the format with --out")
    raise typer.Exit(2)


def _rendered(results: list[Extraction], fmt: str, several: bool) -> str | None:
    """The output text: CSV, one JSON object (one file), a JSON list (several), or None
    when the one file failed."""
    if fmt == "csv":
        return render_csv(results)
    if several:
        listed = [r.model_dump(mode="json") for r in results]
        return json.dumps(listed, indent=2, ensure_ascii=False) + "\n"
    return results[0].model_dump_json(indent=2) + "\n" if results else None


def render_csv(results: list[Extraction]) -> str:
    """One row per field value: file, field (``supplier.name``, ``item.2.amount`` ...),
    printed text, normalised value, page, box, label and confidence; a file read with no field
    found is one row with only its name, so that it is told from a file never read."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(CSV_COLUMNS)
    for result in results:
        values = list(result.values())
        if not values:
            writer.writerow((result.source, *[""] * (len(CSV_COLUMNS) - 1)))
        for field, value in values:
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
