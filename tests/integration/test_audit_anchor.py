"""The audit chain's head kept outside its table (issue 16.5): deleting the last entries, or
rewriting one and sealing the rest again with the program's own function, is seen by `check`
against the anchor file and the automatic backups; a removed audit table is said plainly by
check, backup, export and import instead of the internal error.

Each case was run against the code before the anchor: the truncated and the resealed log
checked "rantai utuh" with exit code 0, and the dropped table gave "terjadi masalah di dalam
program (OperationalError)".
"""

from __future__ import annotations

import json
import shutil
import sqlite3
import time
import zipfile
from datetime import UTC, datetime
from pathlib import Path

import pytest

from kemitraan_desktop.cli import main
from kemitraan_desktop.services import backup
from kemitraan_desktop.services.app import Services
from kemitraan_desktop.services.audit import _seal
from kemitraan_desktop.storage.database import Database
from kemitraan_desktop.storage.names import AUDIT_ANCHOR_FILENAME, DB_FILENAME


@pytest.fixture(scope="module")
def demo_folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("demo") / "data"
    assert main(["--data-dir", str(folder), "demo"]) == 0
    return folder


@pytest.fixture
def folder(demo_folder: Path, tmp_path: Path) -> Path:
    copy = tmp_path / "data"
    shutil.copytree(demo_folder, copy, ignore=shutil.ignore_patterns("*.lock"))
    return copy


def run(capsys: pytest.CaptureFixture[str], folder: Path, *args: str) -> tuple[int, str, str]:
    capsys.readouterr()
    code = main(["--data-dir", str(folder), *args])
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def sql(folder: Path, statement: str) -> list[tuple]:
    with sqlite3.connect(folder / DB_FILENAME) as raw:
        return raw.execute(statement).fetchall()


def entries(folder: Path) -> int:
    return sql(folder, "SELECT count(*) FROM audit_entry")[0][0]


def reseal_from(folder: Path, first: int) -> None:
    """What a forger with the program's own sealing function does after rewriting an entry."""
    with sqlite3.connect(folder / DB_FILENAME) as raw:
        prev = raw.execute("SELECT hash FROM audit_entry WHERE id = ?", (first - 1,)).fetchone()[0]
        rows = raw.execute("SELECT id, at, actor, action, entity, entity_id, partnership_id, "
                           "summary FROM audit_entry WHERE id >= ? ORDER BY id", (first,))
        for row in rows.fetchall():
            at = datetime.fromisoformat(row[1])
            at = at if at.tzinfo else at.replace(tzinfo=UTC)
            seal = _seal(prev, at, *row[2:])
            raw.execute("UPDATE audit_entry SET prev_hash = ?, hash = ? WHERE id = ?",
                        (prev, seal, row[0]))
            prev = seal


def automatic_backup(folder: Path) -> Path:
    database = Database.open(folder)
    try:
        made = backup.automatic_backup(Services(database), force=True)
    finally:
        database.close()
    assert made is not None
    return made


def test_check_keeps_the_head_and_an_untouched_log_agrees_with_it(capsys, folder: Path) -> None:
    code, out, err = run(capsys, folder, "check")
    assert code == 0, out + err
    count = entries(folder)
    anchor = json.loads((folder / AUDIT_ANCHOR_FILENAME).read_text(encoding="utf-8"))
    assert (anchor["entries"], anchor["last_id"]) == (count, count)
    assert f"Ujung log audit: entri #{count} (" in out
    assert "dibandingkan dengan 0 salinan sebelumnya (berkas jangkar, cadangan), 0 tidak cocok." \
        in out
    code, out, err = run(capsys, folder, "check")
    assert code == 0, out + err
    assert "dibandingkan dengan 1 salinan sebelumnya (berkas jangkar, cadangan), 0 tidak cocok." \
        in out
    assert "Basis data dalam kondisi baik." in out


