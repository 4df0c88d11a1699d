"""Use cases that look at a partnership as a whole: start one, list them, judge its steps."""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from sqlalchemy import ColumnElement, Select, func, or_, select
from sqlalchemy.orm import Session

from kemitraan_desktop.domain import readiness as checklist
from kemitraan_desktop.domain import steps
from kemitraan_desktop.domain.bpjs import kbk_goals
from kemitraan_desktop.domain.clauses import template_for
from kemitraan_desktop.domain.dates import add_months, screen_date
from kemitraan_desktop.domain.enums import DraftedBy, PartnerType, Party
from kemitraan_desktop.domain.errors import NotFoundError, UserError
from kemitraan_desktop.domain.lifecycle import SIGNED_STATES
from kemitraan_desktop.domain.money import line_total_sen
from kemitraan_desktop.i18n import _
from kemitraan_desktop.storage import listing as storage_listing
from kemitraan_desktop.storage import models as m

from . import listing
from .app import Services
from .listing import PartnershipRow
from .records import to_record


def current_practice(svc: Services) -> object | None:
    """The practice using this program: the first one that is not only known from an imported
    exchange package (the other party's doctor must never become PIHAK PERTAMA here)."""
    imported_only = (
        select(m.Partnership.practice_id)
        .group_by(m.Partnership.practice_id)
        .having(func.min(m.Partnership.imported_from) != "")
    )
    with svc.db.session() as session:
        practice = session.scalars(
            select(m.Practice).where(m.Practice.id.not_in(imported_only)).order_by(m.Practice.id)
        ).first()
        return to_record(practice) if practice else None


def start_partnership(
    svc: Services, title: str, partner_type: str, partner_id: int | None = None,
    *, proposals: bool = True,
) -> object:
    """A new partnership of the practice, at step 1; BPJS ones get the credentialing checklist.

    With *proposals*, step 3 starts with what the partnership's template and kind propose: for
    BPJS the KBK indicators as goals and the roles of its PKS template (the doctor's to change
    or delete; step 3 says where they come from)."""
    practice = current_practice(svc)
    if practice is None:
        raise UserError(_("Fill in the practice profile first (menu Berkas → Profil praktik)."))
    with svc.db.session() as session:
        partnership = svc.partnerships.create_in(
            session, {"practice_id": practice.id, "title": title, "partner_type": partner_type}
        )
        if partner_type == PartnerType.BPJS:
            for position, entry in enumerate(checklist.BPJS_CHECKLIST):
                svc.readiness_items.create_in(
                    session,
                    {
                        "partnership_id": partnership.id,
                        "code": entry.code,
                        "category": entry.category,
                        "area": entry.area,
                        "label": entry.label,
                        "position": position,
                    },
                )
        if proposals:
            _propose_goals_and_roles(svc, session, partnership.id, partner_type)
        if partner_id is not None:
            svc.candidates.create_in(
                session,
                {"partnership_id": partnership.id, "partner_id": partner_id, "chosen": True},
            )
        return to_record(partnership)


def _propose_goals_and_roles(svc: Services, session: Session, partnership_id: int,
                             partner_type: str) -> None:
    goals = kbk_goals() if partner_type == PartnerType.BPJS else ()
    for position, (description, target) in enumerate(goals):
        svc.goals.create_in(session, {"partnership_id": partnership_id, "position": position,
                                      "description": description, "target": target})
    positions: Counter[str] = Counter()
    for party, description in template_for(partner_type).proposed_roles:
        svc.roles.create_in(session, {"partnership_id": partnership_id, "party": party,
                                      "position": positions[party], "description": description})
        positions[party] += 1


