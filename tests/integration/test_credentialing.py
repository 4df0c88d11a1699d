"""Step 4 for BPJS: every credentialing requirement holds its evidence, and the form prints it.

The demo practice has signed PKS with an apotek and a laboratory (with their signed scans) and
a BPJS partnership at step 5; the doctor attaches the scan of the SIP, and the form shows it.
"""

from __future__ import annotations

import io
from datetime import date
from pathlib import Path

import pytest
from pypdf import PdfReader

from kemitraan_desktop.domain.errors import UserError
from kemitraan_desktop.services import credentialing, documents, partnerships
from kemitraan_desktop.services.app import Services
from kemitraan_desktop.services.demo import create_demo, png_bytes
from kemitraan_desktop.services.exchange import export_partnership, import_package
from kemitraan_desktop.storage.database import Database

TODAY = date(2026, 11, 22)
BPJS = 3  # create_demo makes the BPJS partnership first


@pytest.fixture
def demo(svc: Services) -> Services:
    create_demo(svc, today=TODAY)
    return svc


def _item(svc: Services, code: str) -> int:
    return next(line.id for line in partnerships.readiness(svc, BPJS, TODAY).lines
                if line.code == code)


def _need(svc: Services, code: str) -> credentialing.Requirement:
    return next(need for need in credentialing.requirements(svc, BPJS, TODAY)
                if need.code == code)


def _form_text(svc: Services) -> str:
    buffer = io.BytesIO()
    documents.render_report(svc, "readiness", BPJS, buffer)
    return " ".join(" ".join((page.extract_text() or "").split())
                    for page in PdfReader(io.BytesIO(buffer.getvalue())).pages)


def test_each_requirement_shows_its_document_number_and_expiry(demo: Services) -> None:
    sip = _need(demo, "sip")
    assert (sip.number, sip.valid_until) == ("503/0123/SIP-DU/DPMPTSP/2022", "22 April 2027")
    assert _need(demo, "str").valid_until == "Berlaku seumur hidup"
    assert _need(demo, "npwp").valid_until == "–"
    apotek = _need(demo, "pks_apotek")
    assert apotek.document == "PKS dengan Apotek Sehat Sentosa"
    assert apotek.number == "001/PKS/DR-SR/II/2026 / 017/PKS/APT-SS/II/2026"
    # A year from 22 Februari 2026 ends on 21 Februari 2027 (12 bulan, not a day more).
    assert apotek.valid_until == "21 Februari 2027"
    # The signed scan of that partnership's PKS is its evidence; nothing was attached here.
    assert [(f.name, f.attached) for f in apotek.files] == [("pks-ditandatangani.png", False)]
    assert _need(demo, "sip").files == ()


def test_an_str_never_entered_has_no_validity_on_the_form(demo: Services) -> None:
    """The form printed "Berlaku seumur hidup" beside an STR number nobody typed."""
    practice = demo.practices.list()[0]
    demo.practices.update(practice.id, str_number="")
    assert (_need(demo, "str").number, _need(demo, "str").valid_until) == ("", "")
    text = _form_text(demo)
    assert "seumur hidup" not in text
    # The identity block leaves both to be written in; the requirement has no number, no date.
    assert "Nomor STR ………………………… Masa berlaku STR ………………………… NPWP" in text
    assert "2 Surat Tanda Registrasi (STR) dokter Belum dilampirkan – – Belum" in text


