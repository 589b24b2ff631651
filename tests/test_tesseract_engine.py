"""The Tesseract engine: Korean fragment merging, the page segmentation choice, and what its
status says when something is missing."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
from PIL import Image

from docparse.engines.hangul_merge import breaks_korean, joins, merge_hangul
from docparse.engines.tesseract import (
    PHOTO_SHARE,
    TesseractEngine,
    _ending_before_next,
    image_share,
    reads_as_photo,
)
from docparse.engines.tesseract_options import TesseractOptions as EngineOptions
from docparse.engines.tesseract_options import find_tessdata, language_fix
from docparse.engines.tesseract_spec import SPEC
from docparse.errors import EngineUnavailable
from docparse.hangul import is_hangul
from docparse.model import Word


def word(text: str, x0: float, x1: float, y0: float = 100, y1: float = 140, conf: float = 0.9):
    return Word(text=text, box=(x0, y0, x1, y1), confidence=conf, engine="tesseract")


# ---------------------------------------------------------------- merging


def test_broken_korean_word_is_joined_with_union_box_and_lowest_confidence() -> None:
    fragments = [
        word("거", 10, 50, conf=0.95),
        word("래", 54, 94),
        word("명세서", 96, 210, 98, 142),
    ]
    (joined,) = merge_hangul(fragments)
    assert joined.text == "거래명세서"
    assert joined.box == (10, 98, 210, 142)
    assert joined.confidence == 0.9
    assert joined.engine == "tesseract"


def test_korean_words_a_real_space_apart_stay_apart() -> None:
    # 0.4 text heights apart: a space between words, not a break inside one
    words = [word("서울특별시", 10, 210), word("마포구", 226, 346)]
    assert merge_hangul(words) == words


def test_english_words_are_never_joined() -> None:
    words = [
        word("Olive", 10, 90),
        word("Oil", 92, 140),
        word("No.", 145, 185),
        word("1", 186, 200),
    ]
    assert merge_hangul(words) == words


def test_a_number_joins_the_korean_unit_after_it_but_not_before_it() -> None:
    (days,) = merge_hangul([word("7", 150, 170), word("일", 171, 211)])
    assert days.text == "7일"
    apart = [word("사과", 10, 90), word("1kg", 92, 160)]
    assert merge_hangul(apart) == apart


def test_punctuation_does_not_stop_a_join() -> None:
    (joined,) = merge_hangul([word("가능", 10, 90), word("합니다.", 93, 223)])
    assert joined.text == "가능합니다."


def test_fragments_on_different_lines_stay_apart() -> None:
    upper = word("합계", 10, 90, 100, 140)
    lower = word("금액", 92, 172, 150, 190)
    assert merge_hangul([upper, lower]) == [upper, lower]


def test_overlapping_fragment_boxes_are_joined() -> None:
    # Tesseract often stretches the first syllable's box over the next one
    (joined,) = merge_hangul([word("승", 70, 151), word("인", 125, 170)])
    assert joined.text == "승인" and joined.box == (70, 100, 170, 140)


def test_a_word_starting_left_of_the_previous_one_is_not_its_continuation() -> None:
    words = [word("부가세", 300, 400), word("합계", 10, 90)]
    assert not joins(*words)
    assert merge_hangul(words) == words


def test_missing_confidences_do_not_break_the_join() -> None:
    left = word("가능", 10, 90).model_copy(update={"confidence": None})
    (joined,) = merge_hangul([left, word("합니다", 92, 212)])
    assert joined.confidence == 0.9
    both = [left, left.model_copy(update={"box": (92, 100, 172, 140)})]
    assert merge_hangul(both)[0].confidence is None


def test_breaks_inside_korean_text() -> None:
    assert is_hangul("거") and is_hangul("ㅋ") and not is_hangul("A") and not is_hangul("3")
    assert breaks_korean("거", "래") and breaks_korean("30", "롤") and breaks_korean("(주)미", "래")
    assert not breaks_korean("합계:", "금액") and not breaks_korean("금액", "1,000")
    assert not breaks_korean("", "래") and not breaks_korean("TEL", "번호")


def test_merge_keeps_other_words_and_order() -> None:
    words = [word("TEL", 0, 60), word("사", 70, 100), word("과", 102, 132), word("1kg", 150, 200)]
    assert [w.text for w in merge_hangul(words)] == ["TEL", "사과", "1kg"]
    assert merge_hangul([]) == []


# ---------------------------------------------------------------- segmentation choice

FLOWING_TEXT, FLOWING_IMAGE, HEADING_IMAGE, HORZ_LINE = 1, 9, 10, 12


def test_a_page_filed_as_one_picture_reads_as_a_photo() -> None:
    blocks = [(FLOWING_TEXT, (100, 100, 900, 300)), (FLOWING_IMAGE, (0, 0, 1000, 2000))]
    assert image_share(blocks, 1000, 2000) == 1.0
    assert reads_as_photo(blocks, 1000, 2000)


def test_a_logo_does_not_make_a_photo() -> None:
    blocks = [(HEADING_IMAGE, (50, 50, 250, 250)), (FLOWING_TEXT, (0, 300, 1000, 2000))]
    assert image_share(blocks, 1000, 2000) == pytest.approx(0.02)
    assert not reads_as_photo(blocks, 1000, 2000)


def test_text_and_rules_only_keep_the_layout_analysis() -> None:
    blocks = [(FLOWING_TEXT, (0, 0, 1000, 1000)), (HORZ_LINE, (0, 1000, 1000, 1010))]
    assert image_share(blocks, 1000, 2000) == 0.0
    assert not reads_as_photo(blocks, 1000, 2000)
    assert not reads_as_photo([], 1000, 2000)


def test_picture_regions_add_up_to_the_threshold() -> None:
    half = PHOTO_SHARE / 2
    blocks = [
        (FLOWING_IMAGE, (0, 0, 1000, 1000 * half)),
        (HEADING_IMAGE, (0, 500, 1000, 500 + 1000 * half)),
    ]
    assert image_share(blocks, 1000, 1000) == pytest.approx(PHOTO_SHARE)
    assert reads_as_photo(blocks, 1000, 1000)


def test_picture_block_types_are_tesseracts() -> None:
    tesserocr = pytest.importorskip("tesserocr")
    blocks = [
        (int(tesserocr.PT.PULLOUT_IMAGE), (0, 0, 10, 10)),
        (int(tesserocr.PT.TABLE), (0, 0, 10, 10)),
    ]
    assert image_share(blocks, 10, 20) == 0.5
    assert int(tesserocr.PT.FLOWING_IMAGE) == FLOWING_IMAGE
    assert int(tesserocr.PT.HEADING_IMAGE) == HEADING_IMAGE


@pytest.fixture(scope="module")
def photographed_receipt():
    """A synthetic receipt laid on a grey table and shot small, as a phone photo."""
    from docparse.evaluation.synth.degrade import backdrop, scale
    from docparse.evaluation.synth.pipeline import synthesize

    doc = scale(backdrop(synthesize("receipt", 7), 0.08, 110), 960)
    return doc.image.convert("RGB")


@pytest.fixture(scope="module")
def engine() -> TesseractEngine:
    status = SPEC.status(EngineOptions())
    assert status.available, f"Tesseract is required for the tests: {status.reason}"
    return TesseractEngine(find_tessdata(), "kor+eng")  # type: ignore[arg-type]


def read(engine: TesseractEngine, image, psm: int | None, merge: bool = False) -> list[Word]:
    engine.psm, engine.merge = psm, merge
    return engine.read(image)


def test_a_photographed_receipt_is_read_as_one_block(engine, photographed_receipt) -> None:
    assert reads_as_photo(engine.layout(photographed_receipt), *photographed_receipt.size)
    auto = [w.text for w in read(engine, photographed_receipt, None)]
    layout = [w.text for w in read(engine, photographed_receipt, 3)]
    block = [w.text for w in read(engine, photographed_receipt, 6)]
    assert auto == block
    assert len(block) > 1.5 * len(layout)  # PSM 3 skips the "picture"


def test_a_scanned_invoice_keeps_the_layout_analysis(engine) -> None:
    from docparse.evaluation.synth.pipeline import synthesize

    page = synthesize("invoice", 3).image.convert("RGB")
    assert not reads_as_photo(engine.layout(page), *page.size)


def test_pages_are_recognised_in_greyscale(engine, monkeypatch: pytest.MonkeyPatch) -> None:
    prepared, _ = engine.prepare(Image.new("RGB", (40, 20), "white"))
    assert prepared.mode == "L"
    (recognition,) = engine.recognize([prepared])
    assert recognition.words == []


def test_engine_words_have_boxes_and_confidences(engine, photographed_receipt) -> None:
    words = read(engine, photographed_receipt, None, merge=True)
    assert words
    width, height = photographed_receipt.size
    for w in words:
        x0, y0, x1, y1 = w.box
        assert 0 <= x0 <= x1 <= width and 0 <= y0 <= y1 <= height
        assert w.confidence is not None and 0 <= w.confidence <= 1
        assert w.engine == "tesseract"
    assert any(len(w.text) > 1 and all(map(is_hangul, w.text)) for w in words)


# ---------------------------------------------------------------- status


def test_missing_language_is_reported_with_its_package() -> None:
    assert find_tessdata() is not None, "Tesseract language data is required for the tests"
    status = SPEC.status(EngineOptions(lang="kor+xyz"))
    assert not status.available
    assert "xyz" in status.reason and "kor" not in status.reason.split(":")[-1]
    assert status.fix.startswith("apt-get install tesseract-ocr-xyz ")
    with pytest.raises(EngineUnavailable, match="tesseract-ocr-xyz"):
        SPEC.create(EngineOptions(lang="xyz"))


def test_empty_tessdata_folder_names_every_missing_model(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("TESSDATA_PREFIX", str(tmp_path))
    status = SPEC.status(EngineOptions())
    assert not status.available
    assert "kor, eng" in status.reason and str(tmp_path) in status.reason
    assert "tesseract-ocr-kor tesseract-ocr-eng" in status.fix
    assert f"kor.traineddata, eng.traineddata in {tmp_path}" in status.fix


def test_malformed_language_list(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("TESSDATA_PREFIX", str(tmp_path))
    status = SPEC.status(EngineOptions(lang="kor++eng"))
    assert not status.available and "malformed" in status.reason


def test_no_language_data_at_all(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("docparse.engines.tesseract_spec.find_tessdata", lambda: None)
    status = SPEC.status(EngineOptions())
    assert not status.available
    assert status.reason == "no Tesseract language data found"
    assert status.fix.startswith("apt-get install tesseract-ocr tesseract-ocr-kor")


def test_missing_binding(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "tesserocr", None)  # import fails
    status = SPEC.status(EngineOptions())
    assert not status.available
    assert status.fix == "pip install tesserocr"
    with pytest.raises(EngineUnavailable, match="pip install tesserocr"):
        SPEC.create(EngineOptions())


def test_language_fix_uses_debian_package_names(tmp_path: Path) -> None:
    assert language_fix(["chi_sim"], tmp_path).startswith("apt-get install tesseract-ocr-chi-sim ")


def test_installed_engine_is_available() -> None:
    status = SPEC.status(EngineOptions())
    assert status.available, status.reason
    assert status.reason is None and status.fix is None


def test_a_blank_page_gives_no_words_not_an_error() -> None:
    from PIL import Image

    from docparse.engines.tesseract_options import TesseractOptions as EngineOptions
    from docparse.engines.tesseract_spec import SPEC

    (result,) = SPEC.create(EngineOptions()).recognize([Image.new("RGB", (800, 600), "white")])
    assert result.words == []


# ---------------------------------------------------------------- middle dot


def test_the_korean_middle_dot_comes_back_as_punctuation_not_the_letter_araea() -> None:
    """Tesseract's Korean model reads the middle dot of "원고ㆍ피고" (as Korean word
    processors print it) as the letter ㆍ (U+318D), whose NFKC form joins the syllable before
    it: docparse writes the punctuation · (U+00B7)."""
    from PIL import ImageDraw, ImageFont

    from docparse.io.fonts import font_path

    font = ImageFont.truetype(str(font_path("gothic")), 32)
    image = Image.new("L", (400, 60), 255)
    ImageDraw.Draw(image).text((10, 10), "원고ㆍ피고", fill=0, font=font)
    engine = TesseractEngine(find_tessdata(), "kor+eng")
    text = " ".join(word.text for word in engine.read_line(image))
    assert "·" in text and "\u318d" not in text and "\u119e" not in text
    assert "원고" in text and "피고" in text


def test_a_bar_against_a_hangul_word_is_a_drawn_line_not_text() -> None:
    """A form's checkbox edge or a table border touching a word comes out "|원천기술형" or
    "보관|": the bar goes; a bar standing apart or between Latin letters stays."""
    from docparse.engines.tesseract import _without_rules

    def text(raw: str) -> str:
        return _without_rules(word(raw, 0, 10)).text

    assert text("|원천기술형") == "원천기술형"
    assert text("보관|") == "보관"
    assert text("||세계최초") == "세계최초"
    assert [text(raw) for raw in ("|", "a|b", "|ABC", "표|준")] == ["|", "a|b", "|ABC", "표|준"]


def test_a_middle_dot_joins_korean_words_as_one() -> None:
    """ "미국", "·", "유럽" read apart (the dot was once the letter ㆍ, which joined like Hangul)
    are one word "미국·유럽"; a dot after a number joins it too, Latin letters do not."""
    pieces = [word("미국", 10, 60), word("·", 62, 68), word("유럽", 70, 120)]
    assert [w.text for w in merge_hangul(pieces)] == ["미국·유럽"]
    assert breaks_korean("3", "·") and breaks_korean("·", "1절") is False
    assert breaks_korean("·", "절") and not breaks_korean("ABC", "·")


def test_a_word_of_a_line_ends_where_the_next_starts() -> None:
    """Tesseract's LSTM once boxed "상호:" of "상호: 한빛문구센터" across the whole line; a
    word read left to right ends before the next begins (and a box that does not reach the
    next word stays as read)."""
    read = [
        Word(text="상호:", box=(7, 7, 226, 31), confidence=0.92, engine="t"),
        Word(text="한빛문구센터", box=(80, 0, 228, 40), confidence=0.93, engine="t"),
        Word(text="1", box=(240, 5, 250, 35), confidence=0.9, engine="t"),
    ]
    assert [w.box for w in _ending_before_next(read)] == [
        (7, 7, 80, 31),
        (80, 0, 228, 40),
        (240, 5, 250, 35),
    ]
