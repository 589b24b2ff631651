"""The supplier (merchant) and the buyer: name, registration number, phone and address.

On an invoice the two parties sit side by side under their headings (공급자 | 공급받는자,
Supplier | Buyer); each label belongs to the heading nearest left of it above it. A party's
name is printed under its heading, or after it on its line ("Supplier: Acme Widgets Ltd.",
"공급받는자: 서울상사(주)"), or before 귀하 ("서울상사(주) 귀하"). A ship-to address is the buyer's
only where no other buyer heading is printed. A receipt names only its merchant, often
without labels: see :mod:`docparse.keyfields.header`. No "label: value" of another field
("Invoice No: INV-2025-001") is taken for a name.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence

from docparse.engines.hangul_merge import merge_hangul
from docparse.keyfields.candidates import Found, below, beside, region_end, under, unlabelled
from docparse.keyfields.header import REGISTRATION, header
from docparse.keyfields.linekinds import key_and_value
from docparse.keyfields.lines import LabelHit, TextLine
from docparse.keyfields.misreads import printed_address, printed_name
from docparse.keyfields.model import FieldValue, Party
from docparse.keyfields.values import BUSINESS_NUMBER, DATE, PHONE

_BRACKETS = re.compile(r"\(\s*([^()\s]{1,4})\s*\)")
UNLABELLED_SCORE = 0.7
_DOUBLED_ZERO = re.compile(r"00[1-9]")
HEADING_NAME = 0.8
"""Score factor of a party's name read from under its heading, without a name label."""
NAME_REACH = 3.0
"""A line under a party heading whose words start more than this many line heights right of
the heading's end is a block beside it, not the party's name: an invoice's details set at the
right, level with "Bill To:" and nearer under it than the buyer's name (outside generator's
en_invoice: "Invoice No: INV-8418" taken for the buyer on 4 of 12 dev pages). For party
names only: the synthetic 세금계산서's amounts stand far right under their labels (the same
rule for every value lost them, fields_synth F1 0.963 -> 0.907)."""
HEADING_SIDE = ("supplier_heading", "buyer_heading")
PARTY_LABELS = ("name", "registration_number", "phone", "address")
SHIP_TO = "shipto"
"""The ship-to heading's key: the buyer's heading only on a page with no other buyer heading
(the goods' destination is not who is billed)."""
_SEPARATOR = re.compile(r"\s*(?:name\b|명)?\s*[:：;]", re.I)
"""What follows a party heading whose name is printed after it on its line ("Bill To:",
"Customer Name:", "구매자명:"); OCR reads a colon as a semicolon at times. Without one the
words after a heading are another column's (two headings side by side: "St Supplier STE
Buyer" as OCR read a 거래명세서's "공급자Supplier 공급받는자Buyer") or not a name ("CUSTOMER
COPY", "Customer Service")."""
_WEB = re.compile(r"\S@\S|\bwww\.|https?:", re.I)


def side_of(hit: LabelHit, headings: Sequence[LabelHit]) -> str:
    """Which party a label belongs to: the heading above it whose left edge is nearest left
    of the label's (headings on the same line count too: 공급자 | 상호 ...)."""
    x0 = hit.box[0]
    height = max(hit.line.height, 1.0)
    above = [
        h
        for h in headings
        if h.line.page == hit.line.page
        and h.line.line.box[1] <= hit.line.line.box[1] + height / 2
        and h.box[0] <= x0 + 2 * height
    ]
    if not above:
        return "supplier"
    nearest = max(above, key=lambda h: (h.box[0], h.line.line.box[1]))
    return _side(nearest)


def _side(heading: LabelHit) -> str:
    """The party a heading heads: supplier, buyer, or "ship" (a ship-to heading)."""
    if heading.field != "buyer_heading":
        return "supplier"
    return "ship" if heading.label.key == SHIP_TO else "buyer"


