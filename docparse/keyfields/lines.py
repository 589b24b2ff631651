"""A page's lines prepared for extraction: their text, a space-less key, where each label of
the lexicon is printed on them, and the values of a type printed after a label."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field, replace
from functools import lru_cache
from statistics import mean

from docparse.hangul import is_syllable
from docparse.keyfields.lexicon import AMOUNT_FIELDS, LABELS, Label
from docparse.model import Box, Line, Page, Word, union_box
from docparse.reading_order import GUTTER_WIDTH

MISREAD_SCORE = 0.9
"""Score factor of a label read with one character wrong ("TOTAI", "부가서")."""
MISREAD_MIN = {"latin": 5, "hangul": 3}
"""Labels shorter than this are only found exactly (one wrong in four is another word)."""
_LETTER = re.compile(r"[^\W\d_]")
_QUALIFIER_BEFORE = re.compile(
    r"(?:\b[il1|]nc|\bexc)[a-z]*\.?[\s,:]*(?:of\s*)?(?:\d{1,2}(?:[.,]\d{1,2})?\s?%?\s*)?$"
    r"|(?:w/o|with)[\s,:]*$",
    re.I,
)
"""A qualifier word before a label ("inc.", "incl.", "includes", "exclusive of", "Incl. 6%";
OCR reads the I as l or 1 and the % as 8: "lnclusive", "Incl.68")."""
_BEFORE_TAX = re.compile(r"\W*(?:exc|ex\.|before\s*tax|w/o|net\s*of)", re.I)
"""Words saying a total is before tax: excl, excluding, exclusive (read "ExC ng" too), ex."""
_QUALIFIER_AFTER = re.compile(
    r"(?:포함|별도|included|inclusive|excluded|incl)\.?[^a-z가-힣]*$", re.I
)
"""A qualifier word ending the label's text ("VAT 포함", "GST included: 4.25"); followed by
another label it qualifies that one ("TOTAL SALES INCL GST 75.00": the total)."""


def key(text: str) -> str:
    """Space-less, case-folded NFC: how labels and questions are compared."""
    return "".join(unicodedata.normalize("NFC", text).casefold().split())


@dataclass(frozen=True)
class TextLine:
    """One line of one page: its words joined by spaces, and a key without them."""

    page: int
    """1-based page number."""
    order: int
    """Position of the line in the document's reading order."""
    line: Line
    text: str = field(init=False)
    starts: tuple[int, ...] = field(init=False)
    """Where each word starts in ``text``."""
    key: str = field(init=False)
    key_at: tuple[int, ...] = field(init=False)
    """For each character of ``key``, its index in ``text``."""

    def __post_init__(self) -> None:
        text, starts = "", []
        for word in self.line.words:
            if text:
                text += " "
            starts.append(len(text))
            text += unicodedata.normalize("NFC", word.text)
        folded = text.casefold()
        key_at = [i for i, c in enumerate(folded) if not c.isspace()]
        object.__setattr__(self, "text", text)
        object.__setattr__(self, "starts", tuple(starts))
        object.__setattr__(self, "key", "".join(folded[i] for i in key_at))
        object.__setattr__(self, "key_at", tuple(key_at))

    @property
    def height(self) -> float:
        return self.line.box[3] - self.line.box[1]

    def word_of(self, at: int) -> int:
        """The index of the word holding text position ``at``."""
        lo, hi = 0, len(self.starts) - 1
        while lo < hi:
            mid = (lo + hi + 1) // 2
            if self.starts[mid] <= at:
                lo = mid
            else:
                hi = mid - 1
        return lo

    def words_between(self, start: int, end: int) -> tuple[int, int]:
        """[first, last) words covering text [start, end)."""
        return self.word_of(start), self.word_of(max(start, end - 1)) + 1

    def box(self, start: int, end: int) -> Box:
        first, last = self.words_between(start, end)
        return union_box(word.box for word in self.line.words[first:last])

    def cells(self) -> list[tuple[int, int]]:
        """The line's cells (:func:`cells`) as [start, end) spans of ``text``."""
        words = self.line.words
        return [
            (self.starts[first], self.starts[last - 1] + len(words[last - 1].text))
            for first, last in cells(words)
        ]

    def confidence(self, start: int, end: int) -> float:
        first, last = self.words_between(start, end)
        known = [w.confidence for w in self.line.words[first:last] if w.confidence is not None]
        return mean(known) if known else 1.0


