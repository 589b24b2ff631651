"""Key fields of receipts and invoices (``docparse extract``), found from the layout, a
bilingual label lexicon, value types and arithmetic checks."""

from docparse.keyfields.extractor import extract_document, extract_pages
from docparse.keyfields.model import Check, Extraction, FieldValue, LineItem, Party
from docparse.keyfields.service import extract

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
