"""Where the person was in one data folder: the partnership and the step open last, so the next
start, after a kill or a power cut too, opens them again.

The place is kept per data folder (folder_settings.data_folder_key: a partnership's number means
nothing in another folder) and written to the settings file at once: QSettings otherwise writes
at the next idle moment, which a kill never gives. The step is the one in use, not the furthest
reached: a doctor who went back to step 3 to correct a goal comes back to step 3.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QSettings

from .folder_settings import data_folder_key  # hashlib and pathlib only

PARTNERSHIP = "last_partnership"
STEP = "last_step"


@dataclass(frozen=True)
class Place:
    partnership_id: int  # 0: the overview, no partnership open
    step: int | None  # None: the furthest step the partnership reached


def remember(settings: QSettings, data_dir: Path, partnership_id: int,
             step: int | None = None) -> None:
    settings.setValue(data_folder_key(PARTNERSHIP, data_dir), int(partnership_id or 0))
    settings.setValue(data_folder_key(STEP, data_dir), int(step or 0))
    settings.sync()


def recall(settings: QSettings, data_dir: Path) -> Place:
    from kemitraan_desktop.domain.steps import STEPS  # read once the services are there

    try:
        partnership_id = int(settings.value(data_folder_key(PARTNERSHIP, data_dir), 0) or 0)
        step = int(settings.value(data_folder_key(STEP, data_dir), 0) or 0)
    except (TypeError, ValueError):  # a settings file edited by hand
        return Place(0, None)
    return Place(max(partnership_id, 0), step if 1 <= step <= len(STEPS) else None)