def cells(words: Sequence[Word]) -> list[tuple[int, int]]:
    """A line's runs of words split by a gap as wide as reading order's gutter
    (``GUTTER_WIDTH`` word heights), as [first, last) word indices: the cells of a row that
    holds two things set apart ("Northwind Traders | Invoice Date: ...")."""
    runs: list[tuple[int, int]] = []
    for i, word in enumerate(words):
        before = words[i - 1] if i else None
        height = max(word.box[3] - word.box[1], before.box[3] - before.box[1]) if before else 0
        if before is not None and word.box[0] - before.box[2] < GUTTER_WIDTH * max(height, 1.0):
            runs[-1] = (runs[-1][0], i + 1)
        else:
            runs.append((i, i + 1))
    return runs


@dataclass(frozen=True)
class LabelHit:
    line: TextLine
    label: Label
    start: int
    """Start of the label in ``line.text``."""
    end: int
    """End of the label in ``line.text`` (exclusive)."""
    score: float

    @property
    def field(self) -> str:
        return self.label.field

    @property
    def printed(self) -> str:
        return self.line.text[self.start : self.end]

    @property
    def box(self) -> Box:
        return self.line.box(self.start, self.end)


def text_lines(pages: Sequence[Page]) -> list[TextLine]:
    placed = [(page.number, line) for page in pages for line in page.lines()]
    return [TextLine(number, order, line) for order, (number, line) in enumerate(placed)]


def find_labels(line: TextLine, labels: Sequence[Label] = LABELS) -> list[LabelHit]:
    """Every label printed on ``line``, left to right. A label inside a longer one found on
    the same characters is dropped ("total" in "subtotal"); Latin labels only count as
    whole words; a label read with one wrong character counts at ``MISREAD_SCORE``."""
    found: list[tuple[int, int, Label, float, bool]] = []
    seen = [(label, list(_occurrences(line, label.key))) for label in _longest_first(labels)]
    # a misread one character off labels of two fields names neither ("공급발는자": 공급하는자
    # the supplier, 공급받는자 the buyer), and no shorter label inside it either ("공급발")
    misread: dict[tuple[int, int], set[str]] = {}
    for label, occurrences in seen:
        for start, score in occurrences:
            if score != 1.0:
                misread.setdefault((start, start + len(label.key)), set()).add(label.field)
    for exact in (True, False):  # a misread never takes the place of an exact label
        for label, occurrences in seen:
            for start, score in occurrences:
                if (score == 1.0) != exact:
                    continue
                end = start + len(label.key)
                if any(_blocks(start, end, exact, s, e) for s, e, *_ in found):
                    continue
                found.append((start, end, label, score * label.strength, exact))
    hits = [
        LabelHit(line, label, line.key_at[start], line.key_at[end - 1] + 1, score)
        for start, end, label, score, exact in found
        if exact or len(misread[start, end]) == 1
    ]
    hits = [
        _before_tax(hit) for hit in hits if hit.field not in AMOUNT_FIELDS or not _qualifier(hit)
    ]
    return sorted(hits, key=lambda hit: (hit.start, -hit.end))


def _before_tax(hit: LabelHit) -> LabelHit:
    """A total said to be before tax ("TOTAL SALES (EXCLUDING GST)") is the subtotal."""
    if hit.field == "total" and _BEFORE_TAX.match(hit.line.text[hit.end :]):
        return replace(hit, label=hit.label._replace(field="subtotal"))
    return hit


