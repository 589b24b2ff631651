"""The command line, through typer's runner and once as a real subprocess."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import docx
from typer.testing import CliRunner

from docparse.cli.app import app
from docparse.formats.json_format import load

SAMPLES = Path(__file__).resolve().parent.parent / "samples"
TWO_COLUMN = str(SAMPLES / "two_column.pdf")
runner = CliRunner()


def test_ocr_json_on_stdout() -> None:
    result = runner.invoke(app, ["ocr", TWO_COLUMN, "--out", "json", "-q"])
    assert result.exit_code == 0, result.output
    document = load(result.stdout)
    assert document.pages[0].source == "text_layer"
    assert "오른쪽" in document.text


def test_several_formats_into_a_directory(tmp_path: Path) -> None:
    result = runner.invoke(
        app, ["ocr", TWO_COLUMN, "--out", "json,md,txt,docx", "-o", str(tmp_path), "-q"]
    )
    assert result.exit_code == 0, result.output
    names = sorted(p.name for p in tmp_path.iterdir())
    assert names == ["two_column.docx", "two_column.json", "two_column.md", "two_column.txt"]
    paragraphs = [
        p.text for p in docx.Document(str(tmp_path / "two_column.docx")).paragraphs if p.text
    ]
    assert paragraphs[0].startswith("읽기 순서 시험 문서")
    assert (
        (tmp_path / "two_column.md").read_text(encoding="utf-8").startswith("읽기 순서 시험 문서")
    )


def test_single_output_file(tmp_path: Path) -> None:
    target = tmp_path / "result.md"
    result = runner.invoke(app, ["ocr", TWO_COLUMN, "--out", "md", "-o", str(target), "-q"])
    assert result.exit_code == 0, result.output
    assert "왼쪽" in target.read_text(encoding="utf-8")


def test_bad_inputs_get_one_line_each_and_the_good_one_is_written(tmp_path: Path) -> None:
    corrupt = tmp_path / "corrupt.pdf"
    corrupt.write_bytes(b"%PDF-1.7\n" + bytes(range(256)) * 4)
    empty = tmp_path / "empty.png"
    empty.write_bytes(b"")
    missing = tmp_path / "missing.pdf"
    args = [
        "ocr",
        str(missing),
        str(corrupt),
        TWO_COLUMN,
        str(empty),
        "-o",
        str(tmp_path / "out"),
        "-q",
    ]
    result = runner.invoke(app, args)
    assert result.exit_code == 1
    errors = [line for line in result.stderr.splitlines() if line.strip()]
    assert len(errors) == 3, errors
    assert errors[0] == f"error: {missing}: no such file"
    assert errors[1].startswith(f"error: {corrupt}: corrupt or unreadable PDF")
    assert errors[2] == f"error: {empty}: empty file (0 bytes)"
    assert "Traceback" not in result.output
    assert (tmp_path / "out" / "two_column.json").exists()


def test_usage_errors_exit_2() -> None:
    unknown = runner.invoke(app, ["ocr", TWO_COLUMN, "--out", "pdfx"])
    assert unknown.exit_code == 2
    assert "unknown output format pdfx" in unknown.stderr
    binary = runner.invoke(app, ["ocr", TWO_COLUMN, "--out", "docx"])
    assert binary.exit_code == 2
    assert "docx output is binary" in binary.stderr
    bad_pages = runner.invoke(app, ["ocr", TWO_COLUMN, "--pages", "x"])
    assert bad_pages.exit_code == 2
    assert "bad page range" in bad_pages.stderr
    engine = runner.invoke(app, ["ocr", TWO_COLUMN, "--engine", "nope"])
    assert engine.exit_code == 2
    assert "unknown engine 'nope'" in engine.stderr


def test_engines_lists_tesseract_as_available() -> None:
    result = runner.invoke(app, ["engines"])
    assert result.exit_code == 0
    row = next(line for line in result.stdout.splitlines() if "tesseract" in line)
    assert "yes" in row


def test_schema_is_the_document_schema() -> None:
    result = runner.invoke(app, ["schema"])
    schema = json.loads(result.stdout)
    assert schema["title"] == "Document"
    assert {"pages", "sha256", "schema_version"} <= set(schema["properties"])


def test_help_shows_examples() -> None:
    result = runner.invoke(app, ["ocr", "--help"])
    assert "docparse ocr samples/invoice.pdf --out json" in result.stdout


def test_real_subprocess_python_m_docparse(tmp_path: Path) -> None:
    done = subprocess.run(
        [sys.executable, "-m", "docparse", "ocr", TWO_COLUMN, "--out", "txt", "-q"],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("읽기 순서 시험 문서")
    assert done.stderr == ""
