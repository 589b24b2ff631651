"""Documents built by hand for the output-format tests: known words on real sample files,
so that formats which redraw the source (PDF, overlay) find it, without running OCR."""

from __future__ import annotations

from pathlib import Path

from docparse.io.hashing import sha256_of
from docparse.model import Block, Document, Line, Page, Word, union_box

SAMPLES = Path(__file__).resolve().parent.parent / "samples"
RECEIPT = SAMPLES / "receipt.png"  # 506 × 960 pixels
INVOICE = SAMPLES / "invoice.pdf"  # one A4 page, image only
TWO_COLUMN = SAMPLES / "two_column.pdf"  # born-digital

WordSpec = tuple[str, tuple[float, float, float, float], float | None]


def line(*specs: WordSpec) -> Line:
    return Line.of([Word(text=t, box=b, confidence=c, engine="test") for t, b, c in specs])


def line_running_up(first: str, second: str) -> Line:
    """A line of two words running up a turned page: 30 pixels thick, 400 long, each word a
    quad (text direction up the page)."""
    return Line.of(
        [
            Word(
                text=text,
                box=(100, y0, 130, y1),
                quad=((100, y1), (100, y0), (130, y0), (130, y1)),
                confidence=0.9,
                engine="test",
            )
            for text, y0, y1 in ((first, 500, 700), (second, 300, 480))
        ]
    )


def block(block_id: str, *lines: Line) -> Block:
    return Block(id=block_id, lines=list(lines), box=union_box(ln.box for ln in lines))


def page(index: int, width: int, height: int, *blocks: Block, dpi: float | None = None) -> Page:
    return Page(index=index, width=width, height=height, dpi=dpi, source="ocr", blocks=list(blocks))


def document(source: Path, *pages: Page) -> Document:
    return Document(
        source=str(source),
        sha256=sha256_of(source),
        page_count=len(pages),
        engine="test",
        pages=list(pages),
    )


def receipt_document() -> Document:
    """Korean and English words, XML-special characters, every kind of confidence."""
    return document(
        RECEIPT,
        page(
            0,
            506,
            960,
            block(
                "p1-b1",
                line(("합계", (60, 600, 140, 630), 0.95), ("Total:", (150, 600, 250, 630), 0.5)),
                line(
                    ("<&>\"'", (60, 650, 200, 680), None), ("162,820원", (220, 650, 420, 680), 0.0)
                ),
            ),
            block("p1-b2", line(("감사합니다", (150, 820, 350, 850), 1.0))),
        ),
    )
