"""The archive, evaluation and readiness reports: read models built here, printed by reports/.

The archive gathers all eight steps of one partnership so both parties keep the same record.
Loading is done in a few bulk queries (a partnership may hold a thousand reports); photos are
scaled down once and cached by their SHA-256.
"""

from __future__ import annotations

import io
from collections import defaultdict
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any, BinaryIO

from sqlalchemy import func, select

from kemitraan_desktop import paths
from kemitraan_desktop.domain import documents as d
from kemitraan_desktop.domain.clauses import term_in_months
from kemitraan_desktop.domain.dates import date_span_id, long_date_id
from kemitraan_desktop.domain.enums import (
    AgreementKind,
    AgreementStatus,
    PartnerType,
    Party,
)
from kemitraan_desktop.domain.errors import NotFoundError, UserError
from kemitraan_desktop.domain.five_keys import STATEMENTS
from kemitraan_desktop.domain.indicators import target_wording
from kemitraan_desktop.domain.money import format_rupiah, rupiah_with_words
from kemitraan_desktop.domain.numbers import format_number
from kemitraan_desktop.domain.signing import date_of_agreement
from kemitraan_desktop.domain.steps import STEPS
from kemitraan_desktop.domain.validation import format_phone
from kemitraan_desktop.i18n import _, printed_in_indonesian
from kemitraan_desktop.storage import models as m
from kemitraan_desktop.storage.errors import StorageError
from kemitraan_desktop.storage.permissions import make_private, written_privately

from . import agreements, audit, evaluation, partner_of_record, partnerships, people
from . import external_agreements as external
from .activities import plan_vs_budget
from .app import Services
from .files import private_output
from .partnerships import SIGNED_STATES

PHOTO_MAX_PX = 900


class ReportCancelled(UserError):
    """The person stopped the report; nothing was written."""
Progress = Callable[[int, int], None]


def _yes(value: bool) -> str:
    return _("Yes") if value else _("Not yet")


def _met_text(line: partnerships.ReadinessLine) -> str:
    # A PKS with a bidan "jika ada" the practice does not have is no shortfall: not "Not yet".
    if not line.met and line.optional:
        return _("None (only if any)")
    return _yes(line.met)


def _party(value: str) -> str:
    return Party(value).label if value in Party._value2member_map_ else value


def _date(value: date | None) -> str:
    return long_date_id(value) if value else "—"


def _load(session, partnership_id: int) -> m.Partnership:  # noqa: ANN001
    partnership = session.get(m.Partnership, partnership_id)
    if partnership is None:
        raise NotFoundError(_("Partnership #{id} not found.").format(id=partnership_id))
    return partnership


# -- photos --------------------------------------------------------------------------------
def scaled_photo(svc: Services, sha256: str) -> bytes | None:
    """A print-sized JPEG of a stored image (cached), or None when it cannot be read."""
    cache = paths.cache_dir() / "foto" / f"{sha256}-{PHOTO_MAX_PX}.jpg"
    if cache.exists():
        return cache.read_bytes()
    try:
        from PIL import Image, UnidentifiedImageError
    except ImportError:  # pragma: no cover - Pillow comes with ReportLab
        return None
    try:
        original = svc.db.attachments.read_verified(sha256)  # a changed photo is not printed
    except (StorageError, OSError):
        return None
    try:
        with Image.open(io.BytesIO(original)) as image:
            image.thumbnail((PHOTO_MAX_PX, PHOTO_MAX_PX))
            buffer = io.BytesIO()
            image.convert("RGB").save(buffer, "JPEG", quality=75, optimize=True)
    except (OSError, UnidentifiedImageError, ValueError, Image.DecompressionBombError):
        return None
    data = buffer.getvalue()
    try:
        # Photos of people: the cache is as private as the data folder it comes from.
        cache.parent.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        cache.parent.mkdir(mode=0o700, exist_ok=True)
        make_private(cache.parent)
        with written_privately(cache) as out:
            out.write(data)
    except OSError:
        pass  # a cache that cannot be written only costs time
    return data


# -- the sections of steps 1–6 --------------------------------------------------------------
def _step_title(number: int) -> str:
    return STEPS[number - 1].heading


