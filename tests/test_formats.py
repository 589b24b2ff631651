"""Each output format, read back: JSON, Markdown, plain text, DOCX and the format registry."""

import io

import docx
import pytest
from docx.document import Document as WordDocument
from docx.oxml.ns import qn
from docx.text.paragraph import Paragraph

from docparse.formats import docx_format, json_format, markdown, text
from docparse.formats.registry import FORMATS, OutputFormat, parse_format_list
from docparse.model import Block, Document, Line, Page, Word


def _line(*texts: str, y: float = 0.0) -> Line:
    words = [
        Word(text=t, box=(i * 60.0, y, i * 60.0 + 50.0, y + 20.0), confidence=0.9, engine="test")
        for i, t in enumerate(texts)
    ]
    return Line.of(words)


def _block(block_id: str, *lines: Line) -> Block:
    return Block(id=block_id, lines=list(lines), box=(0.0, 0.0, 300.0, 100.0))


def _page(index: int, *blocks: Block) -> Page:
    return Page(index=index, width=800, height=1000, source="ocr", blocks=list(blocks))


@pytest.fixture
def doc() -> Document:
    first = _page(
        0,
        _block("p1-b1", _line("# 제목은", "한국어"), _line("Title", "in", "English", y=30)),
        _block("p1-b2", _line("*bold*", "snake_case", "a|b", "`code`")),
    )
    second = _page(1, _block("p2-b1", _line("1.", "서론"), _line("3.14", "끝", y=30)))
    return Document(
        source="/data/보고서.pdf",
        sha256="0" * 64,
        page_count=2,
        engine="test",
        pages=[first, second],
        timings={"ocr": 1.5},
    )


@pytest.fixture
def single_page(doc: Document) -> Document:
    return doc.model_copy(update={"pages": doc.pages[:1], "page_count": 1})


def test_json_round_trips_and_keeps_korean_readable(doc: Document) -> None:
    rendered = json_format.render(doc)
    assert json_format.load(rendered) == doc
    assert "보고서" in rendered and "\\u" not in rendered
    assert "\n  " in rendered
    assert rendered.endswith("}\n")  # a text file's last line ends with a newline
    compact = json_format.render(doc, indent=None)
    assert compact.endswith("}\n") and compact.count("\n") == 1  # one line


def test_markdown_headings_paragraphs_and_escapes(doc: Document) -> None:
    assert markdown.render(doc) == (
        "## Page 1\n\n"
        "\\# 제목은 한국어 Title in English\n\n"
        "\\*bold\\* snake\\_case a\\|b \\`code\\`\n\n"
        "## Page 2\n\n"
        "1\\. 서론 3.14 끝\n"
    )


def test_markdown_single_page_has_no_heading(single_page: Document) -> None:
    rendered = markdown.render(single_page)
    assert "Page" not in rendered
    # one page chosen out of several (--pages 2) keeps its number
    second = single_page.pages[0].model_copy(update={"index": 1})
    chosen = single_page.model_copy(update={"pages": [second], "page_count": 3})
    assert markdown.render(chosen).startswith("## Page 2\n\n")
    assert rendered.startswith("\\# 제목은")


@pytest.mark.parametrize(
    ("raw", "escaped"),
    [
        ("> quote", "\\> quote"),
        ("- item", "\\- item"),
        ("+ item", "\\+ item"),
        ("~~~", "\\~~~"),
        ("2) 항목", "2\\) 항목"),
        ("[link](url)", "\\[link\\](url)"),
        ("<b>", "\\<b>"),
        ("back\\slash", "back\\\\slash"),
        ("2024. 한국", "2024\\. 한국"),
        ("1.5 million", "1.5 million"),
        ("a - b # c", "a - b # c"),
        ("한국어 문장", "한국어 문장"),
        ("&amp; 앰퍼샌드 &#54620;", "\\&amp; 앰퍼샌드 \\&#54620;"),  # references printed
        ("R&D, AT&T", "R&D, AT&T"),
    ],
)
def test_markdown_escape(raw: str, escaped: str) -> None:
    assert markdown.escape(raw) == escaped


def test_text_lines_blocks_and_form_feeds(doc: Document) -> None:
    assert text.render(doc) == (
        "# 제목은 한국어\nTitle in English\n\n*bold* snake_case a|b `code`\n\f1. 서론\n3.14 끝\n"
    )


def test_text_single_page_has_no_form_feed(single_page: Document) -> None:
    assert "\f" not in text.render(single_page)


def _read_docx(data: bytes) -> WordDocument:
    return docx.Document(io.BytesIO(data))


def _has_page_break(paragraph: Paragraph) -> bool:
    return any(br.get(qn("w:type")) == "page" for br in paragraph._p.iter(qn("w:br")))


