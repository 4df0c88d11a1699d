"""Laporan → Verifikasi dokumen: is this PDF exactly a final agreement held here?"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QMessageBox, QWidget

from kemitraan_desktop.i18n import _
from kemitraan_desktop.services.agreements import Verification, verify_document
from kemitraan_desktop.services.app import Services
from kemitraan_desktop.services.files import reason

from ..folders import open_file


def verify_file(svc: Services, path: Path) -> Verification | str:
    """The verification, or a message when the file cannot be read."""
    try:
        data = path.read_bytes()
    except OSError as error:
        return _("The file cannot be read: {path} ({reason})").format(
            path=path, reason=reason(error))
    return verify_document(svc, data)


def verify_with_dialog(svc: Services, parent: QWidget | None = None,
                       settings: QSettings | None = None) -> None:
    path = open_file(parent, settings or QSettings(), svc.db.data_dir, _("Verify document"),
                     _("PDF (*.pdf);;All files (*)"))
    if not path:
        return
    result = verify_file(svc, path)
    if isinstance(result, str):
        QMessageBox.warning(parent, _("Verify document"), result)
    elif result.genuine:
        QMessageBox.information(parent, _("Verify document"), result.message)
    else:
        QMessageBox.warning(parent, _("Verify document"), result.message)
