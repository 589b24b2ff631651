"""Whether a page lies sideways, told before PP-OCR's detector runs, from the shapes of its
ink's words.

The detector's lines tell a sideways page by their shape (:func:`.page_frame.sideways`:
text lines are much wider than tall, so on a page turned a quarter they stand), but on a
sideways page the detector fits its lines poorly (1.23× taller, some joined), so the page
is detected a second time once turned upright: about a sixth of a turned page's CPU. The
words of the page's ink have the same shape as its lines: a word is wider than tall. So a
greyscale copy reduced to ``MEASURE_SIDE`` is cut down to its thin dark strokes (a
morphological black-hat, which leaves out dark areas wider than a stroke: a photo's table
around the page, shadows), the long straight runs of table rules are taken out, the strokes
are grown by a pixel so that a word's letters join (not its lines: the gap between lines is
wider), and the blobs left are measured by the same rule as the lines
(:func:`.page_frame.share_standing`). About 10 ms on an A4 page at 200 dpi.

Only a share the blobs make far clearer than the lines' own rule asks turns the page
before detection (``CLEAR``). The lines found on the turned page must then decide the turn
themselves (they stand on the page as given, and the 180° check needs no fallback);
otherwise the page is detected as given and decided as before, at the cost of one
detection more. Dense tables stay unclear (stacked digits stand) and are detected as given.
"""

from __future__ import annotations

import cv2
import numpy as np
from PIL import Image

from docparse.engines.ppocr import page_frame

MEASURE_SIDE = 1000
"""Long side (px) of the copy measured: a 10-pt line of an A4 page is about 12 px tall on
it, its letters' strokes 1-2 px, the gap between its lines 4 px or more."""
STROKE = 7
"""Side (px) of the black-hat's square: ink narrower than this is a stroke."""
CONTRAST = 40
"""Grey levels by which a stroke is darker than its surroundings."""
RULE = 60
"""Ink running this many px unbroken along a row or a column is a rule or a box's side
(a table's), not a word: taken out (6 % of the long side; a word's strokes break within
a letter or two)."""
RUNS = ((1, RULE), (RULE, 1))
"""The opening kernels (rows × columns) that find rules along a row and down a column."""
GROW = 3
"""Side (px) of the square the strokes are grown by, joining a word's letters (1-2 px
apart on the copy) but not its lines."""
THICK = 2.5
"""Stroke widths (:func:`stroke_width`) a blob must be thick to count: a word is as thick
as its line (its x-height alone is 4-6 stroke widths in regular type, 3 in bold), a single
stroke or a letter of one (l, i, t, a Hangul vowel's bar) is one stroke wide and stands.
Large type, whose letters stay apart on the copy, would otherwise read standing: an
upright page of 45-px Latin type on a 1,754-px page read 1.0. Larger still (60-90 px), a
page of such letters may read standing even so; the lines then undo the early turn."""
CLEAR = 0.15
"""The blobs' standing share must reach 1 − this for the page to be turned before
detection; the lines' own rule (``page_frame.SIDEWAYS_CLEAR``) asks only 0.75, but a
blob is cruder than a detected line (a column of stacked digits, a logo, a letter joined
to a rule stand too), and a wrong early turn costs a detection. Measured on the realdocs
dev split at 200 dpi (first pages; 67 images lying flat: upright, skewed, photographed,
turned 180°; 76 turned 90°/270°, as given and photographed): lying flat 0.00-0.10 but for
a dense statistics table (nics, 0.49-0.70: stacked digits), sideways 0.88-1.00 but for the
same table (0.27-0.51; its lines leave it unclear too); and on generated short Korean
tables photographed (104 lying flat: at most 0.76; 116 of 136 sideways reach 0.85)."""


def standing_share(image: Image.Image) -> float | None:
    """The standing share of the elongated ink blobs of ``image`` (see the module's
    docstring); None without any."""
    grey = image.convert("L")
    factor = MEASURE_SIDE / max(grey.size)
    if factor < 1.0:
        size = (max(1, round(grey.width * factor)), max(1, round(grey.height * factor)))
        grey = grey.resize(size, Image.Resampling.BOX)
    square = cv2.getStructuringElement(cv2.MORPH_RECT, (STROKE, STROKE))
    hat = cv2.morphologyEx(np.asarray(grey), cv2.MORPH_BLACKHAT, square)
    ink = (hat > CONTRAST).astype(np.uint8)
    stroke = stroke_width(ink)
    rules = [cv2.morphologyEx(ink, cv2.MORPH_OPEN, np.ones(k, np.uint8)) for k in RUNS]
    ink &= 1 - (rules[0] | rules[1])
    ink = cv2.dilate(ink, np.ones((GROW, GROW), np.uint8))
    _, _, stats, _ = cv2.connectedComponentsWithStats(ink, connectivity=8)
    wide = stats[1:, cv2.CC_STAT_WIDTH].astype(np.float64)
    tall = stats[1:, cv2.CC_STAT_HEIGHT].astype(np.float64)
    long, short = np.maximum(wide, tall), np.minimum(wide, tall)
    kept = short >= THICK * stroke
    return page_frame.share_standing(long[kept], short[kept], (tall > wide)[kept])


def stroke_width(ink: np.ndarray) -> float:
    """The ink's mean stroke width (px): its area over half its edge (a stroke w px wide
    and l long has area w·l and 2·l edge pixels; a 1-px stroke counts as 2)."""
    edge = int(np.count_nonzero(ink)) - int(
        np.count_nonzero(cv2.erode(ink, np.ones((3, 3), np.uint8)))
    )
    return 2.0 * float(np.count_nonzero(ink)) / edge if edge else 0.0


def clearly_sideways(image: Image.Image) -> bool:
    """Whether the page's ink words clearly stand: worth turning before detection."""
    share = standing_share(image)
    return share is not None and share >= 1 - CLEAR
