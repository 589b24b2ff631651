"""The detector-first engine: PP-OCR finds the text lines, each line is straightened and
read by the better reader for it (PP-OCR's recogniser for Latin and digit lines, Tesseract
for Hangul lines and the lines PP-OCR doubts), and word boxes are mapped back to the page."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from itertools import pairwise

import numpy as np
from PIL import Image

from docparse.engines.base import (
    Engine,
    Recognition,
)
from docparse.engines.hangul_merge import merge_hangul
from docparse.engines.ppocr import (
    bullets,
    commas,
    dashes,
    detector,
    faint,
    ink_words,
    leaders,
    lines,
    page_frame,
    quotes,
    read_check,
    recognizer,
    seals,
    spacing,
    standing,
    stems,
)
from docparse.engines.ppocr.circled import circled_numbers
from docparse.engines.ppocr.company_mark import company_marks
from docparse.engines.ppocr.latin_runs import read_latin_runs
from docparse.engines.ppocr.middle_dots import middle_dots
from docparse.engines.ppocr.options import CAPABILITIES, NAME, PPOCROptions
from docparse.engines.ppocr.rings import empty_rings
from docparse.engines.ppocr.routing import (
    MAX_UNREAD,
    MAX_UNREAD_HANGUL_PAGE,
    Decision,
    Route,
    hangul_lang,
    has_hangul,
    is_latin,
    other_script,
    reads_hangul,
    route,
    unread_ink,
)
from docparse.engines.ppocr.symbols import korean_signs
from docparse.engines.tesseract import (
    TesseractEngine,
    find_tessdata,
)
from docparse.geometry.straighten import MIN_DESKEW, GeometryOptions, QuarterTurn, Straightened
from docparse.geometry.transform import QUARTER_TURNS, PageTransform
from docparse.model import Word, union_box

TESSERACT_ROUTE = "ppocr+tesseract"
"""``Word.engine`` of the words Tesseract read on lines PP-OCR found."""


LINE_MERGE_GAP = 0.1
"""Largest gap (share of height) between Korean fragments joined on a line strip. Read as
one line, Tesseract's fragments of one word touch or overlap, while a space between words
on a strip 40 px high leaves 6 px or more (generated lines of tests/test_ppocr_engine.py);
hangul_merge's page default (0.25) joins such words."""


