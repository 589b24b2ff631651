"""A receipt's merchant name and address read from its header, where they carry no labels.

A receipt's header reads: the merchant's name (a line or two, with a company word such as
SDN BHD, ENTERPRISE or (주)), its registration number, the address (lines of street words,
house numbers and a postcode, then the city, state or mall), then phone, tax number, date
and the document title. The address starts at the first of the page's first lines that
reads like one (a line ending in a comma right above it goes on to it) and runs over the
lines after it until a line of another kind (a label, a registration number, a phone number,
a date, an e-mail or web address, opening hours, a name) or, after its postcode line, a few
short lines (state, country, branch); where a phone or a tax label follows the address on
its last row, the words before it end the address. The address is printed under the name:
a run above the name gives way to one under it that reads surely as an address. The name
is the top-most business-like line above it (one with a company word, else the nearest
line of letters), joined to the lines it runs over.

These rules were written for receipts of shops not seen: each is tested on made-up lines
(tests/test_keyfields_layout.py); on the SROIE dev receipts they changed no field of the
docparse reading; dev headers changed the ways other shops print them (a phone on the
address's last row, a web or hours line after it, a number written by hand above the name:
benchmarks/sroie_headers.py) measure them.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence

from docparse.keyfields.candidates import Found
from docparse.keyfields.lexicon import INVOICE_WORDS
from docparse.keyfields.linekinds import (
    TRAILING_REGISTRATION,
    address_like,
    business,
    company,
    key_and_value,
    postcode,
    street,
)
from docparse.keyfields.lines import LabelHit, TextLine, key
from docparse.keyfields.misreads import o_and_zero
from docparse.keyfields.names import name_from, names_business, title_only
from docparse.keyfields.values import BUSINESS_NUMBER, DATE, PHONE, TIME
from docparse.model import Line

ADDRESS_LINES = 6
"""An unlabelled address runs over at most this many lines (SROIE dev receipts: 2 to 5)."""
AFTER_POSTCODE = 2
"""Short lines kept after the postcode line: state, country, a branch or mall name
("SELANGOR DARUL EHSAN", "MALAYSIA", "(MR DIY TESCO TERBAU)"; SROIE dev receipts)."""
HEADER_LINES = 15
"""A receipt's address is among its first lines."""
TITLE_LINES = 8
"""Without an address, a receipt's name is among its first lines."""
PLACE_WORDS = 4
REGISTRATION_LETTERS = 10
"""Letters besides the number on a registration line ("CO.REG", "COMPANY NO", "GST ID")."""
UNLABELLED_SCORE = 0.7
PLACE_LETTERS = 3
"""Letters a line above an address needs to be a place's name (a building, a mall)."""
_AFTER_ADDRESS = frozenset({"phone", "fax", "registration_number", "vat"})
"""Labels printed after an address, on its last row at times (TEL, FAX, GST ID, CO. REG)."""
_INTERNATIONAL = re.compile(r"(?<![\w+])\+\d{2,3}[\s-]?\d{1,4}[\s-]?\d{3,4}[\s-]?\d{4}(?!\d)")
"""A phone number after its country code ("+603-9130 2672", "+6012-918 7937"), which
:data:`~docparse.keyfields.values.PHONE` reads only with the area code's 0."""
_WEB = re.compile(r"\S@\S|\bwww\.|\.com\b", re.I)
"""An e-mail or web address: a contact line, never part of a postal address."""
_HOURS = re.compile(r"\b(?:[01]?\d|2[0-3])(?:[:.][0-5]\d)?\s?[ap]\.?m\b|\bopen\b|\bhours\b", re.I)
"""Opening hours ("10AM-10PM", "OPEN DAILY", "BUSINESS HOURS")."""

