"""Progress on stderr: a rich bar on a terminal; plain lines every few pages otherwise (a log
file or a CI job gets ``NAME: page 10/40`` lines instead of nothing or escape codes)."""

from __future__ import annotations

from types import TracebackType
from typing import Any

from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    ProgressColumn,
    TextColumn,
    TimeRemainingColumn,
)

from docparse.cli import console

PLAIN_EVERY = 5  # pages between two plain progress lines


class PlainProgress:
    """The part of ``rich.progress.Progress`` the commands use, as plain lines."""

    def __init__(self, unit: str, disable: bool, every: int = PLAIN_EVERY) -> None:
        self.unit, self.disable, self.every = unit, disable, every
        self._tasks: dict[int, dict[str, Any]] = {}

    def __enter__(self) -> PlainProgress:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        value: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        return None

    def add_task(self, description: str, total: int | None = None) -> int:
        task = len(self._tasks)
        self._tasks[task] = {"description": description, "total": total, "shown": 0}
        return task

    def update(self, task: int, completed: int, total: int | None = None) -> None:
        state = self._tasks[task]
        if total is not None:
            state["total"] = total
        last = state["total"] is not None and completed >= state["total"]
        if self.disable or not (completed - state["shown"] >= self.every or last):
            return
        state["shown"] = completed
        of = f"/{state['total']}" if state["total"] is not None else ""
        console.stderr.out(f"{state['description']}: {self.unit} {completed}{of}", highlight=False)

    def remove_task(self, task: int) -> None:
        self._tasks.pop(task, None)


def bar(*columns: ProgressColumn, quiet: bool) -> Progress:
    """A rich progress bar on stderr that disappears when done."""
    return Progress(*columns, console=console.stderr, disable=quiet, transient=True)


def page_progress(quiet: bool) -> Progress | PlainProgress:
    if not console.stderr.is_terminal:
        return PlainProgress("page", disable=quiet)
    return bar(
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TextColumn("pages"),
        TimeRemainingColumn(),
        quiet=quiet,
    )
