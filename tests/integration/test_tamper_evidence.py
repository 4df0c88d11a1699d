"""`check` over a data folder someone changed behind the program's back (issue 16.5).

Each case edits the demo folder's database file directly, as a person with a SQLite tool could,
and runs `check` as the doctor would: it must name what it found, count it in its summary (never
"0 problems" beside a finding) and exit non-zero. The untouched folder checks clean.
"""

from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path

import pytest

from kemitraan_desktop.cli import main
from kemitraan_desktop.storage.names import DB_FILENAME


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


def edit(folder: Path, *statements: str) -> None:
    with sqlite3.connect(folder / DB_FILENAME) as raw:
        for statement in statements:
            raw.execute(statement)


def check(capsys: pytest.CaptureFixture[str], folder: Path) -> tuple[int, str, str]:
    capsys.readouterr()
    code = main(["--data-dir", str(folder), "check"])
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def test_the_demo_folder_checks_clean(capsys, folder: Path) -> None:
    code, out, err = check(capsys, folder)
    assert code == 0, out + err
    assert "Skema: 30 tabel, 323 kolom, 8 indeks, 0 trigger; 0 perbedaan" in out
    assert "Perjanjian: 3 diperiksa terhadap segelnya, 0 tidak cocok." in out
    assert "Basis data dalam kondisi baik." in out


def test_a_signed_agreement_set_back_to_draft_is_seen(capsys, folder: Path) -> None:
    edit(folder, "UPDATE agreement SET status = 'draft', finalized_at = NULL, "
                 "final_pdf_sha256 = '', final_pdf_attachment_id = NULL, signed_on = NULL, "
                 "signed_by = '', signed_scan_attachment_id = NULL WHERE id = 1")
    code, out, err = check(capsys, folder)
    assert code == 1
    assert "Perjanjian: 3 diperiksa terhadap segelnya, 1 tidak cocok." in out
    assert ("Perjanjian #1 (versi 1): perjanjian ini telah difinalkan (entri audit #" in out
            and "kini kembali menjadi draf." in out)
    assert "Masalah yang ditemukan: 1." in err


def test_a_final_pdf_swapped_for_another_is_seen(capsys, folder: Path) -> None:
    edit(folder, "UPDATE agreement SET (final_pdf_sha256, final_pdf_attachment_id) = "
                 "(SELECT final_pdf_sha256, final_pdf_attachment_id FROM agreement WHERE id = 2)"
                 " WHERE id = 1")
    code, out, err = check(capsys, folder)
    assert code == 1
    assert "Perjanjian #1 (versi 1): PDF finalnya bukan PDF yang disegel saat finalisasi" in out
    assert "Masalah yang ditemukan: 1." in err


def test_a_signed_agreement_without_its_day_breaks_its_lifecycle(capsys, folder: Path) -> None:
    edit(folder, "UPDATE agreement SET signed_on = NULL WHERE id = 2")
    code, out, err = check(capsys, folder)
    assert code == 1
    assert "Perjanjian #2 (versi 1): perjanjian yang berstatus " in out
    assert "wajib memuat tanggal penandatanganannya." in out


def test_a_changed_schema_is_named_and_counted(capsys, folder: Path) -> None:
    edit(folder, "ALTER TABLE partner DROP COLUMN phone",
         "CREATE TRIGGER quiet AFTER INSERT ON audit_entry BEGIN SELECT 1; END",
         "CREATE INDEX ix_extra ON partner (name)")
    code, out, err = check(capsys, folder)
    assert code == 1
    assert "Skema: 30 tabel, 322 kolom, 9 indeks, 1 trigger; 3 perbedaan" in out
    assert "Skema: kolom partner.phone tidak ada." in out
    assert "Skema: ada indeks ix_extra yang tidak dibuat oleh program." in out
    assert "Skema: ada trigger quiet yang tidak dibuat oleh program" in out
    assert "Masalah yang ditemukan: 3." in err


def test_a_broken_chain_is_counted_in_the_summary(capsys, folder: Path) -> None:
    edit(folder, "UPDATE audit_entry SET actor = 'orang lain' WHERE id = 5")
    code, out, err = check(capsys, folder)
    assert code == 1
    assert "rantai RUSAK" in out
    assert "Masalah yang ditemukan: 1." in err  # said 0 beside RUSAK before


@pytest.mark.parametrize(("statement", "said"), [
    ("UPDATE clause SET body = body || ' PIHAK KEDUA membayar denda.' WHERE id = (SELECT min(id)"
     " FROM clause WHERE agreement_id = 1 AND kind = 'article')", "Pasal 1 tidak sama"),
    ("UPDATE agreement_party SET signatory_name = 'Budi Palsu' WHERE agreement_id = 1 AND "
     "party = 'partner'", "Penanda tangan PIHAK KEDUA tidak sama"),
    ("UPDATE agreement SET end_date = '2030-12-31' WHERE id = 1", "tanggal berakhir tidak sama"),
    ("DELETE FROM clause WHERE id = (SELECT max(id) FROM clause WHERE agreement_id = 1)",
     "jumlah konsiderans dan pasal tidak sama"),
])
def test_a_signed_agreement_edited_in_the_file_is_seen_by_check_and_verify(
        capsys, folder: Path, tmp_path: Path, statement: str, said: str) -> None:
    """Its final text and PDF untouched, only the rows the window shows (and the archive
    prints the term from) edited: check called it sound and verify TERVERIFIKASI before."""
    capsys.readouterr()
    genuine = tmp_path / "pks.pdf"
    assert main(["--data-dir", str(folder), "report", "mou", "--partnership", "1",
                 "--out", str(genuine)]) == 0
    edit(folder, statement)
    code, out, err = check(capsys, folder)
    assert code == 1
    assert "Perjanjian: 3 diperiksa terhadap segelnya, 1 tidak cocok." in out
    assert f"Perjanjian #1 (versi 1): {said} dengan isi perjanjian saat difinalkan" in out
    assert "Masalah yang ditemukan: 1." in err
    assert main(["--data-dir", str(folder), "verify", str(genuine)]) == 1
    out = capsys.readouterr().out
    assert out.startswith("TIDAK TERVERIFIKASI") and said in out


