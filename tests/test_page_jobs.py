"""``--jobs``: the pages of one file read in parallel processes give the same Document, in
page order, as one process."""

from __future__ import annotations

from pathlib import Path

import pymupdf as fitz
from PIL import Image, ImageDraw, ImageFont

from docparse.io.fonts import font_path
from docparse.page_jobs import page_reader
from docparse.pipeline import ParseOptions, Parser


def scanned_pdf(path: Path, texts: list[str]) -> Path:
    """A PDF whose pages are images of one line of text each (no text layer), compressed
    as a scanner's are."""
    font = ImageFont.truetype(str(font_path("gothic")), 40)
    document = fitz.open()
    for text in texts:
        image = Image.new("RGB", (800, 300), "white")
        ImageDraw.Draw(image).text((60, 120), text, fill="black", font=font)
        png = path.with_suffix(".png")
        image.save(png)
        page = document.new_page(width=400, height=150)
        page.insert_image(page.rect, filename=str(png))
    document.save(path, deflate=True)
    return path


def test_pages_in_parallel_give_the_same_document_in_order(tmp_path: Path) -> None:
    pdf = scanned_pdf(tmp_path / "scan.pdf", ["PAGE ONE 111", "PAGE TWO 222", "PAGE THREE 333"])

    def parse(jobs: int):
        parser = Parser(ParseOptions(engine="ppocr", text_layer="never"))
        document = parser.header(pdf)
        document.pages.extend(parser.stream(document, read_pages=page_reader(parser, jobs)))
        return document

    assert page_reader(Parser(ParseOptions(engine="ppocr")), 1) is None
    serial, parallel = parse(1), parse(2)
    assert [page.index for page in parallel.pages] == [0, 1, 2]
    assert "222" in parallel.pages[1].text and "333" in parallel.pages[2].text
    assert parallel.model_dump(exclude={"timings"}) == serial.model_dump(exclude={"timings"})
    assert parallel.timings["engine"] > 0


def test_the_last_pages_start_largest_first(tmp_path: Path) -> None:
    """A page holding more to read weighs more; the pages start in page order but for the
    last ``TAIL`` per worker, which start by decreasing weight (a small page last)."""
    from docparse.page_jobs import TAIL, page_weights, tail_first

    texts = ["ONE"] * 2 + [""] + ["PAGE FOUR 444 " * 3] + ["5"] * (TAIL - 2)
    pdf = scanned_pdf(tmp_path / "scan.pdf", texts)
    weights = page_weights(str(pdf), [2, 3, 4], None)
    assert weights is not None and weights[1] > weights[2] > weights[0] > 0
    order = tail_first(str(pdf), list(range(len(texts))), 1, None)
    assert order == [0, 1, 3, *range(4, len(texts)), 2]
    png = tmp_path / "scan.png"  # left by scanned_pdf: not a PDF, so pages keep their order
    assert page_weights(str(png), [0], None) is None
    assert tail_first(str(png), [0, 1, 2], 1, None) == [0, 1, 2]
