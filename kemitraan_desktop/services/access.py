"""Who is signed in to the open database, and the wall that holds each role to what it may do.

On the data folder's own SQLite file nobody signs in: the one person using it may do everything,
as before. On a server database with named users (``services/users.py``) every use case runs as
the signed-in user: their name is the audit trail's actor, and their role (``domain.roles``) is
checked twice. Use cases that finalize, sign, erase or manage users ask :meth:`Access.require`
first; and every flush of every session passes :meth:`Access.check_flush`, so a use case that
forgot to ask still cannot change the data for an observer, or for nobody signed in.
"""

from __future__ import annotations

import time
from contextlib import AbstractContextManager
from dataclasses import dataclass
from typing import TYPE_CHECKING
from weakref import WeakKeyDictionary

from sqlalchemy import text
from sqlalchemy.orm import Session

from kemitraan_desktop.domain.roles import Action, NotAllowedError, UserRole, may, refusal
from kemitraan_desktop.i18n import _
from kemitraan_desktop.storage.models import AuditEntry

if TYPE_CHECKING:
    from kemitraan_desktop.storage.database import Database


RECHECK_SECONDS = 30.0


@dataclass(frozen=True)
class SignedIn:
    id: int
    name: str
    role: UserRole


class NotSignedInError(NotAllowedError):
    pass


def not_signed_in() -> NotSignedInError:
    return NotSignedInError(_("This server database has named users: sign in first (user name "
                              "and password). Nothing was changed."))


class Access:
    def __init__(self, database: Database) -> None:
        self._db = database
        self.user: SignedIn | None = None
        self._has_users: bool | None = None  # once True, for the rest of the run
        self._asked_at = 0.0
        database.guard_writes(self.check_flush)

    @property
    def on_server(self) -> bool:
        return self._db.engine.dialect.name != "sqlite"

    def has_users(self) -> bool:
        """Whether this is a server database with named users. Asked again at most every
        half minute while it has none: a window opened before the doctor added the first user
        does not keep everyone's rights for the rest of the day."""
        if not self.on_server:
            return False
        if self._has_users is None or (
                not self._has_users and time.monotonic() - self._asked_at > RECHECK_SECONDS):
            with self._db.engine.connect() as connection:
                self._has_users = connection.execute(
                    text("SELECT 1 FROM app_user WHERE active LIMIT 1")).first() is not None
            self._asked_at = time.monotonic()
        return self._has_users

    def users_added(self) -> None:
        """The first user was just added in this run: from now on a sign-in is needed."""
        self._has_users = True

    def sign_in_required(self) -> bool:
        """Whether someone must sign in before the data is used."""
        return self.user is None and self.has_users()

    def allows(self, action: Action) -> bool:
        if self.user is None:
            return not self.has_users()
        return may(self.user.role, action)

    def require(self, action: Action) -> None:
        """Refuse (``NotAllowedError``, a message for the person) unless the signed-in user may
        do *action*. Without users (the SQLite file, a server nobody was added to) all is
        allowed."""
        if self.user is None:
            if self.has_users():
                raise not_signed_in()
            return
        if not may(self.user.role, action):
            raise refusal(self.user.name, self.user.role, action)

    def session_to_read(self) -> AbstractContextManager[Session]:
        """A session for a use case that reads but, on the way, brings something up to date
        (a draft printed with the practice's new address): kept for whoever may edit, rolled
        back for whoever may not, so that an observer can print it too."""
        if self.allows(Action.EDIT):
            return self._db.session()
        return self._db.read_session()

    def check_flush(self, session: Session) -> None:
        """The wall under every use case: a flush that changes anything needs the right to
        edit. The one exception is the audit trail's record that somebody printed or exported
        (an observer prints reports, and the law wants such exports logged)."""
        if session.info.get("read_only") or session.info.get("allowed") or self.allows(
                Action.EDIT):
            # A read session is rolled back whatever it did (Database.read_session); an
            # allowed one was checked by its use case for what it does (a user's own password).
            return
        changed = [*session.new, *session.deleted,
                   *(row for row in session.dirty if session.is_modified(row))]
        # An entry is inserted, then sealed with its predecessor's hash (audit.log): both
        # flushes belong to the one export entry of this session.
        exports = session.info.setdefault("export_entries", set())
        exports.update(id(row) for row in session.new
                       if isinstance(row, AuditEntry) and row.action == "export")
        if all(id(row) in exports for row in changed):
            return
        self.require(Action.EDIT)


_BY_DATABASE: WeakKeyDictionary[Database, Access] = WeakKeyDictionary()


def access_of(database: Database) -> Access:
    """The one ``Access`` of *database*: every services object over it (the demo makes one of
    its own) acts as the same signed-in user, behind the same wall."""
    access = _BY_DATABASE.get(database)
    if access is None:
        access = _BY_DATABASE[database] = Access(database)
    return access
