"""Step 4 → the evidence of one credentialing requirement: attach, see (preview) or remove the
scan or photo that shows it is met.

The signed PKS of a jejaring partnership is listed too, taken from that partnership: it is
shown here but removed there (in its step 5), never from this list. Everything the list shows
goes into the credentialing submission (Laporan → Berkas pengajuan kredensialing).
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QSettings, Qt, QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from kemitraan_desktop.domain.errors import UserError
from kemitraan_desktop.i18n import N_, _, ngettext
from kemitraan_desktop.services import credentialing
from kemitraan_desktop.services.activities import viewing_copy
from kemitraan_desktop.services.app import Services
from kemitraan_desktop.services.credentialing import EvidenceFile, Requirement
from kemitraan_desktop.services.crud import Deleted

from ..folders import open_files
from ..pdf_view import PdfPreview
from ..screen_fit import FitsScreen

# What each kind of requirement takes as evidence, said to the doctor.
WHAT_TO_ATTACH = {
    "scan": N_("Attach the scan or photo of the document (PDF, JPG or PNG)."),
    "partnership": N_("The signed PKS of that partnership is taken from its step 5 (its signed "
                      "scan); you may add another scan here."),
    "template": N_("Print it (Reports → Surat pernyataan), sign it over a meterai Rp10.000, "
                   "then attach its scan here."),
}
FILE_FILTER = "*.pdf *.jpg *.jpeg *.png *.PDF *.JPG *.JPEG *.PNG"


def evidence_button_text(need: Requirement) -> str:
    count = len(need.files)
    if not count:
        return _("Attach evidence…")
    return ngettext("Evidence: {count} file…", "Evidence: {count} files…", count).format(
        count=count)


class EvidenceDialog(FitsScreen, QDialog):
    """The files of one requirement; each change is saved at once (there is no OK to forget)."""

    def __init__(self, svc: Services, partnership_id: int, item_id: int,
                 parent: QWidget | None = None, settings: QSettings | None = None) -> None:
        super().__init__(parent)
        self._settings = settings or QSettings()  # the folder files are picked from
        self.svc, self.partnership_id, self.item_id = svc, partnership_id, item_id
        self._removed: Deleted | None = None
        self.setObjectName("evidenceDialog")
        self.what = QLabel()
        self.what.setObjectName("evidenceWhat")
        self.what.setWordWrap(True)
        self.what.setTextFormat(Qt.TextFormat.PlainText)
        self.files = QListWidget()
        self.files.setObjectName("evidenceFiles")
        self.files.setAccessibleName(_("Evidence files"))
        self.files.itemActivated.connect(lambda _item: self.open_selected())
        self.files.currentItemChanged.connect(lambda *_a: self._show_selected())
        self.problem = QLabel()
        self.problem.setObjectName("evidenceProblem")
        self.problem.setWordWrap(True)
        self.problem.setTextFormat(Qt.TextFormat.PlainText)
        self.attach_button = QPushButton(_("&Attach file…"))
        self.attach_button.setObjectName("attachEvidence")
        self.attach_button.clicked.connect(self.choose_files)
        self.open_button = QPushButton(_("Open in &viewer"))
        self.open_button.setObjectName("openEvidence")
        self.open_button.clicked.connect(self.open_selected)
        self.remove_button = QPushButton(_("&Remove"))
        self.remove_button.setObjectName("removeEvidence")
        self.remove_button.clicked.connect(self.remove_selected)
        self.undo_button = QPushButton(_("&Undo removal"))
        self.undo_button.setObjectName("undoEvidence")
        self.undo_button.clicked.connect(self.undo_removal)
        self.undo_button.hide()
        buttons = QVBoxLayout()
        for button in (self.attach_button, self.open_button, self.remove_button,
                       self.undo_button):
            buttons.addWidget(button)
        buttons.addStretch(1)

        left = QWidget()
        left_column = QVBoxLayout(left)
        left_column.setContentsMargins(0, 0, 0, 0)
        left_column.addWidget(self.what)
        row = QHBoxLayout()
        row.addWidget(self.files, 1)
        row.addLayout(buttons)
        left_column.addLayout(row, 1)
        left_column.addWidget(self.problem)
        self.preview = PdfPreview()
        self.preview.setObjectName("evidencePreview")
        self.preview.setMinimumWidth(320)
        self.preview_note = QLabel()
        self.preview_note.setObjectName("evidencePreviewNote")
        self.preview_note.setWordWrap(True)
        self.preview_note.setTextFormat(Qt.TextFormat.PlainText)
        right = QWidget()
        right_column = QVBoxLayout(right)
        right_column.setContentsMargins(0, 0, 0, 0)
        right_column.addWidget(self.preview, 1)
        right_column.addWidget(self.preview_note)
        split = QSplitter(Qt.Orientation.Horizontal)
        split.addWidget(left)
        split.addWidget(right)
        split.setStretchFactor(0, 2)
        split.setStretchFactor(1, 3)
        close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        close.rejected.connect(self.reject)
        column = QVBoxLayout(self)
        column.addWidget(split, 1)
        column.addWidget(close)
        self.resize(940, 600)
        self.reload()

    # -- what is shown -------------------------------------------------------------------------
    def requirement(self) -> Requirement:
        return next(need for need in credentialing.requirements(self.svc, self.partnership_id)
                    if need.item_id == self.item_id)

    def reload(self, select_last: bool = True) -> None:
        need = self.requirement()
        self.setWindowTitle(_("Evidence: {requirement}").format(requirement=need.label))
        self.what.setText(_(WHAT_TO_ATTACH.get(need.evidence, WHAT_TO_ATTACH["scan"])))
        self.files.clear()
        for file in need.files:
            text = file.name if file.attached else _(
                "{name} (from the partnership: {document})").format(
                name=file.name, document=need.document)
            item = QListWidgetItem(text)
            item.setData(Qt.ItemDataRole.UserRole, file)
            self.files.addItem(item)
        if self.files.count() and select_last:
            self.files.setCurrentRow(self.files.count() - 1)
        self._show_selected()

    def selected(self) -> EvidenceFile | None:
        item = self.files.currentItem()
        return item.data(Qt.ItemDataRole.UserRole) if item is not None else None

    def _show_selected(self) -> None:
        file = self.selected()
        self.open_button.setEnabled(file is not None)
        self.remove_button.setEnabled(file is not None and file.attached)
        self.remove_button.setToolTip(
            "" if file is None or file.attached else
            _("This scan belongs to the signed PKS; it is changed in that partnership's step 5."))
        self.preview_note.clear()
        if file is None:
            self.preview.clear()
            self.preview_note.setText(_("No file attached yet."))
            return
        try:
            data = credentialing.evidence_content(self.svc, file)
            if file.is_pdf:
                self.preview.show_pdf(data)
            else:
                self.preview.show_image(data)
        except UserError as error:
            self.preview.clear()
            self.preview_note.setText(error.message)
            return
        except Exception:  # noqa: BLE001 - PDFium refuses a damaged or password-locked file
            self.preview.clear()
            self.preview_note.setText(_(
                "{name} cannot be shown: it is damaged or locked with a password. The "
                "submission will hold a page saying so in its place; attach a readable copy."
                ).format(name=file.name))
            return
        if not self.preview.page_count:
            self.preview_note.setText(_(
                "{name} cannot be shown: it is not a readable image. Attach a readable copy."
                ).format(name=file.name))

    # -- what the doctor does --------------------------------------------------------------------
    def choose_files(self) -> None:
        names = open_files(self, self._settings, self.svc.db.data_dir, _("Attach evidence"),
                           _("Scans and photos") + f" ({FILE_FILTER})")
        if names:
            self.add_files(names)

    def add_files(self, paths: list[str | Path]) -> int:
        """Attach each file; one refused (a Word file, an unreadable one) is said, the rest kept."""
        added, problems = 0, []
        for path in paths:
            try:
                credentialing.attach_evidence(self.svc, self.item_id, Path(path))
                added += 1
            except UserError as error:
                problems.append(error.message)
        self.problem.setText("\n".join(problems))
        self._forget_removal()
        self.reload(select_last=bool(added))
        return added

    def open_selected(self) -> None:
        file = self.selected()
        if file is None:
            return
        try:
            path = viewing_copy(self.svc, self.svc.attachments.get(file.attachment_id))
        except UserError as error:
            self.problem.setText(error.message)
            return
        if not QDesktopServices.openUrl(QUrl.fromLocalFile(str(path))):
            self.problem.setText(_("No program on this computer opens {name}; it is shown "
                                   "beside the list.").format(name=path.name))

    def remove_selected(self) -> None:
        file = self.selected()
        if file is None or not file.attached:
            return
        try:
            self._removed = credentialing.remove_evidence(self.svc, self.item_id,
                                                          file.attachment_id)
        except UserError as error:
            self.problem.setText(error.message)
            self.reload()
            return
        self.problem.setText(_("Removed: {name}").format(name=file.name))
        self.undo_button.show()
        self.reload()

    def undo_removal(self) -> None:
        if self._removed is None:
            return
        try:
            credentialing.restore_evidence(self.svc, self._removed)
        except UserError as error:
            self.problem.setText(error.message)
        else:
            self.problem.setText(_("Attached again: {name}").format(
                name=self._removed.record.original_name))
        self._forget_removal()
        self.reload()

    def _forget_removal(self) -> None:
        self._removed = None
        self.undo_button.hide()
