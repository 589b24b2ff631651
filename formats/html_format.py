"""A standalone HTML page of the document: a section per page, a paragraph per text block,
an HTML table per table (spanning cells as rowspan/colspan, header cells as ``<th>``)."""

import html
from pathlib import Path

from docparse.formats.tables import html_table
from docparse.formats.text import paragraph
from docparse.model import Document, Page

_STYLE = (
    "body{font-family:sans-serif;max-width:60em;margin:auto;padding:1em}"
    "table{border-collapse:collapse;margin:1em 0}"
    "td,th{border:1px solid #888;padding:.2em .5em;vertical-align:top}"
)


def render(doc: Document) -> str:
    title = html.escape(Path(doc.source).name)
    body = "\n".join(_page(page, headed=len(doc.pages) > 1) for page in doc.pages)
    return (
        '<!DOCTYPE html>\n<html><head><meta charset="utf-8">'
        f"<title>{title}</title><style>{_STYLE}</style></head>\n<body>\n{body}\n</body></html>\n"
    )


def _page(page: Page, headed: bool) -> str:
    parts = [f'<section id="page-{page.number}">']
    if headed:
        parts.append(f"<h2>Page {page.number}</h2>")
    for block in page.blocks:
        if block.table is not None:
            parts.append(html_table(block.table))
        else:
            parts.append(f"<p>{html.escape(paragraph(block))}</p>")
    parts.append("</section>")
    return "\n".join(parts)
