"""Step 6 — the joint work plan: each activity with dates, a person in charge and a cost; a
timeline of the year; and the planned cost per party against the budget of step 4.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from babel.dates import get_month_names
from PySide6.QtCore import QPointF, QRectF, QSize, Qt, QTimer
from PySide6.QtGui import QColor, QFont, QHelpEvent, QPainter, QPainterPath, QPalette, QPen
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QFormLayout,
    QGridLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QSizePolicy,
    QTableWidget,
    QTableWidgetItem,
    QToolButton,
    QToolTip,
    QVBoxLayout,
    QWidget,
)

from kemitraan_desktop.domain import fields
from kemitraan_desktop.domain.dates import field_date
from kemitraan_desktop.domain.enums import Party
from kemitraan_desktop.domain.money import format_rupiah
from kemitraan_desktop.i18n import _, babel_locale
from kemitraan_desktop.services import activities as plan
from kemitraan_desktop.services import agreements

from ..people import person_column
from ..record_table import Column, RecordTable
from .base import StepPage, add_field, hint, section

PARTY_COLOURS = {
    Party.PRACTICE.value: QColor("#3a6ea5"),
    Party.PARTNER.value: QColor("#c27a2c"),
    Party.BOTH.value: QColor("#4f8a5b"),
}
TODAY_COLOUR = QColor("#c0392b")
OVER_COLOUR = QColor("#b03a2e")


def party_choices() -> tuple[tuple[str, str], ...]:
    return tuple((party.value, party.label) for party in Party)


def short_date(value: date | None) -> str:
    return field_date(value) if value else "—"


# -- the timeline ------------------------------------------------------------------------------
@dataclass(frozen=True)
class _Row:
    record: Any
    top: float
    bar: QRectF | None


class GanttChart(QWidget):
    """Months of one year across, one bar per activity; today marked with a red line.

    Activities without dates keep their row (named, marked “no date yet”), so the plan shows
    what still has to be scheduled instead of hiding it.
    """

    ROW = 26
    HEADER = 26
    LEGEND = 28
    NAME_WIDTH = 180
    RIGHT = 10

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.activities: list[Any] = []
        self.year = date.today().year
        self.today = date.today()
        self._rows: list[_Row] = []
        self.setMouseTracking(True)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.setMinimumWidth(420)
        self.setAccessibleName(_("Timeline of the activities"))

    def set_activities(self, activities: list[Any]) -> None:
        # Scheduled activities in time order; the ones still without a date at the bottom.
        self.activities = sorted(activities, key=lambda r: (
            self._span(r) is None, self._span(r) or (date.min, date.min)))
        self.updateGeometry()
        self.setFixedHeight(self.sizeHint().height())
        self.update()

    def set_year(self, year: int) -> None:
        self.year = year
        self.update()

    def sizeHint(self) -> QSize:  # noqa: N802
        rows = max(len(self.activities), 2)
        return QSize(700, self.HEADER + rows * self.ROW + self.LEGEND + 8)

    # -- geometry ------------------------------------------------------------------------------
    def name_width(self) -> int:
        return max(self.NAME_WIDTH, min(280, int(self.width() * 0.27)))

    def _x(self, day: date, left: float, width: float) -> float:
        start = date(self.year, 1, 1).toordinal()
        days = date(self.year + 1, 1, 1).toordinal() - start
        return left + (day.toordinal() - start) / days * width

    def _span(self, record: Any) -> tuple[date, date] | None:
        first = record.start_date or record.end_date
        last = record.end_date or record.start_date
        if first is None or last is None:
            return None
        return (min(first, last), max(first, last))

    # -- painting ------------------------------------------------------------------------------
    def paintEvent(self, event: Any) -> None:  # noqa: N802
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        palette = self.palette()
        text = palette.color(QPalette.ColorRole.Text)
        muted = palette.color(QPalette.ColorRole.PlaceholderText)
        base = palette.color(QPalette.ColorRole.Base)
        shade = palette.color(QPalette.ColorRole.AlternateBase)
        grid = QColor(muted)
        grid.setAlpha(70)
        painter.fillRect(self.rect(), base)

        left = float(self.name_width())
        width = max(self.width() - left - self.RIGHT, 10.0)
        body_top = float(self.HEADER)
        body_height = max(len(self.activities), 2) * self.ROW
        metrics = painter.fontMetrics()

        months = get_month_names("abbreviated", locale=babel_locale())
        for month in range(1, 13):
            x0 = self._x(date(self.year, month, 1), left, width)
            nxt = date(self.year + (month == 12), month % 12 + 1, 1)
            x1 = self._x(nxt, left, width)
            if month % 2 == 0:
                painter.fillRect(QRectF(x0, 0, x1 - x0, body_top + body_height), shade)
            painter.setPen(QPen(grid, 1))
            painter.drawLine(QPointF(x0, body_top - 4), QPointF(x0, body_top + body_height))
            painter.setPen(text)
            label = metrics.elidedText(months[month].rstrip("."), Qt.TextElideMode.ElideRight,
                                       int(x1 - x0) - 2)
            painter.drawText(QRectF(x0, 0, x1 - x0, body_top - 4),
                             Qt.AlignmentFlag.AlignCenter, label)
        painter.setPen(QPen(grid, 1))
        painter.drawLine(QPointF(0, body_top), QPointF(left + width, body_top))

        if self.today.year == self.year:
            x = self._x(self.today, left, width) + 0.5
            painter.setPen(QPen(TODAY_COLOUR, 2))
            painter.drawLine(QPointF(x, body_top - 6), QPointF(x, body_top + body_height))

        self._rows = []
        if not self.activities:
            painter.setPen(muted)
            painter.drawText(QRectF(0, body_top, left + width, body_height),
                             Qt.AlignmentFlag.AlignCenter | Qt.TextFlag.TextWordWrap,
                             _("Add activities above: they appear here on the year's timeline."))
        for index, record in enumerate(self.activities):
            top = body_top + index * self.ROW
            painter.setPen(QPen(grid, 1))
            painter.drawLine(QPointF(0, top + self.ROW), QPointF(left + width, top + self.ROW))
            name = metrics.elidedText(record.name, Qt.TextElideMode.ElideRight, int(left) - 12)
            painter.setPen(text)
            painter.drawText(QRectF(6, top, left - 10, self.ROW),
                             Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignLeft, name)
            self._rows.append(_Row(record, top, self._paint_bar(painter, record, top, left,
                                                                 width, muted)))

        self._paint_legend(painter, body_top + body_height + 6, text)
        painter.end()

    def _paint_bar(self, painter: QPainter, record: Any, top: float, left: float, width: float,
                   muted: QColor) -> QRectF | None:
        span = self._span(record)
        middle = top + self.ROW / 2
        if span is None:
            italic = QFont(painter.font())
            italic.setItalic(True)
            painter.save()
            painter.setFont(italic)
            painter.setPen(muted)
            painter.drawText(QRectF(left + 6, top, width - 12, self.ROW),
                             Qt.AlignmentFlag.AlignVCenter, _("no date yet"))
            painter.restore()
            return None
        first, last = span
        year_start, year_end = date(self.year, 1, 1), date(self.year, 12, 31)
        if last < year_start or first > year_end:
            painter.save()
            painter.setPen(muted)
            before = last < year_start
            label = (f"◀ {short_date(first)}" if before else f"{short_date(first)} ▶")
            align = Qt.AlignmentFlag.AlignLeft if before else Qt.AlignmentFlag.AlignRight
            painter.drawText(QRectF(left + 6, top, width - 12, self.ROW),
                             align | Qt.AlignmentFlag.AlignVCenter, label)
            painter.restore()
            return None
        colour = PARTY_COLOURS.get(record.party, PARTY_COLOURS[Party.BOTH.value])
        x0 = self._x(max(first, year_start), left, width)
        x1 = self._x(min(last, year_end), left, width) + width / 365
        painter.save()
        if first == last:  # one day: a milestone diamond
            size = 7.0
            path = QPainterPath()
            path.moveTo(x0, middle - size)
            path.lineTo(x0 + size, middle)
            path.lineTo(x0, middle + size)
            path.lineTo(x0 - size, middle)
            path.closeSubpath()
            painter.fillPath(path, colour)
            painter.restore()
            return QRectF(x0 - size, middle - size, 2 * size, 2 * size)
        bar = QRectF(x0, middle - 7, max(x1 - x0, 4.0), 14)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(colour)
        painter.drawRoundedRect(bar, 3, 3)
        # An open end shows the activity runs on into the previous or next year.
        painter.setPen(QPen(QColor("white"), 1.5))
        if bar.width() < 18:
            painter.restore()
            return bar
        if first < year_start:
            painter.drawText(bar.adjusted(3, -2, 0, 2), Qt.AlignmentFlag.AlignLeft
                             | Qt.AlignmentFlag.AlignVCenter, "◀")
        if last > year_end:
            painter.drawText(bar.adjusted(0, -2, -3, 2), Qt.AlignmentFlag.AlignRight
                             | Qt.AlignmentFlag.AlignVCenter, "▶")
        painter.restore()
        return bar

    def _paint_legend(self, painter: QPainter, top: float, text: QColor) -> None:
        metrics = painter.fontMetrics()
        x = 6.0
        entries = [(PARTY_COLOURS[p.value], p.label) for p in Party]
        for colour, label in entries:
            painter.fillRect(QRectF(x, top + 6, 12, 12), colour)
            painter.setPen(text)
            painter.drawText(QPointF(x + 17, top + 6 + metrics.ascent() - 1), label)
            x += 17 + metrics.horizontalAdvance(label) + 18
        if self.today.year == self.year:
            painter.setPen(QPen(TODAY_COLOUR, 2))
            painter.drawLine(QPointF(x + 5, top + 4), QPointF(x + 5, top + 20))
            painter.setPen(text)
            painter.drawText(QPointF(x + 13, top + 6 + metrics.ascent() - 1), _("Today"))

    # -- tooltips ------------------------------------------------------------------------------
    def event(self, event: Any) -> bool:
        if event.type() == event.Type.ToolTip:
            help_event: QHelpEvent = event
            row = self.row_at(help_event.position() if hasattr(help_event, "position")
                              else QPointF(help_event.pos()))
            if row is None:
                QToolTip.hideText()
            else:
                QToolTip.showText(help_event.globalPos(), self.describe(row.record), self)
            return True
        return super().event(event)

    def row_at(self, point: QPointF) -> _Row | None:
        for row in self._rows:
            if row.top <= point.y() < row.top + self.ROW:
                return row
        return None

    @staticmethod
    def describe(record: Any) -> str:
        lines = [record.name, f"{short_date(record.start_date)} – {short_date(record.end_date)}"]
        if record.person_in_charge:
            lines.append(f"{fields.label('person_in_charge')}: {record.person_in_charge}")
        lines.append(f"{fields.label('party')}: {Party(record.party).label}")
        return "\n".join(lines)


# -- the page ----------------------------------------------------------------------------------
class WorkPlanPage(StepPage):
    number = 6

    def __init__(self, svc, parent=None) -> None:  # noqa: ANN001
        super().__init__(svc, parent)
        layout = QVBoxLayout(self.body)
        layout.setContentsMargins(16, 8, 16, 16)

        layout.addWidget(section(_("Activities of the work plan")))
        layout.addWidget(hint(_(
            "List each activity of the agreed programme: when it runs, who is in charge, which "
            "party carries it and what it is planned to cost. Double-click a cell to change it.")))
        # The plan annexed to a signed agreement changed: the signed lampiran no longer says it.
        self.annex_note = QLabel()
        self.annex_note.setObjectName("annexNote")
        self.annex_note.setWordWrap(True)
        self.annex_note.setTextFormat(Qt.TextFormat.PlainText)
        self.annex_note.setStyleSheet(f"color: {OVER_COLOUR.name()};")
        self.annex_note.hide()
        layout.addWidget(self.annex_note)
        columns = [
            Column("name", _("Activity"), stretch=True),
            Column("start_date", _("Start"), "date", width=96),
            Column("end_date", _("End"), "date", width=96),
            person_column("person_in_charge", fields.label("person_in_charge"), svc,
                          lambda: self.partnership_id),
            Column("party", fields.label("party"), "choice", party_choices(), width=96),
            Column("planned_cost_sen", fields.label("planned_cost_sen"), "money", width=122),
        ]
        # Deleting an activity takes its reports and their files along; Undo brings all back.
        self.table = RecordTable(
            svc.activities, columns, add_label=_("Add activity"),
            defaults=lambda: {"name": _("New activity"), "party": Party.BOTH.value,
                              "position": self.table.model.rowCount()},
            message_bar=self.bar)
        # Long names wrap onto a second line instead of being cut off, and the table grows
        # with its rows (up to a limit) so the page does not scroll inside a scrolling page.
        self._fit_timer = QTimer(self)
        self._fit_timer.setSingleShot(True)
        self._fit_timer.setInterval(0)
        self._fit_timer.timeout.connect(self._fit_table)
        self.table.view.horizontalHeader().sectionResized.connect(
            lambda *_args: self._fit_timer.start())
        self.table.model.modelReset.connect(self._fit_timer.start)
        self.table.model.dataChanged.connect(lambda *_args: self._fit_timer.start())
        self.table.view.setFixedHeight(150)
        self.table.changed.connect(self._table_changed)
        self.table.current_changed.connect(self._show_details)
        layout.addWidget(self.table)

        # The fields that do not fit the table, for the selected activity.
        self.details_title = QLabel()
        self.details_title.setStyleSheet("font-weight: 600; color: #1f3d3a;")
        self.details_title.setTextFormat(Qt.TextFormat.PlainText)
        self.details_title.setWordWrap(True)
        self.binder = self.table.details_binder(self._save_activity, self)
        self.binder.report_to(self.bar)
        self.description = QPlainTextEdit()
        self.description.setTabChangesFocus(True)
        self.description.setFixedHeight(64)
        self.description.setPlaceholderText(_("What happens in this activity, and for whom"))
        self.location = QLineEdit()
        self.location.setPlaceholderText(_("For example: ruang tunggu praktik"))
        self.goal = QComboBox()
        self.goal.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.goal.setMinimumContentsLength(20)
        left = QFormLayout()
        left.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.binder.bind_text("description", self.description,
                              add_field(left, "description", self.description))
        right = QFormLayout()
        right.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.binder.bind_line("location", self.location,
                              add_field(right, "location", self.location))
        add_field(right, "goal_id", self.goal, _("Goal (step 3)"))
        self.binder.bind_combo("goal_id", self.goal)
        self.details = QWidget()
        grid = QGridLayout(self.details)
        grid.setContentsMargins(0, 0, 0, 0)
        grid.addWidget(self.details_title, 0, 0, 1, 2)
        grid.addLayout(left, 1, 0)
        grid.addLayout(right, 1, 1)
        grid.setColumnStretch(0, 3)
        grid.setColumnStretch(1, 2)
        layout.addWidget(self.details)

        # The timeline.
        timeline_head = QHBoxLayout()
        timeline_head.addWidget(section(_("Timeline")), 1)
        self.previous_year = QToolButton()
        self.previous_year.setText("◀")
        self.previous_year.setToolTip(_("Previous year"))
        self.previous_year.clicked.connect(lambda: self.show_year(self.gantt.year - 1))
        self.year_label = QLabel()
        self.year_label.setObjectName("sectionTitle")
        self.next_year = QToolButton()
        self.next_year.setText("▶")
        self.next_year.setToolTip(_("Next year"))
        self.next_year.clicked.connect(lambda: self.show_year(self.gantt.year + 1))
        for widget in (self.previous_year, self.year_label, self.next_year):
            timeline_head.addWidget(widget)
        layout.addLayout(timeline_head)
        self.gantt = GanttChart()
        layout.addWidget(self.gantt)

        # Planned cost against the budget.
        layout.addWidget(section(_("Planned cost against the budget (step 4)")))
        # In total: an activity names who carries it out, a budget line who pays for it.
        self.costs = QTableWidget(0, 3)
        self.costs.setHorizontalHeaderLabels(
            [_("Budget (step 4)"), _("Planned in activities"), _("Difference")])
        self.costs.verticalHeader().setVisible(False)
        self.costs.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.costs.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        self.costs.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        header = self.costs.horizontalHeader()
        for column in (0, 1, 2):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.Stretch)
        layout.addWidget(self.costs)
        self.cost_note = QLabel()
        self.cost_note.setWordWrap(True)
        self.cost_note.setTextFormat(Qt.TextFormat.PlainText)
        layout.addWidget(self.cost_note)
        layout.addStretch(1)
        self._show_details(None)

    # -- loading -----------------------------------------------------------------------------
    def load(self) -> None:
        self.table.flush()
        self.goal.blockSignals(True)
        self.goal.clear()
        self.goal.addItem(_("— no goal —"), 0)
        for goal in self.svc.goals.list(self.partnership_id):
            text = goal.description.strip().splitlines()[0] if goal.description.strip() else \
                _("Goal {number}").format(number=goal.position + 1)
            self.goal.addItem(text, goal.id)
            self.goal.setItemData(self.goal.count() - 1, goal.description,
                                  Qt.ItemDataRole.ToolTipRole)
        self.goal.blockSignals(False)
        self.table.show_for(self.partnership_id)
        records = self.table.model.records
        self.gantt.set_activities(records)
        self.show_year(self._default_year(records))
        if records and self.table.current_record() is None:
            self.table.select_row(0)
        self._refresh_costs()

    def flush(self) -> bool:
        return self.table.flush()

    @staticmethod
    def _default_year(records: list[Any]) -> int:
        this_year = date.today().year
        years = sorted({d.year for r in records for d in (r.start_date, r.end_date) if d})
        if not years or years[0] <= this_year <= years[-1]:
            return this_year
        return years[0] if years[0] > this_year else years[-1]

    def show_year(self, year: int) -> None:
        self.gantt.set_year(year)
        self.year_label.setText(str(year))

    def _fit_table(self) -> None:
        view = self.table.view
        view.resizeRowsToContents()
        rows = sum(view.rowHeight(r) for r in range(self.table.model.rowCount()))
        height = view.horizontalHeader().height() + rows + 2 * view.frameWidth() + 30
        view.setFixedHeight(max(150, min(height, 380)))

    def resizeEvent(self, event: Any) -> None:  # noqa: N802
        super().resizeEvent(event)
        self._fit_timer.start()

    # -- the selected activity ---------------------------------------------------------------
    def _show_details(self, record: Any | None) -> None:
        self.details.setEnabled(record is not None)
        if record is None:
            self.details_title.setText(_("Select an activity to add its description, place "
                                         "and goal."))
            return
        self.details_title.setText(_("Details of “{name}”").format(name=record.name))

    def _save_activity(self, record_id: int, values: dict[str, Any]) -> Any:
        if "goal_id" in values:
            values = {**values, "goal_id": values["goal_id"] or None}
        return self.svc.activities.update(record_id, **values)

    # -- the overview ------------------------------------------------------------------------
    def _table_changed(self) -> None:
        records = self.table.model.records
        current = self.table.current_record()
        if current is not None:
            self.details_title.setText(_("Details of “{name}”").format(name=current.name))
            first = current.start_date or current.end_date
            last = current.end_date or current.start_date
            if first is not None and not first.year <= self.gantt.year <= last.year:
                self.show_year(first.year)  # the chart shows the activity just dated
        self.gantt.set_activities(records)
        self._refresh_costs()
        self.changed.emit()

    def _refresh_costs(self) -> None:
        changes = agreements.changed_lampiran(self.svc, self.partnership_id)
        self.annex_note.setText("\n".join(
            _("⚠ This plan differs from {lampiran} of the signed agreement (signed: "
              "{signed_total}; now: {now_total}). A change to a signed lampiran is made by an "
              "adendum (step 5).").format(
                lampiran=change.label, signed_total=change.signed_total,
                now_total=change.now_total)
            for change in changes))
        self.annex_note.setVisible(bool(changes))
        result = plan.plan_vs_budget(self.svc, self.partnership_id)
        rows = [(result.budget_sen, result.planned_sen, result.difference_sen)]
        self.costs.setRowCount(len(rows))
        for number, amounts in enumerate(rows):
            for column, amount in enumerate(amounts):
                item = QTableWidgetItem(format_rupiah(amount))
                item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
                if column == 2 and amount < 0:
                    item.setForeground(OVER_COLOUR)
                self.costs.setItem(number, column, item)
        self.costs.resizeRowsToContents()
        height = self.costs.horizontalHeader().height() + 4 + sum(
            self.costs.rowHeight(n) for n in range(len(rows)))
        self.costs.setFixedHeight(height)
        if result.empty:
            note = _("No budget lines (step 4) and no planned costs yet.")
        elif result.over_budget:
            note = _("The planned activities cost {amount} more than the budget of step 4. "
                     "Lower the planned cost or add to the budget in step 4.").format(
                         amount=format_rupiah(-result.difference_sen))
        else:
            note = _("The planned activities fit within the budget of step 4.")
        self.cost_note.setText(note)
        self.cost_note.setProperty("warning", bool(result.over_budget))
        self.cost_note.setStyleSheet(f"color: {OVER_COLOUR.name()};" if result.over_budget
                                     else "")
