"""PDF pages: rasterised at the DPI that gives the target long side, or read from their
text layer when they are born-digital."""

from __future__ import annotations

from pathlib import Path

from PIL import Image

from docparse.errors import InputError
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


def damage_reports() -> list[str]:
    """MuPDF's complaints since the last call that mean content could not be loaded."""
    reports = pymupdf.TOOLS.mupdf_warnings(reset=True).splitlines()
    return [line for line in reports if line.startswith("cannot ")]


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
    for x0, y0, x1, y1, text, block, line, _ in textpage.extractWORDS():
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
