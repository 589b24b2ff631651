"""Keeping workers busy: one file at a time per worker, a worker replaced when it dies or
when a page of its file runs past ``page_timeout`` (the file then fails, the batch goes
on), and every worker stopped on the way out, however the run ends."""

from __future__ import annotations

import multiprocessing
import os
import threading
import time
from collections import deque
from collections.abc import Iterator
from dataclasses import dataclass
from multiprocessing.connection import Connection, wait
from multiprocessing.process import BaseProcess
from typing import Literal, Self

from docparse.batch.worker import Fatal, Progress, Ready, Result, Task, serve
from docparse.engines.registry import get_spec
from docparse.errors import DocparseError
from docparse.pipeline import ParseOptions

WorkerKind = Literal["process", "thread"]
STOP_GRACE_S = 2.0


class BatchAborted(DocparseError):
    """No worker can work (its engine does not load, or it dies on start)."""


@dataclass(frozen=True)
class WorkerPlan:
    kind: WorkerKind
    options: list[ParseOptions]
    """one entry per worker"""


def plan_workers(options: ParseOptions, engine: str, requested: int | None) -> WorkerPlan:
    """As the engine's spec declares (``parallelism``): "process", one process per core
    (or ``requested``); "thread", threads (``requested``, else 4), as the work is waiting
    for a server; "gpu", one process per CUDA device, each pinned to it (unless the engine's
    ``device`` option names one), else one process on the CPU."""
    pinned = options.model_copy(update={"engine": engine})
    parallelism = get_spec(engine).parallelism
    if parallelism == "thread":
        return WorkerPlan("thread", [pinned] * (requested or 4))
    if parallelism == "gpu":
        device = getattr(options.options_of(engine), "device", None)
        if device is None and (gpus := cuda_devices()):
            devices = [f"cuda:{index}" for index in range(gpus)][: requested or gpus]
            return WorkerPlan("process", [_on_device(pinned, engine, d) for d in devices])
        return WorkerPlan("process", [pinned] * (requested or 1))
    return WorkerPlan("process", [pinned] * (requested or os.cpu_count() or 1))


def _on_device(options: ParseOptions, engine: str, device: str) -> ParseOptions:
    own = {**options.engine_options.get(engine, {}), "device": device}
    return options.model_copy(update={"engine_options": {**options.engine_options, engine: own}})


def cuda_devices() -> int:
    import torch

    return torch.cuda.device_count()


class _Worker:
    """One worker and what it is doing."""

    def __init__(self, kind: WorkerKind, options: ParseOptions) -> None:
        self.kind = kind
        self.options = options
        self.ready = False
        self.task: Task | None = None
        self.deadline: float | None = None
        self.started = 0.0
        self.done = self.total = 0
        if kind == "process":
            # A fork server imports docparse once; each worker (and each replacement) is
            # forked from it in milliseconds, free of this process's threads and of CUDA.
            context = multiprocessing.get_context("forkserver")
            context.set_forkserver_preload([serve.__module__])
            self.conn, child = context.Pipe()
            self.handle: BaseProcess | threading.Thread = context.Process(
                target=serve, args=(child, options, True), daemon=True
            )
        else:
            self.conn, child = multiprocessing.Pipe()
            self.handle = threading.Thread(target=serve, args=(child, options, False), daemon=True)
        self.handle.start()
        if kind == "process":
            child.close()

    @property
    def idle(self) -> bool:
        return self.ready and self.task is None

    @property
    def waitables(self) -> list[Connection | int]:
        sentinel = getattr(self.handle, "sentinel", None)
        return [self.conn] if sentinel is None else [self.conn, sentinel]

    def assign(self, task: Task, page_timeout: float | None) -> None:
        self.conn.send(task)
        self.task, self.done, self.total = task, 0, 0
        self.started = time.monotonic()
        self._extend(page_timeout)

    def advance(self, progress: Progress, page_timeout: float | None) -> None:
        self.done, self.total = progress.done, progress.total
        self._extend(page_timeout)

    def _extend(self, page_timeout: float | None) -> None:
        self.deadline = None if page_timeout is None else time.monotonic() + page_timeout

    def messages(self) -> Iterator[Ready | Fatal | Progress | Result]:
        """What the worker has sent so far; EOFError once it is gone."""
        while self.conn.poll():
            yield self.conn.recv()

    def exit_code(self) -> int | None:
        return getattr(self.handle, "exitcode", None)

    def stop(self, now: bool) -> None:
        """Closes the connection (the worker's signal to end); a process that does not end
        by itself (``now``, or within the grace time) is terminated, then killed. A thread
        cannot be killed: it is left to finish on its own, its results unread."""
        self.conn.close()
        if isinstance(self.handle, BaseProcess):
            if not now:
                self.handle.join(STOP_GRACE_S)
            if self.handle.is_alive():
                self.handle.terminate()
                self.handle.join(STOP_GRACE_S)
            if self.handle.is_alive():
                self.handle.kill()
                self.handle.join()