def _agreements(session, p: m.Partnership) -> list[tuple[str, str]]:  # noqa: ANN001
    """One line per version of the partnership's agreements, ours or the partner's own text."""
    lines = []
    for a in session.scalars(select(m.Agreement).where(m.Agreement.partnership_id == p.id)
                             .order_by(m.Agreement.version)):
        numbers = " / ".join(x.number for x in a.parties if x.number) or "—"
        lines.append((
            _("Version {version}: {kind}").format(version=a.version,
                                                  kind=AgreementKind(a.kind).label),
            "; ".join(filter(None, (
                _("Status: {status}").format(status=AgreementStatus(a.status).label),
                _("Number: {numbers}").format(numbers=numbers),
                # The date the agreement is cited by (its own opening's), as the adendum and
                # the berita acara cite it, where the signing was recorded on another day.
                _("Dated: {date}").format(date=_date(dated)) if (
                    dated := date_of_agreement(a.agreement_date, a.signed_on))
                and a.signed_on and dated != a.signed_on else "",
                _("Valid: {start} – {end}").format(start=_date(a.start_date),
                                                   end=_date(a.end_date)),
                _("Term: {term}").format(term=term) if (
                    term := term_in_months(a.start_date, a.end_date)) else "",
                _("Capitation: {rate} per member per month").format(
                    rate=format_rupiah(a.capitation_rate_sen)) if a.capitation_rate_sen else "",
                _("Signed on: {date}").format(date=_date(a.signed_on)) if a.signed_on else "",
                _("Signed by: {names}").format(names=a.signed_by) if a.signed_by else "",
                external.record_statement(session, a) if external.is_partner_drafted(a)
                else f"SHA-256 PDF: {a.final_pdf_sha256}" if a.final_pdf_sha256 else "",
            ))),
        ))
    return lines


# Where the archive's step-5 section finds the agreements a partnership holds: each source gives
# (label, text) lines. A partner-drafted agreement is an Agreement too (drafted_by), so it is one
# of _agreements' lines; another kind of record would add its own source here.
AGREEMENT_LINES: tuple[Callable[..., list[tuple[str, str]]], ...] = (_agreements,)


