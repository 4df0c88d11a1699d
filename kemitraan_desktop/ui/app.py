"""Starting the window: the Qt application, the language, the data folder, the main window."""

from __future__ import annotations

import sys
from pathlib import Path

from kemitraan_desktop import paths
from kemitraan_desktop.i18n import _


def create_application(argv: list[str] | None = None):  # noqa: ANN201
    from PySide6.QtWidgets import QApplication

    app = QApplication.instance() or QApplication(argv or sys.argv[:1])
    app.setOrganizationName(paths.APP_AUTHOR)
    app.setApplicationName(paths.APP_NAME)
    app.setApplicationDisplayName(_("Kemitraan Desktop"))
    from kemitraan_desktop import i18n

    from .qt_translation import install_qt_translation

    install_qt_translation(app, i18n.current_language())
    style = paths.resource_path("style.qss")
    if style.exists():
        app.setStyleSheet(style.read_text(encoding="utf-8"))
    return app


def run(data_dir: Path | None = None, language: str | None = None) -> int:
    """The window's event loop; runs again after a restart the person asked for."""
    from PySide6.QtCore import QSettings
    from PySide6.QtWidgets import QMessageBox

    from kemitraan_desktop import i18n
    from kemitraan_desktop.services.opening import CannotOpen, open_services

    from .main_window import MainWindow
    from .qt_translation import install_qt_translation

    app = create_application()
    while True:
        settings = QSettings()
        i18n.set_language(language or settings.value("language") or None)
        install_qt_translation(app, i18n.current_language())
        app.setApplicationDisplayName(_("Kemitraan Desktop"))
        try:
            svc = open_services(data_dir)
        except CannotOpen as error:
            QMessageBox.critical(None, _("Kemitraan Desktop"), error.message)
            return 2
        window = MainWindow(svc, settings)
        window.show()
        code = app.exec()
        svc.db.close()
        if not window.restart_requested:
            return code
        language = None
