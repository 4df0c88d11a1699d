"""Long work off the GUI thread, with a progress bar and a cancel button (Anki's CollectionOp).

The work function receives ``progress(done, total)`` and ``cancelled()``; it runs in a worker
thread while the window stays responsive. The result or the error comes back on the GUI thread.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, Qt, QThread, Signal
from PySide6.QtWidgets import QApplication, QProgressDialog, QWidget

from kemitraan_desktop.i18n import _

from .responsive import background_work

Work = Callable[[Callable[[int, int], None], Callable[[], bool]], Any]
PROGRESS_INTERVAL = 0.1  # seconds between two progress reports of the worker


class _Worker(QObject):
    progressed = Signal(int, int)
    finished = Signal(object)
    failed = Signal(object)

    def __init__(self, work: Work) -> None:
        super().__init__()
        self._work = work
        self.cancel_requested = False
        self._last_report = 0.0

    def _report(self, done: int, total: int) -> None:
        # At most every PROGRESS_INTERVAL: each report is a queued call the GUI thread must
        # take the GIL back from this one to run, and a flood of them (an archive reports
        # thousands of steps) queued ahead of the window's own events stalled it for seconds.
        now = time.monotonic()
        if now - self._last_report >= PROGRESS_INTERVAL or done >= total:
            self._last_report = now
            self.progressed.emit(done, total)

    def run(self) -> None:
        try:
            with background_work():  # responsive.py: the window keeps its turn at the GIL
                result = self._work(self._report, lambda: self.cancel_requested)
        except BaseException as error:  # noqa: BLE001 - handed to the GUI thread to report
            self.failed.emit(error)
            return
        self.finished.emit(result)


def failure_text(error: BaseException) -> str:
    """What went wrong in a job, in one sentence for the person (never a traceback)."""
    from kemitraan_desktop.services.files import problem_text

    text = problem_text(error)  # the person's words for a full disk, a refused folder …
    if text is not None:
        return text
    return _("That did not work: {reason}").format(reason=type(error).__name__)


class Job(QObject):
    """One piece of long work with its progress dialog. Keep a reference until it is done."""

    done = Signal(object)  # the result
    error = Signal(object)  # the exception (cancellation included)

    def __init__(self, parent: QWidget, title: str, work: Work) -> None:
        super().__init__(parent)
        self.dialog = QProgressDialog(title, _("Cancel"), 0, 0, parent)
        self.dialog.setWindowTitle(title)
        self.dialog.setMinimumWidth(380)  # its own size fits the bar to the title: too narrow
        self.dialog.setWindowModality(Qt.WindowModality.WindowModal)
        self.dialog.setMinimumDuration(300)
        self.dialog.setAutoClose(False)
        self.dialog.setAutoReset(False)
        self.thread = QThread(self)
        self.worker = _Worker(work)
        self.worker.moveToThread(self.thread)
        self.thread.started.connect(self.worker.run)
        self.worker.progressed.connect(self._progress)
        self.worker.finished.connect(self._finished)
        self.worker.failed.connect(self._failed)
        self.dialog.canceled.connect(self._cancel)
        self.result: Any = None
        self.failure: BaseException | None = None
        self.running = False

    def start(self) -> Job:
        self.running = True
        self.thread.start()
        return self

    def _progress(self, done: int, total: int) -> None:
        if self.dialog.maximum() != total:
            self.dialog.setMaximum(max(total, 0))
        self.dialog.setValue(min(done, total))

    def _cancel(self) -> None:
        self.worker.cancel_requested = True
        self.dialog.setLabelText(_("Cancelling…"))

    def _stop(self) -> None:
        self.thread.quit()
        self.thread.wait()
        self.dialog.close()
        self.running = False

    def _finished(self, result: Any) -> None:
        self.result = result
        self._stop()
        self.done.emit(result)

    def _failed(self, error: BaseException) -> None:
        self.failure = error
        self._stop()
        self.error.emit(error)

    def wait(self, timeout_ms: int = 60_000) -> None:
        """Process events until the job ends (for tests and the command line)."""
        from PySide6.QtCore import QDeadlineTimer

        deadline = QDeadlineTimer(timeout_ms)
        while self.running and not deadline.hasExpired():
            QApplication.processEvents()
            QThread.msleep(5)
