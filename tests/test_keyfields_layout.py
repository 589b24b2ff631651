"""Key fields from layout reasons: item columns by alignment, two-line items by geometry,
OCR misreads put right by the kind of text (names, addresses). Hand-made words, no OCR."""

from __future__ import annotations

import pytest

from docparse.ask.extractive import answer_extractive
from docparse.ask.pages import ReadPage
from docparse.keyfields import extract_document
from docparse.keyfields.misreads import printed_address, printed_name
from docparse.model import Document, Page, Word
from docparse.reading_order import build_blocks

CHAR = 10
"""Pixels per character of the hand-made words."""


def _row(y: float, *cells: tuple[str, float]) -> list[Word]:
    return [
        Word(text=text, box=(x, y, x + CHAR * len(text), y + 20), engine="test")
        for text, x in cells
    ]


def _right(text: str, right: float) -> tuple[str, float]:
    """A right-aligned cell ending at ``right``."""
    return text, right - CHAR * len(text)


def _page(*groups: list[Word]) -> Page:
    """A page whose reading order reads each group of words as its own blocks, in turn."""
    blocks = [block for words in groups for block in build_blocks(words, 0)]
    return Page(index=0, width=800, height=600, source="ocr", blocks=blocks)


def _document(page: Page) -> Document:
    return Document(source="page.png", sha256="0", page_count=1, engine="test", pages=[page])


def test_an_item_amount_is_read_from_the_column_its_number_ends_in() -> None:
    """A 세금계산서 grid: headings left-aligned in their cells, numbers right-aligned. The
    amount 445,000 ends just left of the 세액 heading (nearer its centre than 공급가액's),
    and belongs to 공급가액; the unit price 89,000 ends left of 공급가액 and is no amount."""
    words = [
        *_row(40, ("품목", 100), ("수량", 300), ("단가", 380), ("공급가액", 500), ("세액", 640)),
        *_row(
            80,
            ("레이저", 100),
            ("토너", 170),
            _right("5", 370),
            _right("89,000", 490),
            _right("445,000", 630),
            _right("44,500", 760),
        ),
        *_row(120, ("합계금액", 500), _right("489,500", 760)),
    ]
    page = _page(words)
    items = extract_document(_document(page)).items
    assert [(i.name.text, i.amount.text) for i in items if i.name and i.amount] == [
        ("레이저 토너", "445,000")
    ]
    assert items[0].unit_price is not None and items[0].unit_price.text == "89,000"
    answer = answer_extractive([ReadPage("t.png", page)], "레이저 토너의 금액은?", "t")
    assert answer.answer == "445,000"


def test_an_item_name_ends_at_its_cell_when_no_heading_is_over_the_names() -> None:
    """A 거래명세서 whose "품목 규격" heading OCR lost (read "72"): the spec column a gutter
    right of the names is not part of the name."""
    words = [
        *_row(40, ("72", 330), ("수량", 470), ("단가", 600), ("공급가액", 745), ("세액", 925)),
        *_row(80, ("박스", 50), ("테이프", 90), ("48mm", 320), _right("10", 505)),
        *_row(80, _right("1,800", 633), _right("18,000", 815), _right("1,800", 960)),
        *_row(120, ("토너", 50), ("카트리지", 90), ("TN-2480", 320), _right("1", 505)),
        *_row(120, _right("68,000", 633), _right("68,000", 815), _right("6,800", 960)),
        *_row(160, ("합계금액", 600), _right("94,600", 960)),
    ]
    items = extract_document(_document(_page(words))).items
    assert [(i.name.text, i.amount.text) for i in items if i.name and i.amount] == [
        ("박스 테이프", "18,000"),
        ("토너 카트리지", "68,000"),
    ]


def test_a_line_holding_only_the_documents_title_is_no_name() -> None:
    """ "영 수 증" above a card receipt's name, and above a 상호 label whose name OCR lost."""
    top = [*_row(20, ("영수증", 150))]
    rest = [
        *_row(100, ("사업자번호:", 40), ("810-99-66134", 160)),
        *_row(
            140, ("주소:", 40), ("부산광역시", 100), ("해운대구", 210), ("구남로", 300), ("18", 370)
        ),
        *_row(180, ("합계", 40), _right("66,000", 400)),
    ]
    named = extract_document(_document(_page([*top, *_row(60, ("한빛문구센터", 40)), *rest])))
    assert named.supplier.name is not None and named.supplier.name.text == "한빛문구센터"
    lost = extract_document(_document(_page([*top, *_row(60, ("상호:", 40)), *rest])))
    assert lost.supplier.name is None


