"""The detector-first engine (``ppocr``): PP-OCR finds lines, each is straightened and read
by PP-OCR's recogniser (Latin/digits) or Tesseract kor+eng (Hangul); pages drawn here with
the Nanum fonts, so nothing outside the repository is read."""

from __future__ import annotations

import itertools
import re
from pathlib import Path

import numpy as np
import pytest
from PIL import Image, ImageDraw, ImageFont

from docparse.engines.ppocr import SPEC, PPOCREngine, PPOCROptions, line_reader
from docparse.engines.ppocr import lines as line_strips
from docparse.engines.ppocr.line_reader import TESSERACT_ROUTE
from docparse.engines.ppocr.models import characters
from docparse.engines.ppocr.recognizer import ReadLine, decode
from docparse.engines.ppocr.routing import (
    MAX_UNREAD,
    MAX_UNREAD_HANGUL_PAGE,
    hangul_lang,
    other_script,
    reads_hangul,
    route,
)
from docparse.io.fonts import font_path
from docparse.model import Word

SAMPLES = Path(__file__).resolve().parents[1] / "samples"

pytestmark = pytest.mark.skipif(
    not SPEC.status(PPOCROptions()).available, reason="ppocr engine not installed"
)


@pytest.fixture(scope="module")
def engine():
    engine = PPOCREngine()
    yield engine
    engine.close()


def draw_lines(rows: list[tuple[str, int, int]], size=(900, 400), points: int = 30):
    """A white page with each (text, x, y) drawn in NanumGothic; the ink box of each text."""
    image = Image.new("RGB", size, "white")
    draw = ImageDraw.Draw(image)
    font = ImageFont.truetype(str(font_path("gothic")), points)
    boxes = {}
    for text, x, y in rows:
        draw.text((x, y), text, fill="black", font=font)
        boxes[text] = draw.textbbox((x, y), text, font=font)
    return image, boxes


def found(words: list[Word], text: str) -> list[Word]:
    return [word for word in words if word.text == text]


def inside(box, outer, margin: float = 8) -> bool:
    """Whether ``box`` is centred on ``outer`` (the ink of its line) and stays within
    ``margin`` px of it (Tesseract's boxes of Korean syllables can reach a little above)."""
    x0, y0, x1, y1 = box
    ox0, oy0, ox1, oy1 = outer
    centred = ox0 <= (x0 + x1) / 2 <= ox1 and oy0 <= (y0 + y1) / 2 <= oy1
    near = x0 >= ox0 - margin and y0 >= oy0 - margin and x1 <= ox1 + margin and y1 <= oy1 + margin
    return centred and near


def test_korean_and_english_page_read_with_boxes_on_the_ink(engine) -> None:
    image, boxes = draw_lines(
        [
            ("서울특별시 마포구 양화로", 40, 40),
            ("TOTAL 12,500", 40, 140),
            ("Invoice No. 2024-17", 40, 240),
        ]
    )
    words = engine.recognize([image])[0].words
    texts = [word.text for word in words]
    for expected in ("서울특별시", "마포구", "TOTAL", "12,500", "Invoice"):
        assert expected in texts, texts
    # PP-OCRv6 tiny (the cascade's first reader) may drop the space after "No."
    assert "2024-17" in texts or "No.2024-17" in texts, texts
    (total,) = found(words, "12,500")
    assert inside(total.box, boxes["TOTAL 12,500"])
    x0 = total.box[0]
    total_x1 = found(words, "TOTAL")[0].box[2]
    assert x0 > total_x1  # the words of a PP-OCR line are placed where they are read
    (city,) = found(words, "서울특별시")
    assert inside(city.box, boxes["서울특별시 마포구 양화로"])
    assert city.box[2] < found(words, "마포구")[0].box[0]


def test_hangul_line_goes_to_tesseract_and_digit_line_to_ppocr(engine) -> None:
    image, _ = draw_lines([("부가세 포함 합계", 40, 40), ("2023/10/27 15:57:38", 40, 140)])
    words = engine.recognize([image])[0].words
    assert {w.engine for w in words if w.text in ("부가세", "합계")} == {TESSERACT_ROUTE}
    assert {w.engine for w in words if w.text in ("2023/10/27", "15:57:38")} == {"ppocr"}


