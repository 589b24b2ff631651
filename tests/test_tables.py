"""Tables: the model, detection from rendered grids with known truth (ruled, borderless,
merged cells), born-digital PDF tables, placement in reading order and every output."""

from __future__ import annotations

import csv
import io
import json
import re
from pathlib import Path

import docx
import pymupdf
import pytest
from PIL import Image, ImageDraw
from pydantic import ValidationError
from typer.testing import CliRunner

from docparse.chunking import chunk_document
from docparse.cli.app import app
from docparse.evaluation.synth.tables import table_page
from docparse.evaluation.table_metrics import score_page
from docparse.formats import docx_format, html_format, json_format, markdown
from docparse.formats.tables import csv_text, markdown_grid
from docparse.model import SCHEMA_VERSION, Block, Document, Line, Page, Table, TableCell, Word
from docparse.pipeline import ParseOptions, Parser
from docparse.tables import find_tables, place_tables, rulings
from docparse.tables.alignment import aligned_tables

SAMPLES = Path(__file__).resolve().parents[1] / "samples"


def _found(style: str, language: str, seed: int) -> tuple[list[Table], list[Table]]:
    page = table_page(style, language, seed)  # type: ignore[arg-type]
    return page.tables, [table for table, _ in find_tables(page.words, page.image)]


# --- the model ---------------------------------------------------------------------------


def _cell(row: int, col: int, text: str, **spans: int) -> TableCell:
    box = (col * 100.0, row * 20.0, (col + spans.get("col_span", 1)) * 100.0, row * 20.0 + 20)
    words = [Word(text=text, box=(box[0] + 5, box[1] + 5, box[0] + 50, box[1] + 15), engine="t")]
    return TableCell(row=row, col=col, box=box, words=words if text else [], **spans)


def test_a_table_must_tile_its_grid() -> None:
    with pytest.raises(ValidationError, match="no cell"):
        Table(rows=1, cols=2, cells=[_cell(0, 0, "a")], method="rulings")
    with pytest.raises(ValidationError, match="two cells"):
        Table(rows=1, cols=2, cells=[_cell(0, 0, "a", col_span=2), _cell(0, 1, "b")], method="pdf")


def test_a_table_block_needs_its_table() -> None:
    line = Line.of([Word(text="a", box=(0, 0, 1, 1), engine="t")])
    with pytest.raises(ValidationError, match="kind is 'table'"):
        Block(id="p1-b1", lines=[line], box=(0, 0, 1, 1), kind="table")


def test_json_of_schema_1_0_still_loads_as_text_blocks() -> None:
    old = {
        "schema_version": "1.0",
        "source": "a.png",
        "sha256": "0" * 64,
        "page_count": 1,
        "engine": "tesseract",
        "pages": [
            {
                "index": 0,
                "width": 100,
                "height": 100,
                "source": "ocr",
                "blocks": [
                    {
                        "id": "p1-b1",
                        "lines": [
                            {
                                "words": [{"text": "hi", "box": [0, 0, 9, 9], "engine": "t"}],
                                "box": [0, 0, 9, 9],
                            }
                        ],
                        "box": [0, 0, 9, 9],
                        "column": 0,
                    }
                ],
            }
        ],
    }
    document = json_format.load(json.dumps(old))
    assert document.pages[0].blocks[0].kind == "text"
    assert document.pages[0].tables() == []
    assert SCHEMA_VERSION == "1.2" and Document.model_json_schema()["$defs"]["Table"]


# --- detection from an image and any engine's words ----------------------------------------


@pytest.mark.parametrize("language", ["ko", "en"])
def test_ruled_tables_are_found_exactly(language: str) -> None:
    for seed in range(3):
        truth, found = _found("ruled", language, seed)
        assert [t.method for t in found] == ["rulings"]
        assert (found[0].rows, found[0].cols) == (truth[0].rows, truth[0].cols)
        assert found[0].text_grid() == truth[0].text_grid()


