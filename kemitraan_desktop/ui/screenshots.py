"""Render the window to PNG files (offscreen): the pictures of the user guide, or one partnership.

With no partnership named, the pictures ``docs/panduan`` shows (run it on the demo data): the
first start on empty data, the dashboard, the main window, every step page on the demo
partnership that shows it best, the agreement from draft to signed, an activity report's
attachments, the five keys, and the dialogs the guide talks about. With a partnership named: the
dashboard and each of its eight steps, to look at every page (``--lang en`` for English).
Pictures are stored with 256 colours: a third of the size, and a window looks the same.
"""

from __future__ import annotations

import tempfile
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QSettings
from PySide6.QtGui import QImage
from PySide6.QtWidgets import QApplication, QLineEdit, QTabWidget, QWidget

from kemitraan_desktop.i18n import _
from kemitraan_desktop.services import partnerships
from kemitraan_desktop.services.app import Services

from .app import create_application
from .main_window import MainWindow

SIZE = (1280, 800)
# The demo partnership that shows each step best: BPJS up to its draft agreement, the apotek
# for the work plan and the reports, the laboratorium for the evaluation.
BEST_FOR_STEP = {1: "bpjs", 2: "bpjs", 3: "bpjs", 4: "bpjs", 5: "bpjs", 6: "apotek",
                 7: "apotek", 8: "laboratorium"}


def _settle(app: QApplication) -> None:
    for _round in range(5):
        app.processEvents()


def save_png(image: QImage, path: Path) -> None:
    """*image* as a PNG of at most 256 colours (Pillow, which ReportLab brings); as it is when
    Pillow cannot be loaded."""
    from kemitraan_desktop.services.files import private_output

    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    image.save(buffer, "PNG")
    buffer.close()
    try:
        from PIL import Image
    except ImportError:
        with private_output(path) as out:
            out.write(data.data())
        return
    import io

    with Image.open(io.BytesIO(data.data())) as picture, private_output(path) as out:
        reduced = picture.convert("RGB").quantize(
            colors=256, method=Image.Quantize.MEDIANCUT, dither=Image.Dither.NONE)
        reduced.save(out, "PNG", optimize=True)


class _Camera:
    """Writes grabs of widgets into *out_dir*, remembering the files."""

    def __init__(self, app: QApplication, out_dir: Path) -> None:
        self.app = app
        self.out_dir = out_dir
        self.written: list[Path] = []

    def shoot(self, widget: QWidget, name: str) -> None:
        _settle(self.app)
        path = self.out_dir / f"{name}.png"
        save_png(widget.grab().toImage(), path)
        self.written.append(path)

    def dialog(self, dialog: QWidget, name: str, prepare: Callable[[], None] | None = None
               ) -> None:
        dialog.show()
        if prepare is not None:
            prepare()
        _settle(self.app)
        focused = QApplication.focusWidget()
        if isinstance(focused, QLineEdit):
            focused.deselect()  # the first field's text, selected on opening, looks marked
        self.shoot(dialog, name)
        dialog.close()
        dialog.deleteLater()


def _window(svc: Services, settings_file: Path) -> MainWindow:
    settings = QSettings(str(settings_file), QSettings.Format.IniFormat)
    settings.clear()
    window = MainWindow(svc, settings)
    window.resize(*SIZE)
    window.show()
    return window


def _tab(page: QWidget, index: int) -> None:
    """Show tab *index* of the page's first tab widget."""
    tabs = page.findChildren(QTabWidget)
    if tabs:
        tabs[0].setCurrentIndex(index)


def render_screenshots(svc: Services, out_dir: Path, partnership_id: int | None = None
                       ) -> list[Path]:
    """The guide's pictures, or (with *partnership_id*) the dashboard and that one's steps."""
    app = create_application()
    out_dir.mkdir(parents=True, exist_ok=True)
    camera = _Camera(app, out_dir)
    settings_file = out_dir / ".screenshots.ini"
    window = _window(svc, settings_file)
    try:
        window.list.show_dashboard()
        camera.shoot(window, "00-dashboard")
        if partnership_id:
            window.list.select(partnership_id)
            camera.shoot(window, "01-main-window")
            assert window.wizard is not None
            for number in range(1, 9):
                window.wizard.go_to(number, remember=False)
                camera.shoot(window, f"step{number}")
        else:
            _guide_pictures(svc, window, camera)
    finally:
        window.close()
        settings_file.unlink(missing_ok=True)
    return camera.written


def _guide_pictures(svc: Services, window: MainWindow, camera: _Camera) -> None:
    from .dialogs.new_partnership import NewPartnershipDialog
    from .dialogs.practice_profile import PracticeProfileDialog

    rows = partnerships.list_partnerships(svc)
    if not rows:
        return
    by_type: dict[str, int] = {}
    for row in sorted(rows, key=lambda r: r.id):
        by_type.setdefault(row.partner_type, row.id)
    first = min(row.id for row in rows)

    def show(step: int, kind: str | None = None) -> QWidget:
        wanted = by_type.get(kind or BEST_FOR_STEP[step], first)
        if window.wizard is None or window.wizard.partnership_id != wanted:
            window.list.select(wanted)
        assert window.wizard is not None
        window.wizard.go_to(step, remember=False)
        return window.wizard.pages[step]

    show(7)
    camera.shoot(window, "01-main-window")
    for step in range(1, 9):
        show(step)
        camera.shoot(window, f"step{step}")
    page = show(5)
    page.preview()  # the draft, with its DRAFT mark
    camera.shoot(window, "step5-preview")
    _tab(page, 0)
    show(5, "laboratorium")
    camera.shoot(window, "step5-signed")
    page = show(7)
    page.report_tabs.setCurrentIndex(1)
    camera.shoot(window, "step7-attachments")
    page.report_tabs.setCurrentIndex(0)
    page = show(8)
    _tab(page, 1)
    camera.shoot(window, "step8-scoring")
    _tab(page, 2)
    camera.shoot(window, "step8-comparison")
    _tab(page, 0)
    window.list.show_dashboard()

    camera.dialog(PracticeProfileDialog(svc, window), "03-practice-profile")
    new = NewPartnershipDialog(svc, window)
    camera.dialog(new, "04-new-partnership", lambda: new.partner_type.setCurrentIndex(
        new.partner_type.findData("bpjs")))
    _startup_problem(svc, camera)
    _first_start(camera)


def _startup_problem(svc: Services, camera: _Camera) -> None:
    from kemitraan_desktop.services.backup import list_backups
    from kemitraan_desktop.services.recovery import Problem

    from .dialogs.startup_problem import StartupProblemDialog

    backups = list_backups(svc)
    problem = Problem("damaged", _("The database file is damaged. It has not been changed."),
                      svc.db.data_dir, backups[0] if backups else None)
    camera.dialog(StartupProblemDialog(problem), "05-startup-problem")


def _first_start(camera: _Camera) -> None:
    """The window on empty data, as a doctor sees it the first time."""
    from kemitraan_desktop.services.opening import open_services

    with tempfile.TemporaryDirectory(prefix="kemitraan-first-start-") as folder:
        empty = open_services(Path(folder) / "data")
        try:
            window = _window(empty, Path(folder) / "settings.ini")
            window.list.show_dashboard()
            window.statusBar().clearMessage()  # a temporary folder's name, new on every run
            camera.shoot(window, "02-first-start")
            window.close()
            window.deleteLater()
            _settle(camera.app)
        finally:
            empty.db.close()
