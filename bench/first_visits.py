"""Child of ``bench_startup.py``: what a person's first clicks cost.

    python bench/first_visits.py DATA_DIR

Opens the window over DATA_DIR as a start does (``ui/app.py``: the list painted first, the
services loaded while the window answers, then attached), posts a click on the first partnership
of the list as soon as the window is up, as a person who clicks at once, and waits until that
partnership is open at its step and painted. Then clicks each other step's button in the
stepper (QTest, on the visible button) and times its first visit: from the click until the step's
page has been painted. Visiting a step remembers it as reached (as it does for a person), so give
it a copy of the data.

Prints one line: ``visits clock_open=… open_step=N step1_ms=… … step8_ms=…`` (the step open
at first has no visit of its own: its page was built when the partnership opened).
"""

from __future__ import annotations

import sys
import tempfile
import time
from pathlib import Path

from PySide6.QtCore import QDeadlineTimer, QEvent, QEventLoop, QObject, QSettings, Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QWidget

from kemitraan_desktop.services.opening import open_services
from kemitraan_desktop.ui.app import create_application
from kemitraan_desktop.ui.loading import import_while_answering
from kemitraan_desktop.ui.main_window import MainWindow
from kemitraan_desktop.ui.responsive import long_lived_frozen
from kemitraan_desktop.ui.smoke import post_click

TIMEOUT_MS = 30_000


class Painted(QObject):
    """Notes the first paint of *widget* or anything inside it."""

    def __init__(self, widget: QWidget | None = None) -> None:
        super().__init__()
        self.widget = widget
        self.at: float | None = None

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802
        if (self.at is None and self.widget is not None and event.type() == QEvent.Type.Paint
                and isinstance(watched, QWidget)
                and (watched is self.widget or self.widget.isAncestorOf(watched))):
            self.at = time.perf_counter()
        return False


def wait_until(condition, app: QApplication) -> None:  # noqa: ANN001
    deadline = QDeadlineTimer(TIMEOUT_MS)
    while not condition():
        if deadline.hasExpired():
            raise SystemExit("the window did not get there in time")
        app.processEvents(QEventLoop.ProcessEventsFlag.AllEvents, 20)


def _first_clicks(app: QApplication, window: MainWindow, clicked: int
                  ) -> tuple[float, int, dict[int, float]]:
    """When the clicked partnership was open and painted, its step, each other step's visit."""
    wait_until(lambda: window.open_partnership_id() == clicked, app)
    wizard = window.wizard
    opened = Painted(wizard.stack.currentWidget())
    app.installEventFilter(opened)
    wait_until(lambda: opened.at is not None, app)
    app.removeEventFilter(opened)
    open_step = wizard.current
    visits = {}
    for number in range(1, 9):
        if number == open_step:
            continue
        button = wizard.step_buttons.button(number)
        painted = Painted()
        app.installEventFilter(painted)
        started = time.perf_counter()
        QTest.mouseClick(button, Qt.MouseButton.LeftButton)
        painted.widget = wizard.pages[number]
        wait_until(lambda: painted.at is not None, app)  # noqa: B023
        app.removeEventFilter(painted)
        visits[number] = painted.at - started
    return opened.at, open_step, visits


def main() -> None:
    data_dir = Path(sys.argv[1])
    app = create_application()
    with tempfile.TemporaryDirectory(prefix="bench-visits-") as folder:
        settings = QSettings(str(Path(folder) / "settings.ini"), QSettings.Format.IniFormat)
        visit(app, data_dir, settings)


def visit(app: QApplication, data_dir: Path, settings: QSettings) -> None:
    window = MainWindow.opening(data_dir, settings)
    shown = window.list  # as smoke.py: clicked once the window is up, outside its paint loop
    clicked = shown.model.rows[0].id
    post_click(shown.view.viewport(), shown.view.visualRect(shown.proxy.index(0, 0)).center())
    import_while_answering()
    svc = open_services(data_dir)
    window.attach(svc)
    with long_lived_frozen():  # as ui/app.py's run() keeps the event loop
        opened_at, open_step, visits = _first_clicks(app, window, clicked)
    window.hide()
    svc.db.close()
    steps = " ".join(f"step{n}_ms={ms * 1000:.0f}" for n, ms in sorted(visits.items()))
    print(f"visits clock_open={opened_at:.6f} open_step={open_step} {steps}")


if __name__ == "__main__":
    main()