REGISTRATION = re.compile(
    r"(?<![\w-])[A-Z0-9]*\d[A-Z0-9]*(?:\s?-\s?[A-Z0-9]+)+(?![\w-])|\d{6,}", re.I
)
_LOOSE_POSTCODE = re.compile(r"(?<![\w.\-:/])\S?\d{4,5}(?![\d\-:/])[.,]?\s+[^\W\d_]{3,}")
"""A postcode with a digit lost or misread ("5100 KUALA LUMPUR", "§6100 CHERAS"), trusted only
to end an address already started: 4 digits before a word also reads "1000 HRS"."""
_END_POSTCODE = re.compile(r"[^\W\d_]{2,}[\s,]+\d{5}[.,]?\s*$")
"""A 5-digit postcode at the end of its line, after a place name."""
COMPANY_NUMBER = re.compile(
    r"(?<![\w-])[A-Z]{0,3}\d{4,}\s?-?\s?[A-Z](?![\w-])|(?<![\w-])\d{6,}(?![\w-])", re.I
)
"""A company number printed without a label: digits and a check letter ("789417-W",
"SA0264195-T", "001055194X") or a long run of digits, not a house number ("1-0-2")."""
_REGISTRATION_WORDS = re.compile(
    r"\b(?:co|company|reg|registration|roc|no|gst|sst|id|business|brn|tax|num|number)\b", re.I
)


def header(
    lines: Sequence[TextLine], hits: Sequence[LabelHit]
) -> tuple[Found | None, Found | None]:
    """The merchant's name and address, either None when not found."""
    labelled = {h.line.order for h in hits}
    first = [line for line in lines if line.page == lines[0].page][:HEADER_LINES] if lines else []

    def stops(line: TextLine) -> bool:
        return line.order in labelled or registration_only(line) or _other_value(line)

    # a line where the address ends and a phone or a tax number follows on the same row
    heads = {
        line.order: head
        for line in first
        if stops(line) and (head := _address_head(line, hits)) is not None
    }
    starts = [
        at
        for at, line in enumerate(first)
        if (line.order in heads and address_like(heads[line.order]))
        or (not stops(line) and _starts_address(line) and (at > 0 or _numbered(line)))
    ]
    if not starts:
        return title(lines, hits), None
    start, run = _address_run(first, starts, stops, heads)
    start, run = _comma_lines_above(first, start, run, stops)
    post = max((at for at, line in enumerate(run) if postcode(line)), default=None)
    if post is not None:
        end = post + 1
        if end < len(run) and _ends_with_postcode(run[post]) and _place_line(run[end]):
            end += 1  # "BANDAR BUKIT RAJA, 41050" / "KLANG SELANGOR D.E, MALAYSIA"
        while end < len(run) and end - post <= AFTER_POSTCODE and _after_postcode(run[end]):
            end += 1
    else:
        end = max(at for at, line in enumerate(run) if _goes_on(run, at)) + 1
        while end < len(run) and _place_name(run[end]):
            end += 1
    kept = run[:end]
    text = " ".join(line.text.strip() for line in kept)
    address = Found(kept[0], 0, len(kept[0].text), text, UNLABELLED_SCORE, more=tuple(kept[1:]))
    above = [
        line
        for line in first[:start]
        if line.order not in labelled and not registration_only(line) and _is_title(line, hits)
    ]
    if not above:
        return None, address
    # the top-most line with a company word (a former name or a licensee may follow it); else
    # the line nearest the address: on SROIE dev receipts the top-most or the tallest line is
    # as often a name written on the receipt by hand (0.88 / 0.89 against 0.905, PP-OCR)
    with_word = [line for line in above if names_business(line)]
    return name_from(with_word[0] if with_word else above[-1], above), address


def _address_run(
    first: Sequence[TextLine],
    starts: Sequence[int],
    stops: Callable[[TextLine], bool],
    heads: dict[int, TextLine],
) -> tuple[int, list[TextLine]]:
    """Where the address starts among ``first`` and the lines it may run over: from the first
    address-like line to a line of another kind (``stops``, a company line), at most
    ``ADDRESS_LINES``. A lone line with no postcode gives way to a later run that holds one:
    a logo or a slogan read into garbage can hold a street word ("ST" in plain Tesseract's
    reading of a logo, SROIE dev 060), an address of one line without a postcode is rare."""
    runs = []
    for start in starts:
        if runs and start < runs[-1][0] + len(runs[-1][1]):
            continue
        run: list[TextLine] = []
        for line in first[start : start + ADDRESS_LINES]:
            if line.order in heads:
                run.append(heads[line.order])  # its address part, then the run ends
                break
            if run and (stops(line) or company(line) or _name_line(line)):
                break
            run.append(line)
        runs.append((start, run))
    first_run = runs[0]
    with_postcode = [run for run in runs[1:] if any(postcode(line) for line in run[1])]
    name = next((at for at, line in enumerate(first) if _name_line(line)), None)
    if name is not None and first_run[0] < name and not any(map(street, first_run[1])):
        # the address is printed under the name: a run above it with a postcode but no street
        # word or house number is a number written on the receipt by hand and read as one
        # ("31007 DSH)" above "LIAN HING STATIONERY SDN BHD", plain Tesseract, SROIE dev 075),
        # when a run that reads surely as an address (a postcode, or two lines of street
        # words) follows the name. A run with street words above a name is an address: a
        # shop's own, above the company that runs it (SROIE dev 052: "LOT R1, KWS REHAT ..."
        # above "MYNEWS RETAIL SB ..."), which may print its own address under it
        below = [
            run
            for run in runs[1:]
            if run[0] > name and (run in with_postcode or sum(map(address_like, run[1])) > 1)
        ]
        if below:
            return below[0]
    if len(first_run[1]) == 1 and not postcode(first_run[1][0]):
        return with_postcode[0] if with_postcode else first_run
    return first_run


