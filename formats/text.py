"""Plain text: each line on its own line (a tab for a wide gap), a blank line between blocks,
a form feed between pages."""

from itertools import pairwise

from docparse.model import Block, Document, Line, Page

WIDE_GAP = 1.2
"""A gap this many word heights wide or more is written as a tab: reading order's gutter
width (``docparse.reading_order.GUTTER_WIDTH``), the gap between a label and its
right-aligned value on a receipt."""


def render(doc: Document) -> str:
    return "\f".join(page_text(page) for page in doc.pages)


def page_text(page: Page) -> str:
    """A page's lines as :func:`line_text` writes them, a blank line between blocks."""
    text = "\n\n".join("\n".join(line_text(line) for line in block.lines) for block in page.blocks)
    return f"{text}\n" if text else ""


def line_text(line: Line) -> str:
    """The line's words joined by spaces, with a tab where a gap of ``WIDE_GAP`` word heights
    or more separates them (a label and its right-aligned value)."""
    if not line.words:
        return ""
    parts = [line.words[0].text]
    for left, right in pairwise(line.words):
        height = max(left.box[3] - left.box[1], right.box[3] - right.box[1])
        parts.append("\t" if right.box[0] - left.box[2] >= WIDE_GAP * height else " ")
        parts.append(right.text)
    return "".join(parts)


def paragraph(block: Block) -> str:
    """A block's lines joined with spaces: the single paragraph Markdown and DOCX show."""
    return " ".join(line.text for line in block.lines)
