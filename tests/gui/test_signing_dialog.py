"""Recording the signing of the BPJS PKS the demo drafted for the first of next month, as the
doctor does it: the button on step 5, typing into the dialog, OK. A date the service refuses is
explained at the field and the dialog stays open with the signers and the scan; the result is read
back through the services."""

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


@pytest.fixture
def step5(window, svc):
    """Step 5 of the demo's BPJS partnership, its PKS final and ready to be signed."""
    bpjs = next(p for p in svc.partnerships.list() if p.partner_type == "bpjs")
    draft = svc.agreements.list(bpjs.id)[-1]
    ready_to_finalize(svc, draft.id)
    # The doctor plans to sign at the branch on the first of next month: the PKS prints that day.
    svc.agreements.update(draft.id, agreement_date=add_months(date.today(), 1).replace(day=1))
    agreements.finalize_agreement(svc, draft.id)
    window.list.select(bpjs.id)
    window.wizard.go_to(5, remember=False)
    page = window.wizard.pages[5]
    assert page.sign_button.isEnabled()
    return page, draft.id


def test_a_refused_date_is_explained_at_the_field_and_nothing_typed_is_lost(
        qtbot, svc, step5, tmp_path, monkeypatch):
    page, agreement_id = step5
    printed = svc.agreements.get(agreement_id).agreement_date
    today = date.today()
    assert printed == add_months(today, 1).replace(day=1)  # a day still to come
    scan = tmp_path / "pks-bertanda-tangan.pdf"
    scan.write_bytes(b"%PDF-1.4 signed over meterai")
    monkeypatch.setattr(QFileDialog, "getOpenFileName",
                        lambda *args, **kwargs: (str(scan), ""))
    seen: dict[str, object] = {}

    def in_the_dialog() -> None:
        dialog = QApplication.activeModalWidget()
        try:
            assert isinstance(dialog, SignDialog)
            # Proposed: today, since the printed day has not come; the difference is said.
            assert dialog.signed_on.value() == today
            assert not dialog.date_remark.isHidden()
            assert "belum tiba" in dialog.date_remark.text()
            # Both signatories the PKS prints are proposed: nothing to type.
            seen["proposed"] = dialog.signed_by()
            qtbot.mouseClick(dialog.browse, Qt.MouseButton.LeftButton)
            # The doctor types the date the PKS prints, and presses OK.
            type_date(qtbot, dialog.signed_on, printed)
            click_ok(qtbot, dialog)
            seen["open after the refusal"] = dialog.isVisible()
            seen["refusal"] = (dialog.signed_on_error.isHidden(), dialog.signed_on_error.text())
            seen["kept"] = (dialog.signed_by(), dialog.scan.text(),
                            dialog.signed_on.value())
            seen["status while open"] = svc.agreements.get(agreement_id).status
            # Then today's date, and OK again.
            type_date(qtbot, dialog.signed_on, today)
            seen["refusal after today"] = dialog.signed_on_error.isHidden()
            click_ok(qtbot, dialog)
            seen["closed"] = not dialog.isVisible()
        finally:
            if dialog is not None and dialog.isVisible():
                dialog.reject()

    QTimer.singleShot(0, in_the_dialog)
    qtbot.mouseClick(page.sign_button, Qt.MouseButton.LeftButton)

    assert seen["proposed"] == SIGNERS
    assert seen["open after the refusal"] is True
    hidden, message = seen["refusal"]
    assert not hidden
    assert "setelah hari ini" in message and "belum tiba" in message
    assert seen["kept"] == (SIGNERS, str(scan), printed)
    assert seen["status while open"] == "final"
    assert seen["refusal after today"] is True
    assert seen["closed"] is True
    signed = svc.agreements.get(agreement_id)
    assert (signed.status, signed.signed_on, signed.signed_by) == ("signed", today, SIGNERS)
    stored = svc.attachments.get(signed.signed_scan_attachment_id)
    kept_scan = Path(svc.db.attachments.path_for(stored.sha256))
    assert kept_scan.read_bytes() == b"%PDF-1.4 signed over meterai"
    assert page.bar.text == "Penandatanganan sudah dicatat. Kemitraan kini aktif."


def test_the_agreement_date_is_proposed_once_it_has_come(qtbot, svc):
    from kemitraan_desktop.services.demo import create_demo

    create_demo(svc)
    bpjs = next(p for p in svc.partnerships.list() if p.partner_type == "bpjs")
    draft = svc.agreements.list(bpjs.id)[-1]
    svc.agreements.update(draft.id, agreement_date=date(2026, 11, 22))
    dialog = SignDialog(svc, svc.agreements.get(draft.id))
    qtbot.addWidget(dialog)
    dialog.show()
    assert dialog.signed_on.value() == date(2026, 11, 22)
    assert dialog.date_remark.isHidden()
    type_date(qtbot, dialog.signed_on, date(2026, 11, 25))
    assert not dialog.date_remark.isHidden()
    assert dialog.date_remark.text() == (
        "Perjanjian menyatakan ditandatangani pada Minggu, 22 November 2026, bukan pada Rabu, "
        "25 November 2026. Periksa tanggal pada salinan yang ditandatangani: tanggal yang "
        "tercetak dan penandatanganan yang dicatat akan berbeda.")


def test_a_day_still_to_come_stays_refused_at_the_field_after_tab(qtbot, svc, step5):
    """Seen in the walk: the refusal appeared as the year was typed and went again on Tab (the
    date field cleared the line beneath it, which held the dialog's message, not its own)."""
    page, agreement_id = step5
    printed = svc.agreements.get(agreement_id).agreement_date  # the first of next month
    dialog = show(qtbot, SignDialog(svc, svc.agreements.get(agreement_id)), 620, 300)
    click(qtbot, dialog.signed_on)
    dialog.signed_on.selectAll()
    type_keys(qtbot, printed.strftime("%d-%m-%Y"))
    press(qtbot, Qt.Key.Key_Tab)
    assert focused() is dialog.signers["practice"]  # who signed for the practice
    assert not dialog.signed_on_error.isHidden()
    assert dialog.signed_on_error.text().startswith(
        f"{day_and_date(printed)} jatuh setelah hari ini")
    assert dialog.signed_on.property("invalid") is True
    # Put right: the message goes.
    click(qtbot, dialog.signed_on)
    dialog.signed_on.selectAll()
    type_keys(qtbot, date.today().strftime("%d%m%Y"))
    press(qtbot, Qt.Key.Key_Tab)
    assert dialog.signed_on_error.isHidden()
    assert dialog.signed_on.property("invalid") is False
