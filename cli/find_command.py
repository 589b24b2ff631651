"""``docparse find``: the boxes where a phrase appears."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated, Literal

import typer
from rich.table import Table

from docparse.cli import console
from docparse.cli.options import EngineFlags, Password, engine_options
from docparse.errors import DocparseError
from docparse.grounding import find
from docparse.pipeline import ParseOptions, Parser

EXAMPLES = """
Examples:

  docparse find samples/invoice.pdf "합계"

  docparse find receipt.png "Total" --out json

  docparse find scan.pdf "대한정밀" --engine varco --model ./VARCO-VISION-2.0-1.7B-OCR
"""


def find_command(
    file: Annotated[Path, typer.Argument(help="A PDF or image.")],
    phrase: Annotated[str, typer.Argument(help="The text to look for (spaces and case ignored).")],
    out: Annotated[
        Literal["text", "json"], typer.Option("--out", "-f", help="text or json.")
    ] = "text",
    pages: Annotated[str | None, typer.Option(help="Pages to search, 1-based: '1-3,7'.")] = None,
    min_score: Annotated[
        float, typer.Option(min=0, max=100, help="Fuzzy match threshold for OCR-word search.")
    ] = 80.0,
    password: Password = None,
    flags: EngineFlags = None,  # type: ignore[assignment]  # filled by options.with_engine_flags
) -> None:
    """Find where a phrase appears: page and box of each match. Exit 1 when none."""
    if not phrase.strip():  # it read the whole file, then found nothing
        console.error("the phrase is empty")
        raise typer.Exit(2)
    options = ParseOptions(
        engine=flags.engine, engine_options=engine_options(flags), pages=pages, password=password
    )
    try:
        with Parser(options) as parser:
            matches = find(parser, str(file), phrase, min_score)
    except DocparseError as problem:
        console.error(f"{file}: {problem}")
        raise typer.Exit(1) from None
    if out == "json":
        console.stdout.out(
            json.dumps([m.model_dump() for m in matches], ensure_ascii=False, indent=2)
        )
    else:
        table = Table("page", "box (x0, y0, x1, y1)", "text", "score", "by")
        for match in matches:
            box = ", ".join(f"{v:.0f}" for v in match.box)
            score = "" if match.score is None else f"{match.score:.0f}"
            table.add_row(str(match.page), box, match.text, score, match.method)
        console.stdout.print(table if matches else f"{phrase!r} not found in {file}")
    raise typer.Exit(0 if matches else 1)
