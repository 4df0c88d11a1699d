"""The start-up problem dialog: plain Indonesian, the right choices, and each choice carried out."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings, Qt
from PySide6.QtWidgets import QMessageBox

from kemitraan_desktop.services import backup, recovery
from kemitraan_desktop.services.backup import BackupInfo
from kemitraan_desktop.services.opening import lock_folder, open_services
from kemitraan_desktop.services.recovery import Choice, Problem, open_with_recovery
from kemitraan_desktop.storage.database import DB_FILENAME
from kemitraan_desktop.ui import backup_actions
from kemitraan_desktop.ui.dialogs import startup_problem
from kemitraan_desktop.ui.dialogs.backups import AutomaticBackupsDialog
from kemitraan_desktop.ui.dialogs.startup_problem import StartupProblemDialog
from kemitraan_desktop.ui.main_window import MainWindow

BACKUP = BackupInfo(Path("/x/backups/otomatis-20260512-013000.sqlite3"),
                    datetime(2026, 5, 12, 1, 30, tzinfo=UTC), 1_300_000)


def _dialog(qtbot, problem: Problem) -> StartupProblemDialog:
    dialog = StartupProblemDialog(problem)
    qtbot.addWidget(dialog)
    return dialog


def _texts(dialog: StartupProblemDialog) -> dict[Choice, str]:
    return {choice: button.text() for choice, button in dialog.buttons.items()}


def test_a_damaged_file_with_a_backup_offers_restore_another_folder_and_quit(qtbot, tmp_path):
    problem = Problem("damaged", "Berkas basis data rusak. Berkas tidak diubah.", tmp_path,
                      BACKUP)
    dialog = _dialog(qtbot, problem)
    assert _texts(dialog) == {Choice.RESTORE: "Pulihkan cadangan terakhir",
                              Choice.OTHER_FOLDER: "Buka folder lain…",
                              Choice.QUIT: "Keluar"}
    assert dialog.buttons[Choice.RESTORE].isDefault()
    assert dialog.message.text() == problem.message
    dialog.show()
    qtbot.mouseClick(dialog.buttons[Choice.RESTORE], Qt.MouseButton.LeftButton)
    assert dialog.choice == Choice.RESTORE and dialog.result() == dialog.DialogCode.Accepted


def test_in_use_offers_try_again_but_no_restore(qtbot, tmp_path):
    dialog = _dialog(qtbot, Problem("in_use", "…", tmp_path))
    assert list(dialog.buttons) == [Choice.RETRY, Choice.OTHER_FOLDER, Choice.QUIT]
    assert dialog.buttons[Choice.RETRY].text() == "Coba lagi"


def test_without_a_backup_a_damaged_file_offers_to_start_empty(qtbot, tmp_path):
    dialog = _dialog(qtbot, Problem("not_a_database", "…", tmp_path))
    assert list(dialog.buttons) == [Choice.START_EMPTY, Choice.OTHER_FOLDER, Choice.QUIT]
    assert dialog.buttons[Choice.START_EMPTY].text() == "Mulai dengan data kosong"


def test_another_folder_is_asked_for_and_cancelling_keeps_the_choices(qtbot, tmp_path,
                                                                    monkeypatch):
    dialog = _dialog(qtbot, Problem("newer_schema", "…", tmp_path))
    answers = iter([None, tmp_path / "lain"])
    monkeypatch.setattr(dialog, "choose_folder", lambda: next(answers))
    dialog.show()
    qtbot.mouseClick(dialog.buttons[Choice.OTHER_FOLDER], Qt.MouseButton.LeftButton)
    assert dialog.isVisible() and dialog.folder is None  # cancelled: still choosing
    qtbot.mouseClick(dialog.buttons[Choice.OTHER_FOLDER], Qt.MouseButton.LeftButton)
    assert dialog.choice == Choice.OTHER_FOLDER and dialog.folder == tmp_path / "lain"


def test_escape_quits(qtbot, tmp_path):
    dialog = _dialog(qtbot, Problem("damaged", "…", tmp_path, BACKUP))
    dialog.show()
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)
    assert dialog.choice == Choice.QUIT


def test_the_dialog_drives_a_restore_of_a_damaged_database(qtbot, tmp_path, monkeypatch):
    """What run() does at start-up: the dialog is asked, the choice carried out, the data back."""
    folder = tmp_path / "data"
    svc = open_services(folder)
    svc.practices.create(doctor_name="dr. Cadangan")
    backup.automatic_backup(svc)
    svc.db.close()
    damaged = b"\x00" * 4096
    (folder / DB_FILENAME).write_bytes(damaged)

    shown = []

    def exec_clicking_restore(dialog):
        shown.append([button.text() for button in dialog.buttons.values()])
        dialog.buttons[Choice.RESTORE].click()
        return dialog.result()

    monkeypatch.setattr(StartupProblemDialog, "exec", exec_clicking_restore)
    told = []
    monkeypatch.setattr(startup_problem.QMessageBox, "information",
                        lambda parent, title, text: told.append(text))
    opened = open_with_recovery(folder, startup_problem.ask_with_dialog(),
                                startup_problem.tell_with_dialog)
    assert opened is not None
    try:
        assert shown == [["Pulihkan cadangan terakhir", "Buka folder lain…", "Keluar"]]
        assert [p.doctor_name for p in opened.svc.practices.list()] == ["dr. Cadangan"]
        kept = recovery.set_aside_files(folder)
        assert kept[0].read_bytes() == damaged
        assert "Data dipulihkan dari cadangan otomatis" in told[0] and kept[0].name in told[0]
    finally:
        opened.close()


# -- backups in the window ------------------------------------------------------------------------
@pytest.fixture
def settings(tmp_path: Path) -> QSettings:
    return QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)


def _window(qtbot, svc, settings) -> MainWindow:
    window = MainWindow(svc, settings)
    qtbot.addWidget(window)
    window.show()
    return window


def test_the_file_menu_holds_the_backup_and_audit_actions(qtbot, svc, settings):
    window = _window(qtbot, svc, settings)
    texts = [action.text() for action in window.menuBar().actions()[0].menu().actions()]
    for text in ("&Cadangkan ke berkas…", "P&ulihkan dari cadangan…", "Cadangan &otomatis…",
                 "&Jejak audit…"):
        assert text in texts


def test_back_up_to_a_file_and_restore_it_from_the_window(qtbot, svc, settings, data_dir,
                                                         tmp_path, monkeypatch):
    monkeypatch.setattr(backup_actions.QMessageBox, "information", lambda *args: None)
    svc.practices.create(doctor_name="dr. Lama")
    window = _window(qtbot, svc, settings)
    out = tmp_path / "usb" / "cadangan.zip"
    job = backup_actions.backup_to_file(window, out)
    job.wait()
    assert job.failure is None and out.exists()

    svc.practices.create(doctor_name="dr. Baru")
    job = backup_actions.restore_from(window, out, confirm=False)
    job.wait()
    assert job.failure is None
    assert window.restart_requested and not window.isVisible()  # run() reopens over it
    kept = job.result.previous_kept_as
    assert kept is not None and kept.exists()
    again = open_services(data_dir)
    try:
        assert [p.doctor_name for p in again.practices.list()] == ["dr. Lama"]
    finally:
        again.db.close()


def test_a_failed_restore_leaves_the_window_working(qtbot, svc, settings, tmp_path,
                                                   monkeypatch):
    warned = []
    monkeypatch.setattr(backup_actions.QMessageBox, "warning",
                        lambda parent, title, text: warned.append(text))
    svc.practices.create(doctor_name="dr. Tetap")
    window = _window(qtbot, svc, settings)
    bad = tmp_path / "bukan.zip"
    bad.write_bytes(b"bukan cadangan")
    assert backup_actions.restore_from(window, bad, confirm=False) is None  # refused at once
    assert warned and not window.restart_requested
    assert window.centralWidget().isEnabled()
    assert [p.doctor_name for p in svc.practices.list()] == ["dr. Tetap"]


def test_a_damaged_file_chosen_to_restore_is_refused_in_indonesian_before_any_question(
        qtbot, svc, settings, data_dir, tmp_path, monkeypatch):
    """Walker: "… (atau sudah rusak): file is not a database", after "Ganti data …?" was asked."""
    said: list[tuple[str, str]] = []
    monkeypatch.setattr(backup_actions.QMessageBox, "warning",
                        lambda parent, title, text: said.append(("warning", text)))
    monkeypatch.setattr(backup_actions.QMessageBox, "question",
                        lambda parent, title, text: said.append(("question", text)))
    monkeypatch.setattr(backup_actions.QMessageBox, "information", lambda *args: None)
    svc.practices.create(doctor_name="dr. Tetap")
    window = _window(qtbot, svc, settings)
    damaged = tmp_path / "cadangan-rusak.sqlite3"
    damaged.write_bytes(bytes(range(256)) * 64)
    half = tmp_path / "cadangan-terpotong.zip"
    backup_actions.backup_to_file(window, half).wait()
    half.write_bytes(half.read_bytes()[:-40])  # the end of the zip (its directory) cut off
    before = (data_dir / "kemitraan.sqlite3").read_bytes()
    menu = window.menuBar().actions()[0].menu()
    restore = next(a for a in menu.actions() if a.text() == "P&ulihkan dari cadangan…")
    for chosen in (damaged, half):
        monkeypatch.setattr(backup_actions.QFileDialog, "getOpenFileName",
                            lambda *args, chosen=chosen: (str(chosen), ""))
        restore.trigger()
    assert said == [
        ("warning", "Berkas ini bukan cadangan Kemitraan Desktop, atau sudah rusak: berkas ini "
                    "bukan basis data yang dapat dibaca program.\n\nData Anda tidak berubah."),
        ("warning", "Berkas ini bukan cadangan Kemitraan Desktop, atau sudah rusak: berkas ini "
                    "bukan basis data yang dapat dibaca program.\n\nData Anda tidak berubah."),
    ]
    assert not window.restart_requested and window.centralWidget().isEnabled()
    assert (data_dir / "kemitraan.sqlite3").read_bytes() == before
    assert [p.doctor_name for p in svc.practices.list()] == ["dr. Tetap"]


def test_the_automatic_backups_dialog_lists_them_and_chooses_one(qtbot, svc):
    svc.practices.create(doctor_name="dr. A")
    first = backup.automatic_backup(svc, now=datetime(2026, 5, 1, 2, tzinfo=UTC))
    backup.automatic_backup(svc, now=datetime(2026, 5, 2, 2, tzinfo=UTC))
    dialog = AutomaticBackupsDialog(svc)
    qtbot.addWidget(dialog)
    assert dialog.table.rowCount() == 2
    assert not dialog.restore_button.isEnabled()
    dialog.table.selectRow(1)
    assert dialog.restore_button.text() == "Pulihkan" and dialog.restore_button.isEnabled()
    dialog.restore_button.click()
    assert dialog.chosen == first


def test_the_daily_backup_runs_after_the_window_shows(qtbot, svc, settings):
    svc.practices.create(doctor_name="dr. A")
    window = _window(qtbot, svc, settings)
    window.schedule_startup_backup(0)
    qtbot.waitUntil(lambda: len(backup.list_backups(svc)) == 1, timeout=10_000)
    qtbot.waitUntil(lambda: not window.startup_backup.running, timeout=10_000)
    window.close()  # the backup on close finds today's and adds none
    assert len(backup.list_backups(svc)) == 1


def test_the_window_lock_keeps_a_second_copy_out(tmp_path):
    folder = tmp_path / "data"
    held = lock_folder(folder)
    asked = []
    try:
        opened = open_with_recovery(
            folder, lambda problem: (asked.append(problem), (Choice.QUIT, None))[1],
            lambda message, error: None)
        assert opened is None
        assert asked[0].code == "in_use"
        dialog = StartupProblemDialog(asked[0])
        assert "sedang dibuka" in dialog.message.text()
        dialog.deleteLater()
    finally:
        held.release()


def test_quitting_from_a_problem_is_a_message_box_free_exit(monkeypatch):
    # tell_with_dialog picks the warning box for errors and the information box otherwise
    calls = []
    monkeypatch.setattr(QMessageBox, "warning", lambda *args: calls.append("warning"))
    monkeypatch.setattr(QMessageBox, "information", lambda *args: calls.append("information"))
    startup_problem.tell_with_dialog("x", True)
    startup_problem.tell_with_dialog("y", False)
    assert calls == ["warning", "information"]


RUN_SCRIPT = """
import sys
from pathlib import Path

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication

