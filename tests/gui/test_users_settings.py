"""Berkas → Pengaturan → Pengguna on a server database: the doctor adds the first user (herself)
and then the front desk from the window, a refused password is said at its field with the
dialog kept open, and the front desk sees the buttons off with the reason."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QSettings, Qt
from PySide6.QtWidgets import QDialogButtonBox, QLabel

from kemitraan_desktop.services import audit, users
from kemitraan_desktop.services.opening import open_services
from kemitraan_desktop.ui.dialogs import users as dialogs
from kemitraan_desktop.ui.dialogs.settings import SettingsDialog


@pytest.fixture
def server_svc(postgres_cluster, tmp_path: Path):
    url = postgres_cluster.create_database("pengguna_jendela")
    svc = open_services(tmp_path / "dokter", url)
    yield svc
    svc.db.close()
    postgres_cluster.drop_database("pengguna_jendela")


def _settings(tmp_path: Path) -> QSettings:
    return QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)


def _type(qtbot, field, text: str) -> None:  # noqa: ANN001
    qtbot.mouseClick(field, Qt.MouseButton.LeftButton)
    field.selectAll()
    qtbot.keyClick(field, Qt.Key.Key_Delete)
    qtbot.keyClicks(field, text)


def _visible_errors(dialog) -> list[str]:  # noqa: ANN001
    return [label.text() for label in dialog.findChildren(QLabel)
            if label.objectName() == "fieldError" and label.isVisible() and label.text()]


def test_the_doctor_adds_herself_then_the_front_desk_from_the_settings(
        qtbot, monkeypatch, server_svc, tmp_path: Path):
    svc = server_svc
    settings = SettingsDialog(svc, _settings(tmp_path))
    qtbot.addWidget(settings)
    settings.show()
    section = settings.password
    assert section.title() == "Pengguna"
    assert section.state.text() == (
        "Belum ada yang masuk dengan nama: siapa pun yang membuka basis data server ini boleh "
        "melakukan semuanya. Tambahkan dulu dokter praktik.")

    seen: list[dialogs.AddUserDialog] = []

    def typing(fill):  # noqa: ANN001, ANN202
        def exec_(dialog):  # noqa: ANN001, ANN202
            seen.append(dialog)
            dialog.show()
            fill(dialog)
            return dialog.result()
        return exec_

    def first_doctor(dialog: dialogs.AddUserDialog) -> None:
        assert dialog.role.currentText() == "dokter (pemilik praktik)"
        _type(qtbot, dialog.name, "dr.ani")
        _type(qtbot, dialog.new, "ani-rahasia")
        _type(qtbot, dialog.repeat, "ani-rahasi")
        qtbot.mouseClick(dialog.add_button, Qt.MouseButton.LeftButton)
        assert dialog.isVisible()
        assert _visible_errors(dialog) == [
            "Kedua kata sandi baru tidak sama. Ketik ulang keduanya."]
        assert dialog.name.text() == "dr.ani" and dialog.new.text() == ""
        _type(qtbot, dialog.new, "ani-rahasia")
        _type(qtbot, dialog.repeat, "ani-rahasia")
        qtbot.mouseClick(dialog.add_button, Qt.MouseButton.LeftButton)

    monkeypatch.setattr(dialogs.AddUserDialog, "exec", typing(first_doctor))
    qtbot.mouseClick(section.add_button, Qt.MouseButton.LeftButton)
    assert section.state.text() == "Yang dapat masuk: dr.ani · dokter (pemilik praktik)."
    assert svc.access.user is not None and svc.access.user.name == "dr.ani"

    def front_desk(dialog: dialogs.AddUserDialog) -> None:
        assert dialog.role.currentText() == "staf"
        _type(qtbot, dialog.name, "rina")
        _type(qtbot, dialog.new, "rina-rahasia")
        _type(qtbot, dialog.repeat, "rina-rahasia")
        qtbot.mouseClick(dialog.add_button, Qt.MouseButton.LeftButton)

    monkeypatch.setattr(dialogs.AddUserDialog, "exec", typing(front_desk))
    qtbot.mouseClick(section.add_button, Qt.MouseButton.LeftButton)
    assert section.state.text() == ("Yang dapat masuk: dr.ani · dokter (pemilik praktik); "
                                    "rina · staf.")
    newest = audit.list_entries(svc, 0, 1)[0]
    assert (newest.actor, newest.action, newest.entity, newest.changes) == (
        "dr.ani", "create", "user", {"name": "rina", "role": "staf"})
    settings.findChild(QDialogButtonBox).button(QDialogButtonBox.StandardButton.Cancel).click()

    users.sign_in(svc, "rina", "rina-rahasia")  # the front desk opens the same settings
    again = SettingsDialog(svc, _settings(tmp_path))
    qtbot.addWidget(again)
    again.show()
    assert not again.password.add_button.isEnabled()
    assert again.password.add_button.toolTip() == (
        "Hanya dokter praktik yang menambah dan menghapus pengguna.")
