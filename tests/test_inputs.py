"""Loading inputs: PDFs, images of every kind, page selections and each bad input's message."""

from __future__ import annotations

import io
from pathlib import Path

import numpy as np
import pymupdf
import pytest
from PIL import Image, ImageDraw

from docparse.errors import InputError
from docparse.io.page_ranges import PageRangeError, parse_page_ranges, select_pages
from docparse.io.paths import expand_inputs
from docparse.io.sources import LoadSettings, open_source

SAMPLES = Path(__file__).resolve().parent.parent / "samples"


def load_all(path: Path, **settings: object) -> list:
    source = open_source(path, LoadSettings(**settings))  # type: ignore[arg-type]
    try:
        pages = list(source.pages(list(range(source.page_count))))
    finally:
        source.close()
    # A damaged page comes back as that page's error (the others are still loaded).
    errors = [page.error for page in pages if page.error is not None]
    if errors:
        raise InputError(errors[0])
    return pages


def make_pdf(path: Path, pages: int = 1, text: str | None = None, **save: object) -> Path:
    document = pymupdf.open()
    for _ in range(pages):
        page = document.new_page(width=595, height=842)
        if text:
            page.insert_text((72, 100), text, fontsize=12)
    document.save(path, **save)
    return path


def test_scanned_pdf_is_rasterised_to_the_target_long_side() -> None:
    (page,) = load_all(SAMPLES / "invoice.pdf", target_long_side=2304)
    assert page.text_words is None
    assert max(page.image.size) == 2304
    assert (page.width, page.height) == page.image.size
    assert page.dpi == pytest.approx(2304 / (842 / 72), rel=0.01)


def test_born_digital_pdf_uses_its_text_layer_in_page_pixels() -> None:
    (page,) = load_all(SAMPLES / "two_column.pdf", target_long_side=2304)
    assert page.image is None
    texts = [word.text for word in page.text_words]
    assert "오른쪽" in texts and "Reading" in texts
    zoom = page.dpi / 72
    word = next(w for w in page.text_words if w.text == "Reading")
    document = pymupdf.open(SAMPLES / "two_column.pdf")
    pdf_box = next(w[:4] for w in document[0].get_text("words") if w[4] == "Reading")
    assert word.box == pytest.approx(tuple(v * zoom for v in pdf_box))


def test_text_layer_never_and_always(tmp_path: Path) -> None:
    (never,) = load_all(SAMPLES / "two_column.pdf", text_layer="never")
    assert never.text_words is None and never.image is not None
    sparse = make_pdf(tmp_path / "sparse.pdf", text="x")
    (auto,) = load_all(sparse)
    assert auto.image is not None  # one stray character is not "real text"
    (always,) = load_all(sparse, text_layer="always")
    assert [w.text for w in always.text_words] == ["x"]


def test_text_layer_always_still_reads_a_page_without_text(tmp_path: Path) -> None:
    # "always: its text whenever it has any": a scanned page of a mixed PDF has none, and
    # came back as an empty text-layer page (its words lost, the searchable PDF bare there)
    document = pymupdf.open()
    document.new_page().insert_text((72, 100), "Born digital words", fontsize=12)
    scan = document.new_page()
    picture = io.BytesIO()
    Image.new("L", (200, 100), 255).save(picture, format="PNG")
    scan.insert_image(scan.rect, stream=picture.getvalue())
    document.save(tmp_path / "mixed.pdf")
    layer, scanned = load_all(tmp_path / "mixed.pdf", text_layer="always")
    assert [w.text for w in layer.text_words] == ["Born", "digital", "words"]
    assert layer.image is None
    assert scanned.text_words is None and scanned.image is not None


def test_encrypted_pdf_needs_the_right_password(tmp_path: Path) -> None:
    path = make_pdf(
        tmp_path / "locked.pdf",
        text="secret words here",
        encryption=pymupdf.PDF_ENCRYPT_AES_256,
        user_pw="pw",
        owner_pw="owner",
    )
    with pytest.raises(InputError, match="encrypted PDF: give its password with --password"):
        load_all(path)
    with pytest.raises(InputError, match="--password given is wrong"):
        load_all(path, password="nope")
    (page,) = load_all(path, password="pw")
    assert [w.text for w in page.text_words] == ["secret", "words", "here"]


