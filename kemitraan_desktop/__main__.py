"""``python -m kemitraan_desktop`` / ``kemitraan-desktop``: the window, or a command if one is given."""

from __future__ import annotations

import sys


def main(argv: list[str] | None = None) -> int:
    from kemitraan_desktop import cli

    return cli.main(sys.argv[1:] if argv is None else argv)


if __name__ == "__main__":
    sys.exit(main())
