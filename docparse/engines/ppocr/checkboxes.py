"""Check boxes drawn on a form, found by their shape, lifted off the page before it is read,
and given back as words: "□" for an empty box, "☑" for a ticked one.

Korean application forms, contracts and surveys print a row of boxes before the choices
("□ 원천기술형 ☑ 혁신제품형"), drawn as a square frame a little smaller than the text beside
it. Read with the text, a frame comes back as "|", "[", "ㅁ" or "□", a tick as "씨" or "시",
and the first syllable after it is often lost with them ("□IP R&D연계" read "|ㅁ8&0연계"):
the one realdocs dev page that draws boxes (rhwp form-002, 52 boxes, 200 dpi) had 12 words
"|" and 4 words beginning with one. Whether a box is ticked is what a user of a form wants
from it, and none of those readings says it.

A box is one connected mark (the frame; a tick drawn over it may be joined to it) whose
outermost long rows and columns of ink make a square: each of its four edges straight and
inked along nine tenths of it or more, thin (a quarter of its side at most), and hollow (the
loop of a 6, an 8, an O is round). A box is told
from the jamo ㅁ, which is drawn the same way, by the marks beside it: a syllable's ㅁ has a
jamo of its own syllable right beside it that stands taller or wider than the ㅁ does (ㅏ, ㅣ
beside it, ㅡ, ㅗ under it), while the text beside a box is no taller than the box. Inside
the frame, ink over a tenth of its area is a tick (form-002: ticked boxes 0.22-0.27, empty
ones 0-0.02). A box found is painted over in the colour of the paper round it (the frame
and every mark inside it that is no larger than it), so that the detector and the readers
see only the text, and its word is put back where it was once the page is read.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

import cv2
import numpy as np
from PIL import Image

from docparse.model import Word

EMPTY = "□"
"""An empty box: U+25A1, as the text layers of Korean documents write a box (dev pages)."""
TICKED = "☑"
"""A box with a tick (or a cross) in it: U+2611."""
MIN_CONTRAST = 16
"""Grey levels between a page's darkest and lightest pixel below which it holds no print."""
MIN_SIDE = 8
"""Pixels a box's side has at least (a box of 9-pt print at 100 dpi is about 10 px)."""
BOX_MARKS = 1.4
"""Least side of a box in the page's mark heights (the median height of its marks: a jamo,
a lowercase letter, about half the print's size): a box stands as tall as a whole syllable
or a capital (form-002: 2.2 mark heights), and most jamo and letters are passed over
without a look (five in six of that page's candidate marks)."""
MIN_MARK_AREA = 4
"""Pixels a mark holds at least to count for the median (specks of grain and noise do not)."""
MAX_PAGE_SHARE = 0.06
"""Largest side of a box as a share of the image's longer side (a box is a character's
size: about 0.012 of an A4 page's height; an image may also be one row of a form)."""
LONG_RUN = 0.8
"""A row (column) of the mark holding at least this share of its fullest row's (column's)
ink is part of a straight edge."""
SQUARE = (0.85, 1.18)
"""Width over height of the frame."""
COVERED = 0.9
"""Share of each edge's length the ink covers."""
THIN = 0.25
"""Largest thickness of an edge as a share of the side (form-002: 1-2 px of 25-33)."""
FILLED = 0.6
"""Ink share of the inside from which the square is filled (■, a bullet), not a box."""
TICKED_SHARE = 0.1
"""Ink share of the inside from which the box is ticked (form-002: 0.22-0.27 ticked, at most
0.02 empty, the frame's antialiased inner edge)."""
TICK_REACH = 0.4
"""Least extent of a tick drawn apart from its frame, as a share of the frame's side (a
tick or a cross spans most of its box)."""
NEAR = 1.0
"""Sides from the box within which a mark counts as beside it."""
TALLER = 1.3
"""A mark beside the square that stands this much taller (in a row) or wider (in a column)
than the square makes the square a jamo of a syllable, not a box."""
LARGE = 3.0
"""Marks larger than this many sides (rules, frames, pictures) are not text beside a box."""
CONFIDENCE = 0.9
"""The confidence given a box's word (found by its shape, not read)."""

_ONE_PIXEL = np.ones((3, 3), np.uint8)

ToFrame = Callable[[Sequence[tuple[float, float]]], list[tuple[float, float]]]


@dataclass(frozen=True)
class CheckBox:
    """A box in the pixels of the page it was found on: its frame's outer corners."""

    x0: int
    y0: int
    x1: int
    y1: int
    ticked: bool

    @property
    def text(self) -> str:
        return TICKED if self.ticked else EMPTY

    def corners(self) -> list[tuple[float, float]]:
        return [(self.x0, self.y0), (self.x1, self.y0), (self.x1, self.y1), (self.x0, self.y1)]


