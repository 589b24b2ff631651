"""The bilingual label lexicon: the words receipts and invoices print before a value.

Labels are compared as space-less, case-folded keys (Korean spacing is loose and OCR splits
Hangul words into syllables). Each label has a strength: how surely it names its field
("AMOUNT DUE" and 결제금액 name the amount to pay; a bare "TOTAL" may head a quantity). A
label that another field's longer label contains ("total" in "subtotal", "total qty") is
not taken inside it: :func:`docparse.keyfields.lines.find_labels` finds the longest first.
"""

from __future__ import annotations

from typing import NamedTuple


class Label(NamedTuple):
    field: str
    key: str
    strength: float


def _labels(field: str, strength: float, words: str) -> list[Label]:
    return [Label(field, word, strength) for word in words.split()]


LABELS: tuple[Label, ...] = tuple(
    # The amount to pay.
    _labels(
        "total",
        1.0,
        "합계금액 총합계 총금액 총액 결제금액 받을금액 청구금액 결제할금액 판매총액 총결제금액 "
        "grandtotal amountdue totaldue totalpayable nettotal roundedtotal totalrounded "
        "roundtotal roundingtotal totalamount totalamt totalinclgst totalincl amountpayable "
        "balancedue amtdue totalsales totalinclusive totalinclusiveof nettotal netamt "
        "totalpayable amountpaid totalafteradj",
    )
    + _labels("total", 0.8, "합계 total")
    + _labels("total", 0.6, "amount")
    # Not the amount to pay: these hold another field's label that contains "total" / 합계.
    + _labels(
        "subtotal",
        1.0,
        "공급가액 과세물품가액 과세물품 과세매출 과세금액 소계 subtotal sub-total totalexcl "
        "totalexclgst totalexcludinggst totalbeforetax netamount amountexcl grossamt grossamount "
        "grosstotal",
    )
    + _labels(
        "vat",
        1.0,
        "부가세 부가가치세 세액 vat gst salestax tax 税 totalgst totaltax taxtotal gsttotal",
    )
    + _labels("rounding", 1.0, "rounding roundingadj roundingadjustment rounded 단수조정 절사")
    + _labels("discount", 1.0, "discount disc 할인 에누리")
    + _labels(
        "other_amount",
        1.0,
        "totalqty totalquantity totalitems totalitem qty(s) item(s) 총수량 totaldiscount "
        "totalsavings servicecharge 봉사료",
    )
    + _labels("cash", 1.0, "받은금액 받은돈 현금 cash tendered cashtendered paid 결제수단")
    + _labels("change", 1.0, "거스름돈 잔돈 change changedue")
    # Dates.
    + _labels(
        "issue_date",
        1.0,
        "작성일자 작성일 발행일 발행일자 거래일시 거래일자 거래일 판매일 판매일시 승인일시 "
        "invoicedate dateofissue issuedate issued billdate receiptdate 일자 날짜 일시 date",
    )
    + _labels(
        "due_date",
        1.0,
        "납기일 납기 지급기일 지급기한 결제기한 결제일 결제조건 만기일 입금기한 "
        "duedate paymentdue due payby paymentterms terms",
    )
    # Parties.
    + _labels(
        "supplier_heading",
        1.0,
        "공급자 공급하는자 판매자 supplier seller vendor billfrom soldby from",
    )
    + _labels(
        "buyer_heading",
        1.0,
        "공급받는자 구매자 매입자 buyer billto billedto customer soldto shipto",
    )
    # The buyer's honorific after its name ("서울상사(주) 귀하": "to Seoul Trading").
    + _labels("buyer_suffix", 1.0, "귀하")
    + _labels(
        "name",
        1.0,
        "상호 상호명 회사명 법인명 가맹점명 가맹점 매장명 company companyname storename merchant",
    )
    + _labels(
        "registration_number",
        1.0,
        "사업자등록번호 사업자번호 등록번호 사업자 regno co.reg coreg companyreg companyno "
        "gstid gstreg gstregno sstid sstno sstreg sstregno registration",
    )
    + _labels("phone", 1.0, "전화번호 전화 연락처 tel phone tel. telephone 대표전화")
    + _labels("fax", 1.0, "fax 팩스")
    + _labels("address", 1.0, "사업장주소 주소 소재지 address addr")
    + _labels("owner", 1.0, "대표자 대표 성명 ceo")
    # Payment.
    + _labels(
        "card",
        1.0,
        "카드번호 신용카드 체크카드 카드 card cardno visa mastercard amex credit",
    )
    + _labels("approval", 1.0, "승인번호 approvalno approval authcode auth 승인")
    # Item table headings.
    + _labels("item_heading", 1.0, "상품명 품명 품목 메뉴 item items description desc product")
    + _labels("qty_heading", 1.0, "수량 qty quantity")
    + _labels("price_heading", 1.0, "단가 unitprice price")
    + _labels("amount_heading", 1.0, "금액 amount amt 공급가액")
)
"""Every label, longest key first within a field."""

