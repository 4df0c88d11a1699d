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
    icon = paths.resource_path("icon.png")
    if icon.exists():
        from PySide6.QtGui import QIcon

        app.setWindowIcon(QIcon(str(icon)))
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

    from kemitraan_desktop import i18n

    from .main_window import MainWindow
    from .qt_translation import install_qt_translation

    app = create_application()
    folder = data_dir or paths.default_data_dir()
    lock = None  # kept across a restart: the folder stays ours while the window reopens
    while True:
        settings = QSettings()
        i18n.set_language(language or settings.value("language") or None)
        install_qt_translation(app, i18n.current_language())
        app.setApplicationDisplayName(_("Kemitraan Desktop"))
        # The window at once, its list read straight from the database file, while the services
        # (SQLAlchemy) load behind it. It shows partnership titles: anything that must come
        # before them goes above this line.
        window = MainWindow.opening(folder, settings)
        from kemitraan_desktop.services.recovery import open_with_recovery

        from .dialogs.startup_problem import ask_with_dialog, tell_with_dialog

        # The folder is claimed (one running copy per folder) and opened; a damaged file, a
        # newer schema, another copy… each asks the person what to do (startup_problem.py).
        opened = open_with_recovery(folder, ask_with_dialog(window), tell_with_dialog, lock)
        if opened is None:
            window.close()
            return 2
        folder, lock, svc = opened.folder, opened.lock, opened.svc
        window.attach(svc)
        window.show()
        window.schedule_startup_backup()
        code = app.exec()
        svc.db.close()
        if not window.restart_requested:
            lock.release()
            return code
        language = None
