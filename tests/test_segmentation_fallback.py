"""No silent collapse and no junk from pictures (issue 12 items 4-5)."""

from __future__ import annotations

from pathlib import Path

from PIL import Image, ImageDraw

from docparse.engines.base import Engine, Recognition
from docparse.engines.ink_coverage import best_reading, coverage, text_cells
from docparse.model import Word
from docparse.pipeline import ParseOptions, Parser


def lines_page() -> tuple[Image.Image, list[Word]]:
    """A page of ten dark text-like bars and a word box over each."""
    image = Image.new("L", (800, 600), 255)
    draw = ImageDraw.Draw(image)
    words = []
    for row in range(10):
        top = 30 + row * 55
        for left in range(40, 700, 12):  # letter-like strokes
            draw.rectangle((left, top, left + 5, top + 24), fill=0)
        words.append(
            Word(text=f"line{row}", box=(40, top, 700, top + 24), confidence=0.9, engine="t")
        )
    return image, words


def test_coverage_counts_the_ink_the_words_cover() -> None:
    image, words = lines_page()
    cells = text_cells(image)
    assert coverage(cells, words) > 0.95
    assert 0.15 < coverage(cells, words[:3]) < 0.45
    assert coverage(cells, []) == 0.0


def test_a_reading_that_lost_most_lines_is_replaced_and_warned() -> None:
    image, words = lines_page()
    asked = []

    def reader(name: str, found: list[Word]):
        return lambda: asked.append(name) or found

    others = {
        "single block": reader("single block", words),
        "sparse text": reader("sparse text", words[:2]),
    }
    found, warnings = best_reading(image, words[:2], others)
    assert found == words and asked == ["single block", "sparse text"]
    assert len(warnings) == 1 and "single block" in warnings[0]


def test_a_full_reading_is_kept_without_a_second_look() -> None:
    image, words = lines_page()
    found, warnings = best_reading(image, words, {"other": lambda: 1 / 0})  # never called
    assert found == words and warnings == []


def test_a_reading_nothing_improves_is_kept_with_a_warning() -> None:
    image, words = lines_page()
    found, warnings = best_reading(image, words[:2], {"other": lambda: []})
    assert found == words[:2]
    assert "text may be missing" in warnings[0]


class FixedEngine(Engine):
    """Gives the same words, with the confidences given, for every page."""

    name = "fixed"
    capabilities = frozenset({"ocr"})
    pages_per_call = 1

    def __init__(self, words: list[Word]) -> None:
        self.words = words

    def recognize(self, images: list[Image.Image]) -> list[Recognition]:
        return [Recognition(words=self.words) for _ in images]


def test_min_confidence_drops_words_read_less_surely(tmp_path: Path) -> None:
    path = tmp_path / "page.png"
    Image.new("L", (400, 300), 255).save(path)
    words = [
        Word(text="sure", box=(10, 10, 60, 30), confidence=0.95, engine="fixed"),
        Word(text="maybe", box=(70, 10, 130, 30), confidence=0.55, engine="fixed"),
        Word(text="junk", box=(140, 10, 190, 30), confidence=0.2, engine="fixed"),
    ]
    for threshold, kept in [
        (0.0, ["sure", "maybe", "junk"]),
        (0.5, ["sure", "maybe"]),
        (0.9, ["sure"]),
    ]:
        options = ParseOptions(min_confidence=threshold)
        document = Parser(options, engine=FixedEngine(words)).parse(path)  # type: ignore[arg-type]
        assert [word.text for word in document.words()] == kept


def word(text: str, confidence: float) -> Word:
    return Word(text=text, box=(0, 0, 10, 10), confidence=confidence, engine="tesseract")


def test_unsure_marks_and_latin_guesses_on_a_hangul_page_are_dropped() -> None:
    from docparse.engines.junk_words import drop_junk

    page = [
        word("대법원", 0.97),
        word("판결", 0.96),
        word("|", 0.5),
        word("pal", 0.13),
        word("mz", 0.69),
        word("TEL", 0.95),
        word("2023.", 0.96),
        word("—", 0.95),
    ]
    assert [w.text for w in drop_junk(page)] == ["대법원", "판결", "TEL", "2023.", "—"]


def test_english_pages_keep_their_unsure_words() -> None:
    from docparse.engines.junk_words import drop_junk

    page = [word("Invoice", 0.95), word("tota1", 0.4), word("=", 0.3), word("due", 0.9)]
    assert [w.text for w in drop_junk(page)] == ["Invoice", "tota1", "due"]
