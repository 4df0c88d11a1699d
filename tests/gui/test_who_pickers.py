"""People picked, not retyped: every "who" field offers the doctor, the practice's people and
the partner's people; a name typed that nobody has yet stays in its field and is offered the next
time as a name used, never made a person of the practice or the partner behind the doctor's
back."""

from __future__ import annotations

from datetime import date

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication
from table_walk import click_cell, double_click_cell, editing, press, show, type_keys

from kemitraan_desktop.services import partnerships
from kemitraan_desktop.ui.people import PersonPicker


@pytest.fixture
def bpjs(svc):
    svc.practices.create(doctor_name="dr. Siti Rahmawati", degree="M.Kes.",
                         clinic_name="Praktik Dokter Siti Rahmawati")
    practice = svc.practices.list()[0]
    svc.practice_people.create(practice_id=practice.id, name="Ns. Rina Wulandari",
                               job_title="Perawat")
    partner = svc.partners.create(name="BPJS Kesehatan Kantor Cabang Sleman",
                                  partner_type="bpjs")
    svc.partner_people.create(partner_id=partner.id, name="Drs. Bambang Hartono, M.M.",
                              job_title="Kepala Kantor Cabang", staff_number="01234567",
                              signs=True)
    return partnerships.start_partnership(svc, "Menjadi FKTP BPJS", "bpjs", partner.id)


def popup_names(picker: PersonPicker) -> list[str]:
    popup = picker.completer().popup()
    assert popup.isVisible()
    model = popup.model()
    return [model.index(row, 0).data() for row in range(model.rowCount())]


def test_a_work_plan_cell_offers_both_sides_and_keeps_a_new_name(qtbot, svc, bpjs):
    from kemitraan_desktop.ui.pages.step6_workplan import WorkPlanPage

    activity = svc.activities.create(partnership_id=bpjs.id, name="Sosialisasi JKN",
                                     start_date=date(2027, 2, 1), position=0)
    page = show(qtbot, WorkPlanPage(svc))
    page.show_partnership(bpjs.id)
    table = page.table
    column = next(n for n, c in enumerate(table.model.columns) if c.field == "person_in_charge")

    # Typing part of a name lists who it may be, from both sides; Down and Enter take one.
    double_click_cell(qtbot, table.view, 0, column)
    type_keys(qtbot, "bam")
    picker = QApplication.focusWidget()
    assert isinstance(picker, PersonPicker)
    assert popup_names(picker) == ["Drs. Bambang Hartono, M.M."]
    # Wider than the cell: the name is read whole, with the position beside it.
    popup = picker.completer().popup()
    assert popup.width() > table.view.columnWidth(column)
    assert popup.width() >= popup.fontMetrics().horizontalAdvance(
        "Drs. Bambang Hartono, M.M.  —  Kepala Kantor Cabang, BPJS Kesehatan Kantor Cabang Sleman")
    press(qtbot, Qt.Key.Key_Down)
    press(qtbot, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: not editing(table.view))
    assert svc.activities.get(activity.id).person_in_charge == "Drs. Bambang Hartono, M.M."

    # The arrow key on an empty cell lists everyone: the doctor first, in full.
    double_click_cell(qtbot, table.view, 0, column)
    picker = QApplication.focusWidget()
    picker.selectAll()
    press(qtbot, Qt.Key.Key_Backspace)
    press(qtbot, Qt.Key.Key_Down)
    assert popup_names(picker) == ["dr. Siti Rahmawati, M.Kes.", "Ns. Rina Wulandari",
                                   "Drs. Bambang Hartono, M.M."]
    press(qtbot, Qt.Key.Key_Escape)
    press(qtbot, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: not editing(table.view))

    # A name nobody has yet is saved as typed, offered next time, and nobody's staff.
    double_click_cell(qtbot, table.view, 0, column)
    QApplication.focusWidget().selectAll()
    type_keys(qtbot, "Budi Santoso")
    press(qtbot, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: not editing(table.view))
    assert svc.activities.get(activity.id).person_in_charge == "Budi Santoso"
    assert [p.name for p in svc.practice_people.list()] == ["Ns. Rina Wulandari"]
    assert [p.name for p in svc.partner_people.list()] == ["Drs. Bambang Hartono, M.M."]
    double_click_cell(qtbot, table.view, 0, column)
    picker = QApplication.focusWidget()
    picker.selectAll()
    press(qtbot, Qt.Key.Key_Backspace)
    press(qtbot, Qt.Key.Key_Down)
    assert popup_names(picker) == ["dr. Siti Rahmawati, M.Kes.", "Ns. Rina Wulandari",
                                   "Drs. Bambang Hartono, M.M.", "Budi Santoso"]
    press(qtbot, Qt.Key.Key_Escape)
    press(qtbot, Qt.Key.Key_Escape)


