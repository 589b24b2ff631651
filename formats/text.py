"""Plain text: each line on its own line, a blank line between blocks, a form feed between pages."""

from docparse.model import Block, Document


def render(doc: Document) -> str:
    return doc.to_text()


def paragraph(block: Block) -> str:
    """A block's lines joined with spaces: the single paragraph Markdown and DOCX show."""
    return " ".join(line.text for line in block.lines)
