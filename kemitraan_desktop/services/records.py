"""Plain records: what services hand out instead of live ORM objects.

Each table gets one frozen dataclass with the same field names as its columns (``PartnerRecord``,
``GoalRecord`` …), made once from the model, so a new column can never be forgotten in its record.
"""

from __future__ import annotations

import dataclasses
from datetime import UTC, date, datetime
from decimal import Decimal
from functools import cache
from typing import Any

from sqlalchemy import String, Text
from sqlalchemy import inspect as sa_inspect

from kemitraan_desktop.domain.fields import TEXT_LIMIT
from kemitraan_desktop.storage.base import Base


@cache
def record_type(model: type[Base]) -> type:
    columns = sa_inspect(model).columns
    specs = []
    for column in columns:
        try:
            python_type: Any = column.type.python_type
        except NotImplementedError:
            python_type = Any
        if column.nullable:
            python_type = python_type | None
        specs.append((column.key, python_type))
    kind = dataclasses.make_dataclass(f"{model.__name__}Record", specs, frozen=True)
    kind.__module__ = __name__
    return kind


def to_record(instance: Base) -> Any:
    kind = record_type(type(instance))
    return kind(**{f.name: _value(getattr(instance, f.name)) for f in dataclasses.fields(kind)})


def _value(value: Any) -> Any:
    # SQLite hands back naive datetimes; every time the program stores is UTC.
    if isinstance(value, datetime) and value.tzinfo is None:
        return value.replace(tzinfo=UTC)
    return value


def length_limits(model: type[Base]) -> dict[str, int]:
    """The most characters each text column of *model* holds: its declared length, or for
    free text (``Text``) the program's limit ``TEXT_LIMIT``."""
    limits = {}
    for column in sa_inspect(model).columns:
        if column.info.get("max_chars"):  # a machine-written text (an agreement's snapshot)
            limits[column.key] = column.info["max_chars"]
        elif isinstance(column.type, Text):
            limits[column.key] = TEXT_LIMIT
        elif isinstance(column.type, String) and column.type.length:
            limits[column.key] = column.type.length
    return limits


def record_fields(model: type[Base]) -> tuple[str, ...]:
    return tuple(f.name for f in dataclasses.fields(record_type(model)))


def to_jsonable(value: Any) -> Any:
    """A column value as JSON: dates as ISO text, decimals as strings (exact), the rest as is."""
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    return value
