import math
import random

import pytest

from docparse.model import Block, Word
from docparse.reading_order import build_blocks, group_lines

HEIGHT = 20.0
CHAR = 10.0
SPACE = 8.0


def word(text: str, x0: float, y0: float, x1: float, y1: float) -> Word:
    return Word(text=text, box=(x0, y0, x1, y1), engine="test")


def line(text: str, x: float, y: float, height: float = HEIGHT, slope: float = 0.0) -> list[Word]:
    """Words of ``text`` from ``x`` on, tops at ``y`` and sinking ``slope`` px per px rightwards."""
    words = []
    for part in text.split():
        width = CHAR * len(part)
        top = y + slope * (x - words[0].box[0] if words else 0.0)
        words.append(word(part, x, top, x + width, top + height))
        x += width + SPACE
    return words


def texts(blocks: list[Block]) -> list[str]:
    return [block.text for block in blocks]


def test_single_line_left_to_right() -> None:
    words = line("the quick brown fox jumps", 10, 50)
    lines = group_lines(list(reversed(words)))
    assert [ln.text for ln in lines] == ["the quick brown fox jumps"]
    assert lines[0].box == (10, 50, words[-1].box[2], 70)


def test_lines_top_to_bottom() -> None:
    words = line("third line", 10, 110) + line("first line", 10, 50) + line("second", 40, 80)
    assert [ln.text for ln in group_lines(words)] == ["first line", "second", "third line"]


def test_lines_that_touch_stay_apart() -> None:
    # Tight leading: each line's descenders reach 3 px into the next line's ascenders.
    words = line("one two", 10, 10) + line("three four", 10, 27) + line("five six", 10, 44)
    assert [ln.text for ln in group_lines(words)] == ["one two", "three four", "five six"]


def test_skewed_lines_stay_whole() -> None:
    # Across 1,000 px a 2° slope drifts 35 px: more than the 30 px between the lines.
    slope = math.tan(math.radians(2))
    first = " ".join(f"a{i}" for i in range(30))
    second = " ".join(f"b{i}" for i in range(30))
    words = line(first, 0, 100, slope=slope) + line(second, 0, 130, slope=slope)
    assert words[29].box[1] - words[0].box[1] > 30
    assert [ln.text for ln in group_lines(words)] == [first, second]


@pytest.mark.parametrize("gap", [8, 40])  # less and more than a gutter (24 px)
def test_word_follows_its_neighbour_rather_than_a_line_across_a_gutter(gap: float) -> None:
    # "line" overlaps the left line a little more than its neighbour "side".
    right = line("right side", 400, 172) + line("line", 498 + gap, 181.5)
    words = line("left words here", 0, 190) + right
    assert [ln.text for ln in group_lines(words)] == ["right side line", "left words here"]


def test_a_sagging_amount_column_stays_with_its_labels() -> None:
    # SROIE receipt 013: the amounts sag against their labels, so each overlaps its own
    # row's "RM" (0.73) and the next row's (0.59), whose "RM" ends 1 px further right; the
    # nearest line by a pixel once took it, pairing every label with the amount above.
    words = []
    labels = ["Subtotal", "GST", "Total", "Rounding"]
    for i, label in enumerate(labels):
        top = 960 + 36 * i
        words += [
            word(label, 209, top, 209 + 12 * len(label), top + 41),
            word("RM", 501, top + 11, 530 + i, top + 48),
            word(f"{i}5.00", 613, top + 21, 689, top + 70),
        ]
    assert [ln.text for ln in group_lines(words)] == [
        f"{label} RM {i}5.00" for i, label in enumerate(labels)
    ]


def test_big_number_next_to_small_text_is_one_line() -> None:
    words = [
        word("Total", 0, 70, 50, 90),
        word("42,000", 60, 10, 260, 90),
        word("KRW", 270, 72, 310, 90),
        *line("Thank you", 0, 100),
        *line("Receipt", 0, 0, height=15),
    ]
    assert [ln.text for ln in group_lines(words)] == ["Receipt", "Total 42,000 KRW", "Thank you"]


