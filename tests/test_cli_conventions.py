"""The CLI's conventions (issue 11 item 5): each trap a user fell into, as a test."""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pymupdf
import pytest
from PIL import Image
from typer.testing import CliRunner

from docparse.cli import ocr_command
from docparse.cli.app import COMMANDS, app
from docparse.model import Page

SAMPLES = Path(__file__).resolve().parent.parent / "samples"
TWO_COLUMN = SAMPLES / "two_column.pdf"
runner = CliRunner()


def _text_pdf(path: Path, pages: int) -> Path:
    document = pymupdf.open()
    for number in range(1, pages + 1):
        page = document.new_page(width=400, height=200)
        page.insert_text((20, 100), f"Page number {number} has real text here", fontsize=14)
    document.save(path)
    return path


def test_output_that_is_the_input_is_refused_and_the_input_kept(tmp_path: Path) -> None:
    image = tmp_path / "inplace.png"
    shutil.copy(SAMPLES / "receipt.png", image)
    before = image.read_bytes()
    result = runner.invoke(app, ["ocr", str(image), "--out", "txt", "-o", str(image)])
    assert result.exit_code == 2
    assert "is an input" in result.output and len(result.output.strip().splitlines()) == 1
    assert image.read_bytes() == before


def test_show_refuses_to_write_its_overlay_over_the_input(tmp_path: Path) -> None:
    image = tmp_path / "page.png"
    shutil.copy(SAMPLES / "receipt.png", image)
    before = image.read_bytes()
    result = runner.invoke(app, ["show", str(image), "-o", str(tmp_path)])
    assert result.exit_code == 2 and "is an input" in result.output
    assert image.read_bytes() == before


def test_batch_refuses_outputs_that_would_replace_inputs(tmp_path: Path) -> None:
    _text_pdf(tmp_path / "a.pdf", 1)
    before = (tmp_path / "a.pdf").read_bytes()
    # The mirrored tree of -o DIR puts a.pdf's searchable PDF at DIR/a.pdf: here, itself.
    result = runner.invoke(
        app, ["batch", str(tmp_path), "-o", str(tmp_path), "--out", "pdf", "--engine", "tesseract"]
    )
    assert result.exit_code == 2, result.output
    assert (tmp_path / "a.pdf").read_bytes() == before


def test_inputs_sharing_a_name_keep_their_suffix_and_no_output_takes_anothers_name(
    tmp_path: Path,
) -> None:
    # numbering alone wrote a.pdf's text to a-2.txt, and a-2.pdf's to a-2-2.txt
    _text_pdf(tmp_path / "a.pdf", 1)
    Image.new("L", (60, 40), 255).save(tmp_path / "a.png")
    second = _text_pdf(tmp_path / "a-2.pdf", 2)
    inputs = [str(tmp_path / name) for name in ("a.pdf", "a.png", "a-2.pdf")]
    out = tmp_path / "out"
    args = ["ocr", *inputs, "--out", "txt", "-o", f"{out}/", "--engine", "tesseract", "-q"]
    result = runner.invoke(app, args)
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in out.iterdir()) == ["a-2.txt", "a.pdf.txt", "a.png.txt"]
    assert "Page number 2" in (out / "a-2.txt").read_text(encoding="utf-8")
    assert second.exists()


def test_sigterm_leaves_no_partial_output_behind(tmp_path: Path) -> None:
    # `timeout`, `kill` or a scheduler's cancel ended ocr where it stood, its page-by-page
    # outputs' .NAME.partial files left in the output folder
    source = _text_pdf(tmp_path / "long.pdf", 40)
    out = tmp_path / "out"
    command = [sys.executable, "-m", "docparse", "ocr", str(source), "-o", f"{out}/"]
    command += ["--out", "json,md,txt", "--text-layer", "never", "--engine", "tesseract"]
    process = subprocess.Popen([*command, "--jobs", "1", "-q"], stderr=subprocess.PIPE)
    deadline = time.monotonic() + 120
    while not (out.is_dir() and any(out.iterdir())) and time.monotonic() < deadline:
        assert process.poll() is None, process.communicate()
        time.sleep(0.05)
    process.send_signal(signal.SIGTERM)
    _, stderr = process.communicate(timeout=60)
    assert process.returncode == 130, stderr
    assert b"Traceback" not in stderr
    assert list(out.iterdir()) == []


