"""One record of a package created as a user's would be: through the entity's own validation,
with new ids for its references; the values users may not set checked all the same."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from typing import Any

from sqlalchemy.orm import Session

from kemitraan_desktop.domain.errors import UserError
from kemitraan_desktop.domain.fields import clean_fields
from kemitraan_desktop.domain.validation import ValidationError
from kemitraan_desktop.i18n import _
from kemitraan_desktop.storage import models as m
from kemitraan_desktop.storage.base import Base

from .. import audit
from ..app import Services
from ..records import record_fields
from .errors import invalid
from .parsing import PROTECTED, Row, lengths


def refusal(where: str, error: ValidationError) -> UserError:
    """A domain rule broken by a record of the package, as a message naming the record and
    the field: "agreements[0].status"."""
    return invalid(f"{where}.{error.field}" if error.field else where, error.message)


@contextmanager
def at(where: str) -> Iterator[None]:
    """Domain validation errors of one record, as a message naming the record and field."""
    try:
        yield
    except ValidationError as error:
        raise refusal(where, error) from error


class Importer:
    def __init__(self, svc: Services, session: Session) -> None:
        self.svc = svc
        self.session = session
        self.ids: dict[str, dict[int, int]] = {}
        self.created: Counter[str] = Counter()

    def new_id(self, target: str, old: int | None) -> int | None:
        return None if old is None else self.ids[target][old]

    def create(self, key: str, kind: str, row: Row, refs: Mapping[str, str],
               late: tuple[str, ...] = ()) -> Base:
        """One record through the entity's own validation, with new ids for its references."""
        entities = self.svc.entities(kind)
        model = entities.spec.model
        values = dict(row.values)
        for column, target in refs.items():
            if column not in late:
                values[column] = self.new_id(target, values[column])
        writable = set(record_fields(model)) - PROTECTED - entities.spec.read_only
        with at(row.where):
            if model is m.Attachment:
                # sha256 and size are read-only for users but part of the row from the start.
                instance = self._insert(kind, model, values, row.where)
            else:
                instance = entities.create_in(
                    self.session, {k: v for k, v in values.items() if k in writable}
                )
                fixed = {k: v for k, v in values.items()
                         if k not in writable and k not in late and k != "id"}
                self.set_fixed(kind, instance, fixed, row.where)
        self.ids.setdefault(key, {})[row.values["id"]] = instance.id  # type: ignore[attr-defined]
        self.created[key] += 1
        return instance

    def _insert(self, kind: str, model: type[Base], values: dict[str, Any], where: str) -> Base:
        stamps = {k: values[k] for k in ("created_at", "updated_at") if k in values}
        cleaned = clean_fields(
            kind, {k: v for k, v in values.items() if k not in PROTECTED}, creating=True
        )
        check_lengths(model, cleaned, where)
        instance = model(**cleaned, **stamps)
        self.session.add(instance)
        self.session.flush()
        audit.log(self.session, "create", kind, instance.id,  # type: ignore[attr-defined]
                  partnership_id=getattr(instance, "partnership_id", None), changes=cleaned,
                  actor=self.svc.actor)
        return instance

    def set_fixed(self, kind: str, instance: Base, values: dict[str, Any], where: str) -> None:
        """Values users may not set (uid, times, an agreement's lifecycle), checked all the same."""
        stamps = {k: values.pop(k) for k in ("uid", "created_at", "updated_at") if k in values}
        cleaned = clean_fields(kind, values, creating=False) if values else {}
        check_lengths(type(instance), cleaned, where)
        for key, value in {**cleaned, **stamps}.items():
            setattr(instance, key, value)
        self.session.flush()


def check_lengths(model: type[Base], values: Mapping[str, Any], where: str) -> None:
    for key, limit in lengths(model).items():
        value = values.get(key)
        if isinstance(value, str) and len(value) > limit:
            raise invalid(where, _("the field {field} is too long.").format(field=key))
