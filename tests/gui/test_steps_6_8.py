"""Steps 6–8 worked as the doctor works them: plan, report with a photo, score, compare."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLineEdit

from kemitraan_desktop.domain.enums import SuccessKey
from kemitraan_desktop.domain.five_keys import STATEMENTS
from kemitraan_desktop.services import activities, evaluation
from kemitraan_desktop.ui.proposals import is_proposed

PRACTICE_SCORES = [5, 4, 4, 4, 4, 3, 4, 4, 3, 4, 3, 4, 5, 4, 4]
PARTNER_SCORES = [4, 4, 5, 4, 3, 4, 2, 2, 1, 4, 4, 3, 4, 4, 3]


@pytest.fixture
def apotek(svc):
    practice = svc.practices.create(doctor_name="dr. Siti Rahmawati")
    partnership = svc.partnerships.create(practice_id=practice.id,
                                          title="Kerja sama pelayanan obat peserta JKN",
                                          partner_type="apotek")
    svc.goals.create(partnership_id=partnership.id,
                     description="Resep peserta JKN terlayani di apotek mitra", target="≥ 95%")
    svc.budget_lines.create(partnership_id=partnership.id, description="Rapat koordinasi",
                            quantity=Decimal(4), unit_cost_sen=350_000_00, funded_by="both")
    return partnership


def type_into_open_editor(qtbot, view, text: str) -> None:
    """Type into the cell editor the table opened, then press Enter, as the doctor does.

    The editor is the visible one: an editor closed a moment ago may still be a child of the
    view until Qt deletes it."""
    qtbot.waitUntil(lambda: len(_open_editors(view)) == 1)
    [editor] = _open_editors(view)
    editor.selectAll()
    qtbot.keyClicks(editor, text)
    qtbot.keyClick(editor, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: not _open_editors(view))


def _open_editors(view) -> list[QLineEdit]:
    return [editor for editor in view.findChildren(QLineEdit) if editor.isVisible()]


# -- step 6 ------------------------------------------------------------------------------------
def test_the_doctor_plans_an_activity_and_finds_it_again(qtbot, svc, apotek):
    from kemitraan_desktop.ui.pages.step6_workplan import WorkPlanPage

    page = WorkPlanPage(svc)
    qtbot.addWidget(page)
    page.resize(1000, 700)
    page.show()
    page.show_partnership(apotek.id)
    assert page.gantt.activities == []

    qtbot.mouseClick(page.table.add_button, Qt.MouseButton.LeftButton)
    type_into_open_editor(qtbot, page.table.view, "Sosialisasi alur resep JKN")
    model = page.table.model
    start = date.today().replace(day=1)
    model.setData(model.index(0, 1), start)
    model.setData(model.index(0, 2), start + timedelta(days=7))
    model.setData(model.index(0, 3), "dr. Siti Rahmawati")
    model.setData(model.index(0, 5), 1_900_000_00)  # more than the budget of 1.400.000
    page.table.view.selectRow(0)
    qtbot.keyClicks(page.description, "Menjelaskan alur resep kepada petugas apotek.")
    qtbot.keyClicks(page.location, "Ruang tunggu praktik")
    page.goal.setCurrentIndex(1)
    assert page.flush()

    [saved] = svc.activities.list(apotek.id)
    assert saved.name == "Sosialisasi alur resep JKN"
    assert saved.description == "Menjelaskan alur resep kepada petugas apotek."
    assert saved.location == "Ruang tunggu praktik"
    assert saved.goal_id == svc.goals.list(apotek.id)[0].id
    assert saved.planned_cost_sen == 1_900_000_00
    assert [a.id for a in page.gantt.activities] == [saved.id]
    # In total (an activity names who carries it out, a budget line who pays for it).
    assert [page.costs.item(0, n).text() for n in range(3)] == [
        "Rp1.400.000,00", "Rp1.900.000,00", "-Rp500.000,00"]
    assert page.cost_note.text() == (
        "Biaya kegiatan yang direncanakan Rp500.000,00 melebihi anggaran langkah 4. Kurangi "
        "rencana biayanya atau tambah anggaran di langkah 4.")

    again = WorkPlanPage(svc)
    qtbot.addWidget(again)
    again.show_partnership(apotek.id)
    assert again.table.model.records[0].name == "Sosialisasi alur resep JKN"
    assert again.description.toPlainText() == "Menjelaskan alur resep kepada petugas apotek."
    assert again.goal.currentData() == saved.goal_id


def test_the_timeline_copes_with_activities_without_dates(qtbot, svc, apotek):
    from kemitraan_desktop.ui.pages.step6_workplan import WorkPlanPage

    svc.activities.create(partnership_id=apotek.id, name="Pelatihan konseling obat")
    svc.activities.create(partnership_id=apotek.id, name="Evaluasi tahunan",
                          start_date=date(2031, 3, 1))
    page = WorkPlanPage(svc)
    qtbot.addWidget(page)
    page.resize(900, 700)
    page.show()
    page.show_partnership(apotek.id)
    page.gantt.grab()  # paints without trouble
    assert [a.name for a in page.gantt.activities][-1] == "Pelatihan konseling obat"
    page.show_year(2031)
    image = page.gantt.grab()
    assert not image.isNull()
    assert page.gantt._rows[0].bar is not None  # the milestone of 2031 is drawn


# -- step 7 ------------------------------------------------------------------------------------
def photo_file(folder: Path) -> Path:
    from kemitraan_desktop.services.demo import png_bytes

    path = folder / "foto rapat koordinasi.png"
    path.write_bytes(png_bytes(64, 48, (120, 170, 210), stripe=8))
    return path


def test_the_doctor_reports_an_activity_with_a_photo(qtbot, svc, apotek, tmp_path):
    from kemitraan_desktop.ui.pages.step7_implementation import ImplementationPage

    meeting = svc.activities.create(partnership_id=apotek.id, name="Rapat koordinasi",
                                    start_date=date.today() - timedelta(days=10),
                                    end_date=date.today() + timedelta(days=60),
                                    planned_cost_sen=1_400_000_00)
    page = ImplementationPage(svc)
    qtbot.addWidget(page)
    page.resize(1000, 700)
    page.show()
    page.show_partnership(apotek.id)
    assert page.activity_list.currentItem().data(Qt.ItemDataRole.UserRole) == meeting.id

    qtbot.mouseClick(page.reports.add_button, Qt.MouseButton.LeftButton)
    qtbot.keyClicks(page.done, "Membahas alur resep peserta JKN.")
    qtbot.keyClicks(page.results, "Alur resep disepakati.")
    qtbot.keyClicks(page.problems, "Stok amlodipin 10 mg sempat kosong.")
    page.actual_cost.setFocus()
    qtbot.keyClicks(page.actual_cost, "325.000")
    assert page.flush()

    [report] = svc.reports.list(meeting.id)
    assert report.done == "Membahas alur resep peserta JKN."
    assert report.problems == "Stok amlodipin 10 mg sempat kosong."
    assert report.actual_cost_sen == 325_000_00
    assert page.reports.model.records[0].actual_cost_sen == 325_000_00

    photo = photo_file(tmp_path)
    assert page.add_files([photo]) == 1
    photo.unlink()  # the original is gone; the report keeps its copy
    assert page.attachment_list.count() == 1
    item = page.attachment_list.item(0)
    assert item.text() == "foto rapat koordinasi.png"
    assert not item.icon().isNull()
    [attachment] = activities.report_attachments(svc, report.id)
    assert activities.viewing_copy(svc, attachment).read_bytes().startswith(b"\x89PNG")

    page.tabs.setCurrentIndex(1)
    assert page.costs.item(0, 2).text() == "Rp325.000,00"
    assert page.costs.item(0, 3).text() == "Rp1.075.000,00"

    again = ImplementationPage(svc)
    qtbot.addWidget(again)
    again.show_partnership(apotek.id)
    assert again.done.toPlainText() == "Membahas alur resep peserta JKN."
    assert again.actual_cost.text() == "325.000,00"
    assert again.attachment_list.count() == 1


def test_a_pdf_gets_a_document_icon_and_removing_it_can_be_undone(qtbot, svc, apotek,
                                                                  tmp_path):
    from kemitraan_desktop.ui.pages.step7_implementation import ImplementationPage

    meeting = svc.activities.create(partnership_id=apotek.id, name="Rapat koordinasi")
    svc.reports.create(activity_id=meeting.id, report_date=date.today(), done="Rapat")
    scan = tmp_path / "daftar hadir.pdf"
    scan.write_bytes(b"%PDF-1.4 attendance")
    page = ImplementationPage(svc)
    qtbot.addWidget(page)
    page.show_partnership(apotek.id)
    page.add_files([scan, tmp_path / "hilang.jpg"])
    assert page.attachment_list.count() == 1
    assert "hilang.jpg" in page.bar.text
    assert not page.attachment_list.item(0).icon().isNull()

    page.attachment_list.setCurrentRow(0)
    page.remove_selected()
    assert page.attachment_list.count() == 0
    page.bar._do_undo()
    assert page.attachment_list.count() == 1


def test_a_report_dated_after_today_is_listed_as_planned(qtbot, svc, apotek):
    """A report kept from before such dates were refused stays in the list, marked."""
    from kemitraan_desktop.ui.pages.step7_implementation import ImplementationPage

    meeting = svc.activities.create(partnership_id=apotek.id, name="Rapat koordinasi")
    svc.reports.create(activity_id=meeting.id, report_date=date.today() - timedelta(days=3),
                       done="Rapat pertama")
    svc.reports.create(activity_id=meeting.id, report_date=date.today() + timedelta(days=30),
                       done="Rapat kedua")
    page = ImplementationPage(svc)
    qtbot.addWidget(page)
    page.resize(1000, 700)
    page.show()
    page.show_partnership(apotek.id)
    model = page.reports.model
    done = next(n for n, c in enumerate(model.columns) if c.field == "done")
    assert [model.index(row, done).data() for row in range(model.rowCount())] == [
        "Rapat pertama", "(direncanakan) Rapat kedua"]


# -- step 8 ------------------------------------------------------------------------------------
def score_all(qtbot, page, values: list[int]) -> None:
    for statement, score in zip(STATEMENTS, values, strict=True):
        qtbot.mouseClick(page.answer_groups[statement.code].button(score),
                         Qt.MouseButton.LeftButton)


def test_both_parties_score_and_the_disagreement_is_highlighted(qtbot, svc, apotek):
    from kemitraan_desktop.ui.pages.step8_evaluation import DISPUTE_BACKGROUND, EvaluationPage

    page = EvaluationPage(svc)
    qtbot.addWidget(page)
    page.resize(1000, 700)
    page.show()
    page.show_partnership(apotek.id)
    page.tabs.setCurrentIndex(page.TAB_QUESTIONNAIRE)

    # The doctor speaks for the practice: proposed as its assessor, saved with the scores.
    assert page.assessor.text() == "dr. Siti Rahmawati" and is_proposed(page.assessor)
    score_all(qtbot, page, PRACTICE_SCORES)
    qtbot.mouseClick(page.save_button, Qt.MouseButton.LeftButton)
    saved = evaluation.latest_assessment(svc, apotek.id, "practice")
    assert len(saved.scores) == 15 and saved.assessor == "dr. Siti Rahmawati"

    qtbot.mouseClick(page.partner_radio, Qt.MouseButton.LeftButton)
    assert page.party == "partner"
    assert page.scores() == {}  # the partner starts from an empty form
    qtbot.keyClicks(page.assessor, "apt. Dewi Lestari")
    score_all(qtbot, page, PARTNER_SCORES)
    qtbot.mouseClick(page.save_button, Qt.MouseButton.LeftButton)

    summary = evaluation.key_summary(svc, apotek.id)
    assert summary.practice.assessor == "dr. Siti Rahmawati"
    assert summary.partner.assessor == "apt. Dewi Lestari"
    assert summary.disagreements == (SuccessKey.COLLABORATION,)

    page.tabs.setCurrentIndex(page.TAB_SUMMARY)
    row = list(SuccessKey).index(SuccessKey.COLLABORATION)
    assert "⚠" in page.key_table.item(row, 3).text()
    # The judgement column says what the evaluation's note says (walker4 F-j).
    assert page.key_table.item(row, 4).text() == "● Perlu dibahas"
    assert page.key_table.item(row, 0).background().color() == DISPUTE_BACKGROUND
    assert page.key_table.item(0, 0).background().color() != DISPUTE_BACKGROUND
    assert page.radar.disputed == {SuccessKey.COLLABORATION}
    assert SuccessKey.COLLABORATION.label in page.dispute_note.text()

    again = EvaluationPage(svc)
    qtbot.addWidget(again)
    again.show_partnership(apotek.id)
    assert again.scores() == {s.code: v for s, v in zip(STATEMENTS, PRACTICE_SCORES,
                                                          strict=True)}
    assert again.assessor.text() == "dr. Siti Rahmawati"
    again.choose_party("partner")
    assert again.partner_radio.isChecked()
    assert again.scores()["collab_costs"] == 1
    assert "⚠" in again.key_table.item(row, 3).text()


def test_a_scoring_is_saved_when_the_doctor_leaves_the_page(qtbot, svc, apotek):
    from kemitraan_desktop.ui.pages.step8_evaluation import EvaluationPage

    page = EvaluationPage(svc)
    qtbot.addWidget(page)
    page.show_partnership(apotek.id)
    page.set_score("coop_vision", 4)
    page.set_score("commit_duties", 5)
    assert evaluation.latest_assessment(svc, apotek.id, "practice") is None
    assert page.flush()  # the wizard flushes before it shows another step
    saved = evaluation.latest_assessment(svc, apotek.id, "practice")
    assert saved.scores == {"coop_vision": 4, "commit_duties": 5}
    assert saved.assessed_on == date.today()


@pytest.mark.parametrize(("start", "end", "proposed", "period"), [
    (date(2099, 1, 1), date(2099, 12, 31), "01/01/2099", "2099-01"),  # not begun yet
    (date(2020, 1, 1), date(2020, 12, 31), "31/12/2020", "2020-12"),  # ended
])
def test_step_8_proposes_days_inside_the_term_being_evaluated(qtbot, svc, apotek, start, end,
                                                              proposed, period):
    """A scoring dated today for a PKS that begins next month evaluated a period that had not
    begun (walker #13): the date and an indicator's first period lie inside the term."""
    from kemitraan_desktop.services import agreements
    from kemitraan_desktop.ui.pages.step8_evaluation import EvaluationPage

    svc.partners.create(name="Apotek Sehat Sentosa", partner_type="apotek")
    agreements.draft_agreement(svc, apotek.id, "pks", None, start, end)
    page = EvaluationPage(svc)
    qtbot.addWidget(page)
    page.resize(1000, 700)
    page.show()
    page.show_partnership(apotek.id)
    page.tabs.setCurrentIndex(page.TAB_QUESTIONNAIRE)
    assert page.assessed_on.isVisible() and page.assessed_on.text() == proposed
    page.set_score("coop_vision", 4)
    assert page.flush()
    assert evaluation.latest_assessment(svc, apotek.id, "practice").assessed_on == day(proposed)

    page.tabs.setCurrentIndex(page.TAB_INDICATORS)
    qtbot.mouseClick(page.indicators.add_button, Qt.MouseButton.LeftButton)
    type_into_open_editor(qtbot, page.indicators.view, "Resep terlayani lengkap")
    qtbot.mouseClick(page.values.add_button, Qt.MouseButton.LeftButton)
    [series] = evaluation.indicator_series(svc, apotek.id)
    assert [p.period for p in series.points] == [period]


def day(text: str) -> date:
    day_, month, year = map(int, text.split("/"))
    return date(year, month, day_)


def test_a_new_round_keeps_the_earlier_scoring(qtbot, svc, apotek):
    from kemitraan_desktop.ui.pages.step8_evaluation import EvaluationPage

    evaluation.save_assessment(svc, apotek.id, "practice", date(2025, 11, 1), "dr. Siti",
                               {s.code: 3 for s in STATEMENTS})
    page = EvaluationPage(svc)
    qtbot.addWidget(page)
    page.show_partnership(apotek.id)
    page.start_new_round()
    assert page.scores() == {}
    page.set_score("coop_vision", 5)
    page.save_scoring()
    assert len(svc.assessments.list(apotek.id, party="practice")) == 2
    assert evaluation.latest_assessment(svc, apotek.id, "practice").rounds == 2


def test_flagged_keys_become_follow_up_actions(qtbot, svc, apotek):
    from kemitraan_desktop.ui.pages.step8_evaluation import EvaluationPage

    for party, values in (("practice", PRACTICE_SCORES), ("partner", PARTNER_SCORES)):
        evaluation.save_assessment(svc, apotek.id, party, date.today(), "",
                                   {s.code: v for s, v in zip(STATEMENTS, values, strict=True)})
    page = EvaluationPage(svc)
    qtbot.addWidget(page)
    page.show()
    page.show_partnership(apotek.id)
    page.tabs.setCurrentIndex(page.TAB_SUMMARY)
    assert page.add_actions_button.isVisible()
    qtbot.mouseClick(page.add_actions_button, Qt.MouseButton.LeftButton)
    assert page.tabs.currentIndex() == page.TAB_ACTIONS
    [item] = svc.action_items.list(apotek.id)
    assert item.key == "collaboration"
    assert page.actions.model.records[0].id == item.id
    page.tabs.setCurrentIndex(page.TAB_SUMMARY)
    assert not page.add_actions_button.isVisible()


def test_indicator_values_draw_the_progress_chart(qtbot, svc, apotek):
    from kemitraan_desktop.ui.pages.step8_evaluation import EvaluationPage

    page = EvaluationPage(svc)
    qtbot.addWidget(page)
    page.resize(1000, 700)
    page.show()
    page.show_partnership(apotek.id)
    qtbot.mouseClick(page.indicators.add_button, Qt.MouseButton.LeftButton)
    type_into_open_editor(qtbot, page.indicators.view, "Resep terlayani lengkap")
    model = page.indicators.model
    model.setData(model.index(0, 1), "%")
    model.setData(model.index(0, 2), Decimal(70))
    model.setData(model.index(0, 3), Decimal(95))
    model.setData(model.index(0, 5), "quarterly")

    qtbot.mouseClick(page.values.add_button, Qt.MouseButton.LeftButton)
    type_into_open_editor(qtbot, page.values.view, "2026-q3")
    values = page.values.model
    values.setData(values.index(0, 1), Decimal(82))
    qtbot.mouseClick(page.values.add_button, Qt.MouseButton.LeftButton)
    page.values.view.findChild(QLineEdit).clearFocus()
    values.setData(values.index(1, 1), Decimal(91))

    [series] = evaluation.indicator_series(svc, apotek.id)
    assert [p.period for p in series.points] == ["2026-Q3", "2026-Q4"]
    assert page.chart.series.latest == Decimal(91)
    assert "84%" in page.progress.text()
    assert not page.chart.grab().isNull()


def test_a_period_given_twice_is_refused_with_a_message(qtbot, svc, apotek):
    from kemitraan_desktop.ui.pages.step8_evaluation import EvaluationPage

    indicator = svc.indicators.create(partnership_id=apotek.id, name="Angka kontak",
                                      frequency="monthly")
    values = evaluation.IndicatorValues(svc)
    values.create(indicator_id=indicator.id, period="2026-09", value=Decimal(140))
    second = values.create(indicator_id=indicator.id, period="2026-10", value=Decimal(150))
    page = EvaluationPage(svc)
    qtbot.addWidget(page)
    page.show_partnership(apotek.id)
    model = page.values.model
    assert not model.setData(model.index(1, 0), "2026-09")
    assert "2026-09" in page.bar.text
    assert svc.indicator_values.get(second.id).period == "2026-10"


def test_undoing_a_deleted_report_brings_its_photo_back(qtbot, svc, apotek, tmp_path):
    from kemitraan_desktop.ui.pages.step7_implementation import ImplementationPage

    meeting = svc.activities.create(partnership_id=apotek.id, name="Rapat koordinasi")
    svc.reports.create(activity_id=meeting.id, report_date=date.today(), done="Rapat Maret")
    page = ImplementationPage(svc)
    qtbot.addWidget(page)
    page.show()
    page.show_partnership(apotek.id)
    page.add_files([photo_file(tmp_path)])

    page.reports.view.selectRow(0)
    qtbot.mouseClick(page.reports.delete_button, Qt.MouseButton.LeftButton)
    assert svc.reports.list(meeting.id) == []
    assert page.attachment_list.count() == 0
    page.bar._do_undo()

    [report] = svc.reports.list(meeting.id)
    assert report.done == "Rapat Maret"
    assert len(activities.report_attachments(svc, report.id)) == 1
    page.reports.view.selectRow(0)
    assert page.attachment_list.count() == 1


def test_undoing_a_deleted_activity_brings_its_reports_back(qtbot, svc, apotek):
    from kemitraan_desktop.ui.pages.step6_workplan import WorkPlanPage

    meeting = svc.activities.create(partnership_id=apotek.id, name="Rapat koordinasi")
    svc.reports.create(activity_id=meeting.id, report_date=date.today(), done="Rapat Maret")
    page = WorkPlanPage(svc)
    qtbot.addWidget(page)
    page.show_partnership(apotek.id)
    page.table.view.selectRow(0)
    page.table.delete_row()
    assert page.gantt.activities == []
    page.bar._do_undo()
    assert [r.done for r in svc.reports.list(meeting.id)] == ["Rapat Maret"]
    assert [a.name for a in page.gantt.activities] == ["Rapat koordinasi"]


def test_step_8_is_done_only_when_each_side_scored_all_fifteen_statements(qtbot, svc, apotek):
    """Walker #14: the banner said "Langkah ini sudah selesai" while the partner had scored 10
    of the 15 statements; and the caption read "oleh dr. Budi Santoso, M.Kes.." (twice)."""
    from kemitraan_desktop.ui.wizard import Wizard

    indicator = svc.indicators.create(partnership_id=apotek.id, name="Resep terlayani",
                                      unit="%", baseline=Decimal(80), target=Decimal(95))
    svc.indicator_values.create(indicator_id=indicator.id, period="2026-10", value=Decimal(90))
    wizard = Wizard(svc)
    qtbot.addWidget(wizard)
    wizard.resize(1366, 728)
    wizard.show()
    wizard.show_partnership(apotek.id, step=8)
    page = wizard.page(8)
    page.tabs.setCurrentIndex(page.TAB_QUESTIONNAIRE)
    page.assessor.selectAll()
    qtbot.keyClicks(page.assessor, "dr. Budi Santoso, M.Kes.")
    score_all(qtbot, page, PRACTICE_SCORES)
    qtbot.mouseClick(page.save_button, Qt.MouseButton.LeftButton)
    assert page.scoring_status.text().startswith(
        "Penilaian Praktik oleh dr. Budi Santoso, M.Kes., tanggal ")
    assert ".." not in page.scoring_status.text()

    qtbot.mouseClick(page.partner_radio, Qt.MouseButton.LeftButton)
    qtbot.keyClicks(page.assessor, "apt. Dewi Lestari")
    for statement, score in list(zip(STATEMENTS, PARTNER_SCORES, strict=True))[5:]:
        qtbot.mouseClick(page.answer_groups[statement.code].button(score),
                         Qt.MouseButton.LeftButton)
    qtbot.mouseClick(page.save_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "10 dari 15" in wizard.missing.text())
    assert wizard.missing.text() == (
        "Masih kurang: Lengkapi penilaian 15 pernyataan dari pihak mitra (10 dari 15 sudah "
        "dinilai).")
    assert wizard.step_buttons.button(8).property("state") != "complete"

    for statement, score in list(zip(STATEMENTS, PARTNER_SCORES, strict=True))[:5]:
        qtbot.mouseClick(page.answer_groups[statement.code].button(score),
                         Qt.MouseButton.LeftButton)
    qtbot.mouseClick(page.save_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: wizard.missing.text() == "Langkah ini sudah selesai.")
    assert wizard.step_buttons.button(8).property("state") == "complete"
