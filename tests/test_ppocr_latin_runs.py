"""Latin words inside Hangul lines: Tesseract's unsure Korean-model reading of them is read
again by PP-OCR (docparse/engines/ppocr/latin_runs.py)."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from docparse.engines.ppocr.latin_runs import doubted_runs, read_latin_runs, read_lone_syllables
from docparse.engines.ppocr.lines import LineStrip
from docparse.engines.ppocr.recognizer import ReadLine, ReadWord
from docparse.model import Word

HEIGHT = 20


def word(text: str, x0: float, x1: float, confidence: float) -> Word:
    return Word(text=text, box=(x0, 4, x1, 4 + HEIGHT), confidence=confidence, engine="t")


def test_an_unsure_word_is_joined_by_the_pieces_beside_it_not_by_the_next_column() -> None:
    # "LED 전구 10W ... 9,600": the Korean model read LED as "내 0"
    words = [
        word("내", 10, 30, 0.36),
        word("0", 33, 45, 0.66),
        word("전구", 55, 95, 0.94),
        word("9,600", 300, 360, 1.0),
    ]
    assert doubted_runs(words) == [(0, 2), (3, 4)]  # the amount is read again on its own
    # "볼펜 0.5mm ... 1,200": the amount a column away stays out of the run
    words = [word("볼펜", 10, 50, 0.93), word("0.5000ㅠ", 58, 120, 0.14)]
    words.append(word("1,200", 260, 320, 1.0))
    assert doubted_runs(words) == [(1, 2), (2, 3)]


def test_sure_hangul_sure_letters_and_sure_punctuation_start_no_run() -> None:
    words = [word("생수", 10, 50, 0.92), word("·", 58, 62, 0.90), word("냉장", 90, 140, 0.95)]
    assert doubted_runs(words) == []
    words = [word("생수", 10, 50, 0.92), word("ml", 58, 80, 0.90), word("냉장", 120, 160, 0.95)]
    assert doubted_runs(words) == []
    # a sure Hangul neighbour ends a run; a doubted Hangul one is part of it
    words = [word("가", 10, 30, 0.3), word("나", 33, 53, 0.2), word("다", 56, 76, 0.9)]
    assert doubted_runs(words) == [(0, 2)]


def test_digits_without_hangul_are_doubted_however_sure() -> None:
    # "GS25, CU" in a Hangul line: the Korean model read "6525, 00" at 0.93-0.95
    words = [word("편의점", 10, 70, 0.95), word("6525,", 80, 130, 0.95)]
    words += [word("00,", 136, 160, 0.93), word("미니스톱", 200, 280, 0.96)]
    assert doubted_runs(words) == [(1, 3)]
    words = [word("생수", 10, 50, 0.92), word("2L", 58, 80, 0.90), word("1,500", 90, 140, 1.0)]
    assert doubted_runs(words) == [(1, 3)]


def strip_with_ink(spans: Sequence[tuple[int, int]], width: int = 400, pad: int = 4) -> LineStrip:
    image = np.full((HEIGHT + 2 * pad, width, 3), 255, dtype=np.uint8)
    for x0, x1 in spans:
        image[pad + 3 : pad + HEIGHT - 3, x0:x1] = 0
    return LineStrip(image, np.eye(3), straight=True, pad=pad)


def reader(text: str, confidence: float) -> tuple[list[int], object]:
    calls: list[int] = []

    def read(images: Sequence[np.ndarray]) -> list[ReadLine]:
        calls.append(len(images))
        lines = []
        for image in images:
            width = image.shape[1]
            centres = tuple(float(x) for x in np.linspace(4, width - 4, max(1, width // 6)))
            words = [ReadWord(text, 4.0, width - 4.0, confidence)] if text else []
            lines.append(ReadLine(text, confidence, words, centres))
        return lines

    return calls, read


def test_a_run_read_surely_as_latin_replaces_the_korean_models_guess() -> None:
    strip = strip_with_ink([(10, 45), (55, 95)])
    words = [word("내", 10, 30, 0.36), word("0", 33, 45, 0.66), word("전구", 55, 95, 0.94)]
    calls, read = reader("LED", 0.97)
    kept = read_latin_runs(strip, words, read, "ppocr")  # type: ignore[arg-type]
    assert calls == [1]
    assert [w.text for w in kept] == ["LED", "전구"]
    assert kept[0].engine == "ppocr" and kept[0].confidence == 0.97
    assert kept[0].box[0] < 12 and 43 < kept[0].box[2] < 55  # on the run's columns


def test_a_lone_syllable_that_pp_ocr_reads_as_sure_capitals_is_that_word() -> None:
    # form-002 (realdocs dev): "AI 연계" read "시 연계" at 0.95; PP-OCR reads "AI" at 1.00
    strip = strip_with_ink([(10, 30), (40, 80)])
    words = [word("시", 10, 30, 0.95), word("연계", 40, 80, 0.97)]
    calls, read = reader("AI", 1.0)
    kept = read_lone_syllables(strip, words, read, "ppocr")  # type: ignore[arg-type]
    assert calls == [1] and [w.text for w in kept] == ["AI", "연계"]
    assert kept[0].engine == "ppocr" and kept[0].box[0] < 12 and kept[0].box[2] < 40
    # a true syllable reads as an ideograph, nothing, one letter, lower case, digits, or
    # capitals less surely: it stays
    for text, confidence in (("什", 1.0), ("", 0.0), ("T", 1.0), ("Ol", 1.0), ("0I", 1.0)):
        _, read = reader(text, confidence)
        assert read_lone_syllables(strip, words, read, "ppocr") == words  # type: ignore[arg-type]
    _, read = reader("AI", 0.97)
    assert read_lone_syllables(strip, words, read, "ppocr") == words  # type: ignore[arg-type]


def test_the_syllables_of_a_letter_spaced_title_are_not_read_again() -> None:
    # "대 법 원" (Baekmuk Gulim): "대" read alone gave "CH"
    strip = strip_with_ink([(10, 30), (60, 80), (110, 130)])
    words = [word("대", 10, 30, 0.95), word("법", 60, 80, 0.95), word("원", 110, 130, 0.95)]
    calls, read = reader("CH", 1.0)
    assert read_lone_syllables(strip, words, read, "ppocr") == words  # type: ignore[arg-type]
    assert calls == []
    # read "대 법원": the lone syllable stands a syllable's width from its neighbour
    strip = strip_with_ink([(10, 30), (50, 90)])
    words = [word("대", 10, 30, 0.95), word("법원", 50, 90, 0.95)]
    assert read_lone_syllables(strip, words, read, "ppocr") == words  # type: ignore[arg-type]
    assert calls == [1]


def test_a_run_pp_ocr_reads_unsurely_or_not_as_latin_keeps_tesseracts_words() -> None:
    strip = strip_with_ink([(10, 45), (55, 95)])
    words = [word("내", 10, 30, 0.36), word("0", 33, 45, 0.66), word("전구", 55, 95, 0.94)]
    for text, confidence in (("LED", 0.5), ("電", 0.99), ("", 0.0)):
        _, read = reader(text, confidence)
        assert read_latin_runs(strip, words, read, "ppocr") == words  # type: ignore[arg-type]


def test_a_run_whose_ink_pp_ocr_leaves_unread_keeps_tesseracts_words() -> None:
    # Hangul after all: PP-OCR emits a Latin letter at the start and nothing for the rest
    strip = strip_with_ink([(10, 120)])
    words = [word("가나다라", 10, 120, 0.3)]

    def read(images: Sequence[np.ndarray]) -> list[ReadLine]:
        return [ReadLine("A", 0.95, [ReadWord("A", 4.0, 14.0, 0.95)], (8.0,)) for _ in images]

    assert read_latin_runs(strip, words, read, "ppocr") == words


def test_a_sure_misreading_of_latin_as_digits_is_replaced() -> None:
    strip = strip_with_ink([(10, 70), (80, 130)])
    words = [word("편의점", 10, 70, 0.95), word("6525,", 80, 130, 0.95)]
    _, read = reader("GS25,", 0.98)
    kept = read_latin_runs(strip, words, read, "ppocr")  # type: ignore[arg-type]
    assert [w.text for w in kept] == ["편의점", "GS25,"]


def test_the_same_letters_and_digits_keep_tesseracts_words_and_punctuation() -> None:
    # PP-OCR drops the dash of "- 14:00" and reads "3, 4," as one word
    strip = strip_with_ink([(10, 50), (60, 70), (78, 130)])
    for texts, reading in ((["-", "14:00"], "14:00"), (["3,", "4,"], "3,4,")):
        words = [word("경기", 10, 50, 0.95), word(texts[0], 60, 70, 0.93)]
        words.append(word(texts[1], 78, 130, 0.9))
        _, read = reader(reading, 0.99)
        assert read_latin_runs(strip, words, read, "ppocr") == words  # type: ignore[arg-type]


def test_a_checkbox_read_as_brackets_is_pp_ocrs_box() -> None:
    strip = strip_with_ink([(10, 30), (40, 100)])
    words = [word("[", 10, 18, 0.3), word("|", 22, 30, 0.3), word("국제공동", 40, 100, 0.9)]
    _, read = reader("□", 0.97)
    kept = read_latin_runs(strip, words, read, "ppocr")  # type: ignore[arg-type]
    assert [w.text for w in kept] == ["□", "국제공동"]


def widths_read(reading: str) -> tuple[list[int], object]:
    """A reader of ``reading`` (sure, over the whole cut) that notes each cut's width."""
    seen: list[int] = []
    _, read = reader(reading, 0.99)

    def noting(images: Sequence[np.ndarray]) -> list[ReadLine]:
        seen.extend(image.shape[1] for image in images)
        return read(images)  # type: ignore[operator, no-any-return]

    return seen, noting


