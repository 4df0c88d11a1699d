"""The program password over the services: stored in the database (so it travels with backups),
set, changed and removed only with the current one, logged without the password or its hash, and
read at start without SQLAlchemy and without changing the file."""

from __future__ import annotations

import json
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from kemitraan_desktop.domain.errors import UserError
from kemitraan_desktop.domain.password import PasswordHash
from kemitraan_desktop.services import audit, backup, password
from kemitraan_desktop.services.opening import open_services
from kemitraan_desktop.services.password import Gate, password_at_start
from kemitraan_desktop.storage.database import DB_FILENAME
from kemitraan_desktop.storage.password_record import PASSWORD_KEY

ROOT = Path(__file__).resolve().parents[2]


def _raw_setting(data_dir: Path) -> str | None:
    with sqlite3.connect(data_dir / DB_FILENAME) as connection:
        row = connection.execute("SELECT value FROM setting WHERE key = ?",
                                 (PASSWORD_KEY,)).fetchone()
    return row[0] if row else None


def _password_entries(svc) -> list[audit.AuditRow]:
    return [row for row in audit.list_entries(svc, 0, 1000) if row.entity == password.ENTITY]


def test_no_password_by_default(svc):
    assert not password.password_is_set(svc)
    assert password.check_password(svc, "anything")
    assert password_at_start(svc.db.data_dir).gate == Gate.OPEN


def test_set_stores_the_hash_with_its_parameters_in_the_setting_table(svc, data_dir):
    password.set_password(svc, "rahasia1", "rahasia1")
    stored = _raw_setting(data_dir)
    assert stored is not None and stored.startswith("scrypt$16384$8$1$")
    assert "rahasia1" not in stored
    record = PasswordHash.decode(stored)
    assert len(record.salt) == 16
    assert password.password_is_set(svc)
    assert password.check_password(svc, "rahasia1")
    assert not password.check_password(svc, "rahasia2")


def test_changing_asks_the_current_password(svc):
    password.set_password(svc, "rahasia1", "rahasia1")
    for current in (None, "salah123"):
        with pytest.raises(UserError) as refused:
            password.set_password(svc, "baru1234", "baru1234", current)
        assert refused.value.message == "Kata sandi salah."
    assert password.check_password(svc, "rahasia1")
    password.set_password(svc, "baru1234", "baru1234", "rahasia1")
    assert password.check_password(svc, "baru1234") and not password.check_password(
        svc, "rahasia1")


def test_a_short_or_mistyped_new_password_changes_nothing(svc):
    with pytest.raises(UserError):
        password.set_password(svc, "abc", "abc")
    with pytest.raises(UserError):
        password.set_password(svc, "rahasia1", "rahasia2")
    assert not password.password_is_set(svc)
    assert _password_entries(svc) == []


def test_removing_asks_the_current_password(svc):
    password.set_password(svc, "rahasia1", "rahasia1")
    with pytest.raises(UserError):
        password.remove_password(svc, "salah123")
    with pytest.raises(UserError):
        password.remove_password(svc, None)
    assert password.password_is_set(svc)
    assert password.remove_password(svc, "rahasia1") is True
    assert not password.password_is_set(svc)
    assert password.remove_password(svc, "rahasia1") is False  # nothing left to remove


def test_a_forgotten_password_is_removed_without_it_and_the_trail_says_so(svc):
    password.set_password(svc, "rahasia1", "rahasia1")
    assert password.remove_password(svc, None, forgotten=True)
    assert not password.password_is_set(svc)
    assert _password_entries(svc)[0].changes == {"forgotten": True}


def test_the_audit_trail_records_each_change_but_never_the_password_or_its_hash(svc, data_dir):
    password.set_password(svc, "rahasia1", "rahasia1")
    stored = _raw_setting(data_dir)
    password.set_password(svc, "baru1234", "baru1234", "rahasia1")
    stored_after = _raw_setting(data_dir)
    password.remove_password(svc, "baru1234")
    entries = _password_entries(svc)
    assert [entry.action for entry in reversed(entries)] == ["create", "update", "delete"]
    assert all(entry.actor == "dr. Penguji" for entry in entries)
    with sqlite3.connect(data_dir / DB_FILENAME) as connection:
        everything = json.dumps(connection.execute("SELECT * FROM audit_entry").fetchall())
    for secret in ("rahasia1", "baru1234", stored, stored_after,
                   stored.split("$")[4], stored.split("$")[5]):
        assert secret not in everything
    with svc.db.session() as session:
        assert audit.verify_chain(session).intact


def test_the_password_travels_with_a_backup(svc, tmp_path):
    password.set_password(svc, "rahasia1", "rahasia1")
    copy = backup.backup_to_file(svc, tmp_path / "cadangan.zip")
    password.remove_password(svc, "rahasia1")
    folder = tmp_path / "lain"
    backup.restore(folder, copy)
    at_start = password_at_start(folder)
    assert at_start.gate == Gate.LOCKED
    assert at_start.check("rahasia1") and not at_start.check("rahasia2")


def test_reading_at_start_changes_nothing_and_says_when_it_cannot_read(tmp_path):
    folder = tmp_path / "data"
    assert password_at_start(folder).gate == Gate.OPEN  # no folder, no file: nothing created
    assert not folder.exists()
    svc = open_services(folder)
    password.set_password(svc, "rahasia1", "rahasia1")
    svc.db.close()
    before = {path.name: path.read_bytes() for path in folder.iterdir() if path.is_file()}
    assert password_at_start(folder).gate == Gate.LOCKED
    assert {path.name: path.read_bytes() for path in folder.iterdir()
            if path.is_file()} == before

    (folder / DB_FILENAME).write_bytes(b"Surat undangan rapat\n" * 300)
    assert password_at_start(folder).gate == Gate.UNKNOWN
    (folder / DB_FILENAME).write_bytes(b"")  # an empty file is an empty database
    assert password_at_start(folder).gate == Gate.OPEN


def test_another_programs_database_is_unknown_not_open(tmp_path):
    folder = tmp_path / "data"
    folder.mkdir()
    with sqlite3.connect(folder / DB_FILENAME) as other:
        other.execute("CREATE TABLE contacts (name TEXT)")
    assert password_at_start(folder).gate == Gate.UNKNOWN


def test_the_start_check_loads_neither_sqlalchemy_nor_the_hashing(tmp_path):
    """Without a password the start must not get slower: the check is a plain SQLite read."""
    folder = tmp_path / "data"
    svc = open_services(folder)
    svc.db.close()
    script = (
        "import sys; from pathlib import Path\n"
        "from kemitraan_desktop.services.password import password_at_start\n"
        f"print(password_at_start(Path({str(folder)!r})).gate)\n"
        "print(sorted(m for m in ('sqlalchemy', 'kemitraan_desktop.domain.password', "
        "'kemitraan_desktop.storage.models') if m in sys.modules))\n"
    )
    done = subprocess.run([sys.executable, "-c", script], cwd=ROOT, capture_output=True,
                          text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    assert done.stdout.split("\n")[:2] == ["open", "[]"]