def _step_sections(session, svc: Services, p: m.Partnership) -> list[d.Section]:  # noqa: ANN001
    sections = [d.Section(
        _step_title(1),
        lines=(
            (_("Partnership idea"), p.idea or "—"),
            (_("Practice's vision"), p.practice_vision or "—"),
            (_("Practice's mission"), p.practice_mission or "—"),
            (_("Partner's vision"), p.partner_vision or "—"),
            (_("Partner's mission"), p.partner_mission or "—"),
            (_("Equity (kesetaraan)"), f"{_yes(p.kesetaraan_met)}. {p.kesetaraan_note}"),
            (_("Openness (keterbukaan)"), f"{_yes(p.keterbukaan_met)}. {p.keterbukaan_note}"),
            (_("Mutual benefit (saling menguntungkan)"),
             f"{_yes(p.saling_menguntungkan_met)}. {p.saling_menguntungkan_note}"),
        ),
    )]
    ranked = partnerships.ranked_candidates(svc, p.id)
    sections.append(d.Section(_step_title(2), tables=(d.TableBlock(
        _("Candidate partners, best placed first"),
        (_("Partner"), _("Type"), _("Weighted score"), _("Chosen")),
        tuple((c.partner_name, PartnerType(c.partner_type).label,
               format_number(c.weighted, 2, fixed=True),
               _yes(c.chosen)) for c in ranked),
    ),)))
    goals = session.scalars(select(m.Goal).where(m.Goal.partnership_id == p.id)
                            .order_by(m.Goal.position, m.Goal.id))
    roles = list(session.scalars(select(m.Role).where(m.Role.partnership_id == p.id)
                                 .order_by(m.Role.party, m.Role.position, m.Role.id)))
    # Goals or roles that the signed text states otherwise now: said beside them.
    signed = agreements.changed_since_signed(svc, p.id)
    changed = tuple(
        (_("Changed after signing"),
         _("{place} A change to a signed text is made by an adendum.").format(place=place))
        for place in (signed.places if signed else ()))
    sections.append(d.Section(_step_title(3), lines=changed, tables=(
        d.TableBlock(_("Goals"), (_("Goal"), _("Target"), _("Target date")),
                     tuple((g.description, target_wording(g.target), _date(g.target_date))
                           for g in goals)),
        d.TableBlock(_("Roles"), (_("Party"), _("Role")),
                     tuple((_party(r.party), r.description) for r in roles)),
    )))
    tables = []
    if p.partner_type == PartnerType.BPJS:
        from .credentialing import requirements

        ready = partnerships.readiness(svc, p.id)
        evidence = {need.item_id: ", ".join(file.name for file in need.files) or "–"
                    for need in requirements(svc, p.id)}
        # A technical area is scored, not met: "Not yet" beside its 85 read as a failure.
        tables.append(d.TableBlock(
            _("Credentialing readiness"),
            (_("Item"), _("Met"), _("Score"), _("Evidence"), _("Note")),
            tuple((line.label,
                   _met_text(line) if line.category == "administrative" else "–",
                   "" if line.score is None else format_number(line.score),
                   evidence.get(line.id, ""), line.note)
                  for line in ready.lines)))
    budget = partnerships.budget_summary(svc, p.id)
    tables.append(d.TableBlock(
        _("Budget (RAB)"),
        (_("Description"), _("Quantity"), _("Unit"), _("Unit cost"), _("Total"), _("Funded by")),
        tuple((line.description, format_number(line.quantity, 4),
               line.unit, format_rupiah(line.unit_cost_sen), format_rupiah(total),
               _party(line.funded_by))
              for line, total in zip(budget.lines, budget.totals_sen, strict=True)),
        total=("", "", "", _("Total"), format_rupiah(budget.grand_total_sen), ""),
        note=rupiah_with_words(budget.grand_total_sen),
    ))
    sections.append(d.Section(_step_title(4), tables=tuple(tables)))

    lines = [line for source in AGREEMENT_LINES for line in source(session, p)]
    sections.append(d.Section(_step_title(5), lines=tuple(lines) or ((_("Agreement"), "—"),)))

    activities = list(session.scalars(select(m.Activity).where(m.Activity.partnership_id == p.id)
                                      .order_by(m.Activity.start_date, m.Activity.id)))
    plan = plan_vs_budget(svc, p.id)
    described = tuple(
        (a.name, " · ".join(filter(None, (
            a.description.strip(),
            _("Location: {place}").format(place=a.location.strip()) if a.location.strip() else "",
        ))))
        for a in activities if a.description.strip() or a.location.strip())
    # The plan annexed to a signed PKS changed since: the archive says so beside the plan.
    changed = tuple(
        (_("Changed after signing"),
         _("{lampiran} of the {agreement} as signed: {signed_total}; as planned now: "
           "{now_total}. A change to a signed lampiran is made by an adendum.").format(
             lampiran=change.label,
             agreement=_agreement_reference(session.get(m.Agreement, change.agreement_id)),
             signed_total=change.signed_total, now_total=change.now_total))
        for change in agreements.changed_lampiran(svc, p.id))
    sections.append(d.Section(_step_title(6), lines=changed + described, tables=(
        d.TableBlock(
            _("Work plan"),
            (_("Activity"), _("Time"), _("Person in charge"), _("Party"), _("Planned cost")),
            tuple((a.name, date_span_id(a.start_date, a.end_date), a.person_in_charge,
                   _party(a.party), format_rupiah(a.planned_cost_sen)) for a in activities),
            total=("", "", "", _("Total"),
                   format_rupiah(sum(a.planned_cost_sen for a in activities))),
        ),
        # In total: the plan names who carries an activity out, the budget who pays.
        d.TableBlock(
            _("Planned cost against the budget"),
            (_("Budget (RAB, step 4)"), _("Planned in the work plan"), _("Difference")),
            () if plan.empty else ((format_rupiah(plan.budget_sen),
                                    format_rupiah(plan.planned_sen),
                                    format_rupiah(plan.difference_sen)),),
        ),
    )))
    return sections