def list_partnerships(
    svc: Services,
    search: str = "",
    status: str | None = None,
    partner_type: str | None = None,
    order: str = "updated",
    offset: int = 0,
    limit: int | None = None,
) -> list[PartnershipRow]:
    """One page of the partnership list (every row when *limit* is None), in *order*: one of
    ``listing.ORDERS``. Searching matches the title or a chosen partner's name."""
    if order not in listing.ORDERS:
        raise ValueError(order)
    # Half a character (pasted from somewhere broken) and NUL are never stored: a search for
    # them looks for the rest. Nothing stored is longer than SEARCH_LIMIT characters, and
    # SQLite refuses a LIKE pattern of more than 50,000 bytes as "too complex".
    search = search.encode("utf-8", "ignore").decode("utf-8").replace("\x00", "")
    if len(search.strip()) > SEARCH_LIMIT:
        return []
    if svc.db.engine.dialect.name == "sqlite":
        # The query the window's first page was read with, on the engine's own connection.
        with svc.db.engine.connect() as connection:
            rows = storage_listing.partnership_rows(
                connection.connection.driver_connection, search, status, partner_type, order,
                offset, limit,
            )
        return [listing.to_row(row) for row in rows]
    return _list_with_orm(svc, search, status, partner_type, order, offset, limit)


# Longer than any title (300) or partner's name (200), and a few partners' names together.
SEARCH_LIMIT = 2000

_ORM_ORDERS = {
    "updated": (),
    "title": (func.lower(m.Partnership.title),),
    "step": (m.Partnership.current_step,),
    "status": (m.Partnership.status,),
}


def _list_with_orm(
    svc: Services, search: str, status: str | None, partner_type: str | None, order: str,
    offset: int, limit: int | None,
) -> list[PartnershipRow]:
    """The same list on a server database (PostgreSQL), written with SQLAlchemy."""
    with svc.db.session() as session:
        names = (
            select(
                m.Candidate.partnership_id,
                func.group_concat(m.Partner.name, ", ").label("names")
                if svc.db.engine.dialect.name == "sqlite"
                else func.string_agg(m.Partner.name, ", ").label("names"),
            )
            .join(m.Partner, m.Partner.id == m.Candidate.partner_id)
            .where(m.Candidate.chosen.is_(True))
            .group_by(m.Candidate.partnership_id)
            .subquery()
        )
        query = select(m.Partnership, names.c.names).outerjoin(
            names, names.c.partnership_id == m.Partnership.id
        )
        if search.strip():
            pattern = storage_listing.like_pattern(search.strip())
            query = query.where(or_(m.Partnership.title.ilike(pattern, escape="\\"),
                                    names.c.names.ilike(pattern, escape="\\")))
        if status:
            query = query.where(m.Partnership.status == status)
        if partner_type:
            query = query.where(m.Partnership.partner_type == partner_type)
        query = query.order_by(
            *_ORM_ORDERS[order], m.Partnership.updated_at.desc(), m.Partnership.id.desc()
        ).offset(offset).limit(limit)
        return [
            PartnershipRow(
                p.id,
                p.title,
                partner_names or "",
                p.partner_type,
                p.current_step,
                p.status,
                p.updated_at,
            )
            for p, partner_names in session.execute(query)
        ]


def _load(session: Session, partnership_id: int) -> m.Partnership:
    partnership = session.get(m.Partnership, partnership_id)
    if partnership is None:
        raise NotFoundError(_("Partnership #{id} not found.").format(id=partnership_id))
    return partnership


def _count(session: Session, model: type, *conditions: object) -> int:
    return session.scalar(select(func.count()).select_from(model).where(*conditions)) or 0


def _signed_partner_types(session: Session, practice_id: int) -> dict[str, list[date | None]]:
    """Each partner type the practice has signed with, and the day each such partnership's
    agreement ends as its latest signed version (an adendum) leaves it."""
    rows = session.execute(
        select(m.Partnership.partner_type, m.Agreement.partnership_id, m.Agreement.end_date)
        .join(m.Agreement, m.Agreement.partnership_id == m.Partnership.id)
        .where(m.Partnership.practice_id == practice_id, m.Agreement.status.in_(SIGNED_STATES))
        .order_by(m.Agreement.partnership_id, m.Agreement.version, m.Agreement.id)
    )
    latest: dict[int, tuple[str, date | None]] = {}
    for partner_type, partnership_id, end in rows:
        latest[partnership_id] = (partner_type, end)
    ends: dict[str, list[date | None]] = {}
    for partner_type, end in latest.values():
        ends.setdefault(partner_type, []).append(end)
    return ends


