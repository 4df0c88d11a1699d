"""How far an export or an import is, and where a person's cancellation stops it."""

from __future__ import annotations

from collections.abc import Callable

from .errors import ExchangeCancelled


class Steps:
    """How far the work is, for a progress bar (per mille: sizes may exceed a Qt int), and
    the place where a cancellation stops it."""

    def __init__(self, progress: Callable[[int, int], None] | None,
                 cancelled: Callable[[], bool] | None, stopped: Callable[[], str]) -> None:
        self._progress = progress
        self._cancelled = cancelled
        self._stopped = stopped
        self.total = 0
        self.done = 0
        self._shown = 0

    def advance(self, count: int) -> None:
        if self._cancelled is not None and self._cancelled():
            raise ExchangeCancelled(self._stopped())
        self.done += count
        if self._progress is not None:
            # Never backwards, when a total estimated at first is corrected on the way.
            self._shown = max(self._shown,
                              min(self.done, self.total) * 1000 // max(self.total, 1))
            self._progress(self._shown, 1000)