# -- step 7 and 8 -------------------------------------------------------------------------------
def _reports(session, svc: Services, p: m.Partnership) -> list[d.ReportEntry]:  # noqa: ANN001
    rows = session.execute(
        select(m.ActivityReport, m.Activity.name)
        .join(m.Activity, m.Activity.id == m.ActivityReport.activity_id)
        .where(m.Activity.partnership_id == p.id)
        .order_by(m.ActivityReport.report_date, m.ActivityReport.id)
    ).all()
    files: dict[int, list[m.Attachment]] = defaultdict(list)
    for attachment in session.scalars(
        select(m.Attachment).where(m.Attachment.partnership_id == p.id,
                                   m.Attachment.report_id.is_not(None))
        .order_by(m.Attachment.id)
    ):
        files[attachment.report_id].append(attachment)
    photos: dict[str, bytes | None] = {}
    entries = []
    for report, activity_name in rows:
        pictures, others = [], []
        for attachment in files.get(report.id, ()):
            if attachment.media_type.startswith("image/"):
                if attachment.sha256 not in photos:
                    photos[attachment.sha256] = scaled_photo(svc, attachment.sha256)
                data = photos[attachment.sha256]
                if data is not None:
                    pictures.append(d.Photo(attachment.caption or attachment.original_name,
                                            data, attachment.sha256))
                    continue
            others.append(attachment.original_name)
        entries.append(d.ReportEntry(
            activity_name, report.report_date, report.participants, report.attendance,
            report.done, report.results, report.problems, report.follow_up,
            report.actual_cost_sen, tuple(pictures), tuple(others)))
    return entries


def _indicators(svc: Services, partnership_id: int) -> tuple[d.IndicatorSeries, ...]:
    return tuple(
        d.IndicatorSeries(s.name, s.unit, float(s.baseline), float(s.target), s.direction,
                          tuple((point.period, float(point.value)) for point in s.points))
        for s in evaluation.indicator_series(svc, partnership_id)
    )


def _keys(svc: Services, partnership_id: int) -> tuple[tuple[d.KeyScore, ...], object]:
    summary = evaluation.key_summary(svc, partnership_id)
    return tuple(
        d.KeyScore(line.key.printed_label, line.practice, line.partner, line.practice_light,
                   line.partner_light, line.disagree, line.light)
        for line in summary.lines
    ), summary


def _action_table(summary) -> d.TableBlock | None:  # noqa: ANN001
    if not summary.action_items:
        return None
    from kemitraan_desktop.domain.enums import SuccessKey

    def key_label(value: str) -> str:
        return (SuccessKey(value).printed_label if value in SuccessKey._value2member_map_
                else value)

    return d.TableBlock(
        _("Action items"), (_("Action"), _("Key"), _("Owner"), _("Due date"), _("Done")),
        tuple((a.description, key_label(a.key), a.owner, _date(a.due_date), _yes(a.done))
              for a in summary.action_items))


def period_covered(session, p: m.Partnership, today: date) -> tuple[date, date]:  # noqa: ANN001
    """The span a report covers: from the start of the partnership's signed agreement (else its
    first planned activity, else the day it was begun) to *today*, widened to hold every
    indicator period and activity report it states that lies wholly outside it (a value for
    2027-01 in a report "to 4 Desember 2026" contradicted itself)."""
    starts = [start for start in session.scalars(
        select(m.Agreement.start_date).where(m.Agreement.partnership_id == p.id,
                                             m.Agreement.status.in_(SIGNED_STATES))) if start]
    if not starts:
        starts = [start for start in session.scalars(
            select(m.Activity.start_date).where(m.Activity.partnership_id == p.id)) if start]
    start = min(starts) if starts else p.created_at.date()
    periods = session.scalars(
        select(m.IndicatorValue.period)
        .join(m.Indicator, m.Indicator.id == m.IndicatorValue.indicator_id)
        .where(m.Indicator.partnership_id == p.id))
    spans = [span for span in map(evaluation.period_days, periods) if span is not None]
    reported = list(session.scalars(
        select(m.ActivityReport.report_date)
        .join(m.Activity, m.Activity.id == m.ActivityReport.activity_id)
        .where(m.Activity.partnership_id == p.id)))
    # A period that overlaps the span is in it already; one wholly outside widens it.
    end = max([today, *(last for first, last in spans if first > today), *reported])
    start = min([start, *(first for first, last in spans if last < start), *reported])
    return min(start, end), end


def monitored_agreement(session, p: m.Partnership) -> m.Agreement | None:  # noqa: ANN001
    """The agreement the partnership carries out: its latest signed one (not an addendum), else
    its latest draft or final one."""
    rows = list(session.scalars(
        select(m.Agreement).where(m.Agreement.partnership_id == p.id,
                                  m.Agreement.kind != AgreementKind.ADDENDUM.value)
        .order_by(m.Agreement.version.desc(), m.Agreement.id.desc())))
    signed = [a for a in rows if a.status in SIGNED_STATES]
    return (signed or rows or [None])[0]


