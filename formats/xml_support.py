"""What the XML formats (hOCR, ALTO) share: text XML can hold, integer boxes, serialising."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from collections.abc import Collection, Sequence

# Control characters XML 1.0 cannot hold (PDF text layers sometimes carry them).
_NOT_XML = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def xml_text(text: str) -> str:
    """``text`` without the characters XML 1.0 forbids (escaping is the serialiser's job)."""
    return _NOT_XML.sub("", text)


def int_box(box: Sequence[float]) -> tuple[int, int, int, int]:
    """A pixel box rounded to whole pixels."""
    x0, y0, x1, y1 = (round(value) for value in box)
    return x0, y0, x1, y1


def serialise(root: ET.Element, preamble: str = "", void: Collection[str] | None = None) -> str:
    """The XML declaration, ``preamble`` (e.g. a DOCTYPE) and the indented tree. With
    ``void`` (HTML's void elements used, e.g. ``meta``), only those are written ``<x />``:
    every other element gets its end tag even when empty, as an HTML parser reads
    ``<div/>`` as an opening tag (the next page would go inside an empty one)."""
    ET.indent(root)
    body = ET.tostring(root, encoding="unicode", short_empty_elements=void is None)
    for tag in void or ():
        body = re.sub(rf"<{tag}((?:\s[^>]*)?)></{tag}>", rf"<{tag}\1 />", body)
    return f'<?xml version="1.0" encoding="UTF-8"?>\n{preamble}{body}\n'
