"""Recording the signing of the BPJS PKS of the demo, as the doctor does it: the button on step 5,
typing into the dialog, OK. A date the rule refuses (after today, before the day the PKS prints,
after it without the statement) is explained at the field and the dialog stays open with the
signers and the scan; the result is read back through the services."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from conftest import ready_to_finalize
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication, QDialogButtonBox, QFileDialog
from table_walk import click, focused, press, show, type_keys

from kemitraan_desktop.domain.dates import add_months
from kemitraan_desktop.domain.signing import day_and_date
from kemitraan_desktop.services import agreements
from kemitraan_desktop.ui.dialogs.signing import SignDialog

SIGNERS = "dr. Siti Rahmawati dan Drs. Bambang Hartono, M.M."  # the PKS prints both


def type_date(qtbot, editor, day: date) -> None:
    """Type *day* as ddmmyyyy over what the program's date field shows."""
    editor.setFocus()
    editor.selectAll()
    qtbot.keyClicks(editor, day.strftime("%d%m%Y"))


def click_ok(qtbot, dialog) -> None:
    qtbot.mouseClick(dialog.buttons.button(QDialogButtonBox.StandardButton.Ok),
                     Qt.MouseButton.LeftButton)


def final_bpjs(window, svc, printed: date):  # noqa: ANN001, ANN201
    """Step 5 of the demo's BPJS partnership, its PKS final, printing *printed* in its opening
    ("Pada hari ini …"), and ready to be signed."""
    bpjs = next(p for p in svc.partnerships.list() if p.partner_type == "bpjs")
    draft = svc.agreements.list(bpjs.id)[-1]
    ready_to_finalize(svc, draft.id)
    svc.agreements.update(draft.id, agreement_date=printed)
    agreements.finalize_agreement(svc, draft.id)
    window.list.select(bpjs.id)
    window.wizard.go_to(5, remember=False)
    page = window.wizard.pages[5]
    assert page.sign_button.isEnabled()
    return page, draft.id


@pytest.fixture
def step5(window, svc):
    """The doctor signs at the branch today, the day the PKS prints."""
    return final_bpjs(window, svc, date.today())


@pytest.fixture
def step5_ahead(window, svc):
    """The doctor plans to sign at the branch on the first of next month: the PKS prints that
    day (the walk: "Pada hari ini, Jumat … 1 Januari 2027" finalized on 4 Desember 2026)."""
    return final_bpjs(window, svc, add_months(date.today(), 1).replace(day=1))


@pytest.fixture
def step5_passed(window, svc):
    """The PKS prints a day three days ago; the branch signed it today."""
    from datetime import timedelta

    return final_bpjs(window, svc, date.today() - timedelta(days=3))


def refusal(dialog) -> str:  # noqa: ANN001
    """The message beneath the date, "" when none shows."""
    label = dialog.signed_on_error
    return "" if label.isHidden() else label.text()


