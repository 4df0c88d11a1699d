"""The services object: every use case of the program, over one database.

The window, the command line and the tests all hold one ``Services`` and call it; none of them
opens a session. Record CRUD goes through ``Entities`` (one per table); use cases that span
several records live in the modules beside this one and are exposed here as methods.
"""

from __future__ import annotations

import getpass

from sqlalchemy.orm import Session

from kemitraan_desktop.domain.enums import AgreementStatus
from kemitraan_desktop.domain.errors import LockedError
from kemitraan_desktop.i18n import _
from kemitraan_desktop.storage import models as m
from kemitraan_desktop.storage.base import Base
from kemitraan_desktop.storage.database import Database

from .access import access_of
from .crud import Entities, EntitySpec
from .partner_of_record import check_candidate_change


def _agreement_of(session: Session, instance: Base) -> m.Agreement | None:
    agreement_id = getattr(instance, "agreement_id", None)
    return session.get(m.Agreement, agreement_id) if agreement_id else None


def _refuse_if_locked(agreement: m.Agreement | None) -> None:
    if agreement is not None and AgreementStatus(agreement.status).locked:
        raise LockedError(
            _(
                "This agreement is {status}: its content can no longer be changed. "
                "Make an addendum (a new version) instead."
            ).format(status=AgreementStatus(agreement.status).label.lower())
        )


def _guard_agreement(session: Session, instance: Base) -> None:
    if isinstance(instance, m.Agreement):
        if instance.id is not None:
            stored = session.get(m.Agreement, instance.id)
            _refuse_if_locked(stored)
    else:
        _refuse_if_locked(_agreement_of(session, instance))


def _owner_via_agreement(session: Session, instance: Base) -> int | None:
    agreement = _agreement_of(session, instance)
    return agreement.partnership_id if agreement else None


def _owner_via_activity(session: Session, instance: Base) -> int | None:
    activity = session.get(m.Activity, instance.activity_id)  # type: ignore[attr-defined]
    return activity.partnership_id if activity else None


def _owner_via_indicator(session: Session, instance: Base) -> int | None:
    indicator = session.get(m.Indicator, instance.indicator_id)  # type: ignore[attr-defined]
    return indicator.partnership_id if indicator else None


def _owner_via_readiness_item(session: Session, instance: Base) -> int | None:
    item = session.get(m.ReadinessItem, instance.readiness_item_id)  # type: ignore[attr-defined]
    return item.partnership_id if item else None


def _owner_via_assessment(session: Session, instance: Base) -> int | None:
    assessment = session.get(m.KeyAssessment, instance.assessment_id)  # type: ignore[attr-defined]
    return assessment.partnership_id if assessment else None


_AGREEMENT_LIFECYCLE = frozenset(
    {
        "status",
        "drafted_by",
        "finalized_at",
        "final_pdf_sha256",
        "final_pdf_attachment_id",
        "signed_on",
        "signed_by",
        "signed_scan_attachment_id",
        "version",
        "parent_id",
        "text_format",
        "snapshot",
    }
)

