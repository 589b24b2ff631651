"""Chunks for retrieval (RAG): pieces of a Document's text in reading order, each with the
provenance to find and highlight it in the source.

The text chunks index into is ``Document.text``: pages joined by a blank line, blocks by a
blank line, lines by a newline, words by a space. A chunk is ``text[char_start:char_end]``;
it starts at a word (the first chunk at 0) and ends just before the next chunk's new words
begin, so it ends with the separator after its last word (the last chunk at the end of the
text). Chunk ``k`` starts with up to ``overlap`` characters of chunk ``k-1``'s tail, whole
words only: ``text[k.char_start:k-1.char_end]``. Dropping that overlap from each chunk and
concatenating gives back ``Document.text`` exactly (for a Document with at least one word;
one without words has no chunks).

``max_chars`` bounds each chunk from its first word to its last (``len(text.strip())``),
except a single word longer than that, which becomes a chunk of its own. Chunks end at a
block (or page) boundary when one fits, else at a line boundary, else between words: a
word, Korean or not, is never split.

Tables: a table block's lines are its rows, and a chunk ends inside a row only when the row
alone is longer than ``max_chars``; its overlap starts at a row's start. A chunk that starts in
a table's body carries the table's header rows in ``table_header`` (cells joined by " | ",
rows by newlines), so the rows it holds can be read without the chunk before it."""

from __future__ import annotations

from dataclasses import dataclass

from pydantic import BaseModel, Field

from docparse.model import Block, Box, Document, Page, Word

_IN_ROW, _WORD, _LINE, _BLOCK, _END = 0, 1, 2, 3, 4
"""How strong the boundary after a word is: the chunker ends chunks at the strongest."""


class ChunkBox(BaseModel):
    """Where one word of a chunk is: its page and its box in that page's pixels."""

    page: int = Field(ge=1, description="page number in the source, 1-based (Page.number)")
    box: Box


class Chunk(BaseModel):
    index: int = Field(ge=0, description="position of the chunk in the document's chunks")
    text: str
    char_start: int = Field(ge=0, description="offset of text in Document.text")
    char_end: int = Field(ge=0, description="offset just after text in Document.text")
    pages: list[int] = Field(description="page numbers (1-based, Page.number) it spans, in order")
    boxes: list[ChunkBox] = Field(description="one per word of the chunk, in reading order")
    block_ids: list[str] = Field(description="the blocks its words belong to, in order")
    source: str = Field(description="path of the input file")
    sha256: str = Field(description="sha256 of the input file")
    table_header: str | None = Field(
        default=None, description="header rows of the table the chunk starts inside, if any"
    )


@dataclass(frozen=True)
class _Span:
    """A word as placed in Document.text."""

    start: int
    end: int
    boundary: int  # strength of the boundary after it
    page: int  # page number, 1-based
    block_id: str
    box: Box
    table_header: str | None = None  # for a word in a table's body: the table's header


def chunk_document(doc: Document, max_chars: int = 1000, overlap: int = 100) -> list[Chunk]:
    """The Document's chunks (see the module's description)."""
    if max_chars < 1:
        raise ValueError("max_chars must be at least 1")
    if not 0 <= overlap < max_chars:
        raise ValueError("overlap must be at least 0 and less than max_chars")
    spans = word_spans(doc)
    text = doc.text
    chunks: list[Chunk] = []
    first = previous_first = 0  # first new word of this chunk; first word of the previous
    while first < len(spans):
        start = _overlap_start(spans, previous_first, first, overlap) if chunks else first
        while start < first and spans[first].end - spans[start].start > max_chars:
            start += 1
        last = _last_word(spans, start, first, max_chars)
        char_start = spans[start].start if chunks else 0
        char_end = spans[last + 1].start if last + 1 < len(spans) else len(text)
        chunks.append(_chunk(doc, text, spans[start : last + 1], len(chunks), char_start, char_end))
        previous_first, first = start, last + 1
    return chunks


