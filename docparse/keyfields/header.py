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
(tests/test_keyfields_layout.py), and on the SROIE dev receipts they changed no field; dev
headers changed the ways other shops print them (a phone on the address's last row, a web
or hours line after it, a number written by hand above the name) measure them.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence

from docparse.keyfields.candidates import Found
from docparse.keyfields.lexicon import (
    BUSINESS_WORDS,
    COMPANY_WORDS,
    ENGLISH_KINDS,
    INVOICE_WORDS,
    MALAY_KINDS,
    STREET_WORDS,
)
from docparse.keyfields.lines import LabelHit, TextLine, key
from docparse.keyfields.misreads import LEADING_MARKS as _LEADING_MARKS
from docparse.keyfields.misreads import o_and_zero
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
NAME_TYPE = 0.6
"""A name's next line is set in type at least this share of its height (see _same_block)."""
WRAPPED_TYPE = 0.8
"""A name's line wrapped under a line is set in type at least this share of that line's
height: the second lines of names on the SROIE dev transcriptions are 0.8-1.0 of the first's;
a name written by hand above a printed one ("TAN WOON YANN" above "YONGFATT ENTERPRISE", dev
003, 005) is taller, the printed name 0.68 of it."""
ALIGNED = 0.25
"""How far (share of the name line's width) its next line's middle may stand off."""
TITLE_SCORE = 0.6
NAME_LINES = 3
"""A name is printed over at most this many lines (SROIE dev receipts: 1 or 2)."""
COMPANY_BONUS = 0.2

PLACE_LETTERS = 3
"""Letters a line above an address needs to be a place's name (a building, a mall)."""
_PARTY_LABELS = frozenset(
    {"name", "registration_number", "phone", "fax", "address", "owner"}
    | {"supplier_heading", "buyer_heading"}
)
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
_POSTCODE = re.compile(
    r"(?<![\d\-:/])(?<!\d\.)\d{5}(?![\d\-:/])(?:[.,](?!\d))?\s*[^\W\d_]"
    r"|[^\W\d_]{2,}[\s,]+\d{5}[.,]?\s*$"
)
"""A 5-digit postcode before a place name ("53200, KUALA LUMPUR", "53200. KUALA LUMPUR") or
after one at the end of its line ("U 13/Q SETIA ALAM 40170"): Malaysia, Korea, the US ..."""
_LOOSE_POSTCODE = re.compile(r"(?<![\w.\-:/])\S?\d{4,5}(?![\d\-:/])[.,]?\s+[^\W\d_]{3,}")
"""A postcode with a digit lost or misread ("5100 KUALA LUMPUR", "§6100 CHERAS"), trusted only
to end an address already started: 4 digits before a word also reads "1000 HRS"."""
_END_POSTCODE = re.compile(r"[^\W\d_]{2,}[\s,]+\d{5}[.,]?\s*$")
"""A 5-digit postcode at the end of its line, after a place name."""
_STREET = re.compile(
    r"^\s*(?:no\.?\s*:?\s*)?[a-z]?\d+[a-z]?(?:\s?[-/]\s?[a-z0-9]+)*\s*,(?!\d)|"
    r"(?:^|,)\s*no\b\.?\s*:?\s*\d|"
    rf"\b(?:{'|'.join(sorted(STREET_WORDS - {'NO'}))})\b\.?|"
    r"[가-힣]+(?:시|구|군|로|길|동|읍|면)\s?\d|번지",
    re.IGNORECASE,
)
"""A house or unit number first ("27,", "NO: 28,", "G-13,", "1-0-2,"; not an amount "12,50"),
street words, Korean address units followed by a number. NO is a house number's word only
first in its line or its part ("NO 290,", "LOT 5, NO 3"), not after another word ("INVOICE NO
:", "DOC NO.", "TABLE NO")."""
COMPANY_NUMBER = re.compile(
    r"(?<![\w-])[A-Z]{0,3}\d{4,}\s?-?\s?[A-Z](?![\w-])|(?<![\w-])\d{6,}(?![\w-])", re.I
)
"""A company number printed without a label: digits and a check letter ("789417-W",
"SA0264195-T", "001055194X") or a long run of digits, not a house number ("1-0-2")."""
_REGISTRATION_WORDS = re.compile(
    r"\b(?:co|company|reg|registration|roc|no|gst|sst|id|business|brn|tax|num|number)\b", re.I
)
_BUSINESS = re.compile(rf"\b(?:{'|'.join(BUSINESS_WORDS)})\b", re.I)
_KOREAN = tuple(word for word in COMPANY_WORDS if not word.isascii())
_CONJUNCTION = re.compile(r"\s(?:and|dan|of)$", re.I)


