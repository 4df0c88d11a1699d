"""Step 8: monitoring and evaluation — indicator values over time, and the five keys of success
scored by each party on its own, then compared.
"""

from __future__ import annotations

import calendar
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from statistics import mean
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from kemitraan_desktop.domain import five_keys
from kemitraan_desktop.domain.dates import day_within
from kemitraan_desktop.domain.enums import Frequency, PartnerType, Party, SuccessKey
from kemitraan_desktop.domain.indicators import ProposedIndicator, proposed_indicators
from kemitraan_desktop.domain.periods import normalize_period
from kemitraan_desktop.domain.validation import ValidationError
from kemitraan_desktop.i18n import _
from kemitraan_desktop.storage import models as m
from kemitraan_desktop.storage.base import Base

from . import audit
from .app import Services
from .crud import Entities
from .records import to_record

SCORED_PARTIES = (Party.PRACTICE.value, Party.PARTNER.value)

# Settings (table ``setting``) that override the domain defaults; a doctor's network may agree
# on stricter or milder thresholds.
SETTING_GREEN = "five_keys.green"
SETTING_AMBER = "five_keys.amber"
SETTING_DISAGREEMENT = "five_keys.disagreement"


# -- thresholds -------------------------------------------------------------------------------
@dataclass(frozen=True)
class Thresholds:
    green: float = five_keys.DEFAULT_GREEN
    amber: float = five_keys.DEFAULT_AMBER
    disagreement: float = five_keys.DISAGREEMENT


def _setting_number(session: Session, key: str, default: float, low: float, high: float
                    ) -> float:
    row = session.get(m.Setting, key)
    if row is None:
        return default
    try:
        value = float(row.value.strip().replace(",", "."))
    except ValueError:
        return default
    return value if low <= value <= high else default


def _thresholds(session: Session) -> Thresholds:
    green = _setting_number(session, SETTING_GREEN, five_keys.DEFAULT_GREEN, 1, 5)
    amber = _setting_number(session, SETTING_AMBER, five_keys.DEFAULT_AMBER, 1, 5)
    if amber > green:  # a setting that makes no sense must not turn every key red
        green, amber = five_keys.DEFAULT_GREEN, five_keys.DEFAULT_AMBER
    disagreement = _setting_number(session, SETTING_DISAGREEMENT, five_keys.DISAGREEMENT, 0.5, 4)
    return Thresholds(green, amber, disagreement)


def thresholds(svc: Services) -> Thresholds:
    with svc.db.session() as session:
        return _thresholds(session)


# -- the five-keys questionnaire ---------------------------------------------------------------
@dataclass(frozen=True)
class SavedAssessment:
    """One party's latest scoring, as the questionnaire shows it again."""

    id: int
    party: str
    assessed_on: date
    assessor: str
    note: str
    scores: dict[str, int]  # statement code -> 1..5
    rounds: int  # how many scorings this party has made so far


def _check_party(party: str) -> str:
    if party not in SCORED_PARTIES:
        raise ValidationError(
            "party", _("Choose the practice or the partner: each party scores on its own."))
    return party


def _check_scores(scores: Mapping[str, int]) -> dict[str, int]:
    cleaned: dict[str, int] = {}
    for code, score in scores.items():
        cleaned[five_keys.check_statement(code).code] = five_keys.check_score(score)
    if not cleaned:
        raise ValidationError("score", _("Score at least one statement before saving."))
    return cleaned


def _assessments(session: Session, partnership_id: int, party: str) -> list[m.KeyAssessment]:
    return list(session.scalars(
        select(m.KeyAssessment)
        .where(m.KeyAssessment.partnership_id == partnership_id, m.KeyAssessment.party == party)
        .order_by(m.KeyAssessment.assessed_on.desc(), m.KeyAssessment.id.desc())
    ))


def _saved(assessment: m.KeyAssessment, rounds: int) -> SavedAssessment:
    return SavedAssessment(
        assessment.id, assessment.party, assessment.assessed_on, assessment.assessor,
        assessment.note, {a.statement: a.score for a in assessment.answers}, rounds)


def latest_assessment(svc: Services, partnership_id: int, party: str) -> SavedAssessment | None:
    with svc.db.session() as session:
        rounds = _assessments(session, partnership_id, _check_party(party))
        return _saved(rounds[0], len(rounds)) if rounds else None


