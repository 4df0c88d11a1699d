"""A drop-down opens on a list where every option can be read, the current one highlighted.

Seen in the walk at 1366×768: Kemitraan baru → Jenis mitra, Pengaturan → Bahasa and Langkah 5 →
Kertas each opened with the current option drawn as an empty white row (white text on white,
from the program's style sheet). The list is clicked open as a person does and read from the
pixels Qt painted."""

from __future__ import annotations

from PySide6.QtCore import QSettings, Qt
from PySide6.QtWidgets import QComboBox

from kemitraan_desktop.ui.dialogs.new_partnership import NewPartnershipDialog
from kemitraan_desktop.ui.dialogs.settings import SettingsDialog

HIGHLIGHT = "#2c7a70"  # the program's selection colour (tables, drop-downs)


def shown(qtbot, widget):  # noqa: ANN001, ANN201
    qtbot.addWidget(widget)
    widget.show()
    qtbot.waitExposed(widget)
    return widget


def rows_as_painted(qtbot, combo: QComboBox) -> list[tuple[str, int]]:
    """Click *combo* open and read each row of its list: (background colour, pixels of ink)."""
    qtbot.mouseClick(combo, Qt.MouseButton.LeftButton)
    view = combo.view()
    qtbot.waitUntil(view.isVisible)
    qtbot.wait(20)
    image = view.viewport().grab().toImage()
    ratio = image.devicePixelRatio()
    rows = []
    for row in range(combo.count()):
        rect = view.visualRect(view.model().index(row, 0)).intersected(view.viewport().rect())
        rect = rect.adjusted(3, 3, -3, -3)  # inside the row's frame: only text is ink
        counts: dict[tuple[int, int, int], int] = {}
        for x in range(int(rect.left() * ratio), int(rect.right() * ratio)):
            for y in range(int(rect.top() * ratio), int(rect.bottom() * ratio)):
                colour = image.pixelColor(x, y)
                key = (colour.red(), colour.green(), colour.blue())
                counts[key] = counts.get(key, 0) + 1
        background = max(counts, key=counts.get)
        ink = sum(n for colour, n in counts.items()
                  if sum(abs(a - b) for a, b in zip(colour, background, strict=True)) > 200)
        rows.append(("#{:02x}{:02x}{:02x}".format(*background), ink))
    combo.hidePopup()
    return rows


def assert_readable_with_current_highlighted(rows: list[tuple[str, int]], current: int) -> None:
    for number, (_background, ink) in enumerate(rows):
        assert ink > 20, f"row {number} of {rows} has no text drawn"
    assert rows[current][0] == HIGHLIGHT
    assert [n for n, (background, _ink) in enumerate(rows) if background == HIGHLIGHT] == [current]


def test_the_kind_of_partner_list_shows_the_current_choice(qtbot, svc, program_style):
    dialog = shown(qtbot, NewPartnershipDialog(svc))
    assert dialog.partner_type.currentText() == "— pilih jenis mitra —"
    rows = rows_as_painted(qtbot, dialog.partner_type)
    assert_readable_with_current_highlighted(rows, current=0)


def test_the_language_list_shows_the_current_language(qtbot, svc, program_style):
    dialog = shown(qtbot, SettingsDialog(svc, QSettings()))
    assert dialog.language.currentText() == "Bahasa Indonesia"
    rows = rows_as_painted(qtbot, dialog.language)
    assert_readable_with_current_highlighted(rows, current=dialog.language.currentIndex())


def test_the_paper_list_of_step_5_shows_a4(qtbot, window, svc, program_style):
    bpjs = next(p for p in svc.partnerships.list() if p.partner_type == "bpjs")
    window.list.select(bpjs.id)
    window.wizard.go_to(5, remember=False)
    paper = window.wizard.pages[5].paper
    paper.parentWidget().window().activateWindow()
    assert paper.currentText() == "A4 (210 × 297 mm)"
    rows = rows_as_painted(qtbot, paper)
    assert len(rows) == 2
    assert_readable_with_current_highlighted(rows, current=0)
