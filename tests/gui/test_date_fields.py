"""Dates typed as a person types them: into empty fields of forms and empty table cells, every
common way, Tab to go on, and impossible dates refused at the field with the text kept.

(The issue: "15/03/2022" typed into an empty field became "—5032022" and was thrown away, the
calendar opened on January 1900, 29 over a February date became 28, Tab walked day → month → year,
and a target date typed into an empty step-3 cell was dropped without a word.)
"""

from __future__ import annotations

from datetime import date

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import (
    QApplication,
    QCalendarWidget,
    QLabel,
    QLineEdit,
    QToolButton,
    QVBoxLayout,
    QWidget,
)
from table_walk import (
    click,
    click_cell,
    double_click_cell,
    editing,
    focused,
    press,
    show,
    type_keys,
)

from kemitraan_desktop.services import agreements, partnerships
from kemitraan_desktop.services.app import Services
from kemitraan_desktop.ui.date_field import DateField
from kemitraan_desktop.ui.pages.base import error_label


@pytest.fixture
def partnership(svc: Services):
    svc.practices.create(doctor_name="dr. Siti Rahmawati")
    return partnerships.start_partnership(svc, "Kerja sama pelayanan obat", "apotek")


def column_of(table, field: str) -> int:
    return next(n for n, c in enumerate(table.model.columns) if c.field == field)


def row_of(table, record_id: int) -> int:
    return next(n for n, r in enumerate(table.model.records) if r.id == record_id)


class Form(QWidget):
    """A date field between two other fields, with its error line, as forms place it."""

    def __init__(self, related=None) -> None:
        super().__init__()
        layout = QVBoxLayout(self)
        self.before = QLineEdit()
        self.field = DateField(related=related)
        self.error = error_label()
        self.field.set_error_label(self.error)
        self.after = QLineEdit()
        for widget in (self.before, self.field, self.error, self.after):
            layout.addWidget(widget)


# -- the field itself --------------------------------------------------------------------------
@pytest.mark.parametrize(("typed", "expected", "shown"), [
    ("15/03/2022", date(2022, 3, 15), "15/03/2022"),
    ("15032022", date(2022, 3, 15), "15/03/2022"),
    ("15-03-2022", date(2022, 3, 15), "15/03/2022"),
    ("1 jan 2027", date(2027, 1, 1), "01/01/2027"),
    ("1 januari 2027", date(2027, 1, 1), "01/01/2027"),
    ("15/3/22", date(2022, 3, 15), "15/03/2022"),
])
def test_an_empty_field_takes_the_date_typed_and_tab_goes_to_the_next_field(
        qtbot, typed, expected, shown):
    form = show(qtbot, Form(), 400, 200)
    click(qtbot, form.field)
    assert form.field.text() == ""
    type_keys(qtbot, typed)
    press(qtbot, Qt.Key.Key_Tab)
    assert focused() is form.after  # one Tab, not day → month → year
    assert form.field.value() == expected
    assert form.field.text() == shown
    assert form.error.isHidden()


@pytest.mark.parametrize(("typed", "message"), [
    ("31/02/2027", "Februari 2027 hanya 28 hari: tanggal 31 Februari tidak ada."),
    ("29022027", "Februari 2027 hanya 28 hari: tanggal 29 Februari tidak ada."),
    ("15/13/2027", "Tidak ada bulan 13: bulan ditulis 1 sampai 12."),
    ("lusa", "“lusa” bukan tanggal. Tulis misalnya 15/03/2027, 15032027, atau 15 Maret 2027."),
])
def test_an_impossible_date_is_said_at_the_field_and_stays_to_be_corrected(qtbot, typed,
                                                                           message):
    form = show(qtbot, Form(), 400, 200)
    edits: list[bool] = []
    form.field.edited.connect(lambda: edits.append(True))
    form.field.set_value(date(2027, 2, 1))
    click(qtbot, form.field)
    form.field.selectAll()
    type_keys(qtbot, typed)
    press(qtbot, Qt.Key.Key_Tab)
    assert form.field.text() == typed  # never clamped to 28/02 nor thrown away
    assert not form.error.isHidden() and form.error.text() == message
    assert edits == []  # nothing to save: the stored date stays 01/02/2027
    click(qtbot, form.field)
    form.field.selectAll()
    type_keys(qtbot, "28/02/2027")
    press(qtbot, Qt.Key.Key_Tab)
    assert form.field.value() == date(2027, 2, 28)
    assert form.error.isHidden()
    assert edits == [True]


