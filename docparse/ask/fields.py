"""What a question asks for: the fields ``docparse ask`` knows without a VLM, each with the
words that ask for it, the labels printed before it and the shape of its value.

Question words and labels are compared as space-less, case-folded NFC keys (see
:func:`key`), because Korean spacing is loose and Tesseract splits Hangul words into
syllables ("합 계 금액" for "합계금액")."""

from __future__ import annotations

import re
import unicodedata
from functools import cache
from typing import NamedTuple

from docparse.ask.wording import STOP_WORDS, answer_type, content, korean_predicate, overlap
from docparse.grounding import _key as key
from docparse.hangul import has_syllable, is_syllable
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
_PARTICLES = "은는이가을를의에도와과로"
_LATIN_LABEL = r"(?<![a-z]){}(?![a-z])"
_WORD = re.compile(r"\w[\w&'.-]*")


WHEN_WORDS = ("언제", "며칠", "몇일", "날짜", "일자", "when", "date", "whatday", "whichday")
"""Words that ask for a day: a question holding one asks for a date even when it also names
what happened that day ("언제 결제했나요?": when was it paid, not the amount paid), and for
the issue date when it names no date field ("결제일이 며칠이야?")."""
DOCUMENT_NAMES = ("세금계산서", "taxinvoice")
"""Names of documents that hold a field's word (세금: tax), left out before matching."""
_TAX_KO = "(?:세금|부가세|부가가치세|세액)"
BEFORE_TAX = re.compile(
    unicodedata.normalize(
        "NFD",
        r"(?:before|excluding|excl|without|pre|netof|exclusiveof)-?(?:tax|vat|gst)"
        rf"|{_TAX_KO}(?:빼|제외|별도|전)|세전",
    )
)
"""The amount before tax asked in words ("before VAT", "pre-tax", "부가세 제외"): the supply
amount, though the question names the tax. Matched on the question's letters (NFD), so 빼
is the stem of 빼다 in any form (빼고, 빼면, 뺀, 뺄)."""
WITH_TAX = re.compile(
    r"(?:including|incl\.?|inclusiveof|with|plus|after)-?(?:tax|vat|gst)"
    rf"|(?:tax|vat|gst)-?(?:incl|inclusive)|{_TAX_KO}포함|세후"
)
"""The amount with tax asked in words ("total including VAT", "세금 포함하면", "세후"): the
total, though the question names the tax. The tax word before 포함 (included) only: "포함된
부가세" and "How much VAT is included?" ask the tax."""
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


class Asked(NamedTuple):
    """The field a question asks for and how well its words matched the field's."""

    field: Field | None
    match: float = 1.0
    """1 for a field's own question word; less for a field found by :func:`_closest`."""


VALUE_TYPES = {MONEY: "amount", DATE: "date", NAME: "name"}
"""The answer type of a field's value (:func:`docparse.ask.wording.answer_type`); the others
(phone, registration and approval numbers) are ids."""
MIN_OVERLAP = 0.5
"""Least :func:`docparse.ask.wording.overlap` for a field found by its words: half of what the
question names is the field's (one Latin word that only starts a field's key, as "tax" of
taxid, just reaches it; a Korean item name sharing one pair of syllables with a label does not)."""
IMPLIED = 0.5
"""Match of a field the question names no word of, taken from its answer type alone: "How
much is it?" (an amount of nothing named: the total), "어디 거야?" (a name, nothing named: the
store)."""
IMPLIED_FIELDS = {"amount": "total", "name": "store"}


def field_for(question: str) -> Field | None:
    """The field the question asks for, if it is one of :data:`FIELDS` (see :func:`asked`)."""
    return asked(question).field


def asked(question: str) -> Asked:
    """The field the question asks for: by the fields' question words (:func:`_named`); when
    they name none, or one of another answer type than the question's ("tax number" wants an
    id, not the tax), the field of that type whose words the question's share most
    (:func:`_closest`), else the field its type alone implies when it names nothing
    (:data:`IMPLIED_FIELDS`); else none (an item, or a question ``ask`` cannot map)."""
    named = _named(question)
    kind = answer_type(question)
    if named is not None and (asks_when(question) or kind in (None, _value_type(named))):
        return Asked(named)
    words = content(question, kind)
    closest = _closest(words, kind)
    if closest is not None:
        return closest
    if not words and kind in IMPLIED_FIELDS:
        return Asked(_by_name()[IMPLIED_FIELDS[kind]], IMPLIED)
    return Asked(None)


