"""``kemitraan-desktop --smoke``: open the main window, wait until the partnership list is shown,
click its search field as soon as the window is up (``MainWindow.opening`` has returned: outside
the loop that painted it, where a click would be taken early by luck), wait until the click was
handled and, once the services are attached, the event loop is idle; print how long each took
since the process started, and quit.

The clock starts when the operating system started the process (so the interpreter's own start
and every import count), read from ``/proc`` on Linux and ``GetProcessTimes`` on Windows; elsewhere
from the first line of ``__main__``. The window uses throw-away settings (no last partnership,
no saved geometry) and quits without the closing routine: a smoke run changes nothing.
"""

from __future__ import annotations

import os
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from kemitraan_desktop.i18n import _

if TYPE_CHECKING:
    from PySide6.QtCore import QPoint
    from PySide6.QtWidgets import QWidget

TIMEOUT_MS = 60_000


def process_age() -> float:
    """Seconds since the operating system started this process."""
    try:
        if sys.platform.startswith("linux"):
            return _linux_age()
        if sys.platform == "win32":
            return _windows_age()
    except (OSError, ValueError, AttributeError):
        pass
    started = None
    for name in ("__main__", "kemitraan_desktop.__main__"):
        started = started or getattr(sys.modules.get(name), "STARTED", None)
    return time.perf_counter() - (started or 0.0)


def _linux_age() -> float:
    with open("/proc/self/stat", "rb") as handle:
        # The command name (field 2) may hold spaces: count the fields after its ")".
        fields = handle.read().rsplit(b")", 1)[1].split()
    started_ticks = int(fields[19])  # field 22 of the whole line: start time after boot
    return time.clock_gettime(time.CLOCK_BOOTTIME) - started_ticks / os.sysconf("SC_CLK_TCK")


def _windows_age() -> float:
    import ctypes
    from ctypes import wintypes

    kernel32 = ctypes.windll.kernel32  # type: ignore[attr-defined]
    creation, exited, kernel, user, now = (wintypes.FILETIME() for _ in range(5))
    if not kernel32.GetProcessTimes(kernel32.GetCurrentProcess(), ctypes.byref(creation),
                                    ctypes.byref(exited), ctypes.byref(kernel),
                                    ctypes.byref(user)):
        raise OSError("GetProcessTimes")
    kernel32.GetSystemTimePreciseAsFileTime(ctypes.byref(now))

    def ticks(value: wintypes.FILETIME) -> int:  # 100 ns since 1601
        return (value.dwHighDateTime << 32) | value.dwLowDateTime

    return (ticks(now) - ticks(creation)) / 1e7


@dataclass
class SmokeTimes:
    """Seconds since the process started; ``clock_*`` are the same moments on the monotonic clock
    (``time.perf_counter``, shared by all processes), for a benchmark that started the process."""

    first_paint: float | None = None
    list_shown: float | None = None
    click_handled: float | None = None  # a click posted once the window was up reached its widget
    idle: float | None = None
    longest_busy: float = 0.0  # the longest stretch the event loop did not wait for input,
    # from the list shown until idle: what a click at the worst moment would wait
    rows: int = 0
    clock_first_paint: float | None = None
    clock_list_shown: float | None = None
    clock_click_handled: float | None = None
    clock_idle: float | None = None


