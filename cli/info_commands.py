"""``docparse engines`` and ``docparse schema``: what this installation offers."""

from __future__ import annotations

import json

from rich.table import Table

from docparse.cli import console
from docparse.cli.options import EngineFlags, engine_options
from docparse.engines.registry import all_statuses, broken_entry_points
from docparse.model import json_schema

ENGINES_EXAMPLES = """
Examples:

  docparse engines

  docparse engines --base-url http://GPU-HOST:8000/v1     # a vLLM server: reachable?
"""

SCHEMA_EXAMPLES = """
Examples:

  docparse schema > document.schema.json
"""


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


def schema() -> None:
    """Print the JSON Schema of the Document that --out json writes."""
    console.stdout.print_json(json.dumps(json_schema()))