AMOUNT_FIELDS = ("total", "subtotal", "vat", "rounding", "discount", "cash", "change")
PARTY_FIELDS = ("name", "registration_number", "phone", "address")
HEADINGS = ("item_heading", "qty_heading", "price_heading", "amount_heading")

COMPANY_WORDS = [
    "sdnbhd",
    "sdn.bhd",
    "sdn",
    "bhd",
    "s/b",
    "co.",
    "bhd",
    "enterprise",
    "trading",
    "store",
    "restaurant",
    "cafe",
    "mart",
    "(m)",
    "co.,ltd",
    "co.ltd",
    "ltd",
    "inc",
    "llc",
    "gmbh",
    "limited",
    "corporation",
    "corp",
    "company",
    "bakery",
    "pharmacy",
    "supermarket",
    "hardware",
    "㈜",
    "(주)",
    "주식회사",
    "유한회사",
    "상사",
    "마트",
    "편의점",
    "식당",
    "약국",
]
"""Words that mark a line as a business name (suffixes and kinds of shop)."""

BUSINESS_WORDS = (
    "restoran",
    "kedai",
    "syarikat",
    "perniagaan",
    "farmasi",
    "pasaraya",
    "shop",
    "stationery",
    "bookstore",
    "klinik",
    "clinic",
    "berhad",
    "plt",
    "llp",
    "pte",
)
"""The kinds of shop above in Malay, the language of Malaysian receipts (restoran, kedai:
shop, syarikat: company, perniagaan: business, farmasi, pasaraya: supermarket, klinik),
a few more English ones, and legal forms the list lacks (Berhad written out, PLT and LLP:
limited liability partnerships, Pte: Singapore's private company). Whole words only: "shop"
is in SHOPPING ("TQ FOR SHOPPING WITH ...", a slogan above a name). They mark the name among
the lines above an address and do not end an address ("SHOP LOT 3", "DERETAN KEDAI")."""

INVOICE_WORDS = ("세금계산서", "거래명세서", "청구서", "견적서", "invoice", "receipt", "billto")
"""Words of a document's title: a tax invoice, a statement, a receipt."""

STREET_WORDS = frozenset(
    {
        "JALAN",
        "JLN",
        "JL",
        "TAMAN",
        "TMN",
        "LOT",
        "NO",
        "ROAD",
        "RD",
        "STREET",
        "ST",
        "AVENUE",
        "AVE",
        "LORONG",
        "PERSIARAN",
        "LEBUH",
        "FLOOR",
        "FLR",
        "LEVEL",
        "UNIT",
        "SUITE",
        "BLK",
        "BLOCK",
        "BUILDING",
        "BANGUNAN",
        "KAWASAN",
        "SEKSYEN",
        "BANDAR",
        "KAMPUNG",
        "KG",
        "LANE",
        "LN",
        "DRIVE",
        "DR",
        "BOULEVARD",
        "BLVD",
        "WAY",
        "HIGHWAY",
        "HWY",
        "PLAZA",
        "SQUARE",
        "WISMA",
        "MENARA",
        "KOMPLEKS",
        "TINGKAT",
        "LEBUHRAYA",
    }
)
"""Street words of an address (English and Malay), upper case. Malay building words too
(wisma, menara: a named building or tower; kompleks: a complex; tingkat: a floor; lebuhraya: a
highway), which start an address printed with the building first ("WISMA SERI, NO 5, ...")."""
