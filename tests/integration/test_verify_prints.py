"""`verify` knows every print of a final agreement and no forgery (issue 14.8, issue 16.5).

A final agreement is printed on A4 or F4, as often as wanted; each print of one paper is the
same bytes, so a copy is the print. `verify` says which agreement, version and paper a file is,
with the content hash sealed at finalize; a file that only *names* our agreement (its id in the
metadata, its QR copied) but shows something else is refused, and so is the genuine print once
the database no longer holds what was sealed.

Checked against the code before: the F4 print was "TIDAK TERVERIFIKASI", the forged PDF swapped
into the attachment store was "TERVERIFIKASI", and the edited text passed `check`.
"""

from __future__ import annotations

import hashlib
import json
import shutil
import sqlite3
from dataclasses import replace
from pathlib import Path

import pytest

from kemitraan_desktop.cli import main
from kemitraan_desktop.reports.agreement import agreement_pdf_bytes
from kemitraan_desktop.services import agreements
from kemitraan_desktop.services.app import Services
from kemitraan_desktop.storage.database import Database
from kemitraan_desktop.storage.names import DB_FILENAME

TITLE = "Kerja sama pelayanan obat peserta JKN"  # the demo's partnership 1, its PKS signed


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


def sql(folder: Path, statement: str, *params: object) -> list[tuple]:
    with sqlite3.connect(folder / DB_FILENAME) as raw:
        return raw.execute(statement, params).fetchall()


def sealed(folder: Path, agreement_id: int) -> dict[str, str]:
    """What the audit entry of its finalize names (read straight from the file)."""
    summary = sql(folder, "SELECT summary FROM audit_entry WHERE action = 'finalize' AND "
                          "entity = 'agreement' AND entity_id = ?", agreement_id)[0][0]
    return json.loads(summary)


def print_pks(capsys, folder: Path, out: Path, paper: str) -> Path:
    code, _out, err = run(capsys, folder, "report", "mou", "--partnership", "1",
                          "--paper", paper, "--out", str(out))
    assert code == 0, err
    return out


def test_a4_and_f4_prints_and_their_copies_are_verified(capsys, folder: Path,
                                                        tmp_path: Path) -> None:
    seal = sealed(folder, 1)
    a4 = print_pks(capsys, folder, tmp_path / "pks-a4.pdf", "a4")
    f4 = print_pks(capsys, folder, tmp_path / "pks-f4.pdf", "f4")
    again = print_pks(capsys, folder, tmp_path / "pks-f4-lagi.pdf", "f4")
    copy = tmp_path / "salinan-f4.pdf"
    shutil.copy(f4, copy)
    assert hashlib.sha256(a4.read_bytes()).hexdigest() == seal["sha256"]  # the stored print
    for path, paper in ((a4, "A4"), (f4, "F4"), (again, "F4"), (copy, "F4")):
        code, out, err = run(capsys, folder, "verify", str(path))
        sha = hashlib.sha256(path.read_bytes()).hexdigest()
        assert code == 0, out + err
        assert out.strip() == (
            f"TERVERIFIKASI: berkas ini sama persis dengan perjanjian final “{TITLE}”, versi 1, "
            f"sebagaimana dicetak pada kertas {paper} (status: Ditandatangani; hash isi "
            f"{seal['content_hash'][:16]}, disegel saat finalisasi; SHA-256 {sha[:16]}).")


def forged_print(folder: Path, paper: str = "a4") -> bytes:
    """Our agreement with one thing changed, its id and the sealed content hash (the QR)
    copied: what someone with the program's own renderer could make."""
    database = Database.open(folder)
    try:
        document = agreements.agreement_document(Services(database), 1)
    finally:
        database.close()
    forged = replace(document, place="Jakarta", draft=False,
                     content_hash=sealed(folder, 1)["content_hash"])
    return agreement_pdf_bytes(forged, paper)


def test_a_print_that_names_our_agreement_but_shows_another_text_is_refused(
        capsys, folder: Path, tmp_path: Path) -> None:
    forged = tmp_path / "pks-palsu.pdf"
    forged.write_bytes(forged_print(folder))
    code, out, err = run(capsys, folder, "verify", str(forged))
    assert code == 1
    assert out.startswith(
        f"TIDAK TERVERIFIKASI: berkas ini menyebut perjanjian “{TITLE}”, versi 1, tetapi berkas "
        "ini bukan salah satu cetakannya (A4 atau F4): isinya bukan yang disegel (SHA-256 ")


def test_a_forged_pdf_swapped_into_the_attachment_store_is_not_verified(
        capsys, folder: Path, tmp_path: Path) -> None:
    data = forged_print(folder)
    sha = hashlib.sha256(data).hexdigest()
    stored = folder / "lampiran" / sha[:2] / sha
    stored.parent.mkdir(exist_ok=True)
    stored.write_bytes(data)
    attachment = sql(folder, "SELECT final_pdf_attachment_id FROM agreement WHERE id = 1")[0][0]
    sql(folder, "UPDATE attachment SET sha256 = ?, size = ? WHERE id = ?",
        sha, len(data), attachment)
    sql(folder, "UPDATE agreement SET final_pdf_sha256 = ? WHERE id = 1", sha)
    forged = tmp_path / "dari-lampiran.pdf"
    assert run(capsys, folder, "report", "mou", "--partnership", "1",
               "--out", str(forged))[0] == 0  # the program prints what the store holds now
    assert forged.read_bytes() == data
    code, out, err = run(capsys, folder, "verify", str(forged))
    assert code == 1
    assert out.startswith(
        f"TIDAK TERVERIFIKASI: berkas ini menyebut perjanjian “{TITLE}”, versi 1, tetapi PDF "
        "finalnya bukan PDF yang disegel saat finalisasi (entri audit #")
    code, out, err = run(capsys, folder, "check")
    assert code == 1
    assert "Perjanjian #1 (versi 1): PDF finalnya bukan PDF yang disegel saat finalisasi" in out


def test_a_final_text_edited_in_the_file_is_seen_by_check_and_verify(
        capsys, folder: Path, tmp_path: Path) -> None:
    genuine = print_pks(capsys, folder, tmp_path / "pks-a4.pdf", "a4")
    snapshot = sql(folder, "SELECT snapshot FROM agreement WHERE id = 1")[0][0]
    assert '"place": "Sleman"' in snapshot
    sql(folder, "UPDATE agreement SET snapshot = ? WHERE id = 1",
        snapshot.replace('"place": "Sleman"', '"place": "Jakarta"'))
    code, out, err = run(capsys, folder, "check")
    assert code == 1
    assert ("Perjanjian #1 (versi 1): isinya (teks, para pihak, atau tanggal) bukan yang "
            "disegel saat finalisasi (entri audit #") in out
    assert "Masalah yang ditemukan: 1." in err
    code, out, err = run(capsys, folder, "verify", str(genuine))
    assert code == 1
    assert "tetapi isinya (teks, para pihak, atau tanggal) bukan yang disegel" in out
