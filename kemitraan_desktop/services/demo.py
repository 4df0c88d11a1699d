"""Demo data: a realistic practice in Sleman with three partnerships at different steps.

- BPJS Kesehatan (FKTP PKS drafted, at step 5),
- an apotek (PKS signed, at step 7, with activity reports and photos),
- a laboratorium (PKS signed, at step 8, with indicator values and both parties' five keys).

Dates are relative to *today* so the reminders on the dashboard always have something to show.
"""

from __future__ import annotations

import struct
import zlib
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from kemitraan_desktop.domain.bpjs import kbk_goals
from kemitraan_desktop.domain.dates import add_months
from kemitraan_desktop.domain.errors import UserError
from kemitraan_desktop.domain.five_keys import STATEMENTS
from kemitraan_desktop.i18n import _
from kemitraan_desktop.storage.permissions import written_privately
from kemitraan_desktop.storage.scratch import Scratch

from . import agreements, partnerships
from .app import Services


@dataclass(frozen=True)
class DemoSummary:
    practice_id: int
    partnership_ids: tuple[int, ...]


def png_bytes(width: int, height: int, rgb: tuple[int, int, int], stripe: int = 0) -> bytes:
    """A small PNG, drawn in code: demo photos without shipping image files."""
    rows = bytearray()
    for y in range(height):
        rows.append(0)
        for x in range(width):
            shade = 40 if stripe and (x // stripe + y // stripe) % 2 else 0
            rows.extend(max(0, c - shade) for c in rgb)

    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header)
            + chunk(b"IDAT", zlib.compress(bytes(rows), 9)) + chunk(b"IEND", b""))


def _attach_png(svc: Services, partnership_id: int, report_id: int | None, name: str,
                rgb: tuple[int, int, int], caption: str) -> None:
    sha, size = svc.db.attachments.add_bytes(png_bytes(160, 120, rgb, stripe=12))
    with svc.db.session() as session:
        svc.attachments.create_in(session, {
            "partnership_id": partnership_id, "report_id": report_id, "original_name": name,
            "media_type": "image/png", "caption": caption,
        }, system={"sha256": sha, "size": size})


def _steps_one_to_four(svc: Services, pid: int, *, idea: str, partner_vision: str,
                       goals: list[tuple[str, str, date]], practice_roles: list[str],
                       partner_roles: list[str], budget: list[tuple[str, str, str, int, str]],
                       activities: list[tuple[str, date, date, str, str, int]]) -> None:
    svc.partnerships.update(
        pid, idea=idea,
        practice_vision="Menjadi praktik dokter keluarga yang bermutu, terjangkau dan dekat "
                        "dengan masyarakat Sleman.",
        practice_mission="Memberikan pelayanan kesehatan primer yang ramah, tepat dan "
                         "berkesinambungan bagi peserta JKN.",
        partner_vision=partner_vision,
        partner_mission="Melayani masyarakat dengan jujur, cepat dan sesuai standar.",
        kesetaraan_met=True, kesetaraan_note="Kedua pihak memutuskan bersama.",
        keterbukaan_met=True, keterbukaan_note="Data layanan dibagi setiap bulan.",
        saling_menguntungkan_met=True,
        saling_menguntungkan_note="Pasien terlayani, kedua pihak mendapat kunjungan.",
    )
    for position, (description, target, when) in enumerate(goals):
        svc.goals.create(partnership_id=pid, position=position, description=description,
                         target=target, target_date=when)
    for position, text in enumerate(practice_roles):
        svc.roles.create(partnership_id=pid, party="practice", position=position,
                         description=text)
    for position, text in enumerate(partner_roles):
        svc.roles.create(partnership_id=pid, party="partner", position=position,
                         description=text)
    for position, (description, quantity, unit, cost, funded_by) in enumerate(budget):
        svc.budget_lines.create(partnership_id=pid, position=position, description=description,
                                quantity=Decimal(quantity), unit=unit, unit_cost_sen=cost,
                                funded_by=funded_by)
    for position, (name, start, end, who, party, cost) in enumerate(activities):
        svc.activities.create(partnership_id=pid, position=position, name=name, start_date=start,
                              end_date=end, person_in_charge=who, party=party,
                              planned_cost_sen=cost, location="Klinik Pratama Sehat Keluarga")


