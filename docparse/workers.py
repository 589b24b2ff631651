"""The one worker pool, for ``docparse batch`` and ``docparse eval``: each worker builds
its Parser (and engine) once, then runs a job on each task it is sent, one at a time,
reporting every page. A worker is replaced when it dies or when a page runs past
``page_timeout`` (that task is then lost, the run goes on), and every worker is stopped on
the way out, however the run ends. Workers are processes (CPU engines, one per GPU),
threads (an HTTP engine, whose work is waiting for the server) or Ray actors
(``docparse batch --ray``: the same pool, each worker an actor on the Ray cluster driven by
a local thread; inputs and outputs must then be on a filesystem every node sees), or
processes forked from this one with no engine (``"fork"``: work on what this process has
already read, such as scoring an evaluation's pages).

A job is a module-level function ``job(parser, task, report) -> result``, where
``report(done, total)`` tells the pages done; it turns every problem of its task into a
result (a failed file). Only ``EngineUnavailable`` may escape it: the engine cannot run,
so the pool stops (``PoolAborted``). A worker without options (``None`` in the plan) builds
no engine: its job is given ``None`` for the parser."""

from __future__ import annotations

import multiprocessing
import os
import queue
import signal
import threading
import time
from collections import deque
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from multiprocessing.connection import Connection, wait
from multiprocessing.process import BaseProcess
from typing import TYPE_CHECKING, Any, Generic, Literal, Self, TypeVar

from docparse.errors import DocparseError, EngineUnavailable

if TYPE_CHECKING:
    from ray.actor import ActorHandle

    from docparse.pipeline import ParseOptions, Parser

WorkerKind = Literal["process", "thread", "ray", "fork"]
STOP_GRACE_S = 2.0
T = TypeVar("T")
R = TypeVar("R")
Report = Callable[[int, int], None]
Job = Callable[["Parser", T, Report], R]
"""``job(parser, task, report) -> result``: one task's work, ``report(done, total)`` after
each page; a module-level function, so that a worker process can be given it."""
Lost = Callable[[T, str, int, float], R]
"""``lost(task, error, pages_done, seconds) -> result`` for a task whose worker died or
ran past the page timeout."""


class PoolAborted(DocparseError):
    """No worker can work (its engine does not load, or it dies on start)."""


@dataclass(frozen=True)
class Ready:
    """The worker's engine is loaded: it takes tasks now."""


@dataclass(frozen=True)
class Fatal:
    """The worker cannot work at all (its engine failed to load)."""

    message: str


@dataclass(frozen=True)
class Progress:
    task: int
    """the task's index in the list given to ``WorkerPool.run``"""
    done: int
    total: int


@dataclass(frozen=True)
class Done:
    task: int
    result: Any


def serve(
    conn: Connection, options: ParseOptions | None, job: Job[Any, Any], own_process: bool
) -> None:
    """The worker's loop: ``(index, task)`` pairs from ``conn`` until it closes, events
    back on it; with no ``options``, no engine is built (the job's parser is None)."""
    if own_process:
        signal.signal(signal.SIGINT, signal.SIG_IGN)  # the supervisor decides when to stop
        signal.signal(signal.SIGTERM, signal.SIG_DFL)  # and terminates: not the CLI's handler
    with conn:
        try:
            if options is None:
                conn.send(Ready())
                _serve_tasks(conn, None, job)
                return
            from docparse.engines.registry import create_engine  # the pipeline: engines only
            from docparse.pipeline import Parser

            try:
                engine = create_engine(options.engine, options.engine_options)
            except DocparseError as error:
                conn.send(Fatal(str(error)))
                return
            parser = Parser(options, engine=engine)
            conn.send(Ready())
            try:
                _serve_tasks(conn, parser, job)
            finally:
                engine.close()
        except (EOFError, OSError):
            return  # the supervisor closed the connection: stop


_SUPERVISOR_ENDS: list[Connection] = []
"""This process's ends of its forked workers' pipes. A fork inherits a copy of each and
closes them first: a worker sees its pipe close (its signal to stop) only once no process
holds the other end open."""


