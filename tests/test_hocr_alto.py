"""hOCR and ALTO, parsed back with an XML parser: same words, boxes and structure."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

import pytest
from handmade import RECEIPT, block, document, line, line_running_up, page, receipt_document

from docparse.formats import alto, hocr
from docparse.formats.registry import FORMATS, parse_format_list
from docparse.model import Document

XHTML = "{http://www.w3.org/1999/xhtml}"
ALTO = "{http://www.loc.gov/standards/alto/ns-v4#}"


@pytest.fixture
def doc() -> Document:
    """Two pages; fractional boxes; a control character XML cannot hold."""
    first = receipt_document().pages[0]
    second = page(1, 506, 960, block("p2-b1", line(("a\x01b", (10.4, 20.6, 30.5, 40.49), 0.1234))))
    return document(RECEIPT, first, second)


def _classes(element: ET.Element, name: str) -> list[ET.Element]:
    return [e for e in element.iter() if e.get("class") == name]


def _title(element: ET.Element) -> dict[str, str]:
    parts = (part.strip().split(" ", 1) for part in element.get("title", "").split(";"))
    return {key: value for key, value in parts}


def _rounded(box: tuple[float, float, float, float]) -> str:
    return " ".join(str(round(v)) for v in box)


def test_hocr_round_trip(doc: Document) -> None:
    root = ET.fromstring(hocr.render(doc))
    head = {m.get("name"): m.get("content") for m in root.iter(f"{XHTML}meta")}
    assert head["ocr-system"].startswith("docparse")
    assert set(head["ocr-capabilities"].split()) >= {"ocr_page", "ocr_line", "ocrx_word"}
    pages = _classes(root, "ocr_page")
    assert len(pages) == len(doc.pages)
    for page_element, page_model in zip(pages, doc.pages, strict=True):
        title = _title(page_element)
        assert title["bbox"] == f"0 0 {page_model.width} {page_model.height}"
        assert title["ppageno"] == str(page_model.index)
        assert title["image"] == f'"{doc.source}"'
        areas = _classes(page_element, "ocr_carea")
        assert [a.get("id") for a in areas] == [b.id for b in page_model.blocks]
        for area, block_model in zip(areas, page_model.blocks, strict=True):
            assert _title(area)["bbox"] == _rounded(block_model.box)
            (paragraph,) = _classes(area, "ocr_par")
            lines = _classes(paragraph, "ocr_line")
            assert [_title(e)["bbox"] for e in lines] == [
                _rounded(ln.box) for ln in block_model.lines
            ]
            for line_element, line_model in zip(lines, block_model.lines, strict=True):
                words = _classes(line_element, "ocrx_word")
                assert [w.text for w in words] == [
                    w.text.replace("\x01", "") for w in line_model.words
                ]
                for word_element, word in zip(words, line_model.words, strict=True):
                    title = _title(word_element)
                    assert title["bbox"] == _rounded(word.box)
                    expected = (
                        None if word.confidence is None else str(round(word.confidence * 100))
                    )
                    assert title.get("x_wconf") == expected


def test_alto_round_trip(doc: Document) -> None:
    root = ET.fromstring(alto.render(doc))
    assert root.tag == f"{ALTO}alto"
    assert root.find(f"{ALTO}Description/{ALTO}MeasurementUnit").text == "pixel"
    pages = root.findall(f"{ALTO}Layout/{ALTO}Page")
    assert len(pages) == len(doc.pages)
    for page_element, page_model in zip(pages, doc.pages, strict=True):
        assert (page_element.get("WIDTH"), page_element.get("HEIGHT")) == (
            str(page_model.width),
            str(page_model.height),
        )
        blocks = page_element.findall(f"{ALTO}PrintSpace/{ALTO}TextBlock")
        assert [b.get("ID") for b in blocks] == [b.id for b in page_model.blocks]
        for block_element, block_model in zip(blocks, page_model.blocks, strict=True):
            assert _position(block_element) == _rounded(block_model.box)
            lines = block_element.findall(f"{ALTO}TextLine")
            assert len(lines) == len(block_model.lines)
            for line_element, line_model in zip(lines, block_model.lines, strict=True):
                assert _position(line_element) == _rounded(line_model.box)
                children = list(line_element)
                assert [c.tag for c in children] == [f"{ALTO}String", f"{ALTO}SP"] * (
                    len(line_model.words) - 1
                ) + [f"{ALTO}String"]
                strings = children[::2]
                for string, word in zip(strings, line_model.words, strict=True):
                    assert string.get("CONTENT") == word.text.replace("\x01", "")
                    assert _position(string) == _rounded(word.box)
                    expected = None if word.confidence is None else f"{word.confidence:.4g}"
                    assert string.get("WC") == expected
                for gap, left, right in zip(children[1::2], strings, strings[1:], strict=False):
                    end = int(left.get("HPOS")) + int(left.get("WIDTH"))
                    assert int(gap.get("HPOS")) == end
                    assert int(gap.get("WIDTH")) == int(right.get("HPOS")) - end


def _position(element: ET.Element) -> str:
    x, y = int(element.get("HPOS")), int(element.get("VPOS"))
    width, height = int(element.get("WIDTH")), int(element.get("HEIGHT"))
    return f"{x} {y} {x + width} {y + height}"


def test_special_characters_are_escaped_not_lost(doc: Document) -> None:
    for rendered in (hocr.render(doc), alto.render(doc)):
        assert "<&>" not in rendered
        assert "&lt;&amp;&gt;" in rendered
        assert "합계" in rendered and "162,820원" in rendered


def test_registered_as_text_formats() -> None:
    assert [fmt.name for fmt in parse_format_list("hocr,alto")] == ["hocr", "alto"]
    assert not FORMATS["hocr"].binary and not FORMATS["alto"].binary
    assert (FORMATS["hocr"].extension, FORMATS["alto"].extension) == (".hocr", ".xml")


def test_hocr_writes_no_empty_element_that_html_would_leave_open() -> None:
    empty = page(1, 506, 960)
    third = page(2, 506, 960, block("p3-b1", line(("셋", (10, 20, 30, 40), 0.9))))
    rendered = hocr.render(document(RECEIPT, receipt_document().pages[0], empty, third))
    assert '<div class="ocr_page" id="page_2" title="image' in rendered
    assert re.search(r'<div class="ocr_page" id="page_2"[^>]*></div>', rendered)
    # only HTML's void elements may close themselves: <div/> is an open tag to HTML5
    assert re.findall(r"<(\w+)[^>]*/>", rendered) == ["meta"] * 4
    assert len(_classes(ET.fromstring(rendered), "ocr_page")) == 3


def test_hocr_language_follows_the_text() -> None:
    english = document(RECEIPT, page(0, 506, 960, block("p1-b1", line(("TOTAL", (1, 2, 3, 4), 1)))))
    korean = receipt_document()
    for doc, language in ((english, "en"), (korean, "ko")):
        root = ET.fromstring(hocr.render(doc))
        assert root.get("lang") == language
        assert root.get("{http://www.w3.org/XML/1998/namespace}lang") == language


def _running_up() -> Document:
    """A page read turned: a line of two words running up the page, 30 pixels thick."""
    turned = page(0, 506, 960, block("p1-b1", line_running_up("upward", "text")))
    return document(RECEIPT, turned.model_copy(update={"rotation_applied": 270}))


def test_a_turned_line_keeps_its_angle_in_hocr_and_alto() -> None:
    root = ET.fromstring(hocr.render(_running_up()))
    (line_element,) = _classes(root, "ocr_line")
    assert _title(line_element)["textangle"] == "90"
    level = ET.fromstring(hocr.render(receipt_document()))
    assert all("textangle" not in _title(e) for e in _classes(level, "ocr_line"))

    alto_root = ET.fromstring(alto.render(_running_up()))
    (block_element,) = alto_root.iter(f"{ALTO}TextBlock")
    assert block_element.get("ROTATION") == "90"
    (gap,) = alto_root.iter(f"{ALTO}SP")  # between y 480 and 500, along the line
    assert (gap.get("VPOS"), gap.get("HEIGHT"), gap.get("HPOS")) == ("480", "20", "100")
    level_alto = ET.fromstring(alto.render(receipt_document()))
    assert all(b.get("ROTATION") is None for b in level_alto.iter(f"{ALTO}TextBlock"))