def test_a_pks_printed_for_a_day_to_come_cannot_be_recorded_as_signed_today(
        qtbot, svc, step5_ahead, tmp_path, monkeypatch):
    """Seen in the walk: a PKS whose opening prints next month's first day was recorded as
    signed today after a second OK, and the printed "Pada hari ini …" then disagreed with the
    record. It is refused at the field with the reason and the way to put it right, and the
    dialog keeps what was typed."""
    page, agreement_id = step5_ahead
    printed = svc.agreements.get(agreement_id).agreement_date
    today = date.today()
    scan = tmp_path / "pks-bertanda-tangan.pdf"
    scan.write_bytes(b"%PDF-1.4 signed over meterai")
    monkeypatch.setattr(QFileDialog, "getOpenFileName",
                        lambda *args, **kwargs: (str(scan), ""))
    seen: dict[str, object] = {}

    def in_the_dialog() -> None:
        dialog = QApplication.activeModalWidget()
        try:
            assert isinstance(dialog, SignDialog)
            # The printed day is proposed, and why it cannot be recorded yet is said at once.
            seen["proposed"] = (dialog.signed_on.value(), refusal(dialog), dialog.signed_by())
            qtbot.mouseClick(dialog.browse, Qt.MouseButton.LeftButton)
            click(qtbot, dialog.partner_number)
            type_keys(qtbot, "0123/KC-SLM/XII/2026")
            type_date(qtbot, dialog.signed_on, today)  # the day they met, today
            seen["today"] = (refusal(dialog), dialog.later.isVisible())
            line = dialog.signed_on_error  # six lines now, four a moment ago: none cut off
            seen["whole"] = (line.height() >= line.heightForWidth(line.width()),
                             line.parentWidget().height() > line.geometry().bottom(),
                             dialog.rect().contains(line.mapTo(dialog, line.rect().bottomLeft())))
            click_ok(qtbot, dialog)
            click_ok(qtbot, dialog)  # a second OK changes nothing
            seen["open"] = dialog.isVisible()
            seen["kept"] = (dialog.signed_by(), dialog.scan.text(), dialog.partner_number.text(),
                            dialog.signed_on.value())
            seen["status while open"] = svc.agreements.get(agreement_id).status
        finally:
            if dialog is not None and dialog.isVisible():
                dialog.reject()

    QTimer.singleShot(0, in_the_dialog)
    qtbot.mouseClick(page.sign_button, Qt.MouseButton.LeftButton)

    proposed, said, signers = seen["proposed"]
    assert proposed == printed and signers == SIGNERS
    assert said == (f"{day_and_date(printed)} jatuh setelah hari ini ({day_and_date(today)}): "
                    "perjanjian tidak mungkin sudah ditandatangani pada hari yang belum tiba. "
                    "Catat penandatanganan setelah kedua pihak menandatanganinya.")
    said, later_offered = seen["today"]
    assert said == (
        f"{day_and_date(today)} jatuh sebelum {day_and_date(printed)}, hari yang disebut "
        "pembukaan perjanjian sebagai hari penandatanganannya (“Pada hari ini …”): catatan akan "
        f"berbeda dengan naskah yang ditandatangani. Catat penandatanganan pada "
        f"{day_and_date(printed)} atau sesudahnya, setelah kedua pihak menandatanganinya. "
        "Tanggal yang tercetak diubah pada draf sebelum finalisasi; setelah ditandatangani, "
        "dengan adendum.")
    assert later_offered is False  # no statement makes an earlier day right
    assert seen["whole"] == (True, True, True)
    assert seen["open"] is True
    assert seen["kept"] == (SIGNERS, str(scan), "0123/KC-SLM/XII/2026", today)
    assert seen["status while open"] == "final"
    assert svc.agreements.get(agreement_id).status == "final"  # nothing recorded
    # The service, which the command line uses too, holds the same rule.
    with pytest.raises(agreements.UserError) as refused:
        agreements.sign_agreement(svc, agreement_id, today, SIGNERS, later_stated=True)
    assert refused.value.field == "signed_on"


