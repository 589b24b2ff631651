"""Reading order: words become lines, lines become blocks, blocks follow the way people read.

Lines. Words are visited left to right; each joins a line whose last word overlaps it
vertically by at least ``LINE_OVERLAP`` of the shorter of the two heights and not across
(``WORD_OVERLAP``), preferring a last word less than a gutter away (then the best overlap) to
one across a gutter (then the nearest, lines that end at one column edge counted as near:
``GAP_TIE``).
Chaining on the last word rather than one y threshold for the whole line keeps a line that
drifts a few degrees across the page whole, and lets a big number sit beside small text.

Columns. The rows of a region (its lines, found as above) are swept top to bottom, following
vertical strips of whitespace at least ``GUTTER_WIDTH`` median word heights wide that are free
in every row they pass and shift at most ``GUTTER_DRIFT`` heights a row (skew). A strip over
consecutive rows, with text on each side in ``MIN_COLUMN_ROWS`` rows or more, is a gutter only

- when both sides read as running text: their pieces of line (words not split by a gap as wide
  as a gutter) hold ``TEXT_WORDS`` words or more at the median, which table cells, receipt
  prices and form fields do not; or
- when the two sides do not share rows: no more than half the rows on the sparser side also
  hold text on the other side, whereas a table's or a receipt's cells always do. Rows that
  do hold text on both sides at the strip's top or bottom are then the rows of a table above
  or below the columns (a short item table over a totals block): they stay rows, the gutter
  runs between them only, and there it needs text on each side in ``MIN_COLUMN_ROWS`` rows
  and the two sides beside each other. Sides that take turns, one side's rows all above the
  other's (the totals at the right, then the payment lines at the left), read as rows.

The longest gutter (with any others over exactly the same rows) splits the region into the
rows above it, its columns left to right and the rows below it, each laid out again the same
way: a full-width title comes first, a full-width footer last.

Blocks. Inside a column a line starts a new block after a vertical gap larger than
``BLOCK_GAP`` median line heights, when it is indented after a line that stopped short (a new
paragraph), or when it sticks out left of the lines of its block after the first (the end of a
hanging indent, body text after a centred heading).
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Sequence
from itertools import pairwise
from math import inf
from statistics import median
from typing import TypeAlias

from docparse.model import Block, Line, Word, union_box

LINE_OVERLAP = 0.5
WORD_OVERLAP = 1.0
"""A word at least as tall as a line's last word that starts more than this many heights (of
the shorter word) left of where that word ends overlaps it: it lies on another line, however
much the two overlap vertically (a tall name line whose boxes reach into the address line
below it, SROIE receipt 047: "RESTAURANT" had joined "K3-113, JL IBRAHIM SULTAN"). A smaller
word may: a subscript under a superscript ("w(i) s" in a paper's text layer). On the
realdocs text layers (first 3 pages of each file) this splits one line only, text printed
twice over itself; at 0.5 it split subscripts as tall as their base ("w(i) |pi|")."""
GUTTER_WIDTH = 1.2
GAP_TIE = 0.25
"""Across a gutter, lines whose last words end within this many heights (the shorter of the
word and the nearest line's last word) of the nearest one end at the same column edge, as
near as it: the better overlap decides. SROIE receipt 013: in a column of amounts sagging
against its labels, the "RM" of an amount's own row and of the next row end 1 px apart, and
the amount overlaps its own row 0.73, the next one 0.59. At 0.5 a tall stamp ("30.90" over
two rows of receipt 004, 17 px nearer one of them for a 22 px line) and a stack of three "€"
beside a totals block (realdocs camelot-example, 9 px for 23) changed lines; at 0.25 no
line of receipt 004 or realdocs camelot-example changes; of the 100 realdocs dev and test
page predictions (ppocr and plain Tesseract, 150 and 300 dpi), two change: a date beside a
two-line table cell joins the cell's line it overlaps more."""
GUTTER_DRIFT = 0.1
MIN_COLUMN_ROWS = 3
TEXT_WORDS = 3
BLOCK_GAP = 1.0
INDENT = 1.0
MIN_SLOPE = 0.002
"""Pages less steep than this (0.11°: 2 px over a 1000-px row) are taken as level."""
SLOPE_SPAN = 2.0
MIN_SLOPE_PAIRS = 5

Row = list[Word]
_Fit = tuple[bool, float, float, float, float, int, int]
Span = tuple[float, float]
Piece = tuple[float, float, int]  # x0, x1 and number of words of a run of close words
Cell = tuple[int, list[Row]]  # column index and rows of one column of one band
# A strip of whitespace: its first row, its span in the current row and the strip one row up.
_Trail: TypeAlias = "tuple[int, float, float, _Trail | None]"


def group_lines(words: Sequence[Word]) -> list[Line]:
    """Lines of ``words``: each sorted left to right, the lines sorted top to bottom.

    Words side by side at one height form one line however far apart they are: telling
    columns apart is :func:`build_blocks`' business.
    """
    return [Line.of(row) for row in _rows(words)]


def build_blocks(words: Sequence[Word], page_index: int) -> list[Block]:
    """Blocks of one page's ``words`` in reading order, numbered ``p{page}-b{n}`` from 1.

    On a page turned a little (a photo, a skewed scan) the words are first levelled: each
    is moved up or down by the page's slope (:func:`page_slope`) times its x, so that a
    label and its amount at the far right of the same row are level again; lines, columns
    and blocks are found on the levelled boxes and hold the words as they were.
    """
    if not words:
        return []
    height = median(word.box[3] - word.box[1] for word in words) or 1.0
    slope = page_slope(_rows(words), height)
    level = list(words)
    if abs(slope) >= MIN_SLOPE:
        level = [_levelled(word, slope) for word in words]
    original = {id(moved): word for moved, word in zip(level, words, strict=True)}
    blocks: list[Block] = []
    for column, rows in _cells(_rows(level), height, 0):
        lines = [Line.of([original[id(word)] for word in row]) for row in rows]
        for group in _paragraphs(lines, height):
            blocks.append(
                Block(
                    id=f"p{page_index + 1}-b{len(blocks) + 1}",
                    lines=group,
                    box=union_box(line.box for line in group),
                    column=column,
                )
            )
    return blocks


def page_slope(rows: Sequence[Row], height: float) -> float:
    """The page's text slope (dy/dx, y down): the median slope between the centres of
    neighbouring words of a row that are at least ``SLOPE_SPAN`` word heights apart and
    less than a gutter apart (words surely on one printed line); 0 with fewer than
    ``MIN_SLOPE_PAIRS`` such pairs."""
    slopes = []
    for row in rows:
        for left, right in pairwise(row):
            dx = (right.box[0] + right.box[2] - left.box[0] - left.box[2]) / 2
            if dx < SLOPE_SPAN * height or right.box[0] - left.box[2] > GUTTER_WIDTH * height:
                continue
            dy = (right.box[1] + right.box[3] - left.box[1] - left.box[3]) / 2
            slopes.append(dy / dx)
    return median(slopes) if len(slopes) >= MIN_SLOPE_PAIRS else 0.0


def _levelled(word: Word, slope: float) -> Word:
    x0, y0, x1, y1 = word.box
    dy = slope * (x0 + x1) / 2
    return word.model_copy(update={"box": (x0, y0 - dy, x1, y1 - dy)})


def _word_key(word: Word) -> tuple[float, float, float, float, str, str, float]:
    confidence = -1.0 if word.confidence is None else word.confidence
    return (*word.box, word.text, word.engine, confidence)


def _row_key(row: Row) -> tuple[float, float]:
    top = min(word.box[1] for word in row)
    bottom = max(word.box[3] for word in row)
    return ((top + bottom) / 2, row[0].box[0])


def _rows(words: Sequence[Word]) -> list[Row]:
    ordered = sorted(words, key=_word_key)
    if not ordered:
        return []
    boxes = [word.box for word in ordered]
    # How far apart the centres of two words overlapping by LINE_OVERLAP can be, at most.
    reach = max(y1 - y0 for _, y0, _, y1 in boxes) * max(0.5, 1 - LINE_OVERLAP)
    rows: list[Row] = []
    tails: list[tuple[float, float, float]] = []  # y0, y1 and x1 of each row's last word
    centres: list[float] = []  # centre of each row's last word, sorted
    owners: list[int] = []  # the row of each entry of ``centres``
    for word, (x0, y0, x1, y1) in zip(ordered, boxes, strict=True):
        centre = (y0 + y1) / 2
        lo = bisect_left(centres, centre - reach)
        hi = bisect_right(centres, centre + reach, lo)
        best, best_at = -1, -1
        # (near, gap, shorter height, overlap ratio, -centre distance, -row, at) of each line
        # it may join
        fits: list[_Fit] = []
        for at in range(lo, hi):
            row = owners[at]
            t0, t1, end = tails[row]
            shorter = y1 - y0 if y1 - y0 < t1 - t0 else t1 - t0
            overlap = (y1 if y1 < t1 else t1) - (y0 if y0 > t0 else t0)
            if overlap < LINE_OVERLAP * shorter:
                continue
            if x0 < end - WORD_OVERLAP * shorter and y1 - y0 >= t1 - t0:
                continue
            if hi - lo == 1:  # the only candidate: no need to rank it
                best, best_at = row, at
                break
            gap = x0 - end
            near = gap < GUTTER_WIDTH * max(y1 - y0, t1 - t0)
            ratio = overlap / shorter if shorter > 0 else 1.0
            fits.append((near, gap, shorter, ratio, -abs(centre - centres[at]), -row, at))
        if fits:
            best, best_at = _best_fit(fits)
        if best < 0:
            best = len(rows)
            rows.append([word])
            tails.append((y0, y1, x1))
        else:
            rows[best].append(word)
            tails[best] = (y0, y1, x1)
            if (best_at == 0 or centres[best_at - 1] <= centre) and (
                best_at + 1 == len(centres) or centre <= centres[best_at + 1]
            ):
                centres[best_at] = centre  # still in order: the usual case
                continue
            del centres[best_at], owners[best_at]
        at = bisect_right(centres, centre)
        centres.insert(at, centre)
        owners.insert(at, best)
    return sorted(rows, key=_row_key)


def _best_fit(fits: list[_Fit]) -> tuple[int, int]:
    """The line a word joins, of those it overlaps enough: of the lines whose last word is
    less than a gutter away, the best overlap; else, of those across a gutter, the nearest,
    where lines ending at the same column edge (within ``GAP_TIE`` heights) are as near and
    the best overlap wins (a receipt's column of amounts sagging against its labels: the
    "RM" of the label's row and of the next row end a pixel apart)."""
    near = [fit for fit in fits if fit[0]]
    if not near:
        _, nearest, shorter, *_ = min(fits, key=lambda fit: fit[1])
        near = [fit for fit in fits if fit[1] <= nearest + GAP_TIE * shorter]
    *_, row, at = max(near, key=lambda fit: fit[3:6])
    return -row, at


def _cells(rows: list[Row], height: float, column: int) -> list[Cell]:
    """The region's columns in reading order, split recursively at the longest gutter."""
    gutters = _gutters(rows, height)
    if not gutters:
        return [(column, rows)]
    start, spans = gutters[0]
    end = start + len(spans)
    # Gutters over exactly the same rows (three columns and more) are cut at once.
    cuts = [cut for first, cut in gutters if first == start and len(cut) == len(spans)]
    parts: list[list[Row]] = [[] for _ in range(len(cuts) + 1)]
    for at, row in enumerate(rows[start:end]):
        # Every word lies wholly on one side of each free span; the row is sorted by x0.
        middles = sorted((a + b) / 2 for a, b in (cut[at] for cut in cuts))
        bounds = [0, *(bisect_left(row, x, key=_left_edge) for x in middles), len(row)]
        for part, (lo, hi) in zip(parts, pairwise(bounds), strict=True):
            if lo < hi:
                part.append(row[lo:hi])
    cells = _cells(rows[:start], height, column) if start else []
    next_column = column
    for part in parts:
        if part:
            inner = _cells(sorted(part, key=_row_key), height, next_column)
            cells += inner
            next_column = max(index for index, _ in inner) + 1
    if end < len(rows):
        cells += _cells(rows[end:], height, column)
    return cells


def _left_edge(word: Word) -> float:
    return word.box[0]


def _pieces(row: Row, gap: float) -> list[Piece]:
    """Runs of words of ``row`` (sorted by x0) separated by less than ``gap``."""
    pieces: list[Piece] = []
    x0, _, x1, _ = row[0].box
    count = 0
    for word in row:
        w0, _, w1, _ = word.box
        if w0 - x1 >= gap:
            pieces.append((x0, x1, count))
            x0, x1, count = w0, w1, 0
        elif w1 > x1:
            x1 = w1
        count += 1
    pieces.append((x0, x1, count))
    return pieces


def _gutters(rows: list[Row], height: float) -> list[tuple[int, list[Span]]]:
    """Valid gutters as first row and span in each row, the longest (then topmost) first."""
    width = GUTTER_WIDTH * height
    pieces = [_pieces(row, width) for row in rows]
    left = min(row[0][0] for row in pieces)
    right = max(x1 for row in pieces for _, x1, _ in row)
    free: list[list[Span]] = []
    for row in pieces:
        edges = [left, *(x for x0, x1, _ in row for x in (x0, x1)), right]
        gaps = zip(edges[::2], edges[1::2], strict=True)
        free.append([(a, b) for a, b in gaps if b - a >= width])
    gutters: list[tuple[int, list[Span]]] = []
    for start, spans in _strips(free, width, GUTTER_DRIFT * height):
        found = _gutter_rows(pieces[start : start + len(spans)], spans)
        if found is not None:
            lo, hi = _beside(rows[start : start + len(spans)], spans, *found, height)
            gutters.append((start + lo, spans[lo:hi]))
    return sorted(gutters, key=lambda g: (-len(g[1]), g[0], g[1][0][0]))


def _strips(free: list[list[Span]], width: float, drift: float) -> list[tuple[int, list[Span]]]:
    """Maximal strips, ``MIN_COLUMN_ROWS`` rows or more, through the free spans of rows."""
    found: list[tuple[int, list[Span]]] = []
    active: list[_Trail] = []
    for index, spans in enumerate([*free, []]):
        reached: list[list[_Trail]] = [[] for _ in spans]
        ends = [b for _, b in spans]
        for trail in active:
            start, lo, hi = trail[0], trail[1] - drift, trail[2] + drift
            alive = False
            # Only free spans ending after lo + width, up to the first ending after hi, can hold it.
            stop = min(bisect_left(ends, hi) + 1, len(spans))
            for k in range(bisect_left(ends, lo + width), stop):
                a, b = spans[k]
                a, b = max(lo, a), min(hi, b)
                if b - a >= width:
                    alive = True
                    reached[k].append((start, a, b, trail))
            if not alive and index - start >= MIN_COLUMN_ROWS:
                found.append((start, _spans(trail)))
        active = []
        for (a, b), trails in zip(spans, reached, strict=True):
            trails.append((index, a, b, None))
            active += _undominated(trails)
    return found


def _spans(trail: _Trail | None) -> list[Span]:
    spans = []
    while trail is not None:
        spans.append((trail[1], trail[2]))
        trail = trail[3]
    return spans[::-1]


def _undominated(trails: list[_Trail]) -> list[_Trail]:
    """Drops each strip whose span lies within that of a strip as old or older: that one
    lasts at least as long."""
    if len(trails) == 1:
        return trails
    kept: list[_Trail] = []
    for trail in sorted(trails, key=_age_then_width):
        for other in kept:
            if other[1] <= trail[1] and trail[2] <= other[2]:
                break
        else:
            kept.append(trail)
    return kept


def _age_then_width(trail: _Trail) -> tuple[int, float]:
    return trail[0], trail[1] - trail[2]


def _gutter_rows(pieces: list[list[Piece]], spans: list[Span]) -> tuple[int, int] | None:
    """The rows (first, past last) of a strip over which it separates columns rather than
    the cells of a table, or None (module docstring)."""
    sides: list[tuple[bool, bool]] = []  # text left of the strip, text right of it, per row
    left_words: list[int] = []
    right_words: list[int] = []
    for row, (a, b) in zip(pieces, spans, strict=True):
        lefts = [count for x0, x1, count in row if x0 + x1 < a + b]
        rights = [count for x0, x1, count in row if x0 + x1 >= a + b]
        left_words += lefts
        right_words += rights
        sides.append((bool(lefts), bool(rights)))
    sparser = _sparser(sides)
    if sparser < MIN_COLUMN_ROWS:
        return None
    if median(left_words) >= TEXT_WORDS and median(right_words) >= TEXT_WORDS:
        return 0, len(sides)
    if sum(map(all, sides)) > sparser / 2:
        return None
    lo, hi = 0, len(sides)
    while all(sides[lo]):
        lo += 1
    while all(sides[hi - 1]):
        hi -= 1
    columns = sides[lo:hi]
    if _sparser(columns) < MIN_COLUMN_ROWS or not _side_by_side(columns):
        return None
    return lo, hi


def _beside(rows: list[Row], spans: list[Span], lo: int, hi: int, height: float) -> tuple[int, int]:
    """The rows (first, past last) of a gutter's rows ``lo``..``hi`` over which its two
    sides run beside each other as columns. Where the side with fewer rows of text ends (or
    begins) and the other side's next row starts a new block (:func:`_new_block`) whose text
    from there on runs wider than it did beside the shorter side, by more than a gutter, the
    gutter ends (or begins) there: the shorter side was a block beside the top (or bottom)
    of the other, not a column, and the text past it is read after both. A letterhead's
    address and invoice number at the right of the seller's block had come after the whole
    body below them (realdocs dev ENVATO). A column that goes on no wider than before (an
    exam page's left column past the end of the right one, at a gap between two questions:
    realdocs dev 21 언어 기출 p3) keeps the gutter."""
    sides = [_sides(row, span) for row, span in zip(rows, spans, strict=True)]
    fewer = int(
        sum(bool(right) for _, right in sides[lo:hi]) < sum(bool(left) for left, _ in sides[lo:hi])
    )
    held = [at for at in range(lo, hi) if sides[at][fewer]]
    first, last = held[0], held[-1] + 1
    dense = 1 - fewer

    # Edge of the longer side's text towards the gutter: its right edge when it is the left
    # side (negated, so that larger is always wider), its left edge when it is the right.
    def edge(part: range) -> float:
        ends = [-w.box[0] if dense else w.box[2] for at in part for w in sides[at][dense]]
        return max(ends, default=-inf)

    reach = GUTTER_WIDTH * height
    if (
        last < hi
        and _new_block(rows[last - 1], rows[last])
        and edge(range(last, hi)) > edge(range(lo, last)) + reach
    ):
        hi = last
    if (
        first > lo
        and _new_block(rows[first - 1], rows[first])
        and edge(range(lo, first)) > edge(range(first, hi)) + reach
    ):
        lo = first
    return lo, hi


def _sides(row: Row, span: Span) -> tuple[list[Word], list[Word]]:
    """The words of ``row`` left and right of the middle of its free ``span``."""
    middle = span[0] + span[1]  # twice the middle, as a word's x0 + x1 is
    left = [word for word in row if word.box[0] + word.box[2] < middle]
    return left, [word for word in row if word.box[0] + word.box[2] >= middle]


def _new_block(above: Row, below: Row) -> bool:
    """Whether row ``below`` stands more than ``BLOCK_GAP`` line heights (the shorter of
    the two rows') under row ``above``: it starts a new block (:func:`_paragraphs`)."""
    top, bottom = min(w.box[1] for w in below), max(w.box[3] for w in above)
    height = min(max(w.box[3] for w in below) - top, bottom - min(w.box[1] for w in above))
    return top - bottom > BLOCK_GAP * height


def _sparser(sides: list[tuple[bool, bool]]) -> int:
    """Rows with text on the side of the strip that has fewer of them."""
    return min(sum(left for left, _ in sides), sum(right for _, right in sides))


def _side_by_side(sides: list[tuple[bool, bool]]) -> bool:
    """Whether the rows with text on each side of a strip overlap: the two sides run beside
    each other rather than one after the other."""
    lefts = [at for at, (left, _) in enumerate(sides) if left]
    rights = [at for at, (_, right) in enumerate(sides) if right]
    return lefts[0] <= rights[-1] and rights[0] <= lefts[-1]


def _paragraphs(lines: list[Line], height: float) -> list[list[Line]]:
    """Splits a column's lines (top to bottom) into blocks."""
    limit = BLOCK_GAP * median(line.box[3] - line.box[1] for line in lines)
    indent = INDENT * height
    blocks = [[lines[0]]]
    right = lines[0].box[2]  # right edge of the current block
    body = inf  # left edge of the current block's lines after its first
    for above, line in pairwise(lines):
        x0, y0, x1, _ = line.box
        if (
            y0 - above.box[3] > limit
            or (x0 > above.box[0] + indent and above.box[2] < right - indent)
            or x0 + indent < body < inf
        ):
            blocks.append([line])
            right, body = x1, inf
        else:
            blocks[-1].append(line)
            right, body = max(right, x1), min(body, x0)
    return blocks