def test_the_partner_signatory_picked_in_step_5_brings_position_and_number(qtbot, svc, bpjs):
    from kemitraan_desktop.services import agreements
    from kemitraan_desktop.ui.pages.step5_agreement import AgreementPage

    other = svc.partner_people.create(
        partner_id=svc.partners.list()[0].id, name="dr. Hendra Wijaya",
        job_title="Kepala Bidang Penjaminan Manfaat Primer", staff_number="09876543",
        authority="Surat Kuasa Nomor 12/KC-SLM/0127")
    draft = agreements.draft_agreement(svc, bpjs.id)
    page = show(qtbot, AgreementPage(svc), 1200, 720)
    page.show_partnership(bpjs.id)
    page.tabs.setCurrentIndex(1)  # Parties
    table = page.parties
    [partner_row] = [n for n, r in enumerate(table.model.records) if r.party == "partner"]
    # The row is chosen in the table; who signs is picked in the field under it.
    click_cell(qtbot, table.view, partner_row, 0)
    picker = page.signatory
    assert isinstance(picker, PersonPicker) and picker.isVisible()
    qtbot.mouseClick(picker, Qt.MouseButton.LeftButton)
    picker.selectAll()
    type_keys(qtbot, "hendra")
    press(qtbot, Qt.Key.Key_Down)
    press(qtbot, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: [p for p in svc.agreement_parties.list(draft.id)
                             if p.party == "partner"][0].signatory_id_number == "09876543")
    [party] = [p for p in svc.agreement_parties.list(draft.id) if p.party == "partner"]
    assert (party.signatory_name, party.signatory_position, party.signatory_id_number,
            party.authority) == (other.name, "Kepala Bidang Penjaminan Manfaat Primer",
                                 "09876543", "Surat Kuasa Nomor 12/KC-SLM/0127")


def test_attendance_is_added_by_picking_people(qtbot, svc, bpjs):
    from kemitraan_desktop.ui.pages.step7_implementation import ImplementationPage

    activity = svc.activities.create(partnership_id=bpjs.id, name="Rapat koordinasi",
                                     start_date=date(2027, 1, 5), position=0)
    report = svc.reports.create(activity_id=activity.id, report_date=date(2027, 1, 5))
    page = show(qtbot, ImplementationPage(svc), 1200, 720)
    page.show_partnership(bpjs.id)
    picker = page.attendee
    assert picker.isVisible()
    for typed in ("siti", "bambang", "rina"):
        picker.setFocus()
        type_keys(qtbot, typed)
        press(qtbot, Qt.Key.Key_Down)
        press(qtbot, Qt.Key.Key_Return)
    # Someone new is typed in full and added with the button; a second time changes nothing.
    for _time in range(2):
        picker.setFocus()
        type_keys(qtbot, "Joko Susilo")
        qtbot.mouseClick(page.add_attendee, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: not picker.text())
    qtbot.waitUntil(lambda: "Joko" in svc.reports.get(report.id).attendance, timeout=3000)
    assert svc.reports.get(report.id).attendance.splitlines() == [
        "dr. Siti Rahmawati, M.Kes. (Dokter Penanggung Jawab Praktik)",
        "Drs. Bambang Hartono, M.M. (Kepala Kantor Cabang)",
        "Ns. Rina Wulandari (Perawat)",
        "Joko Susilo",
    ]
    assert [p.name for p in svc.practice_people.list()] == ["Ns. Rina Wulandari"]
    # The next report offers him by name, typed once.
    picker.setFocus()
    type_keys(qtbot, "joko")
    assert popup_names(picker) == ["Joko Susilo"]
    press(qtbot, Qt.Key.Key_Escape)


def test_the_partner_scores_with_its_signatory_proposed_as_assessor(qtbot, svc, bpjs):
    from kemitraan_desktop.services import evaluation
    from kemitraan_desktop.ui.pages.step8_evaluation import EvaluationPage
    from kemitraan_desktop.ui.proposals import is_proposed

    page = show(qtbot, EvaluationPage(svc), 1200, 720)
    page.show_partnership(bpjs.id)
    page.tabs.setCurrentIndex(page.TAB_QUESTIONNAIRE)
    assert page.assessor.text() == "dr. Siti Rahmawati, M.Kes." and is_proposed(page.assessor)
    qtbot.mouseClick(page.partner_radio, Qt.MouseButton.LeftButton)
    assert page.assessor.text() == "Drs. Bambang Hartono, M.M." and is_proposed(page.assessor)
    first = next(iter(page.answer_groups.values()))
    qtbot.mouseClick(first.button(4), Qt.MouseButton.LeftButton)
    qtbot.mouseClick(page.save_button, Qt.MouseButton.LeftButton)
    assert evaluation.latest_assessment(svc, bpjs.id, "partner").assessor == \
        "Drs. Bambang Hartono, M.M."


