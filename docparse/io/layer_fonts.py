"""Whether a text layer's fonts map their glyphs to the characters the page shows.

A PDF's text is glyph codes; what they mean comes from each font's Unicode map (its
/ToUnicode CMap or encoding). When that map is wrong — a font subset whose CMap was written
shifted or for another subset, a Korean word processor's font whose codes extract as other
syllables or ideographs — every word of the font extracts as well-formed gibberish: letters
and syllables, no replacement or private-use character, so :mod:`.text_layer_trust`'s
checks cannot see it. Only the page's pixels can: two short pieces of text of each font
are rendered and read by the OCR engine (``LayerReader``, given by the pipeline), and a
font whose pieces, read surely, do not read as its text says is taken to be mismapped.
Pages whose characters are largely in such a font are then read by OCR, with a warning.

A font is judged once per document (a Unicode map belongs to the font, not the page), on
the first page with pieces of it that read surely; fonts too rare on a page to change how
it is read, and lines set at a slant, are skipped (sideways lines are turned upright).
Measured in ``benchmarks/results/layer_fonts.md``.
"""

from __future__ import annotations

import itertools
import unicodedata
from collections import defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

import pymupdf
from PIL import Image
from rapidfuzz.distance import Indel

from docparse.io.pdf import quarter_of

LayerReader = Callable[[Sequence[Image.Image]], "list[tuple[str, float]] | None"]
"""Reads each image (a piece of one line of text, upright): its text ("" for nothing) and
the mean confidence (0-1) of its characters; None when it cannot read at all (the fonts then
stay unjudged and the layer is used)."""

MISMAPPED_SHARE = 0.1
"""Share of a page's characters in mismapped fonts from which its layer is not used (the
share from which :data:`.text_layer_trust.JUNK_SHARE` distrusts unmapped characters)."""
AGREEMENT = 0.8
"""Mean similarity (0-1, of letters and digits, case folded) between a font's pieces as the
layer gives them and as OCR reads them surely, under which the font's text is taken not to
be what the page shows. Measured on realdocs' **dev** split (36 fonts judged on first three
pages, 2026-11-28): fonts whose maps are right 0.97-1.00, the one mismapped font (an IBM
Redpaper's sidebar) 0.00; a map shifted by a few code points agrees by chance only
(0.0-0.2), one broken in part in between. OCR errors on short Korean pieces cost up to
0.17 a piece (0.83: "(WHO)" read "(/10)")."""
SURE = 0.8
"""Mean character confidence from which a piece's reading counts. A piece the engine cannot
read (white text on a pale fill, a word crossed by a table rule) reads unsurely (0.0-0.46 on
realdocs' fund prospectus) and says nothing about the map; a mismapped font's glyphs still
show real text, which reads surely (0.99-1.00 on the mismapped page of realdocs, clean Hangul
0.86-0.95)."""
TRIES = 3
"""Pages on which a font is looked for pieces that read surely before it is left unjudged."""
SAMPLES_PER_FONT = 2
MIN_SAMPLE_CHARACTERS = 4
"""Letters and digits a piece needs to be read as a sample (shorter ones agree by chance)."""
MAX_SAMPLE_CHARACTERS = 16
"""A sample is the first words of a run up to this many letters and digits: enough to
judge a map (chance agreement of 16 wrong characters is near 0), short enough to keep the
strip the engine reads small."""
SAMPLE_HEIGHT = 32
"""Pixel height a sample's box is rendered at (line recognisers read 32-48 px lines)."""
MAX_ZOOM = 8.0
TYPE3 = "Type 3 fonts"


@dataclass(frozen=True)
class LayerRun:
    """A piece of the text layer in one font: ``text``, its box in the displayed page's
    points, and the clockwise quarter turn its text runs at there."""

    font: str
    text: str
    box: tuple[float, float, float, float]
    quarter: int


def _alnum(text: str) -> str:
    return "".join(ch for ch in unicodedata.normalize("NFKC", text).casefold() if ch.isalnum())


def agreement(layer_text: str, read: str) -> float:
    """Similarity (0-1) of two readings' letters and digits, case folded."""
    a, b = _alnum(layer_text), _alnum(read)
    if not a and not b:
        return 1.0
    return Indel.normalized_similarity(a, b)


def font_characters(page: pymupdf.Page) -> dict[str, int]:
    """Letters and digits of the page's text layer, per font."""
    characters: dict[str, int] = defaultdict(int)
    for block in page.get_text("dict", flags=pymupdf.TEXTFLAGS_TEXT)["blocks"]:
        for line in block.get("lines", ()):
            for span in line["spans"]:
                characters[font_key(span["font"])] += len(_alnum(span["text"]))
    return characters


def font_key(name: str) -> str:
    """The font a span is judged under: its name, or one name for all Type 3 fonts (a
    court portal's PDFs set each few glyphs in a Type 3 font of their own, "Type3 (11 0 R)":
    judged one by one, none holds enough of a page, nor spans long enough to read)."""
    return TYPE3 if name.startswith("Type3") else name


def samples(page: pymupdf.Page, fonts: set[str]) -> dict[str, list[LayerRun]]:
    """For each of ``fonts`` (by :func:`font_key`), its pieces on the page that can be read:
    the first words of each run of spans in it, laid out as text (each character ahead of
    the one before), along an axis."""
    turn = page.rotation_matrix
    origin = page.rect.tl
    found: dict[str, list[LayerRun]] = defaultdict(list)
    for block in page.get_text("rawdict", flags=pymupdf.TEXTFLAGS_TEXT)["blocks"]:
        for line in block.get("lines", ()):
            dx, dy = line["dir"]
            shown = (dx * turn.a + dy * turn.c, dx * turn.b + dy * turn.d)
            if min(abs(shown[0]), abs(shown[1])) > 0.03:  # about 2°: not along an axis
                continue
            for font, spans in itertools.groupby(line["spans"], lambda s: font_key(s["font"])):
                if font not in fonts:
                    continue
                chars = [char for span in spans for char in span["chars"]]
                piece = _first_words(chars, (dx, dy))
                if piece is None:
                    continue
                text, rect = piece
                shifted = (rect * turn).normalize() - (origin.x, origin.y, origin.x, origin.y)
                box = (shifted.x0, shifted.y0, shifted.x1, shifted.y1)
                found[font].append(LayerRun(font, text, box, quarter_of(shown)))
    return found


