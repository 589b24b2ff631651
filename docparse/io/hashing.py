"""The sha256 of a file, read in 1 MiB pieces: what ``Document.sha256`` holds, and how
batch, evaluation and the Ray path recognise an input they have already read."""

from __future__ import annotations

import hashlib
from pathlib import Path


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for chunk in iter(lambda: handle.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()