def test_zero_page_corrupt_truncated_and_empty_pdfs(tmp_path: Path) -> None:
    zero = tmp_path / "zero.pdf"
    zero.write_bytes(
        b"%PDF-1.4\n1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n"
        b"2 0 obj << /Type /Pages /Kids [] /Count 0 >> endobj\n"
        b"trailer << /Root 1 0 R >>\n%%EOF\n"
    )
    with pytest.raises(InputError, match="PDF has no pages"):
        load_all(zero)
    corrupt = tmp_path / "corrupt.pdf"
    corrupt.write_bytes(b"%PDF-1.7\n" + bytes(range(256)) * 8)
    with pytest.raises(InputError):
        load_all(corrupt)
    truncated = tmp_path / "truncated.pdf"
    truncated.write_bytes((SAMPLES / "invoice.pdf").read_bytes()[:3000])
    with pytest.raises(InputError):
        load_all(truncated)
    empty = tmp_path / "empty.pdf"
    empty.write_bytes(b"")
    with pytest.raises(InputError, match="empty file"):
        load_all(empty)


def test_missing_unsupported_and_unreadable_files(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="no such file"):
        load_all(tmp_path / "missing.png")
    notes = tmp_path / "notes.txt"
    notes.write_text("hello")
    with pytest.raises(InputError, match=r"unsupported file type \.txt"):
        load_all(notes)
    broken = tmp_path / "broken.png"
    broken.write_bytes(b"\x89PNG\r\n\x1a\n" + b"\x00" * 50)
    with pytest.raises(InputError, match="not a readable image"):
        load_all(broken)
    # a header chunk cut short: Pillow raises ValueError ("Truncated IHDR chunk"), found
    # by tests/test_fuzz_loader.py
    short_header = tmp_path / "short_header.png"
    short_header.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\x0cIHDR" + b"\x00" * 40)
    with pytest.raises(InputError, match="cannot read image"):
        load_all(short_header)


def test_image_over_the_pixel_limit_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "big.png"
    Image.new("L", (3000, 3000), 255).save(path)
    with pytest.raises(
        InputError, match=r"3000×3000 = 9,000,000 pixels, over the limit of 1,000,000"
    ):
        load_all(path, max_image_pixels=1_000_000)


def test_exif_orientation_is_applied(tmp_path: Path) -> None:
    image = Image.new("RGB", (200, 100), "white")
    image.paste((0, 0, 0), (0, 0, 20, 20))  # black square at the top-left as stored
    exif = Image.Exif()
    exif[0x0112] = 6  # stored rotated: display needs a 90° clockwise turn
    path = tmp_path / "rotated.jpg"
    image.save(path, exif=exif, quality=95)
    (page,) = load_all(path)
    assert (page.width, page.height) == (100, 200)
    assert page.image.getpixel((90, 10))[0] < 60  # the square is now top-right


def test_an_iphone_photo_in_heic_is_read(tmp_path: Path) -> None:
    """iPhones save photos as HEIC: read by content, whatever the name; the error for an
    unknown file names HEIC among what docparse reads."""
    from pillow_heif import from_pillow

    image = Image.new("RGB", (200, 100), "white")
    image.paste((0, 0, 0), (0, 0, 20, 20))
    path = tmp_path / "IMG_0001.HEIC"
    from_pillow(image).save(path, quality=95)  # pillow-heif's own writer: Pillow's untouched
    (page,) = load_all(path)
    assert (page.width, page.height) == (200, 100)
    assert page.image.getpixel((10, 10))[0] < 60 and page.image.getpixel((100, 50))[0] > 200
    renamed = tmp_path / "photo.jpg"  # by content, not name
    renamed.write_bytes(path.read_bytes())
    assert load_all(renamed)[0].image.size == (200, 100)
    unknown = tmp_path / "notes.xyz"
    unknown.write_bytes(b"not an image at all")
    with pytest.raises(InputError, match="HEIC"):
        load_all(unknown)