def test_the_scan_of_the_sip_is_kept_with_its_requirement_and_printed_on_the_form(
        demo: Services, tmp_path: Path) -> None:
    photo = tmp_path / "SIP dr Siti.jpg"
    photo.write_bytes(png_bytes(120, 80, (230, 220, 200)))
    credentialing.attach_evidence(demo, _item(demo, "sip"), photo)
    photo.unlink()  # the program keeps its own copy
    files = _need(demo, "sip").files
    assert [(f.name, f.attached) for f in files] == [("SIP dr Siti.jpg", True)]
    assert demo.db.attachments.contains(files[0].sha256)
    text = _form_text(demo)
    # A long number breaks after a slash, never inside one of its parts.
    assert "SIP dr Siti.jpg 503/0123/SIP-DU/ DPMPTSP/2022 22 April 2027" in text
    assert "Nomor SIP 503/0123/SIP-DU/DPMPTSP/2022 SIP berlaku sampai dengan 22 April 2027" in text
    assert "KKI 1234567890123456 Berlaku seumur hidup" in text
    assert "PKS dengan Apotek Sehat Sentosa pks-ditandatangani.png" in text


def test_removing_evidence_can_be_undone(demo: Services, tmp_path: Path) -> None:
    from conftest import write_partner_pks

    scan = write_partner_pks(tmp_path / "npwp.pdf", 1)  # a PDF with a page
    attached = credentialing.attach_evidence(demo, _item(demo, "npwp"), scan)
    removed = demo.attachments.delete(attached.id)
    assert _need(demo, "npwp").files == ()
    demo.attachments.restore(removed)
    assert [f.name for f in _need(demo, "npwp").files] == ["npwp.pdf"]


def test_a_file_the_submission_cannot_bind_is_refused_in_indonesian(
        demo: Services, tmp_path: Path) -> None:
    letter = tmp_path / "surat pernyataan.docx"
    letter.write_bytes(b"PK\x03\x04 word")
    with pytest.raises(UserError) as refused:
        credentialing.attach_evidence(demo, _item(demo, "surat_pernyataan"), letter)
    assert refused.value.message == (
        "surat pernyataan.docx tidak dapat dimasukkan ke berkas pengajuan kredensialing: "
        "lampirkan pindaian atau foto berupa PDF, JPG, atau PNG.")
    assert _need(demo, "surat_pernyataan").files == ()


def test_technical_criteria_are_scored_only_once_every_requirement_is_met(
        demo: Services) -> None:
    text = _form_text(demo)
    assert "Kriteria teknis belum dinilai: 1 persyaratan administrasi belum terpenuhi" in text
    assert "Sertifikat akreditasi praktik: belum terpenuhi." in text
    assert "21,25" not in text
    # The accreditation alone: the PKS with a bidan is asked for only where there is one.
    demo.readiness_items.update(_item(demo, "akreditasi"), met=True, number="AKR/2025/0042",
                                expires=date(2030, 5, 1))
    assert _need(demo, "akreditasi").valid_until == "1 Mei 2030"
    text = _form_text(demo)
    assert "Kriteria teknis belum dinilai" not in text
    assert "25 85 21,25" in text and "25 70 17,50" in text
    assert "Jumlah 100 81,25" in text
    assert "Nilai kriteria teknis (penilaian mandiri): 81,25 dari 100" in text
    assert "AKR/2025/0042 1 Mei 2030" in text


def test_a_practice_without_a_bidan_is_not_held_back_by_the_pks_it_has_not(
        demo: Services) -> None:
    """ "PKS dengan bidan atau jejaring lain (jika ada)": a practice without one lacks nothing."""
    assert [line.code for line in partnerships.readiness(demo, BPJS, TODAY).missing] == [
        "akreditasi"]
    text = _form_text(demo)
    assert ("Perjanjian kerja sama dengan bidan atau jejaring lain (jika ada) Tidak ada – – "
            "Tidak ada") in text
    assert "1 persyaratan administrasi belum terpenuhi" in text
    shortfall = text[text.index("D. YANG MASIH KURANG"):text.index("E. PERNYATAAN")]
    assert "bidan" not in shortfall
    assert "Sertifikat akreditasi praktik: belum terpenuhi." in shortfall
    # Nor does the submission bind a "BELUM DILAMPIRKAN" page for it.
    bundle = io.BytesIO()
    result = documents.render_report(demo, "submission", BPJS, bundle)
    assert not any("bidan" in problem for problem in result.missing)
    cover = PdfReader(io.BytesIO(bundle.getvalue())).pages[0].extract_text()
    assert "bidan" not in cover
    # A practice that has a PKS with a bidan ticks it and shows it like the others.
    demo.readiness_items.update(_item(demo, "pks_bidan"), met=True)
    text = _form_text(demo)
    assert "(jika ada) Belum dilampirkan" in text


