"""``docparse ask`` on the command line: extractive answers, evidence images, errors."""

from __future__ import annotations

from pathlib import Path

import pymupdf
import pytest
from PIL import Image
from typer.testing import CliRunner

from docparse.ask import Answer
from docparse.ask.evidence_image import BOX_COLOUR
from docparse.cli.app import app
from docparse.evaluation.synth import synthesize
from docparse.io.fonts import font_path

runner = CliRunner()


def _pdf(path: Path, pages: list[list[str]]) -> str:
    """Born-digital pages (a text layer, so no OCR is needed), one line per string."""
    doc = pymupdf.open()
    for lines in pages:
        page = doc.new_page(width=420, height=595)
        page.insert_font(fontname="nanum", fontfile=str(font_path("gothic")))
        for row, line in enumerate(lines):
            page.insert_text((40, 60 + 28 * row), line, fontname="nanum", fontsize=12)
    doc.save(str(path))
    doc.close()
    return str(path)


@pytest.fixture
def invoice(tmp_path: Path) -> str:
    return _pdf(
        tmp_path / "invoice.pdf",
        [
            ["회의록", "참석자 명단"],
            ["거래명세서", "작성일자 2024-08-27", "공급가액 40,909", "합계 금액 45,000원"],
        ],
    )


def test_json_answer_with_evidence_and_an_evidence_image(invoice: str, tmp_path: Path) -> None:
    shown = tmp_path / "shown" / "evidence.png"
    args = ["ask", invoice, "총 금액은?", "--engine", "tesseract", "--out", "json"]
    result = runner.invoke(app, [*args, "--show", str(shown)])
    assert result.exit_code == 0, result.output
    answer = Answer.model_validate_json(result.stdout)
    assert answer.answer == "45,000원" and answer.kind == "extractive" and answer.score == 1.0
    assert [page.page for page in answer.pages] == [1, 2]
    (evidence,) = answer.evidence
    assert evidence.page == 2 and evidence.source == invoice
    assert evidence.line == "합계 금액 45,000원"
    image = Image.open(shown).convert("RGB")
    x0, y0, _, y1 = evidence.box  # drawn on page 2 alone, in the page's pixels
    assert image.size[0] / image.size[1] == pytest.approx(420 / 595, abs=0.01)
    assert image.getpixel((round(x0), round((y0 + y1) / 2))) == BOX_COLOUR


def test_the_evidence_image_never_replaces_an_input_or_a_file_unasked(
    invoice: str, tmp_path: Path
) -> None:
    args = ["ask", invoice, "총 금액은?", "--engine", "tesseract"]
    before = Path(invoice).read_bytes()
    result = runner.invoke(app, [*args, "--show", invoice])
    assert result.exit_code == 2 and "not invoice.pdf" in result.stderr
    png_input = tmp_path / "page.png"
    Image.new("RGB", (40, 40), "white").save(png_input)
    result = runner.invoke(app, ["ask", str(png_input), "합계?", "--show", str(png_input)])
    assert result.exit_code == 2 and "is an input" in result.stderr
    assert result.stderr.endswith("choose another --show\n")  # it said "-o", which ask has not
    existing = tmp_path / "old.png"
    existing.write_bytes(b"mine")
    result = runner.invoke(app, [*args, "--show", str(existing)])
    assert result.exit_code == 2 and "use --overwrite" in result.stderr
    assert existing.read_bytes() == b"mine" and Path(invoice).read_bytes() == before
    result = runner.invoke(app, [*args, "--show", str(tmp_path)])
    assert result.exit_code == 2 and "is a directory" in result.stderr and not result.stdout
    result = runner.invoke(app, [*args, "--show", str(existing), "--overwrite"])
    assert result.exit_code == 0 and Image.open(existing).format == "PNG"


def test_a_file_that_cannot_be_read_is_told_and_the_others_answer(
    invoice: str, tmp_path: Path
) -> None:
    empty = tmp_path / "empty.pdf"
    empty.write_bytes(b"")
    args = ["ask", invoice, str(empty), "총 금액은?", "--engine", "tesseract"]
    result = runner.invoke(app, args)
    assert result.exit_code == 0, result.output
    assert "answer: 45,000원" in result.stdout
    assert f"note: not read: {empty}: empty file (0 bytes)" in result.stdout
    alone = runner.invoke(app, ["ask", str(empty), "총 금액은?", "--engine", "tesseract"])
    assert alone.exit_code == 1 and "empty file" in alone.stderr


def test_several_files_and_english_questions(invoice: str, tmp_path: Path) -> None:
    other = _pdf(tmp_path / "memo.pdf", [["메모", "Amount due 12,500"]])
    result = runner.invoke(
        app, ["ask", other, invoice, "When was it issued?", "--engine", "tesseract"]
    )
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines()[:2] == [
        "answer: 2024-08-27",
        "kind: extractive: copied from the OCR text (engine tesseract)",
    ]
    assert "pages: memo.pdf p1, invoice.pdf p1, invoice.pdf p2" in result.stdout
    due = runner.invoke(
        app, ["ask", other, invoice, "What is the amount due?", "--engine", "tesseract"]
    )
    assert due.stdout.startswith("answer: 12,500\n")  # the question's own label first


def test_no_answer_exits_1_with_the_closest_lines(invoice: str) -> None:
    result = runner.invoke(app, ["ask", invoice, "승인번호는?", "--engine", "tesseract"])
    assert result.exit_code == 1
    assert result.stdout.startswith("no answer found\n")
    assert "closest lines:" in result.stdout


def test_a_receipt_photo_through_tesseract(tmp_path: Path) -> None:
    receipt = synthesize("receipt", 6)
    path = tmp_path / "receipt.png"
    receipt.image.save(path)
    result = runner.invoke(
        app, ["ask", str(path), "What is the total amount?", "--engine", "tesseract"]
    )
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith(f"answer: {receipt.facts['total']}\n")
    assert "evidence: receipt.png p1" in result.stdout


@pytest.mark.parametrize(
    ("args", "code", "message"),
    [
        (["ask", "총 금액은?"], 2, "give one or more files, then the question"),
        (["ask", "x.pdf", "q", "--max-pages", "13"], 2, "--max-pages"),
        (
            ["ask", "missing.pdf", "총 금액은?", "--engine", "tesseract"],
            1,
            "missing.pdf: no such file",
        ),
        (["ask", "missing.pdf", "  ", "--engine", "tesseract"], 2, "the question is empty"),
        (["find", "missing.pdf", " ", "--engine", "tesseract"], 2, "the phrase is empty"),
        (["ask", "x.pdf", "q", "--engine", "varco", "--model", "/nowhere"], 2, "varco: "),
    ],
)
def test_usage_and_input_errors_are_one_line(args: list[str], code: int, message: str) -> None:
    result = runner.invoke(app, args)
    assert result.exit_code == code
    assert message in result.output and "Traceback" not in result.output
    assert result.exception is None or isinstance(result.exception, SystemExit)


def test_help_lists_the_options() -> None:
    result = runner.invoke(app, ["ask", "--help"])
    assert result.exit_code == 0
    for option in ("--max-pages", "--page-size", "--show", "--engine", "--out"):
        assert option in result.stdout
