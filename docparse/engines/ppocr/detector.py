"""PP-OCR's DB text detector: page images in, one quadrilateral per text line out.

DB ("Differentiable Binarization", Liao et al. 2020) predicts, per pixel, the probability of
lying inside a text line's shrunk core; a line is a connected region of that map above
``THRESHOLD``, kept when its mean probability reaches ``BOX_THRESHOLD``, then grown back
(``UNCLIP_RATIO``) and fitted with its minimum-area rectangle. The constants are those the
wheel's ``inference.yml`` gives for PP-OCRv6 small.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import cv2
import numpy as np
import pyclipper
from PIL import Image

from docparse.engines.ppocr.models import DETECTOR, session

THRESHOLD = 0.2
BOX_THRESHOLD = 0.45
UNCLIP_RATIO = 1.4
MIN_SIDE = 3
"""Regions whose short side is below this (in map pixels) are specks, not text."""
STAIRCASE = 0.5
"""Map pixels taken off the thickness of a tilted line's core before it is grown back. A
region's contour runs through its boundary pixels: a level band n rows thick fits a
rectangle n − 1 thick, a tilted band also takes in the steps of its pixel staircase, which
DB's growing (``UNCLIP_RATIO``) then more than doubles. So the lines of a leaning page came
out taller than the same lines level, and the strips of dense lines took in their
neighbours' ink (realdocs dev, pdfplumber pr-138 skewed 5° at 200 dpi: its footnotes, 19 px
apart, lost first letters; H 98.3 read from those lines against 99.5 from the levelled
page's). A hard band drawn tilted gains a whole pixel; the detector's soft map about half
of one: pr-138 −5°, line heights against the levelled page's, median +1.4 px → −0.2 px with
0.5; on a test page (rhwp exam_eng) median 41.6 px skewed 5°, 38.6 upright, 39.4 with 0.5,
37.5 with 1.0, which cut that page's photo from H 87.0 to 81.7. Level lines (the
rectangle's angle a multiple of 90°) are unchanged."""
UNCLIP_SCALE = 64
"""pyclipper offsets integer polygons: coordinates are scaled by this so that the grown
outline keeps sub-pixel precision (unscaled, it moved by up to a pixel with the rounding)."""
MAX_CANDIDATES = 3000
SPUR_LENGTH = 3.0
"""Length, in the region's thicknesses, of the bar a failed region is opened with
(:func:`_without_spurs`): text runs along its line far longer than that, a stroke crossing
it is about one stroke wide."""
BAND_GAP = 0.3
"""A row of a region, along its length, counts as a gap between two lines when it is
filled less than this share of the region's fullest row (:func:`_bands`). A line's own rows
are filled along most of its length; between two lines joined by a stroke only the stroke's
few columns are (a signature's loops across two lines of a press release: 0.02-0.05). No
region of the realdocs dev pages as printed (36 at 200 dpi: the first three pages of each
PDF) has such a gap; of the test first pages (25) one region does, the four lines of a
logo's small caption that had failed as one."""
LINE_SHAPE = 3.0
"""A region at least this many times longer than thick is taken as a line when the page's
lean is measured (:func:`_lean`)."""
CLOSER_GAIN = 1.5
"""An image shrunk for the detector whose text lies in a part of it that the detector would
see at least this many times larger is detected again on that part, where its lines are small
in the map (``CLOSER_HEIGHT``; :func:`closer_region`)."""
CLOSER_HEIGHT = 13.0
"""The median line height (short side, map pixels) below which that second look is taken.
A phone photo of a page or receipt held back from it (the text half a 12-MP frame or less)
leaves its lines 7-13 px high in the map at ``detect_side`` 1600, where DB merges neighbours
and drops lines. Realdocs dev split, 200 dpi, ``photo-far`` (the page 55 % of the frame):
the pages whose lines were 7.3-12.7 px gained from 0.2 to 82 H (a dense table 4.3 → 86.8, a
page of footnotes 74.3 → 99.5, nothing lost), the pages at 13.3-16.8 px moved −1.1 … +0.7
(5 down, 4 up); SROIE dev receipts so photographed (13.8-22.4 px) lost 0.3 H of lines with
a second look everywhere, at +30 % CPU; ordinary photos of a page (16-35 px) are not looked
at again."""
CLOSER_MARGIN = 0.03
"""Share of the image's sides kept round the lines' box in that second look."""
MEAN = np.array([0.485, 0.456, 0.406], dtype=np.float32)
STD = np.array([0.229, 0.224, 0.225], dtype=np.float32)


