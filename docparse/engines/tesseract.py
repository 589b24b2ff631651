"""Tesseract (kor+eng) through tesserocr: one persistent API per engine, so the Korean
model is loaded once and not per page (see README: why tesserocr, measured)."""

from __future__ import annotations

import os
from collections.abc import Sequence
from pathlib import Path

from PIL import Image

from docparse.engines.base import EngineOptions, EngineStatus, Recognition
from docparse.errors import EngineUnavailable
from docparse.model import Word

INSTALL_FIX = "apt-get install tesseract-ocr tesseract-ocr-kor (Debian/Ubuntu)"
TESSDATA_GLOBS = (
    "/usr/share/tesseract-ocr/*/tessdata",
    "/usr/share/tessdata",
    "/usr/local/share/tessdata",
    "/opt/homebrew/share/tessdata",
)


def find_tessdata() -> Path | None:
    """TESSDATA_PREFIX if set, else the first system tessdata folder holding any model."""
    env = os.environ.get("TESSDATA_PREFIX")
    if env:
        return Path(env)
    for pattern in TESSDATA_GLOBS:
        for folder in sorted(Path("/").glob(pattern.lstrip("/")), reverse=True):
            if any(folder.glob("*.traineddata")):
                return folder
    return None


def missing_languages(tessdata: Path, lang: str) -> list[str]:
    return [code for code in lang.split("+") if not (tessdata / f"{code}.traineddata").exists()]


class TesseractSpec:
    name = "tesseract"
    description = "Tesseract 5 LSTM (CPU), Korean + English by default"
    capabilities = frozenset({"ocr"})

    def status(self, options: EngineOptions) -> EngineStatus:
        reason = self._problem(options)
        return EngineStatus(
            name=self.name,
            description=self.description,
            capabilities=sorted(self.capabilities),
            available=reason is None,
            reason=reason,
            fix=None if reason is None else INSTALL_FIX,
        )

    def _problem(self, options: EngineOptions) -> str | None:
        try:
            import tesserocr  # noqa: F401
        except ImportError:
            return "the tesserocr package is not installed (pip install tesserocr)"
        tessdata = find_tessdata()
        if tessdata is None:
            return "no Tesseract language data found"
        missing = missing_languages(tessdata, options.lang)
        if missing:
            return f"Tesseract language data missing in {tessdata}: {', '.join(missing)}"
        return None

    def create(self, options: EngineOptions) -> TesseractEngine:
        problem = self._problem(options)
        if problem is not None:
            raise EngineUnavailable(f"tesseract: {problem}; fix: {INSTALL_FIX}")
        return TesseractEngine(find_tessdata(), options.lang)  # type: ignore[arg-type]


class TesseractEngine:
    name = "tesseract"
    capabilities = TesseractSpec.capabilities
    pages_per_call = 1

    def __init__(self, tessdata: Path, lang: str, psm: int | None = None) -> None:
        import tesserocr

        self._tesserocr = tesserocr
        self._api = tesserocr.PyTessBaseAPI(path=f"{tessdata}/", lang=lang)
        if psm is not None:
            self._api.SetPageSegMode(psm)

    def recognize(self, images: Sequence[Image.Image]) -> list[Recognition]:
        return [Recognition(words=self._words(image)) for image in images]

    def _words(self, image: Image.Image) -> list[Word]:
        level = self._tesserocr.RIL.WORD
        self._api.SetImage(image)
        self._api.Recognize()
        words = []
        for item in self._tesserocr.iterate_level(self._api.GetIterator(), level):
            text = (item.GetUTF8Text(level) or "").strip()
            bbox = item.BoundingBox(level)
            if not text or bbox is None:
                continue
            confidence = min(1.0, max(0.0, item.Confidence(level) / 100.0))
            words.append(Word(text=text, box=bbox, confidence=confidence, engine=self.name))
        return words

    def close(self) -> None:
        self._api.End()


SPEC = TesseractSpec()
