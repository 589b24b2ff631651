"""How the detector-first engine reads a page's line strips: each line goes to the better
reader for it (PP-OCR's recogniser for Latin and digit lines, Tesseract for Hangul lines and
the lines PP-OCR doubts), chosen from a probe of its start, and the words come back in the
pixels the strips map to. :mod:`.engine` finds the lines and turns the page; this module
reads them."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence

import numpy as np

from docparse.engines.hangul_merge import merge_hangul
from docparse.engines.ppocr import commas, lines, quotes, recognizer, spacing, stems
from docparse.engines.ppocr.circled import circled_numbers
from docparse.engines.ppocr.company_mark import company_marks
from docparse.engines.ppocr.latin_runs import read_latin_runs, read_lone_syllables
from docparse.engines.ppocr.middle_dots import middle_dots
from docparse.engines.ppocr.options import NAME, PPOCROptions
from docparse.engines.ppocr.rings import empty_rings
from docparse.engines.ppocr.routing import (
    MAX_UNREAD,
    MAX_UNREAD_HANGUL_PAGE,
    Decision,
    Route,
    hangul_lang,
    is_latin,
    other_script,
    reads_hangul,
    route,
    unread_ink,
)
from docparse.engines.ppocr.symbols import korean_signs
from docparse.engines.tesseract import TesseractEngine, find_tessdata
from docparse.hangul import has_hangul
from docparse.model import Word

TESSERACT_ROUTE = "ppocr+tesseract"
"""``Word.engine`` of the words Tesseract read on lines PP-OCR found."""


LINE_MERGE_GAP = 0.1
"""Largest gap (share of height) between Korean fragments joined on a line strip. Read as
one line, Tesseract's fragments of one word touch or overlap, while a space between words
on a strip 40 px high leaves 6 px or more (generated lines of tests/test_ppocr_engine.py);
hangul_merge's page default (0.25) joins such words."""

FRAMED_SURE = 0.85
"""A word Tesseract reads only once the rules in a strip's margins are painted out
(:func:`docparse.engines.ppocr.lines.unframed`) is kept when read at least this surely.
Measured on the realdocs dev pages (first 3 of each, 200 dpi, upright, photo, skew-5,
halfres): the labels of ruled cells so found read at 0.87-0.95 (1분기, 체, 분, 홀수형,
총투자), the debris of strips holding no text at 0.00-0.81 ("sl", "ree", "A", "4")."""


PROBE = 8
"""Line heights of a line's start that PP-OCR reads first to choose its reader."""
HANGUL_PAGE = 0.5
"""Share of a page's lines that PP-OCR's probe sends to Tesseract from which the page is
taken for a Hangul page (PP-OCR reads no Hangul), whose Tesseract lines are read with the
Korean models first. Realdocs dev split, 200 dpi: 0.74-0.93 on Korean pages, 0 on English
pages, at most 0.1 on SROIE receipts. On English pages the Korean model first read doubted
Latin lines as a confident Hangul syllable among digits (test split: a Toyota maintenance
table fell from H 97.0 to 85.1), so there Tesseract reads with all the languages, as before."""
SAMPLE_LINES = 12
"""Lines, spread over the page, whose starts are read first to tell a Hangul page (each
line then probed by its start) from a Latin one (each line then read whole at once)."""


