"""``--show PATH``: the evidence pages as one PNG, the answer's boxes drawn on them."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from PIL import Image, ImageDraw

from docparse.ask.answer import Evidence
from docparse.io.atomic import replaced_atomically
from docparse.pipeline import ParseOptions, Parser

BOX_COLOUR = (220, 30, 30)
GAP = 16


def draw_evidence(evidence: Sequence[Evidence], out: Path, password: str | None = None) -> bool:
    """Writes the pages holding ``evidence`` side by side with its boxes; False when there is
    no evidence to show."""
    pages = list(dict.fromkeys((item.source, item.page) for item in evidence))
    if not pages:
        return False
    drawn = []
    for source, number in pages:
        parser = Parser(ParseOptions(pages=str(number), text_layer="never", password=password))
        ((_, image),) = parser.page_images(source)
        image = image.convert("RGB")
        pen = ImageDraw.Draw(image)
        width = max(2, round(max(image.size) / 400))
        for item in evidence:
            if (item.source, item.page) == (source, number):
                x0, y0, x1, y1 = item.box
                pen.rectangle((x0, y0, x1, y1), outline=BOX_COLOUR, width=width)
        drawn.append(image)
    sheet = Image.new(
        "RGB",
        (sum(i.width for i in drawn) + GAP * (len(drawn) - 1), max(i.height for i in drawn)),
        "white",
    )
    x = 0
    for image in drawn:
        sheet.paste(image, (x, 0))
        x += image.width + GAP
    with replaced_atomically(out) as temporary:
        sheet.save(temporary, format="PNG")
    return True
