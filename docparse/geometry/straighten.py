"""A page made upright and level before recognition, with the transform that maps what is
found on it back to the page as given (see :mod:`transform`)."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Protocol, runtime_checkable

from PIL import Image
from pydantic import BaseModel, ConfigDict, Field

from docparse.engines.base import Recognition
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


QuarterTurn = Callable[[Image.Image], int]
"""The counter-clockwise quarter turn (0, 90, 180, 270) that makes a page upright."""


@runtime_checkable
class UprightReader(Protocol):
    """An engine that turns and levels pages itself, from what it finds on them (the ppocr
    engine: from its detected lines), instead of the pipeline's :class:`Straightener`.

    ``recognize_upright`` takes pages as given (page pixels, no ``prepare``) and returns,
    per page, its words in the pixels of the straightened image and that image with its
    transform (honouring ``geometry``; the image may be greyscale: the pipeline only looks
    for tables in it); ``fallback`` is asked for the quarter turn of a page
    the engine cannot decide itself."""

    def recognize_upright(
        self,
        images: Sequence[Image.Image],
        geometry: GeometryOptions,
        fallback: QuarterTurn | None = None,
    ) -> list[tuple[Recognition, Straightened]]: ...


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

    def quarter_turn(self, image: Image.Image) -> int:
        """The turn Tesseract's orientation detection finds (0 when there is none)."""
        if not self.options.rotate_pages or self.detector is None:
            return 0
        return self.detector.detect(image).degrees

    def close(self) -> None:
        if self.detector is not None:
            self.detector.close()


def straightener(options: GeometryOptions, lang: str) -> Straightener:
    """A Straightener whose orientation detector reads ``lang`` (none when Tesseract or its
    language data is missing: pages then keep their orientation)."""
    from docparse.engines.tesseract_options import find_tessdata, missing_languages

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
