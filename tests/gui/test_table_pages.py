"""Each page's tables worked by keyboard and mouse, with what is particular to the page: the
fields beside a table, a ranking that moves rows while they are scored, a list of clauses.

(tests/gui/test_table_editing.py works every table the same way; these stories add the rest.)
"""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication
from table_walk import (
    click,
    click_cell,
    editing,
    focused,
    press,
    show,
    type_keys,
    undo_button,
)

from kemitraan_desktop.services import agreements, partnerships
from kemitraan_desktop.services.app import Services


@pytest.fixture
def partnership(svc: Services):
    svc.practices.create(doctor_name="dr. Siti Rahmawati")
    return partnerships.start_partnership(svc, "Kerja sama pelayanan obat", "apotek")


def ranking(svc, pid: int) -> list[int]:
    return [row.partner_id for row in partnerships.ranked_candidates(svc, pid)]


def row_of(table, record_id: int) -> int:
    return next(n for n, r in enumerate(table.model.records) if r.id == record_id)


def selected_id(table) -> int | None:
    index = table.view.currentIndex()
    return table.model.records[index.row()].id if index.isValid() else None


# -- step 2: the ranking moves rows while they are scored --------------------------------------
def test_step2_scores_typed_one_after_another_all_land_while_the_row_climbs(
        qtbot, svc, partnership):
    """The issue's lost keystroke: after a score the table was ranked again, which closed the
    editor Tab had just opened on the next cell, and the next digit went nowhere."""
    from kemitraan_desktop.ui.pages.step2_candidates import FIRST_SCORE, CandidatesPage

    pid = partnership.id
    strong = svc.partners.create(name="Apotek Kimia Prima", partner_type="apotek")
    newcomer = svc.partners.create(name="Apotek Sehat Sentosa", partner_type="apotek")
    svc.candidates.create(partnership_id=pid, partner_id=strong.id, score_shared_vision=4,
                          score_capacity=4, score_access=4, score_reputation=4,
                          score_acceptance=4)
    svc.candidates.create(partnership_id=pid, partner_id=newcomer.id)
    page = show(qtbot, CandidatesPage(svc))
    page.show_partnership(pid)
    assert ranking(svc, pid) == [strong.id, newcomer.id]

    click_cell(qtbot, page.view, 1, FIRST_SCORE)
    for digit in "55555":  # 5, Tab, 5, Tab … : after the second 5 it climbs to the top
        type_keys(qtbot, digit)
        press(qtbot, Qt.Key.Key_Tab)
    press(qtbot, Qt.Key.Key_Escape)
    [mine] = svc.candidates.list(pid, partner_id=newcomer.id)
    assert (mine.score_shared_vision, mine.score_capacity, mine.score_access,
            mine.score_reputation, mine.score_acceptance) == (5, 5, 5, 5, 5)
    [theirs] = svc.candidates.list(pid, partner_id=strong.id)
    assert theirs.score_capacity == 4  # the row it passed kept its scores
    assert ranking(svc, pid) == [newcomer.id, strong.id]
    assert page.view.currentIndex().row() == 0  # the cursor went up with it


def test_step2_a_candidate_just_added_is_scored_by_typing(qtbot, svc, partnership):
    from kemitraan_desktop.ui.pages.step2_candidates import CandidatesPage

    pid = partnership.id
    best = svc.partners.create(name="Apotek Kimia Prima", partner_type="apotek")
    svc.candidates.create(partnership_id=pid, partner_id=best.id, score_shared_vision=5,
                          score_capacity=5, score_access=5, score_reputation=5,
                          score_acceptance=5)
    newcomer = svc.partners.create(name="Apotek Sehat Sentosa", partner_type="apotek")
    page = show(qtbot, CandidatesPage(svc))
    page.show_partnership(pid)
    page.registry_combo.setCurrentIndex(page.registry_combo.findData(newcomer.id))
    click(qtbot, page.add_button)
    assert ranking(svc, pid) == [best.id, newcomer.id]  # it ranks second, not first
    type_keys(qtbot, "2")  # its first score has the focus
    press(qtbot, Qt.Key.Key_Return)
    [mine] = svc.candidates.list(pid, partner_id=newcomer.id)
    assert mine.score_shared_vision == 2
    assert svc.candidates.list(pid, partner_id=best.id)[0].score_shared_vision == 5


