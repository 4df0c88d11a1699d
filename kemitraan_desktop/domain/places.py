"""Place names as letters and agreements write them."""

from __future__ import annotations

import re

_REGION_PREFIX = re.compile(r"^\s*(?:kabupaten|kab\.|kota(?:\s+administrasi)?)\s+", re.IGNORECASE)


def place_name(regency: str) -> str:
    """The place a letter is dated at: ``"Sleman"`` for "Kabupaten Sleman", ``"Yogyakarta"``
    for "Kota Yogyakarta" ("Sleman, 3 Desember 2026")."""
    text = " ".join(str(regency or "").split())
    return _REGION_PREFIX.sub("", text) or text
