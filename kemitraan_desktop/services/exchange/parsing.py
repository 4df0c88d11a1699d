"""Checking ``package.json``: valid JSON of a known format version, every record with every
column of the right type, ids unique, every reference inside the package, every attachment
described by a file of the package."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from decimal import Decimal, InvalidOperation
from functools import cache
from typing import Any

from sqlalchemy import inspect as sa_inspect

from kemitraan_desktop.domain.errors import UserError
from kemitraan_desktop.i18n import _
from kemitraan_desktop.storage import models as m
from kemitraan_desktop.storage.base import Base

from ..records import length_limits
from .errors import invalid, not_a_package, unexpected_file
from .layout import ATTACHMENTS_DIR, CHILD_TABLES, FORMAT_NAME, FORMAT_VERSION, PACKAGE_JSON, SHA256

PROTECTED = frozenset({"id", "uid", "created_at", "updated_at"})
_INT64 = 2**63
# The forms the format allows, and only those: fromisoformat alone also takes "20261201" and a
# time without its UTC offset, which would be read as whatever zone the reader is in.
ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}", re.ASCII)
ISO_TIMESTAMP = re.compile(
    r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,6})?)?(Z|[+-]\d{2}:\d{2})", re.ASCII)


def _no_duplicate_keys(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    result: dict[str, Any] = {}
    for key, value in pairs:
        if key in result:
            raise ValueError(f"duplicate key {key!r}")
        result[key] = value
    return result


def _refuse_constant(name: str) -> Any:
    raise ValueError(f"{name} is not a number JSON allows")


def parse_json(data: bytes, name: str) -> Any:
    try:
        return json.loads(
            data.decode("utf-8"),
            object_pairs_hook=_no_duplicate_keys,
            parse_constant=_refuse_constant,
        )
    except (ValueError, RecursionError) as error:  # JSONDecodeError and UnicodeDecodeError too
        raise invalid(name, _("this file is not valid JSON.")) from error


def check_format(package: Any) -> None:
    if not isinstance(package, dict) or package.get("format") != FORMAT_NAME:
        raise not_a_package()
    version = package.get("format_version")
    if isinstance(version, bool) or not isinstance(version, int) or version < 1:
        raise UserError(
            _("This exchange package has an unknown format version ({version}).")
            .format(version=version)
        )
    if version > FORMAT_VERSION:
        raise UserError(
            _("This exchange package has format version {version}; this program reads version "
              "{supported} at most. Update Kemitraan Desktop, then import it again.")
            .format(version=version, supported=FORMAT_VERSION)
        )


@dataclass(frozen=True)
class Row:
    where: str  # "goals[2]": for messages
    values: dict[str, Any]


@dataclass
class Content:
    practice: Row
    partners: list[Row]
    partnership: Row
    tables: dict[str, list[Row]] = field(default_factory=dict)


@cache
def _columns(model: type[Base]) -> tuple[tuple[str, type, bool], ...]:
    columns = []
    for column in sa_inspect(model).columns:
        columns.append((column.key, column.type.python_type, bool(column.nullable)))
    return tuple(columns)


@cache
def lengths(model: type[Base]) -> dict[str, int]:
    return length_limits(model)


def kind_text(python_type: type) -> str:
    if python_type is bool:
        return _("true or false")
    if python_type is int:
        return _("a whole number")
    if python_type is Decimal:
        return _("a number written as text, such as \"1.5\"")
    if python_type is datetime:
        return _("a date and time in ISO 8601 form with its UTC offset, such as "
                 "\"2026-11-22T08:15:00+00:00\"")
    if python_type is date:
        return _("a date written as YYYY-MM-DD")
    return _("text")


def _convert(value: Any, name: str, python_type: type, nullable: bool, where: str) -> Any:
    def wrong() -> UserError:
        return invalid(where, _("the field {field} must be {kind}.").format(
            field=name, kind=kind_text(python_type)))

    if value is None:
        if nullable:
            return None
        raise wrong()
    if python_type is bool:
        if isinstance(value, bool):
            return value
        raise wrong()
    if python_type is int:
        if isinstance(value, int) and not isinstance(value, bool) and -_INT64 <= value < _INT64:
            return value
        raise wrong()
    if python_type is str:
        if isinstance(value, str):
            return value
        raise wrong()
    if python_type is Decimal:
        if isinstance(value, bool) or not isinstance(value, str | int):
            raise wrong()
        try:
            number = Decimal(value)
        except (InvalidOperation, ValueError):
            raise wrong() from None
        if not number.is_finite():
            raise wrong()
        return number
    if not isinstance(value, str):
        raise wrong()
    try:
        if python_type is datetime and ISO_TIMESTAMP.fullmatch(value):
            return datetime.fromisoformat(value).astimezone(UTC)
        if python_type is date and ISO_DATE.fullmatch(value):
            return date.fromisoformat(value)
    except ValueError:
        raise wrong() from None
    raise wrong()


def _parse_row(model: type[Base], raw: Any, where: str) -> Row:
    if not isinstance(raw, dict):
        raise invalid(where, _("each record must be a JSON object."))
    values = {}
    for name, python_type, nullable in _columns(model):
        if name not in raw:
            raise invalid(where, _("the field {field} is missing.").format(field=name))
        values[name] = _convert(raw[name], name, python_type, nullable, where)
    for name, limit in lengths(model).items():
        if name in PROTECTED and len(values[name]) > limit:
            raise invalid(where, _("the field {field} is too long.").format(field=name))
    if "uid" in values and not values["uid"].strip():
        raise invalid(where, _("the field {field} is missing.").format(field="uid"))
    return Row(where, values)


def _list(package: dict[str, Any], key: str) -> list[Any]:
    if key not in package:
        raise invalid(PACKAGE_JSON, _("the field {field} is missing.").format(field=key))
    value = package[key]
    if not isinstance(value, list):
        raise invalid(PACKAGE_JSON, _("the field {field} must be {kind}.").format(
            field=key, kind=_("a list")))
    return value


def _unique_ids(rows: list[Row]) -> set[int]:
    ids: set[int] = set()
    for row in rows:
        if row.values["id"] in ids:
            raise invalid(row.where, _("the id {id} is used twice.").format(id=row.values["id"]))
        ids.add(row.values["id"])
    return ids


def _unique_uids(rows: list[Row]) -> None:
    seen: set[str] = set()
    for row in rows:
        if row.values["uid"] in seen:
            raise invalid(row.where, _("the uid {uid} is used twice.").format(
                uid=row.values["uid"]))
        seen.add(row.values["uid"])


def parse_package(package: dict[str, Any], sizes: dict[str, int]) -> Content:
    for key in ("exported_at", "program_version"):
        if not isinstance(package.get(key), str):
            raise invalid(PACKAGE_JSON, _("the field {field} must be {kind}.").format(
                field=key, kind=kind_text(str)))
    for key in ("practice", "partnership"):
        if not isinstance(package.get(key), dict):
            raise invalid(PACKAGE_JSON, _("the field {field} must be {kind}.").format(
                field=key, kind=_("an object")))
    content = Content(
        practice=_parse_row(m.Practice, package["practice"], "practice"),
        partners=[_parse_row(m.Partner, raw, f"partners[{index}]")
                  for index, raw in enumerate(_list(package, "partners"))],
        partnership=_parse_row(m.Partnership, package["partnership"], "partnership"),
    )
    for table in CHILD_TABLES:
        content.tables[table.key] = [
            _parse_row(table.model, raw, f"{table.key}[{index}]")
            for index, raw in enumerate(_list(package, table.key))
        ]
    _unique_uids(content.partners)
    _unique_uids(content.tables["agreements"])
    partnership = content.partnership
    if partnership.values["practice_id"] != content.practice.values["id"]:
        raise _dangling(partnership, "practice_id")
    ids: dict[str, set[int]] = {
        "partners": _unique_ids(content.partners),
        "partnership": {partnership.values["id"]},
    }
    for table in CHILD_TABLES:
        ids[table.key] = _unique_ids(content.tables[table.key])
    for table in CHILD_TABLES:
        for row in content.tables[table.key]:
            for column, target in table.refs.items():
                value = row.values[column]
                if value is not None and value not in ids[target]:
                    raise _dangling(row, column)
    _check_agreement_chain(content.tables["agreements"])
    _check_attachments(content.tables["attachments"], sizes)
    return content


def _dangling(row: Row, column: str) -> UserError:
    return invalid(row.where, _(
        "it refers to a record the package does not contain ({field} = {value})."
    ).format(field=column, value=row.values[column]))


def _check_agreement_chain(agreements: list[Row]) -> None:
    parents = {row.values["id"]: row.values["parent_id"] for row in agreements}
    for row in agreements:
        seen = {row.values["id"]}
        parent = row.values["parent_id"]
        while parent is not None:
            if parent in seen:
                raise invalid(row.where, _("its chain of versions (parent_id) goes round in "
                                            "a circle."))
            seen.add(parent)
            parent = parents.get(parent)


def _check_attachments(attachments: list[Row], sizes: dict[str, int]) -> None:
    described: set[str] = set()
    for row in attachments:
        sha256 = row.values["sha256"]
        if not SHA256.fullmatch(sha256):
            raise invalid(row.where, _("the field {field} must be {kind}.").format(
                field="sha256", kind=_("a SHA-256 checksum (64 hexadecimal digits)")))
        name = ATTACHMENTS_DIR + sha256
        if name not in sizes:
            raise invalid(row.where, _("the package does not contain its file {name}.")
                           .format(name=name))
        if sizes[name] != row.values["size"]:
            raise invalid(row.where, _("its size does not match its file {name}.")
                           .format(name=name))
        described.add(name)
    if undescribed := sorted(set(sizes) - {PACKAGE_JSON} - described):
        raise unexpected_file(undescribed[0])
