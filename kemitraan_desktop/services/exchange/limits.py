"""How large a package may be: what an import accepts, and so what an export may write.

Read as ``limits.MAX_…`` at call time, never copied into another module, so a test can lower one.
"""

from __future__ import annotations

# What an import accepts. Module attributes, read at call time, so tests can lower them.
MAX_ENTRIES = 10_000
MAX_ENTRY_SIZE = 200 * 1024 * 1024
MAX_TOTAL_SIZE = 2 * 1024 * 1024 * 1024
MAX_RATIO = 200


MB = 1024 * 1024
# Room for zip headers on top of the content: the package file itself may be this much larger.
HEADER_SLACK = 64 * MB