SPECS: dict[str, EntitySpec] = {
    spec.name: spec
    for spec in (
        EntitySpec("practice", m.Practice),
        EntitySpec("partner", m.Partner, order_by=("name", "id")),
        EntitySpec(
            "partner_licence", m.PartnerLicence, parent="partner_id", owner=lambda s, i: None
        ),
        EntitySpec("practice_person", m.PracticePerson, parent="practice_id",
                   order_by=("id",), owner=lambda s, i: None),
        EntitySpec("partner_person", m.PartnerPerson, parent="partner_id",
                   order_by=("id",), owner=lambda s, i: None),
        EntitySpec(
            "partnership",
            m.Partnership,
            parent="practice_id",
            owner=lambda s, i: i.id,
            read_only=frozenset({"imported_from"}),
        ),
        EntitySpec("candidate", m.Candidate, parent="partnership_id",
                   check=check_candidate_change),
        EntitySpec("goal", m.Goal, parent="partnership_id", order_by=("position", "id")),
        EntitySpec("role", m.Role, parent="partnership_id", order_by=("party", "position", "id")),
        EntitySpec(
            "readiness_item", m.ReadinessItem, parent="partnership_id", order_by=("position", "id")
        ),
        EntitySpec(
            "budget_line", m.BudgetLine, parent="partnership_id", order_by=("position", "id")
        ),
        EntitySpec(
            "agreement",
            m.Agreement,
            parent="partnership_id",
            order_by=("version", "id"),
            guard=_guard_agreement,
            read_only=_AGREEMENT_LIFECYCLE,
        ),
        EntitySpec(
            "agreement_party",
            m.AgreementParty,
            parent="agreement_id",
            order_by=("ordinal",),
            guard=_guard_agreement,
            owner=_owner_via_agreement,
        ),
        EntitySpec(
            "clause",
            m.Clause,
            parent="agreement_id",
            order_by=("kind", "position", "id"),
            guard=_guard_agreement,
            owner=_owner_via_agreement,
        ),
        EntitySpec(
            "activity",
            m.Activity,
            parent="partnership_id",
            order_by=("start_date", "position", "id"),
        ),
        EntitySpec(
            "activity_report",
            m.ActivityReport,
            parent="activity_id",
            order_by=("report_date", "id"),
            owner=_owner_via_activity,
        ),
        EntitySpec(
            "attachment",
            m.Attachment,
            parent="partnership_id",
            read_only=frozenset({"sha256", "size"}),
        ),
        EntitySpec(
            "readiness_evidence",
            m.ReadinessEvidence,
            parent="readiness_item_id",
            owner=_owner_via_readiness_item,
        ),
        EntitySpec("indicator", m.Indicator, parent="partnership_id", order_by=("position", "id")),
        EntitySpec(
            "indicator_value",
            m.IndicatorValue,
            parent="indicator_id",
            order_by=("period",),
            owner=_owner_via_indicator,
        ),
        EntitySpec(
            "key_assessment",
            m.KeyAssessment,
            parent="partnership_id",
            order_by=("assessed_on", "id"),
        ),
        EntitySpec("key_answer", m.KeyAnswer, parent="assessment_id", owner=_owner_via_assessment),
        EntitySpec(
            "action_item", m.ActionItem, parent="partnership_id", order_by=("due_date", "id")
        ),
    )
}


class Services:
    """Everything a user can do, over one open database."""

    def __init__(self, database: Database, actor: str | None = None) -> None:
        self.db = database
        # Who is signed in (a server database with named users) and what they may do.
        self.access = access_of(database)
        signed_in = self.access.user.name if self.access.user is not None else None
        self.actor = actor if actor is not None else signed_in or _default_actor()

        def entities(name: str) -> Entities:
            return Entities(database, SPECS[name], lambda: self.actor, self.access.require)

        self.practices = entities("practice")
        self.partners = entities("partner")
        self.licences = entities("partner_licence")
        self.practice_people = entities("practice_person")
        self.partner_people = entities("partner_person")
        self.partnerships = entities("partnership")
        self.candidates = entities("candidate")
        self.goals = entities("goal")
        self.roles = entities("role")
        self.readiness_items = entities("readiness_item")
        self.budget_lines = entities("budget_line")
        self.agreements = entities("agreement")
        self.agreement_parties = entities("agreement_party")
        self.clauses = entities("clause")
        self.activities = entities("activity")
        self.reports = entities("activity_report")
        self.attachments = entities("attachment")
        self.readiness_evidence = entities("readiness_evidence")
        self.indicators = entities("indicator")
        self.indicator_values = entities("indicator_value")
        self.assessments = entities("key_assessment")
        self.key_answers = entities("key_answer")
        self.action_items = entities("action_item")

    def entities(self, name: str) -> Entities:
        """The use cases of one record kind by its name in ``SPECS`` ("goal", "partner" …)."""
        for value in vars(self).values():
            if isinstance(value, Entities) and value.spec.name == name:
                return value
        raise KeyError(name)


def _default_actor() -> str:
    try:
        return getpass.getuser()
    except Exception:  # no login name on some Windows set-ups; the log still works
        return ""


def prepare() -> None:
    """Build now what the first query of the process would otherwise build on the way: the
    mappers' configuration and each table's record type (about 100 ms together here). Touches
    no database; the window runs it on a worker thread while it already answers the person
    (ui/loading.py)."""
    from sqlalchemy.orm import configure_mappers

    from .records import record_type

    configure_mappers()
    for spec in SPECS.values():
        record_type(spec.model)
