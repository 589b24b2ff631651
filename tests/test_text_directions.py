"""Born-digital pages whose text does not all run left to right: each way read on the page
turned for it (docparse.text_directions), words mapped back to the page with quads."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pymupdf
import pytest

import docparse
from docparse.engines.ppocr.lines import cut
from docparse.geometry.transform import PageTransform
from docparse.io.pdf import quarter_of, text_layer_words
from docparse.io.pdf_tables import VectorTable
from docparse.model import Word
from docparse.text_directions import across_blocks, into, main_quarter, quarter_turn, turned_tables
from formats.registry import FORMATS

BODY = [
    "The first column of the body text runs",
    "down the page line after line as usual",
    "and a reader reads it from top to bottom",
]


def _pdf(path: Path, draw) -> Path:
    document = pymupdf.open()
    page = document.new_page(width=595, height=842)
    draw(page)
    document.save(path)
    return path


def _lines(page) -> list[str]:
    return [line.text for block in page.blocks for line in block.lines]


def test_a_page_whose_text_runs_down_reads_as_one_line_turned(tmp_path: Path) -> None:
    def draw(page: pymupdf.Page) -> None:
        page.insert_text((72, 72), "Rotated page text here", fontsize=12)
        page.set_rotation(90)  # shown turned: the text runs down the page

    document = docparse.parse(_pdf(tmp_path / "turned.pdf", draw), text_layer="always")
    (page,) = document.pages
    assert _lines(page) == ["Rotated page text here"]  # old code: one word per line
    assert page.rotation_applied == 90
    words = page.blocks[0].lines[0].words
    # quads in the page as shown, from the top left of the text: it runs downwards
    assert all(
        quarter_of((w.quad[1][0] - w.quad[0][0], w.quad[1][1] - w.quad[0][1])) == 90 for w in words
    )
    assert [w.box[1] for w in words] == sorted(w.box[1] for w in words)
    assert all(0 <= w.box[0] < w.box[2] <= page.width for w in words)


def test_a_margin_note_printed_upwards_is_one_line_after_the_body(tmp_path: Path) -> None:
    def draw(page: pymupdf.Page) -> None:
        for k, text in enumerate(BODY):
            page.insert_text((72, 120 + 16 * k), text, fontsize=11)
        # down the left edge, beside the body lines, reading upwards
        page.insert_text((40, 190), "jbell on DSKJ with PROPOSALS", fontsize=7, rotate=90)

    (page,) = docparse.parse(_pdf(tmp_path / "note.pdf", draw), text_layer="always").pages
    # old code: the note's words stood at the start of body lines ("with and a reader ...")
    assert _lines(page) == [*BODY, "jbell on DSKJ with PROPOSALS"]
    assert page.rotation_applied == 0
    assert all(w.quad is None for w in page.blocks[0].lines[0].words)  # the body as it was


def test_a_table_set_sideways_reads_row_by_row(tmp_path: Path) -> None:
    rows = [["Item", "Qty", "Amount"], ["Apples", "3", "1,200"], ["Pears", "12", "9,800"]]

    def draw(page: pymupdf.Page) -> None:
        left, bottom, row_height, col_width = 100, 700, 40, 150
        for r, row in enumerate(rows):  # reading upwards: rows stack to the right
            for c, cell in enumerate(row):
                page.insert_text(
                    (left + r * row_height + 28, bottom - c * col_width - 10), cell, rotate=90
                )
        for r in range(len(rows) + 1):
            x = left + r * row_height
            page.draw_line((x, bottom), (x, bottom - 3 * col_width))
        for c in range(4):
            y = bottom - c * col_width
            page.draw_line((left, y), (left + len(rows) * row_height, y))
        page.insert_text((60, 800), "Annex 2 caption printed upright", fontsize=10)

    (page,) = docparse.parse(_pdf(tmp_path / "table.pdf", draw), text_layer="always").pages
    assert page.rotation_applied == 270
    (table_block,) = [block for block in page.blocks if block.kind == "table"]
    cells = {
        (cell.row, cell.col): " ".join(w.text for w in cell.words)
        for cell in table_block.table.cells
    }
    # old code: the table transposed and read bottom to top ("Amount | 1,200 | 9,800")
    assert [[cells.get((r, c), "") for c in range(3)] for r in range(3)] == rows
    assert _lines(page)[-1] == "Annex 2 caption printed upright"
    markdown = FORMATS["md"].renderer(docparse.parse(tmp_path / "table.pdf", text_layer="always"))
    assert "| Apples | 3 | 1,200 |" in markdown


def test_an_upright_page_is_read_as_before(tmp_path: Path) -> None:
    def draw(page: pymupdf.Page) -> None:
        for k, text in enumerate(BODY):
            page.insert_text((72, 120 + 16 * k), text, fontsize=11)

    path = _pdf(tmp_path / "upright.pdf", draw)
    words = text_layer_words(pymupdf.open(path)[0], 144.0)
    assert all(word.quad is None for word in words)
    (page,) = docparse.parse(path, text_layer="always").pages
    assert _lines(page) == BODY and page.rotation_applied == 0


def _word(text: str, box: tuple[float, float, float, float], quarter: int = 0) -> Word:
    x0, y0, x1, y1 = box
    corners = [(x0, y0), (x1, y0), (x1, y1), (x0, y1)]
    start = {0: 0, 90: 1, 180: 2, 270: 3}[quarter]
    quad = tuple(corners[start:] + corners[:start]) if quarter else None
    return Word(text=text, box=box, quad=quad, confidence=None, engine="text_layer")


def test_the_main_way_holds_most_characters_and_the_others_are_read_apart() -> None:
    body = [_word("upright", (10, 10, 80, 20)), _word("text", (90, 10, 120, 20))]
    note = [_word("a", (5, 100, 12, 110), 270), _word("note", (5, 60, 12, 95), 270)]
    assert [quarter_turn(w) for w in note] == [270, 270]
    assert main_quarter(body + note) == 0 and main_quarter(note) == 270
    assert main_quarter([]) == 0
    level, blocks = across_blocks(body + note, 200, 300, 0)
    assert [w.text for w in level] == ["upright", "text"]
    (block,) = blocks
    assert [line.text for line in block.lines] == ["a note"]  # read upwards, as it runs
    assert block.lines[0].words[0].box == pytest.approx((5, 100, 12, 110))


def test_an_ocr_line_standing_on_the_page_gives_words_that_say_which_way_they_run() -> None:
    # a tall, narrow line read as text running down the page (turned to lie for the reader)
    page = np.full((400, 100, 3), 255, np.uint8)
    quad = np.array([[40, 20], [60, 20], [60, 380], [40, 380]], np.float32)
    strip = cut(page, quad)
    assert strip.standing is not None
    _, word_quad = strip.map_box((0, 0, 50, strip.image.shape[0]))
    assert word_quad is not None
    (x0, y0), (x1, y1) = word_quad[0], word_quad[1]
    assert quarter_of((x1 - x0, y1 - y0)) == 90  # runs down the page


@pytest.mark.parametrize("quarter", [90, 180, 270])
def test_words_and_tables_turn_with_the_page(quarter: int) -> None:
    transform = PageTransform(200, 300).turned(quarter)
    (word,) = into(transform, [_word("w", (10, 20, 50, 30), quarter)])
    back = transform.words_to_original([word])[0]
    assert back.box == pytest.approx((10, 20, 50, 30))
    grid = VectorTable(
        row_edges=[0.0, 10.0, 30.0],
        col_edges=[0.0, 40.0],
        cells=[(0, 0, 40, 10), (0, 10, 40, 30)],
        header_rows=1,
    )
    (turned,) = turned_tables(transform, [grid])
    assert turned.header_rows == 0
    width, height = transform.out_size
    assert all(0 <= e <= width for e in turned.col_edges) and all(
        0 <= e <= height for e in turned.row_edges
    )
    cell_area = sorted((x1 - x0) * (y1 - y0) for x0, y0, x1, y1 in turned.cells)
    assert cell_area == pytest.approx([400.0, 800.0])


def test_a_scanned_page_reads_a_stamp_up_its_margin_apart_from_the_body(tmp_path: Path) -> None:
    from PIL import Image, ImageDraw, ImageFont

    from docparse.io.fonts import font_path

    font = ImageFont.truetype(str(font_path("gothic")), 34)
    page = Image.new("RGB", (1400, 900), "white")
    draw = ImageDraw.Draw(page)
    body = [
        "Retrieval systems read many documents",
        "and rank them against each question",
        "before a reader model answers it",
    ]
    for k, text in enumerate(body):
        draw.text((180, 330 + 60 * k), text, fill="black", font=font)
    stamp = Image.new("RGB", (620, 50), "white")
    ImageDraw.Draw(stamp).text((5, 5), "arXiv:2004.04906v3 [cs.CL]", fill="black", font=font)
    page.paste(stamp.rotate(90, expand=True), (40, 150))  # reads upwards, beside the body
    path = tmp_path / "stamped.png"
    page.save(path)
    (read,) = docparse.parse(path).pages
    lines = _lines(read)
    # old code: the stamp's words joined the body's lines ("arXiv:2004.04906v3 and rank ...")
    assert lines[:3] == body
    assert lines[3].replace(" ", "") == "arXiv:2004.04906v3[cs.CL]"
    stamp_words = read.blocks[-1].lines[0].words
    assert all(w.quad is not None and quarter_turn(w) == 270 for w in stamp_words)
