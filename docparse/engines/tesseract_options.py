"""The ``tesseract`` engine's options, name and capabilities, and where its language data
is: what its spec (:mod:`.tesseract_spec`, the entry point) and the engine
(:mod:`.tesseract`) share. Light: no Pillow, no document model, no tesserocr."""

from __future__ import annotations

import os
from collections.abc import Sequence
from pathlib import Path

from pydantic import Field

from docparse.engines.base import EngineOptions

NAME = "tesseract"
CAPABILITIES = frozenset({"ocr"})
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


def language_fix(codes: Sequence[str], tessdata: Path) -> str:
    """How to install the models of ``codes`` (Debian names its packages with hyphens)."""
    packages = " ".join(f"tesseract-ocr-{code.lower().replace('_', '-')}" for code in codes)
    models = ", ".join(f"{code}.traineddata" for code in codes)
    return f"apt-get install {packages} (Debian/Ubuntu), or put {models} in {tessdata}"


class TesseractOptions(EngineOptions):
    lang: str = Field(default="kor+eng", description="Tesseract languages, e.g. kor+eng.")
