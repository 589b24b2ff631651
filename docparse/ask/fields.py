"""What a question asks for: the fields ``docparse ask`` knows without a VLM, each with the
words that ask for it, the labels printed before it and the shape of its value.

Question words and labels are compared as space-less, case-folded NFC keys (see
:func:`key`), because Korean spacing is loose and Tesseract splits Hangul words into
syllables ("합 계 금액" for "합계금액")."""

from __future__ import annotations

import re
import unicodedata
from typing import NamedTuple

from docparse.grounding import _key as key
from docparse.keyfields.lexicon import LABELS

MONEY = re.compile(
    r"(?<![\d,.])(?:₩\s?)?\d{1,3}(?:\s?[,.]\s?\d{3})+(?:\s?원)?(?![\d,.])"
    r"|(?<![\d,.\-*])\d+(?:\s?원)?(?![\d,.\-*])"
)
DATE = re.compile(r"(?<!\d)(?:19|20)\d\d\s?[-./년]\s?\d{1,2}\s?[-./월]\s?\d{1,2}(?:\s?일)?(?!\d)")
# Korean prefixes (02 Seoul, 031-064 regions, 010 mobile, 070 internet): an OCR-doubled
# "002-…" still holds a valid number
PHONE = re.compile(r"(?<!-)0(?:2|[3-6][1-5]|[17]0)-\d{3,4}-\d{4}(?![\d-])")
BUSINESS_NUMBER = re.compile(r"(?<![\d-])\d{3}-\d{2}-\d{5}(?![\d-])")
APPROVAL = re.compile(r"(?<![\d-])\d{6,12}(?![\d-])")
NAME = re.compile(r".+")


class Field(NamedTuple):
    name: str
    asked_by: tuple[str, ...]
    """Question keys that ask for this field (the first field with one in the question wins)."""
    labels: tuple[str, ...]
    """Labels printed before the value, most telling first."""
    value: re.Pattern[str]
    unlabelled: bool = False
    """Whether the value may stand alone (a receipt's date): then the first one is taken."""
    anchors: tuple[str, ...] = ()
    """A heading above the label's column that tells this field from its twin (supplier and
    buyer both have a 상호)."""
    side: int = 0
    """Without an anchor on the page, which of the label's occurrences on a line is this
    field's (0: the first; -1: the last, as a buyer's column follows the supplier's)."""
    title: bool = False
    """Whether, failing a label, the page's first line is the value (a receipt's store name)."""


FIELDS: tuple[Field, ...] = (
    Field(
        "due",
        (
            "납기",
            "지급기일",
            "지급기한",
            "만기",
            "결제기한",
            "입금기한",
            "납부기한",
            "납부일",
            "언제까지",
            "bywhen",
            "duedate",
            "paymentdue",
            "itdue",
            "payby",
            "deadline",
        ),
        ("납기일", "납기", "지급기일", "결제기한", "duedate", "due"),
        DATE,
    ),
    Field(
        "buyer",
        (
            "공급받는자",
            "구매자",
            "누구에게",
            "buyer",
            "customer",
            "billto",
            "billedto",
            "soldto",
            "addressedto",
            "invoiced",
        ),
        ("상호",),
        NAME,
        anchors=("공급받는자", "buyer"),
        side=-1,
    ),
    Field(
        "supplier",
        (
            "공급자",
            "판매자",
            "판매처",
            "발행자",
            "발행처",
            "발행한",
            "supplier",
            "seller",
            "vendor",
            "whoissued",
        ),
        ("상호",),
        NAME,
        anchors=("공급자", "supplier"),
    ),
    Field(
        "supply",
        ("공급가", "subtotal", "과세"),
        ("공급가액", "subtotal"),
        MONEY,
    ),
    Field(
        "vat",
        ("부가세", "부가가치세", "세액", "세금", "vat", "tax"),
        ("부가세", "세액", "vat", "tax"),
        MONEY,
    ),
    Field(
        "total",
        (
            "총",
            "합계",
            "total",
            "전체",
            "결제",
            "청구",
            "amountdue",
            "받을",
            "모두",
            "전부",
            "최종",
            "waspaid",
            "ipaid",
            "wepaid",
            "amountpaid",
            "iowe",
            "weowe",
            "youowe",
        ),
        (
            "합계금액",
            "합계",
            "총금액",
            "총액",
            "grandtotal",
            "totalamount",
            "amountdue",
            "total",
            "결제금액",
            "받을금액",
            "청구금액",
        ),
        MONEY,
    ),
    Field(
        "date",
        ("날짜", "일자", "언제", "작성일", "일시", "거래일", "date", "when"),
        ("작성일자", "거래일시", "거래일", "일자", "날짜", "date"),
        DATE,
        unlabelled=True,
    ),
    Field("phone", ("전화", "연락처", "tel", "phone"), ("전화", "tel", "phone"), PHONE, True),
    Field(
        "business_number",
        (
            "사업자",
            "등록번호",
            "businessnumber",
            "businessno",
            "businessreg",
            "registration",
            "taxid",
        ),
        ("사업자등록번호", "사업자번호", "등록번호", "business"),
        BUSINESS_NUMBER,
        unlabelled=True,
    ),
    Field("approval", ("승인",), ("승인번호",), APPROVAL),
    Field(
        "store",
        (
            "상호",
            "가게",
            "매장",
            "상점",
            "가맹점",
            "어디서",
            "어디에서",
            "store",
            "shop",
            "merchant",
            "wheredid",
            "wherewas",
        ),
        ("상호", "가맹점명", "매장명", "store"),
        NAME,
        title=True,
    ),
)