class LineReader:
    """Reads line strips with PP-OCR's recognisers and Tesseract (one Tesseract per language
    list, made on first use); ``routes`` counts the lines each reader took."""

    def __init__(self, options: PPOCROptions | None = None) -> None:
        self.options = options or PPOCROptions()
        self._tesseracts: dict[str, TesseractEngine] = {}
        """One Tesseract per language list: the options', and their Korean models alone."""
        self.routes: Counter[Route] = Counter()
        """Lines read by each reader since the reader was made (for reports)."""

    def tesseract(self, hangul: bool = False) -> TesseractEngine:
        """Tesseract with the engine's languages, or (``hangul``) their Korean models alone."""
        lang = hangul_lang(self.options.lang) if hangul else self.options.lang
        if lang not in self._tesseracts:
            self._tesseracts[lang] = TesseractEngine(find_tessdata(), lang)  # type: ignore[arg-type]
        return self._tesseracts[lang]

    def read_strips(self, strips: list[lines.LineStrip]) -> list[Word]:
        """The words of a page's line strips, line by line, in the pixels strips map to."""
        if not strips:
            return []
        words: list[Word] = []
        readings = self._readings(strips)
        hangul_page = sum(isinstance(r, str) for r in readings) >= HANGUL_PAGE * len(readings)
        stems_page = False  # a party letter (甲, 乙, …) found: every later line looked at
        for strip, reading in zip(strips, readings, strict=True):
            decision: Decision
            if isinstance(reading, str):  # the probe found the line for Tesseract
                decision, reading = reading, None
            elif self.options.route == "auto":
                doubt = MAX_UNREAD_HANGUL_PAGE if hangul_page else MAX_UNREAD
                decision = route(reading, "auto", unread_ink(strip, reading), doubt)
            else:
                decision = self.options.route
            read_by_tesseract = []
            if decision != "ppocr":
                # on a Hangul page, or where PP-OCR read another script, the Korean models
                # first (see hangul_lang); a reading without confident Hangul, with all the
                # languages
                korean_first = hangul_page or decision == "script"
                read_by_tesseract = self.tesseract_words(
                    strip, hangul=korean_first, stems_page=stems_page
                )
                holds_hangul = (
                    reads_hangul(read_by_tesseract)
                    if korean_first
                    else any(has_hangul(w.text) for w in read_by_tesseract)
                )
                if decision == "hangul?":
                    decision = "tesseract" if holds_hangul else "ppocr"
                elif korean_first and not holds_hangul:
                    read_by_tesseract = self.tesseract_words(
                        strip, hangul_page=hangul_page, stems_page=stems_page
                    )
                stems_page = stems_page or any(
                    char in stems.STEMS for word in read_by_tesseract for char in word.text
                )
            self.routes["ppocr" if decision == "ppocr" else "tesseract"] += 1
            if decision == "ppocr":
                words.extend(self._ppocr_words(strip, reading, hangul_page))  # type: ignore[arg-type]
            else:
                words.extend(read_by_tesseract)
        return words

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
        probes, unread = self._probes(strips, heads, first)
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
                readings[i] = "script" if other_script(probe) else "tesseract"
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

    def _probes(
        self, strips: list[lines.LineStrip], heads: list[lines.LineStrip], size: str
    ) -> tuple[list[recognizer.ReadLine], list[float]]:
        """The probe reading of each line and the ink it left unread. The heads of up to
        ``SAMPLE_LINES`` lines spread over the page are read first; on a page where fewer
        than ``HANGUL_PAGE`` of them go to Tesseract (a Latin page, whose lines PP-OCR
        reads), every other line is read whole at once instead of by its head and then
        whole again (``heads`` is changed to match), so its reader is chosen on all of it;
        on a Hangul page every line is probed by its head, whose reading decides."""
        count, taken = len(strips), min(len(strips), SAMPLE_LINES)
        sample = sorted({round(k * (count - 1) / max(1, taken - 1)) for k in range(taken)})
        sampled_ids = set(sample)
        sampled = recognizer.read([heads[i].image for i in sample], size)
        to_tesseract = sum(
            route(probe, "auto", unread_ink(heads[i], probe)) == "tesseract"
            for i, probe in zip(sample, sampled, strict=True)
        )
        rest = [i for i in range(count) if i not in sampled_ids]
        if to_tesseract < HANGUL_PAGE * len(sample):
            for i in rest:
                heads[i] = strips[i]
        probes: list[recognizer.ReadLine] = [None] * count  # type: ignore[list-item]
        for i, probe in zip(sample, sampled, strict=True):
            probes[i] = probe
        for i, probe in zip(
            rest, recognizer.read([heads[i].image for i in rest], size), strict=True
        ):
            probes[i] = probe
        unread = [unread_ink(head, probe) for head, probe in zip(heads, probes, strict=True)]
        return probes, unread

    def _ppocr_words(
        self, strip: lines.LineStrip, reading: recognizer.ReadLine, hangul_page: bool = False
    ) -> list[Word]:
        """PP-OCR's words of the strip, in page pixels (on a Hangul page, rings made ○: a
        line of them alone is PP-OCR's, which reads them "O")."""
        top, bottom = strip.pad, strip.image.shape[0] - strip.pad  # the line, not its margin
        ink = strip.ink_columns()
        reading = spaced(strip, reading, ink)
        spans = []  # (text, x0, x1, confidence) in strip pixels
        for read in reading.words:
            x0, x1 = _on_ink(read.x0, read.x1, ink)
            spans.append((read.text, x0, x1, min(1.0, max(0.0, read.confidence))))
        if hangul_page:
            in_strip = [
                Word(text=text, box=(x0, top, x1, bottom), confidence=sure, engine=NAME)
                for text, x0, x1, sure in spans
            ]
            spans = [
                (w.text, w.box[0], w.box[2], w.confidence) for w in empty_rings(strip, in_strip)
            ]
        words = []
        for text, x0, x1, sure in spans:
            box, quad = strip.map_box((x0, top, x1, bottom))
            words.append(Word(text=text, box=box, quad=quad, confidence=sure, engine=NAME))
        return words

    def tesseract_words(
        self,
        strip: lines.LineStrip,
        hangul: bool = False,
        hangul_page: bool = False,
        stems_page: bool = False,
    ) -> list[Word]:
        """Tesseract's words of the strip, in page pixels (``hangul``: read with the Korean
        models alone, see :func:`hangul_lang`; rings are made ○ in a line holding Hangul,
        or anywhere on a ``hangul_page``; a line holding Hangul is looked at for the party
        letters 甲, 乙, … of legal text where its reading shows them misread, or always on a
        ``stems_page``, one where some were found, see :mod:`.stems`)."""
        image, factor = lines.as_image(strip, self.options.line_height)
        read = self.tesseract(hangul).read_line(image)
        if not read:  # a label boxed by its cell's rules reads as nothing (lines.unframed)
            image, factor = lines.as_image(strip, self.options.line_height, frameless=True)
            read = [
                word
                for word in self.tesseract(hangul).read_line(image)
                if (word.confidence or 0.0) >= FRAMED_SURE
            ]
        found = [
            word.model_copy(
                update={"box": tuple(v / factor for v in word.box), "engine": TESSERACT_ROUTE}
            )
            for word in merge_hangul(read, LINE_MERGE_GAP)
        ]
        found = circled_numbers(strip, found, self._read_final)
        holds_hangul = hangul or any(has_hangul(word.text) for word in found)
        if holds_hangul or hangul_page:
            found = merge_hangul(empty_rings(strip, found), LINE_MERGE_GAP)
        if holds_hangul and (stems_page or stems.suspect(found)):
            found = stems.with_stems(strip.image, found, self._read_tiny)
        if holds_hangul:
            found = middle_dots(strip, company_marks(strip, found))
            found = read_latin_runs(strip, found, self._read_final, NAME)
            found = read_lone_syllables(strip, found, self._read_final, NAME)
            found = quotes.paired_corners(quotes.curly_quotes(found))
            found = korean_signs(found)
        words = []
        for word in found:
            box, quad = strip.map_box(_in_line(word.box, strip))
            words.append(word.model_copy(update={"box": box, "quad": quad}))
        return words

    def _read_tiny(self, images: Sequence[np.ndarray]) -> list[recognizer.ReadLine]:
        return recognizer.read(images, "tiny")

    def _read_final(self, images: Sequence[np.ndarray]) -> list[recognizer.ReadLine]:
        return recognizer.read(images, recognizer.final_size(self.options.recognizer))

    def close(self) -> None:
        for engine in self._tesseracts.values():
            engine.close()
        self._tesseracts.clear()


