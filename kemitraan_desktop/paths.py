"""Where the program's own files live: the one place that knows the frozen root.

`resources/`, `i18n/` and the user guide (`docs/panduan/`) sit beside the package in the source
tree and inside the bundle (PyInstaller's ``sys._MEIPASS``) when frozen. Every lookup goes
through here.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

APP_NAME = "KemitraanDesktop"
APP_AUTHOR = "Kemitraan"
DATA_DIR_ENV = "KEMITRAAN_DATA_DIR"
DATABASE_URL_ENV = "KEMITRAAN_DATABASE_URL"
# In the data folder: the server chosen in the window (Pengaturan → Basis data server), one line.
SERVER_CHOICE_FILENAME = "server-database.txt"


def program_root() -> Path:
    """The folder holding ``resources/`` and ``i18n/``."""
    frozen_root = getattr(sys, "_MEIPASS", None)
    if frozen_root:
        return Path(frozen_root)
    return Path(__file__).resolve().parent.parent


def resource_path(*parts: str) -> Path:
    return program_root().joinpath("resources", *parts)


def i18n_path(*parts: str) -> Path:
    return program_root().joinpath("i18n", *parts)


def guide_path(*parts: str) -> Path:
    """The user guide: Markdown chapters in Indonesian, with their pictures in ``gambar/``. One
    text, read on GitHub and shown by the program itself (Bantuan → Panduan pengguna)."""
    return program_root().joinpath("docs", "panduan", *parts)


def default_data_dir() -> Path:
    """The user's data folder: ``KEMITRAAN_DATA_DIR`` if set, else the platform's own."""
    override = os.environ.get(DATA_DIR_ENV)
    if override:
        return Path(override).expanduser()
    from platformdirs import user_data_dir

    return Path(user_data_dir(APP_NAME, APP_AUTHOR))


def database_url(data_dir: Path | None = None) -> str | None:
    """The server database chosen for this run (``--database-url`` or ``KEMITRAAN_DATABASE_URL``),
    else the one chosen in the window for *data_dir* (its ``server-database.txt``), or None for
    the embedded SQLite file in the data folder."""
    given = os.environ.get(DATABASE_URL_ENV, "").strip()
    if given or data_dir is None:
        return given or None
    return server_chosen_in(data_dir)


def server_chosen_in(data_dir: Path) -> str | None:
    """The server chosen in the window for *data_dir*, or None (the folder's own file)."""
    try:
        return (data_dir / SERVER_CHOICE_FILENAME).read_text(encoding="utf-8").strip() or None
    except (OSError, ValueError):
        return None


def cache_dir() -> Path:
    from platformdirs import user_cache_dir

    return Path(user_cache_dir(APP_NAME, APP_AUTHOR))