def test_a_word_goes_to_one_ruled_table(monkeypatch: pytest.MonkeyPatch) -> None:
    """Grids of rulings that do not touch can still overlap (one inside the other's frame):
    the words they share must not be read twice. Here the same grid is offered twice."""
    page = table_page("ruled", "en", 0)
    grids = rulings._grids
    monkeypatch.setattr(rulings, "_grids", lambda *args: grids(*args) * 2)
    found = [table for table, _ in find_tables(page.words, page.image)]
    assert [t.method for t in found] == ["rulings"]
    assert found[0].text_grid() == page.tables[0].text_grid()


def test_merged_cells_come_from_missing_rulings() -> None:
    truth, found = _found("merged", "ko", 2)
    spans = {(c.row, c.col, c.row_span, c.col_span) for c in found[0].cells}
    expected = {(c.row, c.col, c.row_span, c.col_span) for c in truth[0].cells}
    assert spans == expected and any(s[2] > 1 for s in spans) and any(s[3] > 1 for s in spans)
    assert score_page(truth, found).structure_f1 == 1.0


@pytest.mark.parametrize("language", ["ko", "en"])
def test_borderless_tables_are_found_by_column_alignment(language: str) -> None:
    for seed in range(3):
        truth, found = _found("borderless", language, seed)
        assert [t.method for t in found] == ["alignment"]
        assert found[0].text_grid() == truth[0].text_grid()
        assert found[0].header_rows == 1


def test_running_text_and_key_value_lines_are_no_table() -> None:
    image = Image.new("RGB", (900, 400), "white")
    draw = ImageDraw.Draw(image)
    words = []
    sentence = "the quick brown fox jumps over the lazy dog again and again"
    for row in range(6):
        x = 20.0
        for text in sentence.split():
            box = (x, 20.0 + row * 30, x + 10 * len(text), 38.0 + row * 30)
            draw.text(box[:2], text, fill="black")
            words.append(Word(text=text, box=box, engine="t"))
            x = box[2] + 8
    assert find_tables(words, image) == []


def test_a_box_drawn_around_text_is_no_table() -> None:
    image = Image.new("RGB", (600, 300), "white")
    ImageDraw.Draw(image).rectangle((20, 20, 580, 280), outline="black", width=2)
    words = [Word(text="framed", box=(50, 50, 120, 70), engine="t")]
    assert find_tables(words, image) == []


def _aligned_words(rows: list[list[tuple[float, str]]]) -> list[Word]:
    """Words of a receipt-like block: each row a list of (x, text) at 18-px text height,
    each word 10 px a character wide."""
    words = []
    for r, row in enumerate(rows):
        for x, text in row:
            for offset, part in _spread_words(text):
                box = (x + offset, 40.0 + 28 * r, x + offset + 10 * len(part), 58.0 + 28 * r)
                words.append(Word(text=part, box=box, engine="t"))
    return words


def _spread_words(text: str) -> list[tuple[float, str]]:
    out, offset = [], 0.0
    for part in text.split():
        out.append((offset, part))
        offset += 10 * len(part) + 6
    return out


def _aligned(rows: list[list[tuple[float, str]]]) -> list[Table]:
    return [table for table, _ in aligned_tables(_aligned_words(rows))]


