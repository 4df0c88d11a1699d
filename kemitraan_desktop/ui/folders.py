"""The folder a file dialog opens in: the last one the person used with this data folder.

The doctor keeps the practice's papers in one place (Documents\\Praktik, a USB stick): the PKS
saved as PDF, the scan of the signed copy, the partner's own agreement, the photos of a report.
Every dialog that saves or picks one of them starts there; a dialog given no folder opened in the
program's working folder (/root in the walk), so each file was looked for again. Backups and
exchange packages keep a folder of their own (they go to a stick, not to the papers).

Per data folder, since two practices kept on one laptop keep their papers in two places.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QFileDialog, QWidget

from .folder_settings import data_folder_key

DOCUMENTS = "report_folder"  # the key's first name since the PDFs had one: a kept folder stays
BACKUPS = "backup_folder"
EXCHANGE = "exchange_folder"


def last_folder(settings: QSettings, data_dir: Path, kind: str = DOCUMENTS) -> Path:
    """The folder last used for *kind* with *data_dir*; home when none (or it is gone)."""
    # A backup or package folder from before it was kept per data folder still counts.
    for key in (data_folder_key(kind, data_dir), kind):
        value = settings.value(key, "")
        if value and isinstance(value, str) and Path(value).is_dir():
            return Path(value)
    return Path.home()


def start_in(settings: QSettings, data_dir: Path, file_name: str = "",
             kind: str = DOCUMENTS) -> str:
    """What a QFileDialog is given to open in: the last folder, with *file_name* proposed."""
    folder = last_folder(settings, data_dir, kind)
    return str(folder / file_name) if file_name else str(folder)


def remember_folder(settings: QSettings, data_dir: Path, chosen: str | Path,
                    kind: str = DOCUMENTS) -> None:
    """Keep the folder of *chosen* (a file the person picked or saved, or a folder)."""
    path = Path(chosen)
    folder = path if path.is_dir() else path.parent
    settings.setValue(data_folder_key(kind, data_dir), str(folder))


def open_file(parent: QWidget | None, settings: QSettings, data_dir: Path, title: str,
              filters: str, kind: str = DOCUMENTS) -> Path | None:
    """Ask for one file to open, starting in the last folder; None when the person cancels."""
    path, _filter = QFileDialog.getOpenFileName(
        parent, title, start_in(settings, data_dir, kind=kind), filters)
    if not path:
        return None
    remember_folder(settings, data_dir, path, kind)
    return Path(path)


def open_files(parent: QWidget | None, settings: QSettings, data_dir: Path, title: str,
               filters: str, kind: str = DOCUMENTS) -> list[Path]:
    """Ask for files to open, starting in the last folder; none when the person cancels."""
    names, _filter = QFileDialog.getOpenFileNames(
        parent, title, start_in(settings, data_dir, kind=kind), filters)
    if names:
        remember_folder(settings, data_dir, names[0], kind)
    return [Path(name) for name in names]


def save_file(parent: QWidget | None, settings: QSettings, data_dir: Path, title: str,
              file_name: str, filters: str, kind: str = DOCUMENTS) -> Path | None:
    """Ask where to save *file_name*, starting in the last folder; None when cancelled."""
    path, _filter = QFileDialog.getSaveFileName(
        parent, title, start_in(settings, data_dir, file_name, kind), filters)
    if not path:
        return None
    remember_folder(settings, data_dir, path, kind)
    return Path(path)