def _qualifier(hit: LabelHit) -> bool:
    """Whether an amount label only qualifies another ("Amount (VAT 포함)", "Total incl. GST",
    "TOTAL INCL ,GST@6%"): in brackets, or next to incl / excl / 포함 / 별도. Labels of
    parties stay labels in brackets ("(GST ID NO: 000504664064)")."""
    before = hit.line.text[: hit.start].rstrip()
    after = hit.line.text[hit.end :].lstrip()
    # in brackets still open: "TOTAL SALES (INCLUSIVE OF GST)" however its words are read
    bracketed = before.rfind("(") > before.rfind(")")
    return bool(bracketed or _QUALIFIER_BEFORE.search(before)) or bool(
        _QUALIFIER_AFTER.match(after)
    )


def _blocks(start: int, end: int, exact: bool, s: int, e: int) -> bool:
    """Whether a hit already found on [s, e) rules out one on [start, end): a longer one
    holding it, or, for a misread, any exact one it overlaps."""
    if s <= start and end <= e and (s, e) != (start, end):
        return True
    return not exact and start < e and s < end


@lru_cache(maxsize=8)
def _longest_first(labels: Sequence[Label]) -> list[Label]:
    return sorted(labels, key=lambda lab: -len(lab.key))


@lru_cache(maxsize=4096)
def _shape(label: str) -> tuple[bool, bool, int]:
    """Whether a label is Latin, whether it may be found misread, and its half length."""
    latin = bool(re.search(r"[a-z]", label))
    return latin, len(label) >= MISREAD_MIN["latin" if latin else "hangul"], len(label) // 2


def _occurrences(line: TextLine, label: str) -> Iterator[tuple[int, float]]:
    latin, misread, half = _shape(label)
    text = line.key
    size = len(label)
    if misread:
        # A window one character off the label matches its first or its second half exactly.
        if label[:half] not in text and label[half:] not in text:
            return
        starts = set(_finds(text, label[:half]))
        starts |= {at - half for at in _finds(text, label[half:])}
    elif label not in text:
        return
    else:
        starts = set(_finds(text, label))
    for start in sorted(at for at in starts if 0 <= at <= len(text) - size):
        pairs = [(a, b) for a, b in zip(label, text[start : start + size], strict=True) if a != b]
        wrong = len(pairs)
        if wrong > (1 if misread else 0) or any(not b.isalnum() for _, b in pairs):
            continue  # OCR misreads a letter as another letter or a digit, not as "/"
        if latin and not _whole(line, start, start + size):
            continue
        if not latin and size == 2 and _runs_on(line, start + size):
            continue  # 일시 in 일시불: a two-syllable label runs on into another word
        yield start, 1.0 if not wrong else MISREAD_SCORE


def _finds(text: str, part: str) -> Iterator[int]:
    at = text.find(part)
    while at >= 0:
        yield at
        at = text.find(part, at + 1)


def _runs_on(line: TextLine, end: int) -> bool:
    """Whether the key character at ``end`` is a syllable printed right after the one before."""
    if end >= len(line.key) or not is_syllable(line.key[end]):
        return False
    return line.key_at[end] - line.key_at[end - 1] == 1


def _whole(line: TextLine, start: int, end: int) -> bool:
    """Whether key[start:end] starts and ends at a word edge or next to a non-letter."""
    text, at = line.key, line.key_at
    before = start == 0 or not _LETTER.match(text[start - 1]) or at[start] - at[start - 1] > 1
    after = end == len(text) or not _LETTER.match(text[end]) or at[end] - at[end - 1] > 1
    return before and after


def values_in(
    line: TextLine, pattern: re.Pattern[str], start: int = 0, end: int | None = None
) -> list[tuple[int, int, str]]:
    """Matches of ``pattern`` in ``line.text[start:end]``: text start, end and the match."""
    end = len(line.text) if end is None else end
    found = []
    for match in pattern.finditer(line.text, start, end):
        value = match.group().strip()
        if value:
            lead = len(match.group()) - len(match.group().lstrip())
            found.append((match.start() + lead, match.start() + lead + len(value), value))
    return found
