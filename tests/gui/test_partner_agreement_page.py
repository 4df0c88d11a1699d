"""Step 5 when the BPJS branch brings its own PKS: the doctor chooses it, types what the PKS says,
attaches the branch's PDF, sees it, and records it as signed — then reads it all back."""

from __future__ import annotations

import hashlib
from datetime import date, timedelta
from pathlib import Path

import pytest
from conftest import start_bpjs_partnership
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QFileDialog, QLineEdit
from table_walk import click, press, show, type_keys

from kemitraan_desktop.services import agreements, partnerships
from kemitraan_desktop.services import external_agreements as external
from kemitraan_desktop.services.app import Services
from kemitraan_desktop.ui.pages.step5_agreement import AgreementPage

SIGNED_ON = date.today() - timedelta(days=2)


@pytest.fixture
def bpjs(svc: Services):
    return start_bpjs_partnership(svc)


def type_into(qtbot, editor: QLineEdit, text: str) -> None:
    click(qtbot, editor)
    QTest.keyClick(editor, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)  # select all
    type_keys(qtbot, text)
    press(qtbot, Qt.Key.Key_Tab)


def type_date(qtbot, editor: QLineEdit, day: date) -> None:
    """A date typed as people type it here, 15032027 without the slashes, then Tab on."""
    type_into(qtbot, editor, day.strftime("%d%m%Y"))


def test_the_doctor_records_the_bpjs_pks_and_its_pdf_in_step_5(
        qtbot, svc, bpjs, partner_pks, monkeypatch):
    page = show(qtbot, AgreementPage(svc), 1100, 740)
    page.show_partnership(bpjs.id)
    start = page.partner_start
    assert start.isVisible()
    assert start.explanation.text().startswith(
        "Sebagian besar kantor cabang BPJS membawa naskah PKS sendiri.")
    click(qtbot, start.button)

    panel = page.partner_panel
    assert panel.isVisible() and not page.tabs.isVisible()
    assert not page.finalize_button.isVisible()
    assert [form.title.text() for form in panel.parties] == ["PIHAK KESATU", "PIHAK KEDUA"]
    type_into(qtbot, panel.subject, "Pelayanan Kesehatan Tingkat Pertama")
    type_date(qtbot, panel.agreement_date, SIGNED_ON)
    type_date(qtbot, panel.start_date, date(2027, 1, 1))
    type_date(qtbot, panel.end_date, date(2027, 12, 31))
    assert panel.term.text() == "12 (dua belas) bulan"
    assert panel.recredentialing.text() == (
        "Kredensialing ulang BPJS paling lambat 30 September 2027 (3 bulan sebelum PKS "
        "berakhir).")
    type_into(qtbot, panel.capitation, "8.800")
    branch, practice = panel.parties
    type_into(qtbot, branch.editors["number"], "1234/KC-XI/PKS/1226")
    assert panel.missing.text() == "\n".join((
        "• Lampirkan PDF atau pindaian dari mitra: itulah dokumen asli perjanjian.",
        "• Praktik dr. Siti: isi nomor perjanjiannya.",
    ))
    assert not panel.sign_button.isEnabled()
    type_into(qtbot, practice.editors["number"], "002/PKS/DR-SR/XII/2026")

    # The operating system's file dialog answers with the branch's PDF.
    monkeypatch.setattr(QFileDialog, "getOpenFileName",
                        lambda *args, **kwargs: (str(partner_pks), ""))
    click(qtbot, panel.choose_button)
    assert panel.preview.page_count == 2
    sha = hashlib.sha256(partner_pks.read_bytes()).hexdigest()
    assert panel.record_name.text() == f"pks-bpjs-2027.pdf (2 KB), SHA-256 {sha[:16]}…"
    assert panel.missing.text() == "Tidak ada: perjanjian dapat dicatat sebagai ditandatangani."
    click(qtbot, panel.sign_button)

    agreement = svc.agreements.list(bpjs.id)[0]
    assert (agreement.drafted_by, agreement.status, agreement.signed_on,
            agreement.final_pdf_sha256) == ("partner", "signed", SIGNED_ON, sha)
    assert (agreement.subject, agreement.start_date, agreement.end_date,
            agreement.capitation_rate_sen) == (
        "Pelayanan Kesehatan Tingkat Pertama", date(2027, 1, 1), date(2027, 12, 31), 8_800_00)
    assert [p.number for p in svc.agreement_parties.list(agreement.id)] == [
        "1234/KC-XI/PKS/1226", "002/PKS/DR-SR/XII/2026"]
    assert agreements.verify_document(svc, partner_pks.read_bytes()).genuine
    assert page.status.text().startswith("Status: Ditandatangani. Naskah mitra sendiri")
    assert panel.subject.isReadOnly() and not panel.choose_button.isEnabled()
    assert panel.addendum_button.isVisible() and panel.partner_addendum_button.isVisible()

    # Opened again (as after a restart), the page shows what was recorded.
    again = show(qtbot, AgreementPage(svc), 1100, 740)
    again.show_partnership(bpjs.id)
    assert again.partner_panel.isVisible()
    assert again.partner_panel.term.text() == "12 (dua belas) bulan"
    assert again.partner_panel.capitation.text() == "8.800"
    assert again.partner_panel.preview.page_count == 2