def agreement_term(session, p: m.Partnership) -> tuple[date | None, date | None]:  # noqa: ANN001
    """The term of the agreement the partnership carries out (:func:`monitored_agreement`):
    its first day, and its last as the latest adendum signed after it sets it; ``(None,
    None)`` without an agreement. The archive's period, the berita acara's term and the end
    each jejaring PKS must reach all read this one span."""
    agreement = monitored_agreement(session, p)
    if agreement is None:
        return None, None
    start, end = agreement.start_date, agreement.end_date
    if agreement.status in SIGNED_STATES:
        for addendum in session.scalars(
                select(m.Agreement).where(m.Agreement.partnership_id == p.id,
                                          m.Agreement.kind == AgreementKind.ADDENDUM.value,
                                          m.Agreement.status.in_(SIGNED_STATES),
                                          m.Agreement.version > agreement.version)
                .order_by(m.Agreement.version, m.Agreement.id)):
            start, end = addendum.start_date or start, addendum.end_date or end
    return start, end


def _signatories(svc: Services, session, p: m.Partnership  # noqa: ANN001
                 ) -> tuple[d.Signatories, m.Agreement | None]:
    """Both parties' signatories as the partnership's agreement names them; before there is
    one, the practice's doctor and the partner's contact under the roles its template gives."""
    from kemitraan_desktop.domain import clauses

    agreement = monitored_agreement(session, p)
    if agreement is not None:
        labels = agreements._labels(session, agreement)
        parties = agreements.agreement_document(svc, agreement.id).parties
    else:
        labels = clauses.template_for(p.partner_type)
        practice = p.practice
        partner = next((c.partner for c in p.candidates if c.chosen), None)
        # Who signs for the partner is one of its people, kept once (there is no contact
        # column any more: an evaluation or archive without an agreement failed on it).
        signer = people.partner_signatory(partner) if partner is not None else None
        blocks = {
            Party.PRACTICE.value: d.PartyBlock(
                labels.role_of(Party.PRACTICE.value), practice.clinic_name or practice.doctor_name,
                "", _doctor_name(practice), "", "", "", ""),
            Party.PARTNER.value: d.PartyBlock(
                labels.role_of(Party.PARTNER.value), partner.name if partner else "", "",
                signer.name if signer else "", signer.job_title if signer else "", "", "", ""),
        }
        parties = tuple(blocks[party] for party in labels.party_order)
    return d.Signatories(parties, labels.role_of(Party.PRACTICE.value),
                         labels.role_of(Party.PARTNER.value)), agreement


def _implementation(svc: Services, p: m.Partnership) -> d.Section:
    from .activities import actual_vs_planned

    rows = actual_vs_planned(svc, p.id)
    return d.Section(_step_title(7), tables=(d.TableBlock(
        _("Planned and actual cost per activity"),
        (_("Activity"), _("Reports"), _("Planned cost"), _("Actual cost"), _("Difference")),
        tuple((row.name, format_number(row.reports), format_rupiah(row.planned_sen),
               format_rupiah(row.actual_sen), format_rupiah(row.difference_sen))
              for row in rows),
        total=(_("Total"), format_number(sum(row.reports for row in rows)),
               format_rupiah(sum(row.planned_sen for row in rows)),
               format_rupiah(sum(row.actual_sen for row in rows)),
               format_rupiah(sum(row.difference_sen for row in rows)))),))


def _evaluation(summary, start: date, end: date) -> d.Section:  # noqa: ANN001
    def scoring(saved) -> str:  # noqa: ANN001
        if saved is None:
            return _("Not scored yet")
        return " · ".join(filter(None, (_date(saved.assessed_on), saved.assessor)))

    return d.Section(_step_title(8), lines=(
        (_("Period"), date_span_id(start, end)),
        (_("Five keys scored by the practice"), scoring(summary.practice)),
        (_("Five keys scored by the partner"), scoring(summary.partner)),
    ))