def test_the_attendance_list_stays_on_the_laptop_screen(qtbot, window, svc):
    """Seen at 1366×768: step 7's attendance field sits near the right edge, and its list of
    names (wider than the field) ran off the screen: "dr. Siti Rahmawati — Dokter Penanggung
    Jawab Praktik, Praktik Dokter Siti Rahmaw"."""
    from PySide6.QtCore import QPoint

    window.move(0, 0)
    window.resize(1366, 728)
    bpjs = next(p for p in svc.partnerships.list() if p.partner_type == "bpjs")
    [first, *_rest] = svc.activities.list(bpjs.id)
    svc.reports.create(activity_id=first.id, report_date=date(2027, 1, 5))
    window.list.select(bpjs.id)
    window.wizard.go_to(7, remember=False)
    picker = window.wizard.pages[7].attendee
    assert picker.isVisible()
    picker.setFocus()
    press(qtbot, Qt.Key.Key_Down)
    popup = picker.completer().popup()
    qtbot.waitUntil(popup.isVisible)
    screen = picker.screen().availableGeometry()
    frame = popup.geometry()
    assert picker.mapToGlobal(QPoint(0, 0)).x() + frame.width() > screen.right() + 1
    assert screen.left() <= frame.left() and frame.right() <= screen.right()
    assert frame.width() == popup.minimumWidth()  # the names with their positions, uncut
    assert "dr. Siti Rahmawati" in popup_names(picker)


def test_the_attendance_field_is_wide_enough_to_read_at_1366(qtbot, window, svc):
    """Seen at 1366×768: beside a "Tambahkan ke daftar" button the field kept 75 px and its
    placeholder read "Tam…"."""
    window.move(0, 0)
    window.resize(1366, 728)
    bpjs = next(p for p in svc.partnerships.list() if p.partner_type == "bpjs")
    [first, *_rest] = svc.activities.list(bpjs.id)
    svc.reports.create(activity_id=first.id, report_date=date(2027, 1, 5))
    window.list.select(bpjs.id)
    window.wizard.go_to(7, remember=False)
    page = window.wizard.pages[7]
    picker = page.attendee
    assert picker.isVisible() and picker.placeholderText() == "Tambahkan seseorang ke daftar"
    assert page.add_attendee.text() == "Tambah"
    assert page.add_attendee.toolTip() == "Tambahkan ke daftar"
    # Its first word and more readable beside the list's arrow ("Tambahkan sese…" on screen),
    # and the field wider than the button beside it.
    words = picker.fontMetrics().horizontalAdvance("Tambahkan se")
    assert picker.width() >= words + picker.height() + 8
    assert picker.width() > page.add_attendee.width()


def test_two_names_typed_as_one_follow_up_owner_are_nobodys_staff(qtbot, svc, bpjs):
    """Walker4: Pelaksana 'dr. Ahmad Wibisono dan Dra. Retno Kusumawati' in step 8 became one
    person of the practice ('Orang dari praktik #1' in Data pribadi). The text stays as typed
    in its row; the practice's people do not change; each name is offered on its own."""
    from kemitraan_desktop.ui.pages.step8_evaluation import EvaluationPage

    page = show(qtbot, EvaluationPage(svc), 1200, 720)
    page.show_partnership(bpjs.id)
    page.tabs.setCurrentIndex(page.TAB_ACTIONS)
    qtbot.mouseClick(page.actions.add_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: editing(page.actions.view))
    press(qtbot, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: not editing(page.actions.view))
    column = next(n for n, c in enumerate(page.actions.model.columns) if c.field == "owner")
    double_click_cell(qtbot, page.actions.view, 0, column)
    type_keys(qtbot, "dr. Ahmad Wibisono dan Dra. Retno Kusumawati")
    press(qtbot, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: not editing(page.actions.view))
    [action] = svc.action_items.list(bpjs.id)
    assert action.owner == "dr. Ahmad Wibisono dan Dra. Retno Kusumawati"
    assert [p.name for p in svc.practice_people.list()] == ["Ns. Rina Wulandari"]
    assert [p.name for p in svc.partner_people.list()] == ["Drs. Bambang Hartono, M.M."]

    double_click_cell(qtbot, page.actions.view, 0, column)
    picker = QApplication.focusWidget()
    picker.selectAll()
    type_keys(qtbot, "retno")
    assert popup_names(picker) == ["Dra. Retno Kusumawati"]
    press(qtbot, Qt.Key.Key_Escape)
    press(qtbot, Qt.Key.Key_Escape)