def test_the_suffix_of_o_picks_the_format(tmp_path: Path) -> None:
    target = tmp_path / "result.md"
    result = runner.invoke(app, ["ocr", str(TWO_COLUMN), "-o", str(target), "-q"])
    assert result.exit_code == 0, result.output
    text = target.read_text(encoding="utf-8")
    assert not text.lstrip().startswith("{") and "왼쪽" in text


def test_an_unknown_suffix_without_out_is_a_usage_error(tmp_path: Path) -> None:
    result = runner.invoke(app, ["ocr", str(TWO_COLUMN), "-o", str(tmp_path / "x.weird")])
    assert result.exit_code == 2 and "--out" in result.output
    assert not (tmp_path / "x.weird").exists()


def test_one_file_for_several_inputs_or_formats_is_a_usage_error(tmp_path: Path) -> None:
    other = _text_pdf(tmp_path / "other.pdf", 1)
    combined = tmp_path / "combined.txt"
    several_inputs = ["ocr", str(TWO_COLUMN), str(other), "--out", "txt", "-o", str(combined)]
    several_formats = ["ocr", str(TWO_COLUMN), "--out", "txt,md", "-o", str(combined)]
    for args in (several_inputs, several_formats):
        result = runner.invoke(app, args)
        assert result.exit_code == 2 and "several inputs or formats" in result.output
        assert not combined.exists()


@pytest.mark.parametrize(
    ("command", "name"), [("ocr", "out.txt"), ("extract", "fields.json"), ("chunk", "c.jsonl")]
)
def test_an_output_already_there_is_kept_unless_overwrite_is_given(
    tmp_path: Path, command: str, name: str
) -> None:
    target = tmp_path / name
    target.write_text("earlier work", encoding="utf-8")
    result = runner.invoke(app, [command, str(TWO_COLUMN), "-o", str(target)])
    assert result.exit_code == 2 and "use --overwrite" in result.output
    assert target.read_text(encoding="utf-8") == "earlier work"
    again = runner.invoke(app, [command, str(TWO_COLUMN), "-o", str(target), "--overwrite"])
    assert again.exit_code in (0, 1), again.output  # extract: 1 when no field is found
    assert target.read_text(encoding="utf-8") != "earlier work"


def test_several_formats_on_stdout_is_a_usage_error() -> None:
    """Markdown then JSON on one stream could be parsed by nothing."""
    result = runner.invoke(app, ["ocr", str(TWO_COLUMN), "--out", "md,json"])
    assert result.exit_code == 2 and "would run together" in result.output


def test_dash_as_output_is_stdout(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    result = runner.invoke(app, ["ocr", str(TWO_COLUMN), "--out", "txt", "-o", "-", "-q"])
    assert result.exit_code == 0, result.output
    assert "Reading Order Test Document" in result.output
    assert not (tmp_path / "-").exists()  # it made a folder named "-" before


def test_a_trailing_slash_or_an_existing_directory_takes_several_outputs(tmp_path: Path) -> None:
    fresh = tmp_path / "fresh"
    result = runner.invoke(app, ["ocr", str(TWO_COLUMN), "--out", "txt,md", "-o", f"{fresh}/"])
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in fresh.iterdir()) == ["two_column.md", "two_column.txt"]


@pytest.mark.parametrize(
    ("command", "name"),
    [("ocr", "out.txt"), ("extract", "fields.json"), ("chunk", "c.jsonl"), ("tables", "csv")],
)
def test_an_output_folder_that_cannot_be_made_is_one_line_before_any_work(
    tmp_path: Path, command: str, name: str
) -> None:
    blocked = tmp_path / "a-file"
    blocked.write_text("x")
    result = runner.invoke(app, [command, str(TWO_COLUMN), "-o", str(blocked / name)])
    assert result.exit_code == 2, result.output
    assert "not a writable folder" in result.output
    assert len(result.output.strip().splitlines()) == 1  # no page was read


