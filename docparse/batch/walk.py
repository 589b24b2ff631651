"""Finding a batch's inputs: every file under a folder, supported or not, in a stable order."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from docparse.io.paths import SUPPORTED_SUFFIXES


@dataclass(frozen=True)
class Found:
    """A file under the input folder: ``relative`` to it, as the OS spells it (a name that
    is not UTF-8 holds surrogate escapes, see ``manifest.portable``)."""

    root: Path
    relative: Path

    @property
    def path(self) -> Path:
        return self.root / self.relative

    @property
    def supported(self) -> bool:
        return self.relative.suffix.lower() in SUPPORTED_SUFFIXES


def walk(root: Path, exclude: Path | None = None) -> list[Found]:
    """The files under ``root`` (symbolic links to files included, linked folders not
    followed), sorted by path, leaving out the folder ``exclude`` (the output folder)."""
    skip = exclude.resolve() if exclude is not None else None
    found: list[Found] = []
    for folder, subfolders, files in os.walk(root):
        here = Path(folder)
        subfolders[:] = sorted(d for d in subfolders if (here / d).resolve() != skip)
        found.extend(Found(root, (here / name).relative_to(root)) for name in files)
    return sorted(found, key=lambda item: item.relative.parts)
