"""The BPJS branch brings its own PKS: the doctor records it without our text, with their PDF as
the document of record, and the program treats it like one of ours (lifecycle, reminders,
verify, exchange)."""

from __future__ import annotations

import hashlib
import io
from datetime import date
from pathlib import Path

import pytest
from conftest import start_bpjs_partnership
from pypdf import PdfReader

from kemitraan_desktop.domain.errors import LockedError, UserError
from kemitraan_desktop.services import agreements, partnerships
from kemitraan_desktop.services import external_agreements as external
from kemitraan_desktop.services.app import Services

SIGNED_ON = date(2026, 12, 20)
TODAY = date(2026, 12, 22)


@pytest.fixture
def bpjs(svc: Services):
    return start_bpjs_partnership(svc)


def fill_in(svc: Services, agreement_id: int, *, capitation: int = 8_800_00) -> None:
    """What the doctor types from the branch's PKS."""
    svc.agreements.update(agreement_id, agreement_date=SIGNED_ON, start_date=date(2027, 1, 1),
                          end_date=date(2027, 12, 31), capitation_rate_sen=capitation,
                          subject="Pelayanan Kesehatan Tingkat Pertama bagi Peserta JKN")
    for party in svc.agreement_parties.list(agreement_id):
        number = ("1234/KC-XI/PKS/1226" if party.party == "partner"
                  else "002/PKS/DR-SR/XII/2026")
        svc.agreement_parties.update(party.id, number=number)


def pdf_text(data: bytes) -> str:
    return "\n".join(page.extract_text() or "" for page in PdfReader(io.BytesIO(data)).pages)


def recorded(svc: Services, partnership_id: int, pdf: Path):
    draft = external.start_partner_agreement(svc, partnership_id)
    fill_in(svc, draft.id)
    external.attach_record(svc, draft.id, pdf)
    return external.record_as_signed(svc, draft.id, today=TODAY)


def test_a_bpjs_pks_of_2027_is_recorded_with_their_pdf_as_the_record(svc, bpjs, partner_pks):
    draft = external.start_partner_agreement(svc, bpjs.id)
    shown = external.partner_agreement(svc, draft.id, today=TODAY)
    # The parties come in the order of a BPJS PKS: the branch is PIHAK KESATU.
    assert [(p.organisation, p.signatory_name, p.signatory_position) for p in shown.parties] == [
        ("BPJS Kesehatan Kantor Cabang Sleman", "Rina Marlina", "Kepala Kantor Cabang"),
        ("Praktik dr. Siti", "dr. Siti Rahmawati", "Dokter Penanggung Jawab Praktik"),
    ]
    assert shown.record is None and shown.term == ""
    assert svc.clauses.list(draft.id) == []  # none of our text

    fill_in(svc, draft.id)
    record = external.attach_record(svc, draft.id, partner_pks)
    assert (record.name, record.media_type) == ("pks-bpjs-2027.pdf", "application/pdf")
    shown = external.partner_agreement(svc, draft.id, today=TODAY)
    assert shown.term == "12 (dua belas) bulan"
    assert shown.recredentialing_due == date(2027, 9, 30)
    assert shown.missing == ()

    external.record_as_signed(svc, draft.id, today=TODAY)
    agreement = svc.agreements.get(draft.id)
    sha = hashlib.sha256(partner_pks.read_bytes()).hexdigest()
    assert (agreement.status, agreement.drafted_by, agreement.final_pdf_sha256) == (
        "signed", "partner", sha)
    assert agreement.signed_on == SIGNED_ON
    assert agreement.signed_by == "Rina Marlina dan dr. Siti Rahmawati"
    assert agreement.capitation_rate_sen == 8_800_00
    partnership = svc.partnerships.get(bpjs.id)
    assert (partnership.status, partnership.current_step) == ("active", 6)
    # Its print is their file, byte for byte, whatever paper is asked for.
    assert agreements.agreement_pdf(svc, draft.id) == partner_pks.read_bytes()
    assert agreements.agreement_pdf(svc, draft.id, paper="f4") == partner_pks.read_bytes()


