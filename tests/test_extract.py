"""Key fields (``docparse extract``), rows that stay rows, and ``ask`` on fields."""

from __future__ import annotations

import json
from itertools import pairwise
from pathlib import Path

import pymupdf
import pytest
from typer.testing import CliRunner

from docparse.ask.extractive import answer_extractive
from docparse.ask.pages import ReadPage
from docparse.cli.app import app
from docparse.evaluation.ask_cases import same_answer
from docparse.evaluation.synth import compose, synthesize
from docparse.evaluation.synth.degrade import rotate
from docparse.evaluation.synth.pdf import write_text_pdf
from docparse.keyfields import Extraction, extract, extract_document
from docparse.keyfields.values import DATE, amount_text, parse_amount, parse_date
from docparse.model import Document, Page, Word
from docparse.pipeline import parse
from docparse.reading_order import build_blocks

SAMPLES = Path(__file__).resolve().parents[1] / "samples"


def _page_of(rows: list[list[tuple[str, float]]], width: int = 600, height: int = 24) -> Page:
    """A page from rows of (text, x) words, 10 px per character, ``height`` px apart; lines
    and blocks made by the reading order."""
    words = [
        Word(text=text, box=(x, 40 * r, x + 10 * len(text), 40 * r + height), engine="test")
        for r, row in enumerate(rows)
        for text, x in row
    ]
    blocks = build_blocks(words, 0)
    return Page(index=0, width=width, height=40 * len(rows) + 40, source="ocr", blocks=blocks)


def _document(page: Page, source: str = "receipt.png") -> Document:
    return Document(source=source, sha256="0", page_count=1, engine="test", pages=[page])


# --- values ---------------------------------------------------------------------------------


def test_amounts_and_dates_are_read_as_printed() -> None:
    assert parse_amount("48.00") == parse_amount("RM 48.00") == pytest.approx(48)
    assert str(parse_amount("12,000원")) == "12000" and str(parse_amount("12.000")) == "12000"
    assert str(parse_amount("1,234.50")) == "1234.50"
    assert parse_date("25/12/2018").isoformat() == "2018-12-25"  # type: ignore[union-attr]
    assert parse_date("2025년 4월 11일").isoformat() == "2025-04-11"  # type: ignore[union-attr]
    assert parse_date("11 Dec 2018").isoformat() == "2018-12-11"  # type: ignore[union-attr]


def test_a_currency_printed_onto_the_amount_stays_one_printed_apart_goes() -> None:
    assert [amount_text(t) for t in ("$8.20", "RM4.00", "-RM0.02", "RM 4.00", "₩ 12 ,000")] == [
        "$8.20",
        "RM4.00",
        "-RM0.02",
        "4.00",
        "12,000",
    ]
    total = _receipt_fields("SUBTOTAL RM3.77 | GST 6% RM0.23 | TOTAL RM4.00 | CASH RM10.00").total
    assert total is not None and total.text == "RM4.00" and total.value == "4.00"


# --- SROIE-like receipt (hand-made words) ---------------------------------------------------

SROIE_ROWS = [
    [("SYARIKAT", 150), ("PERNIAGAAN", 240), ("MAJU", 350), ("SDN", 400), ("BHD", 440)],
    [("NO.", 160), ("12,", 200), ("JALAN", 240), ("MAJU", 300), ("3,", 350)],
    [("81100", 180), ("JOHOR", 240), ("BAHRU", 300)],
    [("TEL:07-3507405", 200)],
    [("Date:", 20), ("15/03/2018", 80), ("13:05", 200)],
    [("ITEM", 20), ("QTY", 300), ("PRICE", 380), ("AMOUNT", 480)],
    [("MILO", 20), ("TIN", 70), ("1", 310), ("20.00", 380), ("20.00", 490)],
    [("SUGAR", 20), ("2", 310), ("14.00", 380), ("28.00", 490)],
    [("Net", 20), ("Total(MYR:", 60), ("48.00", 490)],
    [("Net", 20), ("Total", 60), ("Rounded", 120), ("(MYR):", 200), ("48.00", 490)],
    [("CASH", 20), ("50.00", 490)],
    [("CHANGE", 20), ("2.00", 490)],
]


def test_a_sroie_like_receipt_answers_its_total_and_fields() -> None:
    """Regression: 'Net Total(MYR: 48.00' once gave no answer (decimals were no amount)."""
    page = _page_of(SROIE_ROWS)
    answer = answer_extractive([ReadPage("receipt.png", page)], "What is the total?", "test")
    assert answer.answer == "48.00" and answer.evidence[0].line.startswith("Net Total")
    fields = extract_document(_document(page))
    assert fields.total is not None and fields.total.text == "48.00"
    assert fields.supplier.name is not None
    assert fields.supplier.name.text == "SYARIKAT PERNIAGAAN MAJU SDN BHD"
    assert fields.supplier.address is not None
    assert fields.supplier.address.text == "NO. 12, JALAN MAJU 3, 81100 JOHOR BAHRU"
    assert fields.issue_date is not None and fields.issue_date.value == "2018-03-15"
    assert [item.name.text for item in fields.items if item.name] == ["MILO TIN", "SUGAR"]
    assert [item.amount.text for item in fields.items if item.amount] == ["20.00", "28.00"]
    assert {check.name: check.ok for check in fields.checks} == {"items = total": True}
    item = answer_extractive([ReadPage("receipt.png", page)], "How much did SUGAR cost?", "t")
    assert item.answer == "28.00"  # the item's amount from the extraction, not its quantity