def proposed_day(svc: Services, partnership_id: int, today: date | None = None) -> date:
    """The day step 8 proposes for a scoring and an indicator's first period: today, inside
    the term of the agreement being carried out (its first or last day when today lies
    outside it), so what is evaluated is the agreement's own period."""
    from .documents import agreement_term  # documents reads this module: loaded by then

    today = today or date.today()
    with svc.db.session() as session:
        p = session.get(m.Partnership, partnership_id)
        if p is None:
            return today
        return day_within(today, *agreement_term(session, p))


def save_assessment(
    svc: Services,
    partnership_id: int,
    party: str,
    assessed_on: date | None,
    assessor: str,
    scores: Mapping[str, int],
    *,
    note: str | None = None,
    new_round: bool = False,
) -> Any:
    """Save one party's scoring in one transaction.

    The party's latest scoring is replaced (its date, assessor and answers become these); with
    *new_round* a new scoring is added instead and the earlier ones stay as history.
    """
    _check_party(party)
    if assessed_on is None:
        raise ValidationError("assessed_on", _("Fill in the date of the scoring."))
    cleaned = _check_scores(scores)
    svc.partnerships.get(partnership_id)  # a clear message if it was deleted meanwhile
    fields: dict[str, Any] = {"assessed_on": assessed_on, "assessor": assessor}
    if note is not None:
        fields["note"] = note
    with svc.db.session() as session:
        existing = None if new_round else next(
            iter(_assessments(session, partnership_id, party)), None)
        if existing is None:
            assessment = svc.assessments.create_in(
                session, {"partnership_id": partnership_id, "party": party, **fields})
            answers: dict[str, m.KeyAnswer] = {}
        else:
            assessment = svc.assessments.update_in(session, existing.id, fields)
            answers = {a.statement: a for a in existing.answers}
        for code, score in cleaned.items():
            answer = answers.pop(code, None)
            if answer is None:
                svc.key_answers.create_in(session, {
                    "assessment_id": assessment.id, "key": five_keys.BY_CODE[code].key.value,
                    "statement": code, "score": score})
            elif answer.score != score:
                svc.key_answers.update_in(session, answer.id, {"score": score})
        for answer in answers.values():  # statements no longer scored in this round
            audit.log(session, "delete", "key_answer", answer.id,
                      partnership_id=partnership_id, actor=svc.actor)
            session.delete(answer)
        session.flush()
        return to_record(assessment)


# -- the summary of both parties ---------------------------------------------------------------
@dataclass(frozen=True)
class KeyLine:
    key: SuccessKey
    practice: float | None
    partner: float | None
    practice_light: str  # "green" | "amber" | "red" | "" (not scored)
    partner_light: str
    light: str  # of both parties together (the mean of the averages scored)
    difference: float | None
    disagree: bool

    @property
    def combined(self) -> float | None:
        scored = [v for v in (self.practice, self.partner) if v is not None]
        return round(mean(scored), 2) if scored else None


@dataclass(frozen=True)
class KeySummary:
    lines: tuple[KeyLine, ...]
    practice: SavedAssessment | None
    partner: SavedAssessment | None
    thresholds: Thresholds
    action_items: tuple[Any, ...]

    @property
    def disagreements(self) -> tuple[SuccessKey, ...]:
        return tuple(line.key for line in self.lines if line.disagree)

    @property
    def both_scored(self) -> bool:
        return self.practice is not None and self.partner is not None

    @property
    def open_action_items(self) -> tuple[Any, ...]:
        return tuple(item for item in self.action_items if not item.done)

    @property
    def keys_needing_action(self) -> tuple[SuccessKey, ...]:
        """Keys that are red or disputed and have no open action item yet."""
        covered = {item.key for item in self.open_action_items}
        return tuple(line.key for line in self.lines
                     if (line.disagree or line.light == "red") and line.key.value not in covered)


