"""Issue 16, the data folder's own faults: what the held-out test found, kept as regressions.

1. A damaged file with a crash's log beside it is left byte for byte by every look before the
   checks (the window, ``--smoke``, ``restore``), and copied aside with its log at once.
2. A database is created whole or not at all; a demo is made whole or not at all.
4. A missing or emptied database beside automatic backups offers the newest backup instead of
   opening as a new, empty program; a log left without its database is kept and mentioned.
"""

from __future__ import annotations

import hashlib
import os
import random
import shutil
import sqlite3
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

from kemitraan_desktop.cli import main
from kemitraan_desktop.services import backup, recovery
from kemitraan_desktop.services.listing import first_page
from kemitraan_desktop.services.opening import CannotOpen, open_services
from kemitraan_desktop.services.password import Gate, password_at_start
from kemitraan_desktop.services.recovery import Choice, open_with_recovery
from kemitraan_desktop.storage.database import DB_FILENAME, SCHEMA_HEAD

ROOT = Path(__file__).resolve().parents[2]
PAGE = 4096

# A crash: one update committed into the log, which is never folded into the file.
CRASH_AFTER_UPDATE = textwrap.dedent("""
    import os, sqlite3, sys
    connection = sqlite3.connect(sys.argv[1])
    connection.execute("PRAGMA wal_autocheckpoint = 0")
    connection.execute("UPDATE partnership SET title = title || ' (diubah)'")
    connection.commit()
    os._exit(0)
""")


@pytest.fixture(scope="module")
def demo_folder(tmp_path_factory) -> Path:
    """The demo, made once for the module; each test works on a copy (:func:`_copy_of_demo`)."""
    from kemitraan_desktop.services.demo import create_demo

    folder = tmp_path_factory.mktemp("demo") / "data"
    svc = open_services(folder)
    try:
        create_demo(svc)
    finally:
        svc.db.close()
    return folder


def _copy_of_demo(demo_folder: Path, tmp_path: Path) -> Path:
    folder = tmp_path / "data"
    shutil.copytree(demo_folder, folder)
    return folder


def _sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _files(folder: Path) -> dict[str, str]:
    return {path.name: _sha(path) for path in folder.iterdir()
            if path.is_file() and path.name != "kemitraan.lock"}


def _damage_with_a_crash_log(folder: Path, kind: str) -> dict[str, str]:
    """The issue's case: a -wal kept by a crash after one update, then page 3 of the main file
    overwritten with random bytes (or the whole file). Returns the sha256 of the three files."""
    database = folder / DB_FILENAME
    subprocess.run([sys.executable, "-c", CRASH_AFTER_UPDATE, str(database)], check=True)
    assert Path(f"{database}-wal").stat().st_size > 0
    noise = random.Random(16)
    with database.open("r+b") as handle:
        if kind == "page_3_random":
            handle.seek(2 * PAGE)
            handle.write(noise.randbytes(PAGE))
        else:
            handle.write(noise.randbytes(database.stat().st_size))
    return {suffix: _sha(Path(f"{database}{suffix}")) for suffix in ("", "-wal", "-shm")}


def _still_untouched(folder: Path, before: dict[str, str]) -> None:
    database = folder / DB_FILENAME
    after = {suffix: _sha(Path(f"{database}{suffix}")) for suffix in ("", "-wal", "-shm")}
    assert after == before  # the file, its log and the log's index: not a byte changed


DAMAGE = {"page_3_random": "damaged", "all_random": "not_a_database"}


# -- 1. nothing is written before the checks ------------------------------------------------------
@pytest.mark.parametrize("kind", sorted(DAMAGE))
def test_the_start_up_leaves_a_damaged_file_and_its_crash_log_byte_for_byte(
        kind, demo_folder, tmp_path):
    folder = _copy_of_demo(demo_folder, tmp_path)
    before = _damage_with_a_crash_log(folder, kind)

    # What the window does before the services: the password, then the list's first page.
    password_at_start(folder)
    first_page(folder)
    _still_untouched(folder, before)
    problems = []
    opened = open_with_recovery(folder, lambda p: (problems.append(p), (Choice.QUIT, None))[1],
                                lambda message, error: None)
    assert opened is None
    assert [p.code for p in problems] == [DAMAGE[kind]]
    _still_untouched(folder, before)

    # And a copy of all three was kept at once, before any choice.
    kept = recovery.set_aside_files(folder)
    assert len(kept) == 1
    assert {suffix: _sha(Path(f"{kept[0]}{suffix}")) for suffix in ("", "-wal", "-shm")} == before
    assert "tidak diubah" in problems[0].message
    assert str(kept[0]) in problems[0].message and problems[0].kept == kept[0]

    # Meeting the same file at the next start makes no second copy.
    assert open_with_recovery(folder, lambda p: (Choice.QUIT, None), lambda m, e: None) is None
    assert recovery.set_aside_files(folder) == kept