def find_parties(
    lines: Sequence[TextLine], hits: Sequence[LabelHit]
) -> tuple[Party, Party, Found | None]:
    """Supplier, buyer, and the supplier's name line when it was read from the title."""
    headings = [h for h in hits if h.field in HEADING_SIDE and _heads(h, hits)]
    found: dict[str, dict[str, Found]] = {"supplier": {}, "buyer": {}, "ship": {}}
    for hit in hits:
        if hit.field not in PARTY_LABELS:
            continue
        value = _party_value(hit, hits, lines)
        if value is None:
            continue
        party = found[side_of(hit, headings)]
        if hit.field not in party or value.score > party[hit.field].score:
            party[hit.field] = value
    for heading in headings:  # Bill To: the name after the heading on its line, or under it
        party = found[_side(heading)]
        if "name" not in party:
            name = _name_beside(heading, hits) or _name_under(heading, hits, lines)
            if name is not None:
                party["name"] = name
    buyer = found["buyer"]
    if not any(_side(h) == "buyer" for h in headings):
        buyer = {**found["ship"], **buyer}
    if "name" not in buyer:
        suffixed = [name for hit in hits if (name := _name_before(hit, hits)) is not None]
        if suffixed:
            buyer["name"] = suffixed[0]
    supplier = found["supplier"]
    title = address = None
    if "name" not in supplier or "address" not in supplier:
        title, address = header(lines, hits)
    if "name" not in supplier and title is not None:
        supplier["name"] = title
    if "phone" not in supplier:
        phones = unlabelled(lines, PHONE, UNLABELLED_SCORE)
        if phones:
            supplier["phone"] = phones[0]
    if "registration_number" not in supplier:
        numbers = unlabelled(lines, BUSINESS_NUMBER, UNLABELLED_SCORE)
        if numbers:
            supplier["registration_number"] = numbers[0]
    if "address" not in supplier and address is not None:
        supplier["address"] = address
    return _party(found["supplier"]), _party(buyer), title


HEADING_WORDS_BEFORE = 1
"""Words that may stand before a party heading on its line, since the line's start or the
heading before it: the heading in another language or OCR's reading of it ("공급자Supplier
공급받는자Buyer", "St Supplier STE Buyer" on the synthetic 거래명세서)."""


def _heads(hit: LabelHit, hits: Sequence[LabelHit]) -> bool:
    """Whether a party heading starts its line or follows only other headings there ("Bill
    From", "공급자 | 공급받는자"), not a word ending a sentence ("... FEEDBACK FROM")."""
    after = max(
        (h.end for h in hits if h.line is hit.line and h.end <= hit.start),
        default=0,
    )
    words = hit.line.text[after : hit.start].split()
    return sum(any(c.isalpha() for c in word) for word in words) <= HEADING_WORDS_BEFORE


def _name_under(
    heading: LabelHit, hits: Sequence[LabelHit], lines: Sequence[TextLine]
) -> Found | None:
    """The words under a party heading, in its column, when they read as a name (letters,
    no label among them, no phone or registration number)."""
    span = under(heading, hits, lines, NAME_REACH)
    if span is None:
        return None
    line, start, end = span
    # the first cell only: what stands across a gutter is another column's (Bill To's name
    # with the invoice's details set right of it: "Northwind Traders | Invoice Date: ...")
    end = min(end, next((e for s, e in line.cells() if s <= start < e), end))
    text = line.text[start:end].strip()
    if any(h.line is line and h.start < end and h.end > start for h in hits):
        return None
    if not _reads_as_name(text):
        return None
    return Found(
        line, start, end, text, heading.score * HEADING_NAME, heading.printed, heading.score
    )


