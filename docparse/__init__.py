"""docparse: Korean and English documents to text with exact positions."""

from docparse.model import Block, Document, Line, Page, Word
from docparse.pipeline import ParseOptions, Parser, parse

__all__ = ["Block", "Document", "Line", "Page", "ParseOptions", "Parser", "Word", "parse"]
__version__ = "0.1.0"
