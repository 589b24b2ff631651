"""A straight stroke running through a line's letters taken out before Tesseract reads it.

A page folded to be posted and scanned flat carries its creases as thin grey lines across
the page; where one runs through a line of text, and where text is struck through, Tesseract
binarises the stroke with the letters and reads the line as other letters (a Korean
court-decision line, "액과 실제 피담보채무액은 고지…", came back "액과실체파담보채무액은-구저-…"
with a crease through it). A stroke is a run of ink along the strip far longer than any
letter's, thin against the line's height, with letters above *and* below it along most of its
length: an underline (nothing below it) or a rule above or below the text stays. Its pixels,
and the grey fringe around them, are filled from the paper and strokes round them
(:func:`cv2.inpaint`), so a letter's upright stroke crossing it joins again. A crease is
grey, lighter than the print, and shades what lies under it: there the pixels are lifted by
the shade the paper beside them has along the crease, so a letter's own stroke lying along
it (the tick of ㅏ) stays as printed.
"""

from __future__ import annotations

import cv2
import numpy as np

from docparse.engines.ppocr.spacing import glyph_runs

RUN = 6.0
"""A stroke runs unbroken at least this many line heights: letters, a dash or two and the
spaces between words break every row sooner; a rule across a line does not."""
THIN = 0.25
"""A stroke is at most this share of the line's height thick (a crease, a strike-through);
thicker runs are a bar, a highlighted band or filled cells, not drawn through the letters."""
ACROSS = 0.3
"""Share of a stroke's columns that must have ink both above and below it: letters on each
side. Measured on the realdocs dev first pages at 200 dpi: the long thin runs in upright
lines are underlines and rules with ink on one side only (0.00-0.01 on the other), but for
one rule between two lines cut as one strip (0.30 above, 1.00 below; taken out, the line
reads the same); creases drawn through lines (a scratch variant of a page folded in three) have
0.34-0.58 on the side with less (taken out), those that graze the letters' tops or feet
0.08-0.29 (left)."""
FRINGE = 0.06
"""The stroke's grey edge taken out with it, above and below, as a share of the line's height
(at least a pixel)."""
PRINT = 10
"""The print's grey is this percentile of its pixels: the cores of its strokes (their
edges, greyed by antialiasing and blur, are ink by Otsu's threshold as well)."""
MARKED = 0.25
"""A pixel this share of the way from the paper's grey to the print's, or further, is marked:
where strokes are sought."""
GREY = 0.3
"""A stroke whose grey lies this share of the way from the print's grey to the paper's, or
more, is lighter than the print: a crease, which shades what lies under it (lifted), not a
stroke that hides it (filled)."""


def unstruck(grey: np.ndarray) -> np.ndarray:
    """``grey`` (a line's strip, dark text on light paper) with every stroke through its
    letters taken out (a crease lifted, a dark stroke filled in from round it); the same
    array when there is none."""
    height, width = grey.shape
    run = round(RUN * height)
    if height < 8 or width <= run:
        return grey
    threshold, binary = cv2.threshold(grey, 0, 1, cv2.THRESH_BINARY_INV + cv2.THRESH_OTSU)
    ink = binary.astype(bool)
    counts = np.bincount(grey.ravel(), minlength=256).cumsum()
    dark = int(threshold) + 1  # Otsu's ink: the greys up to its threshold
    if counts[dark - 1] == 0 or counts[dark - 1] == counts[-1]:
        return grey
    print_grey = float(np.searchsorted(counts, counts[dark - 1] * PRINT / 100))
    paper_grey = float(np.searchsorted(counts, (counts[dark - 1] + counts[-1]) / 2))
    # anything visibly darker than the paper: a light grey crease falls on the paper's side
    # of Otsu's threshold, under dark letters
    marked = (grey < paper_grey - MARKED * (paper_grey - print_grey)).astype(np.uint8)
    starts, ends = glyph_runs(marked.any(axis=0))
    if not len(starts) or int((ends - starts).max()) < run:
        return grey  # spaces between words break every row: nothing runs through them
    # a stroke at a slight slant steps a row every so often: runs are sought with each pixel
    # standing for the three rows round it, and the stroke is the marks they cover
    tall = cv2.dilate(marked, np.ones((3, 1), np.uint8))
    long = cv2.morphologyEx(tall, cv2.MORPH_OPEN, np.ones((1, run), np.uint8)) & marked
    if not long.any():
        return grey
    count, labels, stats, _ = cv2.connectedComponentsWithStats(long, connectivity=8)
    fringe = max(1, round(FRINGE * height))
    inked = np.cumsum(ink, axis=0)  # letters' ink in each column down to each row
    stroke = np.zeros(grey.shape, dtype=bool)
    for label in range(1, count):
        x, width_of, area = int(stats[label, 0]), int(stats[label, 2]), int(stats[label, 4])
        if width_of < run or area > THIN * height * width_of:
            continue
        component = labels[:, x : x + width_of] == label
        if _through_letters(component, inked[:, x : x + width_of], fringe):
            stroke |= labels == label
    if not stroke.any():
        return grey
    mask = cv2.dilate(stroke.astype(np.uint8), np.ones((2 * fringe + 1, 1), np.uint8))
    inside = mask.astype(bool)
    stroke_grey = float(np.median(grey[stroke]))
    if stroke_grey - print_grey < GREY * (paper_grey - print_grey):
        # as dark as the print: it hides what lies under it, filled from round it
        return np.where(inside, cv2.inpaint(grey, mask, 3, cv2.INPAINT_TELEA), grey)
    # lighter than the print, a crease shades the paper and the letters alike: each pixel is
    # lifted by the shade of the paper beside it along the crease (the brightest grey within
    # a line height either side, which falls between letters)
    beside = cv2.dilate(grey, np.ones((1, 2 * height + 1), np.uint8)).astype(np.float32)
    lifted = grey.astype(np.float32) * paper_grey / np.maximum(beside, 1.0)
    return np.where(inside, np.clip(lifted, 0, 255).astype(np.uint8), grey)


def _through_letters(component: np.ndarray, inked: np.ndarray, fringe: int) -> bool:
    """Whether the stroke ``component`` (a mask over its columns) has ink above and below it,
    past its ``fringe``, along ``ACROSS`` of its columns; ``inked``: the strip's ink summed
    down each of those columns to each row."""
    rows = component.shape[0]
    present = component.any(axis=0)
    top = np.argmax(component, axis=0)
    bottom = rows - 1 - np.argmax(component[::-1], axis=0)
    columns = np.arange(component.shape[1])
    before = inked[np.clip(top - fringe - 1, 0, rows - 1), columns] * (top - fringe - 1 >= 0)
    after = inked[-1] - inked[np.clip(bottom + fringe, 0, rows - 1), columns]
    letters_above = (before > 0)[present].mean()
    letters_below = (after > 0)[present].mean()
    return bool(letters_above >= ACROSS and letters_below >= ACROSS)
