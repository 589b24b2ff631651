"""A second reading of what the fields hang on: the amounts the first reading lost, the
amounts it read, a receipt's address lines.

**Lost.** Tesseract sometimes drops a receipt's whole right-hand column of amounts (a
narrow thermal receipt, a tinted background): the labels are read (합계, TOTAL, 부가세) and
their values are not. Extraction must not depend on that one reading: for every amount
label of an OCR page with no amount after it on its row, the strip right of the label on
that row is cut out and read alone, and the amounts found there join the page's words
(reading order is then run again). Nothing is re-read on text-layer pages or when no label
lacks its value.

**Read.** A total, a subtotal or a tax hangs on a few digits, and a recogniser can read one
wrong with every character sure ("112.48" for 112.45 by PP-OCR's tiny recogniser, on a SROIE
receipt), which no confidence rule catches; the page's arithmetic does (subtotal + VAT =
total, the items' sum). On a page where a check fails, an engine with a second reader
(:class:`~docparse.engines.base.RereadingEngine`) reads again the rows of the amount labels;
the amounts read differently replace the first readings, all of them or one alone, when
more checks then hold: the arithmetic chooses between the readings (the second reader
misreads too: "0.QQ", "7:88").

**Name and address.** A receipt's unlabelled merchant name and address
(:func:`docparse.keyfields.header.header`) are a few lines of names that no lexicon checks,
so an engine's second reader reads them again and its reading is kept: PP-OCR's small
recogniser reads them better than the tiny one the default ``cascade`` reads most lines with
(SROIE test split, address F1 0.569 against 0.462; SROIE dev, 84 receipts: company 0.881
→ 0.917 with the name's line read again too and the name misreads of
:mod:`~docparse.keyfields.misreads`) and at a few lines per receipt costs little; a line
the second reading loses more than a ``ADDRESS_LOSS`` share of the characters of is kept
as it was.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from docparse.engines.base import RereadingEngine, read_pages
from docparse.keyfields.extractor import extract_pages
from docparse.keyfields.header import header
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
ADDRESS_LOSS = 0.25
"""Share of a line's characters (spaces aside) a second reading may lose and still be kept."""


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


def amount_rows(page: Page) -> list[tuple[list[Word], list[Word]]]:
    """For each line with an amount label: its words from the label on (read again as one
    row), and those of them holding a digit after the label, up to the next label."""
    rows = []
    for line in text_lines([page]):
        hits = find_labels(line)
        wanted: dict[int, Word] = {}
        first = len(line.line.words)
        for hit in hits:
            if hit.field not in AMOUNT_FIELDS:
                continue
            first = min(first, line.word_of(hit.start))
            end = min((h.start for h in hits if h.start >= hit.end), default=len(line.text))
            for start, word in zip(line.starts, line.line.words, strict=True):
                if hit.end <= start < end and any(c.isdigit() for c in word.text):
                    wanted[id(word)] = word
        if wanted:
            rows.append((list(line.line.words[first:]), list(wanted.values())))
    return rows


def reread_amounts(document: Document, parser: Parser, path: str | Path) -> Document:
    """The document with the amounts of :func:`missing_strips` read again, or as it was."""
    pages = reread_pages(document.pages, parser, path)
    return document if pages is document.pages else document.model_copy(update={"pages": pages})


def reread_pages(pages: list[Page], parser: Parser, path: str | Path) -> list[Page]:
    """The pages of ``path`` with the amounts of :func:`missing_strips` read again (the same
    list when nothing needed it)."""
    pages = _lost_amounts(pages, parser, path)
    pages = _confirmed_amounts(pages, parser, path)
    return _header_read_again(pages, parser, path)


def header_rows(page: Page) -> list[list[list[Word]]]:
    """The words of each line of the page's unlabelled merchant name and of its address
    (receipts): one group of rows for each that is found, the name's first."""
    lines = text_lines([page])
    hits = [hit for line in lines for hit in find_labels(line)]
    return [
        [list(line.line.words) for line in (found.line, *found.more)]
        for found in header(lines, hits)
        if found is not None
    ]


