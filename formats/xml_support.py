"""What the XML formats (hOCR, ALTO) share: text XML can hold, integer boxes, serialising."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from collections.abc import Sequence

# Control characters XML 1.0 cannot hold (PDF text layers sometimes carry them).
_NOT_XML = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def xml_text(text: str) -> str:
    """``text`` without the characters XML 1.0 forbids (escaping is the serialiser's job)."""
    return _NOT_XML.sub("", text)


def int_box(box: Sequence[float]) -> tuple[int, int, int, int]:
    """A pixel box rounded to whole pixels."""
    x0, y0, x1, y1 = (round(value) for value in box)
    return x0, y0, x1, y1


def serialise(root: ET.Element, preamble: str = "") -> str:
    """The XML declaration, ``preamble`` (e.g. a DOCTYPE) and the indented tree."""
    ET.indent(root)
    body = ET.tostring(root, encoding="unicode")
    return f'<?xml version="1.0" encoding="UTF-8"?>\n{preamble}{body}\n'
