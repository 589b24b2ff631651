"""Empty rings (○, U+25CB) in Hangul lines.

Korean court decisions print the names they withhold as rings ("피고 박○○", "○○시 ○○구"),
and Korean reports and forms use ○ as a list mark and as the yes-mark of a table. Tesseract's
Korean model has no such character: on a court decision set in NanumMyeongjo it read
"박○○" as "박", "(>/", "ㅁ)", in NanumBarunGothic as "박", "oo". So the strip's ink is looked
at: a ring is one blob about as tall as the line's Hangul, round, closed round a hole that is
most of it, with no ink inside (a circled number has its digits inside:
:mod:`.circled`). The words Tesseract read on a run of touching rings, when they lie wholly
on it and hold no Hangul syllable, become one word of as many ○ as the run has rings.
"""

from __future__ import annotations

import cv2
import numpy as np

from docparse.engines.ppocr.circled import largest_hole
from docparse.engines.ppocr.lines import LineStrip
from docparse.hangul import RING, is_syllable
from docparse.model import Word

HEIGHT = (0.62, 1.3)
"""A ring's height over the line's (the strip less its margin): rings are typed as tall as a
Hangul syllable, 0.67-1.08 of their line's height on court decisions set in NanumMyeongjo
and NanumBarunGothic (upright, turned 5° and at half resolution) and a realdocs dev report;
a Latin "o" is about 0.4, the letter ㅇ (a list mark in Korean reports) 0.5-0.6."""
ROUND = (0.95, 1.12)
"""Width over height of a ring: 1.0-1.07 measured; a capital "O" is narrower (0.84-0.93 in
NanumGothic, NanumMyeongjo and NanumBarunGothic), a "0" about 0.6."""
RUN_ROUND = 0.85
"""The least width over height of a ring that stands beside another of its height (a run:
"박○○"): Baekmuk Gulim draws ○ 0.91 wide (a court decision set in it, benchmarks/
legal_pages.py --faces other), as narrow as a capital "O", but a withheld name is two rings
or more, and "OO" side by side in a Hangul line stands for the same thing."""
ALIKE = 0.1
"""Rings of one run differ in height by at most this share."""
HOLE = 0.6
"""The hole spans at least this share of the ring's width and height: a ring is drawn thin
(measured 0.69-0.89 on court decisions and a realdocs dev report; a bold "O" has less)."""
DISC = 0.88
"""The hole fills at most this share of its box: a disc fills π/4 of it, a square nearly
all. Measured: rings 0.74-0.83 (court decisions upright, turned and at half resolution; a
realdocs dev report's ○), checkboxes 0.95-1.0 (□ on a realdocs dev form)."""
RUN_GAP = 0.5
"""Rings of one run stand at most this many ring heights apart."""
SLACK = 0.3
"""A word lies on a run when its box is within this many ring heights of the run's ends."""
IEUNG = "\u3147"
"""The letter ㅇ, which Korean reports type as a list mark: Tesseract reads it, and it stays."""
CONFIDENCE = 0.9
"""The confidence given to a word made of rings (the shape decided it, not a reading)."""


def empty_rings(strip: LineStrip, words: list[Word]) -> list[Word]:
    """``words`` (boxes in strip pixels, left to right) with the words read on each run of
    empty rings replaced by one word of rings."""
    if all(_may_hold_syllables(word) for word in words):
        return words  # every word holds Hangul (or is ㅇ): none would be replaced
    runs = _runs(ring_boxes(strip))
    if not runs:
        return words
    result = list(words)
    dropped: set[int] = set()
    for x0, y0, x1, y1, count in runs:
        height = y1 - y0
        on_run = [
            i
            for i, word in enumerate(words)
            if word.box[0] >= x0 - SLACK * height
            and word.box[2] <= x1 + SLACK * height
            and not _may_hold_syllables(word)
        ]
        if not on_run:
            continue
        first = words[on_run[0]]
        box = (float(x0), min(first.box[1], y0), float(x1), max(first.box[3], y1))
        result[on_run[0]] = first.model_copy(
            update={"text": RING * count, "box": box, "confidence": CONFIDENCE}
        )
        dropped.update(on_run[1:])
    return [word for i, word in enumerate(result) if i not in dropped]


def ring_boxes(strip: LineStrip) -> list[tuple[int, int, int, int]]:
    """The boxes (x0, y0, x1, y1, strip pixels) of the empty rings on the strip."""
    line_height = strip.image.shape[0] - 2 * strip.pad
    if line_height <= 0:
        return []
    labels, stats = strip.blobs
    widths, heights = stats[:, cv2.CC_STAT_WIDTH], stats[:, cv2.CC_STAT_HEIGHT]
    sized = (
        (heights >= HEIGHT[0] * line_height)
        & (heights <= HEIGHT[1] * line_height)
        & (widths >= RUN_ROUND * heights)
        & (widths <= ROUND[1] * heights)
    )
    sized[0] = False  # the paper
    rings: list[tuple[int, int, int, int]] = []
    for k in np.flatnonzero(sized):
        left, top, width, height = (int(v) for v in stats[k, :4])
        blob = labels[top : top + height, left : left + width]
        hole = largest_hole(blob == k)
        if (
            hole is None
            or hole.x1 - hole.x0 < HOLE * width
            or hole.y1 - hole.y0 < HOLE * height
            or hole.area > DISC * (hole.x1 - hole.x0) * (hole.y1 - hole.y0)
        ):
            continue
        inside = blob[hole.y0 : hole.y1, hole.x0 : hole.x1]
        if np.any((inside != 0) & (inside != k)):
            continue  # something drawn inside: a circled number or a letter, not a ring
        rings.append((left, top, left + width, top + height))
    return [ring for ring in rings if _round(ring) or _in_a_run(ring, rings)]


def _round(ring: tuple[int, int, int, int]) -> bool:
    x0, y0, x1, y1 = ring
    return x1 - x0 >= ROUND[0] * (y1 - y0)


def _in_a_run(ring: tuple[int, int, int, int], rings: list[tuple[int, int, int, int]]) -> bool:
    """Whether another ring of ``ring``'s height stands beside it (:data:`RUN_GAP`)."""
    x0, y0, x1, y1 = ring
    height = y1 - y0
    return any(
        other != ring
        and abs((other[3] - other[1]) - height) <= ALIKE * height
        and max(other[0] - x1, x0 - other[2]) <= RUN_GAP * height
        for other in rings
    )


def _runs(rings: list[tuple[int, int, int, int]]) -> list[tuple[int, int, int, int, int]]:
    """Rings standing side by side joined: (x0, y0, x1, y1, number of rings) per run."""
    runs: list[list[int]] = []
    for x0, y0, x1, y1 in sorted(rings):
        if runs and x0 - runs[-1][2] <= RUN_GAP * (y1 - y0):
            run = runs[-1]
            run[1], run[2], run[3], run[4] = min(run[1], y0), x1, max(run[3], y1), run[4] + 1
        else:
            runs.append([x0, y0, x1, y1, 1])
    return [(a, b, c, d, n) for a, b, c, d, n in runs]


def _may_hold_syllables(word: Word) -> bool:
    """Whether the word was read as Hangul (a syllable, or the letter ㅇ): it is kept."""
    return word.text == IEUNG or any(is_syllable(char) for char in word.text)
