"""Every dialog with an OK that saves (ui/dialogs/submitting.py): a refused value is said at its
field and the dialog stays open with everything that was typed; so does a failure the service did
not foresee. Typed with the keyboard, clicked with the mouse, read back through the services."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QSettings, Qt
from PySide6.QtWidgets import QDialogButtonBox

from kemitraan_desktop.services import partnerships
from kemitraan_desktop.services.settings import shown_setting
from kemitraan_desktop.ui.dialogs.new_partnership import NewPartnershipDialog
from kemitraan_desktop.ui.dialogs.settings import SettingsDialog


def shown(qtbot, dialog):
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    return dialog


def retype(qtbot, editor, text: str) -> None:
    editor.setFocus()
    editor.selectAll()
    qtbot.keyClicks(editor, text)


def press_ok(qtbot, buttons: QDialogButtonBox) -> None:
    qtbot.mouseClick(buttons.button(QDialogButtonBox.StandardButton.Ok),
                     Qt.MouseButton.LeftButton)


def test_settings_say_a_refused_figure_at_its_field_and_keep_the_others(qtbot, svc, tmp_path):
    settings = QSettings(str(tmp_path / "s.ini"), QSettings.Format.IniFormat)
    dialog = shown(qtbot, SettingsDialog(svc, settings))
    retype(qtbot, dialog.fields["five_keys.green"], "4,5")
    retype(qtbot, dialog.fields["five_keys.amber"], "9")
    buttons = dialog.findChild(QDialogButtonBox)
    press_ok(qtbot, buttons)

    assert dialog.isVisible()
    amber = dialog._fields["five_keys.amber"][0]
    assert not amber.isHidden()
    assert amber.text() == "Lima kunci: kuning mulai rata-rata harus berupa angka dari 1 sampai 5."
    assert dialog.fields["five_keys.amber"].text() == "9"
    assert dialog.fields["five_keys.green"].text() == "4,5"
    assert dialog.focusWidget() is dialog.fields["five_keys.amber"]
    assert shown_setting(svc, "five_keys.amber") == "3"

    retype(qtbot, dialog.fields["five_keys.amber"], "2,5")
    press_ok(qtbot, buttons)
    assert not dialog.isVisible()
    assert shown_setting(svc, "five_keys.amber") == "2.5"
    assert shown_setting(svc, "five_keys.green") == "4.5"


@pytest.fixture
def practice(svc):
    return svc.practices.create(doctor_name="dr. Siti Rahmawati", clinic_name="Praktik dr. Siti")


def test_a_failure_nobody_foresaw_keeps_the_new_partnership_dialog_open(
        qtbot, svc, practice, monkeypatch):
    def disk_full(*args, **kwargs):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(partnerships, "start_partnership", disk_full)
    dialog = shown(qtbot, NewPartnershipDialog(svc))
    qtbot.keyClicks(dialog.title, "Kerja sama pelayanan obat")
    dialog.partner_type.setFocus()
    qtbot.keyClicks(dialog.partner_type, "Apotek")
    press_ok(qtbot, dialog.buttons)

    assert dialog.isVisible() and dialog.created_id is None
    assert dialog.error.text() == (
        "Disk tempat folder data sudah penuh, sehingga tidak ada yang bisa disimpan. Kosongkan "
        "sebagian ruang (pindahkan atau hapus berkas besar), lalu coba lagi.")
    assert dialog.title.text() == "Kerja sama pelayanan obat"
    assert dialog.partner_type.currentData() == "apotek"
    monkeypatch.undo()
    press_ok(qtbot, dialog.buttons)
    assert not dialog.isVisible()
    assert [p.title for p in svc.partnerships.list()] == ["Kerja sama pelayanan obat"]
