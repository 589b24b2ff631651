"""Markdown for reading and RAG: a paragraph per block, ``## Page N`` when there are pages;
on a form or receipt, key–value rows and item tables as pipe tables (:mod:`structure`)."""

import re

from docparse.formats.structure import markdown_grid, segments
from docparse.formats.tables import markdown_table
from docparse.model import Document, Page

# Characters that start emphasis, code, links, HTML or table cells anywhere in a line.
_INLINE = re.compile(r"[\\`*_\[\]<|]")
# An ampersand that starts a character reference ("&amp;", "&#54620;"), which Markdown decodes.
_ENTITY = re.compile(r"&(?=#?[0-9A-Za-z]+;)")
# A paragraph starting like a heading, quote, list item or code fence.
_BLOCK_START = re.compile(r"^([#>+\-~])|^(\d{1,9})([.)])(?=\s|$)")


def render(doc: Document) -> str:
    headed = len(doc.pages) > 1 or any(needs_heading(page) for page in doc.pages)
    parts: list[str] = []
    for page in doc.pages:
        if headed:
            parts.append(heading(page))
        if body := page_body(page):
            parts.append(body)
    return "\n\n".join(parts) + "\n" if parts else ""


def needs_heading(page: Page) -> bool:
    """A page chosen out of several keeps its number (``--pages 2`` of a 3-page file)."""
    return page.number != 1


def heading(page: Page) -> str:
    return f"## Page {page.number}"


def page_body(page: Page) -> str:
    """The page's paragraphs and tables, without its heading."""
    parts = []
    for part in segments(page):
        if part.table is not None:
            parts.append(markdown_table(part.table, escape))
        else:
            parts.append(markdown_grid(part, escape) if part.is_table else escape(part.text))
    return "\n\n".join(parts)


def escape(text: str) -> str:
    """Backslash-escapes what Markdown would read as markup, leaving other text as is."""
    text = _INLINE.sub(lambda match: "\\" + match.group(), text)
    text = _ENTITY.sub(r"\\&", text)
    return _BLOCK_START.sub(_escape_start, text)


def _escape_start(match: re.Match[str]) -> str:
    if match.group(1):
        return "\\" + match.group(1)
    return f"{match.group(2)}\\{match.group(3)}"
