"""Parser for the location markup that VARCO-VISION writes in its answers.

OCR requests (``<ocr>``) are answered with one element per word and grounding or referring
requests (``<gro>``) with one per object, coordinates normalised to 0..1::

    <char>SPEED</char><bbox>0.364, 0.301, 0.638, 0.375</bbox>
    <obj>cat</obj><bbox>0.1, 0.2, 0.3, 0.4<delim>0.5, 0.5, 0.7, 0.8</bbox>

Several boxes of one object are separated by ``<delim>``, either inside one ``<bbox>`` (as
above) or after its close, as in the VARCO-VISION paper's grounding example:
``<bbox>0.039, 0.138, 0.283, 0.257</bbox><delim>0.508, 0.166, 0.581, 0.295</bbox>``.

The parser never raises: what it cannot use it drops with a warning. It scans the special
tokens with one linear regex pass and walks them with a small state machine.
"""

from __future__ import annotations

import math
import re
import unicodedata
from collections.abc import Sequence
from typing import Literal, NamedTuple

from pydantic import BaseModel, Field, field_validator

from docparse.model import Box, Word, normalize_box

Kind = Literal["char", "obj"]
ANY_KIND: frozenset[Kind] = frozenset({"char", "obj"})
GROUNDED: frozenset[Kind] = frozenset({"obj"})
"""What a grounding answer may hold: ``<obj>`` elements (``<char>`` ones are OCR)."""

_TAGS = ("<char>", "</char>", "<obj>", "</obj>", "<bbox>", "</bbox>", "<delim>")
_TAG = re.compile("|".join(re.escape(tag) for tag in _TAGS))
_NUMBER = re.compile(r"[-+]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][-+]?\d+)?", re.ASCII)


class MarkupItem(BaseModel):
    """One ``<char>`` or ``<obj>`` element with its boxes."""

    kind: Kind
    text: str = Field(description="Unicode NFC text of the word or phrase")
    boxes: list[Box] = Field(min_length=1, description="normalised 0..1, corners ordered")

    @field_validator("text")
    @classmethod
    def _nfc(cls, value: str) -> str:
        return unicodedata.normalize("NFC", value)


class ParsedMarkup(BaseModel):
    items: list[MarkupItem]
    warnings: list[str] = Field(description="human-readable, one line each")
    truncated: bool = Field(description="the output ended inside an element")


class _Token(NamedTuple):
    start: int
    end: int
    tag: str


