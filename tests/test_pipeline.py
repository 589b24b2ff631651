"""The whole pipeline on the committed samples, with real Tesseract OCR."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

import docparse
from docparse.errors import InputError
from docparse.model import Document, Word

SAMPLES = Path(__file__).resolve().parent.parent / "samples"


def expected(name: str) -> dict:
    return json.loads((SAMPLES / "expected" / f"{name}.json").read_text(encoding="utf-8"))


def iou(a: tuple[float, ...], b: tuple[float, ...]) -> float:
    width = min(a[2], b[2]) - max(a[0], b[0])
    height = min(a[3], b[3]) - max(a[1], b[1])
    if width <= 0 or height <= 0:
        return 0.0
    inter = width * height
    return inter / ((a[2] - a[0]) * (a[3] - a[1]) + (b[2] - b[0]) * (b[3] - b[1]) - inter)


def matched_truth(words: list[Word], truth: list[dict], factor: float) -> list[float]:
    """For each true word that OCR read exactly, the best IoU of a same-text OCR box."""
    scores = []
    for true in truth:
        box = tuple(v * factor for v in true["box"])
        same = [w for w in words if w.text == true["text"]]
        if same:
            scores.append(max(iou(w.box, box) for w in same))
    return scores


@pytest.fixture(scope="module")
def invoice() -> Document:
    return docparse.parse(SAMPLES / "invoice.pdf", engine="tesseract")


@pytest.fixture(scope="module")
def receipt() -> Document:
    return docparse.parse(SAMPLES / "receipt.png", engine="tesseract")


def test_invoice_total_and_known_words_are_found(invoice: Document) -> None:
    truth = expected("invoice")
    texts = {word.text for word in invoice.words()}
    assert truth["facts"]["total"] in texts
    assert {"INVOICE", "Subtotal", "Total", truth["facts"]["vat"]} <= texts
    assert "명세서" in invoice.text  # Korean is read (Tesseract may split syllables)
    (page,) = invoice.pages
    assert page.source == "ocr" and max(page.width, page.height) == 2304
    assert all(w.engine == "tesseract" and 0 <= w.confidence <= 1 for w in page.words())


def test_invoice_boxes_land_on_the_true_words(invoice: Document) -> None:
    truth = expected("invoice")
    (page,) = invoice.pages
    scores = matched_truth(list(page.words()), truth["words"], page.dpi / truth["dpi"])
    assert len(scores) >= 40
    assert sum(s > 0.5 for s in scores) / len(scores) > 0.9


def test_small_receipt_keeps_its_own_pixel_space(receipt: Document) -> None:
    truth = expected("receipt")
    (page,) = receipt.pages
    assert (page.width, page.height) == (truth["width"], truth["height"])
    assert page.dpi is None
    texts = {word.text for word in page.words()}
    assert {truth["facts"]["business_number"], truth["facts"]["phone"]} <= texts
    scores = matched_truth(list(page.words()), truth["words"], 1.0)
    assert len(scores) >= 10
    assert sum(s > 0.5 for s in scores) / len(scores) > 0.9


def test_reading_order_puts_the_total_line_after_the_items(invoice: Document) -> None:
    facts = expected("invoice")["facts"]
    lines = [line.text for line in invoice.pages[0].lines()]
    header = next(i for i, text in enumerate(lines) if "Unit Price" in text)
    subtotal = next(i for i, text in enumerate(lines) if "Subtotal" in text)
    total = next(i for i, text in enumerate(lines) if text.endswith(f"Total {facts['total']}"))
    assert header < subtotal < total
    assert facts["supply"] in lines[subtotal]  # label and amount share the line


def test_two_column_pdf_reads_column_by_column() -> None:
    document = docparse.parse(SAMPLES / "two_column.pdf", engine="tesseract")
    (page,) = document.pages
    assert page.source == "text_layer" and page.dpi is not None
    text = page.text
    assert text.startswith("읽기 순서 시험 문서")
    last_left = max(text.rfind("왼쪽"), text.rfind("left"))
    first_right = min(i for i in (text.find("오른쪽"), text.find("right")) if i >= 0)
    assert last_left < first_right
    assert {block.column for block in page.blocks} == {0, 1}


def test_timings_and_provenance(receipt: Document) -> None:
    assert {"load", "preprocess", "engine", "reading_order"} <= set(receipt.timings)
    assert len(receipt.sha256) == 64 and receipt.page_count == 1
    assert receipt.engine == "tesseract" and receipt.schema_version


def test_page_selection(tmp_path: Path) -> None:
    # An empty selection is an error (issue 11), naming the file, not an empty document.
    with pytest.raises(InputError, match=r"two_column\.pdf: no page selected by pages '2-5'"):
        docparse.parse(SAMPLES / "two_column.pdf", pages="2-5")


def test_iter_pages_streams_one_page_at_a_time(tmp_path: Path) -> None:
    import pymupdf

    pdf = pymupdf.open()
    for n in range(3):
        pdf.new_page().insert_text((72, 72), f"page number {n + 1} of three", fontsize=12)
    pdf.save(tmp_path / "three.pdf")
    pages = docparse.iter_pages(tmp_path / "three.pdf", pages="2-3")
    first = next(pages)
    assert first.index == 1 and "page number 2" in first.text
    assert [page.index for page in pages] == [2]


def test_a_file_name_that_is_not_utf8_still_gives_valid_json(tmp_path: Path) -> None:
    import os
    import shutil

    odd = os.path.join(os.fsencode(tmp_path), b"caf\xe9.pdf")
    shutil.copy(SAMPLES / "two_column.pdf", odd)
    document = docparse.parse(os.fsdecode(odd))
    data = json.loads(document.to_json())
    assert data["source"].endswith("caf\\xe9.pdf")
    assert "오른쪽" in document.text
