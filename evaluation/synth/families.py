"""More receipt and invoice templates, for the key-field and ``ask`` benchmarks: layouts the
first generator does not print.

- ``en_receipt``: an English-only thermal receipt, ITEM / QTY / PRICE / AMOUNT with
  decimal prices, SUBTOTAL / TAX / TOTAL with the amounts right-aligned far from their
  labels, a card-payment block (masked card number, approval code);
- ``narrow_ko``: a 58 mm Korean receipt, each item on two lines (name, then quantity ×
  unit price and the amount), totals under the item list (과세물품가액 / 부가세 /
  받을금액), cash paid and change;
- ``invoice_en``: a wide A4 English invoice: Bill From | Bill To, invoice and due dates,
  a ruled DESCRIPTION / QTY / UNIT PRICE / AMOUNT table with Subtotal / VAT / Total and
  Amount Due under it;
- ``tax_invoice_ko``: a Korean 세금계산서 grid: the parties' ruled tables side by side, a
  작성일자 | 공급가액 | 세액 grid whose values sit under their headings, then the items.

Every family's facts hold what the page prints for the extraction fields (``total``,
``subtotal``, ``vat``, ``date`` ISO, ``supplier``, ``buyer``, ``due_date``), and every word
its CORD category (``menu.nm``, ``menu.cnt``, ``menu.price``, ``sub_total.subtotal_price``,
``sub_total.tax_price``, ``total.total_price`` ...).
"""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Callable

from docparse.evaluation.synth import vocab
from docparse.evaluation.synth.content import A4, Content, won
from docparse.evaluation.synth.layout import (
    Block,
    Cell,
    Columns,
    Gap,
    PageSpec,
    Paragraph,
    Row,
    Rule,
    Table,
    lay_out,
)
from docparse.evaluation.synth.model import LineItem, SynthDoc
from docparse.evaluation.synth.pipeline import _render
from docparse.io.fonts import available_families

_MM = 72 / 25.4
EN_STORES = (
    "GREEN LEAF MARKET",
    "CORNER BAKERY CAFE",
    "HARBOR HARDWARE",
    "SUNRISE PHARMACY",
    "CITY BOOKS & MORE",
    "BLUE OCEAN GRILL",
)
EN_STREETS = ("MAIN STREET", "HARBOR ROAD", "PARK AVENUE", "KING STREET", "MILL LANE")
EN_CITIES = ("SPRINGFIELD", "RIVERSIDE", "LAKEWOOD", "FAIRVIEW", "MAPLETON")
EN_ITEMS = (
    ("COFFEE BEANS 1KG", 1890),
    ("WHOLE MILK 2L", 349),
    ("SOURDOUGH LOAF", 575),
    ("AA BATTERIES 8PK", 1099),
    ("PAPER TOWELS", 799),
    ("GREEN TEA 20BAGS", 425),
    ("DISH SOAP", 299),
    ("NOTEBOOK A5", 650),
    ("PASTA 500G", 189),
    ("OLIVE OIL 1L", 1250),
)
EN_CARDS = ("VISA", "MASTERCARD", "AMEX")
EN_COMPANIES = (
    "Northwind Traders Ltd.",
    "Bluebird Logistics Inc.",
    "Acme Office Supply LLC",
    "Summit Engineering GmbH",
    "Cedar & Pine Design Co.",
    "Orbit Software Ltd.",
)
FAMILIES = ("en_receipt", "narrow_ko", "invoice_en", "tax_invoice_ko")


def cents(value: int) -> str:
    """1890 → '18.90'."""
    return f"{value // 100:,}.{value % 100:02d}"


def _date(rng: random.Random) -> dt.datetime:
    day = dt.date(2023, 1, 1) + dt.timedelta(days=rng.randint(0, 700))
    return dt.datetime.combine(day, dt.time(rng.randint(8, 21), rng.randint(0, 59)))


def _sans(rng: random.Random) -> str:
    return rng.choice([f for f in available_families() if f != "myeongjo"])


def _business_number(rng: random.Random) -> str:
    return f"{rng.randint(100, 999)}-{rng.randint(10, 99)}-{rng.randint(10000, 99999)}"


def _pair(label: str, value: str, category: str, bold: bool = False) -> Row:
    return Row(
        cells=[
            Cell(text=label, category=category, is_key=True),
            Cell(text=value, align="right", category=category),
        ],
        at=[0.0, 1.0],
        bold=bold,
    )


