"""The partner's own PKS from the command line, through `verify`, and in the exchange package:
its file travels with it and is still the agreement of record on the other side."""

from __future__ import annotations

import hashlib
from pathlib import Path

from kemitraan_desktop.cli import main
from kemitraan_desktop.services import partnerships
from kemitraan_desktop.services.opening import open_services


def run(capsys, *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def bpjs_partnership(folder: Path) -> int:
    svc = open_services(folder)
    try:
        svc.practices.create(doctor_name="dr. Siti Rahmawati", clinic_name="Praktik dr. Siti",
                             kota="Kabupaten Sleman")
        branch = svc.partners.create(name="BPJS Kesehatan Kantor Cabang Sleman",
                                     partner_type="bpjs")
        svc.partner_people.create(partner_id=branch.id, name="Rina Marlina",
                                  job_title="Kepala Kantor Cabang", signs=True)
        return partnerships.start_partnership(svc, "Menjadi FKTP BPJS", "bpjs", branch.id).id
    finally:
        svc.db.close()


RECORD = ("agreement", "record", "--partner-number", "1234/KC-XI/PKS/1126",
          "--our-number", "002/PKS/DR-SR/XI/2026", "--date", "2026-11-30",
          "--start", "2027-01-01", "--end", "2027-12-31", "--capitation", "8.800")


def test_recorded_from_the_command_line_verified_exported_and_imported(
        capsys, tmp_path, partner_pks):
    ours, theirs = tmp_path / "ours", tmp_path / "theirs"
    pid = bpjs_partnership(ours)
    sha = hashlib.sha256(partner_pks.read_bytes()).hexdigest()

    code, out, err = run(capsys, "--data-dir", str(ours), *RECORD, "--partnership", str(pid),
                         "--file", str(partner_pks))
    assert code == 0, err
    assert out == (
        "Perjanjian dari mitra dicatat sebagai ditandatangani pada 30 November 2026, jangka "
        f"waktu 12 (dua belas) bulan. Dokumen aslinya: pks-bpjs-2027.pdf (SHA-256 {sha}).\n")

    code, out, _err = run(capsys, "--data-dir", str(ours), "verify", str(partner_pks))
    assert code == 0
    assert out == (
        "TERVERIFIKASI: berkas ini sama persis dengan naskah mitra sendiri yang disimpan sebagai "
        "dokumen asli perjanjian “Menjadi FKTP BPJS”, versi 1 (status: Ditandatangani, SHA-256 "
        f"{sha[:16]}).\n")

    package = tmp_path / "bpjs.zip"
    code, _out, err = run(capsys, "--data-dir", str(ours), "export", "--partnership", str(pid),
                          "--out", str(package))
    assert code == 0, err
    code, _out, err = run(capsys, "--data-dir", str(theirs), "import", str(package))
    assert code == 0, err

    svc = open_services(theirs)
    try:
        (imported,) = partnerships.list_partnerships(svc)
        (agreement,) = svc.agreements.list(imported.id)
        assert (agreement.drafted_by, agreement.status, agreement.final_pdf_sha256,
                agreement.capitation_rate_sen) == ("partner", "signed", sha, 8_800_00)
        assert [p.number for p in svc.agreement_parties.list(agreement.id)] == [
            "1234/KC-XI/PKS/1126", "002/PKS/DR-SR/XI/2026"]
        assert svc.db.attachments.read_bytes(sha) == partner_pks.read_bytes()
    finally:
        svc.db.close()
    code, out, _err = run(capsys, "--data-dir", str(theirs), "verify", str(partner_pks))
    assert code == 0 and out.startswith(
        "TERVERIFIKASI: berkas ini sama persis dengan naskah mitra sendiri")
    code, _out, _err = run(capsys, "--data-dir", str(theirs), "check")
    assert code == 0


def test_a_missing_number_is_one_line_and_nothing_is_recorded(capsys, tmp_path, partner_pks):
    folder = tmp_path / "data"
    pid = bpjs_partnership(folder)
    args = [a if a != "002/PKS/DR-SR/XI/2026" else " " for a in RECORD]
    code, _out, err = run(capsys, "--data-dir", str(folder), *args, "--partnership", str(pid),
                          "--file", str(partner_pks))
    assert code == 2
    assert err.startswith("Kesalahan: Perjanjian belum dapat dicatat sebagai ditandatangani: ")
    assert "Praktik dr. Siti: isi nomor perjanjiannya." in err
    assert err.count("\n") == 1
    svc = open_services(folder)
    try:
        assert svc.agreements.list(pid) == []
    finally:
        svc.db.close()