def test_tall_word_reaching_into_the_line_below_stays_on_its_own_line() -> None:
    # a receipt's name in a large font, centred: its detected box reaches down into the
    # address line, which starts further left (SROIE receipt 047)
    words = [
        word("RESTAURANT", 349, 377, 449, 419),
        word("SIN", 455, 373, 500, 413),
        word("K3-113,", 337, 402, 387, 427),
        word("JL", 391, 403, 408, 427),
        word("IBRAHIM", 414, 403, 466, 428),
        word("SULTAN", 475, 404, 520, 429),
        *line("80300 JOHOR BAHRU", 367, 433),
    ]
    assert [ln.text for ln in group_lines(words)] == [
        "RESTAURANT SIN",
        "K3-113, JL IBRAHIM SULTAN",
        "80300 JOHOR BAHRU",
    ]


def test_subscript_under_a_superscript_stays_on_its_line() -> None:
    words = [*line("span", 0, 10), word("w(i)", 50, 10, 70, 30), word("s", 66, 22, 72, 34)]
    assert [ln.text for ln in group_lines(words)] == ["span w(i) s"]


def test_korean_words() -> None:
    words = line("대한민국 헌법 제1조", 10, 10) + line("모든 권력은 국민으로부터 나온다", 10, 40)
    random.Random(3).shuffle(words)
    blocks = build_blocks(words, 0)
    assert texts(blocks) == ["대한민국 헌법 제1조\n모든 권력은 국민으로부터 나온다"]


def test_empty_input() -> None:
    assert group_lines([]) == []
    assert build_blocks([], 0) == []


def test_blocks_split_on_a_large_vertical_gap() -> None:
    words = (
        line("first paragraph line one", 10, 10)
        + line("first paragraph line two", 10, 35)
        + line("second paragraph after a gap", 10, 90)
    )
    blocks = build_blocks(words, 4)
    assert texts(blocks) == [
        "first paragraph line one\nfirst paragraph line two",
        "second paragraph after a gap",
    ]
    assert [b.id for b in blocks] == ["p5-b1", "p5-b2"]
    assert blocks[0].box == (10, 10, blocks[0].lines[0].box[2], 55)


def test_indented_line_after_a_short_line_starts_a_block() -> None:
    words = (
        line("a paragraph that fills the whole", 10, 10)
        + line("width and ends", 10, 35)
        + line("indented new paragraph", 50, 60)
        + line("continues at the margin", 10, 85)
    )
    assert texts(build_blocks(words, 0)) == [
        "a paragraph that fills the whole\nwidth and ends",
        "indented new paragraph\ncontinues at the margin",
    ]


def test_line_left_of_a_hanging_indent_starts_a_block() -> None:
    words = (
        line("- first item that wraps", 10, 10)
        + line("onto a hanging line", 40, 35)
        + line("and one more", 40, 60)
        + line("- second item", 10, 85)
    )
    assert texts(build_blocks(words, 0)) == [
        "- first item that wraps\nonto a hanging line\nand one more",
        "- second item",
    ]


TITLE = "A study of reading order on pages with two columns of text"


def two_column_page() -> list[Word]:
    words = line(TITLE, 100, 20)
    for column, x in (("L", 100), ("R", 520)):
        y = 60.0
        for paragraph in (1, 2):
            for row in range(4):
                words += line(f"{column}{paragraph} row{row} has several words", x, y)
                y += 30
            y += 30
    return words + line("page footer that spans the full width of the page", 100, y + 20)


def test_two_columns_read_left_column_first() -> None:
    blocks = build_blocks(two_column_page(), 0)

    def paragraph(name: str) -> str:
        return "\n".join(f"{name} row{row} has several words" for row in range(4))

    assert texts(blocks) == [
        TITLE,
        paragraph("L1"),
        paragraph("L2"),
        paragraph("R1"),
        paragraph("R2"),
        "page footer that spans the full width of the page",
    ]
    assert [b.column for b in blocks] == [0, 0, 0, 1, 1, 0]
    assert [b.id for b in blocks] == [f"p1-b{n}" for n in range(1, 7)]


