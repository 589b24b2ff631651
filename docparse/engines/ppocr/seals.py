"""Red seals (도장, 인감) pressed over a page's text lifted off it before it is detected and read.

Korean contracts, invoices, tax invoices and court papers are signed with a seal in red
paste, often pressed over the printed name or the line beside it. Seal ink is a filter over
the page: the black print under it stays black, the paper turns red. In grey the seal is a
dark ring with characters of its own: PP-OCR's detector joins it with the lines it crosses
or loses them, and Tesseract reads seal and print as one, so whole lines under a seal went
missing and the rest came back garbled.

The red channel hardly sees the seal (red paste passes red light) while it sees black print
as black. So where a seal is found, each pixel it tinges takes the colour of the paper
beside it at the lightness of its red channel (brightened by what the paste takes): the
print under it is kept and the seal is gone. A seal is told from red print by its shape:
its outline (a ring, a square frame) is one connected mark several times taller than the
page's glyphs, about as wide as high, hollow, its ink on its rim, with red characters inside
it. Red words, rules and frames that are not shaped so are left as they are; a page without
such a mark is returned exactly as given. Of the 129 realdocs images checked (first 3 pages
of the 44 PDFs at 200 dpi, first pages also photographed) and the 150 SROIE scans, four
hold such a mark: a real square company seal beside a Korean notice's last line (rhwp
issue_241), an orange ring-and-tail "Q" logo (QualityHosting, two pages) and the "P" of
a red handwritten "PAID" across a receipt's header (SROIE 028); none is print.
"""

from __future__ import annotations

import cv2
import numpy as np
from PIL import Image

SEAL_RED = 60
"""Least excess of red over the larger of green and blue (8-bit levels) of seal ink. A seal
pressed fully over white paper is ~130 levels redder than it is green or blue (vermilion
paste); grey and black print, and grey paper under a warm light, are within ~30 (the
realdocs ``photo`` variant's warm cast moves red ~12 % above blue on white paper)."""
SEAL_EDGE = 5
"""Least excess of red (as ``SEAL_RED``), over the paper's own, of a pixel lifted with the
seal it lies in: its paste thins out at its edges, which would otherwise stay as a faint
outline that Tesseract reads (a real square seal beside a Korean notice's last line,
realdocs test rhwp issue_241, left as a pale frame read "LJ")."""
EDGE_MARGIN = 0.05
"""The box lifted round a seal reaches this share of its side past the seal's outline,
where its thinned edge still lies."""
FULL_PASTE = 20
"""Percentile of green (relative to the paper) at or under which a seal pixel is taken as
fully covered, to measure what the paste takes from each channel."""
PAPER_LIGHTNESS = 0.75
"""A pixel the seal tinged whose lightness comes out at least this is paper: a photo's JPEG
keeps colour at half resolution, so at the seal's edges its red and green disagree and the
paper came back 0.85-0.95 light, a ghost of the seal Tesseract read words in (realdocs test
rhwp issue_241, ``photo+stamped``); print under a seal is under 0.5 in red."""
MIN_SEAL_PIXELS = 200
"""Fewer red pixels on the whole page: nothing to look for."""
SEAL_GLYPHS = 5.0
"""Least height and width of a seal's outline in the page's mark heights: the median height
of its dark marks (a Latin letter, a part of a Hangul syllable), about half the print's
size. A company seal is 15-25 mm across and a personal one 10-15 mm, against the ~1.8 mm
marks of 10-point print: 6-14 mark heights (the real seal of the realdocs page named above:
6.9; the generated ones of the ``stamped`` variant: 6-11). A red glyph in a heading twice
the body's size, set on the same page, is about 4."""
FALLBACK_SEAL_SIDE = 0.03
"""On a page without dark print to measure glyphs by, the least side of a seal's outline as
a share of the page's long side."""
SQUARE = 1.5
"""Largest ratio of the outline's long side to its short side: seals are round or square,
red words and rules are long."""
RIM = 0.2
"""The rim of an outline's box: this share of its short side inward from each side."""
RIM_SHARE = 0.75
"""Least share of the outline's ink on its rim: a ring or a frame holds all of it there, a
filled red shape ~64 %, a red glyph far less."""
MAX_FILL = 0.5
"""Largest share of the outline's box its own ink covers (a hollow mark, not a red block)."""
INNER_SHARE = 0.15
"""Least red ink inside the outline's rim, apart from the outline, as a share of the
outline's own: a seal's characters. A red frame drawn round a table's cells to stress them
holds black print only (realdocs dev, a Korean statistics release: such a frame, 142 × 135
px, was taken for a seal before this test, and its page read 0.7 H worse)."""
MIN_SHAPE_SIDE = 20
"""Least side, in pixels, of a mark looked at for a seal's shape before the page's glyphs
are measured (only pages holding such a mark are)."""


def lifted(image: Image.Image) -> Image.Image:
    """The image with each red seal lifted off it (:func:`_without_seal`); the image itself
    where no seal is found."""
    if image.mode not in ("RGB", "RGBA"):
        return image
    colour = image if image.mode == "RGB" else image.convert("RGB")
    # every third pixel each way first: most pages hold no red at all
    third = _sample(colour, 3)
    if cv2.countNonZero((_redness(third) > SEAL_RED).view(np.uint8)) < MIN_SEAL_PIXELS / 9:
        return image
    rgb = np.asarray(colour)
    redness = _redness(rgb)
    ink = redness > SEAL_RED
    shaped = seal_boxes(ink, MIN_SHAPE_SIDE)
    if not shaped:
        return image
    glyph = _glyph_height(cv2.min(cv2.min(rgb[..., 0], rgb[..., 1]), rgb[..., 2]), redness)
    least = SEAL_GLYPHS * glyph if glyph else FALLBACK_SEAL_SIDE * max(colour.size)
    boxes = [box for box in shaped if min(box[2] - box[0], box[3] - box[1]) >= least]
    if not boxes:
        return image
    out = rgb.copy()
    height, width = rgb.shape[:2]
    for x0, y0, x1, y1 in boxes:
        margin = max(2, round((x1 - x0) * EDGE_MARGIN))
        x0, y0 = max(0, x0 - margin), max(0, y0 - margin)
        x1, y1 = min(width, x1 + margin), min(height, y1 + margin)
        box = (slice(y0, y1), slice(x0, x1))
        out[box] = _without_seal(rgb[box], redness[box], ink[box])
    return Image.fromarray(out)


