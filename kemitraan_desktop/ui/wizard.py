"""The step wizard inside the main window: a stepper, the step page, guidance, Back and Next."""

from __future__ import annotations

import importlib

from PySide6.QtCore import QSettings, Qt, Signal
from PySide6.QtWidgets import (
    QButtonGroup,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSizePolicy,
    QSplitter,
    QStackedWidget,
    QTextBrowser,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from kemitraan_desktop import paths
from kemitraan_desktop.domain.roles import Action
from kemitraan_desktop.domain.steps import STEPS, StepProgress, StepState
from kemitraan_desktop.i18n import _, current_language
from kemitraan_desktop.services import partnerships
from kemitraan_desktop.services.app import Services

from .pages.base import StepPage

PAGES = {
    1: ("step1_idea", "IdeaPage"),
    2: ("step2_candidates", "CandidatesPage"),
    3: ("step3_goals", "GoalsPage"),
    4: ("step4_preparation", "PreparationPage"),
    5: ("step5_agreement", "AgreementPage"),
    6: ("step6_workplan", "WorkPlanPage"),
    7: ("step7_implementation", "ImplementationPage"),
    8: ("step8_evaluation", "EvaluationPage"),
}
MARKS = {StepState.NOT_STARTED: "○", StepState.IN_PROGRESS: "◐", StepState.COMPLETE: "●"}


def guidance_html(number: int) -> str:
    """The guidance beside a step, in the active language (Indonesian when missing)."""
    for language in (current_language(), "id"):
        path = paths.resource_path("guidance", language, f"step{number}.html")
        if path.exists():
            return path.read_text(encoding="utf-8")
    return ""


class Wizard(QWidget):
    step_changed = Signal(int)
    data_changed = Signal()

    def __init__(self, svc: Services, parent: QWidget | None = None,
                 settings: QSettings | None = None) -> None:
        super().__init__(parent)
        self._svc = svc
        self._settings = settings
        self.partnership_id = 0
        self.current = 1
        self.pages: dict[int, StepPage] = {}
        self.progress: tuple[StepProgress, ...] = ()

        self.heading = QLabel(self)
        self.heading.setObjectName("pageTitle")
        self.heading.setTextFormat(Qt.TextFormat.PlainText)
        self.stepper = QWidget(self)
        self.stepper.setObjectName("stepper")
        self.step_buttons = QButtonGroup(self)
        self.step_buttons.setExclusive(True)
        row = QHBoxLayout(self.stepper)
        row.setContentsMargins(0, 0, 0, 0)
        row.setSpacing(2)
        for step in STEPS:
            button = QToolButton(self.stepper)
            button.setCheckable(True)
            button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
            button.setObjectName("stepButton")
            button.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Fixed)
            button.setMinimumWidth(60)
            self.step_buttons.addButton(button, step.number)
            row.addWidget(button, 1)
        self.step_buttons.idClicked.connect(self.go_to)

        self.step_title = QLabel(self)
        self.step_title.setObjectName("stepTitle")
        self.missing = QLabel(self)
        self.missing.setObjectName("missing")
        self.missing.setWordWrap(True)
        self.missing.setTextFormat(Qt.TextFormat.PlainText)
        self.missing.hide()  # shown in the strip of the page it speaks of (go_to)
        self.stack = QStackedWidget(self)
        self.guidance = QTextBrowser(self)
        self.guidance.setObjectName("guidance")
        self.guidance.setOpenExternalLinks(False)
        self.guidance.setMinimumWidth(220)
        self.guidance.document().setIndentWidth(16)
        splitter = QSplitter(Qt.Orientation.Horizontal, self)
        splitter.addWidget(self.stack)
        splitter.addWidget(self.guidance)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 1)
        splitter.setChildrenCollapsible(True)
        splitter.setSizes([760, 260])
        self.splitter = splitter

        self.back = QPushButton(_("◀ Back"), self)
        self.back.setShortcut("Alt+Left")
        self.back.setToolTip(_("Previous step (Alt+Left)"))
        self.back.clicked.connect(lambda: self.go_to(self.current - 1))
        self.next = QPushButton(_("Next ▶"), self)
        self.next.setShortcut("Alt+Right")
        self.next.setToolTip(_("Next step (Alt+Right)"))
        self.next.setDefault(False)
        self.next.clicked.connect(lambda: self.go_to(self.current + 1))
        # An observer on a shared server reads: what they type is refused at the field.
        self.saved_note = QLabel(_("Every change is saved automatically.")
                                 if svc.access.allows(Action.EDIT) else
                                 _("Read only: you are signed in as an observer; changes are "
                                   "not saved."), self)
        self.saved_note.setObjectName("hint")
        nav = QHBoxLayout()
        nav.addWidget(self.back)
        nav.addWidget(self.saved_note, 1, Qt.AlignmentFlag.AlignCenter)
        nav.addWidget(self.next)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(12, 8, 12, 8)
        layout.addWidget(self.heading)
        layout.addWidget(self.stepper)
        layout.addWidget(self.step_title)
        layout.addWidget(splitter, 1)
        layout.addLayout(nav)

    # -- pages -------------------------------------------------------------------------------
    def page(self, number: int) -> StepPage:
        """The page of step *number*, created when first needed."""
        if number not in self.pages:
            module_name, class_name = PAGES[number]
            module = importlib.import_module(f"{__package__}.pages.{module_name}")
            page: StepPage = getattr(module, class_name)(self._svc)
            if self._settings is not None:
                page.settings = self._settings
            page.changed.connect(self._data_changed)
            self.pages[number] = page
            self.stack.addWidget(page)
        return self.pages[number]

    def show_partnership(self, partnership_id: int, step: int | None = None) -> None:
        self.flush()
        self.partnership_id = partnership_id
        record = self._svc.partnerships.get(partnership_id)
        self.heading.setText(record.title)
        for page in self.pages.values():
            page.partnership_id = 0
        self.go_to(step or record.current_step, remember=False)

    def go_to(self, number: int, remember: bool = True) -> None:
        if not 1 <= number <= len(STEPS) or not self.partnership_id:
            return
        self.flush()
        self.current = number
        page = self.page(number)
        if page.partnership_id != self.partnership_id:
            page.show_partnership(self.partnership_id)
        else:
            page.load()
        self.stack.setCurrentWidget(page)
        self._hold_banner(page)
        self.step_buttons.button(number).setChecked(True)
        self.step_title.setText(_("Step {number}: {title}").format(
            number=number, title=STEPS[number - 1].title))
        self.guidance.setHtml(guidance_html(number))
        self.back.setEnabled(number > 1)
        self.next.setEnabled(number < len(STEPS))
        if remember:
            record = self._svc.partnerships.get(self.partnership_id)
            if number > record.current_step:
                self._svc.partnerships.update(self.partnership_id, current_step=number)
                self.data_changed.emit()
        self.refresh_states()
        self.step_changed.emit(number)

    def _hold_banner(self, page: StepPage) -> None:
        """What the step still lacks stands in the page's message strip, two lines high
        whatever it says: a message floats over it for a moment, and neither moves the page
        (a banner going from two lines to one moved every field 16 px, and the strip kept for
        messages was an empty band above the first heading)."""
        banner = self.missing
        if banner.parentWidget() is not page.bar.place:
            banner.ensurePolished()
            text = banner.text()
            banner.setText("X\nX")
            banner.setFixedHeight(banner.sizeHint().height())
            banner.setText(text)
            page.bar.hold(banner)

    def flush(self) -> bool:
        return all(page.flush() for page in self.pages.values() if page.partnership_id)

    def _data_changed(self) -> None:
        record = self._svc.partnerships.get(self.partnership_id)
        self.heading.setText(record.title)
        self.refresh_states()
        self.data_changed.emit()

    def refresh_states(self) -> None:
        if not self.partnership_id:
            return
        self.progress = partnerships.step_progress(self._svc, self.partnership_id)
        for progress in self.progress:
            step = STEPS[progress.number - 1]
            button = self.step_buttons.button(progress.number)
            # A tool button reads "&" as a mnemonic; step names may contain one ("Tujuan & peran").
            short = step.short_title.replace("&", "&&")
            button.setText(f"{MARKS[progress.state]} {step.number}\n{short}")
            button.setToolTip(f"{step.title}\n{progress.state.label}")
            button.setProperty("state", progress.state.value)
            button.style().unpolish(button)
            button.style().polish(button)
        current = self.progress[self.current - 1]
        if current.missing:
            self.missing.setText(_("Still missing: ") + " ".join(current.missing))
            self.missing.setToolTip(self.missing.text())  # two lines may not hold it all
            self.missing.show()
        else:
            self.missing.setText(_("This step is complete."))
            self.missing.setToolTip("")
            self.missing.show()
        self.missing.setProperty("complete", not current.missing)
        self.missing.style().unpolish(self.missing)
        self.missing.style().polish(self.missing)