def test_hangul_line_is_read_by_the_korean_model_alone(monkeypatch) -> None:
    from docparse.engines.tesseract import TesseractEngine

    image, _ = draw_lines([("부가세 포함 합계", 40, 40)])
    own = PPOCREngine()
    read_by: list[str] = []  # the languages of each Tesseract that read the line
    original = TesseractEngine.read_line

    def spy(self, line_image, *args, **kwargs):
        words = original(self, line_image, *args, **kwargs)
        if any(word.text.startswith("부가세") for word in words):
            read_by.extend(k for k, engine in own.reader._tesseracts.items() if engine is self)
        return words

    monkeypatch.setattr(TesseractEngine, "read_line", spy)
    try:
        words = own.recognize([image])[0].words
        # PP-OCR read other scripts: a Hangul line, read by the Korean model; a page of one
        # line is also checked for which way up it lies, with all the languages
        assert "kor" in own.reader._tesseracts
        assert read_by and set(read_by) <= {"kor", "kor+eng"} and read_by[-1] == "kor"
        assert {"부가세", "합계"} <= {w.text for w in words}
    finally:
        own.close()


def test_hangul_line_on_a_latin_page_is_read_by_the_korean_model_first() -> None:
    image, _ = draw_lines(
        [
            ("INVOICE NUMBER 2024-0117", 40, 30),
            ("TOTAL AMOUNT 12,500", 40, 110),
            ("PAYMENT RECEIVED", 40, 190),
            ("부가세 포함 합계", 40, 270),
        ]
    )
    # a page of Latin lines is no Hangul page, but PP-OCR read another script on the Hangul
    # line: the Korean models read it first (kor+eng turns Hangul words into Latin capitals)
    own = PPOCREngine()
    try:
        words = own.recognize([image])[0].words
        assert set(own.reader._tesseracts) == {"kor"}
        assert {"부가세", "합계"} <= {w.text for w in words}
        assert {"INVOICE", "TOTAL", "PAYMENT"} <= {w.text for w in words}
    finally:
        own.close()


def test_other_script_is_what_pp_ocr_makes_of_hangul() -> None:
    assert other_script(ReadLine("合計額 12", 0.97, []))
    assert other_script(ReadLine("早三-習", 0.6, []))
    assert not other_script(ReadLine("坐仝500ml", 0.84, []))  # mostly Latin and digits
    assert not other_script(ReadLine("TOTAL ① 12.50 – •", 0.4, []))  # unsure, but Latin
    assert not other_script(ReadLine("Name Badge (H) ω 0.5500", 0.95, []))  # Greek: no Hangul


def test_a_hangul_line_keeps_its_word_spacing(engine) -> None:
    # Tesseract gives each Hangul syllable as a word and marks the real spaces apart: the
    # syllables of one word come out as one word ("보 험 계 약" was the reading before)
    image, boxes = draw_lines(
        [("제3조 임대인은 임차인에게 보증금을 반환한다.", 30, 40)], size=(900, 120)
    )
    words = engine.recognize([image])[0].words
    texts = [w.text for w in words]
    assert texts == ["제3조", "임대인은", "임차인에게", "보증금을", "반환한다."], texts
    x0, y0, x1, y1 = boxes["제3조 임대인은 임차인에게 보증금을 반환한다."]
    for word in words:  # each on its own stretch of the line, left to right
        assert x0 - 8 <= word.box[0] < word.box[2] <= x1 + 8, word
        assert y0 <= (word.box[1] + word.box[3]) / 2 <= y1, word
    assert all(a.box[2] <= b.box[0] for a, b in itertools.pairwise(words))


def test_hangul_lang_keeps_the_korean_models() -> None:
    assert hangul_lang("kor+eng") == "kor"
    assert hangul_lang("eng+kor+kor_vert") == "kor+kor_vert"
    assert hangul_lang("eng") == "eng"  # no Korean model: the list as given
    assert hangul_lang("script/Hangul+eng") == "script/Hangul"


def test_route_rule() -> None:
    assert route(ReadLine("TOTAL 12.50", 0.98, [])) == "ppocr"
    assert route(ReadLine("合計 12", 0.97, [])) == "tesseract"  # another script: Tesseract
    assert route(ReadLine("TOTAL", 0.3, [])) == "tesseract"  # unsure: Tesseract
    assert route(ReadLine("", 0.0, [])) == "tesseract"
    assert route(ReadLine("TOTAL", 0.99, []), mode="tesseract") == "tesseract"
    # circled numbers are PP-OCR's (its dictionaries hold ① to ⑳; Tesseract's models do not)
    assert route(ReadLine("① apple ⑳ pear", 0.95, [])) == "ppocr"
    assert route(ReadLine("㉑ apple", 0.95, [])) == "tesseract"  # beyond ⑳: another script
    # ink left unread beyond the doubt: Tesseract reads the line, kept if it holds Hangul
    # ("세액" read "H" with 0.48 line heights of it unread)
    assert route(ReadLine("H", 0.85, []), unread=0.48) == "ppocr"
    assert route(ReadLine("H", 0.85, []), unread=0.48, max_unread=0.2) == "hangul?"


