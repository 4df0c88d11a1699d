"""Fixtures of the window tests."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QSettings

from kemitraan_desktop.services.demo import create_demo
from kemitraan_desktop.ui.main_window import MainWindow


@pytest.fixture
def window(qtbot, svc, tmp_path: Path) -> MainWindow:
    """The main window at 1280 × 800 over the demo data (``window.demo`` says what was made),
    with throw-away settings."""
    demo = create_demo(svc)
    settings = QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)
    main = MainWindow(svc, settings)
    qtbot.addWidget(main)
    main.resize(1280, 800)
    main.show()
    qtbot.waitExposed(main)
    main.demo = demo
    return main