def test_two_line_items_pair_by_the_line_above_whatever_the_reading_order() -> None:
    """A narrow receipt whose names (flush left) and quantity lines (indented) the reading
    order read as two blocks: each quantity line's name is the line right above it. A
    Hangul name misread by one letter (단팔빵 for 단팥빵) still answers its question."""
    names = [*_row(100, ("우유식빵", 20)), *_row(160, ("단팔빵", 20))]
    quantities = [
        *_row(130, ("1", 190), ("x", 210), ("4,500", 230), _right("4,500", 440)),
        *_row(190, ("1", 190), ("x", 210), ("2,000", 230), _right("2,000", 440)),
    ]
    top = _row(20, ("빵집", 150), ("본점", 200))
    page = _page(top, names, quantities)
    reading = [line.text for block in page.blocks for line in block.lines]
    assert reading.index("단팔빵") < reading.index("1 x 4,500 4,500")  # two blocks
    items = extract_document(_document(page)).items
    assert [(i.name.text, i.amount.text) for i in items if i.name and i.amount] == [
        ("우유식빵", "4,500"),
        ("단팔빵", "2,000"),
    ]
    answer = answer_extractive([ReadPage("r.png", page)], "단팥빵의 금액은?", "t")
    assert answer.answer == "2,000"


def test_the_buyer_under_bill_to_not_the_details_beside_it() -> None:
    """The outside generator's English invoice: "Bill To:" over the buyer at the left, the
    invoice's details right-aligned at the right and set half a line higher: the details'
    second line lies nearer under the heading than the buyer's name, but far right of it."""
    left = [
        *_row(172, ("Bill", 50), ("To:", 95)),
        *_row(201, ("Northwind", 54), ("Traders", 150)),
        *_row(231, ("1600", 52), ("Market", 100), ("St", 165)),
    ]
    right = [
        *_row(160, ("Invoice", 560), ("No:", 640), ("INV-9067", 680)),
        *_row(190, ("Invoice", 520), ("Date:", 600), ("16", 660), ("May", 690), ("2024", 730)),
        *_row(218, ("Due", 540), ("Date:", 580), ("30", 640), ("May", 670), ("2024", 710)),
    ]
    page = _page(_row(50, ("Brightline", 50), ("Consulting", 160)), left, right)
    buyer = extract_document(_document(page)).buyer.name
    assert buyer is not None and buyer.text == "Northwind Traders"
    answer = answer_extractive([ReadPage("i.png", page)], "누구에게 청구됐나요?", "t")
    assert answer.answer == "Northwind Traders"


def test_an_address_reads_commas_between_its_parts() -> None:
    # a comma read as a period after a number or a whole word, not after an abbreviation
    assert (
        printed_address("NO.32 & 33. JALAN SR 1/9. SEKSYEN 9. TAMAN SERDANG RAYA. 43300 SERI")
        == "NO.32 & 33, JALAN SR 1/9, SEKSYEN 9, TAMAN SERDANG RAYA, 43300 SERI"
    )
    assert printed_address("NO. 17-G, LOT P.T. 2811, KLANG D.E. 52100 KL.") == (
        "NO. 17-G, LOT P.T. 2811, KLANG D.E. 52100 KL."
    )
    assert printed_address("47400 PETALING JAYA.SELANGOR") == "47400 PETALING JAYA,SELANGOR"
    # letters read as digits in a street word; a house number glued to its street word
    assert printed_address("10T 1851-A, J1N BURUNG, 1.OT 5") == "LOT 1851-A, JLN BURUNG, LOT 5"
    assert printed_address("NO290, 14JALAN MANIS, 3RD FLR, 1ST FLOOR") == (
        "NO 290, 14 JALAN MANIS, 3RD FLR, 1ST FLOOR"
    )
    # O and 0 inside a number or a word; other letter-digit mixes stay
    assert printed_address("BUKIT RAJA, 4105O KLANG, 1076-IJ0K, U13/X, LOT 10") == (
        "BUKIT RAJA, 41050 KLANG, 1076-IJOK, U13/X, LOT 10"
    )
    # an L or I between two digits is a 1; a quote between a word and a number is a speck
    assert printed_address("JALAN 7/1L8B, LEVEL'6, ST. JOHN'S ROAD") == (
        "JALAN 7/118B, LEVEL 6, ST. JOHN'S ROAD"
    )


def test_latin_letters_lose_the_accents_ocr_gave_them() -> None:
    # PP-OCR's accented letters on English receipts; Hangul is untouched
    assert printed_address("NO 19-G, JALAN TASÍK UTAMA 4, Jalan Mänis 7") == (
        "NO 19-G, JALAN TASIK UTAMA 4, Jalan Manis 7"
    )
    assert printed_name("SIMPÀNG Qíy (주)대한") == "SIMPANG Qiy (주)대한"