def test_arithmetic_chooses_the_total_after_rounding() -> None:
    rows = [
        [("GIFT", 200), ("SHOP", 260)],
        [("TOTAL", 20), ("AMT", 80), ("60.31", 490)],
        [("ROUNDING", 20), ("ADJ", 110), ("-0.01", 490)],
        [("RM", 400), ("60.30", 490)],
        [("CASH", 20), ("70.00", 490)],
    ]
    fields = extract_document(_document(_page_of(rows)))
    assert fields.total is not None and fields.total.text == "60.30"


def test_vat_in_brackets_qualifies_the_total_and_is_not_the_vat() -> None:
    rows = [
        [("공급가액", 20), ("100,000", 480)],
        [("부가세", 20), ("10,000", 480)],
        [("합계금액", 20), ("Amount", 120), ("(VAT", 200), ("포함)", 260), ("110,000", 480)],
    ]
    fields = extract_document(_document(_page_of(rows)))
    assert (fields.subtotal, fields.vat, fields.total) != (None, None, None)
    assert [fields.subtotal.text, fields.vat.text, fields.total.text] == [  # type: ignore[union-attr]
        "100,000",
        "10,000",
        "110,000",
    ]
    assert all(check.ok for check in fields.checks)


def _words(*lines: str) -> list[list[tuple[str, float]]]:
    """Rows of words from lines of text, words 10 px per character and one space apart."""
    rows = []
    for line in lines:
        x, row = 20.0, []
        for word in line.split():
            row.append((word, x))
            x += 10 * len(word) + 10
        rows.append(row)
    return rows


def test_a_receipt_header_gives_the_name_above_and_the_address_to_its_state_line() -> None:
    """SROIE-like header: the top-most company line (not a former name under it), the
    address over its lines to the state after the postcode, stopped by the tax number; a
    company line holding its registration number is still the name."""
    rows = _words(
        "GERBANG ALAF RESTAURANTS SDN BHD",
        "(65351-M)",
        "FORMERLY KNOWN AS",
        "GOLDEN ARCHES RESTAURANTS SDN BHD",
        "LEVEL 6, BANGUNAN TH, DAMANSARA UPTOWN3",
        "NO.3, JALAN SS21/39,47400 PETALING JAYA",
        "SELANGOR",
        "(GST ID NO: 000504664064)",
        "ORD #50 -REG #19- 18/01/2018 10:27:03",
        "TOTAL ROUNDED 26.60",
        "DOWNLOAD MY FEEDBACK FROM",
        "GOOGLE PLAY/APP STORE",
    )
    fields = extract_document(_document(_page_of(rows, width=700)))
    assert fields.supplier.name is not None and fields.supplier.address is not None
    assert fields.supplier.name.text == "GERBANG ALAF RESTAURANTS SDN BHD"
    assert fields.supplier.address.text == (
        "LEVEL 6, BANGUNAN TH, DAMANSARA UPTOWN3 NO.3, JALAN SS21/39,47400 PETALING JAYA SELANGOR"
    )
    assert fields.issue_date is not None and fields.issue_date.text == "18/01/2018"
    assert fields.supplier.registration_number is not None
    rows = _words(
        "AEON CO. (M) BHD (126926-H)",
        "3RD FLR, AEON TAMAN MALURI SC",
        "JLN JEJAKA, TAMAN MALURI",
        "CHERAS, 55100 KUALA LUMPUR",
        "GST ID : 002017394688",
    )
    fields = extract_document(_document(_page_of(rows)))
    assert fields.supplier.name is not None and fields.supplier.address is not None
    assert fields.supplier.name.text == "AEON CO. (M) BHD"
    assert fields.supplier.address.text.endswith("MALURI CHERAS, 55100 KUALA LUMPUR")
    # the registration number's bracket lost: its letters start a word of their own, so the
    # B stays with its legal form, whose 5 was read for an S
    rows[0] = _words("99 SPEED MART 5/B 519537-X)")[0]
    fields = extract_document(_document(_page_of(rows)))
    assert fields.supplier.name is not None and fields.supplier.name.text == "99 SPEED MART S/B"


def test_receipt_totals_prefer_the_rounded_amount_and_survive_misread_points() -> None:
    rounded = _words(
        "TOTAL RM 33.92",
        "ROUNDING ADJUSTMENT -RM 0.02",
        "TOTAL ROUNDED RM 33.90",
        "CASH RM 50.00",
        "CHANGE RM 16.10",
    )
    inclusive = _words("TOTAL 277.90", "DISCOUNT: 0.90", "TOTAL INCLUSIVE GST: 277.00")
    tax_after = _words("TOTAL INCL ,GST@6% RM 15.90", "CASH RM 50.00", "CHANGE RM 34.10")
    lost_point = _words("SUB TOTAL 10.00", "GRAND TOTAL 10 00", "CASH 20.00", "CHANGE DUE 10.00")
    no_total = _words("DPT.05 RM 149.00", "DPT.04 RM 21.00", "CASH", "RM 170.00")
    for rows, want in (
        (rounded, "33.90"),
        (inclusive, "277.00"),
        (tax_after, "15.90"),
        (lost_point, "10.00"),
        (no_total, "170.00"),
    ):
        total = extract_document(_document(_page_of(rows))).total
        assert total is not None and total.text == want, rows


