"""How much does a doctor type to get a BPJS PKS printed, against filling a Word template?

    uv run python bench/bench_walk.py [--keep DIR]

Drives the real window (the main window, its dialogs and wizard pages, with QTest clicks and key
presses on the visible widgets: nothing is set by code) through a realistic BPJS scenario from the
first start (an empty data folder) to a printed PKS: the practice profile, the BPJS branch office
as a partner with its Kepala Kantor Cabang, a new partnership, steps 1 to 3, the draft PKS of
step 5 with the partner's agenda number, and the PKS printed to PDF.

Each field the person touches and each character typed is counted; minutes are estimated at 150
characters a minute plus 5 seconds a field. Beside it, the same PKS filled from a Word template:
every fact the printed PKS states (each value typed, and what the program writes out from them:
dates in words, the rupiah amount in words, the term, the numbers), counted at every place the
PKS prints it (pdftotext of the printed file), since a template is filled place by place.
Target: under half the Word template's minutes, and no value typed twice: every value typed more
than once is listed.

After the PKS the walk goes on (counted apart, as the Word template has no part of it): step 6
plans one activity with its person in charge, step 7 reports it with who attended, step 8 adds
the indicators the partnership states and sees who scores. Each "who" field is chosen from the
list of people the program offers (the Down key, then the name); the values typed more than
once are listed for the whole walk. A field shown with the right value already (a proposal) is
kept, not typed over, as a person would.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
import tempfile
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path[:0] = [str(HERE.parent)]
# Offscreen unless told otherwise, on the laptop screen the tests use (1366 × 768): Qt's default
# offscreen screen is 800 pixels wide and cut the window (and the --shots) to it.
os.environ.setdefault("QT_QPA_PLATFORM",
                      f"offscreen:configfile={HERE.parent / 'tests' / 'fixtures' / 'screens.json'}")

CHARS_PER_MINUTE = 150
SECONDS_PER_FIELD = 5
START = date(2027, 1, 1)


@dataclass
class Tally:
    """What the person did: fields touched, characters typed, each value and where."""

    fields: int = 0
    characters: int = 0
    typed: dict[str, list[str]] = field(default_factory=lambda: defaultdict(list))
    values: list[str] = field(default_factory=list)
    proposed: list[str] = field(default_factory=list)  # right as proposed: not typed
    proposed_values: list[str] = field(default_factory=list)  # what a Word template must type
    picked: list[str] = field(default_factory=list)  # "who" fields chosen from the people list

    def minutes(self) -> float:
        return self.characters / CHARS_PER_MINUTE + self.fields * SECONDS_PER_FIELD / 60


def same_value(text: str) -> str:
    """Two typings of one fact: the same letters and digits whatever the spacing or dots."""
    return re.sub(r"[\W_]+", "", text.casefold())


def main() -> None:  # noqa: C901, PLR0915 - one walk, told in order
    from PySide6.QtCore import QSettings, Qt
    from PySide6.QtTest import QTest
    from PySide6.QtWidgets import QAbstractItemView, QApplication, QComboBox, QWidget

    from kemitraan_desktop import i18n
    from kemitraan_desktop.domain.clauses import term_in_months
    from kemitraan_desktop.domain.dates import long_date_id, spell_out_date
    from kemitraan_desktop.domain.money import rupiah_with_words
    from kemitraan_desktop.services import agreements
    from kemitraan_desktop.services.opening import open_services
    from kemitraan_desktop.ui.autosave import SAVE_DELAY_MS
    from kemitraan_desktop.ui.dialogs.new_partnership import NewPartnershipDialog
    from kemitraan_desktop.ui.dialogs.partner_registry import PartnerEditor
    from kemitraan_desktop.ui.dialogs.practice_profile import PracticeProfileDialog
    from kemitraan_desktop.ui.main_window import MainWindow
    from kemitraan_desktop.ui.pages.step2_candidates import CHOSEN

    keep = sys.argv[sys.argv.index("--keep") + 1] if "--keep" in sys.argv else None
    shots = sys.argv[sys.argv.index("--shots") + 1] if "--shots" in sys.argv else None
    folder = Path(keep) if keep else Path(tempfile.mkdtemp(prefix="bench-walk-"))
    data_dir = folder / "data"
    app = QApplication.instance() or QApplication(sys.argv[:1])
    i18n.set_language("id")
    tally = Tally()

    def wait(ms: int = 5) -> None:
        QTest.qWait(ms)

    def focused() -> QWidget:
        popup = QApplication.activePopupWidget()
        if popup is not None:
            return popup.focusWidget() or popup
        widget = QApplication.focusWidget()
        assert widget is not None, "nothing has the focus: the keys would be lost"
        return widget

    def keys(text: str) -> None:
        for character in text:
            QTest.keyClick(focused(), character)
        wait(1)

    def press(key: Qt.Key) -> None:
        QTest.keyClick(focused(), key)
        wait(5)

    def count(label: str, text: str) -> None:
        tally.fields += 1
        tally.characters += len(text)
        tally.typed[same_value(text)].append(label)
        tally.values.append(text)

    def propose(label: str, text: str) -> None:
        """Shown with the right value already: not typed here, but a Word template still
        needs it typed wherever the PKS prints it."""
        tally.proposed.append(label)
        tally.proposed_values.append(text)

    def type_into(widget: QWidget, label: str, text: str) -> None:
        """Click the field, type over what it holds, leave it with Tab, and pause as a person
        does before the next field (what the program proposes after the save is then shown:
        on a loaded machine it came after the bench had read the next field)."""
        assert widget.isVisible() and widget.isEnabled(), f"{label}: not on screen"
        QTest.mouseClick(widget, Qt.MouseButton.LeftButton)
        wait(5)
        if hasattr(widget, "selectAll"):
            widget.selectAll()
        keys(text)
        press(Qt.Key.Key_Tab)
        wait(SAVE_DELAY_MS + 100)
        count(label, text)

    def type_text(widget: QWidget, label: str, text: str) -> None:
        """A text box: click it and type (Tab would be a character there)."""
        QTest.mouseClick(widget.viewport(), Qt.MouseButton.LeftButton)
        wait(5)
        widget.setFocus()  # the click gives it the focus on a screen; offscreen needs telling
        keys(text)
        count(label, text)

    def click(widget: QWidget) -> None:
        assert widget.isVisible() and widget.isEnabled(), f"{widget}: cannot be clicked"
        QTest.mouseClick(widget, Qt.MouseButton.LeftButton)
        wait(10)

    def pick(combo: QComboBox, label: str, data: object) -> None:
        """Choose from a list with the keyboard: a field touched, nothing typed."""
        QTest.mouseClick(combo, Qt.MouseButton.LeftButton)
        wait(10)
        popup = QApplication.activePopupWidget()
        if popup is not None:
            press(Qt.Key.Key_Escape)
        combo.setFocus()
        for _step in range(combo.count() + 1):
            if combo.currentData() == data:
                break
            QTest.keyClick(combo, Qt.Key.Key_Down)
        assert combo.currentData() == data, f"{label}: {data!r} is not offered"
        tally.fields += 1

    def cell(table, row: int, name: str, label: str, text: str) -> None:  # noqa: ANN001
        """Double-click the cell, type over it, Enter."""
        column = next(n for n, c in enumerate(table.model.columns) if c.field == name)
        view = table.view
        index = view.model().index(row, column)
        view.scrollTo(index)
        centre = view.visualRect(index).center()
        QTest.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=centre)
        QTest.mouseDClick(view.viewport(), Qt.MouseButton.LeftButton, pos=centre)
        wait(10)
        editor = focused()
        kept = bool(editor.property("proposed")) and hasattr(editor, "text") \
            and same_value(editor.text()) == same_value(text)
        if not kept:  # a proposal shown right in the open cell is kept with Enter
            if hasattr(editor, "selectAll"):
                editor.selectAll()
            keys(text)
        press(Qt.Key.Key_Return)
        for _tick in range(100):
            if view.state() != QAbstractItemView.State.EditingState:
                break
            wait(10)
        if kept:
            tally.fields += 1
            propose(label, text)
        else:
            count(label, text)

    def tick_cell(table, row: int, column: int) -> None:  # noqa: ANN001
        """Click the tick box of a cell (a click on the cell, then Space if it did not tick)."""
        view = table.view
        index = view.model().index(row, column)
        view.scrollTo(index)
        QTest.mouseClick(view.viewport(), Qt.MouseButton.LeftButton,
                         pos=view.visualRect(index).center())
        wait(50)
        if index.data(Qt.ItemDataRole.CheckStateRole) != Qt.CheckState.Checked.value:
            press(Qt.Key.Key_Space)
            wait(50)
        tally.fields += 1

    def row_of(table, row: int, label: str, values: dict[str, str]) -> None:  # noqa: ANN001
        """A table row: added when it is not there yet, each cell typed unless it shows the
        right text already (a proposal the person reads and keeps)."""
        model = table.model
        if row >= model.rowCount():
            click(table.add_button)
        for name, text in values.items():
            column = next(n for n, c in enumerate(model.columns) if c.field == name)
            shown = str(model.index(row, column).data() or "")
            if table.view.isVisible() and same_value(shown) == same_value(text):
                propose(f"{label} ({name})", text)
            else:
                cell(table, row, name, f"{label} ({name})", text)

    def pick_person(picker: QWidget, label: str, name: str) -> None:
        """A "who" field: the Down key lists everyone, the person is chosen from the list (a
        field touched, nothing typed). *picker* has the focus already (a cell's editor) or is
        clicked first (a form's field)."""
        if QApplication.focusWidget() is not picker:
            QTest.mouseClick(picker, Qt.MouseButton.LeftButton)
            wait(10)
        press(Qt.Key.Key_Down)
        popup = QApplication.activePopupWidget()
        assert popup is not None, f"{label}: no list of people"
        names = [popup.model().index(n, 0).data() for n in range(popup.model().rowCount())]
        assert name in names, f"{label}: {name!r} is not offered ({names})"
        for _step in range(len(names) + 1):
            if popup.currentIndex().data() == name:
                break
            press(Qt.Key.Key_Down)
        press(Qt.Key.Key_Return)
        wait(20)
        tally.fields += 1
        tally.picked.append(label)

    def shot(widget: QWidget, name: str) -> None:
        """With --shots DIR: what the window showed at this point, as a PNG."""
        if shots:
            Path(shots).mkdir(parents=True, exist_ok=True)
            wait(100)
            widget.window().grab().save(str(Path(shots) / f"{name}.png"))

    # -- first start: an empty data folder -------------------------------------------------------
    svc = open_services(data_dir)
    settings = QSettings(str(folder / "settings.ini"), QSettings.Format.IniFormat)
    window = MainWindow(svc, settings)
    window.resize(1366, 728)
    window.show()
    QTest.qWaitForWindowExposed(window)

    # -- the practice profile -----------------------------------------------------------------
    profile = PracticeProfileDialog(svc, window)
    profile.show()
    QTest.qWaitForWindowExposed(profile)
    e = profile.editors
    for name, text in (
            ("doctor_name", "dr. Siti Rahmawati"), ("degree", "M.Kes."),
            ("clinic_name", "Praktik Dokter Siti Rahmawati"),
            ("practice_hours", "Senin-Sabtu 07.00-10.00 dan 17.00-21.00"),
            ("nik", "3404076208850003"), ("npwp", "3404076208850003"),
            ("str_number", "3121100123456789"), ("sip_number", "503/0123/SIP-DU/2022"),
            ("sip_issued", "15032022"), ("sip_expires", "14032027"),
            ("street", "Jl. Kaliurang Km 9,5 No. 12"), ("rt_rw", "003/012"),
            ("kelurahan", "Sardonoharjo"), ("kecamatan", "Ngaglik"),
            ("kota", "Kabupaten Sleman"), ("provinsi", "Daerah Istimewa Yogyakarta"),
            ("postal_code", "55581"), ("phone", "0274 895123"),
            ("email", "praktik.siti@gmail.com"), ("number_unit", "DR-SR")):
        editor = e[name]
        proposed = bool(editor.property("proposed"))
        if proposed and same_value(editor.text()) == same_value(text):
            propose(f"profil: {name}", text)
            continue  # proposed already, and right: nothing to type
        type_into(editor, f"profil: {name}", text)
    shot(profile, "1-profile")
    profile.reject()
    wait(50)

    # -- the BPJS branch office, a partner, with who signs for it ----------------------------------
    editor = PartnerEditor(svc, parent=window, partner_type="bpjs")
    editor.show()
    QTest.qWaitForWindowExposed(editor)
    e = editor.editors
    for name, text in (
            ("name", "BPJS Kesehatan Kantor Cabang Sleman"), ("phone", "0274 868456"),
            ("street", "Jl. Magelang Km 5,5 No. 30"), ("kecamatan", "Mlati"),
            ("kota", "Kabupaten Sleman"), ("provinsi", "Daerah Istimewa Yogyakarta"),
            ("postal_code", "55284")):
        if e[name].property("proposed") and same_value(e[name].text()) == same_value(text):
            propose(f"mitra: {name}", text)
            continue
        type_into(e[name], f"mitra: {name}", text)
    editor.lists.setCurrentIndex(0)  # People
    wait(20)
    row_of(editor.people, 0, "mitra orang", {
        "name": "Drs. Bambang Hartono, M.M.", "job_title": "Kepala Kantor Cabang",
        "staff_number": "01234567",
        "authority": "Keputusan Direksi BPJS Kesehatan Nomor 1520 Tahun 2025"})
    shot(editor, "2-partner")
    editor.reject()
    wait(50)
    partner = svc.partners.list()[0]

    # -- a new partnership ----------------------------------------------------------------------
    dialog = NewPartnershipDialog(svc, window)
    dialog.show()
    QTest.qWaitForWindowExposed(dialog)
    pick(dialog.partner_type, "kemitraan: jenis", "bpjs")
    if dialog.partner.currentData() != partner.id:
        pick(dialog.partner, "kemitraan: mitra", partner.id)
    title = "Menjadi FKTP BPJS Kesehatan"
    if dialog.title.property("proposed") and same_value(dialog.title.text()) == same_value(title):
        propose("kemitraan: judul", title)
    else:
        type_into(dialog.title, "kemitraan: judul", title)
    click(dialog.buttons.button(dialog.buttons.StandardButton.Ok))
    wait(50)
    partnership_id = dialog.created_id
    assert partnership_id is not None, "the partnership was not started"
    window.open_partnership(partnership_id)
    window.activateWindow()
    for _tick in range(100):
        if QApplication.activeWindow() is window:
            break
        wait(10)
    wait(50)
    wizard = window.wizard

    # Step 1: the idea and both visions; the three principles ticked.
    idea = wizard.page(1)
    type_text(idea.idea, "langkah 1: gagasan",
              "Menjadi FKTP BPJS agar peserta JKN di Ngaglik terlayani dekat rumah")
    type_text(idea.editors["practice_vision"], "langkah 1: visi praktik",
              "Praktik dokter keluarga yang bermutu dan terjangkau")
    type_text(idea.editors["partner_vision"], "langkah 1: visi mitra",
              "Terwujudnya jaminan kesehatan yang berkualitas bagi seluruh peserta")
    for check, _note in idea.principles.values():
        click(check)
        tally.fields += 1
    shot(window, "3-step1")
    click(wizard.next)

    # Step 2: the partner of the partnership is the candidate; approached (ticked).
    candidates = wizard.page(2)
    if not candidates.model.rowCount():
        pick(candidates.registry_combo, "langkah 2: calon", partner.id)
        click(candidates.add_button)
    if not any(c.chosen for c in svc.candidates.list(partnership_id)):
        tick_cell(candidates, 0, CHOSEN)
    assert any(c.chosen for c in svc.candidates.list(partnership_id)), "no candidate chosen"
    click(wizard.next)

    # Step 3: the goals (what BPJS measures, named as its regulation names them) and a role
    # for each side; a row shown with the right text already is not typed.
    goals = wizard.page(3)

    for row, (text, target) in enumerate((
            ("Angka kontak", "paling sedikit 150 (seratus lima puluh) per mil"),
            ("Rasio rujukan rawat jalan kasus nonspesialistik", "paling tinggi 2% (dua persen)"),
            ("Rasio peserta Prolanis terkendali", "paling sedikit 5% (lima persen)"))):
        row_of(goals.goals, row, f"langkah 3: tujuan {row + 1}",
               {"description": text, "target": target})
    for party, text in (("practice", "Melayani peserta JKN sesuai standar pelayanan FKTP"),
                        ("partner", "Melakukan pembinaan mutu pelayanan PIHAK KEDUA bersama "
                                    "dinas kesehatan setempat")):
        row_of(goals.roles[party], 0, f"langkah 3: peran {party}", {"description": text})
    shot(window, "3b-step3")
    click(wizard.next)

    # Step 5: the draft PKS, from 1 January for a year, the capitation proposed.
    wizard.go_to(5)
    wait(50)
    page = wizard.page(5)
    if page.start_date.date_or_none() == START:
        propose("langkah 5: mulai", page.start_date.text())
    else:
        type_into(page.start_date, "langkah 5: mulai", START.strftime("%d%m%Y"))
    if not page.end_date.text().strip():
        type_into(page.end_date, "langkah 5: selesai", "31122027")
    else:
        propose("langkah 5: selesai", page.end_date.text())
    if not page.start_capitation.property("proposed"):
        type_into(page.start_capitation, "langkah 5: kapitasi", "8.800")
    else:
        propose("langkah 5: kapitasi", page.start_capitation.text())
    create = next(b for b in page.start_panel.findChildren(type(page.preview_button))
                  if b.text().replace("&", "") == "Buat draf")
    click(create)
    wait(50)
    agreement = svc.agreements.list(partnership_id)[-1]
    page.tabs.setCurrentIndex(1)  # Parties
    wait(20)
    parties = page.parties
    partner_row = next(n for n, r in enumerate(parties.model.records) if r.party == "partner")
    cell(parties, partner_row, "number", "langkah 5: nomor PIHAK KESATU",
         "1234/KTR/VI-07/0127")

    shot(window, "4-step5-parties")

    # Printed: the PDF the Print button sends.
    pdf = agreements.agreement_pdf(svc, agreement.id)
    pdf_path = folder / "pks.pdf"
    pdf_path.write_bytes(pdf)
    printed = subprocess.run(["pdftotext", "-layout", str(pdf_path), "-"], check=True,
                             capture_output=True, text=True).stdout
    flat = " ".join(printed.split())

    # -- after the PKS: the work plan, a report, the evaluation (each "who" field a pick) -------
    printed_at = (tally.fields, tally.characters, len(tally.values), len(tally.proposed_values))
    doctor = "dr. Siti Rahmawati, M.Kes."
    signatory = "Drs. Bambang Hartono, M.M."

    # Step 6: one activity of the plan, its person in charge picked.
    window.wizard.go_to(6)
    wait(50)
    plan = wizard.page(6)
    click(plan.table.add_button)
    wait(20)
    for name, text in (("name", "Penyuluhan Prolanis diabetes melitus"),
                       ("start_date", "06022027"), ("end_date", "06022027"),
                       ("planned_cost_sen", "1.500.000")):
        cell(plan.table, 0, name, f"langkah 6: {name}", text)
    column = next(n for n, c in enumerate(plan.table.model.columns)
                  if c.field == "person_in_charge")
    index = plan.table.view.model().index(0, column)
    centre = plan.table.view.visualRect(index).center()
    QTest.mouseClick(plan.table.view.viewport(), Qt.MouseButton.LeftButton, pos=centre)
    QTest.mouseDClick(plan.table.view.viewport(), Qt.MouseButton.LeftButton, pos=centre)
    wait(20)
    pick_person(focused(), "langkah 6: penanggung jawab", doctor)
    shot(window, "5-step6")
    [activity] = svc.activities.list(partnership_id)
    assert activity.person_in_charge == doctor, activity.person_in_charge

    # Step 7: a report of it, who attended picked one by one.
    window.wizard.go_to(7)
    wait(50)
    report = wizard.page(7)
    report.activity_list.setCurrentRow(0)
    tally.fields += 1
    wait(20)
    click(report.reports.add_button)
    wait(50)
    type_text(report.done, "langkah 7: yang dilakukan",
              "Penyuluhan diabetes melitus bagi peserta Prolanis, diikuti pemeriksaan gula darah")
    for who in (doctor, signatory):
        pick_person(report.attendee, f"langkah 7: daftar hadir ({who})", who)
    report.binder.flush()
    shot(window, "6-step7")
    [written] = svc.reports.list(activity.id)
    assert doctor in written.attendance and signatory in written.attendance, written.attendance

    # Step 8: the indicators the partnership states already, and who scores.
    window.wizard.go_to(8)
    wait(50)
    evaluation_page = wizard.page(8)
    evaluation_page.tabs.setCurrentIndex(0)
    wait(20)
    click(evaluation_page.offer_button)  # "Tambahkan": the goals of step 3 as indicators
    tally.fields += 1
    evaluation_page.tabs.setCurrentIndex(1)
    wait(20)
    if evaluation_page.assessor.property("proposed") and \
            same_value(evaluation_page.assessor.text()) == same_value(doctor):
        propose("langkah 8: penilai", doctor)
    else:
        pick_person(evaluation_page.assessor, "langkah 8: penilai", doctor)
    shot(window, "7-step8")
    indicators = [i.name for i in svc.indicators.list(partnership_id)]
    after = (tally.fields - printed_at[0], tally.characters - printed_at[1])

    # -- the same PKS from a Word template ---------------------------------------------------------
    agreement = svc.agreements.get(agreement.id)
    parties_now = svc.agreement_parties.list(agreement.id)
    practice = svc.practices.list()[0]
    facts: dict[str, str] = {}
    for text in (*tally.values[:printed_at[2]], *tally.proposed_values[:printed_at[3]]):
        facts.setdefault(same_value(text), text)
    derived = [spell_out_date(agreement.agreement_date) if agreement.agreement_date else "",
               long_date_id(agreement.start_date), long_date_id(agreement.end_date),
               term_in_months(agreement.start_date, agreement.end_date),
               rupiah_with_words(agreement.capitation_rate_sen),
               *(p.number for p in parties_now), *(p.signatory_name for p in parties_now),
               *(p.address for p in parties_now), practice.sip_number,
               long_date_id(practice.sip_issued)]
    for text in derived:
        if text:
            facts.setdefault(same_value(text), text)
    # Each place the PKS prints a fact is one template field; a fact inside a longer one (the
    # kota inside the address) is counted once, with the longer: longest first, then blanked.
    flat_key = flat.casefold()
    word_fields = word_characters = 0
    places: list[tuple[str, int]] = []
    printed_keys: set[str] = set()
    for key, text in sorted(facts.items(), key=lambda item: -len(item[1])):
        shown = " ".join(text.split())
        found = flat_key.count(shown.casefold())
        if found:
            flat_key = flat_key.replace(shown.casefold(), "\x00")
            places.append((shown, found))
            printed_keys.add(key)
            word_fields += found
            word_characters += found * len(shown)
    word_minutes = word_characters / CHARS_PER_MINUTE + word_fields * SECONDS_PER_FIELD / 60

    window.close()
    svc.db.close()
    print(f"data folder: {data_dir}  PKS: {pdf_path} ({len(pdf):,} bytes, "
          f"{printed.count(chr(12))} pages)")
    walk = Tally(fields=printed_at[0], characters=printed_at[1])
    print(f"walk (this program): fields={walk.fields} characters={walk.characters} "
          f"minutes={walk.minutes():.1f}")
    print(f"word template (the printed PKS): fields={word_fields} characters={word_characters} "
          f"minutes={word_minutes:.1f}")
    # The part of the walk that typed what the PKS prints (the rest serves other papers).
    pks_only = Tally()
    for text in tally.values[:printed_at[2]]:
        if same_value(text) in printed_keys:
            pks_only.fields += 1
            pks_only.characters += len(text)
    print(f"of the walk, values the PKS prints: fields={pks_only.fields} "
          f"characters={pks_only.characters} minutes={pks_only.minutes():.1f}")
    share = walk.minutes() / word_minutes if word_minutes else float("nan")
    print(f"walk/word = {share:.2f} (target < 0.50: {'met' if share < 0.5 else 'NOT met'})")
    rest = Tally(fields=after[0], characters=after[1])
    print(f"after the PKS (step 6 an activity, step 7 its report, step 8 indicators and who "
          f"scores): fields={rest.fields} characters={rest.characters} "
          f"minutes={rest.minutes():.1f}")
    print(f"  chosen from the people list, not typed: {', '.join(tally.picked) or 'none'}")
    print(f"  step 8 indicators added with one click: {'; '.join(indicators) or 'none'}")
    print("facts as the PKS prints them, and how often:")
    for shown, found in sorted(places, key=lambda p: -p[1] * len(p[0])):
        print(f"  {found:>2} × {shown}")
    print(f"proposed and right, not typed: {', '.join(tally.proposed) or 'none'}")
    twice = {key: labels for key, labels in tally.typed.items() if len(labels) > 1}
    print(f"values typed more than once (the whole walk): {len(twice)}")
    for key, labels in twice.items():
        print(f"  {facts.get(key, key)!r}: {', '.join(labels)}")
    app.quit()


if __name__ == "__main__":
    main()
