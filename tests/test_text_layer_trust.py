"""Text layers that lie (issue 12 item 7): ``--text-layer auto`` reads such pages by OCR and
says why; ``--text-layer redo`` replaces an old invisible layer in ``--out pdf``. Every PDF is
generated here."""

from __future__ import annotations

import io
from pathlib import Path

import pymupdf
import pytest
from PIL import Image, ImageDraw, ImageFont

from docparse.io.text_layer_trust import distrust, junk_share
from docparse.model import Document
from docparse.pipeline import ParseOptions, Parser

FONT = Path("/usr/share/fonts/truetype/nanum/NanumGothic.ttf")
SCANNED = ["Invoice 2024 total", "Payment due soon"]


def scan_png() -> bytes:
    image = Image.new("RGB", (600, 300), "white")
    draw = ImageDraw.Draw(image)
    font = ImageFont.truetype(str(FONT), 40)
    for row, line in enumerate(SCANNED):
        draw.text((40, 60 + 100 * row), line, font=font, fill="black")
    data = io.BytesIO()
    image.save(data, format="PNG")
    return data.getvalue()


def pdf_with(
    path: Path,
    text: str,
    *,
    image: bool = False,
    render_mode: int = 0,
    at: tuple[float, float] = (20, 40),
    rotation: int = 0,
    font: bool = False,
) -> Path:
    document = pymupdf.open()
    page = document.new_page(width=300, height=150)
    if image:
        page.insert_image(page.rect, stream=scan_png())
    fonts = {"fontfile": str(FONT), "fontname": "nanum"} if font else {}
    page.insert_text(at, text, fontsize=11, render_mode=render_mode, **fonts)
    page.set_rotation(rotation)
    document.save(path)
    document.close()
    return path


def first_page(path: Path, **options: object) -> Document:
    return Parser(ParseOptions(engine="tesseract", **options)).parse(path)  # type: ignore[arg-type]


def judged(path: Path) -> str | None:
    with pymupdf.open(path) as document:
        page = document[0]
        return distrust(page, page.get_text())


def test_visible_born_digital_text_is_trusted(tmp_path: Path) -> None:
    path = pdf_with(tmp_path / "ok.pdf", "A real sentence of visible words here")
    assert judged(path) is None
    doc = first_page(path)
    assert doc.pages[0].source == "text_layer" and not doc.pages[0].warnings


@pytest.mark.parametrize(
    ("name", "kwargs", "reason"),
    [
        ("invisible", {"render_mode": 3, "image": True}, "invisible"),
        ("off_page", {"at": (400, 40)}, "outside the page"),
        # private-use code points in a font without them: extracted as control characters
        (
            "unmapped",
            {"text": "\ue000\ue001\ue002 \ue003\ue004 ab \ue005\ue006", "font": True},
            "private-use",
        ),
        ("symbols", {"text": "%%% ### @@@ ~~~ ab ^^^ &&&"}, "symbols"),
    ],
)
def test_lying_layers_are_distrusted(tmp_path: Path, name: str, kwargs: dict, reason: str) -> None:
    text = kwargs.pop("text", "Some words that the layer claims are on the page")
    path = pdf_with(tmp_path / f"{name}.pdf", text, **kwargs)
    problem = judged(path)
    assert problem is not None and reason in problem


@pytest.mark.parametrize("text", ["\ufffd\ufffd\ufffd ab", "\ue000\ue001 \ue002 abc"])
def test_replacement_and_private_use_characters_are_junk(text: str) -> None:
    assert junk_share(text) >= 0.4


def test_text_hidden_under_an_image_is_distrusted(tmp_path: Path) -> None:
    document = pymupdf.open()
    page = document.new_page(width=300, height=150)
    page.insert_text((20, 40), "Words hidden beneath a picture", fontsize=11)
    page.insert_image(page.rect, stream=scan_png())  # drawn after the text, over it
    document.save(tmp_path / "hidden.pdf")
    problem = judged(tmp_path / "hidden.pdf")
    assert problem is not None and "under images" in problem