def _serve_forked(conn: Connection, job: Job[Any, Any]) -> None:
    for end in _SUPERVISOR_ENDS:
        end.close()
    serve(conn, None, job, True)


def _serve_tasks(conn: Connection, parser: Parser | None, job: Job[Any, Any]) -> None:
    """Runs the tasks that come on ``conn`` until it closes (EOFError) or the engine fails."""
    while True:
        index, task = conn.recv()

        def report(done: int, total: int, index: int = index) -> None:
            conn.send(Progress(index, done, total))

        try:
            result = job(parser, task, report)
        except EngineUnavailable as error:  # it will not run for the next task either
            conn.send(Fatal(str(error)))
            return
        conn.send(Done(index, result))


@dataclass(frozen=True)
class WorkerPlan:
    kind: WorkerKind
    options: list[ParseOptions | None]
    """one entry per worker (None: a worker without engine)"""
    gpus: float = 0.0
    """with ``kind="ray"``: the GPUs Ray reserves for each worker"""


def on_ray(options: ParseOptions, engine: str, workers: int, gpus: float) -> WorkerPlan:
    """``workers`` Ray actors, each with ``gpus`` GPUs (Ray chooses the devices)."""
    return WorkerPlan("ray", [options.model_copy(update={"engine": engine})] * workers, gpus)


def plan_workers(options: ParseOptions, engine: str, requested: int | None) -> WorkerPlan:
    """As the engine's spec declares (``parallelism``): "process", one process per core
    (or ``requested``); "thread", threads (``requested``, else 4), as the work is waiting
    for a server; "gpu", one process per CUDA device, each pinned to it (unless the engine's
    ``device`` option names one), else one process on the CPU."""
    from docparse.engines.registry import get_spec

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


def forked(workers: int) -> WorkerPlan:
    """``workers`` processes forked from this one, without engine: they start in
    milliseconds with everything this process has imported and read (for CPU work on data
    already loaded; fork only where this process runs no threads and holds no engine)."""
    return WorkerPlan("fork", [None] * workers)


def _on_device(options: ParseOptions, engine: str, device: str) -> ParseOptions:
    own = {**options.engine_options.get(engine, {}), "device": device}
    return options.model_copy(update={"engine_options": {**options.engine_options, engine: own}})


def cuda_devices() -> int:
    import torch

    return torch.cuda.device_count()


class RayWorker:
    """A worker inside a Ray actor: its Parser (and engine) built once, then a job run per
    task, its page reports and result streamed back (see :func:`_serve_on_ray`)."""

    def __init__(self, options: ParseOptions, job: Job[Any, Any]) -> None:
        from docparse.engines.registry import create_engine
        from docparse.pipeline import Parser

        self.job = job
        self.fatal: str | None = None
        try:
            self.engine = create_engine(options.engine, options.engine_options)
        except DocparseError as error:
            self.fatal = str(error)
            return
        self.parser = Parser(options, engine=self.engine)

    def ready(self) -> str | None:
        """None once the engine is loaded, else why it cannot be."""
        return self.fatal

    def run(self, task: object) -> Iterator[Progress | Done | Fatal | None]:
        """Progress for each page, then Done, Fatal (the engine cannot run) or None (the job
        raised: this worker is lost, as a process worker would be)."""
        events: queue.SimpleQueue[Progress | Done | Fatal | None] = queue.SimpleQueue()

        def work() -> None:
            try:
                report: Report = lambda done, total: events.put(Progress(-1, done, total))  # noqa: E731
                events.put(Done(-1, self.job(self.parser, task, report)))
            except EngineUnavailable as error:
                events.put(Fatal(str(error)))
            except BaseException:
                events.put(None)

        threading.Thread(target=work, daemon=True).start()
        while True:
            event = events.get()
            yield event
            if not isinstance(event, Progress):
                return


def _ray_actor(options: ParseOptions, job: Job[Any, Any], gpus: float) -> ActorHandle:
    import ray  # the ``ray`` extra, only for --ray

    return ray.remote(RayWorker).options(num_gpus=gpus).remote(options, job)  # type: ignore[no-any-return]


