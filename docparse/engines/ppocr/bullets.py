"""List bullets: the round dot ("•") that stands before an item of a list.

PP-OCR's detector finds the item's text and leaves the bullet out: it stands a hanging
indent (one or two line heights) left of the text, too far to be taken into the line, and
alone it is too small to be a line of its own. A text layer holds it: on the realdocs dev
split at 200 dpi (first three pages), the English pages' text layers held 42 bullets, of
which docparse gave 20 (the ones the detector took into their line) and plain Tesseract
none. So the space left of each line's first word is looked at on the page: a bullet is
the only ink there, one solid round blob of about a third of the line's height, level with
the middle of the line. It is given as a word "•" of its own, boxed round its ink, before
the line's first word.

Squares, rings and dashes are left alone: they are bullets too ("■", "○", "–"), but none
of the dev pages has one standing apart from its line to check a rule on.
"""

from __future__ import annotations

from collections.abc import Sequence

import cv2
import numpy as np
from PIL import Image

from docparse.model import Word

REACH = 3.0
"""Line heights left of a line's first word looked at: a hanging indent puts the bullet
1.0-1.5 heights before its text on the dev pages (Word's default of a quarter inch is about
1.6 heights of 11-pt text); the space looked at holds that and the margin before it."""
TOUCH = 0.3
"""Line heights before the first word's box whose ink is taken for the word's own: its
first letter's edge may stand outside its box (dev pages: 1-6 px at 26-29-px lines), while a
bullet stands a hanging indent, a line height and more, before its text."""
ROW_OVERLAP = 0.5
"""A word is on the same row as another when their boxes overlap over this share of the
lower one's height."""
SIZE = (0.2, 0.5)
"""A bullet's width and height, in line heights (dev pages: 0.32-0.37; a middle dot or a
point is under 0.15, a letter over 0.5)."""
ROUND = 0.75
"""The shorter of a bullet's width and height is at least this share of the longer."""
FILL = (0.65, 0.9)
"""The share of its bounding box a round dot's ink fills (a disc fills π/4 ≈ 0.79; a
square fills more than 0.9)."""
MIDDLE = (0.3, 0.75)
"""Where the bullet's centre stands, as a share of the line's height from its top: level
with the middle of the lowercase letters (dev pages: 0.5-0.6)."""
CONTRAST = 40
"""Grey levels by which ink is darker than the paper (the median of the space looked at),
as for leader dots (:mod:`.leaders`)."""
MIN_AREA = 3
"""Pixels a blob holds at least to count as ink (grain and noise leave specks of one or
two; see :mod:`.leaders`)."""
CONFIDENCE = 0.9
"""The confidence given a bullet (found by its shape, not read)."""


def with_bullets(image: Image.Image, words: Sequence[Word], engine: str) -> list[Word]:
    """``words`` (boxes in ``image``'s pixels) with a bullet word before each line's first
    word that a bullet stands before (see the module's doc)."""
    if not words:
        return []
    grey = np.asarray(image.convert("L"))
    boxes = np.array([word.box for word in words], dtype=np.float64).reshape(-1, 4)
    rows = _Rows(boxes)
    result: list[Word] = []
    for i, word in enumerate(words):
        if rows.starts_line(i):
            found = _bullet(grey, boxes, i)
            if found is not None:
                result.append(Word(text="•", box=found, confidence=CONFIDENCE, engine=engine))
        result.append(word)
    return result


class _Rows:
    """The words' boxes sorted by their tops, to find a word's row neighbours among the
    boxes that can reach its band only (a box overlapping a band starts less than the
    tallest box's height above it)."""

    def __init__(self, boxes: np.ndarray) -> None:
        self.boxes = boxes
        self.order = np.argsort(boxes[:, 1], kind="stable")
        self.tops = boxes[self.order, 1]
        self.tallest = float((boxes[:, 3] - boxes[:, 1]).max())

    def starts_line(self, i: int) -> bool:
        """Whether no other word stands on word ``i``'s row, left of it, within ``REACH``
        of its height."""
        x0, y0, _, y1 = self.boxes[i]
        height = y1 - y0
        lo, hi = np.searchsorted(self.tops, [y0 - self.tallest, y1], side="right")
        near = self.order[lo:hi]
        near = near[near != i]
        others = self.boxes[near]
        overlap = np.minimum(others[:, 3], y1) - np.maximum(others[:, 1], y0)
        lower = np.minimum(others[:, 3] - others[:, 1], height)
        before = (others[:, 0] < x0) & (others[:, 2] > x0 - REACH * height)
        return not bool(np.any((overlap > ROW_OVERLAP * lower) & before))


def _bullet(
    grey: np.ndarray, boxes: np.ndarray, i: int
) -> tuple[float, float, float, float] | None:
    """The box of the bullet before word ``i``, in page pixels, or None."""
    x0, y0, _, y1 = boxes[i]
    height = y1 - y0
    if height < 8:  # too few pixels to tell a dot's shape
        return None
    left = max(0, int(x0 - REACH * height))
    top, bottom, right = max(0, int(y0)), min(grey.shape[0], int(np.ceil(y1))), int(x0)
    if right - left < height or bottom - top < 8:
        return None
    space = grey[top:bottom, left:right]
    if int(space.max()) - int(space.min()) < CONTRAST:  # blank: no pixel can be ink
        return None
    ink = (space < np.median(space) - CONTRAST).astype(np.uint8)
    count, _, stats, _ = cv2.connectedComponentsWithStats(ink, connectivity=8)
    # ink reaching into the last TOUCH heights before the word is the word's own (its first
    # letter's edge outside its box)
    near = (right - left) - TOUCH * height
    blobs = [
        s for s in stats[1:count] if s[cv2.CC_STAT_AREA] >= MIN_AREA and s[cv2.CC_STAT_LEFT] < near
    ]
    if len(blobs) != 1:
        return None
    bx, by, bw, bh, area = (int(v) for v in blobs[0][:5])
    if bx == 0 or by == 0 or by + bh == bottom - top:  # ink running on past the space
        return None
    low, high = sorted((bw, bh))
    centre = (by + bh / 2) / height
    shaped = SIZE[0] * height <= low and high <= SIZE[1] * height and low >= ROUND * high
    if not (shaped and FILL[0] <= area / (bw * bh) <= FILL[1] and MIDDLE[0] <= centre <= MIDDLE[1]):
        return None
    return (float(left + bx), float(top + by), float(left + bx + bw), float(top + by + bh))