def test_an_output_that_fails_to_write_is_that_files_error_in_one_line(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def full_disk(*args: object, **kwargs: object) -> None:
        raise OSError(28, "No space left on device", str(tmp_path / "out.json"))

    monkeypatch.setattr(ocr_command, "_write_whole", full_disk)
    target = tmp_path / "out.json"
    result = runner.invoke(app, ["ocr", str(TWO_COLUMN), "-o", str(target), "-q"])
    assert result.exit_code == 1
    assert (
        result.output.strip()
        == f"error: {TWO_COLUMN}: cannot write {target}: No space left on device"
    )


def test_an_empty_page_selection_is_an_error() -> None:
    result = runner.invoke(app, ["ocr", str(TWO_COLUMN), "--pages", "5", "-q"])
    assert result.exit_code == 1
    assert "no page selected" in result.output and '"pages": []' not in result.output
    result = runner.invoke(app, ["ocr", str(TWO_COLUMN), "--pages", "1,", "-q"])
    assert result.exit_code == 2 and "empty page range" in result.output


def test_version() -> None:
    result = runner.invoke(app, ["--version"])
    assert result.exit_code == 0 and result.output.startswith("docparse ")


def test_a_page_that_cannot_be_rendered_is_that_pages_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Page 2 of 3 fails to render (as a PDF with a corrupt content stream does): pages 1 and
    3 are written, page 2 carries its error, and the run exits 1 (partial failure)."""
    from docparse.io import pdf

    source = _text_pdf(tmp_path / "three.pdf", 3)
    rasterise = pdf.rasterise

    def damaged_second_page(page: pymupdf.Page, dpi: float, *mode: str) -> object:
        if page.number == 1:
            raise RuntimeError("cannot decode content stream")
        return rasterise(page, dpi, *mode)

    monkeypatch.setattr(pdf, "rasterise", damaged_second_page)
    target = tmp_path / "three.json"
    args = ["ocr", str(source), "--text-layer", "never", "--engine", "tesseract", "-o", str(target)]
    args += ["--jobs", "1"]  # the damage is patched into this process, not into page workers
    result = runner.invoke(app, args)
    assert result.exit_code == 1, result.output
    pages = json.loads(target.read_text(encoding="utf-8"))["pages"]
    assert [page["index"] for page in pages] == [0, 1, 2]
    assert pages[1]["source"] == "none" and "page 2 is damaged" in pages[1]["error"]
    assert pages[1]["blocks"] == []
    for page in (pages[0], pages[2]):
        assert page["error"] is None
        lines = [line for block in page["blocks"] for line in block["lines"]]
        assert "Page" in " ".join(word["text"] for line in lines for word in line["words"])


def _pdf_with_a_damaged_first_page(path: Path) -> Path:
    """Three pages; page 1's content stream has lost its stream data (its object is a bare
    dictionary now, as in a mangled file), so MuPDF cannot load page 1's content ("cannot
    load content stream part 1/1") while pages 2 and 3 read as usual."""
    document = pymupdf.open(_text_pdf(path.with_suffix(".intact.pdf"), 3))
    page = document[0]
    (contents,) = page.get_contents()
    document.xref_set_key(page.xref, "Contents", f"[{contents} 0 R]")
    document.update_object(contents, "<< /Length 64 >>")
    document.save(path)
    return path


def test_a_real_damaged_page_is_that_pages_error_and_the_others_are_written(
    tmp_path: Path,
) -> None:
    source = _pdf_with_a_damaged_first_page(tmp_path / "damaged.pdf")
    target = tmp_path / "damaged.json"
    result = runner.invoke(app, ["ocr", str(source), "--engine", "tesseract", "-o", str(target)])
    assert result.exit_code == 1, result.output  # partial failure
    assert "error: " in result.output and "page 1 is damaged" in result.output  # not warning:
    pages = json.loads(target.read_text(encoding="utf-8"))["pages"]
    assert [page["index"] for page in pages] == [0, 1, 2]
    assert pages[0]["source"] == "none" and pages[0]["blocks"] == []
    assert pages[0]["error"].startswith("page 1 is damaged (cannot load content stream")
    for number, page in enumerate(pages[1:], start=2):
        assert page["error"] is None
        lines = [line for block in page["blocks"] for line in block["lines"]]
        words = [word["text"] for line in lines for word in line["words"]]
        assert " ".join(words) == f"Page number {number} has real text here"