def _serve_on_ray(conn: Connection, actor: ActorHandle) -> None:
    """The local end of a Ray worker: what ``serve`` does in a process, with the work done
    by ``actor``; returns (closing ``conn``: the worker is gone) when the actor dies."""
    import ray

    with conn:
        try:
            fatal = ray.get(actor.ready.remote())
            if fatal is not None:
                conn.send(Fatal(fatal))
                return
            conn.send(Ready())
            while True:
                index, task = conn.recv()
                for ref in actor.run.options(num_returns="streaming").remote(task):
                    event = ray.get(ref)
                    if event is None:
                        return
                    if isinstance(event, Progress):
                        conn.send(Progress(index, event.done, event.total))
                    elif isinstance(event, Done):
                        conn.send(Done(index, event.result))
                    else:
                        conn.send(event)
                        return
        except (EOFError, OSError, ray.exceptions.RayError):
            return


class _Worker:
    """One worker and what it is doing."""

    def __init__(
        self,
        kind: WorkerKind,
        options: ParseOptions | None,
        job: Job[Any, Any],
        gpus: float = 0.0,
    ) -> None:
        self.kind = kind
        self.options = options
        self.job = job
        self.gpus = gpus
        self.actor: ActorHandle | None = None
        self.ready = False
        self.task: int | None = None
        self.deadline: float | None = None
        self.started = 0.0
        self.done = self.total = 0
        if kind == "process":
            # A fork server imports docparse once; each worker (and each replacement) is
            # forked from it in milliseconds, free of this process's threads and of CUDA.
            context = multiprocessing.get_context("forkserver")
            context.set_forkserver_preload([serve.__module__, "docparse.pipeline"])
            self.conn, child = context.Pipe()
            self.handle: BaseProcess | threading.Thread = context.Process(
                target=serve, args=(child, options, job, True), daemon=True
            )
        elif kind == "fork":
            # This process's copy: no import, no engine (its job is given no parser).
            context = multiprocessing.get_context("fork")
            self.conn, child = context.Pipe()
            _SUPERVISOR_ENDS.append(self.conn)
            self.handle = context.Process(target=_serve_forked, args=(child, job), daemon=True)
        elif kind == "ray":
            assert options is not None  # a Ray actor runs an engine
            self.conn, child = multiprocessing.Pipe()
            self.actor = _ray_actor(options, job, gpus)
            self.handle = threading.Thread(
                target=_serve_on_ray, args=(child, self.actor), daemon=True
            )
        else:
            self.conn, child = multiprocessing.Pipe()
            self.handle = threading.Thread(
                target=serve, args=(child, options, job, False), daemon=True
            )
        self.handle.start()
        if kind in ("process", "fork"):
            child.close()

    @property
    def idle(self) -> bool:
        return self.ready and self.task is None

    @property
    def waitables(self) -> list[Connection | int]:
        sentinel = getattr(self.handle, "sentinel", None)
        return [self.conn] if sentinel is None else [self.conn, sentinel]

    def assign(self, index: int, task: object, page_timeout: float | None) -> None:
        self.conn.send((index, task))
        self.task, self.done, self.total = index, 0, 0
        self.started = time.monotonic()
        self._extend(page_timeout)

    def advance(self, progress: Progress, page_timeout: float | None) -> None:
        self.done, self.total = progress.done, progress.total
        self._extend(page_timeout)

    def _extend(self, page_timeout: float | None) -> None:
        self.deadline = None if page_timeout is None else time.monotonic() + page_timeout

    def messages(self) -> Iterator[Ready | Fatal | Progress | Done]:
        """What the worker has sent so far; EOFError once it is gone."""
        while self.conn.poll():
            yield self.conn.recv()

    def exit_code(self) -> int | None:
        return getattr(self.handle, "exitcode", None)

    def close(self) -> None:
        """Closes the connection: the worker's signal to end."""
        self.conn.close()
        if self.conn in _SUPERVISOR_ENDS:
            _SUPERVISOR_ENDS.remove(self.conn)

    def stop(self, now: bool) -> None:
        """Closes the connection (:meth:`close`); a process that does not end by itself
        (``now``, or within the grace time) is terminated, then killed; a Ray actor is
        killed. A thread cannot be killed: it is left to finish on its own, its results
        unread."""
        self.close()
        if self.actor is not None:
            import ray

            ray.kill(self.actor)
        if isinstance(self.handle, BaseProcess):
            if not now:
                self.handle.join(STOP_GRACE_S)
            if self.handle.is_alive():
                self.handle.terminate()
                self.handle.join(STOP_GRACE_S)
            if self.handle.is_alive():
                self.handle.kill()
                self.handle.join()


