"""A batch worker: builds its Parser (and engine) once, then turns each file it is sent
into its outputs, reporting every page and ending each file with one Result. The same loop
runs in a process (CPU engines, one GPU each) or a thread (an HTTP engine)."""

from __future__ import annotations

import signal
import time
from dataclasses import dataclass, field
from multiprocessing.connection import Connection
from pathlib import Path

from docparse.batch.manifest import Status, portable
from docparse.cli.outputs import write_atomic
from docparse.engines.registry import create_engine
from docparse.errors import DocparseError
from docparse.formats.registry import FORMATS
from docparse.pipeline import ParseOptions, Parser

SAME_AS_BEFORE = "unchanged since an earlier run with the same options: outputs kept"


@dataclass(frozen=True)
class Task:
    id: int
    path: Path
    outputs: dict[str, Path]
    """format name → file to write"""
    known_sha256: str | None = None
    """the sha256 an earlier run finished this input with: the same content is skipped"""


@dataclass(frozen=True)
class Ready:
    """The worker's engine is loaded: it takes files now."""


@dataclass(frozen=True)
class Fatal:
    """The worker cannot work at all (its engine failed to load)."""

    message: str


@dataclass(frozen=True)
class Progress:
    task: int
    done: int
    total: int


@dataclass(frozen=True)
class Result:
    task: int
    status: Status
    error: str | None = None
    pages: int = 0
    seconds: float = 0.0
    sha256: str | None = None
    warnings: list[str] = field(default_factory=list)


def serve(conn: Connection, options: ParseOptions, own_process: bool) -> None:
    """The worker's loop: files from ``conn`` until it closes, events back on it."""
    if own_process:
        signal.signal(signal.SIGINT, signal.SIG_IGN)  # the supervisor decides when to stop
    with conn:
        try:
            try:
                engine = create_engine(options.engine, options.engine_options)
            except DocparseError as error:
                conn.send(Fatal(str(error)))
                return
            parser = Parser(options, engine=engine)
            conn.send(Ready())
            try:
                while True:
                    task: Task = conn.recv()
                    conn.send(convert(parser, task, conn))
            finally:
                engine.close()
        except (EOFError, OSError):
            return  # the supervisor closed the connection: stop


def convert(parser: Parser, task: Task, conn: Connection) -> Result:
    """Reads ``task.path`` and writes its outputs atomically; any problem becomes a failed
    Result with a one-line error, never an exception."""
    start = time.perf_counter()
    sha256 = None

    def outcome(
        status: Status, error: str | None = None, pages: int = 0, warnings: list[str] | None = None
    ) -> Result:
        return Result(
            task.id,
            status,
            None if error is None else " ".join(error.split()),
            pages=pages,
            seconds=round(time.perf_counter() - start, 3),
            sha256=sha256,
            warnings=warnings or [],
        )

    try:
        document = parser.header(task.path)
        sha256 = document.sha256
        if sha256 == task.known_sha256:
            return outcome("skipped", SAME_AS_BEFORE)
        document.pages.extend(
            parser.stream(document, lambda done, total: conn.send(Progress(task.id, done, total)))
        )
        document.source = portable(str(task.path))
        for name, target in task.outputs.items():
            write_atomic(document, FORMATS[name], target)
    except DocparseError as error:
        return outcome("failed", str(error))
    except OSError as error:
        return outcome("failed", f"cannot read or write a file: {error}")
    except Exception as error:  # a bug must cost one file, not the run
        return outcome("failed", f"unexpected {type(error).__name__}: {error}")
    warnings = document.warnings + [
        f"page {page.number}: {warning}" for page in document.pages for warning in page.warnings
    ]
    return outcome("ok", pages=len(document.pages), warnings=warnings)
