"""Synthetic table pages with exact truth: a grid of Korean/English words and numbers drawn
with the synthetic generator's fonts, ruled (every cell outlined), borderless (no lines) or
with merged cells (a header group spanning columns, a first-column cell spanning rows).

The truth is a :class:`~docparse.table_model.Table` per table whose cells each hold one word,
the cell's whole text, boxed by the cell's rectangle on the page.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from typing import Literal

from PIL import Image, ImageDraw, ImageFont

from docparse.io.fonts import SHAPING, font_path, pillow_font
from docparse.model import Table, TableCell, Word

Style = Literal["ruled", "borderless", "merged"]
Language = Literal["ko", "en"]
STYLES: tuple[Style, ...] = ("ruled", "borderless", "merged")

_HEADERS = {
    "ko": ["품목", "수량", "단가", "금액", "비고", "지역", "날짜", "담당", "구분", "합계"],
    "en": ["Item", "Qty", "Price", "Amount", "Note", "Region", "Date", "Owner", "Type", "Total"],
}
_WORDS = {
    "ko": [
        "사과",
        "배",
        "복사용지",
        "볼펜",
        "서울",
        "부산",
        "대전",
        "광주",
        "노트북",
        "모니터",
        "의자",
        "책상",
        "완료",
        "대기",
        "정상",
        "검토 중",
        "김민준",
        "이서연",
        "박지훈",
        "최유진",
    ],
    "en": [
        "Apple",
        "Pear",
        "Paper A4",
        "Pen",
        "Seoul",
        "Busan",
        "Daejeon",
        "Laptop",
        "Monitor",
        "Chair",
        "Desk",
        "Done",
        "Pending",
        "OK",
        "In review",
        "Kim",
        "Lee",
        "Park",
        "Choi",
        "Cable",
    ],
}
_GROUPS = {
    "ko": ["상반기", "하반기", "수입", "지출"],
    "en": ["First half", "Second half", "In", "Out"],
}


@dataclass
class TextRun:
    """A line of text as drawn: pen position on the baseline, size in pixels."""

    text: str
    x: float
    baseline: float
    size: float
    bold: bool


@dataclass
class TablePage:
    image: Image.Image
    tables: list[Table]
    words: list[Word]  # every word drawn, boxed by its ink, in drawing order
    runs: list[TextRun]
    rules: list[tuple[float, float, float, float]]  # rectangles outlined
    dpi: float
    style: Style
    language: Language


def table_page(style: Style, language: Language, seed: int, dpi: float = 150.0) -> TablePage:
    """A page (A5 landscape-ish width at ``dpi``) with a caption line, one table and a line
    of text under it."""
    rng = random.Random(f"{style}-{language}-{seed}")
    size = round(11 / 72 * dpi)  # 11-pt text
    font = pillow_font("gothic", False, size)
    bold = pillow_font("gothic", True, size)
    cols = rng.randint(3, 6)
    body_rows = rng.randint(3, 7)
    grid = _contents(rng, language, cols, body_rows)
    header_rows = 2 if style == "merged" else 1
    merges = _merges(rng, style, cols, body_rows)
    if style == "merged":  # a group over two columns, their own headers in a second row
        group = merges[0][1]
        sub = ["", *grid[0][1:]]
        grid.insert(1, ["" if c not in (group, group + 1) else sub[c] for c in range(cols)])
        grid[0][group] = rng.choice(_GROUPS[language])
    pad_x, pad_y = round(0.6 * size), round(0.45 * size)
    line_h = round(1.25 * size)
    widths = [
        max(round(font.getlength(grid[r][c], features=SHAPING)) for r in range(len(grid)))
        + 2 * pad_x
        for c in range(cols)
    ]
    if style == "borderless":
        widths = [w + size for w in widths]  # columns apart by whitespace alone
    width = sum(widths) + 4 * size
    caption_y = 2 * size
    top = caption_y + 3 * size
    rows = len(grid)
    row_h = line_h + 2 * pad_y
    height = top + rows * row_h + 5 * size
    image = Image.new("L", (max(width, 600), height), 255)
    draw = ImageDraw.Draw(image)
    caption = "표 1. 월별 현황" if language == "ko" else "Table 1. Monthly status"
    runs: list[TextRun] = []
    rules: list[tuple[float, float, float, float]] = []
    words = _draw(draw, (2 * size, caption_y), caption, font, "la", runs)
    left = 2 * size
    col_x = [left]
    for w in widths:
        col_x.append(col_x[-1] + w)
    row_y = [top + r * row_h for r in range(rows + 1)]
    owner = {(r, c): (r, c, 1, 1) for r in range(rows) for c in range(cols)}
    for r0, c0, rs, cs in merges:
        for r in range(r0, r0 + rs):
            for c in range(c0, c0 + cs):
                owner[r, c] = (r0, c0, rs, cs)
    cells = []
    for r0, c0, rs, cs in sorted(set(owner.values())):
        box = (col_x[c0], row_y[r0], col_x[c0 + cs], row_y[r0 + rs])
        text = grid[r0][c0]
        header = r0 < header_rows
        face = bold if header else font
        if text:
            length = face.getlength(text, features=SHAPING)
            numeric = text.replace(",", "").isdigit()
            x = box[2] - pad_x - length if numeric and not header else box[0] + pad_x
            if cs > 1 or (header and style != "borderless"):
                x = (box[0] + box[2] - length) / 2
            y = (box[1] + box[3]) / 2
            words += _draw(draw, (x, y), text, face, "lm", runs)
        if style != "borderless":
            draw.rectangle(box, outline=0, width=max(1, round(dpi / 150)))
            rules.append(box)
        word = Word(text=text, box=box, engine="truth")
        cells.append(
            TableCell(
                row=r0,
                col=c0,
                row_span=rs,
                col_span=cs,
                box=box,
                words=[word] if text else [],
                header=header,
            )
        )
    footer = "합계는 부가세 포함 금액입니다." if language == "ko" else "Totals include VAT."
    words += _draw(draw, (2 * size, row_y[-1] + 2 * size), footer, font, "la", runs)
    table = Table(
        rows=rows,
        cols=cols,
        header_rows=header_rows,
        cells=cells,
        method="alignment" if style == "borderless" else "rulings",
    )
    return TablePage(image.convert("RGB"), [table], words, runs, rules, dpi, style, language)


def _draw(
    draw: ImageDraw.ImageDraw,
    at: tuple[float, float],
    text: str,
    font: ImageFont.FreeTypeFont,
    anchor: str,
    runs: list[TextRun],
) -> list[Word]:
    """Draws ``text`` and returns its words, each boxed by its ink."""
    draw.text(at, text, fill=0, font=font, anchor=anchor, features=SHAPING)
    ascent, descent = font.getmetrics()
    baseline = at[1] + ascent if anchor == "la" else at[1] + (ascent - descent) / 2
    runs.append(TextRun(text, at[0], baseline, font.size, "Bold" in (font.path or "")))
    words = []
    x = at[0]
    for part in text.split(" "):
        if part:
            box = draw.textbbox((x, at[1]), part, font=font, anchor=anchor, features=SHAPING)
            words.append(Word(text=part, box=box, engine="truth"))
        x += font.getlength(part + " ", features=SHAPING)
    return words


def _contents(rng: random.Random, language: Language, cols: int, body_rows: int) -> list[list[str]]:
    headers = rng.sample(_HEADERS[language], cols)
    rows = [headers]
    for _ in range(body_rows):
        row = [rng.choice(_WORDS[language])]
        for _ in range(cols - 1):
            kind = rng.random()
            if kind < 0.6:
                row.append(f"{rng.randint(1, 999_999):,}")
            elif kind < 0.8:
                row.append(f"{rng.randint(2019, 2025)}-{rng.randint(1, 12):02d}")
            else:
                row.append(rng.choice(_WORDS[language]))
        rows.append(row)
    return rows


def _merges(
    rng: random.Random, style: Style, cols: int, body_rows: int
) -> list[tuple[int, int, int, int]]:
    """(row, col, row_span, col_span) of the merged cells; ``merged`` tables get a second
    header row under a group spanning two columns, and a first-column cell over two rows."""
    if style != "merged":
        return []
    start = rng.randint(1, cols - 2) if cols > 3 else 1
    merges = [(0, start, 1, 2)]
    merges += [(0, c, 2, 1) for c in range(cols) if c not in (start, start + 1)]
    first = rng.randint(2, body_rows)
    merges.append((first, 0, 2, 1))
    return merges


def table_pdf(page: TablePage) -> bytes:
    """The same page born-digital: vector rules and a text layer in the Nanum fonts, one
    image pixel becoming 72 / dpi points."""
    import pymupdf

    scale = 72 / page.dpi
    document = pymupdf.open()
    pdf_page = document.new_page(width=page.image.width * scale, height=page.image.height * scale)
    for bold in (False, True):
        pdf_page.insert_font(fontname=_FONT[bold], fontfile=str(font_path("gothic", bold)))
    for x0, y0, x1, y1 in page.rules:
        pdf_page.draw_rect(pymupdf.Rect(x0, y0, x1, y1) * scale, color=(0, 0, 0), width=0.5)
    for run in page.runs:
        pdf_page.insert_text(
            (run.x * scale, run.baseline * scale),
            run.text,
            fontsize=run.size * scale,
            fontname=_FONT[run.bold],
        )
    data = document.tobytes()
    document.close()
    return data


_FONT = {False: "nanum", True: "nanumbold"}