def test_lines_of_a_hangul_page_are_doubted_sooner(engine, monkeypatch) -> None:
    """On a page of Hangul lines a line PP-OCR read as Latin is doubted at
    ``MAX_UNREAD_HANGUL_PAGE`` of its ink unread, on a Latin page at ``MAX_UNREAD`` (the
    probes that send a line's start to Tesseract keep ``MAX_UNREAD`` on both)."""
    doubts: list[float] = []

    def spy(line, mode="auto", unread=0.0, max_unread=MAX_UNREAD):
        doubts.append(max_unread)
        return route(line, mode, unread, max_unread)

    monkeypatch.setattr(line_reader, "route", spy)
    korean, _ = draw_lines(
        [("서울특별시 마포구 동교로", 40, 40), ("공급가액 합계금액", 40, 140), ("15,000", 40, 240)]
    )
    engine.recognize([korean])
    assert MAX_UNREAD_HANGUL_PAGE in doubts, doubts
    doubts.clear()
    latin, _ = draw_lines([("TOTAL 12,500", 40, 40), ("Invoice No. 2024-17", 40, 140)])
    engine.recognize([latin])
    assert MAX_UNREAD in doubts and MAX_UNREAD_HANGUL_PAGE not in doubts, doubts


def test_line_upside_down_is_read_upright_with_box_on_its_pixels(engine) -> None:
    image, boxes = draw_lines([("PAYMENT RECEIVED 4,250", 40, 60)], size=(700, 200), points=34)
    turned = image.rotate(180)
    words = engine.recognize([turned])[0].words
    texts = [word.text for word in words]
    assert "PAYMENT" in texts and "4,250" in texts, texts
    x0, y0, x1, y1 = boxes["PAYMENT RECEIVED 4,250"]
    on_turned = (700 - x1, 200 - y1, 700 - x0, 200 - y0)
    (amount,) = found(words, "4,250")
    assert inside(amount.box, on_turned)
    assert amount.box[2] < found(words, "PAYMENT")[0].box[0]  # read right to left on the page


RECEIPT_ROWS = [
    ("한빛마트 영수증", 60, 30),
    ("2023/10/27 15:57", 60, 90),
    ("우유 1L 2 5,960", 60, 150),
    ("두부 3 7,500", 60, 210),
    ("계란 30구 1 8,900", 60, 270),
    ("합계 22,360", 60, 330),
    ("카드 결제 22,360", 60, 390),
]


def test_skewed_receipt_keeps_most_of_its_words(engine) -> None:
    rows = RECEIPT_ROWS
    image, _ = draw_lines(rows, size=(620, 470), points=36)
    skewed = image.rotate(4, expand=True, fillcolor="white", resample=Image.Resampling.BICUBIC)
    words = engine.recognize([skewed])[0].words
    expected = [token for text, _, _ in rows for token in text.split()]
    read = {_grouped(word.text) for word in words}
    hits = sum(token in read for token in expected)
    level = {_grouped(word.text) for word in engine.recognize([image])[0].words}
    # read about as well as the same receipt level: both may miss a digit group ("7500")
    # and split a Hangul word now and then (16-19 of the 20 tokens either way); a group
    # mark read as a point ("22.360", Tesseract sure of it) is recognition, not skew
    assert hits >= 0.7 * len(expected), sorted(read)
    assert hits >= sum(token in level for token in expected) - 1, (sorted(read), sorted(level))
    assert any(word.quad is not None for word in words)  # skewed lines carry their quads


def test_latin_word_in_a_hangul_line_is_read_as_latin(engine) -> None:
    image, _ = draw_lines(RECEIPT_ROWS, size=(620, 470), points=36)
    texts = [word.text for word in engine.recognize([image])[0].words]
    # the Korean model alone reads "1L 2" as "122", unsure of it: PP-OCR reads it again
    assert "1L" in texts and "122" not in texts, texts


