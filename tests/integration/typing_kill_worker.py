"""The child of the kill-while-typing trials: the real window types, then is killed (SIGKILL).

    python typing_kill_worker.py [--cell] DATA_DIR TEXT KEY_MS KILL_MS \
        [SAVE_DELAY_MS MAX_UNSAVED_MS]

It opens DATA_DIR as the window does (offscreen), opens the first partnership at step 1, puts
the cursor at the end of the idea (``--cell``: clicks step 3's "Add role of the practice", which
opens the new row's cell) and types TEXT into it with real key events, one key every
KEY_MS milliseconds. KILL_MS after the first key (``+KILL_MS``: after the last key) it kills
itself with SIGKILL: no clean-up, no last save, as a power cut or the task manager would. Each
key is announced on stdout before it is typed, flushed at once (``KEY <index> <ms since the
first key>``), so the parent knows what was typed and when. The two optional numbers replace
the autosave's timings, only to show that a trial fails with the old ones.
"""

from __future__ import annotations

import os
import signal
import sys
import time
from pathlib import Path


def say(line: str) -> None:
    sys.stdout.write(line + "\n")
    sys.stdout.flush()


def main(argv: list[str]) -> int:
    cell = argv[:1] == ["--cell"]
    argv = argv[1:] if cell else argv
    data_dir, text, key_ms = Path(argv[0]), argv[1], int(argv[2])
    after_last = argv[3].startswith("+")  # "+300": 300 ms after the last key, however late
    kill_ms = int(argv[3].lstrip("+"))
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtCore import QSettings, Qt, QTimer
    from PySide6.QtGui import QTextCursor
    from PySide6.QtTest import QTest
    from PySide6.QtWidgets import QApplication

    from kemitraan_desktop.ui import autosave

    if len(argv) >= 6:
        autosave.SAVE_DELAY_MS, autosave.MAX_UNSAVED_MS = int(argv[4]), int(argv[5])
    from kemitraan_desktop.services import partnerships
    from kemitraan_desktop.services.opening import open_services
    from kemitraan_desktop.ui.main_window import MainWindow

    app = QApplication([])
    svc = open_services(data_dir)
    settings = QSettings(str(data_dir.parent / "settings.ini"), QSettings.Format.IniFormat)
    window = MainWindow(svc, settings)
    window.show()
    first = min(partnerships.list_partnerships(svc), key=lambda row: row.id)
    window.list.select(first.id)
    if cell:
        QTest.mouseClick(window.wizard.step_buttons.button(3), Qt.MouseButton.LeftButton)
        app.processEvents()
        QTest.mouseClick(window.wizard.page(3).roles["practice"].add_button,
                         Qt.MouseButton.LeftButton)
        app.processEvents()
        target = QApplication.focusWidget()  # the new row's open cell
    else:
        page = window.wizard.page(1)
        page.idea.setFocus()
        page.idea.moveCursor(QTextCursor.MoveOperation.End)
        target = page.idea
    app.processEvents()
    started = 0.0
    typed = 0

    def type_next() -> None:
        nonlocal typed
        if typed >= len(text):
            return
        say(f"KEY {typed} {(time.monotonic() - started) * 1000:.1f}")
        QTest.keyClicks(target, text[typed])
        typed += 1
        if typed == len(text):
            keys.stop()
            if after_last:
                killer.start(kill_ms)

    def kill() -> None:
        say(f"KILL {(time.monotonic() - started) * 1000:.1f}")
        os.kill(os.getpid(), signal.SIGKILL)

    keys = QTimer()
    keys.setTimerType(Qt.TimerType.PreciseTimer)
    keys.setInterval(key_ms)
    keys.timeout.connect(type_next)
    killer = QTimer()
    killer.setTimerType(Qt.TimerType.PreciseTimer)
    killer.setSingleShot(True)
    killer.timeout.connect(kill)
    say("READY")
    started = time.monotonic()
    type_next()
    keys.start()
    if not after_last:
        killer.start(kill_ms)
    app.exec()
    return 1  # never reached: the kill comes first


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
