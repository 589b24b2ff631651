"""From a parsed :class:`~docparse.model.Document` to its key fields.

Each field's candidates come from the layout (a label's value beside it on its row, or below
it in a form) and the value's type; amounts are then chosen by arithmetic: of the readings
labelled as the total, one that equals subtotal + VAT, the items' sum, or another total
plus a rounding adjustment wins over one that agrees with nothing.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import replace
from decimal import Decimal

from docparse.keyfields.candidates import Found, beside, labelled, region_end, unlabelled
from docparse.keyfields.items import find_items
from docparse.keyfields.lexicon import INVOICE_WORDS
from docparse.keyfields.lines import LabelHit, TextLine, find_labels, text_lines, values_in
from docparse.keyfields.model import Check, DocumentKind, Extraction, FieldValue
from docparse.keyfields.parties import find_parties
from docparse.keyfields.values import (
    AMOUNT,
    APPROVAL,
    CARD,
    DATE,
    TIME,
    amount_text,
    month_first,
    parse_amount,
    parse_date,
)
from docparse.model import Document, Page

ARITHMETIC_BONUS = 0.3
PAID_SCORE = 0.6
"""Score factor of the cash paid taken as the total when no total is printed."""
DERIVED_SCORE = 0.6
"""Score (before arithmetic) of a total found only by adding up other fields."""
"""Added to a total's score for each arithmetic check it passes."""
AGREEMENT_BONUS = 0.1
"""Added to a total's score for each other total label printing the same amount."""
OTHER_STYLE = 0.7
"""Score factor of an amount printed unlike the page's others (no cents among cents)."""
CENTS_SHARE = 0.6
_CENTS = re.compile(r"[.,]\s?\d{2}$")
_SEPARATED = re.compile(r"\d[.,]\s?\d")
_SPLIT_CENTS = re.compile(r"(?<![\w.,])(\d{1,6})[ :\-](\d{2})\s*$")
WEAK_TOTAL = 0.8
"""Total labels weaker than a bare "TOTAL" (the lexicon's "AMOUNT", 0.6) also head columns."""
LOST_POINT_SCORE = 0.9
"""Score factor of an amount read with its decimal point lost (as a label misread)."""
TABLE_ROW = 0.8
"""Score factor of an amount on a row of several after its label (a summary table)."""
UNLABELLED_DATE = 0.7
DUE_TEXT_SCORE = 0.8
"""Factor of a due date printed as terms ("the end of next month"), not as a date."""
DUE_TEXT = re.compile(r"[^.。|]{3,60}")


def extract_document(document: Document) -> Extraction:
    """The key fields of one parsed receipt or invoice, with the document's warnings and the
    pages it could not read (their fields were silently missing)."""
    extraction = extract_pages(document.pages, document.source, document.engine)
    warnings = document.warnings + [
        warning for page in document.pages for warning in page.numbered_warnings()
    ]
    unread = [page.number for page in document.pages if page.error is not None]
    return extraction.model_copy(update={"warnings": warnings, "unread_pages": unread})


def extract_pages(pages: Sequence[Page], source: str, engine: str) -> Extraction:
    """The key fields of the pages of one file."""
    lines = text_lines(pages)
    per_line = {line.order: find_labels(line) for line in lines}
    hits = [hit for line in lines for hit in per_line[line.order]]
    supplier, buyer, _ = find_parties(lines, hits)
    items, item_amounts = find_items(lines, per_line)
    cents = _prints_cents(lines)
    amounts = {
        field: _amounts(field, hits, lines, cents)
        for field in ("subtotal", "vat", "rounding", "discount", "total", "cash", "change")
    }
    if not amounts["total"] and not amounts["change"]:
        # no total printed: a receipt paid exactly ("CASH RM 170.00", no change) shows it
        amounts["total"] = [replace(f, score=f.score * PAID_SCORE) for f in amounts["cash"][:1]]
    item_sum = sum((parse_amount(f.text) or Decimal(0) for f in item_amounts), Decimal(0))
    # the cash paid read with its point lost ("CASH 7:00"): a reading of the total when it
    # adds up (below)
    lost = _lost_point("cash", hits) if cents else []
    subtotal, vat, total, confidence, checks = _choose_total(
        amounts, item_sum if item_amounts else None, lines, lost
    )
    issue, due = _dates(lines, hits)
    time = _time(lines, issue)
    method, card, approval = _payment(lines, hits)
    return Extraction(
        source=source,
        kind=_kind(lines, buyer.empty),
        engine=engine,
        supplier=supplier,
        buyer=buyer,
        issue_date=issue,
        issue_time=time,
        due_date=due,
        items=items,
        subtotal=_amount_value(subtotal),
        vat=_amount_value(vat),
        total=_amount_value(total, confidence),
        payment_method=method,
        card_number=card,
        approval_number=approval,
        checks=checks,
    )


