"""The data folder is private to its user on POSIX: folders 0700, files 0600 (UU 27/2022)."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest

from kemitraan_desktop.services import activities, backup
from kemitraan_desktop.services.demo import create_demo
from kemitraan_desktop.services.opening import open_services
from kemitraan_desktop.storage.permissions import loose_permissions

pytestmark = pytest.mark.skipif(os.name != "posix", reason="POSIX permissions")


def mode(path: Path) -> int:
    return stat.S_IMODE(os.lstat(path).st_mode)


def test_everything_the_program_writes_in_its_folder_is_private(tmp_path: Path) -> None:
    old = os.umask(0o022)  # a usual desktop umask: new files 0644, folders 0755
    try:
        data = tmp_path / "data"
        svc = open_services(data)
        demo = create_demo(svc)
        report = svc.reports.list()[0]
        photo = tmp_path / "foto.jpg"
        photo.write_bytes(b"\xff\xd8 not really a photo")
        activities.attach_file(svc, report.id, photo)
        backup.automatic_backup(svc, force=True)
        carried = backup.backup_to_file(svc, tmp_path / "usb" / "cadangan.zip")
        svc.db.close()
    finally:
        os.umask(old)

    assert demo.partnership_ids
    assert mode(data) == 0o700
    assert mode(data / "kemitraan.sqlite3") == 0o600
    assert loose_permissions(data) == []
    assert mode(carried) == 0o600


def test_a_folder_left_open_by_an_older_version_is_closed_at_start(tmp_path: Path) -> None:
    data = tmp_path / "data"
    open_services(data).db.close()
    os.chmod(data, 0o755)
    os.chmod(data / "kemitraan.sqlite3", 0o644)

    open_services(data).db.close()

    assert mode(data) == 0o700
    assert mode(data / "kemitraan.sqlite3") == 0o600
