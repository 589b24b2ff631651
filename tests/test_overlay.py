"""Overlay PNGs and ``docparse show``: page-sized pictures, word boxes in confidence colours."""

from __future__ import annotations

from pathlib import Path

import pytest
from handmade import (
    INVOICE,
    RECEIPT,
    TWO_COLUMN,
    block,
    document,
    line,
    line_running_up,
    page,
    receipt_document,
)
from PIL import Image
from typer.testing import CliRunner

from docparse.cli.app import app
from docparse.formats.overlay import HIGH, LOW, MIDDLE, NO_CONFIDENCE, confidence_colour
from docparse.formats.registry import FORMATS
from docparse.model import Document

OVERLAY = FORMATS["overlay"]


def _edge_colour(image: Image.Image, box: tuple[float, ...]) -> tuple[int, ...]:
    x0, y0, _, y1 = (round(v) for v in box)
    return image.getpixel((x0, (y0 + y1) // 2))


def test_confidence_colours() -> None:
    assert confidence_colour(None) == NO_CONFIDENCE
    assert (confidence_colour(0.0), confidence_colour(0.5), confidence_colour(1.0)) == (
        LOW,
        MIDDLE,
        HIGH,
    )
    quarter = confidence_colour(0.25)
    assert quarter == tuple(round((a + b) / 2) for a, b in zip(LOW, MIDDLE, strict=True))


def test_image_page_overlay(tmp_path: Path) -> None:
    doc = receipt_document()
    OVERLAY.write(doc, tmp_path / "receipt.png")
    assert [p.name for p in tmp_path.iterdir()] == ["receipt.png"]
    image = Image.open(tmp_path / "receipt.png").convert("RGB")
    assert image.size == (506, 960)
    for word in doc.words():
        assert _edge_colour(image, word.box) == confidence_colour(word.confidence)
    untouched = Image.open(RECEIPT).convert("RGB").getpixel((5, 5))
    assert image.getpixel((5, 5)) == untouched


def _tiff_of_two_frames(path: Path) -> Path:
    frame = Image.open(RECEIPT).convert("RGB")
    frame.save(path, save_all=True, append_images=[frame.rotate(180)])
    return path


def test_several_pages_make_a_file_each(tmp_path: Path) -> None:
    source = _tiff_of_two_frames(tmp_path / "scan.tif")
    words = [line(("첫", (100, 100, 200, 150), 0.9)), line(("둘", (300, 400, 380, 460), 0.1))]
    doc = document(
        source,
        page(0, 506, 960, block("p1-b1", words[0])),
        page(1, 506, 960, block("p2-b1", words[1])),
    )
    target = tmp_path / "out" / "scan.png"
    target.parent.mkdir()
    assert [p.name for _, p in OVERLAY.parts(doc, target)] == ["scan-p1.png", "scan-p2.png"]
    OVERLAY.write(doc, target)
    assert sorted(p.name for p in target.parent.iterdir()) == ["scan-p1.png", "scan-p2.png"]
    for number, word_line in enumerate(words, start=1):
        image = Image.open(target.parent / f"scan-p{number}.png").convert("RGB")
        assert image.size == (506, 960)
        word = word_line.words[0]
        assert _edge_colour(image, word.box) == confidence_colour(word.confidence)


def test_pdf_page_is_rendered_at_its_dpi(tmp_path: Path) -> None:
    doc = document(
        INVOICE,
        page(0, 1240, 1754, block("p1-b1", line(("INVOICE", (420, 180, 680, 220), 0.7))), dpi=150),
    )
    OVERLAY.write(doc, tmp_path / "invoice.png")
    image = Image.open(tmp_path / "invoice.png").convert("RGB")
    assert image.size == (1240, 1754)
    assert _edge_colour(image, (420, 180, 680, 220)) == confidence_colour(0.7)


def test_show_command_writes_the_pages(tmp_path: Path) -> None:
    result = CliRunner().invoke(
        app, ["show", str(TWO_COLUMN), "-o", str(tmp_path), "--engine", "tesseract"]
    )
    assert result.exit_code == 0, result.output
    written = tmp_path / "two_column.png"
    assert result.stdout.strip() == str(written)
    doc = Document.model_validate_json(
        CliRunner().invoke(app, ["ocr", str(TWO_COLUMN), "-q", "--engine", "tesseract"]).stdout
    )
    image = Image.open(written).convert("RGB")
    assert image.size == (doc.pages[0].width, doc.pages[0].height)
    first = next(doc.words())
    assert _edge_colour(image, first.box) == NO_CONFIDENCE


@pytest.mark.parametrize(
    ("file", "engine", "code"),
    [("missing.pdf", "tesseract", 1), (str(TWO_COLUMN), "no-such-engine", 2)],
)
def test_show_errors_are_one_line(tmp_path: Path, file: str, engine: str, code: int) -> None:
    result = CliRunner().invoke(app, ["show", file, "-o", str(tmp_path), "--engine", engine])
    assert result.exit_code == code
    assert result.output.count("\n") == 1 and result.output.startswith("error:")
    assert not list(tmp_path.iterdir())


def test_ocr_overlay_of_a_multi_page_document_writes_a_png_per_page(tmp_path: Path) -> None:
    import pymupdf
    from typer.testing import CliRunner

    from docparse.cli.app import app

    pdf = pymupdf.open()
    for n in range(2):
        pdf.new_page().insert_text((72, 72), f"overlay page {n + 1} words here", fontsize=12)
    pdf.save(tmp_path / "two.pdf")
    out = tmp_path / "out"
    result = CliRunner().invoke(
        app, ["ocr", str(tmp_path / "two.pdf"), "--out", "overlay", "-o", str(out), "-q"]
    )
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in out.iterdir()) == ["two-p1.png", "two-p2.png"]


def _two_page_pdf(path: Path, words: str = "overlay page") -> Path:
    import pymupdf

    pdf = pymupdf.open()
    for n in range(2):
        pdf.new_page().insert_text((72, 72), f"{words} {n + 1} words here", fontsize=12)
    pdf.save(path)
    return path


def test_a_chosen_page_of_several_is_named_by_its_number(tmp_path: Path) -> None:
    source = _tiff_of_two_frames(tmp_path / "scan.tif")
    second = page(1, 506, 960, block("p2-b1", line(("둘", (300, 400, 380, 460), 0.1))))
    chosen = document(source, second).model_copy(update={"page_count": 2})
    assert [p.name for _, p in OVERLAY.parts(chosen, tmp_path / "scan.png")] == ["scan-p2.png"]
    assert OVERLAY.write(chosen, tmp_path / "scan.png") == [tmp_path / "scan-p2.png"]


def test_the_guards_know_the_page_files(tmp_path: Path) -> None:
    from docparse.formats.registry import OutputNames

    out = tmp_path / "out"
    out.mkdir()
    for name in ("x-p1.png", "x-p12.png", "x-p.png", "xx-p1.png", "x-p3.json", ".x-p1.png"):
        (out / name).touch()
    found = {p.name for p in OVERLAY.may_write([out / "x.png"])}
    assert found == {"x.png", "x-p1.png", "x-p12.png"}
    assert {p.name for p in OVERLAY.may_write([out / "x.png"], "2-11")} == {"x.png"}
    assert [p.name for p in FORMATS["json"].may_write([out / "x.json"])] == ["x.json"]
    names = OutputNames([FORMATS["json"], OVERLAY], ["a", "b-p2"])
    assert names.clashes("a-p1") and names.clashes("b") and names.clashes("a")
    assert not names.clashes("a-p1-2") and not names.clashes("b-p3")
    assert not OutputNames([FORMATS["json"]], ["a"]).clashes("a-p1")


def test_ocr_overlay_page_files_are_not_replaced_unasked(tmp_path: Path) -> None:
    first = _two_page_pdf(tmp_path / "first.pdf")
    other = _two_page_pdf(tmp_path / "other.pdf", "another document")
    out = tmp_path / "out"

    def ocr(*args: str) -> int:
        result = CliRunner().invoke(app, ["ocr", *args, "-q"])
        assert "Traceback" not in result.output
        return result.exit_code

    assert ocr(str(first), "-o", str(out / "x.png")) == 0
    assert sorted(p.name for p in out.iterdir()) == ["x-p1.png", "x-p2.png"]
    before = (out / "x-p1.png").read_bytes()
    assert ocr(str(other), "-o", str(out / "x.png")) == 2
    assert (out / "x-p1.png").read_bytes() == before
    assert ocr(str(other), "-o", str(out / "x.png"), "--overwrite") == 0
    assert (out / "x-p1.png").read_bytes() != before
    # a file of the user's that has a page file's name
    mine = tmp_path / "mine"
    mine.mkdir()
    (mine / "first-p1.png").write_bytes(b"the user's own picture")
    assert ocr(str(first), "--out", "overlay", "-o", f"{mine}/") == 2
    assert (mine / "first-p1.png").read_bytes() == b"the user's own picture"
    # two inputs of one run whose overlays would share a file
    inputs = tmp_path / "in"
    inputs.mkdir()
    _two_page_pdf(inputs / "a.pdf")
    Image.open(RECEIPT).save(inputs / "a-p1.png")
    both = tmp_path / "both"
    assert ocr(
        str(inputs / "a.pdf"), str(inputs / "a-p1.png"), "--out", "overlay", "-o", f"{both}/"
    ) in (0, 1)
    # each keeps its suffix, as in batch (numbered, a-p1.png held a.pdf's page 1)
    assert sorted(p.name for p in both.iterdir()) == [
        "a-p1.png.png",
        "a.pdf-p1.png",
        "a.pdf-p2.png",
    ]
    assert Image.open(both / "a-p1.png.png").size == Image.open(RECEIPT).size


def test_show_names_a_chosen_page_and_keeps_files_already_there(tmp_path: Path) -> None:
    source = _two_page_pdf(tmp_path / "two.pdf")
    out = tmp_path / "out"

    def show(*args: str) -> tuple[int, str]:
        command = ["show", str(source), "-o", str(out), "--engine", "tesseract", *args]
        result = CliRunner().invoke(app, command)
        return result.exit_code, result.output

    assert show("--pages", "2") == (0, f"{out / 'two-p2.png'}\n")
    second = (out / "two-p2.png").read_bytes()
    assert show("--pages", "1")[0] == 0
    assert sorted(p.name for p in out.iterdir()) == ["two-p1.png", "two-p2.png"]
    assert (out / "two-p2.png").read_bytes() == second
    code, output = show("--pages", "2")
    assert code == 2 and "two-p2.png exists: use --overwrite" in output
    assert show("--pages", "2", "--overwrite")[0] == 0


def test_line_numbers_of_a_line_running_down_the_page_are_sized_by_its_thickness(
    tmp_path: Path,
) -> None:
    from docparse.formats.overlay import LINE_NUMBER, draw

    standing = page(0, 506, 960, block("p1-b1", line_running_up("세로로", "쓴 줄")))
    image = draw(standing, Image.new("RGB", (506, 960), "white"))
    pixels = [
        (x, y) for y in range(960) for x in range(506) if image.getpixel((x, y)) == LINE_NUMBER
    ]
    assert pixels, "the line's number is drawn"
    tall = max(y for _, y in pixels) - min(y for _, y in pixels)
    assert tall <= 30, tall  # the box is 400 tall: the number was drawn ~300 pixels tall
