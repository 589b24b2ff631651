"""Tesseract (kor+eng) through tesserocr: one persistent API per engine, so the Korean
model is loaded once and not per page (see README: why tesserocr, measured).

Page segmentation. By default (``psm=None``) a page gets Tesseract's automatic layout
analysis (PSM 3), which keeps columns apart. That analysis takes a photographed page (a
receipt on a table) for a picture: it files the page as an image region, whose text it never
reads. So when picture regions cover ``PHOTO_SHARE`` of the page or more, the page is read as
one uniform block of text instead (PSM 6); any other page is recognised on the layout already
found, so the check costs no second recognition. On the synthetic set of
``benchmarks/tesseract_tuning.py`` (results in benchmarks/results/tesseract_tuning.md) this
raises receipts from 73 to 93 PopEval H-mean, while invoices and documents stay on PSM 3
(PSM 6 reads their two-column parts across the gutter, -6 H). ``psm=N`` forces mode N.

Text size. Pages reach the engine as they are (PDF pages rasterised in greyscale at the
document's page resolution, images as decoded): the engine sizes them itself
(:meth:`TesseractEngine.prepare`), so that its median word, measured by a layout pass on a copy
of ``ESTIMATE_SIDE`` px, is about ``TEXT_HEIGHT`` px tall, Tesseract's sweet spot (willus.org's
measurements, "Tesseract accuracy"). A page whose words are taller is shrunk (at most
``MAX_SHRINK`` times); an image smaller than ``ENLARGE_TO`` px whose words are smaller is
enlarged, as far as its words need and at most to that long side. Rows of text much larger
than the rest (a receipt's bold store name), which Tesseract cuts in two and misreads, are then
read again on their own (:mod:`docparse.engines.large_text`). Measured in
benchmarks/tesseract_tuning.py: receipts 92.9 → 94.2 H, documents unchanged.

Greyscale. Pages go to Tesseract in greyscale: on that set the words are the same as from
the RGB page, for 21-28 % less CPU.

Words. Tesseract's Korean model splits words between syllables; adjacent fragments are
joined again (:mod:`docparse.engines.hangul_merge`).
"""

from __future__ import annotations

import re
import statistics
from collections.abc import Callable, Iterable, Sequence
from functools import partial
from itertools import pairwise
from pathlib import Path

from PIL import Image

from docparse.engines.base import Engine, Recognition
from docparse.engines.hangul_merge import MIDDLE_DOT, merge_hangul
from docparse.engines.junk_words import drop_junk
from docparse.engines.tesseract_options import CAPABILITIES, NAME
from docparse.engines.tesseract_options import find_tessdata as find_tessdata  # ppocr's engine
from docparse.hangul import has_hangul
from docparse.model import Box, Word
from docparse.preprocess import MAX_UPSCALE, Scale, resized, to_page_space

PSM_AUTO = 3
PSM_SINGLE_BLOCK = 6
PSM_SINGLE_LINE = 7
PSM_SPARSE = 11
PHOTO_SHARE = 0.25
"""Share of the page, by bounding boxes, that picture regions must cover for PSM 6: lower
thresholds also switch degraded invoices with small picture regions, higher ones miss receipts
read at their own size (threshold table of the tuning benchmark)."""
TEXT_HEIGHT = 30
"""Median word height (px) a page is shrunk to when its words are taller."""
MIN_WORDS = 5
"""Fewer words than this found by the layout pass (a picture, noise) give no text height."""
MAX_SHRINK = 3.0
"""A page is never shrunk more than this many times (from its enlarged size, if enlarged)."""
ENLARGE_TO = 2304
"""Images with a smaller long side may be enlarged up to it (and at most ``MAX_UPSCALE``
times) while their words are under ``TEXT_HEIGHT`` px. It is the size every image had when
``TEXT_HEIGHT``, ``PHOTO_SHARE`` and the large-row re-read were tuned (the pipeline then
enlarged every page to it, for the VLM), so those measurements still hold."""
ESTIMATE_SIDE = 1152
"""Long side (px) of the copy whose layout gives the word height (shrunk, or enlarged as far as
the page may be): small enough that large text is not cut in two, large enough to find the
words of small print."""
# Tesseract's PolyBlockType values of picture regions (tesserocr.PT.*_IMAGE).
_IMAGE_BLOCKS = frozenset({9, 10, 11})
ARAEA_AS_DOT = str.maketrans({"\u318d": MIDDLE_DOT})
"""Tesseract's Korean model writes the middle dot (가운뎃점, "조사·확인", "민·형사") as the
letter ㆍ (U+318D, the archaic vowel arae-a), which no modern Korean word holds alone and
which NFKC turns into a conjoining vowel (U+119E) that search and tokenisers take for part
of the syllable before it: it is written as the punctuation · (U+00B7) instead."""