def _sign(svc: Services, pid: int, signed_on: date, partner_number: str,
          partner_nik: str) -> int:
    agreement = agreements.draft_agreement(svc, pid, "pks", start=signed_on, signing=signed_on,
                                           end=add_months(signed_on, 12) - timedelta(days=1))
    for party in svc.agreement_parties.list(agreement.id):
        if party.party == "partner":
            svc.agreement_parties.update(party.id, number=partner_number,
                                         signatory_id_number=partner_nik)
    agreements.finalize_agreement(svc, agreement.id)
    with Scratch(svc.db.data_dir, "demo") as folder:
        scan = folder / "pks-ditandatangani.png"
        with written_privately(scan) as out:
            out.write(png_bytes(210, 297, (250, 250, 245), stripe=20))
        agreements.sign_agreement(svc, agreement.id, signed_on, "dr. Siti Rahmawati dan mitra",
                                  scan)
    return agreement.id


def create_demo(svc: Services, today: date | None = None) -> DemoSummary:
    """Fill an empty database with the demo practice. Refuses a database that holds data.

    The demo is some hundred service calls, each its own transaction. It is made in a working
    copy of the database that replaces it only once the demo is whole: a kill or a full disk
    midway leaves the empty database as it was, never half a demo that refuses a second try.
    """
    today = today or date.today()
    if svc.practices.list() or svc.partners.list():
        raise UserError(_("The database already holds data: the demo needs an empty data folder."))
    with svc.db.all_or_nothing() as working:
        return _fill(Services(working, svc.actor), today)


