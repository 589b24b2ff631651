"""Chunks for RAG: exact offsets into Document.text, whole words, block/line breaks first,
word-aligned overlap, and boxes that lead back to the source."""

from __future__ import annotations

import itertools
import json
from pathlib import Path

import pytest
from handmade import TWO_COLUMN
from hypothesis import given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from docparse.chunking import Chunk, chunk_document, page_chunks, word_spans
from docparse.cli import outputs
from docparse.cli.app import app
from docparse.model import Block, Document, Line, Page, Word

HANGUL = st.characters(min_codepoint=0xAC00, max_codepoint=0xD7A3)
LATIN = st.characters(min_codepoint=ord("a"), max_codepoint=ord("z"))
WORDS = st.text(st.one_of(HANGUL, LATIN), min_size=1, max_size=12)


@st.composite
def documents(draw: st.DrawFn) -> Document:
    pages = []
    for p in range(draw(st.integers(1, 3))):
        blocks = []
        for b in range(draw(st.integers(0, 3))):
            lines = []
            for n in range(draw(st.integers(1, 3))):
                texts = draw(st.lists(WORDS, min_size=1, max_size=5))
                words = [
                    Word(text=t, box=(10.0 * i, 20.0 * n, 10.0 * i + 9, 20.0 * n + 15), engine="t")
                    for i, t in enumerate(texts)
                ]
                lines.append(Line.of(words))
            box = (0.0, 0.0, 100.0, 100.0)
            blocks.append(Block(id=f"p{p + 1}-b{b + 1}", lines=lines, box=box))
        pages.append(Page(index=p, width=100, height=100, source="ocr", blocks=blocks))
    return Document(source="x.pdf", sha256="0" * 64, page_count=len(pages), engine="t", pages=pages)


def _check(doc: Document, chunks: list[Chunk], max_chars: int, overlap: int) -> None:
    text = doc.text
    spans = word_spans(doc)
    assert [text[s.start : s.end] for s in spans] == [w.text for w in doc.words()]
    if not spans:
        assert chunks == []
        return
    rebuilt = chunks[0].text
    for previous, chunk in itertools.pairwise(chunks):
        repeated = previous.char_end - chunk.char_start
        assert 0 <= repeated <= overlap
        rebuilt += chunk.text[repeated:]
    assert rebuilt == text
    starts = {s.start for s in spans}
    for index, chunk in enumerate(chunks):
        assert chunk.index == index
        assert chunk.text == text[chunk.char_start : chunk.char_end]
        assert index == 0 or chunk.char_start in starts  # begins with a whole word
        assert chunk.char_end == len(text) or chunk.char_end in starts  # never inside a word
        inside = [s for s in spans if chunk.char_start <= s.start < chunk.char_end]
        assert [(b.page, b.box) for b in chunk.boxes] == [(s.page, s.box) for s in inside]
        assert {b.page for b in chunk.boxes} == set(chunk.pages)
        assert chunk.block_ids == list(dict.fromkeys(s.block_id for s in inside))
        assert len(chunk.text.strip()) <= max_chars or len(inside) == 1


@settings(max_examples=150, deadline=None)
@given(documents(), st.integers(1, 120), st.data())
def test_chunks_tile_the_document_text(doc: Document, max_chars: int, data: st.DataObject) -> None:
    overlap = data.draw(st.integers(0, max_chars - 1))
    _check(doc, chunk_document(doc, max_chars, overlap), max_chars, overlap)


@settings(max_examples=50, deadline=None)
@given(documents())
def test_page_chunks_tile_the_document_text(doc: Document) -> None:
    chunks = page_chunks(doc)
    _check(doc, chunks, max_chars=10**9, overlap=0)
    assert all(len(chunk.pages) == 1 for chunk in chunks)


def _doc(*blocks: list[list[str]]) -> Document:
    built = [
        Block(
            id=f"p1-b{b}",
            lines=[
                Line.of([Word(text=t, box=(0, 0, 1, 1), engine="t") for t in line.split()])
                for line in lines
            ],
            box=(0, 0, 1, 1),
        )
        for b, lines in enumerate(blocks, start=1)
    ]
    page = Page(index=0, width=10, height=10, source="ocr", blocks=built)
    return Document(source="x", sha256="0" * 64, page_count=1, engine="t", pages=[page])


