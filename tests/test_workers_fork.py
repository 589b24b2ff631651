"""The worker pool's "fork" kind: engine-less workers forked from this process, which see
what it holds without pickling and stop as soon as the pool is left."""

from __future__ import annotations

import os

from docparse import workers
from docparse.workers import WorkerPool, forked

DATA = list(range(100))  # what the workers read: inherited, never sent


def _share_sum(parser: object, share: tuple[int, int], report: object) -> tuple[int, int, int]:
    start, stop = share
    return start, sum(DATA[start:stop]), os.getpid()


def _lost(share: tuple[int, int], error: str, pages: int, seconds: float) -> None:
    return None


def test_forked_workers_share_the_work_and_stop_when_the_pool_is_left(monkeypatch) -> None:
    # A loaded machine can take more than the 2 s grace to let a child exit; a worker that
    # never sees its pipe close would still be terminated after this longer wait.
    monkeypatch.setattr(workers, "STOP_GRACE_S", 30.0)
    shares = [(start, start + 10) for start in range(0, 100, 10)]
    with WorkerPool(forked(2), _share_sum, _lost) as pool:
        results = [event for event in pool.run(shares) if isinstance(event, tuple)]
        handles = [worker.handle for worker in pool._workers]
    assert sorted((start, total) for start, total, _ in results) == [
        (start, sum(range(start, start + 10))) for start in range(0, 100, 10)
    ]
    assert os.getpid() not in {pid for _, _, pid in results}
    # Each worker ended by itself when its pipe closed (exit code 0), not terminated after
    # the grace time (-SIGTERM): a fork closes its copies of the pool's pipe ends.
    assert [handle.exitcode for handle in handles] == [0, 0]  # type: ignore[union-attr]


def test_started_is_called_once_the_workers_are_forked_before_any_result(monkeypatch) -> None:
    monkeypatch.setattr(workers, "STOP_GRACE_S", 30.0)
    calls: list[int] = []
    shares = [(start, start + 10) for start in range(0, 100, 10)]
    with WorkerPool(forked(2), _share_sum, _lost) as pool:
        events = pool.run(shares, started=lambda: calls.append(len(pool._workers)))
        first = next(events)
        assert calls == [2]  # both workers existed when it was called
        assert isinstance(first, tuple)
        rest = [event for event in events if isinstance(event, tuple)]
    assert calls == [2] and len(rest) == 9
