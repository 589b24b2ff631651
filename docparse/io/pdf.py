"""PDF pages: rasterised at the DPI that gives the target long side, or read from their
text layer when they are born-digital."""

from __future__ import annotations

from itertools import pairwise
from pathlib import Path
from typing import NamedTuple

from PIL import Image

from docparse.errors import InputError
from docparse.hangul import has_syllable
from docparse.io.pymupdf_import import pymupdf
from docparse.model import Word

MAX_DPI = 1200.0
MIN_DPI = 72.0
# A page "has real text" when its text layer holds at least this many words with
# at least this share of letters or digits (not just stray marks of a scanner's layer).
MIN_TEXT_WORDS = 3
MIN_ALNUM_SHARE = 0.5


# MuPDF's own exceptions (FzErrorFormat "malformed page tree", ...) derive from Exception,
# not RuntimeError: every call into a damaged file catches them with these.
MUPDF_ERRORS: tuple[type[Exception], ...] = (RuntimeError, ValueError, pymupdf.mupdf.FzErrorBase)

pymupdf.TOOLS.mupdf_display_errors(False)  # problems become our one-line messages instead


class Damage(NamedTuple):
    """MuPDF's complaints about a page's content: parts it could not load at all
    (``cannot load content stream``), and streams it read only up to a fault (``zlib error:
    invalid stored block lengths``), whose page comes out blank or short."""

    lost: list[str]
    cut_short: list[str]


def damage_reports() -> Damage:
    """MuPDF's complaints since the last call about content it could not load, or loaded
    only in part."""
    reports = pymupdf.TOOLS.mupdf_warnings(reset=True).splitlines()
    lost = [line for line in reports if line.startswith("cannot ")]
    short = [line for line in reports if any(sign in line for sign in CUT_SHORT)]
    return Damage(lost, short)


CUT_SHORT = ("zlib error", "read error", "corrupt")
"""Words of MuPDF's messages for a stream it read only up to a fault (a damaged Flate
stream: "zlib error: invalid stored block lengths", then "read error; treating as end of
file")."""


def open_pdf(path: Path, password: str | None) -> pymupdf.Document:
    pymupdf.TOOLS.mupdf_warnings(reset=True)
    try:
        document = _open(path)
    except (*MUPDF_ERRORS, OSError) as error:
        raise InputError(f"corrupt or unreadable PDF ({error})") from None
    if document.needs_pass:
        if password is None:
            document.close()
            raise InputError("encrypted PDF: give its password with --password")
        if not document.authenticate(password):
            document.close()
            raise InputError("encrypted PDF: the --password given is wrong")
    if document.page_count == 0:
        document.close()
        raise InputError("PDF has no pages")
    return document


def _open(path: Path) -> pymupdf.Document:
    try:
        str(path).encode("utf-8")
    except UnicodeEncodeError:
        # MuPDF takes UTF-8 file names only: one that is not (raw bytes on Linux) is read
        # into memory instead.
        return pymupdf.open(stream=path.read_bytes(), filetype="pdf")
    return pymupdf.open(path, filetype="pdf")


def dpi_for(page: pymupdf.Page, target_long_side: int) -> float:
    """The DPI at which the page's long side becomes ``target_long_side`` pixels."""
    rect = page.rect
    long_side_inches = max(rect.width, rect.height) / 72.0
    if long_side_inches <= 0:
        raise InputError(f"page {page.number + 1} has an empty size")
    return min(MAX_DPI, max(MIN_DPI, target_long_side / long_side_inches))


def page_pixel_size(page: pymupdf.Page, dpi: float) -> tuple[int, int]:
    zoom = dpi / 72.0
    return max(1, round(page.rect.width * zoom)), max(1, round(page.rect.height * zoom))


