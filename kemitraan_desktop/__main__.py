"""``kemitraan-desktop`` or ``python -m kemitraan_desktop``: the window, or the given command."""

from __future__ import annotations

import time

# Before anything else is imported: ``--smoke`` measures from here where the system cannot say
# when the process started.
STARTED = time.perf_counter()

import sys  # noqa: E402


def main(argv: list[str] | None = None) -> int:
    from kemitraan_desktop import cli

    return cli.main(sys.argv[1:] if argv is None else argv)


if __name__ == "__main__":
    sys.exit(main())
