"""The schema of the file against the one the migrations make (the models, which a test keeps
equal to the migrations): tables, columns, indexes, and triggers, of which the migrations make
none. A column dropped or an index or trigger added by hand is seen here, not only the rows."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import Engine, inspect, text

from .base import Base

# Tables that belong to the machinery, not to the models.
_OWN_TABLES = frozenset({"alembic_version", "sqlite_sequence", "sqlite_stat1"})


@dataclass(frozen=True)
class SchemaDifference:
    # missing_table, extra_table, missing_column, extra_column, changed_column,
    # missing_index, extra_index, trigger
    kind: str
    name: str  # "table", "table.column", an index's or a trigger's name


@dataclass(frozen=True)
class SchemaCheck:
    tables: int  # found in the file
    columns: int
    indexes: int
    triggers: int
    differences: tuple[SchemaDifference, ...]


def _name(diff: tuple) -> SchemaDifference:  # type: ignore[type-arg]
    op = diff[0]
    if op in ("add_table", "remove_table"):
        return SchemaDifference("missing_table" if op == "add_table" else "extra_table",
                                diff[1].name)
    if op in ("add_column", "remove_column"):
        return SchemaDifference("missing_column" if op == "add_column" else "extra_column",
                                f"{diff[2]}.{diff[3].name}")
    if op in ("add_index", "remove_index"):
        return SchemaDifference("missing_index" if op == "add_index" else "extra_index",
                                diff[1].name or "")
    if op.startswith("modify_"):
        return SchemaDifference("changed_column", f"{diff[2]}.{diff[3]}")
    if op in ("add_constraint", "remove_constraint", "add_fk", "remove_fk"):
        table = getattr(diff[1], "table", None)
        return SchemaDifference("changed_column", getattr(table, "name", "") or "?")
    return SchemaDifference("changed_column", str(op))


def check_schema(engine: Engine) -> SchemaCheck:
    """What the file holds beside what the models say it should."""
    from alembic.autogenerate import compare_metadata  # Alembic: only when checking
    from alembic.migration import MigrationContext

    from . import models  # noqa: F401 - every table registered on Base

    with engine.connect() as connection:
        inspector = inspect(connection)
        tables = [t for t in inspector.get_table_names() if t not in _OWN_TABLES]
        columns = sum(len(inspector.get_columns(t)) for t in tables)
        indexes = sum(len(inspector.get_indexes(t)) for t in tables)
        triggers: list[str] = []
        if engine.dialect.name == "sqlite":
            triggers = list(connection.execute(
                text("SELECT name FROM sqlite_master WHERE type = 'trigger' ORDER BY name"))
                .scalars())
        context = MigrationContext.configure(connection)
        raw = compare_metadata(context, Base.metadata)
    differences: list[SchemaDifference] = []
    for diff in raw:
        for one in diff if isinstance(diff, list) else [diff]:
            named = _name(one)
            if named not in differences:
                differences.append(named)
    differences += [SchemaDifference("trigger", name) for name in triggers]
    return SchemaCheck(len(tables), columns, indexes, len(triggers), tuple(differences))


def missing_parts(engine: Engine) -> list[str]:
    """The tables and columns the program makes that the file lacks ("table", "table.column"):
    what would make the window fail on its first read. Names only, so quick enough for every
    start (the whole comparison above is for ``check``)."""
    from . import models  # noqa: F401 - every table registered on Base

    with engine.connect() as connection:
        if engine.dialect.name == "sqlite":
            found: dict[str, set[str]] = {}
            for table, column in connection.execute(text(
                    "SELECT m.name, p.name FROM sqlite_master AS m, pragma_table_info(m.name) AS p"
                    " WHERE m.type = 'table'")):
                found.setdefault(table, set()).add(column)
        else:
            inspector = inspect(connection)
            found = {name: {column["name"] for column in inspector.get_columns(name)}
                     for name in inspector.get_table_names()}
    missing: list[str] = []
    for table in Base.metadata.sorted_tables:
        if table.name not in found:
            missing.append(table.name)
            continue
        missing += [f"{table.name}.{column.name}" for column in table.columns
                    if column.name not in found[table.name]]
    return missing
