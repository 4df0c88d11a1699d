"""The exchange package: one partnership in a zip file, so the other party can archive the record.

A package holds ``package.json`` (every record of the partnership, with its original ids),
``attachments/<sha256>`` (the bytes of each attached file) and ``manifest.json`` (the SHA-256 of
every other file). ``docs/exchange-format.md`` describes the format for the other party.

Export writes to a temporary file beside the target and renames it, so a package is either whole
or absent. Import trusts nothing in the file: it checks the zip's names, sizes, compression ratios
and checksums and the whole of ``package.json`` before it opens a transaction, then creates every
record through the same domain rules as a user would, with new ids, in one transaction.

One module per job: ``layout`` (what a package holds), ``limits`` (how large it may be),
``export`` and ``writing`` (collecting the records, writing the zip), ``reading`` (a zip nobody
vouches for), ``parsing`` (checking ``package.json``), ``creating`` (one record through the domain
rules), ``importing`` (the whole import in one transaction), ``merging`` (a partner's scores
coming back), ``errors`` and ``progress``. What callers use is named here.
"""

from .errors import AlreadyImported, ExchangeCancelled
from .export import ExportSummary, export_partnership
from .importing import ImportSummary, import_package
from .layout import CHILD_TABLES, FORMAT_NAME, FORMAT_VERSION, ChildTable

__all__ = [
    "CHILD_TABLES",
    "FORMAT_NAME",
    "FORMAT_VERSION",
    "AlreadyImported",
    "ChildTable",
    "ExchangeCancelled",
    "ExportSummary",
    "ImportSummary",
    "export_partnership",
    "import_package",
]
