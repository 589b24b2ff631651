"""Line items: the rows under an item table's heading (ITEM / QTY / PRICE / AMOUNT, 품명 /
수량 / 단가 / 금액), each word given to the heading column nearest it, down to the first
totals line."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

from docparse.keyfields.candidates import Found
from docparse.keyfields.lexicon import AMOUNT_FIELDS, HEADINGS
from docparse.keyfields.lines import LabelHit, TextLine, values_in
from docparse.keyfields.model import LineItem
from docparse.keyfields.values import AMOUNT, parse_amount, parse_number

MIN_HEADINGS = 2
"""A heading line names at least two of item, quantity, price and amount."""
ROW_SCORE = 0.9
PRICE_DIGITS = 3
_ROW_NUMBER = re.compile(r"^\s*\d{1,3}\s*[|.)]?\s+(?=\S)")
"""A row number before an item's name ("1 | Maintenance")."""
_TIMES = re.compile(r"^\s*([\d.,]*\d)\s*[xX×*@]\s*([\d.,]*\d)\s+([\d.,]+\d)\s*$")
"""A thermal receipt's second item line: quantity x unit price ("3 x 3,200", "2 @ 7.99") or
unit price x quantity ("3,200 x 3"), then the amount; the product tells which is which."""
_COUNT = re.compile(r"\d{1,3}")
_LEADER = re.compile(r"[\s.·…_-]{3,}$")
"""Dots (or dashes) leading from an item's name to its amount ("AA Batteries 4pk .....")."""


@dataclass(frozen=True)
class Column:
    field: str  # one of HEADINGS, or "other" for a heading word the lexicon does not know
    x0: float
    x1: float

    @property
    def centre(self) -> float:
        return (self.x0 + self.x1) / 2


def heading_lines(lines: Sequence[TextLine], hits: dict[int, list[LabelHit]]) -> list[int]:
    """Orders of the lines that head an item table."""
    return [
        line.order
        for line in lines
        if len({h.field for h in hits.get(line.order, []) if h.field in HEADINGS}) >= MIN_HEADINGS
        and not any(_priced(text) for _, _, text in values_in(line, AMOUNT))
    ]


def _priced(text: str) -> bool:
    """A price, not a short number: a heading line may hold a column or row number, or a
    digit OCR read in a rule ("월 2 일 품목 수량 ..."), never a price (3 digits or more)."""
    return sum(c.isdigit() for c in text) >= PRICE_DIGITS


def columns(line: TextLine, hits: Sequence[LabelHit]) -> list[Column]:
    """The heading's columns, left to right: its headings, and its other words."""
    cols = []
    claimed: list[tuple[int, int]] = []
    for hit in hits:
        if hit.field in HEADINGS and not any(s <= hit.start < e for s, e in claimed):
            x0, _, x1, _ = hit.box
            cols.append(Column(hit.field, x0, x1))
            claimed.append((hit.start, hit.end))
    for index, word in enumerate(line.line.words):
        start = line.starts[index]
        if not any(s <= start < e for s, e in claimed):
            cols.append(Column("other", word.box[0], word.box[2]))
    return sorted(cols, key=lambda c: c.x0)


def find_items(
    lines: Sequence[TextLine], hits: dict[int, list[LabelHit]]
) -> tuple[list[LineItem], list[Found]]:
    """The line items of every item table, and their amounts (for the arithmetic checks).
    Names in NFKC: PP-OCR reads some letters and digits in their full-width forms ("생수
    2Ｌ")."""
    items, amounts = _items(lines, hits)
    return [_nfkc(item) for item in items], amounts


def _nfkc(item: LineItem) -> LineItem:
    if item.name is None:
        return item
    name = item.name.model_copy(update={"text": unicodedata.normalize("NFKC", item.name.text)})
    return item.model_copy(update={"name": name})


def _items(
    lines: Sequence[TextLine], hits: dict[int, list[LabelHit]]
) -> tuple[list[LineItem], list[Found]]:
    items: list[LineItem] = []
    amounts: list[Found] = []
    heads = set(heading_lines(lines, hits))
    by_order = {line.order: line for line in lines}
    done: set[int] = set()
    for head in sorted(heads):
        if head in done:
            continue
        head_line = by_order[head]
        cols = columns(head_line, hits.get(head, []))
        pending: Found | None = None
        for line in lines[head + 1 :]:
            if line.page != head_line.page or line.order in heads:
                if line.order in heads:
                    cols = _merge(cols, columns(line, hits.get(line.order, [])))
                    done.add(line.order)
                    continue
                break
            if any(h.field in AMOUNT_FIELDS and h.score >= 0.8 for h in hits.get(line.order, [])):
                break
            item, amount = _row(line, cols, pending)
            if item is None:
                pending = _name_only(line) if not values_in(line, AMOUNT) else pending
                continue
            pending = None
            items.append(item)
            if amount is not None:
                amounts.append(amount)
    if not heads:
        return two_line_items(lines, hits)
    return items, amounts


