"""Settings that belong to one data folder, not to the window: the folder the last document went
to, the partnership that was open. Two practices kept on one laptop (two data folders, one
settings file) each have their own; a partnership's number means nothing in another folder.
"""

from __future__ import annotations

import hashlib
from pathlib import Path


def data_folder_key(name: str, data_dir: Path) -> str:
    """The settings key of *name* for the data folder *data_dir*."""
    where = str(Path(data_dir).resolve()).encode("utf-8", "surrogateescape")
    return f"{name}/{hashlib.sha256(where).hexdigest()[:16]}"
