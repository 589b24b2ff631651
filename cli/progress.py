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
    """The part of ``rich.progress.Progress`` the commands use, as plain lines: one when the
    count, or a number among the task's fields (e.g. ``pages``), has grown by ``every``
    since the last line, and one at the end (``DESCRIPTION: UNIT 10/40, 52 pages``)."""

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

    def add_task(self, description: str, total: int | None = None, **fields: Any) -> int:
        task = len(self._tasks)
        state = {"description": description, "total": total, "completed": 0, "fields": fields}
        self._tasks[task] = {**state, "shown": self._counts(0, fields)}
        return task

    def update(
        self,
        task: int,
        completed: int | None = None,
        total: int | None = None,
        advance: int | None = None,
        **fields: Any,
    ) -> None:
        state = self._tasks[task]
        if total is not None:
            state["total"] = total
        if completed is not None:
            state["completed"] = completed
        if advance is not None:
            state["completed"] += advance
        state["fields"].update(fields)
        counts = self._counts(state["completed"], state["fields"])
        grown = any(now - state["shown"].get(k, 0) >= self.every for k, now in counts.items())
        last = state["total"] is not None and state["completed"] >= state["total"]
        if self.disable or counts == state["shown"] or not (grown or last):
            return
        state["shown"] = counts
        console.stderr.out(self._line(state), highlight=False)

    def advance(self, task: int, advance: int = 1) -> None:
        self.update(task, advance=advance)

    def remove_task(self, task: int) -> None:
        self._tasks.pop(task, None)

    def _line(self, state: dict[str, Any]) -> str:
        of = f"/{state['total']}" if state["total"] is not None else ""
        numbers = [f"{value} {name}" for name, value in state["fields"].items()]
        count = f"{state['description']}: {self.unit} {state['completed']}{of}"
        return ", ".join([count, *numbers])

    @staticmethod
    def _counts(completed: int, fields: dict[str, Any]) -> dict[str, int]:
        numbers = {k: v for k, v in fields.items() if type(v) is int}
        return {"": completed, **numbers}


def bar(*columns: ProgressColumn, quiet: bool) -> Progress:
    """A rich progress bar on stderr that disappears when done."""
    return Progress(*columns, console=console.stderr, disable=quiet, transient=True)


def progress(unit: str, *columns: ProgressColumn, quiet: bool) -> Progress | PlainProgress:
    """Progress of a long run: a rich bar of ``columns`` on a terminal; plain lines every few
    ``unit``s (or pages) when stderr is a file or a pipe. The one helper of ``ocr``, ``batch``
    and ``eval``."""
    if not console.stderr.is_terminal:
        return PlainProgress(unit, disable=quiet)
    return bar(*columns, quiet=quiet)


def page_progress(quiet: bool) -> Progress | PlainProgress:
    return progress(
        "page",
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TextColumn("pages"),
        TimeRemainingColumn(),
        quiet=quiet,
    )