def _fktp_start(session: Session, partnership: m.Partnership) -> date | None:
    """The first day of a BPJS partnership's PKS (signed, else drafted), from which its
    jejaring must be in force."""
    from .documents import monitored_agreement

    if partnership.partner_type != PartnerType.BPJS:
        return None
    agreement = monitored_agreement(session, partnership)
    return agreement.start_date if agreement is not None else None


@dataclass(frozen=True)
class ReadinessLine:
    id: int
    code: str
    category: str
    area: str
    label: str
    met: bool
    derived: bool
    score: int | None
    note: str
    number: str = ""  # of the document a ticked item rests on (the accreditation certificate)
    expires: date | None = None
    optional: bool = False  # asked for only where it exists (a PKS with a bidan, "jika ada")

    @property
    def holds_back(self) -> bool:
        """An administrative requirement still missing (an optional one never is)."""
        return self.category == "administrative" and checklist.holds_back(self.code, self.met)


@dataclass(frozen=True)
class Readiness:
    lines: tuple[ReadinessLine, ...]
    administrative_unmet: int
    technical_score: float
    weights: dict[str, int]

    @property
    def missing(self) -> tuple[ReadinessLine, ...]:
        return tuple(line for line in self.lines if line.holds_back)


def _readiness(session: Session, partnership: m.Partnership, today: date) -> Readiness:
    items = list(session.scalars(
        select(m.ReadinessItem)
        .where(m.ReadinessItem.partnership_id == partnership.id)
        .order_by(m.ReadinessItem.position, m.ReadinessItem.id)
    ))
    signed = _signed_partner_types(session, partnership.practice.id)
    return _readiness_of(partnership, items, signed, today, _fktp_start(session, partnership))


def _readiness_of(
    partnership: m.Partnership, items: Iterable[m.ReadinessItem],
    signed: dict[str, list[date | None]], today: date, fktp_start: date | None = None,
) -> Readiness:
    """The checklist of *partnership* from its *items* (in order), the partner types its
    practice has signed with and when those agreements end, and the first day of its own PKS:
    no query here, so the dashboard can judge every partnership."""
    practice = partnership.practice
    # A jejaring PKS counts while it is in force when the PKS with BPJS begins.
    in_force = {partner_type for partner_type, ends in signed.items()
                if any(checklist.jejaring_in_force(end, fktp_start, today) for end in ends)}
    lines = []
    for item in items:
        derived = checklist.derived_met(
            item.code,
            sip_number=practice.sip_number,
            sip_expires=practice.sip_expires,
            str_number=practice.str_number,
            npwp=practice.npwp,
            signed_partner_types=in_force,
            today=today,
        )
        met = item.met if derived is None else derived
        lines.append(
            ReadinessLine(
                item.id,
                item.code,
                item.category,
                item.area,
                checklist.entry_label(item.code) if item.code in checklist.BY_CODE else item.label,
                met,
                derived is not None,
                item.score,
                item.note,
                item.number,
                item.expires,
                checklist.is_optional(item.code),
            )
        )
    weights = {
        "sdm": partnership.weight_sdm,
        "sarana": partnership.weight_sarana,
        "lingkup": partnership.weight_lingkup,
        "komitmen": partnership.weight_komitmen,
    }
    scores = {line.area: line.score for line in lines if line.category == "technical"}
    return Readiness(
        tuple(lines),
        sum(1 for line in lines if line.holds_back),
        checklist.technical_score(scores, weights).weighted,
        weights,
    )


def readiness(svc: Services, partnership_id: int, today: date | None = None) -> Readiness:
    with svc.db.session() as session:
        return _readiness(session, _load(session, partnership_id), today or date.today())


def _facts(session: Session, partnership: m.Partnership, today: date) -> steps.StepFacts:
    return _facts_of(session, [partnership], today, every=False)[partnership.id]


