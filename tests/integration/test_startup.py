"""Start-up: every kind of damaged or unusable data folder is refused with a clear message and
left exactly as it was; one running copy per folder; and the recovery choices lose nothing."""

from __future__ import annotations

import errno
import os
import random
import signal
import sqlite3
import subprocess
import sys
import textwrap
import zipfile
from pathlib import Path

import pytest

from kemitraan_desktop.cli import main
from kemitraan_desktop.services import backup, recovery
from kemitraan_desktop.services.listing import first_page
from kemitraan_desktop.services.opening import CannotOpen, describe, lock_folder, open_services
from kemitraan_desktop.services.recovery import Choice, open_with_recovery
from kemitraan_desktop.storage import preflight
from kemitraan_desktop.storage.database import DB_FILENAME, Database, StorageError, _classify

ROOT = Path(__file__).resolve().parents[2]


def _good_folder(folder: Path, doctor: str = "dr. Siti") -> bytes:
    svc = open_services(folder)
    try:
        svc.practices.create(doctor_name=doctor)
        for number in range(30):  # enough pages for damage in the middle to hit data
            svc.partners.create(name=f"Apotek {number:02d} " + "x" * 150, partner_type="apotek")
    finally:
        svc.db.close()
    return (folder / DB_FILENAME).read_bytes()


