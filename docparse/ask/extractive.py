"""Answers without a VLM: the value span of the OCR line that best answers the question.

The question is matched to a field (:mod:`docparse.ask.fields`): its labels are looked up in
every line, space- and case-insensitively (Latin labels only as whole words, so "total" is not
found in "Subtotal"), and the value of the field's shape that follows the label on that line
is the answer. An item's price is found by the item's name (fuzzy) and read from the amount
column under the table's heading. Nothing is ever made up: when no line answers, the answer is
``None`` with the lines closest to the question.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field

from rapidfuzz import fuzz

from docparse.ask.answer import Answer, Evidence
from docparse.ask.fields import (
    AMOUNT_COLUMNS,
    BUSINESS_NUMBER,
    DATE,
    FIELDS,
    MONEY,
    NAME,
    PHONE,
    Field,
    asked,
    asks_money,
    field_for,
    key,
    subject,
)
from docparse.ask.from_fields import answer_from_fields, answer_item_from_fields
from docparse.ask.pages import ReadPage
from docparse.engines.hangul_merge import merge_hangul
from docparse.keyfields.lines import TextLine
from docparse.keyfields.misreads import printed_name
from docparse.keyfields.names import title_only, untitled
from docparse.model import Line, Word, union_box

MIN_SCORE = 0.6
"""Below this, a candidate is no answer (it may still be shown among the closest lines)."""
UNLABELLED_SCORE = 0.7
SIDE_SCORE = 0.8
MISREAD_LABEL = 0.9
"""Score factor of a value found after a label read with one character wrong."""
MISREAD_MIN = 3
"""Labels of fewer characters are only found exactly (a wrong one in two is another word)."""
TITLE_SCORE = 0.6
MIN_SUBJECT_SCORE = 70.0
CLOSEST = 3
_LATIN = re.compile(r"[a-z]")
_DOTTED_WON = re.compile(r"\d{1,3}(?:\.\d{3})+")
_SPACE = re.compile(r"(?<=\d)\s*([,.])\s*(?=\d)")


@dataclass(frozen=True)
class IndexedLine(TextLine):
    """A line as extraction indexes it (:class:`~docparse.keyfields.lines.TextLine`: text,
    space-less key) with its page and, for each key character, the word it came from."""

    source: ReadPage
    owner: tuple[int, ...] = field(init=False)

    def __post_init__(self) -> None:
        super().__post_init__()
        object.__setattr__(self, "owner", tuple(self.word_of(at) for at in self.key_at))

    @property
    def top(self) -> float:
        return self.line.box[1]

    def find(self, label: str, misread: bool = False) -> Iterator[tuple[int, int]]:
        """Word ranges [first, last] holding ``label`` (Latin labels only as whole words);
        with ``misread``, Korean labels of ``MISREAD_MIN`` or more characters also with one
        character read wrong ("부가서" for "부가세")."""
        label = key(label)
        if misread and not _LATIN.search(label) and len(label) >= MISREAD_MIN:
            starts: Iterable[int] = (
                start
                for start in range(len(self.key) - len(label) + 1)
                if sum(a != b for a, b in zip(label, self.key[start:], strict=False)) <= 1
            )
        else:
            starts = _occurrences(self.key, label)
        for start in starts:
            first, last = self.owner[start], self.owner[start + len(label) - 1]
            whole = self._starts_word(start) and self._ends_word(start + len(label))
            if whole or not _LATIN.search(label):
                yield first, last

    def _starts_word(self, at: int) -> bool:
        return at == 0 or self.owner[at - 1] != self.owner[at]

    def _ends_word(self, end: int) -> bool:
        return end == len(self.key) or self.owner[end] != self.owner[end - 1]


def _occurrences(text: str, part: str) -> Iterator[int]:
    start = text.find(part)
    while start >= 0:
        yield start
        start = text.find(part, start + 1)


@dataclass(frozen=True)
class Candidate:
    line: IndexedLine
    words: tuple[int, int]
    """[first, last) of the value's words."""
    text: str
    score: float
    rank: tuple[float, ...]

    def evidence(self) -> Evidence:
        words = self.line.line.words[self.words[0] : self.words[1]]
        return _evidence(self.line, words, self.text)


def _evidence(line: IndexedLine, words: Sequence[Word], text: str) -> Evidence:
    return Evidence(
        source=line.source.source,
        page=line.source.page.number,
        box=union_box(word.box for word in words),
        text=text,
        line=line.line.text,
    )


def index_lines(pages: Sequence[ReadPage]) -> list[IndexedLine]:
    placed = [(page, line) for page in pages for line in page.page.lines()]
    return [IndexedLine(page.page.number, i, line, page) for i, (page, line) in enumerate(placed)]


def values_after(
    line: IndexedLine, start: int, pattern: re.Pattern[str], end: int | None = None
) -> list[tuple[int, int, str]]:
    """Matches of ``pattern`` in the words ``start``..``end``: [first, last) word and text."""
    words = line.line.words[start:end]
    text, owner = "", []
    for i, word in enumerate(words):
        if text:
            text += " "
            owner.append(i)
        text += word.text
        owner.extend([i] * len(word.text))
    found = []
    for match in pattern.finditer(text):
        value = match.group().strip()
        if value:
            first, last = owner[match.start()], owner[match.end() - 1]
            found.append((start + first, start + last + 1, value))
    return found


