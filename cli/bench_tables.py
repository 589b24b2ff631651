"""``docparse bench tables``: tables found on synthetic pages, real PDF pages rendered as
images and born-digital pages, scored against exact truth; false tables on pages without
any (synthetic documents, SROIE receipts)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from docparse.cli import console
from docparse.cli.options import Overwrite
from docparse.cli.overwrite import refuse_existing
from docparse.errors import DocparseError
from docparse.evaluation.real_bench import default_pdf_dir
from docparse.evaluation.table_bench import (
    TableBenchSettings,
    default_sroie_dir,
    run_table_bench,
)
from docparse.io.atomic import write_text_atomic

TABLES_EXAMPLES = """
Examples:

  docparse bench tables                                   # Tesseract words, print the tables

  docparse bench tables --engine tesseract,ppocr --markdown tables-run.md

  docparse bench tables --synth 2 --realdocs 3 --negatives 5 --receipts 5   # a quick look
"""


def tables(
    engine: Annotated[
        str, typer.Option(help="Engines whose words make the image tables, comma-separated.")
    ] = "tesseract",
    synth: Annotated[
        int, typer.Option(min=0, help="Synthetic pages per table style and language.")
    ] = 5,
    realdocs: Annotated[
        int, typer.Option(min=0, help="Realdocs table pages per split (dev, test).")
    ] = 10,
    negatives: Annotated[int, typer.Option(min=0, help="Synthetic documents without tables.")] = 20,
    receipts: Annotated[int, typer.Option(min=0, help="SROIE receipts per split.")] = 30,
    layout: Annotated[
        bool, typer.Option(help="Also PyMuPDF's layout model (about 4x the table time).")
    ] = False,
    realdocs_dir: Annotated[
        Path | None, typer.Option(help="Folder of PDFs (default ../shared/datasets/realdocs).")
    ] = None,
    sroie_dir: Annotated[
        Path | None, typer.Option(help="SROIE folder with img/ (default ../shared/datasets/sroie).")
    ] = None,
    markdown_copy: Annotated[
        Path | None, typer.Option("--markdown", help="Also write the results to this file.")
    ] = None,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="No progress lines.")] = False,
    overwrite: Overwrite = False,
) -> None:
    """Table structure F1 (ICDAR 2013 cell adjacency) and cell text accuracy, beside plain
    Tesseract; false tables on pages without any."""
    if markdown_copy is not None:  # a results file kept by hand: never replaced unasked
        refuse_existing([markdown_copy], overwrite)
    engines = list(dict.fromkeys(part.strip() for part in engine.split(",") if part.strip()))
    if not engines:
        console.error("--engine: empty list")
        raise typer.Exit(2)
    settings = TableBenchSettings(
        engines=engines,
        synth=synth,
        realdocs=realdocs,
        negatives=negatives,
        receipts=receipts,
        layout=layout,
        realdocs_dir=realdocs_dir if realdocs_dir is not None else default_pdf_dir(),
        sroie_dir=sroie_dir if sroie_dir is not None else default_sroie_dir(),
    )

    def progress(line: str) -> None:
        if not quiet:
            console.stderr.print(line, markup=False)

    try:
        text = run_table_bench(settings, progress)
    except DocparseError as problem:  # e.g. an unknown engine
        console.error(str(problem))
        raise typer.Exit(2) from None
    except KeyboardInterrupt:
        console.error("interrupted")
        raise typer.Exit(130) from None
    if markdown_copy is not None:
        try:
            write_text_atomic(markdown_copy, text)
        except OSError as problem:
            console.error(f"{problem.filename}: {problem.strerror}")
            raise typer.Exit(2) from None
    console.stdout.print(text, markup=False)