def _grouped(session: Session, query: Select, key: Any, ids: list[int] | None) -> dict:
    """Counts of a grouped query, for the partnerships *ids* (None: all of them)."""
    if ids is not None:
        query = query.where(key.in_(ids))
    rows = session.execute(query.group_by(*query.selected_columns[:-1]))
    return {tuple(row[:-1]) if len(row) > 2 else row[0]: row[-1] for row in rows}


def _latest_statements(session: Session, ids: list[int] | None) -> dict[tuple[int, str], int]:
    """The statements each party scored in its latest scoring (as evaluation shows it: the
    newest date, then the newest row), per (partnership, party)."""
    query = (
        select(m.KeyAssessment.partnership_id, m.KeyAssessment.party,
               func.count(m.KeyAnswer.id))
        .select_from(m.KeyAssessment)
        .outerjoin(m.KeyAnswer, m.KeyAnswer.assessment_id == m.KeyAssessment.id)
        .group_by(m.KeyAssessment.id, m.KeyAssessment.partnership_id, m.KeyAssessment.party,
                  m.KeyAssessment.assessed_on)
        .order_by(m.KeyAssessment.assessed_on.desc(), m.KeyAssessment.id.desc())
    )
    if ids is not None:
        query = query.where(m.KeyAssessment.partnership_id.in_(ids))
    latest: dict[tuple[int, str], int] = {}
    for pid, party, count in session.execute(query):
        latest.setdefault((pid, party), count)
    return latest


_BLANKS = " \t\r\n"


def _written_report() -> ColumnElement[bool]:
    """Whether an activity report holds anything (``steps.REPORT_WRITING``, a cost, a file)."""
    texts = [func.length(func.trim(getattr(m.ActivityReport, name), _BLANKS)) > 0
             for name in steps.REPORT_WRITING]
    has_file = (
        select(m.Attachment.id).where(m.Attachment.report_id == m.ActivityReport.id).exists()
    )
    return or_(*texts, m.ActivityReport.actual_cost_sen > 0, has_file)


