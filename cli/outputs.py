"""Deciding where each output goes (stdout, one file, or a directory) and writing it
atomically, so an interrupted run never leaves a half-written file. Text formats going to
files are written page by page (``formats.streaming``); the rest from the whole Document;
both atomically (``docparse.io.atomic``)."""

from __future__ import annotations

import sys
from pathlib import Path

from docparse.formats.registry import OutputFormat
from docparse.model import Document


class OutputPlan:
    """Maps (input, format) to a destination: None means stdout."""

    def __init__(self, inputs: list[Path], formats: list[OutputFormat], out: Path | None) -> None:
        self.formats = formats
        self.out = out
        self.single_file = (
            out is not None
            and len(inputs) == 1
            and len(formats) == 1
            and not out.is_dir()
            and bool(out.suffix)
        )
        self._stems = _unique_stems(inputs)

    def usage_problem(self) -> str | None:
        if self.out is None:
            binary = [fmt.name for fmt in self.formats if fmt.binary]
            if binary:
                return f"{', '.join(binary)} output is binary: give a file or directory with -o"
        return None

    def destination(self, source: Path, fmt: OutputFormat) -> Path | None:
        if self.out is None:
            return None
        if self.single_file:
            return self.out
        return self.out / f"{self._stems[source]}{fmt.extension}"

    def streamed(self, source: Path) -> dict[str, Path]:
        """{format name: file} for the outputs of ``source`` written page by page."""
        return {
            fmt.name: destination
            for fmt in self.formats
            if fmt.streamed and (destination := self.destination(source, fmt)) is not None
        }

    def whole(self, source: Path) -> list[OutputFormat]:
        """The formats of ``source`` that need the whole Document: stdout and binary ones."""
        streamed = self.streamed(source)
        return [fmt for fmt in self.formats if fmt.name not in streamed]


def _unique_stems(inputs: list[Path]) -> dict[Path, str]:
    """Each input's file stem, numbered when two inputs share one (a/x.pdf, b/x.pdf)."""
    stems: dict[Path, str] = {}
    used: set[str] = set()
    for path in inputs:
        stem, n = path.stem, 1
        while stem in used:
            n += 1
            stem = f"{path.stem}-{n}"
        used.add(stem)
        stems[path] = stem
    return stems


def print_document(document: Document, fmt: OutputFormat, several: bool) -> None:
    """Text formats on stdout; several documents as JSON Lines or with a header each."""
    if fmt.name == "json" and several:
        text = document.to_json(indent=None) + "\n"
    else:
        text = fmt.render_text(document)
        if several:
            text = f"==> {document.source} <==\n{text}"
        if not text.endswith("\n"):
            text += "\n"
    sys.stdout.write(text)
    sys.stdout.flush()
