"""The people the papers name, kept once on their own side and picked in every "who" field.

The doctor is the practice profile itself; the practice's other people (a nurse, an
administrator) and each partner's people (who signs for it, who is the contact) are kept as
records of their own. A "who" field of a partnership (person in charge, signers, assessor,
attendance) offers them all; a name typed there that is nobody's yet is kept as a new person of
the side the field belongs to, so it is offered the next time instead of typed again.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from kemitraan_desktop.domain.enums import Party
from kemitraan_desktop.domain.people import full_name, same_person
from kemitraan_desktop.storage import models as m

from .app import Services
from .partnerships import current_practice

# What the practice's doctor signs as, in the agreement's own words (Indonesian whatever the
# screen language: it is printed as it stands).
DOCTOR_POSITION = "Dokter Penanggung Jawab Praktik"
ERASED = "[dihapus]"  # what personal_data leaves of an erased name: nobody to offer


@dataclass(frozen=True)
class Person:
    """Someone a "who" field offers."""

    side: str  # Party.PRACTICE or Party.PARTNER
    kind: str  # "practice" (the doctor), "practice_person" or "partner_person"
    record_id: int  # the practice's id for the doctor, else the person's own
    name: str
    job_title: str
    organisation: str  # the practice's or the partner's name
    nik: str = ""
    staff_number: str = ""
    authority: str = ""
    signs: bool = False

    @property
    def id_number(self) -> str:
        """The number an agreement prints beside their signature: NPP or NIP, else NIK."""
        return self.staff_number or self.nik


def doctor(practice: Any) -> Person:
    """The practice's doctor as a person: the name in full, signing for the practice."""
    return Person(
        Party.PRACTICE.value, "practice", practice.id,
        full_name(practice.doctor_name, practice.degree), DOCTOR_POSITION,
        practice.clinic_name or practice.doctor_name, nik=practice.nik,
        authority=f"SIP {practice.sip_number}" if practice.sip_number else "", signs=True)


def _person(row: m.PracticePerson | m.PartnerPerson, side: str, organisation: str) -> Person:
    kind = "practice_person" if isinstance(row, m.PracticePerson) else "partner_person"
    return Person(side, kind, row.id, row.name, row.job_title, organisation, row.nik,
                  row.staff_number, row.authority, row.signs)


def _partners_of(session: Session, partnership_id: int) -> list[m.Partner]:
    """The partners of a partnership: the chosen candidates, or every candidate while none is
    chosen yet."""
    candidates = list(session.scalars(
        select(m.Candidate).where(m.Candidate.partnership_id == partnership_id)
        .order_by(m.Candidate.chosen.desc(), m.Candidate.id)))
    chosen = [c for c in candidates if c.chosen] or candidates
    return [c.partner for c in chosen]


def partner_people(partner: m.Partner) -> list[Person]:
    """A partner's people, those who sign first."""
    rows = sorted(partner.people, key=lambda row: (not row.signs, row.id))
    return [_person(row, Party.PARTNER.value, partner.name) for row in rows
            if row.name.strip() and row.name != ERASED]


def people_of(svc: Services, partnership_id: int | None = None) -> list[Person]:
    """Everyone a "who" field offers: the doctor, the practice's people, then the people of the
    partnership's partner(s)."""
    practice = current_practice(svc)
    found: list[Person] = []
    with svc.db.session() as session:
        if practice is not None:
            row = session.get(m.Practice, practice.id)
            assert row is not None
            if row.doctor_name.strip() and row.doctor_name != ERASED:
                found.append(doctor(row))
            found += [_person(person, Party.PRACTICE.value, row.clinic_name or row.doctor_name)
                      for person in row.people
                      if person.name.strip() and person.name != ERASED]
        if partnership_id:
            for partner in _partners_of(session, partnership_id):
                found += partner_people(partner)
    return found


def signer_of(people: list[Person], side: str) -> Person | None:
    """Who speaks for *side* among *people*: the first of that side who signs for it (the
    doctor for the practice), else its first person."""
    own = [person for person in people if person.side == side]
    return next((person for person in own if person.signs), own[0] if own else None)


def find(people: list[Person], name: str) -> Person | None:
    """The person *name* names, if any of *people* (titles, degrees and case set aside)."""
    return next((person for person in people if same_person(person.name, name)), None)


def keep_person(svc: Services, partnership_id: int | None, name: str,
                side: str = Party.PRACTICE.value) -> Person | None:
    """A name typed in a "who" field: the person it names, kept first as a new person of
    *side* when it is nobody's yet. None when there is no name, or no partner to keep a
    partner's person with."""
    name = " ".join((name or "").split())
    if not name or name == ERASED:
        return None
    known = people_of(svc, partnership_id)
    person = find(known, name)
    if person is not None:
        return person
    if side == Party.PARTNER.value:
        with svc.db.session() as session:
            partners = _partners_of(session, partnership_id) if partnership_id else []
            partner_id = partners[0].id if partners else None
            organisation = partners[0].name if partners else ""
        if partner_id is None:
            return None
        row = svc.partner_people.create(partner_id=partner_id, name=name)
        return Person(side, "partner_person", row.id, row.name, "", organisation)
    practice = current_practice(svc)
    if practice is None:
        return None
    row = svc.practice_people.create(practice_id=practice.id, name=name)
    return Person(Party.PRACTICE.value, "practice_person", row.id, row.name, "",
                  practice.clinic_name or practice.doctor_name)


def signatory_fields(person: Person) -> dict[str, str]:
    """The fields of an agreement party that say who signs for it, from *person*."""
    return {
        "signatory_name": person.name,
        "signatory_position": person.job_title,
        "signatory_id_number": person.id_number,
        "authority": person.authority,
    }


def partner_signatory(partner: m.Partner) -> Person | None:
    """Who signs for *partner*: the first of its people marked as signing, else its first."""
    people = partner_people(partner)
    return people[0] if people else None


def names_by_partner(svc: Services) -> dict[int, list[str]]:
    """The names of each partner's people (the registry searches them)."""
    names: dict[int, list[str]] = {}
    with svc.db.session() as session:
        for row in session.scalars(select(m.PartnerPerson).order_by(m.PartnerPerson.id)):
            names.setdefault(row.partner_id, []).append(row.name)
    return names