def two_line_items(
    lines: Sequence[TextLine], hits: dict[int, list[LabelHit]]
) -> tuple[list[LineItem], list[Found]]:
    """Items of a receipt without a table heading that prints each item over two lines (a
    58 mm thermal receipt): the name, then "3 x 3,200   9,600" under it. The second line
    counts only when its quantity times its unit price is its amount. The name is the line
    right above it on the page (:func:`_line_above`), not the line before it in reading
    order: names flush left and indented quantity lines never overlap across, so the reading
    order may put them in two blocks."""
    placed: list[tuple[int, LineItem, Found]] = []
    used: set[int] = set()
    for line in lines:
        match = _TIMES.match(line.text)
        if match is None:
            continue
        before = _line_above(line, lines)
        if before is None or hits.get(before.order):
            continue
        counted = _count_and_price(match)
        if counted is None:
            continue
        name = _name_only(before)
        if name is None or _TIMES.match(before.text):
            continue  # the line above is another item's quantity line, not a name
        (qty_at, qty), (price_at, price) = counted
        amount = Found(line, match.start(3), match.end(3), match.group(3), ROW_SCORE)
        quantity = Found(line, *match.span(qty_at), match.group(qty_at), ROW_SCORE)
        unit = Found(line, *match.span(price_at), match.group(price_at), ROW_SCORE)
        item = LineItem(
            name=name.value(),
            quantity=quantity.value(str(qty)),
            unit_price=unit.value(str(price)),
            amount=amount.value(str(qty * price)),
        )
        placed.append((before.order, item, amount))
        used.update((line.order, before.order))
    placed = _summed_rows(lines, hits, placed, used)
    placed.sort(key=lambda entry: entry[0])  # the page's order
    return [item for _, item, _ in placed], [amount for _, _, amount in placed]


def _count_and_price(
    match: re.Match[str],
) -> tuple[tuple[int, Decimal], tuple[int, Decimal]] | None:
    """(group, quantity) and (group, unit price) of a quantity line: the quantity a count of
    up to three digits, the two multiplying to the amount; None when they do not."""
    total = parse_amount(match.group(3))
    for qty_at, price_at in ((1, 2), (2, 1)):
        if not _COUNT.fullmatch(match.group(qty_at)):
            continue
        qty, price = Decimal(match.group(qty_at)), parse_amount(match.group(price_at))
        if price is not None and total is not None and qty * price == total:
            return (qty_at, qty), (price_at, price)
    return None


def _summed_rows(
    lines: Sequence[TextLine],
    hits: dict[int, list[LabelHit]],
    placed: list[tuple[int, LineItem, Found]],
    used: set[int],
) -> list[tuple[int, LineItem, Found]]:
    """Add the one-row items of a receipt without a table heading ("Sourdough Loaf 6.50",
    "AA Batteries 4pk ..... 7.99"): the rows right above the first subtotal or total line
    that hold a name and one amount at their end, when their amounts and those of the
    two-line items among them add up to that line's amount. The sum is what tells item rows
    from a header's or a payment's lines that also end in a number. A line holding no letter
    or digit is passed over: the rule printed between the items and the totals, however it
    was read ("-- ---- --", or "“ ” “ ” • ”" where PP-OCR read thin dashes as quotes)."""
    stop = next(
        (
            line
            for line in lines
            if any(
                h.field in ("subtotal", "total") and h.score >= 0.8
                for h in hits.get(line.order, [])
            )
        ),
        None,
    )
    if stop is None:
        return placed
    printed = values_in(stop, AMOUNT)
    target = parse_amount(printed[-1][2]) if printed else None
    if target is None:
        return placed
    rows: list[tuple[TextLine, Found]] = []
    for line in reversed(lines[: lines.index(stop)]):
        if line.order in used or not any(c.isalnum() for c in line.text):
            continue  # a two-line item, or a rule between the items and the totals
        row = _one_row(line, hits)
        if row is None:
            break
        rows.append((line, row))
    known = sum((parse_amount(a.text) or Decimal(0) for _, _, a in placed), Decimal(0))
    summed = sum((parse_amount(a.text) or Decimal(0) for _, a in rows), Decimal(0))
    if not rows or known + summed != target:
        return placed
    placed = list(placed)
    for line, amount in reversed(rows):
        name = _LEADER.sub("", line.text[: amount.start]).strip(" |:")
        start = line.text.index(name)
        named = Found(line, start, start + len(name), name, ROW_SCORE)
        value = amount.value(str(parse_amount(amount.text)))
        placed.append((line.order, LineItem(name=named.value(), amount=value), amount))
    return placed


def _one_row(line: TextLine, hits: dict[int, list[LabelHit]]) -> Found | None:
    """The amount of a row that holds a name (two letters or more), no label, and one amount,
    at its end."""
    if hits.get(line.order):
        return None
    values = values_in(line, AMOUNT)
    if len(values) != 1 or line.text[values[0][1] :].strip():
        return None
    start, end, text = values[0]
    if sum(c.isalpha() for c in line.text[:start]) < 2 or parse_amount(text) is None:
        return None
    return Found(line, start, end, text, ROW_SCORE)


