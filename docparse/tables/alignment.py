"""Borderless tables: runs of ``MIN_ROWS`` or more consecutive lines whose words fall into
the same ``MIN_COLS`` or more columns, the whitespace between columns (gutters) free in every
line of the run.

A line's pieces are its runs of words closer than ``CELL_GAP`` median word heights; a line
joins the run when it has two pieces or more and crosses none of the run's gutters. Running
text is kept out as reading order keeps it out of columns: a table's cells hold a few words
(``MAX_CELL_WORDS`` at the median), a column of text holds a line's worth between gutters.
A line just above the run with no more pieces than the run has columns is its header, a piece
of it crossing gutters spanning the columns it covers.

What aligns is not always a table (:func:`tabular`): a receipt's totals ("TOTAL : RM 12.00")
and a form's "Date: ..." fields line up in columns too. A table's columns each carry their
own content in most rows; a column of one repeated mark (":", a currency code) is a
separator; and a line holding a "label: value" field is a form's line, never a table row.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Sequence
from statistics import median

from docparse.model import Line, Table, Word
from docparse.reading_order import group_lines
from docparse.tables.grid import GridSpec, build_table

MIN_ROWS = 3
# Two aligned columns are a list of labels and values (a receipt's totals, a form), which
# reading order keeps as lines; a borderless table has three columns or more, each filled in
# two rows or more. Measured on SROIE receipts (dev half) and synthetic documents: with two
# columns allowed most receipts' totals became tables.
MIN_COLS = 3
MIN_FILLED = 2
CELL_GAP = 1.0
MAX_CELL_WORDS = 3
# Lines further apart than this many line pitches (median) end a table.
MAX_ROW_GAP = 2.5
# Gutters narrower than this many word heights are the chance gaps of text.
MIN_GUTTER = 0.3
# A table's column holds words in more than this share of its body rows; a column filled in
# no more is stray words beside a list of labelled values (a receipt's totals with "(EX)" in
# some rows). Measured on SROIE receipts (dev half) and the synthetic borderless tables.
MIN_COLUMN_FILL = 0.5
# Rows holding a label and one value at most (beside marks) in more than this share of the
# body rows make a list of labelled values (a receipt's totals). Measured as MIN_COLUMN_FILL.
MAX_LABELLED_ROWS = 0.5

Span = tuple[float, float]


def aligned_tables(words: Sequence[Word]) -> list[tuple[Table, list[Word]]]:
    if len(words) < MIN_ROWS * 2:
        return []
    height = median(w.box[3] - w.box[1] for w in words) or 1.0
    lines = group_lines(words)
    pitch = _pitch(lines, height)
    found = []
    start = 0
    while start < len(lines):
        end, gutters = _run(lines, start, height, pitch)
        if (
            end - start >= MIN_ROWS
            and len(gutters) + 1 >= MIN_COLS
            and _cell_like(lines[start:end], gutters)
        ):
            first = (
                start - 1
                if start and _is_header(lines[start - 1], lines[start], gutters, height, pitch)
                else start
            )
            built = _table(lines[first:end], gutters, first < start, height)
            if built is not None and tabular(built[0]):
                found.append(built)
                start = end
                continue
        start += 1
    return found


def _pitch(lines: list[Line], height: float) -> float:
    gaps = [b.box[1] - a.box[1] for a, b in itertools.pairwise(lines) if b.box[1] > a.box[1]]
    return median(gaps) if gaps else 1.5 * height


def pieces(line: Line, height: float) -> list[Span]:
    """The x spans of the runs of words in ``line`` closer than CELL_GAP heights (or a
    number an engine broke at its decimal point, "64." "15", a little further apart)."""
    out: list[list[float]] = []
    previous = ""
    for word in line.words:
        gap = CELL_GAP * height * (2 if _broken_number(previous, word.text) else 1)
        if out and word.box[0] - out[-1][1] <= gap:
            out[-1][1] = max(out[-1][1], word.box[2])
        else:
            out.append([word.box[0], word.box[2]])
        previous = word.text
    return [(a, b) for a, b in out]


def _broken_number(left: str, right: str) -> bool:
    return bool(re.search(r"\d[.,]$", left)) and right[:1].isdigit()


def _gaps(spans: list[Span]) -> list[Span]:
    return [(a[1], b[0]) for a, b in itertools.pairwise(spans)]


def _run(lines: list[Line], start: int, height: float, pitch: float) -> tuple[int, list[Span]]:
    """The end (exclusive) of the run starting at ``start`` and the run's gutters."""
    first = pieces(lines[start], height)
    if len(first) < 2 or _field(lines[start]):
        return start + 1, []
    gutters = _gaps(first)
    end = start + 1
    while end < len(lines):
        line = lines[end]
        if line.box[1] - lines[end - 1].box[1] > MAX_ROW_GAP * pitch:
            break
        spans = pieces(line, height)
        if len(spans) < 2 or _field(line):
            break
        narrowed = _narrow(gutters, [(w.box[0], w.box[2]) for w in line.words], height)
        if len(narrowed) < len(gutters):
            break
        gutters = narrowed
        end += 1
    return end, gutters


def _narrow(gutters: list[Span], ink: list[Span], height: float) -> list[Span]:
    """The gutters with ``ink`` taken out, those still wide enough."""
    out = []
    for lo, hi in gutters:
        for a, b in ink:
            if a < hi and b > lo:
                if a - lo >= hi - b:
                    hi = min(hi, a)
                else:
                    lo = max(lo, b)
        if hi - lo >= MIN_GUTTER * height:
            out.append((lo, hi))
    return out


