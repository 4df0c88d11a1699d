"""The window keeps answering while Python works (ui/responsive.py, ui/jobs.py).

A full collection walks every object holding the GIL: over the open program some 100,000 of
them (45-65 ms), with an archive's story alive in a job 70-90 ms, a frozen window each time.
While a job runs only young collections happen, and the usual thresholds come back when the
last job ends, whether it finished, failed or overlapped another; meanwhile the window gets its
turn at the GIL after 1 ms instead of 5. While the window is open, what was alive when it opened
is left out of every collection.
"""

from __future__ import annotations

import gc
import sys
import threading

import pytest
from PySide6.QtWidgets import QWidget

from kemitraan_desktop.ui.jobs import Job
from kemitraan_desktop.ui.responsive import GENERATIONAL, background_work, long_lived_frozen

generational = pytest.mark.skipif(
    not GENERATIONAL, reason="Python 3.14's incremental collector makes no full collections")


def long_lived_objects(count: int = 400_000) -> list[list[int]]:
    """Enough surviving containers to make the collector start a full collection."""
    return [[n] for n in range(count)]


def collections_during(action) -> list[int]:  # noqa: ANN001
    """The generations of the collections that ran while *action* ran."""
    seen: list[int] = []

    def watch(phase: str, info: dict) -> None:
        if phase == "start":
            seen.append(info["generation"])

    gc.callbacks.append(watch)
    try:
        action()
    finally:
        gc.callbacks.remove(watch)
    return seen


@pytest.fixture
def parent(qtbot) -> QWidget:
    widget = QWidget()
    qtbot.addWidget(widget)
    return widget


def run_job(qtbot, parent: QWidget, work) -> Job:  # noqa: ANN001
    job = Job(parent, "Arsip", work).start()
    qtbot.waitUntil(lambda: not job.running, timeout=60_000)
    return job


@generational
def test_the_same_work_outside_a_job_does_trigger_full_collections() -> None:
    # The check below would mean nothing if this work never made the collector walk the heap.
    kept: list = []
    generations = collections_during(lambda: kept.append(long_lived_objects()))
    assert 2 in generations
    assert 0 in generations


@generational
def test_a_job_runs_young_collections_but_no_full_one_and_restores_after(qtbot, parent) -> None:
    usual = gc.get_threshold()
    kept: list = []
    seen: list[int] = []

    def work(progress, cancelled):  # noqa: ANN001, ANN202
        thresholds = gc.get_threshold()
        seen.extend(collections_during(lambda: kept.append(long_lived_objects())))
        return thresholds

    job = run_job(qtbot, parent, work)
    assert job.failure is None
    assert job.result[:2] == usual[:2]  # young collections keep their usual pace
    assert 0 in seen and 2 not in seen
    assert gc.get_threshold() == usual


def test_while_a_job_runs_the_window_gets_the_gil_within_a_millisecond(qtbot, parent) -> None:
    usual = sys.getswitchinterval()
    job = run_job(qtbot, parent, lambda progress, cancelled: sys.getswitchinterval())
    assert job.result <= 0.001 < usual
    assert sys.getswitchinterval() == usual


def test_a_failed_job_restores_the_usual_settings(qtbot, parent) -> None:
    usual, interval = gc.get_threshold(), sys.getswitchinterval()

    def work(progress, cancelled):  # noqa: ANN001, ANN202
        raise OSError(28, "No space left on device")

    job = run_job(qtbot, parent, work)
    assert isinstance(job.failure, OSError)
    assert gc.get_threshold() == usual
    assert sys.getswitchinterval() == interval


@generational
def test_overlapping_jobs_restore_only_when_the_last_one_ends() -> None:
    usual = gc.get_threshold()
    first_in, second_in, first_may_leave = (threading.Event() for _ in range(3))
    during_second: list[tuple[int, int, int]] = []

    def first() -> None:
        with background_work():
            first_in.set()
            first_may_leave.wait(10)

    thread = threading.Thread(target=first)
    thread.start()
    assert first_in.wait(10)
    with background_work():
        second_in.set()
        first_may_leave.set()
        thread.join(10)
        during_second.append(gc.get_threshold())  # the first ended, this one still runs
        interval_during_second = sys.getswitchinterval()
    assert during_second[0][2] != usual[2]
    assert interval_during_second <= 0.001
    assert gc.get_threshold() == usual


def test_what_lives_when_the_window_opens_is_left_out_of_collections_until_it_closes() -> None:
    opened_with = [[n] for n in range(1000)]  # the window's objects, say
    target = opened_with[500]

    def tracked() -> bool:
        return any(found is target for found in gc.get_objects())

    assert tracked()
    with long_lived_frozen():
        made_later = [[n] for n in range(10)]
        assert not tracked()  # no collection walks it
        assert any(found is made_later[5] for found in gc.get_objects())
        assert gc.get_freeze_count() >= len(opened_with)
    assert tracked()  # closed: collected like anything else again
    assert gc.get_freeze_count() == 0
