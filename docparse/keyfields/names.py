"""A receipt's merchant name from the lines above its address: the line chosen
(:func:`docparse.keyfields.header.header`) joined to the lines it goes on from or to, as a
name wraps over two or three lines of a narrow receipt."""

from __future__ import annotations

import re
from collections.abc import Sequence

from docparse.keyfields.candidates import Found
from docparse.keyfields.lexicon import COMPANY_WORDS, ENGLISH_KINDS, MALAY_KINDS
from docparse.keyfields.linekinds import (
    LEGAL_END,
    TRAILING_REGISTRATION,
    address_like,
    business,
    company,
)
from docparse.keyfields.lines import TextLine, key
from docparse.keyfields.misreads import LEADING_MARKS as _LEADING_MARKS

NAME_TYPE = 0.6
"""A name's next line is set in type at least this share of its height (see _same_block)."""
WRAPPED_TYPE = 0.8
"""A name's line wrapped under a line is set in type at least this share of that line's
height: the second lines of names on the SROIE dev transcriptions are 0.8-1.0 of the first's;
a name written by hand above a printed one ("TAN WOON YANN" above "YONGFATT ENTERPRISE", dev
003, 005) is taller, the printed name 0.68 of it."""
ALIGNED = 0.25
"""How far (share of the name line's width) its next line's middle may stand off."""
TITLE_SCORE = 0.6
NAME_LINES = 3
"""A name is printed over at most this many lines (SROIE dev receipts: 1 or 2)."""
COMPANY_BONUS = 0.2

_CONJUNCTION = re.compile(r"\s(?:and|dan|of)$", re.I)


def name_from(line: TextLine, above: Sequence[TextLine]) -> Found:
    """The name on ``line``, less a registration number in brackets after it; joined to the
    lines before it while it goes on from there (it starts with a company word: "SDN BHD",
    "CO. (M) SDN BHD"; the line before ends open: "&", an unclosed bracket), and to the lines
    after it while each ends open or goes on (:func:`_runs_on`), ``NAME_LINES`` at most
    ("SERI MAJU" / "HARDWARE &" / "TRADING SDN BHD")."""
    text = TRAILING_REGISTRATION.sub("", line.text).strip() or line.text.strip()
    start = line.text.index(text)
    at = list(above).index(line)
    score = TITLE_SCORE + (COMPANY_BONUS if business(line) else 0.0)
    chain, texts = [line], [text]
    while len(chain) < NAME_LINES and at > 0 and above[at - 1].order == chain[0].order - 1:
        before = above[at - 1].text.strip()
        # a name's "&" starting a line goes on from the line above; other marks are OCR's
        words = texts[0].split() if texts[0].startswith("&") else _name_words(texts[0])
        if not _goes_on_from(above[at - 1], before, chain, words):
            break
        at -= 1
        chain, texts = [above[at], *chain], [before, " ".join(words), *texts[1:]]
        start = 0
    at += len(chain) - 1
    while len(chain) < NAME_LINES and at + 1 < len(above):
        after = above[at + 1]
        rest = TRAILING_REGISTRATION.sub("", after.text).strip()
        if after.order != chain[-1].order + 1 or not _runs_on(chain[-1], texts[-1], after, rest):
            break
        at += 1
        chain, texts = [*chain, after], [*texts, rest]
    first = chain[0]
    end = start + len(text) if first is line else len(first.text)
    return Found(first, start, end, " ".join(texts), score, more=tuple(chain[1:]))


def _goes_on_from(
    previous: TextLine, before: str, chain: Sequence[TextLine], words: Sequence[str]
) -> bool:
    """Whether the name whose first line is ``chain[0]`` (``words``) goes on from the line
    above it (``before``, the text of ``previous``): that line ends open ("&", "AND"), or,
    not closed by a legal form itself, is followed by a line starting with a company word or
    "&" ("SDN BHD", "STATIONERY & BOOKS", "& HOME DECO"), or by a short line that a legal form
    closes, one or two words of a name wrapped onto it ("LIGHTROOM" / "GALLERY SDN BHD").
    For that last, the line above is set in the same type (``WRAPPED_TYPE``) and column, reads
    as no address (a logo read into garbage with a street word: "BRT ST QWZ") and is in the
    name's script (not Hangul jamo that plain Tesseract's kor+eng reads a logo into, SROIE dev
    087); a name of three words or more on a line of its own is whole ("BEN'S INDEPENDENT
    GROCER" above "BENS INDEPENDENT GROCER SDN. BHD", SROIE dev 060)."""
    if _open(before):
        return True
    if LEGAL_END.search(before):
        return False
    if _starts_with_form(words) or (words and words[0] == "&"):
        return True
    wrapped = len(chain) == 1 and 0 < len(LEGAL_END.split(" ".join(words))[0].split()) <= 2
    return (
        wrapped
        and bool(LEGAL_END.search(" ".join(words)))
        and not any(c.isdigit() for c in before)
        and not business(previous)
        and not address_like(previous)
        and _latin(before) == _latin(" ".join(words))
        and _same_block(previous, chain[0])
        and chain[0].height >= WRAPPED_TYPE * previous.height
    )


def _runs_on(line: TextLine, text: str, after: TextLine, rest: str) -> bool:
    """Whether a name line (``text`` of ``line``) goes on to ``after`` (``rest`` of it): it
    ends open, or, not closed by a legal form, goes on to a line of its column and type without
    digits, when it holds a company word of COMPANY_WORDS ("RESTAURANT JIAWEI" / "JIAWEI
    HOUSE") or the line after starts with a legal form. The Malay kinds of BUSINESS_WORDS only
    mark the name line, a branch line often follows them ("RESTORAN ..." / "CAWANGAN ..."),
    and go on only to a legal form ("PASARAYA ..." / "SDN BHD")."""
    if _open(text):
        return True
    return (
        not LEGAL_END.search(text)
        and not any(c.isdigit() for c in rest)
        and _same_block(line, after)
        and (company(line) or _kind_only(text) or _starts_with_form(_name_words(rest)))
    )


def _latin(text: str) -> bool:
    """Whether the letters of ``text`` are all Latin."""
    return all(c.isascii() for c in text if c.isalpha())


def _kind_only(text: str) -> bool:
    """A line of Malay kinds of shop alone ("RESTORAN", "SYARIKAT PERNIAGAAN"): Malay sets the
    kind before the shop's own name, which a narrow receipt wraps onto the next line."""
    words = key(text.replace(" ", "|")).split("|")
    return all(word in MALAY_KINDS for word in words)


def _name_words(text: str) -> list[str]:
    """The words of a name line, without the marks OCR read before its first word ("—_— CO.
    (M) SDN BHD")."""
    return _LEADING_MARKS.sub("", text.replace("_", " ")).split()


def _starts_with_form(words: Sequence[str]) -> bool:
    """Whether a name line starts with a company word or an English kind of shop, which
    follow a name ("SDN BHD", "CO. (M) SDN BHD", "STATIONERY & BOOKS")."""
    first = key(words[0]) if words else ""
    return bool(first) and any(first.startswith(word) for word in (*COMPANY_WORDS, *ENGLISH_KINDS))


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
    """Whether a name line goes on: it ends in "&", "," or a conjunction ("PAGOH REST AND" /
    "SERVICE AREA"; DAN is Malay "and") or leaves a bracket open."""
    if text.endswith(("&", ",", "-")) or text.count("(") > text.count(")"):
        return True
    return bool(_CONJUNCTION.search(text))