def _receipt_fields(rows: str) -> Extraction:
    """The fields of a receipt whose rows are given as text, one row after each "|" or line
    break."""
    lines = [row.strip() for row in rows.replace("|", "\n").splitlines() if row.strip()]
    return extract_document(_document(_page_of(_words(*lines))))


def test_a_date_both_of_whose_numbers_could_be_months_is_read_by_the_documents_convention() -> None:
    """06/07/2023 on a receipt in dollars or with a US address is 7 June, on one in ringgit
    6 July; a date of the same document that only one way can be read (a day over 12)
    decides before the currency does."""
    us = _receipt_fields("CORNER BOOKS | 06/07/2023 14:02 | Paperback 16.99 | TOTAL $16.99")
    ringgit = _receipt_fields("KEDAI BUKU | 06/07/2023 14:02 | Buku 16.99 | TOTAL RM16.99")
    us_address = _receipt_fields("HARDWARE | Denver, co 80202 | 06/07/2023 | TOTAL 16.99")
    due_first = _receipt_fields(
        "INVOICE | Date 06/07/2023 | Due Date 25/07/2023 | Item 16.99 | TOTAL $16.99"
    )
    assert us.issue_date is not None and us.issue_date.value == "2023-06-07"
    assert ringgit.issue_date is not None and ringgit.issue_date.value == "2023-07-06"
    assert us_address.issue_date is not None and us_address.issue_date.value == "2023-06-07"
    assert due_first.issue_date is not None and due_first.issue_date.value == "2023-07-06"
    assert us.issue_date.text == ringgit.issue_date.text == "06/07/2023"  # printed as is


def test_a_name_holding_a_street_word_is_the_name_not_the_address() -> None:
    """The outside generator's deli: its first line holds "STREET" and no number, so it is
    the name; the address starts with the house number under it."""
    fields = _receipt_fields(
        "HARBOR STREET DELI | 1420 NW Lovejoy St | Portland, OR 97205 | (474) 555-1076"
        " | 03/05/2024 11:01 | Sourdough Loaf 6.50 | TOTAL $6.50"
    )
    assert fields.supplier.name is not None and fields.supplier.name.text == "HARBOR STREET DELI"
    address = fields.supplier.address
    assert address is not None and address.text.startswith("1420 NW Lovejoy St")


def test_a_total_qualified_by_a_misread_bracket_or_rate_keeps_its_amount() -> None:
    """SROIE dev 130 and 013: "(lnclusive of GST)" and "Incl.68 GST" (I read l, % read 8)
    once made "GST" a VAT label that took the total's amount; a nil GST is a VAT."""
    fields = _receipt_fields("""
        Total Sales (ExC ng GST) 60.00 | Discount 0.00 | Total GST 3.60 | Rounding 0.00
        Total Sales (lnclusive of GST) 63.60 | CASH 63.60 | Change : 0.00
        Tax Code % Amt (RM) Tax (RM) | SR 6 60.00 360 | Total : 60.00 360""")
    assert fields.total is not None and fields.total.text == "63.60"
    assert fields.subtotal is not None and fields.subtotal.text == "60.00"
    fields = _receipt_fields("""
        Sub Total RM 15.00 | Total Excl.6% GST RM 15.00 | GST 68 RM 0.00
        Total Incl.68 GST RM 15.00 | Rounding RM 0.00 | CASH RM 15.00 | CHANGE RM 0.00""")
    assert fields.total is not None and fields.total.text == "15.00"
    assert fields.total.label == "Total Incl"
    assert fields.vat is not None and fields.vat.text == "0.00"
    assert fields.checks and all(check.ok for check in fields.checks)
    # "includes" qualifies the GST too (SROIE dev 066)
    total = _receipt_fields("TOTAL INCLUDES GST 0% 8.20 | CASH 20.20 | CHANGE 12.00").total
    assert total is not None and total.text == "8.20" and total.label == "TOTAL"


def test_an_amount_column_heading_is_not_a_total_label() -> None:
    """SROIE dev 133 read by plain Tesseract: the item amount under the "Amount" heading
    adds up to subtotal + GST, the printed total does not (its rounding misread "0.011");
    a heading row's "Amount" heads items, so the total is the one labelled TOTAL."""
    total = _receipt_fields("""
        Item Qty RSP Amount | 107636 3 82.68 248.04 | Sub Total : 234.00
        Total GST : 14.04 | Rounding : 0.011 | Total : 248.05 | CASH : 248.05""").total
    assert total is not None and total.text == "248.05"
    # a weak "Amount" alone on its row still labels the total
    total = _receipt_fields("Subtotal 10.00 | Tax 0.60 | Amount 10.60").total
    assert total is not None and total.text == "10.60"


