"""hOCR 1.2: XHTML with ocr_page → ocr_carea → ocr_par → ocr_line → ocrx_word, each with
its ``bbox`` in page pixels; words carry ``x_wconf`` (0–100) when the engine gave a
confidence, and lines that do not run left to right (on a page read turned) their
``textangle`` (degrees counter-clockwise). ``lang`` is ``ko`` when the text holds Hangul,
else ``en``. An empty element is written with its end tag (``<div ...></div>``): HTML
parsers take ``<div/>`` for an opening tag. Ids follow the document's block ids: ``p1-b3``,
``p1-b3-l2``, ``p1-b3-l2-w4``."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from collections.abc import Sequence
from pathlib import Path

from docparse.formats.line_geometry import line_angle
from docparse.formats.xml_support import int_box, serialise, xml_text
from docparse.hangul import has_syllable
from docparse.model import Block, Document, Page, Word
from docparse.version import __version__

XHTML_NAMESPACE = "http://www.w3.org/1999/xhtml"
CAPABILITIES = "ocr_page ocr_carea ocr_par ocr_line ocrx_word ocrp_wconf"
_DOCTYPE = (
    '<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0 Transitional//EN" '
    '"http://www.w3.org/TR/xhtml1/DTD/xhtml1-transitional.dtd">\n'
)


def render(doc: Document) -> str:
    language = _language(doc)
    html = ET.Element("html", {"xmlns": XHTML_NAMESPACE, "xml:lang": language, "lang": language})
    head = ET.SubElement(html, "head")
    ET.SubElement(head, "title").text = xml_text(Path(doc.source).name)
    ET.SubElement(
        head, "meta", {"http-equiv": "Content-Type", "content": "text/html;charset=utf-8"}
    )
    ET.SubElement(head, "meta", {"name": "ocr-system", "content": f"docparse {__version__}"})
    ET.SubElement(head, "meta", {"name": "ocr-capabilities", "content": CAPABILITIES})
    ET.SubElement(head, "meta", {"name": "ocr-number-of-pages", "content": str(len(doc.pages))})
    body = ET.SubElement(html, "body")
    for page in doc.pages:
        _page(body, page, doc.source)
    return serialise(html, _DOCTYPE, void={"meta"})


def _language(doc: Document) -> str:
    """``ko`` when the text holds a Hangul syllable, else ``en``."""
    return "ko" if any(has_syllable(word.text) for word in doc.words()) else "en"


def _page(body: ET.Element, page: Page, source: str) -> None:
    image = xml_text(source).replace("\\", "\\\\").replace('"', '\\"')
    title = f'image "{image}"; {_bbox((0, 0, page.width, page.height))}; ppageno {page.index}'
    element = ET.SubElement(
        body, "div", {"class": "ocr_page", "id": f"page_{page.number}", "title": title}
    )
    for block in page.blocks:
        _block(element, block)


def _block(page_element: ET.Element, block: Block) -> None:
    attributes = {"class": "ocr_carea", "id": block.id, "title": _bbox(block.box)}
    area = ET.SubElement(page_element, "div", attributes)
    paragraph = ET.SubElement(
        area, "p", {"class": "ocr_par", "id": f"{block.id}-par", "title": _bbox(block.box)}
    )
    for n, line in enumerate(block.lines, start=1):
        line_id = f"{block.id}-l{n}"
        title = _bbox(line.box)
        if angle := line_angle(line):  # a line that does not run left to right
            title += f"; textangle {angle:g}"
        line_element = ET.SubElement(
            paragraph, "span", {"class": "ocr_line", "id": line_id, "title": title}
        )
        for k, word in enumerate(line.words, start=1):
            _word(line_element, word, f"{line_id}-w{k}")


def _word(line_element: ET.Element, word: Word, word_id: str) -> None:
    title = _bbox(word.box)
    if word.confidence is not None:
        title += f"; x_wconf {round(word.confidence * 100)}"
    element = ET.SubElement(
        line_element, "span", {"class": "ocrx_word", "id": word_id, "title": title}
    )
    element.text = xml_text(word.text)


def _bbox(box: Sequence[float]) -> str:
    return "bbox " + " ".join(str(value) for value in int_box(box))