def _grouped(text: str) -> str:
    """Digit groups marked by a comma whichever mark was read ("22.360" → "22,360")."""
    return re.sub(r"(?<=\d)\.(?=\d{3}\b)", ",", text)


def test_strip_maps_back_to_the_rotated_line() -> None:
    page = np.full((300, 400, 3), 255, dtype=np.uint8)
    angle = np.deg2rad(10)
    along, across = (
        np.array([np.cos(angle), np.sin(angle)]),
        np.array([-np.sin(angle), np.cos(angle)]),
    )
    origin = np.array([50.0, 80.0])
    quad = np.array(
        [origin, origin + 200 * along, origin + 200 * along + 30 * across, origin + 30 * across],
        dtype=np.float32,
    )
    strip = line_strips.cut(page, quad)
    height, width = strip.image.shape[:2]
    assert width > height
    pad = line_strips.PAD * 30
    box, corners = strip.map_box((pad, pad, width - pad, height - pad))
    assert corners is not None
    assert np.allclose(np.array(corners), quad, atol=1.5)
    assert box == pytest.approx(
        (quad[:, 0].min(), quad[:, 1].min(), quad[:, 0].max(), quad[:, 1].max()), abs=1.5
    )
    turned = strip.turned()
    _, back = turned.map_box((pad, pad, width - pad, height - pad))
    assert np.allclose(np.array(back), quad[[2, 3, 0, 1]], atol=1.5)


def test_ctc_decoding_splits_words_where_they_were_read() -> None:
    alphabet = characters("small")
    index = {char: i for i, char in enumerate(alphabet) if char}
    columns = ["A", "", "B", "", " ", "", "", "", "1", "1", "", "1"]  # "AB 11" with a repeat
    probabilities = np.zeros((len(columns), len(alphabet)), dtype=np.float32)
    for t, char in enumerate(columns):
        probabilities[t, index[char] if char else 0] = 0.9
    line = decode(probabilities, column=8.0, strip_width=96.0, alphabet=alphabet)
    assert line.text == "AB 11"
    first, second = line.words
    assert (first.text, second.text) == ("AB", "11")
    assert first.x0 < 8 < first.x1 <= second.x0 + 8 and second.x1 <= 96


def test_latin_word_boxes_end_on_their_ink(engine) -> None:
    """PP-OCR's word ranges are narrowed to the ink: the gap between two words (here a
    column gutter 30 px wide) stays free, as reading order needs it to find columns."""
    image, boxes = draw_lines([("Follow the", 40, 60), ("recommended", 230, 60)])
    words = engine.recognize([image])[0].words
    (the,) = found(words, "the")
    (recommended,) = found(words, "recommended")
    dark = np.flatnonzero((np.asarray(image.convert("L")) < 128).any(axis=0))
    ink_end = dark[dark < boxes["Follow the"][2] + 5].max() + 1
    ink_start = dark[dark > boxes["recommended"][0] - 5].min()
    assert abs(the.box[2] - ink_end) <= 2 and abs(recommended.box[0] - ink_start) <= 2


def test_hangul_counts_only_when_tesseract_is_sure_of_it() -> None:
    def word(text: str, confidence: float) -> Word:
        return Word(text=text, box=(0, 0, 10, 10), confidence=confidence, engine="tesseract")

    assert reads_hangul([word("합계", 0.91), word("12,000", 0.95)])
    assert not reads_hangul([word("마신다", 0.12), word("DRINK", 0.9)])  # Latin read as Hangul
    assert not reads_hangul([word("TOTAL", 0.95)])


def test_a_row_is_read_again_and_each_word_gets_what_was_read_on_it(engine) -> None:
    """``read_again`` (the second reading of a total's row, keyfields.reread): the words of
    the row, boxes from the first reading, each given the words read over it."""
    image, boxes = draw_lines([("TOTAL", 40, 40), ("(RM):", 200, 40), ("112.45", 520, 40)])
    first = {"TOTAL": "TOTAL", "(RM):": "(RM):", "112.45": "112.48"}  # the first reading
    row = [
        Word(text=read, box=tuple(float(v) for v in boxes[printed]), engine="ppocr")  # type: ignore[arg-type]
        for printed, read in first.items()
    ]
    (again,) = engine.read_again(image, [row])
    assert [word.text if word else None for word in again] == ["TOTAL", "(RM):", "112.45"]
    assert again[2] is not None and again[2].box == row[2].box
    assert 0.5 < (again[2].confidence or 0) <= 1


