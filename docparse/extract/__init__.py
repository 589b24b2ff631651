"""Key fields of receipts and invoices (``docparse extract``), found from the layout, a
bilingual label lexicon, value types and arithmetic checks."""

from docparse.extract.extractor import extract_document, extract_pages
from docparse.extract.model import Check, Extraction, FieldValue, LineItem, Party
from docparse.extract.service import extract

__all__ = [
    "Check",
    "Extraction",
    "FieldValue",
    "LineItem",
    "Party",
    "extract",
    "extract_document",
    "extract_pages",
]
