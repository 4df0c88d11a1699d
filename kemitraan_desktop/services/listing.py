"""The partnership list as the window pages through it: rows, orders, the first page early.

Imports no SQLAlchemy (see ``storage/listing.py``): the window shows the first page of its list
from here before the rest of the services have loaded.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from kemitraan_desktop import paths
from kemitraan_desktop.storage import listing

ORDERS = tuple(listing.ORDERS)  # "updated" (last changed first), "title", "step", "status"
PAGE_SIZE = 200  # rows the window asks for at a time


@dataclass(frozen=True)
class PartnershipRow:
    id: int
    title: str
    partner_names: str
    partner_type: str
    current_step: int
    status: str
    updated_at: datetime


def to_row(values: tuple) -> PartnershipRow:
    *first, updated = values
    if isinstance(updated, str):  # SQLite hands the stored text to a bare DB-API connection
        updated = datetime.fromisoformat(updated)
    return PartnershipRow(*first, updated)


def first_page(data_dir: Path, order: str = "updated",
               limit: int = PAGE_SIZE) -> list[PartnershipRow] | None:
    """The first page of the unfiltered list, read straight from the data folder's database file;
    None when that cannot be done (the services will open the file and say why), or when the
    data lives on a server: the folder's file is not that data."""
    if paths.database_url(data_dir) is not None:
        return None
    rows = listing.read_first_page(data_dir, limit, order)
    return None if rows is None else [to_row(row) for row in rows]
