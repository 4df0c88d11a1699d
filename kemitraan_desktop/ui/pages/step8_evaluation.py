"""Step 8 — monitoring and evaluation: indicators with their values over time, the five keys of
success scored by each party on its own, the comparison of both, and what to do next.
"""

from __future__ import annotations

import math
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from babel.numbers import format_decimal
from PySide6.QtCore import QPointF, QRectF, QSize, Qt, QTimer
from PySide6.QtGui import (
    QColor,
    QFont,
    QKeySequence,
    QPainter,
    QPalette,
    QPen,
    QPolygonF,
)
from PySide6.QtWidgets import (
    QAbstractItemView,
    QButtonGroup,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QRadioButton,
    QScrollArea,
    QSizePolicy,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from kemitraan_desktop.domain import fields
from kemitraan_desktop.domain.dates import format_date
from kemitraan_desktop.domain.enums import Direction, Frequency, Party, SuccessKey
from kemitraan_desktop.domain.errors import UserError
from kemitraan_desktop.domain.five_keys import judgement, statements_for
from kemitraan_desktop.i18n import _, babel_locale, ngettext
from kemitraan_desktop.services import evaluation, people

from ..date_field import DateField
from ..people import PersonPicker, person_column
from ..proposals import clear_proposed, mark_proposed
from ..record_table import Column, RecordTable
from ..shortcuts import widget_key
from .base import ShownTabTabs, StepPage, error_label, hint, section

PRACTICE_COLOUR = QColor("#3a6ea5")
PARTNER_COLOUR = QColor("#c27a2c")
TARGET_COLOUR = QColor("#2e7d32")
LIGHTS = {
    "green": (QColor("#2e7d32"), QColor("#e3f2e6")),
    "amber": (QColor("#b7791f"), QColor("#fff3d6")),
    "red": (QColor("#b03a2e"), QColor("#f9e1de")),
}
DISPUTE_BACKGROUND = QColor("#ffe8cc")
DISPUTE_TEXT = QColor("#9a4a00")
AUTOSAVE_MS = 800
NOTE_STYLE = ("background: {background}; color: {text}; border: 1px solid {border}; "
              "border-radius: 4px; padding: 6px;")

SCALE = {
    1: lambda: _("strongly disagree"),
    2: lambda: _("disagree"),
    3: lambda: _("neutral"),
    4: lambda: _("agree"),
    5: lambda: _("strongly agree"),
}


def number(value: float | Decimal | None, digits: int = 2) -> str:
    if value is None:
        return "—"
    pattern = "0." + "0" * digits if digits else "0"
    if isinstance(value, Decimal) and digits == 0:
        pattern = "#,##0.##"
    return format_decimal(value, format=pattern, locale=babel_locale())


def long_date(value: date | None) -> str:
    return format_date(value, babel_locale()) if value else "—"


def nice_step(raw: float) -> float:
    """A round step for an axis (1, 2, 2.5 or 5 times a power of ten) at least *raw*."""
    if raw <= 0:
        return 1.0
    power = 10 ** math.floor(math.log10(raw))
    for factor in (1, 2, 2.5, 5, 10):
        if factor * power >= raw:
            return factor * power
    return 10 * power


def wrap_rows(table: RecordTable) -> None:
    """Let long text wrap onto more lines of its row instead of being cut off."""
    view = table.view
    timer = QTimer(table)
    timer.setSingleShot(True)
    timer.setInterval(0)
    timer.timeout.connect(view.resizeRowsToContents)
    view.horizontalHeader().sectionResized.connect(lambda *_args: timer.start())
    table.model.modelReset.connect(timer.start)
    table.model.dataChanged.connect(lambda *_args: timer.start())


def plain_label(text: str = "", wrap: bool = True) -> QLabel:
    label = QLabel(text)
    label.setTextFormat(Qt.TextFormat.PlainText)
    label.setWordWrap(wrap)
    return label


# -- charts ------------------------------------------------------------------------------------
class ProgressChart(QWidget):
    """The values of one indicator per period, with its target (dashed) and baseline (dotted)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.series: evaluation.IndicatorSeries | None = None
        self.setMinimumSize(260, 180)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.setAccessibleName(_("Progress chart of the indicator"))

    def set_series(self, series: evaluation.IndicatorSeries | None) -> None:
        self.series = series
        self.update()

    def sizeHint(self) -> QSize:  # noqa: N802
        return QSize(380, 220)

    def paintEvent(self, event: Any) -> None:  # noqa: N802
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        palette = self.palette()
        text = palette.color(QPalette.ColorRole.Text)
        muted = palette.color(QPalette.ColorRole.PlaceholderText)
        painter.fillRect(self.rect(), palette.color(QPalette.ColorRole.Base))
        painter.setPen(QPen(QColor("#d5dbd8"), 1))
        painter.drawRect(self.rect().adjusted(0, 0, -1, -1))
        series = self.series
        if series is None or not series.points:
            painter.setPen(muted)
            message = (_("Select an indicator to see its progress.") if series is None
                       else _("No values yet: add the first one beside this chart."))
            painter.drawText(QRectF(self.rect()).adjusted(12, 12, -12, -12),
                             Qt.AlignmentFlag.AlignCenter | Qt.TextFlag.TextWordWrap, message)
            painter.end()
            return
        metrics = painter.fontMetrics()
        values = [float(p.value) for p in series.points]
        low = min(values + [float(series.baseline), float(series.target)])
        high = max(values + [float(series.baseline), float(series.target)])
        if high == low:
            high, low = high + 1, low - 1
        pad = (high - low) * 0.04
        floor = min(values + [float(series.baseline), float(series.target)])
        step = nice_step((high - low + 2 * pad) / 5)
        low = math.floor((low - pad) / step) * step
        high = math.ceil((high + pad) / step) * step
        if low < 0 <= floor:
            low = 0.0
        ticks = [low + step * n for n in range(int(round((high - low) / step)) + 1)]
        digits = 0 if step >= 1 else 1 if step >= 0.1 else 2
        left = 12.0 + max(metrics.horizontalAdvance(number(v, digits)) for v in ticks)
        right_label = max(metrics.horizontalAdvance(_("Target")),
                          metrics.horizontalAdvance(_("Baseline"))) + 14
        area = QRectF(left, 14, self.width() - left - right_label, self.height() - 14 - 34)

        def y_of(value: float) -> float:
            return area.bottom() - (value - low) / (high - low) * area.height()

        painter.setFont(self.font())
        for value in ticks:
            y = y_of(value)
            painter.setPen(QPen(QColor("#e6ebe9"), 1))
            painter.drawLine(QPointF(area.left(), y), QPointF(area.right(), y))
            painter.setPen(muted)
            painter.drawText(QRectF(0, y - 9, left - 6, 18),
                             Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter,
                             number(value, digits))
        for value, colour, style, label in (
            (float(series.baseline), muted, Qt.PenStyle.DotLine, _("Baseline")),
            (float(series.target), TARGET_COLOUR, Qt.PenStyle.DashLine, _("Target")),
        ):
            y = y_of(value)
            painter.setPen(QPen(colour, 1.6, style))
            painter.drawLine(QPointF(area.left(), y), QPointF(area.right(), y))
            painter.setPen(colour)
            painter.drawText(QRectF(area.right() + 6, y - 9, right_label, 18),
                             Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter, label)

        count = len(values)
        gap = area.width() / max(count, 1)
        points = [QPointF(area.left() + gap * (i + 0.5), y_of(v)) for i, v in enumerate(values)]
        painter.setPen(QPen(PRACTICE_COLOUR, 2.2))
        painter.drawPolyline(QPolygonF(points))
        painter.setBrush(PRACTICE_COLOUR)
        # Label every period when they fit side by side, else every second, third …
        widest = max(metrics.horizontalAdvance(p.period) for p in series.points) + 4
        every = max(1, math.ceil(widest / gap))
        for index, (point, value) in enumerate(zip(points, series.points, strict=True)):
            painter.setPen(Qt.PenStyle.NoPen)
            painter.drawEllipse(point, 3.5, 3.5)
            painter.setPen(text)
            if (count - 1 - index) % every == 0:
                painter.drawText(QRectF(point.x() - widest / 2, area.bottom() + 6, widest, 18),
                                 Qt.AlignmentFlag.AlignCenter, value.period)
            label = number(value.value, 0)
            if metrics.horizontalAdvance(label) + 6 < gap or (count - 1 - index) % every == 0:
                painter.drawText(QRectF(point.x() - 40, point.y() - 22, 80, 18),
                                 Qt.AlignmentFlag.AlignCenter, label)
        painter.end()


class RadarChart(QWidget):
    """Five axes, one per key; one polygon per party. Disputed keys are named in a warm colour."""

    LABEL_WIDTH = 118

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.practice: dict[SuccessKey, float | None] = {}
        self.partner: dict[SuccessKey, float | None] = {}
        self.disputed: set[SuccessKey] = set()
        self.setMinimumSize(320, 240)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.setAccessibleName(_("Radar chart of the five keys"))

    def set_values(self, practice: dict[SuccessKey, float | None],
                   partner: dict[SuccessKey, float | None], disputed: set[SuccessKey]) -> None:
        self.practice, self.partner, self.disputed = practice, partner, disputed
        self.update()

    def sizeHint(self) -> QSize:  # noqa: N802
        return QSize(400, 260)

    def paintEvent(self, event: Any) -> None:  # noqa: N802
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        palette = self.palette()
        text = palette.color(QPalette.ColorRole.Text)
        muted = palette.color(QPalette.ColorRole.PlaceholderText)
        painter.fillRect(self.rect(), palette.color(QPalette.ColorRole.Base))
        metrics = painter.fontMetrics()
        legend_height = metrics.height() + 10
        keys = list(SuccessKey)
        center = QPointF(self.width() / 2, legend_height + (self.height() - legend_height) / 2)
        radius = max(30.0, min(self.width() / 2 - self.LABEL_WIDTH + 8,
                               (self.height() - legend_height) / 2 - 2.3 * metrics.height()))

        def point(index: int, value: float) -> QPointF:
            angle = -math.pi / 2 + index * 2 * math.pi / len(keys)
            return QPointF(center.x() + math.cos(angle) * radius * value / 5,
                           center.y() + math.sin(angle) * radius * value / 5)

        for ring in range(1, 6):
            painter.setPen(QPen(QColor("#d9dfdc"), 1))
            painter.setBrush(Qt.BrushStyle.NoBrush)
            painter.drawPolygon(QPolygonF([point(i, ring) for i in range(len(keys))]))
            painter.setPen(muted)
            label_at = point(0, ring)
            painter.drawText(QRectF(label_at.x() + 3, label_at.y() - 14, 20, 14),
                             Qt.AlignmentFlag.AlignLeft, str(ring))
        for index in range(len(keys)):
            painter.setPen(QPen(QColor("#d9dfdc"), 1))
            painter.drawLine(center, point(index, 5))

        for values, colour in ((self.practice, PRACTICE_COLOUR), (self.partner, PARTNER_COLOUR)):
            if not any(v is not None for v in values.values()):
                continue
            polygon = QPolygonF([point(i, values.get(k) or 0) for i, k in enumerate(keys)])
            fill = QColor(colour)
            fill.setAlpha(55)
            painter.setPen(QPen(colour, 2))
            painter.setBrush(fill)
            painter.drawPolygon(polygon)
            painter.setBrush(colour)
            painter.setPen(Qt.PenStyle.NoPen)
            for corner in polygon:
                painter.drawEllipse(corner, 3, 3)

        bold = QFont(self.font())
        bold.setBold(True)
        for index, key in enumerate(keys):
            outer = point(index, 5.55)
            label = key.label + (" ⚠" if key in self.disputed else "")
            painter.setFont(bold if key in self.disputed else self.font())
            painter.setPen(DISPUTE_TEXT if key in self.disputed else text)
            box = painter.fontMetrics().boundingRect(
                0, 0, self.LABEL_WIDTH, 200, Qt.TextFlag.TextWordWrap, label)
            dx = outer.x() - center.x()
            if abs(dx) < 4:
                rect = QRectF(outer.x() - box.width() / 2, outer.y() - box.height(),
                              box.width(), box.height())
                align = Qt.AlignmentFlag.AlignHCenter
            elif dx > 0:
                rect = QRectF(outer.x(), outer.y() - box.height() / 2, box.width(), box.height())
                align = Qt.AlignmentFlag.AlignLeft
            else:
                rect = QRectF(outer.x() - box.width(), outer.y() - box.height() / 2,
                              box.width(), box.height())
                align = Qt.AlignmentFlag.AlignRight
            if outer.y() > center.y() + radius * 0.5:  # the two lower keys: below the corner
                rect.moveTop(outer.y() - 4)
            painter.drawText(rect, align | Qt.TextFlag.TextWordWrap, label)

        painter.setFont(self.font())
        x = 8.0
        for colour, label in ((PRACTICE_COLOUR, Party.PRACTICE.label),
                              (PARTNER_COLOUR, Party.PARTNER.label)):
            painter.fillRect(QRectF(x, 8, 12, 12), colour)
            painter.setPen(text)
            painter.drawText(QPointF(x + 17, 8 + metrics.ascent() - 1), label)
            x += 17 + metrics.horizontalAdvance(label) + 18
        painter.end()


# -- the page ----------------------------------------------------------------------------------
class EvaluationPage(StepPage):
    number = 8

    TAB_INDICATORS, TAB_QUESTIONNAIRE, TAB_SUMMARY, TAB_ACTIONS = range(4)

    def __init__(self, svc, parent=None) -> None:  # noqa: ANN001
        super().__init__(svc, parent)
        self.values_entities = evaluation.IndicatorValues(svc)
        self.party = Party.PRACTICE.value
        self._dirty = False
        self._loading = False
        self._new_round = False
        self._indicator_id = 0
        layout = QVBoxLayout(self.body)
        layout.setContentsMargins(12, 8, 12, 8)
        self.tabs = ShownTabTabs()
        self.tabs.setDocumentMode(True)
        self.tabs.addTab(self._build_indicators(), _("Indicators"))
        self.tabs.addTab(self._build_questionnaire(), _("Five keys: scoring"))
        self.tabs.addTab(self._build_summary(), _("Five keys: comparison"))
        self.tabs.addTab(self._build_actions(), _("Follow-up"))
        self.tabs.currentChanged.connect(self._tab_changed)
        layout.addWidget(self.tabs)
        self._autosave = QTimer(self)
        self._autosave.setSingleShot(True)
        self._autosave.setInterval(AUTOSAVE_MS)
        self._autosave.timeout.connect(lambda: self.save_scoring(quiet=True))

    # -- building: indicators ----------------------------------------------------------------
    def _build_indicators(self) -> QWidget:
        tab = QWidget()
        column = QVBoxLayout(tab)
        column.setContentsMargins(0, 8, 0, 0)
        column.addWidget(hint(_(
            "Indicators show whether the partnership reaches its goals. Give each a baseline "
            "and a target, then enter its value for every period.")))
        direction = tuple((d.value, d.label) for d in Direction)
        frequency = tuple((f.value, f.label) for f in Frequency)
        self.indicators = RecordTable(
            self.svc.indicators,
            [Column("name", _("Indicator"), stretch=True),
             Column("unit", fields.label("unit"), width=64),
             Column("baseline", fields.label("baseline"), "decimal", width=70),
             Column("target", fields.label("target"), "decimal", width=70),
             Column("direction", fields.label("direction"), "choice", direction, width=170),
             Column("frequency", fields.label("frequency"), "choice", frequency, width=100)],
            add_label=_("Add indicator"),
            defaults=lambda: {"name": _("New indicator"),
                              "position": self.indicators.model.rowCount()},
            message_bar=self.bar)
        wrap_rows(self.indicators)
        self.indicators.view.setMinimumHeight(96)
        self.indicators.view.setMaximumHeight(122)
        self.indicators.current_changed.connect(self._select_indicator)
        self.indicators.changed.connect(self._indicators_changed)
        column.addWidget(self.indicators)
        # Indicators the partnership states already (its goals; for BPJS the KBK ones): offered.
        offer = QHBoxLayout()
        self.offer_label = QLabel()
        self.offer_label.setObjectName("hint")
        self.offer_label.setWordWrap(True)
        self.offer_label.setTextFormat(Qt.TextFormat.PlainText)
        self.offer_button = QPushButton(_("Add them"))
        self.offer_button.clicked.connect(self.add_offered_indicators)
        offer.addWidget(self.offer_label, 1)
        offer.addWidget(self.offer_button)
        column.addLayout(offer)

        self.values_title = section("")
        self.values_title.setTextFormat(Qt.TextFormat.PlainText)
        column.addWidget(self.values_title)
        self.values = RecordTable(
            self.values_entities,
            [Column("period", fields.label("period"), width=84),
             Column("value", fields.label("value"), "decimal", width=80),
             Column("note", fields.label("note"), stretch=True)],
            add_label=_("Add value"), defaults=self._value_defaults, message_bar=self.bar)
        self.values.view.setToolTip(_("Period: 2026-10 (a month), 2026-Q3 (a quarter) or 2026 "
                                      "(a year)."))
        self.values.changed.connect(self._values_changed)
        self.chart = ProgressChart()
        splitter = QSplitter(Qt.Orientation.Horizontal)
        splitter.setChildrenCollapsible(False)
        splitter.addWidget(self.values)
        splitter.addWidget(self.chart)
        splitter.setSizes([330, 400])
        column.addWidget(splitter, 1)
        self.progress = plain_label()
        column.addWidget(self.progress)
        return tab

    def _value_defaults(self) -> dict[str, Any]:
        series = evaluation.series_of(self.svc, self._indicator_id)
        taken = [p.period for p in series.points]
        return {"period": evaluation.next_period(
                    series.frequency, taken,
                    evaluation.proposed_day(self.svc, self.partnership_id)),
                "value": series.latest if series.latest is not None else series.baseline}

    # -- building: the questionnaire ---------------------------------------------------------
    def _build_questionnaire(self) -> QWidget:
        tab = QWidget()
        column = QVBoxLayout(tab)
        column.setContentsMargins(0, 8, 0, 0)

        head = QGridLayout()
        head.setHorizontalSpacing(10)
        who = QLabel(_("Who is scoring?"))
        self.party_buttons = QButtonGroup(self)
        self.practice_radio = QRadioButton(Party.PRACTICE.label)
        self.partner_radio = QRadioButton(Party.PARTNER.label)
        self.party_buttons.addButton(self.practice_radio)
        self.party_buttons.addButton(self.partner_radio)
        self.practice_radio.setChecked(True)
        self.practice_radio.toggled.connect(lambda on: self.choose_party(
            Party.PRACTICE.value if on else Party.PARTNER.value))
        who.setBuddy(self.practice_radio)
        parties = QHBoxLayout()
        parties.addWidget(self.practice_radio)
        parties.addWidget(self.partner_radio)
        parties.addStretch(1)
        self.assessed_on = DateField(field="assessed_on")
        self.assessed_on.edited.connect(self._mark_dirty)
        self.assessor = PersonPicker(self.svc, placeholder=_("Who is scoring"))
        self.assessor.textEdited.connect(lambda _t: self._mark_dirty())
        self.assessor.chosen.connect(lambda _person: self._mark_dirty())
        date_label = QLabel(fields.label("assessed_on"))
        date_label.setBuddy(self.assessed_on)
        assessor_label = QLabel(fields.label("assessor"))
        assessor_label.setBuddy(self.assessor)
        head.addWidget(who, 0, 0)
        head.addLayout(parties, 0, 1, 1, 3)
        head.addWidget(date_label, 1, 0)
        head.addWidget(self.assessed_on, 1, 1)
        head.addWidget(assessor_label, 1, 2)
        head.addWidget(self.assessor, 1, 3)
        self.assessed_on_error = error_label()
        self.assessed_on.set_error_label(self.assessed_on_error)
        head.addWidget(self.assessed_on_error, 2, 0, 1, 4)
        head.setColumnStretch(3, 1)
        column.addLayout(head)
        self.scoring_status = hint("")
        self.scoring_status.setTextFormat(Qt.TextFormat.PlainText)
        column.addWidget(self.scoring_status)

        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.StyledPanel)
        content = QWidget()
        content.setObjectName("questionnaire")
        content.setStyleSheet("QWidget#questionnaire { background: white; }")
        grid = QGridLayout(content)
        grid.setContentsMargins(10, 6, 10, 10)
        grid.setHorizontalSpacing(6)
        grid.setVerticalSpacing(4)
        scale = plain_label("   ".join(f"{n} = {text()}" for n, text in SCALE.items()))
        scale.setObjectName("hint")
        grid.addWidget(scale, 0, 0, 1, 6)
        self.answer_groups: dict[str, QButtonGroup] = {}
        self.statement_labels: dict[str, QLabel] = {}
        row = 1
        for key in SuccessKey:
            title = plain_label(key.label)
            title.setStyleSheet("font-weight: 600; color: #2c5f5a; padding-top: 8px;")
            grid.addWidget(title, row, 0, 1, 6)
            row += 1
            for statement in statements_for(key):
                label = plain_label(statement.label)
                label.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
                grid.addWidget(label, row, 0)
                group = QButtonGroup(self)
                for score in range(1, 6):
                    radio = QRadioButton(str(score))
                    radio.setToolTip(f"{score} = {SCALE[score]()}")
                    radio.setAccessibleName(f"{statement.label} {score}")
                    group.addButton(radio, score)
                    grid.addWidget(radio, row, score)
                group.idClicked.connect(lambda _id: self._mark_dirty())
                label.setBuddy(group.button(1))
                self.answer_groups[statement.code] = group
                self.statement_labels[statement.code] = label
                row += 1
        grid.setColumnStretch(0, 1)
        grid.setRowStretch(row, 1)
        scroll.setWidget(content)
        column.addWidget(scroll, 1)

        buttons = QHBoxLayout()
        self.save_button = QPushButton(_("Save the scoring"))
        self.save_button.setToolTip(_("Ctrl+S. The scoring is also saved by itself as you go."))
        self.save_button.clicked.connect(lambda: self.save_scoring(quiet=False))
        self.new_round_button = QPushButton(_("Start a new round"))
        self.new_round_button.setToolTip(_(
            "For the next evaluation (for example next year): the earlier scoring is kept."))
        self.new_round_button.clicked.connect(self.start_new_round)
        self.answered = hint("")
        buttons.addWidget(self.save_button)
        buttons.addWidget(self.new_round_button)
        buttons.addWidget(self.answered, 1)
        column.addLayout(buttons)
        widget_key(tab, QKeySequence.StandardKey.Save, lambda: self.save_scoring(quiet=False),
                   Qt.ShortcutContext.WidgetWithChildrenShortcut)
        return tab

    # -- building: the comparison ------------------------------------------------------------
    def _build_summary(self) -> QWidget:
        tab = QWidget()
        column = QVBoxLayout(tab)
        column.setContentsMargins(0, 8, 0, 0)
        column.addWidget(hint(_(
            "Each party scores on its own; here both are compared. Where the parties differ by "
            "2 points or more, talk it through together.")))
        self.scored_by = plain_label()
        column.addWidget(self.scored_by)
        self.key_table = QTableWidget(len(SuccessKey), 5)
        self.key_table.setHorizontalHeaderLabels([
            _("Key"), Party.PRACTICE.label, Party.PARTNER.label, _("Difference"), _("Status")])
        self.key_table.verticalHeader().setVisible(False)
        self.key_table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.key_table.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        self.key_table.setWordWrap(True)
        header = self.key_table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        for number_ in (1, 2, 3, 4):
            header.setSectionResizeMode(number_, QHeaderView.ResizeMode.ResizeToContents)
        column.addWidget(self.key_table)

        lower = QHBoxLayout()
        self.radar = RadarChart()
        lower.addWidget(self.radar, 3)
        side = QVBoxLayout()
        self.dispute_note = plain_label()
        self.light_note = plain_label()
        self.light_note.setObjectName("hint")
        self.add_actions_button = QPushButton(_("Add follow-up actions for these keys"))
        self.add_actions_button.clicked.connect(self.add_flagged_actions)
        side.addWidget(self.dispute_note)
        side.addWidget(self.add_actions_button)
        side.addWidget(self.light_note)
        side.addStretch(1)
        lower.addLayout(side, 2)
        column.addLayout(lower, 1)
        return tab

    # -- building: follow-up -----------------------------------------------------------------
    def _build_actions(self) -> QWidget:
        tab = QWidget()
        column = QVBoxLayout(tab)
        column.setContentsMargins(0, 8, 0, 0)
        column.addWidget(hint(_(
            "What both parties agree to do after the evaluation: who does it, by when, and "
            "which key it strengthens. Tick it off when it is done.")))
        keys = (("", "—"), *((k.value, k.label) for k in SuccessKey))
        self.actions = RecordTable(
            self.svc.action_items,
            [Column("description", _("Action"), stretch=True),
             person_column("owner", fields.label("owner"), self.svc,
                           lambda: self.partnership_id, width=140),
             Column("due_date", fields.label("due_date"), "date", width=104),
             Column("key", _("Key"), "choice", keys, width=170),
             Column("done", _("Done"), "check", width=64)],
            add_label=_("Add action"),
            defaults=lambda: {"due_date": date.today() + timedelta(days=30)},
            message_bar=self.bar)
        wrap_rows(self.actions)
        self.actions.changed.connect(self._actions_changed)
        column.addWidget(self.actions, 1)
        return tab

    # -- loading -----------------------------------------------------------------------------
    def show_partnership(self, partnership_id: int) -> None:
        self.save_scoring(quiet=True)  # a scoring on screen belongs to the one shown before
        super().show_partnership(partnership_id)

    def load(self) -> None:
        self.save_scoring(quiet=True)
        self.indicators.show_for(self.partnership_id)
        if self.indicators.current_record() is None:
            self.indicators.select_row(0)
        self._show_offer()
        self.load_scoring()
        self.refresh_summary()
        self.actions.show_for(self.partnership_id)

    def flush(self) -> bool:
        tables = all([table.flush() for table in (self.indicators, self.values, self.actions)])
        return self.save_scoring(quiet=True) and tables

    def _tab_changed(self, index: int) -> None:
        if index != self.TAB_QUESTIONNAIRE:
            self.save_scoring(quiet=True)
        if index == self.TAB_SUMMARY:
            self.refresh_summary()

    # -- indicators --------------------------------------------------------------------------
    def _select_indicator(self, record: Any | None) -> None:
        self._indicator_id = record.id if record else 0
        self.values.setEnabled(record is not None)
        self.values.show_for(record.id if record else None)
        self._refresh_chart()

    def _indicators_changed(self) -> None:
        self._refresh_chart()
        self._show_offer()
        self.changed.emit()

    def _show_offer(self) -> None:
        offered = evaluation.offered_indicators(self.svc, self.partnership_id)
        self.offer_label.setText(_("Ready to add: {names}.").format(
            names="; ".join(p.name for p in offered)) if offered else "")
        self.offer_label.setVisible(bool(offered))
        self.offer_button.setVisible(bool(offered))

    def add_offered_indicators(self) -> None:
        """The offered indicators become the partnership's own, to change like any other."""
        if not self.indicators.flush():
            return
        added = evaluation.add_offered_indicators(self.svc, self.partnership_id)
        self.indicators.reload()
        if self.indicators.current_record() is None:
            self.indicators.select_row(0)
        self._show_offer()
        if added:
            self.bar.show_info(ngettext("{n} indicator added: check its baseline and target.",
                                        "{n} indicators added: check their baselines and "
                                        "targets.", len(added)).format(n=len(added)))
        self.changed.emit()

    def _values_changed(self) -> None:
        self._refresh_chart()
        self.changed.emit()

    def _refresh_chart(self) -> None:
        if not self._indicator_id:
            self.values_title.setText(_("Values"))
            self.chart.set_series(None)
            self.progress.setText(_("Add an indicator first, then its values per period."))
            return
        series = evaluation.series_of(self.svc, self._indicator_id)
        self.values_title.setText(_("Values of “{name}”").format(name=series.name))
        self.chart.set_series(series)
        unit = f" {series.unit}" if series.unit else ""
        if series.latest is None:
            self.progress.setText(_("No values yet. Baseline {baseline}{unit}, target "
                                    "{target}{unit}.").format(
                baseline=number(series.baseline, 0), target=number(series.target, 0),
                unit=unit))
        elif series.reached:
            self.progress.setText(_("Latest value {value}{unit}: the target of {target}{unit} "
                                    "is reached.").format(
                value=number(series.latest, 0), target=number(series.target, 0), unit=unit))
        elif series.progress is not None:
            self.progress.setText(_("Latest value {value}{unit}: {percent}% of the way from the "
                                    "baseline ({baseline}{unit}) to the target ({target}{unit})."
                                    ).format(
                value=number(series.latest, 0), unit=unit,
                percent=max(0, round(series.progress * 100)),
                baseline=number(series.baseline, 0), target=number(series.target, 0)))
        else:
            self.progress.setText(_("Latest value {value}{unit}.").format(
                value=number(series.latest, 0), unit=unit))

    # -- the questionnaire -------------------------------------------------------------------
    def choose_party(self, party: str) -> None:
        """Show the scoring of *party* (``practice`` or ``partner``), saving the other first."""
        if party == self.party:
            return
        self.save_scoring(quiet=True)
        self.party = party
        radio = self.practice_radio if party == Party.PRACTICE.value else self.partner_radio
        if not radio.isChecked():
            radio.blockSignals(True)
            radio.setChecked(True)
            radio.blockSignals(False)
        self.load_scoring()

    def load_scoring(self) -> None:
        self._autosave.stop()
        self._loading = True
        try:
            saved = (evaluation.latest_assessment(self.svc, self.partnership_id, self.party)
                     if self.partnership_id else None)
            scores = saved.scores if saved else {}
            for code, group in self.answer_groups.items():
                self._set_answer(group, scores.get(code))
            self.assessed_on.set_value(saved.assessed_on if saved else evaluation.proposed_day(
                self.svc, self.partnership_id))
            self._show_assessor(saved.assessor if saved else "")
            self._dirty = False
            self._new_round = False
            self._saved = saved
        finally:
            self._loading = False
        self._show_scoring_status()

    def _show_assessor(self, assessor: str) -> None:
        """The assessor scored before, or the one who speaks for the party, proposed."""
        self.assessor.set_side(self.party)
        self.assessor.show_for(self.partnership_id)
        self.assessor.setText(assessor)
        clear_proposed(self.assessor)
        signer = people.signer_of(self.assessor.people, self.party)
        if not assessor and signer is not None:
            self.assessor.setText(signer.name)
            self.assessor.setCursorPosition(0)
            mark_proposed(self.assessor, _("Proposed: {name} speaks for {party}. Type or pick "
                                           "another name if someone else scores.").format(
                name=signer.name, party=Party(self.party).label))

    @staticmethod
    def _set_answer(group: QButtonGroup, score: int | None) -> None:
        group.setExclusive(False)
        for button in group.buttons():
            button.setChecked(group.id(button) == score)
        group.setExclusive(True)

    def scores(self) -> dict[str, int]:
        return {code: group.checkedId() for code, group in self.answer_groups.items()
                if group.checkedId() > 0}

    def set_score(self, code: str, score: int) -> None:
        """Choose *score* for a statement, as a click on its radio button does."""
        self.answer_groups[code].button(score).click()

    def _mark_dirty(self) -> None:
        if self._loading:
            return
        self._dirty = True
        self._show_scoring_status()
        self._autosave.start()

    def _show_scoring_status(self) -> None:
        party = Party(self.party).label
        saved = getattr(self, "_saved", None)
        if self._new_round:
            text = _("New round for {party}: the earlier scoring stays as history.").format(
                party=party)
        elif saved is None:
            text = _("{party} has not scored the five keys yet.").format(party=party)
        else:
            # The date last: a name ending in a title ("M.Kes.") then ends no sentence twice.
            text = _("Scoring of {party} by {assessor}, dated {date}.").format(
                party=party, date=long_date(saved.assessed_on),
                assessor=saved.assessor or "—")
            if saved.rounds > 1:
                text += " " + _("Earlier rounds kept: {count}.").format(count=saved.rounds - 1)
        self.scoring_status.setText(text)
        answered = len(self.scores())
        total = len(self.answer_groups)
        state = _("Not saved yet…") if self._dirty else ""
        self.answered.setText(" ".join(part for part in (
            _("{answered} of {total} statements scored.").format(answered=answered,
                                                                  total=total), state) if part))
        for code, label in self.statement_labels.items():
            missing = answered and self.answer_groups[code].checkedId() < 0
            label.setStyleSheet("color: #8a5a00;" if missing else "")

    def save_scoring(self, quiet: bool = False) -> bool:
        """Save the scoring on screen. Quietly (autosave) an empty form is simply left alone."""
        self._autosave.stop()
        if not self.partnership_id or (quiet and not self._dirty):
            return True
        scores = self.scores()
        if quiet and not scores:
            return True
        try:
            evaluation.save_assessment(
                self.svc, self.partnership_id, self.party, self.assessed_on.value(),
                self.assessor.text().strip(), scores, new_round=self._new_round)
        except UserError as error:
            self.bar.show_error(error.message)
            return False
        self._dirty = False
        self._new_round = False
        self._saved = evaluation.latest_assessment(self.svc, self.partnership_id, self.party)
        self._show_scoring_status()
        if not quiet:
            missing = len(self.answer_groups) - len(scores)
            message = _("Saved: the scoring of {party}.").format(party=Party(self.party).label)
            if missing:
                message += " " + _("Statements still without a score: {count}.").format(
                    count=missing)
            self.bar.show_info(message)
        self.refresh_summary()
        self.changed.emit()
        return True

    def start_new_round(self) -> None:
        self.save_scoring(quiet=True)
        self._loading = True
        try:
            for group in self.answer_groups.values():
                self._set_answer(group, None)
            self.assessed_on.set_value(evaluation.proposed_day(self.svc, self.partnership_id))
        finally:
            self._loading = False
        self._new_round = True
        self._dirty = False
        self._show_scoring_status()

    # -- the comparison ----------------------------------------------------------------------
    def refresh_summary(self) -> None:
        if not self.partnership_id:
            return
        summary = evaluation.key_summary(self.svc, self.partnership_id)
        self.summary = summary
        parts = []
        for party, saved in ((Party.PRACTICE, summary.practice), (Party.PARTNER, summary.partner)):
            if saved is None:
                parts.append(_("{party}: not scored yet").format(party=party.label))
            else:
                parts.append(_("{party}: {date}, {assessor}").format(
                    party=party.label, date=long_date(saved.assessed_on),
                    assessor=saved.assessor or "—"))
        self.scored_by.setText(" · ".join(parts))

        bold = QFont(self.key_table.font())
        bold.setBold(True)
        for row, line in enumerate(summary.lines):
            cells = [
                (line.key.label, None),
                (number(line.practice), line.practice_light),
                (number(line.partner), line.partner_light),
                (number(line.difference) + (" ⚠" if line.disagree else ""), None),
                (("● " if line.light else "") + (judgement(line.light, line.disagree) or "—"),
                 line.light),
            ]
            for column, (text, light) in enumerate(cells):
                item = QTableWidgetItem(text)
                if column in (1, 2, 3):
                    item.setTextAlignment(Qt.AlignmentFlag.AlignCenter)
                if light and column in (1, 2):
                    item.setBackground(LIGHTS[light][1])
                if light and column == 4:
                    item.setForeground(LIGHTS[light][0])
                if line.disagree and column in (0, 3):
                    item.setBackground(DISPUTE_BACKGROUND)
                    item.setForeground(DISPUTE_TEXT)
                    item.setFont(bold)
                if line.disagree:
                    item.setToolTip(_("The parties differ by 2 points or more on this key."))
                self.key_table.setItem(row, column, item)
        self.key_table.resizeRowsToContents()
        self.key_table.setFixedHeight(self.key_table.horizontalHeader().height() + 4 + sum(
            self.key_table.rowHeight(r) for r in range(self.key_table.rowCount())))

        self.radar.set_values({line.key: line.practice for line in summary.lines},
                              {line.key: line.partner for line in summary.lines},
                              set(summary.disagreements))
        if summary.disagreements:
            names = ", ".join(k.label for k in summary.disagreements)
            self.dispute_note.setText(_("The parties see these keys differently (2 points or "
                                        "more apart): {keys}. Discuss them together and agree "
                                        "on what to do.").format(keys=names))
            self.dispute_note.setStyleSheet(NOTE_STYLE.format(
                background=DISPUTE_BACKGROUND.name(), text=DISPUTE_TEXT.name(),
                border="#f2c58f"))
        elif summary.both_scored:
            self.dispute_note.setText(_("Both parties see every key about the same way."))
            self.dispute_note.setStyleSheet(NOTE_STYLE.format(
                background=LIGHTS["green"][1].name(), text=LIGHTS["green"][0].name(),
                border="#b8dcc0"))
        else:
            self.dispute_note.setText(_("When both parties have scored, the keys they see "
                                        "differently are shown here."))
            self.dispute_note.setStyleSheet(NOTE_STYLE.format(
                background="#ffffff", text="#5b6664", border="#d5dbd8"))
        self.add_actions_button.setVisible(bool(summary.keys_needing_action))
        limits = summary.thresholds
        self.light_note.setText(_("Status: good from {green}, needs attention from {amber}, "
                                  "weak below {amber} (average of both parties).").format(
            green=number(limits.green, 1), amber=number(limits.amber, 1)))

    def add_flagged_actions(self) -> None:
        created = evaluation.add_actions_for_flagged_keys(
            self.svc, self.partnership_id, due=date.today() + timedelta(days=30))
        self.actions.show_for(self.partnership_id)
        self.refresh_summary()
        self.changed.emit()
        if created:
            self.tabs.setCurrentIndex(self.TAB_ACTIONS)
            self.bar.show_info(_("Follow-up actions added: {count}. Fill in who does them.")
                               .format(count=len(created)))

    def _actions_changed(self) -> None:
        if self.tabs.currentIndex() == self.TAB_SUMMARY:
            self.refresh_summary()
        self.changed.emit()

