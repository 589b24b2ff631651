"""A page made upright and level before recognition, with the transform that maps what is
found on it back to the page as given (see :mod:`transform`)."""

from __future__ import annotations

from dataclasses import dataclass

from PIL import Image
from pydantic import BaseModel, ConfigDict, Field

from docparse.geometry.orientation import OrientationDetector
from docparse.geometry.skew import estimate_skew
from docparse.geometry.transform import PageTransform

MIN_DESKEW = 0.5
"""Leans below this many degrees are left alone: Tesseract reads them as well, and turning
resamples every pixel."""


class GeometryOptions(BaseModel):
    """How pages are straightened before recognition."""

    model_config = ConfigDict(extra="forbid")

    rotate_pages: bool = Field(default=True, description="detect 0/90/180/270 and read upright")
    deskew: bool = Field(default=True, description="level text lines leaning 0.5° or more")


@dataclass
class Straightened:
    image: Image.Image
    transform: PageTransform


class Straightener:
    """Turns and levels page images; holds the orientation detector (None: no Tesseract)."""

    def __init__(self, options: GeometryOptions, detector: OrientationDetector | None) -> None:
        self.options = options
        self.detector = detector

    def straighten(self, image: Image.Image) -> Straightened:
        transform = PageTransform(image.width, image.height)
        if self.options.rotate_pages and self.detector is not None:
            transform = transform.turned(self.detector.detect(image).degrees)
        upright = transform.apply(image)
        if self.options.deskew:
            lean = estimate_skew(upright)
            if abs(lean) >= MIN_DESKEW:
                transform = transform.rotated(-lean)
                return Straightened(transform.apply(image), transform)
        return Straightened(upright, transform)

    def close(self) -> None:
        if self.detector is not None:
            self.detector.close()


def straightener(options: GeometryOptions, lang: str) -> Straightener:
    """A Straightener whose orientation detector reads ``lang`` (none when Tesseract or its
    language data is missing: pages then keep their orientation)."""
    from docparse.engines.tesseract import find_tessdata, missing_languages

    detector = None
    if options.rotate_pages:
        try:
            import tesserocr  # noqa: F401
        except ImportError:
            tessdata = None
        else:
            tessdata = find_tessdata()
        if tessdata is not None and not missing_languages(tessdata, lang):
            detector = OrientationDetector(tessdata, lang)
    return Straightener(options, detector)