def _whole_word(word: str) -> str:
    """A Latin company word as a pattern: its characters with any spaces between them, not
    inside a longer word ("sdnbhd" finds "SDN BHD" and "SDNBHD", not "XSDNBHD")."""
    body = r"\s*".join(re.escape(c) for c in word)
    before = r"(?<![^\W_])" if word[0].isalnum() else ""
    after = r"s?(?![^\W\d_])" if word[-1].isalpha() else ""
    return before + body + after


_COMPANY_WORD = re.compile(
    "|".join(_whole_word(word) for word in COMPANY_WORDS if word.isascii()), re.I
)
_LEGAL_END = re.compile(
    r"(?:sdn\.?\s?bhd|bhd|s/b|ltd|limited|inc|llc|gmbh|corp|corporation|plc|enterprise|"
    r"trading|\(m\)|co\.?)\.?\s*$|^\s*(?:㈜|\(주\)|주식회사)|(?:㈜|\(주\)|주식회사)\s*$",
    re.I,
)
"""A name that ends here: a legal form or a trading suffix closes a company's name."""
_TRAILING_REGISTRATION = re.compile(
    r"\s*\(?(?<![\w/])[A-Z]*[\s.:]*\d[\dA-Z]*[-·][A-Z0-9]+\)?\s*$", re.I
)
"""A registration number ending a name line ("(519537-X)", "CO.REG:933109-X"); its letters
start a word of their own, not the end of a legal form ("99 SPEED MART 5/B 519537-X)", its
bracket lost: the B stays with "5/")."""


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
        if (line.order in heads and _address_like(heads[line.order]))
        or (not stops(line) and _starts_address(line))
    ]
    if not starts:
        return title(lines, hits), None
    start, run = _address_run(first, starts, stops, heads)
    start, run = _comma_lines_above(first, start, run, stops)
    post = max((at for at, line in enumerate(run) if _postcode(line)), default=None)
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
        line for line in first[:start] if not registration_only(line) and _is_title(line, hits)
    ]
    if not above:
        return None, address
    # the top-most line with a company word (a former name or a licensee may follow it); else
    # the line nearest the address: on SROIE dev receipts the top-most or the tallest line is
    # as often a name written on the receipt by hand (0.88 / 0.89 against 0.905, PP-OCR)
    with_word = [line for line in above if _business(line)]
    return _name_from(with_word[0] if with_word else above[-1], above), address


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
            if run and (stops(line) or _company(line) or _name_line(line)):
                break
            run.append(line)
        runs.append((start, run))
    first_run = runs[0]
    with_postcode = [run for run in runs[1:] if any(_postcode(line) for line in run[1])]
    name = next((at for at, line in enumerate(first) if _name_line(line)), None)
    if name is not None and first_run[0] < name:
        # the address is printed under the name: a run above it is a number written on the
        # receipt by hand and read as a postcode ("31007 DSH)" above "LIAN HING STATIONERY
        # SDN BHD", plain Tesseract, SROIE dev 075) or a slogan, when a run that reads surely
        # as an address (a postcode, or two lines of street words) follows the name; an
        # address above the name has none after it (a former name under the address, SROIE
        # dev 052; an item "JALAN JALAN" further down is one line)
        below = [
            run
            for run in runs[1:]
            if run[0] > name and (run in with_postcode or sum(map(_address_like, run[1])) > 1)
        ]
        if below:
            return below[0]
    if len(first_run[1]) == 1 and not _postcode(first_run[1][0]):
        return with_postcode[0] if with_postcode else first_run
    return first_run


