"""A throw-away PostgreSQL cluster for the tests that run on a server database.

:func:`start_cluster` runs ``initdb`` and ``pg_ctl`` (from ``/usr/lib/postgresql/*/bin`` or the
PATH) in a temporary folder, listening on 127.0.0.1 on a free port, trusting local connections;
:meth:`Cluster.stop` ends it and removes the folder. PostgreSQL refuses to run as root: as root,
the cluster runs as the ``postgres`` user (or ``nobody``) through ``runuser``.

Without the binaries the PostgreSQL tests are skipped with the reason said, unless
``KEMITRAAN_REQUIRE_POSTGRES=1`` (set by ``.ci/run``): then they fail.
"""

from __future__ import annotations

import glob
import os
import shutil
import socket
import subprocess
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

REQUIRE_ENV = "KEMITRAAN_REQUIRE_POSTGRES"


def find_binaries() -> Path | None:
    """The folder holding ``initdb``, ``pg_ctl`` and ``postgres``, newest version first."""
    candidates = sorted(glob.glob("/usr/lib/postgresql/*/bin"), reverse=True)
    on_path = shutil.which("initdb")
    if on_path:
        candidates.append(str(Path(on_path).parent))
    for folder in candidates:
        if all((Path(folder) / name).exists() for name in ("initdb", "pg_ctl", "postgres")):
            return Path(folder)
    return None


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _run_as() -> str | None:
    if os.geteuid() != 0:
        return None
    for user in ("postgres", "nobody"):
        try:
            import pwd

            pwd.getpwnam(user)
            return user
        except KeyError:
            continue
    raise RuntimeError("running as root and neither a postgres nor a nobody user exists")


@dataclass
class Cluster:
    folder: Path
    binaries: Path
    port: int
    user: str | None

    @property
    def data(self) -> Path:
        return self.folder / "data"

    def _command(self, *words: str) -> list[str]:
        return ["runuser", "-u", self.user, "--", *words] if self.user else list(words)

    def url(self, database: str = "postgres") -> str:
        return f"postgresql://kemitraan@127.0.0.1:{self.port}/{database}"

    def create_database(self, name: str) -> str:
        """A new empty database *name*; its URL."""
        import psycopg

        with psycopg.connect(self.url(), autocommit=True) as connection:
            connection.execute(f'CREATE DATABASE "{name}"')
        return self.url(name)

    def drop_database(self, name: str) -> None:
        import psycopg

        with psycopg.connect(self.url(), autocommit=True) as connection:
            connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')

    def restart(self) -> None:
        """Stop the server (every connection cut, as when its computer is restarted) and start
        it again with the same settings. A fast stop, not an immediate one: the test clusters
        run without fsync and synchronous commit, and a crash would lose what was saved."""
        # Its output to the log file, as at the start: a server writing to our pipe would keep
        # it open, and waiting for pg_ctl's output would never end.
        subprocess.run(self._command(str(self.binaries / "pg_ctl"), "-D", str(self.data),
                                     "-l", str(self.folder / "log.txt"), "-m", "fast",
                                     "-w", "-t", "60", "restart"),
                       capture_output=True, check=True)

    def stop(self) -> None:
        subprocess.run(self._command(str(self.binaries / "pg_ctl"), "-D", str(self.data),
                                     "-m", "immediate", "-w", "stop"),
                       capture_output=True, check=False)
        shutil.rmtree(self.folder, ignore_errors=True)


def start_cluster(durable: bool = False) -> Cluster:
    """A running cluster; *durable*: with fsync and synchronous commit, as a real server runs
    (the tests go without, for speed)."""
    binaries = find_binaries()
    if binaries is None:
        raise FileNotFoundError("PostgreSQL binaries (initdb, pg_ctl) not found")
    user = _run_as()
    folder = Path(tempfile.mkdtemp(prefix="kemitraan-pg-"))
    folder.chmod(0o755)
    if user:
        shutil.chown(folder, user)
    cluster = Cluster(folder, binaries, _free_port(), user)
    try:
        subprocess.run(cluster._command(str(binaries / "initdb"), "-D", str(cluster.data),
                                        "-U", "kemitraan", "-A", "trust", "-E", "UTF8",
                                        "--no-sync", "--locale=C"),
                       capture_output=True, check=True, text=True)
        options = (f"-c listen_addresses=127.0.0.1 -c port={cluster.port} "
                   f"-c unix_socket_directories={folder}")
        if not durable:
            options += " -c fsync=off -c synchronous_commit=off -c full_page_writes=off"
        subprocess.run(cluster._command(str(binaries / "pg_ctl"), "-D", str(cluster.data),
                                        "-o", options, "-l", str(folder / "log.txt"),
                                        "-w", "-t", "60", "start"),
                       capture_output=True, check=True, text=True)
    except subprocess.CalledProcessError as error:
        log = folder / "log.txt"
        details = log.read_text(errors="replace") if log.exists() else ""
        cluster.stop()
        raise RuntimeError(f"PostgreSQL did not start: {error.stderr}\n{details}") from error
    deadline = time.monotonic() + 30
    while True:
        try:
            with socket.create_connection(("127.0.0.1", cluster.port), timeout=1):
                break
        except OSError:
            if time.monotonic() > deadline:
                cluster.stop()
                raise
            time.sleep(0.1)
    return cluster