WINDOW_QUITS_AT_THE_DIALOG = textwrap.dedent("""
    import sys
    from pathlib import Path
    from kemitraan_desktop.services.recovery import Choice
    from kemitraan_desktop.ui import app as ui_app
    from kemitraan_desktop.ui.dialogs.startup_problem import StartupProblemDialog

    def quit_at_the_dialog(dialog):
        print("asked", dialog.problem.code)
        dialog.buttons[Choice.QUIT].click()
        return dialog.result()

    StartupProblemDialog.exec = quit_at_the_dialog
    print("exit", ui_app.run(Path(sys.argv[1])))
""")


@pytest.mark.parametrize("how", ["window", "smoke"])
def test_the_window_and_smoke_leave_a_damaged_file_with_a_crash_log_untouched(
        how, demo_folder, tmp_path):
    folder = _copy_of_demo(demo_folder, tmp_path)
    before = _damage_with_a_crash_log(folder, "page_3_random")
    command = ([sys.executable, "-c", WINDOW_QUITS_AT_THE_DIALOG, str(folder)] if how == "window"
               else [sys.executable, "-m", "kemitraan_desktop", "--data-dir", str(folder),
                     "--smoke"])
    done = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, timeout=120,
                          env={**os.environ, "QT_QPA_PLATFORM": "offscreen"})
    assert "Traceback" not in done.stderr, done.stderr
    if how == "window":
        assert done.stdout.split() == ["asked", "damaged", "exit", "2"], done.stdout
    else:
        assert done.returncode == 2 and "Berkas basis data rusak" in done.stderr, done.stderr
    _still_untouched(folder, before)


def test_restore_keeps_the_damaged_file_with_its_crash_log_untouched(demo_folder, tmp_path,
                                                                     capsys):
    folder = _copy_of_demo(demo_folder, tmp_path)
    svc = open_services(folder)
    saved = backup.automatic_backup(svc, force=True)
    svc.db.close()
    before = _damage_with_a_crash_log(folder, "page_3_random")

    assert main(["--data-dir", str(folder), "restore", str(saved)]) == 0
    kept = sorted((folder / "backups").glob("sebelum-pemulihan-*.sqlite3"))
    assert len(kept) == 1
    # The file it replaced went aside with its log: renamed, not a byte changed, log included.
    assert {suffix: _sha(Path(f"{kept[0]}{suffix}")) for suffix in ("", "-wal", "-shm")} == before
    svc = open_services(folder)
    try:
        assert len(svc.partnerships.list()) == 3
    finally:
        svc.db.close()


def test_a_sound_database_with_a_crash_log_opens_with_the_logged_change(demo_folder, tmp_path):
    """The read-only looks see the log (the last save before the crash is not hidden)."""
    folder = _copy_of_demo(demo_folder, tmp_path)
    database = folder / DB_FILENAME
    subprocess.run([sys.executable, "-c", CRASH_AFTER_UPDATE, str(database)], check=True)
    rows = first_page(folder)
    assert rows is not None and all(row.title.endswith(" (diubah)") for row in rows)
    assert password_at_start(folder).gate == Gate.OPEN
    # Without its index (-shm) the log is read from a private copy; nothing is made beside it.
    Path(f"{database}-shm").unlink()
    before = _files(folder)
    rows = first_page(folder)
    assert rows is not None and all(row.title.endswith(" (diubah)") for row in rows)
    assert _files(folder) == before
    svc = open_services(folder)
    try:
        assert all(p.title.endswith(" (diubah)") for p in svc.partnerships.list())
    finally:
        svc.db.close()


# -- 2. creation is whole or nothing ----------------------------------------------------------
def _fail_at_the_fifth_table(monkeypatch):
    from alembic.operations import Operations

    made = []
    create_table = Operations.create_table

    def create_or_die(self, *args, **kwargs):
        made.append(args[0] if args else kwargs.get("table_name"))
        if len(made) == 5:
            raise KeyboardInterrupt("killed")  # not an error the program handles: a kill
        return create_table(self, *args, **kwargs)

    monkeypatch.setattr(Operations, "create_table", create_or_die)
    return made


