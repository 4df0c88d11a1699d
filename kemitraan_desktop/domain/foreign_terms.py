"""Foreign words an Indonesian legal text may use, which PUEBI prints in italics.

A PKS borrows a few words KBBI does not hold ("monitoring" beside "evaluasi", "online",
"force majeure"); the printed agreement sets each in italics wherever it stands, in the
template's text and in what the doctor typed, so no one has to mark them by hand. Words KBBI
has taken in (transfer, konseling, kredensialing) are Indonesian and stay upright.
"""

from __future__ import annotations

import re

FOREIGN_TERMS: tuple[str, ...] = (
    "monitoring", "force majeure", "online", "offline", "e-mail", "email", "website",
    "software", "hardware", "self assessment", "feedback", "upload", "download", "screening",
    "home care", "real time", "softcopy", "hardcopy", "bridging",
)

# Longest first, so "self assessment" is one run, not "self" and "assessment"; a term inside
# another word ("emailnya", "pre-screening") is left as typed.
FOREIGN_TERM = re.compile(
    r"(?<![\w-])(?:"
    + "|".join(re.escape(term).replace(r"\ ", r"\s+")
               for term in sorted(FOREIGN_TERMS, key=len, reverse=True))
    + r")(?![\w-])",
    re.IGNORECASE,
)

