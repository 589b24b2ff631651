"""Korean court decisions and contracts as born-digital PDFs, authored here to check the CPU
engine on the kinds of document users feed it, apart from realdocs and from our generator.

The realdocs set (../shared/datasets/realdocs) has few Korean legal pages, and the synthetic
generator (``docparse.evaluation.synth``) prints receipts, invoices and generic documents.
This script writes a Supreme Court decision (사건 / 원고 / 피고 header, 주문, 이유 with 「」
citations and dotted dates), a house lease (부동산 임대차 계약서: a ruled table, 제N조 articles,
amounts in words and figures, ㎡, ₩, masked 주민등록번호) and a standard employment contract
(표준근로계약서: ㈜, ☑, times and wages), each set in NanumMyeongjo, NanumGothic or
NanumBarunGothic, as ordinary text PDFs; ``docparse bench real`` then renders them, degrades
them and scores docparse beside plain Tesseract against the PDFs' own text layers. The texts
were written for this check and nothing in docparse was tuned on them.

    python benchmarks/legal_pages.py /tmp/legal-pdf
    docparse bench real /tmp/legal-pdf --split all --dpi 200 --pages 2 --variant-pages 2 \
        --variants upright,skew+2,skew-5,photo,photo+rot90,jpeg30,halfres --out /tmp/legal
"""

from __future__ import annotations

import argparse
from pathlib import Path

import pymupdf

FONTS = {
    "myeongjo": Path("/usr/share/fonts/truetype/nanum/NanumMyeongjo.ttf"),
    "gothic": Path("/usr/share/fonts/truetype/nanum/NanumGothic.ttf"),
    "barun": Path("/usr/share/fonts/truetype/nanum/NanumBarunGothic.ttf"),
    # --faces other: Debian's fonts-unfonts-core, fonts-baekmuk and fonts-noto-cjk (not
    # installed by setup.sh: `apt-get install fonts-unfonts-core fonts-baekmuk
    # fonts-noto-cjk`), typefaces docparse was never looked at in: 바탕/굴림-like faces as
    # court decisions and office documents are set in, and Noto's (the collection's first
    # face; its Hangul is the same in every region's).
    "unbatang": Path("/usr/share/fonts/truetype/unfonts-core/UnBatang.ttf"),
    "undotum": Path("/usr/share/fonts/truetype/unfonts-core/UnDotum.ttf"),
    "baekmuk-batang": Path("/usr/share/fonts/truetype/baekmuk/batang.ttf"),
    "baekmuk-gulim": Path("/usr/share/fonts/truetype/baekmuk/gulim.ttf"),
    "noto-serif": Path("/usr/share/fonts/opentype/noto/NotoSerifCJK-Regular.ttc"),
    "noto-sans": Path("/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc"),
}
A4 = (595, 842)
MARGIN = 72

LEASE_TABLE = (
    ("소재지", "서울특별시 마포구 월드컵북로 12길 34, 101동 1203호"),
    ("토지", "지목 대, 면적 1,532.4㎡"),
    ("건물", "구조 철근콘크리트, 용도 아파트, 면적 84.97㎡"),
    ("임대할 부분", "101동 1203호 전부"),
)
DOCUMENTS = (
    ("court-myeongjo", "court", "myeongjo", 12),
    ("court-barun", "court", "barun", 11),
    ("lease-myeongjo", "lease", "myeongjo", 11),
    ("lease-gothic", "lease", "gothic", 10),
    ("work-gothic", "work", "gothic", 11),
    ("work-myeongjo", "work", "myeongjo", 11),
)
OTHER_FACES = (
    ("court-unbatang", "court", "unbatang", 12),
    ("court-baekmuk-gulim", "court", "baekmuk-gulim", 11),
    ("lease-noto-serif", "lease", "noto-serif", 11),
    ("lease-undotum", "lease", "undotum", 10),
    ("work-baekmuk-batang", "work", "baekmuk-batang", 11),
    ("work-noto-sans", "work", "noto-sans", 11),
)
"""(file name, text in ``legal_texts/``, font, size in points): each text in two typefaces.
A text's first line is its title; ``[TABLE]`` stands for ``LEASE_TABLE``."""
TEXTS = Path(__file__).resolve().parent / "legal_texts"