def image_share(blocks: Iterable[tuple[int, Box]], width: int, height: int) -> float:
    """Share of a ``width`` × ``height`` page covered by the bounding boxes of its picture
    regions, given as (Tesseract block type, box) pairs (overlaps counted once per box)."""
    area = sum((x1 - x0) * (y1 - y0) for kind, (x0, y0, x1, y1) in blocks if kind in _IMAGE_BLOCKS)
    return min(1.0, area / (width * height)) if width * height else 0.0


def reads_as_photo(blocks: Iterable[tuple[int, Box]], width: int, height: int) -> bool:
    """Whether PSM 3's layout makes the page a photo to read as one block (PSM 6)."""
    return image_share(blocks, width, height) >= PHOTO_SHARE


def enlargement(image: Image.Image) -> float:
    """The factor that brings a small page's long side to ``ENLARGE_TO`` (at most
    ``MAX_UPSCALE``); 1.0 for pages already that long."""
    long_side = max(image.size)
    return min(MAX_UPSCALE, ENLARGE_TO / long_side) if 0 < long_side < ENLARGE_TO else 1.0


class TesseractEngine(Engine):
    """``psm=None`` chooses the page segmentation mode per page (see the module's doc);
    an int forces that Tesseract mode. ``merge`` joins broken Korean words. ``prepare`` sizes
    pages so their words are ``text_height`` px tall (None: as given); ``reread_large`` reads
    rows of large text again on their own."""

    name = NAME
    capabilities = CAPABILITIES
    pages_per_call = 1

    def __init__(
        self,
        tessdata: Path,
        lang: str,
        psm: int | None = None,
        merge: bool = True,
        text_height: int | None = TEXT_HEIGHT,
        reread_large: bool = True,
    ) -> None:
        import tesserocr

        self._tesserocr = tesserocr
        self._api = tesserocr.PyTessBaseAPI(path=f"{tessdata}/", lang=lang)
        self.psm = psm
        self.merge = merge
        self.text_height = text_height
        self.reread_large = reread_large
        self._unshrunk: dict[int, tuple[Image.Image, Scale]] = {}

    def prepare(self, image: Image.Image) -> tuple[Image.Image, Scale]:
        """The page in greyscale, sized so its words are ``text_height`` px tall (see the
        module's doc), and the factors from the page's pixels to it."""
        grey = image if image.mode == "L" else image.convert("L")
        factor = self.scale_for(grey)
        prepared, scale = (grey, Scale()) if factor == 1.0 else resized(grey, factor)
        enlarge = enlargement(grey)
        if factor < enlarge:  # shrunk to text_height: kept for a second look (_other_readings)
            larger, larger_scale = (grey, Scale()) if enlarge == 1.0 else resized(grey, enlarge)
            self._unshrunk.clear()  # one page at a time (pages_per_call = 1)
            self._unshrunk[id(prepared)] = (
                larger,
                Scale(scale.x / larger_scale.x, scale.y / larger_scale.y),
            )
        return prepared, scale

    def recognize(self, images: Sequence[Image.Image]) -> list[Recognition]:
        """The words of prepared images, each in its own pixels, and warnings about them."""
        return [self._read_prepared(image) for image in images]

    def read(self, image: Image.Image) -> list[Word]:
        """The words of one image, prepared here, in its pixels and Tesseract's order."""
        prepared, scale = self.prepare(image)
        return to_page_space(self._read_prepared(prepared).words, scale)

    def _read_prepared(self, image: Image.Image) -> Recognition:
        """A page whose words cover little of its ink is read again in the other ways of
        ``_other_readings`` and the best reading is kept (:mod:`ink_coverage`); words
        Tesseract invents are dropped (:mod:`junk_words`)."""
        # numpy, imported when a page is read: the spec and options load without it
        from docparse.engines.ink_coverage import best_reading

        unshrunk = self._unshrunk.pop(id(image), None)
        mode, words = self._recognise(image)
        warnings: list[str] = []
        if self.psm is None:
            words, warnings = best_reading(
                image, words, self._other_readings(image, mode, unshrunk)
            )
        if self.reread_large:
            words = self._reread_large_rows(image, words)
        words = merge_hangul(words) if self.merge else words
        return Recognition(words=drop_junk(words), warnings=warnings)

    def _other_readings(
        self, image: Image.Image, mode: int, unshrunk: tuple[Image.Image, Scale] | None
    ) -> dict[str, Callable[[], list[Word]]]:
        """Readers of the page in the other ways, each giving words in ``image``'s pixels:
        the automatic layout without the shrink to ``text_height`` when ``prepare`` shrank it
        (``unshrunk``: that image and the factors from it to ``image``; the word height
        measured on a dense table can be a cell's, not a word's), then each page
        segmentation mode."""
        others: dict[str, Callable[[], list[Word]]] = {}
        if unshrunk is not None:
            larger, scale = unshrunk
            others["automatic layout at the page's own size"] = lambda: [
                word.scaled(scale.x, scale.y) for word in self._read_in_mode(larger, PSM_AUTO)
            ]
        for other, name in (
            (PSM_AUTO, "automatic layout"),
            (PSM_SINGLE_BLOCK, "single block"),
            (PSM_SPARSE, "sparse text"),
        ):
            if other != mode:
                others[name] = partial(self._read_in_mode, image, other)
        return others

    def _read_in_mode(self, image: Image.Image, mode: int) -> list[Word]:
        """The words of ``image`` read in page segmentation ``mode``."""
        self._api.SetPageSegMode(mode)
        self._set_image(image)
        self._api.Recognize()
        return self._words()

    def scale_for(self, image: Image.Image) -> float:
        """The factor that brings the image's median word to ``text_height`` px: never below
        1/``MAX_SHRINK`` of its enlargement, never above it (see ``ENLARGE_TO``)."""
        if not self.text_height:
            return 1.0
        enlarge = enlargement(image)
        height = self.word_height(image, enlarge)
        if height is None:
            return enlarge
        return max(enlarge / MAX_SHRINK, min(enlarge, self.text_height / height))

    def word_height(self, image: Image.Image, enlarge: float = 1.0) -> float | None:
        """Median height of the page's words in pixels of ``image`` (None: fewer than
        ``MIN_WORDS``), from the layout of a copy ``ESTIMATE_SIDE`` px long (at most
        ``enlarge`` times the image)."""
        factor = min(enlarge, ESTIMATE_SIDE / max(image.size))
        copy = resized(image, factor)[0] if factor != 1 else image
        words = self.layout(copy, self._tesserocr.RIL.WORD)
        heights = [y1 - y0 for _, (_, y0, _, y1) in words]
        return statistics.median(heights) / factor if len(heights) >= MIN_WORDS else None

    def _recognise(self, image: Image.Image) -> tuple[int, list[Word]]:
        """(page segmentation mode used, words) of ``image``."""
        mode = PSM_AUTO if self.psm is None else self.psm
        if self.psm is None:
            if reads_as_photo(self.layout(image), image.width, image.height):
                mode = PSM_SINGLE_BLOCK
                self._api.SetPageSegMode(mode)
                self._set_image(image)  # drops the layout found in PSM 3
        else:
            self._api.SetPageSegMode(self.psm)
            self._set_image(image)
        self._api.Recognize()
        return mode, self._words()

    def _reread_large_rows(self, image: Image.Image, words: list[Word]) -> list[Word]:
        """Each row of large text read again alone (see :mod:`large_text`); its words replace
        those Tesseract found in the row when they are more confident."""
        from docparse.engines.large_text import (
            in_row,
            large_rows,
            mean_confidence,
            row_image,
            to_page,
        )

        for row in large_rows(image):
            crop, fx, fy = row_image(image, row)
            found = to_page(self.read_line(crop), row, fx, fy)
            inside = [word for word in words if in_row(word, row.box)]
            if found and mean_confidence(found) > mean_confidence(inside):
                at = words.index(inside[0]) if inside else len(words)
                kept = [word for word in words if not in_row(word, row.box)]
                words = kept[:at] + found + kept[at:]
        return words

    def _set_image(self, image: Image.Image) -> None:
        """``image`` given to Tesseract. A greyscale or RGB image goes as its raw pixels:
        tesserocr's own ``SetImage`` encodes every image as a BMP file first (in Python,
        its palette byte by byte: 1.5 % of a page's CPU, read line by line), which Leptonica
        decodes again. The same pixels and the same resolution reach Tesseract either way
        (the BMP's, from the image's dpi or PIL's 96), so the same words come back: checked
        word for word on 43 realdocs dev pages read by ``ppocr`` (upright, skewed, photo,
        turned) and 4 read page by page by this engine."""
        if image.mode not in ("L", "RGB"):
            self._api.SetImage(image)
            return
        depth = len(image.mode)
        self._api.SetImageBytes(
            image.tobytes(), image.width, image.height, depth, depth * image.width
        )
        self._api.SetSourceResolution(_bmp_resolution(image.info.get("dpi", (96, 96))[1]))

    def read_line(self, image: Image.Image) -> list[Word]:
        """The words of an image holding one line of text (PSM 7), in its pixels. Tesseract
        gives each Hangul syllable as a word of its own and marks the real spaces apart
        (``BlanksBeforeWord``; its own text output prints only those): pieces with no blank
        between them are joined into one word (:func:`_joined`)."""
        self._api.SetPageSegMode(PSM_SINGLE_LINE)
        self._set_image(image)
        self._api.Recognize()
        return _ending_before_next(self._words(join_unspaced=True))

    def layout(self, image: Image.Image, level: int | None = None) -> list[tuple[int, Box]]:
        """PSM 3's blocks (or elements of another ``level``, a tesserocr.RIL) of ``image``,
        as (Tesseract block type, box); a ``Recognize`` that follows reuses them."""
        if level is None:
            level = self._tesserocr.RIL.BLOCK
        self._api.SetPageSegMode(PSM_AUTO)
        self._set_image(image)
        iterator = self._api.AnalyseLayout()
        if iterator is None:
            return []
        return [
            (item.BlockType(), item.BoundingBox(level))
            for item in self._tesserocr.iterate_level(iterator, level)
            if item.BoundingBox(level) is not None
        ]

    def _words(self, join_unspaced: bool = False) -> list[Word]:
        level = self._tesserocr.RIL.WORD
        words: list[Word] = []
        iterator = self._api.GetIterator()
        if iterator is None:  # nothing recognised at all (a blank page)
            return words
        for item in self._tesserocr.iterate_level(iterator, level):
            try:
                text = (item.GetUTF8Text(level) or "").strip().translate(ARAEA_AS_DOT)
            except RuntimeError:  # tesserocr's "No text returned": an empty element
                continue
            bbox = item.BoundingBox(level)
            if not text or bbox is None:
                continue
            confidence = min(1.0, max(0.0, item.Confidence(level) / 100.0))
            word = Word(text=text, box=bbox, confidence=confidence, engine=self.name)
            unspaced = join_unspaced and bool(words) and item.BlanksBeforeWord() == 0
            if unspaced and _joinable(words[-1], word):
                words[-1] = _joined(words[-1], word)
            else:
                words.append(word)
        return [_without_rules(word) for word in words]

    def close(self) -> None:
        self._api.End()