def test_a_final_text_rewritten_and_sealed_again_is_seen_against_its_printed_pdf(
        capsys, folder: Path, tmp_path: Path) -> None:
    """The held-out re-run of issue 16: the end date changed in the rows and in the final
    text alike, the content hash of the finalize entry worked out anew with the program's own
    function, the chain sealed again with it, the anchor file and the backups removed. Check
    said "Basis data dalam kondisi baik" and verify called the genuine PDF TERVERIFIKASI with
    the forged hash. The PDF that was signed still prints the first content hash."""
    import json
    from datetime import UTC, date

    from sqlalchemy import select

    from kemitraan_desktop.services.agreements import sealed_document
    from kemitraan_desktop.services.audit import _seal
    from kemitraan_desktop.services.opening import open_services
    from kemitraan_desktop.storage import models as m

    capsys.readouterr()
    genuine = tmp_path / "pks.pdf"
    assert main(["--data-dir", str(folder), "report", "mou", "--partnership", "1",
                 "--out", str(genuine)]) == 0
    svc = open_services(folder)
    try:
        with svc.db.session() as session:
            agreement = session.get(m.Agreement, 1)
            kept = json.loads(agreement.snapshot)
            kept["end_date"] = "2030-12-31"
            agreement.snapshot = json.dumps(kept)
            agreement.end_date = date(2030, 12, 31)
            session.flush()
            forged = sealed_document(session, agreement).content_hash
            entries = list(session.scalars(select(m.AuditEntry).order_by(m.AuditEntry.id)))
            previous = ""
            for entry in entries:
                if (entry.action, entry.entity, entry.entity_id) == ("finalize", "agreement", 1):
                    entry.summary = json.dumps({**json.loads(entry.summary),
                                                "content_hash": forged})
                at = entry.at if entry.at.tzinfo else entry.at.replace(tzinfo=UTC)
                entry.prev_hash, entry.hash = previous, _seal(
                    previous, at, entry.actor, entry.action, entry.entity, entry.entity_id,
                    entry.partnership_id, entry.summary)
                previous = entry.hash
    finally:
        svc.db.close()
    shutil.rmtree(folder / "backups", ignore_errors=True)
    (folder / "audit-anchor.json").unlink(missing_ok=True)

    code, out, err = check(capsys, folder)
    assert code == 1, out
    assert "Perjanjian: 3 diperiksa terhadap segelnya, 1 tidak cocok." in out
    assert ("Perjanjian #1 (versi 1): teks finalnya tidak sama dengan yang dicetak PDF "
            "finalnya (PDF menyebut hash isi ") in out
    assert "Masalah yang ditemukan: 1." in err
    assert main(["--data-dir", str(folder), "verify", str(genuine)]) == 1
    out = capsys.readouterr().out
    assert out.startswith("TIDAK TERVERIFIKASI") and "dicetak PDF finalnya" in out


@pytest.mark.parametrize(("statement", "said"), [
    ("UPDATE agreement SET status = 'ended' WHERE id = 1",
     "statusnya (Berakhir) bukan status yang dicatat log audit (Ditandatangani)"),
    ("UPDATE agreement SET signed_on = '2025-01-01' WHERE id = 1",
     "data penandatanganannya (tanggal, siapa yang menandatangani) tidak sama dengan yang "
     "dicatat saat ditandatangani (entri audit #"),
    ("UPDATE agreement SET signed_by = 'Orang Lain' WHERE id = 1",
     "data penandatanganannya"),
])
def test_a_status_or_signing_edited_in_the_file_is_seen(
        capsys, folder: Path, statement: str, said: str) -> None:
    """The held-out re-run of issue 16: a signed PKS set to ended, or its signing day moved
    (an adendum recites it), was called sound by check: neither is in the content hash. Each
    is written by the program with an audit entry, which the row must agree with."""
    edit(folder, statement)
    code, out, err = check(capsys, folder)
    assert code == 1, out
    assert "Perjanjian: 3 diperiksa terhadap segelnya, 1 tidak cocok." in out
    assert f"Perjanjian #1 (versi 1): {said}" in out
    assert "Masalah yang ditemukan: 1." in err


def test_an_agreement_set_back_to_draft_is_not_finalized_again(capsys, folder: Path) -> None:
    """After status = 'draft' in the file, finalize ran again: a second seal over the signed
    text, the status final and the signing gone from it."""
    edit(folder, "UPDATE agreement SET status = 'draft' WHERE id = 1")
    capsys.readouterr()
    assert main(["--data-dir", str(folder), "agreement", "finalize", "--partnership", "1"]) != 0
    err = capsys.readouterr().err
    assert "sudah pernah difinalkan (entri audit #" in err and "tidak difinalkan lagi" in err
    with sqlite3.connect(folder / DB_FILENAME) as raw:
        assert raw.execute("SELECT count(*) FROM audit_entry WHERE action = 'finalize' "
                           "AND entity_id = 1").fetchone() == (1,)
        assert raw.execute("SELECT status FROM agreement WHERE id = 1").fetchone() == ("draft",)