def test_a_signing_after_the_printed_day_is_recorded_once_it_is_stated(
        qtbot, svc, step5_passed, tmp_path, monkeypatch):
    page, agreement_id = step5_passed
    printed = svc.agreements.get(agreement_id).agreement_date
    today = date.today()
    scan = tmp_path / "pks-bertanda-tangan.pdf"
    scan.write_bytes(b"%PDF-1.4 signed over meterai")
    monkeypatch.setattr(QFileDialog, "getOpenFileName",
                        lambda *args, **kwargs: (str(scan), ""))
    seen: dict[str, object] = {}

    def in_the_dialog() -> None:
        dialog = QApplication.activeModalWidget()
        try:
            seen["proposed"] = (dialog.signed_on.value(), refusal(dialog),
                                dialog.later.isVisible())
            qtbot.mouseClick(dialog.browse, Qt.MouseButton.LeftButton)
            click(qtbot, dialog.partner_number)
            type_keys(qtbot, "0123/KC-SLM/XII/2026")
            type_date(qtbot, dialog.signed_on, today)  # the branch signed three days later
            seen["later"] = (refusal(dialog), dialog.later.isVisible(), dialog.later.text())
            click_ok(qtbot, dialog)
            seen["open"] = (dialog.isVisible(), svc.agreements.get(agreement_id).status)
            click(qtbot, dialog.later)  # the doctor states it
            seen["stated"] = refusal(dialog)
            click_ok(qtbot, dialog)
            seen["closed"] = not dialog.isVisible()
        finally:
            if dialog is not None and dialog.isVisible():
                dialog.reject()

    QTimer.singleShot(0, in_the_dialog)
    qtbot.mouseClick(page.sign_button, Qt.MouseButton.LeftButton)

    assert seen["proposed"] == (printed, "", False)  # the printed day: nothing to say
    said, offered, statement = seen["later"]
    assert said.startswith(f"{day_and_date(today)} jatuh setelah {day_and_date(printed)}, hari "
                           "yang disebut pembukaan perjanjian sebagai hari penandatanganannya.")
    assert offered is True
    assert statement == (f"Para pihak menandatangani pada {day_and_date(today)}, setelah "
                         f"tanggal yang tercetak pada perjanjian ({day_and_date(printed)})")
    assert seen["open"] == (True, "final")
    assert seen["stated"] == ""
    assert seen["closed"] is True
    signed = svc.agreements.get(agreement_id)
    assert (signed.status, signed.signed_on, signed.agreement_date) == ("signed", today, printed)
    # The archive both parties keep says the two days too.
    import io

    from pypdf import PdfReader

    from kemitraan_desktop.services import documents

    buffer = io.BytesIO()
    documents.render_report(svc, "archive", signed.partnership_id, buffer)
    archive = " ".join(" ".join((page.extract_text() or "").split())
                       for page in PdfReader(io.BytesIO(buffer.getvalue())).pages)
    from kemitraan_desktop.domain.dates import long_date_id

    assert f"Tanggal perjanjian: {long_date_id(printed)};" in archive
    assert f"Ditandatangani: {long_date_id(today)};" in archive
    # The audit log keeps both days and the statement.
    from kemitraan_desktop.services import audit

    bpjs = svc.agreements.get(agreement_id).partnership_id
    [entry] = [e for e in audit.list_entries(svc, 0, 50, bpjs) if e.action == "sign"]
    assert entry.changes["signed_on"] == today.isoformat()
    assert entry.changes["printed_date"] == printed.isoformat()
    assert entry.changes["signed_after_printed_date"] is True


def test_return_in_the_date_moves_on_and_keeps_the_date(qtbot, svc, step5):
    """Seen in the walk: Return in the signing date did nothing at all."""
    page, agreement_id = step5
    dialog = show(qtbot, SignDialog(svc, svc.agreements.get(agreement_id)), 620, 360)
    click(qtbot, dialog.signed_on)
    dialog.signed_on.selectAll()
    type_keys(qtbot, date.today().strftime("%d%m%Y"))
    press(qtbot, Qt.Key.Key_Return)
    assert focused() is dialog.signers["practice"]  # on, as Tab goes
    assert dialog.isVisible() and dialog.signed_on.value() == date.today()
    assert svc.agreements.get(agreement_id).status == "final"  # Return never pressed OK


def test_no_empty_band_above_the_buttons(qtbot, svc, step5_ahead):
    """Seen in the walk: 200 px of nothing between the scan row and OK, the dialog laid out
    with the date's message wrapped at the 100 px of a hidden label."""
    page, agreement_id = step5_ahead
    seen: dict[str, int] = {}

    def in_the_dialog() -> None:
        dialog = QApplication.activeModalWidget()
        try:
            qtbot.wait(20)
            row = dialog.browse
            seen["row_bottom"] = row.mapTo(dialog, row.rect().bottomLeft()).y()
            seen["buttons_top"] = dialog.buttons.geometry().top()
            seen["line"] = dialog.fontMetrics().lineSpacing()
        finally:
            dialog.reject()

    QTimer.singleShot(0, in_the_dialog)
    qtbot.mouseClick(page.sign_button, Qt.MouseButton.LeftButton)
    # What is left: the reserved lines of the scan's and the dialog's messages (they keep
    # their place so nothing moves as one appears), not a band of nothing.
    assert 0 < seen["buttons_top"] - seen["row_bottom"] <= 3 * seen["line"] + 12


