"""The main window: the partnership list, the dashboard or the wizard, menus and shortcuts.

It composes the parts and wires their signals; each part owns its own behaviour.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

# Only what the bare frame needs is imported here. Touching any other PySide6 class builds its
# Python enums (QKeySequence alone has 71 keys): 5-7 ms before the first paint, so the rest is
# imported where it is used, after the person already sees the window.
from PySide6.QtCore import QDeadlineTimer, QEvent, QEventLoop, QObject, QSettings
from PySide6.QtWidgets import QApplication, QMainWindow, QWidget

from kemitraan_desktop import __version__
from kemitraan_desktop.domain.errors import UserError
from kemitraan_desktop.i18n import _

from . import last_place  # hashlib, pathlib and QSettings only

if TYPE_CHECKING:  # both load SQLAlchemy: the window shows before they are imported
    from PySide6.QtGui import QAction, QCloseEvent, QShowEvent

    from kemitraan_desktop.services.app import Services

    from .dashboard import Dashboard
    from .jobs import Job
    from .partnership_list import PartnershipList
    from .wizard import Wizard


class MainWindow(QMainWindow):
    """The window over *svc*; see :meth:`opening` for the window shown before *svc* exists."""

    def __init__(self, svc: Services | None, settings: QSettings | None = None,
                 parent: QWidget | None = None, build: bool = True) -> None:
        super().__init__(parent)
        self.svc = svc
        self.settings = settings or QSettings()
        self.setWindowTitle(_("Kemitraan Desktop"))
        self.wizard: Wizard | None = None
        self.restart_requested = False
        self.jobs: list[Job] = []
        self._restore_geometry()
        if build:
            self._build()

    def _build(self) -> None:
        """The list, the dashboard and the menus. :meth:`opening` paints the bare frame first:
        the Qt namespace, these parts and their imports cost more than the rest of the start."""
        from PySide6.QtCore import Qt
        from PySide6.QtWidgets import QSplitter, QStackedWidget

        from .dashboard import Dashboard
        from .partnership_list import PartnershipList

        svc = self.svc
        self.list: PartnershipList = PartnershipList(svc, self)
        self.dashboard: Dashboard = Dashboard(svc, self)
        self.center = QStackedWidget(self)
        self.center.addWidget(self.dashboard)
        self.splitter = QSplitter(Qt.Orientation.Horizontal, self)
        self.splitter.addWidget(self.list)
        self.splitter.addWidget(self.center)
        self.splitter.setStretchFactor(1, 1)
        self.splitter.setSizes([300, 980])
        self.setCentralWidget(self.splitter)

        self.list.selected.connect(self.open_partnership)
        self.list.new_requested.connect(self.new_partnership)
        self.dashboard.open_partnership.connect(self._open_from_dashboard)
        self.dashboard.new_partnership.connect(self.new_partnership)
        self.dashboard.load_demo.connect(self.load_demo)
        self.dashboard.edit_practice.connect(self.edit_practice)
        self.dashboard.import_package.connect(self.import_exchange_package)
        self._build_menus()
        if svc is not None:
            self.attach(svc)
        else:
            self._set_ready(False)
            self.dashboard.refresh()

    @classmethod
    def opening(cls, data_dir: Path, settings: QSettings | None = None) -> MainWindow:
        """The window at once, painted, with the first page of the list read straight from
        *data_dir*'s database; everything else waits for :meth:`attach`. On an old laptop the
        services (SQLAlchemy, the models) take longer to load than Qt: the person sees the
        window and the list meanwhile, instead of nothing."""
        from kemitraan_desktop.services.listing import first_page

        window = cls(None, settings, build=False)
        window.show()
        window._paint_now()  # the frame, at once: the person sees the program has started
        window._build()
        rows = first_page(data_dir, str(window.list.sort.currentData()))
        if rows is not None:
            window.list.show_first_page(rows)
        window._paint_now()
        return window

    def attach(self, svc: Services) -> MainWindow:
        """Give the window its services: the list, the dashboard and every action come alive."""
        self.svc = svc
        self.list.set_services(svc)
        self.dashboard.set_services(svc)
        self.statusBar().showMessage(_("Data folder: {folder}").format(folder=svc.db.data_dir))
        user = svc.access.user
        if user is not None:  # on a server shared by named users: said for as long as it lasts
            from PySide6.QtWidgets import QLabel

            signed_in = QLabel(_("Signed in as {name} · {role}").format(
                name=user.name, role=user.role.label), self)
            signed_in.setObjectName("signedIn")
            self.statusBar().addPermanentWidget(signed_in)
        self._set_ready(True)
        self._restore_view()
        return self

    def _set_ready(self, ready: bool) -> None:
        from PySide6.QtGui import QAction

        for action in self.findChildren(QAction):
            action.setEnabled(ready)
        for widget in (self.list.home_button, self.list.new_button, self.dashboard):
            widget.setEnabled(ready)
        self._partnership_actions()

    def _partnership_actions(self) -> None:
        """The actions on the open partnership: usable only while one is open."""
        self.export_action.setEnabled(self.svc is not None and bool(self.open_partnership_id()))

    def _paint_now(self, timeout_ms: int = 500) -> None:
        """Let the event loop run until the window has been painted once (or *timeout_ms*)."""
        window = self

        class FirstPaint(QObject):
            painted = False

            def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802
                if (event.type() == QEvent.Type.Paint and isinstance(watched, QWidget)
                        and watched.window() is window):
                    self.painted = True
                return False

        watch = FirstPaint(self)
        application = QApplication.instance()
        application.installEventFilter(watch)
        deadline = QDeadlineTimer(timeout_ms)
        while not watch.painted and not deadline.hasExpired():
            application.processEvents(QEventLoop.ProcessEventsFlag.AllEvents, 10)
        application.removeEventFilter(watch)
        watch.deleteLater()

    # -- menus -------------------------------------------------------------------------------
    def _action(self, menu, text: str, slot, shortcut=None) -> QAction:  # noqa: ANN001
        from PySide6.QtGui import QAction, QKeySequence

        action = QAction(text, self)
        if shortcut is not None:
            action.setShortcut(QKeySequence(shortcut))
        action.triggered.connect(slot)
        menu.addAction(action)
        return action

    def _build_menus(self) -> None:
        from PySide6.QtGui import QKeySequence

        bar = self.menuBar()
        berkas = bar.addMenu(_("&File"))
        self._action(berkas, _("&Practice profile…"), self.edit_practice)
        self._action(berkas, _("Load &demo data"), self.load_demo)
        self._action(berkas, _("&Settings…"), self.edit_settings)
        berkas.addSeparator()
        self._action(berkas, _("&Back up to file…"), self.backup_to_file)
        self._action(berkas, _("&Restore from backup…"), self.restore_from_backup)
        self._action(berkas, _("&Automatic backups…"), self.automatic_backups)
        self._action(berkas, _("Audit &trail…"), self.audit_trail)
        self._action(berkas, _("P&ersonal data…"), self.personal_data)
        berkas.addSeparator()
        self.export_action = self._action(berkas, _("E&xport exchange package…"),
                                          self.export_exchange_package)
        self.export_action.setStatusTip(_(
            "The open partnership in one file, for the partner to import into their own "
            "Kemitraan Desktop. Open a partnership first."))
        self.import_action = self._action(berkas, _("&Import exchange package…"),
                                          self.import_exchange_package)
        self.import_action.setStatusTip(_(
            "Add a partnership from the exchange package a partner sent you."))
        berkas.addSeparator()
        self._action(berkas, _("&Quit"), self.close, QKeySequence.StandardKey.Quit)

        edit = bar.addMenu(_("&Edit"))
        self._action(edit, _("&Undo typing"), lambda: self._on_focus("undo"),
                     QKeySequence.StandardKey.Undo)
        self._action(edit, _("&Redo typing"), lambda: self._on_focus("redo"),
                     QKeySequence.StandardKey.Redo)
        edit.addSeparator()
        self._action(edit, _("&Find partnership"), self.focus_search,
                     QKeySequence.StandardKey.Find)

        mitra = bar.addMenu(_("&Partners"))
        self._action(mitra, _("&New partnership…"), self.new_partnership,
                     QKeySequence.StandardKey.New)
        self._action(mitra, _("Partner &registry…"), self.partner_registry)
        self._action(mitra, _("&Dashboard"), self.list.show_dashboard, "Ctrl+D")

        laporan = bar.addMenu(_("&Reports"))
        self.report_menu = laporan
        self._action(laporan, _("&Agreement (step 5)"), lambda: self.go_to_step(5))
        self._action(laporan, _("Partnership a&rchive…"), lambda: self.report("archive"))
        self._action(laporan, _("&Evaluation report…"), lambda: self.report("evaluation"))
        self._action(laporan, _("Credentialing &readiness…"), lambda: self.report("readiness"))
        self._action(laporan, _("Credentialing &submission (one file)…"),
                     lambda: self.report("submission"))
        self._action(laporan, _("Surat pernyataan (to sign over &meterai)…"),
                     lambda: self.report("statement"))
        laporan.addSeparator()
        self._action(laporan, _("&Verify document…"), self.verify_document)

        bantuan = bar.addMenu(_("&Help"))
        self._action(bantuan, _("Help for this &step"), self.help_for_step,
                     QKeySequence.StandardKey.HelpContents)
        self._action(bantuan, _("&User guide"), lambda: self.user_guide())
        self._action(bantuan, _("&About Kemitraan Desktop"), self.about)

    def _on_focus(self, method: str) -> None:
        from PySide6.QtWidgets import QLineEdit, QPlainTextEdit

        widget = QApplication.focusWidget()
        if isinstance(widget, QLineEdit | QPlainTextEdit):
            getattr(widget, method)()

    # -- navigation ----------------------------------------------------------------------------
    def _ensure_wizard(self) -> Wizard:
        if self.wizard is None:
            from .wizard import Wizard

            self.wizard = Wizard(self.svc, self, self.settings)
            self.wizard.data_changed.connect(self._wizard_changed)
            self.wizard.step_changed.connect(self._remember_step)
            self.center.addWidget(self.wizard)
        return self.wizard

    def open_partnership(self, partnership_id: int, step: int | None = None) -> None:
        if self.svc is None:  # still opening: attach() opens what was chosen meanwhile
            return
        try:
            self._show_partnership(partnership_id, step)
        finally:
            self._partnership_actions()

    def _show_partnership(self, partnership_id: int, step: int | None) -> None:
        from PySide6.QtWidgets import QMessageBox

        if not partnership_id:
            if self.wizard is not None:
                self.wizard.flush()
            self.dashboard.refresh()
            self.center.setCurrentWidget(self.dashboard)
            self._remember_place(0)
            return
        try:
            wizard = self._ensure_wizard()
            wizard.show_partnership(partnership_id, step)
        except UserError as error:
            QMessageBox.warning(self, _("Kemitraan Desktop"), error.message)
            self.list.refresh()
            return
        self.center.setCurrentWidget(wizard)  # its step_changed remembered the place

    def _remember_step(self, number: int) -> None:
        if self.wizard is not None and self.wizard.partnership_id:
            self._remember_place(self.wizard.partnership_id, number)

    def _remember_place(self, partnership_id: int, step: int | None = None) -> None:
        if self.svc is not None:
            last_place.remember(self.settings, self.svc.db.data_dir, partnership_id, step)

    def open_partnership_id(self) -> int:
        """The partnership shown in the wizard, or 0 when the dashboard is shown."""
        if self.wizard is None or self.center.currentWidget() is not self.wizard:
            return 0
        return self.wizard.partnership_id or 0

    def reveal_partnership(self, partnership_id: int) -> None:
        """The list again, with *partnership_id* (just imported, say) chosen and open. A search
        or filter that would hide it is cleared."""
        self.list.refresh()
        if not self.list.select(partnership_id):
            self.list.clear_filters()
            if not self.list.select(partnership_id):
                self.refresh()

    def _open_from_dashboard(self, partnership_id: int) -> None:
        self.list.select(partnership_id)

    def go_to_step(self, number: int) -> None:
        from PySide6.QtWidgets import QMessageBox

        if self.wizard is None or self.center.currentWidget() is not self.wizard:
            QMessageBox.information(self, _("Kemitraan Desktop"),
                                    _("Choose a partnership in the list first."))
            return
        self.wizard.go_to(number)

    def _wizard_changed(self) -> None:
        from PySide6.QtCore import QTimer

        QTimer.singleShot(0, lambda: self.list.refresh(keep=self.list.current_id()))

    def focus_search(self) -> None:
        self.list.search.setFocus()
        self.list.search.selectAll()

    # -- dialogs -------------------------------------------------------------------------------
    def edit_practice(self) -> None:
        from .dialogs.practice_profile import PracticeProfileDialog

        PracticeProfileDialog(self.svc, self).exec()
        self.refresh()

    def edit_settings(self) -> None:
        from PySide6.QtWidgets import QMessageBox

        from .dialogs.settings import SettingsDialog

        dialog = SettingsDialog(self.svc, self.settings, self)
        if dialog.exec() and dialog.restart_needed:
            answer = QMessageBox.question(
                self, _("Settings"),
                " ".join([*dialog.restart_reasons,
                          _("Restart now? Nothing you typed is lost.")]))
            if answer == QMessageBox.StandardButton.Yes:
                self.restart_requested = True
                self.close()

    def partner_registry(self) -> None:
        from .dialogs.partner_registry import PartnerRegistryDialog

        PartnerRegistryDialog(self.svc, self).exec()
        self.refresh()

    def new_partnership(self) -> None:
        from PySide6.QtWidgets import QMessageBox

        from kemitraan_desktop.services.partnerships import current_practice

        from .dialogs.new_partnership import NewPartnershipDialog

        if current_practice(self.svc) is None:
            from kemitraan_desktop.domain.clauses import practice_roles

            own, bpjs = practice_roles()
            QMessageBox.information(
                self, _("Kemitraan Desktop"),
                _("Fill in the practice profile first: the practice is {role} of its agreements "
                  "({bpjs_role} in a BPJS PKS).").format(role=own, bpjs_role=bpjs))
            self.edit_practice()
            if current_practice(self.svc) is None:
                return
        dialog = NewPartnershipDialog(self.svc, self)
        if dialog.exec() and dialog.created_id:
            self.list.refresh()
            self.list.select(dialog.created_id)

    def load_demo(self) -> None:
        from PySide6.QtCore import Qt
        from PySide6.QtWidgets import QMessageBox

        from kemitraan_desktop.services.demo import create_demo

        try:
            QApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
            try:
                create_demo(self.svc)
            finally:
                QApplication.restoreOverrideCursor()
        except UserError as error:
            QMessageBox.warning(self, _("Kemitraan Desktop"), error.message)
            return
        self.refresh()
        self.statusBar().showMessage(_("Demo data loaded."), 5000)

    def report(self, kind: str) -> None:
        from PySide6.QtWidgets import QMessageBox

        from .report_actions import start_report

        partnership_id = self.list.current_id()
        if not partnership_id:
            QMessageBox.information(self, _("Kemitraan Desktop"),
                                    _("Choose a partnership in the list first."))
            return
        if self.wizard is not None:
            self.wizard.flush()
        job = start_report(self, self.svc, self.settings, kind, partnership_id)
        if job is not None:
            self.keep_job(job)

    def keep_job(self, job: Job) -> Job:
        """Hold a running background job (a Qt object must outlive its thread); drop ended ones."""
        self.jobs = [kept for kept in self.jobs if kept.running]
        self.jobs.append(job)
        return job

    def verify_document(self) -> None:
        from .dialogs.verify import verify_with_dialog

        verify_with_dialog(self.svc, self, self.settings)

    def help_for_step(self) -> None:
        from .dialogs.help import HelpDialog

        on_wizard = self.wizard is not None and self.center.currentWidget() is self.wizard
        step = self.wizard.current if on_wizard else 0
        dialog = HelpDialog(step, self)
        dialog.exec()
        if dialog.guide_requested:
            self.user_guide(step)

    def user_guide(self, step: int = 0) -> None:
        """The user guide (Indonesian, offline), at the chapter of *step* or its contents."""
        from .dialogs.guide import open_guide, step_chapter

        open_guide(self, step_chapter(step))

    def about(self) -> None:
        from PySide6.QtWidgets import QMessageBox

        QMessageBox.about(
            self, _("About Kemitraan Desktop"),
            _("Kemitraan Desktop {version}\n\nThe eight steps of building a health partnership "
              "for an independent practice. Works fully offline; your data stays on this "
              "computer.").format(version=__version__),
        )

    # -- state -----------------------------------------------------------------------------------
    def refresh(self) -> None:
        self.list.refresh()
        if self.center.currentWidget() is self.dashboard:
            self.dashboard.refresh()
        elif self.wizard is not None and self.wizard.partnership_id:
            self.wizard.show_partnership(self.wizard.partnership_id, self.wizard.current)

    def _restore_geometry(self) -> None:
        """Where the window was last time, brought inside this screen if it no longer fits
        (another monitor, a smaller screen); the first time 1280 × 800, or maximised on a
        laptop's 1366 × 768 (screen_fit.py)."""
        from PySide6.QtCore import QByteArray, Qt

        from .screen_fit import FRAME_ALLOWANCE, first_geometry, fits, fitted, usable_area

        geometry = self.settings.value("geometry")
        if isinstance(geometry, QByteArray | bytes) and self.restoreGeometry(QByteArray(geometry)):
            area = usable_area(self)  # the screen it was restored onto
            if not self.isMaximized() and not fits(self.geometry(), FRAME_ALLOWANCE, area):
                self.setGeometry(fitted(self.geometry(), FRAME_ALLOWANCE, area))
            return
        inner, maximised = first_geometry(usable_area(self))
        self.setGeometry(inner)
        if maximised:
            self.setWindowState(self.windowState() | Qt.WindowState.WindowMaximized)

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802
        super().showEvent(event)
        from .screen_fit import fit_to_screen

        if not self.isMaximized() and not self.isFullScreen():
            fit_to_screen(self)  # the frame now known (a title bar taller than allowed for)

    def _restore_view(self) -> None:
        chosen = self.list.current_id()  # clicked while the window was opening
        self.list.refresh(keep=0)
        if chosen and self.list.select(chosen):
            return  # opens at the step it reached
        place = last_place.recall(self.settings, self.svc.db.data_dir)
        if place.partnership_id and self.list.select(place.partnership_id, emit=False):
            self.open_partnership(place.partnership_id, place.step)  # the step last open
            return
        self.open_partnership(0)

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802
        if self.wizard is not None and not self.wizard.flush() and not self._close_unsaved():
            event.ignore()
            return
        self.settings.setValue("geometry", self.saveGeometry())
        self.settings.sync()
        self._automatic_backup()
        super().closeEvent(event)

    def _close_unsaved(self) -> bool:
        """What was typed last could not be saved (the disk is full): closing now loses it, so
        the person is asked first. True: close all the same."""
        from PySide6.QtWidgets import QMessageBox

        from .autosave import waiting_for_room

        if not waiting_for_room(self):
            return True
        box = QMessageBox(QMessageBox.Icon.Warning, _("Kemitraan Desktop"), _(
            "What you typed last is not saved yet: the disk holding the data folder is full. "
            "Free some space (move or delete large files) while the window stays open; it is "
            "saved at the next key or when you close again."), parent=self)
        stay = box.addButton(_("Back to the window"), QMessageBox.ButtonRole.RejectRole)
        lose = box.addButton(_("Close without saving it"), QMessageBox.ButtonRole.DestructiveRole)
        box.setDefaultButton(stay)
        box.setEscapeButton(stay)
        box.exec()
        return box.clickedButton() is lose

    # -- backups and the audit trail (backup_actions.py, dialogs/audit_log.py) -----------------
    def backup_to_file(self) -> None:
        from .backup_actions import backup_to_file

        backup_to_file(self)

    def restore_from_backup(self) -> None:
        from .backup_actions import restore_from_file

        restore_from_file(self)

    def automatic_backups(self) -> None:
        from .backup_actions import automatic_backups

        automatic_backups(self)

    def audit_trail(self) -> None:
        from .dialogs.audit_log import AuditLogDialog

        if self.svc is not None:
            AuditLogDialog(self.svc, self).exec()

    def export_exchange_package(self) -> None:
        from .exchange_actions import export_package

        export_package(self)

    def import_exchange_package(self) -> None:
        from .exchange_actions import import_package

        import_package(self)

    def personal_data(self) -> None:
        from .dialogs.personal_data import PersonalDataDialog

        if self.svc is None:
            return
        if self.wizard is not None:
            self.wizard.flush()  # what was just typed is searched too
        dialog = PersonalDataDialog(self.svc, self, self.settings)
        dialog.exec()
        if dialog.changed:
            self.refresh()

    def schedule_startup_backup(self, delay_ms: int = 3000) -> None:
        """The daily automatic backup, once the window is up (quietly, off the GUI thread)."""
        from PySide6.QtCore import QTimer

        from .backup_actions import start_startup_backup

        def start() -> None:
            self.startup_backup = start_startup_backup(self)

        QTimer.singleShot(delay_ms, self, start)

    def _automatic_backup(self) -> None:
        running = getattr(self, "startup_backup", None)
        if running is not None:
            running.wait(60)  # never two backups at once
        if self.svc is None:
            return
        from kemitraan_desktop.services.backup import automatic_backup

        try:
            automatic_backup(self.svc)
        except (OSError, UserError) as error:  # a failed backup must never block quitting
            self.statusBar().showMessage(str(error))
