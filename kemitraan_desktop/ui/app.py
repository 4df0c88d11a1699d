"""Starting the window: the Qt application, the language, the data folder, the main window."""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from kemitraan_desktop import paths
from kemitraan_desktop.i18n import _
from kemitraan_desktop.services.password import AtStart, Gate, password_at_start

if TYPE_CHECKING:  # Qt and the services load when the window starts, not on import
    from PySide6.QtWidgets import QWidget

    from kemitraan_desktop.services.app import Services


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
    from .wheel_guard import guard_the_wheel

    guard_the_wheel(app)
    style = paths.resource_path("style.qss")
    if style.exists():
        app.setStyleSheet(style.read_text(encoding="utf-8"))
    return app


EXIT_NO_PASSWORD = 1  # the person quit at the password: nothing of the data was shown


def _unlocked(svc: Services, proven: str | None, window: QWidget | None) -> bool:
    """Whether the database *svc* opened may be shown: it has no password, or the password
    already proven at start (*proven* is its stored record), or the person types it now."""
    from kemitraan_desktop.domain.password import verify_password
    from kemitraan_desktop.services.password import stored_record

    record = stored_record(svc)
    if record is None or record == proven:
        return True
    from .dialogs.password import ask_password

    return ask_password(lambda typed: verify_password(typed, record), svc.db.data_dir, window)


def _signed_in(svc: Services, name: str, window: QWidget | None) -> bool:
    """On a server database with named users: whether someone signed in (asked now)."""
    from kemitraan_desktop.services import server_choice, users

    from .dialogs.sign_in import ask_sign_in

    def check(typed_name: str, typed: str) -> bool:
        try:
            users.sign_in(svc, typed_name, typed)
        except users.WrongSignIn:
            return False
        return True

    url = svc.db.engine.url.render_as_string(hide_password=True)
    return ask_sign_in(check, server_choice.where(url), name, window)


def run(data_dir: Path | None = None, language: str | None = None,
        user: str | None = None) -> int:
    """The window's event loop; runs again after a restart the person asked for."""
    from PySide6.QtCore import QSettings

    from kemitraan_desktop import i18n

    from .loading import import_while_answering
    from .main_window import MainWindow
    from .qt_translation import install_qt_translation
    from .responsive import long_lived_frozen

    app = create_application()
    folder = data_dir or paths.default_data_dir()
    lock = None  # kept across a restart: the folder stays ours while the window reopens
    trusted: Path | None = None  # the folder this person has opened (a restart asks no more)
    signed = None  # who signed in to a server database (a restart asks no more either)
    while True:
        settings = QSettings()
        i18n.set_language(language or settings.value("language") or None)
        install_qt_translation(app, i18n.current_language())
        app.setApplicationDisplayName(_("Kemitraan Desktop"))
        # The program password, when one is set, before anything of the data is shown. Read
        # straight from the file (no SQLAlchemy): without a password this costs a millisecond.
        at_start = AtStart(Gate.OPEN) if folder == trusted else password_at_start(folder)
        if at_start.gate == Gate.LOCKED:
            from .dialogs.password import ask_password

            if not ask_password(at_start.check, folder):
                if lock is not None:
                    lock.release()
                return EXIT_NO_PASSWORD
        # The window at once, its list read straight from the database file, while the services
        # (SQLAlchemy) load behind it. It shows partnership titles: anything that must come
        # before them goes above this line. (When the file could not even be read for its
        # password, the window waits for the services: they say what is wrong.)
        window = None if at_start.gate == Gate.UNKNOWN else MainWindow.opening(folder, settings)
        if window is not None:
            import_while_answering()  # the window answers clicks while the services load
            if not window.isVisible():  # closed meanwhile: nothing was opened yet
                if lock is not None:
                    lock.release()
                return 0
        from kemitraan_desktop.services.recovery import open_with_recovery

        from .dialogs.startup_problem import ask_with_dialog, tell_with_dialog

        # The folder is claimed (one running copy per folder) and opened; a damaged file, a
        # newer schema, another copy… each asks the person what to do (startup_problem.py).
        opened = open_with_recovery(folder, ask_with_dialog(window), tell_with_dialog, lock)
        if opened is None:
            if window is not None:
                window.close()
            return 2
        folder, lock, svc = opened.folder, opened.lock, opened.svc
        # The file now open may not be the one read above (a backup restored, another folder
        # chosen, a file that could not be read): its own password, if it has one, is asked.
        if svc.access.has_users():
            # A server shared by named users: each signs in, before any partnership is shown.
            from kemitraan_desktop.services.users import resume

            name = user or os.environ.get("KEMITRAAN_USER", "")
            if not (folder == trusted and signed is not None and resume(svc, signed)) \
                    and not _signed_in(svc, name, window):
                if window is not None:
                    window.close()
                opened.close()
                return EXIT_NO_PASSWORD
            signed = svc.access.user
        elif folder != trusted and not _unlocked(svc, at_start.record, window):
            if window is not None:
                window.close()
            opened.close()
            return EXIT_NO_PASSWORD
        trusted = folder
        if window is None:
            window = MainWindow(None, settings)
        window.attach(svc)
        window.show()
        window.schedule_startup_backup()
        with long_lived_frozen():  # responsive.py: what lives now stays out of collections
            code = app.exec()
        svc.db.close()
        if not window.restart_requested:
            lock.release()
            return code
        language = None