class WorkerPool(Generic[T, R]):
    """``with WorkerPool(plan, job, lost, page_timeout) as pool: for event in
    pool.run(tasks): ...``; leaving the block (normally, on an error or on Ctrl-C) stops
    every worker."""

    def __init__(
        self,
        plan: WorkerPlan,
        job: Job[T, R],
        lost: Lost[T, R],
        page_timeout: float | None = None,
    ) -> None:
        self.plan = plan
        self.job = job
        self.lost = lost
        self.page_timeout = page_timeout
        self._workers: list[_Worker] = []
        self._tasks: list[T] = []

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc_info: object) -> None:
        interrupted = exc_info[0] is not None
        for worker in self._workers:  # all told first: they end at once, not one by one
            worker.close()
        for worker in self._workers:
            worker.stop(now=interrupted or not worker.ready)
        self._workers = []

    def run(
        self, tasks: list[T], started: Callable[[], None] | None = None
    ) -> Iterator[Progress | R]:
        """Progress for each page, and one result per task (in the order they finish);
        ``started()`` is called once the workers are started, before any result is awaited
        (to start this process's own work meanwhile, such as a thread, which must not exist
        while "fork" workers are forked)."""
        self._tasks = list(tasks)
        pending = deque(range(len(tasks)))
        self._workers = [
            _Worker(self.plan.kind, options, self.job, self.plan.gpus)
            for options in self.plan.options[: len(tasks)]
        ]
        if started is not None:
            started()
        while pending or any(worker.task is not None for worker in self._workers):
            for worker in self._workers:
                if worker.idle and pending:
                    index = pending.popleft()
                    worker.assign(index, self._tasks[index], self.page_timeout)
            wait([w for worker in self._workers for w in worker.waitables], self._wait_s())
            for worker in list(self._workers):
                replace, events = self._service(worker)
                yield from events
                if replace:
                    worker.stop(now=True)
                    self._workers.remove(worker)
                    if pending:
                        self._workers.append(
                            _Worker(worker.kind, worker.options, self.job, worker.gpus)
                        )

    def _wait_s(self) -> float | None:
        deadlines = [
            w.deadline for w in self._workers if w.task is not None and w.deadline is not None
        ]
        return max(0.0, min(deadlines) - time.monotonic()) if deadlines else None

    def _service(self, worker: _Worker) -> tuple[bool, list[Progress | R]]:
        """The worker's events, and whether it must be replaced (gone, or past its page
        timeout); its task is then lost, with a result saying why."""
        events: list[Progress | R] = []
        try:
            for message in worker.messages():
                if isinstance(message, Fatal):
                    raise PoolAborted(message.message)
                if isinstance(message, Ready):
                    worker.ready = True
                elif isinstance(message, Progress):
                    worker.advance(message, self.page_timeout)
                    events.append(message)
                else:
                    worker.task = None
                    events.append(message.result)
        except (EOFError, OSError):
            gone = True
        else:
            gone = isinstance(worker.handle, BaseProcess) and not worker.handle.is_alive()
        if gone:
            if not worker.ready:
                raise PoolAborted(
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

    def _failure(self, worker: _Worker, error: str) -> R:
        assert worker.task is not None
        seconds = round(time.monotonic() - worker.started, 3)
        result = self.lost(self._tasks[worker.task], error, worker.done, seconds)
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