class Writer:
    """Paragraphs down A4 pages, a new page when one is full."""

    def __init__(self, font: str, size: float) -> None:
        self.document = pymupdf.open()
        self.font = str(FONTS[font])
        self.size = size
        self.page: pymupdf.Page | None = None
        self.y = float(A4[1])

    def _room(self, height: float) -> pymupdf.Page:
        if self.page is None or self.y + height > A4[1] - MARGIN:
            self.page = self.document.new_page(width=A4[0], height=A4[1])
            self.page.insert_font(fontname="K", fontfile=self.font)
            number = f"- {self.document.page_count} -"
            self.page.insert_textbox(
                pymupdf.Rect(0, A4[1] - 50, A4[0], A4[1] - 30),
                number,
                fontname="K",
                fontsize=self.size - 2,
                align=1,
            )
            self.y = MARGIN
        return self.page

    def paragraph(self, text: str, size: float, align: int) -> None:
        width = A4[0] - 2 * MARGIN
        for _ in range(2):  # a paragraph too tall for the rest of a page goes on the next
            page = self._room(size * 2)
            rect = pymupdf.Rect(MARGIN, self.y, MARGIN + width, A4[1] - MARGIN)
            shape = page.new_shape()
            left = shape.insert_textbox(
                rect,
                text,
                fontname="K",
                fontfile=self.font,
                fontsize=size,
                align=align,
                lineheight=1.6,
            )
            if left >= 0:
                shape.commit()
                self.y += rect.height - left + size * 0.9
                return
            self.page = None
        raise ValueError(f"paragraph longer than a page: {text[:40]}")

    def table(self, rows: tuple[tuple[str, str], ...]) -> None:
        """Two ruled columns, a label and its value per row."""
        height = self.size * 2.2
        page = self._room(height * len(rows))
        split = MARGIN + 100
        for index, (label, value) in enumerate(rows):
            top = self.y + index * height
            for x0, x1, text in ((MARGIN, split, label), (split, A4[0] - MARGIN, value)):
                cell = pymupdf.Rect(x0, top, x1, top + height)
                page.draw_rect(cell, color=(0, 0, 0), width=0.6)
                inner = pymupdf.Rect(x0 + 6, top + self.size * 0.5, x1 - 6, top + height)
                page.insert_textbox(inner, text, fontname="K", fontsize=self.size, align=0)
        self.y += height * len(rows) + self.size


def write(folder: Path, documents: tuple[tuple[str, str, str, int], ...]) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for name, text, font, size in documents:
        writer = Writer(font, size)
        paragraphs = (TEXTS / f"{text}.txt").read_text(encoding="utf-8").splitlines()
        for index, paragraph in enumerate(paragraphs):
            if paragraph == "[TABLE]":
                writer.table(LEASE_TABLE)
            elif index == 0:
                writer.paragraph(paragraph, size + 5, align=1)
            else:
                writer.paragraph(paragraph, size, align=3)
        path = folder / f"{name}.pdf"
        writer.document.save(path)
        written.append(path)
    return written


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("folder", type=Path, help="where the PDFs go")
    parser.add_argument(
        "--faces",
        choices=("nanum", "other"),
        default="nanum",
        help="the Nanum faces (fonts-nanum, as docparse is installed with), or six others",
    )
    arguments = parser.parse_args()
    documents = DOCUMENTS if arguments.faces == "nanum" else OTHER_FACES
    missing = sorted({str(FONTS[font]) for _, _, font, _ in documents if not FONTS[font].is_file()})
    if missing:
        parser.error("fonts not installed: " + ", ".join(missing))
    for path in write(arguments.folder, documents):
        print(path)


if __name__ == "__main__":
    main()
