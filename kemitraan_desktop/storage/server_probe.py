"""A look at a PostgreSQL server before the program switches to it (Pengaturan → Basis data
server): can it be reached with this address, which PostgreSQL it is, and what the database
holds. Nothing is created or changed there; a refusal is a ``StorageError`` whose code says
which part of the address is wrong, for the layers above to say in the person's words."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import create_engine, inspect, text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError, DBAPIError
from sqlalchemy.pool import NullPool

from .database import SCHEMA_HEAD, driver_url
from .errors import StorageError

CONNECT_SECONDS = 5  # a clinic's network: an address that does not answer is said in seconds


@dataclass(frozen=True)
class ServerProbe:
    server_version: str  # "15.8"
    database: str
    schema_version: str | None  # None: an empty database (the program makes its tables)
    partnerships: int


def probe_server(url: str) -> ServerProbe:
    url = url.strip()
    if not url.startswith(("postgresql://", "postgres://")):
        raise StorageError("not_a_server_url", url)
    try:
        parsed = make_url(driver_url(url))
        engine = create_engine(parsed, poolclass=NullPool, hide_parameters=True,
                               connect_args={"connect_timeout": CONNECT_SECONDS})
    except (ArgumentError, ValueError) as error:
        raise StorageError("not_a_server_url", str(error)) from error
    try:
        with engine.connect() as connection:
            version = str(connection.scalar(text("SHOW server_version")) or "").split(" ")[0]
            schema = None
            partnerships = 0
            if inspect(connection).has_table("alembic_version"):
                schema = connection.scalar(text("SELECT version_num FROM alembic_version"))
                if inspect(connection).has_table("partnership"):
                    partnerships = int(connection.scalar(
                        text("SELECT count(*) FROM partnership")) or 0)
    except DBAPIError as error:
        raise StorageError(_refusal(error), str(getattr(error, "orig", error))) from error
    except ValueError as error:  # a port that is not a number …
        raise StorageError("not_a_server_url", str(error)) from error
    finally:
        engine.dispose()
    if schema is not None and schema > SCHEMA_HEAD:
        raise StorageError("newer_schema", schema)
    return ServerProbe(version, parsed.database or "", schema, partnerships)


def _refusal(error: DBAPIError) -> str:
    message = str(getattr(error, "orig", error)).lower()
    if ("password authentication failed" in message or "no password supplied" in message
            or ("role" in message and "does not exist" in message)):
        return "server_login"
    if "database" in message and "does not exist" in message:
        return "server_no_database"
    if any(words in message for words in ("translate host name", "name or service not known",
                                          "failed to resolve", "nodename nor servname",
                                          "no such host")):
        return "server_unknown_host"
    if any(words in message for words in ("connection refused", "timeout expired",
                                          "timed out", "no route to host",
                                          "network is unreachable", "could not connect")):
        return "server_unreachable"
    return "server_refused"