def _amounts(
    field: str, hits: Sequence[LabelHit], lines: Sequence[TextLine], cents: bool
) -> list[Found]:
    """Amounts labelled as ``field``: the last amount of the label's region (the value
    column is at the right), positive only (a nil VAT, rounding or discount too); with
    ``cents`` (the page prints its amounts with two decimals), one without decimals is a
    worse reading."""
    if field == "total":
        hits = [hit for hit in hits if not _column_heading(hit, hits)]
    found = labelled(field, hits, lines, AMOUNT, last=True)
    if cents:
        found += _lost_point(field, hits)
    kept = []
    for f in found:
        amount = parse_amount(f.text) or 0
        if amount < 0 and field not in ("rounding", "discount"):
            continue
        if amount == 0 and field not in ("rounding", "discount", "vat"):
            continue  # a VAT may be nil ("GST 0% RM 0.00": zero-rated goods)
        if cents and not _CENTS.search(f.text):
            f = Found(f.line, f.start, f.end, f.text, f.score * OTHER_STYLE, f.label, f.label_score)
        if len(values_in(f.line, AMOUNT, f.line.text.find(f.label or "") + 1)) > 1:
            # a table row (TOTAL 52.00 3.12 in a tax summary), not a key and its value
            f = Found(f.line, f.start, f.end, f.text, f.score * TABLE_ROW, f.label, f.label_score)
        kept.append(f)
    return kept


def _column_heading(hit: LabelHit, hits: Sequence[LabelHit]) -> bool:
    """Whether a weak total label ("AMOUNT") shares its line with another label: a table's
    heading row ("ITEM QTY PRICE AMOUNT", "GST SUMMARY AMOUNT(RM) TAX(RM)"), whose column
    holds item or tax amounts, not the total (SROIE dev 133, plain Tesseract: the item's
    248.04 under "Amount" outvoted "Total : 248.05" because it adds up to subtotal + GST)."""
    return hit.label.strength < WEAK_TOTAL and any(
        other.line is hit.line and (other.start, other.end) != (hit.start, hit.end)
        for other in hits
    )


def _lost_point(field: str, hits: Sequence[LabelHit]) -> list[Found]:
    """Amounts whose decimal point OCR lost or misread ("GRAND TOTAL 10 00", "TOTAL 7-00"),
    on a page printing cents: digits, a space, dash or colon, two digits end the label's row."""
    found = []
    for hit in hits:
        if hit.field != field:
            continue
        match = _SPLIT_CENTS.search(hit.line.text, hit.end, region_end(hit, hits))
        if match is not None:
            text = f"{match.group(1)}.{match.group(2)}"
            score = hit.score * LOST_POINT_SCORE
            found.append(
                Found(hit.line, match.start(), match.end(), text, score, hit.printed, hit.score)
            )
    return found


def _prints_cents(lines: Sequence[TextLine]) -> bool:
    """Whether most amounts of the page (with a separator) end in two decimals: ringgit,
    dollars, euros; won never do."""
    printed = [
        text for line in lines for _, _, text in values_in(line, AMOUNT) if _SEPARATED.search(text)
    ]
    return bool(printed) and sum(bool(_CENTS.search(t)) for t in printed) >= CENTS_SHARE * len(
        printed
    )


def _amount_value(found: Found | None, score: float | None = None) -> FieldValue | None:
    if found is None:
        return None
    value = parse_amount(found.text)
    shown = found.__class__(**{**found.__dict__, "text": amount_text(found.text)})
    return shown.value(None if value is None else str(value), score)