def test_the_calendar_opens_on_today_the_related_date_or_the_date_shown(qtbot):
    form = show(qtbot, Form(), 400, 200)

    def opened(field: DateField) -> QCalendarWidget:
        field.setFocus()
        QTest.keyClick(field, Qt.Key.Key_Down, Qt.KeyboardModifier.AltModifier)
        qtbot.waitUntil(lambda: field.popup is not None and field.popup.isVisible())
        return field.popup.findChild(QCalendarWidget)

    calendar = opened(form.field)
    today = date.today()
    assert (calendar.yearShown(), calendar.monthShown()) == (today.year, today.month)
    form.field.popup.close()

    form.field.set_related(lambda: date(2027, 1, 1))
    calendar = opened(form.field)  # an end date: the start date's month
    assert (calendar.yearShown(), calendar.monthShown()) == (2027, 1)
    form.field.popup.close()

    form.field.set_value(date(2028, 8, 17))
    calendar = opened(form.field)
    assert (calendar.yearShown(), calendar.monthShown()) == (2028, 8)
    press(qtbot, Qt.Key.Key_Right)  # the 18th
    press(qtbot, Qt.Key.Key_Return)
    assert form.field.value() == date(2028, 8, 18)
    assert focused() is form.field


def test_the_clear_button_and_deleting_the_text_empty_the_field(qtbot):
    form = show(qtbot, Form(), 400, 200)
    form.field.set_value(date(2027, 3, 15))
    clear = next(b for b in form.field.findChildren(QToolButton) if b.isVisible()
                 and b.toolTip() != form.field.calendar_action.toolTip())
    click(qtbot, clear)
    assert form.field.text() == "" and form.field.value() is None

    form.field.set_value(date(2027, 3, 15))
    click(qtbot, form.field)
    QTest.keyClick(form.field, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    press(qtbot, Qt.Key.Key_Backspace)
    press(qtbot, Qt.Key.Key_Tab)
    assert form.field.value() is None and form.error.isHidden()


# -- in forms: the practice profile, step 5, step 7, step 8 ----------------------------------
def test_sip_dates_typed_into_the_practice_profile(qtbot, svc):
    from kemitraan_desktop.ui.dialogs.practice_profile import PracticeProfileDialog

    practice = svc.practices.create(doctor_name="dr. Siti Rahmawati")
    dialog = show(qtbot, PracticeProfileDialog(svc))
    click(qtbot, dialog.editors["sip_issued"])
    type_keys(qtbot, "15032022")
    press(qtbot, Qt.Key.Key_Tab)
    assert focused() is dialog.editors["sip_expires"]
    type_keys(qtbot, "31/02/2027")
    press(qtbot, Qt.Key.Key_Tab)
    assert dialog.errors["sip_expires"].text() == \
        "Februari 2027 hanya 28 hari: tanggal 31 Februari tidak ada."
    assert dialog.editors["sip_expires"].text() == "31/02/2027"
    stored = svc.practices.get(practice.id)
    # The expiry proposed from the issue date (five years) stays until a whole date replaces it.
    assert (stored.sip_issued, stored.sip_expires) == (date(2022, 3, 15), date(2027, 3, 14))
    click(qtbot, dialog.editors["sip_expires"])
    dialog.editors["sip_expires"].selectAll()
    type_keys(qtbot, "14 mar 2027")
    press(qtbot, Qt.Key.Key_Tab)
    assert svc.practices.get(practice.id).sip_expires == date(2027, 3, 14)
    assert dialog.errors["sip_expires"].isHidden()


def test_step5_the_agreement_dates_typed(qtbot, svc, partnership):
    from kemitraan_desktop.ui.pages.step5_agreement import AgreementPage

    svc.partners.create(name="Apotek Sehat Sentosa", partner_type="apotek")
    page = show(qtbot, AgreementPage(svc))
    page.show_partnership(partnership.id)
    for editor, typed in ((page.start_date, "1 jan 2027"), (page.end_date, "31 des 2027")):
        click(qtbot, editor)
        editor.selectAll()
        type_keys(qtbot, typed)
        press(qtbot, Qt.Key.Key_Tab)
    click(qtbot, next(b for b in page.start_panel.findChildren(type(page.finalize_button))
                      if b.isVisible()))
    [draft] = svc.agreements.list(partnership.id)
    assert (draft.start_date, draft.end_date) == (date(2027, 1, 1), date(2027, 12, 31))

    click(qtbot, page.agreement_date)
    page.agreement_date.selectAll()
    type_keys(qtbot, "01012027")
    press(qtbot, Qt.Key.Key_Tab)
    assert svc.agreements.get(draft.id).agreement_date == date(2027, 1, 1)
    assert page.date_words.text().startswith("Pada hari ini, Jumat, tanggal satu bulan Januari")


def test_step5_the_proposed_end_date_follows_the_start_until_one_is_typed(qtbot, svc,
                                                                         partnership):
    from kemitraan_desktop.ui.pages.step5_agreement import AgreementPage

    page = show(qtbot, AgreementPage(svc))
    page.show_partnership(partnership.id)
    click(qtbot, page.start_date)
    page.start_date.selectAll()
    type_keys(qtbot, "1 jan 2027")
    press(qtbot, Qt.Key.Key_Tab)
    assert focused() is page.end_date
    assert page.end_date.text() == "31/12/2027"  # a year less a day, from the new start
    page.end_date.selectAll()
    type_keys(qtbot, "30/06/2027")
    press(qtbot, Qt.Key.Key_Tab)
    click(qtbot, page.start_date)
    page.start_date.selectAll()
    type_keys(qtbot, "01022027")
    press(qtbot, Qt.Key.Key_Tab)
    assert page.end_date.text() == "30/06/2027"  # the doctor's own end date stays


def test_step7_the_report_date_typed(qtbot, svc, partnership):
    from kemitraan_desktop.ui.pages.step7_implementation import ImplementationPage

    meeting = svc.activities.create(partnership_id=partnership.id, name="Rapat koordinasi")
    report = svc.reports.create(activity_id=meeting.id, report_date=date(2026, 11, 2))
    page = show(qtbot, ImplementationPage(svc))
    page.show_partnership(partnership.id)
    click(qtbot, page.report_date)
    page.report_date.selectAll()
    type_keys(qtbot, "29/02/2026")
    press(qtbot, Qt.Key.Key_Tab)
    assert svc.reports.get(report.id).report_date == date(2026, 11, 2)
    assert page.report_date.text() == "29/02/2026"
    click(qtbot, page.report_date)
    page.report_date.selectAll()
    type_keys(qtbot, "28-02-2026")
    press(qtbot, Qt.Key.Key_Tab)
    assert svc.reports.get(report.id).report_date == date(2026, 2, 28)


def test_step8_the_assessment_date_typed(qtbot, svc, partnership):
    from kemitraan_desktop.domain.five_keys import STATEMENTS
    from kemitraan_desktop.services import evaluation
    from kemitraan_desktop.ui.pages.step8_evaluation import EvaluationPage

    page = show(qtbot, EvaluationPage(svc))
    page.show_partnership(partnership.id)
    page.tabs.setCurrentIndex(page.TAB_QUESTIONNAIRE)
    click(qtbot, page.assessed_on)
    page.assessed_on.selectAll()
    type_keys(qtbot, "5 nov 2026")
    press(qtbot, Qt.Key.Key_Tab)
    assert focused() is page.assessor
    click(qtbot, page.answer_groups[STATEMENTS[0].code].button(4))
    click(qtbot, page.save_button)
    saved = evaluation.latest_assessment(svc, partnership.id, "practice")
    assert saved.assessed_on == date(2026, 11, 5)


# -- in table cells ----------------------------------------------------------------------------
@pytest.mark.parametrize(("typed", "expected"), [
    ("15/03/2022", date(2022, 3, 15)),
    ("15032022", date(2022, 3, 15)),
    ("15-03-2022", date(2022, 3, 15)),
    ("1 jan 2027", date(2027, 1, 1)),
])
def test_step3_a_target_date_typed_into_an_empty_cell(qtbot, svc, partnership, typed,
                                                      expected):
    from kemitraan_desktop.ui.pages.step3_goals import GoalsPage

    goal = svc.goals.create(partnership_id=partnership.id, description="Rujukan tepat waktu")
    page = show(qtbot, GoalsPage(svc))
    page.show_partnership(partnership.id)
    click_cell(qtbot, page.goals.view, 0, column_of(page.goals, "target_date"))
    type_keys(qtbot, typed)
    press(qtbot, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: not editing(page.goals.view))
    assert svc.goals.get(goal.id).target_date == expected
    assert page.goals.model.index(0, column_of(page.goals, "target_date")).data() == \
        expected.strftime("%d/%m/%Y")


def test_step3_an_impossible_date_keeps_the_cell_open_with_the_message(qtbot, svc,
                                                                       partnership):
    from kemitraan_desktop.ui.pages.step3_goals import GoalsPage

    goal = svc.goals.create(partnership_id=partnership.id, description="Rujukan tepat waktu")
    page = show(qtbot, GoalsPage(svc))
    page.show_partnership(partnership.id)
    click_cell(qtbot, page.goals.view, 0, column_of(page.goals, "target_date"))
    type_keys(qtbot, "31/02/2027")
    press(qtbot, Qt.Key.Key_Return)
    assert editing(page.goals.view)
    assert page.bar.isVisible()
    assert page.bar.text == "Februari 2027 hanya 28 hari: tanggal 31 Februari tidak ada."
    assert isinstance(focused(), DateField) and focused().text() == "31/02/2027"
    assert svc.goals.get(goal.id).target_date is None
    focused().selectAll()
    type_keys(qtbot, "28/02/2027")
    press(qtbot, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: not editing(page.goals.view))
    assert svc.goals.get(goal.id).target_date == date(2027, 2, 28)


def test_step6_dates_typed_with_tab_while_the_sort_moves_the_row(qtbot, svc, partnership):
    """The new activity (no date yet) sorts first; once its start date is typed it moves below
    the older one, and the End editor Tab opened moves with it."""
    from kemitraan_desktop.ui.pages.step6_workplan import WorkPlanPage

    old = svc.activities.create(partnership_id=partnership.id, name="Rapat koordinasi",
                                start_date=date(2027, 2, 1), end_date=date(2027, 2, 28),
                                planned_cost_sen=1_500_000_00)
    page = show(qtbot, WorkPlanPage(svc))
    page.show_partnership(partnership.id)
    click(qtbot, page.table.add_button)
    type_keys(qtbot, "Sosialisasi resep")
    press(qtbot, Qt.Key.Key_Tab)
    type_keys(qtbot, "01062027")
    press(qtbot, Qt.Key.Key_Tab)
    type_keys(qtbot, "30 jun 2027")
    press(qtbot, Qt.Key.Key_Tab)
    type_keys(qtbot, "dr. Siti")
    press(qtbot, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: not editing(page.table.view))
    [new] = [a for a in svc.activities.list(partnership.id) if a.id != old.id]
    assert (new.name, new.start_date, new.end_date, new.person_in_charge) == (
        "Sosialisasi resep", date(2027, 6, 1), date(2027, 6, 30), "dr. Siti")
    stored = svc.activities.get(old.id)
    assert (stored.name, stored.start_date, stored.end_date, stored.person_in_charge,
            stored.planned_cost_sen) == ("Rapat koordinasi", date(2027, 2, 1),
                                         date(2027, 2, 28), "", 1_500_000_00)
    assert [r.id for r in page.table.model.records] == [old.id, new.id]


def test_an_empty_end_date_cell_proposes_the_start_day(qtbot, svc, partnership):
    """A one-day penyuluhan: its start typed, Tab opens the end with the same day proposed,
    Enter keeps it. A longer one: the day typed replaces the proposal."""
    from kemitraan_desktop.ui.pages.step6_workplan import WorkPlanPage
    from kemitraan_desktop.ui.proposals import is_proposed

    page = show(qtbot, WorkPlanPage(svc))
    page.show_partnership(partnership.id)
    click(qtbot, page.table.add_button)
    type_keys(qtbot, "Penyuluhan Prolanis")
    press(qtbot, Qt.Key.Key_Tab)
    type_keys(qtbot, "06022027")
    press(qtbot, Qt.Key.Key_Tab)
    editor = focused()
    assert isinstance(editor, DateField)
    assert editor.text() == "06/02/2027" and is_proposed(editor)
    press(qtbot, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: not editing(page.table.view))
    [one_day] = svc.activities.list(partnership.id)
    assert (one_day.start_date, one_day.end_date) == (date(2027, 2, 6), date(2027, 2, 6))

    click(qtbot, page.table.add_button)
    type_keys(qtbot, "Pelatihan kader")
    press(qtbot, Qt.Key.Key_Tab)
    type_keys(qtbot, "01032027")
    press(qtbot, Qt.Key.Key_Tab)
    assert focused().text() == "01/03/2027"
    type_keys(qtbot, "03032027")
    press(qtbot, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: not editing(page.table.view))
    longer = next(a for a in svc.activities.list(partnership.id) if a.id != one_day.id)
    assert (longer.name, longer.start_date, longer.end_date) == (
        "Pelatihan kader", date(2027, 3, 1), date(2027, 3, 3))


def test_a_licence_expiry_cell_proposes_no_date(qtbot, svc):
    """An expiry is never the issue day: its empty cell opens empty."""
    from kemitraan_desktop.ui.dialogs.partner_registry import PartnerEditor

    partner = svc.partners.create(name="Apotek Sehat Sentosa", partner_type="apotek")
    svc.licences.create(partner_id=partner.id, name="SIA", issued=date(2025, 3, 1))
    editor = show(qtbot, PartnerEditor(svc, partner.id), 940, 680)
    editor.lists.setCurrentIndex(1)  # Izin
    view = editor.licences.view
    double_click_cell(qtbot, view, 0, column_of(editor.licences, "expires"))
    qtbot.waitUntil(lambda: editing(view))
    assert isinstance(focused(), DateField) and focused().text() == ""


def test_an_end_date_cell_opens_its_calendar_on_the_start_date(qtbot, svc, partnership):
    from kemitraan_desktop.ui.pages.step6_workplan import WorkPlanPage

    svc.activities.create(partnership_id=partnership.id, name="Rapat koordinasi",
                          start_date=date(2030, 5, 6))
    page = show(qtbot, WorkPlanPage(svc))
    page.show_partnership(partnership.id)
    view = page.table.view
    click_cell(qtbot, view, 0, column_of(page.table, "end_date"))
    qtbot.wait(QApplication.doubleClickInterval() + 100)  # a click on the selected row edits
    if not editing(view):
        press(qtbot, Qt.Key.Key_F2)
    editor = focused()
    assert isinstance(editor, DateField)
    QTest.keyClick(editor, Qt.Key.Key_Down, Qt.KeyboardModifier.AltModifier)
    qtbot.waitUntil(lambda: editor.popup is not None and editor.popup.isVisible())
    calendar = editor.popup.findChild(QCalendarWidget)
    assert (calendar.yearShown(), calendar.monthShown()) == (2030, 5)
    assert editing(view)  # the calendar is part of the cell's editor, not leaving it
    editor.popup.close()


def test_a_draft_agreement_started_from_step5_dates(qtbot, svc, partnership):
    """The start panel's dates are in the draft (and an agreement drafted by the services
    shows them back): a check that the same field reads and writes."""
    svc.partners.create(name="Apotek Sehat Sentosa", partner_type="apotek")
    draft = agreements.draft_agreement(svc, partnership.id, "pks", None, date(2027, 1, 1),
                                       date(2027, 12, 31))
    from kemitraan_desktop.ui.pages.step5_agreement import AgreementPage

    page = show(qtbot, AgreementPage(svc))
    page.show_partnership(partnership.id)
    assert (page.valid_from.text(), page.valid_to.text()) == ("01/01/2027", "31/12/2027")
    assert page.valid_to.calendar_start() == date(2027, 12, 31)
    assert draft.id == page.agreement.id


def test_the_message_goes_once_the_refused_cell_is_corrected(qtbot, svc, partnership):
    from kemitraan_desktop.ui.pages.step3_goals import GoalsPage

    svc.goals.create(partnership_id=partnership.id, description="Rujukan tepat waktu")
    page = show(qtbot, GoalsPage(svc))
    page.show_partnership(partnership.id)
    click_cell(qtbot, page.goals.view, 0, column_of(page.goals, "target_date"))
    type_keys(qtbot, "32/01/2027")
    press(qtbot, Qt.Key.Key_Return)
    assert page.bar.isVisible()
    focused().selectAll()
    type_keys(qtbot, "31/01/2027")
    press(qtbot, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: not editing(page.goals.view))
    assert not page.bar.isVisible()


def test_a_date_cell_in_the_last_column_shows_its_whole_editor(qtbot, svc, partnership):
    """The step-3 target date is the last, narrow column: its editor (wider than the cell)
    grows to the left, so the calendar button is not cut off at the table's edge."""
    from kemitraan_desktop.ui.pages.step3_goals import GoalsPage

    svc.goals.create(partnership_id=partnership.id, description="Rujukan tepat waktu")
    page = show(qtbot, GoalsPage(svc))
    page.show_partnership(partnership.id)
    view = page.goals.view
    click_cell(qtbot, view, 0, column_of(page.goals, "target_date"))
    type_keys(qtbot, "1")
    editor = focused()
    assert isinstance(editor, DateField)
    assert editor.width() >= editor.minimumWidth()
    assert editor.geometry().right() <= view.viewport().width()
    assert editor.geometry().left() >= 0


def test_the_calendar_cuts_no_day_name(qtbot):
    from PySide6.QtCore import QLocale

    from kemitraan_desktop import paths

    app = QApplication.instance()
    before, sheet = QLocale(), app.styleSheet()
    QLocale.setDefault(QLocale(QLocale.Language.Indonesian, QLocale.Country.Indonesia))
    app.setStyleSheet(paths.resource_path("style.qss").read_text(encoding="utf-8"))
    try:
        days_shown_whole(qtbot)  # as the program shows it: its style sheet, Indonesian days
    finally:
        QLocale.setDefault(before)
        app.setStyleSheet(sheet)


def days_shown_whole(qtbot) -> None:
    from PySide6.QtWidgets import QTableView

    form = show(qtbot, Form(), 400, 200)
    form.field.setFocus()
    QTest.keyClick(form.field, Qt.Key.Key_Down, Qt.KeyboardModifier.AltModifier)
    qtbot.waitUntil(lambda: form.field.popup is not None and form.field.popup.isVisible())
    calendar = form.field.popup.findChild(QCalendarWidget)
    grid = calendar.findChild(QTableView)
    grid.ensurePolished()
    metrics = grid.fontMetrics()
    names = [calendar.locale().dayName(day, calendar.locale().FormatType.ShortFormat)
             for day in range(1, 8)]
    assert names[3] == "Kam"
    for column in range(7):
        # the cell's padding (2 × 4 px) and the focus frame's margins around the text
        assert grid.columnWidth(column) >= max(map(metrics.horizontalAdvance, names)) + 14
    form.field.popup.close()


def test_step7_a_refused_report_date_is_said_whole_where_room_is_short(qtbot, svc,
                                                                      partnership):
    """Seen at 1366x768: the two-line message under the report date lost its second line to
    the field beneath, the form being squeezed into the page's height."""
    from kemitraan_desktop.ui.pages.step7_implementation import ImplementationPage

    svc.activities.create(partnership_id=partnership.id, name="Rapat koordinasi",
                          start_date=date(2027, 2, 1), end_date=date(2027, 2, 28))
    page = show(qtbot, ImplementationPage(svc), 700, 470)  # the room a step page has there
    page.show_partnership(partnership.id)
    click(qtbot, page.reports.add_button)
    click(qtbot, page.report_date)
    page.report_date.selectAll()
    type_keys(qtbot, "30022027")
    press(qtbot, Qt.Key.Key_Tab)
    qtbot.wait(20)
    error = next(label for label in page.report_form.findChildren(QLabel)
                 if label.objectName() == "fieldError" and label.isVisible())
    assert error.text() == "Februari 2027 hanya 28 hari: tanggal 30 Februari tidak ada."
    assert error.height() >= error.heightForWidth(error.width())  # no line cut off
    below = page.done.mapTo(page.report_form, page.done.rect().topLeft()).y()
    assert error.mapTo(page.report_form, error.rect().bottomLeft()).y() < below
    # The cost beside it stays level with the date, under its own caption.
    cost = page.actual_cost.mapTo(page.report_form, page.actual_cost.rect().topLeft()).y()
    day = page.report_date.mapTo(page.report_form, page.report_date.rect().topLeft()).y()
    assert abs(cost - day) <= 4


def test_the_message_stays_while_the_correction_is_typed(qtbot):
    """Seen in the practice profile at 1366x768: the message under a refused SIP date went at
    the first key of the correction, so everything below moved up a line and the scrolled
    form kept the offset: the "Add person" button went under the edge, the click meant for it
    landed in the empty table, and the name typed next was lost. The message now stays until
    the date typed is whole (or the field is left)."""
    form = show(qtbot, Form(), 400, 200)
    click(qtbot, form.field)
    type_keys(qtbot, "31/02/2027")
    press(qtbot, Qt.Key.Key_Tab)
    assert not form.error.isHidden()
    click(qtbot, form.field)
    form.field.selectAll()
    type_keys(qtbot, "15/03/20")
    assert not form.error.isHidden()  # still typing: nothing below moves
    type_keys(qtbot, "27")
    assert form.error.isHidden()
    assert form.field.value() == date(2027, 3, 15)
