"""``docparse ocr --jobs N``: the pages of one file read in N worker processes of the one
pool (:mod:`docparse.workers`), like OCRmyPDF's ``-j``, and handed on in page order.

Each worker loads and reads whole pages (rasterising included) with its own engine; at most
one page per worker is in flight, and a page that finishes early waits (without its image)
until the pages before it are handed on. A page that fails, or whose worker dies, is
reported in the document's warnings and the others go on.

Pages start in page order, except the last ``TAIL × N``, which start largest first
(:func:`tail_first`): a core sits idle once no page is left to start, for as long as the
last page started takes, so that page should be a small one.
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


TAIL = 3
"""The pages started largest first at the end of a file, per worker. With the page costs
of :func:`page_weights`' example, two workers would finish in 27.3 s in page order, 25.5 s
with 2 per worker, 25.4 with 3, 26.1 with every page largest first (the work is 50.6 s:
25.3 s at best); a longer tail holds more finished pages back from the streamed outputs."""


def page_weights(path: str, indices: list[int], password: str | None) -> list[int] | None:
    """What each page of a PDF holds to be read, as the bytes of its drawing: its content
    streams and the images it shows, compressed (a page of dense text is a larger JPEG
    than a sparse one, and costs more to read. The 11 Korean pages of
    benchmarks/ocrmypdf_compare.py, read two at a time by ``docparse ocr --jobs 2``:
    1.9-2.7 s of CPU for the four pages under 300 kB, 3.9-4.2 s at 390-450 kB, 5.5-7.2 s
    for the five above 650 kB). None for other files, or when the PDF cannot be read here."""
    from docparse.io.pymupdf_import import pymupdf

    try:
        with pymupdf.open(path) as pdf:
            if not pdf.is_pdf or (pdf.needs_pass and not pdf.authenticate(password or "")):
                return None
            weights = []
            for index in indices:
                page = pdf[index]
                streams = {*page.get_contents(), *(image[0] for image in page.get_images())}
                weights.append(sum(len(pdf.xref_stream_raw(xref) or b"") for xref in streams))
            return weights
    except Exception:  # only an order: the pages are read (and fail) in the workers anyway
        return None


def tail_first(path: str, indices: list[int], workers: int, password: str | None) -> list[int]:
    """The order to start pages in: ``indices`` as given, but the last ``TAIL × workers`` by
    decreasing weight (:func:`page_weights`, ties in page order) where it can be known. Only
    those pages are weighed: a long file's other pages are not read twice."""
    cut = max(0, len(indices) - TAIL * workers)
    tail = indices[cut:]
    weights = page_weights(path, tail, password)
    if weights is None:
        return list(indices)
    return indices[:cut] + [tail[k] for k in sorted(range(len(tail)), key=lambda k: -weights[k])]


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
            workers = min(jobs, len(indices))
            plan = WorkerPlan("process", [options] * workers)
            started = tail_first(path, indices, workers, parser.options.password)
            outcomes = _in_order(plan, [PageTask(path, index) for index in started], indices)
        for outcome in outcomes:
            timer.add(outcome.seconds)
            page_errors.extend(outcome.errors)
            if outcome.page is not None:
                yield outcome.page

    return read_pages


def _in_order(plan: WorkerPlan, tasks: list[PageTask], indices: list[int]) -> Iterator[PageOutcome]:
    """The outcomes of ``tasks`` (started in their order), handed on in ``indices``' order."""
    waiting: dict[int, PageOutcome] = {}
    order = iter(indices)
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
