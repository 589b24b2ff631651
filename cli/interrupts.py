"""SIGTERM (``kill``, ``timeout``, a scheduler cancelling a job) stops a command as Ctrl-C
does: the interrupt unwinds it, so its temporary ``.NAME.partial`` files are removed and a
batch's manifest stays whole. Left to its default, SIGTERM ended the process where it stood
and left the partial files of ``ocr``'s page-by-page outputs behind."""

from __future__ import annotations

import signal
from collections.abc import Iterator
from contextlib import contextmanager
from types import FrameType


@contextmanager
def sigterm_as_interrupt() -> Iterator[None]:
    def interrupt(signum: int, frame: FrameType | None) -> None:
        raise KeyboardInterrupt

    previous = signal.signal(signal.SIGTERM, interrupt)
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous)