def won(text: str) -> str:
    """An amount as Korean won are printed: OCR's "12.000" and "12 ,000" are 12,000 (won have
    no decimals)."""
    text = _SPACE.sub(r"\1", text)
    return text.replace(".", ",") if _DOTTED_WON.fullmatch(text) else text


def _name(line: IndexedLine, first: int, last: int) -> str:
    """A name as printed: OCR's split syllables joined and its misreads put right as the
    extraction puts them (:func:`printed_name`: "CORNER BO0KS" → CORNER BOOKS)."""
    return printed_name(" ".join(word.text for word in merge_hangul(line.line.words[first:last])))


def _labelled(
    lines: Sequence[IndexedLine], wanted: Field, question: str, misread: bool = False
) -> list[Candidate]:
    """The value after each label occurrence (names run to the next label on the line);
    labels the question itself uses come first. ``misread``: labels with one wrong character
    are taken too (see :meth:`IndexedLine.find`), at a lower score."""
    asked = key(question)
    found = []
    for line in lines:
        for rank, label in enumerate(wanted.labels):
            spans = list(line.find(label, misread))
            for number, (_, last) in enumerate(spans):
                end = spans[number + 1][0] if number + 1 < len(spans) else None
                values = values_after(line, last + 1, wanted.value, end)
                if not values:
                    continue
                first, stop, text = values[0] if wanted.value is NAME else values[-1]
                if wanted.value is NAME:
                    text = _name(line, first, stop)
                elif wanted.value is MONEY:
                    text = won(text)
                x0 = line.line.words[first].box[0]
                anchor, score = _anchor_distance(lines, line, x0, wanted), 1.0
                if anchor == math.inf:
                    continue
                if anchor is None:  # no heading to tell the twins apart: go by the side
                    if number != range(len(spans))[wanted.side]:
                        continue
                    anchor, score = 0.0, SIDE_SCORE
                if misread:
                    score *= MISREAD_LABEL
                place = (anchor, key(label) not in asked, rank, line.order, x0)
                found.append(Candidate(line, (first, stop), text, score, place))
    return found


def _anchor_distance(
    lines: Sequence[IndexedLine], at: IndexedLine, x0: float, wanted: Field
) -> float | None:
    """How far ``x0`` is from the nearest of the field's anchor headings above it on its page
    (0 when the field has none; None when it has some and none is there; infinite when a
    twin's heading is nearer: the value is the twin's)."""
    if not wanted.anchors:
        return 0.0
    twins = {
        anchor
        for known in FIELDS
        if known is not wanted and set(known.labels) & set(wanted.labels)
        for anchor in known.anchors
    }
    own, other = _nearest(lines, at, x0, wanted.anchors), _nearest(lines, at, x0, twins)
    if own is not None and other is not None and other < own:
        return math.inf
    return own


def _nearest(
    lines: Sequence[IndexedLine], at: IndexedLine, x0: float, anchors: Iterable[str]
) -> float | None:
    distances = [
        abs(line.line.words[first].box[0] - x0)
        for line in lines
        if line.source == at.source and line.top < at.top
        for anchor in anchors
        for first, _ in line.find(anchor)
    ]
    return min(distances, default=None)


def _unlabelled(lines: Sequence[IndexedLine], wanted: Field) -> list[Candidate]:
    for line in lines:
        values = values_after(line, 0, wanted.value)
        if values:
            first, stop, text = values[0]
            return [Candidate(line, (first, stop), text, UNLABELLED_SCORE, (line.order,))]
    return []


def _title(lines: Sequence[IndexedLine]) -> list[Candidate]:
    """The top line of the first page, with any line beside it: where a receipt prints the
    store's name (OCR may cut it in two)."""
    if not lines:
        return []
    page = [line for line in lines if line.source == lines[0].source]
    # a line holding only the document's title ("영 수 증") is not the store's name
    named = [line for line in page if not title_only(line.line.words)] or page
    top = min(named, key=lambda line: line.top)
    if any(next(top.find(label), None) for known in FIELDS for label in known.labels) or any(
        pattern.search(top.line.text) for pattern in (DATE, PHONE, BUSINESS_NUMBER)
    ):
        return []  # a labelled line (사업자번호 …): the name was not read
    beside = sorted(
        (line for line in page if _centred(line, top) and _centred(top, line)),
        key=lambda line: line.line.box[0],
    )
    words = [word for line in beside for word in line.line.words]
    words = words[slice(*untitled(words))]  # "Acme Tools | INVOICE": the name, not the title
    joined = IndexedLine(top.page, top.order, Line.of(words), top.source)
    text = _name(joined, 0, len(words))
    return [Candidate(joined, (0, len(words)), text, TITLE_SCORE, (top.order,))]


