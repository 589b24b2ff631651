"""Plain text: each line on its own line, a blank line between blocks, a form feed between pages."""

from docparse.model import Block, Document, Page


def render(doc: Document) -> str:
    return "\f".join(_page(page) for page in doc.pages)


def paragraph(block: Block) -> str:
    """A block's lines joined with spaces: the single paragraph Markdown and DOCX show."""
    return " ".join(line.text for line in block.lines)


def _page(page: Page) -> str:
    text = page.text
    return f"{text}\n" if text else ""