def en_receipt(rng: random.Random) -> Content:
    store = rng.choice(EN_STORES)
    when = _date(rng)
    picks = rng.sample(EN_ITEMS, rng.randint(2, 6))
    items = []
    for name, price in picks:
        qty = rng.choice((1, 1, 2, 3))
        items.append(LineItem(name=name, qty=qty, unit_price=price, amount=price * qty))
    subtotal = sum(item.amount for item in items)
    tax = round(subtotal * 0.06)
    total = subtotal + tax
    card = rng.choice(EN_CARDS)
    masked = f"************{rng.randint(1000, 9999)}"
    approval = f"{rng.randint(100000, 999999)}"
    page = PageSpec(width=80 * _MM, margin=rng.uniform(8, 11), family=_sans(rng), size=8.0)
    at = [0.0, 0.55, 0.74, 1.0]
    heading = ["ITEM", "QTY", "PRICE", "AMOUNT"]
    blocks: list[Block] = [
        Row(
            cells=[Cell(text=store, align="center", category="store.name")],
            at=[0.5],
            scale=1.3,
            bold=True,
        ),
        Row(
            cells=[
                Cell(
                    text=f"{rng.randint(10, 999)} {rng.choice(EN_STREETS)}",
                    align="center",
                    category="store.addr",
                )
            ],
            at=[0.5],
        ),
        Row(
            cells=[
                Cell(
                    text=f"{rng.choice(EN_CITIES)} {rng.randint(10000, 99999)}",
                    align="center",
                    category="store.addr",
                )
            ],
            at=[0.5],
        ),
        Row(
            cells=[
                Cell(text=when.strftime("%m/%d/%Y"), category="meta.date"),
                Cell(text=when.strftime("%H:%M"), align="right", category="meta.time"),
            ],
            at=[0.0, 1.0],
        ),
        Rule(dashed=True),
        Row(
            cells=[
                Cell(
                    text=t, align="left" if i == 0 else "right", category="menu.header", is_key=True
                )
                for i, t in enumerate(heading)
            ],
            at=at,
        ),
        Rule(dashed=True),
    ]
    for item in items:
        blocks.append(
            Row(
                cells=[
                    Cell(text=item.name, category="menu.nm"),
                    Cell(text=str(item.qty), align="right", category="menu.cnt"),
                    Cell(text=cents(item.unit_price), align="right", category="menu.unitprice"),
                    Cell(text=cents(item.amount), align="right", category="menu.price"),
                ],
                at=at,
            )
        )
    blocks += [
        Rule(dashed=True),
        _pair("SUBTOTAL", cents(subtotal), "sub_total.subtotal_price"),
        _pair("TAX 6%", cents(tax), "sub_total.tax_price"),
        _pair("TOTAL", cents(total), "total.total_price", bold=True),
        Gap(lines=0.5),
        _pair(card, cents(total), "total.creditcardprice"),
        _pair("CARD NO", masked, "payment.card"),
        _pair("AUTH CODE", approval, "payment.approval"),
        Gap(lines=0.5),
        Row(cells=[Cell(text="THANK YOU FOR SHOPPING", align="center")], at=[0.5]),
    ]
    facts = {
        "store": store,
        "supplier": store,
        "date": when.date().isoformat(),
        "subtotal": cents(subtotal),
        "vat": cents(tax),
        "total": cents(total),
        "card": masked,
        "approval": approval,
    }
    return Content(page=page, blocks=blocks, facts=facts, items=items)