from kemitraan_desktop.services.recovery import Choice
from kemitraan_desktop.ui import app as ui_app
from kemitraan_desktop.ui.dialogs import startup_problem
from kemitraan_desktop.ui.dialogs.startup_problem import StartupProblemDialog
from kemitraan_desktop.ui.main_window import MainWindow

asked, windows = [], []


def exec_clicking_restore(dialog):
    asked.append(dialog.problem.code)
    dialog.buttons[Choice.RESTORE].click()
    return dialog.result()


def quit_soon():
    windows.extend(w for w in QApplication.topLevelWidgets()
                   if isinstance(w, MainWindow) and w.isVisible() and w.svc is not None)
    for window in windows:
        window.close()
    QApplication.quit()


StartupProblemDialog.exec = exec_clicking_restore
startup_problem.QMessageBox.information = staticmethod(lambda *args: None)
MainWindow.schedule_startup_backup = lambda self, delay_ms=0: None
ui_app.create_application()  # the timer needs the application run() will reuse
QTimer.singleShot(1500, quit_soon)
code = ui_app.run(Path(sys.argv[1]))
print(code, ",".join(asked), len(windows))
"""


def test_run_recovers_a_damaged_database_through_the_dialog(tmp_path):
    """The real start-up: run() meets a damaged file, asks, restores, and opens the window.

    In a process of its own: run() sets the application's language, locale and style."""
    import os
    import subprocess
    import sys

    folder = tmp_path / "data"
    svc = open_services(folder)
    svc.practices.create(doctor_name="dr. Cadangan")
    backup.automatic_backup(svc)
    svc.db.close()
    damaged = b"SQLite format 3\x00" + b"\x00" * 500
    (folder / DB_FILENAME).write_bytes(damaged)

    root = Path(__file__).resolve().parents[2]
    done = subprocess.run([sys.executable, "-c", RUN_SCRIPT, str(folder)], cwd=root,
                          env={**os.environ, "QT_QPA_PLATFORM": "offscreen"},
                          capture_output=True, text=True, timeout=90)
    assert done.returncode == 0, done.stderr
    assert done.stdout.split() == ["0", "damaged", "1"], done.stdout + done.stderr
    assert "Traceback" not in done.stderr
    assert recovery.set_aside_files(folder)[0].read_bytes() == damaged
    lock_folder(folder).release()  # run() let go of the folder when the window closed
    again = open_services(folder)
    try:
        assert [p.doctor_name for p in again.practices.list()] == ["dr. Cadangan"]
    finally:
        again.db.close()