def test_step2_a_removed_candidate_comes_back_with_undo_and_is_selected(qtbot, svc,
                                                                        partnership):
    from kemitraan_desktop.ui.pages.step2_candidates import CandidatesPage

    partner = svc.partners.create(name="Apotek Sehat Sentosa", partner_type="apotek")
    svc.candidates.create(partnership_id=partnership.id, partner_id=partner.id,
                          score_capacity=5, notes="dekat pasar")
    page = show(qtbot, CandidatesPage(svc))
    page.show_partnership(partnership.id)
    click_cell(qtbot, page.view, 0, 0)
    click(qtbot, page.remove_button)
    assert svc.candidates.list(partnership.id) == []
    assert page.registry_combo.findData(partner.id) >= 0  # offered again
    click(qtbot, undo_button(page.bar))
    [back] = svc.candidates.list(partnership.id)
    assert (back.partner_id, back.score_capacity, back.notes) == (partner.id, 5, "dekat pasar")
    assert page.registry_combo.findData(partner.id) == -1
    assert page.view.currentIndex().row() == 0  # the restored candidate is selected


# -- step 3: Tab from cell to cell ---------------------------------------------------------------
def test_step3_a_goal_and_its_target_typed_with_tab(qtbot, svc, partnership):
    from kemitraan_desktop.ui.pages.step3_goals import GoalsPage

    page = show(qtbot, GoalsPage(svc))
    page.show_partnership(partnership.id)
    click(qtbot, page.goals.add_button)
    type_keys(qtbot, "Rujukan tepat waktu")
    press(qtbot, Qt.Key.Key_Tab)
    type_keys(qtbot, "98%")
    press(qtbot, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: not editing(page.goals.view))
    [goal] = svc.goals.list(partnership.id)
    assert (goal.description, goal.target) == ("Rujukan tepat waktu", "98%")


# -- step 6: the fields beside the table ---------------------------------------------------------
def test_step6_the_details_follow_the_selected_activity_and_save_to_it(qtbot, svc,
                                                                       partnership):
    from kemitraan_desktop.ui.pages.step6_workplan import WorkPlanPage

    old = svc.activities.create(partnership_id=partnership.id, name="Rapat koordinasi",
                                start_date=date(2027, 2, 1), description="Membahas alur",
                                planned_cost_sen=1_500_000_00)
    page = show(qtbot, WorkPlanPage(svc))
    page.show_partnership(partnership.id)
    assert page.description.toPlainText() == "Membahas alur"

    click(qtbot, page.table.add_button)
    type_keys(qtbot, "Sosialisasi resep")
    press(qtbot, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: not editing(page.table.view))
    [new] = [a for a in svc.activities.list(partnership.id) if a.id != old.id]
    assert row_of(page.table, new.id) == 0  # no date yet: the sort puts it first
    assert "Sosialisasi resep" in page.details_title.text()
    assert page.description.toPlainText() == ""

    click(qtbot, page.description.viewport())
    type_keys(qtbot, "Untuk petugas apotek")
    click_cell(qtbot, page.table.view, row_of(page.table, old.id), 0)
    assert svc.activities.get(new.id).description == "Untuk petugas apotek"
    assert svc.activities.get(old.id).description == "Membahas alur"
    assert page.description.toPlainText() == "Membahas alur"
    assert "Rapat koordinasi" in page.details_title.text()

    click(qtbot, page.location)
    type_keys(qtbot, "Ruang tunggu")
    press(qtbot, Qt.Key.Key_Tab)
    assert svc.activities.get(old.id).location == "Ruang tunggu"
    assert svc.activities.get(new.id).location == ""
    assert svc.activities.get(old.id).planned_cost_sen == 1_500_000_00


def test_step6_an_edit_still_pending_when_the_selection_moves_goes_to_its_own_activity(
        qtbot, svc, partnership):
    """The autosave of the fields beside the table may fire after the row changed: it saves
    to the activity the fields were showing, never to the one selected since."""
    from kemitraan_desktop.ui.pages.step6_workplan import WorkPlanPage

    first = svc.activities.create(partnership_id=partnership.id, name="Rapat koordinasi",
                                  start_date=date(2027, 2, 1))
    second = svc.activities.create(partnership_id=partnership.id, name="Evaluasi",
                                   start_date=date(2027, 6, 1))
    page = show(qtbot, WorkPlanPage(svc))
    page.show_partnership(partnership.id)
    click_cell(qtbot, page.table.view, row_of(page.table, first.id), 0)
    click(qtbot, page.location)
    type_keys(qtbot, "Balai desa")
    assert page.binder.has_pending
    # The list is read again (another page changed it) while the typing is still pending …
    page.table.show_for(partnership.id)
    # … and the selection moves on without the field being left first.
    page.table.view.selectRow(row_of(page.table, second.id))
    assert svc.activities.get(first.id).location == "Balai desa"
    assert svc.activities.get(second.id).location == ""
    assert page.location.text() == ""


