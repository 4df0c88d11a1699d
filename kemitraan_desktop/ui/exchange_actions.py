"""Berkas → Ekspor paket pertukaran… / Impor paket pertukaran…: the exchange package in the window.

The package hands the whole record of one partnership to the other party (step 7: both parties
archive it). Writing and reading run as a ``Job`` (progress, cancel): a partnership with its
photos and scans may be hundreds of megabytes. The service checks a package whole before it
writes anything and imports it in one transaction, so a refused or cancelled import leaves the
data as it was; the window says why in one sentence, never with a traceback.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QFileDialog, QMessageBox, QWidget

from kemitraan_desktop.domain.errors import UserError
from kemitraan_desktop.i18n import _

from .folders import EXCHANGE, last_folder, remember_folder
from .formatting import file_size, safe_file_name
from .jobs import Job, failure_text

if TYPE_CHECKING:
    from kemitraan_desktop.services.exchange import ExportSummary, ImportSummary

    from .main_window import MainWindow

FILE_STEM = "Paket pertukaran"


def export_title() -> str:
    return _("Export exchange package")


def import_title() -> str:
    return _("Import exchange package")


def _start_folder(window: MainWindow) -> Path:
    if window.svc is None:
        return Path.home()
    return last_folder(window.settings, window.svc.db.data_dir, EXCHANGE)


def suggested_name(title: str, today: date | None = None) -> str:
    """``Paket pertukaran - <title> - 2026-11-23.zip``: the partnership and the day it left."""
    return f"{FILE_STEM} - {safe_file_name(title)} - {today or date.today():%Y-%m-%d}.zip"


def _box(window: QWidget, icon: QMessageBox.Icon, title: str, text: str,
         detail: str = "") -> QMessageBox:
    """A message over the window that does not block it (the test and the person read it)."""
    box = QMessageBox(icon, title, text, QMessageBox.StandardButton.NoButton, window)
    box.setWindowModality(Qt.WindowModality.WindowModal)
    box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    box.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    if detail:
        box.setInformativeText(detail)
    return box


# -- export --------------------------------------------------------------------------------------


def export_package(window: MainWindow, out: Path | None = None) -> Job | None:
    """Ask where (unless *out* is given), then write the open partnership's package."""
    from kemitraan_desktop.services.exchange import export_partnership

    svc = window.svc
    partnership_id = window.open_partnership_id()
    if svc is None:
        return None
    if not partnership_id:
        QMessageBox.information(window, export_title(),
                                _("Choose a partnership in the list first."))
        return None
    if window.wizard is not None:
        window.wizard.flush()  # what was just typed goes into the package too
    if out is None:
        title = svc.partnerships.get(partnership_id).title
        suggested = _start_folder(window) / suggested_name(title)
        chosen, _filter = QFileDialog.getSaveFileName(
            window, export_title(), str(suggested), _("Exchange package (*.zip)"))
        if not chosen:
            return None
        out = Path(chosen)
        if out.suffix.lower() != ".zip":
            out = out.with_name(f"{out.name}.zip")
    remember_folder(window.settings, svc.db.data_dir, out, EXCHANGE)
    target = out

    def work(progress, cancelled):  # noqa: ANN001, ANN202
        return export_partnership(svc, partnership_id, target, progress, cancelled)

    job = Job(window, _("Writing the exchange package…"), work)
    job.done.connect(lambda summary: export_done_box(window, summary).open())
    job.error.connect(lambda error: _export_failed(window, error))
    return window.keep_job(job).start()


def export_done_box(window: MainWindow, summary: ExportSummary) -> QMessageBox:
    """What was written, its fingerprint to compare, and how to keep it."""
    size = summary.path.stat().st_size if summary.path.exists() else 0
    text = _("Exchange package written: {path} ({size}).").format(
        path=summary.path, size=file_size(size))
    detail = "\n\n".join((
        _("It holds {records} records and {files} attached files. Send it to the partner: "
          "they open it with File → Import exchange package… in their own Kemitraan "
          "Desktop.").format(records=summary.total_records, files=summary.attachments),
        _("Fingerprint (SHA-256) to compare with the partner once the file has arrived, for "
          "example by telephone:") + "\n" + summary.sha256,
        _("The package holds personal data (NIK, NPWP, addresses, telephone numbers) and is "
          "not encrypted: send and keep it as carefully as the signed agreement."),
    ))
    box = _box(window, QMessageBox.Icon.Information, export_title(), text, detail)
    folder_button = box.addButton(_("Open the folder"), QMessageBox.ButtonRole.ActionRole)
    box.addButton(QMessageBox.StandardButton.Close)
    folder = summary.path.parent

    def clicked(button) -> None:  # noqa: ANN001
        if button is folder_button:
            QDesktopServices.openUrl(QUrl.fromLocalFile(str(folder)))

    box.buttonClicked.connect(clicked)
    return box


