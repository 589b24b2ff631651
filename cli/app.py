"""The ``docparse`` command."""

from __future__ import annotations

import json

import typer
from rich.table import Table

from docparse.cli import (
    ask_command,
    batch_command,
    bench_command,
    chunk_command,
    console,
    eval_command,
    find_command,
    show_command,
)
from docparse.cli.ocr_command import EXAMPLES, ocr
from docparse.cli.options import EngineFlags, engine_options, with_engine_flags
from docparse.engines.registry import all_statuses, broken_entry_points
from docparse.model import json_schema

app = typer.Typer(
    name="docparse",
    help="Korean and English documents to text with exact positions.",
    no_args_is_help=True,
    add_completion=False,
    rich_markup_mode=None,
    pretty_exceptions_enable=False,
)
app.command(epilog=EXAMPLES)(with_engine_flags(ocr))
app.command("eval", epilog=eval_command.EXAMPLES)(with_engine_flags(eval_command.evaluate))
app.add_typer(bench_command.bench)
app.command("find", epilog=find_command.EXAMPLES)(with_engine_flags(find_command.find_command))
app.command("ask", epilog=ask_command.EXAMPLES)(with_engine_flags(ask_command.ask_command))
app.command("batch", epilog=batch_command.EXAMPLES)(with_engine_flags(batch_command.batch))
app.command("show", epilog=show_command.EXAMPLES)(with_engine_flags(show_command.show))
app.command("chunk", epilog=chunk_command.EXAMPLES)(with_engine_flags(chunk_command.chunk))


@app.command()
@with_engine_flags
def engines(flags: EngineFlags) -> None:
    """List the engines, whether each can run here, and how to fix it if not."""
    table = Table("engine", "available", "can")
    table.add_column("notes", overflow="fold")  # the fix is a command to copy: never cut it
    for status in all_statuses(engine_options(flags)):
        notes = status.description if status.available else f"{status.reason}\nfix: {status.fix}"
        if status.licence:
            notes += f"\nmodel licence: {status.licence}"
        table.add_row(
            status.name, "yes" if status.available else "no", ", ".join(status.capabilities), notes
        )
    console.stdout.print(table)
    for problem in broken_entry_points():
        console.stderr.print(f"engine plug-in not loaded: {problem}", markup=False)


@app.command()
def schema() -> None:
    """Print the JSON Schema of the Document that --out json writes."""
    console.stdout.print_json(json.dumps(json_schema()))


def main() -> None:
    app()
