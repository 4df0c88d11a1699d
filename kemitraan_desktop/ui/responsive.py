"""The window keeps answering while Python works: the garbage collector and the GIL.

Only one thread runs Python at a time. Two things kept the GUI thread waiting for its turn,
each found while an archive printed in the background (``bench/bench_responsiveness.py``):

- A full garbage collection walks every tracked object holding the GIL: over the open program
  some 100,000 objects, 45-65 ms every time; with an archive's story alive in a job 70-90 ms
  (``perf``: ``gc_collect_main`` in the worker during every stall over 50 ms). So, once the
  window is open, what is alive then (modules, classes, mappers, the window itself, all living
  as long as the program) is frozen out of every later collection (:func:`long_lived_frozen`),
  and while a background job runs there is no full collection at all (:func:`background_work`);
  young collections go on, so a job's short-lived cycles are still freed, and the full
  collection due meanwhile comes after the job, over what is not frozen.
- A thread that wants the GIL waits the switch interval (5 ms) before asking its holder to let
  go, and painting calls into Python many times (models, event filters, overridden events), each
  a new wait behind a busy worker. While a job runs the interval is 1 ms: the worst stall over
  ten prints fell from 48-112 ms to 40-82 ms, the print took no longer.

Python 3.14's collector is incremental (it never walks the whole heap at once and ignores the
third threshold): there the thresholds are left alone.
"""

from __future__ import annotations

import gc
import sys
import threading
from collections.abc import Iterator
from contextlib import contextmanager

NO_FULL_COLLECTIONS = 10**9  # a gen-2 threshold that is never reached
GENERATIONAL = sys.version_info < (3, 14)
SWITCH_INTERVAL_WHILE_WORKING = 0.001  # seconds

_lock = threading.Lock()
_jobs_running = 0
_usual_thresholds: tuple[int, ...] = gc.get_threshold()
_usual_switch_interval = sys.getswitchinterval()


@contextmanager
def long_lived_frozen() -> Iterator[None]:
    """Everything alive now is left out of collections until the block ends (the window's
    event loop: a restart or the end of the program unfreezes it, so the closed window's
    objects can be freed)."""
    gc.freeze()
    try:
        yield
    finally:
        gc.unfreeze()


@contextmanager
def background_work() -> Iterator[None]:
    """While the block runs (a job's work): no full collection, and the GIL handed to the
    window sooner. Nested and parallel blocks (two jobs at once) put the usual settings back
    only when the last one ends."""
    global _jobs_running, _usual_thresholds, _usual_switch_interval
    with _lock:
        if _jobs_running == 0:
            _usual_thresholds = gc.get_threshold()
            _usual_switch_interval = sys.getswitchinterval()
            if GENERATIONAL:
                gc.set_threshold(_usual_thresholds[0], _usual_thresholds[1],
                                 NO_FULL_COLLECTIONS)
            sys.setswitchinterval(min(_usual_switch_interval, SWITCH_INTERVAL_WHILE_WORKING))
        _jobs_running += 1
    try:
        yield
    finally:
        with _lock:
            _jobs_running -= 1
            if _jobs_running == 0:
                gc.set_threshold(*_usual_thresholds)
                sys.setswitchinterval(_usual_switch_interval)
