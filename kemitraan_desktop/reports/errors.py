"""How a long render stops and fails cleanly: cancellation, progress, and output never half-written.

A render that is cancelled or fails leaves nothing behind: a path is written through a temporary
file beside it that replaces the target only once the PDF is complete, and a stream receives the
PDF in one write at the end.
"""

from __future__ import annotations

import io
import os
import secrets
from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress
from pathlib import Path
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


def _claim_temporary(target: Path) -> Path:
    """A new, empty file beside *target*, hidden, that no other writer can have opened."""
    while True:
        candidate = target.with_name(f".{target.name}.{secrets.token_hex(4)}.part")
        try:
            # Created like any new file (the user's umask applies), unlike mkstemp's 0600.
            with open(candidate, "xb"):
                return candidate
        except FileExistsError:
            continue


@contextmanager
def atomic_output(out: Path | str | BinaryIO) -> Iterator[str | BinaryIO]:
    """Where to write a PDF so that *out* gets the whole document or nothing.

    For a path: a temporary file in the same folder, moved over the target with
    :func:`os.replace` on success and deleted on any failure (cancellation included). For a
    binary stream: a buffer copied to the stream once the document is complete.
    """
    if isinstance(out, str | os.PathLike):
        target = Path(out)
        temporary = _claim_temporary(target)
        try:
            yield str(temporary)
            os.replace(temporary, target)
        except BaseException:
            with suppress(OSError):
                temporary.unlink()
            raise
    else:
        buffer = io.BytesIO()
        yield buffer
        with buffer.getbuffer() as whole:
            out.write(whole)