def rasterise(page: pymupdf.Page, dpi: float, mode: str = "RGB") -> Image.Image:
    """The page at ``dpi`` in ``mode``: "RGB", or "L" (greyscale, rendered as such: faster
    than converting, for engines that read grey)."""
    zoom = dpi / 72.0
    colorspace = pymupdf.csGRAY if mode == "L" else pymupdf.csRGB
    pixmap = page.get_pixmap(matrix=pymupdf.Matrix(zoom, zoom), colorspace=colorspace, alpha=False)
    image = Image.frombytes(mode, (pixmap.width, pixmap.height), pixmap.samples)
    # MuPDF caches decoded resources (up to 256 MB by default); pages are read once, so
    # empty it after each one to keep memory flat however long the document is.
    pymupdf.TOOLS.store_shrink(100)
    return image


def text_layer_words(page: pymupdf.Page, dpi: float) -> list[Word]:
    """The page's own words, boxes converted from points to pixels at ``dpi`` of the page as
    displayed: MuPDF gives words in the unrotated page's space, turned here by the page's
    ``/Rotate`` as its rendering is. A word of a line that does not run left to right on the
    displayed page (a margin note printed upwards, a table set sideways) also gets a quad:
    its box's corners from the top left of the text as it lies, clockwise, so that the way
    it reads is known (:func:`quarter_of`)."""
    zoom = dpi / 72.0
    turn = page.rotation_matrix
    origin_x, origin_y = page.rect.x0, page.rect.y0
    textpage = page.get_textpage(flags=pymupdf.TEXTFLAGS_WORDS)  # as get_text("words")
    directions = line_directions(textpage, turn)
    words = []
    for x0, y0, x1, y1, text, block, line, _ in split_at_wide_gaps(textpage):
        if not text.strip():
            continue
        rect = pymupdf.Rect(x0, y0, x1, y1) * turn
        box = (
            (rect.x0 - origin_x) * zoom,
            (rect.y0 - origin_y) * zoom,
            (rect.x1 - origin_x) * zoom,
            (rect.y1 - origin_y) * zoom,
        )
        quarter = directions.get((block, line), 0)
        quad = _quad(box, quarter) if quarter else None
        words.append(Word(text=text, box=box, quad=quad, confidence=None, engine="text_layer"))
    return words


WORD_GAP = 0.15
"""Gap between two characters of one of MuPDF's words, in ems of their span's size and
beyond the word's median gap, at which the word is two when a Hangul syllable stands
beside the gap. MuPDF writes no space between CJK glyphs however far apart they are set,
and a Korean word processor's PDF may place each word apart without a space character
("대한민국헌법제1조민주공화국" for three words); Latin words it splits itself. On the realdocs
dev Korean text layers (8 PDFs, first 3 pages; 12,257 gaps beside a syllable inside MuPDF's
words) 99 % are under 0.1 em; the rest are a bullet or a circled number before its item (◦
0.23, ① 0.47 em), a name before its phone number (0.28), words set apart in a table cell
(0.77), and the syllables of a word spread across its cell (배분 정렬: 부 동 산 업, every gap
0.5), which stay one word: the gap is measured beyond the word's median one, so a word
spread evenly stays whole and a letter-spaced line (0.25 em between syllables, 0.75 between
words) splits at its words."""

Extracted = tuple[float, float, float, float, str, int, int, int]


def split_at_wide_gaps(textpage: pymupdf.TextPage) -> list[Extracted]:
    """``textpage.extractWORDS()``, each word that holds a gap of ``WORD_GAP`` or more
    beside a Hangul syllable split there (boxes from its characters' own boxes)."""
    words = textpage.extractWORDS()
    if not any(has_syllable(word[4]) for word in words):
        return words
    groups = _character_groups(textpage)
    found: list[Extracted] = []
    for word in words:
        chars = groups.get((word[5], word[6], word[7]))
        if chars is None or "".join(c for c, _, _ in chars) != word[4]:
            found.append(word)
            continue
        _, y0, _, y1, _, block, line, number = word
        for start, end in _spaced_parts(chars):
            part = chars[start:end]
            text = "".join(c for c, _, _ in part)
            found.append((part[0][1][0], y0, part[-1][1][2], y1, text, block, line, number))
    return found


