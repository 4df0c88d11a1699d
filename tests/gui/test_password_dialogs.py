"""The program password in the window: asked at start before any partnership is shown (wrong,
then right; Quit ends the program), and set, changed and removed in the settings."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings, Qt
from PySide6.QtWidgets import QDialog, QLabel, QLineEdit

from kemitraan_desktop.services import backup, password
from kemitraan_desktop.services.demo import create_demo
from kemitraan_desktop.services.opening import open_services
from kemitraan_desktop.storage.database import DB_FILENAME
from kemitraan_desktop.ui.dialogs import password as dialogs
from kemitraan_desktop.ui.dialogs.password import (
    PasswordDialog,
    RemovePasswordDialog,
    SetPasswordDialog,
)
from kemitraan_desktop.ui.dialogs.settings import SettingsDialog

ROOT = Path(__file__).resolve().parents[2]


# -- the dialog at start ---------------------------------------------------------------------------
def _start_dialog(qtbot, right: str = "rahasia1") -> PasswordDialog:
    dialog = PasswordDialog(lambda typed: typed == right, Path("/data/klinik"))
    qtbot.addWidget(dialog)
    dialog.show()
    return dialog


def _type(qtbot, dialog: PasswordDialog, text: str) -> None:
    dialog.password.setText(text)
    qtbot.mouseClick(dialog.open_button, Qt.MouseButton.LeftButton)


def test_the_dialog_asks_in_indonesian_and_hides_what_is_typed(qtbot):
    dialog = _start_dialog(qtbot)
    assert dialog.windowTitle() == "Kemitraan Desktop"
    assert dialog.open_button.text() == "Buka" and dialog.quit_button.text() == "Keluar"
    assert dialog.password.echoMode() == QLineEdit.EchoMode.Password
    dialog.show_password.setChecked(True)
    assert dialog.password.echoMode() == QLineEdit.EchoMode.Normal
    command = dialog.findChild(type(dialog.message), "command")
    assert "password remove --forgotten" in command.text()
    assert '--data-dir "/data/klinik"' in command.text()


def test_a_wrong_password_says_so_and_the_right_one_opens(qtbot):
    dialog = _start_dialog(qtbot)
    _type(qtbot, dialog, "salah123")
    assert dialog.isVisible() and dialog.message.text() == "Kata sandi salah. Coba lagi."
    assert dialog.password.text() == ""  # cleared for the next try
    _type(qtbot, dialog, "rahasia1")
    assert dialog.result() == QDialog.DialogCode.Accepted


def test_an_empty_password_is_asked_for_and_not_counted(qtbot):
    dialog = _start_dialog(qtbot)
    _type(qtbot, dialog, "")
    assert dialog.message.text() == "Ketik kata sandinya." and dialog.wrong_attempts == 0


def test_from_the_third_mistake_the_dialog_waits_longer_each_time(qtbot):
    dialog = _start_dialog(qtbot)
    for _ in range(3):
        _type(qtbot, dialog, "salah123")
    assert dialog.seconds_left == 2
    assert dialog.message.text() == "Kata sandi salah. Tunggu 2 detik, lalu coba lagi."
    assert not dialog.password.isEnabled() and not dialog.open_button.isEnabled()
    dialog.password.setText("rahasia1")
    dialog.accept()  # Enter while waiting does nothing
    assert dialog.result() != QDialog.DialogCode.Accepted
    dialog._tick()
    assert dialog.message.text() == "Kata sandi salah. Tunggu 1 detik, lalu coba lagi."
    dialog._tick()
    assert dialog.password.isEnabled() and dialog.open_button.isEnabled()
    _type(qtbot, dialog, "salah123")
    assert dialog.seconds_left == 4  # the fourth mistake waits longer
    qtbot.waitUntil(lambda: dialog.seconds_left == 3, timeout=3000)  # the clock really runs


def test_quit_and_escape_reject(qtbot):
    dialog = _start_dialog(qtbot)
    qtbot.mouseClick(dialog.quit_button, Qt.MouseButton.LeftButton)
    assert dialog.result() == QDialog.DialogCode.Rejected
    dialog = _start_dialog(qtbot)
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)
    assert dialog.result() == QDialog.DialogCode.Rejected


# -- the settings ---------------------------------------------------------------------------------
@pytest.fixture
def settings(tmp_path: Path) -> QSettings:
    return QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)


def test_the_settings_set_change_and_remove_the_password(qtbot, svc, settings, monkeypatch):
    dialog = SettingsDialog(svc, settings)
    qtbot.addWidget(dialog)
    section = dialog.password
    assert section.title() == "Kata sandi program"
    assert section.state.text() == "Belum ada kata sandi program."
    assert section.set_button.text() == "Buat kata sandi…" and section.remove_button.isHidden()

    def answering(fill):
        def exec_(self):
            fill(self)
            return self.result()
        return exec_

    def set_first(d: SetPasswordDialog) -> None:
        assert not d.changing and d.current.isHidden()
        d.new.setText("rahasia1")
        d.repeat.setText("rahasia1")
        d.save_button.click()

    monkeypatch.setattr(SetPasswordDialog, "exec", answering(set_first))
    section.set_button.click()
    assert password.check_password(svc, "rahasia1") and password.password_is_set(svc)
    assert section.state.text().startswith("Kata sandi program sudah dipasang")
    assert section.state.text().endswith("Kata sandi sudah disimpan.")
    assert section.set_button.text() == "Ubah kata sandi…"
    assert not section.remove_button.isHidden()

    def change(d: SetPasswordDialog) -> None:
        assert d.changing
        d.current.setText("rahasia1")
        d.new.setText("baru1234")
        d.repeat.setText("baru1234")
        d.save_button.click()

    monkeypatch.setattr(SetPasswordDialog, "exec", answering(change))
    section.set_button.click()
    assert password.check_password(svc, "baru1234")
    assert section.state.text().endswith("Kata sandi sudah diubah.")

    def remove(d: RemovePasswordDialog) -> None:
        d.current.setText("baru1234")
        d.remove_button.click()

    monkeypatch.setattr(RemovePasswordDialog, "exec", answering(remove))
    section.remove_button.click()
    assert not password.password_is_set(svc)
    assert section.state.text() == ("Belum ada kata sandi program. Kata sandi sudah dihapus.")


def test_setting_says_what_is_wrong_and_keeps_the_dialog_open(qtbot, svc):
    dialog = SetPasswordDialog(svc)
    qtbot.addWidget(dialog)
    dialog.show()
    assert "tidak mengenkripsi berkas data" in dialog.findChildren(QLabel)[0].text()
    dialog.new.setText("abc")
    dialog.repeat.setText("abc")
    dialog.save_button.click()
    assert dialog.isVisible()
    assert dialog.message.text() == ("Kata sandi baru harus terdiri atas sekurang-kurangnya 6 "
                                     "karakter.")
    dialog.new.setText("rahasia1")
    dialog.repeat.setText("rahasia2")
    dialog.save_button.click()
    assert "tidak sama" in dialog.message.text() and not password.password_is_set(svc)


def test_changing_or_removing_with_a_wrong_current_password_changes_nothing(qtbot, svc):
    password.set_password(svc, "rahasia1", "rahasia1")
    change = SetPasswordDialog(svc)
    qtbot.addWidget(change)
    change.show()
    change.current.setText("salah123")
    change.new.setText("baru1234")
    change.repeat.setText("baru1234")
    change.save_button.click()
    assert change.isVisible() and change.message.text() == "Kata sandi salah."
    remove = RemovePasswordDialog(svc)
    qtbot.addWidget(remove)
    remove.show()
    remove.current.setText("salah123")
    remove.remove_button.click()
    assert remove.isVisible() and remove.message.text() == "Kata sandi salah."
    assert password.check_password(svc, "rahasia1")


def test_the_warning_is_honest_about_what_the_password_does_not_do(qtbot):
    assert "tidak mengenkripsi berkas data" in dialogs.honest_note()
    assert "tidak dapat dipulihkan" in dialogs.forgotten_note()


# -- the real start: run() ------------------------------------------------------------------------
RUN_SCRIPT = """
import json
import sys
from pathlib import Path

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication

from kemitraan_desktop.services.recovery import Choice
from kemitraan_desktop.ui import app as ui_app
from kemitraan_desktop.ui.dialogs import startup_problem
from kemitraan_desktop.ui.dialogs.password import PasswordDialog
from kemitraan_desktop.ui.dialogs.startup_problem import StartupProblemDialog
from kemitraan_desktop.ui.main_window import MainWindow

answers = json.loads(sys.argv[2])  # typed in turn; null clicks Quit
log = {"asked": 0, "visible_at_ask": [], "windows_at_ask": [], "messages": [], "titles": []}
created = []
original_init = MainWindow.__init__


def counting_init(self, *args, **kwargs):
    created.append(self)
    original_init(self, *args, **kwargs)


def exec_typing(dialog):
    log["asked"] += 1
    log["visible_at_ask"].append(sorted(type(w).__name__ for w in QApplication.topLevelWidgets()
                                        if w.isVisible()))
    log["windows_at_ask"].append(len(created))
    while answers:
        answer = answers.pop(0)
        if answer is None:
            dialog.quit_button.click()
            break
        dialog.password.setText(answer)
        dialog.open_button.click()
        if dialog.result() == dialog.DialogCode.Accepted:
            break
        log["messages"].append(dialog.message.text())
    return dialog.result()