def test_a_row_holding_hangul_is_not_read_again_by_a_recogniser_without_hangul(engine) -> None:
    """PP-OCR's recogniser holds no Hangul: reading "영수증 RECEIPT" again gave "今 RECEIPT"
    (``docparse extract`` named the merchant so). A row first read with Hangul comes back
    as it was; a Latin row of the same call is still read again."""
    image, boxes = draw_lines([("영수증", 40, 40), ("RECEIPT", 200, 40), ("112.45", 40, 200)])
    hangul = [
        Word(text=text, box=tuple(float(v) for v in boxes[text]), confidence=0.95, engine="t")  # type: ignore[arg-type]
        for text in ("영수증", "RECEIPT")
    ]
    amount = [Word(text="112.48", box=tuple(float(v) for v in boxes["112.45"]), engine="ppocr")]  # type: ignore[arg-type]
    first, second = engine.read_again(image, [hangul, amount])
    assert first == hangul
    assert [word.text if word else None for word in second] == ["112.45"]


def test_a_row_read_again_keeps_real_spaces_and_drops_spaces_inside_words() -> None:
    """How a second reading's words are given to the first reading's words: a space the
    first reading put inside a word (a narrow ink gap) goes, one the second reading dropped
    at a wide gap stays, one the second reading adds inside a word stays, and a comma
    centred past the middle of the gap after its word stays with its word."""
    from docparse.engines.ppocr.recognizer import ReadWord
    from docparse.engines.ppocr.rows_again import _assigned

    def word(text: str, x0: float, x1: float) -> Word:
        return Word(text=text, box=(x0, 0.0, x1, 20.0), engine="ppocr")

    def read(text: str, x0: float, step: float = 10.0) -> ReadWord:
        centres = tuple(x0 + step * (k + 0.5) for k in range(len(text)))
        return ReadWord(text, x0, x0 + step * len(text), 0.9, centres, (0.9,) * len(text))

    # first reading: "SE LANGOR" (gap 2 px: inside a word), "DARUL EHSAN" (gap 12 px)
    row = [word("SE", 0, 20), word("LANGOR", 22, 82), word("DARUL", 100, 150)]
    row.append(word("EHSAN", 162, 212))
    spans = [(w.box[0], w.box[2]) for w in row]
    second = ReadLine(
        "SELANGOR DARULEHSAN", 0.9, [read("SELANGOR", 1, 10.1), read("DARULEHSAN", 100, 11.2)]
    )
    assert [w.text if w else None for w in _assigned(row, spans, second)] == [
        "SELANGOR",
        None,
        "DARUL",
        "EHSAN",
    ]
    row = [word("KUALALUMPUR,", 0, 120), word("MALAYSIA", 130, 210)]
    spans = [(w.box[0], w.box[2]) for w in row]
    second = ReadLine(
        "KUALA LUMPUR, MALAYSIA",
        0.9,
        [read("KUALA", 0), read("LUMPUR,", 55, 11.0), read("MALAYSIA", 130)],
    )
    assert [w.text if w else None for w in _assigned(row, spans, second)] == [
        "KUALA LUMPUR,",
        "MALAYSIA",
    ]


def test_a_monospaced_row_read_again_is_one_word_where_its_cells_show_no_space() -> None:
    """The first reading lost the narrow L of "MALURI" and left a gap a cell wide between
    "MA" and "URI"; the second reading reads one word across it. On a monospaced line, whose
    spaces the second reading set by its empty cells (``ReadLine.pitch``), that word is
    kept whole; elsewhere the wide gap keeps the first reading's space."""
    from docparse.engines.ppocr.recognizer import ReadWord
    from docparse.engines.ppocr.rows_again import _assigned

    def word(text: str, x0: float, x1: float) -> Word:
        return Word(text=text, box=(x0, 0.0, x1, 20.0), engine="ppocr")

    def read(text: str, x0: float) -> ReadWord:
        centres = tuple(x0 + 20 * (k + 0.5) for k in range(len(text)))
        return ReadWord(text, x0, x0 + 20 * len(text), 0.9, centres, (0.9,) * len(text))

    row = [word("TAMAN", 0, 100), word("MA", 120, 160), word("URI", 180, 240)]
    spans = [(w.box[0], w.box[2]) for w in row]
    words = [read("TAMAN", 0), read("MALURI", 120)]
    monospaced = ReadLine("TAMAN MALURI", 0.9, words, pitch=20.0)
    assert [w.text if w else None for w in _assigned(row, spans, monospaced)] == [
        "TAMAN",
        "MALURI",
        None,
    ]
    proportional = ReadLine("TAMAN MALURI", 0.9, words)
    assert [w.text if w else None for w in _assigned(row, spans, proportional)] == [
        "TAMAN",
        "MA",
        "LURI",
    ]