def archive_document(svc: Services, partnership_id: int, today: date | None = None
                     ) -> d.ArchiveDocument:
    today = today or date.today()
    keys, summary = _keys(svc, partnership_id)
    with svc.db.session() as session:
        p = _load(session, partnership_id)
        practice = p.practice
        sections = _step_sections(session, svc, p)
        reports = _reports(session, svc, p)
        attachments = tuple(
            d.AttachmentLine(a.original_name, a.caption, a.size, a.sha256)
            for a in session.scalars(select(m.Attachment)
                                     .where(m.Attachment.partnership_id == p.id)
                                     .order_by(m.Attachment.id)))
        title, practice_name = p.title, practice.clinic_name or practice.doctor_name
        partner_names = partner_of_record.partner_names(p)
        # The archive covers the agreement's term (a PKS still to begin read "4 Desember
        # 2026", the day it was printed); without dated agreement, what its records span.
        start, end = agreement_term(session, p)
        if start is None or end is None:
            start, end = period_covered(session, p, today)
        signatories, _agreement = _signatories(svc, session, p)
        implementation = _implementation(svc, p)
    return d.ArchiveDocument(
        title, practice_name, partner_names, today, tuple(sections), tuple(reports),
        _indicators(svc, partnership_id), keys, _action_table(summary), attachments,
        period_start=start, period_end=end, implementation=implementation,
        evaluation=_evaluation(summary, start, end), signatories=signatories)


def _agreement_reference(agreement: m.Agreement | None) -> str:
    """ "Perjanjian Kerja Sama Nomor 001/… dan 017/… tanggal 3 Februari 2026": how the berita
    acara names what was monitored (Indonesian, as the agreement itself)."""
    if agreement is None:
        return ""
    name = {"mou": "Nota Kesepahaman"}.get(agreement.kind, "Perjanjian Kerja Sama")
    numbers = [party.number.strip() for party in agreement.parties if party.number.strip()]
    text = name
    if numbers:
        text += " Nomor " + " dan ".join(numbers)
    when = date_of_agreement(agreement.agreement_date, agreement.signed_on)
    if when:
        text += f" tanggal {long_date_id(when)}"
    return text


def _activity_counts(session, p: m.Partnership, start: date, end: date  # noqa: ANN001
                     ) -> tuple[int, int, int]:
    """The activities planned, and the reports (and their actual cost) dated within the
    period, that the berita acara states."""
    planned = session.scalar(select(func.count(m.Activity.id))
                             .where(m.Activity.partnership_id == p.id)) or 0
    reported, cost = session.execute(
        select(func.count(m.ActivityReport.id),
               func.coalesce(func.sum(m.ActivityReport.actual_cost_sen), 0))
        .join(m.Activity, m.Activity.id == m.ActivityReport.activity_id)
        .where(m.Activity.partnership_id == p.id,
               m.ActivityReport.report_date >= start, m.ActivityReport.report_date <= end)
    ).one()
    return int(planned), int(reported), int(cost)


def _outside_term(indicators: tuple[d.IndicatorSeries, ...], start: date | None,
                  end: date | None) -> tuple[str, ...]:
    """ "Angka kontak (2026-11)" for each value recorded for a period that lies wholly before
    the agreement's first day or after its last."""
    if start is None and end is None:
        return ()
    found = []
    for series in indicators:
        for period, _value in series.points:
            span = evaluation.period_days(period)
            if span is not None and ((end is not None and span[0] > end)
                                     or (start is not None and span[1] < start)):
                found.append(f"{series.name} ({period})")
    return tuple(found)


def _not_begun(indicators: tuple[d.IndicatorSeries, ...], held_on: date,
               named: tuple[str, ...]) -> tuple[str, ...]:
    """ "Angka kontak (2027-01)" for each value recorded for a period that begins after
    *held_on*, unless *named* already says it (outside the agreement's term)."""
    found = []
    for series in indicators:
        for period, _value in series.points:
            span = evaluation.period_days(period)
            text = f"{series.name} ({period})"
            if span is not None and span[0] > held_on and text not in named:
                found.append(text)
    return tuple(found)


