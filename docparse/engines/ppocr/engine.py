"""The detector-first engine: PP-OCR finds the text lines, each line is straightened and
read by the better reader for it (PP-OCR's recogniser for Latin and digit lines, Tesseract
for Hangul lines and the lines PP-OCR doubts), and word boxes are mapped back to the page."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence

import numpy as np
from PIL import Image

from docparse.engines.base import (
    Engine,
    Recognition,
)
from docparse.engines.hangul_merge import merge_hangul
from docparse.engines.ppocr import detector, lines, recognizer, spacing
from docparse.engines.ppocr.options import CAPABILITIES, NAME, PPOCROptions
from docparse.engines.ppocr.routing import (
    Decision,
    Route,
    hangul_lang,
    is_latin,
    reads_hangul,
    route,
    unread_ink,
)
from docparse.engines.tesseract import (
    TesseractEngine,
    find_tessdata,
)
from docparse.model import Word

TESSERACT_ROUTE = "ppocr+tesseract"
"""``Word.engine`` of the words Tesseract read on lines PP-OCR found."""


LINE_MERGE_GAP = 0.1
"""Largest gap (share of height) between Korean fragments joined on a line strip. Read as
one line, Tesseract's fragments of one word touch or overlap, while a space between words
on a strip 40 px high leaves 6 px or more (generated lines of tests/test_ppocr_engine.py);
hangul_merge's page default (0.25) joins such words."""


CHECK_LINES = 3
"""Lines read both ways to confirm that a page lies upside down."""
PROBE = 8
"""Line heights of a line's start that PP-OCR reads first to choose its reader."""


