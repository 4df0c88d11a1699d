"""Choosing a server database in the window (Pengaturan → Basis data server, issue 15.1): the
address is tried before it is kept, and kept in the data folder (``server-database.txt``,
private), so that the window and every command on this folder open the server from the next
start. The folder's own file stays as it is: choosing "this computer" again finds it there."""

from __future__ import annotations

import contextlib
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy.engine import URL, make_url

from kemitraan_desktop import paths
from kemitraan_desktop.domain.errors import UserError
from kemitraan_desktop.i18n import _
from kemitraan_desktop.storage.errors import StorageError
from kemitraan_desktop.storage.permissions import written_privately
from kemitraan_desktop.storage.server_probe import probe_server

FIELD = "database_url"


@dataclass(frozen=True)
class ServerCheck:
    url: str
    message: str  # what the person reads: which server, which database, what it holds


def given_for_this_run() -> str | None:
    """The server named by ``--database-url`` or ``KEMITRAAN_DATABASE_URL``: it overrides the
    folder's choice while it is given."""
    return paths.database_url()


def chosen_server(data_dir: Path) -> str | None:
    """The server chosen in the window for *data_dir*, or None (the folder's own file)."""
    return paths.server_chosen_in(data_dir)


def split_password(url: str) -> tuple[str, str]:
    """*url* without its password, and the password ("" when it has none): the settings show
    the address in the open and the password in a field of dots. An address that is not a URL
    comes back as it was."""
    url = url.strip()
    try:
        parsed = make_url(url)
    except Exception:  # noqa: BLE001 - half typed or malformed: nothing to take out
        return url, ""
    if not parsed.password:
        return url, ""
    bare = URL.create(parsed.drivername, parsed.username, None, parsed.host, parsed.port,
                      parsed.database, parsed.query)
    return bare.render_as_string(hide_password=False), str(parsed.password)


def join_password(address: str, password: str) -> str:
    """The address with *password* put in (percent-encoded as a URL needs); a password typed
    in the address itself is kept when the field is empty."""
    address = address.strip()
    if not address or not password:
        return address
    try:
        parsed = make_url(address)
    except Exception:  # noqa: BLE001 - the server check says what is wrong with it
        return address
    return parsed.set(password=password).render_as_string(hide_password=False)


def check_server(url: str) -> ServerCheck:
    """Try *url*; a ``UserError`` at the address field says what is wrong with it."""
    url = url.strip()
    if not url:
        raise UserError(_("Type the address of the server."), FIELD)
    try:
        probe = probe_server(url)
    except StorageError as problem:
        raise UserError(_refusal(problem, url), FIELD) from problem
    if probe.schema_version is None:
        message = _("Connected: PostgreSQL {version}, database {name}. It is empty: the program "
                    "makes its tables when it opens it.")
    else:
        message = _("Connected: PostgreSQL {version}, database {name} with {count} "
                    "partnerships.")
    return ServerCheck(url, message.format(version=probe.server_version, name=probe.database,
                                           count=probe.partnerships))


def choose_server(data_dir: Path, url: str | None) -> ServerCheck | None:
    """Keep *url* as the folder's server (tried first: a refused address is not kept), or go
    back to the folder's own file (None)."""
    if url is None or not url.strip():
        with contextlib.suppress(FileNotFoundError):
            (data_dir / paths.SERVER_CHOICE_FILENAME).unlink()
        return None
    checked = check_server(url)
    data_dir.mkdir(parents=True, exist_ok=True)
    with written_privately(data_dir / paths.SERVER_CHOICE_FILENAME) as out:
        out.write((checked.url + "\n").encode("utf-8"))
    return checked


def where(url: str) -> str:
    """The server and database of *url* as the person reads them ("192.168.1.10:5432/kemitraan"),
    never its password."""
    name = ""
    with contextlib.suppress(Exception):
        name = make_url(url).database or ""
    return f"{_host(url)}/{name}" if name else _host(url)


def _host(url: str) -> str:
    try:
        parsed = make_url(url)
    except Exception:  # noqa: BLE001 - any malformed address: say it as typed, without a password
        return split_password(url)[0]
    return f"{parsed.host or 'localhost'}:{parsed.port or 5432}"


def _refusal(problem: StorageError, url: str) -> str:
    host = _host(url)
    name = ""
    with contextlib.suppress(Exception):
        name = make_url(url).database or ""
    messages = {
        "not_a_server_url": _("The server address must begin with postgresql://, for example "
                              "postgresql://klinik:sandi@192.168.1.10/kemitraan."),
        "server_unreachable": _("The server {host} does not answer: check the address and that "
                                "PostgreSQL is running there. Nothing was changed."),
        "server_unknown_host": _("No computer named {host} was found on the network: check the "
                                 "address. Nothing was changed."),
        "server_login": _("The server {host} refused the user name or the password in the "
                          "address. Nothing was changed."),
        "server_no_database": _("The server {host} has no database {name}: ask its "
                                "administrator to make it (createdb {name}). Nothing was "
                                "changed."),
        "newer_schema": _("The database on the server was made by a newer version of Kemitraan "
                          "Desktop: update the program on this computer first. Nothing was "
                          "changed."),
    }
    text = messages.get(problem.code, _("The server {host} refused the connection: {detail}"))
    return text.format(host=host, name=name, detail=problem.detail)