def test_every_tiff_frame_is_a_page(tmp_path: Path) -> None:
    frames = [Image.new("RGB", (120, 80), color) for color in ("white", "black", "red")]
    path = tmp_path / "multi.tiff"
    frames[0].save(path, save_all=True, append_images=frames[1:])
    pages = load_all(path)
    assert [p.index for p in pages] == [0, 1, 2]
    assert [p.image.getpixel((5, 5)) for p in pages] == [(255, 255, 255), (0, 0, 0), (255, 0, 0)]


@pytest.mark.parametrize(
    ("mode", "fill", "expected"),
    [
        ("RGBA", (0, 0, 0, 0), (255, 255, 255)),  # transparent → white paper
        ("CMYK", (0, 0, 0, 255), (0, 0, 0)),
        ("P", 0, (0, 0, 0)),
        ("LA", (0, 255), (0, 0, 0)),
    ],
)
def test_colour_modes_become_rgb(tmp_path: Path, mode: str, fill: object, expected: tuple) -> None:
    path = tmp_path / f"image-{mode}.{'jpg' if mode == 'CMYK' else 'png'}"
    Image.new(mode, (40, 30), fill).save(path)
    (page,) = load_all(path)
    assert page.image.mode == "RGB"
    assert page.image.getpixel((3, 3)) == pytest.approx(expected, abs=3)


