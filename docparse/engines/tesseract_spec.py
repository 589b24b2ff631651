"""The ``tesseract`` engine's spec: the entry point. Every command's engine flags load it, so
it imports neither the engine (:mod:`docparse.engines.tesseract`, with Pillow and the
document model) nor tesserocr; ``create`` imports the engine."""

from __future__ import annotations

from typing import TYPE_CHECKING

from docparse.engines.base import EngineOptions, EngineStatus, SpecDefaults, status_of
from docparse.engines.tesseract_options import (
    CAPABILITIES,
    INSTALL_FIX,
    NAME,
    TesseractOptions,
    find_tessdata,
    language_fix,
    missing_languages,
)
from docparse.errors import EngineUnavailable

if TYPE_CHECKING:
    from docparse.engines.tesseract import TesseractEngine


class TesseractSpec(SpecDefaults):
    name = NAME
    description = "Tesseract 5 LSTM (CPU), Korean + English by default"
    capabilities = CAPABILITIES
    options_model = TesseractOptions
    priority = 10  # auto's fallback: runs on any CPU
    page_mode = "L"  # pages are read in greyscale (see docparse.engines.tesseract's doc)

    def auto_ready(self, options: EngineOptions) -> bool:
        return True

    def status(self, options: TesseractOptions) -> EngineStatus:  # type: ignore[override]
        problem = self._problem(options)
        reason, fix = problem if problem else (None, None)
        return status_of(self, reason, fix)

    def _problem(self, options: TesseractOptions) -> tuple[str, str] | None:
        """What stops the engine here, and its fix; None when nothing does."""
        try:
            import tesserocr  # noqa: F401
        except ImportError:
            return "the tesserocr package is not installed", "pip install tesserocr"
        tessdata = find_tessdata()
        if tessdata is None:
            return "no Tesseract language data found", INSTALL_FIX
        if not all(options.lang.split("+")):
            return f"malformed language list {options.lang!r}", "give codes such as kor+eng"
        missing = missing_languages(tessdata, options.lang)
        if missing:
            reason = f"Tesseract language data missing in {tessdata}: {', '.join(missing)}"
            return reason, language_fix(missing, tessdata)
        return None

    def create(self, options: TesseractOptions) -> TesseractEngine:  # type: ignore[override]
        problem = self._problem(options)
        if problem is not None:
            reason, fix = problem
            raise EngineUnavailable(f"tesseract: {reason}; fix: {fix}")
        from docparse.engines.tesseract import TesseractEngine

        return TesseractEngine(find_tessdata(), options.lang)  # type: ignore[arg-type]


SPEC = TesseractSpec()