def test_a_date_after_today_is_said_in_the_list_and_not_signed(qtbot, svc, bpjs, partner_pks):
    draft = external.start_partner_agreement(svc, bpjs.id)
    external.attach_record(svc, draft.id, partner_pks)
    page = show(qtbot, AgreementPage(svc), 1100, 740)
    page.show_partnership(bpjs.id)
    panel = page.partner_panel
    tomorrow = date.today() + timedelta(days=1)
    type_date(qtbot, panel.agreement_date, tomorrow)
    assert "jatuh setelah hari ini" in panel.missing.text()
    assert not panel.sign_button.isEnabled()
    assert svc.agreements.get(draft.id).status == "draft"


def credentialed(svc: Services, tmp_path: Path) -> None:
    """What our PKS's recital claims, made true: SIP, STR and NPWP in the profile, and the
    apotek's and the laboratory's PKS signed (each their own text, recorded)."""
    from conftest import write_partner_pks

    practice = svc.practices.list()[0]
    svc.practices.update(practice.id, sip_number="503/0123/SIP-DU/2022",
                         sip_issued=date(2022, 3, 5), str_number="3121100220145678",
                         npwp="3404076208850003")
    for kind in ("apotek", "laboratorium"):
        partner = svc.partners.create(name=f"Mitra {kind}", partner_type=kind)
        svc.partner_people.create(partner_id=partner.id, name=f"Penanggung jawab {kind}",
                                  job_title="Penanggung Jawab", signs=True)
        jejaring = partnerships.start_partnership(svc, f"Jejaring {kind}", kind, partner.id)
        draft = external.start_partner_agreement(svc, jejaring.id)
        svc.agreements.update(draft.id, agreement_date=SIGNED_ON, start_date=date(2027, 1, 1),
                              end_date=date(2027, 12, 31))
        for party in svc.agreement_parties.list(draft.id):
            svc.agreement_parties.update(party.id, number=f"{party.party}/{kind}/2026")
        external.attach_record(svc, draft.id, write_partner_pks(tmp_path / f"{kind}.pdf", 1))
        external.record_as_signed(svc, draft.id)


