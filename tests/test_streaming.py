"""Writing documents page by page: the same bytes as the whole-document renderers, pages
released as they are written, and no file at all when a document fails."""

from __future__ import annotations

import gc
import io
import weakref
from collections.abc import Iterator
from pathlib import Path

import pymupdf
import pytest
from typer.testing import CliRunner

from docparse.cli.app import app
from docparse.errors import InputError
from docparse.formats import json_format, markdown, text
from docparse.formats.page_sinks import JsonSink
from docparse.formats.registry import FORMATS
from docparse.formats.streaming import write_pages
from docparse.model import Block, Document, Line, Page, Word
from docparse.pipeline import ParseOptions, Parser

SAMPLES = Path(__file__).resolve().parent.parent / "samples"


@pytest.fixture(scope="module")
def three_pages(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A born-digital PDF of three pages (text layer: no OCR, so fast)."""
    path = tmp_path_factory.mktemp("streaming") / "three.pdf"
    with pymupdf.open(SAMPLES / "two_column.pdf") as sample, pymupdf.open() as out:
        for _ in range(3):
            out.insert_pdf(sample)
        out.save(path)
    return path


def _without_timings(document: Document) -> Document:
    return document.model_copy(update={"timings": {}})


def _page(index: int) -> Page:
    word = Word(text="가격 <b>", box=(1.5, 2, 30, 9.25), confidence=0.5, engine="x")
    block = Block(id=f"p{index + 1}-b1", lines=[Line.of([word])], box=word.box)
    return Page(index=index, width=40, height=20, source="ocr", blocks=[block])


def _synthetic(pages: int) -> Document:
    return Document(
        source="x.pdf",
        sha256="0" * 64,
        page_count=pages,
        engine="x",
        pages=[_page(index) for index in range(pages)],
        timings={"engine": 1e-7},
        warnings=["첫 경고"],
    )


def _written(document: Document, name: str) -> str:
    handle = io.StringIO()
    sink = FORMATS[name].open_sink(handle)
    sink.start(document)
    for page in document.pages:
        sink.add(page)
    sink.finish(document)
    return handle.getvalue()


@pytest.mark.parametrize("pages", [0, 1, 3])
def test_each_format_is_written_as_its_renderer_writes_it(pages: int) -> None:
    document = _synthetic(pages)
    assert _written(document, "json") == json_format.render(document)
    assert _written(document, "md") == markdown.render(document)
    assert _written(document, "txt") == text.render(document)


@pytest.mark.parametrize("indent", [None, 4])
def test_json_indentation_follows_render(indent: int | None) -> None:
    document = _synthetic(2)
    handle = io.StringIO()
    sink = JsonSink(handle, indent=indent)
    sink.start(document)
    for page in document.pages:
        sink.add(page)
    sink.finish(document)
    assert handle.getvalue() == json_format.render(document, indent=indent)


def test_streamed_files_read_back_as_the_parsed_document(tmp_path: Path, three_pages: Path) -> None:
    parser = Parser(ParseOptions(engine="tesseract"))
    document = parser.header(three_pages)
    outputs = {name: tmp_path / f"out.{name}" for name in ("json", "md", "txt")}
    write_pages(document, parser.stream(document), outputs)
    parsed = parser.parse(three_pages)
    streamed = json_format.load(outputs["json"].read_bytes())
    assert len(streamed.pages) == 3
    assert _without_timings(streamed) == _without_timings(parsed)
    assert set(streamed.timings) == set(parsed.timings)
    assert outputs["md"].read_text(encoding="utf-8") == markdown.render(parsed)
    assert outputs["txt"].read_text(encoding="utf-8") == text.render(parsed)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out.json", "out.md", "out.txt"]


def test_pages_are_released_once_written(tmp_path: Path) -> None:
    document = _synthetic(0)
    seen: list[weakref.ref[Page]] = []

    def pages() -> Iterator[Page]:
        for index in range(20):
            gc.collect()
            # Only the page just written is alive: Markdown holds it back for its heading.
            assert [ref() is not None for ref in seen[:-1]] == [False] * len(seen[:-1])
            page = _page(index)
            seen.append(weakref.ref(page))
            yield page

    outputs = {name: tmp_path / f"out.{name}" for name, fmt in FORMATS.items() if fmt.streamed}
    write_pages(document, pages(), outputs)
    assert len(json_format.load(outputs["json"].read_bytes()).pages) == 20


def test_an_unreadable_file_creates_no_output(tmp_path: Path) -> None:
    corrupt = tmp_path / "corrupt.pdf"
    corrupt.write_bytes(b"%PDF-1.7\n" + bytes(range(256)) * 4)
    parser = Parser(ParseOptions(engine="tesseract"))
    document = parser.header(corrupt)
    with pytest.raises(InputError, match="corrupt or unreadable PDF"):
        write_pages(document, parser.stream(document), {"json": tmp_path / "out" / "c.json"})
    assert not (tmp_path / "out").exists()


def test_a_failure_mid_document_leaves_no_partial_file(tmp_path: Path) -> None:
    document = _synthetic(0)

    def pages() -> Iterator[Page]:
        yield _page(0)
        raise RuntimeError("engine went away")

    with pytest.raises(RuntimeError, match="engine went away"):
        write_pages(document, pages(), {"json": tmp_path / "a.json", "md": tmp_path / "a.md"})
    assert list(tmp_path.iterdir()) == []


def test_unknown_streaming_format_is_refused(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="cannot write docx page by page"):
        write_pages(_synthetic(0), iter([]), {"docx": tmp_path / "a.docx"})


def test_cli_streams_files_and_still_writes_whole_document_formats(
    tmp_path: Path, three_pages: Path
) -> None:
    args = ["ocr", str(three_pages), "--engine", "tesseract", "--out", "json,md,docx"]
    result = CliRunner().invoke(app, [*args, "-o", str(tmp_path), "-q"])
    assert result.exit_code == 0, result.output
    parsed = Parser(ParseOptions(engine="tesseract")).parse(three_pages)
    streamed = json_format.load((tmp_path / "three.json").read_bytes())
    assert _without_timings(streamed) == _without_timings(parsed)
    assert (tmp_path / "three.md").read_text(encoding="utf-8") == markdown.render(parsed)
    assert (tmp_path / "three.docx").stat().st_size > 0
