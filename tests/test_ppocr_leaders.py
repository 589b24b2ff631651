"""Leader dots between an entry and its number (docparse/engines/ppocr/leaders.py): found on
the page between two words of a row, given as one word of points; pages drawn here."""

from __future__ import annotations

import pytest
from PIL import Image, ImageDraw, ImageFont

from docparse.engines.ppocr import SPEC, PPOCREngine, PPOCROptions
from docparse.engines.ppocr.leaders import CONFIDENCE, with_leaders
from docparse.io.fonts import font_path
from docparse.model import Word

ROW = (100, 130)
"""Top and bottom of the row's word boxes (30 px high)."""


def words() -> list[Word]:
    """ "Notices" at the left, "vii" at the right of one row."""
    return [
        Word(text="Notices", box=(20, ROW[0], 120, ROW[1]), engine="t"),
        Word(text="vii", box=(600, ROW[0], 630, ROW[1]), engine="t"),
    ]


def page(dots_at: float | None, pitch: int = 12, size: int = 3, count: int = 38) -> Image.Image:
    """A white page with ``count`` square dots of ``size`` px, ``pitch`` px apart, from just
    right of "Notices", their centres ``dots_at`` px below the row's top (None: no dots)."""
    image = Image.new("L", (700, 250), 255)
    draw = ImageDraw.Draw(image)
    if dots_at is not None:
        for k in range(count):
            x = 130 + k * pitch
            y = ROW[0] + dots_at - size / 2
            draw.rectangle((x, y, x + size - 1, y + size - 1), fill=0)
    return image


def leaders(found: list[Word]) -> list[Word]:
    return [word for word in found if word.confidence == CONFIDENCE]


def test_points_on_the_baseline_are_one_leader_word_between_the_entry_and_its_number() -> None:
    found = with_leaders(page(dots_at=25), words(), "ppocr")
    assert [word.text for word in found] == ["Notices", "." * 38, "vii"]
    x0, y0, x1, y1 = found[1].box
    assert 128 <= x0 <= 132 and 130 + 37 * 12 <= x1 <= 130 + 37 * 12 + 4
    assert ROW[0] + 20 <= y0 < y1 <= ROW[0] + 28
    assert found[1].engine == "ppocr"


def test_dots_at_mid_height_are_left_out() -> None:
    # "·····" and a Korean font's "……" look alike there: which was printed is unknown
    assert leaders(with_leaders(page(dots_at=15), words(), "ppocr")) == []


def test_an_empty_gap_a_dotted_rule_and_specks_are_no_leader() -> None:
    assert leaders(with_leaders(page(dots_at=None), words(), "ppocr")) == []
    # a dotted rule touching the top of the row's boxes (a table's section line)
    assert leaders(with_leaders(page(dots_at=2, size=2), words(), "ppocr")) == []
    # three dots are an ellipsis, not a leader; nor a short run lost in a wide gap
    assert leaders(with_leaders(page(dots_at=25, count=3), words(), "ppocr")) == []
    assert leaders(with_leaders(page(dots_at=25, count=6), words(), "ppocr")) == []
    # specks at random steps
    image = Image.new("L", (700, 250), 255)
    draw = ImageDraw.Draw(image)
    for x in (140, 147, 190, 198, 260, 330, 345, 420, 500, 509, 580):
        draw.rectangle((x, ROW[0] + 24, x + 2, ROW[0] + 26), fill=0)
    assert leaders(with_leaders(image, words(), "ppocr")) == []


def test_words_of_other_rows_and_near_words_get_no_leader() -> None:
    # the two words on different rows, and two words a word space apart
    other_rows = [
        Word(text="Notices", box=(20, ROW[0], 120, ROW[1]), engine="t"),
        Word(text="vii", box=(600, ROW[1] + 40, 630, ROW[1] + 70), engine="t"),
    ]
    assert leaders(with_leaders(page(dots_at=25), other_rows, "ppocr")) == []
    near = [
        Word(text="Notices", box=(20, ROW[0], 120, ROW[1]), engine="t"),
        Word(text="here", box=(135, ROW[0], 190, ROW[1]), engine="t"),
    ]
    assert leaders(with_leaders(page(dots_at=25), near, "ppocr")) == []


def typeset(mark: str | None, rule_below: bool = False) -> tuple[Image.Image, list[Word]]:
    """ "Notices", a leader of ``mark`` (None: none) and "vii" set in NanumGothic, with word
    boxes as PP-OCR gives them (a few px round the ink); ``rule_below``: a dotted rule
    drawn across the row 3 px under the letters' baseline (a table's border)."""
    font = ImageFont.truetype(str(font_path("gothic")), 28)
    image = Image.new("L", (900, 200), 255)
    draw = ImageDraw.Draw(image)
    draw.text((40, 60), "Notices", fill=0, font=font)
    draw.text((800, 60), "vii", fill=0, font=font)
    if mark is not None:
        draw.text((150, 60), (mark + " ") * 40, fill=0, font=font)
    left, right = (
        draw.textbbox((40, 60), "Notices", font=font),
        draw.textbbox((800, 60), "vii", font=font),
    )
    top, bottom = min(left[1], right[1]) - 5, max(left[3], right[3]) + 8
    if rule_below:
        baseline = left[3]
        for x in range(30, 880, 7):
            draw.rectangle((x, baseline + 2, x + 2, baseline + 4), fill=0)
    words = [
        Word(text="Notices", box=(left[0] - 3, top, left[2] + 3, bottom), engine="t"),
        Word(text="vii", box=(right[0] - 3, top, right[2] + 3, bottom), engine="t"),
    ]
    return image, words


