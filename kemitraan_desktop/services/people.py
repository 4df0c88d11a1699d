"""The people the papers name, kept once on their own side and picked in every "who" field.

The doctor is the practice profile itself; the practice's other people (a nurse, an
administrator) and each partner's people (who signs for it, who is the contact) are kept as
records of their own, added by the doctor in the profile or the partner registry. A "who" field
of a partnership (person in charge, signers, assessor, attendance) offers them all, then the
names already typed in the practice's "who" fields that are nobody's record: a name typed there
is offered the next time instead of typed again, and never becomes a person of either side
without the doctor adding it (a BPJS officer typed as Pelaksana is not practice staff).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from kemitraan_desktop.domain.enums import Party
from kemitraan_desktop.domain.people import full_name, names_in, same_person
from kemitraan_desktop.storage import models as m

from .app import Services
from .partnerships import current_practice

# What the practice's doctor signs as, in the agreement's own words (Indonesian whatever the
# screen language: it is printed as it stands).
DOCTOR_POSITION = "Dokter Penanggung Jawab Praktik"
ERASED = "[dihapus]"  # what personal_data leaves of an erased name: nobody to offer
NAME_USED = "name_used"  # a Person's kind for a name typed in a "who" field, nobody's record


@dataclass(frozen=True)
class Person:
    """Someone a "who" field offers."""

    side: str  # Party.PRACTICE or Party.PARTNER ("" for a name used: nobody's side)
    kind: str  # "practice" (the doctor), "practice_person", "partner_person" or NAME_USED
    record_id: int  # the practice's id for the doctor, else the person's own (0: a name used)
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
    """Everyone a "who" field offers: the doctor, the practice's people, the people of the
    partnership's partner(s), then the names used in the practice's "who" fields that are
    none of them."""
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
        if practice is not None:
            for name in names_used(session, practice.id):
                if find(found, name) is None:
                    found.append(Person("", NAME_USED, 0, name, "", ""))
    return found


def names_used(session: Session, practice_id: int) -> list[str]:
    """The names typed in the practice's "who" fields (person in charge, attendance, assessor,
    follow-up owner, who signed), newest first, each once; a field naming two gives both."""
    texts: list[str] = []
    for column in (m.Activity.person_in_charge, m.KeyAssessment.assessor, m.ActionItem.owner,
                   m.Agreement.signed_by):
        texts += session.scalars(
            select(column).join(m.Partnership, m.Partnership.id == column.class_.partnership_id)
            .where(m.Partnership.practice_id == practice_id, column != "")
            .order_by(column.class_.id.desc()))
    texts += session.scalars(
        select(m.ActivityReport.attendance).join(m.Activity).join(m.Partnership)
        .where(m.Partnership.practice_id == practice_id, m.ActivityReport.attendance != "")
        .order_by(m.ActivityReport.id.desc()))
    names: list[str] = []
    for text in texts:
        for name in names_in(text):
            if name != ERASED and not any(same_person(name, known) for known in names):
                names.append(name)
    return names


def signer_of(people: list[Person], side: str) -> Person | None:
    """Who speaks for *side* among *people*: the first of that side who signs for it (the
    doctor for the practice), else its first person."""
    own = [person for person in people if person.side == side]
    return next((person for person in own if person.signs), own[0] if own else None)


def find(people: list[Person], name: str) -> Person | None:
    """The person *name* names, if any of *people* (titles, degrees and case set aside)."""
    return next((person for person in people if same_person(person.name, name)), None)


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
