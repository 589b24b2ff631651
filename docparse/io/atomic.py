"""The one atomic write: a file appears complete or not at all, never half-written.

Everything docparse writes to a named file goes through :func:`replaced_atomically`: the
content is written to ``.NAME.partial`` beside the target, then renamed over it
(``os.replace`` is atomic on one filesystem). An error or an interrupt leaves no partial
file; a killed process can leave a ``.NAME.partial``, which ``docparse batch`` cleans up.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TextIO

PARTIAL_GLOB = ".*.partial"
"""What the temporary files look like, for whoever cleans up after a killed writer."""


@contextmanager
def replaced_atomically(path: Path) -> Iterator[Path]:
    """A temporary path beside ``path`` that becomes ``path`` only if the block completes;
    an error or interrupt leaves no partial file behind."""
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_name(f".{path.name}.partial")
    try:
        yield temporary
        os.replace(temporary, path)
    finally:
        temporary.unlink(missing_ok=True)


@contextmanager
def open_text_atomic(path: Path) -> Iterator[TextIO]:
    """A UTF-8 text handle (``\\n`` line ends) whose file becomes ``path`` when the block
    completes."""
    with (
        replaced_atomically(path) as temporary,
        temporary.open("w", encoding="utf-8", newline="\n") as handle,
    ):
        yield handle


def write_text_atomic(path: Path, text: str) -> None:
    """Writes ``text`` (UTF-8, ``\\n`` line ends) to ``path`` atomically."""
    with open_text_atomic(path) as handle:
        handle.write(text)
