"""Kill the window while it is typed into, and count what was lost (issue 16.8).

One trial runs ``typing_kill_worker.py`` (the real window, offscreen, real key events) on a copy
of a prepared folder, lets it be killed with SIGKILL, and reads the idea back from the database
file: the characters typed that are not there are lost, each with its age at the kill (how long
before the kill it was typed). ``cell=True`` types into a table cell instead (a new role of the
practice in step 3, its editor open until the kill). Used by
tests/integration/test_typing_kills.py and bench/typing_kills.py.
"""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

WORKER = Path(__file__).with_name("typing_kill_worker.py")
BEGINNING = "Obat JKN dekat pasien."
TITLE = "Kerja sama apotek"


def prepare(folder: Path) -> Path:
    """A data folder with a practice and one partnership whose idea is BEGINNING."""
    from kemitraan_desktop.services import partnerships
    from kemitraan_desktop.services.opening import open_services

    svc = open_services(folder)
    try:
        svc.practices.create(doctor_name="dr. Uji Ketik", kota="Kabupaten Sleman")
        created = partnerships.start_partnership(svc, TITLE, "apotek")
        svc.partnerships.update(created.id, idea=BEGINNING)
    finally:
        svc.db.close()
    return folder


@dataclass(frozen=True)
class TypingTrial:
    typed: int  # keys typed before the kill
    saved: int  # of them, in the database after it
    lost_ages_ms: tuple[float, ...]  # for each key lost: how long before the kill it was typed
    exit_code: int

    @property
    def lost(self) -> int:
        return self.typed - self.saved

    @property
    def oldest_lost_ms(self) -> float:
        return max(self.lost_ages_ms, default=0.0)


def run_trial(template: Path, work: Path, text: str, key_ms: int, kill_ms: int | str,
              timings: tuple[int, int] | None = None, timeout: float = 120,
              cell: bool = False) -> TypingTrial:
    if work.exists():
        shutil.rmtree(work)
    shutil.copytree(template, work, ignore=shutil.ignore_patterns("*.lock"))
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    extra = [str(t) for t in timings] if timings else []
    done = subprocess.run(
        [sys.executable, str(WORKER), *(["--cell"] if cell else []), str(work), text,
         str(key_ms), str(kill_ms), *extra],
        capture_output=True, text=True, env=env, timeout=timeout, check=False)
    keys: list[float] = []
    killed_at = None
    for line in done.stdout.splitlines():
        parts = line.split()
        if parts[:1] == ["KEY"]:
            keys.append(float(parts[2]))
        elif parts[:1] == ["KILL"]:
            killed_at = float(parts[1])
    if killed_at is None:
        raise AssertionError(f"the worker was not killed as planned:\n{done.stdout}\n{done.stderr}")
    with sqlite3.connect(f"{(work / 'kemitraan.sqlite3').resolve().as_uri()}?mode=ro",
                         uri=True) as raw:
        if cell:
            rows = raw.execute("SELECT description FROM role WHERE party = 'practice'").fetchall()
            assert len(rows) == 1, rows  # the row the Add button made
            saved_text = rows[0][0]
        else:
            idea = raw.execute("SELECT idea FROM partnership WHERE title = ?",
                               (TITLE,)).fetchone()[0]
            assert idea.startswith(BEGINNING), idea
            saved_text = idea[len(BEGINNING):]
    assert text.startswith(saved_text), (saved_text, text)  # never a wrong character
    saved = len(saved_text)
    ages = tuple(killed_at - at for at in keys[saved:])
    return TypingTrial(len(keys), saved, ages, done.returncode)
