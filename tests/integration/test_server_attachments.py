"""Attachments on the server (issue 15.2): what one computer stores, every other computer on the
same PostgreSQL server checks, prints and exports, though its own data folder never held it.
Each file is kept once however many records name it, in 1 MiB pieces."""

from __future__ import annotations

import os
import zipfile
from pathlib import Path

import pytest
from pypdf import PdfReader
from sqlalchemy import func, select, text

from kemitraan_desktop.cli import main
from kemitraan_desktop.storage import models as m
from kemitraan_desktop.storage.database import Database
from kemitraan_desktop.storage.errors import StorageError


def run(capsys, folder: Path, url: str, *args: str) -> tuple[int, str, str]:
    capsys.readouterr()
    code = main(["--data-dir", str(folder), "--database-url", url, *args])
    captured = capsys.readouterr()
    return code, captured.out, captured.err


@pytest.fixture
def server_url(postgres_cluster, request: pytest.FixtureRequest):
    name = f"lampiran_{request.node.name[5:30].lower()}_{os.getpid()}"
    yield postgres_cluster.create_database(name)
    postgres_cluster.drop_database(name)


def counts(url: str, folder: Path) -> tuple[int, int, int]:
    """Attachment records, files kept on the server, and their pieces."""
    database = Database.open(folder, url=url)
    try:
        with database.session() as session:
            return tuple(session.scalar(select(func.count()).select_from(model)) or 0
                         for model in (m.Attachment, m.AttachmentBlob, m.AttachmentChunk))
    finally:
        database.close()


def test_the_front_desk_checks_prints_and_exports_the_files_the_doctors_computer_stored(
        capsys, tmp_path: Path, server_url: str):
    doctor, front_desk = tmp_path / "komputer-dokter", tmp_path / "komputer-meja-depan"
    assert run(capsys, doctor, server_url, "demo")[0] == 0
    # The demo's photos, evidence and final PDFs: 7 records name 6 files, each kept once.
    assert counts(server_url, doctor) == (7, 6, 6)

    code, out, err = run(capsys, front_desk, server_url, "check")
    assert code == 0, out + err
    assert "Lampiran: 6 diperiksa, 0 hilang atau berubah." in out
    assert "Basis data dalam kondisi baik." in out

    pks = tmp_path / "pks.pdf"
    code, out, err = run(capsys, front_desk, server_url, "report", "mou", "--partnership", "1",
                         "--out", str(pks))
    assert code == 0, err
    printed = " ".join(page.extract_text() for page in PdfReader(pks).pages)
    assert "PERJANJIAN KERJA SAMA" in printed and "Apotek Sehat Sentosa" in printed
    archive = tmp_path / "arsip.pdf"
    code, out, err = run(capsys, front_desk, server_url, "report", "archive", "--partnership",
                         "1", "--out", str(archive))
    assert code == 0 and archive.stat().st_size > 10_000, err

    package = tmp_path / "apotek.zip"
    code, out, err = run(capsys, front_desk, server_url, "export", "--partnership", "1",
                         "--out", str(package))
    assert code == 0, err
    with zipfile.ZipFile(package) as zipped:
        files = [name for name in zipped.namelist() if name.startswith("attachments/")]
    assert len(files) >= 2  # the final PDF and the activity photo at least
    elsewhere = tmp_path / "praktik-lain"  # a practice on its own SQLite file
    capsys.readouterr()
    os.environ["KEMITRAAN_DATABASE_URL"] = ""  # (conftest restores it after the test)
    assert main(["--data-dir", str(elsewhere), "import", str(package)]) == 0
    assert main(["--data-dir", str(elsewhere), "check"]) == 0
    assert "0 hilang atau berubah" in capsys.readouterr().out