@dataclass(frozen=True)
class TextLine:
    """A detected line: its corners in page pixels, clockwise from the top left (of the
    text as it lies on the page), and the detector's mean probability inside it."""

    quad: np.ndarray  # (4, 2) float32
    score: float


def detection_size(width: int, height: int, max_side: int) -> tuple[int, int]:
    """The size the detector sees: the long side at most ``max_side``, both sides
    multiples of 32 (the network's stride)."""
    factor = min(1.0, max_side / max(width, height))
    return (
        max(32, round(width * factor / 32) * 32),
        max(32, round(height * factor / 32) * 32),
    )


def _tensor(image: Image.Image, size: tuple[int, int]) -> np.ndarray:
    """The image as the network's normalised BGR CHW input at ``size``: channel by channel
    in place, the same float32 operations as ``(bgr / 255 - MEAN) / STD`` (bit-identical,
    in half the time of the whole-array expression and its transposed copy)."""
    rgb = np.asarray(image.convert("RGB").resize(size, Image.Resampling.BILINEAR))
    tensor = np.empty((3, size[1], size[0]), dtype=np.float32)
    for channel, plane in enumerate(tensor):  # BGR: the network's channel 0 is blue
        np.divide(rgb[:, :, 2 - channel], np.float32(255.0), out=plane, dtype=np.float32)
        np.subtract(plane, MEAN[channel], out=plane)
        np.divide(plane, STD[channel], out=plane)
    return tensor


def detect(
    images: Sequence[Image.Image], max_side: int, closer: bool = True
) -> list[list[TextLine]]:
    """The text lines of each image. Images of one detection size run as one batch. An
    image whose text fills a small part of it is detected again on that part
    (:func:`closer_region`; ``closer=False``: not)."""
    sizes = [detection_size(image.width, image.height, max_side) for image in images]
    found: list[list[TextLine]] = [[] for _ in images]
    net = session(DETECTOR)
    for size in dict.fromkeys(sizes):
        members = [i for i, s in enumerate(sizes) if s == size]
        batch = np.stack([_tensor(images[i], size) for i in members])
        maps = net.run(None, {net.get_inputs()[0].name: batch})[0][:, 0]
        for i, probability in zip(members, maps, strict=True):
            fx, fy = images[i].width / size[0], images[i].height / size[1]
            found[i] = lines_from_map(probability, fx, fy)
    for i, image in enumerate(images):
        region = closer_region(found[i], image.width, image.height, max_side) if closer else None
        if region is not None:
            x0, y0 = region[0], region[1]
            (nearer,) = detect([image.crop(region)], max_side, closer=False)
            found[i] = [TextLine(line.quad + np.float32([x0, y0]), line.score) for line in nearer]
    return found


