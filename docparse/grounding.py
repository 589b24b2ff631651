"""Where does a phrase appear? With a VLM checkpoint that grounds, its own grounding answer
(``<gro>``: only its ``<obj>`` elements count; a page it answers otherwise, e.g. with OCR
markup, is searched in its words instead); with any other engine, a fuzzy search over the
recognised words, Korean-aware.

Spaces are ignored on both sides, because Korean spacing is loose and OCR often splits
Hangul words ("거 래 명세서" for "거래명세서"); text is NFC-normalised and case-folded.
Each line is searched with the next line of its block (a phrase may wrap) with rapidfuzz's
partial-ratio alignment, and the words covering the aligned characters give the box."""

from __future__ import annotations

import unicodedata
from collections.abc import Sequence

from pydantic import BaseModel, Field
from rapidfuzz import fuzz

from docparse.engines.base import GroundingEngine
from docparse.model import Box, Document, Line, Page, Word, union_box
from docparse.pipeline import Parser
from docparse.preprocess import to_page_space


class Match(BaseModel):
    """A place where the phrase was found."""

    page: int = Field(ge=1, description="page number, 1-based (Page.number)")
    text: str = Field(description="the words found there")
    box: Box
    score: float | None = Field(default=None, ge=0, le=100, description="similarity, 100 = exact")
    method: str = Field(description="'words' (searched OCR words) or the grounding engine")


def _key(text: str) -> str:
    return "".join(unicodedata.normalize("NFC", text).casefold().split())


def _same_numbers(phrase_key: str, haystack: str, start: int, end: int) -> bool:
    """Whether the aligned text ``haystack[start:end]`` holds the phrase's digits exactly:
    a digit more, less or other is another amount, date or number ("2025-03-05" is no
    match for "2025-03-06", nor "145,000" for "45,000"), however alike the rest."""
    digits = [char for char in phrase_key if char.isdigit()]
    if not digits:
        return True
    if phrase_key[0].isdigit():  # the number must not run on before the aligned text
        while start > 0 and haystack[start - 1].isdigit():
            start -= 1
    if phrase_key[-1].isdigit():
        while end < len(haystack) and haystack[end].isdigit():
            end += 1
    return [char for char in haystack[start:end] if char.isdigit()] == digits


def _window_match(
    lines: Sequence[Line], phrase_key: str, min_score: float
) -> tuple[float, list[int], list[Word]] | None:
    """The best alignment of the phrase in the words of ``lines`` (a line and the next one
    of its block, so that a phrase broken across them is found): (score, indices of the
    words it covers, the words), or None."""
    words = [word for line in lines for word in line.words]
    pieces = [_key(word.text) for word in words]
    owner = [i for i, piece in enumerate(pieces) for _ in piece]  # character → word index
    haystack = "".join(pieces)
    if not haystack:
        return None
    alignment = fuzz.partial_ratio_alignment(phrase_key, haystack, score_cutoff=min_score)
    if alignment is None or alignment.dest_end <= alignment.dest_start:
        return None
    # the aligned text spans as much of the phrase as the score asks: a line shorter than
    # the phrase aligns inside it with a high score ("sentence belongs to the left column."
    # scored 98 for "This sentence belongs to the left column", whose first word ends the
    # line before)
    if alignment.dest_end - alignment.dest_start < len(phrase_key) * min_score / 100:
        return None
    if not _same_numbers(phrase_key, haystack, alignment.dest_start, alignment.dest_end):
        return None
    covered = sorted(set(owner[alignment.dest_start : alignment.dest_end]))
    return alignment.score, covered, words


def places(page: Page, phrase: str, min_score: float = 80.0) -> list[tuple[Match, Line]]:
    """The phrase's places on the page, each with the line it begins on: each line searched
    with the next line of its block, a place found again from the line before it
    (overlapping words) kept once, the best."""
    phrase_key = _key(phrase)
    if not phrase_key:
        return []
    found: list[tuple[float, list[Word], Line]] = []
    for block in page.blocks:
        for i, line in enumerate(block.lines):
            result = _window_match(block.lines[i : i + 2], phrase_key, min_score)
            if result is None:
                continue
            score, covered, words = result
            if covered[0] >= len(line.words):  # all on the next line: found from there
                continue
            found.append((score, [words[k] for k in covered], line))
    kept: list[tuple[Match, Line]] = []
    taken: set[int] = set()
    for score, words, line in sorted(found, key=lambda item: -item[0]):
        if any(id(word) in taken for word in words):
            continue
        taken.update(id(word) for word in words)
        match = Match(
            page=page.number,
            text=" ".join(word.text for word in words),
            box=union_box(word.box for word in words),
            score=round(score, 2),
            method="words",
        )
        kept.append((match, line))
    return kept


def find_in_document(document: Document, phrase: str, min_score: float = 80.0) -> list[Match]:
    """Every place holding the phrase (score ≥ ``min_score``; a phrase may run from one line
    of a block onto the next), best first."""
    matches = [match for page in document.pages for match, _ in places(page, phrase, min_score)]
    return sorted(matches, key=lambda m: (-m.score, m.page, m.box[1], m.box[0]))


def find(parser: Parser, path: str, phrase: str, min_score: float = 80.0) -> list[Match]:
    """The phrase's boxes in the file, in page pixels: asked of the engine when it can
    ground, else searched in the OCR result."""
    engine = parser.engine
    if not (isinstance(engine, GroundingEngine) and "grounding" in engine.capabilities):
        return find_in_document(parser.parse(path), phrase, min_score)
    matches = []
    unanswered = []
    for index, page in parser.page_images(path):
        image, scale = engine.prepare(page)
        found = to_page_space(engine.find(image, phrase), scale)
        if not found:
            unanswered.append(index)
        for word in found:
            matches.append(Match(page=index + 1, text=word.text, box=word.box, method=engine.name))
    if unanswered:  # no <obj> answer: search those pages' words
        pages = ",".join(str(index + 1) for index in unanswered)
        ocr = Parser(parser.options.model_copy(update={"pages": pages}), engine=engine)
        matches.extend(find_in_document(ocr.parse(path), phrase, min_score))
    return matches
