"""What a line of a receipt's header is: a company's name (a legal form or a kind of shop), a
business's, an address's (street words, a house number, a postcode). Shared by the address
(:mod:`docparse.keyfields.header`) and the name (:mod:`docparse.keyfields.names`)."""

from __future__ import annotations

import re

from docparse.keyfields.lexicon import BUSINESS_WORDS, COMPANY_WORDS, STREET_WORDS
from docparse.keyfields.lines import TextLine
from docparse.keyfields.misreads import o_and_zero

_POSTCODE = re.compile(
    r"(?<![\d\-:/])(?<!\d\.)\d{5}(?![\d\-:/])(?:[.,](?!\d))?\s*[^\W\d_]"
    r"|[^\W\d_]{2,}[\s,]+\d{5}[.,]?\s*$"
)
"""A 5-digit postcode before a place name ("53200, KUALA LUMPUR", "53200. KUALA LUMPUR") or
after one at the end of its line ("U 13/Q SETIA ALAM 40170"): Malaysia, Korea, the US ..."""
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
BUSINESS_WORD = re.compile(rf"\b(?:{'|'.join(BUSINESS_WORDS)})\b", re.I)
_KOREAN = tuple(word for word in COMPANY_WORDS if not word.isascii())


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
LEGAL_END = re.compile(
    r"(?:sdn\.?\s?bhd|bhd|s/b|ltd|limited|inc|llc|gmbh|corp|corporation|plc|enterprise|"
    r"trading|\(m\)|co\.?)\.?\s*$|^\s*(?:㈜|\(주\)|주식회사)|(?:㈜|\(주\)|주식회사)\s*$",
    re.I,
)
"""A name that ends here: a legal form or a trading suffix closes a company's name."""
TRAILING_REGISTRATION = re.compile(
    r"\s*\(?(?<![\w/])[A-Z]*[\s.:]*\d[\dA-Z]*[-·][A-Z0-9]+\)?\s*$", re.I
)
"""A registration number ending a name line ("(519537-X)", "CO.REG:933109-X"); its letters
start a word of their own, not the end of a legal form ("99 SPEED MART 5/B 519537-X)", its
bracket lost: the B stays with "5/")."""


KEY_AND_VALUE = re.compile(
    r"^\W*[^\W\d_][^\W\d_'/&]*\.?(?:\s+[^\W\d_][^\W\d_'/&]*\.?){0,2}\s*[:：]\s*\S"
)
"""A field's label and its value ("Invoice No: INV-2025-001", "Order Date : 05/03"): one to
three words of letters first, then a colon and a value, which no name is printed as. Checked
on a line less a trailing registration number ("ABC SDN BHD (CO.REG: 933109-X)")."""


def key_and_value(text: str) -> bool:
    """Whether ``text`` reads as another field's "label: value" (see ``KEY_AND_VALUE``)."""
    return bool(KEY_AND_VALUE.match(TRAILING_REGISTRATION.sub("", text)))


def company(line: TextLine) -> bool:
    """A line with a company word (a legal form, a kind of shop): a name, not an address.
    Latin words count whole (spaces inside them as OCR reads them, a plural "s" after): "inc"
    is no word of "INCL GST" or "PRINCE", "co." none of "TESCO.", "mart" none of "SMART";
    Korean ones inside a word too ("한빛상사", "이마트")."""
    return bool(_COMPANY_WORD.search(line.text)) or any(word in line.key for word in _KOREAN)


def business(line: TextLine) -> bool:
    """A line that names a business, by whole words: a company word, or a word of
    BUSINESS_WORDS, which marks a name line but does not end an address ("SHOP LOT 3",
    "DERETAN KEDAI": a row of shops, are Malaysian address words)."""
    return company(line) or bool(BUSINESS_WORD.search(line.text))


def address_like(line: TextLine) -> bool:
    return bool(postcode(line) or street(line))


def street(line: TextLine) -> bool:
    """A street word or a house number on the line (a postcode aside)."""
    return bool(_STREET.search(line.text))


def postcode(line: TextLine) -> bool:
    """A postcode on the line, an O read for one of its zeros too ("4330O SERI KEMBANGAN")."""
    return bool(_POSTCODE.search(o_and_zero(line.text)))
