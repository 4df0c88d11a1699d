"""The fields of a signed agreement look like what they are: locked. Seen in the walk: the
signed PKS's fields were white like any field, and the signatory still had its ⓧ and its list
arrow, inviting typing that went nowhere. Read from the pixels, with the program's style."""

from __future__ import annotations

from datetime import date

from conftest import ready_to_finalize

from kemitraan_desktop.services import agreements

LOCKED = "#eef1f0"  # the style sheet's background of a field that cannot be typed in


def background(widget) -> str:  # noqa: ANN001
    """The colour painted inside the field, a little in from its left edge."""
    image = widget.grab().toImage()
    return image.pixelColor(4, image.height() // 2).name()


def visible_buttons(field) -> list[str]:  # noqa: ANN001
    """The little buttons drawn inside a line field (its actions: calendar, ⓧ)."""
    from PySide6.QtWidgets import QToolButton

    return [button.toolTip() or "button" for button in field.findChildren(QToolButton)
            if button.isVisible()]


def test_a_signed_pks_shows_its_fields_locked(qtbot, window, svc, program_style):
    bpjs = next(p for p in svc.partnerships.list() if p.partner_type == "bpjs")
    pks = svc.agreements.list(bpjs.id)[-1]
    ready_to_finalize(svc, pks.id)
    svc.agreements.update(pks.id, agreement_date=date.today())
    window.list.select(bpjs.id)
    window.wizard.go_to(5, remember=False)
    page = window.wizard.pages[5]
    assert background(page.subject) == "#ffffff"  # a draft: white, to be typed in
    agreements.finalize_agreement(svc, pks.id)
    agreements.sign_agreement(svc, pks.id, date.today(), "Para pihak")
    window.wizard.go_to(5, remember=False)
    assert page.subject.isReadOnly()
    assert background(page.subject) == LOCKED
    page.tabs.setCurrentIndex(1)
    picker = page.signatory
    assert picker.isVisible() and picker.isReadOnly() and picker.text()
    assert background(picker) == LOCKED
    assert not picker.isClearButtonEnabled()
    assert not picker.list_action.isVisible()
    # The signed dates offer no calendar and no ⓧ: nothing to change there.
    page.tabs.setCurrentIndex(0)
    for field in (page.agreement_date, page.valid_from, page.valid_to):
        assert field.isVisible() and field.isReadOnly() and field.text()
        assert visible_buttons(field) == []