def _choose_total(
    amounts: dict[str, list[Found]],
    item_sum: Decimal | None,
    lines: Sequence[TextLine],
    lost_points: Sequence[Found] = (),
) -> tuple[Found | None, Found | None, Found | None, float, list[Check]]:
    """Subtotal, VAT and total read together: of the readings their labels give, the
    combination the arithmetic supports best, then the strongest labels, then the first
    printed. Arithmetic: subtotal + VAT (+ rounding) = total, the items sum to the
    subtotal or the total, cash − change = total; a total above a discount that another
    total follows is the sum before the discount. An amount printed below that equals
    subtotal + VAT or a total plus its rounding is a reading of the total even when its
    label was not read (``lost_points`` too: amounts read with their decimal point lost).
    Returns the three, the total's confidence and the checks made."""
    value = {id(f): parse_amount(f.text) for fs in amounts.values() for f in fs}
    roundings = [r for r in (value[id(f)] for f in amounts["rounding"]) if r]
    subs, vats = amounts["subtotal"], amounts["vat"]
    totals = amounts["total"] + _derived(amounts, value, roundings, lines, lost_points)
    value |= {id(f): parse_amount(f.text) for f in totals}
    cash, change = (value[id(fs[0])] if fs else None for fs in (amounts["cash"], amounts["change"]))
    paid = cash - change if cash is not None and change is not None else None
    superseded = _before_discount(totals, amounts["discount"], value)
    discounted = any(value[id(d)] for d in amounts["discount"])
    best: tuple[float, int, Found | None, Found | None, Found | None] | None = None
    for total in totals or [None]:
        amount = value[id(total)] if total else None
        others = [value[id(f)] for f in totals if total and f.line is not total.line]
        agreement = AGREEMENT_BONUS * sum(o == amount for o in others) if total else 0.0
        for sub in [None, *subs]:
            for vat in [None, *vats]:
                if sub is vat and sub is not None:
                    continue
                s, v = (value[id(sub)] if sub else None), (value[id(vat)] if vat else None)
                score = (total.score if total else 0.0) + agreement
                score += 0.5 * ((sub.score if sub else 0.0) + (vat.score if vat else 0.0))
                adds_up = amount is not None and s is not None and v is not None
                if adds_up and amount in {s + v, *(s + v + r for r in roundings)}:  # type: ignore[operator]
                    score += ARITHMETIC_BONUS
                if item_sum is not None and item_sum in (amount, s):
                    score += ARITHMETIC_BONUS
                if paid is not None and amount == paid:
                    score += ARITHMETIC_BONUS
                if any(o is not None and amount == o + r for o in others for r in roundings):
                    score += ARITHMETIC_BONUS
                if total is not None and id(total) in superseded:
                    score -= ARITHMETIC_BONUS
                if amount is not None and s is not None and amount * 2 < s and not discounted:
                    # under half its subtotal with nothing taken off: a tax or a count, not
                    # the total (a GST summary's "TOTAL : 144.68 8.68" gives its tax column);
                    # a rounding takes a total only cents below (80.91 → 80.90, SROIE dev 003)
                    score -= ARITHMETIC_BONUS
                order = total.line.order if total else -1
                if best is None or (score, -order) > (best[0], -best[1]):
                    best = (score, order, sub, vat, total)
    assert best is not None
    score, _, sub_found, vat_found, total_found = best
    sub, tax = (value[id(f)] if f else None for f in (sub_found, vat_found))
    total = value[id(total_found)] if total_found else None
    checks = []
    if item_sum is not None:
        against, name = (sub, "items = subtotal") if sub is not None else (total, "items = total")
        if against is not None:
            checks.append(
                Check(name=name, ok=item_sum == against, expected=str(item_sum), found=str(against))
            )
    if sub is not None and tax is not None and total is not None:
        checks.append(
            Check(
                name="subtotal + vat = total",
                ok=total in {sub + tax, *(sub + tax + r for r in roundings)},
                expected=str(sub + tax),
                found=str(total),
            )
        )
    confidence = min(1.0, total_found.score + (score - total_found.score) / 2) if total_found else 0
    return sub_found, vat_found, total_found, confidence, checks


def _before_discount(
    totals: Sequence[Found], discounts: Sequence[Found], value: dict[int, Decimal | None]
) -> set[int]:
    """The totals (ids) printed above a discount that another total follows: a sum before
    the discount ("TOTAL 277.90 / DISCOUNT 0.90 / TOTAL INCLUSIVE GST 277.00"), not the
    amount to pay, however well the items add up to it."""
    marks = [(d.line.page, d.line.order) for d in discounts if value.get(id(d))]
    return {
        id(total)
        for total in totals
        if any(
            total.line.page == page
            and total.line.order < at
            and any(t.line.page == page and t.line.order > at for t in totals)
            for page, at in marks
        )
    }


def _derived(
    amounts: dict[str, list[Found]],
    value: dict[int, Decimal | None],
    roundings: list[Decimal],
    lines: Sequence[TextLine],
    lost_points: Sequence[Found] = (),
) -> list[Found]:
    """Amounts printed below a total or subtotal that equal a total plus its rounding or
    subtotal + VAT (+ rounding): the amount to pay, whatever its label ("TO : RM 73.00")."""
    wanted: dict[Decimal, tuple[Found, float]] = {}
    for total in amounts["total"]:
        amount = value[id(total)]
        if amount is not None:
            # a total and its rounding: the rounded amount is as sure as the total
            wanted |= {amount + r: (total, total.score) for r in roundings}
    for sub in amounts["subtotal"]:
        for vat in amounts["vat"]:
            s, v = value[id(sub)], value[id(vat)]
            if s is not None and v is not None and sub is not vat:
                wanted |= {s + v + r: (sub, DERIVED_SCORE) for r in (Decimal(0), *roundings)}
    printed = [
        (line, start, end, text) for line in lines for start, end, text in values_in(line, AMOUNT)
    ]
    # amounts read with their decimal point lost ("CASH 7:00"), on a page printing cents
    printed += [(f.line, f.start, f.end, f.text) for f in lost_points]
    found = []
    for line, start, end, text in printed:
        source, score = wanted.get(parse_amount(text) or Decimal(-1), (None, 0.0))
        if source is None or source.line.page != line.page:
            continue
        if line.order > source.line.order:
            found.append(Found(line, start, end, text, score, source.label))
    return found


