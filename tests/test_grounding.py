"""Finding a phrase: fuzzy, Korean-aware search over OCR words, and the CLI."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from docparse.cli.app import app
from docparse.grounding import find_in_document
from docparse.model import Document, Page, Word
from docparse.reading_order import build_blocks

SAMPLES = Path(__file__).resolve().parent.parent / "samples"


def document_of(words: list[tuple[str, tuple[float, float, float, float]]]) -> Document:
    placed = [Word(text=text, box=box, engine="test") for text, box in words]
    page = Page(index=0, width=1000, height=500, source="ocr", blocks=build_blocks(placed, 0))
    return Document(source="x.png", sha256="0" * 64, page_count=1, engine="test", pages=[page])


DOCUMENT = document_of(
    [
        ("거", (100, 100, 130, 130)),
        ("래", (132, 100, 162, 130)),
        ("명세서", (164, 100, 254, 130)),
        ("합계", (100, 300, 160, 330)),
        ("금액", (170, 300, 230, 330)),
        ("45,000원", (600, 300, 740, 330)),
        ("Grand", (100, 400, 180, 430)),
        ("TOTAL", (190, 400, 270, 430)),
    ]
)


def test_split_hangul_words_are_found_as_one_phrase() -> None:
    (match,) = find_in_document(DOCUMENT, "거래명세서")
    assert match.text == "거 래 명세서"
    assert match.box == (100, 100, 254, 130)
    assert match.score == 100


def test_only_the_words_of_the_phrase_make_the_box() -> None:
    (match,) = find_in_document(DOCUMENT, "합계 금액")
    assert match.box == (100, 300, 230, 330)  # not the amount further along the line


def test_case_and_spacing_are_ignored_and_typos_tolerated() -> None:
    assert find_in_document(DOCUMENT, "grand total")[0].text == "Grand TOTAL"
    (fuzzy,) = find_in_document(DOCUMENT, "Grand Totl", min_score=80)
    assert fuzzy.text == "Grand TOTAL" and 80 <= fuzzy.score < 100


def test_a_number_matches_only_its_own_digits() -> None:
    dated = document_of(
        [
            ("작성일자", (100, 100, 220, 130)),
            ("2025-03-05", (240, 100, 400, 130)),
            ("합계", (100, 300, 160, 330)),
            ("145,000원", (600, 300, 740, 330)),
        ]
    )
    assert find_in_document(dated, "2025-03-05")[0].score == 100
    assert find_in_document(dated, "2025-03-06") == []  # alike but for one digit
    assert find_in_document(dated, "작성일자 2025-03-06") == []
    assert find_in_document(dated, "45,000원") == []  # a part of 145,000
    assert find_in_document(dated, "145,000원")[0].text == "145,000원"
    assert find_in_document(DOCUMENT, "합계 금액 45,000")[0].text == "합계 금액 45,000원"


def test_absent_phrase_gives_nothing() -> None:
    assert find_in_document(DOCUMENT, "부가세") == []
    assert find_in_document(DOCUMENT, "   ") == []


def test_find_cli_on_a_born_digital_pdf() -> None:
    runner = CliRunner()
    result = runner.invoke(
        app, ["find", str(SAMPLES / "two_column.pdf"), "Reading Order", "--out", "json"]
    )
    assert result.exit_code == 0, result.output
    matches = json.loads(result.stdout)
    assert matches[0]["text"] == "Reading Order" and matches[0]["page"] == 1
    x0, y0, x1, y1 = matches[0]["box"]
    assert x0 < x1 and y0 < y1 and y1 < 400  # the title, at the top of the page
    missing = runner.invoke(app, ["find", str(SAMPLES / "two_column.pdf"), "존재하지않는문구"])
    assert missing.exit_code == 1
    assert "not found" in missing.stdout


def test_a_phrase_running_onto_the_next_line_is_found_once() -> None:
    """ "왼쪽 단의" ends one line and "글은 위에서" begins the next (samples/two_column.pdf):
    found as one place whose box spans both lines; the line alone that holds the end of a
    phrase is not a second, partial match."""
    wrapped = document_of(
        [
            ("이", (100, 100, 130, 130)),
            ("문단은", (140, 100, 230, 130)),
            ("왼쪽", (240, 100, 300, 130)),
            ("단의", (310, 100, 370, 130)),
            ("글은", (100, 140, 160, 170)),
            ("위에서", (170, 140, 260, 170)),
            ("아래로", (270, 140, 360, 170)),
            ("This", (100, 300, 160, 330)),
            ("sentence", (100, 340, 220, 370)),
            ("belongs", (230, 340, 330, 370)),
            ("to", (340, 340, 370, 370)),
            ("the", (380, 340, 420, 370)),
            ("left", (430, 340, 480, 370)),
            ("column.", (490, 340, 580, 370)),
        ]
    )
    (match,) = find_in_document(wrapped, "왼쪽 단의 글은 위에서")
    assert match.text == "왼쪽 단의 글은 위에서" and match.score == 100
    assert match.box == (100, 100, 370, 170)
    (whole,) = find_in_document(wrapped, "This sentence belongs to the left column")
    assert whole.text == "This sentence belongs to the left column." and whole.score == 100


def test_a_line_shorter_than_the_phrase_is_no_match() -> None:
    """A line holding only the end of a phrase aligns inside it with a high score."""
    short = document_of([("belongs", (230, 340, 330, 370)), ("to", (340, 340, 370, 370))])
    assert find_in_document(short, "This sentence belongs to the left column") == []
