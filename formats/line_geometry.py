"""How a line runs on its page, for the formats that draw or describe lines (overlay, hOCR,
ALTO): the words of a page read turned carry quads (from the top left corner of their text,
along it, then across), so a line's angle and its thickness come from those; a line without
them runs left to right, as thick as its box is tall."""

from __future__ import annotations

import math
from statistics import median

from docparse.model import Line, Word


def word_angle(word: Word) -> float | None:
    """Degrees counter-clockwise, in [0, 360), from the page's x axis to the way the text of
    ``word`` runs (along its quad, first corner to second); None without a quad."""
    if word.quad is None:
        return None
    (x0, y0), (x1, y1) = word.quad[0], word.quad[1]
    if (x0, y0) == (x1, y1):
        return None
    return round(math.degrees(math.atan2(y0 - y1, x1 - x0)), 1) % 360  # y runs down


def line_angle(line: Line) -> float:
    """The :func:`word_angle` of the line's longest word with a quad; 0 without one."""
    angles = [
        (len(word.text), angle) for word in line.words if (angle := word_angle(word)) is not None
    ]
    return max(angles, key=lambda pair: pair[0])[1] if angles else 0.0


def quarter(angle: float) -> int:
    """The quarter turn (0, 90, 180, 270, counter-clockwise) nearest ``angle``."""
    return round(angle / 90) % 4 * 90


def line_thickness(line: Line) -> float:
    """How thick the line's text is, across the way it runs: the median side of its words'
    quads from the first corner to the fourth, else the height of its box (a line running
    down a turned page is as tall as it is long)."""
    across = [math.dist(word.quad[0], word.quad[3]) for word in line.words if word.quad]
    if across:
        return median(across)
    return line.box[3] - line.box[1]