def test_a_total_below_its_subtotal_is_not_the_amount_to_pay() -> None:
    """A GST summary's "TOTAL : 144.68 8.68" gives its tax column; with nothing taken off,
    a total below the subtotal is not the total (SROIE dev 026: the printed total's row
    was lost under a stamp). A discount may take it below."""
    total = _receipt_fields(
        "SUB-TOTAL 144.68 | TOTAL TAX 8.68 | AMOUNT 153.35 | GST SUMMARY | TOTAL : 144.68 8.68"
    ).total
    assert total is not None and total.text == "153.35"
    total = _receipt_fields("SUBTOTAL 20.00 | DISCOUNT 5.00 | TOTAL 15.00").total
    assert total is not None and total.text == "15.00"
    # rounded down a cent below the subtotal, the rounding row misread (SROIE dev 003)
    total = _receipt_fields("""
        Total Sales (Excluding GST) 80.91 | Total GST 0.00 | Rounding -001
        Total (Inclusive of GST) : 80.90 | CASH : 100.00 | Change : 19.10
        GST SUMMARY | SR 0 80.91 0.00""").total
    assert total is not None and total.text == "80.90"


def test_a_narrow_receipt_gives_items_printed_over_two_lines() -> None:
    rows = _words(
        "새마을마트 잠실점",
        "휴지 30롤",
        "3 x 15,900 47,700",
        "Olive Oil",
        "2 x 11,900 23,800",
        "2 x 1,000 2,500",
        "받을금액 71,500",
    )
    page = _page_of(rows)
    fields = extract_document(_document(page))
    assert [(i.name.text, i.amount.text) for i in fields.items if i.name and i.amount] == [
        ("휴지 30롤", "47,700"),
        ("Olive Oil", "23,800"),
    ]  # 2 x 1,000 is not 2,500: no item
    item = answer_extractive([ReadPage("r.png", page)], "How much did Olive Oil cost?", "t")
    assert item.answer == "23,800"


def test_an_item_heading_under_a_misread_one_keeps_the_whole_name() -> None:
    # the sample invoice's 품목 read "EYE" over "Item": "File", nearer its centre, went to
    # that unknown column and the item was named "Binder"
    heading = "No EYE 규격 수량 단가 공급가액", "Item Spec Qty Price Amount"
    at = [172, 239, 600, 835, 1022, 1188], [246, 600, 835, 1022, 1188]
    rows = [list(zip(line.split(), xs, strict=True)) for line, xs in zip(heading, at, strict=True)]
    rows.append([("3", 181), ("File", 236), ("Binder", 286), ("3공", 600), ("20", 852)])
    rows[-1].extend([("3,500", 1001), ("70,000", 1199)])
    rows.append([("4", 181), ("USB", 236), ("Flash", 276), ("Drive", 336), ("1", 866)])
    rows[-1].extend([("12,000", 989), ("12,000", 1202)])
    fields = extract_document(_document(_page_of(rows, width=1500), "invoice.png"))
    assert [(i.name.text, i.amount.text) for i in fields.items if i.name and i.amount] == [
        ("File Binder", "70,000"),
        ("USB Flash Drive", "12,000"),
    ]


def test_a_sale_date_is_the_one_printed_with_its_time() -> None:
    rows = _words("PAID 1 MAR 2018", "MR.D.I.Y. (M) SDN BHD", "ITEM 2.00", "14-03-18 21:49 SH03")
    fields = extract_document(_document(_page_of(rows)))
    assert fields.issue_date is not None and fields.issue_date.text == "14-03-18"
    rows = _words("Date : 30/05/201710:18:02 AM", "HC03-7 - 15")
    fields = extract_document(_document(_page_of(rows)))
    assert fields.issue_date is not None and fields.issue_date.value == "2017-05-30"


def test_a_due_question_never_answers_the_issue_date() -> None:
    rows = [
        [("작성일자", 20), ("2025-04-11", 120)],
        [
            ("Payment", 20),
            ("due", 100),
            ("by", 140),
            ("the", 170),
            ("end", 210),
            ("of", 250),
            ("next", 280),
            ("month.", 330),
        ],
    ]
    pages = [ReadPage("invoice.pdf", _page_of(rows))]
    due = answer_extractive(pages, "납기일은 언제입니까?", "test")
    assert due.answer == "the end of next month"
    assert answer_extractive(pages, "작성일자는?", "test").answer == "2025-04-11"
    no_terms = [ReadPage("invoice.pdf", _page_of(rows[:1]))]
    missing = answer_extractive(no_terms, "납기일은 언제입니까?", "test")
    assert missing.answer is None and missing.closest


# --- rows that stay rows --------------------------------------------------------------------


def test_a_turned_receipt_keeps_each_label_with_its_right_aligned_amount() -> None:
    doc = rotate(synthesize("receipt", 5), 1.8)
    words = [Word(text=w.text, box=w.box, engine="truth") for w in doc.words]
    lines = [line for block in build_blocks(words, 0) for line in block.lines]
    line_of = {id(word): n for n, line in enumerate(lines) for word in line.words}
    truth: dict[int, set[int]] = {}
    for word, synth in zip(words, doc.words, strict=True):
        truth.setdefault(synth.line, set()).add(line_of[id(word)])
    assert all(len(found) == 1 for found in truth.values())
    total = next(line for line in lines if line.words[-1].text == doc.facts["total"])
    assert len(total.words) >= 2 and total.words[0].box[2] < total.words[-1].box[0] - 100


