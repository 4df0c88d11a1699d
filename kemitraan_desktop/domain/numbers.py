"""Numbers as Indonesian documents write them: a decimal comma and a dot between thousands.

One function for every number a report or a form prints (a score, an average, a weight times a
score, a file size): Python's own ``f"{x:.2f}"`` writes a decimal point, which an Indonesian
reader takes for a thousands separator ("3.00" reads as three thousand).
"""

from __future__ import annotations

import math
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation


def format_number(value: float | Decimal | int | None, decimals: int = 2, *,
                  fixed: bool = False) -> str:
    """``4,25``, ``1.500``, ``12,5``; with *fixed* every decimal is kept (``3,00``, ``81,20``).

    Halves round up (``0,125`` → ``0,13``), as people round by hand. "–" for a missing value.
    """
    if value is None or isinstance(value, bool):
        return "–"
    try:
        number = value if isinstance(value, Decimal) else Decimal(repr(float(value)))
    except (InvalidOperation, TypeError, ValueError, OverflowError):
        return "–"
    if not number.is_finite() or (isinstance(value, float) and not math.isfinite(value)):
        return "–"
    quantum = Decimal(1).scaleb(-decimals) if decimals > 0 else Decimal(1)
    rounded = number.quantize(quantum, rounding=ROUND_HALF_UP)
    if rounded == 0:
        rounded = abs(rounded)  # never "-0"
    text = f"{rounded:,.{max(decimals, 0)}f}"
    if not fixed and "." in text:
        text = text.rstrip("0").rstrip(".")
    # Python writes 1,500.25; Indonesian is 1.500,25.
    return text.replace(",", "\x00").replace(".", ",").replace("\x00", ".")