def test_evidence_travels_in_the_exchange_package(demo: Services, tmp_path: Path) -> None:
    photo = tmp_path / "str.png"
    photo.write_bytes(png_bytes(60, 40, (200, 210, 220)))
    credentialing.attach_evidence(demo, _item(demo, "str"), photo)
    package = export_partnership(demo, BPJS, tmp_path / "bpjs.zip").path
    other_db = Database.open(tmp_path / "other")
    try:
        other = Services(other_db, actor="Tim BPJS")
        imported = import_package(other, package)
        line = next(line for line in partnerships.readiness(other, imported.partnership_id).lines
                    if line.code == "str")
        files = credentialing.evidence_files(other, line.id)
        assert [f.name for f in files] == ["str.png"]
        assert other_db.attachments.contains(files[0].sha256)
    finally:
        other_db.close()


def test_the_form_writes_the_doctor_s_name_as_the_pks_does(demo: Services) -> None:
    """ "dr. Siti Rahmawati, M.Kes.": one spelling in the PKS, the form and its statement."""
    practice = partnerships.current_practice(demo)
    demo.practices.update(practice.id, degree="M.Kes.")
    text = _form_text(demo)
    assert "Nama dokter penanggung jawab dr. Siti Rahmawati, M.Kes." in text
    assert "Rahmawati M.Kes." not in text
    out = io.BytesIO()
    documents.render_report(demo, "statement", BPJS, out)
    statement = " ".join((PdfReader(io.BytesIO(out.getvalue())).pages[0].extract_text()
                          or "").split())
    assert "dr. Siti Rahmawati, M.Kes." in statement and "Rahmawati M.Kes." not in statement


def test_a_jejaring_pks_that_ends_before_the_bpjs_pks_is_said_on_the_form_and_step_4(
        demo: Services, qtbot) -> None:  # noqa: ANN001
    """Walker #11: the apotek PKS ended 17 days before the BPJS PKS it supports and nothing
    said so. The demo's apotek PKS ends 21 Februari 2027, the laboratory's 21 Januari 2027,
    the PKS with BPJS runs to 30 November 2027."""
    from PySide6.QtWidgets import QLabel

    from kemitraan_desktop.ui.pages.step4_preparation import PreparationPage

    assert [(lapse.partner_name, lapse.ends, lapse.fktp_ends)
            for lapse in _need(demo, "pks_apotek").lapses] == [
        ("Apotek Sehat Sentosa", date(2027, 2, 21), date(2027, 11, 30))]
    text = _form_text(demo)
    shortfall = text[text.index("D. YANG MASIH KURANG"):text.index("E. PERNYATAAN")]
    assert ("PKS dengan Apotek Sehat Sentosa berakhir pada 21 Februari 2027, sebelum PKS dengan "
            "BPJS Kesehatan berakhir pada 30 November 2027: perpanjang dengan adendum agar "
            "jejaring tersedia selama jangka waktu kerja sama.") in shortfall
    assert "PKS dengan Laboratorium Klinik Prima Husada berakhir pada 21 Januari 2027" in shortfall

    page = PreparationPage(demo)
    qtbot.addWidget(page)
    page.resize(1366, 728)
    page.show()
    page.show_partnership(BPJS)
    shown = page.missing_list.text()
    assert isinstance(page.missing_list, QLabel) and page.missing_list.isVisible()
    assert ("⚠  PKS dengan Apotek Sehat Sentosa berakhir pada 21 Februari 2027, sebelum PKS "
            "dengan BPJS Kesehatan berakhir pada 30 November 2027: perpanjang dengan adendum "
            "agar jejaring tersedia selama jangka waktu kerja sama.") in shown

    # A BPJS PKS that ends with the laboratory's leaves nothing to say.
    agreement = next(a for a in demo.agreements.list() if a.partnership_id == BPJS)
    demo.agreements.update(agreement.id, end_date=date(2027, 1, 21))
    assert _need(demo, "pks_apotek").lapses == ()
    assert _need(demo, "pks_laboratorium").lapses == ()
    assert "berakhir pada" not in _form_text(demo)