def test_a_turned_two_column_page_still_reads_column_by_column() -> None:
    seed = next(s for s in range(1, 40) if compose("document", s)[0].facts["columns"] == "2")
    doc = rotate(synthesize("document", seed), -1.5)
    words = [Word(text=w.text, box=w.box, engine="truth") for w in doc.words]
    truth = {id(word): synth.line for word, synth in zip(words, doc.words, strict=True)}
    order = [truth[id(w)] for b in build_blocks(words, 0) for ln in b.lines for w in ln.words]
    in_order = sum(a <= b for a, b in pairwise(order))
    assert in_order / (len(order) - 1) >= 0.99
    assert len({b.column for b in build_blocks(words, 0)}) == 2


# --- born-digital and scanned invoices ------------------------------------------------------


def test_a_born_digital_invoice_gives_its_fields_from_the_text_layer(tmp_path: Path) -> None:
    content, layout = compose("invoice", 7)
    path = tmp_path / "invoice.pdf"
    write_text_pdf(layout, path)
    fields = extract(path, engine="tesseract")
    facts = content.facts
    assert fields.kind == "invoice"
    assert [fields.subtotal.text, fields.vat.text, fields.total.text] == [  # type: ignore[union-attr]
        facts["supply"],
        facts["vat"],
        facts["total"],
    ]
    assert fields.supplier.name is not None and fields.buyer.name is not None
    assert same_answer(fields.supplier.name.text, facts["supplier"])
    assert same_answer(fields.buyer.name.text, facts["buyer"])
    assert [item.amount.value for item in fields.items if item.amount] == [
        str(item.amount) for item in content.items
    ]
    assert all(check.ok for check in fields.checks)


@pytest.fixture(scope="module")
def invoice_sample() -> Document:
    return parse(SAMPLES / "invoice.pdf", engine="tesseract")


def test_the_sample_invoice_gives_parties_items_and_amounts_with_boxes(
    invoice_sample: Document,
) -> None:
    fields = extract_document(invoice_sample)
    assert fields.supplier.registration_number is not None
    assert fields.supplier.registration_number.text == "779-88-99874"
    assert fields.buyer.registration_number is not None
    assert fields.buyer.registration_number.text == "357-66-22291"
    assert fields.supplier.name is not None and "미래" in fields.supplier.name.text
    assert fields.buyer.name is not None and "서울오피스" in fields.buyer.name.text
    assert fields.subtotal is not None and fields.subtotal.text == "1,859,000"
    assert fields.vat is not None and fields.vat.text == "185,900"
    assert fields.total is not None and fields.total.text == "2,044,900"
    assert fields.total.page == 1 and fields.total.box[0] > invoice_sample.pages[0].width / 2
    assert fields.issue_date is not None and fields.issue_date.value == "2025-04-11"
    assert len(fields.items) >= 5 and fields.items[0].amount is not None
    assert fields.items[0].amount.text == "1,100,000"


def test_asking_the_sample_invoice_for_its_due_date_does_not_give_the_issue_date(
    invoice_sample: Document,
) -> None:
    """Regression: '납기일은 언제입니까?' answered 2025-04-11 (the issue date) with score 1."""
    pages = [ReadPage("invoice.pdf", page) for page in invoice_sample.pages]
    answer = answer_extractive(pages, "납기일은 언제입니까?", "tesseract")
    assert answer.answer != "2025-04-11"
    assert answer.answer is None or "month" in answer.answer or "익월" in answer.answer


def test_extract_cli_writes_json_and_csv(tmp_path: Path) -> None:
    content, layout = compose("invoice", 3)
    path = tmp_path / "invoice.pdf"
    write_text_pdf(layout, path)
    run = ["extract", str(path), "--engine", "tesseract"]
    done = CliRunner().invoke(app, [*run, "--out", "json"])
    assert done.exit_code == 0, done.output
    fields = Extraction.model_validate(json.loads(done.stdout))
    assert fields.total is not None and fields.total.text == content.facts["total"]
    done = CliRunner().invoke(app, [*run, "--out", "csv"])
    assert f"total,{content.facts['total']}" in done.stdout.replace('"', "")
    missing = CliRunner().invoke(app, ["extract", str(tmp_path / "nope.pdf"), *run[2:]])
    assert (missing.exit_code == 1 and missing.exception is None) or isinstance(
        missing.exception, SystemExit
    )
    assert len(missing.stderr.strip().splitlines()) == 1