def test_deleting_the_last_entries_is_seen_against_the_anchor(capsys, folder: Path) -> None:
    assert run(capsys, folder, "check")[0] == 0
    count = entries(folder)
    sql(folder, f"DELETE FROM audit_entry WHERE id > {count - 5}")
    code, out, err = run(capsys, folder, "check")
    assert code == 1
    assert f"Log audit: {count - 5} entri, rantai utuh." in out  # the chain alone cannot tell
    assert (f"Log audit dibandingkan dengan berkas jangkar audit-anchor.json: tercatat {count} "
            f"entri sampai entri #{count}; kini log hanya memuat {count - 5} entri sampai di "
            "sana: ada entri yang dihapus.") in out
    assert "Masalah yang ditemukan: 1." in err
    # …and the anchor is not moved back to the shortened log: the next check says it again.
    assert run(capsys, folder, "check")[0] == 1


def test_a_log_emptied_is_seen_against_the_anchor(capsys, folder: Path) -> None:
    assert run(capsys, folder, "check")[0] == 0
    count = entries(folder)
    sql(folder, "DELETE FROM audit_entry")
    code, out, err = run(capsys, folder, "check")
    assert code == 1
    assert (f"tercatat {count} entri sampai entri #{count}; kini log hanya memuat 0 entri "
            "sampai di sana: ada entri yang dihapus.") in out


def test_an_entry_rewritten_and_the_chain_sealed_again_is_seen(capsys, folder: Path) -> None:
    assert run(capsys, folder, "check")[0] == 0
    count = entries(folder)
    sql(folder, "UPDATE audit_entry SET actor = 'orang lain' WHERE id = 5")
    reseal_from(folder, 5)
    code, out, err = run(capsys, folder, "check")
    assert code == 1
    assert f"Log audit: {count} entri, rantai utuh." in out
    assert (f"Log audit dibandingkan dengan berkas jangkar audit-anchor.json: entri #{count} "
            "bukan entri yang tercatat di sana: log telah ditulis ulang dan disegel lagi.") in out
    assert "Masalah yang ditemukan: 1." in err


def test_an_automatic_backup_holds_the_head_when_the_anchor_file_is_gone(
        capsys, folder: Path) -> None:
    made = automatic_backup(folder)
    (folder / AUDIT_ANCHOR_FILENAME).unlink()
    in_backup = entries(folder) - 1  # the backup's own entry is logged after the copy
    sql(folder, f"DELETE FROM audit_entry WHERE id > {in_backup - 3}")
    code, out, err = run(capsys, folder, "check")
    assert code == 1
    assert (f"Log audit dibandingkan dengan cadangan {made.name}: tercatat {in_backup} entri "
            f"sampai entri #{in_backup}; kini log hanya memuat {in_backup - 3} entri sampai di "
            "sana: ada entri yang dihapus.") in out


def test_a_restore_starts_a_new_history_without_a_false_alarm(
        capsys, folder: Path, tmp_path: Path) -> None:
    older = automatic_backup(folder)
    kept = tmp_path / older.name
    shutil.copy(older, kept)
    assert run(capsys, folder, "export", "--partnership", "1",
               "--out", str(tmp_path / "paket.zip"))[0] == 0  # the log goes on
    time.sleep(1.1)  # automatic backups are named by the second
    automatic_backup(folder)  # a later history than the one restored: no longer this one's
    assert run(capsys, folder, "restore", str(kept))[0] == 0
    code, out, err = run(capsys, folder, "check")
    assert code == 0, out + err
    assert "Basis data dalam kondisi baik." in out


def test_backups_and_exports_carry_the_head_in_their_manifest(
        capsys, folder: Path, tmp_path: Path) -> None:
    out_backup = tmp_path / "cadangan.zip"
    assert run(capsys, folder, "backup", "--out", str(out_backup))[0] == 0
    count = entries(folder) - 1  # the backup entry comes after the copy
    with zipfile.ZipFile(out_backup) as archive:
        head = json.loads(archive.read("manifest.json"))["audit"]
    assert (head["entries"], head["last_id"]) == (count, count)
    assert head["last_hash"] == sql(folder, f"SELECT hash FROM audit_entry WHERE id = {count}"
                                    )[0][0]
    package = tmp_path / "paket.zip"
    assert run(capsys, folder, "export", "--partnership", "1", "--out", str(package))[0] == 0
    with zipfile.ZipFile(package) as archive:
        head = json.loads(archive.read("manifest.json"))["audit"]
    assert (head["entries"], head["last_id"]) == (count + 1, count + 1)
    anchor = json.loads((folder / AUDIT_ANCHOR_FILENAME).read_text(encoding="utf-8"))
    assert anchor["entries"] == count + 2  # the export's own entry, after it was logged