def _centred(line: IndexedLine, on: IndexedLine) -> bool:
    """Whether the middle of ``line`` is level with ``on``."""
    _, y0, _, y1 = on.line.box
    return y0 <= (line.top + line.line.box[3]) / 2 <= y1


def _about(lines: Sequence[IndexedLine], topic: str, money: bool) -> list[Candidate]:
    """The line naming ``topic`` best (fuzzy), and what follows the name on it: with
    ``money``, the amount under the table's amount column (else the rightmost amount)."""
    wanted = key(topic)
    if not wanted:
        return []
    found = []
    for line in lines:
        if not line.key:
            continue
        aligned = fuzz.partial_ratio_alignment(wanted, line.key, score_cutoff=MIN_SUBJECT_SCORE)
        if aligned is None or aligned.dest_end <= aligned.dest_start:
            continue
        after = line.owner[aligned.dest_end - 1] + 1
        if money:
            values = values_after(line, after, MONEY)
            # a count (1, 2, 10) is no price: prefer amounts of 100 won or more
            values = [v for v in values if sum(c.isdigit() for c in v[2]) >= 3] or values
            if not values:
                continue
            first, stop, text = _in_amount_column(lines, line, values)
            text = won(text)
        elif after < len(line.line.words):
            first, stop = after, len(line.line.words)
            text = _name(line, first, stop)
        else:
            continue
        score = aligned.score / 100
        found.append(Candidate(line, (first, stop), text, score, (-score, line.order)))
    return found


def _in_amount_column(
    lines: Sequence[IndexedLine], row: IndexedLine, values: list[tuple[int, int, str]]
) -> tuple[int, int, str]:
    """Of the amounts on ``row``, the one nearest (in x) to the amount heading of the closest
    heading line above it on the page; the rightmost when there is no such heading."""
    headings = [
        line
        for line in lines
        if line.source == row.source and line.top < row.top and _amount_heading(line)
    ]
    if not headings:
        return values[-1]
    heading = max(headings, key=lambda line: line.top)
    x0, _, x1, _ = _amount_heading(heading)  # type: ignore[misc]
    centre = (x0 + x1) / 2

    def distance(value: tuple[int, int, str]) -> float:
        box = union_box(word.box for word in row.line.words[value[0] : value[1]])
        return abs((box[0] + box[2]) / 2 - centre)

    return min(values, key=distance)


def _amount_heading(line: IndexedLine) -> tuple[float, float, float, float] | None:
    for heading in AMOUNT_COLUMNS:
        for first, last in line.find(heading):
            return union_box(word.box for word in line.line.words[first : last + 1])
    return None


def candidates(lines: Sequence[IndexedLine], question: str) -> list[Candidate]:
    """Every answer the lines offer, best first."""
    wanted = field_for(question)
    if wanted is None:
        found = _about(lines, subject(question), asks_money(question))
    else:
        found = _labelled(lines, wanted, question) or _labelled(lines, wanted, question, True)
        if not found and wanted.unlabelled:
            found = _unlabelled(lines, wanted)
        if not found and wanted.title:
            found = _title(lines)
    return sorted(found, key=lambda c: (-c.score, c.rank))


def closest_lines(lines: Sequence[IndexedLine], question: str) -> list[Evidence]:
    """The lines most like the question (fuzzy, space-insensitive), for a 'no answer'."""
    asked = key(question)
    scored = sorted(
        (line for line in lines if line.key),
        key=lambda line: (-fuzz.partial_ratio(asked, line.key), line.order),
    )
    return [_evidence(line, line.line.words, line.line.text) for line in scored[:CLOSEST]]


def answer_extractive(pages: Sequence[ReadPage], question: str, engine: str) -> Answer:
    """The field the extraction read when the question asks for one it knows (total, VAT,
    dates ...) or the amount of the line item it names, else the best-supported value span,
    or no answer with the closest lines. The score is the label's match times the question's
    (:class:`~docparse.ask.fields.Asked`: less for a field found by its words' overlap).
    A due-date question is never answered with another date."""
    mapped = asked(question)
    wanted = mapped.field
    if wanted is not None:
        answer = answer_from_fields(pages, question, wanted.name, engine)
        if answer is not None:
            score = answer.score if answer.score is None else round(answer.score * mapped.match, 3)
            return answer.model_copy(update={"score": score})
    elif asks_money(question):
        answer = answer_item_from_fields(pages, question, engine)
        if answer is not None:
            return answer
    lines = index_lines(pages)
    found = []
    if wanted is None or wanted.name != "due":
        found = [c for c in candidates(lines, question) if c.score >= MIN_SCORE]
    refs = [page.ref for page in pages]
    if not found:
        return Answer(
            question=question,
            answer=None,
            kind="extractive",
            pages=refs,
            closest=closest_lines(lines, question),
            engine=engine,
        )
    best = found[0]
    agreeing = {(c.line.order, c.words): c for c in found if c.text == best.text}
    return Answer(
        question=question,
        answer=best.text,
        kind="extractive",
        pages=refs,
        evidence=[c.evidence() for c in agreeing.values()],
        score=round(best.score * mapped.match, 3),
        engine=engine,
    )
