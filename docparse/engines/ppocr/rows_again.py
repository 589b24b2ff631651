"""Rows of words read again as one strip each by the final recogniser (the fields a
receipt's values hang on: :mod:`docparse.keyfields.reread`), each word given the characters
read over it."""

from __future__ import annotations

from collections.abc import Sequence
from itertools import pairwise

import numpy as np
from PIL import Image

from docparse.engines.ppocr import lines, recognizer
from docparse.engines.ppocr.line_reader import spaced
from docparse.engines.ppocr.models import characters
from docparse.model import Word, union_box

READ_AGAIN_SPACE = 0.25
"""Ink gap (share of the line height) from which a space of the first reading stays where
the second reading reads one word across it: letter-spaced receipt fonts leave up to about
0.21 between letters, a monospaced word space is about 0.4 (``spacing.CELL_GAP``)."""
READ_AGAIN_CONTEXT = 1.0
"""Heights of blank or neighbouring text read past each end of a row read again (a cut at
the row's last character loses it; see ``recognizer.CONTEXT``)."""


def read_again(
    image: Image.Image, rows: Sequence[Sequence[Word]], size: str
) -> list[list[Word | None]]:
    """Each row of words (left to right on one visual line) read again as one strip by
    the final recogniser (``small``), the strip reaching ``READ_AGAIN_CONTEXT`` heights
    past its ends (None for a word nothing was read on). With ``cascade`` the tiny
    recogniser reads a digit wrong with every character sure
    ("112.48" for 112.45 on a SROIE receipt): nothing doubts it, so the rows a field
    hangs on are read again. Each word gets the words read that overlap it most
    (:func:`_assigned`). The row is read whole because the small recogniser reads a
    word cut out alone worse than in its line ("277.aa" for 277.00, SROIE dev). A
    monospaced row is spaced by its character cells (:func:`.spacing.by_cells`). A row
    first read with a character the recogniser cannot emit is returned as it was
    (:func:`unreadable`)."""
    known = frozenset(characters(size))
    readable = [not any(unreadable(word.text, known) for word in row) for row in rows]
    chosen = [row for row, ok in zip(rows, readable, strict=True) if ok]
    again = iter(_read_rows(image, chosen, size))
    return [next(again) if ok else list(row) for row, ok in zip(rows, readable, strict=True)]


def unreadable(text: str, known: frozenset[str]) -> bool:
    """Whether ``text`` holds a character outside the recogniser's dictionary ``known``.
    PP-OCR's dictionaries hold no Hangul: a Hangul word on a page read by PP-OCR was read by
    Tesseract (:mod:`.routing`), and PP-OCR reading its row again gives other scripts for it
    ("영수증 RECEIPT" read "今 RECEIPT", 今 at 0.47 where 영수증 was read 0.95 sure) and
    loses what stands beside it ("서울특별시 강남구 테헤란로 123": nothing read on 123)."""
    return any(c not in known for c in text if not c.isspace())


def _read_rows(
    image: Image.Image, rows: Sequence[Sequence[Word]], size: str
) -> list[list[Word | None]]:
    """:func:`read_again` on rows the recogniser can read."""
    if not rows:
        return []
    page = np.asarray(image.convert("RGB"))
    strips, spans = [], []
    for row in rows:
        first = np.array(_quad_of(row[0]), dtype=np.float32)
        last = np.array(_quad_of(row[-1]), dtype=np.float32)
        along = first[1] - first[0]
        unit = along / max(1e-6, float(np.hypot(*along)))
        height = float(np.hypot(*(first[3] - first[0])))
        step = unit * READ_AGAIN_CONTEXT * height
        grown = np.array([first[0] - step, last[1] + step, last[2] + step, first[3] - step])
        strip = lines.cut(page, grown)
        # a word's columns on the strip: its corners projected on the row
        origin = grown[0]
        spans.append(
            [
                (
                    strip.pad + float(np.dot(quad[0] - origin, unit)),
                    strip.pad + float(np.dot(quad[1] - origin, unit)),
                )
                for quad in (np.array(_quad_of(word), dtype=np.float32) for word in row)
            ]
        )
        strips.append(strip)
    readings = recognizer.read([strip.image for strip in strips], size)
    return [
        _assigned(row, row_spans, spaced(strip, reading, cells=True))
        for row, row_spans, strip, reading in zip(rows, spans, strips, readings, strict=True)
    ]


