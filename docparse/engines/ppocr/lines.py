"""A detected line cut out of its page as a horizontal strip, and strip pixels mapped back
to the page.

The strip is the line's quadrilateral warped (perspective) onto an upright rectangle, with
``PAD`` of the line's height added around it, so a skewed or rotated line reads like a
straight one. Lines clearly taller than wide are vertical text or a line turned 90°: their
strip is turned to lie horizontally. The lines of a page the line classifier finds upside
down are turned 180° (:meth:`LineStrip.turned`). Each strip keeps its transform, so boxes
found on it map back exactly (as quadrilaterals when the line is not axis-aligned).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property

import cv2
import numpy as np
from PIL import Image

from docparse.engines.ppocr.strikes import unstruck
from docparse.model import Box, Quad

PAD = 0.15
"""Margin added around the detected quadrilateral, as a share of its height: DB's boxes fit
the glyphs closely, and Tesseract misreads glyphs that touch the image border."""
VERTICAL = 1.5
"""A line at least this many times taller than wide is read turned by 90° (PaddleOCR's rule)."""
STRAIGHT = 0.01
"""Below this slope (about 0.6°) a line counts as axis-aligned and its words get no quad."""
EVEN_PAPER = 0.85
"""A line whose paper is somewhere darker than this share of its brightest paper is evened
before Tesseract reads it (:func:`evened`). Realdocs dev split at 200 dpi: upright pages have
none such, the photographed ones (light falling to 60 % across the page) a few; evening
them moved 10 photo pages by −0.65 … +0.54 H, every variant's H the same to 0.1."""

FRAME = 0.9
"""A row (column) of a strip's margin inked along this share of the strip's width (height)
or more is a rule at the line's edge, not its text: a table cell's border cut into the strip
with a short label (:func:`unframed`). Letters never ink a margin row from end to end."""


@dataclass
class LineStrip:
    """A line's pixels as a horizontal strip and the map from strip to page pixels."""

    image: np.ndarray  # H × W × 3, uint8, RGB
    to_page: np.ndarray  # 3 × 3 homography from strip to page pixels
    straight: bool
    pad: float
    """The margin (px) around the line on each side of the strip."""
    standing: LineStrip | None = None
    """For a strip turned to lie horizontally (its line stood taller than wide), the strip as
    it stood: a single glyph or a column of short lines, rather than vertical text, reads
    that way (:mod:`.standing`)."""

    def turned(self) -> LineStrip:
        """The strip turned 180° (for a line that lies upside down)."""
        height, width = self.image.shape[:2]
        flip = np.array([[-1, 0, width], [0, -1, height], [0, 0, 1]], dtype=np.float64)
        image = np.ascontiguousarray(self.image[::-1, ::-1])
        return LineStrip(image, self.to_page @ flip, self.straight, self.pad, self.standing)

    def head(self, length: float) -> LineStrip:
        """The first ``length`` pixels of the strip (all of it when shorter)."""
        end = max(1, round(length))
        if end >= self.image.shape[1]:
            return self
        image = np.ascontiguousarray(self.image[:, :end])
        return LineStrip(image, self.to_page, self.straight, self.pad, self.standing)

    def ink_columns(self, middle: float = 1.0) -> np.ndarray:
        """x (strip pixels, ascending) of the columns of the line's band (the strip less its
        margin) holding ink: the minority side of an Otsu threshold (dark text on light
        ground, or light on dark), at least 2 px of a column. ``middle``: only that share
        of the band's height, about its middle (clear of a tight neighbouring line's
        descenders and ascenders)."""
        top, bottom = self.pad, self.image.shape[0] - self.pad
        trim = (bottom - top) * (1 - middle) / 2
        band = self.image[round(top + trim) : round(bottom - trim)]
        return np.flatnonzero(ink_of(band).sum(axis=0) >= 2)

    @cached_property
    def blobs(self) -> tuple[np.ndarray, np.ndarray]:
        """The strip's ink (:func:`ink_of`) as connected blobs (8-connected): the label image
        and each blob's left, top, width, height and area (row 0 is the paper). Worked out
        once per strip for the marks read from their shape (rings, ㈜, middle dots)."""
        _, labels, stats, _ = cv2.connectedComponentsWithStats(ink_of(self.image), connectivity=8)
        return labels, stats

    def ink_mask(self) -> np.ndarray:
        """1 where the strip holds ink (rows × columns, margin included), as
        :meth:`ink_columns` sees it."""
        return ink_of(self.image)

    def rows(self, top: int, bottom: int, pad: float) -> LineStrip:
        """The strip's pixel rows ``top`` to ``bottom`` (a line of a stack), whose margin
        above and below is ``pad``."""
        image = np.ascontiguousarray(self.image[top:bottom])
        shift = np.array([[1, 0, 0], [0, 1, top], [0, 0, 1]], dtype=np.float64)
        return LineStrip(image, self.to_page @ shift, self.straight, pad)

    def columns(self, x0: float, x1: float) -> tuple[LineStrip, int]:
        """The strip's columns ``x0`` to ``x1`` (strip pixels) with the strip's margin on
        each side as far as the strip reaches (a run of words cut out of its line), and the
        strip column where it starts."""
        left = max(0, round(x0 - self.pad))
        right = min(self.image.shape[1], max(left + 1, round(x1 + self.pad)))
        image = np.ascontiguousarray(self.image[:, left:right])
        shift = np.array([[1, 0, left], [0, 1, 0], [0, 0, 1]], dtype=np.float64)
        return LineStrip(image, self.to_page @ shift, self.straight, self.pad), left

    def ink_rows(self) -> np.ndarray:
        """Per pixel row, whether the strip's band between its side margins holds ink (as
        :meth:`ink_columns`, across)."""
        left, right = round(self.pad), round(self.image.shape[1] - self.pad)
        return ink_of(self.image[:, left:right]).sum(axis=1) >= 1

    def map_box(self, box: Box) -> tuple[Box, Quad | None]:
        """A box in strip pixels as a box on the page, with its quadrilateral when the line
        is not axis-aligned."""
        x0, y0, x1, y1 = box
        corners = np.array([[x0, y0], [x1, y0], [x1, y1], [x0, y1]], dtype=np.float64)
        mapped = cv2.perspectiveTransform(corners[None], self.to_page)[0]
        bounds = (*mapped.min(axis=0).tolist(), *mapped.max(axis=0).tolist())
        if self.straight:
            return bounds, None  # type: ignore[return-value]
        quad = tuple((float(x), float(y)) for x, y in mapped)
        return bounds, quad  # type: ignore[return-value]


def ink_of(rgb: np.ndarray) -> np.ndarray:
    """1 where ``rgb`` holds ink: the minority side of an Otsu threshold (dark text on light
    ground, or light on dark); empty for an empty region."""
    if rgb.size == 0:
        return np.zeros(rgb.shape[:2], dtype=np.uint8)
    grey = cv2.cvtColor(rgb, cv2.COLOR_RGB2GRAY)
    _, binary = cv2.threshold(grey, 0, 1, cv2.THRESH_BINARY + cv2.THRESH_OTSU)
    return binary if binary.mean() < 0.5 else 1 - binary


def cut(page: np.ndarray, quad: np.ndarray, to_frame: np.ndarray | None = None) -> LineStrip:
    """The strip of the line ``quad`` (top-left, top-right, bottom-right, bottom-left) of
    ``page`` (an RGB array). ``to_frame``: the affine map (3 × 3) from the page's pixels to
    those the strip maps to, where ``quad`` lies in that order (default: the page's own)."""
    frame_quad = quad if to_frame is None else _moved(quad, to_frame)
    top, bottom = quad[1] - quad[0], quad[2] - quad[3]
    left, right = quad[3] - quad[0], quad[2] - quad[1]
    width = max(np.hypot(*top), np.hypot(*bottom))
    height = max(np.hypot(*left), np.hypot(*right))
    pad = PAD * min(width, height)
    along = _along(quad)
    across = (left + right) / max(1e-6, np.hypot(*left) + np.hypot(*right))
    grown = np.array(
        [
            quad[0] - (along + across) * pad,
            quad[1] + (along - across) * pad,
            quad[2] + (along + across) * pad,
            quad[3] - (along - across) * pad,
        ],
        dtype=np.float32,
    )
    out_w, out_h = max(1, round(width + 2 * pad)), max(1, round(height + 2 * pad))
    target = np.array([[0, 0], [out_w, 0], [out_w, out_h], [0, out_h]], dtype=np.float32)
    to_strip = cv2.getPerspectiveTransform(grown, target)
    image = cv2.warpPerspective(
        page, to_strip, (out_w, out_h), flags=cv2.INTER_CUBIC, borderMode=cv2.BORDER_REPLICATE
    )
    to_page = np.linalg.inv(to_strip)
    if to_frame is not None:
        to_page = to_frame @ to_page
    strip = LineStrip(image, to_page, straight=_level(frame_quad), pad=pad)
    if out_h >= VERTICAL * out_w:
        return _lying(strip)
    return strip


def _moved(quad: np.ndarray, matrix: np.ndarray) -> np.ndarray:
    """The corners of ``quad`` through the affine ``matrix``."""
    return (quad @ matrix[:2, :2].T + matrix[:2, 2]).astype(np.float32)


def _along(quad: np.ndarray) -> np.ndarray:
    """The unit direction along the line ``quad`` (its top and bottom edges averaged)."""
    top, bottom = quad[1] - quad[0], quad[2] - quad[3]
    return (top + bottom) / max(1e-6, np.hypot(*top) + np.hypot(*bottom))


def _level(quad: np.ndarray) -> bool:
    """Whether the line ``quad`` lies axis-aligned (its slope under ``STRAIGHT``)."""
    along = _along(quad)
    return bool(abs(along[1]) / max(1e-6, abs(along[0])) < STRAIGHT)


def _lying(strip: LineStrip) -> LineStrip:
    """A standing strip turned 90° counter-clockwise to lie horizontally (text that runs
    top to bottom then reads left to right). Its words get quads, which say which way they
    run on the page (reading order reads them apart from the level text:
    :mod:`docparse.text_directions`)."""
    width = strip.image.shape[1]
    image = np.ascontiguousarray(np.rot90(strip.image))  # new (x, y) = (y, width - x)
    back = np.array([[0, -1, width], [1, 0, 0], [0, 0, 1]], dtype=np.float64)
    return LineStrip(image, strip.to_page @ back, False, strip.pad, standing=strip)


def evened(grey: np.ndarray) -> np.ndarray:
    """A line's grey pixels with the paper made white where the light falls unevenly along
    the line (its brightest paper, taken over two line heights round each column, below
    ``EVEN_PAPER`` of its brightest somewhere); otherwise the pixels as they are. Tesseract
    binarises a line by one threshold, so under a shadow across the line the shaded paper
    went black with the ink: a Korean realdocs dev page darkened to 35 % on its left read
    0.875 of its own upright text (order-sensitive similarity), 0.996 evened."""
    height = grey.shape[0]
    paper = cv2.dilate(grey, np.ones((height, 2 * height + 1), np.uint8))
    brightest = paper[0].astype(np.float32)
    if brightest.min() >= EVEN_PAPER * brightest.max():
        return grey
    return np.clip(grey * (255.0 / np.maximum(paper, 1.0)), 0, 255).astype(np.uint8)


def unframed(grey: np.ndarray, pad: float) -> np.ndarray:
    """``grey`` (a line's strip) with the rules in its margins painted paper: rows of the top
    and bottom ``pad`` px inked along ``FRAME`` of the width, columns of the left and right
    ones along ``FRAME`` of the height, and the row or column beside each (a rule's grey
    edge). A short label in a ruled cell (상호, 주소 of a 거래명세서's party table) is cut with
    the cell's borders round it, and Tesseract read nothing from such a strip."""
    margin = max(1, int(np.ceil(pad)))
    _, ink = cv2.threshold(grey, 0, 1, cv2.THRESH_BINARY_INV + cv2.THRESH_OTSU)
    rows, columns = ink.mean(axis=1) >= FRAME, ink.mean(axis=0) >= FRAME
    rows[margin:-margin] = columns[margin:-margin] = False
    if not rows.any() and not columns.any():
        return grey
    rows = rows | np.roll(rows, 1) | np.roll(rows, -1)
    columns = columns | np.roll(columns, 1) | np.roll(columns, -1)
    rows[margin:-margin] = columns[margin:-margin] = False
    paper = np.median(grey[ink == 0]) if (ink == 0).any() else 255
    out = grey.copy()
    out[rows, :] = paper
    out[:, columns] = paper
    return out


def as_image(strip: LineStrip, height: int, frameless: bool = False) -> tuple[Image.Image, float]:
    """The strip as a greyscale image ``height`` px tall, and the factor applied
    (``frameless``: the rules in its margins painted out, :func:`unframed`)."""
    factor = height / strip.image.shape[0]
    width = max(1, round(strip.image.shape[1] * factor))
    grey = evened(unstruck(cv2.cvtColor(strip.image, cv2.COLOR_RGB2GRAY)))
    if frameless:
        grey = unframed(grey, strip.pad)
    interpolation = cv2.INTER_AREA if factor < 1 else cv2.INTER_CUBIC
    return Image.fromarray(cv2.resize(grey, (width, height), interpolation=interpolation)), factor
