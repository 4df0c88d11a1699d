"""``kemitraan-desktop`` or ``python -m kemitraan_desktop``: the window, or the given command."""

from __future__ import annotations

import sys


def main(argv: list[str] | None = None) -> int:
    from kemitraan_desktop import cli

    return cli.main(sys.argv[1:] if argv is None else argv)


if __name__ == "__main__":
    sys.exit(main())