def test_a_page_extract_could_not_read_is_told_and_fails_the_file(tmp_path: Path) -> None:
    # its fields were silently missing, exit 0; Extraction.warnings was never filled
    intact = pymupdf.open()
    for text in ("Receipt No 1", "TOTAL 45.00"):
        intact.new_page(width=400, height=200).insert_text((20, 100), text, fontsize=14)
    intact.save(tmp_path / "intact.pdf")
    document = pymupdf.open(tmp_path / "intact.pdf")
    (contents,) = document[0].get_contents()
    document.xref_set_key(document[0].xref, "Contents", f"[{contents} 0 R]")
    document.update_object(contents, "<< /Length 64 >>")  # its stream lost: page 1 damaged
    document.save(tmp_path / "damaged.pdf")
    done = CliRunner().invoke(app, ["extract", str(tmp_path / "damaged.pdf"), "-q"])
    assert done.exit_code == 1
    assert done.stderr.startswith(f"error: {tmp_path / 'damaged.pdf'}: page 1 is damaged")
    fields = Extraction.model_validate(json.loads(done.stdout))
    assert fields.unread_pages == [1] and fields.warnings[0].startswith("page 1 is damaged")
    assert fields.total is not None and fields.total.page == 2


def test_a_file_with_no_field_is_one_csv_row_of_its_name(tmp_path: Path) -> None:
    """A blank page read with nothing found is told from a file never read: a row with only
    its name (it gave no row at all)."""
    from PIL import Image

    blank = tmp_path / "blank.png"
    Image.new("RGB", (400, 300), "white").save(blank)
    done = CliRunner().invoke(app, ["extract", str(blank), "--engine", "tesseract", "--out", "csv"])
    rows = [line for line in done.stdout.splitlines() if line]
    assert rows[0].startswith("file,field,")
    assert rows[1:] == [f"{blank}," + "," * 6]


def test_several_files_show_progress_unless_quiet(tmp_path: Path) -> None:
    from PIL import Image

    blanks = [tmp_path / "a.png", tmp_path / "b.png"]
    for blank in blanks:
        Image.new("RGB", (200, 100), "white").save(blank)
    run = ["extract", *map(str, blanks), "--engine", "tesseract", "--out", "csv"]
    told = CliRunner().invoke(app, run)
    assert told.exit_code == 0 and f"[2/2] {blanks[1]}" in told.stderr
    quiet = CliRunner().invoke(app, [*run, "-q"])
    assert quiet.exit_code == 0 and quiet.stderr == "" and quiet.stdout == told.stdout


def test_extract_cli_writes_to_a_file_never_over_an_input(tmp_path: Path) -> None:
    """``-o fields.csv`` writes CSV (the suffix picks the format), ``-o`` .json JSON; ``-o``
    naming an input, or a suffix extract does not write, is one line and exit 2."""
    content, layout = compose("invoice", 3)
    path = tmp_path / "invoice.pdf"
    write_text_pdf(layout, path)
    run = ["extract", str(path), "--engine", "tesseract"]
    done = CliRunner().invoke(app, [*run, "-o", str(tmp_path / "fields.csv")])
    assert done.exit_code == 0, done.output
    assert done.stdout == ""
    written = (tmp_path / "fields.csv").read_text(encoding="utf-8")
    assert written.startswith("file,field,") and content.facts["total"] in written
    done = CliRunner().invoke(app, [*run, "-o", str(tmp_path / "out" / "fields.json")])
    assert done.exit_code == 0, done.output
    fields = Extraction.model_validate_json((tmp_path / "out" / "fields.json").read_text())
    assert fields.total is not None and fields.total.text == content.facts["total"]
    before = path.read_bytes()
    for options in (["--out", "json", "-o", str(path)], ["-o", str(tmp_path / "fields.txt")]):
        refused = CliRunner().invoke(app, [*run, *options])
        assert refused.exit_code == 2
        assert len(refused.stderr.strip().splitlines()) == 1
    assert "is an input" in CliRunner().invoke(app, [*run, "--out", "csv", "-o", str(path)]).stderr
    assert path.read_bytes() == before
    assert not (tmp_path / "fields.txt").exists()


class _StripReader:
    """A stand-in parser: a blank page image, and an engine that reads '12,000' in any crop."""

    def __init__(self) -> None:
        self.crops: list[tuple[int, int]] = []
        self.engine = self

    def page_images(self, path: object):  # type: ignore[no-untyped-def]
        from PIL import Image

        yield 0, Image.new("L", (600, 200), 255)

    def prepare(self, image):  # type: ignore[no-untyped-def]
        from docparse.preprocess import Scale

        return image, Scale()

    def recognize(self, images):  # type: ignore[no-untyped-def]
        from docparse.engines.base import Recognition

        self.crops += [image.size for image in images]
        word = Word(text="12,000", box=(300, 2, 360, 22), engine="test")
        return [Recognition(words=[word]) for _ in images]


def test_an_amount_the_first_reading_lost_is_read_again_from_its_row() -> None:
    from docparse.keyfields.reread import reread_pages

    page = _page_of([[("합계", 20)], [("감사합니다", 20)]])
    reader = _StripReader()
    (again,) = reread_pages([page], reader, "receipt.png")  # type: ignore[arg-type]
    assert len(reader.crops) == 1  # only the 합계 row, right of its label
    fields = extract_document(_document(again))
    assert fields.total is not None and fields.total.text == "12,000"
    assert fields.total.box[0] > 100


