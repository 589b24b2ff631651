"""Where a batch's outputs go: the input tree mirrored under the output folder
(``in/sub/a.pdf`` → ``out/sub/a.json``), and the cleaning of temporary files that an
interrupted write can leave."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

from docparse.formats.registry import OutputFormat
from docparse.io.atomic import PARTIAL_GLOB


def output_bases(relatives: list[Path]) -> dict[Path, Path]:
    """Each input's output path without extension: its own path less its suffix, or with
    it (``a.pdf`` → ``a.pdf.json``) when another input in the same folder has that stem."""
    stems = Counter(relative.with_suffix("") for relative in relatives)
    return {
        relative: relative if stems[relative.with_suffix("")] > 1 else relative.with_suffix("")
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
