"""The partner scores the five keys on their own copy and sends the package back: the doctor's
import adds the partner's scoring to the partnership already here, and changes nothing else."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from kemitraan_desktop.cli import main
from kemitraan_desktop.domain.five_keys import STATEMENTS
from kemitraan_desktop.services import evaluation, partnerships
from kemitraan_desktop.services.exchange import (
    AlreadyImported,
    export_partnership,
    import_package,
)
from kemitraan_desktop.services.opening import open_services


def _scores(value: int) -> dict[str, int]:
    return {statement.code: value for statement in STATEMENTS}


def test_the_partners_scoring_comes_back_in_their_package(tmp_path: Path, capsys) -> None:
    doctor = open_services(tmp_path / "dokter")
    doctor.practices.create(doctor_name="dr. Siti Rahmawati", kota="Kabupaten Sleman")
    partnership_id = partnerships.start_partnership(doctor, "Kerja sama lab", "laboratorium").id
    evaluation.save_assessment(doctor, partnership_id, "practice", date(2026, 11, 1),
                               "dr. Siti", _scores(4))
    export_partnership(doctor, partnership_id, tmp_path / "ke-mitra.zip")

    partner = open_services(tmp_path / "mitra")
    theirs = import_package(partner, tmp_path / "ke-mitra.zip").partnership_id
    evaluation.save_assessment(partner, theirs, "partner", date(2026, 11, 5),
                               "Kepala Laboratorium", _scores(2))
    export_partnership(partner, theirs, tmp_path / "dari-mitra.zip")
    partner.db.close()

    title_before = doctor.partnerships.get(partnership_id).title
    summary = import_package(doctor, tmp_path / "dari-mitra.zip")

    assert summary.merged and summary.partnership_id == partnership_id
    assert summary.records == {"key_assessments": 1, "key_answers": len(STATEMENTS)}
    assert "sudah ada" in summary.merged_message
    came_back = evaluation.latest_assessment(doctor, partnership_id, "partner")
    assert came_back is not None and came_back.assessor == "Kepala Laboratorium"
    mine = evaluation.latest_assessment(doctor, partnership_id, "practice")
    assert mine is not None and mine.assessor == "dr. Siti"
    assert len(partnerships.list_partnerships(doctor)) == 1
    assert doctor.partnerships.get(partnership_id).title == title_before

    # The same package again brings nothing new: said so, nothing doubled.
    with pytest.raises(AlreadyImported):
        import_package(doctor, tmp_path / "dari-mitra.zip")
    doctor.db.close()

    # The command line says what it did in one Indonesian line.
    fresh = open_services(tmp_path / "dokter2")
    fresh.practices.create(doctor_name="dr. Lain", kota="Sleman")
    fresh.db.close()
    assert main(["--data-dir", str(tmp_path / "dokter2"), "import",
                 str(tmp_path / "ke-mitra.zip")]) == 0
    assert main(["--data-dir", str(tmp_path / "dokter2"), "import",
                 str(tmp_path / "dari-mitra.zip")]) == 0
    assert "penilaian lima kunci" in capsys.readouterr().out.lower()