def test_a_total_above_a_discount_is_not_the_amount_to_pay_even_when_the_items_sum_to_it() -> None:
    """SROIE-like: the items add up to the total printed before the discount; the total
    after it is the amount to pay. A total after the discount that later charges raise
    again is not it either."""
    discounted = _words(
        "ITEM QTY PRICE AMOUNT",
        "TOWEL ROD 2 6.00 12.00",
        "WALL PLUG 1 3.50 3.50",
        "TOTAL 15.50",
        "DISCOUNT: 0.50",
        "ROUNDING ADJ 0.00",
        "TOTAL INCLUSIVE GST: 15.00",
        "CASH 15.00",
    )
    charged = _words(
        "SUBTOTAL 79.60",
        "DISCOUNT -30.00",
        "TOTAL AMOUNT : 49.60",
        "SERV CHARGE 10% 4.96",
        "GST 6% 3.27",
        "ROUNDING ADJ : -0.03",
        "TOTAL AMOUNT: 57.80",
        "TOTAL: RM 57.80",
    )
    for rows, want in ((discounted, "15.00"), (charged, "57.80")):
        fields = extract_document(_document(_page_of(rows)))
        assert fields.total is not None and fields.total.text == want, rows


def test_a_cash_amount_read_with_its_point_lost_is_the_total_the_arithmetic_gives() -> None:
    """The TOTAL row's amount was not read, the cash amount under it read "7:00": subtotal +
    GST = 7.00 makes it the total, not an amount of the tax summary below."""
    rows = _words(
        "SUB-TOTAL 6.60",
        "GST 0.40",
        "ROUNDING 0.00",
        "TOTAL",
        "CASH 7:00",
        "CHANGE 0.00",
        "CODE AMOUNT % TAX",
        "SR 6.60 6 0.40",
    )
    fields = extract_document(_document(_page_of(rows)))
    assert fields.total is not None and fields.total.text == "7.00"


class _SecondReader(_StripReader):
    """A stand-in parser whose engine reads rows again: "112.45" where the first reading
    had "112.46", "0.QQ" for "0.00" (a second reader misreads too)."""

    name = "second"
    capabilities = frozenset({"ocr"})
    pages_per_call = 1

    def __init__(self) -> None:
        super().__init__()
        self.rows: list[list[str]] = []

    def close(self) -> None:
        return None

    def read_again(self, image, rows):  # type: ignore[no-untyped-def]
        self.rows += [[word.text for word in row] for row in rows]
        fixes = {"112.46": "112.45", "0.00": "0.QQ", "-0.02": "-0.03"}
        return [
            [word.model_copy(update={"text": fixes.get(word.text, word.text)}) for word in row]
            for row in rows
        ]


def test_amounts_are_read_again_where_the_arithmetic_fails_and_kept_where_it_then_holds() -> None:
    from docparse.keyfields.reread import reread_pages

    rows = _words(
        "SUB TOTAL (RM): 106.10",
        "DISCOUNT (RM): 0.00",
        "TOTAL GST (RM): 6.37",
        "ROUNDING (RM): -0.02",
        "TOTAL (RM): 112.46",
        "CASH : 120.00",
        "CHANGE (RM) : 7.55",
    )
    page = _page_of(rows)
    reader = _SecondReader()
    (again,) = reread_pages([page], reader, "receipt.png")  # type: ignore[arg-type]
    assert reader.rows and ["TOTAL", "(RM):", "112.46"] in reader.rows
    fields = extract_document(_document(again))
    assert fields.total is not None and fields.total.text == "112.45"
    # the second reading of the rounding made no more checks hold: the first one stays
    assert "-0.02" in [w.text for w in again.words()]
    # where the arithmetic already holds, nothing is read again
    held = _page_of(_words("SUB TOTAL 106.10", "GST 6.37", "ROUNDING -0.02", "TOTAL 112.45"))
    reader = _SecondReader()
    assert reread_pages([held], reader, "receipt.png") == [held]  # type: ignore[arg-type]
    assert reader.rows == []


def test_a_postcode_ending_its_line_takes_the_place_line_under_it_into_the_address() -> None:
    """The postcode closes "BANDAR BARU SENTUL, 51000" and the city and state follow on the
    next line (five words, more than a state line after the postcode's); OCR's doubled comma
    and spaced initials ("D. E,,") are put right."""
    rows = _words(
        "SUNRISE CRAFT SUPPLIES SDN BHD",
        "NO: 12, JALAN MERANTI 4,",
        "BANDAR BARU SENTUL, 51000",
        "KUALA LUMPUR W. P,, MALAYSIA",
        "ROC NO.: (1234567-K)",
        "TEL: 03-4041 2233",
    )
    fields = extract_document(_document(_page_of(rows)))
    assert fields.supplier.address is not None
    assert fields.supplier.address.text == (
        "NO: 12, JALAN MERANTI 4, BANDAR BARU SENTUL, 51000 KUALA LUMPUR W.P, MALAYSIA"
    )


