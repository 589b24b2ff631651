"""A receipt's merchant name and address read from its header, where they carry no labels.

The address starts at the first of the page's first lines that reads like one (a postcode
before a place name, a street word, a house number) and runs to its postcode line (and the
state or city after it when that line ends in a comma); the name is the business-like line
nearest above it (one with a company word such as SDN BHD or (주), else the nearest line of
letters), joined to the line before or after when the name runs over two lines.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from docparse.keyfields.candidates import Found
from docparse.keyfields.lexicon import COMPANY_WORDS, INVOICE_WORDS
from docparse.keyfields.lines import LabelHit, TextLine, key
from docparse.keyfields.values import BUSINESS_NUMBER, DATE, PHONE, TIME

ADDRESS_LINES = 5
"""An unlabelled address runs over at most this many lines."""
HEADER_LINES = 15
"""A receipt's address is among its first lines."""
TITLE_LINES = 8
"""Without an address, a receipt's name is among its first lines."""
PLACE_WORDS = 4
REGISTRATION_LETTERS = 10
"""Letters besides the number on a registration line ("CO.REG", "COMPANY NO", "GST ID")."""
UNLABELLED_SCORE = 0.7
TITLE_SCORE = 0.6
COMPANY_BONUS = 0.2

REGISTRATION = re.compile(
    r"(?<![\w-])[A-Z0-9]*\d[A-Z0-9]*(?:\s?-\s?[A-Z0-9]+)+(?![\w-])|\d{6,}", re.I
)
_POSTCODE = re.compile(r"(?<![\d.\-:/])\d{5}(?![\d.\-:/]),?\s*[^\W\d_]")
"""A 5-digit postcode before a place name (Malaysia, Korea, the US, Germany ...)."""
_STREET = re.compile(
    r"^\s*(?:no\.?\s*)?\d+[a-z]?\s*,|"
    r"\b(?:jalan|jln|jl|taman|tmn|lot|no|road|rd|street|st|avenue|ave|lorong|persiaran|lebuh|"
    r"floor|flr|level|unit|suite|blk|block|building|bangunan|kawasan|seksyen|bandar|"
    r"kampung|kg)\b\.?|[가-힣]+(?:시|구|군|로|길|동|읍|면)\s?\d|번지",
    re.IGNORECASE,
)
"""A house number first, street words, Korean address units followed by a number."""
_TRAILING_REGISTRATION = re.compile(r"\s*\(?[A-Z]*[\s.:]*\d[\dA-Z]*-[A-Z0-9]+\)?\s*$", re.I)


def header(
    lines: Sequence[TextLine], hits: Sequence[LabelHit]
) -> tuple[Found | None, Found | None]:
    """The merchant's name and address, either None when not found."""
    labelled = {h.line.order for h in hits}
    first = [line for line in lines if line.page == lines[0].page][:HEADER_LINES] if lines else []

    def stops(line: TextLine) -> bool:
        return line.order in labelled or registration_only(line) or _other_value(line)

    start = next(
        (
            at
            for at, line in enumerate(first)
            if not stops(line) and not _company(line) and _address_like(line)
        ),
        None,
    )
    if start is None:
        return title(lines, hits), None
    run: list[TextLine] = []
    for line in first[start : start + ADDRESS_LINES]:
        if run and (stops(line) or _company(line)):
            break
        run.append(line)
    post = next((at for at, line in enumerate(run) if _POSTCODE.search(line.text)), None)
    if post is not None:
        end = post + 1
        # the state or city on the next line when the postcode line runs on ("JOHOR BAHRU,")
        if end < len(run) and run[post].text.rstrip().endswith(",") and _place_name(run[end]):
            end += 1
    else:
        end = max(at for at, line in enumerate(run) if _address_like(line)) + 1
        while end < len(run) and _place_name(run[end]):
            end += 1
    kept = run[:end]
    text = " ".join(line.text.strip() for line in kept)
    address = Found(kept[0], 0, len(kept[0].text), text, UNLABELLED_SCORE, more=tuple(kept[1:]))
    above = [
        line
        for line in first[:start]
        if line.order not in labelled and not registration_only(line) and _is_title(line, hits)
    ]
    if not above:
        return None, address
    with_word = [line for line in above if _company(line)]
    return _name_from(with_word[-1] if with_word else above[-1], above), address