def _first_words(
    chars: list[dict], direction: tuple[float, float]
) -> tuple[str, pymupdf.Rect] | None:
    """The span's first words up to ``MAX_SAMPLE_CHARACTERS`` letters and digits, and their
    box; None when too short, or when a character does not stand ahead of the one before
    (characters stacked on one spot: a form's field drawn clipped shows none of its text)."""
    words: list[list[dict]] = [[]]
    for char in chars:
        if char["c"].isspace():
            if words[-1]:
                words.append([])
        else:
            words[-1].append(char)
    taken: list[list[dict]] = []
    count = 0
    for word in words:
        letters = sum(len(_alnum(char["c"])) for char in word)
        if count + letters > MAX_SAMPLE_CHARACTERS:
            if not taken:  # one long word (a map that makes spaces letters, too): its start
                taken.append(_leading(word, MAX_SAMPLE_CHARACTERS))
                count = MAX_SAMPLE_CHARACTERS
            break
        if word:
            taken.append(word)
            count += letters
    if count < MIN_SAMPLE_CHARACTERS:
        return None
    dx, dy = direction
    chars_taken = [char for word in taken for char in word]
    positions = [char["origin"][0] * dx + char["origin"][1] * dy for char in chars_taken]
    if any(later <= earlier for earlier, later in itertools.pairwise(positions)):
        return None
    rect = pymupdf.Rect(chars_taken[0]["bbox"])
    for char in chars_taken[1:]:
        rect |= pymupdf.Rect(char["bbox"])
    return " ".join("".join(char["c"] for char in word) for word in taken), rect


def _leading(word: list[dict], letters: int) -> list[dict]:
    """The characters of ``word`` up to its ``letters``-th letter or digit."""
    kept: list[dict] = []
    for char in word:
        kept.append(char)
        letters -= len(_alnum(char["c"]))
        if letters <= 0:
            break
    return kept


def render_run(drawing: pymupdf.DisplayList, run: LayerRun) -> Image.Image:
    """The piece's box rendered upright, its text about ``SAMPLE_HEIGHT`` pixels high."""
    x0, y0, x1, y1 = run.box
    across = (y1 - y0) if run.quarter in (0, 180) else (x1 - x0)
    zoom = min(MAX_ZOOM, SAMPLE_HEIGHT / max(across, 1.0))
    pixmap = drawing.get_pixmap(
        matrix=pymupdf.Matrix(zoom, zoom), clip=pymupdf.Rect(run.box), alpha=False
    )
    image = Image.frombytes("RGB", (pixmap.width, pixmap.height), pixmap.samples)
    return image.rotate(run.quarter, expand=True) if run.quarter else image


@dataclass
class FontVerdicts:
    """Each font's verdict (True: its map is right), kept across the pages of a document."""

    reader: LayerReader
    verdicts: dict[str, bool | None] = field(default_factory=dict)
    """font → True (its map reads right), False (mismapped), None (left unjudged)"""
    tries: dict[str, int] = field(default_factory=lambda: defaultdict(int))

    def problem(self, page: pymupdf.Page) -> str | None:
        """Why the page's layer should not be used because of its fonts' maps, or None."""
        characters = font_characters(page)
        total = sum(characters.values())
        if not total:
            return None
        self._judge(page, self._to_judge(characters, total))
        wrong = [font for font in characters if self.verdicts.get(font) is False]
        share = sum(characters[font] for font in wrong) / total
        if share < MISMAPPED_SHARE:
            return None
        return (
            f"its text layer does not read as the page shows (the text of font "
            f"{', '.join(wrong)} is not what its place on the page shows: a wrong Unicode map)"
        )

    def _to_judge(self, characters: dict[str, int], total: int) -> set[str]:
        """Fonts not yet judged that hold ``MISMAPPED_SHARE`` of the page's characters on
        their own: a rarer font cannot change how the page is read."""
        return {
            font
            for font, count in characters.items()
            if font not in self.verdicts and count >= MISMAPPED_SHARE * total
        }

    def _judge(self, page: pymupdf.Page, fonts: set[str]) -> None:
        """Reads pieces of each of ``fonts`` and records the verdicts it can."""
        if not fonts:
            return
        chosen: list[LayerRun] = []
        for pieces in samples(page, fonts).values():
            pieces.sort(key=lambda run: -len(_alnum(run.text)))
            chosen.extend(pieces[:SAMPLES_PER_FONT])
        scores: dict[str, list[float]] = defaultdict(list)
        if chosen:
            drawing = page.get_displaylist()
            readings = self.reader([render_run(drawing, run) for run in chosen])
            if readings is None:  # the engine cannot read: nothing can be judged
                self.verdicts.update(dict.fromkeys(fonts))
                return
            for run, (read, confidence) in zip(chosen, readings, strict=True):
                if confidence >= SURE:
                    scores[run.font].append(agreement(run.text, read))
        for font in fonts:
            if values := scores.get(font):
                self.verdicts[font] = sum(values) / len(values) >= AGREEMENT
            else:
                self.tries[font] += 1
                if self.tries[font] >= TRIES:
                    self.verdicts[font] = None
