"""Key fields and ``ask`` on synthetic receipts and invoices, per template family.

Families: the first generator's ``receipt`` and ``invoice`` (거래명세서) and the templates of
:mod:`docparse.evaluation.synth.families` (``en_receipt``, ``narrow_ko``, ``invoice_en``,
``tax_invoice_ko``). Each page is read twice where it can be:

- **tesseract**: the rendered page image through the pipeline (Tesseract engine; OCR
  cached per image hash in benchmarks/.cache), amounts lost re-read as ``docparse extract``
  and ``ask`` do;
- **born-digital**: the same layout written as a PDF with a text layer (invoices only),
  read from its text layer.

Fields scored against the page's facts (what it prints): total, subtotal, vat, date,
supplier (merchant) name, buyer name, due date; a field counts as predicted when the
extraction gives it, right when it equals the fact after
:func:`docparse.evaluation.ask_cases.same_answer` (spaces, case, ₩/원; dates by day).
Precision = right / predicted over the fields the family prints, recall = right / printed.
``ask`` exact match: one question per printed field (total, VAT, date, supplier or store,
buyer, due date) and one about an item's price ("How much did {name} cost?" / "{name}의
금액은?", the item drawn by the page's seed; the answer is the item's amount as printed),
Korean and English phrasings by turns. This is the extended ``ask`` benchmark of issue 13:
``benchmarks/ask.py`` keeps the first generator's receipts, invoices and 3-page bundles.

    nice -n 10 python benchmarks/fields_synth.py --write benchmarks/results/fields_synth.md
"""

from __future__ import annotations

import argparse
import random
import sys
import tempfile
from collections import defaultdict
from pathlib import Path

from docparse.ask.extractive import answer_extractive
from docparse.ask.pages import ReadPage
from docparse.evaluation.ask_cases import same_answer
from docparse.evaluation.synth import compose, synthesize
from docparse.evaluation.synth.content import won
from docparse.evaluation.synth.families import (
    FAMILIES,
    cents,
    compose_family,
    synthesize_family,
)
from docparse.evaluation.synth.model import LineItem
from docparse.evaluation.synth.pdf import write_text_pdf
from docparse.keyfields import Extraction, FieldValue, extract_document
from docparse.keyfields.reread import reread_amounts
from docparse.keyfields.values import parse_date
from docparse.model import Document
from docparse.pipeline import ParseOptions, Parser, parse

sys.path.insert(0, str(Path(__file__).resolve().parent))

from ocr_cache import CachedParser

FIELDS = ("total", "subtotal", "vat", "date", "supplier", "buyer", "due_date")
QUESTIONS: dict[str, tuple[str, str]] = {
    "total": ("총 금액은 얼마입니까?", "What is the total amount?"),
    "vat": ("부가세는 얼마?", "How much is the VAT?"),
    "date": ("날짜는 언제입니까?", "What is the date?"),
    "supplier": ("공급자 상호는?", "Who is the supplier?"),
    "store": ("가게 이름은?", "What is the store name?"),
    "buyer": ("공급받는자는 누구입니까?", "Who is the buyer?"),
    "due_date": ("납기일은 언제입니까?", "When is payment due?"),
}


def same(name: str, got: str | None, want: str) -> bool:
    """Whether a value is the fact: dates by the day they name (25/12/2018 = 2018-12-25),
    amounts by their value for fields (the extraction's text as printed may use a decimal
    comma), else :func:`same_answer`."""
    if got is None:
        return False
    if name in ("date", "due_date"):
        day = parse_date(got)
        if day is not None:
            return day == parse_date(want)
    return same_answer(got, want)


def facts_of(family: str, facts: dict[str, str]) -> dict[str, str]:
    """The facts under the extraction's field names."""
    out = {name: facts[name] for name in FIELDS if name in facts}
    if "subtotal" not in out and "supply" in facts:
        out["subtotal"] = facts["supply"]
    if "supplier" not in out and "store" in facts:
        out["supplier"] = facts["store"]
    return out


def predicted(fields: Extraction) -> dict[str, str]:
    values = {
        "total": fields.total,
        "subtotal": fields.subtotal,
        "vat": fields.vat,
        "date": fields.issue_date,
        "supplier": fields.supplier.name,
        "buyer": fields.buyer.name,
        "due_date": fields.due_date,
    }
    return {name: scored(name, value) for name, value in values.items() if value is not None}


def scored(name: str, value: FieldValue) -> str:
    """What a field is scored by: a date's day as the extraction reads it (ISO: a printed
    03/05/2025 names 5 March or 3 May by the document's convention), else the text as
    printed."""
    if name in ("date", "due_date") and value.value:
        return value.value
    return value.text


ITEM_QUESTION = ("{name}의 금액은?", "How much did {name} cost?")
CENTS_FAMILIES = ("en_receipt", "invoice_en")
"""Families printing amounts with cents (``families.cents``); the others print won."""


def item_case(family: str, seed: int, items: list[LineItem]) -> tuple[str, str] | None:
    """The item-price question of a page and its answer as printed, or None (no items)."""
    if not items:
        return None
    item = random.Random(f"ask-item/{family}/{seed}").choice(items)
    printed = cents(item.amount) if family in CENTS_FAMILIES else won(item.amount)
    return ITEM_QUESTION[seed % 2].format(name=item.name), printed