def test_the_agreement_date_is_proposed_and_a_later_day_offers_the_statement(qtbot, svc):
    from kemitraan_desktop.services.demo import create_demo

    create_demo(svc)
    bpjs = next(p for p in svc.partnerships.list() if p.partner_type == "bpjs")
    draft = svc.agreements.list(bpjs.id)[-1]
    svc.agreements.update(draft.id, agreement_date=date(2026, 11, 22))
    dialog = SignDialog(svc, svc.agreements.get(draft.id))
    qtbot.addWidget(dialog)
    dialog.show()
    assert dialog.signed_on.value() == date(2026, 11, 22)
    assert refusal(dialog) == "" and not dialog.later.isVisible()
    type_date(qtbot, dialog.signed_on, date(2026, 11, 25))
    assert dialog.later.isVisible()
    assert dialog.later.text() == (
        "Para pihak menandatangani pada Rabu, 25 November 2026, setelah tanggal yang tercetak "
        "pada perjanjian (Minggu, 22 November 2026)")
    assert refusal(dialog).startswith("Rabu, 25 November 2026 jatuh setelah Minggu, "
                                      "22 November 2026")
    click(qtbot, dialog.later)
    assert refusal(dialog) == ""
    type_date(qtbot, dialog.signed_on, date(2026, 11, 22))  # back to the printed day
    assert not dialog.later.isVisible() and not dialog.later.isChecked()
    assert refusal(dialog) == ""


def test_a_day_still_to_come_stays_refused_at_the_field_after_tab(qtbot, svc, step5):
    """Seen in the walk: the refusal appeared as the year was typed and went again on Tab (the
    date field cleared the line beneath it, which held the dialog's message, not its own)."""
    from datetime import timedelta

    page, agreement_id = step5
    tomorrow = date.today() + timedelta(days=1)
    dialog = show(qtbot, SignDialog(svc, svc.agreements.get(agreement_id)), 620, 300)
    click(qtbot, dialog.signed_on)
    dialog.signed_on.selectAll()
    type_keys(qtbot, tomorrow.strftime("%d-%m-%Y"))
    press(qtbot, Qt.Key.Key_Tab)
    assert focused() is dialog.signers["practice"]  # who signed for the practice
    assert not dialog.signed_on_error.isHidden()
    assert dialog.signed_on_error.text().startswith(
        f"{day_and_date(tomorrow)} jatuh setelah hari ini")
    assert dialog.signed_on.property("invalid") is True
    # Put right: the message goes.
    click(qtbot, dialog.signed_on)
    dialog.signed_on.selectAll()
    type_keys(qtbot, date.today().strftime("%d%m%Y"))
    press(qtbot, Qt.Key.Key_Tab)
    assert dialog.signed_on_error.isHidden()
    assert dialog.signed_on.property("invalid") is False


def pdf_words(data: bytes) -> str:
    import io

    from pypdf import PdfReader

    pages = PdfReader(io.BytesIO(data)).pages
    return " ".join(" ".join((page.extract_text() or "").split()) for page in pages)


def party_numbers(svc, agreement_id: int) -> dict[str, str]:
    return {p.party: p.number for p in svc.agreement_parties.list(agreement_id)}


def test_the_partners_number_is_asked_at_signing_and_the_addendum_cites_both(
        qtbot, svc, step5):
    """The walker signed a PKS whose Nomor line for the branch office was blank: the dialog never
    asked the number the branch wrote on the signed copy, so the record had only one of two."""
    page, agreement_id = step5
    numbers = party_numbers(svc, agreement_id)
    assert numbers["partner"] == "" and numbers["practice"]  # the final text left it blank
    seen: dict[str, object] = {}

    def in_the_dialog() -> None:
        dialog = QApplication.activeModalWidget()
        try:
            field = dialog.partner_number
            seen["offered"] = (field.isVisible(), field.isReadOnly(), field.text())
            click(qtbot, field)
            type_keys(qtbot, " 0123/KC-SLM/XII/2026 ")
            click_ok(qtbot, dialog)  # no scan chosen: said, and the dialog stays
            seen["note"] = (dialog.isVisible(), dialog.gaps_note.text())
            click_ok(qtbot, dialog)  # recorded without it, as the doctor chose
            seen["closed"] = not dialog.isVisible()
        finally:
            if dialog is not None and dialog.isVisible():
                dialog.reject()

    QTimer.singleShot(0, in_the_dialog)
    qtbot.mouseClick(page.sign_button, Qt.MouseButton.LeftButton)
    assert seen == {"offered": (True, False, ""), "closed": True, "note": (
        True, "Belum diisi: pindaian naskah yang sudah ditandatangani. Perbaiki sekarang, atau "
              "tekan OK sekali lagi untuk mencatat penandatanganan apa adanya. Nomor dan "
              "pindaian dapat dilengkapi nanti di langkah 5 (Lengkapi penandatanganan…).")}
    assert svc.agreements.get(agreement_id).status == "signed"
    assert party_numbers(svc, agreement_id)["partner"] == "0123/KC-SLM/XII/2026"

    # The adendum recites the signed PKS by both numbers.
    addendum = agreements.start_addendum(svc, agreement_id)
    text = pdf_words(agreements.agreement_pdf(svc, addendum.id))
    # BPJS is PIHAK KESATU: its number comes first.
    assert ("menandatangani Perjanjian Kerja Sama Nomor 0123/KC-SLM/XII/2026 dan Nomor "
            f"{numbers['practice']} tanggal") in text