def _line_above(line: TextLine, lines: Sequence[TextLine]) -> TextLine | None:
    """The line right above ``line`` on its page: the lowest one that ends above its middle,
    at most a line height above its top (the next line of the print, nothing skipped)."""
    _, top, _, bottom = line.line.box
    middle = (top + bottom) / 2
    above = [
        other
        for other in lines
        if other.page == line.page and other is not line and other.line.box[3] <= middle
    ]
    if not above:
        return None
    nearest = max(above, key=lambda other: other.line.box[3])
    height = max(bottom - top, nearest.line.box[3] - nearest.line.box[1])
    return nearest if top - nearest.line.box[3] <= height else None


def _merge(cols: list[Column], more: list[Column]) -> list[Column]:
    """A second heading line (English under Korean) only adds columns the first lacks; a
    heading it adds is the column of the first line's unknown word it stands under (품목
    misread over "Item"), which would otherwise take the words nearer its centre: "File" of
    "File Binder" went to it, and the item's name was "Binder"."""
    known = {c.field for c in cols if c.field != "other"}
    added = [c for c in more if c.field not in known and c.field != "other"]
    kept = [c for c in cols if c.field != "other" or not any(_overlap(c, a) for a in added)]
    return sorted([*kept, *added], key=lambda c: c.x0)


def _overlap(one: Column, other: Column) -> bool:
    return min(one.x1, other.x1) > max(one.x0, other.x0)


def _column_of(
    cols: Sequence[Column], x0: float, x1: float, *, numeric: bool = False
) -> Column | None:
    """The column a cell at ``x0..x1`` belongs to. Numbers are right-aligned in their cells
    whatever their heading's alignment (a left-aligned 공급가액 over amounts that end next to
    the 세액 column), and a column's cells end where the next heading starts: a number belongs
    to the column whose heading starts at or left of its right edge, the last such. Text, and
    a number left of every heading, goes to the heading it overlaps, else the nearest one."""
    if not cols:
        return None
    if numeric:
        started = [c for c in cols if c.x0 <= x1]
        if started:
            return max(started, key=lambda c: c.x0)
    overlapping = [c for c in cols if min(c.x1, x1) - max(c.x0, x0) > 0]
    pool = overlapping or cols
    return min(pool, key=lambda c: abs(c.centre - (x0 + x1) / 2))


def _row(
    line: TextLine, cols: Sequence[Column], pending: Found | None
) -> tuple[LineItem | None, Found | None]:
    values = [v for v in values_in(line, AMOUNT) if parse_amount(v[2]) is not None]
    if not values:
        return None, None
    by_field: dict[str, list[tuple[int, int, str]]] = {}
    for start, end, text in values:
        x0, _, x1, _ = line.box(start, end)
        col = _column_of(cols, x0, x1, numeric=True)
        by_field.setdefault(col.field if col else "other", []).append((start, end, text))
    amount_span = by_field["amount_heading"][-1] if "amount_heading" in by_field else values[-1]
    amount = Found(line, *amount_span, ROW_SCORE)
    first_number = values[0][0]
    name_end = first_number
    name_text = line.text[:name_end].strip(" |")
    # a leading row number ("1 Maintenance") is not part of the name
    if name_text.split(" ", 1)[0].isdigit() and " " in name_text:
        skip = line.text.index(name_text.split(" ", 1)[1])
    else:
        skip = line.text.index(name_text) if name_text else 0
    item_col = next((c for c in cols if c.field == "item_heading"), None)
    if item_col is None:
        # no heading over the names (not printed, or misread: a 거래명세서's "품목 규격" read
        # "72"): the name is the cell it starts, not the next column's text too ("박스 테이프"
        # and, a gutter away, "48mm")
        name_end = min(name_end, next((e for s, e in line.cells() if s <= skip < e), name_end))
    else:
        inside = [
            i
            for i, word in enumerate(line.line.words)
            if _column_of(cols, word.box[0], word.box[2]) is item_col
        ]
        if inside:
            skip = line.starts[inside[0]]
            last = inside[-1]
            name_end = line.starts[last] + len(line.line.words[last].text)
    name = None
    text = _ROW_NUMBER.sub("", line.text[skip:name_end]).strip(" |")
    if name_end > skip and text:
        start = line.text.index(text, skip)
        name = Found(line, start, start + len(text), text, ROW_SCORE).value()
    elif pending is not None:
        name = pending.value()
    if name is None:
        return None, None
    quantity = unit = None
    for start, end, text in by_field.get("qty_heading", []):
        if parse_number(text) is not None:
            quantity = Found(line, start, end, text, ROW_SCORE).value(str(parse_number(text)))
    for start, end, text in by_field.get("price_heading", []):
        unit = Found(line, start, end, text, ROW_SCORE).value(str(parse_amount(text)))
    amount_value = amount.value(str(parse_amount(amount.text)))
    if unit is not None and unit.box == amount_value.box:
        unit = None
    return LineItem(name=name, quantity=quantity, unit_price=unit, amount=amount_value), amount


def _name_only(line: TextLine) -> Found | None:
    text = line.text.strip(" |")
    if not text or not any(c.isalpha() for c in text):
        return None
    start = line.text.index(text)
    return Found(line, start, start + len(text), text, ROW_SCORE * 0.9)
