"""Plain text: each line on its own line (a tab for a wide gap), a blank line between blocks,
a form feed between pages."""

from docparse.model import Block, Document, Page
from docparse.reading_order import line_text


def render(doc: Document) -> str:
    return "\f".join(_page(page) for page in doc.pages)


def paragraph(block: Block) -> str:
    """A block's lines joined with spaces: the single paragraph Markdown and DOCX show."""
    return " ".join(line.text for line in block.lines)


def _page(page: Page) -> str:
    """Each line as :func:`line_text` writes it: a wide gap (label … amount) is a tab."""
    text = "\n\n".join("\n".join(line_text(line) for line in block.lines) for block in page.blocks)
    return f"{text}\n" if text else ""
