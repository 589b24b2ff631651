"""``--out``, the output formats of the commands that write documents (ocr, batch): apart
from :mod:`docparse.cli.options`, which every command with engine flags imports, because its
help lists the format registry."""

from __future__ import annotations

from typing import Annotated

import typer

from docparse.formats.registry import FORMATS

OutFormats = Annotated[
    str,
    typer.Option("--out", "-f", help=f"Formats, comma-separated: {', '.join(FORMATS)}."),
]
OptionalOutFormats = Annotated[
    str | None,
    typer.Option(
        "--out",
        "-f",
        help=f"Formats, comma-separated: {', '.join(FORMATS)} (default: from -o's suffix, "
        "else json).",
    ),
]