def test_what_is_missing_is_listed_and_nothing_is_signed_until_it_is_there(svc, bpjs):
    draft = external.start_partner_agreement(svc, bpjs.id)
    svc.agreements.update(draft.id, agreement_date=date(2027, 1, 5))
    assert external.partner_agreement(svc, draft.id, today=TODAY).missing == (
        "Lampirkan PDF atau pindaian dari mitra: itulah dokumen asli perjanjian.",
        "Selasa, 5 Januari 2027 jatuh setelah hari ini (Selasa, 22 Desember 2026): perjanjian "
        "tidak mungkin sudah ditandatangani pada hari yang belum tiba. Catat penandatanganan "
        "setelah kedua pihak menandatanganinya.",
        "Isi tanggal mulai dan tanggal berakhir jangka waktu.",
        "Isi tarif kapitasi yang tercantum dalam PKS (per peserta per bulan).",
        "BPJS Kesehatan Kantor Cabang Sleman: isi nomor perjanjiannya.",
        "Praktik dr. Siti: isi nomor perjanjiannya.",
    )
    with pytest.raises(UserError) as refused:
        external.record_as_signed(svc, draft.id, today=TODAY)
    assert refused.value.message.splitlines()[0] == (
        "Perjanjian belum dapat dicatat sebagai ditandatangani:")
    assert "• Isi tanggal mulai dan tanggal berakhir jangka waktu." in refused.value.message
    assert svc.agreements.get(draft.id).status == "draft"


def test_the_reminder_to_recredential_appears_three_months_before_the_pks_ends(
        svc, bpjs, partner_pks):
    recorded(svc, bpjs.id, partner_pks)
    reminder = ("Kredensialing ulang BPJS untuk “Menjadi FKTP BPJS” paling lambat "
                "30 September 2027 (3 bulan sebelum PKS berakhir).")

    def attention(today: date) -> list[str]:
        return [a.message for a in partnerships.dashboard(svc, today=today).attention
                if a.partnership_id == bpjs.id]

    assert reminder in attention(date(2027, 10, 1))
    assert reminder not in attention(date(2027, 7, 1))
    assert "Perjanjian “Menjadi FKTP BPJS” berakhir pada 31 Desember 2027." in attention(
        date(2027, 12, 1))


def test_verify_says_their_file_is_the_agreement_of_record(svc, bpjs, partner_pks):
    recorded(svc, bpjs.id, partner_pks)
    data = partner_pks.read_bytes()
    result = agreements.verify_document(svc, data)
    assert result.genuine
    assert result.message == (
        "TERVERIFIKASI: berkas ini sama persis dengan naskah mitra sendiri yang disimpan sebagai "
        "dokumen asli perjanjian “Menjadi FKTP BPJS”, versi 1 (status: Ditandatangani, SHA-256 "
        f"{hashlib.sha256(data).hexdigest()[:16]})."
    )
    # The same pages saved again by a viewer are another file: not the record.
    assert not agreements.verify_document(svc, data + b"\n% saved again\n").genuine


def test_a_file_attached_to_a_draft_is_not_yet_verified(svc, bpjs, partner_pks):
    draft = external.start_partner_agreement(svc, bpjs.id)
    external.attach_record(svc, draft.id, partner_pks)
    assert not agreements.verify_document(svc, partner_pks.read_bytes()).genuine


def test_once_signed_it_cannot_change_and_is_never_printed_from_our_text(
        svc, bpjs, partner_pks):
    draft = external.start_partner_agreement(svc, bpjs.id)
    with pytest.raises(UserError) as refused:
        agreements.finalize_agreement(svc, draft.id)
    assert refused.value.message == (
        "Perjanjian ini adalah naskah mitra sendiri: tidak ada naskah kita yang dicetak. "
        "Lampirkan berkas mereka lalu catat sebagai ditandatangani.")
    fill_in(svc, draft.id)
    external.attach_record(svc, draft.id, partner_pks)
    external.record_as_signed(svc, draft.id, today=TODAY)
    with pytest.raises(LockedError):
        svc.agreements.update(draft.id, end_date=date(2028, 12, 31))
    party = svc.agreement_parties.list(draft.id)[0]
    with pytest.raises(LockedError):
        svc.agreement_parties.update(party.id, number="9999")
    with pytest.raises(UserError):
        external.attach_record(svc, draft.id, partner_pks)