def narrow_ko(rng: random.Random) -> Content:
    store_type = rng.choice(sorted(vocab.STORES))
    store = vocab.STORES[store_type]
    name = f"{rng.choice(store.names)} {rng.choice(vocab.BRANCHES)}"
    when = _date(rng)
    items = []
    for item, price in rng.sample(store.items, rng.randint(1, min(6, len(store.items)))):
        qty = rng.choice((1, 1, 2, 3))
        items.append(LineItem(name=item, qty=qty, unit_price=price, amount=price * qty))
    total = sum(item.amount for item in items)
    supply = round(total / 1.1)
    vat = total - supply
    paid = -(-total // 10000) * 10000
    page = PageSpec(width=58 * _MM, margin=rng.uniform(6, 8), family=_sans(rng), size=7.0)
    blocks: list[Block] = [
        Row(
            cells=[Cell(text=name, align="center", category="store.name")],
            at=[0.5],
            scale=1.2,
            bold=True,
        ),
        Row(
            cells=[
                Cell(
                    text=f"사업자 {_business_number(rng)}",
                    category="store.biznum",
                )
            ],
            at=[0.0],
        ),
        Row(cells=[Cell(text=when.strftime("%Y-%m-%d %H:%M"), category="meta.date")], at=[0.0]),
        Rule(dashed=True),
    ]
    for item in items:
        blocks += [
            Row(cells=[Cell(text=item.name, category="menu.nm")], at=[0.0]),
            Row(
                cells=[
                    Cell(
                        text=f"{item.qty} x {won(item.unit_price)}",
                        align="right",
                        category="menu.cnt",
                    ),
                    Cell(text=won(item.amount), align="right", category="menu.price"),
                ],
                at=[0.6, 1.0],
            ),
        ]
    blocks += [
        Rule(dashed=True),
        _pair("과세물품가액", won(supply), "sub_total.subtotal_price"),
        _pair("부가세", won(vat), "sub_total.tax_price"),
        _pair("받을금액", won(total), "total.total_price", bold=True),
        _pair("받은금액", won(paid), "total.cashprice"),
        _pair("거스름돈", won(paid - total), "total.changeprice"),
    ]
    facts = {
        "store": name,
        "supplier": name,
        "date": when.date().isoformat(),
        "subtotal": won(supply),
        "vat": won(vat),
        "total": won(total),
    }
    return Content(page=page, blocks=blocks, facts=facts, items=items)


def invoice_en(rng: random.Random) -> Content:
    supplier, buyer = rng.sample(EN_COMPANIES, 2)
    when = _date(rng)
    due = when + dt.timedelta(days=30)
    picks = rng.sample(vocab.PRODUCTS, rng.randint(2, 6))
    items = [
        LineItem(name=p.english, qty=q, unit_price=p.price * 10, amount=p.price * 10 * q)
        for p, q in ((p, rng.choice((1, 2, 3, 5))) for p in picks)
    ]
    subtotal = sum(item.amount for item in items)
    vat = subtotal // 10
    total = subtotal + vat
    page = PageSpec(width=A4[0], height=A4[1], margin=48, family=_sans(rng), size=9.0)

    def party(title: str, name: str) -> list[Block]:
        return [
            Paragraph(text=title, bold=True, category="party.label"),
            Paragraph(text=name, category="party.name"),
            Paragraph(
                text=f"{rng.randint(1, 999)} {rng.choice(EN_STREETS).title()}",
                category="party.addr",
            ),
            Paragraph(
                text=f"{rng.choice(EN_CITIES).title()} {rng.randint(10000, 99999)}",
                category="party.addr",
            ),
        ]

    rows = [
        [
            Cell(text=t, align="left" if i == 0 else "right", category="menu.header", is_key=True)
            for i, t in enumerate(("DESCRIPTION", "QTY", "UNIT PRICE", "AMOUNT"))
        ]
    ]
    for item in items:
        rows.append(
            [
                Cell(text=item.name, category="menu.nm"),
                Cell(text=str(item.qty), align="right", category="menu.cnt"),
                Cell(text=f"{cents(item.unit_price)}", align="right", category="menu.unitprice"),
                Cell(text=f"{cents(item.amount)}", align="right", category="menu.price"),
            ]
        )

    def under(label: str, value: str, category: str, bold: bool = False) -> Row:
        return Row(
            cells=[
                Cell(text=label, category=category, is_key=True),
                Cell(text=value, align="right", category=category),
            ],
            at=[0.6, 1.0],
            bold=bold,
        )

    blocks: list[Block] = [
        Paragraph(text="INVOICE", scale=2.0, bold=True, category="title"),
        Row(
            cells=[
                Cell(
                    text=f"Invoice No: INV-{when:%Y}-{rng.randint(1, 9999):04d}", category="meta.no"
                ),
                Cell(text=f"Invoice Date: {when:%Y-%m-%d}", align="right", category="meta.date"),
            ],
            at=[0.0, 1.0],
        ),
        Row(
            cells=[Cell(text=f"Due Date: {due:%Y-%m-%d}", align="right", category="meta.due")],
            at=[1.0],
        ),
        Gap(lines=0.8),
        Columns(columns=[party("Bill From", supplier), party("Bill To", buyer)], gap=36.0),
        Gap(lines=0.8),
        Table(widths=[0.52, 0.1, 0.19, 0.19], rows=rows, header_rows=1),
        Gap(lines=0.4),
        under("Subtotal", cents(subtotal), "sub_total.subtotal_price"),
        under("VAT 10%", cents(vat), "sub_total.tax_price"),
        under("Total", cents(total), "total.total_price", bold=True),
        under("Amount Due", cents(total), "total.total_price", bold=True),
        Gap(lines=1.0),
        Paragraph(text="Please pay by bank transfer within 30 days.", category="other"),
    ]
    facts = {
        "supplier": supplier,
        "buyer": buyer,
        "date": when.date().isoformat(),
        "due_date": due.date().isoformat(),
        "subtotal": cents(subtotal),
        "vat": cents(vat),
        "total": cents(total),
    }
    return Content(page=page, blocks=blocks, facts=facts, items=items)


def tax_invoice_ko(rng: random.Random) -> Content:
    (supplier, _), (buyer, _) = rng.sample(vocab.COMPANIES, 2)
    when = _date(rng)
    picks = rng.sample(vocab.PRODUCTS, rng.randint(1, 4))
    items = [
        LineItem(name=p.korean, qty=q, unit_price=p.price, amount=p.price * q)
        for p, q in ((p, rng.choice((1, 2, 5, 10))) for p in picks)
    ]
    supply = sum(item.amount for item in items)
    vat = supply // 10
    total = supply + vat
    page = PageSpec(width=A4[0], height=A4[1], margin=44, family=_sans(rng), size=9.0)

    def side(title: str, name: str) -> list[Block]:
        number = _business_number(rng)
        city, district, road = rng.choice(vocab.ADDRESSES)
        return [
            Paragraph(text=title, bold=True, category="party.label"),
            Table(
                widths=[0.32, 0.68],
                header_rows=0,
                rows=[
                    [
                        Cell(text="등록번호", is_key=True),
                        Cell(text=number, category="party.biznum"),
                    ],
                    [Cell(text="상호", is_key=True), Cell(text=name, category="party.name")],
                    [Cell(text="성명", is_key=True), Cell(text=rng.choice(vocab.PEOPLE))],
                    [
                        Cell(text="주소", is_key=True),
                        Cell(
                            text=f"{city} {district} {road} {rng.randint(1, 300)}",
                            category="party.addr",
                        ),
                    ],
                ],
            ),
        ]

    item_rows = [
        [
            Cell(text=t, is_key=True, category="menu.header")
            for t in ("월", "일", "품목", "수량", "단가", "공급가액", "세액")
        ]
    ]
    for item in items:
        item_rows.append(
            [
                Cell(text=f"{when.month:02d}"),
                Cell(text=f"{when.day:02d}"),
                Cell(text=item.name, category="menu.nm"),
                Cell(text=str(item.qty), align="right", category="menu.cnt"),
                Cell(text=won(item.unit_price), align="right", category="menu.unitprice"),
                Cell(text=won(item.amount), align="right", category="menu.price"),
                Cell(text=won(item.amount // 10), align="right", category="menu.vat"),
            ]
        )
    blocks: list[Block] = [
        Paragraph(text="세금계산서", scale=2.0, bold=True, align="center", category="title"),
        Gap(lines=0.6),
        Columns(columns=[side("공급자", supplier), side("공급받는자", buyer)], gap=16.0),
        Gap(lines=0.6),
        Table(
            widths=[0.34, 0.33, 0.33],
            header_rows=1,
            rows=[
                [
                    Cell(text="작성일자", is_key=True),
                    Cell(text="공급가액", is_key=True),
                    Cell(text="세액", is_key=True),
                ],
                [
                    Cell(text=when.date().isoformat(), category="meta.date"),
                    Cell(text=won(supply), align="right", category="sub_total.subtotal_price"),
                    Cell(text=won(vat), align="right", category="sub_total.tax_price"),
                ],
            ],
        ),
        Gap(lines=0.6),
        Table(widths=[0.07, 0.07, 0.3, 0.1, 0.15, 0.17, 0.14], rows=item_rows, header_rows=1),
        Gap(lines=0.6),
        Row(
            cells=[
                Cell(text="합계금액", is_key=True, category="total.total_price"),
                Cell(text=won(total), align="right", category="total.total_price"),
            ],
            at=[0.55, 1.0],
            bold=True,
        ),
        Paragraph(text="이 금액을 청구함", align="right", category="other"),
    ]
    facts = {
        "supplier": supplier,
        "buyer": buyer,
        "date": when.date().isoformat(),
        "subtotal": won(supply),
        "vat": won(vat),
        "total": won(total),
    }
    return Content(page=page, blocks=blocks, facts=facts, items=items)


GENERATORS: dict[str, Callable[[random.Random], Content]] = {
    "en_receipt": en_receipt,
    "narrow_ko": narrow_ko,
    "invoice_en": invoice_en,
    "tax_invoice_ko": tax_invoice_ko,
}


def compose_family(family: str, seed: int) -> tuple[Content, object]:
    content = GENERATORS[family](random.Random(f"{family}/{seed}"))
    return content, lay_out(content.page, content.blocks)


def synthesize_family(family: str, seed: int) -> SynthDoc:
    """A clean page of one template family."""
    content, layout = compose_family(family, seed)
    kind = "receipt" if family in ("en_receipt", "narrow_ko") else "invoice"
    dpi = 203.0 if kind == "receipt" else 150.0
    return _render(kind, seed, content, layout, dpi)  # type: ignore[arg-type]