def page_chunks(doc: Document) -> list[Chunk]:
    """One chunk per page that has words, without overlap; they tile Document.text as
    :func:`chunk_document`'s do."""
    spans = word_spans(doc)
    if not spans:
        return []
    text = doc.text
    firsts = [i for i, span in enumerate(spans) if i == 0 or span.page != spans[i - 1].page]
    chunks: list[Chunk] = []
    for first, following in zip(firsts, [*firsts[1:], len(spans)], strict=True):
        char_start = spans[first].start if chunks else 0
        char_end = spans[following].start if following < len(spans) else len(text)
        chunks.append(_chunk(doc, text, spans[first:following], len(chunks), char_start, char_end))
    return chunks


def word_spans(doc: Document) -> list[_Span]:
    """Every word with its place in ``doc.text``, following how Document.text joins them."""
    placed: list[tuple[int, int, tuple[int, int, int], Page, Block, Word]] = []
    position = 0
    for p, page in enumerate(doc.pages):
        position += 2 if p else 0
        for b, block in enumerate(page.blocks):
            position += 2 if b else 0
            for n, line in enumerate(block.lines):
                position += 1 if n else 0
                for w, word in enumerate(line.words):
                    position += 1 if w else 0
                    placed.append(
                        (position, position + len(word.text), (p, b, n), page, block, word)
                    )
                    position += len(word.text)
    keys = [key for _, _, key, *_ in placed]
    headers = _table_headers(doc)
    return [
        _Span(
            start,
            end,
            _boundary(key, keys[i + 1] if i + 1 < len(keys) else None, block.table is not None),
            page.number,
            block.id,
            word.box,
            headers.get((word.text, word.box)),
        )
        for i, (start, end, key, page, block, word) in enumerate(placed)
    ]


def _table_headers(doc: Document) -> dict[tuple[str, Box], str]:
    """{(text, box) of a word in a table's body: that table's header text}."""
    out: dict[tuple[str, Box], str] = {}
    for page in doc.pages:
        for table in page.tables():
            grid = table.text_grid()[: table.header_rows]
            header = "\n".join(" | ".join(row) for row in grid)
            if not header.strip(" |\n"):
                continue
            for cell in table.cells:
                if not cell.header:
                    out.update(((word.text, word.box), header) for word in cell.words)
    return out


def _boundary(
    key: tuple[int, int, int], next_key: tuple[int, int, int] | None, in_table: bool
) -> int:
    """The boundary between words at (page, block, line) ``key`` and ``next_key``."""
    if next_key is None:
        return _END
    if key[:2] != next_key[:2]:
        return _BLOCK
    if key != next_key:
        return _LINE
    return _IN_ROW if in_table else _WORD


def _overlap_start(spans: list[_Span], previous_first: int, first: int, overlap: int) -> int:
    """The earliest word of the previous chunk from which its tail is ≤ ``overlap`` chars."""
    start = first
    while start > previous_first and spans[first].start - spans[start - 1].start <= overlap:
        start -= 1
    while start < first and spans[start - 1].boundary == _IN_ROW:
        start += 1  # never half a table row
    return start


def _last_word(spans: list[_Span], start: int, first: int, max_chars: int) -> int:
    """The last word of a chunk running from ``start``, its new words from ``first``: the
    one with the strongest boundary after it among those that fit (the latest on ties)."""
    best = first
    for index in range(first, len(spans)):
        if spans[index].end - spans[start].start > max_chars:
            break
        if spans[index].boundary >= spans[best].boundary:
            best = index
    return best


def _chunk(
    doc: Document, text: str, spans: list[_Span], index: int, char_start: int, char_end: int
) -> Chunk:
    return Chunk(
        index=index,
        text=text[char_start:char_end],
        char_start=char_start,
        char_end=char_end,
        pages=list(dict.fromkeys(span.page for span in spans)),
        boxes=[ChunkBox(page=span.page, box=span.box) for span in spans],
        block_ids=list(dict.fromkeys(span.block_id for span in spans)),
        source=doc.source,
        sha256=doc.sha256,
        table_header=spans[0].table_header,
    )