def _name_line(line: TextLine) -> bool:
    """A line that names a business: a company word, or a shop word on a line that is not an
    address's ("SHOP LOT 3,", "DERETAN KEDAI MAWAR,": a street word, a comma to go on)."""
    if company(line):
        return True
    ends_open = line.text.rstrip().endswith(",")
    return business(line) and not address_like(line) and not ends_open


def _numbered(line: TextLine) -> bool:
    """Whether ``line`` holds a digit. A receipt or invoice opens with its issuer's name; its
    first line starts the address only with a number on it (a house number, a postcode: the
    name is then a logo OCR does not read), else it is a name holding a street word ("HARBOR
    STREET DELI", outside generator dev en_receipt; no SROIE dev receipt's address starts on
    its first line)."""
    return any(c.isdigit() for c in line.text)


def _starts_address(line: TextLine) -> bool:
    """Whether an address can start on ``line``: it reads like one and is no name; a line with
    a shop word starts one only with a number on it ("SHOP LOT 3,", not "KLINIK DR TAN",
    whose DR is no street)."""
    if company(line) or not address_like(line):
        return False
    return not business(line) or _numbered(line)


def _address_head(line: TextLine, hits: Sequence[LabelHit]) -> TextLine | None:
    """The words of ``line`` before a phone number or a contact or tax label printed after
    the address on the same row ("43650 BANGI, SELANGOR. TEL: 03-1234 5678", "SELANGOR DARUL
    EHSAN GST ID : ..."), when they are words of a place (an address line when they start
    one: see :func:`header`); else None."""
    cuts = [h.start for h in hits if h.line.order == line.order and h.field in _AFTER_ADDRESS]
    cuts += [phone.start() for phone in (_phone(line.text),) if phone]
    if not cuts:
        return None
    count = line.word_of(min(cuts))  # the words before the one the label or number starts in
    while count and line.line.words[count - 1].text.endswith(":"):
        count -= 1  # a label of its own before the number: "H/P:", "T:", "HP:"
    if count == 0:
        return None
    head = TextLine(line.page, line.order, Line.of(list(line.line.words[:count])))
    if not _is_place(head) or company(head) or _other_value(head):
        return None
    return head


def _phone(text: str) -> re.Match[str] | None:
    """The first phone number in ``text``, printed at home or with its country code."""
    found = [m for m in (PHONE.search(text), _INTERNATIONAL.search(text)) if m]
    return min(found, key=lambda m: m.start()) if found else None


def _comma_lines_above(
    first: Sequence[TextLine],
    start: int,
    run: list[TextLine],
    stops: Callable[[TextLine], bool],
) -> tuple[int, list[TextLine]]:
    """The address run with the lines right above its start that end in a comma, which says
    another part of the address follows ("WISMA SERI MAJU," above "NO 5, JALAN MAWAR 1,"):
    a building or a mall is printed first without a street word or a number."""
    while (
        start > 0
        and len(run) < ADDRESS_LINES
        and first[start - 1].text.rstrip().endswith(",")
        and not stops(first[start - 1])
        and not business(first[start - 1])
        and _is_place(first[start - 1])
    ):
        start -= 1
        run = [first[start], *run]
    return start, run