def evaluation_document(svc: Services, partnership_id: int, today: date | None = None
                        ) -> d.EvaluationDocument:
    from kemitraan_desktop.domain.places import place_name

    today = today or date.today()
    keys, summary = _keys(svc, partnership_id)
    with svc.db.session() as session:
        p = _load(session, partnership_id)
        title, practice_name = p.title, p.practice.clinic_name or p.practice.doctor_name
        partner_names = partner_of_record.partner_names(p)
        start, end = period_covered(session, p, today)
        signatories, agreement = _signatories(svc, session, p)
        reference = _agreement_reference(
            agreement if agreement is not None and agreement.status in SIGNED_STATES else None)
        place = place_name(p.practice.kota)
        # "bertempat di" as the agreement monitored says it (the PKS: "Kabupaten Sleman").
        venue = " ".join(((agreement.place if agreement is not None else "")
                          or p.practice.kota or "").split())
        planned, reported, cost = _activity_counts(session, p, start, end)
        term = agreement_term(session, p) if reference else (None, None)
    indicators = _indicators(svc, partnership_id)
    outside = _outside_term(indicators, *term)
    practice_scores = summary.practice.scores if summary.practice else {}
    partner_scores = summary.partner.scores if summary.partner else {}
    statements = d.TableBlock(
        _("Statements"), (_("Key"), _("Statement"), _("Practice"), _("Partner")),
        tuple((s.key.printed_label, s.label, str(practice_scores.get(s.code, "—")),
               str(partner_scores.get(s.code, "—"))) for s in STATEMENTS),
    ) if practice_scores or partner_scores else None
    done = sum(1 for item in summary.action_items if item.done)
    with printed_in_indonesian():  # a berita acara is Indonesian whoever asks for it
        disputed = tuple(key.printed_label for key in summary.disagreements)
    minutes = d.BeritaAcara(
        place=place, held_on=today, agreement=reference, signatories=signatories,
        disputed_keys=disputed,
        open_actions=len(summary.action_items) - done, done_actions=done,
        disagreement=summary.thresholds.disagreement, planned_activities=planned,
        activity_reports=reported, actual_cost_sen=cost, venue=venue,
        term_start=term[0], term_end=term[1], outside_term=outside,
        not_begun=_not_begun(indicators, today, outside))
    return d.EvaluationDocument(title, practice_name, partner_names, today,
                                indicators, keys, statements,
                                _action_table(summary), period_start=start, period_end=end,
                                berita_acara=minutes)


def _identity(practice: m.Practice, form_str_validity: str) -> tuple[tuple[str, str], ...]:
    """The identity block of the credentialing form (its labels are the form's, Indonesian)."""
    from kemitraan_desktop.reports.layout import BLANK

    from .agreements import _address

    def value(text: str) -> str:
        return text.strip() or BLANK

    return (
        ("Nama fasilitas kesehatan", value(practice.clinic_name or practice.doctor_name)),
        ("Nama dokter penanggung jawab", value(_doctor_name(practice))),
        ("Alamat", value(_address(practice))),
        ("Kode faskes", value(practice.kode_faskes)),
        ("Nomor SIP", value(practice.sip_number)),
        ("SIP berlaku sampai dengan",
         long_date_id(practice.sip_expires) if practice.sip_expires else BLANK),
        ("Nomor STR", value(practice.str_number)),
        ("Masa berlaku STR", value(form_str_validity)),
        ("NPWP", value(practice.npwp)),
        ("Jam praktik", value(practice.practice_hours)),
        ("Telepon / e-mail", value(" / ".join(
            x for x in (format_phone(practice.phone), practice.email) if x))),
    )


def _doctor_name(practice: m.Practice) -> str:
    # The PKS's own spelling (domain.people.full_name): "dr. Budi Santoso, M.Kes.", the same
    # in the credentialing form, submission and surat pernyataan the officer lays beside it.
    from kemitraan_desktop.domain.people import full_name

    return full_name(practice.doctor_name, practice.degree)


