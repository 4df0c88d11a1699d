"""Backups: rotation, a manual backup carried away, and a restore that checks first."""

from __future__ import annotations

import zipfile
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from kemitraan_desktop.domain.errors import UserError
from kemitraan_desktop.services import backup
from kemitraan_desktop.services.demo import create_demo
from kemitraan_desktop.services.opening import open_services
from kemitraan_desktop.storage.database import DB_FILENAME


def test_automatic_backups_are_daily_and_rotated_to_ten_plus_one_per_month(svc):
    svc.practices.create(doctor_name="dr. A")
    start = datetime(2026, 1, 1, 9, tzinfo=UTC)
    for day in range(120):
        backup.automatic_backup(svc, now=start + timedelta(days=day))
    assert backup.automatic_backup(svc, now=start + timedelta(days=119, hours=3)) is None
    names = [info.path.name for info in backup.list_backups(svc)]
    months = {name[len(backup.AUTO_PREFIX):][:6] for name in names}
    assert months == {"202601", "202602", "202603", "202604"}
    assert len(names) == 10 + 3  # the last 10 are all in April/May; one per older month


def test_a_manual_backup_restores_everything_into_an_empty_folder(svc, tmp_path: Path):
    create_demo(svc)
    before = {row.title for row in svc.partnerships.list()}
    file = backup.backup_to_file(svc, tmp_path / "cadangan.zip")
    stored = {a.sha256 for a in svc.attachments.list()}
    elsewhere = tmp_path / "laptop-baru"
    result = backup.restore(elsewhere, file)
    assert result.previous_kept_as is None and result.attachments_added == len(stored)
    restored = open_services(elsewhere)
    try:
        assert {row.title for row in restored.partnerships.list()} == before
        assert all(restored.db.attachments.verify(sha) for sha in stored)
    finally:
        restored.db.close()


def test_restore_keeps_the_database_it_replaces(svc, data_dir, tmp_path: Path):
    svc.practices.create(doctor_name="dr. Lama")
    file = backup.backup_to_file(svc, tmp_path / "cadangan.zip")
    svc.practices.create(doctor_name="dr. Baru")
    svc.db.close()
    result = backup.restore(data_dir, file)
    assert result.previous_kept_as is not None and result.previous_kept_as.exists()
    again = open_services(data_dir)
    try:
        assert [p.doctor_name for p in again.practices.list()] == ["dr. Lama"]
    finally:
        again.db.close()


@pytest.mark.parametrize("content", [
    b"",
    b"random bytes " * 500,
    b"SQLite format 3\x00" + b"\x00" * 100,  # truncated database
])
def test_a_file_that_is_not_a_sound_backup_is_refused_and_nothing_changes(
        svc, data_dir, tmp_path: Path, content: bytes):
    svc.practices.create(doctor_name="dr. Tetap")
    svc.db.close()
    before = (data_dir / DB_FILENAME).read_bytes()
    bad = tmp_path / "rusak.sqlite3"
    bad.write_bytes(content)
    with pytest.raises(UserError):
        backup.restore(data_dir, bad)
    assert (data_dir / DB_FILENAME).read_bytes() == before


NOT_A_BACKUP = ("Berkas ini bukan cadangan Kemitraan Desktop, atau sudah rusak: berkas ini bukan "
                "basis data yang dapat dibaca program.")


@pytest.mark.parametrize("content", [b"random bytes " * 500, bytes(range(256)) * 64])
def test_a_file_that_is_not_a_database_is_said_in_indonesian_by_the_quick_look_and_restore(
        svc, data_dir, tmp_path: Path, content: bytes):
    bad = tmp_path / "rusak.sqlite3"
    bad.write_bytes(content)
    with pytest.raises(UserError) as looked:
        backup.check_backup(bad)
    assert looked.value.message == NOT_A_BACKUP  # not sqlite3's "file is not a database"
    svc.db.close()
    with pytest.raises(UserError) as restored:
        backup.restore(data_dir, bad)
    assert restored.value.message == NOT_A_BACKUP
    assert sorted(p.name for p in tmp_path.iterdir()) == ["data", "rusak.sqlite3"]


def test_the_quick_look_passes_a_sound_backup_and_writes_nothing(svc, tmp_path: Path):
    svc.practices.create(doctor_name="dr. A")
    file = backup.backup_to_file(svc, tmp_path / "usb" / "cadangan.zip")
    copy = tmp_path / "usb" / "salinan.sqlite3"
    copy.write_bytes(zipfile.ZipFile(file).read(DB_FILENAME))
    backup.check_backup(file)
    backup.check_backup(copy)
    assert sorted(p.name for p in (tmp_path / "usb").iterdir()) == ["cadangan.zip",
                                                                     "salinan.sqlite3"]


def test_a_backup_with_a_changed_byte_is_refused(svc, data_dir, tmp_path: Path):
    svc.practices.create(doctor_name="dr. A")
    file = backup.backup_to_file(svc, tmp_path / "cadangan.zip")
    with zipfile.ZipFile(file) as archive:
        entries = {name: archive.read(name) for name in archive.namelist()}
    data = bytearray(entries[DB_FILENAME])
    data[-1] ^= 0xFF
    entries[DB_FILENAME] = bytes(data)
    tampered = tmp_path / "diubah.zip"
    with zipfile.ZipFile(tampered, "w") as archive:
        for name, blob in entries.items():
            archive.writestr(name, blob)
    svc.db.close()
    with pytest.raises(UserError):
        backup.restore(data_dir, tampered)