def test_a_name_has_no_underscores() -> None:
    assert printed_name("IKANO HANDEL_SDN BHD") == "IKANO HANDEL SDN BHD"
    assert printed_name("AIK _HUAT HARDWARE") == "AIK HUAT HARDWARE"
    assert printed_name("RESTORAN_") == "RESTORAN"


def test_a_name_has_no_spaces_inside_its_brackets() -> None:
    assert printed_name("S.H.H. MOTOR ( SUNGAI RENGIT ) SDN BHD") == (
        "S.H.H. MOTOR (SUNGAI RENGIT) SDN BHD"
    )


@pytest.mark.parametrize(
    ("read", "printed"),
    [
        # OCR's space inside an abbreviation of single letters
        ("MR D. I.Y. (M) SDN BHD", "MR D.I.Y. (M) SDN BHD"),
        # a speck read as a period or a hyphen after a whole word, more of the name after it
        ("FY EAGLE. ENTERPRISE", "FY EAGLE ENTERPRISE"),
        ("POPULAR BOOK- CO. (M) SDN BHD", "POPULAR BOOK CO. (M) SDN BHD"),
        # abbreviations keep their periods; a name's last period and inner hyphens stay
        ("MR. D.I.Y. CO. SDN. BHD.", "MR. D.I.Y. CO. SDN. BHD."),
        ("K3-RESTAURANT ENTERPRISE.", "K3-RESTAURANT ENTERPRISE."),
        ("BOOK TA .K (TAMAN DAYA) SDN BHD", "BOOK TA .K (TAMAN DAYA) SDN BHD"),
        # a name starts at its first letter, digit, bracket or quote
        (", THAI DELICIOUS RESTAURANT", "THAI DELICIOUS RESTAURANT"),
        ("| — 99 SPEED MART", "99 SPEED MART"),
        ("(주)대한", "(주)대한"),
        ("㈜대한", "㈜대한"),
        ("'A' CAFE", "'A' CAFE"),
        # a digit read for a legal form's letter
        ("99 SPEED MART 5/B", "99 SPEED MART S/B"),
    ],
)
def test_a_name_loses_the_marks_ocr_read_around_its_words(read: str, printed: str) -> None:
    assert printed_name(read) == printed


def test_a_name_reads_its_legal_form() -> None:
    assert printed_name("MR.D.I.Y. (M) SON BHD") == "MR.D.I.Y. (M) SDN BHD"
    assert printed_name("99 SPEED MART S/D") == "99 SPEED MART S/B"
    assert printed_name("BOOK TA .K (TAMAN DAYA) SDN BND.") == "BOOK TA .K (TAMAN DAYA) SDN BHD."
    assert printed_name("TAN & SON") == "TAN & SON"  # a son is no legal form here
    assert printed_name("LIGHTRO0M GALLERY SDN BHD") == "LIGHTROOM GALLERY SDN BHD"
    assert printed_name("TEO HENG STATIONERY 8 BOOKS") == "TEO HENG STATIONERY & BOOKS"
    assert printed_name("99 SPEED MART") == "99 SPEED MART"
    assert printed_name("대 한 정 밀 (주") == "대한정밀 (주)"
    assert printed_name("( 주 한빛테크") == "(주)한빛테크"
    assert printed_name("이 금액을") == "이 금액을"


def _printed_lines(lines: list[tuple[str, int]]) -> list:
    """Words of each (text, y) line, set left to right in a monospace font from x = 100."""
    words: list = []
    for text, y in lines:
        x = 100.0
        for word in text.split():
            words += _row(y, (word, x))
            x += CHAR * (len(word) + 1)
    return words


def test_a_receipt_header_gives_its_name_and_address_as_printed() -> None:
    lines = [
        ("MR.D.I.Y. (M) SON BHD", 40),
        ("1.OT 1851-A. JALAN KPB 6.", 70),
        ("43300 SERI KEMBANGAN. SELANGOR", 100),
        ("TEL: 03-1234 5678", 130),
    ]
    fields = extract_document(_document(_page(_printed_lines(lines))))
    assert fields.supplier.name is not None
    assert fields.supplier.name.text == "MR.D.I.Y. (M) SDN BHD"
    assert fields.supplier.address is not None
    assert fields.supplier.address.text == "LOT 1851-A, JALAN KPB 6, 43300 SERI KEMBANGAN, SELANGOR"