def test_a_fax_with_unequal_resolutions_is_read_with_square_pixels(tmp_path: Path) -> None:
    """A fax in standard mode (204 × 98 dpi) is stored half as tall as its page: its Hangul,
    squashed so, was unreadable (realdocs dev form page: CER 82 %, plain Tesseract 71 %).
    It is read stretched to square pixels, its boxes given in the image's own pixels."""
    from rapidfuzz.distance import Levenshtein

    from docparse.io.fonts import pillow_font
    from docparse.pipeline import parse

    lines = [
        "제2조(계약기간) 계약기간은 2025년 1월 1일부터",
        "12월 31일까지로 한다. 대금은 30일 이내에",
    ]
    page = Image.new("L", (1300, 300), 255)
    draw = ImageDraw.Draw(page)
    font = pillow_font("myeongjo", False, 36)
    for row, text in enumerate(lines):
        draw.text((60, 60 + 90 * row), text, font=font, fill=0)
    fax = page.resize((page.width, page.height // 2), Image.Resampling.LANCZOS)
    path = tmp_path / "fax.tif"
    fax.save(path, dpi=(200, 100))
    (loaded,) = load_all(path)
    assert loaded.square_factors == (1.0, 2.0)
    assert (loaded.width, loaded.height) == fax.size  # the page is the image as given
    result = parse(path).pages[0]
    assert (result.width, result.height) == fax.size
    words = [word for block in result.blocks for line in block.lines for word in line.words]
    read = "".join(word.text for word in words)
    assert Levenshtein.distance(read, "".join(lines).replace(" ", "")) <= 2
    assert all(0 <= word.box[1] < word.box[3] <= fax.height for word in words)
    first = words[0].box  # "제2조(계약기간)" drawn at y 60-96 on the page: 30-48 in the fax
    assert 25 <= first[1] <= 34 and 44 <= first[3] <= 52
    # its searchable PDF has the page's shape, each word's text over its ink
    from docparse.formats.registry import FORMATS

    document = parse(path)
    FORMATS["pdf"].write(document, tmp_path / "fax.pdf")
    with pymupdf.open(tmp_path / "fax.pdf") as written:
        shown = written[0]
        assert shown.rect.height / shown.rect.width == pytest.approx(300 / 1300, rel=0.01)
        (hit,) = shown.search_for("대금은")
        points_per_pixel = shown.rect.width / 1300
        assert hit.y0 / points_per_pixel == pytest.approx(150, abs=12)  # drawn at 150-186
    fax.save(tmp_path / "square.tif", dpi=(200, 201))  # rounding in a header: square
    assert load_all(tmp_path / "square.tif")[0].square_factors is None


def test_sixteen_bit_image_is_scaled_not_clipped(tmp_path: Path) -> None:
    pixels = np.full((30, 40), 65535, dtype=np.uint16)
    pixels[:10, :10] = 20000
    image = Image.fromarray(pixels)
    path = tmp_path / "deep.png"
    image.save(path)
    (page,) = load_all(path)
    assert page.image.getpixel((20, 20)) == (255, 255, 255)
    assert 60 < page.image.getpixel((5, 5))[0] < 100  # 20000/65535 of white, not clipped to 255


def test_page_ranges() -> None:
    assert parse_page_ranges("1-3,7") == [(1, 3), (7, 7)]
    assert parse_page_ranges("5-") == [(5, None)]
    assert parse_page_ranges(None) is None
    assert select_pages(parse_page_ranges("2-3,3,9"), 4) == [1, 2]
    assert select_pages(None, 3) == [0, 1, 2]
    for bad in ("a", "3-1", "0"):
        with pytest.raises(PageRangeError, match="bad page range"):
            parse_page_ranges(bad)
    for empty in ("3,", "1,,3", ","):  # an empty part selected page 1 unasked
        with pytest.raises(PageRangeError, match="empty page range"):
            parse_page_ranges(empty)


def test_expand_inputs_keeps_named_files_and_filters_directories(tmp_path: Path) -> None:
    (tmp_path / "sub").mkdir()
    for name in ("b.png", "a.pdf", "sub/c.tiff", "notes.txt"):
        (tmp_path / name).write_bytes(b"x")
    found = expand_inputs([tmp_path, tmp_path / "notes.txt", str(tmp_path / "*.png")])
    names = [p.relative_to(tmp_path).as_posix() for p in found]
    assert names == ["a.pdf", "b.png", "sub/c.tiff", "notes.txt"]


def test_image_bytes_are_read_by_content_not_name(tmp_path: Path) -> None:
    buffer = io.BytesIO()
    Image.new("RGB", (30, 20), "white").save(buffer, format="PNG")
    path = tmp_path / "scan.dat"
    path.write_bytes(buffer.getvalue())
    (page,) = load_all(path)
    assert (page.width, page.height) == (30, 20)


def _three_frame_tiff(path: Path) -> tuple[bytes, list[tuple[int, int]]]:
    frames = []
    for text in ("frame one", "frame two", "frame three"):
        frame = Image.new("L", (300, 80), 255)
        ImageDraw.Draw(frame).text((20, 30), text, fill=0)
        frames.append(frame)
    frames[0].save(path, save_all=True, append_images=frames[1:], compression="tiff_lzw")
    image = Image.open(path)
    strips = []
    for index in range(3):
        image.seek(index)
        strips.append((image.tag_v2[273][0], image.tag_v2[279][0]))  # strip offset, length
    image.close()
    return path.read_bytes(), strips


def _sources_pages(path: Path) -> list:
    source = open_source(path, LoadSettings())
    try:
        return list(source.pages(list(range(source.page_count))))
    finally:
        source.close()


def test_a_damaged_tiff_frame_is_its_page_error_and_the_other_frames_are_read(
    tmp_path: Path,
) -> None:
    data, strips = _three_frame_tiff(tmp_path / "three.tif")
    broken = bytearray(data)
    offset, length = strips[1]
    broken[offset : offset + length] = b"\xff" * length  # frame 2's pixels are garbage
    (tmp_path / "broken.tif").write_bytes(bytes(broken))
    pages = _sources_pages(tmp_path / "broken.tif")
    assert [page.index for page in pages] == [0, 1, 2]
    assert pages[0].image is not None and pages[2].image is not None
    assert pages[1].image is None and "cannot decode frame 2" in (pages[1].error or "")
    # a file cut short inside frame 3 (Pillow: "Missing dimensions", a TypeError) opens,
    # and its first two frames are read
    (tmp_path / "cut.tif").write_bytes(data[: strips[2][0] + 10])
    pages = _sources_pages(tmp_path / "cut.tif")
    assert len(pages) == 3 and pages[0].image is not None and pages[1].image is not None
    assert pages[2].image is not None or pages[2].error