def test_a_damaged_page_costs_only_itself_in_every_format(tmp_path: Path) -> None:
    # --out overlay (and whatever came after it) ended in a traceback: the damaged page had no
    # picture to draw; show drew none of the file's pages
    source = _pdf_with_a_damaged_first_page(tmp_path / "damaged.pdf")
    out = tmp_path / "out"
    formats = "overlay,pdf,docx,hocr,alto,html,json"
    args = ["ocr", str(source), "--out", formats, "-o", f"{out}/", "--engine", "tesseract"]
    result = runner.invoke(app, args)
    assert result.exit_code == 1 and "Traceback" not in result.output, result.output
    assert sorted(p.name for p in out.iterdir()) == [
        "damaged-p2.png",
        "damaged-p3.png",
        "damaged.docx",
        "damaged.hocr",
        "damaged.html",
        "damaged.json",
        "damaged.pdf",
        "damaged.xml",
    ]
    assert pymupdf.open(out / "damaged.pdf").page_count == 3
    shown = tmp_path / "shown"
    result = runner.invoke(app, ["show", str(source), "-o", str(shown), "--engine", "tesseract"])
    assert result.exit_code == 1
    assert (
        result.stderr
        == f"error: {source}: page 1 is damaged (cannot load content stream part 1/1)\n"
    )
    assert sorted(p.name for p in shown.iterdir()) == ["damaged-p2.png", "damaged-p3.png"]