def test_a_number_the_final_text_prints_is_shown_and_not_changed_at_signing(qtbot, svc):
    from kemitraan_desktop.services.demo import create_demo

    create_demo(svc)
    bpjs = next(p for p in svc.partnerships.list() if p.partner_type == "bpjs")
    draft = svc.agreements.list(bpjs.id)[-1]
    partner = next(p for p in svc.agreement_parties.list(draft.id) if p.party == "partner")
    svc.agreement_parties.update(partner.id, number="0456/KC-SLM/XI/2026")
    ready_to_finalize(svc, draft.id)
    svc.agreements.update(draft.id, agreement_date=date.today())
    agreements.finalize_agreement(svc, draft.id)
    dialog = show(qtbot, SignDialog(svc, svc.agreements.get(draft.id)), 620, 360)
    assert dialog.partner_number.text() == "0456/KC-SLM/XI/2026"
    assert dialog.partner_number.isReadOnly()
    # The service refuses another number for one the paper prints, whoever asks.
    with pytest.raises(agreements.UserError) as refused:
        agreements.sign_agreement(svc, draft.id, date.today(), SIGNERS,
                                  partner_number="9999/LAIN/2026")
    assert refused.value.field == "partner_number"
    assert "0456/KC-SLM/XI/2026" in refused.value.message
    assert svc.agreements.get(draft.id).status == "final"
    click_ok(qtbot, dialog)
    assert dialog.isVisible() and svc.agreements.get(draft.id).status == "final"
    assert dialog.gaps_note.text().startswith(
        "Belum diisi: pindaian naskah yang sudah ditandatangani.")
    click_ok(qtbot, dialog)
    assert svc.agreements.get(draft.id).status == "signed"
    assert party_numbers(svc, draft.id)["partner"] == "0456/KC-SLM/XI/2026"


def test_a_signing_recorded_without_number_and_scan_is_completed_later(
        qtbot, svc, step5, tmp_path, monkeypatch):
    """Seen in the walk: OK with neither the branch's number nor the scan recorded the signing,
    the button went grey, and the BPJS Nomor stayed "…………" in every document for good."""
    page, agreement_id = step5
    final_sha = svc.agreements.get(agreement_id).final_pdf_sha256
    seen: dict[str, object] = {}

    def sign_without() -> None:
        dialog = QApplication.activeModalWidget()
        try:
            type_date(qtbot, dialog.signed_on, date.today())
            click_ok(qtbot, dialog)
            seen["note"] = dialog.gaps_note.text()
            seen["focus"] = dialog.focusWidget() is dialog.partner_number  # type it there
            click_ok(qtbot, dialog)
            seen["closed"] = not dialog.isVisible()
        finally:
            if dialog is not None and dialog.isVisible():
                dialog.reject()

    QTimer.singleShot(0, sign_without)
    qtbot.mouseClick(page.sign_button, Qt.MouseButton.LeftButton)
    assert seen["note"].startswith("Belum diisi: nomor mitra pada salinan yang ditandatangani "
                                   "dan pindaian naskah yang sudah ditandatangani.")
    assert seen["focus"] is True and seen["closed"] is True
    assert svc.agreements.get(agreement_id).status == "signed"
    assert page.sign_button.isEnabled()
    assert page.sign_button.text() == "Lengkapi penandatanganan…"

    scan = tmp_path / "pks-bertanda-tangan.pdf"
    scan.write_bytes(b"%PDF-1.4 signed over meterai at the branch")
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *args, **kwargs: (str(scan), ""))

    def complete() -> None:
        dialog = QApplication.activeModalWidget()
        try:
            seen["title"] = dialog.windowTitle()
            click(qtbot, dialog.partner_number)
            type_keys(qtbot, "0789/KC-SLM/XII/2026")
            qtbot.mouseClick(dialog.browse, Qt.MouseButton.LeftButton)
            click_ok(qtbot, dialog)
            seen["completed"] = not dialog.isVisible()
        finally:
            if dialog is not None and dialog.isVisible():
                dialog.reject()

    QTimer.singleShot(0, complete)
    qtbot.mouseClick(page.sign_button, Qt.MouseButton.LeftButton)
    assert seen["title"] == "Lengkapi penandatanganan" and seen["completed"] is True
    signed = svc.agreements.get(agreement_id)
    assert party_numbers(svc, agreement_id)["partner"] == "0789/KC-SLM/XII/2026"
    kept = svc.attachments.get(signed.signed_scan_attachment_id)
    assert Path(svc.db.attachments.path_for(kept.sha256)).read_bytes() == (
        b"%PDF-1.4 signed over meterai at the branch")
    assert signed.final_pdf_sha256 == final_sha  # the signed text did not change
    assert page.bar.text == "Catatan penandatanganan sudah dilengkapi."
    assert page.sign_button.text() == "Catat pe&nandatanganan…"
    assert not page.sign_button.isEnabled()
    # Nothing more to add: the service refuses a second scan.
    with pytest.raises(agreements.UserError) as refused:
        agreements.complete_signing(svc, agreement_id, scan=scan)
    assert refused.value.message == "Pindaian naskah yang sudah ditandatangani sudah tersimpan."