def _is_place(line: TextLine) -> bool:
    """Words of letters (a building, a mall, an area), no value of another kind."""
    return sum(c.isalpha() for c in line.text) >= PLACE_LETTERS and ":" not in line.text


def _goes_on(run: Sequence[TextLine], at: int) -> bool:
    """Whether line ``at`` of an address run with no postcode read is still the address: it
    reads like one, holds a postcode OCR lost a digit of or misread ("CHERAS, 5100 KUALA
    LUMPUR", "§6100 CHERAS"), or the line before ends with a comma, which says another part
    follows (SROIE dev, plain Tesseract: 082, 101; PP-OCR: 031)."""
    line = run[at]
    if address_like(line) or _LOOSE_POSTCODE.search(line.text):
        return True
    return at > 0 and run[at - 1].text.rstrip().endswith(",")


def title(lines: Sequence[TextLine], hits: Sequence[LabelHit]) -> Found | None:
    """Without an address: among the first lines of page 1, one with a company word, else the
    first line of letters without a label."""
    first = [line for line in lines if line.page == lines[0].page][:TITLE_LINES] if lines else []
    pool = [line for line in first if _is_title(line, hits)]
    if not pool:
        return None
    with_word = [line for line in pool if names_business(line)]
    line = with_word[0] if with_word else pool[0]
    return name_from(line, pool)


def registration_only(line: TextLine) -> bool:
    """A line holding only a company registration number ("789417-W", "(CO.REG : 933109-X)",
    "COMPANY REG. NO. : 001055194X", "123-45-67890"), not a name or an address with one
    ("AEON CO. (M) BHD (126926-H)", "LOT 1-0-2, JLN 1/50,")."""
    match = COMPANY_NUMBER.search(line.text) or BUSINESS_NUMBER.search(line.text)
    if match is None:
        return False
    rest = _REGISTRATION_WORDS.sub("", line.text[: match.start()] + line.text[match.end() :])
    return sum(c.isalpha() for c in rest) <= 2


def _is_title(line: TextLine, hits: Sequence[LabelHit]) -> bool:
    """A line of letters (a registration number after the name does not count), not only a
    document's title ("영수증" above the name and its 상호 label), nor another field's label
    and value that the lexicon lacks ("Invoice No: INV-2025-001")."""
    if title_only(line.line.words) or key_and_value(line.text):
        return False
    text = key(TRAILING_REGISTRATION.sub("", line.text))
    letters = sum(c.isalpha() for c in text)
    if letters < 2 or letters < len(text) / 2:
        return False
    if any(h.line is line for h in hits):
        return False
    return not any(p.search(line.text) for p in (DATE, PHONE, BUSINESS_NUMBER, TIME))


def _ends_with_postcode(line: TextLine) -> bool:
    """A postcode ends the line: the place it stands for is printed on the next line."""
    return bool(_END_POSTCODE.search(o_and_zero(line.text)))


def _place_line(line: TextLine) -> bool:
    """A line of place names after a postcode: letters, no digits, no key and value."""
    text = line.text
    return any(c.isalpha() for c in text) and not any(c.isdigit() for c in text) and ":" not in text


def _place_name(line: TextLine) -> bool:
    """A short line of letters only (a city or state), not a document title."""
    if any(word in line.key for word in INVOICE_WORDS):
        return False
    words = line.text.split()
    return 0 < len(words) <= PLACE_WORDS and not any(c.isdigit() for c in line.text)


def _after_postcode(line: TextLine) -> bool:
    """A line that ends an address after its postcode line: a few words with letters (state,
    country, a branch or mall name), not a document title."""
    if any(word in line.key for word in INVOICE_WORDS) or company(line) or ":" in line.text:
        return False  # a title, a name, a key and its value ("Document No : TD01167104")
    words = line.text.split()
    return 0 < len(words) <= PLACE_WORDS and any(c.isalpha() for c in line.text)


def _other_value(line: TextLine) -> bool:
    """A phone number, a date, an e-mail or web address; a time or opening hours only off
    address lines ("NO.5: 55,57" reads as one)."""
    if any(p.search(line.text) for p in (PHONE, _INTERNATIONAL, DATE, _WEB)):
        return True
    return any(p.search(line.text) for p in (TIME, _HOURS)) and not address_like(line)
