"""The schema: every released version's database upgrades to the newest without loss."""

from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path

import pytest
from alembic.script import ScriptDirectory
from sqlalchemy import inspect

from kemitraan_desktop.storage.base import Base
from kemitraan_desktop.storage.database import (
    DB_FILENAME,
    SCHEMA_HEAD,
    Database,
    StorageError,
    _alembic_config,
)

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "schemas"


def test_the_cheap_head_check_names_the_newest_migration():
    assert ScriptDirectory.from_config(_alembic_config()).get_current_head() == SCHEMA_HEAD


def test_an_empty_folder_gets_every_table_of_the_model(tmp_path: Path):
    database = Database.open(tmp_path)
    try:
        tables = set(inspect(database.engine).get_table_names())
        assert set(Base.metadata.tables) <= tables
        assert database.schema_version() == SCHEMA_HEAD
        assert database.integrity_check() == []
    finally:
        database.close()


def test_the_migrated_schema_matches_the_models(tmp_path: Path):
    """Autogenerate finds nothing to do: the migrations and the models agree."""
    from alembic.autogenerate import compare_metadata
    from alembic.migration import MigrationContext

    database = Database.open(tmp_path)
    try:
        with database.engine.connect() as connection:
            context = MigrationContext.configure(connection, opts={"compare_type": True})
            assert compare_metadata(context, Base.metadata) == []
    finally:
        database.close()


@pytest.mark.parametrize("fixture", sorted(FIXTURES.glob("*.sqlite3")), ids=lambda p: p.stem)
def test_every_released_schema_upgrades_without_loss(fixture: Path, tmp_path: Path):
    shutil.copy(fixture, tmp_path / DB_FILENAME)
    with sqlite3.connect(tmp_path / DB_FILENAME) as raw:
        before = {
            table: raw.execute(f'SELECT COUNT(*) FROM "{table}"').fetchone()[0]
            for (table,) in raw.execute(
                "SELECT name FROM sqlite_master WHERE type='table' AND name != 'alembic_version'")
        }
    assert sum(before.values()) > 0, "a schema fixture must hold data to prove nothing is lost"
    database = Database.open(tmp_path)
    try:
        assert database.schema_version() == SCHEMA_HEAD
        with database.engine.connect() as connection:
            for table, count in before.items():
                assert connection.exec_driver_sql(
                    f'SELECT COUNT(*) FROM "{table}"').scalar() == count, table
        assert database.integrity_check() == []
    finally:
        database.close()


def test_a_newer_schema_is_refused_and_left_untouched(tmp_path: Path):
    Database.open(tmp_path).close()
    path = tmp_path / DB_FILENAME
    with sqlite3.connect(path) as raw:
        raw.execute("UPDATE alembic_version SET version_num = '9999'")
    before = path.read_bytes()
    with pytest.raises(StorageError) as refused:
        Database.open(tmp_path)
    assert refused.value.code == "newer_schema"
    assert path.read_bytes() == before


def test_a_file_that_is_not_a_database_is_refused_and_left_untouched(tmp_path: Path):
    path = tmp_path / DB_FILENAME
    path.write_bytes(b"this is a letter, not a database" * 100)
    with pytest.raises(StorageError) as refused:
        Database.open(tmp_path)
    assert refused.value.code == "not_a_database"
    assert path.read_bytes() == b"this is a letter, not a database" * 100


def test_a_partners_contact_person_becomes_its_first_person_and_nothing_hanging_on_it_is_lost(
        tmp_path: Path):
    """0002: the contact typed on the partner row moves into the partner's people (the one who
    signs), the licences and candidates of the partner stay, and a BPJS agreement gets the
    capitation rate the settings held."""
    shutil.copy(FIXTURES / "0001.sqlite3", tmp_path / DB_FILENAME)
    with sqlite3.connect(tmp_path / DB_FILENAME) as raw:
        raw.execute("INSERT INTO setting (key, value) VALUES ('capitation_rate_sen', '830000')")
        licences = raw.execute("SELECT COUNT(*) FROM partner_licence").fetchone()[0]
    database = Database.open(tmp_path)
    try:
        with database.engine.connect() as connection:
            people = connection.exec_driver_sql(
                "SELECT partner_id, name, job_title, signs FROM partner_person ORDER BY id").all()
            assert people == [
                (1, "Drs. Bambang Hartono, M.M.", "Kepala Kantor Cabang", 1),
                (2, "apt. Dewi Lestari, S.Farm.", "Apoteker Penanggung Jawab", 1),
                (3, "dr. Agus Wibowo, Sp.PK", "Penanggung Jawab Laboratorium", 1),
                (4, "Sri Wahyuni, A.Md.Keb.", "Bidan", 1),
            ]
            assert connection.exec_driver_sql(
                "SELECT COUNT(*) FROM partner_licence").scalar() == licences
            rates = connection.exec_driver_sql(
                "SELECT partnership_id, capitation_rate_sen FROM agreement ORDER BY id").all()
            assert rates == [(1, 0), (2, 0), (3, 830000)]
            assert connection.exec_driver_sql(
                "SELECT COUNT(*) FROM setting WHERE key = 'capitation_rate_sen'").scalar() == 0
    finally:
        database.close()


def test_the_agreement_counter_starts_where_the_count_of_finalized_agreements_stood(
        tmp_path: Path):
    """0006: the released data has two finalized agreements (001 and 002): its counter starts
    at 2, so the next agreement finalized is numbered 003, as it would have been."""
    from kemitraan_desktop.storage.write_order import take_next

    shutil.copy(FIXTURES / "0001.sqlite3", tmp_path / DB_FILENAME)
    database = Database.open(tmp_path)
    try:
        with database.engine.connect() as connection:
            assert connection.exec_driver_sql(
                "SELECT practice_id, name, value FROM counter").all() == [(1, "agreement", 2)]
        with database.locked_session() as session:
            assert take_next(session, 1, "agreement") == 3
        with database.locked_session() as session:
            assert take_next(session, 1, "agreement") == 4
    finally:
        database.close()
