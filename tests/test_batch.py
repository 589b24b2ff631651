"""``docparse batch``: the mirrored tree, the manifest, resuming (also after SIGINT and
SIGTERM in a real subprocess), worker plans, and the summary."""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from openai_server import FakeVarcoServer
from PIL import Image, ImageDraw
from typer.testing import CliRunner

from docparse import workers
from docparse.batch.manifest import ManifestEntry, ManifestWriter, finished, read_entries
from docparse.batch.worker import SAME_AS_BEFORE
from docparse.cli.app import app
from docparse.pipeline import ParseOptions
from docparse.workers import plan_workers

SAMPLES = Path(__file__).resolve().parent.parent / "samples"
TWO_COLUMN = SAMPLES / "two_column.pdf"
runner = CliRunner()


def manifest(out: Path) -> list[ManifestEntry]:
    return list(read_entries(out / "manifest.jsonl"))


def batch(folder: Path, out: Path, *extra: str) -> tuple[int, str, str]:
    args = ["batch", str(folder), "-o", str(out), "--engine", "tesseract", "--workers", "2"]
    result = runner.invoke(app, [*args, *extra])
    assert "Traceback" not in result.output
    return result.exit_code, result.stdout, result.stderr


def no_partials(out: Path) -> bool:
    return not [p for p in out.rglob("*") if p.name.endswith(".partial")]


@pytest.fixture
def tree(tmp_path: Path) -> Path:
    folder = tmp_path / "in"
    (folder / "sub" / "deep").mkdir(parents=True)
    shutil.copy(TWO_COLUMN, folder / "report.pdf")
    shutil.copy(TWO_COLUMN, folder / "sub" / "deep" / "copy.pdf")
    shutil.copy(TWO_COLUMN, folder / "sub" / "same.pdf")
    lettered(folder / "sub" / "same.png", "SAME 42")
    (folder / "notes.txt").write_text("not a document")
    return folder


def lettered(path: Path, text: str) -> None:
    image = Image.new("RGB", (300, 80), "white")
    ImageDraw.Draw(image).text((10, 20), text, fill="black", font_size=32)
    image.save(path)


