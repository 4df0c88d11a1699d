"""Step 1 — the idea, both sides' vision and mission, and the three principles."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QFormLayout,
    QGridLayout,
    QLineEdit,
    QVBoxLayout,
)

from kemitraan_desktop.i18n import _
from kemitraan_desktop.services.partnerships import vision_written_before

from ..autosave import FieldBinder
from ..proposals import clear_proposed, mark_proposed
from .base import StepPage, add_field, hint, section, text_box

# Each principle: its name on the tick box, what it means in a line that wraps beneath it (a
# tick box never wraps its text, and a long one widened the page past the window in English).
PRINCIPLES = (
    ("kesetaraan", lambda: _("Equity (kesetaraan)"),
     lambda: _("No party stands above the other; decisions are taken together.")),
    ("keterbukaan", lambda: _("Openness (keterbukaan)"),
     lambda: _("Each party is open about its resources, from the start through the "
               "evaluation.")),
    ("saling_menguntungkan", lambda: _("Mutual benefit (saling menguntungkan)"),
     lambda: _("Both parties gain from the partnership.")),
)


class IdeaPage(StepPage):
    number = 1

    def __init__(self, svc, parent=None) -> None:  # noqa: ANN001
        super().__init__(svc, parent)
        self.binder = FieldBinder(self.save_partnership, self)
        self.binder.report_to(self.bar)
        layout = QVBoxLayout(self.body)
        layout.setContentsMargins(16, 8, 16, 16)

        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.title = QLineEdit()
        self.binder.bind_line("title", self.title, add_field(form, "title", self.title,
                                                             _("Title of the partnership")))
        self.idea = text_box(4)
        self.idea.setPlaceholderText(
            _("What do you want to achieve together, and why with this partner?"))
        self.binder.bind_text("idea", self.idea, add_field(form, "idea", self.idea))
        layout.addWidget(section(_("The idea")))
        layout.addLayout(form)

        layout.addWidget(section(_("Vision and mission of both sides")))
        layout.addWidget(hint(_("Partners fit best when their vision and mission point the same "
                                "way. Write both down side by side.")))
        grid = QGridLayout()
        self.editors = {}
        # (partnership, field) proposed in this run, with the proposal and why: marked again
        # while the field still holds it.
        self._proposed: dict[tuple[int, str], tuple[str, str]] = {}
        for column, side in enumerate(("practice", "partner")):
            for row, kind in enumerate(("vision", "mission")):
                field = f"{side}_{kind}"
                editor = text_box(3)
                self.editors[field] = editor
                sub = QFormLayout()
                self.binder.bind_text(field, editor, add_field(sub, field, editor))
                grid.addLayout(sub, row, column)
        layout.addLayout(grid)

        layout.addWidget(section(_("Check against the three principles of partnership")))
        self.principles = {}
        for code, name, meaning in PRINCIPLES:
            check = QCheckBox(name())
            note = QLineEdit()
            note.setPlaceholderText(_("How this partnership meets it"))
            self.principles[code] = (check, note)
            self.binder.bind_check(f"{code}_met", check)
            self.binder.bind_line(f"{code}_note", note)
            layout.addWidget(check, 0, Qt.AlignmentFlag.AlignLeft)  # as wide as its text
            layout.addWidget(hint(meaning()))
            layout.addWidget(note)
        layout.addStretch(1)

    def load(self) -> None:
        self.binder.load(self.svc.partnerships.get(self.partnership_id))
        for editor in self.editors.values():
            clear_proposed(editor)  # the editors show one partnership after another
        self._propose_the_vision_written_before()

    def _propose_the_vision_written_before(self) -> None:
        """The practice's vision and mission are its own whoever the partner, the partner's
        its own whatever the partnership: an empty field gets what was written for another
        partnership (saved as if typed, marked as a proposal; the first key typed replaces it)."""
        whys = {"practice_vision": _("Proposed: the practice's vision as written for "
                                     "“{title}”. Type over it if it differs here."),
                "practice_mission": _("Proposed: the practice's mission as written for "
                                      "“{title}”. Type over it if it differs here."),
                "partner_vision": _("Proposed: the partner's vision as written for “{title}” "
                                    "with the same partner. Type over it if it has changed."),
                "partner_mission": _("Proposed: the partner's mission as written for "
                                     "“{title}” with the same partner. Type over it if it has "
                                     "changed.")}
        for (partnership_id, field), (text, why) in list(self._proposed.items()):
            if partnership_id != self.partnership_id:
                continue
            if self.editors[field].toPlainText().strip() == text:
                mark_proposed(self.editors[field], why)
            else:
                del self._proposed[(partnership_id, field)]  # the person's own text now
        for field, before in vision_written_before(self.svc, self.partnership_id).items():
            editor = self.editors[field]
            if editor.toPlainText().strip() or editor.isReadOnly():
                continue
            why = whys[field].format(title=before.title)
            editor.setPlainText(before.text)  # saved by the binder, as typing is
            self._proposed[(self.partnership_id, field)] = (before.text, why)
            mark_proposed(editor, why)

    def flush(self) -> bool:
        return self.binder.flush()