def test_columns_whose_rows_interleave() -> None:
    # The right column sits half a line higher; the left column's first line is indented.
    words = line(TITLE, 100, 20)
    for row in range(5):
        words += line(f"L{row} row of the left column", 140 if row == 0 else 100, 115 + 30 * row)
        words += line(f"R{row} row of the right column", 520, 100 + 30 * row)
    blocks = build_blocks(words, 0)
    assert [b.column for b in blocks] == [0, 0, 1]
    assert texts(blocks)[1:] == [
        "\n".join(f"{side}{row} row of the {name} column" for row in range(5))
        for side, name in (("L", "left"), ("R", "right"))
    ]


def test_three_columns() -> None:
    words = line("A title across the three columns of this page", 10, 10)
    for column, x in enumerate((10, 360, 710)):
        for row in range(5):
            words += line(f"c{column} r{row} some more words", x, 50 + 30 * row)
    blocks = build_blocks(words, 0)
    assert [b.column for b in blocks] == [0, 0, 1, 2]
    assert [b.lines[0].text for b in blocks[1:]] == [f"c{c} r0 some more words" for c in range(3)]


def test_full_width_paragraph_between_two_column_bands() -> None:
    words: list[Word] = []
    for band, top in (("A", 20), ("B", 260)):
        for column, x in (("l", 100), ("r", 520)):
            for row in range(4):
                words += line(f"{band}{column}{row} has a few words", x, top + 30 * row)
    words += line("a full width paragraph that runs across both of the columns", 100, 170)
    blocks = build_blocks(words, 0)
    assert [b.lines[0].words[0].text for b in blocks] == ["Al0", "Ar0", "a", "Bl0", "Br0"]
    assert [b.column for b in blocks] == [0, 1, 0, 0, 1]


def test_table_grid_reads_row_by_row() -> None:
    words = line("CAFE RECEIPT", 150, 10) + line("Item", 20, 50)
    words += line("Qty", 300, 50) + line("Price", 400, 50)
    items = [
        ("Iced Cafe Latte", "2", "11,000"),
        ("Coffee", "2", "9,000"),
        ("Green Tea Large Size", "1", "5,500"),
        ("Cheesecake", "1", "6,500"),
    ]
    for row, (name, qty, price) in enumerate(items):
        y = 80 + 30 * row
        words += line(name, 20, y) + line(qty, 300, y) + line(price, 400, y)
    words += line("Total", 20, 210) + line("32,000", 400, 210)
    lines = [ln.text for b in build_blocks(words, 0) for ln in b.lines]
    assert lines == [
        "CAFE RECEIPT",
        "Item Qty Price",
        "Iced Cafe Latte 2 11,000",
        "Coffee 2 9,000",
        "Green Tea Large Size 1 5,500",
        "Cheesecake 1 6,500",
        "Total 32,000",
    ]


def test_key_value_form_reads_row_by_row() -> None:
    pairs = [
        ("Name: Kim", "Date: 2024-01-02"),
        ("Phone: 010-1234-5678", "Email: kim@example.kr"),
        ("City: Seoul", "Zip: 06236"),
        ("Dept: Sales", "Role: Manager"),
    ]
    words: list[Word] = []
    for row, (left, right) in enumerate(pairs):
        words += line(left, 20, 20 + 30 * row) + line(right, 400, 20 + 30 * row)
    lines = [ln.text for b in build_blocks(words, 0) for ln in b.lines]
    assert lines == [f"{left} {right}" for left, right in pairs]


def test_side_by_side_lists_that_share_no_rows_are_columns() -> None:
    words: list[Word] = []
    for row in range(5):
        words += line(f"left{row}", 20, 100 + 40 * row)
        words += line(f"right{row}", 300, 121 + 40 * row)
    blocks = build_blocks(words, 0)
    assert [b.column for b in blocks] == [0, 1]
    assert texts(blocks) == [
        "\n".join(f"left{row}" for row in range(5)),
        "\n".join(f"right{row}" for row in range(5)),
    ]