def _facts_of(
    session: Session, partnerships: list[m.Partnership], today: date, every: bool
) -> dict[int, steps.StepFacts]:
    """What the eight steps are judged on, for each of *partnerships* (*every*: they are all the
    partnerships there are). A dozen grouped queries in all, however many partnerships: the
    dashboard judges each of them, and one query per count and partnership took 20 s for 10,000.
    """
    ids = None if every else [p.id for p in partnerships]
    count = func.count()
    candidates = _grouped(
        session,
        select(m.Candidate.partnership_id, m.Candidate.chosen, count),
        m.Candidate.partnership_id, ids,
    )
    goals = _grouped(
        session,
        select(m.Goal.partnership_id, m.Goal.target != "", count), m.Goal.partnership_id, ids,
    )
    roles = _grouped(
        session, select(m.Role.partnership_id, m.Role.party, count), m.Role.partnership_id, ids
    )
    # A line counts once it has an amount: an RAB of one line without a price (Rp0,00) made
    # step 4 "selesai".
    budget_lines = _grouped(
        session,
        select(m.BudgetLine.partnership_id, count)
        .where(m.BudgetLine.quantity > 0, m.BudgetLine.unit_cost_sen > 0),
        m.BudgetLine.partnership_id, ids,
    )
    scheduled = (
        m.Activity.start_date.is_not(None)
        & m.Activity.end_date.is_not(None)
        & (m.Activity.person_in_charge != "")
    )
    activities = _grouped(
        session,
        select(m.Activity.partnership_id, scheduled, count), m.Activity.partnership_id, ids,
    )
    agreements = _grouped(
        session, select(m.Agreement.partnership_id, count), m.Agreement.partnership_id, ids
    )
    reports = _grouped(
        session,
        select(m.Activity.partnership_id, _written_report(), count)
        .select_from(m.ActivityReport)
        .join(m.Activity, m.Activity.id == m.ActivityReport.activity_id),
        m.Activity.partnership_id, ids,
    )
    indicators = _grouped(
        session, select(m.Indicator.partnership_id, count), m.Indicator.partnership_id, ids
    )
    indicator_values = _grouped(
        session,
        select(m.Indicator.partnership_id, count)
        .select_from(m.IndicatorValue)
        .join(m.Indicator, m.Indicator.id == m.IndicatorValue.indicator_id),
        m.Indicator.partnership_id, ids,
    )
    assessments = _grouped(
        session,
        select(m.KeyAssessment.partnership_id, m.KeyAssessment.party, count),
        m.KeyAssessment.partnership_id, ids,
    )
    statements = _latest_statements(session, ids)
    latest_status: dict[int, str] = {}
    partner_text: dict[int, bool] = {}
    statuses = select(
        m.Agreement.partnership_id, m.Agreement.status, m.Agreement.drafted_by
    ).order_by(
        m.Agreement.partnership_id, m.Agreement.version.desc(), m.Agreement.id.desc()
    )
    if ids is not None:
        statuses = statuses.where(m.Agreement.partnership_id.in_(ids))
    for pid, status, drafted_by in session.execute(statuses):
        latest_status.setdefault(pid, status)
        partner_text.setdefault(pid, drafted_by == DraftedBy.PARTNER)

    bpjs = [p for p in partnerships if p.partner_type == PartnerType.BPJS]
    items: dict[int, list[m.ReadinessItem]] = {p.id: [] for p in bpjs}
    if bpjs:
        query = select(m.ReadinessItem).order_by(
            m.ReadinessItem.partnership_id, m.ReadinessItem.position, m.ReadinessItem.id
        )
        if ids is not None:
            query = query.where(m.ReadinessItem.partnership_id.in_([p.id for p in bpjs]))
        for item in session.scalars(query):
            if item.partnership_id in items:
                items[item.partnership_id].append(item)
    signed: dict[int, dict[str, list[date | None]]] = {}

    facts = {}
    for partnership in partnerships:
        pid = partnership.id
        ready = None
        if partnership.partner_type == PartnerType.BPJS:
            practice_id = partnership.practice_id
            if practice_id not in signed:
                signed[practice_id] = _signed_partner_types(session, practice_id)
            ready = _readiness_of(partnership, items[pid], signed[practice_id], today,
                                  _fktp_start(session, partnership))
        chosen = candidates.get((pid, True), 0)
        with_target = goals.get((pid, True), 0)
        scheduled_count = activities.get((pid, True), 0)
        facts[pid] = steps.StepFacts(
            idea=bool(partnership.idea.strip()),
            practice_vision=bool(partnership.practice_vision.strip()),
            partner_vision=bool(partnership.partner_vision.strip()),
            principles_met=sum(
                (
                    partnership.kesetaraan_met,
                    partnership.keterbukaan_met,
                    partnership.saling_menguntungkan_met,
                )
            ),
            candidates=chosen + candidates.get((pid, False), 0),
            chosen_candidates=chosen,
            goals=with_target + goals.get((pid, False), 0),
            goals_with_target=with_target,
            practice_roles=roles.get((pid, Party.PRACTICE.value), 0),
            partner_roles=roles.get((pid, Party.PARTNER.value), 0),
            is_bpjs=ready is not None,
            administrative_met=sum(
                1 for line in ready.lines if line.category == "administrative" and line.met
            )
            if ready
            else 0,
            administrative_unmet=ready.administrative_unmet if ready else 0,
            budget_lines=budget_lines.get(pid, 0),
            activities=scheduled_count + activities.get((pid, False), 0),
            agreements=agreements.get(pid, 0),
            agreement_status=latest_status.get(pid, ""),
            agreement_partner_text=partner_text.get(pid, False),
            scheduled_activities=scheduled_count,
            reports=reports.get((pid, True), 0) + reports.get((pid, False), 0),
            written_reports=reports.get((pid, True), 0),
            indicators=indicators.get(pid, 0),
            indicator_values=indicator_values.get(pid, 0),
            practice_assessments=assessments.get((pid, Party.PRACTICE.value), 0),
            partner_assessments=assessments.get((pid, Party.PARTNER.value), 0),
            practice_statements=statements.get((pid, Party.PRACTICE.value), 0),
            partner_statements=statements.get((pid, Party.PARTNER.value), 0),
        )
    return facts