def _column_lines(data: bytes, first: str, next_column: str) -> list[str]:
    """The printed lines of page 1's table column whose cell begins with *first*, up to the
    column where *next_column* is printed: what the BPJS officer reads down that column."""
    import pypdfium2 as pdfium

    pdf = pdfium.PdfDocument(data)
    try:
        page = pdf[0]
        text = page.get_textpage()

        def left_of(words: str) -> float:
            found = text.search(words).get_next()
            assert found, words
            return text.get_charbox(found[0])[0]

        lines = [line.strip() for line in text.get_text_bounded(
            left_of(first) - 1, 0, left_of(next_column) - 1, page.get_size()[1]).split("\r\n")]
    finally:
        pdf.close()
    return lines[next(i for i, line in enumerate(lines) if line.startswith(first)):]


@pytest.mark.parametrize(("paper", "evidence"), [
    ("a4", ["PKS dengan Apotek", "Sehat Sentosa", "beserta adendum", "Nomor 004/ADD/",
            "DR-SR/XI/2026 /", "021/ADD/APT-SS/", "XI/2026"]),
    ("f4", ["PKS dengan Apotek", "Sehat Sentosa beserta", "adendum Nomor", "004/ADD/DR-SR/",
            "XI/2026 / 021/ADD/", "APT-SS/XI/2026"]),
])
def test_the_adendum_number_in_the_evidence_column_breaks_only_after_a_slash(
        demo: Services, tmp_path: Path, paper: str, evidence: list[str]) -> None:
    """The form printed "Nomor 004/ADD/D" and "R-SR/XI/2026" on two lines of the Dokumen bukti
    column: a number cut inside one of its parts, which an officer copies wrong."""
    from conftest import write_partner_pks

    from kemitraan_desktop.services import external_agreements as external

    pks = next(a for a in demo.agreements.list(1) if a.kind == "pks")
    external.record_partner_agreement(
        demo, 1, file=write_partner_pks(tmp_path / "adendum apotek.pdf", 4),
        agreement_date=TODAY, start=TODAY, end=date(2027, 11, 30), kind="addendum",
        parent_id=pks.id, today=TODAY,
        numbers={"practice": "004/ADD/DR-SR/XI/2026", "partner": "021/ADD/APT-SS/XI/2026"})
    out = io.BytesIO()
    documents.render_report(demo, "readiness", BPJS, out, paper=paper)
    column = _column_lines(out.getvalue(), "PKS dengan Apotek", "001/PKS/DR-SR/II/2026")
    assert column[:len(evidence) + 2] == [*evidence, "pks-ditandatangani.png",
                                          "adendum apotek.pdf"]
    # The Nomor column beside it still breaks its two numbers at the " / " between them.
    number = _column_lines(out.getvalue(), "001/PKS/DR-SR/II/2026", "30 November")
    assert number[:2] == ["001/PKS/DR-SR/II/2026 /", "017/PKS/APT-SS/II/2026"]