def test_receipt_totals_and_fields_are_no_table_but_its_items_are() -> None:
    """Measured on SROIE receipts: totals ("TOTAL : RM 12.00") and "Date: ..." fields line
    up in three or four columns; the item list above them is the table."""
    totals = [
        [(20, "SUB-TOTAL"), (300, "RM"), (420, "52.00")],
        [(20, "TOTAL TAX"), (300, "RM"), (420, "3.12")],
        [(20, "ROUNDING"), (300, "RM"), (420, "-0.02")],
        [(20, "TOTAL"), (300, "RM"), (420, "55.10")],
        [(20, "CASH"), (300, "RM"), (420, "60.00")],
    ]
    assert _aligned(totals) == []
    colons = [
        [(20, label), (300, ":"), (420, value)]
        for label, value in [("Total Sales", "327.00"), ("CASH", "327.00"), ("Change", "0.00")]
    ]
    assert _aligned(colons) == []
    sparse = [
        [(20, "Total Qty."), (300, "2"), (420, "52.00")],
        [(20, "SUB-TOTAL"), (300, "(EX)"), (420, "52.00")],
        [(20, "TOTAL TAX"), (420, "3.12")],
        [(20, "ROUNDING"), (420, "-0.02")],
    ]
    assert _aligned(sparse) == []
    fields = [
        [(20, "Doc No."), (160, "CS00004040"), (340, "Date:"), (460, "11/01/2019")],
        [(20, "Cashier"), (160, "USER"), (340, "Time:"), (460, "09:44:00")],
        [(20, "Salesperson"), (160, "ANN"), (340, "Ref.:"), (460, "R-88")],
    ]
    assert _aligned(fields) == []
    items = [
        [(20, "ITEM"), (200, "QTY"), (300, "U/P"), (420, "AMOUNT")],
        [(20, "Badge clip"), (200, "1"), (300, "26.42"), (420, "24.00")],
        [(20, "A4 film"), (200, "2"), (300, "14.00"), (420, "28.00")],
        [(20, "Pen"), (200, "3"), (300, "1. 50"), (420, "4.50")],  # "1. 50": a broken number
    ]
    (table,) = _aligned(items)
    assert (table.rows, table.cols, table.header_rows) == (4, 4, 1)
    assert table.text_grid()[3] == ["Pen", "3", "1. 50", "4.50"]


def test_rules_around_one_caption_are_no_table() -> None:
    """A receipt's "TAX INVOICE" banner: rules above and below and at its sides, one text."""
    image = Image.new("RGB", (600, 300), "white")
    draw = ImageDraw.Draw(image)
    for y in (100, 140):
        draw.line((20, y, 580, y), fill="black", width=2)
    for x in (20, 200, 400, 580):
        draw.line((x, 100, x, 140), fill="black", width=2)
    words = [Word(text="INVOICE", box=(240, 110, 330, 128), engine="t")]
    assert find_tables(words, image) == []


# --- born-digital pages ---------------------------------------------------------------------


def _vector_table_pdf(path: Path) -> list[list[str]]:
    grid = [["Item", "Qty", "Price"], ["Pen", "2", "1,500"], ["Paper", "10", "4,000"]]
    document = pymupdf.open()
    page = document.new_page(width=400, height=300)
    page.insert_text((40, 40), "Order summary for March", fontsize=11)
    xs, ys = [40, 160, 240, 340], [60, 85, 110, 135]
    for x in xs:
        page.draw_line((x, ys[0]), (x, ys[-1]))
    for y in ys:
        page.draw_line((xs[0], y), (xs[-1], y))
    for r, row in enumerate(grid):
        for c, text in enumerate(row):
            page.insert_text((xs[c] + 5, ys[r] + 17), text, fontsize=10)
    page.insert_text((40, 170), "Thank you for your order.", fontsize=11)
    document.save(path)
    return grid


def test_born_digital_tables_come_from_the_pdf_itself(tmp_path: Path) -> None:
    pdf = tmp_path / "order.pdf"
    grid = _vector_table_pdf(pdf)
    document = Parser(ParseOptions(engine="tesseract")).parse(pdf)
    page = document.pages[0]
    assert page.source == "text_layer"
    (table,) = page.tables()
    assert table.method == "pdf" and table.text_grid() == grid
    kinds = [block.kind for block in page.blocks]
    assert kinds == ["text", "table", "text"]  # the table in reading order, as one unit
    assert "Thank" in page.blocks[2].text and "Pen" not in page.text.split("\n\n")[0]
    without = Parser(ParseOptions(engine="tesseract", tables=False)).parse(pdf)
    assert without.pages[0].tables() == []


