"""Writes the committed sample documents and their expected words: ``python samples/generate.py``.

The output is reproducible: the same fonts and library versions give the same bytes.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from docparse.evaluation.synth import ExpectedSample, SynthDoc, synthesize
from docparse.evaluation.synth.degrade import backdrop, blur, jpeg, low_contrast, rotate, scale
from docparse.evaluation.synth.layout import Columns, Gap, PageSpec, Paragraph, lay_out
from docparse.evaluation.synth.model import ExpectedWord
from docparse.evaluation.synth.pdf import text_layer_words, write_image_pdf, write_text_pdf

HERE = Path(__file__).resolve().parent
INVOICE_SEED = 6  # total 2,044,900
RECEIPT_SEED = 9  # total 162,820
SCAN_DPI = 150.0

LEFT = (
    "이 문단은 왼쪽 단의 첫 번째 문단입니다. 왼쪽 단의 글은 위에서 아래로 먼저 읽어야 합니다. "
    "This sentence belongs to the left column.",
    "왼쪽 단에는 한국어와 영어가 섞여 있습니다. The left column is read first, "
    "from top to bottom. 왼쪽 단의 두 번째 문단은 여기에서 끝납니다.",
    "Every sentence on this side mentions the left column. 왼쪽 단의 세 번째 문단에는 "
    "숫자 2024와 같은 표현도 들어 있습니다. Finish the left column before moving on.",
    "왼쪽 단의 마지막 문단입니다. The last words of the left column end here.",
)
RIGHT = (
    "이 문단은 오른쪽 단의 첫 번째 문단입니다. 오른쪽 단은 두 번째로 읽는 단입니다. "
    "This sentence belongs to the right column.",
    "오른쪽 단에도 한국어와 영어가 함께 있습니다. The right column is read second, "
    "from top to bottom. 오른쪽 단의 두 번째 문단은 여기에서 끝납니다.",
    "Every sentence on this side mentions the right column. 오른쪽 단의 세 번째 문단에는 "
    "금액 12,500원 같은 표현도 들어 있습니다. The right column ends the page.",
    "오른쪽 단의 마지막 문단입니다. The last words of the right column end here.",
)


def _pixel_words(doc: SynthDoc) -> list[ExpectedWord]:
    return [ExpectedWord(text=w.text, box=w.box, quad=w.quad) for w in doc.words]


def invoice(out: Path) -> ExpectedSample:
    """A scanned invoice: the page image, slightly skewed and soft, as a JPEG in a PDF."""
    doc = synthesize("invoice", INVOICE_SEED, dpi=SCAN_DPI)
    doc = rotate(doc, 0.4, expand=False)
    doc = low_contrast(blur(doc, 0.6), 25, 240)
    write_image_pdf(doc.image, SCAN_DPI, out / "invoice.pdf", quality=60)
    return ExpectedSample(
        file="invoice.pdf",
        description="Korean+English 거래명세서/INVOICE scanned at 150 dpi: one image, no text.",
        page_count=1,
        has_text_layer=False,
        space=f"pixels of the page rasterised at {SCAN_DPI:g} dpi (= the embedded image)",
        width=doc.width,
        height=doc.height,
        dpi=SCAN_DPI,
        words=_pixel_words(doc),
        facts=doc.facts,
    )


def receipt(out: Path) -> ExpectedSample:
    """A small phone photo of a receipt lying on a table, slightly turned."""
    doc = synthesize("receipt", RECEIPT_SEED)
    doc = rotate(backdrop(doc, 0.08, 120), -1.5)
    doc = jpeg(blur(scale(doc, 960), 0.5), 75)
    doc.image.save(out / "receipt.png", optimize=True)
    return ExpectedSample(
        file="receipt.png",
        description="Photo of a Korean card receipt, 960 px on the long side.",
        page_count=1,
        has_text_layer=False,
        space="pixels of the image",
        width=doc.width,
        height=doc.height,
        words=_pixel_words(doc),
        facts=doc.facts,
    )


def two_column(out: Path) -> ExpectedSample:
    """A born-digital A4 page: a full-width title over two columns of Korean+English text."""
    page = PageSpec(width=595.0, height=842.0, margin=56.0, family="gothic", size=10.5)
    column = [block for text in LEFT for block in (Paragraph(text=text), Gap(lines=0.6))]
    other = [block for text in RIGHT for block in (Paragraph(text=text), Gap(lines=0.6))]
    layout = lay_out(
        page,
        [
            Paragraph(
                text="읽기 순서 시험 문서", scale=2.0, bold=True, align="center", category="title"
            ),
            Paragraph(
                text="Reading Order Test Document", scale=1.3, align="center", category="title"
            ),
            Paragraph(text="작성일 2024년 6월 3일", align="center", category="meta.date"),
            Gap(lines=1.2),
            Columns(columns=[column, other], gap=28.0),
        ],
    )
    write_text_pdf(layout, out / "two_column.pdf")
    return ExpectedSample(
        file="two_column.pdf",
        description="Born-digital A4 page with a text layer (NanumGothic embedded): a title "
        "over two columns; left-column sentences say 왼쪽/left, right-column ones 오른쪽/right.",
        page_count=1,
        has_text_layer=True,
        space="PDF points (1/72 inch), origin top-left; boxes as PyMuPDF reports text words",
        width=layout.width,
        height=layout.height,
        words=text_layer_words(layout),
        facts={
            "title": "읽기 순서 시험 문서",
            "english_title": "Reading Order Test Document",
            "date": "2024-06-03",
            "date_text": "2024년 6월 3일",
            "columns": "2",
            "left_marker": "왼쪽",
            "right_marker": "오른쪽",
        },
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--out", type=Path, default=HERE, help="folder to write (default: here)")
    out: Path = parser.parse_args().out
    (out / "expected").mkdir(parents=True, exist_ok=True)
    for make in (invoice, receipt, two_column):
        expected = make(out)
        name = Path(expected.file).stem
        (out / "expected" / f"{name}.json").write_text(
            expected.model_dump_json(indent=1) + "\n", encoding="utf-8"
        )
        print(f"{out / expected.file}: {len(expected.words)} words")


if __name__ == "__main__":
    main()
