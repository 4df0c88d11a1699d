"""F1: the guidance of the current step (or the overview), readable offline.

The button "Open the user guide" closes this dialog and asks for the guide's chapter about the
same step (``guide_requested``): the guide is a window of its own, which a modal dialog would
block.
"""

from __future__ import annotations

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QTextBrowser, QVBoxLayout, QWidget

from kemitraan_desktop.domain.steps import STEPS
from kemitraan_desktop.i18n import _

from ..screen_fit import FitsScreen
from ..wizard import guidance_html


class HelpDialog(FitsScreen, QDialog):
    def __init__(self, step: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        title = _("Help")
        if step:
            title += " — " + _("Step {number}: {title}").format(number=step,
                                                               title=STEPS[step - 1].title)
        self.setWindowTitle(title)
        self.browser = QTextBrowser(self)
        self.browser.document().setIndentWidth(16)
        self.browser.setHtml(guidance_html(step))
        self.guide_requested = False
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.rejected.connect(self.reject)
        self.guide_button = buttons.addButton(_("Open the user guide"),
                                              QDialogButtonBox.ButtonRole.ActionRole)
        self.guide_button.clicked.connect(self._open_guide)
        layout = QVBoxLayout(self)
        layout.addWidget(self.browser)
        layout.addWidget(buttons)
        self.resize(640, 520)

    def _open_guide(self) -> None:
        self.guide_requested = True
        self.accept()