def lifted(image: Image.Image) -> tuple[Image.Image, list[CheckBox]]:
    """The page with its check boxes painted over in the paper's colour, and the boxes; the
    image itself when it has none."""
    if image.mode not in ("L", "RGB"):
        image = image.convert("RGB")
    grey = np.asarray(image.convert("L"))
    if grey.size == 0 or int(grey.max()) - int(grey.min()) < MIN_CONTRAST:
        return image, []
    _, ink = cv2.threshold(grey, 0, 1, cv2.THRESH_BINARY_INV + cv2.THRESH_OTSU)
    _, labels, stats, _ = cv2.connectedComponentsWithStats(ink, connectivity=8)
    largest = MAX_PAGE_SHARE * max(grey.shape)
    boxes: list[CheckBox] = []
    painted: list[np.ndarray] = []
    for label in _candidates(stats, largest):
        found = _box(labels, stats, label, ink)
        if found is None or _jamo(stats, found):
            continue
        boxes.append(found)
        painted.append(_marks_of(labels, stats, label, found))
    if not boxes:
        return image, []
    return _painted(image, ink, labels, painted, boxes), boxes


def words(boxes: list[CheckBox], to_frame: ToFrame, engine: str) -> list[Word]:
    """The boxes as words in the pixels of the frame ``to_frame`` maps points into (a
    :meth:`PageTransform.from_original`)."""
    found = []
    for box in boxes:
        points = to_frame(box.corners())
        xs, ys = [x for x, _ in points], [y for _, y in points]
        found.append(
            Word(
                text=box.text,
                box=(min(xs), min(ys), max(xs), max(ys)),
                confidence=CONFIDENCE,
                engine=engine,
            )
        )
    return found


def _candidates(stats: np.ndarray, largest: float) -> np.ndarray:
    """Labels of the marks sized and shaped as a box may be (a tick joined to the frame may
    reach past it, so the bounding box is let be less square than the frame)."""
    w, h = stats[:, cv2.CC_STAT_WIDTH], stats[:, cv2.CC_STAT_HEIGHT]
    area = stats[:, cv2.CC_STAT_AREA]
    marks = h[1:][(area[1:] >= MIN_MARK_AREA) & (h[1:] >= 3)]
    least = max(MIN_SIDE, BOX_MARKS * float(np.median(marks))) if marks.size else MIN_SIDE
    ok = (w >= least) & (h >= least) & (w <= 2 * largest) & (h <= 2 * largest)
    ok &= (w <= 1.7 * h) & (h <= 1.7 * w) & (area <= FILLED * w * h)
    ok[0] = False  # the background
    return np.nonzero(ok)[0]


def _box(labels: np.ndarray, stats: np.ndarray, label: int, ink: np.ndarray) -> CheckBox | None:
    """The box mark ``label`` draws, or None when it is no square frame."""
    x, y, w, h = (int(v) for v in stats[label, :4])
    mark = labels[y : y + h, x : x + w] == label
    rows, cols = mark.sum(axis=1), mark.sum(axis=0)
    long_rows = np.nonzero(rows >= LONG_RUN * rows.max())[0]
    long_cols = np.nonzero(cols >= LONG_RUN * cols.max())[0]
    top, bottom = int(long_rows[0]), int(long_rows[-1])
    left, right = int(long_cols[0]), int(long_cols[-1])
    width, height = right - left + 1, bottom - top + 1
    # the frame is the mark's outline: a tick may reach past it on two sides at most (past
    # the top and the right as it is drawn), a ring's ink reaches past it all round
    if (top > 0) + (bottom < h - 1) + (left > 0) + (right < w - 1) > 2:
        return None
    if min(width, height) < MIN_SIDE or not SQUARE[0] <= width / height <= SQUARE[1]:
        return None
    # the fullest row is an edge as long as the frame is wide (a tick adds little to a row)
    if abs(int(rows.max()) - width) > (1 - LONG_RUN) * width:
        return None
    thickness = _run(long_rows)
    if thickness > THIN * height or _run(long_cols) > THIN * width:
        return None
    frame = mark[top : bottom + 1, left : right + 1]
    band = thickness + 1
    if not all(_straight(side, band) for side in (frame, frame[::-1], frame.T, frame.T[::-1])):
        return None
    rows_in = slice(y + top + band, y + bottom + 1 - band)
    cols_in = slice(x + left + band, x + right + 1 - band)
    inside = ink[rows_in, cols_in]
    share = float(inside.mean()) if inside.size else 1.0
    if share >= FILLED:
        return None
    # a tick is judged by its ink inside the frame, whatever of it reaches past: on a photo
    # the frame joins specks and blur round it
    ticked = _tick_inside(labels[rows_in, cols_in], stats, label, max(width, height))
    return CheckBox(x + left, y + top, x + right + 1, y + bottom + 1, ticked)