def test_a_number_whose_box_misses_its_first_or_last_digits_is_cut_from_its_ink() -> None:
    # "사업자 215-52-83391 대표": Tesseract boxed the number from its "5" to its last "1"
    # but one; the "2" and "1" stand 0.2 line heights apart, the word spaces are 0.5
    strip = strip_with_ink([(10, 60), (70, 76), (80, 84), (88, 180), (184, 190), (200, 240)])
    words = [word("사업자", 10, 60, 0.93), word("215-52-8339", 88, 180, 0.91)]
    words.append(word("대표", 200, 240, 0.9))
    seen, read = widths_read("215-52-83391")
    kept = read_latin_runs(strip, words, read, "ppocr")  # type: ignore[arg-type]
    assert seen == [190 + 4 - (70 - 4)]  # from the "2" to the "1", the strip's margin beside
    assert [w.text for w in kept] == ["사업자", "215-52-83391", "대표"]


def test_a_widened_cut_not_read_as_latin_is_read_again_on_the_runs_boxes() -> None:
    # "A4용지": the cut widened over the touching "용" reads "A4号"; the run's own box, "A4"
    strip = strip_with_ink([(10, 40), (42, 90)])
    words = [word("^4", 10, 40, 0.34), word("용지", 44, 90, 0.92)]
    seen: list[int] = []

    def read(images: Sequence[np.ndarray]) -> list[ReadLine]:
        seen.extend(image.shape[1] for image in images)
        text = "A4号" if image_is_wide(images[0]) else "A4"
        return reader(text, 0.95)[1](images)  # type: ignore[operator, no-any-return]

    def image_is_wide(image: np.ndarray) -> bool:
        return image.shape[1] > 40

    kept = read_latin_runs(strip, words, read, "ppocr")  # type: ignore[arg-type]
    assert seen == [44 + 4 - (10 - 4), 40 + 4 - (10 - 4)]
    assert [w.text for w in kept] == ["A4", "용지"]


