"""Which way up a page is: 0, 90, 180 or 270 degrees.

First Tesseract's orientation and script detection (OSD, ``osd.traineddata``): it classifies
the shapes of the page's characters in the four orientations and says which fits best. When
it says the page is upright, that is taken (on the realdocs dev pages it never said so of a
turned page). A turn is checked by the word test, because OSD can be sure and wrong: on an
ordinary English page turned 90° it answered 90 instead of 270 with confidence 3.8
(benchmarks/results/page_geometry.md). The word test reads a central crop of the page with
Tesseract (the page's own languages) as given, turned by OSD's answer and turned the opposite
way, and keeps the one whose words are read most confidently: text upside down or sideways is
read as low-confidence junk, text upright as confident words, in any script Tesseract reads.
A turn is made only when it beats the page as given by ``MARGIN``; when OSD cannot answer at
all (too few characters) the word test looks at all four; a page with almost no ink stays as
it is.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from PIL import Image

from docparse.geometry.skew import ink_points
from docparse.geometry.transform import QUARTER_TURNS
from docparse.preprocess import resized

MARGIN = 1.5
"""The word score a turned page must reach, as a multiple of the page as given."""
MIN_SCORE = 12.0
"""Fewer confidently read characters than this in every orientation: too little text to tell."""
WORD_CONFIDENCE = 0.6
"""Words read with less confidence do not count in the word test."""
TEST_SIDE = 1400
"""The page is reduced to this long side for the word test (a 150-dpi A4 page nearly as is)."""
CROP_SIDE = 900
"""Largest crop (px, square) read in each orientation: enough lines to tell, fast to read."""
MIN_INK_POINTS = 200
"""Pages with fewer dark pixels on a 1000-px copy are left as given without a look."""


@dataclass(frozen=True)
class Orientation:
    degrees: int
    """Counter-clockwise turn (0, 90, 180, 270) that makes the page upright."""
    method: str
    """'osd', 'words' (the word test) or 'none' (kept as given: nothing could tell)."""
    confidence: float


def turn(image: Image.Image, degrees: int) -> Image.Image:
    """``image`` turned counter-clockwise by a quarter-turn multiple."""
    return image.transpose(QUARTER_TURNS[degrees]) if degrees % 360 else image


def central_crop(image: Image.Image, side: int = CROP_SIDE) -> Image.Image:
    """The middle of the image, at most ``side`` × ``side`` px."""
    w, h = image.size
    cw, ch = min(w, side), min(h, side)
    left, top = (w - cw) // 2, (h - ch) // 2
    return image.crop((left, top, left + cw, top + ch))


class OrientationDetector:
    """Holds the Tesseract APIs (OSD and the reading languages), created on first need."""

    def __init__(self, tessdata: Path, lang: str) -> None:
        self.tessdata = tessdata
        self.lang = lang
        self._osd: Any = None
        self._reader: Any = None

    @property
    def has_osd(self) -> bool:
        return (self.tessdata / "osd.traineddata").exists()

    def detect(self, image: Image.Image) -> Orientation:
        """OSD's answer when it says the page is upright; for a turn, the word test between the
        page as given, OSD's turn and its opposite; when OSD cannot tell (too few characters),
        the word test over all four."""
        grey = image.convert("L")
        if len(ink_points(grey)[0]) < MIN_INK_POINTS:
            return Orientation(0, "none", 0.0)  # blank or nearly: nothing to tell
        osd = self.osd(grey) if self.has_osd else None
        if osd is None:
            return self.word_test(grey, (0, 90, 180, 270))
        if osd.degrees == 0:
            return osd
        return self.word_test(grey, (0, osd.degrees, (osd.degrees + 180) % 360), osd.degrees)

    def osd(self, image: Image.Image) -> Orientation | None:
        """Tesseract's answer, or None when it finds too few characters to answer."""
        import tesserocr

        if self._osd is None:
            self._osd = tesserocr.PyTessBaseAPI(
                path=f"{self.tessdata}/", lang="osd", psm=tesserocr.PSM.OSD_ONLY
            )
        self._osd.SetImage(image)
        try:
            result = self._osd.DetectOrientationScript()
        except RuntimeError:
            return None
        if not result:
            return None
        return Orientation(int(result["orient_deg"]) % 360, "osd", float(result["orient_conf"]))

    def word_test(
        self, image: Image.Image, candidates: tuple[int, ...], proposed: int | None = None
    ) -> Orientation:
        """Of ``candidates`` (which hold 0), the orientation whose crop is read most
        confidently (see the module's doc); OSD's ``proposed`` turn yields to its opposite
        only by ``MARGIN``, as the page as given yields to a turn: text that reads alike
        both ways (digits: "0.600" turned reads "009'0" as surely) is no evidence against
        OSD's reading of the characters' shapes (a generated baseball table turned 270°
        and photographed: OSD 90° at confidence 10, right, and the words 17.6 turned the
        opposite way against 17.0)."""
        factor = min(1.0, TEST_SIDE / max(image.size))
        small = resized(image, factor)[0] if factor < 1.0 else image
        crop = central_crop(small)
        scores = {degrees: self.word_score(turn(crop, degrees)) for degrees in candidates}
        best = max(scores, key=lambda d: scores[d])
        if proposed is not None and best == (proposed + 180) % 360:
            best = best if scores[best] >= MARGIN * scores[proposed] else proposed
        if scores[best] < MIN_SCORE or (
            best != 0 and scores[best] < MARGIN * max(scores[0], MIN_SCORE / MARGIN)
        ):
            return Orientation(0, "none", 0.0)
        others = max((s for d, s in scores.items() if d != best), default=0.0)
        return Orientation(best, "words", round(scores[best] / max(others, 1.0), 3))

    def word_score(self, image: Image.Image) -> float:
        """Characters of the words read with at least ``WORD_CONFIDENCE``, weighted by it."""
        import tesserocr

        if self._reader is None:
            self._reader = tesserocr.PyTessBaseAPI(
                path=f"{self.tessdata}/", lang=self.lang, psm=tesserocr.PSM.SINGLE_BLOCK
            )
        self._reader.SetImage(image)
        self._reader.Recognize()
        iterator = self._reader.GetIterator()
        if iterator is None:
            return 0.0
        level = tesserocr.RIL.WORD
        score = 0.0
        for item in tesserocr.iterate_level(iterator, level):
            try:
                text = (item.GetUTF8Text(level) or "").strip()
            except RuntimeError:
                continue
            confidence = item.Confidence(level) / 100.0
            if confidence >= WORD_CONFIDENCE:
                score += sum(ch.isalnum() for ch in text) * confidence
        return score

    def close(self) -> None:
        for api in (self._osd, self._reader):
            if api is not None:
                api.End()
        self._osd = self._reader = None
