"""ALTO v4 XML: Layout → Page → PrintSpace → TextBlock → TextLine → String (SP between
words), positions in pixels (HPOS, VPOS, WIDTH, HEIGHT), word confidence ``WC`` (0–1) when
the engine gave one. A block whose lines run other than left to right (a page read turned)
has their ``ROTATION`` (degrees counter-clockwise; ALTO 4 gives it to blocks only), and the
spaces of its lines are the gaps along them. Ids follow the document's block ids: ``p1-b3``,
``p1-b3-l2``, ..."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from collections.abc import Sequence

from docparse.formats.line_geometry import line_angle, quarter
from docparse.formats.xml_support import int_box, serialise, xml_text
from docparse.model import Block, Document, Line, Page, Word
from docparse.version import __version__

ALTO_NAMESPACE = "http://www.loc.gov/standards/alto/ns-v4#"
_XSI = "http://www.w3.org/2001/XMLSchema-instance"
_SCHEMA = f"{ALTO_NAMESPACE} http://www.loc.gov/alto/v4/alto-4-2.xsd"


def render(doc: Document) -> str:
    alto = ET.Element(
        "alto", {"xmlns": ALTO_NAMESPACE, "xmlns:xsi": _XSI, "xsi:schemaLocation": _SCHEMA}
    )
    description = ET.SubElement(alto, "Description")
    ET.SubElement(description, "MeasurementUnit").text = "pixel"
    image_info = ET.SubElement(description, "sourceImageInformation")
    ET.SubElement(image_info, "fileName").text = xml_text(doc.source)
    processing = ET.SubElement(description, "Processing", {"ID": "docparse"})
    software = ET.SubElement(processing, "processingSoftware")
    ET.SubElement(software, "softwareName").text = "docparse"
    ET.SubElement(software, "softwareVersion").text = __version__
    layout = ET.SubElement(alto, "Layout")
    for page in doc.pages:
        _page(layout, page)
    return serialise(alto)


def _page(layout: ET.Element, page: Page) -> None:
    size = {"WIDTH": str(page.width), "HEIGHT": str(page.height)}
    page_element = ET.SubElement(
        layout,
        "Page",
        {"ID": f"page_{page.number}", "PHYSICAL_IMG_NR": str(page.number), **size},
    )
    space = ET.SubElement(page_element, "PrintSpace", {"HPOS": "0", "VPOS": "0", **size})
    for block in page.blocks:
        _block(space, block)


def _block(space: ET.Element, block: Block) -> None:
    attributes = {"ID": block.id, **_position(block.box)}
    angles = {line_angle(line) for line in block.lines}
    if len(angles) == 1 and (angle := angles.pop()):  # ALTO 4 turns blocks, not lines
        attributes["ROTATION"] = f"{angle:g}"
    element = ET.SubElement(space, "TextBlock", attributes)
    for n, line in enumerate(block.lines, start=1):
        _line(element, line, f"{block.id}-l{n}")


def _line(block_element: ET.Element, line: Line, line_id: str) -> None:
    element = ET.SubElement(block_element, "TextLine", {"ID": line_id, **_position(line.box)})
    turn = quarter(line_angle(line))
    previous: Word | None = None
    for k, word in enumerate(line.words, start=1):
        if previous is not None:
            ET.SubElement(element, "SP", _space(previous, word, turn))
        attributes = {
            "ID": f"{line_id}-w{k}",
            "CONTENT": xml_text(word.text),
            **_position(word.box),
        }
        if word.confidence is not None:
            attributes["WC"] = f"{word.confidence:.4g}"
        ET.SubElement(element, "String", attributes)
        previous = word


def _space(before: Word, after: Word, turn: int) -> dict[str, str]:
    """The gap between two words of a line, along the way it runs (``turn``: its quarter
    turn counter-clockwise): across x for a level line (as wide as the gap), across y for
    one running up or down a turned page (as tall as the gap, as wide as the word after)."""
    bx0, by0, bx1, by1 = int_box(before.box)
    ax0, ay0, ax1, ay1 = int_box(after.box)
    if turn in (0, 180):
        start, end = (bx1, ax0) if turn == 0 else (ax1, bx0)
        return {"HPOS": str(start), "VPOS": str(ay0), "WIDTH": str(max(0, end - start))}
    start, end = (ay1, by0) if turn == 90 else (by1, ay0)
    return {
        "HPOS": str(ax0),
        "VPOS": str(start),
        "WIDTH": str(ax1 - ax0),
        "HEIGHT": str(max(0, end - start)),
    }


def _position(box: Sequence[float]) -> dict[str, str]:
    x0, y0, x1, y1 = int_box(box)
    return {"HPOS": str(x0), "VPOS": str(y0), "WIDTH": str(x1 - x0), "HEIGHT": str(y1 - y0)}
