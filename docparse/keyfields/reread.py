"""A second reading of the amounts the first one lost.

Tesseract sometimes drops a receipt's whole right-hand column of amounts (a narrow thermal
receipt, a tinted background): the labels are read (합계, TOTAL, 부가세) and their values
are not. Extraction must not depend on that one reading: for every amount label of an OCR
page with no amount after it on its row, the strip right of the label on that row is cut
out and read alone, and the amounts found there join the page's words (reading order is
then run again). Nothing is re-read on text-layer pages or when no label lacks its value.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from docparse.engines.base import read_pages
from docparse.keyfields.lexicon import AMOUNT_FIELDS
from docparse.keyfields.lines import find_labels, text_lines, values_in
from docparse.keyfields.values import AMOUNT
from docparse.model import Box, Document, Page, Word
from docparse.pipeline import Parser
from docparse.reading_order import build_blocks

MIN_STRENGTH = 0.8
"""Only labels that surely name an amount are worth a second reading."""
MARGIN = 0.35
"""Share of the row's height added above and below the strip."""


def missing_strips(page: Page) -> list[Box]:
    """Strips (page pixels) right of amount labels that have no amount after them."""
    strips = []
    for line in text_lines([page]):
        for hit in find_labels(line):
            if hit.field not in AMOUNT_FIELDS or hit.score < MIN_STRENGTH:
                continue
            if values_in(line, AMOUNT, hit.end):
                continue
            _, y0, _, y1 = line.line.box
            height = y1 - y0
            strips.append(
                (
                    min(hit.box[2] + height / 2, page.width - 1),
                    max(0.0, y0 - MARGIN * height),
                    float(page.width),
                    min(float(page.height), y1 + MARGIN * height),
                )
            )
    return strips


def reread_amounts(document: Document, parser: Parser, path: str | Path) -> Document:
    """The document with the amounts of :func:`missing_strips` read again, or as it was."""
    pages = reread_pages(document.pages, parser, path)
    return document if pages is document.pages else document.model_copy(update={"pages": pages})


def reread_pages(pages: list[Page], parser: Parser, path: str | Path) -> list[Page]:
    """The pages of ``path`` with the amounts of :func:`missing_strips` read again (the same
    list when nothing needed it)."""
    wanted = {
        page.index: strips
        for page in pages
        if page.source == "ocr" and (strips := missing_strips(page))
    }
    if not wanted:
        return pages
    by_index = {page.index: page for page in pages}
    for index, image in parser.page_images(path):
        if index not in wanted:
            continue
        found: list[Word] = []
        for box in wanted[index]:
            crop = image.crop(tuple(round(v) for v in box))
            if crop.width < 2 or crop.height < 2:
                continue
            # the engine prepares the strip as it reads pages (Tesseract: 30-px text)
            (result,) = read_pages(parser.engine, [crop])
            moved = [word.shifted(box[0], box[1]) for word in result.words]
            found += [w for w in moved if any(c.isdigit() for c in w.text)]
        if found:
            page = by_index[index]
            words = _merged(list(page.words()), found)
            by_index[index] = page.model_copy(update={"blocks": build_blocks(words, index)})
    return [by_index[page.index] for page in pages]


def _merged(words: list[Word], new: Sequence[Word]) -> list[Word]:
    """The page's words and the new ones that do not overlap a word already there."""
    kept = list(words)
    for word in new:
        x0, y0, x1, y1 = word.box
        if not any(
            min(x1, w.box[2]) > max(x0, w.box[0]) and min(y1, w.box[3]) > max(y0, w.box[1])
            for w in words
        ):
            kept.append(word)
    return kept