def test_an_address_runs_to_a_postcode_read_with_an_o_for_a_zero() -> None:
    lines = [
        ("LIGHTRO0M GALLERY SDN BHD", 40),
        ("LOT 1851-A & 1851-B, JALAN KPB 6,", 70),
        ("KAWASAN PERINDUSTRIAN BALAKONG,", 100),
        ("4330O SERI KEMBANGAN, SELANGOR", 130),
        ("TEL: 03-8961 2345", 160),
    ]
    fields = extract_document(_document(_page(_printed_lines(lines))))
    assert fields.supplier.name is not None
    assert fields.supplier.name.text == "LIGHTROOM GALLERY SDN BHD"
    assert fields.supplier.address is not None
    assert fields.supplier.address.text == (
        "LOT 1851-A & 1851-B, JALAN KPB 6, KAWASAN PERINDUSTRIAN BALAKONG, "
        "43300 SERI KEMBANGAN, SELANGOR"
    )


def _header(*texts: str) -> tuple[str | None, str | None]:
    """The merchant's name and address of a page of these lines, 30 px apart."""
    lines = [(text, 40 + 30 * at) for at, text in enumerate(texts)]
    fields = extract_document(_document(_page(_printed_lines(lines))))
    name, address = fields.supplier.name, fields.supplier.address
    return (name.text if name else None), (address.text if address else None)


def test_an_address_runs_past_a_postcode_ocr_lost_a_digit_of() -> None:
    """No postcode read: a line after one ending in a comma, and a line with a postcode that
    lost a digit, are still the address; the phone number ends it."""
    name, address = _header(
        "KEDAI RUNCIT SEGAR JAYA",
        "NO 12, JALAN MERANTI 3,",
        "TAMAN SERI INDAH,",
        "5210 KUALA KUBU BARU",
        "TEL: 03-1234 5678",
    )
    assert name == "KEDAI RUNCIT SEGAR JAYA"
    assert address == "NO 12, JALAN MERANTI 3, TAMAN SERI INDAH, 5210 KUALA KUBU BARU"
    # without the comma and the postcode-like number the address stops at its last street line
    _, address = _header(
        "KEDAI RUNCIT SEGAR JAYA", "NO 12, JALAN MERANTI 3", "TAMAN SERI INDAH", "OPEN DAILY 10AM"
    )
    assert address == "NO 12, JALAN MERANTI 3 TAMAN SERI INDAH"


def test_a_lone_street_word_in_a_logo_gives_way_to_the_address_with_a_postcode() -> None:
    """A garbled logo line holding a street word ("ST") is not the address when a run of
    lines with a postcode follows; a postcode glued to its place by a period counts."""
    name, address = _header(
        "BRT ST QWZ",
        "PELANGI OPTICAL SDN BHD",
        "UNIT G-13, JALAN KENANGA 2,",
        "TAMAN KENANGA.47100 PUCHONG",
        "TEL: 03-8000 1234",
    )
    assert name == "PELANGI OPTICAL SDN BHD"
    assert address == "UNIT G-13, JALAN KENANGA 2, TAMAN KENANGA.47100 PUCHONG"


_BANGI = ("NO 5, JALAN MAWAR 1,", "43650 BANDAR BARU BANGI")
"""A made-up address of two lines."""


@pytest.mark.parametrize(
    ("top", "name", "address"),
    [
        # RESTORAN (restaurant) is a kind of shop: its line is the name, not the branch line
        # nearest the address
        (("RESTORAN SELERA MANIS", "CAWANGAN BANGI"), "RESTORAN SELERA MANIS", _BANGI),
        # such a name goes on to its legal form printed on a line of its own
        (("PASARAYA SELERA MANIS", "SDN BHD"), "PASARAYA SELERA MANIS SDN BHD", _BANGI),
        # a shop word inside an address is an address word ("SHOP LOT"): the address goes on
        (
            ("RESTORAN SELERA MANIS",),
            "RESTORAN SELERA MANIS",
            (_BANGI[0], "SHOP LOT 3, DERETAN KEDAI MAWAR,", _BANGI[1]),
        ),
        # SHOP inside SHOPPING is no shop word: the line nearest the address is the name
        (("THANK YOU FOR SHOPPING WITH US", "SELERA MANIS"), "SELERA MANIS", _BANGI),
    ],
)
def test_a_malay_shop_word_marks_the_name_line(
    top: tuple[str, ...], name: str, address: tuple[str, ...]
) -> None:
    lines = [*top, *address]
    found, read = _header(*lines)
    assert found == name
    assert read == " ".join(address)