def _cell_like(lines: list[Line], gutters: list[Span]) -> bool:
    """Cells hold a few words at the median; a column of running text holds a line's worth
    (its words counted between the gutters, however far justified text spreads them)."""
    edges = [(lo + hi) / 2 for lo, hi in gutters]
    counts: list[int] = []
    for line in lines:
        per_column = [0] * (len(edges) + 1)
        for word in line.words:
            middle = (word.box[0] + word.box[2]) / 2
            per_column[sum(middle > edge for edge in edges)] += 1
        counts += [n for n in per_column if n]
    return median(counts) <= MAX_CELL_WORDS


def _is_header(line: Line, below: Line, gutters: list[Span], height: float, pitch: float) -> bool:
    """A line right above the run with two pieces or more, no more than the run's columns."""
    if below.box[1] - line.box[1] > MAX_ROW_GAP * pitch or _field(line):
        return False
    return 2 <= len(pieces(line, height)) <= len(gutters) + 1


def _table(
    lines: list[Line], gutters: list[Span], headed: bool, height: float
) -> tuple[Table, list[Word]] | None:
    words = [w for line in lines for w in line.words]
    left = min(w.box[0] for w in words)
    right = max(w.box[2] for w in words)
    cols = [left, *((lo + hi) / 2 for lo, hi in gutters), right]
    tops = [line.box[1] for line in lines]
    bottoms = [line.box[3] for line in lines]
    rows = [tops[0]]
    rows += [(b + t) / 2 for b, t in zip(bottoms, tops[1:], strict=False)]
    rows.append(bottoms[-1])
    joined_right = [[False] * (len(cols) - 2) for _ in lines]
    if headed:
        # a header piece crossing gutters spans the columns it covers
        for lo, hi in pieces(lines[0], height):
            for c in range(len(cols) - 2):
                if lo < cols[c + 1] < hi:
                    joined_right[0][c] = True
    spec = GridSpec(rows, cols, joined_right, [[False] * (len(cols) - 1) for _ in lines[1:]])
    if not _filled(lines, cols):
        return None
    return build_table(spec, words, "alignment", header_rows=1 if headed or _labels(lines) else 0)


def _filled(lines: list[Line], cols: list[float]) -> bool:
    """Every column holds words in MIN_FILLED rows or more."""
    rows_with = [0] * (len(cols) - 1)
    for line in lines:
        columns = {sum((w.box[0] + w.box[2]) / 2 > edge for edge in cols[1:-1]) for w in line.words}
        for column in columns:
            rows_with[column] += 1
    return min(rows_with) >= MIN_FILLED


def _labels(lines: list[Line]) -> bool:
    """The first line names the columns: no digits in it, digits below it."""
    first, rest = lines[0], lines[1:]
    has_digit = [any(ch.isdigit() for ch in line.text) for line in lines]
    return not has_digit[0] and any(has_digit[1:]) and len(first.words) >= 2 and bool(rest)


_FIELD = re.compile(r"[\w).]\s*:(\s|$)")


def _field(line: Line) -> bool:
    """A "label: value" field ("Date: 11/01/2019", "Cashier : USER"); times and ratios
    ("09:44:00") are not."""
    return bool(_FIELD.search(" ".join(word.text for word in line.words)))


def tabular(table: Table) -> bool:
    """Whether aligned words are a table rather than labelled values: MIN_COLS columns or
    more carry content of their own (not one repeated value, not marks), each filled in more
    than MIN_COLUMN_FILL of the body rows; and most rows hold more than a label and one
    value (beside marks: "TOTAL | RM | 12.00")."""
    grid = table.text_grid()
    body = grid[table.header_rows :] or grid
    columns = [[row[c].strip() for row in body] for c in range(table.cols)]
    informative = 0
    for column in columns:
        filled = [text for text in column if text]
        if len(filled) <= MIN_COLUMN_FILL * len(body):
            return False
        informative += len({text.casefold() for text in filled}) > 1 and not all(
            _mark(text) for text in filled
        )
    if informative < MIN_COLS:
        return False
    head = " ".join(text for row in grid[: table.header_rows] for text in row)
    named = bool(head.strip()) and not any(ch.isdigit() for ch in head)
    if not named and not all(
        _one_kind([row[c].strip() for row in grid]) for c in range(table.cols)
    ):
        return False
    labelled = sum(1 for row in body if sum(bool(t) and not _mark(t) for t in row[1:]) <= 1)
    return labelled <= MAX_LABELLED_ROWS * len(body)


def _one_kind(column: list[str]) -> bool:
    """Whether most of a column's filled cells (beside marks) hold one kind of value: numbers
    (more digits than letters) or words. Without a header row naming the columns (words, no
    digits: a line of values above the run is no such header), this is what
    shows a table: its column holds one field of its records, while a form's values laid out
    in columns mix them ("CS00031663" above "USER", a quantity beside misread words)."""
    kinds = [_numeric(text) for text in column if text and not _mark(text)]
    return not kinds or max(kinds.count(True), kinds.count(False)) > len(kinds) / 2


def _numeric(text: str) -> bool:
    return sum(ch.isdigit() for ch in text) > sum(ch.isalpha() for ch in text)


def _mark(text: str) -> bool:
    """Punctuation, one character that is not a digit (a unit, a misread mark), or a short
    upper-case code without digits (a currency "RM", a tax code "SR", an engine's misreading
    of them): marks beside a value, not a value."""
    text = "".join(text.split())
    if not any(ch.isalnum() for ch in text) or (len(text) == 1 and not text.isdigit()):
        return True
    return (
        len(text) <= 3
        and text.isascii()
        and text.upper() == text
        and not any(ch.isdigit() for ch in text)
    )
