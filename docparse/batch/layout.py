"""Where a batch's outputs go: the input tree mirrored under the output folder
(``in/sub/a.pdf`` → ``out/sub/a.json``), and the cleaning of temporary files that an
interrupted write can leave."""

from __future__ import annotations

from pathlib import Path

from docparse.formats.registry import OutputFormat, OutputNames
from docparse.io.atomic import PARTIAL_GLOB


def output_bases(relatives: list[Path], formats: list[OutputFormat]) -> dict[Path, Path]:
    """Each input's output path without extension: its own path less its suffix, or with
    it (``a.pdf`` → ``a.pdf.json``) when that would write a file another input's output in
    the same folder writes: the same stem, or with a per-page format the stem of a page file
    (``a.pdf``'s overlay of page 1 is ``a-p1.png``, as is ``a-p1.png``'s)."""
    folders: dict[Path, OutputNames] = {}
    for relative in relatives:
        folders.setdefault(relative.parent, OutputNames(formats)).add(relative.stem)
    return {
        relative: relative
        if folders[relative.parent].clashes(relative.stem, added=True)
        else relative.with_suffix("")
        for relative in relatives
    }


def destination(out_dir: Path, base: Path, fmt: OutputFormat) -> Path:
    return out_dir / base.parent / f"{base.name}{fmt.extension}"


def remove_partials(out_dir: Path) -> None:
    """Deletes the temporary ``.NAME.partial`` files of atomic writes that a killed worker
    could not finish (see ``docparse.io.atomic``)."""
    if out_dir.is_dir():
        for leftover in out_dir.rglob(PARTIAL_GLOB):
            leftover.unlink(missing_ok=True)
