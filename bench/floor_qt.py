"""The floor of any Qt program: import PySide6, create the application, show an empty main
window of the program's size, and wait for its first paint and an idle event loop.

Prints one line in the format of ``kemitraan-desktop --smoke`` (the monotonic clock readings),
so ``bench_startup.py`` measures both the same way.
"""

import time

IMPORTED_AT = time.perf_counter()

import sys  # noqa: E402

from PySide6.QtCore import QAbstractEventDispatcher, QEvent, QObject  # noqa: E402
from PySide6.QtWidgets import QApplication, QMainWindow  # noqa: E402

stamps: dict[str, float] = {}
app = QApplication(sys.argv[:1])
window = QMainWindow()
window.resize(1280, 800)


def idle() -> None:
    stamps.setdefault("idle", time.perf_counter())
    app.exit(0)


class Watch(QObject):
    def eventFilter(self, watched, event):  # noqa: N802, ANN001, ANN201
        if event.type() == QEvent.Type.Paint and "paint" not in stamps:
            stamps["paint"] = time.perf_counter()
            QAbstractEventDispatcher.instance().aboutToBlock.connect(idle)
        return False


watch = Watch()
app.installEventFilter(watch)
window.show()
app.exec()
print(f"smoke clock_first_paint={stamps['paint']:.6f} clock_list={stamps['paint']:.6f} "
      f"clock_idle={stamps['idle']:.6f}")
