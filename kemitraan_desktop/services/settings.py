"""Settings kept with the data: figures that are agreed or unconfirmed, so editable, not code.

The traffic-light thresholds of the five keys live here. The capitation rate is not a setting: it
is asked where the PKS states it (step 5) and kept with the agreement, proposed from the
regulation's figures in ``resources/bpjs/``. The screen language is a per-user preference and
lives in the window's settings instead.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from kemitraan_desktop.domain.validation import ValidationError
from kemitraan_desktop.i18n import N_, _
from kemitraan_desktop.storage import models as m

from . import audit
from .app import Services


@dataclass(frozen=True)
class SettingSpec:
    key: str
    label: str  # marked with N_
    default: str
    low: Decimal
    high: Decimal


SPECS: dict[str, SettingSpec] = {
    spec.key: spec
    for spec in (
        SettingSpec("five_keys.green", N_("Five keys: green from average"), "4", Decimal(1),
                    Decimal(5)),
        SettingSpec("five_keys.amber", N_("Five keys: amber from average"), "3", Decimal(1),
                    Decimal(5)),
        SettingSpec("five_keys.disagreement",
                    N_("Five keys: parties disagree from a difference of"), "2",
                    Decimal("0.5"), Decimal(4)),
    )
}


def get_setting(svc: Services, key: str) -> str:
    """The stored value."""
    spec = SPECS[key]
    with svc.db.session() as session:
        row = session.get(m.Setting, key)
        return row.value if row is not None else spec.default


def shown_setting(svc: Services, key: str) -> str:
    """The value as a person reads and types it."""
    return get_setting(svc, key)


def set_setting(svc: Services, key: str, value: str) -> str:
    """Store what the person typed."""
    spec = SPECS[key]
    try:
        number = Decimal(value.strip().replace(",", "."))
    except (InvalidOperation, AttributeError):
        number = Decimal("NaN")
    if not number.is_finite() or not spec.low <= number <= spec.high:
        raise ValidationError(key, _("{label} must be a number from {low} to {high}.").format(
            label=_(spec.label), low=spec.low, high=spec.high))
    text = format(number.normalize(), "f")
    with svc.db.session() as session:
        row = session.get(m.Setting, key)
        if row is None:
            session.add(m.Setting(key=key, value=text))
        else:
            row.value = text
        audit.log(session, "update", "setting", None, changes={key: text}, actor=svc.actor)
    return text