JOIN_CONFIDENCE = 0.5
"""Pieces read less surely than this stay words of their own when no blank parts them: on
Hangul lines the engines look again at such words (a Latin word the Korean model misread,
a circled number; ``routing.MIN_HANGUL_CONFIDENCE`` is the same 0.5)."""


def _joinable(first: Word, second: Word) -> bool:
    """Whether two pieces with no blank between them make one word: both read surely, and
    not Hangul against Latin letters (a Latin word inside a Hangul line that the Korean
    model misread is looked at again on its own, ``ppocr.latin_runs``, only while it stays
    a word of its own)."""
    if min(first.confidence or 0.0, second.confidence or 0.0) < JOIN_CONFIDENCE:
        return False
    return not (
        (has_hangul(first.text) and _has_latin(second.text))
        or (_has_latin(first.text) and has_hangul(second.text))
    )


def _has_latin(text: str) -> bool:
    return any(char.isascii() and char.isalpha() for char in text)


def _joined(first: Word, second: Word) -> Word:
    """One word of two pieces Tesseract read with no blank between them: the text run
    together, the boxes' union, the pieces' confidences averaged over their characters."""
    box = (
        min(first.box[0], second.box[0]),
        min(first.box[1], second.box[1]),
        max(first.box[2], second.box[2]),
        max(first.box[3], second.box[3]),
    )
    weights = (len(first.text), len(second.text))
    confidence = (
        weights[0] * (first.confidence or 0.0) + weights[1] * (second.confidence or 0.0)
    ) / sum(weights)
    return first.model_copy(
        update={"text": first.text + second.text, "box": box, "confidence": confidence}
    )