def step_progress(
    svc: Services, partnership_id: int, today: date | None = None
) -> tuple[steps.StepProgress, ...]:
    with svc.db.session() as session:
        return steps.progress(
            _facts(session, _load(session, partnership_id), today or date.today())
        )


# -- step 2 ---------------------------------------------------------------------------------
CRITERIA = ("shared_vision", "capacity", "access", "reputation", "acceptance")


@dataclass(frozen=True)
class RankedCandidate:
    id: int
    partner_id: int
    partner_name: str
    partner_type: str
    scores: dict[str, int]
    weighted: float  # 1..5
    chosen: bool
    notes: str


def ranked_candidates(svc: Services, partnership_id: int) -> list[RankedCandidate]:
    """Candidates best first, by the weighted mean of their criteria scores."""
    with svc.db.session() as session:
        partnership = _load(session, partnership_id)
        weights = {c: getattr(partnership, f"weight_{c}") for c in CRITERIA}
        total = sum(weights.values()) or 1
        ranked = []
        for candidate in partnership.candidates:
            scores = {c: getattr(candidate, f"score_{c}") for c in CRITERIA}
            weighted = sum(scores[c] * weights[c] for c in CRITERIA) / total
            ranked.append(
                RankedCandidate(
                    candidate.id,
                    candidate.partner_id,
                    candidate.partner.name,
                    candidate.partner.partner_type,
                    scores,
                    round(weighted, 2),
                    candidate.chosen,
                    candidate.notes,
                )
            )
    return sorted(ranked, key=lambda c: (-c.weighted, c.partner_name.lower()))


# -- step 4 budget --------------------------------------------------------------------------
@dataclass(frozen=True)
class BudgetSummary:
    lines: tuple[object, ...]
    totals_sen: tuple[int, ...]
    per_party_sen: dict[str, int]
    grand_total_sen: int


def budget_summary(svc: Services, partnership_id: int) -> BudgetSummary:
    lines = svc.budget_lines.list(partnership_id)
    totals = tuple(line_total_sen(line.quantity, line.unit_cost_sen) for line in lines)
    per_party: Counter[str] = Counter()
    for line, total in zip(lines, totals, strict=True):
        per_party[line.funded_by] += total
    return BudgetSummary(tuple(lines), totals, dict(per_party), sum(totals))


# -- dashboard ------------------------------------------------------------------------------
@dataclass(frozen=True)
class Attention:
    kind: str  # "agreement_ending" | "recredentialing" | "sip_expiring" | "unfinished"
    partnership_id: int | None
    message: str
    due: date | None


@dataclass(frozen=True)
class Dashboard:
    total: int
    per_step: dict[int, int]
    per_status: dict[str, int]
    attention: tuple[Attention, ...]


def dashboard(svc: Services, today: date | None = None) -> Dashboard:
    today = today or date.today()
    with svc.db.session() as session:
        partnerships = list(session.scalars(select(m.Partnership)))
        per_step = Counter(p.current_step for p in partnerships)
        per_status = Counter(p.status for p in partnerships)
        attention: list[Attention] = []
        for agreement, partnership in session.execute(
            select(m.Agreement, m.Partnership)
            .join(m.Partnership, m.Partnership.id == m.Agreement.partnership_id)
            .where(m.Agreement.status.in_(("signed", "active")), m.Agreement.end_date.is_not(None))
        ):
            end = agreement.end_date
            if today <= end <= today + timedelta(days=90):
                attention.append(
                    Attention(
                        "agreement_ending",
                        partnership.id,
                        _("The agreement “{title}” ends on {date}.").format(
                            title=partnership.title, date=screen_date(end)
                        ),
                        end,
                    )
                )
            if partnership.partner_type == PartnerType.BPJS:
                due = checklist.recredentialing_due(end)
                if due <= today + timedelta(days=30):
                    attention.append(
                        Attention(
                            "recredentialing",
                            partnership.id,
                            _(
                                "BPJS re-credentialing for “{title}” is due by {date} "
                                "(3 months before the PKS ends)."
                            ).format(title=partnership.title, date=screen_date(due)),
                            due,
                        )
                    )
        for practice in session.scalars(select(m.Practice)):
            expires = practice.sip_expires
            if expires and expires <= add_months(today, 6):
                message = (
                    _("The SIP of {name} expired on {date}.")
                    if expires < today
                    else _("The SIP of {name} expires on {date}: renew it in time.")
                ).format(name=practice.doctor_name, date=screen_date(expires))
                attention.append(Attention("sip_expiring", None, message, expires))
        facts = _facts_of(session, partnerships, today, every=True)
        for partnership in partnerships:
            if partnership.status == "ended":
                continue
            progress = steps.progress(facts[partnership.id])
            unfinished = [
                p.number
                for p in progress[: partnership.current_step - 1]
                if p.state is not steps.StepState.COMPLETE
            ]
            if unfinished:
                attention.append(
                    Attention(
                        "unfinished",
                        partnership.id,
                        _("“{title}”: step(s) {steps} not yet complete.").format(
                            title=partnership.title, steps=", ".join(map(str, unfinished))
                        ),
                        None,
                    )
                )
    attention.sort(key=lambda a: (a.due is None, a.due or today))
    return Dashboard(len(partnerships), dict(per_step), dict(per_status), tuple(attention))


