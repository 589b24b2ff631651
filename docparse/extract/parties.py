"""The supplier (merchant) and the buyer: name, registration number, phone and address.

On an invoice the two parties sit side by side under their headings (공급자 | 공급받는자,
Supplier | Buyer); each label belongs to the heading nearest left of it above it. A receipt
names only its merchant, often without labels: its name is the top line that reads like a
business (a company word such as SDN BHD or (주), else the first line of letters), and its
address the lines under the name down to the first labelled line.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from docparse.engines.hangul_merge import merge_hangul
from docparse.extract.candidates import Found, below, beside, region_end, unlabelled
from docparse.extract.lexicon import COMPANY_WORDS
from docparse.extract.lines import LabelHit, TextLine
from docparse.extract.model import FieldValue, Party
from docparse.extract.values import BUSINESS_NUMBER, DATE, PHONE, TIME

_BRACKETS = re.compile(r"\(\s*([^()\s]{1,4})\s*\)")
REGISTRATION = re.compile(
    r"(?<![\w-])[A-Z0-9]*\d[A-Z0-9]*(?:\s?-\s?[A-Z0-9]+)+(?![\w-])|\d{6,}", re.I
)
ADDRESS_LINES = 5
"""An unlabelled address runs over at most this many lines under the name."""
TITLE_LINES = 8
"""A receipt's name is among its first lines."""
REGISTRATION_LETTERS = 8
"""Letters besides the number on a registration line ("CO.REG", "GST ID")."""
UNLABELLED_SCORE = 0.7
TITLE_SCORE = 0.6
HEADING_SIDE = ("supplier_heading", "buyer_heading")
PARTY_LABELS = ("name", "registration_number", "phone", "address")


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
    return "buyer" if nearest.field == "buyer_heading" else "supplier"


def find_parties(
    lines: Sequence[TextLine], hits: Sequence[LabelHit]
) -> tuple[Party, Party, Found | None]:
    """Supplier, buyer, and the supplier's name line when it was read from the title."""
    headings = [h for h in hits if h.field in HEADING_SIDE]
    found: dict[str, dict[str, Found]] = {"supplier": {}, "buyer": {}}
    for hit in hits:
        if hit.field not in PARTY_LABELS:
            continue
        value = _party_value(hit, hits, lines)
        if value is None:
            continue
        party = found[side_of(hit, headings)]
        if hit.field not in party or value.score > party[hit.field].score:
            party[hit.field] = value
    supplier = found["supplier"]
    title = None
    if "name" not in supplier:
        title = _title(lines, hits)
        if title is not None:
            supplier["name"] = title
    if "phone" not in supplier:
        phones = unlabelled(lines, PHONE, UNLABELLED_SCORE)
        if phones:
            supplier["phone"] = phones[0]
    if "registration_number" not in supplier:
        numbers = unlabelled(lines, BUSINESS_NUMBER, UNLABELLED_SCORE)
        if numbers:
            supplier["registration_number"] = numbers[0]
    if "address" not in supplier and title is not None:
        address = _address_under(title, lines, hits)
        if address is not None:
            supplier["address"] = address
    return _party(found["supplier"]), _party(found["buyer"]), title


def _party(values: dict[str, Found]) -> Party:
    return Party(
        **{
            name: found.value() if name not in ("name", "address") else _tidy(found)
            for name, found in values.items()
        }
    )


def _tidy(found: Found) -> FieldValue:
    """A name or address with OCR's split Hangul syllables joined ("( 주 ) 미래 상사" →
    "(주) 미래상사")."""
    spans = [(found.line, found.start, found.end), *((ln, 0, len(ln.text)) for ln in found.more)]
    parts = []
    for line, start, end in spans:
        first, last = line.words_between(start, end)
        whole = line.starts[first] == start
        words = line.line.words[first:last]
        parts.append(
            " ".join(w.text for w in merge_hangul(words)) if whole else line.text[start:end]
        )
    text = _BRACKETS.sub(r"(\1)", " ".join(parts))
    return found.value().model_copy(update={"text": text})


def _party_value(
    hit: LabelHit, hits: Sequence[LabelHit], lines: Sequence[TextLine]
) -> Found | None:
    if hit.field == "phone":
        return beside(hit, hits, PHONE) or below(hit, lines, PHONE)
    if hit.field == "registration_number":
        return (
            beside(hit, hits, BUSINESS_NUMBER)
            or beside(hit, hits, REGISTRATION)
            or below(hit, lines, BUSINESS_NUMBER)
        )
    end = region_end(hit, hits)
    text = hit.line.text[hit.end : end].strip(" :|.-")
    if not text or not any(c.isalpha() for c in text):
        return None
    start = hit.line.text.index(text, hit.end)
    return Found(hit.line, start, start + len(text), text, hit.score, hit.printed, hit.score)


def _is_title(line: TextLine, hits: Sequence[LabelHit]) -> bool:
    letters = sum(c.isalpha() for c in line.text)
    if letters < 2 or letters < len(line.key) / 2:
        return False
    if any(h.line is line for h in hits):
        return False
    return not any(p.search(line.text) for p in (DATE, PHONE, BUSINESS_NUMBER, TIME))


def _title(lines: Sequence[TextLine], hits: Sequence[LabelHit]) -> Found | None:
    """The merchant's name: among the first lines of page 1, one with a company word, else
    the first line of letters without a label."""
    first = [line for line in lines if line.page == lines[0].page][:TITLE_LINES] if lines else []
    pool = [line for line in first if _is_title(line, hits)]
    if not pool:
        return None
    with_word = [line for line in pool if any(word in line.key for word in COMPANY_WORDS)]
    line = with_word[0] if with_word else pool[0]
    score = TITLE_SCORE + (0.2 if with_word else 0.0)
    text = line.text.strip()
    start = line.text.index(text)
    return Found(line, start, start + len(text), text, score)


def _address_under(
    title: Found, lines: Sequence[TextLine], hits: Sequence[LabelHit]
) -> Found | None:
    """The lines under the name that read like an address, joined (a receipt's header)."""
    labelled = {h.line.order for h in hits}
    kept: list[TextLine] = []
    for line in lines[title.line.order + 1 : title.line.order + 1 + ADDRESS_LINES]:
        if line.page != title.line.page:
            break
        if line.order in labelled:  # 사업자번호, 대표 between the name and the address
            if kept:
                break
            continue
        if any(p.search(line.text) for p in (PHONE, DATE, TIME)):
            break
        if _registration_only(line):
            if kept:
                break
            continue
        kept.append(line)
    if not kept or not any(any(c.isdigit() for c in line.text) for line in kept):
        return None
    text = " ".join(line.text.strip() for line in kept)
    first = kept[0]
    return Found(first, 0, len(first.text), text, UNLABELLED_SCORE, more=tuple(kept[1:]))


def _registration_only(line: TextLine) -> bool:
    """A line holding only a company registration number ("789417-W", "(CO.REG : 933109-X)")."""
    match = REGISTRATION.search(line.text)
    if match is None:
        return False
    rest = line.text[: match.start()] + line.text[match.end() :]
    return sum(c.isalpha() for c in rest) <= REGISTRATION_LETTERS
