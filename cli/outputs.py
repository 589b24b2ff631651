"""Deciding where each output goes (stdout, one file, or a directory) and writing it
atomically, so an interrupted run never leaves a half-written file. Text formats going to
files are written page by page (``formats.streaming``); the rest from the whole Document;
both atomically (``docparse.io.atomic``)."""

from __future__ import annotations

import os
import sys
from collections.abc import Iterable
from pathlib import Path

import typer

from docparse.batch.layout import output_bases
from docparse.cli import console
from docparse.cli.overwrite import refuse_existing, refuse_overwriting_inputs
from docparse.formats.registry import FORMATS, OutputFormat, OutputNames
from docparse.io.atomic import write_text_atomic
from docparse.model import Document

STDOUT = "-"
"""``-o -``: standard output, as the tools people pipe docparse into spell it."""


def _names_one_file(out: str) -> bool:
    path = Path(out)
    return bool(path.suffix) and not (path.is_dir() or out.endswith(("/", os.sep)))


def output_folder(out: str | None) -> Path | None:
    """The folder ``-o`` names (None for stdout or one file): inputs found under it are
    earlier outputs, not inputs (``docparse ocr scans/ -o scans/out/`` run again)."""
    if out is None or out == STDOUT or _names_one_file(out):
        return None
    return Path(out)


class OutputPlan:
    """Maps (input, format) to a destination: None means stdout (no ``-o``, or ``-o -``).

    ``-o`` names one file when it has a suffix, is not an existing directory and does not end
    with ``/``; then there must be one input and one format. Otherwise it is a directory
    (created when needed) holding ``STEM.EXT`` for each input and format."""

    def __init__(self, inputs: list[Path], formats: list[OutputFormat], out: str | None) -> None:
        self.formats = formats
        out = None if out == STDOUT else out
        self.out = None if out is None else Path(out)
        self.single_file = out is not None and _names_one_file(out)
        self._several = len(inputs) > 1 or len(formats) > 1
        self._stems = _unique_stems(inputs, formats)

    def usage_problem(self) -> str | None:
        if self.out is None:
            binary = [fmt.name for fmt in self.formats if fmt.binary]
            if binary:
                return f"{', '.join(binary)} output is binary: give a file or directory with -o"
            if len(self.formats) > 1:
                names = ", ".join(fmt.name for fmt in self.formats)
                return f"{names} on stdout would run together: give a directory with -o"
        elif self.single_file and self._several:
            return (
                f"-o {self.out} is one file but there are several inputs or formats: "
                f"give a directory (an existing one, or a path ending with /)"
            )
        return None

    def destination(self, source: Path, fmt: OutputFormat) -> Path | None:
        if self.out is None:
            return None
        if self.single_file:
            return self.out
        return self.out / f"{self._stems[source]}{fmt.extension}"

    def destinations(self, inputs: list[Path], pages: str | None = None) -> list[Path]:
        """Every file the plan can write to, for the guards: each destination, and the page
        files already there of per-page formats (``NAME-pN.png`` of the ``pages`` read)."""
        found: list[Path] = []
        for fmt in self.formats:
            paths = [self.destination(source, fmt) for source in inputs]
            found += fmt.may_write((path for path in paths if path is not None), pages)
        return found

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


def format_for_suffix(output: str | None) -> str:
    """The ``--out`` a command means when it gives only ``-o``: the format whose extension is
    the file's suffix (``-o result.md`` is Markdown), JSON for a directory. ValueError for a
    file suffix no format writes."""
    if output is None or output.endswith(("/", os.sep)) or Path(output).is_dir():
        return "json"
    suffix = Path(output).suffix.lower()
    if not suffix:
        return "json"
    for fmt in FORMATS.values():
        if fmt.extension == suffix:
            return fmt.name
    known = ", ".join(sorted({fmt.extension for fmt in FORMATS.values()}))
    raise ValueError(
        f"-o {output}: no format writes {suffix} files ({known}); give the format with --out"
    )


def _unique_stems(inputs: list[Path], formats: list[OutputFormat]) -> dict[Path, str]:
    """Each input's file stem: inputs of different names whose outputs would share a file
    keep their suffix, as in ``batch`` (``a.png`` and ``a.pdf`` write ``a.png.txt`` and
    ``a.pdf.txt``; ``a.pdf``'s overlay page files and ``a-p1.png``'s, see
    :func:`docparse.batch.layout.output_bases`), and an input whose output still clashes
    with an earlier one's (``x.pdf`` of two folders) is numbered: ``x-2``. Numbering alone
    had given ``a.pdf`` the output ``a-2.txt`` beside an input ``a-2.png``."""
    names = sorted({Path(path.name) for path in inputs})
    bases = output_bases(names, formats)
    stems: dict[Path, str] = {}
    used = OutputNames(formats)
    for path in inputs:
        base = bases[Path(path.name)].name
        stem, n = base, 1
        while used.clashes(stem):
            n += 1
            stem = f"{base}-{n}"
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


def check_output_file(
    inputs: list[Path], output: Path | None, overwrite: bool, option: str = "-o"
) -> None:
    """Before any work: exit 2 with one line when the one output file ``option`` names is an
    input, a file already there (without ``overwrite``), an existing directory, or cannot be
    made (:func:`refuse_unwritable`)."""
    if output is None or str(output) == STDOUT:
        return
    refuse_overwriting_inputs(inputs, [output], option)
    refuse_existing([output], overwrite)
    if output.is_dir():
        console.error(f"{option} {output} is a directory: name a file")
        raise typer.Exit(2)
    refuse_unwritable([output.parent])


def refuse_unwritable(folders: Iterable[Path]) -> None:
    """Before any work: exit 2 with one line when a folder outputs go into cannot be made or
    written to (its nearest existing folder is a file, or read-only): hours of OCR would
    otherwise end in a failed write."""
    for wanted in folders:
        folder = wanted
        while not folder.exists() and folder != folder.parent:
            folder = folder.parent
        if not folder.is_dir() or not os.access(folder, os.W_OK | os.X_OK):
            console.error(f"cannot write into {wanted}: {folder} is not a writable folder")
            raise typer.Exit(2)


def write_text(text: str, output: Path | None) -> None:
    """``text`` into the file ``output`` (atomically, its folder made) or onto stdout; a
    file that cannot be written is one line and exit 1 (``-o -`` is stdout)."""
    if output is None or str(output) == STDOUT:
        sys.stdout.write(text)
        sys.stdout.flush()
        return
    try:
        write_text_atomic(output, text)
    except OSError as problem:
        console.error(f"{output}: cannot write it ({problem.strerror or problem})")
        raise typer.Exit(1) from None