class _Parser:
    def __init__(self, text: str) -> None:
        self.text = text
        self.tokens = [_Token(m.start(), m.end(), m.group()) for m in _TAG.finditer(text)]
        self.index = 0  # next token to read
        self.pos = 0  # end of the text consumed so far
        self.items: list[MarkupItem] = []
        self.warnings: list[str] = []
        self.stray: list[tuple[int, int]] = []  # spans of ignored text and tags
        self.truncated = False

    def run(self) -> ParsedMarkup:
        while (token := self._peek()) is not None:
            self._skip_gap(token.start)
            if token.tag in ("<char>", "<obj>"):
                self._element()
            else:
                self.stray.append((token.start, token.end))
                self._take()
        tail = self.text.rfind("<", self.pos)
        if tail >= 0 and any(tag.startswith(self.text[tail:]) for tag in _TAGS):
            self._skip_gap(tail)
            self._truncate(f"output ends with a partial tag {self.text[tail:]!r}")
        self._skip_gap(len(self.text))
        if self.stray:
            start, end = self.stray[0]
            self.warnings.append(
                f"ignored {len(self.stray)} stray fragment(s) outside elements "
                f"(first at offset {start}: {self.text[start : min(end, start + 30)]!r})"
            )
        return ParsedMarkup(items=self.items, warnings=self.warnings, truncated=self.truncated)

    def _peek(self) -> _Token | None:
        return self.tokens[self.index] if self.index < len(self.tokens) else None

    def _take(self) -> None:
        self.pos = self.tokens[self.index].end
        self.index += 1

    def _gap(self, end: int) -> str:
        return self.text[self.pos : end].strip()

    def _skip_gap(self, end: int) -> None:
        gap = self.text[self.pos : end]
        if fragment := gap.strip():
            start = self.pos + len(gap) - len(gap.lstrip())
            self.stray.append((start, start + len(fragment)))
        self.pos = end

    def _truncate(self, message: str) -> None:
        self.warnings.append(f"{message} (output truncated)")
        self.truncated = True
        self.pos = len(self.text)
        self.index = len(self.tokens)

    def _drop(self, message: str, until: int | None = None) -> None:
        """Drops the element being read; its text up to ``until`` goes with it."""
        self.warnings.append(f"dropped {message}")
        if until is not None:
            self.pos = until

    def _element(self) -> None:
        opening = self.tokens[self.index]
        self._take()
        kind: Kind = "char" if opening.tag == "<char>" else "obj"
        label = f"<{kind}> at offset {opening.start}"
        closing = self._peek()
        if closing is None:
            self._truncate(f"output ends inside {label}; dropped it")
            return
        if closing.tag != f"</{kind}>":
            self._drop(f"{label}: not closed by </{kind}>", until=closing.start)
            return
        text = self.text[opening.end : closing.start].strip()
        self._take()
        label = f"<{kind}>{text[:30]!r} at offset {opening.start}"
        bbox = self._peek()
        if bbox is None and "<bbox>".startswith(self._gap(len(self.text))):
            self._truncate(f"output ends after {label}, before its <bbox>; dropped it")
            return
        if bbox is None or bbox.tag != "<bbox>" or self._gap(bbox.start):
            self._drop(f"{label}: no <bbox> follows")
            return
        self._take()
        segments = self._bbox_segments(label)
        if segments is None:
            return
        if not text:
            self._drop(f"empty <{kind}> at offset {opening.start}")
            return
        boxes = [_parse_box(segment) for segment in segments]
        if None in boxes:
            self._drop(f"{label}: malformed <bbox> {'<delim>'.join(segments).strip()[:60]!r}")
            return
        clamped = [_clamp(box) for box in boxes if box is not None]
        if clamped != boxes:
            self.warnings.append(f"{label}: coordinates outside 0..1 clamped")
        self.items.append(
            MarkupItem(kind=kind, text=text, boxes=[normalize_box(box) for box in clamped])
        )

    def _bbox_segments(self, label: str) -> list[str] | None:
        """The coordinate strings of the ``<bbox>`` just opened, through its ``</bbox>``."""
        segments: list[str] = []
        while (token := self._peek()) is not None:
            if token.tag not in ("<delim>", "</bbox>"):
                self._drop(f"{label}: <bbox> not closed", until=token.start)
                return None
            segments.append(self.text[self.pos : token.start])
            self._take()
            if token.tag == "<delim>":
                continue
            following = self._peek()
            if following is None or following.tag != "<delim>" or self._gap(following.start):
                return segments
            self._take()  # a <delim> continuing the closed <bbox>, as in the paper
        self._truncate(f"output ends inside the <bbox> of {label}; dropped it")
        return None


def _parse_box(segment: str) -> tuple[float, float, float, float] | None:
    parts = [part.strip() for part in segment.split(",")]
    if len(parts) != 4 or not all(_NUMBER.fullmatch(part) for part in parts):
        return None
    x0, y0, x1, y1 = (float(part) for part in parts)
    if not all(math.isfinite(v) for v in (x0, y0, x1, y1)):
        return None
    return (x0, y0, x1, y1)


def _clamp(box: tuple[float, float, float, float]) -> tuple[float, float, float, float]:
    x0, y0, x1, y1 = (min(max(v, 0.0), 1.0) for v in box)
    return (x0, y0, x1, y1)


def parse_markup(text: str) -> ParsedMarkup:
    """Parses VARCO-VISION ``<char>``/``<obj>`` markup; never raises."""
    return _Parser(text).run()


def to_words(parsed: ParsedMarkup, width: float, height: float, engine: str) -> list[Word]:
    """Words in pixels of a ``width`` × ``height`` image, one per box of each item."""
    return [
        Word(text=item.text, box=(x0 * width, y0 * height, x1 * width, y1 * height), engine=engine)
        for item in parsed.items
        for x0, y0, x1, y1 in item.boxes
    ]


def emit_markup(items: Sequence[MarkupItem]) -> str:
    """Writes items as VARCO-VISION markup, one element a line (the inverse of parsing)."""
    return "\n".join(
        f"<{item.kind}>{item.text}</{item.kind}><bbox>"
        + "<delim>".join(", ".join(repr(v) for v in box) for box in item.boxes)
        + "</bbox>"
        for item in items
    )