def test_the_partner_addendum_to_our_signed_pks_is_recorded_the_same_way(
        qtbot, svc, bpjs, tmp_path: Path, monkeypatch):
    from conftest import ready_to_finalize, write_partner_pks

    credentialed(svc, tmp_path)
    ours = agreements.draft_agreement(svc, bpjs.id, start=date(2027, 1, 1),
                                      end=date(2027, 12, 31), signing=SIGNED_ON)
    for party in svc.agreement_parties.list(ours.id):
        svc.agreement_parties.update(party.id, number=party.number or "1234/KC-XI/PKS/1226")
    ready_to_finalize(svc, ours.id)
    agreements.finalize_agreement(svc, ours.id)
    agreements.sign_agreement(svc, ours.id, SIGNED_ON, "Rina Marlina dan dr. Siti Rahmawati")
    page = show(qtbot, AgreementPage(svc), 1100, 740)
    page.show_partnership(bpjs.id)
    click(qtbot, page.partner_addendum_button)
    panel = page.partner_panel
    assert panel.isVisible()
    assert page.versions.currentText().startswith("2 — ")  # the new version is shown
    assert panel.term.text() == "12 (dua belas) bulan"  # from the PKS it changes
    type_date(qtbot, panel.agreement_date, SIGNED_ON)
    type_date(qtbot, panel.end_date, date(2028, 12, 31))
    assert panel.term.text() == "24 (dua puluh empat) bulan"
    type_into(qtbot, panel.capitation, "8.800")  # our PKS left it to the setting
    for form, number in zip(panel.parties, ("77/ADD/KC-XI/1226", "003/ADD/DR-SR/XII/2026"),
                            strict=True):
        type_into(qtbot, form.editors["number"], number)
    scan = write_partner_pks(tmp_path / "adendum.pdf", 1)
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *args, **kwargs: (str(scan), ""))
    click(qtbot, panel.choose_button)
    click(qtbot, panel.sign_button)
    assert [(a.version, a.status, a.drafted_by) for a in svc.agreements.list(bpjs.id)] == [
        (1, "amended", "practice"), (2, "signed", "partner")]


def test_the_partners_pdf_opens_from_the_private_data_folder_not_the_shared_temp(
        qtbot, svc, bpjs, partner_pks, monkeypatch, tmp_path):
    """'Open in viewer' of the branch's own PKS wrote it to <system temp>/kemitraan-desktop/,
    made with the umask and shared by every account, where a planted link is written through:
    the one place the held-out re-run of issue 16.7 found. It now goes where every other
    viewed file goes: the data folder's private scratch folder, read-only, removed on close."""
    shared = tmp_path / "shared-temp"
    shared.mkdir()
    monkeypatch.setattr("tempfile.tempdir", str(shared))
    planted = shared / "kemitraan-desktop"
    planted.mkdir()
    victim = tmp_path / "victim.txt"
    victim.write_text("data of another account")
    (planted / "pks-bpjs-2027.pdf").symlink_to(victim)
    draft = external.start_partner_agreement(svc, bpjs.id)
    external.attach_record(svc, draft.id, partner_pks)
    opened: list[str] = []
    monkeypatch.setattr("PySide6.QtGui.QDesktopServices.openUrl",
                        lambda url: opened.append(url.toLocalFile()) or True)
    page = show(qtbot, AgreementPage(svc), 1100, 740)
    page.show_partnership(bpjs.id)
    click(qtbot, page.partner_panel.open_button)

    assert len(opened) == 1
    viewed = Path(opened[0])
    assert viewed.name == "pks-bpjs-2027.pdf"
    assert viewed.is_relative_to(svc.db.data_dir)
    assert viewed.read_bytes() == partner_pks.read_bytes()
    assert victim.read_text() == "data of another account"
    assert [p.name for p in planted.iterdir()] == ["pks-bpjs-2027.pdf"]  # only the planted link


def test_an_end_before_the_start_is_said_and_goes_once_put_right(qtbot, svc, bpjs):
    """Seen by walker4: the end typed before the start was refused in red, and the red stayed
    on the page after the end was put right and the term already read 12 (dua belas) bulan."""
    page = show(qtbot, AgreementPage(svc), 1100, 740)
    page.show_partnership(bpjs.id)
    click(qtbot, page.partner_start.button)
    panel = page.partner_panel
    type_date(qtbot, panel.start_date, date(2028, 1, 1))
    type_date(qtbot, panel.end_date, date(2027, 12, 31))
    assert page.bar.isVisible()
    assert page.bar.text == "Tanggal berakhir tidak boleh sebelum tanggal mulai."
    type_date(qtbot, panel.end_date, date(2028, 12, 31))
    assert panel.term.text() == "12 (dua belas) bulan"
    assert svc.agreements.list(bpjs.id)[0].end_date == date(2028, 12, 31)
    assert not page.bar.isVisible()  # the refusal went with what it refused