def readiness_document(svc: Services, partnership_id: int, today: date | None = None
                       ) -> d.ReadinessDocument:
    """The FKTP credentialing form of a BPJS partnership, self-assessed, with its evidence."""
    from kemitraan_desktop.domain.credentialing_form import credentialing_form
    from kemitraan_desktop.domain.places import place_name
    from kemitraan_desktop.domain.readiness import weighted_part

    from .credentialing import requirements

    today = today or date.today()
    form = credentialing_form()
    ready = partnerships.readiness(svc, partnership_id, today)
    needs = requirements(svc, partnership_id, today)
    with svc.db.session() as session:
        p = _load(session, partnership_id)
        practice = p.practice
        title, practice_name = p.title, practice.clinic_name or practice.doctor_name
        branch = partner_of_record.partner_names(p)
        identity = _identity(practice, form.str_valid_until(practice.str_number))
        place, signer = place_name(practice.kota), _doctor_name(practice)
        sip = practice.sip_number
    rows = tuple(
        d.RequirementRow(need.form_label, need.document, need.number, need.valid_until, need.met,
                         tuple(file.name for file in need.files), need.note, need.absent)
        for need in needs)
    complete = all(need.met or need.absent for need in needs)
    criteria = []
    for line in ready.lines:
        if line.category != "technical":
            continue
        criterion = form.criteria.get(line.area)
        weight = ready.weights.get(line.area, 0)
        score = line.score if complete else None
        criteria.append(d.CriterionRow(
            criterion.name if criterion else line.label,
            criterion.sub_criteria if criterion else (),
            weight, score, weighted_part(score, weight)))
    scored = any(row.score is not None for row in criteria)
    missing = [f"{need.form_label}: {need.missing}" for need in needs if need.missing]
    missing += [lapse.printed for need in needs for lapse in need.lapses]
    if complete:
        missing += [f"{row.name}: belum dinilai." for row in criteria if row.score is None]
    return d.ReadinessDocument(
        title=form.title, subtitle=form.subtitle, partnership_title=title,
        practice_name=practice_name, branch=branch, generated_on=today, identity=identity,
        requirements=rows, criteria=tuple(criteria),
        technical_score=ready.technical_score if complete and scored else None,
        missing=tuple(missing), statement=form.statement, place=place, signer_name=signer,
        signer_line=f"SIP. {sip}" if sip else "SIP. …………")


# -- printing ------------------------------------------------------------------------------------
KINDS = ("archive", "evaluation", "readiness", "statement", "submission")


def render_report(svc: Services, kind: str, partnership_id: int, out: Path | BinaryIO,
                  paper: str = "a4", progress: Progress | None = None,
                  cancelled: Callable[[], bool] | None = None) -> Any:
    """Print one of the reports of a partnership to *out* (written whole or not at all).

    Returns what the binding found for the submission (reports.submission.BindResult: its
    pages and what is still missing), None for the other reports."""
    from kemitraan_desktop.reports.errors import RenderCancelled

    try:
        if isinstance(out, Path):
            with private_output(out) as stream:  # whole or nothing, 0600
                result = _render(svc, kind, partnership_id, stream, paper, progress,
                                 cancelled)
        else:
            result = _render(svc, kind, partnership_id, out, paper, progress, cancelled)
    except RenderCancelled as stop:
        raise ReportCancelled(_("Cancelled: no file was written.")) from stop
    with svc.db.session() as session:
        audit.log(session, "export", f"report_{kind}", None, partnership_id=partnership_id,
                  changes={"file": str(out) if isinstance(out, Path) else ""}, actor=svc.actor)
    return result


def _render(svc: Services, kind: str, partnership_id: int, out: BinaryIO, paper: str,
            progress: Progress | None, cancelled: Callable[[], bool] | None) -> Any:
    if kind == "archive":
        from kemitraan_desktop.reports.archive import render_archive

        # Kept by both parties beside their PKS: Indonesian whatever the screen (UU 24/2009
        # Pasal 31), its headings, labels and page line as well as its dates.
        with printed_in_indonesian():
            render_archive(archive_document(svc, partnership_id), out, paper,
                           progress=progress, cancelled=cancelled)
    elif kind == "evaluation":
        from kemitraan_desktop.reports.evaluation import render_evaluation

        with printed_in_indonesian():
            render_evaluation(evaluation_document(svc, partnership_id), out, paper)
    elif kind == "readiness":
        from kemitraan_desktop.reports.readiness import render_readiness

        render_readiness(readiness_document(svc, partnership_id), out, paper)
    elif kind == "statement":
        from kemitraan_desktop.reports.statement import render_statement

        from .submission import statement_document

        render_statement(statement_document(svc, partnership_id), out, paper)
    elif kind == "submission":
        from kemitraan_desktop.reports.submission import bind_submission

        from .submission import submission_document

        return bind_submission(submission_document(svc, partnership_id, paper=paper), out,
                               paper, progress, cancelled)
    else:
        raise ValueError(kind)
    return None