class _AddressReader(_SecondReader):
    """A second reader that reads the name and address lines again: a letter of the name
    the first reading got wrong is read right, one word the first reading split is read
    whole, one line loses most of its characters (kept as it was)."""

    def read_again(self, image, rows):  # type: ignore[no-untyped-def]
        self.rows += [[word.text for word in row] for row in rows]
        out = []
        for row in rows:
            texts = [word.text for word in row]
            if texts[-2:] == ["SE", "LANGOR"]:
                again = [*row[:-2], row[-2].model_copy(update={"text": "SELANGOR"}), None]
            elif texts[0] == "NO.":
                again = [row[0].model_copy(update={"text": "N"}), *[None] * (len(row) - 1)]
            elif texts[1] == "RUNC1T":
                again = [row[0], row[1].model_copy(update={"text": "RUNCIT"}), *row[2:]]
            else:
                again = list(row)
            out.append(again)
        return out


def test_the_name_and_address_lines_are_read_again_by_a_second_reader() -> None:
    from docparse.keyfields.reread import reread_pages

    rows = _words(
        "KEDAI RUNC1T HARMONI",
        "NO. 8, JALAN MAWAR 3,",
        "47300 PETALING JAYA, SE LANGOR",
        "TEL: 03-7877 1234",
        "TOTAL 12.00",
    )
    reader = _AddressReader()
    (again,) = reread_pages([_page_of(rows)], reader, "receipt.png")  # type: ignore[arg-type]
    # the name and address lines, nothing else (the total adds up)
    assert [row[0] for row in reader.rows] == ["KEDAI", "NO.", "47300"]
    fields = extract_document(_document(again))
    assert fields.supplier.name is not None
    assert fields.supplier.name.text == "KEDAI RUNCIT HARMONI"
    assert fields.supplier.address is not None
    assert fields.supplier.address.text == "NO. 8, JALAN MAWAR 3, 47300 PETALING JAYA, SELANGOR"


def test_dates_whose_comma_space_or_korean_units_ocr_lost_are_read() -> None:
    """ "Mar 05,2024" (the space after the comma lost) and a stamp whose 년 월 일 were lost
    ("2024 12 16 12:44") are dates; three numbers without a time after them are not."""
    for printed, day in (("Mar 05,2024 11:01", "2024-03-05"), ("2024 12 16 12:44", "2024-12-16")):
        found = DATE.search(printed)
        assert found is not None and parse_date(found.group()).isoformat() == day  # type: ignore[union-attr]
    assert DATE.search("2024 12 16") is None
    assert DATE.search("2024 13 16 12:44") is None


def test_a_month_name_whose_o_was_read_as_a_zero_is_a_date() -> None:
    """ "0ct 15, 2024" (PP-OCR read the O of a monospaced receipt's Oct as a zero) and "n0v";
    a zero glued to a number before it is no month ("150ct")."""
    for printed, day in (("0ct 15, 2024  10:00", "2024-10-15"), ("3 N0V 2023", "2023-11-03")):
        found = DATE.search(printed)
        assert found is not None and parse_date(found.group()).isoformat() == day  # type: ignore[union-attr]
    assert DATE.search("150ct 2024") is None


def _lines_pdf(path: Path, lines: list[str]) -> Path:
    """A born-digital A4 page with ``lines`` one under another in Nanum Gothic."""
    import pymupdf

    from docparse.io.fonts import font_path

    document = pymupdf.open()
    page = document.new_page(width=595, height=842)
    page.insert_font(fontname="K", fontfile=str(font_path("gothic")))
    for n, line in enumerate(lines):
        page.insert_text((72, 100 + 30 * n), line, fontname="K", fontsize=14)
    document.subset_fonts()
    document.save(path)
    return path


@pytest.mark.parametrize(
    ("lines", "supplier", "buyer", "question"),
    [
        (
            ["INVOICE", "Supplier: Acme Widgets Ltd.", "Bill To: Globex Corporation"],
            "Acme Widgets Ltd.",
            "Globex Corporation",
            "Who is the supplier?",
        ),
        (
            ["세금계산서", "공급자: 대한정밀(주)", "공급받는자: 서울상사(주)"],
            "대한정밀(주)",
            "서울상사(주)",
            "공급자는 누구입니까?",
        ),
    ],
)
def test_parties_printed_as_label_and_name_are_extracted_and_answered(
    tmp_path: Path, lines: list[str], supplier: str, buyer: str, question: str
) -> None:
    """An invoice printing its parties inline ("Supplier: Acme Widgets Ltd.") gives them, and
    never its "Invoice No: INV-2025-001" cut to "Invoice No: INV-" as the supplier."""
    path = _lines_pdf(
        tmp_path / "invoice.pdf",
        [*lines, "Invoice Date: 2025-03-05", "Invoice No: INV-2025-001", "Total: 55,000"],
    )
    run = ["extract", str(path), "--engine", "tesseract", "--out", "csv"]
    done = CliRunner().invoke(app, run)
    assert done.exit_code == 0, done.output
    rows = done.stdout.replace('"', "")
    assert f"supplier.name,{supplier}," in rows and f"buyer.name,{buyer}," in rows
    assert "Invoice No" not in rows
    asked = CliRunner().invoke(app, ["ask", str(path), question, "--engine", "tesseract"])
    assert asked.exit_code == 0, asked.output
    assert asked.stdout.splitlines()[0] == f"answer: {supplier}"
