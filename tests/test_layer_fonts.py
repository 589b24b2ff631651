"""A text layer whose font maps its glyphs to other characters (a wrong /ToUnicode CMap) is
well-formed gibberish that no character statistic can tell from text; the page's pixels
can. ``--text-layer auto`` reads a few pieces of each font by OCR and reads by OCR the pages
set in a font that does not read as its layer says. Every PDF is generated here: its
ToUnicode CMap rewritten with each character shifted, as a broken map shifts them."""

from __future__ import annotations

import re
from collections.abc import Sequence
from pathlib import Path

import pymupdf
import pytest
from PIL import Image

from docparse.engines.registry import create_engine
from docparse.io import layer_fonts
from docparse.io.layer_fonts import FontVerdicts, agreement
from docparse.pipeline import ParseOptions, Parser
from docparse.strip_reading import read_strip

FONT = Path("/usr/share/fonts/truetype/nanum/NanumGothic.ttf")
LINES = [
    "임대차계약서 제1조 (목적) 임대인과 임차인은",
    "The tenant shall pay the monthly rent",
    "on the first day of each month.",
    "보증금 일금 오천만원정 계약기간은 2년으로 한다.",
]


def text_pdf(path: Path, lines: Sequence[str] = LINES, pages: int = 1) -> Path:
    document = pymupdf.open()
    for _ in range(pages):
        page = document.new_page(width=420, height=200)
        for row, line in enumerate(lines):
            page.insert_text(
                (20, 40 + 26 * row), line, fontsize=12, fontfile=str(FONT), fontname="F0"
            )
    document.save(path)
    document.close()
    return path


def mismapped(source: Path, path: Path, shift: int = 3) -> Path:
    """``source`` with every destination of its fonts' ToUnicode CMaps moved by ``shift``
    code points: the glyphs still show the text, the layer extracts other letters."""

    def moved(match: re.Match[str]) -> str:
        *codes, destination = match.groups()
        return " ".join(f"<{code}>" for code in codes) + f" <{int(destination, 16) + shift:04x}>"

    document = pymupdf.open(source)
    for xref in range(1, document.xref_length()):
        found = re.search(r"/ToUnicode (\d+) 0 R", document.xref_object(xref))
        if found:
            cmap_xref = int(found.group(1))
            cmap = document.xref_stream(cmap_xref).decode()
            cmap = re.sub(
                r"<([0-9a-f]{4})> <([0-9a-f]{4})> <([0-9a-f]{4})>", moved, cmap, flags=re.I
            )
            cmap = re.sub(r"^<([0-9a-f]{4})> <([0-9a-f]{4})>$", moved, cmap, flags=re.I | re.M)
            document.update_stream(cmap_xref, cmap.encode())
    document.save(path)
    document.close()
    return path


def parsed(path: Path, **options: object):  # type: ignore[no-untyped-def]
    with Parser(ParseOptions(**options)) as parser:  # type: ignore[arg-type]
        return parser.parse(path)


def test_the_generated_map_is_wrong_and_looks_like_text(tmp_path: Path) -> None:
    broken = mismapped(text_pdf(tmp_path / "good.pdf"), tmp_path / "broken.pdf")
    with pymupdf.open(broken) as document:
        text = document[0].get_text()
    assert "tenant" not in text and "whqdqw" in text  # every letter three on
    assert not re.search(r"[\ufffd\ue000-\uf8ff]", text)  # nothing the old checks see


def test_a_mismapped_font_is_read_by_ocr_with_a_warning(tmp_path: Path) -> None:
    broken = mismapped(text_pdf(tmp_path / "good.pdf"), tmp_path / "broken.pdf")
    page = parsed(broken).pages[0]
    assert page.source == "ocr"
    assert any("does not read as the page shows" in warning for warning in page.warnings)
    assert "tenant" in page.text and "보증금" in page.text


def test_hangul_mapped_to_other_syllables_is_found(tmp_path: Path) -> None:
    korean = [
        "임대인과 임차인은 다음과 같이 계약한다",
        "보증금 일금 오천만원정",
        "계약기간은 2년으로 한다",
    ]
    good = text_pdf(tmp_path / "good.pdf", korean)
    broken = mismapped(good, tmp_path / "broken.pdf", shift=5)
    page = parsed(broken).pages[0]
    assert page.source == "ocr" and "보증금" in page.text


def test_a_right_map_keeps_the_text_layer(tmp_path: Path) -> None:
    page = parsed(text_pdf(tmp_path / "good.pdf")).pages[0]
    assert page.source == "text_layer" and not page.warnings
    assert "The tenant shall pay" in page.text


def test_always_uses_the_layer_unchecked(tmp_path: Path) -> None:
    broken = mismapped(text_pdf(tmp_path / "good.pdf"), tmp_path / "broken.pdf")
    page = parsed(broken, text_layer="always").pages[0]
    assert page.source == "text_layer" and "whqdqw" in page.text


class Reader:
    """Reads each piece as ``answer`` gives it from the piece's image, counting calls."""

    def __init__(self, answer: tuple[str, float] | None) -> None:
        self.answer = answer
        self.calls = 0

    def __call__(self, images: Sequence[Image.Image]) -> list[tuple[str, float]] | None:
        self.calls += 1
        return None if self.answer is None else [self.answer] * len(images)


