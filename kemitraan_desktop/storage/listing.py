"""The partnership list, read with the DB-API alone: no SQLAlchemy is imported here.

The list is the first thing the window shows. On the clinics' old laptops importing SQLAlchemy
and mapping the models takes longer than starting Qt itself, so the window reads the first page
of its list straight from the SQLite file (:func:`read_first_page`) and the rest of the program
loads behind it. Afterwards the services read every page with the same query
(:func:`partnership_rows` on the engine's own connection), so what the window showed first is
what it keeps showing.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import Any

from .names import DB_FILENAME
from .peek import looking_at

# Each order ends on the list's natural one (last changed first), so ties keep that order.
ORDERS = {
    "updated": "p.updated_at DESC, p.id DESC",
    "title": "lower(p.title), p.updated_at DESC, p.id DESC",
    "step": "p.current_step, p.updated_at DESC, p.id DESC",
    "status": "p.status, p.updated_at DESC, p.id DESC",
}

# The chosen partners' names of every partnership, then the partnership's own columns. Searching
# is case-insensitive as SQLAlchemy's ILIKE is on SQLite (lower() on both sides).
_SELECT = """
SELECT p.id, p.title, coalesce(n.names, ''), p.partner_type, p.current_step, p.status,
       p.updated_at
FROM partnership AS p
LEFT JOIN (
    SELECT c.partnership_id AS partnership_id, group_concat(r.name, ', ') AS names
    FROM candidate AS c JOIN partner AS r ON r.id = c.partner_id
    WHERE c.chosen
    GROUP BY c.partnership_id
) AS n ON n.partnership_id = p.id
"""

Row = tuple[int, str, str, str, int, str, Any]


def like_pattern(text: str) -> str:
    """A LIKE pattern (with ``ESCAPE '\\'``) matching *text* anywhere, character for character:
    a ``%`` or ``_`` someone searches for is that character, not a wildcard."""
    escaped = text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


def partnership_rows(
    connection: sqlite3.Connection | Any,
    search: str = "",
    status: str | None = None,
    partner_type: str | None = None,
    order: str = "updated",
    offset: int = 0,
    limit: int | None = None,
) -> list[Row]:
    """Rows (id, title, partner names, partner type, step, status, updated at) of one page.

    *connection* is any DB-API connection to a SQLite database (``sqlite3``'s, or the one under
    an SQLAlchemy engine). *limit* None means every row from *offset* on.
    """
    conditions, parameters = [], []
    text = search.strip()
    if text:
        pattern = like_pattern(text)
        conditions.append("(lower(p.title) LIKE lower(?) ESCAPE '\\' "
                          "OR lower(n.names) LIKE lower(?) ESCAPE '\\')")
        parameters += [pattern, pattern]
    if status:
        conditions.append("p.status = ?")
        parameters.append(status)
    if partner_type:
        conditions.append("p.partner_type = ?")
        parameters.append(partner_type)
    where = f"WHERE {' AND '.join(conditions)}" if conditions else ""
    query = f"{_SELECT}{where}\nORDER BY {ORDERS[order]}\nLIMIT ? OFFSET ?"
    parameters += [-1 if limit is None else limit, max(offset, 0)]
    cursor = connection.cursor()
    try:
        cursor.execute(query, parameters)
        return [tuple(row) for row in cursor.fetchall()]
    finally:
        cursor.close()


def read_first_page(data_dir: Path, limit: int, order: str = "updated") -> list[Row] | None:
    """The first page of the list straight from the database file of *data_dir*, or None when
    that cannot be done (no file yet, not a database, locked, another schema): then the list
    waits for the services, which say what is wrong. Writes nothing: this runs before the
    start-up checks (``storage/peek.py``)."""
    database_file = data_dir / DB_FILENAME
    if not database_file.is_file():
        return None
    try:
        with looking_at(database_file) as connection:
            return partnership_rows(connection, order=order, limit=limit)
    except (sqlite3.Error, ValueError, OSError):
        return None