def test_a_kill_while_the_first_database_is_made_leaves_no_half_database(tmp_path, monkeypatch,
                                                                         capsys):
    folder = tmp_path / "baru"
    with monkeypatch.context() as patch:
        made = _fail_at_the_fifth_table(patch)
        with pytest.raises(KeyboardInterrupt):
            open_services(folder)
    assert len(made) == 5
    assert not (folder / DB_FILENAME).exists()  # nothing, rather than half the tables

    assert main(["--data-dir", str(folder), "list"]) == 0  # not "audit_entry already exists"
    assert "Belum ada kemitraan" in capsys.readouterr().out
    svc = open_services(folder)
    try:
        assert svc.db.schema_version() == SCHEMA_HEAD
    finally:
        svc.db.close()
    assert list((folder / ".tmp").iterdir()) == []  # the killed build's copy went at the start


def test_an_upgrade_is_one_transaction(tmp_path, monkeypatch):
    """The migrations of a file run in one transaction with its schema version: a kill midway
    leaves the schema as it was."""
    from kemitraan_desktop.storage.database import Database

    path = tmp_path / "lama.sqlite3"
    sqlite3.connect(path).close()
    _fail_at_the_fifth_table(monkeypatch)
    database = Database(f"sqlite:///{path}", tmp_path)
    with pytest.raises(KeyboardInterrupt):
        database.upgrade()
    database.close()
    with sqlite3.connect(path) as raw:
        assert raw.execute("SELECT name FROM sqlite_master").fetchall() == []


def test_a_demo_stopped_midway_leaves_the_folder_empty_and_demo_runs_again(tmp_path,
                                                                          monkeypatch, capsys):
    from kemitraan_desktop.services import agreements, demo

    folder = tmp_path / "data"
    signed = []
    sign = agreements.sign_agreement

    def second_signature_dies(*args, **kwargs):
        signed.append(1)
        if len(signed) == 2:
            raise KeyboardInterrupt("killed")
        return sign(*args, **kwargs)

    svc = open_services(folder)
    try:
        with monkeypatch.context() as patch:
            patch.setattr(agreements, "sign_agreement", second_signature_dies)
            with pytest.raises(KeyboardInterrupt):
                demo.create_demo(svc)
        assert svc.practices.list() == [] and svc.partners.list() == []
    finally:
        svc.db.close()
    assert main(["--data-dir", str(folder), "demo"]) == 0
    assert "3 kemitraan" in capsys.readouterr().out
    assert main(["--data-dir", str(folder), "check"]) == 0


def test_the_demo_keeps_what_the_empty_database_already_held(tmp_path):
    """The working copy starts from the database, not from nothing: a program password set on
    the empty folder stays set after the demo."""
    from kemitraan_desktop.services import password
    from kemitraan_desktop.services.demo import create_demo

    svc = open_services(tmp_path / "data")
    try:
        password.set_password(svc, "rahasia-klinik", "rahasia-klinik")
        create_demo(svc)
        assert password.check_password(svc, "rahasia-klinik")
        assert not password.check_password(svc, "salah")
        assert len(svc.partnerships.list()) == 3
    finally:
        svc.db.close()


# -- 4. a missing database beside its backups -------------------------------------------------
JAKARTA_HALF_PAST_EIGHT = 1795311000  # 22 November 2026, 01.30 UTC: 08.30 on a clock in Jakarta
ZONES = pytest.mark.skipif(not hasattr(time, "tzset"), reason="time zones set through TZ")


@pytest.fixture
def jakarta_clock(monkeypatch):
    """This computer's clock is in Jakarta; the returned function dates a backup file to
    22 November 2026, 08.30 on it."""
    monkeypatch.setenv("TZ", "Asia/Jakarta")
    time.tzset()

    def made_at_half_past_eight(backup_file: Path) -> None:
        os.utime(backup_file, (JAKARTA_HALF_PAST_EIGHT, JAKARTA_HALF_PAST_EIGHT))

    yield made_at_half_past_eight
    monkeypatch.undo()
    time.tzset()