def _quad_of(word: Word) -> list[tuple[float, float]]:
    """The word's quadrilateral (top-left, top-right, bottom-right, bottom-left)."""
    if word.quad is not None:
        return list(word.quad)
    x0, y0, x1, y1 = word.box
    return [(x0, y0), (x1, y0), (x1, y1), (x0, y1)]


def _runs(
    read: recognizer.ReadWord, middles: Sequence[float]
) -> list[tuple[int, str, list[float]]]:
    """The characters of a word read, in runs by the row's word they are centred on (its
    index, the characters, their probabilities); punctuation alone in a run goes with the
    run before it (a comma centred past the middle of the space after its word)."""
    runs: list[tuple[int, str, list[float]]] = []
    for char, x, p in zip(read.text, read.centres, read.probabilities, strict=False):
        k = sum(x >= middle for middle in middles)
        if runs and runs[-1][0] == k:
            runs[-1] = (k, runs[-1][1] + char, runs[-1][2] + [p])
        else:
            runs.append((k, char, [p]))
    kept: list[tuple[int, str, list[float]]] = []
    for k, chars, ps in runs:
        if kept and not any(c.isalnum() for c in chars):
            kept[-1] = (kept[-1][0], kept[-1][1] + chars, kept[-1][2] + ps)
        else:
            kept.append((k, chars, ps))
    if len(kept) > 1 and not any(c.isalnum() for c in kept[0][1]):
        first = kept.pop(0)
        kept[0] = (kept[0][0], first[1] + kept[0][1], first[2] + kept[0][2])
    return kept


def _assigned(
    row: Sequence[Word], spans: Sequence[tuple[float, float]], reading: recognizer.ReadLine
) -> list[Word | None]:
    """Each word of ``row`` with the characters of ``reading`` centred nearer it than its
    neighbours (the middles of the gaps between the words' spans, strip pixels) as its text,
    their mean probability its confidence; None where none are. The second reading's spaces
    inside a word's span are kept ("KUALALUMPUR" read again as "KUALA LUMPUR"); where it
    reads one word across two of the row's, the two are one word when the ink gap between
    them is narrower than ``READ_AGAIN_SPACE`` line heights ("SE LANGOR", a space the first
    reading put inside a word) and stay two otherwise ("DARUL EHSAN" read as one word) —
    unless the row is monospaced (``reading.pitch``): its second reading is spaced by its
    empty cells, and a gap a cell wide is a narrow letter the first reading lost ("MA URI"
    for MALURI, SROIE dev), not a space."""
    middles = [(left[1] + right[0]) / 2 for left, right in pairwise(spans)]
    texts = [""] * len(row)
    probabilities: list[list[float]] = [[] for _ in row]
    joined = [False] * len(row)
    for read in reading.words:
        for n, (k, chars, ps) in enumerate(_runs(read, middles)):
            if n > 0:  # the word read goes on over the next word of the row
                height = row[k].box[3] - row[k].box[1]
                narrow = spans[k][0] - spans[k - 1][1] < READ_AGAIN_SPACE * height
                joined[k] = narrow or reading.pitch is not None
            elif texts[k]:
                texts[k] += " "
            texts[k] += chars
            probabilities[k] += ps
    found: list[Word | None] = []
    for k, word in enumerate(row):
        if joined[k] and found and found[-1] is not None and texts[k]:
            before = found[-1]
            box = union_box([before.box, word.box])
            text = before.text + texts[k].strip()
            found[-1] = before.model_copy(update={"text": text, "box": box, "quad": None})
            found.append(None)
        elif texts[k].strip():
            confidence = float(np.mean(probabilities[k]))
            found.append(
                word.model_copy(update={"text": texts[k].strip(), "confidence": confidence})
            )
        else:
            found.append(None)
    return found
