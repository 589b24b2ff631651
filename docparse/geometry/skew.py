"""How far a page's text lines lean: the angle whose horizontal projection profile is the
sharpest.

Text lines are rows of ink separated by blank rows. Project the ink onto the y axis of a
frame turned by θ: when θ matches the lines' lean, every line falls into a few bins and the
gaps stay empty, so the profile's sum of squares (its "energy") peaks; at other angles each
line smears over many bins. The page is measured on a binarised copy whose long side is
``MEASURE_SIDE`` px, on a sample of at most ``MAX_POINTS`` ink pixels: a coarse sweep over
±``MAX_SKEW``° in ``COARSE_STEP``° steps, then a fine one around the best angle.

The angle is trusted only when the sharpest profile beats the unturned one by ``MIN_GAIN``:
photos and blank pages have no lines, their profiles barely change with θ.
"""

from __future__ import annotations

import numpy as np
from PIL import Image

MEASURE_SIDE = 1000
"""Long side (px) of the copy measured: lines of 10-pt text at 150 dpi stay 4+ px tall."""
MAX_POINTS = 40_000
"""Ink pixels sampled (evenly, fixed seed): enough for a stable profile, fast on any page."""
MAX_SKEW = 10.0
"""Largest lean searched, in degrees; a page turned further is for orientation detection."""
COARSE_STEP = 0.5
FINE_STEP = 0.05
MIN_GAIN = 1.05
"""Energy of the best angle over that of 0° needed to call a page skewed (a 1° lean on a
text page gains ×1.3 and more on the generated pages of tests/test_page_geometry.py)."""


def ink_points(image: Image.Image, side: int = MEASURE_SIDE) -> tuple[np.ndarray, float]:
    """(x, y) of dark pixels of a reduced copy (long side ``side``) and the reduction factor."""
    grey = image.convert("L")
    factor = min(1.0, side / max(grey.size))
    if factor < 1.0:
        size = (max(1, round(grey.width * factor)), max(1, round(grey.height * factor)))
        grey = grey.resize(size, Image.Resampling.BILINEAR)
    pixels = np.asarray(grey, dtype=np.float32)
    low, high = np.percentile(pixels, (2, 98))
    if high - low < 32:  # no contrast: a blank or flat page
        return np.empty((0, 2)), factor
    ys, xs = np.nonzero(pixels < (low + high) / 2)
    points = np.column_stack((xs, ys)).astype(np.float32)
    if len(points) > MAX_POINTS:
        pick = np.random.default_rng(0).choice(len(points), MAX_POINTS, replace=False)
        points = points[pick]
    return points, factor


def profile_energy(points: np.ndarray, degrees: float) -> float:
    """Sum of squares of the ink's projection onto the y axis of a frame turned ``degrees``
    counter-clockwise (one-pixel bins)."""
    theta = np.radians(degrees)
    # A line leaning θ counter-clockwise (rising to the right) has y + x tan θ constant.
    ys = points[:, 1] * np.cos(theta) + points[:, 0] * np.sin(theta)
    counts = np.bincount(np.floor(ys - ys.min()).astype(np.int64))
    return float(np.dot(counts, counts))


def estimate_skew(image: Image.Image) -> float:
    """The counter-clockwise lean of the page's text lines in degrees (0.0 when none is
    measurable); turning the image clockwise by it — ``rotate(-angle)`` — levels them."""
    points, _ = ink_points(image)
    if len(points) < 200:
        return 0.0
    coarse = np.arange(-MAX_SKEW, MAX_SKEW + COARSE_STEP / 2, COARSE_STEP)
    energies = [profile_energy(points, a) for a in coarse]
    best = float(coarse[int(np.argmax(energies))])
    fine = np.arange(best - COARSE_STEP, best + COARSE_STEP + FINE_STEP / 2, FINE_STEP)
    fine_energies = [profile_energy(points, a) for a in fine]
    angle = float(fine[int(np.argmax(fine_energies))])
    if max(fine_energies) < MIN_GAIN * profile_energy(points, 0.0):
        return 0.0
    return round(angle, 2)