def title(lines: Sequence[TextLine], hits: Sequence[LabelHit]) -> Found | None:
    """Without an address: among the first lines of page 1, one with a company word, else the
    first line of letters without a label."""
    first = [line for line in lines if line.page == lines[0].page][:TITLE_LINES] if lines else []
    pool = [line for line in first if _is_title(line, hits)]
    if not pool:
        return None
    with_word = [line for line in pool if _company(line)]
    line = with_word[0] if with_word else pool[0]
    return _name_from(line, pool)


def registration_only(line: TextLine) -> bool:
    """A line holding only a company registration number ("789417-W", "(CO.REG : 933109-X)")."""
    match = REGISTRATION.search(line.text)
    if match is None:
        return False
    rest = line.text[: match.start()] + line.text[match.end() :]
    return sum(c.isalpha() for c in rest) <= REGISTRATION_LETTERS


def _name_from(line: TextLine, above: Sequence[TextLine]) -> Found:
    """The name on ``line``, less a registration number in brackets after it; joined to the
    line before when it goes on from there (it starts with a company word: "SDN BHD",
    "CO. (M) SDN BHD"; the line before ends open: "&", an unclosed bracket), or to the line
    after when it ends open itself."""
    text = _TRAILING_REGISTRATION.sub("", line.text).strip() or line.text.strip()
    start = line.text.index(text)
    at = list(above).index(line)
    score = TITLE_SCORE + (COMPANY_BONUS if _company(line) else 0.0)
    if at > 0 and above[at - 1].order == line.order - 1:
        previous = above[at - 1]
        before = previous.text.strip()
        starts = any(key(text.split()[0]).startswith(word) for word in COMPANY_WORDS)
        if _open(before) or (starts and not _company(previous)):
            joined = f"{before} {text}"
            return Found(previous, 0, len(previous.text), joined, score, more=(line,))
    if _open(text) and at + 1 < len(above) and above[at + 1].order == line.order + 1:
        after = _TRAILING_REGISTRATION.sub("", above[at + 1].text).strip()
        joined = f"{text} {after}"
        return Found(line, start, start + len(text), joined, score, more=(above[at + 1],))
    return Found(line, start, start + len(text), text, score)


def _open(text: str) -> bool:
    """Whether a name line goes on: it ends in "&" or "," or leaves a bracket open."""
    return text.endswith(("&", ",", "-")) or text.count("(") > text.count(")")


def _is_title(line: TextLine, hits: Sequence[LabelHit]) -> bool:
    letters = sum(c.isalpha() for c in line.text)
    if letters < 2 or letters < len(line.key) / 2:
        return False
    if any(h.line is line for h in hits):
        return False
    return not any(p.search(line.text) for p in (DATE, PHONE, BUSINESS_NUMBER, TIME))


def _company(line: TextLine) -> bool:
    return any(word in line.key for word in COMPANY_WORDS)


def _address_like(line: TextLine) -> bool:
    return bool(_POSTCODE.search(line.text) or _STREET.search(line.text))


def _place_name(line: TextLine) -> bool:
    """A short line of letters only (a city or state), not a document title."""
    if any(word in line.key for word in INVOICE_WORDS):
        return False
    words = line.text.split()
    return 0 < len(words) <= PLACE_WORDS and not any(c.isdigit() for c in line.text)


def _other_value(line: TextLine) -> bool:
    return any(p.search(line.text) for p in (PHONE, DATE, TIME))
