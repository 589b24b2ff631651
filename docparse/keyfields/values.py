"""Value types of receipt and invoice fields: how each is printed, and what it means.

Every pattern finds a value inside a line's text as OCR or a text layer gives it, so each
tolerates the spacing OCR adds ("12 ,000") and the currency marks around amounts ("₩", "원",
"RM", "$"). Amounts are parsed to :class:`~decimal.Decimal`: a separator followed by exactly
two digits at the end is a decimal point ("48.00", "1.234,56"), one followed by three digits
groups thousands ("12,000", and OCR's "12.000" for won, which have no decimals).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable
from decimal import Decimal, InvalidOperation

AMOUNT = re.compile(
    r"(?<![\w,.\-/:*#])"
    r"-?(?:[₩$€£¥]\s?|RM\s?)?"
    r"-?\d{1,3}(?:\s?[,.]\s?\d{3})*(?:[.,]\s?\d{2})?"
    r"(?:\s?원)?"
    r"(?![\w,.\-/:*%])"
    r"|(?<![\w,.\-/:*#])-?\d{4,9}(?:[.,]\d{2})?(?![\w,.\-/:*%])"
)
"""An amount: grouped digits with optional 2-digit decimals, or a run of up to 9 digits; a
minus sign may come before the currency ("-RM 0.02", a rounding down)."""
_MONTH_NAME = r"(?:jan|feb|mar|apr|may|jun|jul|aug|sep|(?:o|(?<!\d)0)ct|n[o0]v|dec)"
"""A month's name as printed or with its O read as a zero ("0ct 15, 2024": PP-OCR on a
receipt of the outside generator's dev seeds; a month's name holds no digit)."""
_ZERO_FOR_O = re.compile(r"(?<!\d)0(?=ct)|(?<=n)0(?=v)")
DATE = re.compile(
    r"(?<![\w./])(?:(?:19|20)\d\d\s?[-./년]\s?\d{1,2}\s?[-./월]\s?\d{1,2}(?:\s?일)?"
    r"|(?:19|20)\d\d\s(?:0?[1-9]|1[0-2])\s(?:0?[1-9]|[12]\d|3[01])(?=\s+[0-2]?\d:[0-5]\d)"
    r"|\d{1,2}\s?(?P<sep>[-./])\s?\d{1,2}\s?(?P=sep)\s?(?:19|20)?\d\d"
    rf"|\d{{1,2}}[\s\-]?{_MONTH_NAME}[a-z]*[\s\-,]*(?:19|20)?\d\d"
    rf"|{_MONTH_NAME}[a-z]*\.?\s?\d{{1,2}}(?:,\s?|\s)(?:19|20)\d\d"
    r")(?:(?!\d)|(?<=(?:19|20)\d\d)(?=[0-2]?\d:[0-5]\d))",
    re.IGNORECASE,
)
"""2025-04-11, 2025.04.11, 2025년 4월 11일, 25/12/2018, 12-01-19, 11 Dec 2018, Dec 11, 2018
(and "Dec 11,2018", the space after the comma lost). A year-first date whose 년 월 일 OCR
lost ("2024 12 16") counts only before a time ("2024 12 16 12:44"): a date and time stamp.
Day-first dates use one separator twice and start a word: "HC03-7 - 15" (an item code) and
"REG #19- 18/01/2018" hold no date but "18/01/2018". A four-digit year may run into the
time ("30/05/201710:18:02", as PP-OCR reads a narrow gap)."""
TIME = re.compile(
    r"(?<![\d:])(?:[01]?\d|2[0-3])\s?:\s?[0-5]\d(?:\s?:\s?[0-5]\d)?(?:\s?[AaPp][Mm])?(?![\d:])"
)
PHONE = re.compile(
    r"(?<![\d-])(?:\+?\d{1,3}[\s-])?"
    r"(?:\(?0\d{1,3}\)?[\s-]?\d{3,4}[\s-]\d{4}|0\d{1,3}[\s-]\d{7,8})(?![\d-])"
)
"""A phone number: area code, then two groups or one (02-946-5350, 07-3507405, (03) 1234
5678, 019-7521215)."""
BUSINESS_NUMBER = re.compile(r"(?<![\d-])\d{3}\s?-\s?\d{2}\s?-\s?\d{5}(?![\d-])")
"""A Korean business registration number, 000-00-00000."""
CARD = re.compile(r"(?<![\w-])\d{4}[\s-]?[\d*xX]{2,4}[*xX\d]*(?:[\s-]?[\d*xX+]{4}){1,3}(?![\w-])")
"""A card number as printed, digits masked with * or X."""
APPROVAL = re.compile(r"(?<![\d-])\d{6,12}(?![\d-])")

_MONTHS = {
    m: i
    for i, m in enumerate(
        ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"], 1
    )
}
_CURRENCY = re.compile(r"[₩$€£¥원\s]|RM", re.IGNORECASE)
_DECIMAL_COMMA = re.compile(r"\d+,\d{2}")
_DOTTED_THOUSANDS = re.compile(r"\d{1,3}(?:\.\d{3})+")
_GLUED_SIGN = re.compile(r"^([₩$€£¥]|RM)\d")
_LEADING_CURRENCY = re.compile(r"^(?:[₩$€£¥]|RM)\s*", re.IGNORECASE)


def parse_amount(text: str) -> Decimal | None:
    """The number an amount stands for, or None ("12,000원" → 12000, "RM 48.00" → 48.00)."""
    bare = _CURRENCY.sub("", text)
    negative = bare.startswith("-")
    bare = bare.lstrip("-")
    if not bare or not bare[0].isdigit():
        return None
    decimals = ""
    last = max(bare.rfind(","), bare.rfind("."))
    if last >= 0 and len(bare) - last - 1 == 2:
        bare, decimals = bare[:last], bare[last + 1 :]
    digits = bare.replace(",", "").replace(".", "")
    if not digits.isdigit():
        return None
    try:
        value = Decimal(f"{digits}.{decimals}" if decimals else digits)
    except InvalidOperation:
        return None
    return -value if negative else value


def amount_text(text: str) -> str:
    """An amount as printed, less OCR's spaces and a currency written apart from it ("₩ 12
    ,000" → "12,000", "RM 9.00" → "9.00"); a sign printed onto the amount stays, as the
    receipt prints it ("$8.20", "RM4.00", and a trailing 원: "45,000원"). SROIE's truth keeps
    "$8.20" (4 of 4 dev receipts) and drops a ringgit sign printed apart ("RM 33.90" → 33.90
    on 9 of 10 dev receipts)."""
    minus = "-" if text.startswith("-") else ""
    text = text.removeprefix("-")
    glued = _GLUED_SIGN.match(text)
    sign = minus + (glued.group(1) if glued else "")
    text = _LEADING_CURRENCY.sub("", text[len(sign) - len(minus) :]).replace(" ", "")
    if _DECIMAL_COMMA.fullmatch(text):
        return sign + text.replace(",", ".")  # "129,46": a decimal point read as a comma
    # OCR reads won's commas as dots ("12.000"): won have no decimals, no currency has 3
    # in receipts we read
    if _DOTTED_THOUSANDS.fullmatch(text.removesuffix("원")):
        text = text.replace(".", ",")
    return sign + text


def parse_date(text: str, month_first: bool = False) -> dt.date | None:
    """The day a printed date names: year first; else, of two numbers before the year, the
    one over 12 is the day, and when both could be months the first is the day (as SROIE's
    Malaysian receipts print) or, with ``month_first``, the month (US receipts)."""
    low = _ZERO_FOR_O.sub("o", text.casefold())
    month_name = re.search(r"[a-z]{3,}", low)
    numbers = [int(n) for n in re.findall(r"\d+", low)]
    try:
        if month_name:
            month = _MONTHS.get(month_name.group()[:3])
            if month is None or len(numbers) < 2:
                return None
            day, year = (numbers[0], numbers[1]) if numbers[0] <= 31 else (numbers[1], numbers[0])
            return dt.date(_year(year), month, day)
        if len(numbers) < 3:
            return None
        a, b, c = numbers[:3]
        if a >= 1900:
            return dt.date(a, b, c)
        if b > 12 >= a or (month_first and a <= 12):
            return dt.date(_year(c), a, b)
        return dt.date(_year(c), b, a)
    except ValueError:
        return None


_NUMERIC_DATE = re.compile(
    r"(?<![\d./-])(\d{1,2})\s?([-./])\s?(\d{1,2})\s?\2\s?(?:19|20)?\d\d(?!\d)"
)
_DOLLARS = re.compile(r"(?<![A-Za-z])(?:US)?\$\s?\d|\bUSD\b")
_US_STATES = (
    "AL AK AZ AR CA CO CT DE DC FL GA HI ID IL IN IA KS KY LA ME MD MA MI MN MS MO MT NE NV NH "
    "NJ NM NY NC ND OH OK OR PA RI SC SD TN TX UT VT VA WA WV WI WY"
)
_US_ADDRESS = re.compile(
    rf",\s*(?:{'|'.join(_US_STATES.split())})\s+\d{{5}}(?:-\d{{4}})?(?!\d)", re.IGNORECASE
)
"""A US address's "City, ST 12345" (OCR may lower the state's case: "Denver, co 80202")."""


def month_first(texts: Iterable[str]) -> bool:
    """Whether the document's numeric dates (03/05/2025) put the month first: as one of its
    own dates shows (a first number over 12 is a day: 25/03 is day first; a second over 12
    is a day: 03/25 is month first); failing that, by the country's convention — amounts in
    dollars ("$8.20", USD) or a US address ("Denver, CO 80202") are read the US way, any
    other day first (ringgit, won, euros). A receipt with none of these (no currency, a city
    and a postcode alone) is read day first: nothing on it tells."""
    texts = list(texts)
    for text in texts:
        for match in _NUMERIC_DATE.finditer(text):
            a, b = int(match.group(1)), int(match.group(3))
            if a > 12 >= b:
                return False
            if b > 12 >= a:
                return True
    return any(_DOLLARS.search(text) or _US_ADDRESS.search(text) for text in texts)


def _year(year: int) -> int:
    return year + 2000 if year < 100 else year


def parse_number(text: str) -> Decimal | None:
    """A quantity ("2", "1.5", "2 PC")."""
    match = re.search(r"\d+(?:[.,]\d+)?", text)
    if match is None:
        return None
    try:
        return Decimal(match.group().replace(",", "."))
    except InvalidOperation:
        return None
