"""Who the partner of a partnership is once an agreement names it.

Before any agreement is final, the partner is whoever is ticked "Chosen" in step 2. From the
moment a version is final, the partner is the one that agreement names: step 2 can no longer
untick, remove or replace it (the walker unticked the apotek of a signed PKS, and the archive
printed "Mitra —" while the credentialing form named the partnership's title instead), and the
documents read the partner from the agreement's party rows, not from the current ticks.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from sqlalchemy import select
from sqlalchemy.orm import Session, object_session

from kemitraan_desktop.domain.enums import AgreementStatus, Party
from kemitraan_desktop.domain.errors import LockedError
from kemitraan_desktop.i18n import _
from kemitraan_desktop.storage import models as m
from kemitraan_desktop.storage.base import Base

if TYPE_CHECKING:  # app.py imports this module for its candidate check
    from .app import Services


def binding_agreement(session: Session, partnership_id: int) -> m.Agreement | None:
    """The latest version of the partnership's agreements that is no longer a draft (its text
    names the partner for good), or None while every version is a draft."""
    return session.scalars(
        select(m.Agreement)
        .where(m.Agreement.partnership_id == partnership_id,
               m.Agreement.status != AgreementStatus.DRAFT.value)
        .order_by(m.Agreement.version.desc(), m.Agreement.id.desc())
    ).first()


def partner_named(agreement: m.Agreement) -> str:
    """The partner organisation as *agreement* names it ("" when its row is empty)."""
    return next((p.organisation.strip() for p in agreement.parties
                 if p.party == Party.PARTNER.value and p.organisation.strip()), "")


def partner_names(partnership: m.Partnership) -> str:
    """The partner as the documents print it: the one a final or signed agreement names, else
    the candidates ticked in step 2; "—" when there is none."""
    session = object_session(partnership)
    agreement = binding_agreement(session, partnership.id) if session is not None else None
    named = partner_named(agreement) if agreement is not None else ""
    if named:
        return named
    return ", ".join(c.partner.name for c in partnership.candidates if c.chosen) or "—"


def _agreement_number(agreement: m.Agreement) -> str:
    return next((p.number.strip() for p in agreement.parties if p.number.strip()), "")


def check_candidate_change(session: Session, candidate: Base,
                           changes: Mapping[str, Any] | None) -> None:
    """Refuse a change of step 2 that would change who the partner is once an agreement is final
    or signed: unticking or removing the chosen candidate, ticking another one, adding one
    already ticked, or pointing the chosen row at another organisation."""
    assert isinstance(candidate, m.Candidate)
    chosen_now = bool(candidate.chosen) if candidate.id is not None else False
    if changes is None:  # a deletion
        touches = chosen_now
    else:
        touches = ("chosen" in changes and bool(changes["chosen"]) != chosen_now) or (
            chosen_now and "partner_id" in changes and candidate.id is not None
            and changes["partner_id"] != candidate.partner_id)
        if candidate.id is None or session.get(m.Candidate, candidate.id) is None:
            touches = bool(changes.get("chosen"))  # a new (or restored) row, ticked
    if not touches:
        return
    agreement = binding_agreement(session, candidate.partnership_id)
    if agreement is not None:
        raise LockedError(_why_locked(agreement))


def _why_locked(agreement: m.Agreement) -> str:
    return _("Agreement {number} ({status}) names {partner} as the partner, so the partner "
             "cannot be unticked, removed or replaced here. To change partner, make an "
             "addendum in step 5 or start a new partnership.").format(
        number=_agreement_number(agreement) or _("version {number}").format(
            number=agreement.version),
        status=AgreementStatus(agreement.status).label.lower(),
        partner=partner_named(agreement) or "—")


def partner_lock(svc: Services, partnership_id: int) -> str:
    """Why step 2 may no longer change the partnership's partner ("" while it may): shown at the
    candidate list, the same words a refused change gives."""
    with svc.db.session() as session:
        agreement = binding_agreement(session, partnership_id)
        return _why_locked(agreement) if agreement is not None else ""


def chosen_partner_problem(partnership: m.Partnership) -> str:
    """Why the candidates ticked in step 2 cannot make one agreement's partner ("" when they
    can): an agreement has one partner, of the kind its template is written for. The walker
    ticked the BPJS office beside the apotek, and the partner became "BPJS Kesehatan Kantor
    Cabang Sleman, Apotek Sehat Sardonoharjo"."""
    from kemitraan_desktop.domain.clauses import template_code_for
    from kemitraan_desktop.domain.enums import PartnerType

    def kind_of(value: str) -> str:
        try:
            return PartnerType(value).label
        except ValueError:
            return value

    chosen = [c.partner for c in partnership.candidates if c.chosen]
    if len(chosen) > 1:
        return _("Step 2 has {count} partners ticked ({names}), but an agreement has one "
                 "partner. Untick the ones this agreement is not with; for another partner, "
                 "start a new partnership.").format(
            count=len(chosen), names=", ".join(p.name for p in chosen))
    if chosen and template_code_for(chosen[0].partner_type) != \
            template_code_for(partnership.partner_type):
        return _("{partner} is registered as “{kind}”, but this partnership is with “{wanted}”: "
                 "its agreement is written for that kind of partner. Tick a partner of that "
                 "kind in step 2, or correct the partner's type in the registry.").format(
            partner=chosen[0].name, kind=kind_of(chosen[0].partner_type),
            wanted=kind_of(partnership.partner_type))
    return ""
