"""Long work in the background (ui/jobs.py): the window keeps answering while it runs.

The archive of a busy partnership builds a story of thousands of paragraphs and tables; a full
garbage collection over that heap held the GIL for 70-90 ms at a time, and the window froze for
that long. While a job runs, only young collections happen; the usual thresholds come back when
the last job ends, whether it finished, failed or overlapped another.
"""

from __future__ import annotations

import gc
import threading

import pytest
from PySide6.QtWidgets import QWidget

from kemitraan_desktop.ui.jobs import Job, no_full_collections


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


def test_the_same_work_outside_a_job_does_trigger_full_collections() -> None:
    # The check below would mean nothing if this work never made the collector walk the heap.
    kept: list = []
    generations = collections_during(lambda: kept.append(long_lived_objects()))
    assert 2 in generations
    assert 0 in generations


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


def test_a_failed_job_restores_the_usual_thresholds(qtbot, parent) -> None:
    usual = gc.get_threshold()

    def work(progress, cancelled):  # noqa: ANN001, ANN202
        raise OSError(28, "No space left on device")

    job = run_job(qtbot, parent, work)
    assert isinstance(job.failure, OSError)
    assert gc.get_threshold() == usual


def test_overlapping_jobs_restore_only_when_the_last_one_ends() -> None:
    usual = gc.get_threshold()
    first_in, second_in, first_may_leave = (threading.Event() for _ in range(3))
    during_second: list[tuple[int, int, int]] = []

    def first() -> None:
        with no_full_collections():
            first_in.set()
            first_may_leave.wait(10)

    thread = threading.Thread(target=first)
    thread.start()
    assert first_in.wait(10)
    with no_full_collections():
        second_in.set()
        first_may_leave.set()
        thread.join(10)
        during_second.append(gc.get_threshold())  # the first ended, this one still runs
    assert during_second[0][2] != usual[2]
    assert gc.get_threshold() == usual
