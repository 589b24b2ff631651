"""Rows a ruled grid draws without their separators: a table ruled every few rows, or by its
columns only, keeps one row per line of text (docparse/tables/subcells.py ``split_rows``)."""

from __future__ import annotations

from pathlib import Path

import pymupdf
from PIL import Image, ImageDraw

from docparse.model import Word
from docparse.pipeline import ParseOptions, Parser
from docparse.tables import rulings
from docparse.tables.grid import GridSpec
from docparse.tables.subcells import split_rows

STATES = [
    ("Alabama", "18,870", "23,022"),
    ("Alaska", "209", "3,062"),
    ("Arizona", "2,303", "12,382"),
    ("Arkansas", "3,298", "6,359"),
    ("Colorado", "4,144", "19,784"),
    ("Delaware", "204", "2,152"),
    ("Florida", "15,907", "50,796"),
    ("Georgia", "14,111", "16,635"),
]
HEAD = ("State", "Permit", "Handgun")
XS = [40, 200, 300, 400]


def _ledger_pdf(path: Path) -> None:
    """A header row, then the eight states in two groups of four, a rule under each group
    only (as the NICS statistics ruled every five states)."""
    document = pymupdf.open()
    page = document.new_page(width=460, height=400)
    ys = [60, 85, 85 + 4 * 18, 85 + 8 * 18]
    for x in XS:
        page.draw_line((x, ys[0]), (x, ys[-1]))
    for y in ys:
        page.draw_line((XS[0], y), (XS[-1], y))
    for c, text in enumerate(HEAD):
        page.insert_text((XS[c] + 5, 77), text, fontsize=10)
    for r, row in enumerate(STATES):
        for c, text in enumerate(row):
            page.insert_text((XS[c] + 5, 85 + 18 * r + 13), text, fontsize=10)
    document.save(path)


def test_a_born_digital_table_ruled_every_four_rows_keeps_a_row_per_state(
    tmp_path: Path,
) -> None:
    pdf = tmp_path / "ledger.pdf"
    _ledger_pdf(pdf)
    page = Parser(ParseOptions(engine="tesseract")).parse(pdf).pages[0]
    assert page.source == "text_layer"
    (table,) = page.tables()
    assert table.text_grid() == [list(HEAD), *(list(row) for row in STATES)]


def _word(text: str, x: float, y: float, height: float = 14) -> Word:
    return Word(text=text, box=(x, y, x + 9 * len(text), y + height), engine="test")


def test_an_image_table_ruled_by_its_columns_only_keeps_a_row_per_line() -> None:
    # the engine's boxes of tight rows reach 3 px into each other; one engine "word" stands
    # three rows high (a column of digits read as one) and stays in the row of its centre
    image = Image.new("RGB", (460, 260), "white")
    draw = ImageDraw.Draw(image)
    top, head, bottom = 20, 45, 45 + 6 * 18 + 6
    for x in XS:
        draw.line((x, top, x, bottom), fill="black", width=2)
    for y in (top, head, bottom):
        draw.line((XS[0], y, XS[-1], y), fill="black", width=2)
    words = [_word(text, XS[c] + 5, 25) for c, text in enumerate(HEAD)]
    for r, row in enumerate(STATES[:6]):
        words += [_word(text, XS[c] + 5, 48 + 18 * r, 20) for c, text in enumerate(row[:2])]
    words.append(_word("123", XS[2] + 5, 48 + 18 * 2, 3 * 18))
    ((table, taken),) = rulings.ruled_tables(image, words)
    grid = table.text_grid()
    assert [row[:2] for row in grid] == [list(HEAD[:2]), *(list(row[:2]) for row in STATES[:6])]
    assert [row[2] for row in grid[1:]] == ["", "", "", "123", "", ""]
    assert len(taken) == len(words)


def _spec(rows: list[float]) -> GridSpec:
    return GridSpec(
        rows, [0, 200, 300], [[False]] * (len(rows) - 1), [[False, False]] * (len(rows) - 2)
    )


def test_a_wrapped_description_beside_one_line_amounts_stays_one_row() -> None:
    words = [_word("Cleaning", 5, 5), _word("12,000", 205, 5)]
    words += [_word("service", 5, 23), _word("monthly", 5, 41), _word("plan", 5, 59)]
    assert split_rows(_spec([0, 80]), words).rows == 1


def test_two_line_labels_in_every_header_cell_stay_one_row() -> None:
    words = [_word("Unit", 5, 5), _word("Total", 205, 5)]
    words += [_word("price", 5, 23), _word("amount", 205, 23)]
    assert split_rows(_spec([0, 42]), words).rows == 1
