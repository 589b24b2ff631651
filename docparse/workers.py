"""Work spread over processes, results back in order: the pages of one file read on every
core (``docparse ocr --jobs``), like OCRmyPDF's ``-j``.

Processes come from a fork server (free of the parent's threads, e.g. onnxruntime's), each
set up once by ``initializer`` (an engine per process). At most ``WINDOW`` × ``jobs`` items
are in flight, so memory stays bounded however many pages a file has.
"""

from __future__ import annotations

import multiprocessing
import os
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from typing import Any, TypeVar

Item = TypeVar("Item")
Result = TypeVar("Result")

WINDOW = 2
"""Items in flight per process: one being worked on, one waiting."""


def default_jobs() -> int:
    """One process per core this process may use."""
    try:
        return len(os.sched_getaffinity(0)) or 1
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


def map_in_order(
    function: Callable[[Item], Result],
    items: Iterable[Item],
    jobs: int,
    initializer: Callable[..., None] | None = None,
    initargs: tuple[Any, ...] = (),
) -> Iterator[tuple[Item, Result | BaseException]]:
    """``(item, function(item))`` for each item, in the order of ``items``, computed in
    ``jobs`` processes; an item whose call raised comes with its exception instead."""
    context = multiprocessing.get_context("forkserver")
    context.set_forkserver_preload([function.__module__])  # imported once, before the forks
    with ProcessPoolExecutor(
        max_workers=jobs, mp_context=context, initializer=initializer, initargs=initargs
    ) as pool:
        pending: deque[tuple[Item, Future[Result]]] = deque()
        try:
            for item in items:
                pending.append((item, pool.submit(function, item)))
                if len(pending) >= WINDOW * jobs:
                    yield _outcome(*pending.popleft())
            while pending:
                yield _outcome(*pending.popleft())
        finally:
            for _, future in pending:
                future.cancel()


def _outcome(item: Item, future: Future[Result]) -> tuple[Item, Result | BaseException]:
    try:
        return item, future.result()
    except Exception as error:  # the worker's exception (or BrokenProcessPool), per item
        return item, error
