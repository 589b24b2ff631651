"""The totals of the committed samples are read by Tesseract with the default settings (real
OCR): the photographed receipt, whose amounts Tesseract's layout analysis once skipped as a
picture, and the scanned invoice, whose two-column header a single-block reading garbles."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

import docparse
from docparse.engines.tesseract_options import TesseractOptions as EngineOptions
from docparse.engines.tesseract_spec import SPEC

SAMPLES = Path(__file__).resolve().parent.parent / "samples"


@pytest.mark.skipif(
    not SPEC.status(EngineOptions()).available, reason="Tesseract with kor+eng is not installed"
)
@pytest.mark.parametrize(("name", "file"), [("receipt", "receipt.png"), ("invoice", "invoice.pdf")])
def test_total_is_read(name: str, file: str) -> None:
    expected = json.loads((SAMPLES / "expected" / f"{name}.json").read_text(encoding="utf-8"))
    document = docparse.parse(SAMPLES / file, engine="tesseract")
    assert expected["facts"]["total"] in {word.text for word in document.words()}
