"""``extract``: the key fields of receipts and invoices, read from files."""

from __future__ import annotations

from pathlib import Path

from docparse.keyfields.extractor import extract_document
from docparse.keyfields.model import Extraction
from docparse.keyfields.reread import reread_amounts
from docparse.pipeline import Parser, parse_options


def extract(path: str | Path, engine: str = "auto", **settings: object) -> Extraction:
    """Parses one file (``settings`` as :func:`docparse.parse` takes them) and extracts its
    key fields: parties, dates, line items, subtotal, VAT, total, payment. Amounts whose
    label was read without them are read a second time (:mod:`docparse.keyfields.reread`)."""
    parser = Parser(parse_options(engine, settings))
    return extract_file(parser, path)


def extract_file(parser: Parser, path: str | Path) -> Extraction:
    """The key fields of one file read by ``parser``."""
    return extract_document(reread_amounts(parser.parse(path), parser, path))