def key_summary(svc: Services, partnership_id: int) -> KeySummary:
    """Per-key averages of each party's latest scoring, side by side, with traffic lights."""
    with svc.db.session() as session:
        limits = _thresholds(session)
        latest: dict[str, SavedAssessment | None] = {}
        for party in SCORED_PARTIES:
            rounds = _assessments(session, partnership_id, party)
            latest[party] = _saved(rounds[0], len(rounds)) if rounds else None
    practice, partner = latest[Party.PRACTICE.value], latest[Party.PARTNER.value]
    averages_practice = five_keys.key_averages(practice.scores if practice else {})
    averages_partner = five_keys.key_averages(partner.scores if partner else {})
    disputed = set(five_keys.disagreements(averages_practice, averages_partner,
                                           limits.disagreement))

    def light(value: float | None) -> str:
        return five_keys.traffic_light(value, limits.green, limits.amber)

    lines = []
    for key in SuccessKey:
        a, b = averages_practice[key], averages_partner[key]
        scored = [v for v in (a, b) if v is not None]
        lines.append(KeyLine(
            key, a, b, light(a), light(b),
            light(round(mean(scored), 2) if scored else None),
            round(abs(a - b), 2) if a is not None and b is not None else None,  # of the exact means
            key in disputed,
        ))
    items = tuple(svc.action_items.list(partnership_id))
    return KeySummary(tuple(lines), practice, partner, limits, items)


def add_actions_for_flagged_keys(svc: Services, partnership_id: int,
                                 due: date | None = None) -> list[Any]:
    """One action item for each red or disputed key that has none open yet."""
    created = []
    summary = key_summary(svc, partnership_id)
    with svc.db.session() as session:
        for key in summary.keys_needing_action:
            line = next(line for line in summary.lines if line.key is key)
            if line.disagree:
                text = _("Discuss “{key}” together: the parties scored it differently.")
            else:
                text = _("Agree on steps to strengthen “{key}”.")
            created.append(to_record(svc.action_items.create_in(session, {
                "partnership_id": partnership_id, "key": key.value,
                "description": text.format(key=key.label), "due_date": due})))
    return created


# -- indicators ----------------------------------------------------------------------------------
def period_sort_key(period: str) -> tuple[int, int, str]:
    """Months, quarters and years in time order (a quarter sorts at its first month)."""
    try:
        normal = normalize_period(period)
    except ValidationError:
        return (9999, 99, period)
    year = int(normal[:4])
    if len(normal) == 4:
        return (year, 0, normal)
    if normal[5] == "Q":
        return (year, 3 * int(normal[6]) - 2, normal)
    return (year, int(normal[5:]), normal)


def period_days(period: str) -> tuple[date, date] | None:
    """The first and last day of an indicator's period: ``2027-01`` is 1 – 31 Januari 2027,
    ``2026-Q4`` 1 Oktober – 31 Desember 2026, ``2026`` the whole year; None when unreadable."""
    year, month, normal = period_sort_key(period)
    if year == 9999:
        return None
    if len(normal) == 4:
        return date(year, 1, 1), date(year, 12, 31)
    last_month = month + 2 if normal[5] == "Q" else month
    last_day = calendar.monthrange(year, last_month)[1]
    return date(year, month, 1), date(year, last_month, last_day)


def next_period(frequency: str, taken: list[str], today: date | None = None) -> str:
    """The period after the latest one entered, or the current one when none is."""
    today = today or date.today()
    used = set(taken)
    latest = max(taken, key=period_sort_key) if taken else None
    key = period_sort_key(latest) if latest else None
    if key is None or key[0] == 9999:
        year, month = today.year, today.month
        candidate = _period_for(frequency, year, month)
    else:
        year, month = key[0], max(key[1], 1)
        candidate = _step(frequency, year, month)
    for _attempt in range(120):
        if candidate not in used:
            return candidate
        year, month = period_sort_key(candidate)[:2]
        candidate = _step(frequency, year, max(month, 1))
    return candidate


def _period_for(frequency: str, year: int, month: int) -> str:
    if frequency == Frequency.YEARLY:
        return f"{year}"
    if frequency == Frequency.QUARTERLY:
        return f"{year}-Q{(month - 1) // 3 + 1}"
    return f"{year}-{month:02d}"