def test_a_name_goes_on_only_to_a_line_of_its_own_column_and_type() -> None:
    """A name without a legal form goes on to the next line when it is set below it in type
    of about its size, not to a small line or one far to its left."""

    def page(second: list[Word]) -> Document:
        name = _row(40, ("RESTAURANT", 200), ("SRI", 310), ("MELATI", 350))
        rows = [
            *_row(130, ("NO", 200), ("5,", 230), ("JALAN", 260), ("MAWAR", 320), ("1,", 380)),
            *_row(160, ("43650", 200), ("BANGI", 260)),
        ]
        return _document(_page(name + second + rows))

    def name_of(document: Document) -> str | None:
        found = extract_document(document).supplier.name
        return found.text if found else None

    house = _row(70, ("HOUSE", 240))
    assert name_of(page(house)) == "RESTAURANT SRI MELATI HOUSE"
    aside = _row(70, ("HOUSE", 10))
    assert name_of(page(aside)) == "RESTAURANT SRI MELATI"
    small = [Word(text="HOUSE", box=(240, 70, 270, 78), engine="test")]
    assert name_of(page(small)) == "RESTAURANT SRI MELATI"


def test_a_long_business_word_is_read_with_a_letter_of_its_shape_put_right() -> None:
    assert printed_name("SINAR HARDWAKE TRADLNG") == "SINAR HARDWARE TRADING"
    assert printed_name("PUSAT RESTORAM") == "PUSAT RESTORAN"
    # a spelling the shop prints stays: A and E do not look alike
    assert printed_name("CAHAYA STATIONARY") == "CAHAYA STATIONARY"
    # a legal form after the marks OCR read before it still goes on from the line above
    name, _ = _header("KAMPUNG BOOK", "—_— CO. (M) SDN BHD", "NO 5, JALAN MAWAR 1,", "43650 BANGI")
    assert name == "KAMPUNG BOOK CO. (M) SDN BHD"


_ROAD = ("NO 5, JALAN MAWAR 1,", "43650 BANGI")
"""Another made-up address of two lines."""


@pytest.mark.parametrize(
    ("lines", "name", "address"),
    [
        # company words count whole: "PRINCE" holds no "inc", so the line is no name
        (
            ("SERI MAJU ENTERPRISE", "LOT 5, JALAN PRINCE,", "43650 BANGI"),
            "SERI MAJU ENTERPRISE",
            "LOT 5, JALAN PRINCE, 43650 BANGI",
        ),
        # a plural legal word is one too: the line is a name, not an address's part
        (("BISON STORES", *_ROAD), "BISON STORES", " ".join(_ROAD)),
        # a shop word's line without a number starts no address ("DR" is no street here)
        (("KLINIK DR TAN", *_ROAD), "KLINIK DR TAN", " ".join(_ROAD)),
    ],
)
def test_a_name_line_is_told_from_an_address_line(
    lines: tuple[str, ...], name: str, address: str
) -> None:
    assert _header(*lines, "TEL: 03-1234 5678") == (name, address)


@pytest.mark.parametrize(
    "after",
    [
        "TEL: 03-1234 5678",
        "H/P: 012-345 6789",  # a label the lexicon lacks, before a phone number
        "T: +603-1234 5678",  # a phone number with its country code
        "(GST REG NO : 000123456789)",
    ],
)
def test_an_address_ends_where_a_phone_follows_on_its_last_row(after: str) -> None:
    name, address = _header("KEDAI EMAS SERI", "NO 5, JALAN MAWAR 1,", f"43650 BANGI, {after}")
    assert name == "KEDAI EMAS SERI"
    assert address == "NO 5, JALAN MAWAR 1, 43650 BANGI,"
    # a state's line too, which reads as a place, not as an address of its own
    _, address = _header("KEDAI EMAS SERI", *_ROAD, f"SELANGOR DARUL EHSAN {after}")
    assert address == " ".join((*_ROAD, "SELANGOR DARUL EHSAN"))
    # and a one-line address, after a tax number's label
    _, address = _header("SERI MAJU SDN BHD", "NO 5, JALAN MAWAR 1, 43650 BANGI GST ID: 0001234")
    assert address == "NO 5, JALAN MAWAR 1, 43650 BANGI"


@pytest.mark.parametrize(
    "building",
    [
        ("WISMA SERI MAJU",),  # a building word starts the address
        ("SERI MAJU PLACE,",),  # a line ending in a comma goes on to the address under it
    ],
)
def test_an_address_starts_with_its_building(building: tuple[str, ...]) -> None:
    name, address = _header("SERI MAJU SDN BHD", *building, *_ROAD, "TEL: 03-1234 5678")
    assert name == "SERI MAJU SDN BHD"
    assert address == " ".join((*building, *_ROAD))


