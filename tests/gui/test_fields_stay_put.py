"""Fields stay under the pointer while messages come and go, and what is typed reads the same
everywhere.

The walker corrected Telepon in the Mitra dialog and clicked Email: the red line under Telepon
went, Email moved up, and the click landed in Telepon ("0812 2233 9900gmail.com"). In "Record the
partner's agreement" the form moved as the end date became valid, and a rate typed "8300" stayed
"8300" where every other form shows "8.300".
"""

from __future__ import annotations

from datetime import date

import pytest
from conftest import start_bpjs_partnership
from PySide6.QtCore import QPoint, Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QLabel, QLineEdit, QWidget
from table_walk import press, show, type_keys

from kemitraan_desktop.services import external_agreements as external
from kemitraan_desktop.services import partnerships
from kemitraan_desktop.services.app import Services
from kemitraan_desktop.ui.autosave import SAVE_DELAY_MS
from kemitraan_desktop.ui.dialogs import partner_registry
from kemitraan_desktop.ui.dialogs.partner_registry import PartnerEditor
from kemitraan_desktop.ui.pages.step5_agreement import AgreementPage


@pytest.fixture(autouse=True)
def _closing_never_waits_for_an_answer(monkeypatch):
    monkeypatch.setattr(partner_registry, "ask_close_with_errors", lambda parent: True)
    monkeypatch.setattr(partner_registry, "ask_close_unsaved", lambda parent, why: True)