def _header_read_again(pages: list[Page], parser: Parser, path: str | Path) -> list[Page]:
    """The pages with their name and address lines as the engine's second reader reads them
    (the same list when the engine has none or no page has a name or an address)."""
    wanted = {
        page.index: rows for page in pages if page.source == "ocr" and (rows := header_rows(page))
    }
    engine = parser.engine if wanted else None
    if not isinstance(engine, RereadingEngine):
        return pages
    by_index = {page.index: page for page in pages}
    for index, image in parser.page_images(path):
        if index not in wanted:
            continue
        # each group is read in its own call: a recogniser pads the strips it reads together
        # to one width, so what is read with a row changes its reading
        groups = wanted[index]
        readings = [again for rows in groups for again in engine.read_again(image, rows)]
        replaced: dict[int, list[Word]] = {}
        rows = [row for group in groups for row in group]
        for row, again in zip(rows, readings, strict=True):
            before = sum(len(word.text.replace(" ", "")) for word in row)
            after = sum(len(word.text.replace(" ", "")) for word in again if word is not None)
            if after < (1 - ADDRESS_LOSS) * before:
                continue
            # a word the second reading read nothing on was joined to its neighbour there
            # ("SE LANGOR" read as "SELANGOR")
            replaced |= {
                id(word): [new] if new else [] for word, new in zip(row, again, strict=True)
            }
        if replaced:
            page = by_index[index]
            words = [new for word in page.words() for new in replaced.get(id(word), [word])]
            by_index[index] = page.model_copy(update={"blocks": build_blocks(words, index)})
    return [by_index[page.index] for page in pages]


def _confirmed_amounts(pages: list[Page], parser: Parser, path: str | Path) -> list[Page]:
    """The pages whose checks fail with the amounts of :func:`amount_rows` read again by the
    engine's second reader where more checks then hold (the same list when the engine has
    none or nothing changed)."""
    wanted = {
        page.index: rows
        for page in pages
        if page.source == "ocr" and _fails(_checks(page)) and (rows := amount_rows(page))
    }
    engine = parser.engine if wanted else None
    if not isinstance(engine, RereadingEngine):
        return pages
    by_index = {page.index: page for page in pages}
    changed = False
    for index, image in parser.page_images(path):
        if index not in wanted:
            continue
        rows = wanted[index]
        readings = engine.read_again(image, [row for row, _ in rows])
        replaced = {}
        for (row, amounts), again in zip(rows, readings, strict=True):
            ids = {id(word) for word in amounts}
            for word, second in zip(row, again, strict=True):
                if id(word) not in ids or second is None or second.text == word.text:
                    continue
                if AMOUNT.fullmatch(second.text):
                    replaced[id(word)] = second
        if not replaced:
            continue
        page = by_index[index]
        chosen = _best_reading(page, replaced)
        if chosen is not page:
            by_index[index] = chosen
            changed = True
    return [by_index[page.index] for page in pages] if changed else pages


def _best_reading(page: Page, replaced: dict[int, Word]) -> Page:
    """The page with all second readings, or one of them alone, whichever makes the most
    checks hold (a second reading can be wrong too), fewer changes first on a tie; the page
    as it was unless more checks hold."""
    variants = [replaced] + ([{k: v} for k, v in replaced.items()] if len(replaced) > 1 else [])
    best, best_held = page, _checks(page)[0]
    for variant in sorted(variants, key=len):
        words = [variant.get(id(word), word) for word in page.words()]
        second = page.model_copy(update={"blocks": build_blocks(words, page.index)})
        held = _checks(second)[0]
        if held > best_held:
            best, best_held = second, held
    return best


def _fails(checks: tuple[int, int]) -> bool:
    held, made = checks
    return held < made


def _checks(page: Page) -> tuple[int, int]:
    """How many of the page's arithmetic checks hold, of how many were made."""
    checks = extract_pages([page], "", "").checks
    return sum(check.ok for check in checks), len(checks)


def _lost_amounts(pages: list[Page], parser: Parser, path: str | Path) -> list[Page]:
    """The pages with the amounts of :func:`missing_strips` read again (the same list when
    nothing needed it)."""
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
