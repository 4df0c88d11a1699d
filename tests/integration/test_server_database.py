"""One PostgreSQL server for every computer of a practice (issue 15.1): ``--database-url`` and
``KEMITRAAN_DATABASE_URL`` choose it for every command; without them the data folder's own
SQLite file is used. The same commands run on both databases (the ``database_url`` fixture runs
each test twice), and what one computer writes to the server a second one reads."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from pypdf import PdfReader

from kemitraan_desktop.cli import main
from kemitraan_desktop.storage.names import DB_FILENAME


def run(capsys, folder: Path, url: str | None, *args: str) -> tuple[int, str, str]:
    capsys.readouterr()
    server = ["--database-url", url] if url else []
    if url is None:  # `--database-url` of an earlier command in this process is forgotten
        os.environ["KEMITRAAN_DATABASE_URL"] = ""  # (conftest restores it after the test)
    code = main(["--data-dir", str(folder), *server, *args])
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def test_demo_list_check_and_the_pks_print_on_both_databases(capsys, tmp_path: Path,
                                                             database_url: str | None):
    folder = tmp_path / "data"
    code, out, err = run(capsys, folder, database_url, "demo")
    assert code == 0, err
    code, out, err = run(capsys, folder, database_url, "list")
    lines = out.strip().splitlines()
    assert code == 0 and len(lines) == 3, out
    assert any("Apotek Sehat Sentosa" in line for line in lines)
    code, out, err = run(capsys, folder, database_url, "check")
    assert code == 0, out + err

    pdf = tmp_path / "pks.pdf"
    code, out, err = run(capsys, folder, database_url, "report", "mou", "--partnership", "1",
                         "--out", str(pdf))
    assert code == 0, err
    text = " ".join(page.extract_text() for page in PdfReader(pdf).pages)
    assert "PIHAK PERTAMA" in text and "Apotek Sehat Sentosa" in text
    archive = tmp_path / "arsip.pdf"
    code, out, err = run(capsys, folder, database_url, "report", "archive", "--partnership", "1",
                         "--out", str(archive))
    assert code == 0 and archive.stat().st_size > 10_000, err
    # On a server, the data is there, not in the folder: no database file was made beside it.
    assert (folder / DB_FILENAME).exists() is (database_url is None)


def test_export_from_one_database_import_into_another(capsys, tmp_path: Path,
                                                      database_url: str | None):
    ours = tmp_path / "ours"
    assert run(capsys, ours, database_url, "demo")[0] == 0
    package = tmp_path / "apotek.zip"
    code, out, err = run(capsys, ours, database_url, "export", "--partnership", "1",
                         "--out", str(package))
    assert code == 0 and package.exists(), err
    theirs = tmp_path / "theirs"  # an empty folder on its own SQLite file
    code, out, err = run(capsys, theirs, None, "import", str(package))
    assert code == 0, err
    code, out, err = run(capsys, theirs, None, "list")
    assert "Kerja sama pelayanan obat peserta JKN" in out


def test_a_second_computer_reads_what_the_first_wrote_to_the_server(
        capsys, tmp_path: Path, postgres_cluster, monkeypatch: pytest.MonkeyPatch):
    database_url = postgres_cluster.create_database("dua_komputer")
    first, second = tmp_path / "komputer-1", tmp_path / "komputer-2"
    assert run(capsys, first, database_url, "demo")[0] == 0
    # The second computer chose the server with the environment variable instead.
    monkeypatch.setenv("KEMITRAAN_DATABASE_URL", database_url)
    code, out, err = main_with_environment(capsys, second, "list")
    assert code == 0 and len(out.strip().splitlines()) == 3, out + err
    assert "Apotek Sehat Sentosa" in out
    assert not (second / DB_FILENAME).exists()


def main_with_environment(capsys, folder: Path, *args: str) -> tuple[int, str, str]:
    capsys.readouterr()
    code = main(["--data-dir", str(folder), *args])
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def test_a_server_that_does_not_answer_is_one_line_not_a_traceback(capsys, tmp_path: Path):
    code, out, err = run(capsys, tmp_path / "data", "postgresql://kemitraan@127.0.0.1:1/tidak",
                         "list")
    assert code == 2 and "Traceback" not in err and err.count("\n") == 1, err


def test_a_backup_is_not_restored_into_the_folder_while_the_data_is_on_a_server(
        capsys, tmp_path: Path, postgres_cluster):
    url = postgres_cluster.create_database("pemulihan")
    local = tmp_path / "lokal"
    assert run(capsys, local, None, "demo")[0] == 0
    backup = tmp_path / "cadangan.zip"
    assert run(capsys, local, None, "backup", "--out", str(backup))[0] == 0

    on_server = tmp_path / "server"
    code, out, err = run(capsys, on_server, url, "restore", str(backup))
    assert code == 2
    assert err == ("Kesalahan: Basis data di server dipulihkan oleh server basis data "
                   "(pg_restore), bukan oleh program ini: tidak ada yang diubah.\n")
    assert "Dipulihkan" not in out
    assert not (on_server / DB_FILENAME).exists()  # no local file written to look restored
    code, out, err = run(capsys, on_server, url, "list")
    assert code == 0 and out == "Belum ada kemitraan.\n", out  # the server as it was: empty

    code, out, err = run(capsys, on_server, url, "backup", "--out", str(tmp_path / "x.zip"))
    assert code == 2 and err == ("Kesalahan: Untuk basis data di server, cadangan dibuat oleh "
                                 "server basis data.\n")


def test_a_save_after_the_server_restarted_is_saved(tmp_path: Path):
    """The server's computer restarted while the window stayed open: the next autosave takes a
    new connection instead of failing on the dead one (issue 15.7)."""
    from postgres_cluster import find_binaries, start_cluster

    from kemitraan_desktop.services import partnerships
    from kemitraan_desktop.services.app import Services
    from kemitraan_desktop.storage.database import Database

    if find_binaries() is None:
        pytest.skip("PostgreSQL binaries (initdb, pg_ctl) not found")
    cluster = start_cluster()
    try:
        database = Database.open(tmp_path / "data", url=cluster.create_database("mulai_ulang"))
        try:
            svc = Services(database, actor="dr. Penguji")
            svc.practices.create(doctor_name="dr. Siti Rahmawati", clinic_name="Praktik dr. Siti")
            partnership = partnerships.start_partnership(svc, "Kerja sama obat", "apotek")
            svc.partnerships.update(partnership.id, idea="Sebelum server dimulai ulang")
            cluster.restart()
            svc.partnerships.update(partnership.id, idea="Sesudah server dimulai ulang")
            assert svc.partnerships.get(partnership.id).idea == "Sesudah server dimulai ulang"
        finally:
            database.close()
    finally:
        cluster.stop()
