"""The document model as JSON, with Korean and other non-ASCII text left readable."""

from docparse.model import Document


def render(doc: Document, indent: int | None = 2) -> str:
    """The whole model as JSON and a newline (a text file's last line ends with one);
    ``indent=None`` gives one compact line."""
    return doc.to_json(indent=indent) + "\n"


def load(text: str | bytes) -> Document:
    """Reads back what :func:`render` wrote (validating it)."""
    return Document.model_validate_json(text)
