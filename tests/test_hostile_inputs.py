"""Hostile inputs in a batch: each one fails (or is read) with one clear line in the
manifest and on stderr, and none stops or hangs the run."""

from __future__ import annotations

import json
import os
import shutil
import zlib
from pathlib import Path

import numpy as np
import pymupdf
import pytest
from PIL import Image, ImageDraw
from typer.testing import CliRunner

from docparse.batch.manifest import ManifestEntry
from docparse.cli import batch_command
from docparse.cli.app import app

SAMPLES = Path(__file__).resolve().parent.parent / "samples"
TEXT = "hostile inputs test page"
runner = CliRunner()


def pdf(path: Path, pages: int = 1, size: float = 595, text: str | None = TEXT, **save: object):
    document = pymupdf.open()
    for _ in range(pages):
        page = document.new_page(width=size, height=size)
        if text:
            page.insert_text((72, 100), text, fontsize=12)
    document.save(path, **save)


def lettered() -> Image.Image:
    image = Image.new("RGB", (240, 60), "white")
    ImageDraw.Draw(image).text((10, 15), "HELLO 123", fill="black", font_size=28)
    return image


def png_claiming(width: int, height: int) -> bytes:
    """The receipt sample with a header (CRC fixed) claiming another size: a bomb that is
    refused before a pixel is decoded."""
    data = bytearray((SAMPLES / "receipt.png").read_bytes())
    data[16:24] = width.to_bytes(4, "big") + height.to_bytes(4, "big")
    data[29:33] = zlib.crc32(data[12:29]).to_bytes(4, "big")
    return bytes(data)


def run_batch(folder: Path, out: Path, *extra: str) -> tuple[int, str, dict[str, ManifestEntry]]:
    args = ["batch", str(folder), "-o", str(out), "--engine", "tesseract", "--workers", "1"]
    result = runner.invoke(app, [*args, *extra])
    assert "Traceback" not in result.output
    lines = (out / "manifest.jsonl").read_text(encoding="utf-8").splitlines()
    entries = [ManifestEntry.model_validate(json.loads(line)) for line in lines]
    return result.exit_code, result.stderr, {entry.path: entry for entry in entries}


def test_every_hostile_input_gets_one_line(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "corrupt.pdf").write_bytes(b"%PDF-1.7\n" + bytes(range(256)) * 8)
    (folder / "truncated.pdf").write_bytes((SAMPLES / "invoice.pdf").read_bytes()[:3000])
    (folder / "zero-pages.pdf").write_bytes(
        b"%PDF-1.4\n1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n"
        b"2 0 obj << /Type /Pages /Kids [] /Count 0 >> endobj\ntrailer << /Root 1 0 R >>\n"
    )
    pdf(folder / "locked.pdf", encryption=pymupdf.PDF_ENCRYPT_AES_256, user_pw="pw", owner_pw="o")
    pdf(folder / "thousand.pdf", pages=1000)
    pdf(folder / "poster.pdf", size=14400, text=None)  # 14400² px at the lowest DPI
    (folder / "zero.png").write_bytes(b"")
    (folder / "vanishing.pdf").write_bytes((SAMPLES / "two_column.pdf").read_bytes())
    (folder / "bomb.png").write_bytes(png_claiming(50000, 50000))
    ink = lettered()  # black letters on white, in each awkward mode
    ink.convert("LA").convert("RGBA").save(folder / "alpha.png")
    ink.convert("CMYK").save(folder / "cmyk.jpg")
    ink.convert("P").save(folder / "palette.png")
    deep = np.asarray(ink.convert("L"), dtype=np.uint16) * 257
    Image.fromarray(deep).save(folder / "deep.png")
    odd_name = os.fsdecode(b"caf\xe9-\xff.pdf")  # not UTF-8: a bytes name on Linux
    shutil.copy(SAMPLES / "two_column.pdf", folder / odd_name)

    prepare = batch_command.prepare

    def prepare_then_remove(*args: object, **kwargs: object):  # the file goes mid-run
        planned = prepare(*args, **kwargs)  # type: ignore[arg-type]
        (folder / "vanishing.pdf").unlink()
        return planned

    monkeypatch.setattr(batch_command, "prepare", prepare_then_remove)
    code, stderr, entries = run_batch(folder, tmp_path / "out", "--max-pages", "2")

    assert code == 1
    expected_errors = {
        "corrupt.pdf": "corrupt or unreadable PDF",
        "truncated.pdf": "",
        "zero-pages.pdf": "PDF has no pages",
        "locked.pdf": "encrypted PDF: give its password with --password",
        "poster.pdf": "page 1 is 14400×14400 = 207,360,000 pixels, over the limit",
        "zero.png": "empty file (0 bytes)",
        "vanishing.pdf": "no such file",
        "bomb.png": "image is too large (decompression bomb?)",
    }
    for name, message in expected_errors.items():
        entry = entries[name]
        assert entry.status == "failed", name
        assert message in entry.error, (name, entry.error)
        assert "\n" not in entry.error
        assert [line for line in stderr.splitlines() if line.startswith(f"error: {name}:")], name
    many = entries["thousand.pdf"]
    assert (many.status, many.pages) == ("ok", 2)
    assert many.warnings == ["1000 pages to read; only the first 2 were read (--max-pages)"]
    assert "warning: thousand.pdf: 1000 pages to read" in stderr
    for name in ("alpha.png", "cmyk.jpg", "palette.png", "deep.png"):
        assert entries[name].status == "ok", entries[name]
    odd = entries["caf\\xe9-\\xff.pdf"]
    assert odd.status == "ok" and odd.outputs == ["caf\\xe9-\\xff.json"]
    written = (tmp_path / "out" / os.fsdecode(b"caf\xe9-\xff.json")).read_text(encoding="utf-8")
    assert json.loads(written)["source"].endswith("caf\\xe9-\\xff.pdf")
    assert len(entries) == 14


