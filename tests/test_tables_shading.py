"""Tables drawn with shading instead of lines, one table's sections, forms' unruled cells,
and receipt lines that align without being a table (issue 14, round 3)."""

from __future__ import annotations

import itertools
from collections.abc import Callable

import numpy as np
from PIL import Image, ImageDraw

from docparse.model import Table, Word
from docparse.preprocess import grey_histogram
from docparse.tables import find_tables, rulings
from docparse.tables.alignment import aligned_tables

CREAM, GREY, BAR = (255, 245, 224), (230, 230, 230), (190, 190, 190)


def _word(text: str, x: float, y: float) -> Word:
    return Word(text=text, box=(x, y, x + 10 * len(text), y + 18), engine="t")


Fill = Callable[[int, int], tuple[int, int, int]]


def _cells(draw: ImageDraw.ImageDraw, rows: list[int], cols: list[int], fills: Fill) -> None:
    """Cells filled edge to edge with a 2-px white gap between them, no line drawn."""
    for r, (top, bottom) in enumerate(itertools.pairwise(rows)):
        for c, (left, right) in enumerate(itertools.pairwise(cols)):
            draw.rectangle((left + 1, top + 1, right - 2, bottom - 2), fill=fills(r, c))


def test_cells_drawn_with_pale_fills_and_white_gaps_are_a_table() -> None:
    """A rate sheet's cream and grey cells, 10-25 grey levels off the white gaps between
    them: no dark line anywhere, still a 4 x 3 grid."""
    image = Image.new("RGB", (700, 300), "white")
    draw = ImageDraw.Draw(image)
    rows, cols = [40, 80, 120, 160, 200], [40, 260, 460, 660]
    _cells(draw, rows, cols, lambda r, c: GREY if c == 0 else CREAM)
    texts = [["Loan", "Rate", "Comparison"], ["Standard", "5.37%", "5.51%"]]
    texts += [["Fixed 1y", "4.04%", "5.38%"], ["Fixed 2y", "3.94%", "5.25%"]]
    words = [
        _word(part, cols[c] + 10 + 60 * i, rows[r] + 11)
        for r, row in enumerate(texts)
        for c, text in enumerate(row)
        for i, part in enumerate(text.split())
    ]
    ((table, _),) = find_tables(words, image)
    assert (table.rows, table.cols, table.method) == (4, 3, "rulings")
    assert table.text_grid()[2] == ["Fixed 1y", "4.04%", "5.38%"]


def test_shading_on_a_photo_texture_is_no_ruling() -> None:
    """The same faint fills under a photo's grain (noise of a few grey levels) give no
    grid: faint edges count only between flat areas."""
    image = Image.new("RGB", (700, 300), "white")
    draw = ImageDraw.Draw(image)
    rows, cols = [40, 80, 120, 160, 200], [40, 260, 460, 660]
    _cells(draw, rows, cols, lambda r, c: CREAM)
    grain = Image.effect_noise((700, 300), 12).convert("RGB")
    image = Image.blend(image, grain, 0.15)
    words = [_word("value", cols[c] + 10, rows[r] + 11) for r in range(4) for c in range(3)]
    assert all(table.method != "rulings" for table, _ in find_tables(words, image))


def test_sections_of_one_table_are_joined_across_a_section_row() -> None:
    """Two shaded blocks with the same edges, a grey section row ("Extra") and white space
    between them: one table, the section row one cell across."""
    image = Image.new("RGB", (700, 400), "white")
    draw = ImageDraw.Draw(image)
    cols = [40, 260, 460, 660]
    _cells(draw, [40, 80, 120, 160], cols, lambda r, c: CREAM)
    draw.rectangle((40, 172, 657, 206), fill=BAR)  # the section row, white space around it
    _cells(draw, [218, 258, 298], cols, lambda r, c: CREAM)
    words = [_word("Extra", 50, 180)]
    for top in (40, 80, 120, 218, 258):
        words += [_word(f"{top}x{c}", cols[c] + 10, top + 11) for c in range(3)]
    ((table, _),) = find_tables(words, image)
    assert table.cols == 3 and table.rows >= 6
    extra = next(cell for cell in table.cells if cell.text == "Extra")
    assert extra.col_span == 3
    assert ["258x0", "258x1", "258x2"] in table.text_grid()


def test_a_form_cell_holding_options_far_apart_is_split() -> None:
    """A form's checkbox options sit in cells whose borders are not drawn: the words' wide
    gaps split the drawn cell; the row below keeps one cell across."""
    image = Image.new("RGB", (800, 200), "white")
    draw = ImageDraw.Draw(image)
    for y in (40, 80, 120):
        draw.line((40, y, 760, y), fill="black", width=2)
    for x in (40, 200, 760):
        draw.line((x, 40, x, 120), fill="black", width=2)
    words = [_word("Type", 50, 51), _word("[ ] first", 220, 51), _word("[ ] second", 420, 51)]
    words += [_word("[v] none", 620, 51), _word("Name", 50, 91), _word("Anticancer agent", 220, 91)]
    ((table, _),) = find_tables(words, image)
    grid = table.text_grid()
    assert [text for text in grid[0] if text] == ["Type", "[ ] first", "[ ] second", "[v] none"]
    name = next(cell for cell in table.cells if cell.text == "Anticancer agent")
    assert name.col_span == table.cols - 1


def _lines(rows: list[list[tuple[float, str]]]) -> list[Table]:
    words = []
    for r, row in enumerate(rows):
        for x, text in row:
            offset = 0.0
            for part in text.split():
                words.append(_word(part, x + offset, 40.0 + 28 * r))
                offset += 10 * len(part) + 6
    return [table for table, _ in aligned_tables(words)]