def test_a_signed_adendum_goes_with_the_pks_it_changes_not_in_its_place(
        demo: Services, tmp_path: Path) -> None:
    """Walker2 #1: once the apotek's adendum was signed, the form cited the adendum's number as
    "the PKS with the apotek" and the berkas pengajuan bound only the adendum's 4 pages, the
    signed PKS gone. The adendum here extends the demo's apotek PKS (001/PKS/DR-SR/II/2026,
    to 21 Februari 2027) to the end of the PKS with BPJS, 30 November 2027."""
    from conftest import write_partner_pks

    from kemitraan_desktop.services import external_agreements as external

    APOTEK = 1
    pks = next(a for a in demo.agreements.list(APOTEK) if a.kind == "pks")
    external.record_partner_agreement(
        demo, APOTEK, file=write_partner_pks(tmp_path / "adendum apotek.pdf", 4),
        agreement_date=TODAY, start=TODAY, end=date(2027, 11, 30), kind="addendum",
        parent_id=pks.id, today=TODAY,
        numbers={"practice": "004/ADD/DR-SR/XI/2026", "partner": "021/ADD/APT-SS/XI/2026"})

    apotek = _need(demo, "pks_apotek")
    assert apotek.number == "001/PKS/DR-SR/II/2026 / 017/PKS/APT-SS/II/2026"  # the PKS's own
    assert apotek.document == ("PKS dengan Apotek Sehat Sentosa beserta adendum Nomor "
                               "004/ADD/DR-SR/XI/2026 / 021/ADD/APT-SS/XI/2026")
    assert apotek.valid_until == "30 November 2027"  # as the adendum leaves it
    assert [f.name for f in apotek.files] == ["pks-ditandatangani.png", "adendum apotek.pdf"]
    assert apotek.lapses == ()  # it now runs as long as the PKS with BPJS
    text = _form_text(demo)
    assert "PKS dengan Apotek Sehat Sentosa berakhir pada" not in text

    out = io.BytesIO()
    documents.render_report(demo, "submission", BPJS, out)
    pages = [" ".join((page.extract_text() or "").split())
             for page in PdfReader(io.BytesIO(out.getvalue())).pages]
    cover = pages[0]
    # The PKS's signed scan (one page), then the adendum's 4 pages.
    assert ("5. Perjanjian kerja sama dengan apotek sebagai jejaring (PKS dengan Apotek Sehat "
            "Sentosa beserta adendum Nomor 004/ADD/DR-SR/XI/2026 / 021/ADD/APT-SS/XI/2026) "
            "pks-ditandatangani.png, adendum apotek.pdf 8–12 Terlampir") in cover
    assert len(pages) == 15


def test_a_jejaring_pks_that_ends_before_the_bpjs_pks_begins_does_not_count(
        demo: Services) -> None:
    """Walker4 F-r: a BPJS PKS from 1 Januari 2028 was shown credentialing-ready on the
    strength of PKS with the apotek and the laboratory that had ended in 2027. The demo's
    apotek PKS runs to 21 Februari 2027, the laboratory's to 21 Januari 2027."""
    agreement = next(a for a in demo.agreements.list() if a.partnership_id == BPJS)
    demo.agreements.update(agreement.id, start_date=date(2027, 3, 1),
                           end_date=date(2028, 2, 29))
    apotek, laboratorium = _need(demo, "pks_apotek"), _need(demo, "pks_laboratorium")
    assert (apotek.met, laboratorium.met) == (False, False)
    assert apotek.missing == "belum terpenuhi."
    text = _form_text(demo)
    assert ("4 Perjanjian kerja sama dengan apotek sebagai jejaring PKS dengan Apotek Sehat "
            "Sentosa pks-ditandatangani.png 001/PKS/DR-SR/II/2026 / 017/PKS/APT-SS/II/2026 21 "
            "Februari 2027 Belum") in text
    assert ("PKS dengan Apotek Sehat Sentosa berakhir pada 21 Februari 2027, sebelum PKS dengan "
            "BPJS Kesehatan berakhir pada 29 Februari 2028") in text
    assert "Kriteria teknis belum dinilai: 3 persyaratan administrasi belum terpenuhi" in text

    # From 1 Februari 2027 the apotek's PKS is still in force on the first day; the
    # laboratory's, ended on 21 Januari, is not.
    demo.agreements.update(agreement.id, start_date=date(2027, 2, 1))
    assert (_need(demo, "pks_apotek").met, _need(demo, "pks_laboratorium").met) == (True, False)
