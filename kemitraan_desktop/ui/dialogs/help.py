"""F1: the guidance of the current step (or the overview), readable offline."""

from __future__ import annotations

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QTextBrowser, QVBoxLayout, QWidget

from kemitraan_desktop.domain.steps import STEPS
from kemitraan_desktop.i18n import _

from ..wizard import guidance_html


class HelpDialog(QDialog):
    def __init__(self, step: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        title = _("Help")
        if step:
            title += f" — {_('Step')} {step}: {STEPS[step - 1].title}"
        self.setWindowTitle(title)
        self.browser = QTextBrowser(self)
        self.browser.document().setIndentWidth(16)
        self.browser.setHtml(guidance_html(step))
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.browser)
        layout.addWidget(buttons)
        self.resize(640, 520)
