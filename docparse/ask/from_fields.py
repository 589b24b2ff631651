"""Answers to field questions from :mod:`docparse.keyfields`: the total, VAT, supply amount,
issue and due dates, phone and registration number as the extraction read them (layout,
labels, value types and arithmetic), with a score saying how well the label it was found
by matches the question."""

from __future__ import annotations

import unicodedata
from collections.abc import Sequence

from rapidfuzz import fuzz

from docparse.ask.answer import Answer, Evidence
from docparse.ask.fields import field_for, key, subject
from docparse.ask.pages import ReadPage
from docparse.keyfields import Extraction, FieldValue, extract_pages
from docparse.keyfields.values import amount_text

FIELD_PATHS = {
    "total": "total",
    "vat": "vat",
    "supply": "subtotal",
    "date": "issue_date",
    "due": "due_date",
    "phone": "supplier.phone",
    "business_number": "supplier.registration_number",
    "approval": "approval_number",
    "supplier": "supplier.name",
    "buyer": "buyer.name",
}
"""Ask's field name → the extraction's field that answers it. A store question is answered
from the lines (the top line, or a 상호 label): on the synthetic receipts
(``fields_synth.py --count 8``) the extraction's supplier name was wrong on one page where
the top line was right."""
UNLABELLED_SCORE = 0.7
"""Score of a value found without a label (a receipt's only date)."""


AMOUNT_FIELDS = ("total", "vat", "supply")
MIN_ITEM_SCORE = 70.0
"""Least fuzzy match (0-100) of the question's subject and an item's name (ask's
``MIN_SUBJECT_SCORE`` for lines)."""


def asks_amount(question: str) -> bool:
    """Whether the question asks for the total, the VAT or the supply amount."""
    wanted = field_for(question)
    return wanted is not None and wanted.name in AMOUNT_FIELDS


def _get(extraction: Extraction, path: str) -> FieldValue | None:
    value: object = extraction
    for part in path.split("."):
        value = getattr(value, part)
    return value if isinstance(value, FieldValue) else None


def label_score(question: str, value: FieldValue) -> float:
    """How well the label the value was found by answers the question: 1 when it names the
    field surely and was read exactly (부가세 for "부가세는?", 합계금액 for "총 금액은?"),
    less for a weaker label (a bare "Amount"), a misread one ("부가서") or a value without
    a label."""
    if not value.label or value.label_score is None:
        return UNLABELLED_SCORE
    return round(value.label_score, 3)


def answer_from_fields(
    pages: Sequence[ReadPage], question: str, field: str, engine: str
) -> Answer | None:
    """The answer of the extraction's field for ask's ``field``, best-scored over the files;
    None when no file has it."""
    path = FIELD_PATHS.get(field)
    if path is None:
        return None
    found: list[tuple[float, str, FieldValue]] = []
    for source in dict.fromkeys(page.source for page in pages):
        mine = [page.page for page in pages if page.source == source]
        value = _get(extract_pages(mine, source, engine), path)
        if value is not None:
            found.append((label_score(question, value), source, value))
    if not found:
        return None
    asked = key(question)
    # the file whose label the question itself uses first ("amount due" → AMOUNT DUE)
    score, source, value = max(
        found, key=lambda f: (f[0], bool(f[2].label) and key(f[2].label or "") in asked)
    )
    evidence = Evidence(
        source=source, page=value.page, box=value.box, text=value.text, line=value.line
    )
    return Answer(
        question=question,
        answer=value.text,
        kind="extractive",
        pages=[page.ref for page in pages],
        evidence=[evidence],
        score=score,
        engine=engine,
    )


def answer_item_from_fields(pages: Sequence[ReadPage], question: str, engine: str) -> Answer | None:
    """The amount of the line item the question names ("How much did COFFEE BEANS 1KG
    cost?"): of the extraction's items (name and amount on one row or over two), the one
    whose name best matches the question's subject; None when none matches."""
    topic = key(subject(question))
    if not topic:
        return None
    best: tuple[float, str, FieldValue] | None = None
    for source in dict.fromkeys(page.source for page in pages):
        mine = [page.page for page in pages if page.source == source]
        for item in extract_pages(mine, source, engine).items:
            if item.name is None or item.amount is None or not key(item.name.text):
                continue
            score = fuzz.partial_ratio(_letters(topic), _letters(key(item.name.text)))
            if score >= MIN_ITEM_SCORE and (best is None or score > best[0]):
                best = (score, source, item.amount)
    if best is None:
        return None
    score, source, amount = best
    evidence = Evidence(
        source=source, page=amount.page, box=amount.box, text=amount.text, line=amount.line
    )
    return Answer(
        question=question,
        answer=amount_text(amount.text),
        kind="extractive",
        pages=[page.ref for page in pages],
        evidence=[evidence],
        score=round(score / 100, 3),
        engine=engine,
    )


def _letters(text: str) -> str:
    """``text`` with its Hangul syllables split into their letters (jamo): OCR misreads a
    syllable by one letter (단팥빵 read 단팔빵), which costs one letter of three, not a whole
    character, in the fuzzy match."""
    return unicodedata.normalize("NFD", text)
