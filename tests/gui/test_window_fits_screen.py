"""The window and every dialog on the laptop screens clinics have (tests/fixtures/screens.json):
1366 × 768 and 1280 × 720. On each, every page, every tab of every step and every dialog is
usable: no button below the edge of the screen or cut off at the side of a page, and a size
remembered from a larger screen is brought back inside."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QByteArray, QMargins, QPoint, QRect, QSettings
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QAbstractSpinBox,
    QComboBox,
    QDialog,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QTabBar,
    QTabWidget,
    QTextEdit,
    QWidget,
)

from kemitraan_desktop.ui.main_window import MainWindow
from kemitraan_desktop.ui.screen_fit import first_geometry, fitted

CONTROLS = (QAbstractButton, QLineEdit, QComboBox, QAbstractSpinBox, QPlainTextEdit, QTextEdit,
            QAbstractItemView, QTabBar)


def screen(name: str):
    return next(s for s in QGuiApplication.screens() if s.name() == name)


# -- the rules, with a Windows taskbar ---------------------------------------------------------
def test_on_a_laptop_beside_the_taskbar_the_first_window_is_maximised():
    inner, maximised = first_geometry(QRect(0, 0, 1366, 728))
    assert maximised
    assert inner == QRect(8, 31, 1350, 689)


def test_on_a_large_screen_the_first_window_is_1280_by_800_in_the_middle():
    inner, maximised = first_geometry(QRect(0, 0, 1920, 1040))
    assert not maximised
    assert inner == QRect(320, 132, 1280, 800)


def test_a_window_from_a_larger_monitor_is_shrunk_and_moved_inside():
    frame = QMargins(8, 31, 8, 8)
    assert fitted(QRect(1500, 200, 1600, 1000), frame, QRect(0, 0, 1366, 728)) == QRect(
        8, 31, 1350, 689)
    assert fitted(QRect(-400, 500, 800, 600), frame, QRect(0, 0, 1366, 728)) == QRect(
        8, 120, 800, 600)


# -- the real window -----------------------------------------------------------------------------
def hidden_controls(root: QWidget) -> list[str]:
    """Controls a person cannot reach: outside the window, or cut off at the side of a scrolling
    page (below the fold is fine: the page scrolls down)."""
    window = root.window()
    found = []
    for widget in [root, *root.findChildren(QWidget)]:
        if not isinstance(widget, CONTROLS) or not widget.isVisible():
            continue
        if any(isinstance(parent, QAbstractItemView) for parent in _ancestors(widget)):
            continue  # an editor or a header inside a table: the table is checked
        name = f"{type(widget).__name__}#{widget.objectName()} {_text(widget)!r}"
        areas = [a for a in _ancestors(widget) if isinstance(a, QScrollArea)]
        for area in areas:
            viewport = area.viewport()
            left = widget.mapTo(viewport, QPoint(0, 0)).x()
            if left < 0 or left + widget.width() > viewport.width() + 1:
                found.append(f"{name}: cut off at the side of its page")
        outermost = areas[-1] if areas else widget
        rect = QRect(outermost.mapTo(window, QPoint(0, 0)), outermost.size())
        if not window.rect().contains(rect):
            found.append(f"{name}: outside the window ({rect} in {window.rect()})")
    return found


def _ancestors(widget: QWidget):
    parent = widget.parentWidget()
    while parent is not None and not parent.isWindow():
        yield parent
        parent = parent.parentWidget()


def _text(widget: QWidget) -> str:
    text = getattr(widget, "text", None)
    return text() if callable(text) else ""


def inside_screen(window: QWidget, name: str) -> None:
    area = screen(name).availableGeometry()
    assert area.contains(window.frameGeometry()), (
        f"{window.windowTitle()}: {window.frameGeometry()} is not inside {area}")


@pytest.fixture
def settings(tmp_path):
    return QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)


def test_the_first_start_on_a_1366_by_768_laptop_fits_the_screen(qtbot, svc, settings):
    main = MainWindow(svc, settings)
    qtbot.addWidget(main)
    main.show()
    qtbot.waitExposed(main)
    assert main.isMaximized()
    inside_screen(main, "laptop")
    for widget in (main.list.new_button, main.statusBar()):
        assert main.rect().contains(QRect(widget.mapTo(main, QPoint(0, 0)), widget.size()))


def test_a_size_remembered_from_a_larger_monitor_is_brought_inside(qtbot, svc, settings):
    bigger = QWidget()
    qtbot.addWidget(bigger)
    bigger.setGeometry(1400, 40, 1600, 1000)  # as a monitor larger than this one held it
    bigger.show()
    qtbot.waitExposed(bigger)
    assert bigger.screen().name() == "small"
    settings.setValue("geometry", QByteArray(bigger.saveGeometry()))
    bigger.hide()
    main = MainWindow(svc, settings)
    qtbot.addWidget(main)
    main.show()
    qtbot.waitExposed(main)
    assert main.screen().name() == "small"
    inside_screen(main, "small")
    assert main.width() < 1600 and main.height() < 1000


@pytest.mark.parametrize("name", ["laptop", "small"])
def test_every_page_and_every_tab_is_usable_on_the_screen(qtbot, window, name):
    area = screen(name).availableGeometry()
    window.showNormal()
    window.setGeometry(area.marginsRemoved(QMargins(2, 2, 2, 2)))  # as maximised there
    qtbot.wait(10)
    inside_screen(window, name)
    assert window.minimumSizeHint().height() <= window.height()
    assert window.minimumSizeHint().width() <= window.width()
    window.list.show_dashboard()
    assert hidden_controls(window) == []
    visited = 0
    for partnership_id in window.demo.partnership_ids:
        window.list.select(partnership_id)
        wizard = window.wizard
        for number in range(1, 9):
            wizard.go_to(number, remember=False)
            qtbot.wait(1)
            page = wizard.pages[number]
            tab_widgets = page.findChildren(QTabWidget)
            for tabs in tab_widgets or [None]:
                for index in range(tabs.count() if tabs else 1):
                    if tabs is not None:
                        tabs.setCurrentIndex(index)
                        qtbot.wait(1)
                    visited += 1
                    where = f"step {number}" + (f", tab {tabs.tabText(index)}" if tabs else "")
                    assert hidden_controls(window) == [], where
                    for button in (wizard.back, wizard.next, wizard.saved_note):
                        rect = QRect(button.mapTo(window, QPoint(0, 0)), button.size())
                        assert window.rect().contains(rect), f"{where}: {rect}"
    assert visited >= 3 * 8


def dialogs(svc, window, settings):
    from kemitraan_desktop.services import agreements
    from kemitraan_desktop.services.recovery import Problem
    from kemitraan_desktop.ui.dialogs.audit_log import AuditLogDialog
    from kemitraan_desktop.ui.dialogs.backups import AutomaticBackupsDialog
    from kemitraan_desktop.ui.dialogs.guide import GuideWindow
    from kemitraan_desktop.ui.dialogs.help import HelpDialog
    from kemitraan_desktop.ui.dialogs.new_partnership import NewPartnershipDialog
    from kemitraan_desktop.ui.dialogs.partner_registry import PartnerEditor, PartnerRegistryDialog
    from kemitraan_desktop.ui.dialogs.password import (
        PasswordDialog,
        RemovePasswordDialog,
        SetPasswordDialog,
    )
    from kemitraan_desktop.ui.dialogs.personal_data import PersonalDataDialog
    from kemitraan_desktop.ui.dialogs.practice_profile import PracticeProfileDialog
    from kemitraan_desktop.ui.dialogs.settings import SettingsDialog
    from kemitraan_desktop.ui.dialogs.signing import SignDialog
    from kemitraan_desktop.ui.dialogs.startup_problem import StartupProblemDialog
    from kemitraan_desktop.ui.pdf_view import PreviewDialog

    apotek = next(p for p in svc.partners.list() if p.partner_type == "apotek")
    agreement = svc.agreements.list()[-1]
    return [
        lambda: PracticeProfileDialog(svc, window),
        lambda: PartnerRegistryDialog(svc, window),
        lambda: PartnerEditor(svc, apotek.id, window),
        lambda: NewPartnershipDialog(svc, window),
        lambda: SettingsDialog(svc, settings, window),
        lambda: SignDialog(svc, agreement, window),
        lambda: AuditLogDialog(svc, window),
        lambda: AutomaticBackupsDialog(svc, window),
        lambda: PersonalDataDialog(svc, window),
        lambda: HelpDialog(5, window),
        lambda: GuideWindow(window),
        lambda: PasswordDialog(lambda typed: False, svc.db.data_dir, window),
        lambda: SetPasswordDialog(svc, window),
        lambda: RemovePasswordDialog(svc, window),
        lambda: StartupProblemDialog(Problem("damaged", "Berkas basis data rusak.",
                                             svc.db.data_dir), window),
        lambda: PreviewDialog("Pratinjau", agreements.agreement_pdf(svc, agreement.id), window),
    ]


@pytest.mark.parametrize("name", ["laptop", "small"])
def test_every_dialog_fits_the_screen_with_its_buttons(qtbot, svc, window, name):
    area = screen(name).availableGeometry()
    window.showNormal()
    window.setGeometry(area.marginsRemoved(QMargins(2, 2, 2, 2)))
    qtbot.wait(10)
    for make in dialogs(svc, window, window.settings):
        dialog: QDialog = make()
        qtbot.addWidget(dialog)
        dialog.show()
        qtbot.waitExposed(dialog)
        qtbot.wait(1)
        title = dialog.windowTitle()
        assert dialog.screen().name() == name, title
        inside_screen(dialog, name)
        buttons = [b for b in dialog.findChildren(QPushButton) if b.isVisible()]
        assert buttons, title  # OK, Close, Open…: each inside the dialog, as every control
        assert hidden_controls(dialog) == [], title
        dialog.done(0)