def quit_soon():
    for window in QApplication.topLevelWidgets():
        if isinstance(window, MainWindow) and window.isVisible():
            model = window.list.model
            log["titles"] += [model.rows[row].title for row in range(model.rowCount())]
            window.close()
    QApplication.quit()


MainWindow.__init__ = counting_init
MainWindow.schedule_startup_backup = lambda self, delay_ms=0: None
PasswordDialog.exec = exec_typing
StartupProblemDialog.exec = lambda dialog: dialog.buttons[Choice.RESTORE].click() or 1
startup_problem.QMessageBox.information = staticmethod(lambda *args: None)
ui_app.create_application()
QTimer.singleShot(1500, quit_soon)
log["code"] = ui_app.run(Path(sys.argv[1]))
log["windows"] = len(created)
print(json.dumps(log))
"""


def _run(folder: Path, answers: list[str | None]) -> dict:
    done = subprocess.run([sys.executable, "-c", RUN_SCRIPT, str(folder), json.dumps(answers)],
                          cwd=ROOT, env={**os.environ, "QT_QPA_PLATFORM": "offscreen"},
                          capture_output=True, text=True, timeout=90)
    assert "Traceback" not in done.stderr, done.stderr
    return json.loads(done.stdout.strip().splitlines()[-1])


def _demo(folder: Path, secret: str | None) -> list[str]:
    svc = open_services(folder)
    try:
        create_demo(svc)
        if secret:
            password.set_password(svc, secret, secret)
        return sorted(p.title for p in svc.partnerships.list())
    finally:
        svc.db.close()


def test_run_asks_before_any_partnership_is_shown_then_opens_with_the_right_one(tmp_path):
    folder = tmp_path / "data"
    titles = _demo(folder, "rahasia1")
    log = _run(folder, ["salah123", "rahasia1"])
    assert log["code"] == 0
    assert log["asked"] == 1
    assert log["windows_at_ask"] == [0]  # no main window even existed yet
    assert log["visible_at_ask"] == [[]]  # nothing at all on the screen but the dialog
    assert log["messages"] == ["Kata sandi salah. Coba lagi."]
    assert sorted(log["titles"]) == titles


def test_quitting_at_the_password_ends_with_non_zero_and_shows_nothing(tmp_path):
    folder = tmp_path / "data"
    _demo(folder, "rahasia1")
    before = (folder / DB_FILENAME).read_bytes()
    log = _run(folder, [None])
    assert log["code"] == 1
    assert log["windows"] == 0 and log["titles"] == []
    assert (folder / DB_FILENAME).read_bytes() == before


def test_without_a_password_the_start_is_as_before(tmp_path):
    folder = tmp_path / "data"
    titles = _demo(folder, None)
    log = _run(folder, [])
    assert log["code"] == 0 and log["asked"] == 0 and log["windows"] == 1
    assert sorted(log["titles"]) == titles


def test_a_restored_backup_with_a_password_asks_for_it_before_showing_it(tmp_path):
    """The file could not be read at start (damaged); the backup restored has a password."""
    folder = tmp_path / "data"
    svc = open_services(folder)
    try:
        create_demo(svc)
        password.set_password(svc, "rahasia1", "rahasia1")
        backup.automatic_backup(svc)
        titles = sorted(p.title for p in svc.partnerships.list())
    finally:
        svc.db.close()
    (folder / DB_FILENAME).write_bytes(b"SQLite format 3\x00" + b"\x00" * 500)
    log = _run(folder, ["rahasia1"])
    assert log["code"] == 0 and log["asked"] == 1
    assert log["windows_at_ask"] == [0]
    assert sorted(log["titles"]) == titles

    (folder / DB_FILENAME).write_bytes(b"SQLite format 3\x00" + b"\x00" * 500)
    log = _run(folder, [None])
    assert log["code"] == 1 and log["windows"] == 0
