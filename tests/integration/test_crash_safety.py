"""Killing the program (SIGKILL) while it saves loses nothing it said was saved.

A worker process saves through the services in a loop (reports, text fields, attachments of up to
3 MB); the harness kills it at random moments, many times over on the same data folder, and after
each kill checks the file's integrity, the audit chain, every confirmed save and the attachment
store (no half file under a final name). ``bench/crash_trials.py`` runs hundreds of such kills.
"""

from __future__ import annotations

import os
import signal
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent))
from crash_harness import run_trials, scan_store  # noqa: E402

pytestmark = pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="SIGKILL is POSIX only")


def test_random_kills_while_saving_lose_no_confirmed_save(tmp_path: Path) -> None:
    data = tmp_path / "data"
    summary = run_trials(data, trials=16, seed=20261123, max_delay=0.8)

    assert summary.problems == [], "\n".join(summary.problems)
    # The kills must really have fallen while saving, with saves confirmed before them; a worker
    # that never reached its loop would make this test pass while proving nothing.
    assert summary.killed_while_saving >= 10
    assert summary.confirmed >= 50
    assert summary.verified_last >= summary.confirmed // 2
    temporary, bad = scan_store(data / "lampiran") if (data / "lampiran").exists() else ([], [])
    assert temporary == [] and bad == []


def test_a_half_copied_attachment_is_never_under_its_final_name(tmp_path: Path) -> None:
    """A kill in the middle of a copy leaves only a temporary file, which the next start removes."""
    from kemitraan_desktop.services.opening import open_services

    svc = open_services(tmp_path / "data")
    store = svc.db.attachments
    store.root.mkdir(parents=True, exist_ok=True)
    half = store.root / ".incoming-abc123"
    half.write_bytes(b"\xff" * 1000)  # what a kill leaves mid-copy
    os.utime(half, (1, 1))  # long ago: not another running copy's file in progress
    svc.db.close()

    svc = open_services(tmp_path / "data")
    try:
        assert not half.exists()
        assert scan_store(store.root) == ([], [])
    finally:
        svc.db.close()


def test_kills_during_the_first_creation_leave_nothing_or_a_whole_database(tmp_path: Path) -> None:
    """Issue 16.2: ``list`` on a new folder killed while the tables are made, and ``demo`` killed
    midway, leave either nothing or a whole database (never half the tables without a schema
    version, which refused every later start), and a demo whole or not begun. Then every command
    works on the folder: ``list``, ``check``, ``backup``, and ``demo`` where nothing was made
    (it used to say "table audit_entry already exists", or refuse a half-made demo)."""
    from crash_harness import run_creation_trials

    summary = run_creation_trials(tmp_path, list_trials=4, demo_trials=1, seed=16,
                                  every_command=True)

    assert summary.problems == [], "\n".join(summary.problems)
    assert summary.trials == 5
    assert summary.trials - summary.finished_before_the_kill >= 3  # the kills really fell
    assert summary.commands_worked == 5
    assert summary.demo_rerun >= 3  # most kills left no demo: it was then made whole
