"""The garbage-collector pause around parsing and extraction leaves the collector as it found it."""

from __future__ import annotations

import gc

import pytest

from evidence.errors import UnreadablePdf
from extractors.gcpause import gc_paused
from extractors.parse import parse_file


@pytest.fixture
def collector_on():
    was = gc.isenabled()
    gc.enable()
    yield
    if not was:
        gc.disable()


def test_pauses_nest_and_restore_the_collector(collector_on):
    with gc_paused():
        assert not gc.isenabled()
        with gc_paused():
            assert not gc.isenabled()
        assert not gc.isenabled()  # the inner pause must not switch it back on early
    assert gc.isenabled()


def test_a_failed_parse_leaves_the_collector_running(collector_on, tmp_path):
    broken = tmp_path / "broken.pdf"
    broken.write_bytes(b"%PDF-1.7\n" + b"x" * 2000 + b"\n%%EOF\n")
    with pytest.raises(UnreadablePdf):
        parse_file(broken)
    assert gc.isenabled()