def test_wide_gap_in_two_rows_does_not_split_a_paragraph() -> None:
    words = line("one two three four five six", 10, 10) + line("seven eight nine ten", 10, 35)
    words += line("a b c", 10, 60) + line("d e f", 150, 60)
    words += line("g h i", 10, 85) + line("j k l", 150, 85)
    words += line("the last line of the paragraph", 10, 110)
    assert texts(build_blocks(words, 0)) == [
        "one two three four five six\nseven eight nine ten\na b c d e f\ng h i j k l\n"
        "the last line of the paragraph"
    ]


def rotated(words: list[Word], degrees: float) -> list[Word]:
    """``words`` moved as if the page turned by ``degrees`` about its origin (boxes keep size)."""
    cos, sin = math.cos(math.radians(degrees)), math.sin(math.radians(degrees))
    moved = []
    for w in words:
        x0, y0, x1, y1 = w.box
        dx = x0 * cos - y0 * sin - x0
        dy = x0 * sin + y0 * cos - y0
        moved.append(word(w.text, x0 + dx, y0 + dy, x1 + dx, y1 + dy))
    return moved


def test_skewed_two_columns_with_a_narrow_gutter() -> None:
    # Over 20 rows a 2° skew moves the 30 px gutter sideways by 21 px.
    words = []
    for column, x in (("L", 100), ("R", 452)):  # the left lines end at x = 422
        for row in range(20):
            words += line(f"{column}{row:02}xx aaaaaa bbbbbb cccccc dddddd", x, 100 + 30 * row)
    blocks = build_blocks(rotated(words, 2), 0)
    assert [b.column for b in blocks] == [0, 1]
    assert [b.lines[0].words[0].text for b in blocks] == ["L00xx", "R00xx"]
    assert [len(b.lines) for b in blocks] == [20, 20]


def test_shuffled_input_gives_the_same_output() -> None:
    words = two_column_page()
    expected = build_blocks(words, 0)
    for seed in range(5):
        shuffled = list(words)
        random.Random(seed).shuffle(shuffled)
        assert build_blocks(shuffled, 0) == expected
        assert group_lines(shuffled) == group_lines(words)


def statement(items: int, payment_lines: int, side_by_side: bool = False) -> list[Word]:
    """A 거래명세서's lower half: a header and ``items`` item rows, the totals under them at
    the right, the payment lines at the left: below the totals, or beside them on rows of
    their own (half a row lower) with ``side_by_side``."""
    words = line("품목", 45, 100) + line("규격", 318, 100) + line("수량", 470, 100)
    words += line("단가", 593, 100) + line("공급가액", 742, 100) + line("세액", 921, 100)
    names = [("박스 테이프", "48mm"), ("토너 카트리지", "TN-2480"), ("LED 전구", "10W")]
    for row, (name, spec) in enumerate(names[:items]):
        y = 130 + 30 * row
        words += line(name, 45, y) + line(spec, 318, y) + line("12", 480, y)
        words += line("1,800", 593, y) + line("21,600", 742, y) + line("2,160", 921, y)
    top = 130 + 30 * items
    for row, label in enumerate(["공급가액", "세액", "합계금액"]):
        words += line(label, 546, top + 30 * row) + line(f"{row + 4}97,600", 881, top + 30 * row)
    payment = ["결제기한: 2024년 7월 29일", "입금계좌: 국민은행 154-30-6481", "예금주: 에이원테크"]
    below = top + (15 if side_by_side else 100)
    for row, text in enumerate(payment[:payment_lines]):
        words += line(text, 45, below + 30 * row)
    return words