class PPOCREngine(Engine):
    name = NAME
    capabilities = CAPABILITIES
    pages_per_call = 1

    def __init__(self, options: PPOCROptions | None = None) -> None:
        self.options = options or PPOCROptions()
        self._tesseracts: dict[str, TesseractEngine] = {}
        """One Tesseract per language list: the engine's, and its Korean models alone."""
        self.routes: Counter[Route] = Counter()
        """Lines read by each reader since the engine was made (for reports)."""

    def tesseract(self, hangul: bool = False) -> TesseractEngine:
        """Tesseract with the engine's languages, or (``hangul``) their Korean models alone."""
        lang = hangul_lang(self.options.lang) if hangul else self.options.lang
        if lang not in self._tesseracts:
            self._tesseracts[lang] = TesseractEngine(find_tessdata(), lang)  # type: ignore[arg-type]
        return self._tesseracts[lang]

    def recognize(self, images: Sequence[Image.Image]) -> list[Recognition]:
        found = detector.detect(images, self.options.detect_side)
        return [
            Recognition(words=self.read_lines(image, page_lines))
            for image, page_lines in zip(images, found, strict=True)
        ]

    def read_lines(self, image: Image.Image, page_lines: list[detector.TextLine]) -> list[Word]:
        """The words of the detected lines of one page, line by line, in page pixels."""
        if not page_lines:
            return []
        page = np.asarray(image.convert("RGB"))
        strips = [lines.cut(page, line.quad) for line in page_lines]
        if recognizer.upside_down([strip.image for strip in strips]) and self._reads_better_turned(
            strips
        ):
            strips = [strip.turned() for strip in strips]
        words: list[Word] = []
        for strip, reading in zip(strips, self._readings(strips), strict=True):
            decision: Decision
            if isinstance(reading, str):  # the probe found the line for Tesseract
                decision, reading = reading, None
            elif self.options.route == "auto":
                decision = route(reading, "auto", unread_ink(strip, reading))
            else:
                decision = self.options.route
            # Tesseract reads with the Korean models first (most of its lines are Hangul, see
            # hangul_lang); a reading without confident Hangul, with all the languages
            hangul = [] if decision == "ppocr" else self._tesseract_words(strip, hangul=True)
            if decision == "hangul?":
                decision = "tesseract" if reads_hangul(hangul) else "ppocr"
            read_by_tesseract = hangul
            if decision == "tesseract" and not reads_hangul(hangul):
                read_by_tesseract = self._tesseract_words(strip)
            self.routes["ppocr" if decision == "ppocr" else "tesseract"] += 1
            if decision == "ppocr":
                words.extend(self._ppocr_words(strip, reading))  # type: ignore[arg-type]
            else:
                words.extend(read_by_tesseract)
        return words

    def _reads_better_turned(self, strips: list[lines.LineStrip]) -> bool:
        """Whether Tesseract reads the page's ``CHECK_LINES`` longest lines more confidently
        turned 180° than as they are: the check on the line classifier's vote, which turned
        an upright Korean page of the realdocs dev split (docling__normal_4pages p. 2)."""
        longest = sorted(strips, key=lambda strip: strip.image.shape[1], reverse=True)
        upright = turned = 0.0
        for strip in longest[:CHECK_LINES]:
            upright += _evidence(self._tesseract_words(strip))
            turned += _evidence(self._tesseract_words(strip.turned()))
        return turned > upright

    def _readings(self, strips: list[lines.LineStrip]) -> list[recognizer.ReadLine | Decision]:
        """PP-OCR's reading of each strip; the decision for a line its first ``PROBE`` line
        heights already send to Tesseract (the recogniser's time grows with a line's length, and a
        Korean page's long lines all go to Tesseract). With the ``cascade`` recogniser the
        probe is the tiny recogniser's; a Latin probe it reads too unsurely for PP-OCR is
        probed again by the small one before the line goes to Tesseract (``routing``'s
        ``MIN_CONFIDENCE`` was measured on the small recogniser's probabilities: on the SROIE
        dev receipts the tiny one sent 3.4 % of the lines to Tesseract, the small one 1 %, and
        Tesseract misread most of them), and only the lines kept for PP-OCR are read again."""
        size = self.options.recognizer
        if self.options.route == "tesseract":
            return ["tesseract"] * len(strips)
        if self.options.route == "ppocr":
            return list(recognizer.read([strip.image for strip in strips], size))
        heads = [strip.head(PROBE * strip.image.shape[0]) for strip in strips]
        first, final = recognizer.probe_size(size), recognizer.final_size(size)
        probes = recognizer.read([head.image for head in heads], first)
        unread = [unread_ink(head, probe) for head, probe in zip(heads, probes, strict=True)]
        again = [
            i
            for i, probe in enumerate(probes)
            if first != final
            and route(probe, "auto", unread[i]) == "tesseract"
            and probe.text
            and all(is_latin(char) for char in probe.text)
        ]
        reprobed = recognizer.read([heads[i].image for i in again], final)
        for i, probe in zip(again, reprobed, strict=True):
            probes[i] = probe
            unread[i] = unread_ink(heads[i], probe)
        readings: list[recognizer.ReadLine | Decision] = ["tesseract"] * len(strips)
        doubted, by_final, rest = [], [], []
        for i, (strip, head, probe) in enumerate(zip(strips, heads, probes, strict=True)):
            if route(probe, "auto", unread[i]) == "tesseract":
                continue
            whole = head.image.shape[1] == strip.image.shape[1]
            if whole and (i in again or recognizer.settled(probe, size)):
                readings[i] = probe
            elif whole:  # the tiny reading of the whole line is doubted
                doubted.append(i)
            elif i in again:  # probed by the small recogniser: it reads the whole line
                by_final.append(i)
            else:
                rest.append(i)
        confirmed = recognizer.confirm(
            [strips[i].image for i in doubted], [probes[i] for i in doubted], size
        )
        for i, reading in zip(doubted, confirmed, strict=True):
            readings[i] = reading
        for chosen, by in ((by_final, final), (rest, size)):
            read = recognizer.read([strips[i].image for i in chosen], by)
            for i, reading in zip(chosen, read, strict=True):
                readings[i] = reading
        return readings

    def _ppocr_words(self, strip: lines.LineStrip, reading: recognizer.ReadLine) -> list[Word]:
        top, bottom = strip.pad, strip.image.shape[0] - strip.pad  # the line, not its margin
        ink = strip.ink_columns()
        reading = spacing.respaced(reading, ink, strip.image.shape[1], bottom - top)
        words = []
        for read in reading.words:
            x0, x1 = _on_ink(read.x0, read.x1, ink)
            box, quad = strip.map_box((x0, top, x1, bottom))
            confidence = min(1.0, max(0.0, read.confidence))
            words.append(
                Word(text=read.text, box=box, quad=quad, confidence=confidence, engine=NAME)
            )
        return words

    def _tesseract_words(self, strip: lines.LineStrip, hangul: bool = False) -> list[Word]:
        """Tesseract's words of the strip, in page pixels (``hangul``: read with the Korean
        models alone, see :func:`hangul_lang`)."""
        image, factor = lines.as_image(strip, self.options.line_height)
        found = merge_hangul(self.tesseract(hangul).read_line(image), LINE_MERGE_GAP)
        words = []
        for word in found:
            box, quad = strip.map_box(tuple(v / factor for v in word.box))  # type: ignore[arg-type]
            words.append(
                word.model_copy(update={"box": box, "quad": quad, "engine": TESSERACT_ROUTE})
            )
        return words

    def close(self) -> None:
        for engine in self._tesseracts.values():
            engine.close()
        self._tesseracts.clear()


def _on_ink(x0: float, x1: float, ink: np.ndarray) -> tuple[float, float]:
    """A word's x-range narrowed to the ink columns inside it. The recogniser's range is its
    characters' CTC columns widened by half a character pitch, which reaches into the space
    around the word: on a three-column page (Federal Register, realdocs test split) the words
    beside a column gutter narrowed it below the width reading order takes for a gutter."""
    inside = ink[(ink >= x0) & (ink < x1)]
    if inside.size == 0:
        return x0, x1
    return float(inside[0]), float(inside[-1] + 1)


def _evidence(words: list[Word]) -> float:
    """Characters read, weighted by Tesseract's confidence."""
    return sum(len(word.text) * (word.confidence or 0.0) for word in words)
