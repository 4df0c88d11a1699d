"""The dashboard shown when no partnership is selected: counts and what needs attention."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QRect, Qt, Signal
from PySide6.QtWidgets import (
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from kemitraan_desktop.domain.enums import PartnershipStatus
from kemitraan_desktop.domain.steps import STEPS
from kemitraan_desktop.i18n import _

if TYPE_CHECKING:
    from kemitraan_desktop.services.app import Services

# Symbols every Windows and Linux UI font has (no emoji: clinic laptops often lack them).
ICONS = {"agreement_ending": "◷", "recredentialing": "☑", "sip_expiring": "⚠",
         "unfinished": "✎"}


def welcome_new() -> str:
    return _("Welcome to Kemitraan Desktop. Start by filling in your practice profile, then "
             "create your first partnership — or look around with the demo data first. Has "
             "a partner sent you an exchange package? Import it.")


def welcome_profiled() -> str:
    return _("The practice profile is filled in. Create your first partnership — or look "
             "around with the demo data first. Has a partner sent you an exchange package? "
             "Import it.")


class SteadyText(QLabel):
    """A wrapped label as tall as the tallest of the texts it may say, so the buttons beneath
    stay put when it says the shorter one."""

    def __init__(self, texts: tuple[str, ...], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._texts = texts
        self.setWordWrap(True)
        self.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)

    def heightForWidth(self, width: int) -> int:  # noqa: N802 (Qt's name)
        margins = self.contentsMargins()
        inner = max(width - margins.left() - margins.right() - 2 * self.margin(), 1)
        metrics = self.fontMetrics()
        tallest = max(metrics.boundingRect(QRect(0, 0, inner, 10_000),
                                           Qt.TextFlag.TextWordWrap, text).height()
                      for text in (*self._texts, self.text()))
        return tallest + margins.top() + margins.bottom() + 2 * self.margin()


def _width_with(button: QPushButton, text: str) -> int:
    shown = button.text()
    button.setText(text)
    width = button.sizeHint().width()
    button.setText(shown)
    return width


class Dashboard(QWidget):
    open_partnership = Signal(int)
    new_partnership = Signal()
    load_demo = Signal()
    edit_practice = Signal()
    import_package = Signal()

    def __init__(self, svc: Services | None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._svc = svc
        self.title = QLabel(self)
        self.title.setObjectName("pageTitle")
        self.title.setTextFormat(Qt.TextFormat.PlainText)
        self.subtitle = QLabel(self)
        self.subtitle.setWordWrap(True)
        self.subtitle.setTextFormat(Qt.TextFormat.PlainText)
        self.counts = QGridLayout()
        self.attention = QListWidget(self)
        self.attention.setObjectName("attention")
        self.attention.setWordWrap(True)
        self.attention.itemActivated.connect(self._activated)
        self.attention.itemClicked.connect(self._activated)
        self.welcome = QFrame(self)
        self.welcome.setObjectName("card")
        self.welcome_text = welcome_text = SteadyText((welcome_new(), welcome_profiled()),
                                                      self.welcome)
        self.profile_button = profile = QPushButton(_("Fill in the practice profile…"),
                                                    self.welcome)
        profile.clicked.connect(self.edit_practice)
        demo = QPushButton(_("Load demo data"), self.welcome)
        demo.clicked.connect(self.load_demo)
        new = QPushButton(_("New partnership…"), self.welcome)
        new.clicked.connect(self.new_partnership)
        received = QPushButton(_("Import exchange package…"), self.welcome)
        received.clicked.connect(self.import_package)
        # The button stays where it is once the profile is filled (it then opens the profile):
        # the buttons after it kept their places; a click meant for "New partnership…" had
        # hit "Load demo data" when the profile button went.
        profile.setMinimumWidth(max(_width_with(profile, text) for text in (
            _("Fill in the practice profile…"), _("Practice profile…"))))
        buttons = QHBoxLayout()
        for button in (profile, new, demo, received):
            buttons.addWidget(button)
        buttons.addStretch(1)
        welcome_layout = QVBoxLayout(self.welcome)
        welcome_layout.addWidget(welcome_text)
        welcome_layout.addLayout(buttons)

        self.attention_title = QLabel(_("Needs attention"), self)
        self.attention_title.setObjectName("sectionTitle")
        counts_title = QLabel(_("Partnerships per step"), self)
        counts_title.setObjectName("sectionTitle")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 16, 24, 16)
        layout.addWidget(self.title)
        layout.addWidget(self.subtitle)
        layout.addWidget(self.welcome)
        layout.addWidget(counts_title)
        layout.addLayout(self.counts)
        layout.addWidget(self.attention_title)
        layout.addWidget(self.attention, 1)

    def set_services(self, svc: Services) -> None:
        self._svc = svc

    def refresh(self) -> None:
        if self._svc is None:  # the window is still opening the data
            self.title.setText(_("Opening the data…"))
            self.welcome.hide()
            return
        # Imported here: the window shows before the services (and SQLAlchemy) have loaded.
        from kemitraan_desktop.services import partnerships

        practice = partnerships.current_practice(self._svc)
        board = partnerships.dashboard(self._svc)
        name = practice.clinic_name or practice.doctor_name if practice else ""
        self.title.setText(name or _("Kemitraan Desktop"))
        statuses = ", ".join(
            f"{PartnershipStatus(status).label}: {count}"
            for status, count in sorted(board.per_status.items())
        )
        self.subtitle.setText(
            _("{count} partnership(s). {statuses}").format(count=board.total, statuses=statuses)
            if board.total else _("No partnerships yet.")
        )
        self.welcome.setVisible(practice is None or board.total == 0)
        # Once the profile is there, the card no longer asks for it.
        self.welcome_text.setText(welcome_new() if practice is None else welcome_profiled())
        self.profile_button.setText(_("Fill in the practice profile…") if practice is None
                                    else _("Practice profile…"))
        while self.counts.count():
            item = self.counts.takeAt(0)
            if item.widget():
                item.widget().deleteLater()
        for index, step in enumerate(STEPS):
            box = QLabel(f"<b style='font-size:18pt'>{board.per_step.get(step.number, 0)}</b>"
                         f"<br>{step.number}. {step.short_title}", self)
            box.setObjectName("countBox")
            box.setAlignment(Qt.AlignmentFlag.AlignCenter)
            self.counts.addWidget(box, index // 4, index % 4)
        self.attention.clear()
        for item in board.attention:
            entry = QListWidgetItem(f"{ICONS.get(item.kind, '•')}  {item.message}")
            entry.setData(Qt.ItemDataRole.UserRole, item.partnership_id or 0)
            self.attention.addItem(entry)
        if not board.attention:
            self.attention.addItem(_("Nothing needs attention right now."))

    def _activated(self, item: QListWidgetItem) -> None:
        partnership_id = item.data(Qt.ItemDataRole.UserRole)
        if partnership_id:
            self.open_partnership.emit(int(partnership_id))
