"""``extract``: the key fields of receipts and invoices, read from files."""

from __future__ import annotations

from pathlib import Path

from docparse.keyfields.extractor import extract_document
from docparse.keyfields.model import Extraction
from docparse.pipeline import parse


def extract(path: str | Path, engine: str = "auto", **settings: object) -> Extraction:
    """Parses one file (``settings`` as :func:`docparse.parse` takes them) and extracts its
    key fields: parties, dates, line items, subtotal, VAT, total, payment."""
    return extract_document(parse(path, engine, **settings))
