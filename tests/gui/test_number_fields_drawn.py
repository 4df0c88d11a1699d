"""A number field shows its up and down arrows. Seen at 1366×768 in Langkah 4: the weights and
self-assessment scores ("25 %", "85") had a bare "⊥" where the arrows belong, from the program's
style sheet. Read from the pixels Qt painted, with the program's own style sheet."""

from __future__ import annotations

from PySide6.QtWidgets import QSpinBox, QStyle, QStyleOptionSpinBox


def arrow_ink(spin: QSpinBox) -> tuple[int, int]:
    """Dark pixels inside the up and the down button (their edges left out: only an arrow)."""
    image = spin.grab().toImage()
    ratio = image.devicePixelRatio()
    option = QStyleOptionSpinBox()
    spin.initStyleOption(option)
    inks = []
    for part in (QStyle.SubControl.SC_SpinBoxUp, QStyle.SubControl.SC_SpinBoxDown):
        rect = spin.style().subControlRect(QStyle.ComplexControl.CC_SpinBox, option, part,
                                           spin).adjusted(2, 2, -2, -2)
        inks.append(sum(1 for x in range(int(rect.left() * ratio), int(rect.right() * ratio) + 1)
                        for y in range(int(rect.top() * ratio), int(rect.bottom() * ratio) + 1)
                        if image.pixelColor(x, y).lightness() < 128))
    return inks[0], inks[1]


def test_the_weights_and_scores_of_step_4_show_their_arrows(qtbot, window, svc, program_style):
    bpjs = next(p for p in svc.partnerships.list() if p.partner_type == "bpjs")
    window.list.select(bpjs.id)
    window.wizard.go_to(4, remember=False)
    spins = [spin for spin in window.wizard.pages[4].findChildren(QSpinBox) if spin.isVisible()]
    assert len(spins) == 8  # four technical areas, each a weight and a score
    assert spins[0].text() == "25 %"
    for spin in spins:
        up, down = arrow_ink(spin)
        assert up >= 6 and down >= 6, f"{spin.text()!r}: arrows {up}, {down}"
