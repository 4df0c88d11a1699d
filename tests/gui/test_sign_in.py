"""Signing in to a server database in the window (issue 15.3): the dialog asks for a user name
and a password before any partnership is shown, says a wrong one in Indonesian and stays open
with the name kept; the right one opens the window, which says who is signed in."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QLabel, QLineEdit

from kemitraan_desktop.services import users
from kemitraan_desktop.services.demo import create_demo
from kemitraan_desktop.services.opening import open_services
from kemitraan_desktop.ui.dialogs.sign_in import SignInDialog

ROOT = Path(__file__).resolve().parents[2]


def _dialog(qtbot, name: str = "") -> SignInDialog:
    dialog = SignInDialog(lambda who, typed: (who, typed) == ("rina", "rina-rahasia"),
                          "192.168.1.10:5432/kemitraan", name)
    qtbot.addWidget(dialog)
    dialog.show()
    return dialog


def _sign_in(qtbot, dialog: SignInDialog, name: str, typed: str) -> None:
    qtbot.mouseClick(dialog.user_name, Qt.MouseButton.LeftButton)
    dialog.user_name.selectAll()
    qtbot.keyClicks(dialog.user_name, name)
    qtbot.mouseClick(dialog.password, Qt.MouseButton.LeftButton)
    qtbot.keyClicks(dialog.password, typed)
    qtbot.mouseClick(dialog.sign_in_button, Qt.MouseButton.LeftButton)


def test_a_wrong_password_is_said_the_name_kept_and_the_dialog_stays(qtbot):
    dialog = _dialog(qtbot)
    assert dialog.sign_in_button.text() == "Masuk" and dialog.quit_button.text() == "Keluar"
    assert dialog.password.echoMode() == QLineEdit.EchoMode.Password
    texts = [label.text() for label in dialog.findChildren(QLabel)]
    assert ("Data praktik ini ada di server 192.168.1.10:5432/kemitraan dan dipakai bersama oleh "
            "pengguna bernama. Ketik nama pengguna dan kata sandi Anda sendiri.") in texts

    _sign_in(qtbot, dialog, "rina", "salah-sandi")
    assert dialog.isVisible()
    assert dialog.message.text() == "Nama pengguna atau kata sandi salah. Coba lagi."
    assert dialog.user_name.text() == "rina" and dialog.password.text() == ""
    qtbot.wait(50)
    for field in (dialog.user_name, dialog.password):  # the message did not squeeze them
        assert field.height() >= field.sizeHint().height()
    assert dialog.message.height() >= dialog.message.heightForWidth(dialog.message.width())

    _sign_in(qtbot, dialog, "rina", "rina-rahasia")
    assert dialog.result() == QDialog.DialogCode.Accepted


def test_an_empty_name_is_asked_for_and_the_third_mistake_waits(qtbot):
    dialog = _dialog(qtbot)
    qtbot.mouseClick(dialog.sign_in_button, Qt.MouseButton.LeftButton)
    assert dialog.message.text() == "Ketik nama pengguna Anda." and dialog.wrong_attempts == 0
    for _ in range(3):
        _sign_in(qtbot, dialog, "rina", "salah-sandi")
    assert dialog.message.text() == ("Nama pengguna atau kata sandi salah. Tunggu 2 detik, lalu "
                                     "coba lagi.")
    assert not dialog.sign_in_button.isEnabled() and not dialog.password.isEnabled()
    assert dialog.isVisible()


RUN_SCRIPT = """
import json
import sys
from pathlib import Path

from PySide6.QtCore import Qt, QTimer
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QLabel

from kemitraan_desktop.ui import app as ui_app
from kemitraan_desktop.ui.dialogs.sign_in import SignInDialog
from kemitraan_desktop.ui.main_window import MainWindow

answers = json.loads(sys.argv[2])  # [name, password] typed in turn; null clicks Quit
log = {"asked": 0, "rows_at_ask": [], "messages": [], "titles": [], "status": ""}
windows = []
original_init = MainWindow.__init__


def counting_init(self, *args, **kwargs):
    windows.append(self)
    original_init(self, *args, **kwargs)


def exec_typing(dialog):
    log["asked"] += 1
    log["rows_at_ask"].append(sum(w.list.model.rowCount() for w in windows))
    dialog.show()
    while answers:
        answer = answers.pop(0)
        if answer is None:
            QTest.mouseClick(dialog.quit_button, Qt.MouseButton.LeftButton)
            dialog.reject()
            break
        dialog.user_name.clear()
        QTest.keyClicks(dialog.user_name, answer[0])
        QTest.keyClicks(dialog.password, answer[1])
        QTest.mouseClick(dialog.sign_in_button, Qt.MouseButton.LeftButton)
        if dialog.result() == dialog.DialogCode.Accepted:
            QTimer.singleShot(1500, quit_soon)  # the window, once it shows the list
            break
        log["messages"].append(dialog.message.text())
    return dialog.result()


def quit_soon():
    for window in QApplication.topLevelWidgets():
        if isinstance(window, MainWindow) and window.isVisible():
            model = window.list.model
            log["titles"] += [model.rows[row].title for row in range(model.rowCount())]
            log["status"] = window.statusBar().findChild(QLabel, "signedIn").text()
            window.close()
    QApplication.quit()