def _export_failed(window: MainWindow, error: BaseException) -> None:
    from kemitraan_desktop.services.exchange import ExchangeCancelled

    if isinstance(error, ExchangeCancelled):
        window.statusBar().showMessage(error.message, 8000)
        return
    box = _box(window, QMessageBox.Icon.Warning, export_title(), failure_text(error))
    box.addButton(QMessageBox.StandardButton.Ok)
    box.open()


# -- import --------------------------------------------------------------------------------------


def import_package(window: MainWindow, source: Path | None = None) -> Job | None:
    """Ask for a package (unless *source* is given), then import it in the background."""
    from kemitraan_desktop.services.exchange import import_package as read_package

    svc = window.svc
    if svc is None:
        return None
    if source is None:
        chosen, _filter = QFileDialog.getOpenFileName(
            window, import_title(), str(_start_folder(window)),
            _("Exchange package (*.zip);;All files (*)"))
        if not chosen:
            return None
        source = Path(chosen)
    remember_folder(window.settings, svc.db.data_dir, source, EXCHANGE)
    if window.wizard is not None:
        window.wizard.flush()  # no typing waits to be saved while the import writes
    package = source

    def work(progress, cancelled):  # noqa: ANN001, ANN202
        return read_package(svc, package, progress, cancelled)

    job = Job(window, _("Checking and importing the exchange package…"), work)
    job.done.connect(lambda summary: _imported(window, summary, package))
    job.error.connect(lambda error: _import_failed(window, error))
    return window.keep_job(job).start()


def _imported(window: MainWindow, summary: ImportSummary, source: Path) -> None:
    window.reveal_partnership(summary.partnership_id)
    import_done_box(window, summary, source).open()


def import_done_box(window: MainWindow, summary: ImportSummary, source: Path) -> QMessageBox:
    if summary.merged:
        box = _box(window, QMessageBox.Icon.Information, import_title(),
                   summary.merged_message,
                   _("Nothing else in the partnership was changed. Step 8 now compares both "
                     "parties' scores."))
        box.addButton(QMessageBox.StandardButton.Ok)
        return box
    text = _("Imported: the partnership “{title}”.").format(title=summary.title)
    detail = _(
        "{records} records and {files} attached files were added from {name}. The partnership "
        "is now in the list and open; the data that was already here is unchanged."
    ).format(records=summary.total_records, files=summary.attachments, name=source.name)
    box = _box(window, QMessageBox.Icon.Information, import_title(), text, detail)
    box.addButton(QMessageBox.StandardButton.Ok)
    return box


def refused_box(window: MainWindow, error: BaseException) -> QMessageBox:
    """Why the package was refused; the service checked it whole before writing anything."""
    box = _box(window, QMessageBox.Icon.Warning, import_title(), failure_text(error),
               _("Your data has not changed."))
    box.addButton(QMessageBox.StandardButton.Ok)
    return box


def already_here_box(window: MainWindow, error: UserError) -> QMessageBox:
    box = _box(window, QMessageBox.Icon.Information, import_title(), error.message,
               _("The copy that is already here is now open."))
    box.addButton(QMessageBox.StandardButton.Ok)
    return box


def _import_failed(window: MainWindow, error: BaseException) -> None:
    from kemitraan_desktop.services.exchange import AlreadyImported, ExchangeCancelled

    if isinstance(error, ExchangeCancelled):
        window.statusBar().showMessage(error.message, 8000)
    elif isinstance(error, AlreadyImported):
        window.reveal_partnership(error.partnership_id)
        already_here_box(window, error).open()
    else:
        refused_box(window, error).open()