def _overwrite_middle(good: bytes) -> bytes:
    noise = random.Random(7).randbytes(4096 * 4)
    start = (len(good) // 4096 // 2) * 4096
    return good[:start] + noise + good[start + len(noise):]


def _other_program(folder: Path) -> bytes:
    path = folder / "other.sqlite3"
    with sqlite3.connect(path) as other:
        other.execute("CREATE TABLE contacts (name TEXT, phone TEXT)")
        other.execute("INSERT INTO contacts VALUES ('Budi', '0812')")
    data = path.read_bytes()
    path.unlink()
    return data


def _zip_renamed(folder: Path) -> bytes:
    path = folder / "x.zip"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("a.txt", "isi")
    data = path.read_bytes()
    path.unlink()
    return data


# Each kind: how the file is made from a sound database, and the code it must get.
KINDS = {
    "truncated_to_half": (lambda good, folder: good[: len(good) // 2], "damaged"),
    "truncated_mid_page": (lambda good, folder: good[:-1000], "damaged"),
    "truncated_inside_header": (lambda good, folder: good[:60], "damaged"),
    "pages_overwritten_by_random_bytes": (lambda good, folder: _overwrite_middle(good), "damaged"),
    "random_bytes": (lambda good, folder: random.Random(3).randbytes(len(good)),
                     "not_a_database"),
    "a_letter_not_a_database": (lambda good, folder: b"Surat undangan rapat\n" * 300,
                                "not_a_database"),
    "another_programs_sqlite_database": (lambda good, folder: _other_program(folder),
                                         "not_a_database"),
    "a_zip_renamed": (lambda good, folder: _zip_renamed(folder), "not_a_database"),
}


def _listing(folder: Path) -> dict[str, bytes]:
    return {path.name: path.read_bytes() for path in folder.iterdir() if path.is_file()}


@pytest.mark.parametrize("kind", sorted(KINDS))
def test_a_damaged_file_is_refused_with_its_message_and_left_byte_for_byte(kind, tmp_path):
    folder = tmp_path / "data"
    good = _good_folder(folder)
    make, code = KINDS[kind]
    damaged = make(good, folder)
    (folder / DB_FILENAME).write_bytes(damaged)
    before = _listing(folder)

    with pytest.raises(CannotOpen) as refused:
        open_services(folder)
    assert refused.value.code == code
    assert refused.value.message == describe(StorageError(code))
    assert "tidak diubah" in refused.value.message  # Indonesian, and says the file is untouched
    # The window's early list read (before the services) may read what it can, but not write.
    first_page(folder)
    assert _listing(folder) == before  # not a byte changed, no -wal or -shm left behind


def test_a_newer_schema_is_refused_untouched(tmp_path):
    folder = tmp_path / "data"
    _good_folder(folder)
    path = folder / DB_FILENAME
    raw = sqlite3.connect(path)
    with raw:
        raw.execute("UPDATE alembic_version SET version_num = '9999'")
    raw.close()
    before = _listing(folder)
    with pytest.raises(CannotOpen) as refused:
        open_services(folder)
    assert refused.value.code == "newer_schema"
    assert "yang lebih baru" in refused.value.message and "tidak ada yang diubah" in \
        refused.value.message
    assert _listing(folder) == before


def test_an_empty_file_is_an_empty_database_not_damage(tmp_path):
    folder = tmp_path / "data"
    folder.mkdir()
    (folder / DB_FILENAME).write_bytes(b"")
    svc = open_services(folder)
    try:
        assert svc.practices.list() == []
    finally:
        svc.db.close()


def test_a_sound_database_is_opened_and_closed_without_a_byte_changed(tmp_path):
    folder = tmp_path / "data"
    good = _good_folder(folder)
    Database.open(folder).close()
    assert (folder / DB_FILENAME).read_bytes() == good


# -- read-only, full disk ----------------------------------------------------------------------
def test_a_read_only_folder_is_refused(tmp_path, monkeypatch):
    folder = tmp_path / "data"
    _good_folder(folder)
    before = _listing(folder)

    def refuse(_folder):
        raise PermissionError(errno.EACCES, "Permission denied", str(folder))

    monkeypatch.setattr(preflight, "_write_probe", refuse)
    with pytest.raises(CannotOpen) as refused:
        open_services(folder)
    assert refused.value.code == "read_only"
    assert "hanya-baca" in refused.value.message
    assert _listing(folder) == before


def test_a_read_only_file_system_is_refused(tmp_path, monkeypatch):
    folder = tmp_path / "data"
    _good_folder(folder)

    def refuse(_folder):
        raise OSError(errno.EROFS, "Read-only file system")

    monkeypatch.setattr(preflight, "_write_probe", refuse)
    with pytest.raises(CannotOpen) as refused:
        open_services(folder)
    assert refused.value.code == "read_only"


def test_a_read_only_database_file_is_refused(tmp_path, monkeypatch):
    folder = tmp_path / "data"
    _good_folder(folder)
    database = folder / DB_FILENAME
    database.chmod(0o400)
    real_access = os.access
    # root may write anything; pretend to be the clinic's ordinary account
    monkeypatch.setattr(preflight.os, "access",
                        lambda path, mode: False if Path(path) == database else
                        real_access(path, mode))
    before = _listing(folder)
    with pytest.raises(CannotOpen) as refused:
        open_services(folder)
    assert refused.value.code == "read_only"
    assert _listing(folder) == before


@pytest.mark.skipif(os.name != "posix" or os.geteuid() == 0,
                    reason="root writes into read-only folders")
def test_a_really_read_only_folder_is_refused(tmp_path):
    folder = tmp_path / "data"
    _good_folder(folder)
    folder.chmod(0o500)
    try:
        with pytest.raises(CannotOpen) as refused:
            open_services(folder)
        assert refused.value.code == "read_only"
    finally:
        folder.chmod(0o700)


def test_a_full_disk_is_refused_before_sqlite_fails(tmp_path, monkeypatch):
    folder = tmp_path / "data"
    _good_folder(folder)
    before = _listing(folder)

    class Usage:
        total, used, free = 10**9, 10**9 - 1000, 1000

    monkeypatch.setattr(preflight.shutil, "disk_usage", lambda _path: Usage())
    with pytest.raises(CannotOpen) as refused:
        open_services(folder)
    assert refused.value.code == "disk_full"
    assert "penuh" in refused.value.message
    assert _listing(folder) == before


def test_no_space_while_writing_is_a_full_disk(tmp_path, monkeypatch):
    folder = tmp_path / "data"

    def full(_folder):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(preflight, "_write_probe", full)
    with pytest.raises(CannotOpen) as refused:
        open_services(folder)
    assert refused.value.code == "disk_full"
    assert _classify(sqlite3.OperationalError("database or disk is full")).code == "disk_full"
    assert _classify(sqlite3.OperationalError("attempt to write a readonly database")).code \
        == "read_only"


def test_the_command_line_says_a_full_disk_in_one_line_and_exits_2(tmp_path, monkeypatch,
                                                                   capsys):
    def full(_folder):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(preflight, "_write_probe", full)
    code = main(["--data-dir", str(tmp_path / "data"), "list"])
    err = capsys.readouterr().err
    assert code == 2
    assert len(err.strip().splitlines()) == 1 and "penuh" in err and "Traceback" not in err


def test_the_command_line_refuses_a_damaged_file_in_one_line(tmp_path, capsys):
    folder = tmp_path / "data"
    good = _good_folder(folder)
    (folder / DB_FILENAME).write_bytes(good[: len(good) // 2])
    code = main(["--data-dir", str(folder), "list"])
    err = capsys.readouterr().err
    assert code == 2 and len(err.strip().splitlines()) == 1 and "rusak" in err
    assert (folder / DB_FILENAME).read_bytes() == good[: len(good) // 2]


# -- one running copy per folder ----------------------------------------------------------------
def test_a_second_copy_on_the_same_folder_is_told_it_is_in_use(tmp_path):
    folder = tmp_path / "data"
    first = lock_folder(folder)
    try:
        with pytest.raises(CannotOpen) as refused:
            lock_folder(folder)
        assert refused.value.code == "in_use"
        assert "sedang dibuka" in refused.value.message
        lock_folder(tmp_path / "elsewhere").release()  # another folder is free
    finally:
        first.release()
    lock_folder(folder).release()  # and free again once the first copy is gone


HOLDER = textwrap.dedent("""
    import sys, time
    from pathlib import Path
    from kemitraan_desktop.services.opening import lock_folder
    lock = lock_folder(Path(sys.argv[1]))
    print("held", flush=True)
    time.sleep(120)
""")


def _start_holder(folder: Path) -> subprocess.Popen:
    child = subprocess.Popen([sys.executable, "-c", HOLDER, str(folder)], cwd=ROOT,
                             stdout=subprocess.PIPE, text=True)
    assert child.stdout is not None and child.stdout.readline().strip() == "held"
    return child


@pytest.mark.skipif(os.name != "posix", reason="SIGKILL")
def test_a_lock_left_by_a_crashed_copy_does_not_block_the_next_start(tmp_path):
    folder = tmp_path / "data"
    _good_folder(folder)
    child = _start_holder(folder)
    try:
        with pytest.raises(CannotOpen) as refused:
            lock_folder(folder)
        assert refused.value.code == "in_use"
    finally:
        child.send_signal(signal.SIGKILL)  # a crash: no clean-up of any kind
        child.wait(10)
        child.stdout.close()
    assert (folder / "kemitraan.lock").exists()  # the file stays …
    opened = open_with_recovery(folder, ask=_never_asked, tell=_never_told)
    assert opened is not None  # … but nobody holds it
    try:
        assert [p.doctor_name for p in opened.svc.practices.list()] == ["dr. Siti"]
    finally:
        opened.close()


def test_the_command_line_refuses_to_write_while_a_window_holds_the_folder(tmp_path, capsys):
    folder = tmp_path / "data"
    _good_folder(folder)
    window = lock_folder(folder)
    try:
        for command in (["demo"], ["restore", str(tmp_path / "x.zip")],
                        ["import", str(tmp_path / "x.zip")],
                        ["agreement", "finalize", "--partnership", "1"]):
            code = main(["--data-dir", str(folder), *command])
            err = capsys.readouterr().err
            assert code == 2, command
            assert len(err.strip().splitlines()) == 1 and "sedang dibuka" in err, command
        # reading beside an open window is fine
        assert main(["--data-dir", str(folder), "list"]) == 0
    finally:
        window.release()
    assert main(["--data-dir", str(tmp_path / "kosong"), "demo"]) == 0
    assert main(["--data-dir", str(folder), "restore", str(tmp_path / "x.zip")]) == 2  # no file
    assert "tidak ditemukan" in capsys.readouterr().err  # refused for the file, not the lock


# -- the recovery choices -----------------------------------------------------------------------
def _never_asked(problem):
    raise AssertionError(f"asked about {problem.code}")


def _never_told(message, is_error):
    raise AssertionError(message)


def _damaged_with_backup(folder: Path) -> tuple[bytes, Path]:
    svc = open_services(folder)
    try:
        svc.practices.create(doctor_name="dr. Cadangan")
        saved = backup.automatic_backup(svc)
        svc.practices.create(doctor_name="dr. Sesudah cadangan")
    finally:
        svc.db.close()
    good = (folder / DB_FILENAME).read_bytes()
    damaged = good[: len(good) // 2]
    (folder / DB_FILENAME).write_bytes(damaged)
    assert saved is not None
    return damaged, saved


def test_restore_latest_moves_the_damaged_file_aside_and_brings_the_backup_back(tmp_path):
    folder = tmp_path / "data"
    damaged, saved = _damaged_with_backup(folder)
    asked, told = [], []

    def ask(problem):
        asked.append(problem)
        return Choice.RESTORE, None

    opened = open_with_recovery(folder, ask, lambda message, error: told.append((message,
                                                                                 error)))
    assert opened is not None
    try:
        assert [p.code for p in asked] == ["damaged"]
        assert asked[0].can_restore and asked[0].latest_backup.path == saved
        assert asked[0].choices() == [Choice.RESTORE, Choice.OTHER_FOLDER, Choice.QUIT]
        assert [p.doctor_name for p in opened.svc.practices.list()] == ["dr. Cadangan"]
        kept = recovery.set_aside_files(folder)
        assert len(kept) == 1 and kept[0].name.startswith(f"{DB_FILENAME}.rusak-")
        assert kept[0].read_bytes() == damaged  # moved, never written
        assert told and not told[0][1] and str(kept[0]) in told[0][0]
        from kemitraan_desktop.services import audit

        restored = [row for row in audit.list_entries(opened.svc, 0, 5)
                    if row.action == "restore"]
        assert restored and restored[0].changes["damaged_file"] == kept[0].name
        assert audit.check_chain(opened.svc).intact
    finally:
        opened.close()


def test_the_newest_sound_backup_is_used_when_the_newest_is_damaged_too(tmp_path):
    folder = tmp_path / "data"
    _damaged, saved = _damaged_with_backup(folder)
    newer = saved.with_name(backup.AUTO_PREFIX + "29991231-000000.sqlite3")
    newer.write_bytes(b"rusak juga")
    result = recovery.restore_latest(folder)
    assert result.restored_from == saved


def test_without_a_backup_the_choice_is_to_start_empty_keeping_the_damaged_file(tmp_path):
    folder = tmp_path / "data"
    good = _good_folder(folder)
    (folder / DB_FILENAME).write_bytes(good[:-1000])
    problems = []

    def ask(problem):
        problems.append(problem)
        return Choice.START_EMPTY, None

    opened = open_with_recovery(folder, ask, lambda message, error: None)
    assert opened is not None
    try:
        assert problems[0].choices() == [Choice.START_EMPTY, Choice.OTHER_FOLDER, Choice.QUIT]
        assert opened.svc.practices.list() == []
        assert recovery.set_aside_files(folder)[0].read_bytes() == good[:-1000]
    finally:
        opened.close()


def test_a_failed_restore_changes_nothing_and_asks_again(tmp_path):
    folder = tmp_path / "data"
    damaged, saved = _damaged_with_backup(folder)
    saved.write_bytes(b"the only backup is damaged too")
    answers = iter([Choice.RESTORE, Choice.QUIT])
    told = []
    opened = open_with_recovery(folder, lambda problem: (next(answers), None),
                                lambda message, error: told.append((message, error)))
    assert opened is None
    assert told and told[0][1] is True
    assert (folder / DB_FILENAME).read_bytes() == damaged
    assert recovery.set_aside_files(folder) == []
    lock_folder(folder).release()  # quitting let go of the folder


def test_another_folder_can_be_chosen_and_in_use_can_be_retried(tmp_path):
    folder, other = tmp_path / "data", tmp_path / "lain"
    _good_folder(folder)
    _good_folder(other, doctor="dr. Lain")
    holder = lock_folder(folder)
    problems = []

    def ask(problem):
        problems.append(problem)
        if len(problems) == 1:
            holder.release()  # the other window was closed meanwhile
            return Choice.RETRY, None
        raise AssertionError("asked twice")

    opened = open_with_recovery(folder, ask, _never_told)
    assert opened is not None and problems[0].code == "in_use"
    assert problems[0].choices() == [Choice.RETRY, Choice.OTHER_FOLDER, Choice.QUIT]
    opened.close()

    (folder / DB_FILENAME).write_bytes(b"bukan basis data")
    opened = open_with_recovery(folder, lambda problem: (Choice.OTHER_FOLDER, other),
                                _never_told)
    assert opened is not None and opened.folder == other
    try:
        assert [p.doctor_name for p in opened.svc.practices.list()] == ["dr. Lain"]
    finally:
        opened.close()


def test_a_newer_schema_offers_no_restore(tmp_path):
    folder = tmp_path / "data"
    _good_folder(folder)
    with sqlite3.connect(folder / DB_FILENAME) as raw:
        raw.execute("UPDATE alembic_version SET version_num = '9999'")
    problems = []
    assert open_with_recovery(folder, lambda p: (problems.append(p), (Choice.QUIT, None))[1],
                              _never_told) is None
    assert problems[0].code == "newer_schema"
    assert problems[0].choices() == [Choice.OTHER_FOLDER, Choice.QUIT]