MainWindow.__init__ = counting_init
MainWindow.schedule_startup_backup = lambda self, delay_ms=0: None
SignInDialog.exec = exec_typing
ui_app.create_application()
log["code"] = ui_app.run(Path(sys.argv[1]))
print(json.dumps(log))
"""


@pytest.fixture
def shared_server(postgres_cluster, tmp_path: Path):
    """A server database with the demo data and two users: the doctor and rina (staf)."""
    url = postgres_cluster.create_database("masuk_jendela")
    svc = open_services(tmp_path / "dokter", url)
    try:
        users.add_user(svc, "dr.ani", "dokter", "ani-rahasia", "ani-rahasia")
        users.sign_in(svc, "dr.ani", "ani-rahasia")
        create_demo(svc)
        users.add_user(svc, "rina", "staf", "rina-rahasia", "rina-rahasia")
        titles = sorted(p.title for p in svc.partnerships.list())
    finally:
        svc.db.close()
    yield url, titles
    postgres_cluster.drop_database("masuk_jendela")


def _run(folder: Path, url: str, answers: list) -> dict:
    done = subprocess.run([sys.executable, "-c", RUN_SCRIPT, str(folder), json.dumps(answers)],
                          cwd=ROOT, env={**os.environ, "QT_QPA_PLATFORM": "offscreen",
                                         "KEMITRAAN_DATABASE_URL": url},
                          capture_output=True, text=True, timeout=120)
    assert "Traceback" not in done.stderr, done.stderr
    return json.loads(done.stdout.strip().splitlines()[-1])


def test_the_window_on_a_server_signs_in_before_any_partnership_is_shown(
        shared_server, tmp_path: Path):
    url, titles = shared_server
    folder = tmp_path / "meja-depan"
    log = _run(folder, url, [["rina", "salah-sandi"], ["rina", "rina-rahasia"]])
    assert log["code"] == 0
    assert log["asked"] == 1 and log["rows_at_ask"] == [0]
    assert log["messages"] == ["Nama pengguna atau kata sandi salah. Coba lagi."]
    assert sorted(log["titles"]) == titles
    assert log["status"] == "Masuk sebagai rina · staf"


def test_quitting_at_the_sign_in_shows_nothing_and_ends_non_zero(shared_server, tmp_path):
    url, _titles = shared_server
    log = _run(tmp_path / "meja-depan", url, [None])
    assert log["code"] == 1 and log["titles"] == []


@pytest.mark.parametrize(("name", "secret", "allowed"), [
    ("rina", "rina-rahasia", False), ("dr.ani", "ani-rahasia", True)])
def test_finalizing_is_the_doctors_the_front_desk_sees_why_the_button_is_off(
        qtbot, shared_server, tmp_path: Path, name: str, secret: str, allowed: bool):
    from PySide6.QtCore import QSettings

    from kemitraan_desktop.ui.main_window import MainWindow

    url, _titles = shared_server
    svc = open_services(tmp_path / name, url)
    try:
        users.sign_in(svc, name, secret)
        window = MainWindow(svc, QSettings(str(tmp_path / "settings.ini"),
                                           QSettings.Format.IniFormat))
        qtbot.addWidget(window)
        window.resize(1280, 720)
        window.show()
        bpjs = next(p for p in svc.partnerships.list() if p.partner_type == "bpjs")
        window.list.select(bpjs.id)
        window.wizard.go_to(5, remember=False)
        page = window.wizard.pages[5]
        assert page.finalize_button.isEnabled() is allowed
        assert page.finalize_button.toolTip() == ("" if allowed else (
            "Hanya dokter praktik yang memfinalisasi dan menandatangani perjanjian."))
        window.close()
    finally:
        svc.db.close()


def test_the_observer_reads_what_they_type_is_refused_at_the_field_and_not_saved(
        qtbot, shared_server, tmp_path: Path):
    from PySide6.QtCore import QSettings

    from kemitraan_desktop.ui.main_window import MainWindow

    url, _titles = shared_server
    svc = open_services(tmp_path / "dinkes", url)
    try:
        users.sign_in(svc, "dr.ani", "ani-rahasia")
        users.add_user(svc, "dinkes", "pemantau", "dinkes-rahasia", "dinkes-rahasia")
        users.sign_in(svc, "dinkes", "dinkes-rahasia")
        window = MainWindow(svc, QSettings(str(tmp_path / "settings.ini"),
                                           QSettings.Format.IniFormat))
        qtbot.addWidget(window)
        window.resize(1280, 720)
        window.show()
        bpjs = next(p for p in svc.partnerships.list() if p.partner_type == "bpjs")
        window.list.select(bpjs.id)
        window.wizard.go_to(5, remember=False)
        assert window.wizard.saved_note.text() == (
            "Hanya membaca: Anda masuk sebagai pemantau; perubahan tidak disimpan.")
        page = window.wizard.pages[5]
        agreement = svc.agreements.list(bpjs.id)[-1]
        qtbot.mouseClick(page.place, Qt.MouseButton.LeftButton)
        page.place.end(False)
        qtbot.keyClicks(page.place, " Kabupaten")
        qtbot.keyClick(page.place, Qt.Key.Key_Tab)
        qtbot.waitUntil(lambda: bool(_field_errors(page)), timeout=3000)
        assert _field_errors(page) == [
            "dinkes masuk sebagai pemantau (hanya membaca) dan tidak boleh mengubah data. Tidak "
            "ada yang diubah; mintalah kepada dokter praktik."]
        assert page.place.text() == agreement.place + " Kabupaten"  # what was typed stays
        assert svc.agreements.get(agreement.id).place == agreement.place  # nothing saved
        window.close()
    finally:
        svc.db.close()


def _field_errors(page) -> list[str]:  # noqa: ANN001
    return [label.text() for label in page.findChildren(QLabel, "fieldError")
            if label.isVisible() and label.text()]
