"""Quiet work off the GUI thread: no dialog, the result back on the GUI thread as a signal.

For work the person did not ask for and need not wait on (the daily backup at start-up, checking
the audit chain while its table is already shown). Long work the person started uses ``Job``,
with its progress bar and cancel button.
"""

from __future__ import annotations

import contextlib
import threading
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, Signal


class Background(QObject):
    finished = Signal(object)  # the result
    failed = Signal(object)  # the exception

    def __init__(self, parent: QObject | None, work: Callable[[], Any]) -> None:
        super().__init__(parent)
        self._work = work
        self._thread = threading.Thread(target=self._run, name="kemitraan-background",
                                        daemon=True)

    def start(self) -> Background:
        self._thread.start()
        return self

    @property
    def running(self) -> bool:
        return self._thread.is_alive()

    def wait(self, timeout: float | None = None) -> bool:
        """Block until the work ends (or *timeout* seconds); True when it has ended."""
        if self._thread.ident is not None:
            self._thread.join(timeout)
        return not self._thread.is_alive()

    def _run(self) -> None:
        try:
            result = self._work()
        except BaseException as error:  # noqa: BLE001 - reported on the GUI thread
            self._emit(self.failed, error)
            return
        self._emit(self.finished, result)

    @staticmethod
    def _emit(signal: Any, value: object) -> None:
        # RuntimeError: the window that asked has closed meanwhile; nobody is left to tell.
        with contextlib.suppress(RuntimeError):
            signal.emit(value)