def run_smoke(data_dir: Path | None = None) -> int:
    """Open the window over *data_dir*, report the times on stdout; 0 when all went well."""
    from PySide6.QtCore import QAbstractEventDispatcher, QEvent, QObject, QSettings, QTimer
    from PySide6.QtWidgets import QWidget

    from kemitraan_desktop import paths

    from .app import create_application
    from .loading import import_while_answering
    from .main_window import MainWindow
    from .responsive import long_lived_frozen

    app = create_application()
    times = SmokeTimes()
    window: MainWindow | None = None
    with tempfile.TemporaryDirectory(prefix="kemitraan-smoke-") as folder:
        settings = QSettings(str(Path(folder) / "settings.ini"), QSettings.Format.IniFormat)

        def now() -> tuple[float, float]:
            return process_age(), time.perf_counter()

        def populated() -> bool:
            partnership_list = window.list
            return (partnership_list.model.rowCount() > 0
                    or not partnership_list.empty_hint.isHidden())

        awake_since = [0.0]

        def awake() -> None:
            awake_since[0] = time.perf_counter()

        def about_to_block() -> None:
            if times.idle is None:
                times.longest_busy = max(times.longest_busy,
                                         time.perf_counter() - awake_since[0])

        def idle() -> None:  # connected once the services are attached
            if times.idle is None and times.click_handled is not None:
                times.idle, times.clock_idle = now()
                app.exit(0)

        class Watch(QObject):
            def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802
                nonlocal window
                if not isinstance(watched, QWidget):
                    return False
                if (event.type() == QEvent.Type.MouseButtonRelease and times.click_handled is None
                        and watched in clicked):
                    times.click_handled, times.clock_click_handled = now()
                    return False
                if event.type() != QEvent.Type.Paint:
                    return False
                top = watched.window()
                if not isinstance(top, MainWindow):
                    return False
                window = top
                if times.first_paint is None:
                    times.first_paint, times.clock_first_paint = now()
                built = getattr(top, "list", None) is not None  # the frame paints first
                if (times.list_shown is None and built and watched is top.list.view.viewport()
                        and populated()):
                    times.list_shown, times.clock_list_shown = now()
                    times.rows = top.list.model.rowCount()
                    awake_since[0] = time.perf_counter()
                    dispatcher = QAbstractEventDispatcher.instance()
                    dispatcher.awake.connect(awake)
                    dispatcher.aboutToBlock.connect(about_to_block)
                return False

        clicked: list[QWidget] = []
        watch = Watch()
        app.installEventFilter(watch)
        # As ui/app.py's run() opens the window: painted first, the services loaded while it
        # answers, then attached.
        opened = MainWindow.opening(data_dir or paths.default_data_dir(), settings)
        clicked.append(opened.list.search)
        post_click(opened.list.search)
        import_while_answering()
        from kemitraan_desktop.services.opening import CannotOpen, open_for_window

        try:
            svc = open_for_window(data_dir)
        except CannotOpen as error:
            print(error.message, file=sys.stderr)
            return 2
        opened.attach(svc)
        QAbstractEventDispatcher.instance().aboutToBlock.connect(idle)
        timeout = QTimer()
        timeout.setSingleShot(True)
        timeout.timeout.connect(lambda: app.exit(1))
        timeout.start(TIMEOUT_MS)
        with long_lived_frozen():  # as run() does
            code = app.exec()
        # Leave the application as it was (a test runs this inside its own application).
        timeout.stop()
        dispatcher = QAbstractEventDispatcher.instance()
        dispatcher.aboutToBlock.disconnect(idle)
        if times.list_shown is not None:
            dispatcher.awake.disconnect(awake)
            dispatcher.aboutToBlock.disconnect(about_to_block)
        app.removeEventFilter(watch)
        opened.hide()
        opened.deleteLater()
        svc.db.close()
    if code != 0 or times.idle is None:
        print(_("The window did not finish opening within {seconds} s.").format(
            seconds=TIMEOUT_MS // 1000), file=sys.stderr)
        return 1
    _print(times)
    return 0


def _print(times: SmokeTimes) -> None:
    def ms(value: float | None) -> int:
        return round((value or 0.0) * 1000)

    print(_("First paint of the window: {ms} ms after the process started.").format(
        ms=ms(times.first_paint)))
    print(_("Partnership list shown ({rows} rows): {ms} ms.").format(
        rows=times.rows, ms=ms(times.list_shown)))
    print(_("A click on the list answered: {ms} ms.").format(ms=ms(times.click_handled)))
    print(_("Ready (event loop idle): {ms} ms.").format(ms=ms(times.idle)))
    # One line for programs (the benchmark): fixed keys, seconds on the monotonic clock.
    print(f"smoke first_paint_ms={ms(times.first_paint)} list_ms={ms(times.list_shown)} "
          f"click_ms={ms(times.click_handled)} idle_ms={ms(times.idle)} "
          f"busy_ms={ms(times.longest_busy)} rows={times.rows} "
          f"clock_first_paint={times.clock_first_paint:.6f} "
          f"clock_list={times.clock_list_shown:.6f} "
          f"clock_click={times.clock_click_handled:.6f} clock_idle={times.clock_idle:.6f}")


def post_click(widget: QWidget, where: QPoint | None = None) -> None:
    """A left click on *widget* at *where* (its middle), posted: handled when the event loop
    gets to it, as a person's click is."""
    from PySide6.QtCore import QCoreApplication, QEvent, QPointF, Qt
    from PySide6.QtGui import QMouseEvent

    point = QPointF(where if where is not None else widget.rect().center())
    screen = QPointF(widget.mapToGlobal(point))
    left, none = Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier
    for kind, buttons in ((QEvent.Type.MouseButtonPress, left),
                          (QEvent.Type.MouseButtonRelease, Qt.MouseButton.NoButton)):
        QCoreApplication.postEvent(widget, QMouseEvent(kind, point, screen, left, buttons, none))
