"""Check boxes drawn on a form (docparse.engines.ppocr.checkboxes): found by their shape,
told from the jamo ㅁ, lifted off the page before it is read and given back as "□" / "☑".

Pages are drawn here with the Nanum fonts; nothing outside the repository is read."""

from __future__ import annotations

import numpy as np
import pytest
from PIL import Image, ImageDraw, ImageFont

from docparse.engines.ppocr import checkboxes
from docparse.io.fonts import font_path

POINTS = 30


def form_row(items: list[tuple[str, bool]], size=(1200, 120), side: int = 28) -> Image.Image:
    """A white strip with each (label, ticked) drawn as a square frame (a tick in it when
    ticked) followed by its label in NanumMyeongjo, as Korean forms print them."""
    image = Image.new("RGB", size, "white")
    draw = ImageDraw.Draw(image)
    font = ImageFont.truetype(str(font_path("myeongjo")), POINTS)
    x, y = 30, 40
    for label, ticked in items:
        draw.rectangle((x, y, x + side, y + side), outline="black", width=2)
        if ticked:  # a bold tick reaching past the frame's top right corner
            draw.line((x + 5, y + 14, x + 12, y + 23, x + side + 4, y - 4), fill="black", width=4)
        draw.text((x + side + 6, y - 2), label, fill="black", font=font)
        x = round(draw.textbbox((x + side + 6, y - 2), label, font=font)[2]) + 60
    return image


def test_boxes_are_found_ticked_or_not_and_lifted_off_the_page() -> None:
    image = form_row([("원천기술형", False), ("혁신제품형", True), ("해당없음", False)])
    lifted, boxes = checkboxes.lifted(image)
    assert [box.text for box in sorted(boxes, key=lambda b: b.x0)] == ["□", "☑", "□"]
    grey = np.asarray(lifted.convert("L"))
    for box in boxes:  # nothing of the frame or the tick is left for a reader
        assert grey[box.y0 - 4 : box.y1 + 1, box.x0 : box.x1 + 5].min() > 200
    # the labels are left as they were
    first = sorted(boxes, key=lambda b: b.x0)[0]
    label = np.asarray(image.convert("L"))[30:90, first.x1 + 8 : first.x1 + 150]
    assert (grey[30:90, first.x1 + 8 : first.x1 + 150] == label).all()


def test_jamo_and_square_glyphs_of_text_are_not_boxes() -> None:
    """ㅁ is drawn as a small square frame too; in a syllable a jamo beside it stands taller
    or wider, and text without a box gives back the image itself."""
    image = Image.new("RGB", (1400, 260), "white")
    draw = ImageDraw.Draw(image)
    for n, name in enumerate(("gothic", "myeongjo")):
        font = ImageFont.truetype(str(font_path(name)), 44)
        draw.text(
            (20, 20 + 110 * n), "마음 모음 몸매 므므 밈 멈춤 음미 담요 름", fill="black", font=font
        )
    lifted, boxes = checkboxes.lifted(image)
    assert boxes == []
    assert lifted is image


@pytest.mark.parametrize("shape", ["filled", "cell"])
def test_filled_squares_and_table_cells_are_not_boxes(shape: str) -> None:
    image = Image.new("L", (600, 400), 255)
    draw = ImageDraw.Draw(image)
    if shape == "filled":  # ■, a bullet
        draw.rectangle((40, 40, 68, 68), fill=0)
    else:  # a cell of a table, many lines tall
        draw.rectangle((40, 40, 340, 340), outline=0, width=2)
    assert checkboxes.lifted(image)[1] == []


def test_box_words_are_mapped_into_the_frame_read() -> None:
    box = checkboxes.CheckBox(10, 20, 40, 50, ticked=True)
    (word,) = checkboxes.words([box], lambda points: [(x + 5, y + 7) for x, y in points], "e")
    assert word.text == "☑" and word.box == (15, 27, 45, 57) and word.engine == "e"


def test_the_engine_reads_the_labels_and_gives_the_boxes_in_their_place() -> None:
    from docparse.engines.ppocr import PPOCREngine

    image = form_row([("IP R&D연계", False), ("표준연계", False), ("해당없음", True)])
    engine = PPOCREngine()
    try:
        words = engine.recognize([image])[0].words
    finally:
        engine.close()
    ordered = [w.text for w in sorted(words, key=lambda w: w.box[0])]
    assert ordered.count("□") == 2 and ordered.count("☑") == 1, ordered
    assert ordered.index("☑") == ordered.index("해당없음") - 1, ordered
    assert "표준연계" in ordered and "해당없음" in ordered, ordered
    assert not any(set(text) <= set("|[]ㅁ") for text in ordered), ordered
