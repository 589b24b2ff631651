"""Where does a phrase appear? With a VLM checkpoint that grounds, its own grounding answer
(``<gro>``: only its ``<obj>`` elements count; a page it answers otherwise, e.g. with OCR
markup, is searched in its words instead); with any other engine, a fuzzy search over the
recognised words, Korean-aware.

Spaces are ignored on both sides, because Korean spacing is loose and OCR often splits
Hangul words ("거 래 명세서" for "거래명세서"); text is NFC-normalised and case-folded.
Each line is searched with rapidfuzz's partial-ratio alignment, and the words covering the
aligned characters give the box."""

from __future__ import annotations

import unicodedata
from collections.abc import Sequence

from pydantic import BaseModel, Field
from rapidfuzz import fuzz

from docparse.engines.base import GroundingEngine
from docparse.model import Box, Document, Line, Word, union_box
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


def _line_matches(line: Line, phrase_key: str, min_score: float) -> Match | None:
    pieces = [_key(word.text) for word in line.words]
    owner = [i for i, piece in enumerate(pieces) for _ in piece]  # character → word index
    haystack = "".join(pieces)
    if not haystack:
        return None
    alignment = fuzz.partial_ratio_alignment(phrase_key, haystack, score_cutoff=min_score)
    if alignment is None or alignment.dest_end <= alignment.dest_start:
        return None
    covered = sorted(set(owner[alignment.dest_start : alignment.dest_end]))
    words: Sequence[Word] = [line.words[i] for i in covered]
    return Match(
        page=1,  # set by the caller
        text=" ".join(word.text for word in words),
        box=union_box(word.box for word in words),
        score=round(alignment.score, 2),
        method="words",
    )


def find_in_document(document: Document, phrase: str, min_score: float = 80.0) -> list[Match]:
    """Every line holding the phrase (score ≥ ``min_score``), best first."""
    phrase_key = _key(phrase)
    if not phrase_key:
        return []
    matches = []
    for page in document.pages:
        for line in page.lines():
            match = _line_matches(line, phrase_key, min_score)
            if match is not None:
                matches.append(match.model_copy(update={"page": page.number}))
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
