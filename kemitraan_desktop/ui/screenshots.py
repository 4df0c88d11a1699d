"""Render the window to PNG files (offscreen): the dashboard and each step of a partnership."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QApplication

from kemitraan_desktop.services import partnerships
from kemitraan_desktop.services.app import Services

from .app import create_application
from .main_window import MainWindow

SIZE = (1280, 800)


def _settle(app: QApplication) -> None:
    for _round in range(5):
        app.processEvents()


def render_screenshots(svc: Services, out_dir: Path, partnership_id: int | None = None
                       ) -> list[Path]:
    """The dashboard, then every step page of the first partnership (or the one given)."""
    app = create_application()
    out_dir.mkdir(parents=True, exist_ok=True)
    settings = QSettings(str(out_dir / ".screenshots.ini"), QSettings.Format.IniFormat)
    settings.clear()
    window = MainWindow(svc, settings)
    window.resize(*SIZE)
    window.show()
    written: list[Path] = []

    def shoot(name: str) -> None:
        _settle(app)
        path = out_dir / f"{name}.png"
        window.grab().save(str(path))
        written.append(path)

    window.list.show_dashboard()
    shoot("00-dashboard")
    rows = partnerships.list_partnerships(svc)
    if partnership_id is None and rows:
        partnership_id = min(row.id for row in rows)
    if partnership_id:
        window.list.select(partnership_id)
        shoot("01-main-window")
        assert window.wizard is not None
        for number in range(1, 9):
            window.wizard.go_to(number, remember=False)
            shoot(f"step{number}")
    window.close()
    (out_dir / ".screenshots.ini").unlink(missing_ok=True)
    return written
