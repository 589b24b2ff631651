"""Values found by their labels: the value of a label's type printed right of it on its row
(up to the next label), or, in forms, on the line just below it."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from math import inf

from docparse.keyfields.lines import LabelHit, TextLine, values_in
from docparse.keyfields.model import FieldValue
from docparse.model import union_box

BELOW_SCORE = 0.85
"""Score factor of a value found under its label rather than beside it."""
BELOW_LINES = 2.5
ACROSS_SCORE = 0.95
NEXT_SCORE = 0.9
"""Score factor of each further value under a label after the first."""
"""Score factor of a value on the label's row but on another line of the reading order."""
"""How far below a label (in its line heights) a form's value may be."""


@dataclass(frozen=True)
class Found:
    """A value and where it is: line and text span."""

    line: TextLine
    start: int
    end: int
    text: str
    score: float
    label: str | None = None
    label_score: float | None = None
    more: tuple[TextLine, ...] = ()
    """Further whole lines the value runs over (an address)."""

    @property
    def y(self) -> float:
        return self.line.line.box[1]

    def value(self, normalised: str | None = None, score: float | None = None) -> FieldValue:
        confidence = (self.score if score is None else score) * self.line.confidence(
            self.start, self.end
        )
        box = self.line.box(self.start, self.end)
        if self.more:
            box = union_box([box, *(line.line.box for line in self.more)])
        return FieldValue(
            text=self.text,
            value=normalised,
            page=self.line.page,
            box=box,
            line=self.line.text,
            label=self.label,
            label_score=None if self.label_score is None else min(1.0, self.label_score),
            confidence=round(max(0.0, min(1.0, confidence)), 3),
        )


def region_end(hit: LabelHit, hits: Sequence[LabelHit]) -> int:
    """Where the value region of ``hit`` ends: at the next label on its line."""
    later = [h.start for h in hits if h.line is hit.line and h.start >= hit.end]
    return min(later, default=len(hit.line.text))


def beside(
    hit: LabelHit, hits: Sequence[LabelHit], pattern: re.Pattern[str], last: bool = False
) -> Found | None:
    """The first (``last``: the last) match of ``pattern`` right of the label, before the
    next label on its line."""
    values = values_in(hit.line, pattern, hit.end, region_end(hit, hits))
    if not values:
        return None
    start, end, text = values[-1 if last else 0]
    return Found(hit.line, start, end, text, hit.score, hit.printed, hit.score)


def column(hit: LabelHit, hits: Sequence[LabelHit]) -> tuple[float, float]:
    """The x-range a label heads: from its left edge (less a word height) to the left edge of
    the next label on its line (a grid's next column), or without end."""
    height = max(hit.line.height, 1.0)
    after = [h.box[0] for h in hits if h.line is hit.line and h.start >= hit.end]
    return hit.box[0] - height, (min(after) - height / 2) if after else float("inf")


def under(
    hit: LabelHit,
    hits: Sequence[LabelHit],
    lines: Sequence[TextLine],
    reach: float = inf,
) -> tuple[TextLine, int, int] | None:
    """The text span of the nearest line below the label that lies in the label's column:
    (line, start, end), the words whose middle is in :func:`column`. A line whose first such
    word starts more than ``reach`` line heights right of the label's end is passed over."""
    left, right = column(hit, hits)
    _, _, _, y1 = hit.box
    height = max(hit.line.height, 1.0)
    near = sorted(
        (
            line
            for line in lines
            if line.page == hit.line.page
            and line is not hit.line
            and y1 - height / 2 <= line.line.box[1] <= y1 + BELOW_LINES * height
        ),
        key=lambda line: line.line.box[1],
    )
    for line in near:
        inside = [
            i
            for i, word in enumerate(line.line.words)
            if left <= (word.box[0] + word.box[2]) / 2 < right
        ]
        if inside and line.line.words[inside[0]].box[0] <= hit.box[2] + reach * height:
            first, last = inside[0], inside[-1]
            end = line.starts[last] + len(line.line.words[last].text)
            return line, line.starts[first], end
    return None


def below(
    hit: LabelHit,
    lines: Sequence[TextLine],
    pattern: re.Pattern[str],
    hits: Sequence[LabelHit] = (),
) -> Found | None:
    """The first match of ``pattern`` under the label, in its column (a form, a grid)."""
    found = below_all(hit, lines, pattern, hits)
    return found[0] if found else None


def below_all(
    hit: LabelHit,
    lines: Sequence[TextLine],
    pattern: re.Pattern[str],
    hits: Sequence[LabelHit] = (),
) -> list[Found]:
    """Every match of ``pattern`` under the label in its column, the first one best: where
    a right-aligned value reaches into the next column, arithmetic chooses among them."""
    span = under(hit, hits, lines)
    if span is None:
        return []
    line, start, end = span
    return [
        Found(
            line, first, stop, text, hit.score * BELOW_SCORE * NEXT_SCORE**n, hit.printed, hit.score
        )
        for n, (first, stop, text) in enumerate(values_in(line, pattern, start, end))
    ]


def across(hit: LabelHit, lines: Sequence[TextLine], pattern: re.Pattern[str]) -> Found | None:
    """The nearest match of ``pattern`` right of the label on the same visual row when
    reading order put it on another line (a column of amounts read apart from its labels)."""
    _, y0, _, y1 = hit.line.line.box
    found: list[tuple[float, Found]] = []
    for line in lines:
        if line.page != hit.line.page or line is hit.line:
            continue
        middle = (line.line.box[1] + line.line.box[3]) / 2
        if not y0 <= middle <= y1 or line.line.box[2] <= hit.box[2]:
            continue
        for start, end, text in values_in(line, pattern):
            vx0 = line.box(start, end)[0]
            if vx0 >= hit.box[2]:
                score = hit.score * ACROSS_SCORE
                found.append((vx0, Found(line, start, end, text, score, hit.printed, hit.score)))
                break
    return min(found, key=lambda f: f[0])[1] if found else None


def labelled(
    field: str,
    hits: Sequence[LabelHit],
    lines: Sequence[TextLine],
    pattern: re.Pattern[str],
    last: bool = False,
) -> list[Found]:
    """Every value of ``pattern`` found by a label of ``field``, beside it or below it."""
    found = []
    for hit in hits:
        if hit.field != field:
            continue
        value = beside(hit, hits, pattern, last) or across(hit, lines, pattern)
        found += [value] if value is not None else below_all(hit, lines, pattern, hits)
    return found


def unlabelled(lines: Sequence[TextLine], pattern: re.Pattern[str], score: float) -> list[Found]:
    """Every match of ``pattern`` anywhere, in reading order."""
    return [
        Found(line, start, end, text, score)
        for line in lines
        for start, end, text in values_in(line, pattern)
    ]
