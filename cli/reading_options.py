"""How pages are read, shared by the commands that write whole documents (``ocr`` and
``batch``): declared once, so a folder is read with every choice a file is."""

from __future__ import annotations

from typing import Annotated

import typer

from docparse.cli.options import EngineFlags, engine_options
from docparse.geometry.straighten import GeometryOptions
from docparse.io.sources import TextLayerMode
from docparse.pipeline import ParseOptions

Pages = Annotated[str | None, typer.Option(help="Pages to read, 1-based: '1-3,7'.")]
TextLayer = Annotated[
    TextLayerMode,
    typer.Option(
        help="Use a PDF page's own text: auto (when it has real, visible text; a layer "
        "that lies is replaced by OCR, with a warning), always, never (OCR every page), "
        "redo (OCR every page; --out pdf replaces old invisible layers)."
    ),
]
TargetLongSide = Annotated[
    int,
    typer.Option(min=256, max=10_000, help="Upscale pages so the long side is at least this (px)."),
]
RotatePages = Annotated[
    bool, typer.Option(help="Detect pages turned 90/180/270 degrees and read them upright.")
]
Deskew = Annotated[
    bool, typer.Option(help="Level text lines that lean 0.5 degrees or more before OCR.")
]
MinConfidence = Annotated[
    float,
    typer.Option(
        min=0.0, max=1.0, help="Drop OCR words read with less confidence than this (0-1)."
    ),
]
MaxImagePixels = Annotated[
    int, typer.Option(min=1, help="Refuse images with more pixels (decompression bombs).")
]
Tables = Annotated[bool, typer.Option(help="Find tables (cells, spans) and output them as tables.")]

DEFAULTS = ParseOptions()
"""The library's defaults, each option's default."""


def parse_options(
    flags: EngineFlags,
    *,
    pages: str | None,
    text_layer: TextLayerMode,
    target_long_side: int,
    rotate_pages: bool,
    deskew: bool,
    min_confidence: float,
    max_image_pixels: int,
    tables: bool,
    password: str | None,
    max_pages: int | None = None,
) -> ParseOptions:
    """The ParseOptions the command line gives."""
    return ParseOptions(
        engine=flags.engine,
        engine_options=engine_options(flags),
        pages=pages,
        text_layer=text_layer,
        target_long_side=target_long_side,
        password=password,
        max_image_pixels=max_image_pixels,
        max_pages=max_pages,
        tables=tables,
        geometry=GeometryOptions(rotate_pages=rotate_pages, deskew=deskew),
        min_confidence=min_confidence,
    )
