"""How a long render stops and fails cleanly: cancellation, progress, and output never half-written.

A render that is cancelled or fails leaves nothing behind: the stream it was given receives the
PDF in one write at the end. Reports write to streams only; making a file of one is the services'
job (``services.files.private_output``: whole or nothing, private to its user).
"""

from __future__ import annotations

import io
import os
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import BinaryIO

__all__ = ["Checkpoints", "RenderCancelled", "atomic_output"]

ProgressCallback = Callable[[int, int], None]
CancelCallback = Callable[[], bool]


class RenderCancelled(Exception):
    """The person who asked for the document stopped it; nothing was written."""


class Checkpoints:
    """Progress and cancellation of one render.

    :meth:`advance` moves the count on by one step and reports it; :meth:`check` raises
    :class:`RenderCancelled` when the caller has asked to stop. Reported values only ever grow
    and never pass *total*; :meth:`finish` reports ``(total, total)``.
    """

    def __init__(
        self,
        total: int,
        progress: ProgressCallback | None = None,
        cancelled: CancelCallback | None = None,
    ) -> None:
        self.total = max(int(total), 1)
        self.done = 0
        self._progress = progress
        self._cancelled = cancelled

    def check(self) -> None:
        if self._cancelled is not None and self._cancelled():
            raise RenderCancelled()

    def advance(self, steps: int = 1) -> None:
        self.check()
        # The last step belongs to finish(): "total" is only reported once the file is whole.
        done = min(self.done + steps, self.total - 1)
        if done > self.done:
            self.done = done
            if self._progress is not None:
                self._progress(done, self.total)

    def finish(self) -> None:
        if self.done < self.total:
            self.done = self.total
            if self._progress is not None:
                self._progress(self.total, self.total)


@contextmanager
def atomic_output(out: BinaryIO) -> Iterator[BinaryIO]:
    """Where to write a PDF so that *out* gets the whole document or nothing: a buffer, copied
    to *out* once the document is complete."""
    if isinstance(out, str | os.PathLike):
        raise TypeError("a report is written to a stream; services.files.private_output "
                        "makes the file")
    buffer = io.BytesIO()
    yield buffer
    with buffer.getbuffer() as whole:
        out.write(whole)