@pytest.mark.parametrize("command", [["chunk"], ["tables", "-o", "tables"]])
def test_a_page_that_could_not_be_read_is_told_and_fails_the_command(
    tmp_path: Path, command: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    # chunk and tables left the page out and exited 0, saying nothing
    monkeypatch.chdir(tmp_path)
    source = _pdf_with_a_damaged_first_page(tmp_path / "damaged.pdf")
    result = runner.invoke(app, [command[0], str(source), *command[1:], "--engine", "tesseract"])
    assert result.exit_code == 1
    assert result.stderr.startswith(f"error: {source}: page 1 is damaged")
    assert "Page number 2" in result.stdout or command[0] == "tables"


def test_a_page_whose_content_stream_breaks_off_is_warned_and_kept(tmp_path: Path) -> None:
    """Page 2's compressed content is damaged (a zlib error: MuPDF reads it as ending
    there): before, the page came out blank with no word said; now it carries a warning,
    and the other pages are read as usual."""
    document = pymupdf.open(_text_pdf(tmp_path / "intact.pdf", 3))
    (contents,) = document[1].get_contents()
    stream = document.xref_stream_raw(contents)
    document.update_stream(contents, b"x" + bytes(b ^ 0x5A for b in stream[1:]), compress=False)
    document.xref_set_key(contents, "Filter", "/FlateDecode")
    source = tmp_path / "broken.pdf"
    document.save(source)
    target = tmp_path / "broken.json"
    result = runner.invoke(app, ["ocr", str(source), "--engine", "tesseract", "-o", str(target)])
    assert result.exit_code == 0, result.output
    pages = json.loads(target.read_text(encoding="utf-8"))["pages"]
    assert any("part of its content could not be read" in w for w in pages[1]["warnings"])
    assert pages[0]["warnings"] == [] and pages[2]["warnings"] == []
    assert "page 2: part of its content could not be read" in result.output
    # batch named the page twice ("page 2: page 2: part of ..."), the loader's warning
    # naming it already
    folder = tmp_path / "folder"
    folder.mkdir()
    source.rename(folder / "broken.pdf")
    out = tmp_path / "out"
    result = runner.invoke(app, ["batch", str(folder), "-o", str(out), "--engine", "tesseract"])
    assert result.exit_code == 0, result.output
    (entry,) = [json.loads(line) for line in (out / "manifest.jsonl").read_text().splitlines()]
    assert [w[:45] for w in entry["warnings"]] == ["page 2: part of its content could not be read"]


def test_an_engines_page_warning_is_told_with_its_page_once() -> None:
    page = Page(index=2, width=10, height=10, source="ocr", warnings=["page 3: x", "read turned"])
    assert page.numbered_warnings() == ["page 3: x", "page 3: read turned"]


def test_progress_is_plain_lines_when_stderr_is_not_a_terminal(tmp_path: Path) -> None:
    source = _text_pdf(tmp_path / "pages.pdf", 6)
    done = subprocess.run(
        [sys.executable, "-m", "docparse", "ocr", str(source), "--out", "txt"],
        capture_output=True,
        text=True,
        check=True,
    )
    lines = done.stderr.splitlines()
    assert "pages.pdf: page 5/6" in lines and "pages.pdf: page 6/6" in lines
    assert "\x1b" not in done.stderr


def test_batch_progress_is_plain_lines_when_stderr_is_not_a_terminal(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    _text_pdf(folder / "a.pdf", 6)
    _text_pdf(folder / "b.pdf", 6)
    command = ["batch", str(folder), "-o", str(tmp_path / "out"), "--workers", "1"]
    done = subprocess.run(
        [sys.executable, "-m", "docparse", *command, "--engine", "tesseract"],
        capture_output=True,
        text=True,
        check=True,
    )
    lines = done.stderr.splitlines()
    assert "batch: file 0/2, 5 pages, 0 failed" in lines  # every few pages, inside a file
    assert lines[-1] == "batch: file 2/2, 12 pages, 0 failed"
    assert "\x1b" not in done.stderr


def test_eval_progress_is_plain_lines_when_stderr_is_not_a_terminal(tmp_path: Path) -> None:
    from PIL import Image

    data = tmp_path / "data"
    data.mkdir()
    for number in range(6):  # the toy engine reads each image at once
        Image.new("RGB", (40, 20), "white").save(data / f"img{number}.png")
        (data / f"img{number}.txt").write_text("0,0,10,0,10,10,0,10,toy\n", encoding="utf-8")
    toy = Path(__file__).parent / "fixtures" / "toy_engine"
    env = {
        **os.environ,
        "PYTHONPATH": os.pathsep.join([str(toy), os.environ.get("PYTHONPATH", "")]),
    }
    command = ["eval", "--dataset", "folder", "--data", str(data), "--report", str(tmp_path / "r")]
    done = subprocess.run(
        [sys.executable, "-m", "docparse", *command, "--engine", "toy"],
        capture_output=True,
        text=True,
        env=env,
    )
    assert done.returncode == 0, done.stderr
    lines = done.stderr.splitlines()
    assert "toy: image 5/6" in lines and "toy: image 6/6" in lines
    assert "\x1b" not in done.stderr


def test_parse_errors_name_the_path(tmp_path: Path) -> None:
    import docparse
    from docparse.errors import DocparseError

    missing = tmp_path / "missing.pdf"
    with pytest.raises(DocparseError, match=r"missing\.pdf"):
        docparse.parse(missing)


def test_help_imports_no_heavy_module() -> None:
    code = (
        "import sys; from docparse.cli.app import app\n"
        "try:\n    app(['--help'])\nexcept SystemExit:\n    pass\n"
        "heavy = {'fitz', 'pymupdf', 'onnxruntime', 'torch', 'numpy', 'PIL', 'pydantic'}\n"
        "print(sorted(heavy & set(sys.modules)))"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.strip().splitlines()[-1] == "[]"


def test_each_commands_summary_is_how_its_help_begins() -> None:
    for name, spec in COMMANDS.items():
        result = runner.invoke(app, [name, "--help"])
        assert result.exit_code == 0, (name, result.output)
        first = spec.summary.split(",")[0].split(":")[0].rstrip(".")
        assert first in " ".join(result.output.split()), name


def test_every_commands_help_gives_examples() -> None:
    # engines, schema and bench synth had none
    commands = [[name] for name, spec in COMMANDS.items() if not spec.group]
    commands += [["bench", name] for name in ("real", "tables", "synth")]
    for command in commands:
        result = runner.invoke(app, [*command, "--help"])
        assert result.exit_code == 0, (command, result.output)
        assert (
            "Examples:" in result.output
            and f"docparse {' '.join(command)}" in (result.output.split("Examples:")[1])
        ), command


def test_no_message_begins_with_unexpected() -> None:
    root = Path(__file__).resolve().parent.parent
    folders = ("docparse", "cli", "formats", "evaluation")
    sources = [path for folder in folders for path in (root / folder).rglob("*.py")]
    offenders = [str(path) for path in sources if '"unexpected ' in path.read_text("utf-8")]
    assert offenders == []


def test_page_numbers_are_1_based_wherever_people_read_them(tmp_path: Path) -> None:
    """find's JSON and table, chunk's JSON and the text say page 2 for the second page; only
    the Document's ``index`` counts from 0."""
    source = _text_pdf(tmp_path / "two.pdf", 2)
    exact = ["--min-score", "100"]
    found = runner.invoke(app, ["find", str(source), "Page number 2", "--out", "json", *exact])
    assert found.exit_code == 0, found.output
    assert [match["page"] for match in json.loads(found.stdout)] == [2]
    table = runner.invoke(app, ["find", str(source), "Page number 2", *exact])
    (row,) = [line for line in table.stdout.splitlines() if "Page number 2" in line]
    assert row.replace("│", " ").replace("|", " ").split()[0] == "2"
    chunks = runner.invoke(app, ["chunk", str(source), "--max-chars", "40", "--overlap", "0"])
    rows = [json.loads(line) for line in chunks.stdout.splitlines()]
    second = [row for row in rows if "number 2" in row["text"]]
    assert second and all(row["pages"] == [2] for row in second)
    assert {box["page"] for row in second for box in row["boxes"]} == {2}
    document = runner.invoke(app, ["ocr", str(source), "--pages", "2", "-q"])
    assert [page["index"] for page in json.loads(document.stdout)["pages"]] == [1]


def test_searchable_pdf_text_has_real_spaces(tmp_path: Path) -> None:
    from docparse.formats.registry import FORMATS
    from docparse.model import Block, Document, Line, Page, Word

    texts = ["합계", "금액", "12,000"]
    words = [
        Word(text=t, box=(10 + 60 * i, 10, 60 + 60 * i, 30), engine="t")
        for i, t in enumerate(texts)
    ]
    line = Line(words=words, box=(10, 10, 180, 30))
    block = Block(id="p1-b1", lines=[line], box=line.box)
    page = Page(index=0, width=200, height=40, source="ocr", blocks=[block])
    from PIL import Image

    image = tmp_path / "x.png"
    Image.new("RGB", (200, 40), "white").save(image)
    digest = hashlib.sha256(image.read_bytes()).hexdigest()
    document = Document(source=str(image), sha256=digest, page_count=1, engine="t", pages=[page])
    FORMATS["pdf"].write(document, tmp_path / "x.pdf")
    text = pymupdf.open(tmp_path / "x.pdf")[0].get_text()
    assert "\u00a0" not in text and "합계 금액 12,000" in text


def test_a_reader_that_closes_stdout_ends_the_run_quietly(tmp_path: Path) -> None:
    # `docparse ocr a.pdf b.pdf | head -1`: the second file's text meets a closed pipe
    first, second = _text_pdf(tmp_path / "a.pdf", 1), _text_pdf(tmp_path / "b.pdf", 1)
    run = subprocess.Popen(
        [sys.executable, "-m", "docparse", "ocr", str(first), str(second), "--out", "txt", "-q"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    assert run.stdout is not None and run.stderr is not None
    assert run.stdout.readline().startswith(b"==> ")
    run.stdout.close()
    stderr = run.stderr.read().decode()
    assert run.wait(timeout=120) == 1  # click's exit for a closed stdout, no message
    assert "Broken pipe" not in stderr and "Traceback" not in stderr and "error" not in stderr


def test_a_folder_read_again_leaves_out_its_output_folder_inside_it(tmp_path: Path) -> None:
    folder = tmp_path / "scans"
    folder.mkdir()
    _text_pdf(folder / "a.pdf", 1)
    out = f"{folder / 'out'}/"
    first = runner.invoke(app, ["ocr", str(folder), "--out", "pdf,json", "-o", out, "-q"])
    assert first.exit_code == 0, first.output
    again = runner.invoke(app, ["ocr", str(folder), "--out", "txt", "-o", out, "-q"])
    assert again.exit_code == 0, again.output
    assert sorted(p.name for p in (folder / "out").iterdir()) == ["a.json", "a.pdf", "a.txt"]
    # a file named directly is read, wherever it is
    named = runner.invoke(app, ["ocr", str(folder / "out" / "a.pdf"), "--out", "md", "-o", out])
    assert named.exit_code == 0 and (folder / "out" / "a.md").is_file()
