"""``docparse ocr --jobs N``: the pages of one file read in N worker processes of the one
pool (:mod:`docparse.workers`), like OCRmyPDF's ``-j``, and handed on in page order.

Each worker loads and reads whole pages (rasterising included) with its own engine; at most
one page per worker is in flight, and a page that finishes early waits (without its image)
until the pages before it are handed on. A page that fails, or whose worker dies, is
reported in the document's warnings and the others go on.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from dataclasses import dataclass, field

from docparse.engines.registry import get_spec
from docparse.errors import EngineUnavailable
from docparse.model import Page
from docparse.pipeline import PageReader, Parser, Timer
from docparse.workers import PoolAborted, Progress, Report, WorkerPlan, WorkerPool


@dataclass(frozen=True)
class PageTask:
    path: str
    index: int


@dataclass(frozen=True)
class PageOutcome:
    index: int
    page: Page | None
    errors: list[str] = field(default_factory=list)
    seconds: dict[str, float] = field(default_factory=dict)


def default_jobs() -> int:
    """One process per core this process may use."""
    try:
        return len(os.sched_getaffinity(0)) or 1
    except AttributeError:  # not Linux
        return os.cpu_count() or 1


def read_page(parser: Parser, task: PageTask, report: Report) -> PageOutcome:
    """The pool's job: one page, read by the worker's parser."""
    page, errors, seconds = parser.read_page(task.path, task.index)
    report(1, 1)
    return PageOutcome(task.index, page, errors, seconds)


def lost_page(task: PageTask, error: str, done: int, seconds: float) -> PageOutcome:
    return PageOutcome(task.index, None, [f"page {task.index + 1}: {error}"])


def page_reader(parser: Parser, jobs: int) -> PageReader | None:
    """Reads a file's pages in ``jobs`` processes; None (the parser reads them itself) for
    one job or an engine that does not read pages in processes (a VLM, a server)."""
    if jobs < 2 or get_spec(parser.engine_name).parallelism != "process":
        return None
    options = parser.options.model_copy(update={"engine": parser.engine_name})

    def read_pages(
        path: str, indices: list[int], timer: Timer, page_errors: list[str]
    ) -> Iterator[Page]:
        if len(indices) < 2:  # not worth starting a worker
            outcomes: Iterator[PageOutcome] = (
                PageOutcome(i, *parser.read_page(path, i)) for i in indices
            )
        else:
            plan = WorkerPlan("process", [options] * min(jobs, len(indices)))
            outcomes = _in_order(plan, [PageTask(path, index) for index in indices])
        for outcome in outcomes:
            timer.add(outcome.seconds)
            page_errors.extend(outcome.errors)
            if outcome.page is not None:
                yield outcome.page

    return read_pages


def _in_order(plan: WorkerPlan, tasks: list[PageTask]) -> Iterator[PageOutcome]:
    waiting: dict[int, PageOutcome] = {}
    order = iter(task.index for task in tasks)
    expected = next(order, None)
    try:
        with WorkerPool(plan, read_page, lost_page) as pool:
            for event in pool.run(tasks):
                if isinstance(event, Progress):
                    continue
                waiting[event.index] = event
                while expected is not None and expected in waiting:
                    yield waiting.pop(expected)
                    expected = next(order, None)
    except PoolAborted as error:  # no worker could load the engine
        raise EngineUnavailable(str(error)) from None
