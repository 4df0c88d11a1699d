"""Step 7 — carrying out the cooperation: every activity is reported and documented, with photos
and scans kept in the program's own store, and what it really cost beside what was planned.
"""

from __future__ import annotations

import dataclasses
from datetime import date
from pathlib import Path
from typing import Any

from PySide6.QtCore import QRect, QRectF, QSize, Qt, QTimer, QUrl
from PySide6.QtGui import (
    QColor,
    QDesktopServices,
    QFont,
    QIcon,
    QImageReader,
    QKeySequence,
    QPainter,
    QPainterPath,
    QPen,
    QPixmap,
    QTextCursor,
)
from PySide6.QtWidgets import (
    QAbstractItemView,
    QGridLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QListView,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QPushButton,
    QSplitter,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from kemitraan_desktop.domain import fields
from kemitraan_desktop.domain.errors import UserError
from kemitraan_desktop.domain.money import format_rupiah, rupiah_to_sen
from kemitraan_desktop.domain.people import attendance_line, name_in_line, same_person
from kemitraan_desktop.domain.report_dates import (
    planned_mark,
    report_date_refusal,
    report_date_remark,
)
from kemitraan_desktop.domain.validation import ValidationError
from kemitraan_desktop.i18n import _
from kemitraan_desktop.services import activities as work

from ..date_field import DateField
from ..folders import open_files
from ..people import PersonPicker
from ..record_table import Column, RecordTable, first_line
from ..shortcuts import widget_key
from .base import StepPage, error_label, hint
from .step6_workplan import short_date

THUMB = QSize(112, 84)
OVER_COLOUR = QColor("#b03a2e")
FILE_FILTER_IMAGES = "*.jpg *.jpeg *.png *.gif *.bmp *.webp"
FILE_FILTER_DOCUMENTS = "*.pdf *.doc *.docx *.xls *.xlsx *.odt *.ods *.txt"


def date_span(first: date | None, last: date | None) -> str:
    if first and last and first != last:
        return f"{short_date(first)} – {short_date(last)}"
    if first or last:
        return short_date(first or last)
    return _("no date yet")


def _done_shown(record) -> str:  # noqa: ANN001
    """A report's row: what was done, marked "(planned)" when it is dated after today (one kept
    from before such dates were refused, or from a partner's package)."""
    done = first_line(record.done) or "—"
    mark = planned_mark(record.report_date, date.today())
    return f"({mark}) {done}" if mark else done


def thumbnail(path: Path) -> QPixmap | None:
    """A small picture of an image file, read at reduced size (phone photos are large)."""
    reader = QImageReader(str(path))
    reader.setAutoTransform(True)  # photos taken upright on a phone stay upright
    size = reader.size()
    if size.isValid():
        reader.setScaledSize(size.scaled(THUMB, Qt.AspectRatioMode.KeepAspectRatio))
    image = reader.read()
    if image.isNull():
        return None
    return QPixmap.fromImage(image)


def document_icon(name: str) -> QPixmap:
    """A plain sheet with a folded corner and the file's extension, the same on every system."""
    pixmap = QPixmap(THUMB)
    pixmap.fill(Qt.GlobalColor.transparent)
    painter = QPainter(pixmap)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    width, height = 60.0, 78.0
    left, top = (THUMB.width() - width) / 2, (THUMB.height() - height) / 2
    fold = 16.0
    sheet = QPainterPath()
    sheet.moveTo(left, top)
    sheet.lineTo(left + width - fold, top)
    sheet.lineTo(left + width, top + fold)
    sheet.lineTo(left + width, top + height)
    sheet.lineTo(left, top + height)
    sheet.closeSubpath()
    painter.setPen(QPen(QColor("#8a9a96"), 1.2))
    painter.setBrush(QColor("white"))
    painter.drawPath(sheet)
    painter.drawLine(int(left + width - fold), int(top), int(left + width - fold),
                     int(top + fold))
    painter.drawLine(int(left + width - fold), int(top + fold), int(left + width),
                     int(top + fold))
    extension = Path(name).suffix.lstrip(".").upper()[:4] or "?"
    band = QColor("#b03a2e") if extension == "PDF" else QColor("#2c7a70")
    painter.fillRect(QRectF(left - 6, top + height - 34, width + 12, 20), band)
    font = QFont(painter.font())
    font.setBold(True)
    font.setPointSizeF(9)
    painter.setFont(font)
    painter.setPen(QColor("white"))
    painter.drawText(QRectF(left - 6, top + height - 34, width + 12, 20),
                     Qt.AlignmentFlag.AlignCenter, extension)
    painter.end()
    return pixmap


def human_size(size: int) -> str:
    if size >= 1024 * 1024:
        return f"{size / 1024 / 1024:.1f} MB".replace(".", ",")
    if size >= 1024:
        return f"{size / 1024:.0f} KB"
    return f"{size} B"


def labelled(text: str, editor: QWidget) -> tuple[QVBoxLayout, QLabel]:
    """A caption above its editor, with the error line beneath (for two-column forms)."""
    column = QVBoxLayout()
    column.setSpacing(2)
    caption = QLabel(text)
    caption.setBuddy(editor)
    error = error_label()
    column.addWidget(caption)
    column.addWidget(editor)
    column.addWidget(error)
    if not isinstance(editor, QPlainTextEdit):
        # A one-line field stays under its caption when the row grows (a two-line message
        # under the field beside it), instead of drifting to the middle of the row.
        column.addStretch(1)
    return column, error


class CompactText(QPlainTextEdit):
    """A text box that asks for three lines and grows when the window gives it room."""

    def sizeHint(self) -> QSize:  # noqa: N802
        return QSize(240, 54)

    def minimumSizeHint(self) -> QSize:  # noqa: N802
        return QSize(80, 44)


def text_box(placeholder: str = "") -> QPlainTextEdit:
    editor = CompactText()
    editor.setTabChangesFocus(True)
    editor.setMinimumHeight(44)
    editor.setPlaceholderText(placeholder)
    return editor


class ThumbnailList(QListWidget):
    """Attached files as thumbnails; asks for one row of them and grows with the window."""

    def sizeHint(self) -> QSize:  # noqa: N802
        return QSize(400, THUMB.height() + 60)


class WrappingDelegate(QStyledItemDelegate):
    """Rows as tall as their wrapped text at the list's present width (Qt's own guess can be a
    line short, which cuts the last line off)."""

    def sizeHint(self, option: QStyleOptionViewItem, index: Any) -> QSize:  # noqa: N802
        view = self.parent()
        width = max(view.viewport().width() - 14, 60)
        text = index.data(Qt.ItemDataRole.DisplayRole) or ""
        bounds = option.fontMetrics.boundingRect(QRect(0, 0, width, 10_000),
                                                 Qt.TextFlag.TextWordWrap, text)
        return QSize(width, bounds.height() + 14)


LIST_STYLE = (
    "QListWidget { background: white; }"
    "QListWidget::item { padding: 5px 4px; border-bottom: 1px solid #eef1f0; color: #263238; }"
    "QListWidget::item:selected { background: #2c7a70; color: white; }"
)


class ImplementationPage(StepPage):
    number = 7

    def __init__(self, svc, parent=None) -> None:  # noqa: ANN001
        super().__init__(svc, parent)
        self._activity_id = 0
        self._report_id = 0
        layout = QVBoxLayout(self.body)
        layout.setContentsMargins(12, 8, 12, 8)
        self.tabs = QTabWidget()
        self.tabs.setDocumentMode(True)
        self.tabs.addTab(self._build_reports_tab(), _("Activity reports"))
        self.tabs.addTab(self._build_costs_tab(), _("Actual against planned cost"))
        self.tabs.currentChanged.connect(lambda index: index == 1 and self._refresh_costs())
        layout.addWidget(self.tabs)

    # -- building ----------------------------------------------------------------------------
    def _build_reports_tab(self) -> QWidget:
        tab = QWidget()
        column = QVBoxLayout(tab)
        column.setContentsMargins(0, 8, 0, 0)
        splitter = QSplitter(Qt.Orientation.Horizontal)
        splitter.setChildrenCollapsible(False)

        left = QWidget()
        left_column = QVBoxLayout(left)
        left_column.setContentsMargins(0, 0, 0, 0)
        caption = QLabel(_("Activities"))
        caption.setStyleSheet("font-weight: 600;")
        self.activity_list = QListWidget()
        self.activity_list.setWordWrap(True)
        self.activity_list.setTextElideMode(Qt.TextElideMode.ElideNone)
        self.activity_list.setAccessibleName(_("Activities"))
        self.activity_list.setStyleSheet(LIST_STYLE)
        self.activity_list.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.activity_list.setResizeMode(QListView.ResizeMode.Adjust)
        self.activity_list.setItemDelegate(WrappingDelegate(self.activity_list))
        caption.setBuddy(self.activity_list)
        self.activity_list.currentRowChanged.connect(self._select_activity)
        self.no_activities = hint(_("No activities yet. Plan them in step 6 (work plan)."))
        # The explanation sits under the list, where there is room, not above the form.
        explanation = hint(_(
            "Choose an activity, add a report each time it takes place, and attach photos, "
            "attendance lists or minutes. Both parties keep this record."))
        left_column.addWidget(caption)
        left_column.addWidget(self.activity_list, 1)
        left_column.addWidget(self.no_activities)
        left_column.addWidget(explanation)
        left.setMinimumWidth(196)
        splitter.addWidget(left)

        right = QWidget()
        right_column = QVBoxLayout(right)
        right_column.setContentsMargins(6, 0, 0, 0)
        columns = [
            Column("report_date", _("Date"), "date", width=96, editable=False),
            Column("done", fields.label("done"), "computed", stretch=True,
                   compute=_done_shown),
            Column("actual_cost_sen", fields.label("actual_cost_sen"), "money", width=124,
                   editable=False),
        ]
        self.reports = RecordTable(
            self.svc.reports, columns, add_label=_("Add report"),
            defaults=lambda: {"report_date": date.today()}, message_bar=self.bar)
        self.reports.view.setMinimumHeight(86)
        self.reports.view.setMaximumHeight(112)
        self.reports.view.setWordWrap(False)
        self.reports.view.setAccessibleName(_("Reports of the activity"))
        self.reports.current_changed.connect(self._show_report)
        self.reports.changed.connect(self._reports_changed)
        self.reports.added.connect(self._after_add_report)
        right_column.addWidget(self.reports)

        self.report_tabs = QTabWidget()
        self.report_tabs.addTab(self._build_report_form(), _("Report"))
        self.report_tabs.addTab(self._build_attachments(), _("Attachments"))
        right_column.addWidget(self.report_tabs, 1)
        splitter.addWidget(right)
        splitter.setStretchFactor(0, 1)
        splitter.setStretchFactor(1, 3)
        splitter.setSizes([210, 550])
        column.addWidget(splitter, 1)
        return tab

    def _build_report_form(self) -> QWidget:
        form = QWidget()
        self.binder = self.reports.details_binder(self._save_report, self, present=_as_typed)
        self.binder.report_to(self.bar)
        grid = QGridLayout(form)
        grid.setContentsMargins(8, 8, 8, 8)
        grid.setHorizontalSpacing(12)
        grid.setVerticalSpacing(2)

        self.report_date = DateField(field="report_date")
        self.actual_cost = QLineEdit()
        self.actual_cost.setPlaceholderText("0")
        self.actual_cost.setAlignment(Qt.AlignmentFlag.AlignRight)
        self.actual_cost.setToolTip(_("In rupiah, for example 325.000"))
        self.participants = text_box(_("Who took part (names, positions)"))
        self.attendance = text_box(_("One name per line"))
        attendance_box = self._attendance_box()
        self.done = text_box(_("What was done"))
        self.results = text_box(_("What came of it"))
        self.problems = text_box(_("What went wrong or is still open"))
        self.follow_up = text_box(_("Who does what next, and when"))

        cost_row = QHBoxLayout()
        cost_row.addWidget(QLabel("Rp"))
        cost_row.addWidget(self.actual_cost, 1)
        cost_box = QWidget()
        cost_box.setLayout(cost_row)
        cost_row.setContentsMargins(0, 0, 0, 0)

        placements = [
            ("report_date", self.report_date, 0, 0),
            ("actual_cost_sen", cost_box, 0, 1),
            ("done", self.done, 1, 0),
            ("results", self.results, 1, 1),
            ("participants", self.participants, 2, 0),
            ("attendance", attendance_box, 2, 1),
            ("problems", self.problems, 3, 0),
            ("follow_up", self.follow_up, 3, 1),
        ]
        errors = {}
        for field, editor, row, col in placements:
            box, errors[field] = labelled(fields.label(field), editor)
            if field == "actual_cost_sen":
                box.itemAt(0).widget().setBuddy(self.actual_cost)
            if field == "attendance":
                box.itemAt(0).widget().setBuddy(self.attendance)
            if field == "report_date":
                # Beneath the date's error line: a date before the activity starts is said,
                # not refused.
                from ..dialogs.practice_profile import warning_label

                self.date_remark = warning_label()
                self.date_remark.setObjectName("reportDateRemark")
                box.insertWidget(3, self.date_remark)
            grid.addLayout(box, row, col)
        grid.setColumnStretch(0, 1)
        grid.setColumnStretch(1, 1)
        for row in (1, 2, 3):
            grid.setRowStretch(row, 1)
        self.binder.bind_date("report_date", self.report_date, errors["report_date"])
        self.report_date.edited.connect(self._refresh_date_remark)
        self.binder.bind_line("actual_cost_sen", self.actual_cost, errors["actual_cost_sen"])
        for field in ("done", "results", "participants", "attendance", "problems", "follow_up"):
            self.binder.bind_text(field, getattr(self, field), errors[field])
        self.report_form = form
        # Tab order follows reading order: left column, then right, row by row.
        order = [self.report_date, self.actual_cost, self.done, self.results,
                 self.participants, self.attendance, self.attendee, self.add_attendee,
                 self.problems, self.follow_up]
        for first, second in zip(order, order[1:], strict=False):
            QWidget.setTabOrder(first, second)
        return form

    def _attendance_box(self) -> QWidget:
        """The attendance list, and under it a "who" field that adds a person to it."""
        box = QWidget()
        column = QVBoxLayout(box)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(2)
        column.addWidget(self.attendance, 1)
        row = QHBoxLayout()
        self.attendee = PersonPicker(self.svc, placeholder=_("Add a person to the list"))
        self.attendee.setAccessibleName(_("Add a person to the attendance list"))
        self.attendee.returnPressed.connect(self.add_to_attendance)
        self.attendee.chosen.connect(lambda _person: self.add_to_attendance())
        # A short word: beside "Tambahkan ke daftar" the field kept 75 px and read "Tam…".
        self.add_attendee = QPushButton(_("Add"))
        self.add_attendee.setToolTip(_("Add to the list"))
        self.add_attendee.setAccessibleName(_("Add to the list"))
        self.add_attendee.clicked.connect(self.add_to_attendance)
        row.addWidget(self.attendee, 1)
        row.addWidget(self.add_attendee)
        column.addLayout(row)
        return box

    def add_to_attendance(self) -> None:
        """The person named in the field joins the attendance list (name and position), once."""
        person = self.attendee.keep()
        name = " ".join(self.attendee.text().split())
        if not name:
            return
        lines = [line for line in self.attendance.toPlainText().splitlines() if line.strip()]
        if not any(same_person(name_in_line(line), name) for line in lines):
            self.attendance.moveCursor(QTextCursor.MoveOperation.End)
            text = attendance_line(person.name if person else name,
                                   person.job_title if person else "")
            self.attendance.insertPlainText(("\n" if lines else "") + text)
        # Emptied once the list that offered the name has finished putting it in the field.
        QTimer.singleShot(0, self.attendee, self.attendee.clear)

    def _build_attachments(self) -> QWidget:
        panel = QWidget()
        column = QVBoxLayout(panel)
        column.setContentsMargins(8, 8, 8, 8)
        buttons = QHBoxLayout()
        self.add_files_button = QPushButton(_("Add files…"))
        self.add_files_button.setToolTip(_("Photos, scanned attendance lists, minutes (PDF)"))
        self.add_files_button.clicked.connect(self.choose_files)
        self.open_button = QPushButton(_("Open"))
        self.open_button.clicked.connect(self._open_selected)
        self.remove_button = QPushButton(_("Remove file"))
        self.remove_button.clicked.connect(self.remove_selected)
        buttons.addWidget(self.add_files_button)
        buttons.addWidget(self.open_button)
        buttons.addWidget(self.remove_button)
        buttons.addStretch(1)
        column.addLayout(buttons)

        self.attachment_list = ThumbnailList()
        self.attachment_list.setViewMode(QListView.ViewMode.IconMode)
        self.attachment_list.setIconSize(THUMB)
        self.attachment_list.setGridSize(QSize(THUMB.width() + 28, THUMB.height() + 44))
        self.attachment_list.setResizeMode(QListView.ResizeMode.Adjust)
        self.attachment_list.setMovement(QListView.Movement.Static)
        self.attachment_list.setWordWrap(True)
        self.attachment_list.setUniformItemSizes(True)
        self.attachment_list.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.attachment_list.setAccessibleName(_("Attached files"))
        self.attachment_list.itemActivated.connect(
            lambda item: self.open_attachment(item.data(Qt.ItemDataRole.UserRole)))
        self.attachment_list.currentItemChanged.connect(self._attachment_selected)
        widget_key(self.attachment_list, QKeySequence.StandardKey.Delete, self.remove_selected)
        column.addWidget(self.attachment_list, 1)

        caption_row = QHBoxLayout()
        caption_label = QLabel(fields.label("caption"))
        self.caption = QLineEdit()
        self.caption.setPlaceholderText(_("What the file shows, for example: rapat koordinasi"))
        self.caption.editingFinished.connect(self._save_caption)
        caption_label.setBuddy(self.caption)
        caption_row.addWidget(caption_label)
        caption_row.addWidget(self.caption, 1)
        column.addLayout(caption_row)
        column.addWidget(hint(_(
            "Files are copied into the program's data folder, so the report keeps them even "
            "when the originals are moved or deleted. Double-click a file to open it.")))
        return panel

    def _build_costs_tab(self) -> QWidget:
        tab = QWidget()
        column = QVBoxLayout(tab)
        column.setContentsMargins(0, 8, 0, 0)
        column.addWidget(hint(_(
            "The actual cost of an activity is the sum of the costs in its reports.")))
        self.costs = QTableWidget(0, 5)
        self.costs.setHorizontalHeaderLabels([
            _("Activity"), fields.label("planned_cost_sen"), fields.label("actual_cost_sen"),
            _("Difference"), _("Reports")])
        self.costs.verticalHeader().setVisible(False)
        self.costs.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.costs.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.costs.setWordWrap(True)
        header = self.costs.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        for number in (1, 2, 3, 4):
            header.setSectionResizeMode(number, QHeaderView.ResizeMode.ResizeToContents)
        column.addWidget(self.costs, 1)
        self.cost_note = QLabel()
        self.cost_note.setWordWrap(True)
        self.cost_note.setTextFormat(Qt.TextFormat.PlainText)
        column.addWidget(self.cost_note)
        return tab

    # -- loading -----------------------------------------------------------------------------
    def load(self) -> None:
        self.attendee.show_for(self.partnership_id)
        self.reports.flush()
        keep = self._activity_id
        records = self.svc.activities.list(self.partnership_id)
        self.activity_list.blockSignals(True)
        self.activity_list.clear()
        for record in records:
            item = QListWidgetItem()
            item.setData(Qt.ItemDataRole.UserRole, record.id)
            self.activity_list.addItem(item)
        self.activity_list.blockSignals(False)
        self._refresh_activity_texts()
        self.no_activities.setVisible(not records)
        row = next((n for n, r in enumerate(records) if r.id == keep), None)
        if row is None:
            row = self._first_to_show(records)
        self._activity_id = -1  # force the reports to load for the chosen row
        self.activity_list.setCurrentRow(row)
        if row < 0:
            self._select_activity(-1)
        if self.tabs.currentIndex() == 1:
            self._refresh_costs()

    def flush(self) -> bool:
        return self.reports.flush()

    @staticmethod
    def _first_to_show(records: list[Any]) -> int:
        """The activity running today, if any: that is the one a report is usually about."""
        if not records:
            return -1
        today = date.today()
        for number, record in enumerate(records):
            first = record.start_date or record.end_date
            last = record.end_date or record.start_date
            if first and last and first <= today <= last:
                return number
        return 0

    def _refresh_activity_texts(self) -> None:
        counts = {row.activity_id: row for row in work.actual_vs_planned(self.svc,
                                                                          self.partnership_id)}
        records = {r.id: r for r in self.svc.activities.list(self.partnership_id)}
        for number in range(self.activity_list.count()):
            item = self.activity_list.item(number)
            record = records.get(item.data(Qt.ItemDataRole.UserRole))
            if record is None:
                continue
            cost = counts.get(record.id)
            when = date_span(record.start_date, record.end_date)
            reports = _("Reports: {count}").format(count=cost.reports if cost else 0)
            item.setText(f"{record.name}\n{when}\n{reports}")
            item.setToolTip(record.name)

    # -- activities and reports --------------------------------------------------------------
    def _select_activity(self, row: int) -> None:
        self.reports.flush()
        item = self.activity_list.item(row) if row >= 0 else None
        activity_id = item.data(Qt.ItemDataRole.UserRole) if item else 0
        if activity_id == self._activity_id:
            return
        self._activity_id = activity_id
        self.reports.setEnabled(bool(activity_id))
        self.reports.show_for(activity_id or None)
        # The latest report is the one usually being written.
        self.reports.select_row(self.reports.model.rowCount() - 1)

    def _after_add_report(self, _record: Any) -> None:
        self.report_tabs.setCurrentIndex(0)
        self.done.setFocus()

    def _show_report(self, record: Any | None) -> None:
        self._report_id = record.id if record is not None else 0
        self.report_tabs.setEnabled(record is not None)
        self._load_attachments()
        self._refresh_date_remark()

    def _refresh_date_remark(self) -> None:
        """Under the report's date: whether it falls before the activity's scheduled start."""
        from ..dialogs.practice_profile import show_warning

        activity = self.svc.activities.get(self._activity_id) if self._activity_id else None
        start = activity.start_date if activity is not None and self._report_id else None
        show_warning(self.date_remark,
                     report_date_remark(self.report_date.date_or_none(), start))

    def _save_report(self, report_id: int, values: dict[str, Any]) -> Any:
        values = dict(values)
        if "report_date" in values and values["report_date"] is None:
            raise ValidationError("report_date", _("Fill in the date of the report."))
        if refusal := report_date_refusal(values.get("report_date") or date.min, date.today()):
            raise ValidationError("report_date", refusal)
        if "actual_cost_sen" in values:
            values["actual_cost_sen"] = rupiah_to_sen(values["actual_cost_sen"].strip() or "0",
                                                      "actual_cost_sen")
        return self.svc.reports.update(report_id, **values)

    def _reports_changed(self) -> None:
        self._refresh_activity_texts()
        self.changed.emit()

    # -- attachments -------------------------------------------------------------------------
    def _load_attachments(self) -> None:
        self.attachment_list.clear()
        records = work.report_attachments(self.svc, self._report_id) if self._report_id else []
        for record in records:
            item = QListWidgetItem(record.original_name)
            item.setData(Qt.ItemDataRole.UserRole, record.id)
            item.setToolTip("\n".join(part for part in (
                record.original_name, record.caption, human_size(record.size)) if part))
            item.setIcon(QIcon(self._picture(record)))
            self.attachment_list.addItem(item)
        self.report_tabs.setTabText(1, _("Attachments ({count})").format(count=len(records))
                                    if records else _("Attachments"))
        self._attachment_selected(self.attachment_list.currentItem())

    def _picture(self, record: Any) -> QPixmap:
        if work.is_image(record):
            try:
                picture = thumbnail(work.stored_path(self.svc, record))
            except UserError:
                picture = None
            if picture is not None:
                return picture
        return document_icon(record.original_name)

    def _selected_attachment_id(self) -> int:
        item = self.attachment_list.currentItem()
        return item.data(Qt.ItemDataRole.UserRole) if item else 0

    def _attachment_selected(self, item: QListWidgetItem | None, _previous: Any = None) -> None:
        has = item is not None
        self.open_button.setEnabled(has)
        self.remove_button.setEnabled(has)
        self.caption.setEnabled(has)
        self.caption.setText(self.svc.attachments.get(item.data(Qt.ItemDataRole.UserRole)).caption
                             if has else "")

    def _save_caption(self) -> None:
        attachment_id = self._selected_attachment_id()
        if not attachment_id:
            return
        try:
            record = self.svc.attachments.update(attachment_id, caption=self.caption.text())
        except UserError as error:
            self.bar.show_error(error.message)
            return
        item = self.attachment_list.currentItem()
        item.setToolTip("\n".join(part for part in (
            record.original_name, record.caption, human_size(record.size)) if part))

    def choose_files(self) -> None:
        if not self._report_id:
            return
        names = open_files(
            self, self.settings, self.svc.db.data_dir, _("Add files to the report"),
            ";;".join([
                _("Photos and documents") + f" ({FILE_FILTER_IMAGES} {FILE_FILTER_DOCUMENTS})",
                _("All files") + " (*)",
            ]))
        if names:
            self.add_files(names)

    def add_files(self, paths: list[str | Path]) -> int:
        """Copy each file into the store and attach it to the selected report."""
        if not self._report_id:
            return 0
        added, problems = 0, []
        for path in paths:
            try:
                work.attach_file(self.svc, self._report_id, Path(path))
                added += 1
            except UserError as error:
                problems.append(error.message)
        self._load_attachments()
        self.report_tabs.setCurrentIndex(1)
        if problems:
            self.bar.show_error(" ".join(problems))
        elif added:
            self.bar.show_info(_("Files added to the report: {count}.").format(count=added))
        if added:
            self.attachment_list.setCurrentRow(self.attachment_list.count() - 1)
            self.changed.emit()
        return added

    def remove_selected(self) -> None:
        attachment_id = self._selected_attachment_id()
        if not attachment_id:
            return
        try:
            removed = self.svc.attachments.delete(attachment_id)
        except UserError as error:
            self.bar.show_error(error.message)
            return
        self._load_attachments()
        self.bar.show_undo(_("File removed from the report: {name}.").format(
            name=removed.record.original_name), lambda: self._undo_remove(removed))

    def _undo_remove(self, removed: Any) -> None:
        try:
            self.svc.attachments.restore(removed)
        except UserError as error:
            self.bar.show_error(error.message)
            return
        if removed.record.report_id == self._report_id:
            self._load_attachments()

    def _open_selected(self) -> None:
        attachment_id = self._selected_attachment_id()
        if attachment_id:
            self.open_attachment(attachment_id)

    def open_attachment(self, attachment_id: int) -> None:
        """Open a copy of the stored file with the program the system uses for its kind."""
        try:
            path = work.viewing_copy(self.svc, self.svc.attachments.get(attachment_id))
        except UserError as error:
            self.bar.show_error(error.message)
            return
        if not QDesktopServices.openUrl(QUrl.fromLocalFile(str(path))):
            self.bar.show_error(_("No program on this computer opens {name}.").format(
                name=path.name))

    # -- costs -------------------------------------------------------------------------------
    def _refresh_costs(self) -> None:
        rows = work.actual_vs_planned(self.svc, self.partnership_id)
        self.costs.setRowCount(len(rows) + 1)
        total_planned = sum(r.planned_sen for r in rows)
        total_actual = sum(r.actual_sen for r in rows)
        lines = [(r.name, r.planned_sen, r.actual_sen, r.difference_sen, str(r.reports))
                 for r in rows]
        lines.append((_("Total"), total_planned, total_actual, total_planned - total_actual,
                      str(sum(r.reports for r in rows))))
        for number, (name, planned, actual, difference, count) in enumerate(lines):
            total = number == len(lines) - 1
            texts = (name, format_rupiah(planned), format_rupiah(actual),
                     format_rupiah(difference), count)
            for column, text in enumerate(texts):
                item = QTableWidgetItem(text)
                if column:
                    item.setTextAlignment(Qt.AlignmentFlag.AlignRight
                                          | Qt.AlignmentFlag.AlignVCenter)
                if total:
                    font = item.font()
                    font.setBold(True)
                    item.setFont(font)
                if column == 3 and difference < 0:
                    item.setForeground(OVER_COLOUR)
                self.costs.setItem(number, column, item)
        self.costs.resizeRowsToContents()
        over = [r.name for r in rows if r.difference_sen < 0]
        if over:
            self.cost_note.setText(_("These activities cost more than planned: {names}.").format(
                names=", ".join(over)))
            self.cost_note.setStyleSheet(f"color: {OVER_COLOUR.name()};")
        else:
            self.cost_note.setText(_("No activity has cost more than planned."))
            self.cost_note.setStyleSheet("")


def _as_typed(record: Any) -> Any:
    """A report as its form shows it: the cost as the text one types (325.000), empty for 0."""
    cost = format_rupiah(record.actual_cost_sen).removeprefix("Rp") \
        if record.actual_cost_sen else ""
    return dataclasses.replace(record, actual_cost_sen=cost)
