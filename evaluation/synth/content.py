"""Seeded generators of realistic receipt, invoice and document content, with their facts.

Each generator returns the page, the blocks to lay out and the facts printed on the page (as
printed: ``total`` is the amount string that appears among the words, ``date`` is ISO).
"""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Callable, Sequence

from pydantic import BaseModel, ConfigDict

from docparse.evaluation.synth import vocab
from docparse.evaluation.synth.layout import (
    Block,
    Cell,
    Columns,
    Flow,
    Gap,
    Overflow,
    PageSpec,
    Paragraph,
    Row,
    Rule,
    Table,
    lay_out,
)
from docparse.evaluation.synth.model import Kind, LineItem
from docparse.io.fonts import Family, available_families

A4 = (595.0, 842.0)
_MM = 72 / 25.4
_WEEKDAYS = "월화수목금토일"


class Content(BaseModel):
    model_config = ConfigDict(extra="forbid")

    page: PageSpec
    blocks: list[Block]
    facts: dict[str, str]
    items: list[LineItem] = []


def make_content(kind: Kind, rng: random.Random) -> Content:
    return _GENERATORS[kind](rng, available_families())


def won(amount: int) -> str:
    """12345 → '12,345', as Korean receipts print amounts."""
    return f"{amount:,}"


def korean_amount(amount: int) -> str:
    """1234000 → '일백이십삼만사천', the formal spelling used after 일금 on invoices."""
    digits = "영일이삼사오육칠팔구"
    groups = []
    for big in ("", "만", "억", "조"):
        amount, group = divmod(amount, 10000)
        spelled = ""
        for small, value in zip(("천", "백", "십", ""), f"{group:04d}", strict=True):
            if value != "0":
                spelled += digits[int(value)] + small
        if spelled:
            groups.append(spelled + big)
        if amount == 0:
            break
    return "".join(reversed(groups)) or digits[0]


def _proportional(families: Sequence[Family]) -> list[Family]:
    return [family for family in families if family != "coding"]


def _date(rng: random.Random) -> dt.datetime:
    """A moment in 2021–2025 during opening hours (08:00–22:59)."""
    day = dt.datetime(2021, 1, 1) + dt.timedelta(days=rng.randrange(5 * 365))
    return day + dt.timedelta(
        hours=rng.randint(8, 22), minutes=rng.randrange(60), seconds=rng.randrange(60)
    )


def _address(rng: random.Random) -> tuple[str, str]:
    """An address and a phone number with the matching area code."""
    city, district, road = rng.choice(vocab.ADDRESSES)
    address = f"{city} {district} {road} {rng.randint(1, 420)}"
    if rng.random() < 0.4:
        address += f" {rng.randint(1, 12)}층"
    area = vocab.AREA_CODES[city[:2]]
    return address, f"{area}-{rng.randint(200, 999)}-{rng.randint(1000, 9999)}"


def _business_number(rng: random.Random) -> str:
    return f"{rng.randint(101, 899)}-{rng.randint(10, 99)}-{rng.randint(10000, 99999)}"


def _split_vat(total: int) -> tuple[int, int]:
    """Supply value and VAT of a VAT-inclusive total (10%)."""
    supply = round(total / 1.1)
    return supply, total - supply