def test_tree_is_mirrored_with_a_manifest_and_a_summary(tree: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    code, stdout, stderr = batch(tree, out, "--out", "json,md")
    assert code == 0, stderr
    written = sorted(p.relative_to(out).as_posix() for p in out.rglob("*") if p.is_file())
    assert written == [
        "manifest.jsonl",
        "report.json",
        "report.md",
        "sub/deep/copy.json",
        "sub/deep/copy.md",
        "sub/same.pdf.json",  # two inputs named "same" in one folder keep their suffixes
        "sub/same.pdf.md",
        "sub/same.png.json",
        "sub/same.png.md",
    ]
    document = json.loads((out / "sub" / "deep" / "copy.json").read_text(encoding="utf-8"))
    assert "오른쪽" in json.dumps(document, ensure_ascii=False)
    entries = {entry.path: entry for entry in manifest(out)}
    assert set(entries) == {
        "notes.txt",
        "report.pdf",
        "sub/deep/copy.pdf",
        "sub/same.pdf",
        "sub/same.png",
    }
    report = entries["report.pdf"]
    assert report.status == "ok" and report.error is None and report.pages == 1
    assert report.outputs == ["report.json", "report.md"]
    assert report.sha256 == document["sha256"] and report.seconds > 0
    assert len({entry.options_hash for entry in entries.values()}) == 1
    assert entries["notes.txt"].status == "skipped"
    assert "unsupported file type" in entries["notes.txt"].error
    assert "warning: notes.txt: skipped: unsupported file type" in stderr
    assert entries["sub/same.png"].status == "ok"
    assert "SAME" in (out / "sub" / "same.png.md").read_text(encoding="utf-8")
    ok_row = next(line.split("│") for line in stdout.splitlines() if "│ ok " in line)
    assert [cell.strip() for cell in ok_row[1:4]] == ["ok", "4", "4"]  # status, files, pages
    assert no_partials(out)


def test_rerun_skips_what_is_done_and_redoes_what_changed(tree: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    assert batch(tree, out)[0] == 0
    shutil.copy(SAMPLES / "invoice.pdf", tree / "report.pdf")  # new content
    (out / "sub" / "deep" / "copy.json").unlink()  # an output lost
    code, stdout, _ = batch(tree, out)
    assert code == 0
    second = [entry for entry in manifest(out) if entry.run == manifest(out)[-1].run]
    by_path = {entry.path: entry for entry in second}
    assert by_path["report.pdf"].status == "ok"
    assert by_path["sub/deep/copy.pdf"].status == "ok"
    for kept in ("sub/same.pdf", "sub/same.png"):
        assert by_path[kept].status == "skipped"
        assert by_path[kept].error == SAME_AS_BEFORE
        assert by_path[kept].outputs == [kept + ".json"]
    assert "skipped" in stdout
    # other options: everything is read again
    assert batch(tree, out, "--max-pages", "1")[0] == 0
    assert [e.status for e in manifest(out)[-4:]].count("ok") == 4


def test_a_folder_is_read_with_the_page_options_a_file_is(tmp_path: Path) -> None:
    # batch had no --text-layer, --pages, --no-tables, ...: `--out pdf --text-layer redo`
    # over a folder of other tools' OCR, as `ocr` does it file by file, could not be asked
    folder = tmp_path / "in"
    folder.mkdir()
    shutil.copy(TWO_COLUMN, folder / "report.pdf")
    options = ("--text-layer", "never", "--pages", "1", "--no-tables", "--no-deskew")
    code, _, stderr = batch(folder, tmp_path / "out", *options)
    assert code == 0, stderr
    document = json.loads((tmp_path / "out" / "report.json").read_text(encoding="utf-8"))
    assert [page["source"] for page in document["pages"]] == ["ocr"]
    code, _, _ = batch(folder, tmp_path / "out", "--pages", "2")
    assert code == 1  # another choice reads the file again; its page 2 is not there
    assert (
        manifest(tmp_path / "out")[-1].error == "no page selected by pages '2': the file has 1 page"
    )


def test_failures_exit_1_and_usage_errors_exit_2(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "broken.pdf").write_bytes(b"%PDF-1.7\n" + bytes(range(256)) * 4)
    shutil.copy(TWO_COLUMN, folder / "good.pdf")
    code, stdout, stderr = batch(folder, tmp_path / "out")
    assert code == 1
    assert stderr.startswith("error: broken.pdf: corrupt or unreadable PDF")
    assert "broken.pdf" in stdout.split("failures")[1]  # the failures table
    assert batch(tmp_path / "missing", tmp_path / "out")[0] == 2
    assert batch(folder, tmp_path / "out", "--out", "pdfx")[0] == 2
    code, _, stderr = batch(folder, tmp_path / "out", "--lang", "xx")
    assert code == 2 and "fix:" in stderr


def _interruptible() -> None:
    """Ctrl-C reaches the run as from a terminal even where this test runs in the background
    of a shell without job control (``sh -c 'pytest &'``, nohup): such a shell starts its
    children with SIGINT ignored, and Python then keeps ignoring it, rightly."""
    signal.signal(signal.SIGINT, signal.SIG_DFL)


def test_interrupted_runs_resume_and_do_each_input_once(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    # 24 inputs: small pages read in a fraction of a second each, and with only a few the
    # whole run could finish between the first manifest line and the signal.
    names = [f"page-{index:02d}.png" for index in range(24)]
    for index, name in enumerate(names):
        lettered(folder / name, f"PAGE {index}")
    out = tmp_path / "out"
    command = [sys.executable, "-m", "docparse", "batch", str(folder), "-o", str(out)]
    command += ["--engine", "tesseract", "--workers", "1", "-q"]

    def interrupted_run(sig: signal.Signals, lines_before: int) -> None:
        process = subprocess.Popen(
            command,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            preexec_fn=_interruptible,
        )
        deadline = time.monotonic() + 120
        while len(manifest(out)) <= lines_before and time.monotonic() < deadline:
            assert process.poll() is None, process.communicate()
            time.sleep(0.05)
        process.send_signal(sig)
        stdout, stderr = process.communicate(timeout=60)
        assert process.returncode == 130, stderr
        assert b"run the same command again to resume" in stderr
        assert b"Traceback" not in stderr + stdout
        assert no_partials(out)

    interrupted_run(signal.SIGINT, 0)
    first = len(manifest(out))
    assert 1 <= first < len(names)
    # More inputs before the second run, so that it still has pages to read when it is
    # stopped, however far the first one got on a busy machine.
    more = [f"page-{index:02d}.png" for index in range(24, 48)]
    for index, name in enumerate(more, start=24):
        lettered(folder / name, f"PAGE {index}")
    names += more
    interrupted_run(signal.SIGTERM, first)
    done = subprocess.run(command, capture_output=True, timeout=300, check=False)
    assert done.returncode == 0, done.stderr
    entries = manifest(out)
    assert sorted(entry.path for entry in entries if entry.status == "ok") == names
    assert {entry.status for entry in entries} <= {"ok", "skipped"}
    assert sorted(p.name for p in out.glob("*.json")) == [n.replace(".png", ".json") for n in names]
    assert no_partials(out)


def test_openai_engine_runs_in_threads(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    for index in range(3):
        image = Image.new("RGB", (400, 200), "white")
        ImageDraw.Draw(image).rectangle((40, 30, 140, 60), fill=(0, 0, 0))
        image.save(folder / f"scan-{index}.png")
    with FakeVarcoServer() as server:
        args = ["batch", str(folder), "-o", str(tmp_path / "out"), "--engine", "openai"]
        result = runner.invoke(app, [*args, "--base-url", server.base_url, "--workers", "3"])
    assert result.exit_code == 0, result.output
    assert len(server.requests) == 3
    document = json.loads((tmp_path / "out" / "scan-1.json").read_text(encoding="utf-8"))
    assert document["engine"] == "openai"
    assert "g0" in json.dumps(document)


def test_worker_plans(monkeypatch: pytest.MonkeyPatch) -> None:
    options = ParseOptions(engine="auto")
    tesseract = plan_workers(options, "tesseract", 3)
    assert (tesseract.kind, len(tesseract.options)) == ("process", 3)
    assert {o.engine for o in tesseract.options} == {"tesseract"}
    assert plan_workers(options, "openai", None).kind == "thread"
    monkeypatch.setattr(workers, "cuda_devices", lambda: 2)
    varco = plan_workers(options, "varco", None)
    assert varco.kind == "process"
    assert [o.options_of("varco").device for o in varco.options] == ["cuda:0", "cuda:1"]
    pinned = ParseOptions(engine_options={"device": "cuda:1"})
    assert [o.options_of("varco").device for o in plan_workers(pinned, "varco", None).options] == [
        "cuda:1"
    ]


def test_manifest_survives_a_torn_line_and_names_that_are_not_utf8(tmp_path: Path) -> None:
    path = tmp_path / "manifest.jsonl"
    entry = ManifestEntry(
        path=os.fsdecode(b"scan-\xff.png"), status="ok", options_hash="h", run="r", sha256="s"
    )
    with ManifestWriter(path) as writer:
        writer.write(entry)
    with path.open("a", encoding="utf-8") as handle:
        handle.write('{"path": "torn.png", "sta')  # a power cut mid-line
    with ManifestWriter(path) as writer:
        writer.write(entry.model_copy(update={"path": "next.png"}))
    assert [e.path for e in read_entries(path)] == ["scan-\\xff.png", "next.png"]
    assert set(finished(path)) == {"scan-\\xff.png", "next.png"}


def test_overlay_page_files_are_recorded_resumed_and_kept_apart(tmp_path: Path) -> None:
    import pymupdf

    folder = tmp_path / "in"
    folder.mkdir()
    pdf = pymupdf.open()
    for n in range(2):
        pdf.new_page().insert_text((72, 72), f"batch overlay page {n + 1}", fontsize=12)
    pdf.save(folder / "a.pdf")
    lettered(folder / "a-p1.png", "PNG 7")  # its overlay's name is a.pdf's page 1's
    lettered(folder / "b.png", "B 8")
    out = tmp_path / "out"
    assert batch(folder, out, "--out", "overlay")[0] == 0
    first = {entry.path: entry for entry in manifest(out)}
    assert first["a.pdf"].outputs == ["a.pdf-p1.png", "a.pdf-p2.png"]
    assert first["a-p1.png"].outputs == ["a-p1.png.png"]
    assert first["b.png"].outputs == ["b.png"]
    written = sorted(p.name for p in out.iterdir() if p.suffix == ".png")
    assert written == ["a-p1.png.png", "a.pdf-p1.png", "a.pdf-p2.png", "b.png"]
    assert Image.open(out / "a-p1.png.png").size == (300, 80)
    assert batch(folder, out, "--out", "overlay")[0] == 0
    second = manifest(out)[len(first) :]
    assert {entry.status for entry in second} == {"skipped"}
    assert {entry.path: entry.outputs for entry in second} == {
        path: entry.outputs for path, entry in first.items()
    }
    (out / "a.pdf-p2.png").unlink()  # a page's file lost: that input is read again
    assert batch(folder, out, "--out", "overlay")[0] == 0
    third = {entry.path: entry.status for entry in manifest(out)[2 * len(first) :]}
    assert third == {"a.pdf": "ok", "a-p1.png": "skipped", "b.png": "skipped"}
    assert (out / "a.pdf-p2.png").is_file()