def _name_beside(heading: LabelHit, hits: Sequence[LabelHit]) -> Found | None:
    """The name printed after a party heading and its colon on the heading's line ("Bill To:
    Globex Corporation", "공급자: 대한정밀(주)"), up to the next label or the end of its cell."""
    line = heading.line
    separator = _SEPARATOR.match(line.text, heading.end)
    if separator is None:
        return None
    after = separator.end()
    end = region_end(heading, hits)
    start = after + len(line.text[after:end]) - len(line.text[after:end].lstrip())
    if start >= end:
        return None
    # the heading's cell: what stands across a gutter is another column's ("Bill To:" with
    # an invoice's "Invoice No: INV-8418" set right of it on its row)
    cell = next(((s, e) for s, e in line.cells() if s <= heading.start < e), None)
    if cell is None or start >= cell[1]:
        return None
    text = line.text[start : min(end, cell[1])].rstrip(" |,")
    if text.endswith((":", "：", ";")) or not _reads_as_name(text):
        return None  # a label of its own ("Invoice No:")
    return Found(
        line, start, start + len(text), text, heading.score, heading.printed, heading.score
    )


def _name_before(hit: LabelHit, hits: Sequence[LabelHit]) -> Found | None:
    """The buyer's name before 귀하 on its line ("서울상사(주) 귀하"), from the line's start or
    the label before it."""
    if hit.field != "buyer_suffix":
        return None
    line = hit.line
    begin = max((h.end for h in hits if h.line is line and h.end <= hit.start), default=0)
    text = line.text[begin : hit.start].strip(" :|")
    if not _reads_as_name(text):
        return None
    start = line.text.index(text, begin)
    return Found(
        line, start, start + len(text), text, hit.score * HEADING_NAME, hit.printed, hit.score
    )


def _reads_as_name(text: str) -> bool:
    """Whether a party's name can be ``text``: two letters or more, no phone, registration
    number, date, e-mail or web address, and no other field's "label: value"."""
    if sum(c.isalpha() for c in text) < 2 or key_and_value(text):
        return False
    return not any(p.search(text) for p in (PHONE, BUSINESS_NUMBER, DATE, _WEB))


def _party(values: dict[str, Found]) -> Party:
    party = Party(
        **{
            name: found.value() if name not in ("name", "address") else _tidy(found, name)
            for name, found in values.items()
        }
    )
    if party.phone is not None and _DOUBLED_ZERO.match(party.phone.text):
        # OCR doubles the leading 0 of 02-...: no area code starts with 00
        party.phone = party.phone.model_copy(update={"text": party.phone.text[1:]})
    return party


def _tidy(found: Found, field: str) -> FieldValue:
    """A name or address with OCR's split Hangul syllables joined ("( 주 ) 미래 상사" →
    "(주) 미래상사") where it is whole words of one line, and the misreads its kind of text
    tells (:mod:`docparse.keyfields.misreads`) put right."""
    line, text = found.line, found.text
    first, last = line.words_between(found.start, found.end)
    words = line.line.words[first:last]
    whole = line.starts[first] == found.start and found.end == line.starts[last - 1] + len(
        words[-1].text
    )
    if whole and not found.more:
        text = " ".join(w.text for w in merge_hangul(words))
    # NFKC: full-width brackets and letters as PP-OCR reads them ("（SUNGAI RENGIT）")
    text = unicodedata.normalize("NFKC", text)
    text = _BRACKETS.sub(r"(\1)", text)
    text = printed_name(text) if field == "name" else printed_address(text)
    return found.value().model_copy(update={"text": text})


def _party_value(
    hit: LabelHit, hits: Sequence[LabelHit], lines: Sequence[TextLine]
) -> Found | None:
    if hit.field == "phone":
        return beside(hit, hits, PHONE) or below(hit, lines, PHONE, hits)
    if hit.field == "registration_number":
        return (
            beside(hit, hits, BUSINESS_NUMBER)
            or beside(hit, hits, REGISTRATION)
            or below(hit, lines, BUSINESS_NUMBER, hits)
        )
    end = region_end(hit, hits)
    text = hit.line.text[hit.end : end].strip(" :|.-")
    if not text or not any(c.isalpha() for c in text):
        return None
    if hit.field == "name" and key_and_value(text):
        return None  # "상호" read before another field's "label: value"
    start = hit.line.text.index(text, hit.end)
    return Found(hit.line, start, start + len(text), text, hit.score, hit.printed, hit.score)