def _character_groups(
    textpage: pymupdf.TextPage,
) -> dict[tuple[int, int, int], list[tuple[str, tuple[float, ...], float]]]:
    """(block, line, word number) → the word's characters (each with its box and its
    span's size), for the lines that run left to right; words are the runs of characters
    between spaces, numbered in each line as ``extractWORDS`` numbers them."""
    groups: dict[tuple[int, int, int], list[tuple[str, tuple[float, ...], float]]] = {}
    for b, block in enumerate(textpage.extractRAWDICT()["blocks"]):
        for n, line in enumerate(block.get("lines", ())):
            if line["dir"] != (1.0, 0.0):
                continue
            number, current = 0, []
            for span in line["spans"]:
                for char in span["chars"]:
                    if char["c"].isspace():
                        if current:
                            groups[b, n, number] = current
                            number, current = number + 1, []
                        continue
                    current.append((char["c"], tuple(char["bbox"]), span["size"] or 1.0))
            if current:
                groups[b, n, number] = current
    return groups


def _spaced_parts(chars: list[tuple[str, tuple[float, ...], float]]) -> list[tuple[int, int]]:
    """(start, end) of the parts of a word split at its gaps beside a Hangul syllable that
    are ``WORD_GAP`` wider than its median gap: a word whose letters are spread apart
    (every gap wide) stays whole, and a letter-spaced line splits at its wider word gaps."""
    gaps = [(right[1][0] - left[1][2]) / left[2] for left, right in pairwise(chars)]
    if not gaps:
        return [(0, len(chars))]
    usual = sorted(gaps)[len(gaps) // 2]
    cuts = [
        i + 1
        for i, gap in enumerate(gaps)
        if gap >= usual + WORD_GAP and (has_syllable(chars[i][0]) or has_syllable(chars[i + 1][0]))
    ]
    bounds = [0, *cuts, len(chars)]
    return list(pairwise(bounds))


def line_directions(textpage: pymupdf.TextPage, turn: pymupdf.Matrix) -> dict[tuple[int, int], int]:
    """(block, line) → the clockwise quarter turn (90, 180, 270) of each text line that
    does not run left to right on the displayed page; the words of one text page number
    their blocks and lines as its dict does."""
    directions = {}
    for b, block in enumerate(textpage.extractDICT()["blocks"]):
        for n, line in enumerate(block.get("lines", ())):
            dx, dy = line["dir"]
            # the direction as displayed: the /Rotate matrix without its translation
            shown = (dx * turn.a + dy * turn.c, dx * turn.b + dy * turn.d)
            if quarter := quarter_of(shown):
                directions[b, n] = quarter
    return directions


def quarter_of(direction: tuple[float, float]) -> int:
    """The clockwise quarter turn (0, 90, 180, 270) nearest to text running along
    ``direction`` (x right, y down): (1, 0) reads left to right, 0; (0, 1) downwards, 90;
    (0, −1) upwards, 270."""
    dx, dy = direction
    if abs(dx) >= abs(dy):
        return 0 if dx >= 0 else 180
    return 90 if dy > 0 else 270


def _quad(box: tuple[float, float, float, float], quarter: int) -> tuple[tuple[float, float], ...]:
    """The corners of ``box`` from the top left of text turned clockwise by ``quarter``
    degrees, clockwise."""
    x0, y0, x1, y1 = box
    corners = [(x0, y0), (x1, y0), (x1, y1), (x0, y1)]  # clockwise from the box's top left
    start = {90: 1, 180: 2, 270: 3}[quarter]
    return tuple(corners[start:] + corners[:start])


def has_real_text(words: list[Word]) -> bool:
    if len(words) < MIN_TEXT_WORDS:
        return False
    characters = "".join(word.text for word in words)
    alnum = sum(ch.isalnum() for ch in characters)
    return alnum / max(1, len(characters)) >= MIN_ALNUM_SHARE
