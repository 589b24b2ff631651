"""Values found by their labels: the value of a label's type printed right of it on its row
(up to the next label), or, in forms, on the line just below it."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from docparse.keyfields.lines import LabelHit, TextLine, values_in
from docparse.keyfields.model import FieldValue
from docparse.model import union_box

BELOW_SCORE = 0.85
"""Score factor of a value found under its label rather than beside it."""
BELOW_LINES = 2.5
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


def below(hit: LabelHit, lines: Sequence[TextLine], pattern: re.Pattern[str]) -> Found | None:
    """A match of ``pattern`` on the next line down that starts under the label."""
    x0, _, x1, y1 = hit.box
    height = max(hit.line.height, 1.0)
    under = sorted(
        (
            line
            for line in lines
            if line.page == hit.line.page
            and line is not hit.line
            and y1 - height / 2 <= line.line.box[1] <= y1 + BELOW_LINES * height
        ),
        key=lambda line: line.line.box[1],
    )
    for line in under:
        for start, end, text in values_in(line, pattern):
            vx0, _, vx1, _ = line.box(start, end)
            if vx0 < x1 + 2 * height and vx1 > x0 - height:
                return Found(
                    line, start, end, text, hit.score * BELOW_SCORE, hit.printed, hit.score
                )
    return None


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
        value = beside(hit, hits, pattern, last) or below(hit, lines, pattern)
        if value is not None:
            found.append(value)
    return found


def unlabelled(lines: Sequence[TextLine], pattern: re.Pattern[str], score: float) -> list[Found]:
    """Every match of ``pattern`` anywhere, in reading order."""
    return [
        Found(line, start, end, text, score)
        for line in lines
        for start, end, text in values_in(line, pattern)
    ]
