"""The main window: the partnership list, the dashboard or the wizard, menus and shortcuts.

It composes the parts and wires their signals; each part owns its own behaviour.
"""

from __future__ import annotations

from PySide6.QtCore import QByteArray, QSettings, Qt, QTimer
from PySide6.QtGui import QAction, QCloseEvent, QKeySequence
from PySide6.QtWidgets import (
    QApplication,
    QLineEdit,
    QMainWindow,
    QMessageBox,
    QPlainTextEdit,
    QSplitter,
    QStackedWidget,
    QWidget,
)

from kemitraan_desktop import __version__
from kemitraan_desktop.domain.errors import UserError
from kemitraan_desktop.i18n import _
from kemitraan_desktop.services.app import Services

from .dashboard import Dashboard
from .partnership_list import PartnershipList
from .wizard import Wizard


class MainWindow(QMainWindow):
    def __init__(self, svc: Services, settings: QSettings | None = None,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.svc = svc
        self.settings = settings or QSettings()
        self.setWindowTitle(_("Kemitraan Desktop"))
        self.list = PartnershipList(svc, self)
        self.dashboard = Dashboard(svc, self)
        self.wizard: Wizard | None = None
        self.restart_requested = False
        self.jobs: list = []
        self.center = QStackedWidget(self)
        self.center.addWidget(self.dashboard)
        self.splitter = QSplitter(Qt.Orientation.Horizontal, self)
        self.splitter.addWidget(self.list)
        self.splitter.addWidget(self.center)
        self.splitter.setStretchFactor(1, 1)
        self.splitter.setSizes([300, 980])
        self.setCentralWidget(self.splitter)
        self.statusBar().showMessage(_("Data folder: {folder}").format(folder=svc.db.data_dir))

        self.list.selected.connect(self.open_partnership)
        self.list.new_requested.connect(self.new_partnership)
        self.dashboard.open_partnership.connect(self._open_from_dashboard)
        self.dashboard.new_partnership.connect(self.new_partnership)
        self.dashboard.load_demo.connect(self.load_demo)
        self.dashboard.edit_practice.connect(self.edit_practice)
        self._build_menus()
        self._restore()

    # -- menus -------------------------------------------------------------------------------
    def _action(self, menu, text: str, slot, shortcut=None) -> QAction:  # noqa: ANN001
        action = QAction(text, self)
        if shortcut is not None:
            action.setShortcut(QKeySequence(shortcut))
        action.triggered.connect(slot)
        menu.addAction(action)
        return action

    def _build_menus(self) -> None:
        bar = self.menuBar()
        berkas = bar.addMenu(_("&File"))
        self._action(berkas, _("&Practice profile…"), self.edit_practice)
        self._action(berkas, _("Load &demo data"), self.load_demo)
        self._action(berkas, _("&Settings…"), self.edit_settings)
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
        laporan.addSeparator()
        self._action(laporan, _("&Verify document…"), self.verify_document)

        bantuan = bar.addMenu(_("&Help"))
        self._action(bantuan, _("Help for this &step"), self.help_for_step,
                     QKeySequence.StandardKey.HelpContents)
        self._action(bantuan, _("&About Kemitraan Desktop"), self.about)

    def _on_focus(self, method: str) -> None:
        widget = QApplication.focusWidget()
        if isinstance(widget, QLineEdit | QPlainTextEdit):
            getattr(widget, method)()

    # -- navigation ----------------------------------------------------------------------------
    def _ensure_wizard(self) -> Wizard:
        if self.wizard is None:
            self.wizard = Wizard(self.svc, self)
            self.wizard.data_changed.connect(self._wizard_changed)
            self.center.addWidget(self.wizard)
        return self.wizard

    def open_partnership(self, partnership_id: int, step: int | None = None) -> None:
        if not partnership_id:
            if self.wizard is not None:
                self.wizard.flush()
            self.dashboard.refresh()
            self.center.setCurrentWidget(self.dashboard)
            self.settings.setValue("last_partnership", 0)
            return
        try:
            wizard = self._ensure_wizard()
            wizard.show_partnership(partnership_id, step)
        except UserError as error:
            QMessageBox.warning(self, _("Kemitraan Desktop"), error.message)
            self.list.refresh()
            return
        self.center.setCurrentWidget(wizard)
        self.settings.setValue("last_partnership", partnership_id)

    def _open_from_dashboard(self, partnership_id: int) -> None:
        self.list.select(partnership_id)

    def go_to_step(self, number: int) -> None:
        if self.wizard is None or self.center.currentWidget() is not self.wizard:
            QMessageBox.information(self, _("Kemitraan Desktop"),
                                    _("Choose a partnership in the list first."))
            return
        self.wizard.go_to(number)

    def _wizard_changed(self) -> None:
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
        from .dialogs.settings import SettingsDialog

        dialog = SettingsDialog(self.svc, self.settings, self)
        if dialog.exec() and dialog.restart_needed:
            answer = QMessageBox.question(
                self, _("Settings"),
                _("The new language is used after the program restarts. Restart now? "
                  "Nothing you typed is lost."))
            if answer == QMessageBox.StandardButton.Yes:
                self.restart_requested = True
                self.close()

    def partner_registry(self) -> None:
        from .dialogs.partner_registry import PartnerRegistryDialog

        PartnerRegistryDialog(self.svc, self).exec()
        self.refresh()

    def new_partnership(self) -> None:
        from kemitraan_desktop.services.partnerships import current_practice

        from .dialogs.new_partnership import NewPartnershipDialog

        if current_practice(self.svc) is None:
            QMessageBox.information(
                self, _("Kemitraan Desktop"),
                _("Fill in the practice profile first: it is PIHAK PERTAMA of every agreement."))
            self.edit_practice()
            if current_practice(self.svc) is None:
                return
        dialog = NewPartnershipDialog(self.svc, self)
        if dialog.exec() and dialog.created_id:
            self.list.refresh()
            self.list.select(dialog.created_id)

    def load_demo(self) -> None:
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
        from .report_actions import start_report

        partnership_id = self.list.current_id()
        if not partnership_id:
            QMessageBox.information(self, _("Kemitraan Desktop"),
                                    _("Choose a partnership in the list first."))
            return
        if self.wizard is not None:
            self.wizard.flush()
        self.jobs.append(start_report(self, self.svc, self.settings, kind, partnership_id))
        self.jobs = [job for job in self.jobs if job is not None and job.running]

    def verify_document(self) -> None:
        from .dialogs.verify import verify_with_dialog

        verify_with_dialog(self.svc, self)

    def help_for_step(self) -> None:
        from .dialogs.help import HelpDialog

        on_wizard = self.wizard is not None and self.center.currentWidget() is self.wizard
        HelpDialog(self.wizard.current if on_wizard else 0, self).exec()

    def about(self) -> None:
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

    def _restore(self) -> None:
        geometry = self.settings.value("geometry")
        if isinstance(geometry, QByteArray | bytes):
            self.restoreGeometry(QByteArray(geometry))
        else:
            self.resize(1280, 800)
        self.list.refresh()
        last = int(self.settings.value("last_partnership", 0) or 0)
        if last and self.list.select(last):
            return
        self.open_partnership(0)

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802
        if self.wizard is not None:
            self.wizard.flush()
        self.settings.setValue("geometry", self.saveGeometry())
        self.settings.sync()
        self._automatic_backup()
        super().closeEvent(event)

    def _automatic_backup(self) -> None:
        from kemitraan_desktop.services.backup import automatic_backup

        try:
            automatic_backup(self.svc)
        except (OSError, UserError) as error:  # a failed backup must never block quitting
            self.statusBar().showMessage(str(error))