_RULE_ON_HANGUL = re.compile(r"^\|+(?=[\uac00-\ud7a3])|(?<=[\uac00-\ud7a3])\|+$")
"""A bar written against a Hangul syllable at a word's start or end: no Korean text writes
one there; it is a drawn line the word touches (a table's border, a form's checkbox edge,
"|원천기술형", "보관|"). On the realdocs dev split (first 3 pages) docparse's words held 36
such bars and the text layers none; a bar standing apart, as a separator, is kept."""


def _ending_before_next(words: list[Word]) -> list[Word]:
    """The words of one line, each ending where the next starts when its box reached past
    it: read left to right, a word ends before the next begins, while Tesseract's LSTM
    sometimes stretches a word's box over its neighbours' ("상호:" of "상호: 한빛문구센터"
    boxed across the whole line, a generated card receipt, which put the name on a line of
    its own before its label)."""
    fixed = list(words)
    for i, (word, after) in enumerate(pairwise(words)):
        x0, y0, x1, y1 = word.box
        if x0 < after.box[0] < x1:
            fixed[i] = word.model_copy(update={"box": (x0, y0, after.box[0], y1)})
    return fixed


def _without_rules(word: Word) -> Word:
    """``word`` without the bars :data:`_RULE_ON_HANGUL` finds (its box as read)."""
    text = _RULE_ON_HANGUL.sub("", word.text)
    return word if text == word.text else word.model_copy(update={"text": text})


def _bmp_resolution(dpi: float) -> int:
    """The resolution Leptonica reads from the BMP file PIL writes for ``dpi``: PIL stores
    whole pixels per metre, Leptonica rounds them back to whole pixels per inch."""
    per_metre = int(dpi * 39.3701 + 0.5)
    return int(per_metre / 39.37 + 0.5)