def latest_agreement(svc: Services, partnership_id: int) -> object | None:
    agreements = svc.agreements.list(partnership_id)
    return agreements[-1] if agreements else None


@dataclass(frozen=True)
class WrittenBefore:
    """A step-1 text as last written for another partnership (*title*)."""

    text: str
    title: str


PRACTICE_OWN = ("practice_vision", "practice_mission")
PARTNER_OWN = ("partner_vision", "partner_mission")


def vision_written_before(svc: Services, partnership_id: int) -> dict[str, WrittenBefore]:
    """Each side's vision and mission as written in another partnership, each from the one
    most recently changed that holds it: the practice's from any of its partnerships (they are
    its own, whoever the partner), the partner's from one with the same partner chosen in step
    2 (a second partnership with the BPJS office states the office's vision again). Step 1
    proposes them, so they are not typed again. A field this partnership has ever held a value
    for is not proposed: emptied by the person, it stays empty (walker #13: a vision deleted
    on purpose came back at the next visit)."""
    found: dict[str, WrittenBefore] = {}
    with svc.db.session() as session:
        partnership = _load(session, partnership_id)
        others = select(m.Partnership.id).where(m.Partnership.id != partnership_id)
        own = {field: others.where(m.Partnership.practice_id == partnership.practice_id)
               for field in PRACTICE_OWN}
        chosen = {c.partner_id for c in partnership.candidates if c.chosen}
        if len(chosen) == 1:  # one partner: whose vision it is is clear
            with_partner = others.join(m.Candidate).where(
                m.Candidate.partner_id == chosen.pop(), m.Candidate.chosen.is_(True))
            own |= {field: with_partner for field in PARTNER_OWN}
        written_here = _fields_ever_written(session, partnership_id, own)
        for field, among in own.items():
            if field in written_here:
                continue
            column = getattr(m.Partnership, field)
            row = session.execute(
                select(column, m.Partnership.title)
                .where(m.Partnership.id.in_(among), func.trim(column) != "")
                .order_by(m.Partnership.updated_at.desc(), m.Partnership.id.desc())
                .limit(1)
            ).first()
            if row is not None:
                found[field] = WrittenBefore(row[0].strip(), row[1])
    return found


def _fields_ever_written(session: Session, partnership_id: int,
                         fields: Iterable[str]) -> set[str]:
    """Which of *fields* of the partnership were ever given a value, by the audit log that
    records every change (the value may be empty now)."""
    wanted = set(fields)
    entries = session.scalars(
        select(m.AuditEntry.summary)
        .where(m.AuditEntry.entity == "partnership", m.AuditEntry.entity_id == partnership_id,
               or_(*(m.AuditEntry.summary.contains(f'"{field}": ') for field in wanted))))
    written: set[str] = set()
    for summary in entries:
        try:
            changes = json.loads(summary)
        except ValueError:
            continue
        if isinstance(changes, dict):
            written |= wanted & changes.keys()
    return written
