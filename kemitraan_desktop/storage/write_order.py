"""Where two writers can meet: who goes first, on SQLite and on PostgreSQL.

Two programs (two windows, a window and a command, two computers on one server) may finalize,
number and log at the same moment. What must come out is what one writer alone would make:
one final PDF per agreement, each agreement number once, one unbroken audit chain.

- SQLite has one write lock for the whole file. A unit of work that first reads and then decides
  (is the draft still a draft? which number is next?) takes that lock before it reads
  (``BEGIN IMMEDIATE``, :meth:`Database.locked_session`): the second writer waits, then reads
  what the first one wrote.
- PostgreSQL locks rows: the agreement row is read ``FOR UPDATE`` (:func:`lock_row`), the
  counter row is updated in place, and the audit chain, which has no row to lock, takes a
  transaction-level advisory lock (:func:`hold_audit_chain`).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

from sqlalchemy import insert, select, text, update
from sqlalchemy.orm import Session

from .models import Counter

T = TypeVar("T")

# pg_advisory_xact_lock takes a signed 64-bit key; the audit chain's spells "KEMAUDIT".
AUDIT_CHAIN_LOCK = 0x4B454D4155444954


def _dialect(session: Session) -> str:
    return session.get_bind().dialect.name


def lock_row(session: Session, model: type[T], row_id: int) -> T | None:
    """The row *row_id* of *model*, read fresh and locked until the transaction ends (on
    SQLite the transaction's write lock does it, see :meth:`Database.locked_session`)."""
    return session.get(model, row_id, with_for_update=True, populate_existing=True)


def hold_audit_chain(session: Session) -> None:
    """Let this transaction alone append to the audit chain until it ends.

    On PostgreSQL an advisory lock, taken before the entry is inserted, so that entries get
    their ids and their predecessors in one order. On SQLite the insert itself takes the file's
    write lock, which holds until the transaction ends: nothing more is needed.
    """
    if _dialect(session) == "postgresql":
        session.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": AUDIT_CHAIN_LOCK})


def take_next(session: Session, practice_id: int, name: str,
              after: Callable[[], int] = lambda: 0) -> int:
    """The next number of the counter *name* of a practice: one above the last it gave and
    above what *after* says (read once the lock is held), so never a number given before.

    The counter row stays locked (PostgreSQL) or the file write-locked (SQLite) until the
    transaction ends, so a second writer waits and then gets the number after."""
    where = (Counter.practice_id == practice_id, Counter.name == name)
    # An update, not a read: it takes the lock before anything is read.
    lock = update(Counter).where(*where).values(value=Counter.value).returning(Counter.value)
    current = session.execute(lock).scalar()
    if current is None:
        _create(session, {"practice_id": practice_id, "name": name})
        current = session.execute(lock).scalar_one()
    value = max(current, after()) + 1
    session.execute(update(Counter).where(*where).values(value=value))
    return value


def _create(session: Session, key: dict) -> None:
    """The counter's row, if no other writer made it meanwhile (then theirs is used)."""
    dialect = _dialect(session)
    if dialect == "postgresql":
        from sqlalchemy.dialects.postgresql import insert as pg_insert

        session.execute(pg_insert(Counter).values(value=0, **key).on_conflict_do_nothing())
    elif dialect == "sqlite":
        from sqlalchemy.dialects.sqlite import insert as sqlite_insert

        session.execute(sqlite_insert(Counter).values(value=0, **key).on_conflict_do_nothing())
    else:
        exists = session.scalar(select(Counter.value).where(
            Counter.practice_id == key["practice_id"], Counter.name == key["name"]))
        if exists is None:
            session.execute(insert(Counter).values(value=0, **key))
