"""Forbid the network inside a process: every attempt is refused *and* recorded.

The program promises that nothing is sent anywhere. This guard replaces every door Python code
has to the network — creating an Internet socket, connecting, sending to an address, resolving a
name — with one that writes down who knocked and raises :class:`NetworkForbidden`. Because a
program could swallow that error and carry on, the record is what a test checks, not the error.

Local (``AF_UNIX``) sockets stay allowed: they never leave the machine, and Qt or a library may
use a socket pair between its own threads. ``socket.gethostname()`` stays allowed too: it asks
the kernel for the machine's name and sends nothing (the folder lock writes it down).

Run as a script, it installs itself and then runs the real command line::

    python network_guard.py [kemitraan-desktop arguments …]

and exits with :data:`EXIT_NETWORK_USED` (after listing the attempts on stderr) when any
attempt was made, whatever the command's own exit code was.
"""

from __future__ import annotations

import _socket
import socket
import sys
import traceback
from collections.abc import Callable
from typing import Any

EXIT_NETWORK_USED = 97
_INTERNET = frozenset(
    family for family in (getattr(socket, "AF_INET", None), getattr(socket, "AF_INET6", None))
    if family is not None)
# Name look-ups: each may send a DNS query (or read the hosts file, but we cannot tell which).
_RESOLVERS = ("getaddrinfo", "gethostbyname", "gethostbyname_ex", "gethostbyaddr",
              "getnameinfo")


class NetworkForbidden(OSError):
    """Raised in place of a network operation while the guard is installed."""


Patch = Callable[[Any, str, Any], None]


class NetworkGuard:
    """Install with :meth:`install`; read :attr:`attempts` afterwards."""

    def __init__(self) -> None:
        self.attempts: list[str] = []

    # -- the record ---------------------------------------------------------------------------
    def refuse(self, what: str) -> None:
        # The caller's frames, without the guard's own, say which code wanted the network.
        where = "".join(traceback.format_stack(limit=30)[:-2])
        self.attempts.append(f"{what}\n{where}")
        raise NetworkForbidden(f"network use is forbidden here: {what}")

    def report(self) -> str:
        return (f"{len(self.attempts)} network attempt(s) while the network was forbidden:\n\n"
                + "\n".join(self.attempts))

    # -- the doors ----------------------------------------------------------------------------
    def install(self, patch: Patch = setattr) -> None:
        """Replace the doors; *patch* is ``setattr`` or a pytest ``monkeypatch.setattr``."""
        guard = self
        original_init = socket.socket.__init__
        original_connect = socket.socket.connect
        original_connect_ex = socket.socket.connect_ex
        original_sendto = socket.socket.sendto

        def init(sock: socket.socket, *args: Any, **kwargs: Any) -> None:
            original_init(sock, *args, **kwargs)
            if sock.family in _INTERNET:
                family = sock.family.name if hasattr(sock.family, "name") else sock.family
                sock.close()
                guard.refuse(f"socket.socket({family}) created")

        def local_only(what: str, original: Callable[..., Any]) -> Callable[..., Any]:
            def door(sock: socket.socket, address: Any, *args: Any) -> Any:
                if sock.family in _INTERNET or not isinstance(address, str | bytes):
                    guard.refuse(f"socket.{what}({address!r})")
                return original(sock, address, *args)
            door.__name__ = what
            return door

        def sendto(sock: socket.socket, data: Any, *args: Any) -> Any:
            address = args[-1] if args else None
            if sock.family in _INTERNET or not isinstance(address, str | bytes):
                guard.refuse(f"socket.sendto({address!r})")
            return original_sendto(sock, data, *args)

        def create_connection(address: Any, *args: Any, **kwargs: Any) -> Any:
            guard.refuse(f"socket.create_connection({address!r})")

        def create_server(address: Any, *args: Any, **kwargs: Any) -> Any:
            guard.refuse(f"socket.create_server({address!r})")

        def resolver(name: str) -> Callable[..., Any]:
            def door(*args: Any, **kwargs: Any) -> Any:
                guard.refuse(f"socket.{name}{args!r}")
            door.__name__ = name
            return door

        patch(socket.socket, "__init__", init)
        patch(socket.socket, "connect", local_only("connect", original_connect))
        patch(socket.socket, "connect_ex", local_only("connect_ex", original_connect_ex))
        patch(socket.socket, "sendto", sendto)
        patch(socket, "create_connection", create_connection)
        patch(socket, "create_server", create_server)
        for name in _RESOLVERS:
            for module in (socket, _socket):
                if hasattr(module, name):
                    patch(module, name, resolver(name))


def run_command_line(argv: list[str]) -> int:
    """The real command line, with the network forbidden from before its first import."""
    guard = NetworkGuard()
    guard.install()
    from kemitraan_desktop.cli import main

    try:
        code = main(argv)
    except SystemExit as stop:
        code = stop.code if isinstance(stop.code, int) else 1
    sys.stdout.flush()
    if guard.attempts:
        print(guard.report(), file=sys.stderr)
        return EXIT_NETWORK_USED
    return code


if __name__ == "__main__":
    sys.exit(run_command_line(sys.argv[1:]))