def pages(count: int) -> list[tuple[str, int, dict[str, str], object, object, list[LineItem]]]:
    """(family, seed, facts, image, layout, items) for each page."""
    made = []
    for family in ("receipt", "invoice", *FAMILIES):
        for seed in range(1, count + 1):
            if family in ("receipt", "invoice"):
                content, layout = compose(family, seed)  # type: ignore[arg-type]
                image = synthesize(family, seed).image  # type: ignore[arg-type]
            else:
                content, layout = compose_family(family, seed)
                image = synthesize_family(family, seed).image
            made.append((family, seed, content.facts, image, layout, content.items))
    return made


def run(count: int) -> str:
    parser = CachedParser("tesseract")
    live = Parser(ParseOptions(engine="tesseract"))  # second readings, as docparse extract
    fields: dict[tuple[str, str], list[int]] = defaultdict(lambda: [0, 0, 0])
    per_field: dict[tuple[str, str], list[int]] = defaultdict(lambda: [0, 0, 0])
    asked: dict[str, list[bool]] = defaultdict(list)
    misses: list[str] = []
    with tempfile.TemporaryDirectory() as folder:
        for family, seed, raw_facts, image, layout, items in pages(count):
            facts = facts_of(family, raw_facts)
            readings: dict[str, Document] = {}
            path = Path(folder) / f"{family}-{seed}.png"
            image.save(path)  # type: ignore[attr-defined]
            readings["tesseract"] = reread_amounts(parser.parse(path), live, path)
            if family in ("invoice", "invoice_en", "tax_invoice_ko"):
                pdf = Path(folder) / f"{family}-{seed}.pdf"
                write_text_pdf(layout, pdf)  # type: ignore[arg-type]
                readings["born-digital"] = parse(pdf, engine="tesseract")
            for reading, document in readings.items():
                guess = predicted(extract_document(document))
                for name, want in facts.items():
                    got = guess.get(name)
                    ok = same(name, got, want)
                    for key in ((family, reading), ("all", reading)):
                        row = fields[key]
                        row[0] += ok
                        row[1] += got is not None
                        row[2] += 1
                    row = per_field[(name, reading)]
                    row[0] += ok
                    row[1] += got is not None
                    row[2] += 1
                    if not ok:
                        misses.append(
                            f"{family} {seed} {reading} {name}: want {want!r} got {got!r}"
                        )
            read = [ReadPage(str(path), page) for page in readings["tesseract"].pages]
            for number, name in enumerate(_asked_fields(family, facts)):
                question = QUESTIONS[name][(seed + number) % 2]
                want = facts["supplier" if name == "store" else name]
                answer = answer_extractive(read, question, "tesseract")
                ok = same(name, answer.answer, want)
                asked[family].append(ok)
                asked["all"].append(ok)
                if not ok:
                    misses.append(
                        f"ask {family} {seed}: {question!r} want {want!r} got {answer.answer!r}"
                    )
            case = item_case(family, seed, items)
            if case is not None:
                question, want = case
                answer = answer_extractive(read, question, "tesseract")
                ok = same_answer(answer.answer, want)
                asked[family].append(ok)
                asked["all"].append(ok)
                asked["item (all families)"].append(ok)
                if not ok:
                    misses.append(
                        f"ask {family} {seed}: {question!r} want {want!r} got {answer.answer!r}"
                    )
    return _report(fields, per_field, asked, misses, count)


def _asked_fields(family: str, facts: dict[str, str]) -> list[str]:
    receipt = family in ("receipt", "en_receipt", "narrow_ko")
    names = ["total", "vat", "date", "store" if receipt else "supplier"]
    names += [name for name in ("buyer", "due_date") if name in facts]
    return [name for name in names if (name if name != "store" else "supplier") in facts]


def _prf(row: list[int]) -> str:
    right, made, want = row
    p = right / made if made else 0.0
    r = right / want if want else 0.0
    f1 = 2 * p * r / (p + r) if p + r else 0.0
    return f"{right} | {made} | {want} | {p:.3f} | {r:.3f} | **{f1:.3f}**"


def _report(fields, per_field, asked, misses, count: int) -> str:  # type: ignore[no-untyped-def]
    lines = [
        f"{count} pages per family; 2-core CPU (shared); Tesseract engine through the pipeline.",
        "",
        "## Field precision / recall / F1 per family",
        "",
        "| family | reading | right | predicted | printed | precision | recall | F1 |",
        "|---|---|---:|---:|---:|---:|---:|---:|",
    ]
    for (family, reading), row in sorted(fields.items()):
        lines.append(f"| {family} | {reading} | {_prf(row)} |")
    lines += [
        "",
        "## Per field",
        "",
        "| field | reading | right | predicted | printed | precision | recall | F1 |",
        "|---|---|---:|---:|---:|---:|---:|---:|",
    ]
    for (name, reading), row in sorted(per_field.items()):
        lines.append(f"| {name} | {reading} | {_prf(row)} |")
    lines += ["", "## `ask` exact match per family (Tesseract)", ""]
    lines += ["| family | right | questions | exact match |", "|---|---:|---:|---:|"]
    for family, oks in sorted(asked.items()):
        lines.append(f"| {family} | {sum(oks)} | {len(oks)} | {sum(oks) / len(oks):.1%} |")
    lines += ["", "Misses:", "", *(f"- {miss}" for miss in misses)]
    return "\n".join(lines) + "\n"


def main() -> None:
    cli = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    cli.add_argument("--count", type=int, default=8, help="pages per family")
    cli.add_argument("--write", type=Path, help="also write the report (Markdown) here")
    args = cli.parse_args()
    text = "# Key fields and ask on synthetic receipts and invoices\n\n" + run(args.count)
    print(text)
    if args.write:
        args.write.write_text(text, encoding="utf-8")


if __name__ == "__main__":
    main()