def test_a_partner_drafted_addendum_amends_it_and_ours_can_too(svc, bpjs, partner_pks, tmp_path):
    from conftest import write_partner_pks

    first = recorded(svc, bpjs.id, partner_pks)
    addendum = external.start_partner_agreement(svc, bpjs.id, "addendum", parent_id=first.id)
    assert (addendum.version, addendum.parent_id, addendum.kind) == (2, first.id, "addendum")
    shown = external.partner_agreement(svc, addendum.id, today=TODAY)
    # It starts from what the PKS said: dates, capitation, signatories; the numbers are new.
    assert shown.term == "12 (dua belas) bulan"
    assert shown.agreement.capitation_rate_sen == 8_800_00
    assert [p.number for p in shown.parties] == ["", ""]
    svc.agreements.update(addendum.id, agreement_date=TODAY, end_date=date(2028, 12, 31))
    for party, number in zip(shown.parties, ("77/ADD/KC-XI/1226", "003/ADD/DR-SR/XII/2026"),
                             strict=True):
        svc.agreement_parties.update(party.id, number=number)
    external.attach_record(svc, addendum.id, write_partner_pks(tmp_path / "adendum.pdf", 1))
    external.record_as_signed(svc, addendum.id, today=TODAY)
    assert svc.agreements.get(first.id).status == "amended"
    assert external.partner_agreement(svc, addendum.id).term == "24 (dua puluh empat) bulan"
    # Our own addendum to their addendum is the second: it recites their PKS as the
    # Perjanjian Induk and their addendum as its first change, with their numbers.
    ours = agreements.start_addendum(svc, addendum.id)
    printed = " ".join(pdf_text(agreements.agreement_pdf(svc, ours.id)).split())
    assert "ADENDUM KEDUA PERJANJIAN KERJA SAMA ANTARA" in printed
    first_numbers = " dan Nomor ".join(p.number for p in svc.agreement_parties.list(first.id))
    assert (f"a. bahwa PARA PIHAK telah membuat dan menandatangani Perjanjian Kerja Sama Nomor "
            f"{first_numbers} tanggal") in printed
    assert ("b. bahwa Perjanjian Induk telah diubah dengan Adendum Pertama Perjanjian Kerja Sama "
            "Nomor 77/ADD/KC-XI/1226 dan Nomor 003/ADD/DR-SR/XII/2026 tanggal 22 Desember 2026;"
            ) in printed


def test_a_file_that_is_not_an_agreement_is_refused_in_plain_words(svc, bpjs, tmp_path):
    draft = external.start_partner_agreement(svc, bpjs.id)
    letter = tmp_path / "surat.docx"
    letter.write_bytes(b"PK\x03\x04 a word document")
    with pytest.raises(UserError) as refused:
        external.attach_record(svc, draft.id, letter)
    assert refused.value.message == (
        "surat.docx bukan berkas PDF, JPEG, atau PNG. Lampirkan perjanjian dari mitra sebagai "
        "PDF, atau pindaian atau foto perjanjian tersebut.")
    broken = tmp_path / "rusak.pdf"
    broken.write_bytes(b"%PDF-1.4\n%broken off in the download")
    with pytest.raises(UserError) as refused:
        external.attach_record(svc, draft.id, broken)
    assert refused.value.message == (
        "rusak.pdf rusak: berkas tidak dapat dibuka. Mintalah berkasnya lagi kepada mitra, atau "
        "pindai naskah kertasnya.")
    assert external.partner_agreement(svc, draft.id).record is None


def test_a_photo_of_the_signed_paper_may_be_the_record(svc, bpjs, tmp_path):
    from kemitraan_desktop.services.demo import png_bytes

    photo = tmp_path / "foto-pks.png"
    photo.write_bytes(png_bytes(120, 170, (250, 250, 245), stripe=10))
    draft = external.start_partner_agreement(svc, bpjs.id)
    fill_in(svc, draft.id)
    assert external.attach_record(svc, draft.id, photo).media_type == "image/png"
    external.record_as_signed(svc, draft.id, today=TODAY)
    record, data = external.record_file(svc, draft.id)
    assert (record.name, data) == ("foto-pks.png", photo.read_bytes())
    assert agreements.verify_document(svc, photo.read_bytes()).genuine
    with pytest.raises(UserError):
        agreements.agreement_pdf(svc, draft.id)  # a scan is shown and saved as it is


def test_choosing_another_file_replaces_the_first(svc, bpjs, partner_pks, tmp_path):
    from conftest import write_partner_pks

    draft = external.start_partner_agreement(svc, bpjs.id)
    external.attach_record(svc, draft.id, write_partner_pks(tmp_path / "salah.pdf", 1))
    external.attach_record(svc, draft.id, partner_pks)
    names = [a.original_name for a in svc.attachments.list(bpjs.id)]
    assert names == ["pks-bpjs-2027.pdf"]