def test_receipt_fields_without_colons_and_misread_totals_are_no_table() -> None:
    """SROIE receipts: header fields whose colon is not printed or not read, and totals whose
    "RM" column an engine read as stray letters, align in columns but are no table; an item
    list without a header row, one kind of value in each column, is."""
    fields = [
        [(20, "Doc No"), (160, "CS00031663"), (340, "Date"), (460, "25/12/2018")],
        [(20, "Cashier"), (160, "USER"), (340, "Time"), (460, "12:31:00")],
        [(20, "Salesperson"), (340, "Ref."), (460, "R-88")],
    ]
    assert _lines(fields) == []
    totals = [
        [(20, "Total Qty."), (300, "18"), (420, "144.68")],
        [(20, "SUB-TOTAL"), (300, "gS i"), (420, "144.68")],
        [(20, "TOTAL TAX"), (300, "7"), (420, "8.68")],
        [(20, "ROUNDING"), (300, "hep a"), (420, "-0.01")],
    ]
    assert _lines(totals) == []
    misread_marks = [
        [(20, "Total Sales"), (300, "명"), (420, "18.09")],
        [(20, "Incl. GST"), (300, "때"), (420, "18.09")],
        [(20, "Rounding"), (300, "RH"), (420, "0.00")],
    ]
    assert _lines(misread_marks) == []
    items = [
        [(20, "1"), (80, "SALMON SHIO SET"), (420, "21.90")],
        [(20, "4"), (80, "ICED GREEN TEA"), (420, "4.00")],
        [(20, "3"), (80, "SABA SHIO YAKI"), (420, "53.70")],
    ]
    (table,) = _lines(items)
    assert table.text_grid()[1] == ["4", "ICED GREEN TEA", "4.00"]


def _runs_at_least(mask: np.ndarray, length: int, axis: int) -> np.ndarray:
    """The definition: a pixel stays when it lies in a run of ``length`` or more along axis."""
    rows = np.moveaxis(mask, axis, -1)
    out = np.zeros(rows.shape, dtype=bool)
    for index in np.ndindex(rows.shape[:-1]):
        line, start = rows[index], None
        for x, value in enumerate([*line.tolist(), False]):
            if value and start is None:
                start = x
            elif not value and start is not None:
                out[index][start:x] = x - start >= length
                start = None
    return np.moveaxis(out, -1, axis)


def test_line_opening_keeps_exactly_the_long_runs() -> None:
    rng = np.random.default_rng(7)
    for trial in range(60):
        height, width = rng.integers(1, 40, 2)
        mask = rng.random((height, width)) < rng.random()
        if trial % 3 == 0:
            mask = mask.T  # not contiguous
        for axis in (0, 1):
            length = int(rng.integers(1, 25))
            expected = _runs_at_least(mask, max(2, length), axis)
            assert (rulings._open(mask, length, axis) == expected).all()


def _thin_signed(grey: np.ndarray) -> np.ndarray:
    """The thin-line test of :func:`rulings._thin` written with signed differences."""
    g = grey.astype(np.int16)
    out = np.zeros(g.shape, dtype=bool)
    d, e = rulings.THIN_REACH, rulings.THIN_REACH + 2
    if g.shape[0] > 2 * e:
        middle, before, after = g[e:-e], g[e - d : -e - d], g[e + d : g.shape[0] - e + d]
        far_before, far_after = g[: -2 * e], g[2 * e :]
        flat = (np.abs(before - far_before) <= rulings.FLAT) & (
            np.abs(after - far_after) <= rulings.FLAT
        )
        contrast = np.where(flat, rulings.STEP_CONTRAST, rulings.THIN_CONTRAST)
        lighter = (middle - before >= contrast) & (middle - after >= contrast)
        darker = (before - middle >= contrast) & (after - middle >= contrast)
        out[e:-e] = lighter | darker
    return out


def _steps_signed(grey: np.ndarray) -> np.ndarray:
    """The step-edge test of :func:`rulings._steps` written with signed differences."""
    g = grey.astype(np.int16)
    out = np.zeros(g.shape, dtype=bool)
    if g.shape[0] > 8:
        before, after, far_before, far_after = g[1:-6], g[4:-3], g[:-7], g[6:-1]
        step = np.abs(after - before) >= rulings.STEP_CONTRAST
        flat = (np.abs(before - far_before) <= rulings.FLAT) & (
            np.abs(after - far_after) <= rulings.FLAT
        )
        out[2:-5] = step & flat
    return out


def test_saturating_line_tests_equal_the_signed_definitions() -> None:
    """The thin-line and step tests run on uint8 with saturating differences, the grey
    histogram is counted by OpenCV in chunks: each equals its plain numpy definition on
    random pages with rules and flat fills."""
    rng = np.random.default_rng(11)
    for trial in range(40):
        height, width = (int(v) for v in rng.integers(1, 120, 2))
        grey = rng.integers(0, 256, (height, width), dtype=np.uint8)
        if trial % 2:
            grey = np.full((height, width), int(rng.integers(200, 256)), np.uint8)
            for _ in range(4):
                y = int(rng.integers(0, height))
                grey[y : y + int(rng.integers(1, 4))] = rng.integers(0, 256)
        assert (rulings._thin(grey).astype(bool) == _thin_signed(grey)).all()
        assert (rulings._steps(grey).astype(bool) == _steps_signed(grey)).all()
        assert (grey_histogram(grey) == np.bincount(grey.ravel(), minlength=256)).all()
