"""Empty rings (docparse/engines/ppocr/rings.py): the words Tesseract read on a run of ○
(a court decision's withheld name, "박○○") become one word of rings; letters, circled
numbers and Hangul are left as read. Lines drawn here with the Nanum fonts."""

from __future__ import annotations

import numpy as np
import pytest
from drawn_strips import PAD, read_as, strip_of
from PIL import Image, ImageDraw

from docparse.engines.ppocr.lines import LineStrip
from docparse.engines.ppocr.rings import RING, empty_rings, ring_boxes
from docparse.model import Word


@pytest.mark.parametrize("face", ["myeongjo", "gothic"])
def test_a_run_of_rings_read_as_letters_becomes_one_word_of_rings(face: str) -> None:
    strip, words = strip_of(["피고", "박", "○○"], face)
    found = empty_rings(strip, read_as(words, "피고", "박", "oo"))
    assert [w.text for w in found] == ["피고", "박", RING * 2]
    ring = found[2]
    assert ring.confidence == 0.9
    assert ring.box[0] == pytest.approx(words[2].box[0], abs=3)
    assert ring.box[2] == pytest.approx(words[2].box[2], abs=3)


def test_rings_read_as_two_words_are_joined() -> None:
    strip, words = strip_of(["박", "○○"])
    x0, y0, x1, y1 = words[1].box
    middle = (x0 + x1) / 2
    halves = [
        Word(text="(>/", box=(x0, y0, middle, y1), confidence=0.2, engine="t"),
        Word(text="ㅁ)", box=(middle, y0, x1, y1), confidence=0.2, engine="t"),
    ]
    found = empty_rings(strip, [words[0], *halves])
    assert [w.text for w in found] == ["박", RING * 2]


def test_a_lone_ring_as_a_list_mark() -> None:
    strip, words = strip_of(["○", "사업개요"])
    assert [w.text for w in empty_rings(strip, read_as(words, "O", "사업개요"))] == [
        RING,
        "사업개요",
    ]


def test_letters_circled_numbers_and_hangul_are_left_as_read() -> None:
    # a Latin "o" is half a syllable tall, a "0" too narrow, ② has a digit inside its ring
    strip, words = strip_of(["모델", "o", "0", "②"])
    texts = ["모델", "o", "0", "(2)"]
    assert [w.text for w in empty_rings(strip, read_as(words, *texts))] == texts
    # a capital "O" is narrower than a ring; the letter ㅇ, a list mark, is read and kept
    for face in ("gothic", "myeongjo", "barun"):
        strip, words = strip_of(["혈액형", "O", "ㅇ", "추진"], face)
        texts = ["혈액형", "O", "ㅇ", "추진"]
        assert [w.text for w in empty_rings(strip, read_as(words, *texts))] == texts, face
    # a word holding a Hangul syllable is never replaced, even on a ring
    strip, words = strip_of(["박", "○"])
    assert [w.text for w in empty_rings(strip, read_as(words, "박", "이"))] == ["박", "이"]
    # a word reaching well past the rings is not theirs
    strip, words = strip_of(["○○", "abc"])
    wide = Word(
        text="ooabc", box=(words[0].box[0], 0, words[1].box[2], 40), confidence=0.3, engine="t"
    )
    assert [w.text for w in empty_rings(strip, [wide])] == ["ooabc"]


def test_a_square_checkbox_is_no_ring() -> None:
    # a drawn checkbox is as round by its box and as hollow as ○, but its hole fills its box
    strip, words = strip_of(["○", "해당없음"], "gothic")
    ((x0, y0, x1, y1),) = ring_boxes(strip)  # the ring's own box
    image = Image.fromarray(strip.image)
    draw = ImageDraw.Draw(image)
    draw.rectangle((x0 - 2, y0 - 2, x1 + 2, y1 + 2), fill="white")
    draw.rectangle((x0, y0, x1, y1), outline="black", width=2)
    boxed = LineStrip(np.asarray(image).copy(), np.eye(3), straight=True, pad=PAD)
    texts = ["ㅁ", "해당없음"]
    assert [w.text for w in empty_rings(boxed, read_as(words, *texts))] == texts
    assert [w.text for w in empty_rings(strip, read_as(words, *texts))] == [RING, "해당없음"]


def _narrowed(strip: LineStrip, ratio: float) -> LineStrip:
    """The strip with each of its rings drawn again as an ellipse ``ratio`` as wide as tall
    (Baekmuk Gulim draws ○ 0.91 wide)."""
    image = Image.fromarray(strip.image)
    draw = ImageDraw.Draw(image)
    for x0, y0, x1, y1 in ring_boxes(strip):
        draw.rectangle((x0 - 1, y0 - 1, x1 + 1, y1 + 1), fill="white")
        middle, half = (x0 + x1) / 2, ratio * (y1 - y0) / 2
        draw.ellipse((middle - half, y0, middle + half, y1), outline="black", width=2)
    return LineStrip(np.asarray(image).copy(), np.eye(3), straight=True, pad=PAD)


def test_narrow_rings_side_by_side_are_rings_a_narrow_one_alone_is_a_letter() -> None:
    strip, words = strip_of(["박", "○○"], "gothic")
    narrow = _narrowed(strip, 0.9)
    assert len(ring_boxes(narrow)) == 2
    found = empty_rings(narrow, read_as(words, "박", "0ㅇㅇ"))
    assert [w.text for w in found] == ["박", RING * 2]
    # one such ring alone is as narrow as a capital "O": it stays as read
    strip, words = strip_of(["○", "사업개요"], "gothic")
    narrow = _narrowed(strip, 0.9)
    assert ring_boxes(narrow) == []
    assert [w.text for w in empty_rings(narrow, read_as(words, "O", "사업개요"))] == [
        "O",
        "사업개요",
    ]
    # narrower still (a "0" is 0.6) is no ring, run or not
    strip, words = strip_of(["박", "○○"], "gothic")
    assert ring_boxes(_narrowed(strip, 0.75)) == []
