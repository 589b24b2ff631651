"""A receipt's merchant name from the lines above its address: the line chosen
(:func:`docparse.keyfields.header.header`) joined to the line before or after it when the
name goes on there."""

from __future__ import annotations

from collections.abc import Sequence

from docparse.keyfields.candidates import Found
from docparse.keyfields.lexicon import COMPANY_WORDS, INVOICE_WORDS
from docparse.keyfields.linekinds import BUSINESS_WORD, LEGAL_END, TRAILING_REGISTRATION
from docparse.keyfields.lines import TextLine, cells, key
from docparse.keyfields.misreads import LEADING_MARKS as _LEADING_MARKS
from docparse.model import Word

NAME_TYPE = 0.6
"""A name's next line is set in type at least this share of its height (see _same_block)."""
ALIGNED = 0.25
"""How far (share of the name line's width) its next line's middle may stand off."""
TITLE_SCORE = 0.6
COMPANY_BONUS = 0.2
TITLES = frozenset(
    (
        *INVOICE_WORDS,
        "taxinvoice",
        "salesinvoice",
        "salesreceipt",
        "cashreceipt",
        "영수증",
        "매출전표",
        "카드매출전표",
        "신용카드매출전표",
    )
)
"""Documents' titles, as letters of :func:`key` (a title set apart on the name's row, or a
line of its own above the name: "영 수 증", "신용카드 매출전표" on a card slip)."""


def names_business(line: TextLine) -> bool:
    """A line that names a business, as the name is chosen among the lines above an address:
    a company word anywhere in its letters ("BOOKSTORE" holds "store"), or a word of
    BUSINESS_WORDS. (Whether a line is a name's rather than an address's is told by whole
    words: :func:`docparse.keyfields.linekinds.company`.)"""
    return any(word in line.key for word in COMPANY_WORDS) or bool(BUSINESS_WORD.search(line.text))


def name_from(line: TextLine, above: Sequence[TextLine]) -> Found:
    """The name on ``line``, less a registration number in brackets after it; joined to the
    line before when it goes on from there (it starts with a company word: "SDN BHD",
    "CO. (M) SDN BHD"; the line before ends open: "&", an unclosed bracket), or to the line
    after when it ends open itself."""
    first, last = _untitled(line)
    printed = line.text[first:last]
    text = TRAILING_REGISTRATION.sub("", printed).strip() or printed.strip()
    start = line.text.index(text, first)
    at = list(above).index(line)
    score = TITLE_SCORE + (COMPANY_BONUS if names_business(line) else 0.0)
    if at > 0 and above[at - 1].order == line.order - 1:
        previous = above[at - 1]
        before = previous.text.strip()
        words = _name_words(text)
        if _open(before) or (_starts_with_form(words) and not LEGAL_END.search(before)):
            joined = f"{before} {' '.join(words)}"
            return Found(previous, 0, len(previous.text), joined, score, more=(line,))
    if at + 1 < len(above) and above[at + 1].order == line.order + 1:
        after = TRAILING_REGISTRATION.sub("", above[at + 1].text).strip()
        # a line with a company word of COMPANY_WORDS and no legal form closing it goes on
        # ("RESTAURANT JIAWEI" / "JIAWEI HOUSE"); the Malay kinds of BUSINESS_WORDS only
        # mark the name line, a branch line often follows them ("RESTORAN ..." / "CAWANGAN
        # ..."), and go on only to a legal form ("PASARAYA ..." / "SDN BHD")
        closed = bool(LEGAL_END.search(text))
        runs_on = _open(text) or (
            not closed
            and not any(c.isdigit() for c in after)
            and _same_block(line, above[at + 1])
            and (
                any(word in line.key for word in COMPANY_WORDS)
                or _starts_with_form(_name_words(after))
            )
        )
        if runs_on:
            joined = f"{text} {after}"
            return Found(line, start, start + len(text), joined, score, more=(above[at + 1],))
    return Found(line, start, start + len(text), text, score)


def _untitled(line: TextLine) -> tuple[int, int]:
    """The span of ``line``'s text less a document's title set apart on its row."""
    first, last = untitled(line.line.words)
    return line.starts[first], line.starts[last - 1] + len(line.line.words[last - 1].text)


def untitled(words: Sequence[Word]) -> tuple[int, int]:
    """[first, last) of a name row's words less a document's title set apart at its start or
    end ("Summit IT Services | INVOICE": an invoice's letterhead and its title on one row)."""
    runs = cells(words)
    while len(runs) > 1 and _title(words, runs[-1]):
        runs = runs[:-1]
    while len(runs) > 1 and _title(words, runs[0]):
        runs = runs[1:]
    return runs[0][0], runs[-1][1]


def title_only(words: Sequence[Word]) -> bool:
    """Whether a line's words are only a document's title ("영 수 증"): no name."""
    return bool(words) and _title(words, (0, len(words)))


def _title(words: Sequence[Word], run: tuple[int, int]) -> bool:
    """Whether a run of words is only a document's title ("INVOICE", "TAX INVOICE", "영수증"),
    printed in one language or more ("영수증 RECEIPT", "세금계산서 TAX INVOICE")."""
    text = "".join(word.text for word in words[slice(*run)])
    return _titles("".join(c for c in key(text) if c.isalpha()))


def _titles(letters: str) -> bool:
    """Whether ``letters`` are one title of ``TITLES`` or several one after another."""
    if not letters:
        return False
    ends = {0}
    for at in range(1, len(letters) + 1):
        if any(letters[start:at] in TITLES for start in ends if start < at):
            ends.add(at)
    return len(letters) in ends


def _name_words(text: str) -> list[str]:
    """The words of a name line, without the marks OCR read before its first word ("—_— CO.
    (M) SDN BHD")."""
    return _LEADING_MARKS.sub("", text.replace("_", " ")).split()


def _starts_with_form(words: Sequence[str]) -> bool:
    """Whether a name line starts with a company word ("SDN BHD", "CO. (M) SDN BHD")."""
    return bool(words) and any(key(words[0]).startswith(word) for word in COMPANY_WORDS)


def _same_block(line: TextLine, after: TextLine) -> bool:
    """Whether ``after`` can go on with the name on ``line`` that ends without a legal form:
    set in type at least ``NAME_TYPE`` of its height, centred under it (within ``ALIGNED`` of
    its width) or starting where it starts (within its height). Not a word of another column
    that reading order put next ("| (CASH" left of a receipt's header: plain Tesseract, SROIE
    dev 099); the second lines of names that go on this way are 0.8-1.0 of the first's
    height on the SROIE dev transcriptions (065, 066)."""
    x0, _, x1, _ = line.line.box
    a0, _, a1, _ = after.line.box
    width = max(x1 - x0, 1.0)
    aligned = abs((a0 + a1 - x0 - x1) / 2) <= ALIGNED * width or abs(a0 - x0) <= line.height
    return after.height >= NAME_TYPE * line.height and aligned


def _open(text: str) -> bool:
    """Whether a name line goes on: it ends in "&" or "," or leaves a bracket open."""
    return text.endswith(("&", ",", "-")) or text.count("(") > text.count(")")
