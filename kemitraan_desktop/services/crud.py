"""Create, change, delete and list one kind of record: one implementation for every table.

Each call is one transaction: the fields are validated by the domain rules, the change and its
audit entry are written together, and a plain record comes back.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from dataclasses import fields as dataclass_fields
from typing import Any

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError, OperationalError
from sqlalchemy.orm import Session

from kemitraan_desktop.domain import fields as domain_fields
from kemitraan_desktop.domain.errors import NotFoundError, NotStoredError, UserError
from kemitraan_desktop.domain.roles import Action
from kemitraan_desktop.domain.validation import ValidationError
from kemitraan_desktop.i18n import _
from kemitraan_desktop.storage.base import Base
from kemitraan_desktop.storage.database import Database
from kemitraan_desktop.storage.errors import is_full_disk

from . import audit
from .files import disk_full_text
from .records import length_limits, record_fields, to_record

# A check run before a record is changed or deleted (e.g. "the agreement is locked").
Guard = Callable[[Session, Base], None]
# A check of the change itself: the record as stored (or as about to be created), the values
# about to be written, None for a deletion (e.g. "a signed agreement's partner stays chosen").
ChangeCheck = Callable[[Session, Base, Mapping[str, Any] | None], None]
# Finds the partnership a record belongs to, for the audit log.
Owner = Callable[[Session, Base], int | None]

_PROTECTED = frozenset({"id", "uid", "created_at", "updated_at"})

# A file's name as it was on the disk: not typed here, so not refused (a print shows what its
# fonts cannot draw as a box).
_AS_FOUND = frozenset({"original_name"})


def _refuse_unprintable(field: str, value: str) -> None:
    """Text the agreements and reports cannot print is refused at its field, with what to
    change: a pasted emoji would otherwise print as a box on the paper a BPJS officer signs."""
    from kemitraan_desktop.reports.layout import unprintable_characters  # ReportLab: lazily

    characters = unprintable_characters(value)
    if characters:
        raise ValidationError(
            field,
            _("{label}: “{characters}” cannot be printed on the agreements and reports (an "
              "emoji, or letters the PDF fonts do not have). Delete it, or write it in Latin or "
              "Arabic letters.").format(label=domain_fields.label(field), characters=characters),
        )


@dataclass(frozen=True)
class EntitySpec:
    name: str  # the record kind, as in domain.fields ("goal", "partner" …)
    model: type[Base]
    parent: str | None = None  # the foreign key that ties a list to its owner
    order_by: tuple[str, ...] = ("id",)
    guard: Guard | None = None
    check: ChangeCheck | None = None
    owner: Owner | None = None
    read_only: frozenset[str] = frozenset()


@dataclass(frozen=True)
class Deleted:
    """A deleted record with the rows the database deleted or unlinked along with it."""

    record: Any
    dependents: tuple[tuple[type[Base], Any], ...] = ()
    unlinked: tuple[tuple[type[Base], int, str, Any], ...] = ()


def _values(record: Any) -> dict[str, Any]:
    return {f.name: getattr(record, f.name) for f in dataclass_fields(record)}


def _hanging_on(session: Session, model: type[Base], ids: list[int]
                ) -> tuple[list[tuple[type[Base], Any]], list[tuple[type[Base], int, str, Any]]]:
    """What deleting rows *ids* of *model* takes along (ON DELETE CASCADE, recursively) and
    which links it empties (ON DELETE SET NULL), so an undo can put everything back."""
    dependents: list[tuple[type[Base], Any]] = []
    unlinked: list[tuple[type[Base], int, str, Any]] = []
    if not ids:
        return dependents, unlinked
    for mapper in Base.registry.mappers:
        child = mapper.class_
        for key in mapper.local_table.foreign_keys:
            if key.column.table is not model.__table__ or key.ondelete not in (
                    "CASCADE", "SET NULL"):
                continue
            column = getattr(child, key.parent.key)
            rows = list(session.scalars(select(child).where(column.in_(ids))))
            if key.ondelete == "SET NULL":
                unlinked += [(child, row.id, key.parent.key, getattr(row, key.parent.key))
                             for row in rows]
                continue
            dependents += [(child, to_record(row)) for row in rows]
            deeper, emptied = _hanging_on(session, child, [row.id for row in rows])
            dependents += deeper
            unlinked += emptied
    return dependents, unlinked


def _parents_first(rows: list[tuple[type[Base], Any]]) -> tuple[tuple[type[Base], Any], ...]:
    """Each row once (a file hangs on both its report and its partnership), tables in the
    order they can be inserted again."""
    order = {table: number for number, table in enumerate(Base.metadata.sorted_tables)}
    unique = {(model, record.id): (model, record) for model, record in rows}
    return tuple(sorted(unique.values(),
                        key=lambda item: (order[item[0].__table__], item[1].id)))


@contextmanager
def conflicts_explained() -> Iterator[None]:
    """A constraint the database enforces becomes a message, not a traceback; so does a disk
    too full to take the change (the window, saving as one types, keeps the value to save
    again: ``NotStoredError``)."""
    try:
        yield
    except OperationalError as error:
        if is_full_disk(error):
            raise NotStoredError(disk_full_text()) from error
        raise
    except IntegrityError as error:
        text = str(error.orig).lower()
        if "unique" in text:
            message = _("This is already recorded (a duplicate); nothing was changed.")
        elif "foreign key" in text:
            message = _(
                "This is still used elsewhere (or refers to something that no longer "
                "exists); nothing was changed."
            )
        else:
            message = _("A required value is missing; nothing was changed.")
        raise UserError(message) from error


class Entities:
    """The use cases for one kind of record, bound to a database."""

    def __init__(self, database: Database, spec: EntitySpec, actor: Callable[[], str],
                 require: Callable[[Action], None] = lambda action: None) -> None:
        self._db = database
        self.spec = spec
        self._actor = actor
        self._require = require  # the signed-in user's role allows the change (access.py)
        self._lengths = length_limits(spec.model)
        self._writable = frozenset(record_fields(spec.model)) - _PROTECTED - spec.read_only

    # -- reading -------------------------------------------------------------------------
    def get(self, record_id: int) -> Any:
        with self._db.session() as session:
            return to_record(self._load(session, record_id))

    def list(self, parent_id: int | None = None, **filters: Any) -> list[Any]:
        model = self.spec.model
        query = select(model)
        if self.spec.parent and parent_id is not None:
            query = query.where(getattr(model, self.spec.parent) == parent_id)
        for key, value in filters.items():
            query = query.where(getattr(model, key) == value)
        query = query.order_by(*(getattr(model, key) for key in self.spec.order_by))
        with self._db.session() as session:
            return [to_record(row) for row in session.scalars(query)]

    # -- writing -------------------------------------------------------------------------
    def create(self, **values: Any) -> Any:
        self._require(Action.EDIT)
        with conflicts_explained(), self._db.session() as session:
            instance = self.create_in(session, values)
            return to_record(instance)

    def create_in(self, session: Session, values: Mapping[str, Any],
                  system: Mapping[str, Any] | None = None) -> Base:
        """Create inside a caller's transaction (for use cases that make several records).

        *system* holds fields only the program sets (a stored file's hash and size, an
        agreement's lifecycle): they bypass the user-facing rules and the read-only list."""
        cleaned = self._clean(values, creating=True)
        if self.spec.parent and cleaned.get(self.spec.parent) is None:
            raise ValidationError(self.spec.parent, _("The record must belong to something."))
        instance = self.spec.model(**cleaned, **(system or {}))
        if self.spec.guard:
            self.spec.guard(session, instance)
        if self.spec.check:
            self.spec.check(session, instance, cleaned)
        session.add(instance)
        session.flush()
        self._log(session, "create", instance, cleaned)
        return instance

    def update(self, record_id: int, **values: Any) -> Any:
        self._require(Action.EDIT)
        with conflicts_explained(), self._db.session() as session:
            return to_record(self.update_in(session, record_id, values))

    def update_in(self, session: Session, record_id: int, values: Mapping[str, Any]) -> Base:
        instance = self._load(session, record_id)
        if self.spec.guard:
            self.spec.guard(session, instance)
        current = {key: getattr(instance, key) for key in record_fields(self.spec.model)}
        cleaned = self._clean(values, creating=False, current=current)
        changes = {key: value for key, value in cleaned.items() if current.get(key) != value}
        if not changes:
            return instance
        if self.spec.check:
            self.spec.check(session, instance, changes)
        for key, value in changes.items():
            setattr(instance, key, value)
        session.flush()
        self._log(session, "update", instance, changes)
        return instance

    def delete(self, record_id: int) -> Deleted:
        """Delete a record (and what the database removes with it); the result undoes it.
        A whole partnership is erased, not edited: the doctor's to do."""
        self._require(Action.ERASE if self.spec.name == "partnership" else Action.EDIT)
        with conflicts_explained(), self._db.session() as session:
            instance = self._load(session, record_id)
            if self.spec.guard:
                self.spec.guard(session, instance)
            if self.spec.check:
                self.spec.check(session, instance, None)
            dependents, unlinked = _hanging_on(session, self.spec.model, [record_id])
            deleted = Deleted(to_record(instance), _parents_first(dependents), tuple(unlinked))
            self._log(session, "delete", instance, {"with": len(dependents)})
            session.delete(instance)
            return deleted

    def restore(self, deleted: Deleted | Any) -> Any:
        """Put back what ``delete`` removed, with the same ids: the undo of a deletion."""
        if not isinstance(deleted, Deleted):
            deleted = Deleted(deleted)
        self._require(Action.EDIT)
        with conflicts_explained(), self._db.session() as session:
            instance = self.spec.model(**_values(deleted.record))
            if self.spec.guard:
                self.spec.guard(session, instance)
            if self.spec.check:
                self.spec.check(session, instance, _values(deleted.record))
            session.add(instance)
            session.flush()
            for model, record in deleted.dependents:  # parents come before their children
                session.add(model(**_values(record)))
                session.flush()
            for model, row_id, column, value in deleted.unlinked:
                row = session.get(model, row_id)
                if row is not None and getattr(row, column) is None:
                    setattr(row, column, value)
            self._log(session, "create", instance,
                      {"restored": True, "with": len(deleted.dependents)})
            return to_record(instance)

    # -- inside ----------------------------------------------------------------------------
    def _load(self, session: Session, record_id: int) -> Base:
        instance = session.get(self.spec.model, record_id)
        if instance is None:
            raise NotFoundError(
                _("Record not found (it may have been deleted): {kind} #{id}.").format(
                    kind=self.spec.name, id=record_id
                )
            )
        return instance

    def _clean(
        self, values: Mapping[str, Any], *, creating: bool, current: Mapping[str, Any] = {}
    ) -> dict[str, Any]:
        unknown = set(values) - self._writable
        if self.spec.parent and not creating and self.spec.parent in values:
            unknown.add(self.spec.parent)  # a record does not move to another owner
        if unknown:
            raise ValidationError(
                sorted(unknown)[0],
                _("This field cannot be changed here: {field}.").format(field=sorted(unknown)[0]),
            )
        cleaned = domain_fields.clean_fields(
            self.spec.name, values, creating=creating, current=current
        )
        for key, value in cleaned.items():
            domain_fields.check_length(key, value, self._lengths.get(key))
        for key, value in cleaned.items():
            if isinstance(value, str) and not value.isascii() and key not in _AS_FOUND:
                _refuse_unprintable(key, value)
        return cleaned

    def _log(self, session: Session, action: str, instance: Base, changes: dict[str, Any]) -> None:
        owner = None
        if self.spec.owner is not None:
            owner = self.spec.owner(session, instance)
        elif hasattr(instance, "partnership_id"):
            owner = instance.partnership_id
        audit.log(
            session,
            action,
            self.spec.name,
            getattr(instance, "id", None),
            partnership_id=owner,
            changes=changes,
            actor=self._actor(),
        )
