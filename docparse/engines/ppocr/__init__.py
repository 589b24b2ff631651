"""The detector-first engine (``--engine ppocr``): PP-OCR text-line detection, each line
read by PP-OCR's recogniser or Tesseract kor+eng (see :mod:`.engine`)."""

from docparse.engines.ppocr.engine import SPEC, PPOCREngine, PPOCROptions

__all__ = ["SPEC", "PPOCREngine", "PPOCROptions"]