@pytest.mark.parametrize("payment_lines", [2, 3])
@pytest.mark.parametrize("items", [1, 2, 3])
def test_short_item_table_over_totals_and_payment_lines_reads_row_by_row(
    items: int, payment_lines: int
) -> None:
    # The outside generator's 거래명세서 (issue 13): the strip between the 규격 and 수량
    # columns runs on past the totals (right) and the payment lines (left) under them; taken
    # for a gutter, it parted the item names from their amounts.
    lines = [ln.text for b in build_blocks(statement(items, payment_lines), 0) for ln in b.lines]
    assert lines[1 : 1 + items] == [
        f"{name} 12 1,800 21,600 2,160"
        for name in ["박스 테이프 48mm", "토너 카트리지 TN-2480", "LED 전구 10W"][:items]
    ]
    assert lines[1 + items :] == [
        "공급가액 497,600",
        "세액 597,600",
        "합계금액 697,600",
        *["결제기한: 2024년 7월 29일", "입금계좌: 국민은행 154-30-6481", "예금주: 에이원테크"][
            :payment_lines
        ],
    ]


def test_item_table_over_blocks_side_by_side_stays_rows() -> None:
    # Payment lines beside the totals, on rows of their own: the two are columns, the item
    # rows above them (which the strip also crosses) stay rows.
    blocks = build_blocks(statement(2, 3, side_by_side=True), 0)
    assert [ln.text for ln in blocks[0].lines][1:] == [
        "박스 테이프 48mm 12 1,800 21,600 2,160",
        "토너 카트리지 TN-2480 12 1,800 21,600 2,160",
    ]
    assert [b.column for b in blocks] == [0, 0, 1]
    assert texts(blocks)[1:] == [
        "결제기한: 2024년 7월 29일\n입금계좌: 국민은행 154-30-6481\n예금주: 에이원테크",
        "공급가액 497,600\n세액 597,600\n합계금액 697,600",
    ]


def test_side_by_side_lists_that_overlap_in_part_are_columns() -> None:
    # The right list starts where the left one has three lines to go; two rows hold both.
    words: list[Word] = []
    for row in range(5):
        words += line(f"left{row}", 20, 100 + 30 * row) + line(f"right{row}", 300, 190 + 30 * row)
    blocks = build_blocks(words, 0)
    assert [b.column for b in blocks] == [0, 1]
    assert texts(blocks) == [
        "\n".join(f"left{row}" for row in range(5)),
        "\n".join(f"right{row}" for row in range(5)),
    ]


def test_address_block_beside_a_letterhead_comes_before_the_body_below() -> None:
    # ENVATO's invoice: the seller's block at the left, the address and invoice number
    # right-aligned at the right, then a gap and a body at the left only, wider than the
    # seller's lines: the address is read before the body, not after its last line.
    words = line("Tax Invoice", 100, 40) + line("Envato", 100, 70) + line("ABN: 11 119", 100, 100)
    words += line("To: iViveLabs Ltd", 100, 190)
    right = [
        "PO Box 16122",
        "Collins Street West",
        "Australia",
        "Order date: 28 Jan",
        "Invoice No. 42",
    ]
    for row, text in enumerate(right):
        words += line(
            text, 1000 - CHAR * len(text.replace(" ", "")) - SPACE * text.count(" "), 100 + 30 * row
        )
    body = [f"Body line {row} of the details that runs wider than the seller" for row in range(8)]
    for row, text in enumerate(body):
        words += line(text, 100, 300 + 30 * row)
    lines = [ln for block in build_blocks(words, 0) for ln in block.text.split("\n")]
    assert lines.index("Invoice No. 42") < lines.index(body[0])
    assert lines.index("To: iViveLabs Ltd") < lines.index(body[0])
    assert lines[-1] == body[-1]


def test_left_column_going_on_past_a_shorter_right_column_is_read_first() -> None:
    # An exam page: the right column ends level with a gap between two questions in the
    # left one, which goes on no wider than before: the left column is still read through.
    words: list[Word] = []
    y = 40.0
    for question in (1, 2):
        for row in range(5):
            words += line(f"Q{question} row{row} of the left column text", 100, y)
            y += 30
        y += 40
    for row in range(5):
        words += line(f"R row{row} of the right column text", 560, 40 + 30 * row)
    lines = [ln for block in build_blocks(words, 0) for ln in block.text.split("\n")]
    assert lines.index("Q2 row4 of the left column text") < lines.index(
        "R row0 of the right column text"
    )