def _step(frequency: str, year: int, month: int) -> str:
    months = {Frequency.YEARLY.value: 12, Frequency.QUARTERLY.value: 3}.get(frequency, 1)
    index = year * 12 + month - 1 + months
    return _period_for(frequency, index // 12, index % 12 + 1)


class IndicatorValues(Entities):
    """The indicator values of one table, with periods written one way and never twice."""

    def __init__(self, svc: Services) -> None:
        super().__init__(svc.db, svc.indicator_values.spec, lambda: svc.actor)

    def create_in(self, session: Session, values: Mapping[str, Any]) -> Base:
        values = dict(values)
        if "period" in values:
            values["period"] = normalize_period(values["period"])
            self._refuse_twice(session, values.get("indicator_id"), values["period"], None)
        return super().create_in(session, values)

    def update_in(self, session: Session, record_id: int, values: Mapping[str, Any]) -> Base:
        values = dict(values)
        if "period" in values:
            values["period"] = normalize_period(values["period"])
            current = session.get(m.IndicatorValue, record_id)
            if current is not None:
                self._refuse_twice(session, current.indicator_id, values["period"], record_id)
        return super().update_in(session, record_id, values)

    @staticmethod
    def _refuse_twice(session: Session, indicator_id: int | None, period: str,
                      record_id: int | None) -> None:
        clash = session.scalars(select(m.IndicatorValue.id).where(
            m.IndicatorValue.indicator_id == indicator_id, m.IndicatorValue.period == period,
        )).first()
        if clash is not None and clash != record_id:
            raise ValidationError(
                "period", _("The period {period} already has a value.").format(period=period))

    def list(self, parent_id: int | None = None, **filters: Any) -> list[Any]:
        rows = super().list(parent_id, **filters)
        return sorted(rows, key=lambda row: period_sort_key(row.period))


@dataclass(frozen=True)
class IndicatorPoint:
    period: str
    value: Decimal
    note: str


@dataclass(frozen=True)
class IndicatorSeries:
    indicator_id: int
    name: str
    unit: str
    baseline: Decimal
    target: Decimal
    direction: str
    frequency: str
    points: tuple[IndicatorPoint, ...]

    @property
    def latest(self) -> Decimal | None:
        return self.points[-1].value if self.points else None

    @property
    def progress(self) -> float | None:
        """How far the latest value has come from the baseline to the target (1.0 = reached)."""
        if self.latest is None or self.target == self.baseline:
            return None
        return float((self.latest - self.baseline) / (self.target - self.baseline))

    @property
    def reached(self) -> bool:
        if self.latest is None:
            return False
        if self.direction == "down":
            return self.latest <= self.target
        return self.latest >= self.target


def indicator_series(svc: Services, partnership_id: int) -> list[IndicatorSeries]:
    """Every indicator of the partnership with its values in time order."""
    values = IndicatorValues(svc)
    series = []
    for indicator in svc.indicators.list(partnership_id):
        points = tuple(IndicatorPoint(v.period, v.value, v.note)
                       for v in values.list(indicator.id))
        series.append(IndicatorSeries(
            indicator.id, indicator.name, indicator.unit, indicator.baseline, indicator.target,
            indicator.direction, indicator.frequency, points))
    return series


def series_of(svc: Services, indicator_id: int) -> IndicatorSeries:
    indicator = svc.indicators.get(indicator_id)
    return next(s for s in indicator_series(svc, indicator.partnership_id)
                if s.indicator_id == indicator_id)


def offered_indicators(svc: Services, partnership_id: int) -> list[ProposedIndicator]:
    """What step 8 offers to add: the KBK indicators for a BPJS partnership and each step-3
    goal with its parsed target, leaving out what is there already."""
    with svc.db.session() as session:
        partnership = session.get(m.Partnership, partnership_id)
        if partnership is None:
            return []
        goals = session.scalars(select(m.Goal).where(m.Goal.partnership_id == partnership_id)
                                .order_by(m.Goal.position, m.Goal.id)).all()
        existing = session.scalars(select(m.Indicator.name)
                                   .where(m.Indicator.partnership_id == partnership_id)).all()
        return proposed_indicators([(g.description, g.target, g.target_date) for g in goals],
                                   partnership.partner_type == PartnerType.BPJS.value,
                                   list(existing))


def add_offered_indicators(svc: Services, partnership_id: int) -> list[Any]:
    """Add every offered indicator (one transaction): baseline 0, the rest as proposed."""
    offered = offered_indicators(svc, partnership_id)
    with svc.db.session() as session:
        start = len(session.scalars(select(m.Indicator.id).where(
            m.Indicator.partnership_id == partnership_id)).all())
        return [to_record(svc.indicators.create_in(session, {
            "partnership_id": partnership_id, "position": start + n, "name": proposal.name,
            "unit": proposal.unit, "target": proposal.target, "direction": proposal.direction,
            "frequency": proposal.frequency, "target_date": proposal.target_date}))
            for n, proposal in enumerate(offered)]
