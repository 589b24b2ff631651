"""Whether a PDF page's text layer tells the truth about what the page shows.

A text layer can lie: a scanned page carries an invisible OCR layer (text render mode 3) made
by some other tool, often poor; text can be placed off the page or hidden under an image;
fonts without a Unicode map give replacement (U+FFFD) or private-use characters; some layers
are mostly symbols. ``--text-layer auto`` uses a page's layer only when none of these hold;
otherwise the page is recognised from its pixels, with a warning giving the reason.

The shares are of characters (or of words, for their place on the page); a page is judged by
what most of its text does, so one stray invisible word or symbol changes nothing.
"""

from __future__ import annotations

import unicodedata

import pymupdf

INVISIBLE_SHARE = 0.5
"""Share of characters drawn invisibly (render mode 3, or fully transparent) from which the
layer is taken for another tool's OCR layer."""
OFF_PAGE_SHARE = 0.3
"""Share of words lying outside the page from which the layer is not the page's text."""
HIDDEN_SHARE = 0.5
"""Share of text drawn under a later image that covers it, from which the layer is hidden."""
JUNK_SHARE = 0.1
"""Share of replacement, private-use, unassigned or control characters from which the
layer's fonts are taken to have no usable Unicode map."""
MIN_ALNUM_SHARE = 0.5
"""Below this share of letters and digits the layer is symbols, not text."""
SCAN_SHARE = 0.5
"""Share of the page one image covers from which the page may be a scan with a few lines of
text added over it (a court portal's notice, a stamp of the date printed): such a page is
also recognised from its pixels, and the reading that holds more of its text is kept (see
``Parser``). Of realdocs' 85 born-digital first-three pages, one has an image covering over
30 % of it (a report's cover, 39 %); a scanned page's image covers all of it."""
_JUNK_CATEGORIES = frozenset({"Co", "Cn", "Cs", "Cc"})


def invisible_share(page: pymupdf.Page) -> float:
    """Share of the page's characters that are drawn invisibly."""
    total = invisible = 0
    for span in page.get_texttrace():
        count = len(span.get("chars", ()))
        total += count
        if span.get("type") == 3 or span.get("opacity", 1.0) == 0:
            invisible += count
    return invisible / total if total else 0.0


DrawingLog = list[tuple[str, tuple[float, float, float, float]]]
"""What a page draws, in order: ``page.get_bboxlog()`` (kind, box), taken once a page."""


def hidden_share(log: DrawingLog) -> float:
    """Share of text boxes (by count) drawn before an image that covers nine tenths of them."""
    texts = hidden = 0
    for i, (kind, box) in enumerate(log):
        if not kind.endswith("-text") or kind == "ignore-text":
            continue
        texts += 1
        rect = pymupdf.Rect(box)
        if rect.is_empty:
            continue
        for later_kind, later_box in log[i + 1 :]:
            if later_kind == "fill-image":
                overlap = rect & pymupdf.Rect(later_box)
                if not overlap.is_empty and overlap.get_area() >= 0.9 * rect.get_area():
                    hidden += 1
                    break
    return hidden / texts if texts else 0.0


def largest_image_share(log: DrawingLog, page: pymupdf.Rect) -> float:
    """Share of the ``page`` area covered by its largest image."""
    area = abs(page)
    if not area:
        return 0.0
    shares = [abs(pymupdf.Rect(box) & page) / area for kind, box in log if kind == "fill-image"]
    return max(shares, default=0.0)


def off_page_share(page: pymupdf.Page) -> float:
    """Share of the page's words (extracted without clipping) whose centre is off the page."""
    words = page.get_text("words", clip=pymupdf.INFINITE_RECT())
    if not words:
        return 0.0
    area = page.mediabox
    off = sum(
        not area.contains(pymupdf.Point((x0 + x1) / 2, (y0 + y1) / 2))
        for x0, y0, x1, y1, *_ in words
    )
    return off / len(words)


def junk_share(text: str) -> float:
    """Share of characters that are U+FFFD or of a junk Unicode category."""
    characters = [ch for ch in text if not ch.isspace()]
    if not characters:
        return 0.0
    junk = sum(ch == "\ufffd" or unicodedata.category(ch) in _JUNK_CATEGORIES for ch in characters)
    return junk / len(characters)


def alnum_share(text: str) -> float:
    characters = [ch for ch in text if not ch.isspace()]
    return sum(ch.isalnum() for ch in characters) / len(characters) if characters else 0.0


def distrust(page: pymupdf.Page, text: str, log: DrawingLog | None = None) -> str | None:
    """Why the page's text layer (whose words joined are ``text``) should not be used, or
    None when it can be; ``log`` is the page's drawing log when it is at hand."""
    if invisible_share(page) >= INVISIBLE_SHARE:
        return "its text layer is invisible (an OCR layer over a scan)"
    if off_page_share(page) >= OFF_PAGE_SHARE:
        return "its text layer lies outside the page"
    if hidden_share(page.get_bboxlog() if log is None else log) >= HIDDEN_SHARE:
        return "its text layer is hidden under images"
    if junk_share(text) >= JUNK_SHARE:
        return "its text layer holds replacement or private-use characters"
    if alnum_share(text) < MIN_ALNUM_SHARE:
        return "its text layer is mostly symbols, not words"
    return None