@pytest.mark.parametrize(
    "after",
    ["WWW.SERIMAJU.COM", "sales@serimaju.com.my", "OPEN DAILY 10AM-10PM", "SST NO W10-1808-3200"],
)
def test_contacts_hours_and_tax_numbers_are_no_part_of_an_address(after: str) -> None:
    _, address = _header("SERI MAJU SDN BHD", *_ROAD, after, "RECEIPT")
    assert address == " ".join(_ROAD)


def test_a_document_number_or_a_number_above_the_name_is_no_address() -> None:
    """NO after another word numbers a document ("INVOICE NO :"), not a house; a lone line
    read as a postcode above the name (a number written by hand) gives way to the address
    under the name."""
    name, address = _header("SERI MAJU SDN BHD", "INVOICE NO : 18287/102", "RECEIPT")
    assert (name, address) == ("SERI MAJU SDN BHD", None)
    name, address = _header("31007 DSH)", "SERI MAJU SDN BHD", *_ROAD, "TEL: 03-1234 5678")
    assert (name, address) == ("SERI MAJU SDN BHD", " ".join(_ROAD))
    # with a line written by hand between, and an address of street lines without a postcode
    road = ("NO 5, JALAN MAWAR 1,", "TAMAN MAWAR")
    lines = ("31007 DSH", "TAN AH KOW", "RESTORAN SERI MAJU", *road, "TEL: 03-1234 5678")
    assert _header(*lines) == ("RESTORAN SERI MAJU", " ".join(road))


def test_a_shops_address_above_the_company_that_runs_it_stays_the_address() -> None:
    """A run of street lines above a company's line is the shop's address, though the company
    prints its own address under its line."""
    shop = ("LOT R1, KAWASAN REHAT PAGI,", "84600 PAGOH, JOHOR")
    lines = ("PAGI REST AREA", *shop, "SERI RETAIL SDN BHD", *_ROAD, "TEL: 03-1234 5678")
    assert _header(*lines)[1] == " ".join(shop)


def test_a_price_times_quantity_line_and_an_at_sign_line_are_items() -> None:
    """Two-line items printed unit price first ("1,700 x 2", a Korean convenience store) or
    with an at sign ("2 @ 3.25", an American till): the product of the two numbers being the
    amount tells the quantity from the price."""
    words = [
        *_row(20, ("바나나우유", 20)),
        *_row(50, ("1,700", 150), ("x", 210), ("2", 230), _right("3,400", 440)),
        *_row(80, ("Muffin", 20)),
        *_row(110, ("2", 60), ("@", 80), ("3.25", 100), _right("6.50", 440)),
    ]
    items = extract_document(_document(_page(words))).items
    got = [(i.name.text, i.quantity.text, i.unit_price.text, i.amount.text) for i in items]  # type: ignore[union-attr]
    assert got == [("바나나우유", "2", "1,700", "3,400"), ("Muffin", "2", "3.25", "6.50")]


@pytest.mark.parametrize("rule", [None, ("-- ---- -- - -",), ("“", "”", "“", "”", "•", "”")])
def test_one_row_items_without_a_heading_count_when_they_add_up_to_the_subtotal(
    rule: tuple[str, ...] | None,
) -> None:
    """A receipt without an item heading: rows of a name and one amount (dotted leaders
    between them, one item over two rows) right above SUBTOTAL are items, in the page's
    order, when they add up to it; the header's line ending in a number (a street number) is
    not one. A rule between the items and SUBTOTAL, however it was read (dashes, or thin
    dashes read as quotes), does not hide the items above it."""
    ruled = _row(160, *((mark, 20 + 40 * k) for k, mark in enumerate(rule))) if rule else []
    words = [
        *_row(20, ("88", 20), ("Pine", 50), ("Road", 100), ("12", 150)),
        *_row(50, ("Sourdough", 20), ("Loaf", 120), ("......", 170), _right("6.50", 440)),
        *_row(80, ("Hex", 20), ("Key", 60), ("Set", 100), _right("12.49", 440)),
        *_row(110, ("Flat", 20), ("White", 70)),
        *_row(140, ("3", 60), ("@", 80), ("4.50", 100), _right("13.50", 440)),
        *ruled,
        *_row(190, ("SUBTOTAL", 20), _right("32.49", 440)),
        *_row(220, ("TOTAL", 20), _right("35.09", 440)),
    ]
    items = extract_document(_document(_page(words))).items
    got = [(i.name.text, i.amount.text) for i in items]  # type: ignore[union-attr]
    assert got == [("Sourdough Loaf", "6.50"), ("Hex Key Set", "12.49"), ("Flat White", "13.50")]
    # the same rows adding up to nothing printed are not taken as items
    words[-4:-2] = _row(190, ("SUBTOTAL", 20), _right("40.00", 440))
    assert [i.name.text for i in extract_document(_document(_page(words))).items] == [  # type: ignore[union-attr]
        "Flat White"
    ]


