"""A partner's scores coming back: the five-key scorings of a package whose partnership is here
already are added, never doubled, and nothing else is touched."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from kemitraan_desktop.storage import models as m

from ..app import Services
from .creating import Importer
from .layout import BY_KEY
from .parsing import Content


def merge_assessments(svc: Services, session: Session, existing: m.Partnership,
                       content: Content) -> dict[str, int] | None:
    """Add to *existing* the five-key scorings of the package it lacks; None when none.

    A scoring is the same one when its party and date match one here: a scoring once brought
    in is not doubled by importing the same package again, and one made here is never replaced.
    """
    here = {(a.party, a.assessed_on) for a in session.scalars(
        select(m.KeyAssessment).where(m.KeyAssessment.partnership_id == existing.id))}
    new_rows = [row for row in content.tables["key_assessments"]
                if (row.values["party"], row.values["assessed_on"]) not in here]
    if not new_rows:
        return None
    importer = Importer(svc, session)
    importer.ids["partnership"] = {content.partnership.values["id"]: existing.id}
    assessments = BY_KEY["key_assessments"]
    answers = BY_KEY["key_answers"]
    for row in new_rows:
        importer.create(assessments.key, assessments.kind, row, assessments.refs)
    for row in content.tables["key_answers"]:
        if row.values["assessment_id"] in importer.ids["key_assessments"]:
            importer.create(answers.key, answers.kind, row, answers.refs)
    return {"key_assessments": importer.created["key_assessments"],
            "key_answers": importer.created["key_answers"]}
