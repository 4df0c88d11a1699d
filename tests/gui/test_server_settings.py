"""Berkas → Pengaturan → Basis data server: the doctor clicks "server", types an address, tests
it; a wrong one is said beneath the field and OK keeps the dialog open with what was typed; a
right one is kept for the folder and the program offers to restart into it."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QSettings, Qt
from PySide6.QtWidgets import QDialogButtonBox, QLineEdit

from kemitraan_desktop.services import server_choice
from kemitraan_desktop.ui.dialogs.settings import SettingsDialog


@pytest.fixture
def settings(tmp_path: Path) -> QSettings:
    return QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)


@pytest.fixture
def server_url(postgres_cluster):
    url = postgres_cluster.create_database("pengaturan_server")
    yield url
    postgres_cluster.drop_database("pengaturan_server")


def _ok(qtbot, dialog: SettingsDialog) -> None:
    buttons = dialog.findChild(QDialogButtonBox)
    qtbot.mouseClick(buttons.button(QDialogButtonBox.StandardButton.Ok),
                     Qt.MouseButton.LeftButton)


def _type_address(qtbot, dialog: SettingsDialog, text: str) -> None:
    section = dialog.server
    qtbot.mouseClick(section.address, Qt.MouseButton.LeftButton)
    section.address.selectAll()
    qtbot.keyClick(section.address, Qt.Key.Key_Delete)
    qtbot.keyClicks(section.address, text)


def test_a_server_that_does_not_answer_is_said_at_the_field_and_the_dialog_stays(
        qtbot, svc, settings):
    dialog = SettingsDialog(svc, settings)
    qtbot.addWidget(dialog)
    dialog.show()
    section = dialog.server
    assert section.title() == "Basis data server"
    assert section.local.isChecked() and not section.address.isEnabled()
    qtbot.mouseClick(section.server, Qt.MouseButton.LeftButton, pos=_inside(section.server))
    assert section.server.isChecked() and section.address.isEnabled()
    assert section.test_button.text() == "Uji koneksi"

    _type_address(qtbot, dialog, "postgresql://klinik@127.0.0.1:1/kemitraan")
    qtbot.mouseClick(section.test_button, Qt.MouseButton.LeftButton)
    assert section.address_error.isVisible()
    assert section.address_error.text() == (
        "Server 127.0.0.1:1 tidak menjawab: periksa alamatnya dan pastikan PostgreSQL berjalan "
        "di sana. Tidak ada yang diubah.")

    _ok(qtbot, dialog)  # OK tries it again: refused, nothing kept, what was typed stays
    assert dialog.isVisible()
    assert section.address.text() == "postgresql://klinik@127.0.0.1:1/kemitraan"
    assert section.address_error.isVisible()
    assert server_choice.chosen_server(svc.db.data_dir) is None


def test_a_server_that_answers_is_kept_for_the_folder_and_a_restart_is_offered(
        qtbot, svc, settings, server_url: str):
    dialog = SettingsDialog(svc, settings)
    qtbot.addWidget(dialog)
    dialog.show()
    section = dialog.server
    qtbot.mouseClick(section.server, Qt.MouseButton.LeftButton, pos=_inside(section.server))
    _type_address(qtbot, dialog, server_url)
    qtbot.mouseClick(section.test_button, Qt.MouseButton.LeftButton)
    assert not section.address_error.isVisible()
    assert section.result.text().startswith("Terhubung: PostgreSQL 1")
    assert section.result.text().endswith(
        "basis data pengaturan_server. Basis data itu kosong: program membuat tabelnya saat "
        "membukanya.")

    _ok(qtbot, dialog)
    assert not dialog.isVisible()
    assert server_choice.chosen_server(svc.db.data_dir) == server_url
    assert dialog.restart_needed
    assert dialog.restart_reasons == ["Data dibaca dari server setelah program dimulai ulang."]

    again = SettingsDialog(svc, settings)  # opened again: the choice as kept
    qtbot.addWidget(again)
    again.show()
    assert again.server.server.isChecked() and again.server.address.text() == server_url
    qtbot.mouseClick(again.server.local, Qt.MouseButton.LeftButton, pos=_inside(again.server.local))
    _ok(qtbot, again)
    assert server_choice.chosen_server(svc.db.data_dir) is None
    assert again.restart_reasons == [
        "Data dibaca dari folder data komputer ini setelah program dimulai ulang."]


def test_the_server_password_is_shown_as_dots_never_in_the_address(qtbot, svc, settings):
    from kemitraan_desktop import paths

    kept = "postgresql://klinik:rahasia-Klinik7@192.168.1.10/kemitraan"
    (svc.db.data_dir / paths.SERVER_CHOICE_FILENAME).write_text(kept + "\n", encoding="utf-8")
    dialog = SettingsDialog(svc, settings)
    qtbot.addWidget(dialog)
    dialog.show()
    section = dialog.server
    assert section.address.displayText() == "postgresql://klinik@192.168.1.10/kemitraan"
    assert section.password.displayText() != "rahasia-Klinik7"
    assert len(section.password.displayText()) == len("rahasia-Klinik7")
    shown = [field.displayText() for field in dialog.findChildren(QLineEdit)]
    assert not any("rahasia" in text for text in shown)
    assert not section.changed()  # the address and its password together are what is kept


def test_a_password_typed_into_the_address_moves_into_the_dots_and_is_kept(
        qtbot, svc, settings, server_url: str):
    dialog = SettingsDialog(svc, settings)
    qtbot.addWidget(dialog)
    dialog.show()
    with qtbot.waitActive(dialog):  # a real focus: leaving the field by Tab
        dialog.activateWindow()
    section = dialog.server
    qtbot.mouseClick(section.server, Qt.MouseButton.LeftButton, pos=_inside(section.server))
    with_password = server_url.replace("kemitraan@", "kemitraan:sandi-Server9@")
    _type_address(qtbot, dialog, with_password)
    qtbot.keyClick(section.address, Qt.Key.Key_Tab)  # leaving the field
    assert section.address.displayText() == server_url
    assert section.password.text() == "sandi-Server9"
    assert "sandi" not in section.password.displayText()
    assert section.password.hasFocus()
    qtbot.mouseClick(section.test_button, Qt.MouseButton.LeftButton)
    assert section.result.text().startswith("Terhubung: PostgreSQL 1")
    assert "sandi" not in section.result.text()

    _ok(qtbot, dialog)
    assert not dialog.isVisible()
    assert server_choice.chosen_server(svc.db.data_dir) == with_password


def _inside(button):  # noqa: ANN001, ANN202
    """A point on the radio button's circle (its left end), where a click toggles it."""
    from PySide6.QtCore import QPoint

    return QPoint(8, button.height() // 2)