def test_a_font_is_judged_once_per_document(tmp_path: Path) -> None:
    path = text_pdf(tmp_path / "three.pdf", ["the tenant shall pay"], pages=3)
    reader = Reader(("the tenant shall pay", 0.99))
    verdicts = FontVerdicts(reader)
    with pymupdf.open(path) as document:
        assert [verdicts.problem(page) for page in document] == [None, None, None]
    assert reader.calls == 1 and set(verdicts.verdicts.values()) == {True}


def test_unsure_readings_leave_the_font_unjudged(tmp_path: Path) -> None:
    """A piece the engine cannot read (white on a pale fill) says nothing about the map:
    after ``TRIES`` pages of unsure readings the font is left unjudged, the layer used."""
    path = text_pdf(tmp_path / "pages.pdf", ["the tenant shall pay"], pages=layer_fonts.TRIES + 1)
    reader = Reader(("zzzz qqqq", 0.3))
    verdicts = FontVerdicts(reader)
    with pymupdf.open(path) as document:
        assert all(verdicts.problem(page) is None for page in document)
    assert reader.calls == layer_fonts.TRIES and set(verdicts.verdicts.values()) == {None}


def test_an_engine_that_cannot_read_leaves_the_layer_in_use(tmp_path: Path) -> None:
    broken = mismapped(text_pdf(tmp_path / "good.pdf"), tmp_path / "broken.pdf")
    verdicts = FontVerdicts(Reader(None))
    with pymupdf.open(broken) as document:
        assert verdicts.problem(document[0]) is None


def test_sure_readings_of_other_text_mark_the_font_mismapped(tmp_path: Path) -> None:
    path = text_pdf(tmp_path / "one.pdf", ["the tenant shall pay"])
    verdicts = FontVerdicts(Reader(("completely other words", 0.99)))
    with pymupdf.open(path) as document:
        problem = verdicts.problem(document[0])
    assert problem is not None and "a wrong Unicode map" in problem


def test_characters_stacked_on_one_spot_are_not_sampled() -> None:
    """A form's field drawn clipped: its characters all at one point show none of them."""
    stacked = [{"c": ch, "origin": (10.0, 20.0), "bbox": (10, 12, 14, 22)} for ch in "COMPLETE"]
    laid_out = [
        {"c": ch, "origin": (10.0 + 5 * i, 20.0), "bbox": (10 + 5 * i, 12, 15 + 5 * i, 22)}
        for i, ch in enumerate("COMPLETE")
    ]
    assert layer_fonts._first_words(stacked, (1.0, 0.0)) is None
    assert layer_fonts._first_words(laid_out, (1.0, 0.0)) is not None


def test_agreement_is_of_letters_and_digits_case_folded() -> None:
    assert agreement("The Tenant, 2024.", "the tenant 2024") == 1.0
    assert agreement("Wkh whqdqw", "The tenant") < 0.3


@pytest.mark.parametrize("engine", ["ppocr", "tesseract"])
def test_a_strip_gives_each_piece_its_own_reading(tmp_path: Path, engine: str) -> None:
    """Each piece gets what was read in it; the default engine reads all three right, and
    any engine's reading of a piece is right or unsure (Tesseract's engine, which sizes
    what it reads as a page, reads the short Hangul piece unsurely): a sure wrong reading
    would call a right font mismapped."""
    path = text_pdf(tmp_path / "pieces.pdf", ["Invoice", "monthly rent", "보증금 일금"])
    with pymupdf.open(path) as document:
        page = document[0]
        drawing = page.get_displaylist()
        runs = [
            run for found in layer_fonts.samples(page, {"NanumGothic"}).values() for run in found
        ]
        images = [layer_fonts.render_run(drawing, run) for run in runs]
    reader = create_engine(engine, {})
    try:
        readings = read_strip(reader, images)
    finally:
        reader.close()
    agreements = [agreement(run.text, read.text) for run, read in zip(runs, readings, strict=True)]
    assert agreements[:2] == [1.0, 1.0]
    if engine == "ppocr":
        assert agreements[2] == 1.0
    assert all(
        agree == 1.0 or read.confidence < layer_fonts.SURE
        for agree, read in zip(agreements, readings, strict=True)
    )


class Type3Page:
    """A page as a court portal's PDF gives it: each few glyphs in a Type 3 font of their
    own (only what :func:`layer_fonts.samples` reads of a page)."""

    rotation_matrix = pymupdf.Matrix(1, 0, 0, 1, 0, 0)
    rect = pymupdf.Rect(0, 0, 400, 200)

    def get_text(self, kind: str, flags: int = 0) -> dict:
        spans, x = [], 10.0
        for number, text in enumerate(["상고를 ", "기각한다", ". 상고비용은"]):
            chars = []
            for ch in text:
                chars.append({"c": ch, "origin": (x, 30.0), "bbox": (x, 21.0, x + 9, 32.0)})
                x += 9
            spans.append({"font": f"Type3 ({7 + number} 0 R)", "chars": chars, "text": text})
        return {"blocks": [{"lines": [{"dir": (1.0, 0.0), "spans": spans}]}]}


def test_type3_fonts_are_judged_together() -> None:
    """Judged one by one, no Type 3 font of such a page holds a piece long enough to read;
    together, the line's run of them is one piece."""
    assert layer_fonts.font_key("Type3 (11 0 R)") == layer_fonts.font_key("Type3 (7 0 R)")
    assert layer_fonts.font_key("NanumGothic") == "NanumGothic"
    found = layer_fonts.samples(Type3Page(), {layer_fonts.TYPE3})  # type: ignore[arg-type]
    (piece,) = found[layer_fonts.TYPE3]
    assert piece.text == "상고를 기각한다. 상고비용은"
