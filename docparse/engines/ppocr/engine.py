"""The detector-first engine: PP-OCR finds the text lines, the page is turned upright and
levelled from them, each line is straightened and read by the better reader for it
(:mod:`.line_reader`: PP-OCR's recogniser for Latin and digit lines, Tesseract for Hangul
lines and the lines PP-OCR doubts), and word boxes are mapped back to the page."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence

import numpy as np
from PIL import Image

from docparse.engines.base import Engine, Recognition
from docparse.engines.ppocr import (
    bullets,
    checkboxes,
    dashes,
    detector,
    faint,
    ink_words,
    leaders,
    lines,
    page_frame,
    read_check,
    recognizer,
    rows_again,
    seals,
    standing,
)
from docparse.engines.ppocr.line_reader import PROBE, LineReader
from docparse.engines.ppocr.options import CAPABILITIES, NAME, PPOCROptions
from docparse.engines.ppocr.routing import Route
from docparse.geometry.straighten import MIN_DESKEW, GeometryOptions, QuarterTurn, Straightened
from docparse.geometry.transform import QUARTER_TURNS, PageTransform
from docparse.model import Word

EARLY_TURN = 90
"""The counter-clockwise quarter turn a page whose ink words stand (:mod:`.ink_words`) is
detected at: the same first guess as the lines' own test makes (:meth:`_quarter_turn`);
the 180° check then decides between it and 270°, and a page read at 270° is detected
again."""


class PPOCREngine(Engine):
    name = NAME
    capabilities = CAPABILITIES
    pages_per_call = 1

    def __init__(self, options: PPOCROptions | None = None) -> None:
        self.options = options or PPOCROptions()
        self.reader = LineReader(self.options)
        """Reads the line strips (routing each to PP-OCR or Tesseract)."""

    @property
    def routes(self) -> Counter[Route]:
        """Lines read by each reader since the engine was made (for reports)."""
        return self.reader.routes

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
        stretched to the full grey range first (:mod:`.faint`), red seals pressed over
        its print are lifted off it (:mod:`.seals`), and so are the check boxes of a form
        (:mod:`.checkboxes`), given back as words "□" and "☑" once the page is read."""
        lifted = [checkboxes.lifted(seals.lifted(faint.stretched(image))) for image in images]
        images = [image for image, _ in lifted]
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
        for image, frame_lines, s, pixels, warnings, (_, boxes) in zip(
            images, kept, straight, given, warned, lifted, strict=True
        ):
            words = self._read_lines(pixels, s, frame_lines or [])
            first = Recognition(words=words, warnings=warnings)
            chosen, chosen_s = self._second_look(image, pixels, first, s, geometry)
            with_dots = leaders.with_leaders(chosen_s.image, chosen.words, NAME)
            with_dashes = dashes.as_dashes(chosen_s.image, with_dots)
            with_bullets = bullets.with_bullets(chosen_s.image, with_dashes, NAME)
            ticks = checkboxes.words(boxes, chosen_s.transform.from_original, NAME)
            read.append((chosen.model_copy(update={"words": with_bullets + ticks}), chosen_s))
        return read

    def _read_lines(
        self, pixels: np.ndarray, s: Straightened, frame_lines: list[detector.TextLine]
    ) -> list[Word]:
        """The words of ``frame_lines`` (in ``s``'s pixels) on the page whose pixels as
        given are ``pixels``, in ``s``'s pixels."""
        strips = _strips(pixels, s, frame_lines)
        strips = standing.oriented(strips, recognizer.final_size(self.options.recognizer))
        return self.reader.read_strips(strips)

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
        clear = page_frame.clear_vote(vote, len(strips))
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
        upright += _evidence(self.reader.tesseract_words(head))
        turned += _evidence(self.reader.tesseract_words(head.turned()))
        return upright, turned

    def read_again(
        self, image: Image.Image, rows: Sequence[Sequence[Word]]
    ) -> list[list[Word | None]]:
        """Each row of words read again as one strip by the final recogniser
        (:func:`.rows_again.read_again`)."""
        return rows_again.read_again(image, rows, recognizer.final_size(self.options.recognizer))

    def close(self) -> None:
        self.reader.close()


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