def test_the_whole_of_it_at_once_leaves_nothing_when_refused(svc, bpjs, partner_pks):
    with pytest.raises(UserError):
        external.record_partner_agreement(
            svc, bpjs.id, file=partner_pks, agreement_date=SIGNED_ON, start=date(2027, 1, 1),
            end=date(2027, 12, 31), numbers={"partner": "1234/KC-XI/PKS/1226"}, today=TODAY)
    assert svc.agreements.list(bpjs.id) == []
    assert svc.attachments.list(bpjs.id) == []
    result = external.record_partner_agreement(
        svc, bpjs.id, file=partner_pks, agreement_date=SIGNED_ON, start=date(2027, 1, 1),
        end=date(2027, 12, 31), capitation_rate_sen=8_800_00,
        numbers={"partner": "1234/KC-XI/PKS/1226", "practice": "002/PKS/DR-SR/XII/2026"},
        today=TODAY)
    assert (result.status, result.drafted_by) == ("signed", "partner")


def test_the_archive_says_it_is_their_text_held_as_their_file(svc, bpjs, partner_pks, tmp_path):
    import io

    from pypdf import PdfReader

    from kemitraan_desktop.services.documents import render_report

    recorded(svc, bpjs.id, partner_pks)
    sha = hashlib.sha256(partner_pks.read_bytes()).hexdigest()
    out = tmp_path / "arsip.pdf"
    render_report(svc, "archive", bpjs.id, out, "a4")

    text = " ".join(" ".join(page.extract_text().split())
                    for page in PdfReader(io.BytesIO(out.read_bytes())).pages)
    assert ("Status: Ditandatangani; Nomor: 1234/KC-XI/PKS/1226 / 002/PKS/DR-SR/XII/2026; "
            "Berlaku: 1 Januari 2027 – 31 Desember 2027; Jangka waktu: 12 (dua belas) bulan; "
            "Kapitasi: Rp8.800,00 per peserta per bulan; Ditandatangani: 20 Desember 2026; "
            "Penanda tangan: Rina Marlina dan dr. Siti Rahmawati; Naskah mitra "
            "sendiri; dokumen asli perjanjian adalah berkas mereka pks-bpjs-2027.pdf (SHA-256 "
            ) in text
    # Their file is in the list of attachments with its whole fingerprint.
    assert "pks-bpjs-2027.pdf" in text and sha[:32] in text.replace(" ", "")


def test_step_5_says_what_the_partner_text_still_needs(svc, bpjs, partner_pks):
    draft = external.start_partner_agreement(svc, bpjs.id)
    step5 = partnerships.step_progress(svc, bpjs.id)[4]
    assert step5.missing == (
        "Catat perjanjian dari mitra sebagai ditandatangani (nomor, tanggal, penanda tangan, "
        "dan berkasnya).",)
    fill_in(svc, draft.id)
    external.attach_record(svc, draft.id, partner_pks)
    external.record_as_signed(svc, draft.id, today=TODAY)
    assert partnerships.step_progress(svc, bpjs.id)[4].missing == ()


def test_a_laboratory_pks_the_partner_drafted_is_the_credentialing_evidence(
        svc, bpjs, partner_pks) -> None:  # noqa: ANN001
    """The lab brought its own PKS, recorded with their signed PDF: the credentialing form and
    the submission take that file as the evidence, not "Belum dilampirkan"."""
    from kemitraan_desktop.services import credentialing

    lab = svc.partners.create(name="Laboratorium Klinik Prima Husada",
                              partner_type="laboratorium")
    svc.partner_people.create(partner_id=lab.id, name="dr. Agus Wibowo, Sp.PK",
                              job_title="Penanggung Jawab Laboratorium", signs=True)
    lab_partnership = partnerships.start_partnership(svc, "Laboratorium", "laboratorium", lab.id)
    recorded(svc, lab_partnership.id, partner_pks)
    need = next(need for need in credentialing.requirements(svc, bpjs.id, TODAY)
                if need.code == "pks_laboratorium")
    assert need.met and need.document == "PKS dengan Laboratorium Klinik Prima Husada"
    assert [file.name for file in need.files] == [partner_pks.name]
    assert need.missing == ""