def test_passwords_right_and_wrong(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    pdf(folder / "mine.pdf", encryption=pymupdf.PDF_ENCRYPT_AES_256, user_pw="pw", owner_pw="o")
    pdf(folder / "theirs.pdf", encryption=pymupdf.PDF_ENCRYPT_AES_256, user_pw="x", owner_pw="o")
    code, stderr, entries = run_batch(
        folder, tmp_path / "out", "--password", "pw", "--out", "json,pdf"
    )
    assert code == 1
    assert entries["mine.pdf"].status == "ok"
    # the searchable copy reads the source again, with the password; it stays encrypted
    copy = pymupdf.open(tmp_path / "out" / "mine.pdf")
    assert copy.needs_pass and copy.authenticate("pw") and TEXT in copy[0].get_text()
    assert entries["theirs.pdf"].error == "encrypted PDF: the --password given is wrong"
    assert "error: theirs.pdf: encrypted PDF: the --password given is wrong" in stderr


def test_a_page_past_the_timeout_fails_its_file_and_the_batch_goes_on(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    noise = np.random.default_rng(0).random((1500, 1500)) > 0.5  # seconds of Tesseract
    Image.fromarray(noise.astype(np.uint8) * 255).save(folder / "a-noise.png")
    shutil.copy(SAMPLES / "two_column.pdf", folder / "b-text.pdf")
    shutil.copy(SAMPLES / "two_column.pdf", folder / "c-text.pdf")
    # 3 s: the noise takes Tesseract over a minute; a text page's first call in a fresh
    # worker (lazy imports) took over 1 s once on the 2-core machine under a full test run
    code, stderr, entries = run_batch(folder, tmp_path / "out", "--page-timeout", "3")
    assert code == 1
    slow = entries["a-noise.png"]
    assert slow.status == "failed"
    assert slow.error.startswith("page 1 of 1 took longer than 3 s (--page-timeout)") or (
        slow.error.startswith("page 1 took longer than 3 s (--page-timeout)")
    )
    assert 3.0 <= slow.seconds < 12
    assert "error: a-noise.png: page 1" in stderr
    # the next files ran on the worker that replaced the stopped one
    assert entries["b-text.pdf"].status == entries["c-text.pdf"].status == "ok"


def test_the_outputs_that_read_an_encrypted_source_again_are_given_its_password(
    tmp_path: Path,
) -> None:
    locked = tmp_path / "locked.pdf"
    pdf(locked, encryption=pymupdf.PDF_ENCRYPT_AES_256, user_pw="pw", owner_pw="o")
    ocr = ["ocr", str(locked), "--engine", "tesseract", "--password", "pw", "-q"]
    result = runner.invoke(app, [*ocr, "--out", "pdf,overlay", "-o", f"{tmp_path / 'out'}/"])
    assert result.exit_code == 0, result.output
    copy = pymupdf.open(tmp_path / "out" / "locked.pdf")
    assert copy.needs_pass and copy.authenticate("pw") and TEXT in copy[0].get_text()
    assert Image.open(tmp_path / "out" / "locked.png").size[0] > 0
    shown = runner.invoke(
        app, ["show", str(locked), "--engine", "tesseract", "--password", "pw", "-o", str(tmp_path)]
    )
    assert shown.exit_code == 0, shown.output
    assert (tmp_path / "locked.png").is_file()
