"""The ``docparse`` command. Each subcommand's module is imported only when that command
runs (``docparse.cli.lazy_group``): ``docparse --help`` stays fast."""

from __future__ import annotations

import gc
from typing import Annotated

import typer

from docparse.cli.interrupts import sigterm_as_interrupt
from docparse.cli.lazy_group import LazyCommand, lazy_group

COMMANDS = {
    "ocr": LazyCommand(
        "Recognise text with boxes, lines and blocks in reading order.",
        "docparse.cli.ocr_command",
        "ocr",
    ),
    "eval": LazyCommand(
        "Score OCR with PopEval and CER/WER: an engine on a dataset, or prediction files.",
        "docparse.cli.eval_command",
        "evaluate",
        engine_free_with="--pred",
    ),
    "find": LazyCommand(
        "Find where a phrase appears: page and box of each match.",
        "docparse.cli.find_command",
        "find_command",
    ),
    "ask": LazyCommand(
        "Answer a question about documents, with the evidence's page and box.",
        "docparse.cli.ask_command",
        "ask_command",
    ),
    "extract": LazyCommand(
        "Extract key fields (parties, dates, items, totals) of receipts and invoices.",
        "docparse.cli.extract_command",
        "extract_command",
    ),
    "batch": LazyCommand(
        "Read every file under a folder, in parallel, into a mirrored tree of outputs.",
        "docparse.cli.batch_command",
        "batch",
    ),
    "show": LazyCommand(
        "Draw each page with its word boxes, coloured by confidence.",
        "docparse.cli.show_command",
        "show",
    ),
    "chunk": LazyCommand(
        "Print the chunks (text, pages, boxes, offsets) for RAG, one JSON a line.",
        "docparse.cli.chunk_command",
        "chunk",
    ),
    "tables": LazyCommand(
        "Write each table as CSV, one file per table.",
        "docparse.cli.tables_command",
        "tables_command",
    ),
    "engines": LazyCommand(
        "List the engines, whether each can run here, and how to fix it if not.",
        "docparse.cli.info_commands",
        "engines",
        epilog_attribute="ENGINES_EXAMPLES",
    ),
    "schema": LazyCommand(
        "Print the JSON Schema of the Document that --out json writes.",
        "docparse.cli.info_commands",
        "schema",
        epilog_attribute="SCHEMA_EXAMPLES",
        engine_flags=False,
    ),
    "bench": LazyCommand("Benchmark data.", "docparse.cli.bench_command", "bench", group=True),
}

app = typer.Typer(
    name="docparse",
    cls=lazy_group(COMMANDS),
    help="Korean and English documents to text with exact positions.",
    no_args_is_help=True,
    add_completion=False,
    rich_markup_mode=None,
    pretty_exceptions_enable=False,
)


def _show_version(value: bool) -> None:
    if value:
        from importlib.metadata import version

        typer.echo(f"docparse {version('docparse')}")
        raise typer.Exit()


@app.callback()
def _main(
    version: Annotated[
        bool,
        typer.Option(
            "--version", callback=_show_version, is_eager=True, help="Print the version and exit."
        ),
    ] = False,
) -> None:
    """Korean and English documents to text with exact positions."""


GC_YOUNG_THRESHOLD = 50_000
"""Allocations between two collections of the youngest generation (Python's default: 700).
What a command builds (typer's command, pydantic's schemas) and reads (tens of thousands of
boxes and words) lives until it ends, little of it is garbage, yet the default made the collector
scan it again and again: ~0.10 s of the ~1 s CPU of `docparse eval --gt --pred` on the 500
IC15 files, ~0.035 s with this threshold (2026-11-26, 2-core CPU; gc callbacks around that
command). Memory left to a collection grows by at most this many young objects."""


def main() -> None:
    gc.set_threshold(GC_YOUNG_THRESHOLD, *gc.get_threshold()[1:])
    try:
        with sigterm_as_interrupt():
            app()
    finally:
        # What the command built (modules, typer's command, pydantic's schemas, what it
        # read and scored) lives until the process ends, and the interpreter's last step
        # collected it all once more before freeing it: 0.06 of the 1.0 billion
        # instructions of a one-file `docparse eval --gt --pred`, 0.06 of a 500-file one,
        # after its last output (2026-11-26, valgrind). Frozen, it is only freed (by
        # reference counts and the operating system), as before; exit handlers still run.
        gc.freeze()