def test_a_large_scan_is_kept_once_in_pieces_and_read_whole_on_another_computer(
        tmp_path: Path, server_url: str):
    scan = bytes(range(256)) * (14 * 1024) + b"akhir pindaian"  # 3.5 MiB and a little
    first = Database.open(tmp_path / "satu", url=server_url)
    second = Database.open(tmp_path / "dua", url=server_url)
    try:
        sha, size = first.attachments.add_bytes(scan)
        assert second.attachments.add_bytes(scan) == (sha, size)  # stored again: kept once
        assert size == 3_670_030
        assert counts(server_url, tmp_path / "tiga") == (0, 1, 4)  # 1 file in 4 MiB pieces

        third = Database.open(tmp_path / "tiga", url=server_url)
        try:
            assert not third.attachments.path_for(sha).exists()  # never in its folder
            assert third.attachments.contains(sha)
            assert third.attachments.verify(sha)
            assert third.attachments.read_verified(sha) == scan
            assert third.attachments.path_for(sha).read_bytes() == scan  # its own copy now
        finally:
            third.close()
    finally:
        first.close()
        second.close()


def test_a_file_changed_on_the_server_is_reported_and_never_printed(
        capsys, tmp_path: Path, server_url: str):
    doctor, front_desk = tmp_path / "dokter", tmp_path / "meja-depan"
    assert run(capsys, doctor, server_url, "demo")[0] == 0
    database = Database.open(doctor, url=server_url)
    try:
        with database.session() as session:
            final_pdf = session.scalars(select(m.Agreement.final_pdf_sha256).where(
                m.Agreement.final_pdf_sha256.is_not(None)).order_by(m.Agreement.id)).first()
            session.execute(text("UPDATE attachment_chunk SET data = :data WHERE sha256 = :sha"),
                            {"data": b"%PDF-1.4 dipalsukan", "sha": final_pdf})
    finally:
        database.close()

    code, out, err = run(capsys, front_desk, server_url, "check")
    assert code == 1
    assert f"Hilang atau berubah di server {server_url}: berkas {final_pdf}" in out
    assert "Lampiran: 6 diperiksa, 1 hilang atau berubah." in out
    assert "Masalah yang ditemukan: 1." in err
    other = Database.open(front_desk, url=server_url)
    try:
        with pytest.raises(StorageError) as refused:
            other.attachments.read_verified(final_pdf)
        assert refused.value.code == "attachment_changed"
        assert not other.attachments.path_for(final_pdf).exists()  # no bad copy kept here
    finally:
        other.close()


def test_files_stored_before_the_server_kept_them_reach_it_at_the_next_check(
        capsys, tmp_path: Path, server_url: str):
    """A program from before kept the files in the doctor's folder only: the front desk finds
    them missing until the doctor's computer runs check, which takes them to the server."""
    doctor, front_desk = tmp_path / "dokter", tmp_path / "meja-depan"
    assert run(capsys, doctor, server_url, "demo")[0] == 0
    database = Database.open(doctor, url=server_url)
    try:
        with database.session() as session:
            session.execute(text("DELETE FROM attachment_blob"))
    finally:
        database.close()
    assert counts(server_url, doctor) == (7, 0, 0)

    code, out, err = run(capsys, front_desk, server_url, "check")
    assert code == 1 and "Masalah yang ditemukan: 6." in err
    assert "Lampiran: 6 diperiksa, 6 hilang atau berubah." in out
    pks = tmp_path / "pks.pdf"
    code, out, err = run(capsys, front_desk, server_url, "report", "mou", "--partnership", "1",
                         "--out", str(pks))
    assert code != 0 and not pks.exists() and "Traceback" not in err
    assert f"PDF final perjanjian (versi 1) tidak ada di basis data server {server_url}" in err
    code, out, err = run(capsys, doctor, server_url, "check")
    assert code == 0 and "Lampiran: 6 diperiksa, 0 hilang atau berubah." in out, out
    assert counts(server_url, doctor) == (7, 6, 6)
    code, out, err = run(capsys, front_desk, server_url, "check")
    assert code == 0 and "Basis data dalam kondisi baik." in out, out
    code, out, err = run(capsys, front_desk, server_url, "report", "mou", "--partnership", "1",
                         "--out", str(pks))
    assert code == 0 and pks.read_bytes().startswith(b"%PDF"), err