def test_invisible_ocr_layer_is_read_again_with_a_warning(tmp_path: Path) -> None:
    path = pdf_with(
        tmp_path / "ocr_layer.pdf", "Invoize 2O24 tota1 junk layer words", image=True, render_mode=3
    )
    page = first_page(path).pages[0]
    assert page.source == "ocr"
    assert any("invisible" in warning for warning in page.warnings)
    assert "Payment" in page.text


def test_redo_replaces_the_old_invisible_layer_in_the_pdf(tmp_path: Path) -> None:
    from docparse.formats import pdf_format

    path = pdf_with(tmp_path / "scan.pdf", "Invoize 2O24 tota1 junk", image=True, render_mode=3)
    doc = first_page(path, text_layer="redo")
    out = tmp_path / "out.pdf"
    pdf_format.write(doc, out)
    with pymupdf.open(out) as written:
        text = written[0].get_text()
        assert "Invoize" not in text and "junk" not in text
        assert "Payment" in text
        assert written[0].get_images()  # the scan itself stays


def test_rotated_page_text_layer_boxes_follow_the_rendering(tmp_path: Path) -> None:
    path = pdf_with(tmp_path / "rot.pdf", "Turned page words", rotation=90)
    page = first_page(path).pages[0]
    assert page.source == "text_layer"
    assert page.width < page.height  # a 300 x 150 page turned a quarter
    with pymupdf.open(path) as document:
        zoom = page.dpi / 72  # type: ignore[operator]
        pixmap = document[0].get_pixmap(matrix=pymupdf.Matrix(zoom, zoom))
        ink = Image.frombytes("RGB", (pixmap.width, pixmap.height), pixmap.samples).convert("L")
    for word in page.words():
        x0, y0, x1, y1 = (round(v) for v in word.box)
        assert ink.crop((x0, y0, x1, y1)).getextrema()[0] < 128  # the word's box holds its ink
        assert (y1 - y0) > (x1 - x0)  # and runs down the page, as the text now does


def scan_with_notice(path: Path, notice: str, picture: bytes | None = None) -> Path:
    """A page that is one image (``picture``, a scan by default) with a line of visible
    text drawn over it, as a court portal adds its notice to a scanned decision."""
    document = pymupdf.open()
    page = document.new_page(width=300, height=150)
    page.insert_image(page.rect, stream=picture or scan_png())
    page.insert_text((10, 142), notice, fontsize=6)
    document.save(path)
    document.close()
    return path


def test_a_scan_with_a_line_of_text_added_is_read_by_ocr(tmp_path: Path) -> None:
    """The notice alone is real, visible text: before, the page was read from it and the
    scan's own text was lost without a word."""
    path = scan_with_notice(tmp_path / "scan.pdf", "Printed from the portal")
    page = first_page(path).pages[0]
    assert page.source == "ocr"
    assert "Payment" in page.text and "Invoice" in page.text
    assert any("a scan with a few lines of text added" in warning for warning in page.warnings)
    assert first_page(path, text_layer="always").pages[0].text == "Printed from the portal"


def test_text_over_a_picture_keeps_its_layer(tmp_path: Path) -> None:
    """A page over a full-page picture that holds no text of its own reads as its layer."""
    picture = Image.new("RGB", (600, 300), (200, 220, 240))
    data = io.BytesIO()
    picture.save(data, format="PNG")
    document = pymupdf.open()
    page = document.new_page(width=300, height=150)
    page.insert_image(page.rect, stream=data.getvalue())
    page.insert_text((20, 40), "Quarterly report of the company", fontsize=12)
    page.insert_text((20, 70), "Revenue grew in every region", fontsize=12)
    document.save(tmp_path / "slide.pdf")
    read = first_page(tmp_path / "slide.pdf").pages[0]
    assert read.source == "text_layer" and not read.warnings
    assert "Revenue grew" in read.text