def aim(widget: QWidget) -> QPoint:
    """Where the doctor's eye sees *widget* now (its left part, clear of a field's buttons):
    the pointer goes there later."""
    return widget.mapToGlobal(QPoint(12, widget.height() // 2))


def click_at(qtbot, point: QPoint) -> QWidget:
    """A click where something was seen; returns what was really under the pointer."""
    under = QApplication.widgetAt(point)
    assert under is not None
    QTest.mouseClick(under, Qt.MouseButton.LeftButton, pos=under.mapFromGlobal(point))
    qtbot.wait(5)
    return under


def retype(qtbot, text: str) -> None:
    QTest.keyClick(QApplication.focusWidget(), Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    type_keys(qtbot, text)


def test_a_message_under_telepon_moves_nothing_beneath_it(qtbot, svc: Services):
    editor = PartnerEditor(svc, None, partner_type="bidan")
    qtbot.addWidget(editor)
    editor.show()
    qtbot.waitExposed(editor)
    with qtbot.waitActive(editor):
        editor.activateWindow()
    QTest.mouseClick(editor.editors["name"], Qt.MouseButton.LeftButton)
    type_keys(qtbot, "Bidan Praktik Mandiri Siti Aminah")
    qtbot.wait(SAVE_DELAY_MS + 100)
    assert editor.partner_id is not None
    phone, email, notes = (editor.editors["phone"], editor.editors["email"],
                           editor.editors["notes"])
    at_phone, at_email, at_notes = aim(phone), aim(email), aim(notes)

    assert click_at(qtbot, at_phone) is phone
    type_keys(qtbot, "12345")
    assert click_at(qtbot, at_email) is email  # leaving Telepon shows its message
    assert not editor.errors["phone"].isHidden()
    assert editor.errors["phone"].text().startswith("Nomor telepon")
    assert (aim(email), aim(notes)) == (at_email, at_notes)

    assert click_at(qtbot, at_phone) is phone
    retype(qtbot, "0812 2233 9900")
    assert click_at(qtbot, at_email) is email  # the message goes: Email stays where it was
    assert editor.errors["phone"].isHidden()
    type_keys(qtbot, "bidan.siti@gmail.com")
    press(qtbot, Qt.Key.Key_Tab)

    postal = editor.editors["postal_code"]
    at_postal = aim(postal)
    assert click_at(qtbot, at_postal) is postal
    type_keys(qtbot, "5558")
    assert click_at(qtbot, at_notes) is notes.viewport()
    assert not editor.errors["postal_code"].isHidden()
    assert aim(notes) == at_notes
    qtbot.wait(SAVE_DELAY_MS + 100)
    stored = svc.partners.get(editor.partner_id)
    assert (stored.phone, stored.email, stored.postal_code) == (
        "081222339900", "bidan.siti@gmail.com", "")


@pytest.fixture
def partner_text(svc: Services):
    partnership = start_bpjs_partnership(svc)
    external.start_partner_agreement(svc, partnership.id)
    return partnership


def test_the_partners_pks_form_stays_still_and_shows_the_rate_in_rupiah(
        qtbot, svc: Services, partner_text):
    page = show(qtbot, AgreementPage(svc), 1100, 740)
    page.show_partnership(partner_text.id)
    panel = page.partner_panel
    branch_number = panel.parties[0].editors["number"]
    fields: dict[str, QLineEdit] = {"start": panel.start_date, "end": panel.end_date,
                                    "capitation": panel.capitation,
                                    "number": branch_number}
    qtbot.wait(100)  # the page as the doctor sees it, laid out
    seen = {name: aim(editor) for name, editor in fields.items()}

    assert click_at(qtbot, seen["start"]) is panel.start_date
    type_keys(qtbot, "01012027")
    assert click_at(qtbot, seen["end"]) is panel.end_date
    type_keys(qtbot, "31122026")  # before the start
    assert click_at(qtbot, seen["capitation"]) is panel.capitation
    end_error = panel.end_date.parentWidget().findChild(QLabel, "fieldError")
    assert end_error.isVisible()
    assert end_error.text() == "Tanggal berakhir tidak boleh sebelum tanggal mulai."
    assert page.bar.isVisible()
    assert page.bar.text == "Tanggal berakhir tidak boleh sebelum tanggal mulai."
    assert {name: aim(editor) for name, editor in fields.items()} == seen

    assert click_at(qtbot, seen["end"]) is panel.end_date
    retype(qtbot, "31122027")
    # Both dates in: the term and the re-credentialing line appear, the rest stays.
    assert click_at(qtbot, seen["capitation"]) is panel.capitation
    assert end_error.isHidden()
    assert page.bar.isHidden()  # the red banner went with its cause
    assert panel.term.text() == "12 (dua belas) bulan"
    assert panel.recredentialing.text() == (
        "Kredensialing ulang BPJS paling lambat 30 September 2027 (3 bulan sebelum PKS "
        "berakhir).")
    assert {name: aim(editor) for name, editor in fields.items()} == seen

    type_keys(qtbot, "8300")
    assert click_at(qtbot, seen["number"]) is branch_number
    assert panel.capitation.text() == "8.300"  # as the other forms show a rate
    type_keys(qtbot, "1234/KC-SLM/XII/2026")
    press(qtbot, Qt.Key.Key_Tab)
    agreement = svc.agreements.list(partner_text.id)[0]
    assert (agreement.start_date, agreement.end_date, agreement.capitation_rate_sen) == (
        date(2027, 1, 1), date(2027, 12, 31), 8_300_00)
    assert svc.agreement_parties.list(agreement.id)[0].number == "1234/KC-SLM/XII/2026"


def test_the_english_screen_says_its_dates_in_english(qtbot, svc: Services, partner_text,
                                                      partner_pks, english):
    draft = svc.agreements.list(partner_text.id)[0]
    svc.agreements.update(draft.id, subject="Pelayanan Kesehatan Tingkat Pertama",
                          agreement_date=date(2026, 12, 1), start_date=date(2027, 1, 1),
                          end_date=date(2027, 12, 31), capitation_rate_sen=8_800_00)
    for party, number in zip(svc.agreement_parties.list(draft.id),
                             ("1234/KC-SLM/XII/2026", "003/PKS/DR-SR/XII/2026"), strict=True):
        svc.agreement_parties.update(party.id, number=number)
    external.attach_record(svc, draft.id, partner_pks)
    external.record_as_signed(svc, draft.id)

    page = show(qtbot, AgreementPage(svc), 1100, 740)
    page.show_partnership(partner_text.id)
    assert page.status.text().endswith("Signed on December 1, 2026.")
    assert page.partner_panel.recredentialing.text() == (
        "BPJS re-credentialing is due by September 30, 2027 (3 months before the PKS ends).")
    # The dashboard's reminders too (they read "4 Mei 2027" on the English screen).
    practice = svc.practices.list()[0]
    svc.practices.update(practice.id, sip_expires=date(2027, 5, 4))
    board = partnerships.dashboard(svc, date(2026, 12, 4))
    assert "The SIP of dr. Siti Rahmawati expires on May 4, 2027: renew it in time." in [
        reminder.message for reminder in board.attention]


def test_a_refusal_to_finalize_stays_on_the_partnership_it_was_said_on(
        qtbot, svc: Services, partner_text, monkeypatch):
    from PySide6.QtWidgets import QMessageBox
    from table_walk import click

    from kemitraan_desktop.services import agreements

    apotek = svc.partners.create(name="Apotek Sehat Ngaglik", partner_type="apotek")
    jejaring = partnerships.start_partnership(svc, "Jejaring apotek", "apotek", apotek.id)
    [branch] = [p for p in svc.partners.list() if p.partner_type == "bpjs"]
    bpjs = partnerships.start_partnership(svc, "PKS FKTP", "bpjs", branch.id)
    agreements.draft_agreement(svc, bpjs.id, start=date(2027, 1, 1), end=date(2027, 12, 31))
    warned = []
    monkeypatch.setattr(QMessageBox, "warning", lambda *args: warned.append(args[2]))
    page = show(qtbot, AgreementPage(svc), 1100, 740)
    page.show_partnership(bpjs.id)
    click(qtbot, page.finalize_button)
    assert warned and warned[0].startswith("Sebelum perjanjian dapat difinalisasi:")
    assert page.bar.isVisible()
    assert page.bar.text == ("Belum difinalisasi: bereskan hal-hal dalam daftar tadi, lalu "
                             "finalisasi lagi.")
    page.show_partnership(jejaring.id)  # the apotek's step 5: nothing was refused there
    assert page.bar.isHidden()


def test_the_name_example_fits_the_partner_type(qtbot, svc: Services):
    """A midwife's name field said "mis. Apotek Sehat Sentosa"."""
    editor = PartnerEditor(svc, None, partner_type="bidan")
    qtbot.addWidget(editor)
    editor.show()
    qtbot.waitExposed(editor)
    name = editor.editors["name"]
    assert name.placeholderText() == "mis. Praktik Mandiri Bidan Siti Aminah"
    editor.type_combo.setFocus()
    QTest.keyClick(editor.type_combo, Qt.Key.Key_Up)  # the type above: Laboratorium
    assert editor.type_combo.currentText() == "Laboratorium"
    assert name.placeholderText() == "mis. Laboratorium Klinik Prima Husada"