def test_rings_on_a_korean_page_are_read_as_rings(engine) -> None:
    # a court decision's withheld name, a list mark, and a table's mark alone on its line
    # (read by Tesseract's all-language models, which make it "O")
    image, _ = draw_lines(
        [
            ("피고 상고인 박○○", 40, 40),
            ("○ 사업개요 및 추진경과", 40, 140),
            ("4등급 보통위험", 40, 240),
            ("○", 600, 240),
        ]
    )
    texts = [w.text for w in engine.recognize([image])[0].words]
    # the withheld name is one word, its rings joined to the surname as its syllables are
    assert "박○○" in texts and texts.count("○") == 2
    assert not {"O", "o", "0", "oo", "OO"} & set(texts)


def _line_at(x0: float, y0: float, width: float, height: float):
    from docparse.engines.ppocr.detector import TextLine

    quad = [[x0, y0], [x0 + width, y0], [x0 + width, y0 + height], [x0, y0 + height]]
    return TextLine(np.array(quad, dtype=np.float32), 0.9)


def test_the_detector_looks_closer_only_where_the_text_is_a_small_part_of_a_shrunk_image() -> None:
    from docparse.engines.ppocr.detector import closer_region

    receipt = [_line_at(1700, 1200 + 40 * i, 500, 30) for i in range(12)]  # 500 × 470 px
    left, top, right, bottom = closer_region(receipt, 4000, 3000, 1600)  # type: ignore[misc]
    assert left <= 1700 and top <= 1200 and right >= 2200 and bottom >= 1670
    assert right - left < 1000 and bottom - top < 1000  # the text and a margin, not the photo
    assert closer_region(receipt, 1500, 1800, 1600) is None  # not shrunk: seen at full size
    large_print = [_line_at(1700, 1200 + 80 * i, 500, 60) for i in range(6)]  # 24 px in the map
    assert closer_region(large_print, 4000, 3000, 1600) is None  # DB sees such lines well
    page = [_line_at(150, 150 + 60 * i, 1500, 30) for i in range(35)]  # a page's text column
    assert closer_region(page, 1654, 2339, 1600) is None  # fills the page
    assert closer_region([], 4000, 3000, 1600) is None


def test_a_receipt_small_in_a_large_photo_is_read_as_well_as_alone(engine) -> None:
    """A 12-MP-sized phone photo of samples/receipt.png on a table, the receipt 30 % of the
    frame's height: shrunk whole to the detector's 1,600 px its lines were 10 px high and
    many merged or were lost (0.885 of its text, in order); looked at again where its text
    is, it reads as the receipt alone does."""
    from rapidfuzz.distance import Levenshtein

    with Image.open(SAMPLES / "receipt.png") as opened:
        receipt = opened.convert("RGB")
    rng = np.random.default_rng(0)
    table = rng.normal(0, 12, (3000, 4000, 1)) + np.array([120, 100, 80])
    photo = Image.fromarray(table.clip(0, 255).astype(np.uint8))
    scale = 0.3 * photo.height / receipt.height
    small = receipt.resize(
        (round(receipt.width * scale), round(receipt.height * scale)), Image.Resampling.BICUBIC
    )
    photo.paste(small, ((photo.width - small.width) // 2, (photo.height - small.height) // 2))
    alone = "".join(word.text for word in engine.recognize([receipt])[0].words)
    far = "".join(word.text for word in engine.recognize([photo])[0].words)
    assert Levenshtein.normalized_distance(alone, far) < 0.05


def test_a_line_under_a_shadow_is_evened_before_tesseract_reads_it() -> None:
    image, _ = draw_lines([("보험계약자 및 피보험자", 20, 10)], size=(520, 60), points=36)
    grey = np.asarray(image.convert("L"))
    assert line_strips.evened(grey) is grey  # evenly lit: left exactly as it is
    light = np.linspace(0.35, 1.0, grey.shape[1], dtype=np.float32)[None, :]
    shaded = np.round(grey * light).astype(np.uint8)
    out = line_strips.evened(shaded)
    paper = grey == 255
    assert shaded[paper].min() < 95 and out[paper].min() >= 200  # the shaded paper made white
    assert out[grey < 60].max() < 128  # the ink stays dark
