"""Leader dots: the row of dots that leads the eye from an entry to its page number or
amount ("Notices . . . . . . vii", "TOTAL ........ 47.10").

PP-OCR's detector leaves them out (it finds the entry and the number as two lines and
nothing between them), while the page prints them and a text layer holds them: on the
realdocs dev split at 200 dpi, a report's table of contents (docling redp5110, page 2)
lost 1,556 of its 3,160 characters to it, H 68.4 against plain Tesseract's 74, which reads
them. So the gap between two words of a row is looked at on the page: a leader is a run of
small blobs of ink, evenly spaced and level, that fills most of the gap. It is given as one
word of as many points as it has dots, boxed round them; dots at mid-height are left out
(see ``RISE``).

The detector does not always leave the dots out: it may take part of a leader into a line,
or find one row of an entry, its leader and its amount as two regions that overlap, and
Tesseract then reads the dots as letters ("Paperback Novel ...... cs eeee eeeeenes 16.99",
all below ``UNSURE``; the row split in two by the overlap). Such words are taken out when
the gap between the sure words round them holds a leader and they hold no letter-sized ink
(see :func:`_dots_read_as_words`), and the leader is given in their place.
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Sequence

import numpy as np
from PIL import Image

from docparse.model import Box, Word

ROW_HEIGHTS = 1.6
"""Two words are of one row when the taller is at most this many times the height of
the other (and they overlap over half the lower one's height)."""
MIN_GAP = 2.0
"""Row heights two words of a row must stand apart for a leader to fit between them
(four dots at the widest pitch of typeset leaders, about half a row height)."""
DOT_SIZE = 0.3
"""A dot is at most this share of the row height wide and tall (a point is about a
fifth of a 10-pt line's height; letters reach half of it and more; a monospaced receipt
font's point, 4 × 5 px, is 0.26 of the 19-px row its words' tight boxes give)."""
MIN_DOTS = 4
"""Dots a leader has at least (a shorter run of points is an ellipsis or noise)."""
PITCH_SPREAD = 0.35
"""Each step from one dot to the next lies within this share of the run's median step
(typeset leaders are spaced evenly; specks of noise are not)."""
MAX_PITCH = 1.5
"""The median step is at most this many row heights."""
LEVEL = 0.15
"""The dots' centres lie within this share of the row height of their median height."""
FILL = 0.5
"""The run spans at least this share of the gap (a leader runs from the entry to its
number)."""
CONTRAST = 40
"""Grey levels by which a dot is darker than the gap's paper (its median)."""
RISE = 0.12
"""Dots whose centres stand more than this many row heights above the letters' baseline
are middle dots, lower ones points standing on it (a point's centre is half its height,
0.05-0.1 row heights, above the baseline; half the dots' own height is allowed on top, for
large points). Middle dots are left out: set in a Korean font,
a leader of ``……`` (U+2026, which a text layer's NFKC makes points) stands at mid-height
exactly like one of ``·····`` (NanumGothic and NanumMyeongjo), so their characters cannot be
told from the page, and HWP's own tab leaders may be drawn, not text."""
MIDDLE = 0.62
"""Without letters to find the baseline on: dots whose centres stand above this share of
the row's height, from its top, are middle dots."""
HIGHEST = 0.3
"""Dots whose centres stand above this share of the row's height are no leader: a
dotted rule between two rows of a table touches the top of the lower row's boxes
(realdocs dev, a statement of expenditures, whose section rules read as five leaders)."""
SOLID = 0.55
"""A dot fills at least this share of its bounding box (a point, square or round, fills
0.7-1, a few of a thermal receipt's 0.69, a round 4 × 5-px point 0.6; an asterisk of a
receipt's "COME AGAIN *****" 0.6 too, SROIE dev: asterisks stand above the baseline and are
left out there, see RISE)."""
MIN_AREA = 3
"""Pixels a dot holds at least: grain and noise leave specks of one or two pixels (realdocs
dev pages with grey noise of σ 25 read five middle dots between two words); a point holds 9-16
at 200 dpi and on SROIE's receipts, about 4 at half that resolution."""
LETTER = 0.3
"""Blobs at least this many row heights tall are letters (for the baseline)."""
BELOW = 0.05
"""Row heights by which the dots' centres may lie below the letters' baseline (a point
stands on it, its centre above it): lower, they are a dotted rule between two rows of a
table, drawn through the band of the row above (SROIE dev: 4 px below on a 19-px row)."""
CONFIDENCE = 0.9
"""The confidence given a leader (found by its shape, not read)."""
LEADER_MARKS = frozenset(".·…")
"""What a word read as a piece of a leader holds."""
FLAT = 0.5
"""A word whose box is less than this share of the page's median word height is doubted
like an unsure one: dots read surely as letters have the dots' height ("이이이이이이이이",
0.73, boxed 5 px high on a receipt whose words are 19-22; outside generator dev seeds)."""
UNSURE = 0.5
"""Words read below this confidence may be a leader's dots read as letters (receipts of the
outside generator, dev seeds, a monospaced ". . . ." leader: such words at 0.0-0.44; they
are taken out only if they also hold no letter-sized ink, so an unsure real word stays)."""


def with_leaders(image: Image.Image, words: Sequence[Word], engine: str) -> list[Word]:
    """``words`` (boxes in ``image``'s pixels) with a leader word after each word that a
    leader follows on its row (see the module's doc)."""
    if len(words) < 2:
        return list(words)
    grey = np.asarray(image.convert("L"))
    words = _dots_read_as_words(grey, words, engine)
    boxes = [word.box for word in words]
    dotted = np.array([word.box for word in words if _dotted(word)], dtype=np.float64)
    dotted = dotted.reshape(-1, 4)
    result: list[Word] = []
    for word, j in zip(words, _next_on_rows(boxes), strict=True):
        result.append(word)
        if j is None:
            continue
        pair = (np.asarray(word.box), np.asarray(boxes[j]))
        if _in_gap(dotted, *pair).any():
            continue  # the gap's dots are read already (a thin box is of no row)
        leader = _leader(grey, *pair, (_dotted(word), _dotted(words[j])))
        if leader is not None:
            text, box = leader
            result.append(Word(text=text, box=box, confidence=CONFIDENCE, engine=engine))
    return result


def _dots_read_as_words(grey: np.ndarray, words: Sequence[Word], engine: str) -> list[Word]:
    """``words`` with the words read from a leader's dots put back as the leader: between
    two sure words of a row (neither below ``UNSURE``, read as dots nor ``FLAT``) that a
    leader lies between, the doubtful words standing in the gap that hold no letter-sized
    ink are replaced by one leader word after the left one."""
    heights, flat = flat_height(words)
    unsure = [
        (word.confidence is not None and word.confidence < UNSURE) or _dotted(word) or height < flat
        for word, height in zip(words, heights, strict=True)
    ]
    if not any(unsure):
        return list(words)
    sure = [i for i, doubt in enumerate(unsure) if not doubt]
    doubtful = np.flatnonzero(unsure)
    doubtful_boxes = np.array([words[i].box for i in doubtful], dtype=np.float64)
    nearest = _next_on_rows([words[i].box for i in sure])
    dropped: set[int] = set()
    inserted: dict[int, Word] = {}
    for k, j in enumerate(nearest):
        if j is None:
            continue
        left, right = np.asarray(words[sure[k]].box), np.asarray(words[sure[j]].box)
        between = [
            i for i in doubtful[_in_gap(doubtful_boxes, left, right)].tolist() if i not in dropped
        ]
        if not between:
            continue  # a gap of the row with nothing read in it: see with_leaders
        leader = _leader(grey, left, right, (False, False))
        if leader is None or any(_has_letters(grey, words[i].box, left, right) for i in between):
            continue
        dropped.update(between)
        text, box = leader
        inserted[sure[k]] = Word(text=text, box=box, confidence=CONFIDENCE, engine=engine)
    if not dropped:
        return list(words)
    result: list[Word] = []
    for i, word in enumerate(words):
        if i not in dropped:
            result.append(word)
        if i in inserted:
            result.append(inserted[i])
    return result


def flat_height(words: Sequence[Word]) -> tuple[list[float], float]:
    """The words' box heights, and the height under which a word is ``FLAT``."""
    heights = [word.box[3] - word.box[1] for word in words]
    return heights, FLAT * float(np.median(heights))


def _in_gap(boxes: np.ndarray, left: np.ndarray, right: np.ndarray) -> np.ndarray:
    """Which of ``boxes`` (n × 4) stand in the gap between the boxes ``left`` and ``right``
    of a row: their centres between them, level with their rows (overlapping half their own
    height)."""
    centre = (boxes[:, 0] + boxes[:, 2]) / 2
    top, bottom = min(left[1], right[1]), max(left[3], right[3])
    overlap = np.minimum(boxes[:, 3], bottom) - np.maximum(boxes[:, 1], top)
    level = overlap >= 0.5 * (boxes[:, 3] - boxes[:, 1])
    return (left[2] < centre) & (centre < right[0]) & level


def _has_letters(grey: np.ndarray, box: Box, left: np.ndarray, right: np.ndarray) -> bool:
    """Whether a blob of ink ``LETTER`` row heights tall or taller is centred in the part of
    ``box`` that lies between ``left`` and ``right`` (the row's band, with a row height
    either side so a letter cut by the box is seen whole)."""
    top, bottom = min(left[1], right[1]), max(left[3], right[3])
    row_height = ((left[3] - left[1]) + (right[3] - right[1])) / 2
    start, end = max(box[0], left[2]), min(box[2], right[0])
    x0 = max(0, int(np.floor(start - row_height)))
    x1 = min(grey.shape[1], int(np.ceil(end + row_height)))
    y0, y1 = max(0, int(np.floor(top))), min(grey.shape[0], int(np.ceil(bottom)))
    if x1 - x0 < 2 or y1 - y0 < 3:
        return False
    stats, centres = blobs(grey[y0:y1, x0:x1])
    tall = stats[:, 3] >= LETTER * row_height
    inside = (centres[:, 0] + x0 >= start) & (centres[:, 0] + x0 <= end)
    return bool((tall & inside).any())


def _next_on_rows(boxes: Sequence[Box]) -> list[int | None]:
    """For each box, the nearest one right of it on its row (overlapping half the lower
    one's height, of a height within a factor ``ROW_HEIGHTS``) when it stands at least
    ``MIN_GAP`` row heights away; None when the nearest is closer, or there is none."""
    order = sorted(range(len(boxes)), key=lambda k: boxes[k][1])
    tops = [boxes[k][1] for k in order]
    nearest: list[int | None] = []
    for i, (_, y0, x1, y1) in enumerate(boxes):
        height = y1 - y0
        if i + 1 < len(boxes) and _closely_follows(boxes[i], boxes[i + 1]):
            nearest.append(None)  # the next word of its line: nothing right of it is nearer
            continue
        best: int | None = None
        # a box of the row (at most ROW_HEIGHTS as tall, overlapping half the lower one)
        # starts at most (ROW_HEIGHTS - 0.5) heights above this one, a third of it above
        # its bottom
        above, below = y0 - (ROW_HEIGHTS - 0.5) * height, y1 - height / (2 * ROW_HEIGHTS)
        window = order[bisect_left(tops, above) : bisect_left(tops, below)]
        for k in window:
            kx0, ky0, _, ky1 = boxes[k]
            if k == i or kx0 < x1 - 0.1 * height:
                continue
            low, high = sorted((height, ky1 - ky0))
            if high > ROW_HEIGHTS * max(low, 1e-6) or min(ky1, y1) - max(ky0, y0) < 0.5 * low:
                continue
            if best is None or kx0 < boxes[best][0]:
                best = k
        if best is not None:
            row_height = (height + boxes[best][3] - boxes[best][1]) / 2
            if boxes[best][0] - x1 < MIN_GAP * row_height:
                best = None
        nearest.append(best)
    return nearest


def _closely_follows(box: Box, after: Box) -> bool:
    """Whether ``after`` stands right of ``box`` on its row (as :func:`_next_on_rows` sees
    rows), less than ``MIN_GAP`` row heights away: the words of a line come one after the
    other, and nothing right of ``box`` is then far enough for a leader."""
    height, other = box[3] - box[1], after[3] - after[1]
    low, high = sorted((height, other))
    same_row = high <= ROW_HEIGHTS * max(low, 1e-6) and (
        min(box[3], after[3]) - max(box[1], after[1]) >= 0.5 * low
    )
    gap = after[0] - box[2]
    return same_row and -0.1 * height <= gap < MIN_GAP * (height + other) / 2


def _dotted(word: Word) -> bool:
    """Whether the word was read as dots only (a piece of the leader the detector found)."""
    return bool(word.text) and set(word.text) <= LEADER_MARKS


def _leader(
    grey: np.ndarray, left: np.ndarray, right: np.ndarray, dotted: tuple[bool, bool]
) -> tuple[str, Box] | None:
    """The leader between the boxes ``left`` and ``right`` of one row (``dotted``: whether
    each was read as dots), as (text, box), or None when the gap holds none."""
    top, bottom = min(left[1], right[1]), max(left[3], right[3])
    row_height = ((left[3] - left[1]) + (right[3] - right[1])) / 2
    x0, x1 = int(np.ceil(left[2])) + 1, int(np.floor(right[0])) - 1
    y0, y1 = max(0, int(np.floor(top))), min(grey.shape[0], int(np.ceil(bottom)))
    if x1 - x0 < MIN_GAP * row_height or y1 - y0 < 3:
        return None
    gap = grey[y0:y1, x0:x1]
    if int(gap.max()) - int(gap.min()) < CONTRAST:  # blank (most gaps of a table's rows)
        return None
    stats, centres = _dots(gap, row_height)
    found = _even_run(centres, row_height)
    if found is None:
        return None
    run, dots = found
    chosen = stats[run]
    span = (chosen[:, 0] + chosen[:, 2]).max() - chosen[:, 0].min()
    if span < FILL * (x1 - x0):
        return None
    height_share = (float(np.median(centres[run, 1])) + y0 - top) / max(bottom - top, 1)
    if height_share < HIGHEST:
        return None
    box = (
        float(x0 + chosen[:, 0].min()),
        float(y0 + chosen[:, 1].min()),
        float(x0 + (chosen[:, 0] + chosen[:, 2]).max()),
        float(y0 + (chosen[:, 1] + chosen[:, 3]).max()),
    )
    # dots below the letters' baseline are a dotted rule between two rows (a leader's
    # points stand on the baseline); dots above it are middle dots, left out (see RISE);
    # a word read as dots has no baseline
    baselines = [
        line
        for word, is_dots in zip((left, right), dotted, strict=True)
        if not is_dots and (line := _baseline(grey, word, row_height)) is not None
    ]
    centre = float(np.median(centres[run, 1])) + y0
    if not baselines:
        on_baseline = height_share >= MIDDLE
    else:
        baseline = float(np.mean(baselines))
        # a point's centre stands half its own height above the baseline: a large point (a
        # monospaced font's, 0.22 of a tight row box on the outside generator's receipts)
        # more than RISE
        rise = RISE * row_height + float(np.median(chosen[:, 3])) / 2
        on_baseline = baseline - rise <= centre <= baseline + BELOW * row_height
    return ("." * dots, box) if on_baseline else None


def blobs(region: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The blobs of ink of a greyscale ``region`` (pixels darker than its paper, the
    median, by ``CONTRAST``): their stats (left, top, width, height, area) and centres."""
    import cv2

    ink = (region < float(np.median(region)) - CONTRAST).astype(np.uint8)
    _, _, stats, centres = cv2.connectedComponentsWithStats(ink, connectivity=8)
    return stats[1:], centres[1:]


def _dots(region: np.ndarray, row_height: float) -> tuple[np.ndarray, np.ndarray]:
    """The dots among the blobs of ``region``: at most ``DOT_SIZE`` row heights wide and
    tall, ``SOLID``, of ``MIN_AREA`` and clear of its top and bottom edges (a letter
    reaching in from above or below is cut there); their stats and centres."""
    stats, centres = blobs(region)
    size = DOT_SIZE * row_height
    _, top, width, height, area = stats.T
    dots = (
        (top > 0)
        & (top + height < region.shape[0])
        & (width <= size)
        & (height <= size)
        & (area >= SOLID * width * height)
        & (area >= MIN_AREA)
    )
    return stats[dots], centres[dots]


def _baseline(grey: np.ndarray, word: np.ndarray, row_height: float) -> float | None:
    """The line the letters of the word boxed ``word`` stand on (page pixels): the median
    bottom of its letter-sized blobs (at least half the tallest's height and
    ``LETTER`` row heights); None when it shows none."""
    x0, x1 = max(0, int(np.floor(word[0]))), min(grey.shape[1], int(np.ceil(word[2])))
    y0, y1 = max(0, int(np.floor(word[1]))), min(grey.shape[0], int(np.ceil(word[3])))
    if x1 - x0 < 2 or y1 - y0 < 3:
        return None
    stats, _ = blobs(grey[y0:y1, x0:x1])
    if not len(stats):
        return None
    heights, bottoms = stats[:, 3], stats[:, 1] + stats[:, 3]
    letters = (heights >= 0.5 * heights.max()) & (heights >= LETTER * row_height)
    return float(y0 + np.median(bottoms[letters])) if letters.any() else None


def _even_run(centres: np.ndarray, row_height: float) -> tuple[np.ndarray, int] | None:
    """The longest run of level blobs spaced evenly, as (indices into ``centres``, the
    dots it holds): level (within ``LEVEL`` of their median height), each step within
    ``PITCH_SPREAD`` of their median step or of twice it (a dot lost to noise or a broken
    print, counted), the median at most ``MAX_PITCH`` row heights; None without
    ``MIN_DOTS`` such dots."""
    if len(centres) < MIN_DOTS:
        return None
    level = np.abs(centres[:, 1] - np.median(centres[:, 1])) <= LEVEL * row_height
    ids = np.flatnonzero(level)
    ids = ids[np.argsort(centres[ids, 0])]
    if len(ids) < MIN_DOTS:
        return None
    steps = np.diff(centres[ids, 0])
    pitch = float(np.median(steps))
    if pitch <= 0 or pitch > MAX_PITCH * row_height:
        return None
    dots_per_step = np.rint(steps / pitch)
    even = (dots_per_step >= 1) & (dots_per_step <= 2)
    even &= np.abs(steps - dots_per_step * pitch) <= PITCH_SPREAD * pitch
    best: tuple[int, int, int] = (0, 0, 0)  # dots, first blob, last blob
    start = 0
    for k in range(len(even) + 1):
        if k < len(even) and even[k]:
            continue
        dots = int(dots_per_step[start:k].sum()) + 1  # steps start..k-1: blobs start..k
        if dots > best[0]:
            best = (dots, start, k)
        start = k + 1
    dots, first, last = best
    return (ids[first : last + 1], dots) if dots >= MIN_DOTS else None
