"""Tables as Markdown, HTML and CSV. ``markdown_grid`` renders any grid of strings as a
Markdown pipe table (other writers of tabular text use it too); a table whose cells span rows
or columns, which pipe tables cannot show, becomes an HTML ``<table>`` inside the Markdown."""

from __future__ import annotations

import csv
import html
import io
from collections.abc import Callable, Sequence

from docparse.model import Table


def escape_pipes(text: str) -> str:
    """Backslashes and pipes escaped: all a pipe table's cell needs."""
    return text.replace("\\", "\\\\").replace("|", "\\|")


def markdown_grid(
    rows: Sequence[Sequence[str]],
    header_rows: int = 1,
    escape: Callable[[str], str] = escape_pipes,
) -> str:
    """A pipe table of ``rows`` (ragged rows are padded), each cell's whitespace collapsed
    and then ``escape``d. Pipe tables have exactly one header row: with ``header_rows`` 0 it
    is left empty, with more than one the first rows are joined into it."""
    width = max((len(row) for row in rows), default=0)
    if not width:
        return ""
    padded = [[escape(" ".join(text.split())) for text in row] for row in rows]
    padded = [row + [""] * (width - len(row)) for row in padded]
    if header_rows <= 0:
        header, body = [""] * width, padded
    else:
        header = [
            " ".join(part for part in column if part)
            for column in zip(*padded[:header_rows], strict=True)
        ]
        body = padded[header_rows:]
    lines = [_pipe_row(header), _pipe_row(["---"] * width), *(_pipe_row(row) for row in body)]
    return "\n".join(lines)


def markdown_table(table: Table, escape: Callable[[str], str] = escape_pipes) -> str:
    """A pipe table, or an HTML table when cells span."""
    if table.has_spans:
        return html_table(table)
    return markdown_grid(table.text_grid(), table.header_rows, escape)


def html_table(table: Table) -> str:
    out = ["<table>"]
    slots = table.slots()
    for r, row in enumerate(slots):
        out.append("<tr>")
        for c, cell in enumerate(row):
            if (cell.row, cell.col) != (r, c):
                continue
            tag = "th" if cell.header else "td"
            spans = "".join(
                f' {name}="{value}"'
                for name, value in (("rowspan", cell.row_span), ("colspan", cell.col_span))
                if value > 1
            )
            out.append(f"<{tag}{spans}>{html.escape(cell.text)}</{tag}>")
        out.append("</tr>")
    out.append("</table>")
    return "".join(out)


def csv_text(table: Table) -> str:
    """The table's text grid as CSV (a spanning cell's text in its first slot)."""
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\n").writerows(table.text_grid())
    return buffer.getvalue()


def _pipe_row(cells: Sequence[str]) -> str:
    return "| " + " | ".join(cells) + " |"