# -- step 7: the report form beside the reports ------------------------------------------------
def test_step7_a_new_report_is_the_one_written_even_when_it_sorts_first(qtbot, svc,
                                                                        partnership):
    from kemitraan_desktop.ui.pages.step7_implementation import ImplementationPage

    meeting = svc.activities.create(partnership_id=partnership.id, name="Rapat koordinasi",
                                    start_date=date.today() - timedelta(days=10),
                                    end_date=date.today() + timedelta(days=60))
    later = svc.reports.create(activity_id=meeting.id,
                               report_date=date.today() + timedelta(days=20),
                               done="Rencana rapat kedua")
    page = show(qtbot, ImplementationPage(svc))
    page.show_partnership(partnership.id)
    click(qtbot, page.reports.add_button)
    assert focused() is page.done
    type_keys(qtbot, "Membahas alur resep")
    press(qtbot, Qt.Key.Key_Tab)
    [new] = [r for r in svc.reports.list(meeting.id) if r.id != later.id]
    assert new.done == "Membahas alur resep"
    assert svc.reports.get(later.id).done == "Rencana rapat kedua"
    assert row_of(page.reports, new.id) == 0  # dated today, before the later one

    click(qtbot, page.reports.delete_button)
    assert [r.id for r in svc.reports.list(meeting.id)] == [later.id]
    click(qtbot, undo_button(page.bar))
    assert svc.reports.get(new.id).done == "Membahas alur resep"
    assert page.done.toPlainText() == "Membahas alur resep"


# -- step 8: the values follow the selected indicator ------------------------------------------
def test_step8_a_new_indicator_shows_its_own_values(qtbot, svc, partnership):
    from kemitraan_desktop.ui.pages.step8_evaluation import EvaluationPage

    old = svc.indicators.create(partnership_id=partnership.id, name="Angka kontak", position=5,
                                frequency="yearly", baseline=Decimal(100), target=Decimal(150))
    page = show(qtbot, EvaluationPage(svc))
    page.show_partnership(partnership.id)
    click(qtbot, page.indicators.add_button)
    type_keys(qtbot, "Rasio rujukan")
    press(qtbot, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: not editing(page.indicators.view))
    [new] = [i for i in svc.indicators.list(partnership.id) if i.id != old.id]
    assert new.name == "Rasio rujukan"
    assert row_of(page.indicators, new.id) == 0  # position 1, before position 5
    assert "Rasio rujukan" in page.values_title.text()
    click(qtbot, page.values.add_button)
    press(qtbot, Qt.Key.Key_Return)
    assert page.values.model.parent_id == new.id
    from kemitraan_desktop.services.evaluation import IndicatorValues
    assert len(IndicatorValues(svc).list(new.id)) == 1
    assert IndicatorValues(svc).list(old.id) == []


# -- step 5: the parties table and the clause lists ------------------------------------------
@pytest.fixture
def draft(svc, partnership):
    svc.partners.create(name="Apotek Sehat Sentosa", partner_type="apotek")
    return agreements.draft_agreement(svc, partnership.id, "pks", None, date(2027, 1, 1),
                                      date(2027, 12, 31))


def test_step5_a_signatory_typed_into_the_parties_table(qtbot, svc, partnership, draft):
    from kemitraan_desktop.ui.pages.step5_agreement import AgreementPage

    page = show(qtbot, AgreementPage(svc))
    page.show_partnership(partnership.id)
    page.tabs.setCurrentIndex(1)
    table = page.parties
    column = next(n for n, c in enumerate(table.model.columns) if c.field == "signatory_name")
    second = table.model.records[1]
    click_cell(qtbot, table.view, 1, column)
    type_keys(qtbot, "apt. Rina Wulandari")
    press(qtbot, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: not editing(table.view))
    assert svc.agreement_parties.get(second.id).signatory_name == "apt. Rina Wulandari"
    assert svc.agreement_parties.get(table.model.records[0].id).signatory_name != \
        "apt. Rina Wulandari"


def test_step5_a_new_article_is_typed_into_and_a_deleted_one_comes_back(qtbot, svc,
                                                                        partnership, draft):
    from kemitraan_desktop.ui.pages.step5_agreement import AgreementPage

    page = show(qtbot, AgreementPage(svc))
    page.show_partnership(partnership.id)
    page.tabs.setCurrentIndex(3)
    articles = page.articles
    before = len(svc.clauses.list(draft.id, kind="article"))
    click(qtbot, articles.add)
    type_keys(qtbot, "Pelaporan")  # the title of the new article has the focus
    click(qtbot, articles.list.viewport())  # to the first article, before the autosave
    clauses = svc.clauses.list(draft.id, kind="article")
    assert len(clauses) == before + 1
    assert clauses[-1].title == "Pelaporan"
    assert "Pelaporan" not in [c.title for c in clauses[:-1]]

    articles.list.setCurrentRow(len(clauses) - 1)
    click(qtbot, articles.remove)
    assert len(svc.clauses.list(draft.id, kind="article")) == before
    click(qtbot, undo_button(page.bar))
    assert svc.clauses.list(draft.id, kind="article")[-1].title == "Pelaporan"
    assert articles.list.count() == before + 1
    assert articles.title.text() == "Pelaporan"
    assert QApplication.activeWindow() is page.window()
