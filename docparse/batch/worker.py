"""A batch's job for the worker pool (``docparse.workers``): one file into its outputs,
ending with one Result; and the Result of a file whose worker was lost."""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from pathlib import Path

from docparse.batch.manifest import Status, portable
from docparse.errors import DocparseError, internal_failure
from docparse.formats.registry import FORMATS
from docparse.pipeline import Parser
from docparse.workers import Report

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
class Result:
    task: int
    status: Status
    error: str | None = None
    pages: int = 0
    seconds: float = 0.0
    sha256: str | None = None
    warnings: list[str] = field(default_factory=list)
    written: list[Path] = field(default_factory=list)
    """the files written (a per-page format's one per page)"""


def convert(parser: Parser, task: Task, report: Report) -> Result:
    """Reads ``task.path`` and writes its outputs atomically; any problem becomes a failed
    Result with a one-line error, never an exception."""
    start = time.perf_counter()
    sha256 = None

    def outcome(
        status: Status,
        error: str | None = None,
        pages: int = 0,
        warnings: list[str] | None = None,
        written: list[Path] | None = None,
    ) -> Result:
        return Result(
            task.id,
            status,
            None if error is None else " ".join(error.split()),
            pages=pages,
            seconds=round(time.perf_counter() - start, 3),
            sha256=sha256,
            warnings=warnings or [],
            written=written or [],
        )

    try:
        document = parser.header(task.path)
        sha256 = document.sha256
        if sha256 == task.known_sha256:
            return outcome("skipped", SAME_AS_BEFORE)
        document.pages.extend(parser.stream(document, report))
        document.source = portable(str(task.path))
        written = [
            path
            for name, target in task.outputs.items()
            for path in FORMATS[name].write(document, target)
        ]
    except DocparseError as error:
        return outcome("failed", str(error))
    except OSError as error:
        return outcome("failed", f"cannot read or write a file: {error}")
    except Exception as error:  # a bug must cost one file, not the run
        return outcome("failed", internal_failure(error))
    warnings = document.warnings + [
        warning for page in document.pages for warning in page.numbered_warnings()
    ]
    return outcome("ok", pages=len(document.pages), warnings=warnings, written=written)


def lost(task: Task, error: str, pages: int, seconds: float) -> Result:
    """The Result of a file whose worker died or ran past the page timeout."""
    return Result(task.id, "failed", error, pages=pages, seconds=seconds)
