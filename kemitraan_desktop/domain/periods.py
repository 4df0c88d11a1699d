"""The period of an indicator value: ``2026-10`` (a month), ``2026-Q3`` (a quarter) or ``2026``
(a year). One rule for every way a value arrives (the window, an import, the demo): a period
that names no month, quarter or year ("2026-13", "2026-Q5") is refused, not stored."""

from __future__ import annotations

import re

from kemitraan_desktop.i18n import _

from .validation import ValidationError

_PERIOD = re.compile(r"^\s*(\d{4})(?:\s*[-/.]\s*(?:(q|Q|k|K|t|T)\s*([1-4])|(\d{1,2})))?\s*$")


def normalize_period(text: str) -> str:
    """``2026-10`` (a month), ``2026-Q3`` (a quarter) or ``2026`` (a year), written one way."""
    match = _PERIOD.match(text or "")
    if match:
        year, _letter, quarter, month = match.groups()
        if quarter:
            return f"{year}-Q{quarter}"
        if month is None:
            return year
        if 1 <= int(month) <= 12:
            return f"{year}-{int(month):02d}"
    raise ValidationError(
        "period", _("Write the period as 2026-10 (a month), 2026-Q3 (a quarter) or 2026 (a year)."))