def _value_type(wanted: Field) -> str:
    return VALUE_TYPES.get(wanted.value, "id")


@cache
def _by_name() -> dict[str, Field]:
    return {f.name: f for f in FIELDS}


@cache
def _vocabulary(name: str) -> tuple[str, ...]:
    """A field's words: its question words, its labels and anchors and the extraction's
    labels of it (:data:`LEXICON_FIELDS`, at least :data:`LABEL_STRENGTH` sure)."""
    wanted = _by_name()[name]
    printed = (
        label.key
        for label in LABELS
        if LEXICON_FIELDS.get(label.field) == name and label.strength >= LABEL_STRENGTH
    )
    return tuple(dict.fromkeys((*wanted.asked_by, *wanted.labels, *wanted.anchors, *printed)))


def _closest(words: list[str], kind: str | None) -> Asked | None:
    """The field of answer type ``kind`` (any when None) whose words the question's content
    ``words`` overlap most, when at least :data:`MIN_OVERLAP` and no other field's as much."""
    scored = sorted(
        (
            (overlap(words, _vocabulary(f.name)), f)
            for f in FIELDS
            if kind is None or _value_type(f) == kind
        ),
        key=lambda pair: -pair[0],
    )
    if not scored or scored[0][0] < MIN_OVERLAP:
        return None
    if len(scored) > 1 and scored[1][0] == scored[0][0]:
        return None
    return Asked(scored[0][1], round(scored[0][0], 3))


def _named(question: str) -> Field | None:
    """The field whose question words in the question are the longest (the most specific:
    "tax ID" over "tax"), the first of equals; a date field when it asks when; failing
    question words, the field of a printed label it uses (:data:`LEXICON_FIELDS`). Tax asked
    as left out is the supply amount, as included the total. The colloquial 한테 (to) is read
    as 에게 ("누구한테": to whom, the buyer)."""
    asked = key(unicodedata.normalize("NFKC", question)).replace("한테", "에게")
    for name in DOCUMENT_NAMES:
        asked = asked.replace(name, "")
    by_name = _by_name()
    if BEFORE_TAX.search(unicodedata.normalize("NFD", asked)):
        return by_name["supply"]
    if WITH_TAX.search(asked):
        return by_name["total"]
    lengths = {
        f.name: max((len(word) for word in f.asked_by if word in asked), default=0) for f in FIELDS
    }
    named = sorted((f for f in FIELDS if lengths[f.name]), key=lambda f: -lengths[f.name])
    if not named:
        labelled = _label_field(question)
        named = [by_name[labelled]] if labelled else []
    if asks_when(question):
        return next((f for f in named if f.value is DATE), by_name["date"])
    return next(iter(named), None)


def asks_when(question: str) -> bool:
    """Whether the question asks for a day (:data:`WHEN_WORDS`)."""
    asked = key(unicodedata.normalize("NFKC", question))
    return any(word in asked for word in WHEN_WORDS)


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
            if has_syllable(label.key)
            else re.search(_LATIN_LABEL.format(r"\s*".join(map(re.escape, label.key))), folded)
        )
    ]
    best = max(found, key=lambda label: len(label.key), default=None)
    return LEXICON_FIELDS[best.field] if best else None


def asks_money(question: str) -> bool:
    asked = key(question)
    return any(word in asked for word in MONEY_WORDS)


def subject(question: str) -> str:
    """The question less its question words and Korean particles, and in Korean the predicate
    after a question word: what it is about ("Earl Grey Tea의 가격은?" → "Earl Grey Tea",
    "귤 한 봉지 얼마 줬어?" → "귤 한 봉지")."""
    kept = []
    for word in _WORD.findall(question):
        bare = word.rstrip(".'")
        if has_syllable(bare) and korean_predicate(bare):
            break
        if len(bare) > 1 and bare[-1] in _PARTICLES and is_syllable(bare[-2]):
            bare = bare[:-1]
        if bare.casefold().replace("'", "").replace("’", "") not in STOP_WORDS:
            kept.append(bare)
    return " ".join(kept)