def _name_line(line: TextLine) -> bool:
    """A line that names a business: a company word, or a shop word on a line that is not an
    address's ("SHOP LOT 3,", "DERETAN KEDAI MAWAR,": a street word, a comma to go on)."""
    if _company(line):
        return True
    ends_open = line.text.rstrip().endswith(",")
    return _business(line) and not _address_like(line) and not ends_open


def _starts_address(line: TextLine) -> bool:
    """Whether an address can start on ``line``: it reads like one and is no name; a line with
    a shop word starts one only with a number on it ("SHOP LOT 3,", not "KLINIK DR TAN",
    whose DR is no street)."""
    if _company(line) or not _address_like(line):
        return False
    return not _business(line) or any(c.isdigit() for c in line.text)


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
    if not _is_place(head) or _company(head) or _other_value(head):
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
        and not _business(first[start - 1])
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
    if _address_like(line) or _LOOSE_POSTCODE.search(line.text):
        return True
    return at > 0 and run[at - 1].text.rstrip().endswith(",")


def title(lines: Sequence[TextLine], hits: Sequence[LabelHit]) -> Found | None:
    """Without an address: among the first lines of page 1, one with a company word, else the
    first line of letters without a label."""
    first = [line for line in lines if line.page == lines[0].page][:TITLE_LINES] if lines else []
    pool = [line for line in first if _is_title(line, hits)]
    if not pool:
        return None
    with_word = [line for line in pool if _business(line)]
    line = with_word[0] if with_word else pool[0]
    return _name_from(line, pool)


def registration_only(line: TextLine) -> bool:
    """A line holding only a company registration number ("789417-W", "(CO.REG : 933109-X)",
    "COMPANY REG. NO. : 001055194X", "123-45-67890"), not a name or an address with one
    ("AEON CO. (M) BHD (126926-H)", "LOT 1-0-2, JLN 1/50,")."""
    match = COMPANY_NUMBER.search(line.text) or BUSINESS_NUMBER.search(line.text)
    if match is None:
        return False
    rest = _REGISTRATION_WORDS.sub("", line.text[: match.start()] + line.text[match.end() :])
    return sum(c.isalpha() for c in rest) <= 2


def _name_from(line: TextLine, above: Sequence[TextLine]) -> Found:
    """The name on ``line``, less a registration number in brackets after it; joined to the
    lines before it while it goes on from there (it starts with a company word: "SDN BHD",
    "CO. (M) SDN BHD"; the line before ends open: "&", an unclosed bracket), and to the lines
    after it while each ends open or goes on (:func:`_runs_on`), ``NAME_LINES`` at most
    ("SERI MAJU" / "HARDWARE &" / "TRADING SDN BHD")."""
    text = _TRAILING_REGISTRATION.sub("", line.text).strip() or line.text.strip()
    start = line.text.index(text)
    at = list(above).index(line)
    score = TITLE_SCORE + (COMPANY_BONUS if _business(line) else 0.0)
    chain, texts = [line], [text]
    while len(chain) < NAME_LINES and at > 0 and above[at - 1].order == chain[0].order - 1:
        before = above[at - 1].text.strip()
        # a name's "&" starting a line goes on from the line above; other marks are OCR's
        words = texts[0].split() if texts[0].startswith("&") else _name_words(texts[0])
        if not _goes_on_from(above[at - 1], before, chain, words):
            break
        at -= 1
        chain, texts = [above[at], *chain], [before, " ".join(words), *texts[1:]]
        start = 0
    at += len(chain) - 1
    while len(chain) < NAME_LINES and at + 1 < len(above):
        after = above[at + 1]
        rest = _TRAILING_REGISTRATION.sub("", after.text).strip()
        if after.order != chain[-1].order + 1 or not _runs_on(chain[-1], texts[-1], after, rest):
            break
        at += 1
        chain, texts = [*chain, after], [*texts, rest]
    first = chain[0]
    end = start + len(text) if first is line else len(first.text)
    return Found(first, start, end, " ".join(texts), score, more=tuple(chain[1:]))