PROBE = 8
"""Line heights of a line's start that PP-OCR reads first to choose its reader."""
HANGUL_PAGE = 0.5
"""Share of a page's lines that PP-OCR's probe sends to Tesseract from which the page is
taken for a Hangul page (PP-OCR reads no Hangul), whose Tesseract lines are read with the
Korean models first. Realdocs dev split, 200 dpi: 0.74-0.93 on Korean pages, 0 on English
pages, at most 0.1 on SROIE receipts. On English pages the Korean model first read doubted
Latin lines as a confident Hangul syllable among digits (test split: a Toyota maintenance
table fell from H 97.0 to 85.1), so there Tesseract reads with all the languages, as before."""
EARLY_TURN = 90
"""The counter-clockwise quarter turn a page whose ink words stand (:mod:`.ink_words`) is
detected at: the same first guess as the lines' own test makes (:meth:`_quarter_turn`);
the 180° check then decides between it and 270°, and a page read at 270° is detected
again."""
SAMPLE_LINES = 12
"""Lines, spread over the page, whose starts are read first to tell a Hangul page (each
line then probed by its start) from a Latin one (each line then read whole at once)."""


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
        """The words of each image in its own pixels; a page lying sideways or upside down is
        read upright, its words carrying their quads on the image as given."""
        read = self.recognize_upright(images, GeometryOptions(deskew=False))
        return [
            result.model_copy(
                update={"words": [s.transform.word_to_original(word) for word in result.words]}
            )
            for result, s in read
        ]

    def recognize_upright(
        self,
        images: Sequence[Image.Image],
        geometry: GeometryOptions,
        fallback: QuarterTurn | None = None,
    ) -> list[tuple[Recognition, Straightened]]:
        """Each page read upright and level (see :class:`UprightReader`): its words in the
        pixels of the straightened image returned with them. The quarter turn and lean come
        from the lines detected on the page as given (:mod:`page_frame`); ``fallback``
        answers the quarter turn of a page whose lines do not say clearly. A page turned a
        quarter or half is detected again, upright, so that it is read exactly as if it had
        been given upright (on a sideways page the detector finds fewer lines, and joins
        some); a page whose ink words clearly stand (:mod:`.ink_words`) is detected turned
        ``EARLY_TURN`` at once, and again only where its lines turn it otherwise. A page
        that is only levelled keeps its lines, moved into the levelled image's pixels
        (:func:`page_frame.in_frame`), and each is cut from the page as given
        (:func:`_strips`); the straightened image of such a page is greyscale (only the
        table finder looks at it). Realdocs
        dev split at 200 dpi, 6 documents (3 Korean; with ``detector.STAIRCASE`` at 1.0):
        skewed +5° H 98.5, −5° 98.5, photo 97.9, against 98.5 / 98.5 / 97.8 detecting the
        levelled page again and 98.6 upright, at one detection (~1.3 s CPU) less per page:
        skewed pages cost about what upright ones do. A page read too unsurely to have been
        read the right way up gets a second look (:meth:`_second_look`). A faint page is
        stretched to the full grey range first (:mod:`.faint`), and red seals pressed over
        its print are lifted off it (:mod:`.seals`)."""
        images = [seals.lifted(faint.stretched(image)) for image in images]
        early = [
            EARLY_TURN if geometry.rotate_pages and ink_words.clearly_sideways(image) else 0
            for image in images
        ]
        pages = [
            image.transpose(QUARTER_TURNS[t]) if t else image
            for image, t in zip(images, early, strict=True)
        ]
        detected = detector.detect(pages, self.options.detect_side)
        found = [
            _turned_back(page_lines, page, t) if t else page_lines
            for page_lines, page, t in zip(detected, pages, early, strict=True)
        ]
        # each page's RGB pixels as given, once: the 180° vote and the strips of a page
        # not turned are cut from them
        given = [_rgb(image) for image in images]
        decided = [
            self._early_turn(image, pixels, page_lines) if turned else None
            for image, pixels, page_lines, turned in zip(images, given, found, early, strict=True)
        ]
        # a page whose early turn its lines leave in doubt is detected as given and decided
        # as before
        doubted = [i for i, turned in enumerate(early) if turned and decided[i] is None]
        if doubted:
            as_given = detector.detect([images[i] for i in doubted], self.options.detect_side)
            for i, page_lines in zip(doubted, as_given, strict=True):
                found[i], early[i] = page_lines, 0
        straight: list[Straightened] = []
        kept: list[list[detector.TextLine] | None] = []
        warned: list[list[str]] = []
        for i, (image, pixels, turned) in enumerate(zip(images, given, early, strict=True)):
            transform, frame_lines, warnings = self._straighten(
                image, pixels, found[i], geometry, fallback, turned, decided[i]
            )
            if turned and frame_lines is not None and not transform.skew:
                # the detector's own lines of that frame, in its order: moved back and
                # forth they differ in the last bit, enough to reorder a table row's cells
                frame_lines = detected[i]
            warned.append(warnings)
            # a page only levelled is read from the image as given (see _strips): its
            # levelled image is only for the table finder, which reads grey
            source = image.convert("L") if _only_levelled(transform) else image
            straight.append(Straightened(transform.apply(source), transform))
            kept.append(frame_lines)
        again = [i for i, frame_lines in enumerate(kept) if frame_lines is None]
        redetected = (
            detector.detect([straight[i].image for i in again], self.options.detect_side)
            if again
            else []
        )
        for i, page_lines in zip(again, redetected, strict=True):
            kept[i] = page_lines
        read = []
        for image, frame_lines, s, pixels, warnings in zip(
            images, kept, straight, given, warned, strict=True
        ):
            words = self._read_lines(pixels, s, frame_lines or [])
            first = Recognition(words=words, warnings=warnings)
            chosen, chosen_s = self._second_look(image, pixels, first, s, geometry)
            with_dots = leaders.with_leaders(chosen_s.image, chosen.words, NAME)
            with_dashes = dashes.as_dashes(chosen_s.image, with_dots)
            with_bullets = bullets.with_bullets(chosen_s.image, with_dashes, NAME)
            read.append((chosen.model_copy(update={"words": with_bullets}), chosen_s))
        return read

    def _read_lines(
        self, pixels: np.ndarray, s: Straightened, frame_lines: list[detector.TextLine]
    ) -> list[Word]:
        """The words of ``frame_lines`` (in ``s``'s pixels) on the page whose pixels as
        given are ``pixels``, in ``s``'s pixels."""
        strips = _strips(pixels, s, frame_lines)
        strips = standing.oriented(strips, recognizer.final_size(self.options.recognizer))
        return self.read_strips(strips)

    def _second_look(
        self,
        image: Image.Image,
        pixels: np.ndarray,
        first: Recognition,
        s: Straightened,
        geometry: GeometryOptions,
    ) -> tuple[Recognition, Straightened]:
        """A page read so unsurely that it may lie the wrong way up (:mod:`read_check`) is
        detected and read again turned from the way it was read: 180° first (levelling
        kept), then, while no reading is sure and the lines do not clearly lie, a quarter
        either way (a sideways page read lying, or the reverse). A reading that
        ``takes_over`` the first is kept (the most surely read characters among them), and
        the page is warned either way. A page read surely is returned as it is (the check is
        a sum over its words). Realdocs dev split, 200 dpi, 25 pages made to turn 180° wrong:
        24 read the right way up (the 25th, a small photo of a table, 0.68 surely, before
        ``TURN_GAIN`` let an unsure right reading win)."""
        sure = read_check.sureness(first.words)
        if not sure.doubtful:
            return first, s
        if not geometry.rotate_pages:
            warning = read_check.warning(sure, None, turned=None)
            return first.model_copy(update={"warnings": [*first.warnings, warning]}), s
        best: tuple[Recognition, Straightened] | None = None
        best_sure = sure
        for offset in read_check.OTHER_WAYS:
            words, other_s, found = self._read_turned(image, pixels, s.transform, offset)
            other = read_check.sureness(words)
            if read_check.takes_over(sure, other) and other.weight > best_sure.weight:
                best, best_sure = (Recognition(words=words), other_s), other
            if best_sure.confidence >= read_check.LOW_CONFIDENCE:
                break
            if page_frame.sideways(found) is False:  # its lines lie: no quarter turn
                break
        turned = None if best is None else best[1].transform.quarter_turns
        warnings = [*first.warnings, read_check.warning(sure, best_sure, turned=turned)]
        if best is None:
            return first.model_copy(update={"warnings": warnings}), s
        return best[0].model_copy(update={"warnings": warnings}), best[1]

    def _read_turned(
        self, image: Image.Image, pixels: np.ndarray, transform: PageTransform, offset: int
    ) -> tuple[list[Word], Straightened, list[detector.TextLine]]:
        """The page detected and read turned ``offset`` degrees further than ``transform``
        turns it (its words, the turned image, the lines found on it); a half turn keeps its
        levelling (lines level one way are level the other), a quarter turn has none (the
        lines it would level stand across it)."""
        turned = PageTransform(image.width, image.height).turned(transform.quarter_turns + offset)
        if offset == 180 and transform.skew:
            turned = turned.rotated(transform.skew)
        turned_image = turned.apply(image)
        found = detector.detect([turned_image], self.options.detect_side)[0]
        if _only_levelled(turned):  # grey, as for any page only levelled (see above)
            turned_image = turned_image.convert("L")
        straight = Straightened(turned_image, turned)
        return self._read_lines(pixels, straight, found), straight, found

    def _straighten(
        self,
        image: Image.Image,
        pixels: np.ndarray,
        page_lines: list[detector.TextLine],
        geometry: GeometryOptions,
        fallback: QuarterTurn | None,
        detected_turned: int = 0,
        turn: page_frame.Turn | None = None,
    ) -> tuple[PageTransform, list[detector.TextLine] | None, list[str]]:
        """The transform that makes the page upright and level, the page's lines in
        the pixels of the transformed image (None: the page is turned otherwise than it
        was detected, ``detected_turned``, to be detected again) and the page's warnings
        (a quarter turn its lines left in doubt); ``pixels`` are the image's in RGB, ``turn``
        the quarter turn where it is decided already (:meth:`_early_turn`)."""
        transform = PageTransform(image.width, image.height)
        warnings: list[str] = []
        if not page_lines:
            return transform, [], warnings
        if geometry.rotate_pages:
            turn = turn or self._quarter_turn(image, pixels, page_lines, fallback)
            transform = transform.turned(turn.degrees)
            warnings.extend(turn.warnings)
        frame_lines = page_frame.in_frame(page_lines, transform)
        if geometry.deskew:
            angle = page_frame.lean(frame_lines)
            if abs(angle) >= MIN_DESKEW:
                transform = transform.rotated(-angle)
        if transform.quarter_turns != detected_turned:
            return transform, None, warnings
        return transform, page_frame.in_frame(page_lines, transform), warnings

    def _early_turn(
        self, image: Image.Image, pixels: np.ndarray, page_lines: list[detector.TextLine]
    ) -> page_frame.Turn | None:
        """The quarter turn of a page detected turned early (``page_lines`` moved back onto
        the page as given) where its lines decide it themselves: they stand, and the 180°
        check needs no fallback; otherwise None, and the page is decided as before, from
        the lines found on it as given. The 180° check reads weaker evidence on some lines
        found upright than on the same lines found sideways (a generated class roll of
        short cells, photographed turned 90°: 31.5 against 31.8 from its 32 longest line
        starts found upright, 34.8 against 55.9 found sideways; turned 270°, its cells
        found upright were too short to show it sideways at all), so a turn they leave open
        is decided as before. Of 116 generated short tables, turned and turned early, 10
        were left so; none turned otherwise than before."""
        if page_frame.sideways(page_lines) is not True:
            return None
        turn = self._quarter_turn(image, pixels, page_lines, None)
        return turn if turn.doubt is None else None

    def _quarter_turn(
        self,
        image: Image.Image,
        pixels: np.ndarray,
        page_lines: list[detector.TextLine],
        fallback: QuarterTurn | None,
    ) -> page_frame.Turn:
        """The counter-clockwise quarter turn that makes the page upright: sideways or not
        from the lines' shapes, then upside down or not (:meth:`_upside_down`); ``fallback``
        decides when either is unclear (without one: the classifier's majority), asked on
        the page's text (:func:`page_frame.text_region`). A turn the lines did not decide
        carries a doubt (a page warning): read the wrong way up, a page is junk."""
        lying = page_frame.sideways(page_lines)
        region = page_frame.text_region(page_lines, image.width, image.height)
        if lying is None and fallback is not None:
            return page_frame.Turn(fallback(image.crop(region)), page_frame.UNSURE_SIDEWAYS)
        frame = PageTransform(image.width, image.height).turned(90 if lying else 0)
        page = _rgb(frame.apply(image)) if lying else pixels
        longest = page_frame.longest(page_frame.in_frame(page_lines, frame), page_frame.VOTE_LINES)
        strips = [lines.cut(page, line.quad) for line in longest]
        vote = page_frame.upside_down_vote(strips)
        flip = self._upside_down(vote, strips)
        if flip is not None:
            doubt = page_frame.UNSURE_SIDEWAYS if lying is None else None
            return page_frame.Turn((frame.quarter_turns + (180 if flip else 0)) % 360, doubt)
        lean = vote is not None and vote > 0.5
        ways = {frame.quarter_turns: False, (frame.quarter_turns + 180) % 360: True}
        if fallback is not None:
            # the lines' shapes said sideways or not: an answer across that (or the
            # fallback's "cannot tell", 0, on a sideways page) is no answer
            lean = ways.get(fallback(image.crop(region)), lean)
        degrees = (frame.quarter_turns + (180 if lean else 0)) % 360
        return page_frame.Turn(degrees, page_frame.UNSURE_UPSIDE_DOWN)

    def _upside_down(self, vote: float | None, strips: list[lines.LineStrip]) -> bool | None:
        """Whether the lines of ``strips`` (the page's longest) lie upside down: the line
        classifier's ``vote`` when it is clear; otherwise whether Tesseract reads the starts
        of the ``CHECK_LINES`` longest more confidently turned 180° than as they are
        (upside-down text is read as low-confidence junk, in any script), line by line until
        the lines read decide (:func:`page_frame.turn_verdict`), reading a few more while
        too little was read to decide (:func:`page_frame.read_on`); where that leaves it
        unclear, the starts of the rest of ``strips`` (up to ``VOTE_LINES``) are read too
        and decide by the whole check's rule (:func:`page_frame.all_lines_verdict`); None
        when they do not."""
        clear = page_frame.clear_vote(vote)
        if clear is not None:
            return clear
        longest = sorted(strips, key=lambda strip: strip.image.shape[1], reverse=True)
        lines_checked = min(len(longest), page_frame.CHECK_LINES)
        upright = turned = 0.0
        read = 0
        for read, strip in enumerate(longest[: page_frame.MORE_LINES], start=1):
            upright, turned = self._both_ways(strip, upright, turned)
            verdict = page_frame.turn_verdict(upright, turned, read, lines_checked, vote)
            if verdict is not None:
                return verdict
            if not page_frame.read_on(upright, turned, read):
                break
        if read >= len(longest):
            return None
        for strip in longest[read : page_frame.VOTE_LINES]:
            upright, turned = self._both_ways(strip, upright, turned)
        return page_frame.all_lines_verdict(upright, turned)

    def _both_ways(
        self, strip: lines.LineStrip, upright: float, turned: float
    ) -> tuple[float, float]:
        """``upright`` and ``turned`` evidence with that of the strip's start (``PROBE``
        line heights) read as it is and turned 180° added."""
        head = strip.head(PROBE * strip.image.shape[0])
        upright += _evidence(self._tesseract_words(head))
        turned += _evidence(self._tesseract_words(head.turned()))
        return upright, turned

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
                read_by_tesseract = self._tesseract_words(
                    strip, hangul=korean_first, stems_page=stems_page
                )
                holds_hangul = (
                    reads_hangul(read_by_tesseract)
                    if korean_first
                    else has_hangul(w.text for w in read_by_tesseract)
                )
                if decision == "hangul?":
                    decision = "tesseract" if holds_hangul else "ppocr"
                elif korean_first and not holds_hangul:
                    read_by_tesseract = self._tesseract_words(
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
        reading = _spaced(strip, reading, ink)
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

    def _tesseract_words(
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
        found = [
            word.model_copy(
                update={"box": tuple(v / factor for v in word.box), "engine": TESSERACT_ROUTE}
            )
            for word in merge_hangul(self.tesseract(hangul).read_line(image), LINE_MERGE_GAP)
        ]
        found = circled_numbers(strip, found, self._read_final)
        holds_hangul = hangul or has_hangul(word.text for word in found)
        if holds_hangul or hangul_page:
            found = empty_rings(strip, found)
        if holds_hangul and (stems_page or stems.suspect(found)):
            found = stems.with_stems(strip.image, found, self._read_tiny)
        if holds_hangul:
            found = middle_dots(strip, company_marks(strip, found))
            found = read_latin_runs(strip, found, self._read_final, NAME)
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

    def read_again(
        self, image: Image.Image, rows: Sequence[Sequence[Word]]
    ) -> list[list[Word | None]]:
        """Each row of words (left to right on one visual line) read again as one strip by
        the final recogniser (``small``), the strip reaching ``READ_AGAIN_CONTEXT`` heights
        past its ends (None for a word nothing was read on). With ``cascade`` the tiny
        recogniser reads a digit wrong with every character sure
        ("112.48" for 112.45 on a SROIE receipt): nothing doubts it, so the rows a field
        hangs on are read again. Each word gets the words read that overlap it most
        (:func:`_assigned`). The row is read whole because the small recogniser reads a
        word cut out alone worse than in its line ("277.aa" for 277.00, SROIE dev). A
        monospaced row is spaced by its character cells (:func:`.spacing.by_cells`)."""
        page = np.asarray(image.convert("RGB"))
        strips, spans = [], []
        for row in rows:
            first = np.array(_quad_of(row[0]), dtype=np.float32)
            last = np.array(_quad_of(row[-1]), dtype=np.float32)
            along = first[1] - first[0]
            unit = along / max(1e-6, float(np.hypot(*along)))
            height = float(np.hypot(*(first[3] - first[0])))
            step = unit * READ_AGAIN_CONTEXT * height
            grown = np.array([first[0] - step, last[1] + step, last[2] + step, first[3] - step])
            strip = lines.cut(page, grown)
            # a word's columns on the strip: its corners projected on the row
            origin = grown[0]
            spans.append(
                [
                    (
                        strip.pad + float(np.dot(quad[0] - origin, unit)),
                        strip.pad + float(np.dot(quad[1] - origin, unit)),
                    )
                    for quad in (np.array(_quad_of(word), dtype=np.float32) for word in row)
                ]
            )
            strips.append(strip)
        size = recognizer.final_size(self.options.recognizer)
        readings = recognizer.read([strip.image for strip in strips], size)
        return [
            _assigned(row, row_spans, _spaced(strip, reading, cells=True))
            for row, row_spans, strip, reading in zip(rows, spans, strips, readings, strict=True)
        ]

    def close(self) -> None:
        for engine in self._tesseracts.values():
            engine.close()
        self._tesseracts.clear()


READ_AGAIN_SPACE = 0.25
"""Ink gap (share of the line height) from which a space of the first reading stays where
the second reading reads one word across it: letter-spaced receipt fonts leave up to about
0.21 between letters, a monospaced word space is about 0.4 (``spacing.CELL_GAP``)."""
READ_AGAIN_CONTEXT = 1.0
"""Heights of blank or neighbouring text read past each end of a row read again (a cut at
the row's last character loses it; see ``recognizer.CONTEXT``)."""


def _in_line(box: lines.Box, strip: lines.LineStrip) -> lines.Box:
    """``box`` (strip pixels) held to the line's band, the strip without its margin, as
    PP-OCR's words are: a Tesseract piece's box can reach the strip's edges, and a word
    joined of pieces (:meth:`TesseractEngine.read_line`) takes the tallest of them, into
    the neighbouring lines."""
    x0, y0, x1, y1 = box
    top, bottom = max(y0, strip.pad), min(y1, strip.image.shape[0] - strip.pad)
    return (x0, top, x1, bottom) if top < bottom else box


def _quad_of(word: Word) -> list[tuple[float, float]]:
    """The word's quadrilateral (top-left, top-right, bottom-right, bottom-left)."""
    if word.quad is not None:
        return list(word.quad)
    x0, y0, x1, y1 = word.box
    return [(x0, y0), (x1, y0), (x1, y1), (x0, y1)]


def _spaced(
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


def _runs(
    read: recognizer.ReadWord, middles: Sequence[float]
) -> list[tuple[int, str, list[float]]]:
    """The characters of a word read, in runs by the row's word they are centred on (its
    index, the characters, their probabilities); punctuation alone in a run goes with the
    run before it (a comma centred past the middle of the space after its word)."""
    runs: list[tuple[int, str, list[float]]] = []
    for char, x, p in zip(read.text, read.centres, read.probabilities, strict=False):
        k = sum(x >= middle for middle in middles)
        if runs and runs[-1][0] == k:
            runs[-1] = (k, runs[-1][1] + char, runs[-1][2] + [p])
        else:
            runs.append((k, char, [p]))
    kept: list[tuple[int, str, list[float]]] = []
    for k, chars, ps in runs:
        if kept and not any(c.isalnum() for c in chars):
            kept[-1] = (kept[-1][0], kept[-1][1] + chars, kept[-1][2] + ps)
        else:
            kept.append((k, chars, ps))
    if len(kept) > 1 and not any(c.isalnum() for c in kept[0][1]):
        first = kept.pop(0)
        kept[0] = (kept[0][0], first[1] + kept[0][1], first[2] + kept[0][2])
    return kept


def _assigned(
    row: Sequence[Word], spans: Sequence[tuple[float, float]], reading: recognizer.ReadLine
) -> list[Word | None]:
    """Each word of ``row`` with the characters of ``reading`` centred nearer it than its
    neighbours (the middles of the gaps between the words' spans, strip pixels) as its text,
    their mean probability its confidence; None where none are. The second reading's spaces
    inside a word's span are kept ("KUALALUMPUR" read again as "KUALA LUMPUR"); where it
    reads one word across two of the row's, the two are one word when the ink gap between
    them is narrower than ``READ_AGAIN_SPACE`` line heights ("SE LANGOR", a space the first
    reading put inside a word) and stay two otherwise ("DARUL EHSAN" read as one word) —
    unless the row is monospaced (``reading.pitch``): its second reading is spaced by its
    empty cells, and a gap a cell wide is a narrow letter the first reading lost ("MA URI"
    for MALURI, SROIE dev), not a space."""
    middles = [(left[1] + right[0]) / 2 for left, right in pairwise(spans)]
    texts = [""] * len(row)
    probabilities: list[list[float]] = [[] for _ in row]
    joined = [False] * len(row)
    for read in reading.words:
        for n, (k, chars, ps) in enumerate(_runs(read, middles)):
            if n > 0:  # the word read goes on over the next word of the row
                height = row[k].box[3] - row[k].box[1]
                narrow = spans[k][0] - spans[k - 1][1] < READ_AGAIN_SPACE * height
                joined[k] = narrow or reading.pitch is not None
            elif texts[k]:
                texts[k] += " "
            texts[k] += chars
            probabilities[k] += ps
    found: list[Word | None] = []
    for k, word in enumerate(row):
        if joined[k] and found and found[-1] is not None and texts[k]:
            before = found[-1]
            box = union_box([before.box, word.box])
            text = before.text + texts[k].strip()
            found[-1] = before.model_copy(update={"text": text, "box": box, "quad": None})
            found.append(None)
        elif texts[k].strip():
            confidence = float(np.mean(probabilities[k]))
            found.append(
                word.model_copy(update={"text": texts[k].strip(), "confidence": confidence})
            )
        else:
            found.append(None)
    return found


def _on_ink(x0: float, x1: float, ink: np.ndarray) -> tuple[float, float]:
    """A word's x-range narrowed to the ink columns inside it. The recogniser's range is its
    characters' CTC columns widened by half a character pitch, which reaches into the space
    around the word: on a three-column page (Federal Register, realdocs test split) the words
    beside a column gutter narrowed it below the width reading order takes for a gutter."""
    inside = ink[(ink >= x0) & (ink < x1)]
    if inside.size == 0:
        return x0, x1
    return float(inside[0]), float(inside[-1] + 1)


def _strips(
    pixels: np.ndarray, straight: Straightened, frame_lines: list[detector.TextLine]
) -> list[lines.LineStrip]:
    """The strips of ``frame_lines`` (in the straightened image's pixels), mapping there;
    ``pixels`` are the page as given, in RGB. A page only levelled has them cut from the
    page as given, through each line's quad moved back: a line is straightened from its own
    quad anyway, and the page's levelling rotation would resample every pixel once more (a
    bicubic warp of the whole page, 0.1-0.3 s of CPU at 200 dpi) and blur the strips a
    little."""
    transform = straight.transform
    if _only_levelled(transform):
        return [
            lines.cut(
                pixels, np.asarray(transform.to_original(line.quad), np.float32), transform.matrix
            )
            for line in frame_lines
        ]
    page = _rgb(straight.image) if transform.quarter_turns else pixels
    return [lines.cut(page, line.quad) for line in frame_lines]


def _turned_back(
    page_lines: list[detector.TextLine], page: Image.Image, degrees: int
) -> list[detector.TextLine]:
    """The lines found on ``page``, the image turned ``degrees`` counter-clockwise, in the
    pixels of the image as given (a quarter turn moves them exactly)."""
    return page_frame.in_frame(page_lines, PageTransform(page.width, page.height).turned(-degrees))


def _rgb(image: Image.Image) -> np.ndarray:
    """The image's pixels in RGB (read-only; no copy of an RGB image before numpy's)."""
    return np.asarray(image if image.mode == "RGB" else image.convert("RGB"))


def _only_levelled(transform: PageTransform) -> bool:
    return bool(transform.skew) and not transform.quarter_turns


def _evidence(words: list[Word]) -> float:
    """Characters read, weighted by Tesseract's confidence."""
    return sum(len(word.text) * (word.confidence or 0.0) for word in words)