def test_born_digital_borderless_tables_come_from_the_text_layer(tmp_path: Path) -> None:
    grid = [["Item", "Qty", "Price"], ["Pen", "2", "1,500"], ["Paper", "10", "4,000"]]
    grid.append(["Stapler", "1", "9,000"])
    pdf = tmp_path / "plain.pdf"
    document = pymupdf.open()
    page = document.new_page(width=400, height=300)
    page.insert_text((40, 40), "Order summary for March", fontsize=11)
    for r, row in enumerate(grid):
        for c, text in enumerate(row):
            page.insert_text((40 + 120 * c, 80 + 20 * r), text, fontsize=10)
    page.insert_text((40, 200), "Thank you for your order.", fontsize=11)
    document.save(pdf)
    parsed = Parser(ParseOptions(engine="tesseract")).parse(pdf).pages[0]
    assert parsed.source == "text_layer"
    (table,) = parsed.tables()
    assert table.method == "alignment" and table.text_grid() == grid and table.header_rows == 1


# --- outputs ---------------------------------------------------------------------------------


def _document() -> Document:
    page = table_page("merged", "en", 0)
    words = page.words
    found = find_tables(words, page.image)
    blocks = place_tables(words, 0, found)
    return Document(
        source="t.png",
        sha256="0" * 64,
        page_count=1,
        engine="t",
        pages=[
            Page(
                index=0,
                width=page.image.width,
                height=page.image.height,
                source="ocr",
                blocks=blocks,
            )
        ],
    )


def test_markdown_pipe_table_reads_back() -> None:
    text = markdown_grid([["a", "b|c"], ["1", "2"]])
    rows = [re.split(r"(?<!\\)\|", line)[1:-1] for line in text.splitlines()]
    assert [[cell.strip() for cell in row] for row in rows] == [
        ["a", "b\\|c"],
        ["---", "---"],
        ["1", "2"],
    ]


def test_spanning_tables_become_html_in_markdown_and_html() -> None:
    document = _document()
    table = document.pages[0].tables()[0]
    md = markdown.render(document)
    assert "<table>" in md and 'rowspan="2"' in md and 'colspan="2"' in md
    page = html_format.render(document)
    assert page.startswith("<!DOCTYPE html>") and page.count("<th") >= table.cols
    assert md.index("Table 1.") < md.index("<table>") < md.index("Totals include")


def test_docx_tables_keep_the_grid_and_merges(tmp_path: Path) -> None:
    document = _document()
    table = document.pages[0].tables()[0]
    out = tmp_path / "t.docx"
    docx_format.write(document, out)
    (word_table,) = docx.Document(str(out)).tables
    assert (len(word_table.rows), len(word_table.columns)) == (table.rows, table.cols)
    spanning = next(c for c in table.cells if c.row_span > 1 and c.text)
    below = word_table.cell(spanning.row + 1, spanning.col)
    assert below._tc is word_table.cell(spanning.row, spanning.col)._tc  # one merged cell
    assert below.text == spanning.text


def test_json_round_trips_cells_and_csv_holds_the_grid() -> None:
    document = _document()
    loaded = json_format.load(json_format.render(document))
    assert loaded == document
    table = loaded.pages[0].tables()[0]
    assert list(csv.reader(io.StringIO(csv_text(table)))) == table.text_grid()


def test_chunks_never_split_a_row_and_carry_the_header() -> None:
    document = _document()
    table = document.pages[0].tables()[0]
    rows = [" ".join(w.text for w in line.words) for line in document.pages[0].blocks[1].lines]
    chunks = chunk_document(document, max_chars=60, overlap=20)
    for chunk in chunks:
        for row in rows:
            assert row in chunk.text or not (set(chunk.text.split()) & set(row.split()))
    header = "\n".join(" | ".join(row) for row in table.text_grid()[: table.header_rows])
    body = [c for c in chunks if c.table_header is not None]
    assert body and all(c.table_header == header for c in body)


def test_tables_command_writes_one_csv_per_table(tmp_path: Path) -> None:
    pdf = tmp_path / "order.pdf"
    grid = _vector_table_pdf(pdf)
    result = CliRunner().invoke(app, ["tables", str(pdf), "-o", str(tmp_path / "out")])
    assert result.exit_code == 0, result.output
    written = tmp_path / "out" / "order-p1-t1.csv"
    assert list(csv.reader(written.open(encoding="utf-8"))) == grid
    again = CliRunner().invoke(app, ["tables", str(pdf), "-o", str(tmp_path / "out")])
    assert again.exit_code == 1 and "--overwrite" in again.output


