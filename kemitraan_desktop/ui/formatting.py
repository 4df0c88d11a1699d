"""Times and sizes for the screen, in the active language (``12 Mei 2026 08.30``, ``1,2 MB``),
and file names made from user text."""

from __future__ import annotations

from babel.numbers import format_decimal

from kemitraan_desktop import i18n
from kemitraan_desktop.domain.dates import (  # one form of a moment and a day, messages too
    local_time,
    screen_date,
)

__all__ = ["file_size", "local_time", "safe_file_name", "screen_date"]


def file_size(size: int) -> str:
    locale = i18n.babel_locale()
    if size >= 1024 * 1024:
        return f"{format_decimal(round(size / 1024 / 1024, 1), locale=locale)} MB"
    return f"{format_decimal(max(1, round(size / 1024)), locale=locale)} KB"


def safe_file_name(text: str, limit: int = 80) -> str:
    """*text* as part of a file name on any system: letters, digits, spaces, - and _ only."""
    cleaned = "".join(c if c.isalnum() or c in " -_" else "_" for c in text)
    return cleaned[:limit].strip() or "laporan"