def test_typeset_points_and_middle_dots_are_told_apart_by_the_letters_baseline() -> None:
    image, row = typeset(".")
    found = leaders(with_leaders(image, row, "ppocr"))
    assert len(found) == 1 and set(found[0].text) == {"."}, found
    assert 36 <= len(found[0].text) <= 40
    # middle dots and a Korean font's ellipses stand above the baseline: left out
    for mark in ("·", "…"):
        image, row = typeset(mark)
        assert leaders(with_leaders(image, row, "ppocr")) == [], mark
    # a dotted rule under the letters, through the row's box: no leader
    image, row = typeset(None, rule_below=True)
    assert leaders(with_leaders(image, row, "ppocr")) == []


@pytest.mark.skipif(not SPEC.status(PPOCROptions()).available, reason="ppocr not installed")
def test_a_table_of_contents_line_keeps_its_leader() -> None:
    # PP-OCR's detector finds "Notices" and "vii" and leaves the dots between them out
    image = Image.new("RGB", (900, 160), "white")
    draw = ImageDraw.Draw(image)
    font = ImageFont.truetype(str(font_path("gothic")), 28)
    draw.text((40, 60), "Notices " + ". " * 30 + " vii", fill="black", font=font)
    engine = PPOCREngine()
    try:
        texts = [word.text for word in engine.recognize([image])[0].words]
    finally:
        engine.close()
    assert texts[0] == "Notices" and texts[-1] == "vii", texts
    assert sum(text.count(".") for text in texts) >= 28, texts


def test_dots_read_as_letters_are_put_back_as_the_leader() -> None:
    # the detector took part of the leader into a line and Tesseract read its dots as
    # letters, unsurely ("Paperback Novel ...... cs eeee eeeeenes 16.99")
    read = [
        words()[0],
        Word(text="cs", box=(200, ROW[0] + 22, 230, ROW[0] + 28), confidence=0.0, engine="t"),
        Word(text="eeee", box=(240, ROW[0], 300, ROW[1]), confidence=0.2, engine="t"),
        Word(text="......", box=(310, ROW[0] + 23, 400, ROW[0] + 27), confidence=0.9, engine="t"),
        words()[1],
    ]
    found = with_leaders(page(dots_at=25), read, "ppocr")
    assert [word.text for word in found] == ["Notices", "." * 38, "vii"]


def test_an_unsure_word_holding_letters_in_a_leader_stays() -> None:
    image = page(dots_at=25)
    ImageDraw.Draw(image).rectangle((302, ROW[0] + 4, 305, ROW[0] + 26), fill=0)  # an "l"
    unsure = Word(text="l", box=(300, ROW[0], 308, ROW[1]), confidence=0.3, engine="t")
    found = with_leaders(image, [words()[0], unsure, words()[1]], "ppocr")
    assert "l" in [word.text for word in found]


SQUARE_POINT = ("XXXX", "XXXX", "XXXX", "XXXX")
"""A 4 × 4-px point, its centre 2 px above the baseline."""
ROUND_POINT = (".XX.", "XXXX", ".XX.", ".XX.", ".XX.")
"""A 4 × 5-px round point as thresholding leaves it: it fills 0.6 of its box."""


@pytest.mark.parametrize(
    ("letters", "point"),
    [
        # a monospaced font's point beside tight word boxes: 4 px on a 14-px row, its centre
        # 2 px above the baseline (more than RISE row heights)
        (14, SQUARE_POINT),
        # DejaVu Sans Mono on a receipt of the outside generator: 0.26 of the 19-px row
        (18, ROUND_POINT),
    ],
)
def test_large_points_standing_on_the_baseline_are_a_leader(
    letters: int, point: tuple[str, ...]
) -> None:
    image = Image.new("L", (700, 250), 255)
    draw = ImageDraw.Draw(image)
    baseline = 130
    for x0 in (*range(20, 120, 6), *range(600, 640, 6)):  # letters' stems
        draw.rectangle((x0, baseline - letters, x0 + 1, baseline - 1), fill=0)
    for k in range(35):
        for dy, cells in enumerate(point):
            for dx, cell in enumerate(cells):
                if cell == "X":
                    draw.point((135 + k * 12 + dx, baseline - len(point) + dy), fill=0)
    row = [
        Word(text="Novel", box=(20, baseline - letters - 1, 120, baseline + 1), engine="t"),
        Word(text="16.99", box=(600, baseline - letters - 1, 640, baseline + 1), engine="t"),
    ]
    found = with_leaders(image, row, "ppocr")
    assert [word.text for word in found] == ["Novel", "." * 35, "16.99"]


def test_dots_read_surely_as_a_flat_word_are_put_back_as_the_leader() -> None:
    # Tesseract's Korean model read a leader's dots as "이이이이" at 0.73, boxed as flat as
    # the dots
    flat = Word(
        text="이이이이", box=(250, ROW[0] + 22, 330, ROW[0] + 27), confidence=0.73, engine="t"
    )
    found = with_leaders(page(dots_at=25), [words()[0], flat, words()[1]], "ppocr")
    assert [word.text for word in found] == ["Notices", "." * 38, "vii"]