def spaced(
    strip: lines.LineStrip,
    reading: recognizer.ReadLine,
    ink: np.ndarray | None = None,
    cells: bool = False,
) -> recognizer.ReadLine:
    """The reading split into words at the spaces of the strip's ink (:mod:`.spacing`;
    ``cells``: a monospaced line by its cells), its points and commas as the ink shows them
    (:mod:`.commas`)."""
    reading = commas.checked(reading, strip)
    ink = strip.ink_columns() if ink is None else ink
    height = strip.image.shape[0] - 2 * strip.pad  # the line, not its margin
    middle = strip.ink_columns(spacing.CELL_BAND) if cells else None
    return spacing.respaced(reading, ink, strip.image.shape[1], height, middle)


def _in_line(box: lines.Box, strip: lines.LineStrip) -> lines.Box:
    """``box`` (strip pixels) held to the line's band, the strip without its margin, as
    PP-OCR's words are: a Tesseract piece's box can reach the strip's edges, and a word
    joined of pieces (:meth:`TesseractEngine.read_line`) takes the tallest of them, into
    the neighbouring lines."""
    x0, y0, x1, y1 = box
    top, bottom = max(y0, strip.pad), min(y1, strip.image.shape[0] - strip.pad)
    return (x0, top, x1, bottom) if top < bottom else box


def _on_ink(x0: float, x1: float, ink: np.ndarray) -> tuple[float, float]:
    """A word's x-range narrowed to the ink columns inside it. The recogniser's range is its
    characters' CTC columns widened by half a character pitch, which reaches into the space
    around the word: on a three-column page (Federal Register, realdocs test split) the words
    beside a column gutter narrowed it below the width reading order takes for a gutter."""
    inside = ink[(ink >= x0) & (ink < x1)]
    if inside.size == 0:
        return x0, x1
    return float(inside[0]), float(inside[-1] + 1)