def test_ocr_command_writes_tables_as_html_and_markdown_unless_told_not_to(
    tmp_path: Path,
) -> None:
    pdf = tmp_path / "order.pdf"
    _vector_table_pdf(pdf)
    out = tmp_path / "out"
    result = CliRunner().invoke(app, ["ocr", str(pdf), "--out", "html,md", "-o", f"{out}/"])
    assert result.exit_code == 0, result.output
    page = (out / "order.html").read_text(encoding="utf-8")
    assert re.search(r"<table>.*<th[^>]*>\s*Item\s*</th>.*<td[^>]*>\s*Pen\s*</td>", page, re.S)
    assert re.search(r"^\| *Pen *\| *2 *\| *1,500 *\|$", (out / "order.md").read_text(), re.M)
    plain = tmp_path / "plain"
    result = CliRunner().invoke(
        app, ["ocr", str(pdf), "--no-tables", "--out", "json", "-o", f"{plain}/"]
    )
    assert result.exit_code == 0, result.output
    kept = json_format.load((plain / "order.json").read_text(encoding="utf-8"))
    assert kept.pages[0].tables() == [] and "Pen" in kept.pages[0].text


def test_invoice_item_table_in_markdown_and_docx(tmp_path: Path) -> None:
    """The issue's 'done when': the scanned invoice's item table, read by Tesseract."""
    document = Parser(ParseOptions(engine="tesseract")).parse(SAMPLES / "invoice.pdf")
    items = [t for t in document.pages[0].tables() if t.cols >= 6]
    assert len(items) == 1 and items[0].method == "rulings"
    grid = items[0].text_grid()
    assert any("Maintenance" in " ".join(row) and "1,100,000" in row for row in grid)
    md = markdown.render(document)
    assert re.search(r"^\|.*Maintenance.*\|.*1,100,000.*\|$", md, re.M)
    out = tmp_path / "invoice.docx"
    docx_format.write(document, out)
    tables = docx.Document(str(out)).tables
    assert any("Laptop Stand" in cell.text for t in tables for row in t.rows for cell in row.cells)


@pytest.mark.parametrize("bench", ["tables", "real"])
def test_bench_never_writes_over_a_results_file_unasked(tmp_path: Path, bench: str) -> None:
    # `--markdown benchmarks/results/real.md`, as the help showed, replaced the file's
    # dozens of hand-written sections by one run's tables
    kept = tmp_path / "results.md"
    kept.write_text("# hand-written\n", encoding="utf-8")
    (tmp_path / "pdfs").mkdir()
    nothing = {
        "tables": ["--synth", "0", "--realdocs", "0", "--negatives", "0", "--receipts", "0"],
        "real": [str(tmp_path / "pdfs"), "--out", str(tmp_path / "work")],
    }[bench]
    result = CliRunner().invoke(app, ["bench", bench, *nothing, "-q", "--markdown", str(kept)])
    assert result.exit_code == 2
    assert result.stderr == f"error: {kept} exists: use --overwrite to replace it\n"
    assert kept.read_text(encoding="utf-8") == "# hand-written\n"


def test_bench_tables_scores_synthetic_tables(tmp_path: Path) -> None:
    out = tmp_path / "tables.md"
    args = ["bench", "tables", "--synth", "1", "--realdocs", "0", "--negatives", "0"]
    result = CliRunner().invoke(app, [*args, "--receipts", "0", "-q", "--markdown", str(out)])
    assert result.exit_code == 0, result.output
    text = out.read_text(encoding="utf-8")
    ruled = re.search(r"synthetic ruled: structure F1 \| ≥ 0.95 \| tesseract \| ([\d.]+)", text)
    assert ruled and float(ruled.group(1)) >= 0.9
    assert "| geometry (true words) | 1.000 |" in text and "plain `tesseract" in text
