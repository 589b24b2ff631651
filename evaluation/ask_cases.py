"""Seeded questions with known answers, from :mod:`docparse.evaluation.synth` receipts and invoices:
the measure of ``docparse ask`` (``benchmarks/ask.py``) and its tests.

Each page gets one question per field it prints (total, date, store or supplier and buyer,
VAT, phone, one item's amount), phrased in Korean or English by turns. An answer is right when
it equals the expected one after :func:`same_answer`'s normalisation."""

from __future__ import annotations

import io
import random
import tempfile
import unicodedata
from pathlib import Path
from typing import Literal

from pydantic import BaseModel

from docparse.ask.fields import DATE
from docparse.evaluation.synth import SynthDoc, compose, synthesize
from docparse.evaluation.synth.pdf import write_text_pdf
from docparse.io.pymupdf_import import pymupdf

Language = Literal["ko", "en"]


class QACase(BaseModel):
    question: str
    expected: str
    field: str
    language: Language


_PHRASINGS: dict[str, dict[Language, tuple[str, ...]]] = {
    "total": {
        "ko": ("총 금액은 얼마입니까?", "합계는?", "결제 금액은?"),
        "en": ("What is the total amount?", "How much was the total?"),
    },
    "date": {"ko": ("날짜는 언제입니까?", "거래 일자는?"), "en": ("What is the date?",)},
    "store": {"ko": ("가게 이름은?", "상호는?"), "en": ("What is the store name?",)},
    "supplier": {"ko": ("공급자 상호는?",), "en": ("Who is the supplier?",)},
    "buyer": {"ko": ("공급받는자는 누구입니까?",), "en": ("Who is the buyer?",)},
    "vat": {"ko": ("부가세는 얼마?",), "en": ("How much is the VAT?",)},
    "phone": {"ko": ("전화번호는?",), "en": ("What is the phone number?",)},
    "item": {"ko": ("{name}의 금액은?",), "en": ("How much did {name} cost?",)},
}
_RECEIPT_FIELDS = ("total", "date", "store", "vat", "phone", "item")
_INVOICE_FIELDS = ("total", "date", "supplier", "buyer", "vat", "item")


def cases_for(doc: SynthDoc) -> list[QACase]:
    """The questions about one synthetic receipt or invoice, seeded by its seed."""
    rng = random.Random(f"ask/{doc.kind}/{doc.seed}")
    fields = _RECEIPT_FIELDS if doc.kind == "receipt" else _INVOICE_FIELDS
    cases = []
    for number, name in enumerate(fields):
        language: Language = "ko" if (doc.seed + number) % 2 == 0 else "en"
        phrasing = rng.choice(_PHRASINGS[name][language])
        if name == "item":
            item = rng.choice(doc.items)
            question, expected = phrasing.format(name=item.name), f"{item.amount:,}"
        else:
            question, expected = phrasing, doc.facts[name]
        cases.append(QACase(question=question, expected=expected, field=name, language=language))
    return cases


def _normal(text: str) -> str:
    text = "".join(unicodedata.normalize("NFC", text).casefold().split())
    return text.removeprefix("₩").removesuffix("원")


def _date(text: str) -> tuple[int, ...] | None:
    match = DATE.search(text)
    if match is None:
        return None
    digits = "".join(c if c.isdigit() else " " for c in match.group())
    return tuple(int(part) for part in digits.split())


def same_answer(answer: str | None, expected: str) -> bool:
    """Exact match after NFC, case folding, removing spaces and a ₩ or 원; dates match when
    they name the same day (2024.08.27(화) = 2024-08-27)."""
    if answer is None:
        return False
    dates = _date(answer), _date(expected)
    if dates[1] is not None:
        return dates[0] == dates[1]
    return _normal(answer) == _normal(expected)


def invoice_bundle(
    seed: int, path: Path, filler: int = 2, scanned_filler: bool = False
) -> SynthDoc:
    """A PDF of ``filler`` synthetic document pages and then a scanned invoice as its last
    page; the filler pages are born-digital (a text layer) or, with ``scanned_filler``,
    images. Returns the invoice, whose facts are the answers."""
    invoice = synthesize("invoice", seed)
    bundle = pymupdf.open()
    for number in range(filler):
        if scanned_filler:
            _append_image(bundle, synthesize("document", seed * 100 + number))
        else:
            with tempfile.TemporaryDirectory() as folder:
                page = Path(folder) / "page.pdf"
                write_text_pdf(compose("document", seed * 100 + number)[1], page)
                with pymupdf.open(page) as text_pdf:
                    bundle.insert_pdf(text_pdf)
    _append_image(bundle, invoice)
    bundle.save(str(path), garbage=4, deflate=True)
    bundle.close()
    return invoice


def _append_image(bundle: pymupdf.Document, doc: SynthDoc) -> None:
    buffer = io.BytesIO()
    doc.image.convert("RGB").save(buffer, format="JPEG", quality=85)
    page = bundle.new_page(width=doc.width * 72 / doc.dpi, height=doc.height * 72 / doc.dpi)
    page.insert_image(page.rect, stream=buffer.getvalue())