def _receipt(rng: random.Random, families: Sequence[Family]) -> Content:
    store_type = rng.choice(sorted(vocab.STORES))
    store = vocab.STORES[store_type]
    name = f"{rng.choice(store.names)} {rng.choice(vocab.BRANCHES)}"
    address, phone = _address(rng)
    when = _date(rng)
    number = _business_number(rng)
    wide = rng.random() < 0.6
    page = PageSpec(
        width=(80 if wide else 58) * _MM,
        margin=rng.uniform(8, 12),
        family=rng.choice([f for f in families if f != "myeongjo"]),  # receipts print sans
        size=rng.uniform(8.0, 9.5) if wide else rng.uniform(7.0, 8.0),
    )
    items = []
    for item, price in rng.sample(store.items, rng.randint(1, min(8, len(store.items)))):
        qty = rng.choice((1, 1, 1, 2, 2, 3, 4))
        items.append(LineItem(name=item, qty=qty, unit_price=price, amount=price * qty))
    total = sum(item.amount for item in items)
    supply, vat = _split_vat(total)
    date_text = rng.choice(
        (
            when.strftime("%Y-%m-%d"),
            when.strftime("%Y.%m.%d") + f"({_WEEKDAYS[when.weekday()]})",
            when.strftime("%Y/%m/%d"),
        )
    )
    time_text = when.strftime("%H:%M:%S" if rng.random() < 0.5 else "%H:%M")

    blocks: list[Block] = [
        Row(
            cells=[Cell(text=name, align="center", category="store.name")],
            at=[0.5],
            scale=1.35,
            bold=True,
        ),
        _pair("사업자번호", number, "store.biznum"),
        _pair("대표", rng.choice(vocab.PEOPLE), "store.owner"),
        Paragraph(text=address, category="store.addr"),
        _pair("TEL", phone, "store.tel"),
        Row(
            cells=[
                Cell(text=f"{date_text} {time_text}", category="meta.date"),
                Cell(text=f"No.{rng.randint(1, 9999):04d}", align="right", category="meta.no"),
            ],
            at=[0.0, 1.0],
        ),
        *_item_rows(items, with_unit_price=wide),
        Rule(dashed=True),
        _pair("공급가액", won(supply), "sub_total.subtotal_price"),
        _pair("부가세", won(vat), "sub_total.tax_price"),
        _pair(
            rng.choice(("합계", "총액", "합계금액")),
            won(total),
            "total.total_price",
            scale=1.2,
            bold=True,
        ),
    ]
    if rng.random() < 0.7:
        blocks.append(_pair("Total", won(total), "total.total_price"))
    blocks.append(Rule(dashed=True))
    facts = {
        "store": name,
        "business_number": number,
        "address": address,
        "phone": phone,
        "date": when.date().isoformat(),
        "date_text": date_text,
        "time": time_text,
        "total": won(total),
        "supply": won(supply),
        "vat": won(vat),
    }
    if rng.random() < 0.75:
        card = rng.choice(vocab.CARDS)
        masked = f"{rng.randint(1000, 9999)}-{rng.randint(10, 99)}**-****-{rng.randint(1000, 9999)}"
        blocks += [
            _pair("결제금액", won(total), "total.creditcardprice"),
            _pair(card, masked, "payment.card"),
            _pair("승인번호", f"{rng.randint(10000000, 99999999)}", "payment.approval"),
            _pair("할부", "일시불", "payment.installment"),
        ]
        facts |= {"payment": "card", "card": card}
        footers = (*vocab.RECEIPT_FOOTERS, vocab.CARD_FOOTER)
    else:
        paid = -(-total // 10000) * 10000 + rng.choice((0, 0, 10000, 40000))
        blocks += [
            _pair("받은금액", won(paid), "total.cashprice"),
            _pair("거스름돈", won(paid - total), "total.changeprice"),
        ]
        facts |= {"payment": "cash", "paid": won(paid), "change": won(paid - total)}
        footers = vocab.RECEIPT_FOOTERS
    blocks += [
        Gap(lines=0.5),
        Paragraph(text=rng.choice(footers), category="other"),
        Row(cells=[Cell(text="감사합니다", align="center", category="other")], at=[0.5]),
    ]
    return Content(page=page, blocks=blocks, facts=facts, items=items)


def _pair(
    label: str,
    value: str,
    category: str,
    scale: float = 1.0,
    bold: bool = False,
    label_at: float = 0.0,
) -> Row:
    """A line with a label at ``label_at`` (a share of the width) and a value on the right."""
    return Row(
        cells=[
            Cell(text=label, category=category, is_key=True),
            Cell(text=value, align="right", category=category),
        ],
        at=[label_at, 1.0],
        scale=scale,
        bold=bold,
    )


# Item columns of a receipt: heading and category. Narrow receipts leave out the unit price.
_ITEM_COLUMNS = (
    ("상품명", "menu.nm"),
    ("단가", "menu.unitprice"),
    ("수량", "menu.cnt"),
    ("금액", "menu.price"),
)


def _item_rows(items: list[LineItem], with_unit_price: bool) -> list[Block]:
    """The item table of a receipt between dashed rules: a heading row, then a row per item."""
    columns = [c for c in _ITEM_COLUMNS if with_unit_price or c[1] != "menu.unitprice"]
    at = [0.0, 0.6, 0.74, 1.0] if with_unit_price else [0.0, 0.68, 1.0]

    def row(texts: list[str], header: bool) -> Row:
        cells = [
            Cell(
                text=text,
                align="right" if index else "left",
                category="menu.header" if header else category,
                is_key=header,
            )
            for index, (text, (_, category)) in enumerate(zip(texts, columns, strict=True))
        ]
        return Row(cells=cells, at=at)

    def values(item: LineItem) -> list[str]:
        printed = {
            "menu.nm": item.name,
            "menu.unitprice": won(item.unit_price),
            "menu.cnt": str(item.qty),
            "menu.price": won(item.amount),
        }
        return [printed[category] for _, category in columns]

    return [
        Rule(dashed=True),
        row([title for title, _ in columns], header=True),
        Rule(dashed=True),
        *(row(values(item), header=False) for item in items),
    ]


def _invoice(rng: random.Random, families: Sequence[Family]) -> Content:
    supplier, buyer = rng.sample(vocab.COMPANIES, 2)
    when = _date(rng)
    english_items = rng.random() < 0.3
    products = rng.sample(vocab.PRODUCTS, rng.randint(2, 8))
    items = []
    for product in products:
        qty = rng.choice((1, 1, 2, 3, 5, 10, 20))
        name = product.english if english_items else product.korean
        items.append(
            LineItem(name=name, qty=qty, unit_price=product.price, amount=product.price * qty)
        )
    supply = sum(item.amount for item in items)
    vat = supply // 10
    total = supply + vat
    number = f"{when:%Y%m%d}-{rng.randint(1, 999):03d}"
    page = PageSpec(
        width=A4[0],
        height=A4[1],
        margin=rng.uniform(40, 56),
        family=rng.choice(_proportional(families)),
        size=rng.uniform(8.5, 9.5),
    )
    parties = []
    numbers = {}
    for label, english, (name, name_en) in (
        ("공급자", "Supplier", supplier),
        ("공급받는자", "Buyer", buyer),
    ):
        address, phone = _address(rng)
        numbers[english] = _business_number(rng)
        parties.append(
            [
                Paragraph(text=f"{label} {english}", bold=True, category="party.label"),
                Table(
                    widths=[0.3, 0.7],
                    header_rows=0,
                    rows=[
                        _field("등록번호", numbers[english], "party.biznum"),
                        _field("상호", name, "party.name"),
                        _field("Company", name_en, "party.name"),
                        _field("대표자", rng.choice(vocab.PEOPLE), "party.owner"),
                        _field("주소", address, "party.addr"),
                        _field("전화 Tel", phone, "party.tel"),
                    ],
                ),
            ]
        )
    header = [
        ("No", "", "center"),
        ("품목", "Item", "left"),
        ("규격", "Spec", "left"),
        ("수량", "Qty", "right"),
        ("단가", "Unit Price", "right"),
        ("공급가액", "Amount", "right"),
        ("세액", "VAT", "right"),
    ]
    rows = [
        [
            Cell(text=ko, align=align, category="menu.header", is_key=True)
            for ko, _, align in header
        ],
        [
            Cell(text=en, align=align, category="menu.header", is_key=True)
            for _, en, align in header
        ],
    ]
    for index, (item, product) in enumerate(zip(items, products, strict=True), start=1):
        rows.append(
            [
                Cell(text=str(index), align="center", category="menu.num"),
                Cell(text=item.name, category="menu.nm"),
                Cell(text=product.spec, category="menu.spec"),
                Cell(text=str(item.qty), align="right", category="menu.cnt"),
                Cell(text=won(item.unit_price), align="right", category="menu.unitprice"),
                Cell(text=won(item.amount), align="right", category="menu.price"),
                Cell(text=won(item.amount // 10), align="right", category="menu.vat"),
            ]
        )
    rows += [[Cell(text="")] * len(header)] * max(0, 8 - len(items))
    bank = rng.choice(vocab.BANKS)
    account = f"{rng.randint(100, 999)}-{rng.randint(10, 99)}-{rng.randint(100000, 999999)}"
    blocks: list[Block] = [
        Paragraph(text="거래명세서", scale=2.2, bold=True, align="center", category="title"),
        Paragraph(text="INVOICE", scale=1.3, bold=True, align="center", category="title"),
        Gap(lines=0.5),
        Row(
            cells=[
                Cell(text=f"No. {number}", category="meta.no"),
                Cell(text="작성일자 Date:", align="right", category="meta.date", is_key=True),
                Cell(text=when.date().isoformat(), align="right", category="meta.date"),
            ],
            at=[0.0, 0.8, 1.0],
        ),
        Gap(lines=0.3),
        Columns(columns=parties, gap=18.0),
        Gap(lines=0.8),
        Row(
            cells=[
                Cell(
                    text="합계금액 Total Amount (VAT 포함)",
                    category="total.total_price",
                    is_key=True,
                ),
                Cell(text=won(total), align="right", category="total.total_price"),
            ],
            at=[0.0, 1.0],
            scale=1.25,
            bold=True,
        ),
        Paragraph(text=f"일금 {korean_amount(total)} 원정 (단위: 원)", category="total.total_etc"),
        Gap(lines=0.5),
        Table(widths=[0.06, 0.27, 0.15, 0.08, 0.14, 0.16, 0.14], rows=rows, header_rows=2),
        Gap(lines=0.3),
        _subtotal("공급가액 Subtotal", won(supply), "sub_total.subtotal_price"),
        _subtotal("부가세 VAT", won(vat), "sub_total.tax_price"),
        _subtotal("합계 Total", won(total), "total.total_price", bold=True),
        Gap(lines=1.0),
        Paragraph(text=f"비고 Remarks: {rng.choice(vocab.PAYMENT_TERMS)}", category="other"),
        Paragraph(
            text=f"입금 계좌 Account: {bank} {account} 예금주 {supplier[0]}", category="other"
        ),
        Gap(lines=1.0),
        Paragraph(text="위 금액을 정히 청구합니다.", align="center", category="other"),
    ]
    facts = {
        "invoice_no": number,
        "date": when.date().isoformat(),
        "date_text": when.date().isoformat(),
        "supplier": supplier[0],
        "supplier_number": numbers["Supplier"],
        "buyer": buyer[0],
        "buyer_number": numbers["Buyer"],
        "total": won(total),
        "supply": won(supply),
        "vat": won(vat),
        "total_korean": korean_amount(total),
    }
    return Content(page=page, blocks=blocks, facts=facts, items=items)


def _field(label: str, value: str, category: str) -> list[Cell]:
    return [Cell(text=label, category=category, is_key=True), Cell(text=value, category=category)]


def _subtotal(label: str, value: str, category: str, bold: bool = False) -> Row:
    return _pair(label, value, category, scale=1.1 if bold else 1.0, bold=bold, label_at=0.62)


def _document(rng: random.Random, families: Sequence[Family]) -> Content:
    topic = rng.choice(vocab.TOPICS)
    when = _date(rng)
    two_column = rng.random() < 0.5
    page = PageSpec(
        width=A4[0],
        height=A4[1],
        margin=rng.uniform(48, 64),
        family=rng.choice(_proportional(families)),
        size=rng.uniform(9.0, 10.5),
    )
    date_text = f"{when.year}년 {when.month}월 {when.day}일"
    head: list[Block] = [
        Paragraph(text=topic.title, scale=1.8, bold=True, align="center", category="title"),
        Paragraph(text=topic.english_title, scale=1.15, align="center", category="title"),
        Paragraph(
            text=f"작성일 {date_text} · 작성자 {rng.choice(vocab.PEOPLE)}",
            align="center",
            category="meta.date",
        ),
        Gap(lines=1.0),
    ]
    body = _sections(rng, topic, justify=rng.random() < 0.5)
    gap = rng.uniform(18, 30)

    def assemble(paragraphs: list[Paragraph | Gap]) -> list[Block]:
        return [*head, Flow(blocks=paragraphs, gap=gap)] if two_column else [*head, *paragraphs]

    blocks = _fill(page, body, assemble)
    facts = {
        "title": topic.title,
        "english_title": topic.english_title,
        "date": when.date().isoformat(),
        "date_text": date_text,
        "columns": "2" if two_column else "1",
    }
    return Content(page=page, blocks=blocks, facts=facts)


def _sections(rng: random.Random, topic: vocab.Topic, justify: bool) -> list[Paragraph | Gap]:
    """Headed sections of paragraphs, more than a page can hold (see :func:`_fill`)."""
    korean = _Deck(rng, topic.korean + vocab.GENERIC_KOREAN)
    english = _Deck(rng, topic.english + vocab.GENERIC_ENGLISH)
    blocks: list[Paragraph | Gap] = []
    for number, heading in enumerate(rng.sample(vocab.HEADINGS, len(vocab.HEADINGS)), start=1):
        blocks.append(
            Paragraph(text=f"{number}. {heading}", scale=1.15, bold=True, category="heading")
        )
        for _ in range(rng.randint(2, 5)):
            deck = english if rng.random() < 0.25 else korean
            sentences = [deck.draw() for _ in range(rng.randint(2, 4))]
            blocks += [Paragraph(text=" ".join(sentences), justify=justify), Gap(lines=0.35)]
        blocks.append(Gap(lines=0.3))
    return blocks


class _Deck:
    """Sentences dealt in a shuffled order, reshuffled when all have been dealt."""

    def __init__(self, rng: random.Random, sentences: Sequence[str]) -> None:
        self._rng = rng
        self._sentences = list(sentences)
        self._left: list[str] = []

    def draw(self) -> str:
        if not self._left:
            self._left = self._rng.sample(self._sentences, len(self._sentences))
        return self._left.pop()


def _fill(
    page: PageSpec,
    body: list[Paragraph | Gap],
    assemble: Callable[[list[Paragraph | Gap]], list[Block]],
) -> list[Block]:
    """The assembled page with as many body blocks as fit on it, cut after a paragraph."""
    cuts = [i + 1 for i, b in enumerate(body) if isinstance(b, Paragraph) and b.category == "text"]
    best: list[Block] | None = None
    low, high = 0, len(cuts) - 1
    while low <= high:  # the page only grows with more paragraphs: bisect for the most
        middle = (low + high) // 2
        blocks = assemble(body[: cuts[middle]])
        try:
            lay_out(page, blocks)
        except Overflow:
            high = middle - 1
            continue
        best, low = blocks, middle + 1
    if best is None:
        raise Overflow("not even one paragraph fits on the page")
    return best


_GENERATORS: dict[Kind, Callable[[random.Random, Sequence[Family]], Content]] = {
    "receipt": _receipt,
    "invoice": _invoice,
    "document": _document,
}