def _dates(
    lines: Sequence[TextLine], hits: Sequence[LabelHit]
) -> tuple[FieldValue | None, FieldValue | None]:
    """The issue date (labelled, else the first date printed) and the due date (a date after
    a due label, else the terms it prints: "the end of next month")."""
    order = month_first(line.text for line in lines)
    due_found = labelled("due_date", hits, lines, DATE)
    due: FieldValue | None = None
    if due_found:
        best = due_found[0]
        due = best.value(_iso(best.text, order))
    else:
        # No date: the terms as printed, the most legible (longest) of those found.
        terms: list[Found] = []
        for hit in hits:
            found = beside(hit, hits, DUE_TEXT) if hit.field == "due_date" else None
            if found is not None and sum(c.isalpha() for c in found.text) >= 3:
                text = re.sub(r"^(?:by|on|before|:)\s*", "", found.text.strip(" :"), flags=re.I)
                start = found.line.text.index(text, found.start)
                terms.append(
                    Found(
                        found.line,
                        start,
                        start + len(text),
                        text,
                        DUE_TEXT_SCORE,
                        hit.printed,
                        hit.score * DUE_TEXT_SCORE,
                    )
                )
        if terms:
            due = max(terms, key=lambda f: len(f.text)).value()
    issue_found = labelled("issue_date", hits, lines, DATE)
    due_spans = {(f.line.order, f.start) for f in due_found}
    issue_found = [f for f in issue_found if (f.line.order, f.start) not in due_spans]
    if not issue_found:
        issue_found = [
            f
            for f in unlabelled(lines, DATE, UNLABELLED_DATE)
            if (f.line.order, f.start) not in due_spans and parse_date(f.text) is not None
        ]
        # a receipt stamps its sale with date and time on one line; a date alone may be
        # another one ("PAID 1 MAR 2018" stamped on top)
        timed = [f for f in issue_found if TIME.search(f.line.text[f.end :])]
        issue_found = timed or issue_found
    issue = issue_found[0].value(_iso(issue_found[0].text, order)) if issue_found else None
    return issue, due


def _iso(text: str, months_first: bool) -> str | None:
    day = parse_date(text, months_first)
    return day.isoformat() if day else None


def _time(lines: Sequence[TextLine], issue: FieldValue | None) -> FieldValue | None:
    found = unlabelled(lines, TIME, UNLABELLED_DATE)
    if issue is not None:
        same = [f for f in found if f.line.text == issue.line and f.line.page == issue.page]
        found = same or found
    return found[0].value() if found else None


def _payment(
    lines: Sequence[TextLine], hits: Sequence[LabelHit]
) -> tuple[FieldValue | None, FieldValue | None, FieldValue | None]:
    """Payment method (the card or cash label as printed), masked card number, approval."""
    cards = [f for f in unlabelled(lines, CARD, 0.8) if re.search(r"[*xX]", f.text)]
    card_hits = [h for h in hits if h.field == "card"]
    for found in cards:
        if any(h.line is found.line for h in card_hits):
            cards = [found]
            break
    approval_found = labelled("approval", hits, lines, APPROVAL)
    method: FieldValue | None = None
    if card_hits or cards:
        hit = card_hits[0] if card_hits else None
        if hit is not None:
            method = Found(
                hit.line, hit.start, hit.end, hit.printed, hit.score, hit.printed, hit.score
            ).value("card")
        else:
            method = cards[0].value("card")
    else:
        cash = [h for h in hits if h.field == "cash"]
        if cash:
            hit = cash[0]
            method = Found(
                hit.line, hit.start, hit.end, hit.printed, hit.score, hit.printed, hit.score
            ).value("cash")
    card = cards[0].value() if cards else None
    approval = approval_found[0].value() if approval_found else None
    return method, card, approval


def _kind(lines: Sequence[TextLine], no_buyer: bool) -> DocumentKind:
    head = "".join(line.key for line in lines[:12])
    if not no_buyer or any(word in head for word in INVOICE_WORDS if word != "receipt"):
        return "invoice"
    return "receipt"