def test_a_dropped_audit_table_is_said_plainly(capsys, folder: Path, tmp_path: Path) -> None:
    package = tmp_path / "paket.zip"
    assert run(capsys, folder, "export", "--partnership", "1", "--out", str(package))[0] == 0
    sql(folder, "DROP TABLE audit_entry")

    code, out, err = run(capsys, folder, "check")
    assert code == 1
    assert "Skema: tabel audit_entry tidak ada." in out
    assert ("Log audit: TIDAK ADA (tabel audit_entry dihapus di luar program); pulihkan "
            "cadangan terbaru.") in out
    assert "Masalah yang ditemukan: 2." in err  # the table and its index, nothing twice
    assert "OperationalError" not in out + err

    out_backup = tmp_path / "cadangan.zip"
    code, out, err = run(capsys, folder, "backup", "--out", str(out_backup))
    assert code == 2
    assert f"Kesalahan: Cadangan telah ditulis ({out_backup}), tetapi log audit basis data" in err
    assert zipfile.ZipFile(out_backup).testzip() is None  # the copy is still made

    code, out, err = run(capsys, folder, "export", "--partnership", "1",
                         "--out", str(tmp_path / "lagi.zip"))
    assert code == 2
    assert "Kesalahan: Log audit basis data ini tidak ada (tabelnya, audit_entry," in err
    assert not (tmp_path / "lagi.zip").exists()

    other = tmp_path / "lain"
    assert run(capsys, other, "list")[0] == 0
    sql(other, "DROP TABLE audit_entry")
    code, out, err = run(capsys, other, "import", str(package))
    assert code == 2
    assert "Kesalahan: Log audit basis data ini tidak ada" in err
    assert "tidak ada yang diubah" in err
    assert sql(other, "SELECT count(*) FROM partnership") == [(0,)]


def test_a_dropped_column_is_refused_at_start_with_the_newest_backup_offered(
        capsys, folder: Path) -> None:
    """The window read the list, then stopped with OperationalError (no such column); now the
    start-up names the column, changes nothing and offers the backup, which then opens."""
    from kemitraan_desktop.services.recovery import Choice, open_with_recovery

    automatic_backup(folder)
    sql(folder, "ALTER TABLE partnership DROP COLUMN idea")
    def dump(path: Path) -> list[str]:
        with sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True) as raw:
            return list(raw.iterdump())

    before = dump(folder / DB_FILENAME)
    asked = []

    def ask(problem):  # noqa: ANN001, ANN202
        asked.append(problem)
        return (Choice.RESTORE, None) if len(asked) == 1 else (Choice.QUIT, None)

    told: list[str] = []
    opened = open_with_recovery(folder, ask, lambda message, _error: told.append(message))
    problem = asked[0]
    assert problem.code == "schema_changed"
    assert problem.message.startswith(
        "Struktur basis data telah diubah di luar program (partnership.idea tidak ada), sehingga "
        "jendela tidak dapat menampilkannya. Basis data itu tidak diubah.")
    assert problem.choices() == [Choice.RESTORE, Choice.OTHER_FOLDER, Choice.QUIT]
    kept = [path for path in folder.glob(f"{DB_FILENAME}.rusak-*")
            if not path.name.endswith(("-wal", "-shm"))]
    assert len(kept) == 1 and dump(kept[0]) == before  # the changed file, kept as it was
    assert opened is not None and len(asked) == 1  # the backup opened: asked no more
    try:
        assert opened.svc.partnerships.get(1).idea.startswith("Pasien peserta JKN")
    finally:
        opened.svc.db.close()
        opened.lock.release()
    assert told[0].startswith("Data dipulihkan dari cadangan otomatis tanggal ")