def test_a_buyer_named_under_bill_to_beside_the_invoice_details() -> None:
    """An invoice's Bill To block with the invoice's number and dates set right of it on the
    same rows: the buyer's name is the first cell under the heading, not the whole row."""
    words = [
        *_row(20, ("Acme", 20), ("Tools", 70)),
        *_row(60, ("Bill", 20), ("To:", 70), ("Invoice", 500), ("No:", 580), ("77", 620)),
        *_row(90, ("Lumen", 20), ("Labs", 80), ("Invoice", 500), ("Date:", 580), ("3/9/2025", 640)),
    ]
    fields = extract_document(_document(_page(words)))
    assert fields.buyer.name is not None and fields.buyer.name.text == "Lumen Labs"


def test_a_title_set_apart_on_the_name_row_is_not_part_of_the_name() -> None:
    """A letterhead with the document's title at the right of the same row ("Acme Tools ...
    INVOICE"): the supplier's name is the letterhead; a name that only holds such a word
    without the gap keeps it."""
    words = [
        *_row(20, ("Acme", 20), ("Tools", 70), ("INVOICE", 600)),
        *_row(50, ("12", 20), ("Pine", 50), ("Road", 100)),
        *_row(90, ("TOTAL", 400), _right("10.00", 700)),
    ]
    fields = extract_document(_document(_page(words)))
    assert fields.supplier.name is not None and fields.supplier.name.text == "Acme Tools"
    answer = answer_extractive([ReadPage("t.png", _page(words))], "What is the store name?", "t")
    assert answer.answer == "Acme Tools"


def test_korean_taxable_sales_labels_name_the_supply_amount() -> None:
    """Convenience-store receipts print the amount before VAT as 과세매출 or 과세물품."""
    for label in ("과세매출", "과세물품"):
        words = [
            *_row(20, ("결제금액", 20), _right("11,000", 440)),
            *_row(50, (label, 20), _right("10,000", 440)),
            *_row(80, ("부가세", 20), _right("1,000", 440)),
        ]
        fields = extract_document(_document(_page(words)))
        assert fields.subtotal is not None and fields.subtotal.text == "10,000"


def test_an_item_name_read_in_full_width_letters_is_given_in_plain_ones() -> None:
    """PP-OCR reads some Latin letters and digits of a Korean line in their full-width forms
    ("생수 2Ｌ"): an item's name is given in NFKC, as a party's name is."""
    words = [
        *_row(20, ("품명", 20), ("금액", 400)),
        *_row(50, ("생수", 20), ("２Ｌ", 70), _right("1,500", 440)),
        *_row(80, ("합계", 20), _right("1,500", 440)),
    ]
    items = extract_document(_document(_page(words))).items
    assert [i.name.text for i in items if i.name] == ["생수 2L"]


def _text_row(y: float, text: str, x: float = 50) -> list[Word]:
    """The words of ``text`` on one row from ``x``, a space apart."""
    cells = []
    for word in text.split():
        cells.append((word, x))
        x += CHAR * (len(word) + 1)
    return _row(y, *cells)


def _names(*rows: list[Word]) -> tuple[str | None, str | None]:
    fields = extract_document(_document(_page(*rows)))
    supplier, buyer = fields.supplier.name, fields.buyer.name
    return (supplier.text if supplier else None, buyer.text if buyer else None)


def test_a_party_named_after_its_heading_on_its_line() -> None:
    """ "Supplier: Acme Widgets Ltd." / "Bill To: Globex Corporation": the names after the
    headings' colons, not a line of the invoice's details ("Invoice No: INV-2025-001")."""
    rows = [
        _row(20, ("INVOICE", 50)),
        _row(60, ("Supplier:", 50), ("Acme", 150), ("Widgets", 200), ("Ltd.", 280)),
        _row(100, ("Bill", 50), ("To:", 100), ("Globex", 140), ("Corporation", 210)),
        _row(140, ("Invoice", 50), ("No:", 130), ("INV-2025-001", 170)),
        _row(180, ("Total:", 50), ("$55.00", 120)),
    ]
    assert _names(*rows) == ("Acme Widgets Ltd.", "Globex Corporation")
    korean = [
        _text_row(20, "세금계산서"),
        _text_row(60, "공급자: 대한정밀(주)"),
        _text_row(100, "공급받는자: 서울상사(주)"),
        _text_row(140, "Invoice No: INV-2025-001"),
    ]
    assert _names(*korean) == ("대한정밀(주)", "서울상사(주)")