def _goes_on_from(
    previous: TextLine, before: str, chain: Sequence[TextLine], words: Sequence[str]
) -> bool:
    """Whether the name whose first line is ``chain[0]`` (``words``) goes on from the line
    above it (``before``, the text of ``previous``): that line ends open ("&", "AND"), or,
    not closed by a legal form itself, is followed by a line starting with a company word or
    "&" ("SDN BHD", "STATIONERY & BOOKS", "& HOME DECO"), or by a short line that a legal form
    closes, one or two words of a name wrapped onto it ("LIGHTROOM" / "GALLERY SDN BHD").
    For that last, the line above is set in the same type (``WRAPPED_TYPE``) and column, reads
    as no address (a logo read into garbage with a street word: "BRT ST QWZ") and is in the
    name's script (not Hangul jamo that plain Tesseract's kor+eng reads a logo into, SROIE dev
    087); a name of three words or more on a line of its own is whole ("BEN'S INDEPENDENT
    GROCER" above "BENS INDEPENDENT GROCER SDN. BHD", SROIE dev 060)."""
    if _open(before):
        return True
    if _LEGAL_END.search(before):
        return False
    if _starts_with_form(words) or (words and words[0] == "&"):
        return True
    wrapped = len(chain) == 1 and 0 < len(_LEGAL_END.split(" ".join(words))[0].split()) <= 2
    return (
        wrapped
        and bool(_LEGAL_END.search(" ".join(words)))
        and not any(c.isdigit() for c in before)
        and not _business(previous)
        and not _address_like(previous)
        and _latin(before) == _latin(" ".join(words))
        and _same_block(previous, chain[0])
        and chain[0].height >= WRAPPED_TYPE * previous.height
    )


def _runs_on(line: TextLine, text: str, after: TextLine, rest: str) -> bool:
    """Whether a name line (``text`` of ``line``) goes on to ``after`` (``rest`` of it): it
    ends open, or, not closed by a legal form, goes on to a line of its column and type without
    digits, when it holds a company word of COMPANY_WORDS ("RESTAURANT JIAWEI" / "JIAWEI
    HOUSE") or the line after starts with a legal form. The Malay kinds of BUSINESS_WORDS only
    mark the name line, a branch line often follows them ("RESTORAN ..." / "CAWANGAN ..."),
    and go on only to a legal form ("PASARAYA ..." / "SDN BHD")."""
    if _open(text):
        return True
    return (
        not _LEGAL_END.search(text)
        and not any(c.isdigit() for c in rest)
        and _same_block(line, after)
        and (_company(line) or _kind_only(text) or _starts_with_form(_name_words(rest)))
    )


def _latin(text: str) -> bool:
    """Whether the letters of ``text`` are all Latin."""
    return all(c.isascii() for c in text if c.isalpha())


def _kind_only(text: str) -> bool:
    """A line of Malay kinds of shop alone ("RESTORAN", "SYARIKAT PERNIAGAAN"): Malay sets the
    kind before the shop's own name, which a narrow receipt wraps onto the next line."""
    words = key(text.replace(" ", "|")).split("|")
    return all(word in MALAY_KINDS for word in words)


def _name_words(text: str) -> list[str]:
    """The words of a name line, without the marks OCR read before its first word ("—_— CO.
    (M) SDN BHD")."""
    return _LEADING_MARKS.sub("", text.replace("_", " ")).split()


def _starts_with_form(words: Sequence[str]) -> bool:
    """Whether a name line starts with a company word or an English kind of shop, which
    follow a name ("SDN BHD", "CO. (M) SDN BHD", "STATIONERY & BOOKS")."""
    first = key(words[0]) if words else ""
    return bool(first) and any(first.startswith(word) for word in (*COMPANY_WORDS, *ENGLISH_KINDS))


