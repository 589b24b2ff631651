"""The detector-first engine (``--engine ppocr``): PP-OCR text-line detection, each line
read by PP-OCR's recogniser or by Tesseract, Korean model first (see :mod:`.engine`). The
spec and options (:mod:`.spec`, :mod:`.options`) load without the engine's numpy, OpenCV and
onnxruntime."""

from __future__ import annotations

from typing import Any

from docparse.engines.ppocr.options import PPOCROptions
from docparse.engines.ppocr.spec import SPEC

__all__ = ["SPEC", "PPOCREngine", "PPOCROptions"]


def __getattr__(name: str) -> Any:
    if name == "PPOCREngine":
        from docparse.engines.ppocr.engine import PPOCREngine

        return PPOCREngine
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
