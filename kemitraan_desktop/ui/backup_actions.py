"""Berkas → Cadangkan ke berkas… / Pulihkan dari cadangan… / Cadangan otomatis…, and the daily
automatic backup at start-up.

A backup to a file runs as a ``Job`` (progress, cancel). A restore closes the database, replaces
it (the data it replaces is kept in ``backups/``), and restarts the window over the restored data,
so that no part of the window keeps showing what was there before.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtWidgets import QFileDialog, QMessageBox

from kemitraan_desktop.domain.errors import UserError
from kemitraan_desktop.i18n import _

from .background import Background
from .folders import BACKUPS, last_folder, remember_folder
from .formatting import file_size
from .jobs import Job, failure_text

if TYPE_CHECKING:
    from .main_window import MainWindow


def _start_folder(window: MainWindow) -> Path:
    if window.svc is None:
        return Path.home()
    return last_folder(window.settings, window.svc.db.data_dir, BACKUPS)


def backup_to_file(window: MainWindow, out: Path | None = None) -> Job | None:
    """Ask where (unless *out* is given) and write the backup zip in the background."""
    from kemitraan_desktop.services.backup import BackupCancelled
    from kemitraan_desktop.services.backup import backup_to_file as write_backup

    svc = window.svc
    if svc is None:
        return None
    if out is None:
        suggested = _start_folder(window) / f"kemitraan-cadangan-{date.today():%Y-%m-%d}.zip"
        path, _filter = QFileDialog.getSaveFileName(
            window, _("Back up to file"), str(suggested), _("Backup (*.zip)"))
        if not path:
            return None
        out = Path(path)
        if out.suffix.lower() != ".zip":
            out = out.with_name(f"{out.name}.zip")
    if window.wizard is not None:
        window.wizard.flush()
    remember_folder(window.settings, svc.db.data_dir, out, BACKUPS)
    target = out

    def done(path: Path) -> None:
        size = path.stat().st_size if path.exists() else 0
        QMessageBox.information(
            window, _("Back up to file"),
            _("Backup written: {path}").format(path=path) + f" ({file_size(size)})\n\n"
            + _("Keep a backup away from this computer too (a USB stick, another building): a "
                "theft, a fire or a flood takes the computer and its backups together."))

    def failed(error: BaseException) -> None:
        if isinstance(error, BackupCancelled):
            window.statusBar().showMessage(error.message, 5000)
            return
        QMessageBox.warning(window, _("Back up to file"), failure_text(error))

    job = Job(window, _("Writing the backup…"),
              lambda progress, cancelled: write_backup(svc, target, progress, cancelled))
    job.done.connect(done)
    job.error.connect(failed)
    return window.keep_job(job).start()


def restore_from_file(window: MainWindow) -> Job | None:
    path, _filter = QFileDialog.getOpenFileName(
        window, _("Restore from backup"), str(_start_folder(window)),
        _("Backups (*.zip *.sqlite3);;All files (*)"))
    if not path:
        return None
    return restore_from(window, Path(path))


def restore_from(window: MainWindow, source: Path, confirm: bool = True) -> Job | None:
    """Replace the data by the backup *source*, then restart the window over it."""
    from kemitraan_desktop.services.backup import check_backup, restore

    svc = window.svc
    if svc is None:
        return None
    if svc.db.path is None:
        QMessageBox.information(window, _("Restore from backup"), _(
            "Backups are made by the database server for a server database."))
        return None
    try:
        check_backup(source)  # a file that is no backup is said before the question
    except UserError as error:
        QMessageBox.warning(window, _("Restore from backup"),
                            error.message + "\n\n" + _("Your data has not changed."))
        return None
    if confirm:
        answer = QMessageBox.question(
            window, _("Restore from backup"),
            _("Replace the data of this folder by the backup {path}?\n\nThe current data is "
              "not lost: it is kept in the backups folder first. The program then restarts "
              "with the restored data.").format(path=source))
        if answer != QMessageBox.StandardButton.Yes:
            return None
    if window.wizard is not None:
        window.wizard.flush()
    running = getattr(window, "startup_backup", None)
    if running is not None:
        running.wait(60)  # the daily backup may still be reading the file being replaced
    folder = svc.db.data_dir
    svc.db.close()  # every connection closed before the file is replaced
    _set_busy(window, True)

    def done(result) -> None:  # noqa: ANN001 - services.backup.RestoreResult
        text = _("Restored from {path}.").format(path=result.restored_from)
        if result.previous_kept_as:
            text += "\n\n" + _("The data it replaced is kept as {path}.").format(
                path=result.previous_kept_as)
        text += "\n\n" + _("The program now restarts to show the restored data.")
        QMessageBox.information(window, _("Restore from backup"), text)
        window.restart_requested = True
        window.close()

    def failed(error: BaseException) -> None:
        _set_busy(window, False)
        QMessageBox.warning(window, _("Restore from backup"), failure_text(error))

    job = Job(window, _("Restoring the backup…"),
              lambda progress, cancelled: restore(folder, source))
    job.done.connect(done)
    job.error.connect(failed)
    return window.keep_job(job).start()


def _set_busy(window: MainWindow, busy: bool) -> None:
    """While the database is being replaced nothing in the window may reach for it."""
    for widget in (window.centralWidget(), window.menuBar()):
        if widget is not None:
            widget.setEnabled(not busy)


def automatic_backups(window: MainWindow) -> Job | None:
    from .dialogs.backups import AutomaticBackupsDialog

    if window.svc is None:
        return None
    dialog = AutomaticBackupsDialog(window.svc, window)
    if dialog.exec() and dialog.chosen is not None:
        return restore_from(window, dialog.chosen)
    return None


def start_startup_backup(window: MainWindow) -> Background | None:
    """The daily automatic backup, quietly in the background (skipped if today's exists)."""
    from kemitraan_desktop.services.backup import automatic_backup

    svc = window.svc
    if svc is None:
        return None

    def made(path: Path | None) -> None:
        if path is not None:
            window.statusBar().showMessage(
                _("Automatic backup made: {name}").format(name=path.name), 8000)

    def failed(error: BaseException) -> None:
        window.statusBar().showMessage(
            _("The automatic backup could not be made: {reason}").format(
                reason=failure_text(error)), 15000)

    task = Background(window, lambda: automatic_backup(svc))
    task.finished.connect(made)
    task.failed.connect(failed)
    return task.start()