def _folder_with_backup(tmp_path: Path) -> tuple[Path, Path]:
    folder = tmp_path / "data"
    svc = open_services(folder)
    try:
        svc.practices.create(doctor_name="dr. Cadangan")
        saved = backup.automatic_backup(svc)
    finally:
        svc.db.close()
    assert saved is not None
    return folder, saved


@ZONES
@pytest.mark.parametrize("how", ["deleted", "emptied"])
def test_a_missing_database_beside_backups_offers_the_newest_backup(how, tmp_path, jakarta_clock):
    folder, saved = _folder_with_backup(tmp_path)
    jakarta_clock(saved)
    database = folder / DB_FILENAME
    if how == "deleted":
        database.unlink()
    else:
        database.write_bytes(b"")

    with pytest.raises(CannotOpen) as refused:
        open_services(folder)
    assert refused.value.code == "missing"
    assert "cadangan otomatis" in refused.value.message
    assert not database.exists() or database.stat().st_size == 0  # nothing made in its place

    problems = []

    def ask(problem):
        problems.append(problem)
        return Choice.RESTORE, None

    told = []
    opened = open_with_recovery(folder, ask, lambda message, error: told.append(message))
    assert opened is not None
    try:
        assert problems[0].latest_backup.path == saved
        assert problems[0].choices() == [Choice.RESTORE, Choice.START_EMPTY, Choice.OTHER_FOLDER,
                                         Choice.QUIT]
        assert [p.doctor_name for p in opened.svc.practices.list()] == ["dr. Cadangan"]
        assert told == ["Data dipulihkan dari cadangan otomatis tanggal 22 Nov 2026 08.30."]
    finally:
        opened.close()


def test_starting_empty_beside_backups_is_a_choice_and_keeps_the_backups(tmp_path):
    folder, saved = _folder_with_backup(tmp_path)
    (folder / DB_FILENAME).unlink()
    opened = open_with_recovery(folder, lambda problem: (Choice.START_EMPTY, None),
                                lambda message, error: None)
    assert opened is not None
    try:
        assert opened.svc.practices.list() == []
        assert saved.exists()
    finally:
        opened.close()
    again = open_services(folder)  # and it is no longer "missing"
    again.db.close()


@ZONES
def test_the_command_line_says_a_database_is_missing_and_how_to_restore(tmp_path, capsys,
                                                                        jakarta_clock):
    folder, saved = _folder_with_backup(tmp_path)
    (folder / DB_FILENAME).unlink()
    jakarta_clock(saved)
    assert main(["--data-dir", str(folder), "list"]) == 2
    error = capsys.readouterr().err
    assert error.startswith("Kesalahan: Berkas basis data tidak ada atau kosong")
    # The moment in the form the start-up dialog gives it (it said 03-12-2026 13:33 here).
    assert "Cadangan terbaru dibuat 22 Nov 2026 08.30. Untuk memulihkannya:" in error
    assert f'restore "{saved}"' in error and error[-1] == "\n" and error.count("\n") == 1
    assert not (folder / DB_FILENAME).exists()
    assert main(["--data-dir", str(folder), "restore", str(saved)]) == 0
    capsys.readouterr()
    assert main(["--data-dir", str(folder), "list"]) == 0


def test_a_log_left_without_its_database_is_kept_aside_and_mentioned(tmp_path, capsys):
    folder = tmp_path / "data"
    svc = open_services(folder)
    svc.practices.create(doctor_name="dr. Log")
    svc.db.close()
    database = folder / DB_FILENAME
    subprocess.run([sys.executable, "-c", textwrap.dedent("""
        import os, sqlite3, sys
        connection = sqlite3.connect(sys.argv[1])
        connection.execute("PRAGMA wal_autocheckpoint = 0")
        connection.execute("UPDATE practice SET doctor_name = 'dr. Log Terakhir'")
        connection.commit()
        os._exit(0)
    """), str(database)], check=True)
    log = _sha(Path(f"{database}-wal"))
    database.unlink()

    assert main(["--data-dir", str(folder), "list"]) == 0
    error = capsys.readouterr().err
    kept = sorted(folder.glob(f"{DB_FILENAME}.log-tersisa-*-wal"))
    assert len(kept) == 1 and _sha(kept[0]) == log
    assert str(kept[0]) in error and "log" in error.lower()
    assert not Path(f"{database}-wal").exists() or Path(f"{database}-wal").stat().st_size == 0
    svc = open_services(folder)
    try:
        assert svc.practices.list() == []  # a new database, not one built from a stranger's log
    finally:
        svc.db.close()