def closer_region(
    lines: Sequence[TextLine], width: int, height: int, max_side: int
) -> tuple[int, int, int, int] | None:
    """The part of a ``width`` × ``height`` image worth detecting again, (left, top, right,
    bottom): the box round its ``lines`` grown by ``CLOSER_MARGIN`` of the image's sides,
    where the lines were seen less than ``CLOSER_HEIGHT`` high (the median, in the map of
    the image shrunk to ``max_side``) and the detector would see the box at least
    ``CLOSER_GAIN`` times larger than it saw it within the whole image; None elsewhere."""
    if not lines:
        return None
    seen = min(1.0, max_side / max(width, height))
    heights = [min(quad_sides(line.quad)) for line in lines]
    if seen * float(np.median(heights)) >= CLOSER_HEIGHT:
        return None
    corners = np.concatenate([line.quad for line in lines])
    (x0, y0), (x1, y1) = corners.min(axis=0), corners.max(axis=0)
    dx, dy = CLOSER_MARGIN * width, CLOSER_MARGIN * height
    left, top = max(0, int(x0 - dx)), max(0, int(y0 - dy))
    right, bottom = min(width, int(np.ceil(x1 + dx))), min(height, int(np.ceil(y1 + dy)))
    nearer = min(1.0, max_side / max(right - left, bottom - top, 1))
    return (left, top, right, bottom) if nearer >= CLOSER_GAIN * seen else None


def lines_from_map(probability: np.ndarray, fx: float, fy: float) -> list[TextLine]:
    """The lines of one probability map, scaled by (``fx``, ``fy``) to page pixels and
    ordered top to bottom, then left to right."""
    bitmap = (probability > THRESHOLD).astype(np.uint8)
    contours, _ = cv2.findContours(bitmap, cv2.RETR_LIST, cv2.CHAIN_APPROX_SIMPLE)
    lines = []
    # (contour, how far it was cut already): a region as found may be parted into its lines
    # (stage 0), a region as found or a line so parted may lose its spurs (stage 1), a part
    # left by that is not cut again (stage 2)
    contours = contours[:MAX_CANDIDATES]
    lean = _lean([_min_rect(contour.reshape(-1, 2).astype(np.float32))[0] for contour in contours])
    candidates = [(contour, 0) for contour in contours]
    while candidates:
        contour, stage = candidates.pop()
        points = contour.reshape(-1, 2).astype(np.float32)
        rect, short = _min_rect(points)
        if short < MIN_SIDE:
            continue
        if stage == 0:
            bands = _bands(bitmap, points, rect, lean)
            if bands:
                candidates.extend((band, 1) for band in bands)
                continue
        score = _mean_inside(probability, rect)
        if score < BOX_THRESHOLD:
            if stage < 2:
                candidates.extend((part, 2) for part in _without_spurs(bitmap, points, rect))
            continue
        # which regions are text is decided on the fitted rectangle, as PP-OCR does; only
        # the line's geometry loses the staircase
        grown = _unclip(_min_rect(points, STAIRCASE)[0])
        if grown is None:
            continue
        rect, short = _min_rect(grown)
        if short < MIN_SIDE + 2:
            continue
        rect[:, 0] = np.clip(rect[:, 0] * fx, 0, probability.shape[1] * fx)
        rect[:, 1] = np.clip(rect[:, 1] * fy, 0, probability.shape[0] * fy)
        lines.append(TextLine(quad=rect, score=score))
    lines.sort(key=lambda line: (line.quad[:, 1].mean(), line.quad[:, 0].min()))
    return lines


def _lean(rects: Sequence[np.ndarray]) -> float:
    """The page's lines' lean, degrees (image coordinates, y down): the median angle of the
    long sides of the regions at least ``LINE_SHAPE`` times longer than thick, folded into
    [−45°, 45°) so that standing lines count with lying ones; 0 with none."""
    angles = []
    for rect in rects:
        width, height = quad_sides(rect)
        if max(width, height) < LINE_SHAPE * min(width, height):
            continue
        edge = rect[1] - rect[0] if width >= height else rect[3] - rect[0]
        degrees = float(np.degrees(np.arctan2(edge[1], edge[0])))
        angles.append((degrees + 45.0) % 90.0 - 45.0)
    return float(np.median(angles)) if angles else 0.0