def test_the_note_after_the_first_ok_leaves_the_dialog_on_the_screen(qtbot, svc, step5):
    """Seen in the walk on a 1366 x 768 laptop: after the first OK named what was missing, the
    dialog grew to 1038 px, its note and OK below the screen's edge; the note (two lines at the
    dialog's width) had kept the height of its text wrapped at 100 px, 27 lines."""
    page, _agreement_id = step5
    seen: dict[str, object] = {}

    def first_ok() -> None:
        dialog = QApplication.activeModalWidget()
        try:
            type_date(qtbot, dialog.signed_on, date.today())
            click_ok(qtbot, dialog)
            qtbot.wait(20)
            ok = dialog.buttons.button(QDialogButtonBox.StandardButton.Ok)
            seen["ok_bottom"] = ok.mapToGlobal(ok.rect().bottomLeft()).y()
            seen["frame_bottom"] = dialog.frameGeometry().bottom()
            seen["screen_bottom"] = dialog.screen().availableGeometry().bottom()
            seen["note_shown"] = dialog.gaps_note.isVisible()
            seen["note_height"] = dialog.gaps_note.height()
            seen["line"] = dialog.gaps_note.fontMetrics().height()
        finally:
            dialog.reject()

    QTimer.singleShot(0, first_ok)
    qtbot.mouseClick(page.sign_button, Qt.MouseButton.LeftButton)
    assert seen["note_shown"] is True
    assert seen["screen_bottom"] == 767  # the 1366 x 768 laptop of the tests' screens
    assert seen["frame_bottom"] <= 767 and seen["ok_bottom"] <= 767
    assert seen["note_height"] <= 5 * seen["line"]  # 345 characters over about 600 px


def test_the_final_pdf_itself_is_refused_as_the_signed_scan(qtbot, svc, step5, tmp_path,
                                                             monkeypatch):
    """Seen by walker4: the program's own final PDF, copied, was taken silently as "the scan of
    the signed copy"; the Arsip then listed both with the same SHA-256."""
    page, agreement_id = step5
    final = tmp_path / "pks-final.pdf"
    final.write_bytes(agreements.agreement_pdf(svc, agreement_id))
    dialog = show(qtbot, SignDialog(svc, svc.agreements.get(agreement_id)), 620, 360)
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *args, **kwargs: (str(final), ""))
    click(qtbot, dialog.browse)
    click(qtbot, dialog.partner_number)
    type_keys(qtbot, "0123/KC-SLM/XII/2026")
    click_ok(qtbot, dialog)
    assert dialog.isVisible()
    error = dialog._fields["scan"][0]
    assert not error.isHidden() and error.text() == (
        "Berkas ini adalah naskah perjanjian sebagaimana dicetak program, bukan pindaian salinan "
        "yang ditandatangani kedua pihak: pilih pindaian atau foto salinan yang sudah "
        "ditandatangani dengan kedua meterai.")
    assert dialog.partner_number.text() == "0123/KC-SLM/XII/2026"  # kept
    assert svc.agreements.get(agreement_id).status == "final"