def test_breaks_at_blocks_then_lines_then_words() -> None:
    doc = _doc(["aaa bbb", "ccc"], ["ddd eee fff ggg hhh"], ["한국어 낱말"])
    assert [c.text for c in chunk_document(doc, max_chars=16, overlap=0)] == [
        "aaa bbb\nccc\n\n",  # the whole first block fits
        "ddd eee fff ggg ",  # a long block: between words
        "hhh\n\n한국어 낱말",  # blocks are packed together while they fit
    ]
    lines = _doc(["aaa bbb", "ccc ddd", "eee"])
    assert [c.text for c in chunk_document(lines, max_chars=12, overlap=0)] == [
        "aaa bbb\n",  # "aaa bbb ccc" would fit, but the line boundary is preferred
        "ccc ddd\neee",
    ]


def test_overlap_is_whole_words_of_the_previous_tail() -> None:
    doc = _doc(["one two three four five six"])
    texts = [c.text for c in chunk_document(doc, max_chars=14, overlap=9)]
    assert texts == ["one two three ", "three four ", "four five six"]


def test_an_over_long_word_is_a_chunk_of_its_own() -> None:
    doc = _doc(["ab 가나다라마바사아자차 cd"])
    texts = [c.text for c in chunk_document(doc, max_chars=4, overlap=2)]
    assert texts == ["ab ", "가나다라마바사아자차 ", "cd"]


@pytest.mark.parametrize(("max_chars", "overlap"), [(0, 0), (10, 10), (10, -1)])
def test_rejects_impossible_sizes(max_chars: int, overlap: int) -> None:
    with pytest.raises(ValueError):
        chunk_document(_doc(["a"]), max_chars, overlap)


def test_chunk_command_prints_json_lines() -> None:
    args = ["chunk", str(TWO_COLUMN), "--max-chars", "300", "--overlap", "40"]
    result = CliRunner().invoke(app, [*args, "--engine", "tesseract"])
    assert result.exit_code == 0, result.output
    chunks = [Chunk.model_validate(json.loads(row)) for row in result.stdout.splitlines()]
    assert len(chunks) > 1
    assert [c.index for c in chunks] == list(range(len(chunks)))
    assert all(len(c.text.strip()) <= 300 for c in chunks)
    assert chunks[0].source == str(TWO_COLUMN) and chunks[0].pages == [1]
    assert "오른쪽" in "".join(c.text for c in chunks)


def test_chunk_command_writes_json_lines_to_a_file_never_over_its_input(tmp_path: Path) -> None:
    args = ["chunk", str(TWO_COLUMN), "--max-chars", "300", "--engine", "tesseract"]
    target = tmp_path / "out" / "chunks.jsonl"
    result = CliRunner().invoke(app, [*args, "-o", str(target)])
    assert result.exit_code == 0, result.output
    assert result.stdout == ""
    rows = target.read_text(encoding="utf-8").splitlines()
    assert [Chunk.model_validate_json(row).index for row in rows] == list(range(len(rows)))
    refused = CliRunner().invoke(app, [*args, "-o", str(TWO_COLUMN)])
    assert refused.exit_code == 2 and "is an input" in refused.stderr
    refused = CliRunner().invoke(app, [*args, "-o", str(tmp_path)])  # a directory
    assert refused.exit_code == 2 and "is a directory" in refused.stderr
    blocked = tmp_path / "a-file"
    blocked.write_text("x")
    refused = CliRunner().invoke(app, [*args, "-o", str(blocked / "chunks.jsonl")])
    assert refused.exit_code == 2 and "not a writable folder" in refused.stderr


def test_chunk_output_that_fails_to_write_is_one_line(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def full_disk(path: Path, text: str) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(outputs, "write_text_atomic", full_disk)
    target = tmp_path / "chunks.jsonl"
    args = ["chunk", str(TWO_COLUMN), "--engine", "tesseract", "-o", str(target)]
    failed = CliRunner().invoke(app, args)
    assert failed.exit_code == 1
    assert failed.stderr.strip() == f"error: {target}: cannot write it (No space left on device)"


def test_chunk_command_refuses_overlap_not_below_max_chars() -> None:
    result = CliRunner().invoke(
        app, ["chunk", str(TWO_COLUMN), "--max-chars", "5", "--overlap", "5"]
    )
    assert result.exit_code == 2
    assert result.output.startswith("error:")
