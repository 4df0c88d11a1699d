"""Step 1 of a new partnership proposes the practice's vision and mission as written for its
last partnership: they are the practice's own, whoever the partner. Seen in the walk: they had
to be typed again for every partner. A proposal is marked, saved as if typed, and the first key
typed after a click replaces it whole."""

from __future__ import annotations

from PySide6.QtCore import QPoint, Qt

from kemitraan_desktop.services import partnerships

DEMO_VISION = ("Menjadi praktik dokter keluarga yang bermutu, terjangkau dan dekat dengan "
               "masyarakat Sleman.")
DEMO_MISSION = ("Memberikan pelayanan kesehatan primer yang ramah, tepat dan berkesinambungan "
                "bagi peserta JKN.")


def open_step1(window, partnership_id: int):  # noqa: ANN001, ANN201
    window.refresh()
    window.list.select(partnership_id)
    window.wizard.go_to(1, remember=False)
    return window.wizard.pages[1]


def test_a_new_partnership_proposes_the_vision_written_for_the_last_one(qtbot, window, svc):
    bidan = partnerships.start_partnership(svc, "Kerja sama pelayanan kebidanan", "bidan")
    page = open_step1(window, bidan.id)
    vision, mission = page.editors["practice_vision"], page.editors["practice_mission"]
    assert vision.toPlainText() == DEMO_VISION
    assert mission.toPlainText() == DEMO_MISSION
    assert vision.property("proposed") is True and mission.property("proposed") is True
    assert vision.toolTip().startswith("Diusulkan: visi praktik seperti yang ditulis untuk “")
    assert page.editors["partner_vision"].toPlainText() == ""  # the partner's is its own

    # A click into the middle of the proposal, then typing: the proposal is replaced whole.
    qtbot.mouseClick(vision.viewport(), Qt.MouseButton.LeftButton, pos=QPoint(60, 8))
    qtbot.wait(20)
    qtbot.keyClicks(vision, "Praktik keluarga bagi ibu dan anak")
    assert vision.toPlainText() == "Praktik keluarga bagi ibu dan anak"
    assert vision.property("proposed") is False
    assert page.flush()
    stored = svc.partnerships.get(bidan.id)
    assert stored.practice_vision == "Praktik keluarga bagi ibu dan anak"
    assert stored.practice_mission == DEMO_MISSION  # the untouched proposal is kept as typed

    # The next partnership proposes what was written last; a partnership that holds its own
    # vision shows it unmarked.
    klinik = partnerships.start_partnership(svc, "Kerja sama rujukan klinik", "klinik")
    page = open_step1(window, klinik.id)
    assert page.editors["practice_vision"].toPlainText() == "Praktik keluarga bagi ibu dan anak"
    assert page.editors["practice_vision"].toolTip() == (
        "Diusulkan: visi praktik seperti yang ditulis untuk “Kerja sama pelayanan kebidanan”. "
        "Ketik di atasnya bila di sini berbeda.")
    bpjs = next(p for p in svc.partnerships.list() if p.partner_type == "bpjs")
    page = open_step1(window, bpjs.id)
    assert page.editors["practice_vision"].toPlainText() == DEMO_VISION
    assert page.editors["practice_vision"].property("proposed") is False


def test_a_second_partnership_with_a_partner_proposes_the_partners_vision(qtbot, window, svc):
    """The BPJS office's vision was typed for the first FKTP partnership; a second partnership
    with the same office proposes it (and its mission) instead of asking it again."""
    office = next(p for p in svc.partners.list() if p.partner_type == "bpjs")
    again = partnerships.start_partnership(svc, "Menjadi FKTP BPJS Kesehatan", "bpjs", office.id)
    page = open_step1(window, again.id)
    vision, mission = page.editors["partner_vision"], page.editors["partner_mission"]
    assert vision.toPlainText() == ("Terwujudnya jaminan kesehatan yang berkualitas tanpa "
                                    "diskriminasi.")
    assert mission.toPlainText() == "Melayani masyarakat dengan jujur, cepat dan sesuai standar."
    assert vision.property("proposed") is True
    assert vision.toolTip() == (
        "Diusulkan: visi mitra seperti yang ditulis untuk “Kerja sama FKTP dengan BPJS "
        "Kesehatan” dengan mitra yang sama. Ketik di atasnya bila sudah berubah.")
    assert page.flush()
    assert svc.partnerships.get(again.id).partner_vision == (
        "Terwujudnya jaminan kesehatan yang berkualitas tanpa diskriminasi.")

    # Another partner: the apotek's own vision, never the BPJS office's.
    apotek = next(p for p in svc.partners.list() if p.partner_type == "apotek")
    obat = partnerships.start_partnership(svc, "Pelayanan obat kedua", "apotek", apotek.id)
    page = open_step1(window, obat.id)
    assert page.editors["partner_vision"].toPlainText() == (
        "Menjadi apotek komunitas terpercaya di Ngaglik.")


def test_a_vision_emptied_on_purpose_stays_empty(qtbot, window, svc):
    """Emptying a proposal is a choice: the doctor deletes the proposed vision because this
    partner is another matter, goes to step 2 and back, and later opens the program again; the
    vision was proposed again each time (walker #13)."""
    from PySide6.QtTest import QTest

    from kemitraan_desktop.ui.main_window import MainWindow

    bidan = partnerships.start_partnership(svc, "Kerja sama pelayanan kebidanan", "bidan")
    page = open_step1(window, bidan.id)
    vision = page.editors["practice_vision"]
    assert vision.toPlainText() == DEMO_VISION  # proposed
    qtbot.mouseClick(vision.viewport(), Qt.MouseButton.LeftButton, pos=QPoint(60, 8))
    qtbot.wait(20)
    QTest.keyClick(vision, Qt.Key.Key_Delete)  # the proposal is selected whole: it goes
    assert vision.toPlainText() == ""
    qtbot.mouseClick(window.wizard.step_buttons.button(2), Qt.MouseButton.LeftButton)
    assert svc.partnerships.get(bidan.id).practice_vision == ""
    qtbot.mouseClick(window.wizard.step_buttons.button(1), Qt.MouseButton.LeftButton)
    assert vision.toPlainText() == ""  # not proposed again
    assert vision.property("proposed") is not True
    assert page.editors["practice_mission"].toPlainText() == DEMO_MISSION  # kept, still marked
    assert page.editors["practice_mission"].property("proposed") is True

    window.close()
    again = MainWindow(svc, window.settings)
    qtbot.addWidget(again)
    again.show()
    page = open_step1(again, bidan.id)
    assert page.editors["practice_vision"].toPlainText() == ""
    assert svc.partnerships.get(bidan.id).practice_vision == ""
    assert page.editors["practice_mission"].toPlainText() == DEMO_MISSION
