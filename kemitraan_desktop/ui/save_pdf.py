"""Where a PDF is saved and on which paper: one save dialog for every "Simpan sebagai PDF…".

The paper is chosen in the dialog itself, as its file type: "PDF, kertas A4 (210 × 297 mm)" or
"PDF, kertas F4 / folio (215 × 330 mm)" (F4 is what most Indonesian offices print on). The
command line has ``--paper a4|f4``; the window offers the same two. A file type works in the
native dialog of every platform, so no widget has to be added to it.

The choice is remembered for the next save, and so is the folder (ui/folders.py: per data
folder, the one every document dialog starts in).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QFileDialog, QWidget

from kemitraan_desktop.domain.enums import Paper
from kemitraan_desktop.i18n import _

from .folders import remember_folder, start_in

PAPER_KEY = "paper"


@dataclass(frozen=True)
class PdfTarget:
    path: Path
    paper: str  # "a4" | "f4"


def paper_filter(paper: str) -> str:
    """The file type that stands for *paper* in the save dialog."""
    return _("PDF, paper {paper} (*.pdf)").format(paper=Paper(paper).label)


def remembered_paper(settings: QSettings) -> str:
    paper = str(settings.value(PAPER_KEY, Paper.A4.value))
    # A settings file damaged or edited by hand is never a reason not to print.
    return paper if paper in {p.value for p in Paper} else Paper.A4.value


def ask_pdf_target(parent: QWidget | None, settings: QSettings, data_dir: Path, title: str,
                   file_name: str, paper: str | None = None) -> PdfTarget | None:
    """Ask where to save *file_name* and on which paper; None when the person cancels.

    *paper* is preselected when the document has its own (an agreement's), else the last choice.
    """
    chosen_paper = paper or remembered_paper(settings)
    filters = {paper_filter(p.value): p.value for p in Paper}
    path, selected = QFileDialog.getSaveFileName(
        parent, title, start_in(settings, data_dir, file_name), ";;".join(filters),
        paper_filter(chosen_paper))
    if not path:
        return None
    chosen_paper = filters.get(selected, chosen_paper)
    target = Path(path)
    remember_folder(settings, data_dir, target)
    settings.setValue(PAPER_KEY, chosen_paper)
    return PdfTarget(target, chosen_paper)