def test_a_run_that_starts_with_hangul_is_not_widened_over_the_word_it_touches() -> None:
    # "자산에 80%": the doubted "에" touches "자산" with no gap; its cut stays on its own box
    strip = strip_with_ink([(10, 60), (60, 75), (85, 120)])
    words = [word("자산", 10, 60, 0.93), word("에", 61, 75, 0.49), word("80%", 85, 120, 0.92)]
    seen: list[int] = []

    def read(images: Sequence[np.ndarray]) -> list[ReadLine]:
        seen.extend(image.shape[1] for image in images)
        return [ReadLine("", 0.0, [], ()) for _ in images]

    read_latin_runs(strip, words, read, "ppocr")  # type: ignore[arg-type]
    assert seen == [120 + 4 - (61 - 4)]


def test_a_triangle_the_korean_model_read_as_hangul_is_read_again() -> None:
    """ "△6.9%" read "스6.9%" (the Korean model has no triangles) is doubted however sure; PP-OCR's
    reading replaces it only when it holds a triangle ("소6개" stays when it reads "6")."""
    strip = strip_with_ink([(10, 70), (80, 130)])
    words = [word("대비", 80, 130, 0.95)]
    for misread in ("스6.9%", "(ㅅ20.4)", "소3.2%"):
        assert doubted_runs([word(misread, 10, 70, 0.95), *words]) == [(0, 1)]
    assert doubted_runs([word("소6개", 10, 70, 0.95), *words]) == [(0, 1)]  # read again ...
    _, read = reader("△6.9%", 0.97)
    kept = read_latin_runs(strip, [word("스6.9%", 10, 70, 0.95), *words], read, "ppocr")  # type: ignore[arg-type]
    assert [w.text for w in kept] == ["△6.9%", "대비"]
    _, read = reader("6", 0.97)  # ... and kept when PP-OCR sees no triangle there
    kept = read_latin_runs(strip, [word("소6개", 10, 70, 0.95), *words], read, "ppocr")  # type: ignore[arg-type]
    assert [w.text for w in kept] == ["소6개", "대비"]
    assert doubted_runs([word("제3조", 10, 70, 0.95), *words]) == []  # other syllables: Hangul