class WorkerPool:
    """``with WorkerPool(plan, page_timeout) as pool: for event in pool.run(tasks): ...``;
    leaving the block (normally, on an error or on Ctrl-C) stops every worker."""

    def __init__(self, plan: WorkerPlan, page_timeout: float | None) -> None:
        self.plan = plan
        self.page_timeout = page_timeout
        self._workers: list[_Worker] = []

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc_info: object) -> None:
        interrupted = exc_info[0] is not None
        for worker in self._workers:
            worker.stop(now=interrupted or not worker.ready)
        self._workers = []

    def run(self, tasks: list[Task]) -> Iterator[Progress | Result]:
        """Progress for each page, and one Result per task (in the order they finish)."""
        pending = deque(tasks)
        self._workers = [
            _Worker(self.plan.kind, options) for options in self.plan.options[: len(tasks)]
        ]
        while pending or any(worker.task for worker in self._workers):
            for worker in self._workers:
                if worker.idle and pending:
                    worker.assign(pending.popleft(), self.page_timeout)
            wait([w for worker in self._workers for w in worker.waitables], self._wait_s())
            for worker in list(self._workers):
                replace, events = self._service(worker)
                yield from events
                if replace:
                    worker.stop(now=True)
                    self._workers.remove(worker)
                    if pending:
                        self._workers.append(_Worker(worker.kind, worker.options))

    def _wait_s(self) -> float | None:
        deadlines = [w.deadline for w in self._workers if w.task and w.deadline is not None]
        return max(0.0, min(deadlines) - time.monotonic()) if deadlines else None

    def _service(self, worker: _Worker) -> tuple[bool, list[Progress | Result]]:
        """The worker's events, and whether it must be replaced (gone, or past its page
        timeout); its file then fails with a Result saying why."""
        events: list[Progress | Result] = []
        try:
            for message in worker.messages():
                if isinstance(message, Fatal):
                    raise BatchAborted(message.message)
                if isinstance(message, Ready):
                    worker.ready = True
                elif isinstance(message, Progress):
                    worker.advance(message, self.page_timeout)
                    events.append(message)
                else:
                    worker.task = None
                    events.append(message)
        except (EOFError, OSError):
            gone = True
        else:
            gone = isinstance(worker.handle, BaseProcess) and not worker.handle.is_alive()
        if gone:
            if not worker.ready:
                raise BatchAborted(
                    f"a worker could not start (exit code {worker.exit_code()}); "
                    "try: docparse ocr on one file"
                )
            if worker.task is not None:
                events.append(self._failure(worker, self._died(worker)))
            return True, events
        late = worker.deadline is not None and time.monotonic() >= worker.deadline
        if worker.task is not None and late:
            events.append(self._failure(worker, self._too_slow(worker)))
            return True, events
        return False, events

    def _failure(self, worker: _Worker, error: str) -> Result:
        assert worker.task is not None
        seconds = round(time.monotonic() - worker.started, 3)
        result = Result(worker.task.id, "failed", error, pages=worker.done, seconds=seconds)
        worker.task = None
        return result

    def _died(self, worker: _Worker) -> str:
        code = worker.exit_code()
        how = "" if code is None else f" (exit code {code})"
        return f"the worker reading this file died{how}; a new one took its place"

    def _too_slow(self, worker: _Worker) -> str:
        page = f"page {worker.done + 1}" + (f" of {worker.total}" if worker.total else "")
        return (
            f"{page} took longer than {self.page_timeout:g} s (--page-timeout); "
            "its worker was stopped and a new one took its place"
        )