AMOUNT_COLUMNS = ("금액", "공급가액", "amount")
"""Table headings of the column holding an item's amount."""
MONEY_WORDS = ("얼마", "가격", "금액", "값", "price", "cost", "howmuch", "amount", "charged")
_STOP_TEXT = (
    "what whats is are was were the a an of for on in at to how much many did does do cost "
    "costs price amount please tell me which who when where this that it its item value name "
    "얼마 얼마인가요 얼마입니까 얼마야 무엇 뭐 가격 금액 단가 값 입니까 인가요 이야 알려줘 "
    "알려주세요 영수증 명세서 거래명세서 몇 이름"
)
STOP_WORDS = frozenset(_STOP_TEXT.split(" "))
_PARTICLES = "은는이가을를의에도와과로"
_HANGUL = re.compile(r"[가-힣]")
_LATIN_LABEL = r"(?<![a-z]){}(?![a-z])"
_WORD = re.compile(r"\w[\w&'.-]*")


WHEN_WORDS = ("언제", "며칠", "몇일", "날짜", "일자", "when", "date", "whatday", "whichday")
"""Words that ask for a day: a question holding one asks for a date even when it also names
what happened that day ("언제 결제했나요?": when was it paid, not the amount paid), and for
the issue date when it names no date field ("결제일이 며칠이야?")."""
DOCUMENT_NAMES = ("세금계산서", "taxinvoice")
"""Names of documents that hold a field's word (세금: tax), left out before matching."""
BEFORE_TAX = re.compile(
    r"(?:before|excluding|excl|without|pre|netof|exclusiveof)-?(?:tax|vat|gst)"
    r"|(?:세금|부가세|부가가치세|세액)(?:빼고|뺀|제외|별도|전)|세전"
)
"""The amount before tax asked in words ("before VAT", "pre-tax", "부가세 제외"): the supply
amount, though the question names the tax."""
LEXICON_FIELDS = {
    "total": "total",
    "subtotal": "supply",
    "vat": "vat",
    "issue_date": "date",
    "due_date": "due",
    "supplier_heading": "supplier",
    "buyer_heading": "buyer",
    "name": "store",
    "registration_number": "business_number",
    "phone": "phone",
    "approval": "approval",
}
"""The extraction's label fields (keyfields.lexicon) → ask's fields, for a question that
uses a printed label's words and none of the question words ("What is the net amount?":
NET AMOUNT labels a subtotal; "발행일은?": 발행일 labels the issue date)."""
LABEL_STRENGTH = 0.8
"""Lexicon labels at least this sure of their field answer for it (not a bare "AMOUNT")."""


def field_for(question: str) -> Field | None:
    """The field the question asks for, if it is one of :data:`FIELDS`: the one whose words
    in the question are the longest (the most specific: "tax ID" over "tax"), the first of
    equals; a date field when it asks when; failing question words, the field of a printed
    label it uses (:data:`LEXICON_FIELDS`)."""
    asked = key(question)
    for name in DOCUMENT_NAMES:
        asked = asked.replace(name, "")
    by_name = {f.name: f for f in FIELDS}
    if BEFORE_TAX.search(asked):
        return by_name["supply"]
    lengths = {
        f.name: max((len(word) for word in f.asked_by if word in asked), default=0) for f in FIELDS
    }
    named = sorted((f for f in FIELDS if lengths[f.name]), key=lambda f: -lengths[f.name])
    if not named:
        labelled = _label_field(question)
        named = [by_name[labelled]] if labelled else []
    if any(word in asked for word in WHEN_WORDS):
        return next((f for f in named if f.value is DATE), by_name["date"])
    return next(iter(named), None)


def _label_field(question: str) -> str | None:
    """Ask's field of the longest printed label the question holds: Hangul labels anywhere
    (particles attach to them), Latin ones as whole words ("tel" is not in "tell")."""
    folded = unicodedata.normalize("NFC", question).casefold()
    asked = key(question)
    found = [
        label
        for label in LABELS
        if label.field in LEXICON_FIELDS
        and label.strength >= LABEL_STRENGTH
        and (
            label.key in asked
            if _HANGUL.search(label.key)
            else re.search(_LATIN_LABEL.format(r"\s*".join(map(re.escape, label.key))), folded)
        )
    ]
    best = max(found, key=lambda label: len(label.key), default=None)
    return LEXICON_FIELDS[best.field] if best else None


def asks_money(question: str) -> bool:
    asked = key(question)
    return any(word in asked for word in MONEY_WORDS)


def subject(question: str) -> str:
    """The question less its question words and Korean particles: what it is about
    ("Earl Grey Tea의 가격은?" → "Earl Grey Tea")."""
    kept = []
    for word in _WORD.findall(question):
        bare = word.rstrip(".'")
        if len(bare) > 1 and bare[-1] in _PARTICLES and "가" <= bare[-2] <= "힣":
            bare = bare[:-1]
        if bare.casefold() not in STOP_WORDS:
            kept.append(bare)
    return " ".join(kept)
