"""docparse: Korean and English documents to text with exact positions."""

from docparse.model import Block, Document, Line, Page, Word

__all__ = ["Block", "Document", "Line", "Page", "Word"]
__version__ = "0.1.0"
