"""The floor of any Qt program: import PySide6, create the application, show an empty main
window of the program's size, and wait for its first paint, a click posted at that moment to be
handled, and an idle event loop.

Prints one line in the format of ``kemitraan-desktop --smoke`` (the monotonic clock readings),
so ``bench_startup.py`` measures both the same way.
"""

import time

IMPORTED_AT = time.perf_counter()

import sys  # noqa: E402

from PySide6.QtCore import (  # noqa: E402
    QAbstractEventDispatcher,
    QCoreApplication,
    QEvent,
    QObject,
    QPointF,
    Qt,
)
from PySide6.QtGui import QMouseEvent  # noqa: E402
from PySide6.QtWidgets import QApplication, QMainWindow  # noqa: E402

stamps: dict[str, float] = {}
app = QApplication(sys.argv[:1])
window = QMainWindow()
window.resize(1280, 800)


def idle() -> None:
    if "click" in stamps:
        stamps.setdefault("idle", time.perf_counter())
        app.exit(0)


def post_click() -> None:  # as kemitraan_desktop/ui/smoke.py posts its click
    middle = QPointF(window.rect().center())
    left = Qt.MouseButton.LeftButton
    for kind, buttons in ((QEvent.Type.MouseButtonPress, left),
                          (QEvent.Type.MouseButtonRelease, Qt.MouseButton.NoButton)):
        QCoreApplication.postEvent(window, QMouseEvent(
            kind, middle, QPointF(window.mapToGlobal(middle)), left, buttons,
            Qt.KeyboardModifier.NoModifier))


class Watch(QObject):
    def eventFilter(self, watched, event):  # noqa: N802, ANN001, ANN201
        if event.type() == QEvent.Type.Paint and "paint" not in stamps:
            stamps["paint"] = time.perf_counter()
            post_click()
            QAbstractEventDispatcher.instance().aboutToBlock.connect(idle)
        elif (event.type() == QEvent.Type.MouseButtonRelease and watched is window
              and "click" not in stamps):
            stamps["click"] = time.perf_counter()
        return False


watch = Watch()
app.installEventFilter(watch)
window.show()
app.exec()
print(f"smoke clock_first_paint={stamps['paint']:.6f} clock_list={stamps['paint']:.6f} "
      f"clock_click={stamps['click']:.6f} clock_idle={stamps['idle']:.6f}")
