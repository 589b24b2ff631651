"""What the detector-first engine is called, what it can do and the options it takes:
imported by its spec (:mod:`.spec`, the entry point) and by the engine (:mod:`.engine`),
without numpy, OpenCV or onnxruntime."""

from __future__ import annotations

from typing import Literal

from pydantic import Field

from docparse.engines.tesseract_options import TesseractOptions

NAME = "ppocr"
CAPABILITIES = frozenset({"ocr"})
RouteMode = Literal["auto", "ppocr", "tesseract"]
"""Which reader gets the lines: by script (``auto``, see :mod:`.routing`), or all to one."""


class PPOCROptions(TesseractOptions):
    """How the detector-first engine reads a page (``lang``: Tesseract's, for the lines
    routed to it)."""

    detect_side: int = Field(
        default=1600, ge=320, le=4096, description="ppocr: long side (px) the detector sees."
    )
    line_height: int = Field(
        default=40, ge=16, le=128, description="ppocr: line height (px) Tesseract reads at."
    )
    # cascade: on the realdocs dev split at 200 dpi, English H 98.8 at 42 % of small's CPU
    # (small 99.1, tiny 98.1); SROIE dev receipts 96.0 (small 96.7, tiny 94.3)
    recognizer: Literal["small", "tiny", "cascade"] = Field(
        default="cascade",
        description="ppocr: PP-OCRv6 recogniser (tiny: ~4x faster; cascade: tiny, then small "
        "for the lines tiny doubts).",
    )
    route: RouteMode = Field(
        default="auto", description="ppocr: lines to PP-OCR/Tesseract by script, or all to one."
    )