def _same_block(line: TextLine, after: TextLine) -> bool:
    """Whether ``after`` can go on with the name on ``line`` that ends without a legal form:
    set in type at least ``NAME_TYPE`` of its height, centred under it (within ``ALIGNED`` of
    its width) or starting where it starts (within its height). Not a word of another column
    that reading order put next ("| (CASH" left of a receipt's header: plain Tesseract, SROIE
    dev 099); the second lines of names that go on this way are 0.8-1.0 of the first's
    height on the SROIE dev transcriptions (065, 066)."""
    x0, _, x1, _ = line.line.box
    a0, _, a1, _ = after.line.box
    width = max(x1 - x0, 1.0)
    aligned = abs((a0 + a1 - x0 - x1) / 2) <= ALIGNED * width or abs(a0 - x0) <= line.height
    return after.height >= NAME_TYPE * line.height and aligned


def _open(text: str) -> bool:
    """Whether a name line goes on: it ends in "&", "," or a conjunction ("PAGOH REST AND" /
    "SERVICE AREA"; DAN is Malay "and") or leaves a bracket open."""
    if text.endswith(("&", ",", "-")) or text.count("(") > text.count(")"):
        return True
    return bool(_CONJUNCTION.search(text))


def _is_title(line: TextLine, hits: Sequence[LabelHit]) -> bool:
    """A line of letters (a registration number after the name does not count)."""
    text = key(_TRAILING_REGISTRATION.sub("", line.text))
    letters = sum(c.isalpha() for c in text)
    if letters < 2 or letters < len(text) / 2:
        return False
    on_line = [h for h in hits if h.line is line]
    if on_line and not _named_company(line, text, on_line):
        return False
    return not any(p.search(line.text) for p in (DATE, PHONE, BUSINESS_NUMBER, TIME))


def _named_company(line: TextLine, text: str, on_line: Sequence[LabelHit]) -> bool:
    """Whether a line holding a label's word is a company's name all the same: a company word
    names it, no value follows the label (``text``, the line without a registration number
    after the name, holds no digit) and the label is no party's (a name, an owner, a phone:
    "상호 (주)한빛 대표 홍길동" is keys and values): "SUPER CASH & CARRY SDN BHD", "TOTAL
    SPORTS ENTERPRISE", not "CASH 10.00"."""
    if any(h.field in _PARTY_LABELS for h in on_line):
        return False
    return _company(line) and not any(c.isdigit() for c in text)


def _company(line: TextLine) -> bool:
    """A line with a company word (a legal form, a kind of shop): a name, not an address.
    Latin words count whole (spaces inside them as OCR reads them, a plural "s" after): "inc"
    is no word of "INCL GST" or "PRINCE", "co." none of "TESCO.", "mart" none of "SMART";
    Korean ones inside a word too ("한빛상사", "이마트")."""
    return bool(_COMPANY_WORD.search(line.text)) or any(word in line.key for word in _KOREAN)


def _business(line: TextLine) -> bool:
    """A line that names a business: a company word, or a word of BUSINESS_WORDS, which
    marks a name line among the lines above an address but does not end an address: "SHOP
    LOT 3", "DERETAN KEDAI" (a row of shops) are Malaysian address words."""
    return _company(line) or bool(_BUSINESS.search(line.text))


def _address_like(line: TextLine) -> bool:
    return bool(_postcode(line) or _STREET.search(line.text))


def _postcode(line: TextLine) -> bool:
    """A postcode on the line, an O read for one of its zeros too ("4330O SERI KEMBANGAN")."""
    return bool(_POSTCODE.search(o_and_zero(line.text)))


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
    if any(word in line.key for word in INVOICE_WORDS) or _company(line) or ":" in line.text:
        return False  # a title, a name, a key and its value ("Document No : TD01167104")
    words = line.text.split()
    return 0 < len(words) <= PLACE_WORDS and any(c.isalpha() for c in line.text)


def _other_value(line: TextLine) -> bool:
    """A phone number, a date, an e-mail or web address; a time or opening hours only off
    address lines ("NO.5: 55,57" reads as one)."""
    if any(p.search(line.text) for p in (PHONE, _INTERNATIONAL, DATE, _WEB)):
        return True
    return any(p.search(line.text) for p in (TIME, _HOURS)) and not _address_like(line)