def _fill(svc: Services, today: date) -> DemoSummary:
    practice = svc.practices.create(
        doctor_name="dr. Siti Rahmawati", degree="", clinic_name="Praktik Dokter Siti Rahmawati",
        nik="3404076208850003", npwp="3404076208850003", str_number="KKI 1234567890123456",
        sip_number="503/0123/SIP-DU/DPMPTSP/2022", sip_issued=add_months(today, -54),
        sip_expires=add_months(today, 5), street="Jl. Kaliurang Km 9,5 No. 17", rt_rw="003/012",
        kelurahan="Sardonoharjo", kecamatan="Ngaglik", kota="Kabupaten Sleman",
        provinsi="Daerah Istimewa Yogyakarta", postal_code="55581", phone="0274 895123",
        email="praktik.siti@example.id", kode_faskes="", number_unit="DR-SR",
        practice_hours="Senin–Sabtu 07.00–10.00 dan 17.00–21.00",
    )
    svc.practice_people.create(practice_id=practice.id, name="Ns. Rini Astuti, S.Kep.",
                               job_title="Perawat")
    bpjs = svc.partners.create(
        name="BPJS Kesehatan Kantor Cabang Sleman", partner_type="bpjs",
        street="Jl. Magelang Km 10", kelurahan="Tridadi", kecamatan="Sleman",
        kota="Kabupaten Sleman", provinsi="Daerah Istimewa Yogyakarta", postal_code="55511",
        phone="0274 868456", email="kc.sleman@example.id",
    )
    svc.partner_people.create(
        partner_id=bpjs.id, name="Drs. Bambang Hartono, M.M.", job_title="Kepala Kantor Cabang",
        staff_number="01234567", signs=True,
        authority="Keputusan Direksi BPJS Kesehatan Nomor 0321 Tahun 2025 tanggal 2 Januari 2025")
    svc.partner_people.create(partner_id=bpjs.id, name="Rina Kusumawati, S.KM.",
                              job_title="Staf Kepesertaan dan Pelayanan Peserta",
                              staff_number="01876543")
    apotek = svc.partners.create(
        name="Apotek Sehat Sentosa", partner_type="apotek",
        street="Jl. Kaliurang Km 10 No. 3", kelurahan="Sardonoharjo", kecamatan="Ngaglik",
        kota="Kabupaten Sleman", provinsi="Daerah Istimewa Yogyakarta", postal_code="55581",
        phone="081227654321", email="apotek.sentosa@example.id",
    )
    svc.partner_people.create(partner_id=apotek.id, name="apt. Dewi Lestari, S.Farm.",
                              job_title="Apoteker Penanggung Jawab", signs=True,
                              authority="SIPA Nomor 503/0457/SIPA/2023 tanggal 10 Mei 2023")
    svc.licences.create(partner_id=apotek.id, name="Surat Izin Apotek (SIA)",
                        number="503/0456/SIA/2023", issued=add_months(today, -30),
                        expires=add_months(today, 30))
    lab = svc.partners.create(
        name="Laboratorium Klinik Prima Husada", partner_type="laboratorium",
        street="Jl. Palagan Tentara Pelajar No. 45", kelurahan="Sariharjo", kecamatan="Ngaglik",
        kota="Kabupaten Sleman", provinsi="Daerah Istimewa Yogyakarta", postal_code="55581",
        phone="0274 4461234", email="lab.prima@example.id",
    )
    svc.partner_people.create(partner_id=lab.id, name="dr. Agus Wibowo, Sp.PK",
                              job_title="Penanggung Jawab Laboratorium", signs=True)
    svc.licences.create(partner_id=lab.id, name="Surat Izin Operasional (SIO)",
                        number="445/0789/SIO-LAB/2024", issued=add_months(today, -20),
                        expires=add_months(today, 40))
    bidan = svc.partners.create(
        name="Bidan Praktik Mandiri Sri Wahyuni", partner_type="bidan",
        street="Dusun Candi, Sardonoharjo", kota="Kabupaten Sleman",
        provinsi="Daerah Istimewa Yogyakarta", phone="081328765432",
    )
    svc.partner_people.create(partner_id=bidan.id, name="Sri Wahyuni, A.Md.Keb.",
                              job_title="Bidan", signs=True)

    # The apotek: signed nine months ago, at step 7 with reports.
    ap = partnerships.start_partnership(svc, "Kerja sama pelayanan obat peserta JKN", "apotek",
                                        apotek.id)
    signed_ap = add_months(today, -9)
    _steps_one_to_four(
        svc, ap.id,
        idea="Pasien peserta JKN mendapat obat sesuai Formularium Nasional di apotek terdekat, "
             "tanpa biaya tambahan.",
        partner_vision="Menjadi apotek komunitas terpercaya di Ngaglik.",
        goals=[("Resep peserta JKN terlayani di apotek mitra", "≥ 95% resep terlayani lengkap",
                add_months(today, 3)),
               ("Waktu tunggu obat singkat", "≤ 15 menit per resep", add_months(today, 3))],
        practice_roles=["Menulis resep sesuai Formularium Nasional",
                        "Menyampaikan data kunjungan setiap bulan"],
        partner_roles=["Menyediakan obat sesuai Formularium Nasional",
                       "Memberikan informasi obat kepada pasien",
                       "Mengajukan klaim sesuai ketentuan"],
        budget=[("Rapat koordinasi triwulanan", "4", "kali", 350_000_00, "both"),
                ("Cetak formulir resep rangkap", "10", "rim", 65_000_00, "practice"),
                ("Leaflet informasi obat", "500", "lembar", 1_500_00, "partner")],
        activities=[("Sosialisasi alur resep JKN", signed_ap, signed_ap + timedelta(days=7),
                     "dr. Siti Rahmawati", "both", 500_000_00),
                    ("Rapat koordinasi triwulanan", add_months(signed_ap, 1),
                     add_months(signed_ap, 10), "apt. Dewi Lestari", "both", 1_400_000_00)],
    )
    _sign(svc, ap.id, signed_ap, "017/PKS/APT-SS/II/2026", "3404074508880002")
    acts = svc.activities.list(ap.id)
    colours = [(120, 170, 210), (150, 200, 140), (220, 180, 120)]
    for index in range(3):
        report = svc.reports.create(
            activity_id=acts[index % len(acts)].id,
            report_date=add_months(signed_ap, 1 + 2 * index),
            participants="dr. Siti Rahmawati; apt. Dewi Lestari; 2 petugas apotek",
            attendance="Siti Rahmawati\nDewi Lestari\nRina Kusuma\nHendra Saputra",
            done="Membahas alur resep peserta JKN dan ketersediaan obat bulan ini.",
            results="Obat antihipertensi dan antidiabetes tersedia; alur resep disepakati.",
            problems="Stok amlodipin 10 mg sempat kosong 3 hari.",
            follow_up="Apotek menambah stok penyangga untuk obat Prolanis.",
            actual_cost_sen=325_000_00 + index * 10_000_00,
        )
        _attach_png(svc, ap.id, report.id, f"foto-kegiatan-{index + 1}.png", colours[index],
                    "Dokumentasi rapat koordinasi")
    svc.partnerships.update(ap.id, current_step=7, status="active")

    # The laboratorium: signed a year and a half ago, being evaluated at step 8.
    lb = partnerships.start_partnership(svc, "Kerja sama pemeriksaan laboratorium",
                                        "laboratorium", lab.id)
    signed_lb = add_months(today, -10)
    _steps_one_to_four(
        svc, lb.id,
        idea="Pemeriksaan laboratorium dasar untuk pasien Prolanis dengan hasil cepat.",
        partner_vision="Laboratorium klinik yang akurat dan cepat untuk layanan primer.",
        goals=[("Pemeriksaan HbA1c pasien diabetes setiap 6 bulan",
                "≥ 80% pasien Prolanis DM diperiksa", add_months(today, 2))],
        practice_roles=["Merujuk pemeriksaan dengan formulir lengkap"],
        partner_roles=["Mengambil sampel di praktik setiap Selasa dan Jumat",
                       "Menyampaikan hasil dalam 1×24 jam"],
        budget=[("Kurir sampel", "96", "kali", 25_000_00, "partner"),
                ("Wadah dan label sampel", "1", "paket", 450_000_00, "practice")],
        # Within the PKS's term, which ends the day before a year later.
        activities=[("Pengambilan sampel terjadwal", signed_lb,
                     add_months(signed_lb, 12) - timedelta(days=1),
                     "Analis Laboratorium", "partner", 2_400_000_00)],
    )
    _sign(svc, lb.id, signed_lb, "045/PKS/LAB-PH/I/2026", "3404071203750001")
    lab_activity = svc.activities.list(lb.id)[0]
    svc.reports.create(
        activity_id=lab_activity.id, report_date=add_months(signed_lb, 2),
        participants="Analis laboratorium; perawat praktik",
        done="Pengambilan 14 sampel darah pasien Prolanis.",
        results="Semua hasil diterima dalam 24 jam.", actual_cost_sen=350_000_00,
    )
    hba1c = svc.indicators.create(partnership_id=lb.id, name="Pasien Prolanis DM diperiksa HbA1c",
                                  unit="%", baseline=Decimal(35), target=Decimal(80),
                                  direction="up", frequency="quarterly")
    turnaround = svc.indicators.create(partnership_id=lb.id, name="Waktu tunggu hasil",
                                       unit="jam", baseline=Decimal(48), target=Decimal(24),
                                       direction="down", frequency="quarterly", position=1)
    for offset, (value_a, value_b) in enumerate([(42, 40), (55, 30), (63, 26), (71, 22)]):
        quarter_start = add_months(signed_lb, 3 * offset)
        period = f"{quarter_start.year}-Q{(quarter_start.month - 1) // 3 + 1}"
        svc.indicator_values.create(indicator_id=hba1c.id, period=period, value=Decimal(value_a))
        svc.indicator_values.create(indicator_id=turnaround.id, period=period,
                                    value=Decimal(value_b))
    practice_scores = [5, 4, 4, 4, 4, 3, 4, 4, 3, 4, 3, 4, 5, 4, 4]
    partner_scores = [4, 4, 5, 4, 3, 4, 2, 2, 1, 4, 4, 3, 4, 4, 3]
    for party, who, scores in (("practice", "dr. Siti Rahmawati", practice_scores),
                               ("partner", "dr. Agus Wibowo, Sp.PK", partner_scores)):
        assessment = svc.assessments.create(partnership_id=lb.id, party=party,
                                            assessed_on=today - timedelta(days=14), assessor=who)
        for statement, score in zip(STATEMENTS, scores, strict=True):
            svc.key_answers.create(assessment_id=assessment.id, key=statement.key.value,
                                   statement=statement.code, score=score)
    svc.action_items.create(partnership_id=lb.id, key="collaboration",
                            description="Sepakati pembagian biaya kurir sampel secara tertulis.",
                            owner="dr. Siti Rahmawati", due_date=today + timedelta(days=30))
    svc.partnerships.update(lb.id, current_step=8, status="evaluating")

    # BPJS: steps 1–4 done, the FKTP PKS drafted (step 5) to start the first of next month.
    bpjs_start = add_months(today, 1).replace(day=1)
    bpjs_end = add_months(bpjs_start, 12) - timedelta(days=1)
    bp = partnerships.start_partnership(svc, "Kerja sama FKTP dengan BPJS Kesehatan", "bpjs",
                                        bpjs.id, proposals=False)  # its own goals and roles
    _steps_one_to_four(
        svc, bp.id,
        idea="Praktik menjadi Faskes Tingkat 1 bagi peserta JKN di Sardonoharjo yang tinggal "
             "lebih dekat ke praktik daripada ke puskesmas.",
        partner_vision="Terwujudnya jaminan kesehatan yang berkualitas tanpa diskriminasi.",
        # The KBK goals step 3 proposes, reached by the end of the PKS's term.
        goals=[(name, target, bpjs_end) for name, target in kbk_goals()],
        practice_roles=["Memberikan pelayanan kesehatan tingkat pertama kepada peserta terdaftar",
                        "Menerbitkan surat rujukan sesuai indikasi medis",
                        "Melaporkan data pelayanan melalui aplikasi yang ditetapkan"],
        partner_roles=["Membayar kapitasi setiap bulan sesuai ketentuan",
                       "Melakukan kredensialing dan rekredensialing",
                       "Memberikan sosialisasi ketentuan JKN"],
        budget=[("Komputer dan koneksi internet untuk aplikasi P-Care", "1", "paket",
                 7_500_000_00, "practice"),
                ("Papan informasi peserta JKN", "2", "buah", 375_000_00, "practice")],
        # The work plan of the PKS, within its term: credentialing comes before it (step 4),
        # as the PKS's recital says it is done by the day it is signed.
        activities=[("Pemasangan papan informasi peserta JKN", bpjs_start,
                     bpjs_start + timedelta(days=7), "dr. Siti Rahmawati", "practice",
                     750_000_00),
                    ("Sosialisasi pelayanan kepada peserta terdaftar",
                     bpjs_start + timedelta(days=14), bpjs_start + timedelta(days=14),
                     "Tim BPJS Kesehatan", "partner", 0)],
    )
    for item in partnerships.readiness(svc, bp.id, today).lines:
        if item.code == "surat_pernyataan":
            svc.readiness_items.update(item.id, met=True)
        elif item.category == "technical":
            score = {"sdm": 85, "sarana": 70, "lingkup": 80, "komitmen": 90}[item.area]
            svc.readiness_items.update(item.id, score=score)
    agreements.draft_agreement(svc, bp.id, "pks", start=bpjs_start, end=bpjs_end)
    return DemoSummary(practice.id, (bp.id, ap.id, lb.id))
