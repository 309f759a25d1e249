"""Executors that run the per-file job: in this process, or in a pool of worker processes.

An executor maps a picklable function over items and yields ``(item, result)`` pairs as they
finish, in any order; ``result`` is either the function's return value or the exception it
raised. The parent process alone consumes the results (and so alone writes to SQLite). A
distributed engine (Dask, Ray) fits the same two-method protocol.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool
from typing import Any, Protocol, TypeVar

T = TypeVar("T")
R = TypeVar("R")


class Executor(Protocol):
    def map_unordered(self, fn: Callable[[T], R], items: Iterable[T]) -> Iterator[tuple[T, R | BaseException]]: ...

    def shutdown(self) -> None: ...


class SerialExecutor:
    """Runs every job in this process, in order: no start-up cost, easy to debug."""

    def map_unordered(self, fn: Callable[[T], R], items: Iterable[T]) -> Iterator[tuple[T, R | BaseException]]:
        for item in items:
            try:
                yield item, fn(item)
            except Exception as exc:  # noqa: BLE001 - handed to the caller as a result
                yield item, exc

    def shutdown(self) -> None:
        pass


class ProcessExecutor:
    """Runs jobs in ``workers`` processes, keeping at most two jobs per worker in flight.

    Bounding the queue keeps memory flat on large folders and lets Ctrl-C stop promptly. A
    worker that dies (a crash inside a native library) breaks the whole pool; the jobs that were
    in flight are then rerun one at a time, each in a fresh single-worker pool, so that only the
    job that kills a pool on its own is reported as failed.
    """

    def __init__(self, workers: int) -> None:
        self.workers = workers
        self._pool = ProcessPoolExecutor(max_workers=workers)

    def _restart(self) -> None:
        self._pool.shutdown(wait=False, cancel_futures=True)
        self._pool = ProcessPoolExecutor(max_workers=self.workers)

    @staticmethod
    def _isolated(fn: Callable[[T], R], item: T) -> R | BaseException:
        with ProcessPoolExecutor(max_workers=1) as alone:
            try:
                return alone.submit(fn, item).result()
            except Exception as exc:  # noqa: BLE001 - handed to the caller as a result
                return exc

    def map_unordered(self, fn: Callable[[T], R], items: Iterable[T]) -> Iterator[tuple[T, R | BaseException]]:
        pending: dict[Future, Any] = {}
        iterator = iter(items)
        exhausted = False
        while True:
            broken: list[Any] = []
            while not exhausted and len(pending) < 2 * self.workers:
                try:
                    item = next(iterator)
                except StopIteration:
                    exhausted = True
                    break
                try:
                    pending[self._pool.submit(fn, item)] = item
                except BrokenProcessPool:
                    broken.append(item)
                    break
            if not pending and not broken:
                return
            if pending and not broken:
                done, _ = wait(pending, return_when=FIRST_COMPLETED)
                for future in done:
                    item = pending.pop(future)
                    try:
                        yield item, future.result()
                    except BrokenProcessPool:
                        broken.append(item)
                    except Exception as exc:  # noqa: BLE001 - handed to the caller as a result
                        yield item, exc
            if broken:
                broken.extend(pending.values())
                pending.clear()
                self._restart()
                for item in broken:
                    yield item, self._isolated(fn, item)

    def shutdown(self) -> None:
        self._pool.shutdown(wait=False, cancel_futures=True)


def default_jobs() -> int:
    return os.cpu_count() or 1


def make_executor(jobs: int | None) -> Executor:
    """A process pool for ``jobs`` > 1, otherwise the in-process executor."""
    jobs = default_jobs() if jobs is None else jobs
    return ProcessExecutor(jobs) if jobs > 1 else SerialExecutor()
