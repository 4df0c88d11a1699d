"""Laporan menu: print the archive, evaluation or readiness report of a partnership to a PDF,
bind the credentialing submission into one file, or print its surat pernyataan.

The report is rendered off the GUI thread with a progress bar and a cancel button; the window
stays usable. A cancelled or failed report leaves no file behind.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QSettings, Qt, QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QMessageBox, QWidget

from kemitraan_desktop.domain.errors import UserError
from kemitraan_desktop.i18n import N_, _, ngettext
from kemitraan_desktop.services.app import Services
from kemitraan_desktop.services.documents import ReportCancelled, render_report

from .formatting import safe_file_name
from .jobs import Job
from .save_pdf import ask_pdf_target, remembered_paper

TITLES = {
    "archive": N_("Partnership archive"),
    "evaluation": N_("Evaluation report"),
    "readiness": N_("Credentialing readiness report"),
    "submission": N_("Credentialing submission"),
    "statement": N_("Surat pernyataan"),
}
FILE_STEMS = {"archive": "Arsip", "evaluation": "Penilaian", "readiness": "Formulir kredensialing",
              "submission": "Berkas pengajuan kredensialing", "statement": "Surat pernyataan"}


def start_report(parent: QWidget, svc: Services, settings: QSettings, kind: str,
                 partnership_id: int, target: Path | None = None) -> Job | None:
    """Ask where to save (unless *target* is given), then render in the background."""
    title = _(TITLES[kind])
    paper = remembered_paper(settings)
    if target is None:
        partnership = svc.partnerships.get(partnership_id)
        chosen = ask_pdf_target(parent, settings, svc.db.data_dir, title,
                                f"{FILE_STEMS[kind]} - {safe_file_name(partnership.title)}.pdf")
        if chosen is None:
            return None
        target, paper = chosen.path, chosen.paper

    def work(progress, cancelled):  # noqa: ANN001, ANN202
        bound = render_report(svc, kind, partnership_id, target, paper, progress, cancelled)
        return target, bound

    job = Job(parent, title, work)
    job.done.connect(lambda result: _finished(parent, title, *result))
    job.error.connect(lambda error: _failed(parent, title, error))
    return job.start()


def finished_text(path: Path, bound: object = None) -> str:
    """What the person is told when the file is made; for the submission, what it still lacks
    (a BPJS branch sends back a submission with a document missing)."""
    text = _("Saved: {path}").format(path=path)
    missing = getattr(bound, "missing", ())
    if missing:
        text += "\n\n" + ngettext(
            "Still missing ({count} item); the file says it on its cover and in its place:",
            "Still missing ({count} items); the file says them on its cover and in their place:",
            len(missing)).format(count=len(missing))
        text += "".join(f"\n• {line}" for line in missing)
    return text


def _finished(parent: QWidget, title: str, path: Path, bound: object = None) -> QMessageBox:
    """Say where the file went, with "Buka" beside it, without holding the window: the box was
    modal, and had to be closed after every report before the menu worked again. One at a
    time: the box of an earlier report gives way (three once stood stacked)."""
    for earlier in parent.findChildren(QMessageBox, "reportSaved"):
        earlier.setObjectName("")  # on its way out (deleted once closed)
        earlier.close()
    box = QMessageBox(QMessageBox.Icon.Information if not getattr(bound, "missing", ())
                      else QMessageBox.Icon.Warning, title, finished_text(path, bound),
                      parent=parent)
    box.setObjectName("reportSaved")
    box.setWindowModality(Qt.WindowModality.NonModal)
    box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    open_button = box.addButton(_("Open"), QMessageBox.ButtonRole.AcceptRole)
    box.addButton(QMessageBox.StandardButton.Close)
    box.buttonClicked.connect(lambda button: QDesktopServices.openUrl(
        QUrl.fromLocalFile(str(path))) if button is open_button else None)
    box.show()
    return box


def _failed(parent: QWidget, title: str, error: BaseException) -> None:
    if isinstance(error, ReportCancelled):
        QMessageBox.information(parent, title, error.message)
    elif isinstance(error, UserError):
        QMessageBox.warning(parent, title, error.message)
    else:
        QMessageBox.critical(parent, title, _("The report could not be made ({kind}).").format(
            kind=type(error).__name__))