def test_docx_paragraphs_page_break_font_and_title(doc: Document) -> None:
    word = _read_docx(docx_format.render_bytes(doc))
    paragraphs = word.paragraphs
    assert [p.text for p in paragraphs if not _has_page_break(p)] == [
        "# 제목은 한국어 Title in English",
        "*bold* snake_case a|b `code`",
        "1. 서론 3.14 끝",
    ]
    assert [_has_page_break(p) for p in paragraphs] == [False, False, True, False]
    assert word.core_properties.title == "보고서.pdf"
    fonts = word.styles.element.find(
        f"{qn('w:docDefaults')}/{qn('w:rPrDefault')}/{qn('w:rPr')}/{qn('w:rFonts')}"
    )
    assert fonts.get(qn("w:eastAsia")) == docx_format.EAST_ASIAN_FONT
    assert fonts.get(qn("w:eastAsiaTheme")) is None
    language = fonts.getparent().find(qn("w:lang"))
    assert language.get(qn("w:eastAsia")) == docx_format.EAST_ASIAN_LANGUAGE


def test_docx_paper_is_the_pages_or_a4(single_page: Document) -> None:
    """The paper is as large as the first page (a PDF's, at its DPI), A4 where that is not
    known (it was the template's US Letter), and East Asian text is Korean throughout (the
    template's settings said ja-JP)."""
    from docx.shared import Inches

    page = single_page.pages[0]
    unknown = single_page.model_copy(update={"pages": [page.model_copy(update={"dpi": None})]})
    section = _read_docx(docx_format.render_bytes(unknown)).sections[0]
    near = Inches(0.01)  # Word keeps twentieths of a point
    assert section.page_width == pytest.approx(Inches(8.27), abs=near)
    assert section.page_height == pytest.approx(Inches(11.69), abs=near)
    letter = page.model_copy(update={"width": 1275, "height": 1650, "dpi": 150.0})
    sized = single_page.model_copy(update={"pages": [letter]})
    word = _read_docx(docx_format.render_bytes(sized))
    assert word.sections[0].page_width == pytest.approx(Inches(8.5), abs=near)
    assert word.sections[0].page_height == pytest.approx(Inches(11), abs=near)
    language = word.settings.element.find(qn("w:themeFontLang"))
    assert language is None or language.get(qn("w:eastAsia")) == "ko-KR"


def test_docx_drops_characters_xml_cannot_hold(single_page: Document) -> None:
    block = _block("p1-b1", _line("제\x0c목", "ok\x00"))
    page = single_page.pages[0].model_copy(update={"blocks": [block]})
    bad = single_page.model_copy(update={"pages": [page]})
    assert [p.text for p in _read_docx(docx_format.render_bytes(bad)).paragraphs] == ["제목 ok"]


def test_docx_write_matches_render_bytes(doc: Document, tmp_path) -> None:
    path = tmp_path / "out.docx"
    docx_format.write(doc, path)
    written = [p.text for p in _read_docx(path.read_bytes()).paragraphs]
    rendered = [p.text for p in _read_docx(docx_format.render_bytes(doc)).paragraphs]
    assert written == rendered


ALL_FORMATS = "json, md, txt, docx, pdf, hocr, html, alto, overlay"


def test_registry_formats() -> None:
    assert {name: (f.extension, f.binary) for name, f in FORMATS.items()} == {
        "json": (".json", False),
        "md": (".md", False),
        "txt": (".txt", False),
        "docx": (".docx", True),
        "pdf": (".pdf", True),
        "hocr": (".hocr", False),
        "html": (".html", False),
        "alto": (".xml", False),
        "overlay": (".png", True),
    }


def test_registry_text_formats_render_and_write(doc: Document, tmp_path) -> None:
    assert FORMATS["md"].render_text(doc) == markdown.render(doc)
    assert FORMATS["txt"].render_text(doc) == text.render(doc)
    path = tmp_path / "out.json"
    FORMATS["json"].write(doc, path)
    assert json_format.load(path.read_text(encoding="utf-8")) == doc


def test_registry_binary_format_writes_but_does_not_render(doc: Document, tmp_path) -> None:
    path = tmp_path / "out.docx"
    FORMATS["docx"].write(doc, path)
    assert _read_docx(path.read_bytes()).core_properties.title == "보고서.pdf"
    with pytest.raises(ValueError, match="docx is a binary format"):
        FORMATS["docx"].render_text(doc)


def test_parse_format_list_keeps_order_once_each() -> None:
    assert [f.name for f in parse_format_list(" MD, json ,md")] == ["md", "json"]


def test_parse_format_list_names_the_unknown_and_the_valid() -> None:
    with pytest.raises(ValueError) as error:
        parse_format_list("json,pdfx")
    assert str(error.value) == f"unknown output format pdfx; valid formats: {ALL_FORMATS}"


@pytest.mark.parametrize("spec", ["", " , "])
def test_parse_format_list_rejects_an_empty_list(spec: str) -> None:
    with pytest.raises(ValueError) as error:
        parse_format_list(spec)
    assert str(error.value) == f"no output format given; valid formats: {ALL_FORMATS}"


def test_output_format_needs_exactly_one_of_renderer_and_writer() -> None:
    with pytest.raises(ValueError, match="exactly one"):
        OutputFormat("x", ".x")
    with pytest.raises(ValueError, match="exactly one"):
        OutputFormat("x", ".x", renderer=text.render, writer=docx_format.write)
