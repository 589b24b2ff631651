"""Expanding the command line's inputs (files, globs, directories) into files."""

from __future__ import annotations

import glob
from collections.abc import Iterable
from pathlib import Path

IMAGE_SUFFIXES = frozenset(
    {".png", ".jpg", ".jpeg", ".tif", ".tiff", ".webp", ".bmp", ".heic", ".heif"}
)
SUPPORTED_SUFFIXES = IMAGE_SUFFIXES | {".pdf"}


def expand_inputs(specs: Iterable[str | Path], exclude: Path | None = None) -> list[Path]:
    """Files named directly are kept as given (even if missing or of an unknown type, so
    that each gets its own clear error later); globs and directories contribute only the
    supported files they hold, recursively for directories, in sorted order, but for those
    under the folder ``exclude`` (the output folder)."""
    skip = exclude.resolve() if exclude is not None else None
    found: list[Path] = []
    for spec in specs:
        path = Path(spec)
        if path.is_dir():
            found.extend(_supported((p for p in path.rglob("*") if p.is_file()), skip))
        elif not path.exists() and glob.has_magic(str(spec)):
            paths = (Path(p) for p in glob.glob(str(spec), recursive=True))
            found.extend(_supported(paths, skip))
        else:
            found.append(path)
    unique: dict[Path, None] = {}
    for path in found:
        unique.setdefault(path, None)
    return list(unique)


def _supported(paths: Iterable[Path], skip: Path | None) -> list[Path]:
    return sorted(
        p
        for p in paths
        if p.suffix.lower() in SUPPORTED_SUFFIXES
        and p.is_file()
        and (skip is None or not p.resolve().is_relative_to(skip))
    )