def _bands(
    bitmap: np.ndarray, points: np.ndarray, rect: np.ndarray, lean: float
) -> list[np.ndarray]:
    """The lines of a region that holds more than one: a stroke of something else across
    two lines (a pen's loop, a signature, a seal's rim) joins their cores into one region,
    whose rectangle then either scores under the box threshold or passes as one line two
    lines tall, and both lines were lost. Seen along the page's lines (``lean``: the
    region's own rectangle leans with whatever sticks out of it), such a region has rows
    filled less than ``BAND_GAP`` of its fullest between full ones: those rows are cleared
    where the region has two or more full bands at least ``MIN_SIDE`` thick, and the
    contours of what is left returned (map pixels); [] for a region of one band."""
    width, height = quad_sides(rect)
    if min(width, height) < 2 * MIN_SIDE + 1:
        return []
    edge = rect[1] - rect[0] if width >= height else rect[3] - rect[0]
    own = float(np.degrees(np.arctan2(edge[1], edge[0])))
    # the page's line direction nearest the region's own length (a standing region's runs
    # down the page)
    turn = lean + 90.0 * round((own - lean) / 90.0)
    x, y, w, h = cv2.boundingRect(points)
    region = np.zeros((h, w), np.uint8)
    cv2.fillPoly(region, [np.round(points - [x, y]).astype(np.int32)], 1)
    region &= bitmap[y : y + h, x : x + w]
    quarter = round(turn / 90.0)
    square = abs(turn - 90.0 * quarter) < 1e-3
    if square:  # level or standing (most pages): the box is the frame, no warp
        frame = np.ascontiguousarray(region.T) if quarter % 2 else region
    else:
        to_frame = cv2.getRotationMatrix2D((w / 2, h / 2), turn, 1.0)
        cos, sin = abs(to_frame[0, 0]), abs(to_frame[0, 1])
        size = (int(np.ceil(w * cos + h * sin)), int(np.ceil(w * sin + h * cos)))
        to_frame[:, 2] += (size[0] - w) / 2, (size[1] - h) / 2
        frame = cv2.warpAffine(region, to_frame, size, flags=cv2.INTER_NEAREST)
    filled = frame.mean(axis=1)
    full = np.concatenate([[False], filled >= BAND_GAP * filled.max(), [False]])
    edges = np.flatnonzero(np.diff(full.astype(np.int8)))
    runs = [(a, b) for a, b in zip(edges[::2], edges[1::2], strict=True) if b - a >= MIN_SIDE]
    if len(runs) < 2:
        return []
    gaps = np.ones(len(filled), bool)
    for top, bottom in runs:
        gaps[top:bottom] = False
    frame = frame.copy()
    frame[gaps] = 0
    if square:
        kept = np.ascontiguousarray(frame.T) if quarter % 2 else frame
    else:
        flags = cv2.INTER_NEAREST | cv2.WARP_INVERSE_MAP
        kept = cv2.warpAffine(frame, to_frame, (w, h), flags=flags) & region
    parts, _ = cv2.findContours(kept, cv2.RETR_EXTERNAL, cv2.CHAIN_APPROX_SIMPLE)
    return [part + np.int32([x, y]) for part in parts]


def _without_spurs(bitmap: np.ndarray, points: np.ndarray, rect: np.ndarray) -> list[np.ndarray]:
    """The parts of a region that failed as a line (its rectangle mostly empty) left when
    what sticks out of it across its length is cut away: an opening of the region with a
    bar along its long side, ``SPUR_LENGTH`` times its thickness long. A line crossed by a
    stroke of something else (a watermark's letter, a signature, a logo) is mapped with a
    spur where the stroke touches it, and the spur's rectangle, as tall as the spur, failed:
    the line was lost whole. Regions that are not text stay below the score when cut."""
    width, height = quad_sides(rect)
    long, thick = max(width, height), cv2.contourArea(points) / max(max(width, height), 1.0)
    if long < SPUR_LENGTH * 2 * thick or thick < MIN_SIDE:
        return []
    x, y, w, h = cv2.boundingRect(points)
    region = np.zeros((h, w), np.uint8)
    cv2.fillPoly(region, [np.round(points - [x, y]).astype(np.int32)], 1)
    region &= bitmap[y : y + h, x : x + w]
    edge = rect[1] - rect[0] if width >= height else rect[3] - rect[0]
    angle = np.arctan2(edge[1], edge[0])
    reach = SPUR_LENGTH * thick / 2
    dx, dy = reach * np.cos(angle), reach * np.sin(angle)
    size = 2 * int(np.ceil(max(abs(dx), abs(dy)))) + 1
    bar = np.zeros((size, size), np.uint8)
    centre = size // 2
    cv2.line(
        bar, (round(centre - dx), round(centre - dy)), (round(centre + dx), round(centre + dy)), 1
    )
    opened = cv2.morphologyEx(region, cv2.MORPH_OPEN, bar)
    if opened.sum() == region.sum():
        return []
    parts, _ = cv2.findContours(opened, cv2.RETR_LIST, cv2.CHAIN_APPROX_SIMPLE)
    return [part + np.int32([x, y]) for part in parts]