def _sample(image: Image.Image, step: int) -> np.ndarray:
    """Every ``step``-th pixel of the RGB image each way, as an array."""
    size = (max(1, image.width // step), max(1, image.height // step))
    return np.asarray(image.resize(size, Image.Resampling.NEAREST))


def _redness(rgb: np.ndarray) -> np.ndarray:
    """Each pixel's excess of red over the larger of green and blue (0 where none)."""
    red, green, blue = cv2.split(np.ascontiguousarray(rgb))
    return cv2.subtract(red, cv2.max(green, blue))


def seal_boxes(ink: np.ndarray, least_side: float) -> list[tuple[int, int, int, int]]:
    """The boxes (x0, y0, x1, y1, end exclusive) of the seal outlines among the marks of the
    boolean ``ink`` mask: marks at least ``least_side`` high and wide, about square, hollow,
    their ink on their rim, other ink inside it; gaps of a pixel or two closed first (a
    seal's paste is uneven and its rim breaks)."""
    joined = cv2.morphologyEx(ink.astype(np.uint8), cv2.MORPH_CLOSE, np.ones((3, 3), np.uint8))
    count, labels, stats, _ = cv2.connectedComponentsWithStats(joined, connectivity=8)
    boxes = []
    for label in range(1, count):
        x, y, w, h, area = (int(v) for v in stats[label])
        if min(w, h) < least_side or max(w, h) > SQUARE * min(w, h):
            continue
        if area > MAX_FILL * w * h:
            continue
        mark = labels[y : y + h, x : x + w] == label
        rim = max(1, round(RIM * min(w, h)))
        inner = mark[rim : h - rim, rim : w - rim]
        if 1 - inner.sum() / area < RIM_SHARE:
            continue
        characters = ink[y + rim : y + h - rim, x + rim : x + w - rim] & ~inner
        if characters.sum() < INNER_SHARE * area:
            continue
        boxes.append((x, y, x + w, y + h))
    return boxes


def _glyph_height(darkest: np.ndarray, redness: np.ndarray) -> float | None:
    """The median height of the page's dark marks that are not red (its print), or None;
    ``darkest`` is each pixel's darkest channel."""
    dark = ((darkest < 128) & (redness <= SEAL_RED // 2)).astype(np.uint8)
    count, _, stats, _ = cv2.connectedComponentsWithStats(dark, connectivity=8)
    heights = stats[1:count, cv2.CC_STAT_HEIGHT]
    heights = heights[heights >= 4]
    return float(np.median(heights)) if len(heights) else None


def _without_seal(rgb: np.ndarray, redness: np.ndarray, seal: np.ndarray) -> np.ndarray:
    """A seal's box with the seal lifted. Its paste filters the page: where it covers a
    share ``c`` of a pixel, each channel keeps ``1 - c·a`` of its light, ``a`` the share the
    full paste takes from that channel (measured as the paper under the full paste,
    ``seal``, against the paper beside it). Each pixel the seal tinges (redder than that
    paper by ``SEAL_EDGE``) is taken for the paper's colour at some lightness, under cover
    ``c``: the ratio of its green to its red gives ``c``, its red then gives the lightness,
    and the pixel becomes the paper's colour at that lightness (paper from
    ``PAPER_LIGHTNESS`` up). Print under the seal is dark
    in every channel and stays dark; the other pixels stay as they are."""
    darkest = rgb.min(axis=2)
    beside = ~seal & (darkest >= 128)
    paper = np.median(rgb[beside], axis=0) if beside.any() else np.full(3, 255.0)
    paper = np.maximum(paper.astype(np.float32), 1.0)
    tinged = redness > (float(paper[0]) - max(float(paper[1]), float(paper[2]))) + SEAL_EDGE
    if not seal.any() or not tinged.any():
        return rgb
    # the full paste on paper: of the seal's pixels that are not print (bright in red), the
    # fifth least green (a blurred or thin paste's pixels are only partly covered)
    on_seal = rgb[seal].astype(np.float32) / paper
    on_seal = on_seal[on_seal[:, 0] > 0.5]
    if not len(on_seal):
        return rgb
    full = on_seal[on_seal[:, 1] <= np.percentile(on_seal[:, 1], FULL_PASTE)]
    taken = np.clip(1.0 - np.median(full, axis=0), 0.0, 0.99)  # a: what the paste takes
    pixels = rgb[tinged].astype(np.float32) / paper  # relative to the paper
    red, green = np.maximum(pixels[:, 0], 1e-3), pixels[:, 1]
    ratio = green / red
    cover = np.clip((1.0 - ratio) / np.maximum(taken[1] - ratio * taken[0], 1e-3), 0.0, 1.0)
    lightness = np.clip(red / (1.0 - cover * taken[0]), 0.0, 1.0)
    lightness[lightness >= PAPER_LIGHTNESS] = 1.0
    out = rgb.copy()
    out[tinged] = np.round(lightness[:, None] * paper[None, :]).astype(np.uint8)
    return out
