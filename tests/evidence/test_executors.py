"""Executors: results for every item, and a crashing worker blamed on its own item only."""

from __future__ import annotations

import os

import pytest

from evidence.errors import IngestError
from evidence.executors import ProcessExecutor, SerialExecutor


def _job(item: int) -> int:
    if item == 2:
        os._exit(3)  # a worker dying the way a segfault in a native library kills it
    if item == 5:
        raise IngestError(f"paper{item}.pdf", "the file is empty")
    return item * 10


def _results(executor, items):
    try:
        return {item: result for item, result in executor.map_unordered(_job, items)}
    finally:
        executor.shutdown()


def test_serial_executor_hands_errors_back_as_results():
    results = _results(SerialExecutor(), [1, 5])
    assert results[1] == 10 and isinstance(results[5], IngestError)


@pytest.mark.slow
def test_a_crashing_worker_fails_only_its_own_item():
    results = _results(ProcessExecutor(2), range(1, 9))
    assert sorted(results) == list(range(1, 9))
    failed = {item for item, result in results.items() if isinstance(result, BaseException)}
    assert failed == {2, 5}
    assert str(results[5]) == "paper5.pdf: the file is empty"
    assert all(results[i] == i * 10 for i in (1, 3, 4, 6, 7, 8))
