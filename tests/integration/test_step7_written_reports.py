"""Through the services, as step 7's table saves them: a report added and left empty (or holding
only blanks) does not complete step 7; words, a cost or a photo in one report do."""

from __future__ import annotations

from datetime import date

import pytest

from kemitraan_desktop.domain.steps import StepState
from kemitraan_desktop.services import activities, partnerships
from kemitraan_desktop.services.demo import png_bytes


@pytest.fixture
def activity(svc):
    svc.practices.create(doctor_name="dr. Siti Rahmawati", clinic_name="Praktik dr. Siti")
    p = partnerships.start_partnership(svc, "Apotek", "apotek")
    return svc.activities.create(partnership_id=p.id, name="Sosialisasi alur resep")


def step7(svc, activity):
    return partnerships.step_progress(svc, activity.partnership_id)[6]


def test_an_empty_report_does_not_complete_step_7(svc, activity):
    svc.reports.create(activity_id=activity.id, report_date=date(2026, 12, 1))
    svc.reports.create(activity_id=activity.id, report_date=date(2026, 12, 2),
                       done="  \n", results="\t", participants=" ")
    judged = step7(svc, activity)
    assert judged.state == StepState.IN_PROGRESS
    assert judged.missing == ("Tuliskan dalam laporan apa yang sudah dilakukan (laporan kosong "
                              "tidak dihitung).",)


@pytest.mark.parametrize("values", [
    {"done": "Sosialisasi alur resep kepada 12 peserta."},
    {"results": "Alur disepakati."},
    {"participants": "dr. Siti; apt. Dewi"},
    {"follow_up": "Rapat lagi bulan depan."},
    {"actual_cost_sen": 450_000_00},
])
def test_one_thing_written_completes_step_7(svc, activity, values):
    svc.reports.create(activity_id=activity.id, report_date=date(2026, 12, 1))
    svc.reports.create(activity_id=activity.id, report_date=date(2026, 12, 2), **values)
    assert step7(svc, activity).state == StepState.COMPLETE


def test_a_photo_alone_completes_step_7(svc, activity, tmp_path):
    report = svc.reports.create(activity_id=activity.id, report_date=date(2026, 12, 1))
    photo = tmp_path / "foto.png"
    photo.write_bytes(png_bytes(4, 4, (200, 30, 30)))
    assert step7(svc, activity).state == StepState.IN_PROGRESS
    activities.attach_file(svc, report.id, photo, "Dokumentasi")
    assert step7(svc, activity).state == StepState.COMPLETE
