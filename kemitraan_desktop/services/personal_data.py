"""Personal data (UU 27/2022): everything held about one person — found, exported, erased.

A person is searched by name (any case, whole words; a title such as "dr." before the name and
degrees such as ", Sp.PK" after it belong to the match) or by NIK. The records that are *about*
the person are found by their name or number fields: the practice's doctor, a person of the
practice or of a partner (its signatory, its contact), an agreement party's signatory. Every
other text that names the person (an attendance list, a person in charge, an assessor, a note …)
is a *mention*. Searching by NIK also finds the
mentions of the names the NIK belongs to; searching by name also finds that person's NIK written
in a text.

Erasing blanks the person's own fields (a name becomes ``[dihapus]``, so a reader sees something
was removed) and replaces the name in every mention, all in one transaction. What belongs to a
final or signed agreement is kept, and the result says why; it also says plainly what erasing
cannot reach: the audit trail, older backups, and papers already given to a partner.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from datetime import UTC, date, datetime
from functools import cache
from pathlib import Path
from typing import Any

from sqlalchemy import String, Text, or_, select
from sqlalchemy import inspect as sa_inspect
from sqlalchemy.orm import Session

from kemitraan_desktop import __version__
from kemitraan_desktop.domain import fields as domain_fields
from kemitraan_desktop.domain.dates import long_date_id
from kemitraan_desktop.domain.enums import AgreementStatus
from kemitraan_desktop.domain.errors import NotFoundError, UserError
from kemitraan_desktop.domain.people import core_name
from kemitraan_desktop.domain.roles import Action
from kemitraan_desktop.domain.validation import (
    PERSONAL_NUMBER_FIELDS,
    mask_numbers_in,
    mask_personal_number,
)
from kemitraan_desktop.i18n import _
from kemitraan_desktop.storage import models as m
from kemitraan_desktop.storage.base import Base

from . import audit
from .app import SPECS, Services
from .crud import conflicts_explained
from .files import write_atomically
from .records import to_jsonable

# What an erased name becomes. Stored data, like the agreement's wording: Indonesian whatever the
# screen language, so a printed archive reads the same for both parties.
ERASED = "[dihapus]"
EXPORT_FORMAT = "kemitraan-desktop/personal-data"


@dataclass(frozen=True)
class _Subject:
    """A kind of record that is about one person, and which of its fields are theirs."""

    kind: str
    name_field: str
    number_fields: tuple[str, ...]
    fields: tuple[str, ...]


_SUBJECTS = (
    _Subject("practice", "doctor_name", ("nik", "npwp"),
             ("doctor_name", "degree", "nik", "npwp", "str_number", "sip_number", "sip_issued",
              "sip_expires", "street", "rt_rw", "kelurahan", "kecamatan", "kota", "provinsi",
              "postal_code", "phone", "email")),
    _Subject("practice_person", "name", ("nik", "staff_number"),
             ("name", "job_title", "nik", "staff_number", "authority", "phone")),
    _Subject("partner_person", "name", ("nik", "staff_number"),
             ("name", "job_title", "nik", "staff_number", "authority", "phone")),
    _Subject("agreement_party", "signatory_name", ("signatory_id_number",),
             ("signatory_name", "signatory_position", "authority", "signatory_id_number")),
)
_SUBJECT_OF = {subject.kind: subject for subject in _SUBJECTS}

# Every record kind whose texts may name a person, in the order results are shown.
_KINDS = ("practice", "practice_person", "partner", "partner_person", "partner_licence",
          "partnership", "candidate", "goal", "role",
          "readiness_item", "budget_line", "agreement", "agreement_party", "clause", "activity",
          "activity_report", "attachment", "indicator", "indicator_value", "key_assessment",
          "action_item")

# Text columns that hold codes and vocabularies, never a person.
_NOT_PERSONAL = frozenset({
    "uid", "status", "kind", "party", "partner_type", "template", "paper", "final_pdf_sha256",
    "drafted_by",
    "sha256", "media_type", "code", "category", "area", "key", "statement", "direction",
    "frequency", "funded_by", "imported_from", "period", "number_unit", "number_pattern",
    "kode_faskes", "postal_code", "authority_kind", "id_kind",
    # What a final agreement says, as one JSON text: the same words as its party and clause
    # rows, which are listed (and kept) themselves.
    "snapshot",
})


@cache
def _text_fields(model: type[Base]) -> tuple[str, ...]:
    return tuple(
        column.key for column in sa_inspect(model).columns
        if isinstance(column.type, String | Text) and column.key not in _NOT_PERSONAL
    )


@cache
def _column_order(model: type[Base]) -> dict[str, int]:
    return {column.key: number for number, column in enumerate(sa_inspect(model).columns)}


# -- what is searched for -------------------------------------------------------------------------
# A title before a name ("dr.", "apt.", "Hj.") and degrees after it (", Sp.PK", ", S.Farm.").
_TITLES_BEFORE = r"(?:(?<![\w.])(?:dr|drg|apt|drs|dra|prof|ir|hj|h|ns|bd|sdri|sdr|bpk|ny|tn)\.\s*)*"
_DEGREES_AFTER = r"(?:\s*,\s*(?:[^\W\d_]{1,5}\.)+[^\W\d_]{0,5}\.?(?!\w))*"
_NUMBER_SEPARATORS = re.compile(r"[\s.\-\u2010-\u2015]")
_ASCII_DIGITS = re.compile(r"[0-9]+")
MIN_NUMBER_DIGITS = 8
NAME_LIMIT = 200  # the longest name a record holds (a doctor's, a contact person's, a signatory's)


def _digits(text: str) -> str:
    return "".join(_ASCII_DIGITS.findall(text or ""))


def _same_number(value: str, number: str) -> bool:
    digits = _digits(value)
    return bool(digits) and (digits == number or "0" + digits == number
                             or digits == "0" + number)


@dataclass(frozen=True)
class _Terms:
    names: frozenset[str]
    numbers: frozenset[str]

    def patterns(self) -> list[re.Pattern[str]]:
        found = [
            re.compile(_TITLES_BEFORE + r"(?<!\w)" + r"\s+".join(map(re.escape, name.split()))
                       + r"(?!\w)" + _DEGREES_AFTER, re.IGNORECASE)
            for name in sorted(self.names, key=len, reverse=True)
        ]
        found += [re.compile(r"(?<![0-9])" + r"[\s.\-]?".join(number) + r"(?![0-9])")
                  for number in sorted(self.numbers)]
        return found

    def like(self) -> list[str]:
        """Fragments an SQL LIKE can look for before the exact match is checked."""
        words = {max(name.split(), key=len).lower() for name in self.names}
        return sorted(words | {number[-4:] for number in self.numbers})


def _terms(query: str) -> _Terms:
    # Half a character and NUL are never stored, so they are not looked for either.
    text = " ".join((query or "").encode("utf-8", "ignore").decode("utf-8").replace(
        "\x00", "").split())
    if len(text) > NAME_LIMIT:  # nobody's name is longer; SQLite refuses a longer LIKE
        raise UserError(_("A name has at most {limit} characters: type the person's name, "
                          "or their NIK.").format(limit=NAME_LIMIT))
    compact = _NUMBER_SEPARATORS.sub("", text)
    if compact and _ASCII_DIGITS.fullmatch(compact):
        if len(compact) < MIN_NUMBER_DIGITS:
            raise UserError(_("A NIK has 16 digits: type all of them (or search by name)."))
        return _Terms(frozenset(), frozenset({compact}))
    name = core_name(text)
    if sum(character.isalpha() for character in name) < 3:
        raise UserError(_("Type at least three letters of the person's name, or their NIK."))
    return _Terms(frozenset({name}), frozenset())


# -- what is found --------------------------------------------------------------------------------
@dataclass(frozen=True)
class Place:
    """One field of one record that holds something of the person."""

    kind: str  # the record kind ("practice", "activity_report" …)
    record_id: int
    field: str
    kind_label: str  # in the reader's language
    field_label: str
    partnership_id: int | None
    partnership_title: str  # "" for the practice profile and the partner registry
    context: str  # where a record outside a partnership lives: the partner's name …
    excerpt: str  # what the field says, NIK and NPWP masked
    own: bool  # the person's own field (blanked), or a text that mentions them (name replaced)
    erasable: bool
    reason: str  # why it is kept, when it is not erasable

    @property
    def where(self) -> str:
        return self.partnership_title or self.context


@dataclass(frozen=True)
class Findings:
    query: str
    places: tuple[Place, ...]

    @property
    def erasable(self) -> tuple[Place, ...]:
        return tuple(place for place in self.places if place.erasable)

    @property
    def kept(self) -> tuple[Place, ...]:
        return tuple(place for place in self.places if not place.erasable)

    @property
    def records(self) -> int:
        """How many records erasing would change."""
        return len({(place.kind, place.record_id) for place in self.erasable})

    @property
    def held_in(self) -> int:
        """How many records hold something of the person."""
        return len({(place.kind, place.record_id) for place in self.places})

    @property
    def listed(self) -> tuple[Place, ...]:
        """The places erasing changes first, then those it keeps."""
        return self.erasable + self.kept


def locked_note() -> str:
    """Why what belongs to a final or signed agreement is kept, in plain words."""
    return _(
        "A final or signed agreement is a legal document: both parties keep it exactly as it "
        "was signed, so its content is locked and is not changed here. The personal data law "
        "(UU 27/2022) lets you keep personal data you need to carry out a contract or to meet "
        "a legal obligation."
    )


def limits_notes() -> tuple[str, ...]:
    """What erasing in the program cannot reach, said honestly."""
    return (
        _("The audit trail still records the earlier changes, and those entries can hold the "
          "old values: it can only be added to (each entry is sealed to the one before it), so "
          "it is not rewritten. This erasure is recorded there without the erased values."),
        _("Backups made before now still hold the data until they are removed: automatic "
          "backups make way for newer ones (the newest of each month is kept until you delete "
          "it), and a backup you saved elsewhere stays until you delete it."),
        _("Photos and scans are not read inside, and exchange packages or papers already given "
          "to a partner are outside this program."),
    )


class _Search:
    """One search inside one session: the places found and, for each, its erased value."""

    def __init__(self, session: Session, terms: _Terms) -> None:
        self.session = session
        self.terms = terms
        self._titles: dict[int, str] = {}
        self._agreements: dict[int, m.Agreement | None] = {}
        self._locked_files: dict[int, m.Agreement] | None = None
        self.places: list[Place] = []
        self.erased: list[Any] = []  # the new value of each place, in the same order
        own = self._own_records()
        self._widen(own)
        self.patterns = self.terms.patterns()
        for kind, row in own:
            self._add_own(kind, row)
        self._mentions({(kind, row.id) for kind, row in own})
        order = {kind: number for number, kind in enumerate(_KINDS)}
        pairs = sorted(
            zip(self.places, self.erased, strict=True),
            key=lambda pair: (order[pair[0].kind], pair[0].where.lower(), pair[0].record_id,
                              _column_order(SPECS[pair[0].kind].model)[pair[0].field]))
        self.places = [place for place, _value in pairs]
        self.erased = [value for _place, value in pairs]

    # -- records about the person ---------------------------------------------------------------
    def _own_records(self) -> list[tuple[str, Any]]:
        found = []
        names = self.terms.patterns()[:len(self.terms.names)]
        for subject in _SUBJECTS:
            model = SPECS[subject.kind].model
            conditions = [getattr(model, subject.name_field).ilike(f"%{word}%")
                          for word in self.terms.like() if not word.isdigit()]
            conditions += [getattr(model, field).like(f"%{number[-4:]}%")
                           for field in subject.number_fields for number in self.terms.numbers]
            if not conditions:
                continue
            for row in self.session.scalars(select(model).where(or_(*conditions))
                                            .order_by(model.id)):
                name = getattr(row, subject.name_field) or ""
                if any(pattern.search(name) for pattern in names) or any(
                        _same_number(getattr(row, field) or "", number)
                        for field in subject.number_fields for number in self.terms.numbers):
                    found.append((subject.kind, row))
        return found

    def _widen(self, own: list[tuple[str, Any]]) -> None:
        """Search also for the names and numbers the records about the person hold."""
        names, numbers = set(self.terms.names), set(self.terms.numbers)
        for kind, row in own:
            subject = _SUBJECT_OF[kind]
            name = core_name(getattr(row, subject.name_field) or "")
            if sum(character.isalpha() for character in name) >= 3:
                names.add(name)
            for field in subject.number_fields:
                digits = _digits(getattr(row, field) or "")
                if len(digits) >= MIN_NUMBER_DIGITS:
                    numbers.add(digits)
        # One name inside a longer one ("Siti" in "Siti Rahmawati") adds nothing.
        names = {name for name in names
                 if not any(other != name and re.search(
                     r"(?<!\w)" + re.escape(name.lower()) + r"(?!\w)", other.lower())
                     for other in names if len(other) < len(name))}
        self.terms = _Terms(frozenset(names), frozenset(numbers))

    def _add_own(self, kind: str, row: Any) -> None:
        for field in _SUBJECT_OF[kind].fields:
            value = getattr(row, field)
            if value is None or value == "":
                continue
            if isinstance(value, date):
                shown, erased = long_date_id(value), None
            elif field in PERSONAL_NUMBER_FIELDS:
                shown, erased = mask_personal_number(field, value), ""
            else:
                shown = mask_numbers_in(" ".join(str(value).split()))
                erased = ERASED if field == _SUBJECT_OF[kind].name_field else ""
            self._add(kind, row, field, shown, erased, own=True)

    # -- texts that mention the person ------------------------------------------------------------
    def _mentions(self, own: set[tuple[str, int]]) -> None:
        like = self.terms.like()
        for kind in _KINDS:
            model = SPECS[kind].model
            fields = _text_fields(model)
            if not fields or not like:
                continue
            conditions = [getattr(model, field).ilike(f"%{word}%")
                          for field in fields for word in like]
            subject = _SUBJECT_OF.get(kind)
            for row in self.session.scalars(select(model).where(or_(*conditions))
                                            .order_by(model.id)):
                skip = subject.fields if subject and (kind, row.id) in own else ()
                for field in fields:
                    value = getattr(row, field)
                    if field in skip or not isinstance(value, str) or not value:
                        continue
                    replaced = value
                    for pattern in self.patterns:
                        replaced = pattern.sub(ERASED, replaced)
                    if replaced != value:
                        self._add(kind, row, field, self._excerpt(value), replaced, own=False)

    def _excerpt(self, text: str, before: int = 24, after: int = 60) -> str:
        # One line: the lines of a list (an attendance list) kept apart by " / ".
        flat = " / ".join(" ".join(line.split()) for line in text.splitlines() if line.strip())
        first = min((match for pattern in self.patterns if (match := pattern.search(flat))),
                    key=lambda match: match.start(), default=None)
        shown = mask_numbers_in(flat)  # the same length: the match stays where it was
        if first is None:
            return shown[:before + after]
        start, end = max(first.start() - before, 0), min(first.end() + after, len(shown))
        return (("…" if start else "") + shown[start:end].strip()
                + ("…" if end < len(shown) else ""))

    # -- where a record lives, and whether it may change ------------------------------------------
    def _add(self, kind: str, row: Any, field: str, excerpt: str, erased: Any, *,
             own: bool) -> None:
        partnership_id = self._partnership_of(kind, row)
        locked = self._locking_agreement(kind, row)
        reason = "" if locked is None else _(
            "Kept: agreement version {version} is {status}; its content is locked."
        ).format(version=locked.version, status=AgreementStatus(locked.status).label.lower())
        self.places.append(Place(
            kind, row.id, field, domain_fields.record_label(kind), domain_fields.label(field),
            partnership_id, self._title(partnership_id), self._context(kind, row), excerpt,
            own, locked is None, reason))
        self.erased.append(erased)

    def _partnership_of(self, kind: str, row: Any) -> int | None:
        owner = SPECS[kind].owner
        if owner is not None:
            return owner(self.session, row)
        return getattr(row, "partnership_id", None)

    def _title(self, partnership_id: int | None) -> str:
        if partnership_id is None:
            return ""
        if partnership_id not in self._titles:
            partnership = self.session.get(m.Partnership, partnership_id)
            self._titles[partnership_id] = partnership.title if partnership else ""
        return self._titles[partnership_id]

    def _context(self, kind: str, row: Any) -> str:
        if kind in ("practice", "practice_person"):
            return _("Practice profile")
        if kind == "partner":
            return _("Partner registry: {name}").format(name=row.name)
        if kind in ("partner_licence", "partner_person"):
            partner = self.session.get(m.Partner, row.partner_id)
            return _("Partner registry: {name}").format(name=partner.name if partner else "")
        return ""

    def _agreement(self, agreement_id: int | None) -> m.Agreement | None:
        if agreement_id is None:
            return None
        if agreement_id not in self._agreements:
            self._agreements[agreement_id] = self.session.get(m.Agreement, agreement_id)
        return self._agreements[agreement_id]

    def _locking_agreement(self, kind: str, row: Any) -> m.Agreement | None:
        """The final or signed agreement *row* belongs to (its content cannot change)."""
        if kind == "agreement":
            agreement = row
        elif kind in ("agreement_party", "clause"):
            agreement = self._agreement(row.agreement_id)
        elif kind == "attachment":
            if self._locked_files is None:
                self._locked_files = {}
                for locked in self.session.scalars(
                        select(m.Agreement).where(m.Agreement.status != "draft")):
                    for file_id in (locked.final_pdf_attachment_id,
                                    locked.signed_scan_attachment_id):
                        if file_id is not None:
                            self._locked_files[file_id] = locked
            agreement = self._locked_files.get(row.id)
        else:
            return None
        if agreement is not None and AgreementStatus(agreement.status).locked:
            return agreement
        return None

    def changes(self) -> dict[tuple[str, int], dict[str, Any]]:
        """The new values of every erasable place, record by record."""
        result: dict[tuple[str, int], dict[str, Any]] = {}
        for place, value in zip(self.places, self.erased, strict=True):
            if place.erasable:
                result.setdefault((place.kind, place.record_id), {})[place.field] = value
        return result


def _findings(query: str, search: _Search) -> Findings:
    return Findings(" ".join((query or "").split()), tuple(search.places))


def find_person(svc: Services, query: str) -> Findings:
    """Every place *query* (a name or a NIK) is held; nothing is changed."""
    terms = _terms(query)
    with svc.db.session() as session:
        return _findings(query, _Search(session, terms))


# -- export ---------------------------------------------------------------------------------------
@dataclass(frozen=True)
class ExportSummary:
    path: Path
    records: int  # records about the person, written in full
    mentions: int  # texts that name them


def _record_json(session: Session, search: _Search, kind: str, record_id: int,
                 theirs: list[str]) -> dict[str, Any]:
    row = session.get(SPECS[kind].model, record_id)
    place = next(p for p in search.places if p.kind == kind and p.record_id == record_id)
    fields = []
    for column in sa_inspect(SPECS[kind].model).columns:
        key = column.key
        if key in ("id", "uid") or key.endswith("_id"):
            continue
        fields.append({"field": key, "label": domain_fields.label(key),
                       "value": to_jsonable(getattr(row, key))})
    locked = search._locking_agreement(kind, row)
    return {
        "kind": kind, "kind_label": place.kind_label, "id": record_id,
        "partnership": place.partnership_title or None, "context": place.context or None,
        "agreement_status": AgreementStatus(locked.status).label if locked else None,
        "their_fields": theirs, "fields": fields,
    }


def export_person(svc: Services, query: str, out: Path) -> ExportSummary:
    """Write everything held about the person to *out* (JSON, UTF-8, private to this user)."""
    terms = _terms(query)
    with svc.db.session() as session:
        search = _Search(session, terms)
        if not search.places:
            raise NotFoundError(_("Nothing is held about “{query}”.").format(
                query=" ".join(query.split())))
        theirs: dict[tuple[str, int], list[str]] = {}
        for place in search.places:
            if place.own:
                theirs.setdefault((place.kind, place.record_id), []).append(place.field)
        records = [_record_json(session, search, kind, record_id, fields)
                   for (kind, record_id), fields in theirs.items()]
        mentions = [
            {"kind": place.kind, "kind_label": place.kind_label, "id": place.record_id,
             "field": place.field, "field_label": place.field_label,
             "partnership": place.partnership_title or None, "context": place.context or None,
             "text": getattr(session.get(SPECS[place.kind].model, place.record_id), place.field)}
            for place in search.places if not place.own
        ]
    document = {
        "format": EXPORT_FORMAT,
        "format_version": 1,
        "program": f"Kemitraan Desktop {__version__}",
        "exported_at": datetime.now(UTC).isoformat(timespec="seconds"),
        "searched_for": " ".join(query.split()),
        "about": _("Everything this program holds about one person: the records about them in "
                   "full, and the texts that mention them."),
        "records": records,
        "mentions": mentions,
    }
    text = json.dumps(document, ensure_ascii=False, indent=2) + "\n"
    write_atomically(out, text.encode("utf-8"))  # whole or nothing, 0600 from the first byte
    # The log says that personal data left the program and where to, never whose NIK it was.
    audit.record_export(svc, "person", None, mask_numbers_in(str(out)),
                        records=len(records), places=len(search.places))
    return ExportSummary(out, len(records), len(mentions))


# -- erasure --------------------------------------------------------------------------------------
@dataclass(frozen=True)
class Erasure:
    places: int  # places changed
    records: int  # records changed
    kept: tuple[Place, ...]
    notes: tuple[str, ...]  # what erasing could not reach

    @property
    def message(self) -> str:
        """The result for a person to read, in paragraphs."""
        if self.places:
            lines = [_("Erased in {places} place(s) of {records} record(s).").format(
                places=self.places, records=self.records)]
        else:
            lines = [_("Nothing was erased.")]
        if self.kept:
            lines.append(_("Not erased in {count} place(s).").format(count=len(self.kept))
                         + " " + locked_note())
        return "\n\n".join([*lines, *self.notes])


def erase_person(svc: Services, query: str, expected: int | None = None) -> Erasure:
    """Erase the person in every place that may change, in one transaction.

    *expected* is the number of erasable places the person was shown; when the data changed
    since, nothing is erased and the search must be made again.
    """
    svc.access.require(Action.ERASE)
    terms = _terms(query)
    with conflicts_explained(), svc.db.session() as session:
        search = _Search(session, terms)
        findings = _findings(query, search)
        if not findings.places:
            raise NotFoundError(_("Nothing is held about “{query}”.").format(
                query=findings.query))
        if expected is not None and expected != len(findings.erasable):
            raise UserError(_("The data changed since the search: nothing was erased. Search "
                              "again, then erase."))
        changes = search.changes()
        for (kind, record_id), values in changes.items():
            svc.entities(kind).update_in(session, record_id, values)
        if changes:
            audit.log(session, "erase", "person", None, actor=svc.actor,
                      changes={"records": len(changes), "places": len(findings.erasable),
                               "locked": len(findings.kept)})
    return Erasure(len(findings.erasable), len(changes), findings.kept,
                   limits_notes() if changes else ())