def _tick_inside(inside: np.ndarray, stats: np.ndarray, frame: int, side: int) -> bool:
    """Whether a tick lies inside a frame (``inside``: the labels of the marks inside its
    edges): a mark covering ``TICKED_SHARE`` of the inside that is the frame's own or
    reaches ``TICK_REACH`` of its side. Specks of noise and JPEG ringing are neither (the
    realdocs ``noise`` variant's grain left 10 % of an empty box's inside dark)."""
    if inside.size == 0:
        return False
    marks, counts = np.unique(inside[inside > 0], return_counts=True)
    for mark, count in zip(marks, counts, strict=True):
        reach = max(stats[mark, cv2.CC_STAT_WIDTH], stats[mark, cv2.CC_STAT_HEIGHT])
        if count >= TICKED_SHARE * inside.size and (mark == frame or reach >= TICK_REACH * side):
            return True
    return False


def _straight(frame: np.ndarray, band: int) -> bool:
    """Whether the frame's top edge is straight: looking down each of its columns (the
    corners aside), the first ink lies within ``band`` rows of the top in ``COVERED`` of
    them. The edge of a round mark (an O, a 6's loop) curves away from its bounding box; a
    tick across the edge does not move where its ink starts."""
    span = frame[:, band:-band] if frame.shape[1] > 2 * band else frame
    starts = np.where(span.any(axis=0), span.argmax(axis=0), span.shape[0])
    return float((starts < band).mean()) >= COVERED


def _run(indices: np.ndarray) -> int:
    """Length of the run of consecutive indices that ``indices`` starts with."""
    steps = np.nonzero(np.diff(indices) != 1)[0]
    return int(steps[0] + 1) if steps.size else int(indices.size)


def _jamo(stats: np.ndarray, box: CheckBox) -> bool:
    """Whether a mark right beside the square stands taller (beside it in its row) or wider
    (above or under it) than ``TALLER`` times the square: the square is then a jamo ㅁ of a
    syllable."""
    side = max(box.x1 - box.x0, box.y1 - box.y0)
    reach = NEAR * side
    x, y, w, h = (stats[:, i].astype(np.float64) for i in range(4))
    cx, cy = x + w / 2, y + h / 2
    # the frame's own marks (itself, a tick) are not beside it
    outside = ~((cx > box.x0) & (cx < box.x1) & (cy > box.y0) & (cy < box.y1))
    small = outside & (w <= LARGE * side) & (h <= LARGE * side)
    # in its row: overlapping half its height, within reach left or right
    overlap_y = np.minimum(y + h, box.y1) - np.maximum(y, box.y0)
    near_x = (x < box.x1 + reach) & (x + w > box.x0 - reach)
    in_row = (overlap_y >= 0.5 * (box.y1 - box.y0)) & near_x
    overlap_x = np.minimum(x + w, box.x1) - np.maximum(x, box.x0)
    near_y = (y < box.y1 + reach) & (y + h > box.y0 - reach)
    in_column = (overlap_x >= 0.5 * (box.x1 - box.x0)) & near_y
    taller = in_row & small & (h > TALLER * (box.y1 - box.y0))
    wider = in_column & small & (w > TALLER * (box.x1 - box.x0))
    return bool((taller | wider).any())


def _marks_of(labels: np.ndarray, stats: np.ndarray, label: int, box: CheckBox) -> np.ndarray:
    """The labels painted over with the box: its frame, and each mark with ink inside the
    frame that is no larger than the box (a tick, drawn apart from the frame or not)."""
    band = labels[box.y0 : box.y1, box.x0 : box.x1]
    inside = np.unique(band)
    side = max(box.x1 - box.x0, box.y1 - box.y0)
    small = [
        k
        for k in inside
        if k != 0
        and stats[k, cv2.CC_STAT_WIDTH] <= 1.5 * side
        and stats[k, cv2.CC_STAT_HEIGHT] <= 1.5 * side
    ]
    return np.array(sorted({label, *small}), dtype=np.int32)


def _painted(
    image: Image.Image,
    ink: np.ndarray,
    labels: np.ndarray,
    painted: list[np.ndarray],
    boxes: list[CheckBox],
) -> Image.Image:
    """``image`` (L or RGB) with the marks of each box (``painted``: their ``labels``) set to
    the paper's colour round that box (the median of the pixels that are not ink in the
    box's neighbourhood)."""
    pixels = np.array(image)
    for marks, box in zip(painted, boxes, strict=True):
        side = max(box.x1 - box.x0, box.y1 - box.y0)
        y0, y1 = max(0, box.y0 - side), min(ink.shape[0], box.y1 + side)
        x0, x1 = max(0, box.x0 - side), min(ink.shape[1], box.x1 + side)
        near = pixels[y0:y1, x0:x1]
        paper = near[ink[y0:y1, x0:x1] == 0]
        if paper.size == 0:
            continue
        colour = np.median(paper, axis=0).astype(pixels.dtype)
        # a pixel round the marks too: their antialiased edges are lighter than the ink
        # threshold, and left alone they stay as a faint outline of the box
        mask = cv2.dilate(np.isin(labels[y0:y1, x0:x1], marks).view(np.uint8), _ONE_PIXEL) > 0
        near[mask] = colour
    return Image.fromarray(pixels, mode=image.mode)