def _min_rect(points: np.ndarray, staircase: float = 0.0) -> tuple[np.ndarray, float]:
    """The minimum-area rectangle around ``points`` as 4 corners (top-left, top-right,
    bottom-right, bottom-left) and its short side; a tilted rectangle's short side less
    ``staircase`` (see :data:`STAIRCASE`)."""
    (cx, cy), (width, height), angle = cv2.minAreaRect(points)
    if staircase and min(angle % 90, 90 - angle % 90) > 1e-3:
        if width < height:
            width = max(1.0, width - staircase)
        else:
            height = max(1.0, height - staircase)
    rect = ((cx, cy), (width, height), angle)
    return order_corners(cv2.boxPoints(rect)), float(min(width, height))


def quad_sides(quad: np.ndarray) -> tuple[float, float]:
    """(width along the top edge, height along the left edge) of a quad."""
    return float(np.hypot(*(quad[1] - quad[0]))), float(np.hypot(*(quad[3] - quad[0])))


def order_corners(corners: np.ndarray) -> np.ndarray:
    """Four corners ordered top-left, top-right, bottom-right, bottom-left (the two
    leftmost are the left side; of each side the upper comes first)."""
    by_x = corners[np.argsort(corners[:, 0], kind="stable")]
    left, right = by_x[:2], by_x[2:]
    top_left, bottom_left = left[np.argsort(left[:, 1], kind="stable")]
    top_right, bottom_right = right[np.argsort(right[:, 1], kind="stable")]
    return np.array([top_left, top_right, bottom_right, bottom_left], dtype=np.float32)


def _mean_inside(probability: np.ndarray, quad: np.ndarray) -> float:
    height, width = probability.shape
    x0, y0 = np.clip(np.floor(quad.min(axis=0)).astype(int), 0, [width - 1, height - 1])
    x1, y1 = np.clip(np.ceil(quad.max(axis=0)).astype(int), 0, [width - 1, height - 1])
    mask = np.zeros((y1 - y0 + 1, x1 - x0 + 1), dtype=np.uint8)
    cv2.fillPoly(mask, [(quad - [x0, y0]).astype(np.int32)], 1)
    return float(cv2.mean(probability[y0 : y1 + 1, x0 : x1 + 1], mask)[0])


def _unclip(quad: np.ndarray) -> np.ndarray | None:
    """The region grown by area × ``UNCLIP_RATIO`` / perimeter (DB's shrink, undone)."""
    area = abs(cv2.contourArea(quad))
    perimeter = cv2.arcLength(quad, True)
    if perimeter == 0:
        return None
    offset = pyclipper.PyclipperOffset()
    scaled = np.round(quad * UNCLIP_SCALE).astype(np.int64)
    offset.AddPath(scaled.tolist(), pyclipper.JT_ROUND, pyclipper.ET_CLOSEDPOLYGON)
    grown = offset.Execute(area * UNCLIP_RATIO / perimeter * UNCLIP_SCALE)
    if len(grown) != 1:
        return None
    return np.array(grown[0], dtype=np.float32) / UNCLIP_SCALE