@pytest.mark.parametrize(
    ("supplier", "buyer"),
    [
        ("Seller:", "Customer:"),
        ("Vendor:", "Sold To:"),
        ("Sold by:", "Buyer:"),
        ("판매자:", "구매자:"),
    ],
)
def test_every_party_heading_names_its_party_on_its_line(supplier: str, buyer: str) -> None:
    rows = [_text_row(60, f"{supplier} Acme Ltd."), _text_row(100, f"{buyer} Globex Corp")]
    assert _names(*rows) == ("Acme Ltd.", "Globex Corp")


def test_another_fields_label_and_value_is_never_a_name() -> None:
    """Without a name printed, the first line of letters of an invoice's head is its
    "Invoice No: INV-2025-001", which is no supplier."""
    rows = [
        _row(20, ("INVOICE", 50)),
        _row(60, ("Invoice", 50), ("No:", 130), ("INV-2025-001", 170)),
        _row(100, ("Total:", 50), ("$55.00", 120)),
    ]
    assert _names(*rows) == (None, None)


def test_a_heading_without_a_colon_names_no_party_on_its_line() -> None:
    """ "CUSTOMER COPY" is no buyer; "공급자 공급받는자" side by side are column headings."""
    assert _names(_row(20, ("CUSTOMER", 50), ("COPY", 150)))[1] is None
    rows = [
        _row(20, ("공급자", 50), ("공급받는자", 400)),
        _row(60, ("대한정밀(주)", 50), ("서울상사(주)", 400)),
    ]
    assert _names(*rows) == ("대한정밀(주)", "서울상사(주)")


def test_the_ship_to_is_the_buyer_only_without_a_bill_to() -> None:
    ship = _row(60, ("Ship", 400), ("To:", 450), ("Globex", 490), ("Warehouse", 560))
    bill = _row(60, ("Bill", 50), ("To:", 100), ("Globex", 140), ("Corporation", 210))
    assert _names(bill, ship)[1] == "Globex Corporation"
    assert _names(ship, bill)[1] == "Globex Corporation"
    assert _names(ship)[1] == "Globex Warehouse"


def test_the_buyer_is_the_name_before_gwiha() -> None:
    """ "서울상사(주) 귀하": to Seoul Trading, the buyer of a Korean statement."""
    rows = [
        _row(20, ("거래명세서", 50)),
        _row(60, ("서울상사(주)", 50), ("귀하", 170)),
        _row(100, ("합계:", 50), ("55,000원", 120)),
    ]
    assert _names(*rows)[1] == "서울상사(주)"


@pytest.mark.parametrize("title", ["영수증 RECEIPT", "세금계산서 TAX INVOICE", "RECEIPT 영수증"])
def test_a_title_printed_in_two_languages_is_no_name(title: str) -> None:
    """A receipt with no merchant name printed: its bilingual title is no name."""
    rows = [_text_row(20, title), _row(60, ("합계", 40), _right("12,000원", 400))]
    assert _names(*rows) == (None, None)


def test_a_heading_misread_one_letter_from_two_parties_names_neither() -> None:
    """ "공급발는자" is one letter off 공급받는자 (buyer) and 공급하는자 (supplier): it heads
    neither, and its name is no supplier."""
    rows = [_text_row(20, "거래명세서"), _text_row(60, "공급발는자: 서울상사(주)")]
    assert _names(*rows) == (None, None)
    rows = [_text_row(20, "거래명세서"), _text_row(60, "공급받는자: 서울상사(주)")]
    assert _names(*rows) == (None, "서울상사(주)")


def test_a_heading_names_no_party_across_a_gutter() -> None:
    """Plain Tesseract reads "Bill To:" and the invoice's "Invoice No:  INV-8418" set far right
    of it (its number right-aligned apart) as one line: the buyer is the name under the
    heading, not "Invoice No" (outside generator's en_invoice, plain Tesseract: 9 of 24 dev
    pages)."""
    from docparse.model import Block, Line

    rows = [
        _row(50, ("Brightline", 50), ("Consulting", 160)),
        _row(172, ("Bill", 50), ("To:", 95), ("Invoice", 460), ("No:", 540), ("INV-8418", 660)),
        _row(201, ("Northwind", 54), ("Traders", 150)),
    ]
    lines = [Line.of(row) for row in rows]
    block = Block(id="p1-b1", lines=lines, box=(50, 50, 760, 221))
    page = Page(index=0, width=800, height=600, source="ocr", blocks=[block])
    buyer = extract_document(_document(page)).buyer.name
    assert buyer is not None and buyer.text == "Northwind Traders"
