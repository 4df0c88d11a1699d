"""Named users on a server database (issue 15.3): the first is the doctor and needs no sign-in;
then every command signs in (--user, KEMITRAAN_USER, KEMITRAAN_PASSWORD); each role is held to
what it may do by the services themselves, and the audit trail names the signed-in user. The
data folder's own SQLite file stays as it was: nobody signs in there."""

from __future__ import annotations

from pathlib import Path

import pytest

from kemitraan_desktop.cli import main
from kemitraan_desktop.domain.roles import NotAllowedError
from kemitraan_desktop.services import agreements, audit, users
from kemitraan_desktop.services.opening import open_services
from kemitraan_desktop.storage import models as m


def run(capsys, *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    captured = capsys.readouterr()
    return code, captured.out, captured.err


@pytest.fixture
def server(postgres_cluster):
    url = postgres_cluster.create_database("pengguna")
    yield url
    postgres_cluster.drop_database("pengguna")


@pytest.fixture
def clinic(server: str, tmp_path: Path, monkeypatch, capsys) -> str:
    """A server database with the demo data, its doctor dr.ani, rina at the front desk and
    the district's observer dinkes (each with their own password)."""
    folder = str(tmp_path / "dokter")
    for name, role, secret in (("dr.ani", "dokter", "ani-rahasia"),
                               ("rina", "staf", "rina-rahasia"),
                               ("dinkes", "pemantau", "dinkes-rahasia")):
        monkeypatch.setenv("KEMITRAAN_NEW_PASSWORD", secret)
        monkeypatch.setenv("KEMITRAAN_PASSWORD", "ani-rahasia")
        code, out, err = run(capsys, "--data-dir", folder, "--database-url", server,
                             "--user", "dr.ani", "user", "add", name, "--role", role)
        assert code == 0, err
    code, _, err = run(capsys, "--data-dir", folder, "--database-url", server,
                       "--user", "dr.ani", "demo")
    assert code == 0, err
    monkeypatch.delenv("KEMITRAAN_PASSWORD")
    monkeypatch.delenv("KEMITRAAN_NEW_PASSWORD")
    return server


def test_the_first_user_is_the_doctor_and_from_then_on_every_command_signs_in(
        capsys, monkeypatch, server: str, tmp_path: Path):
    folder = str(tmp_path / "meja-depan")
    on_server = ("--data-dir", folder, "--database-url", server)
    monkeypatch.setenv("KEMITRAAN_NEW_PASSWORD", "rina-rahasia")
    code, out, err = run(capsys, *on_server, "user", "add", "rina", "--role", "staf")
    assert code == 2
    assert err.strip() == ("Kesalahan: Pengguna pertama basis data server adalah dokter "
                           "praktik: tambahkan dulu dengan peran dokter.")

    monkeypatch.setenv("KEMITRAAN_NEW_PASSWORD", "ani-rahasia")
    code, out, err = run(capsys, *on_server, "user", "add", "Dr.Ani", "--role", "pemilik")
    assert code == 0, err
    assert out.strip() == ("Pengguna dr.ani ditambahkan sebagai dokter (pemilik praktik). Ia "
                           "masuk dengan namanya dan kata sandi ini.")

    code, out, err = run(capsys, *on_server, "list")  # no one signed in, no terminal
    assert code == 2
    assert err.strip() == (
        "Kesalahan: Basis data server ini memiliki pengguna bernama: berikan nama pengguna "
        "dengan --user NAMA (atau KEMITRAAN_USER) dan kata sandinya di KEMITRAAN_PASSWORD, atau "
        "jalankan perintah di terminal untuk mengetiknya.")

    monkeypatch.setenv("KEMITRAAN_USER", "dr.ani")
    monkeypatch.setenv("KEMITRAAN_PASSWORD", "salah-sandi")
    code, out, err = run(capsys, *on_server, "list")
    assert code == 2
    assert err.strip() == ("Kesalahan: Nama pengguna atau kata sandi di KEMITRAAN_PASSWORD "
                           "salah.")
    monkeypatch.setenv("KEMITRAAN_USER", "orang.lain")
    monkeypatch.setenv("KEMITRAAN_PASSWORD", "ani-rahasia")
    code, out, err = run(capsys, *on_server, "list")
    assert code == 2  # an unknown name is told the same words as a wrong password
    assert err.strip() == ("Kesalahan: Nama pengguna atau kata sandi di KEMITRAAN_PASSWORD "
                           "salah.")

    monkeypatch.setenv("KEMITRAAN_USER", "dr.ani")
    code, out, err = run(capsys, *on_server, "list")
    assert (code, out.strip(), err) == (0, "Belum ada kemitraan.", "")

    monkeypatch.setenv("KEMITRAAN_NEW_PASSWORD", "rina-rahasia")
    code, out, err = run(capsys, *on_server, "user", "add", "rina", "--role", "staf")
    assert code == 0, err
    code, out, err = run(capsys, *on_server, "user", "add", "rina", "--role", "staf")
    assert (code, err.strip()) == (2, "Kesalahan: Sudah ada pengguna bernama rina.")
    code, out, err = run(capsys, *on_server, "user", "list")
    assert out.splitlines() == ["dr.ani\tdokter\tdokter (pemilik praktik)",
                                "rina\tstaf\tstaf"]

    # The front desk may not name users; the doctor's sign-in is hers alone.
    monkeypatch.setenv("KEMITRAAN_USER", "rina")
    monkeypatch.setenv("KEMITRAAN_PASSWORD", "rina-rahasia")
    monkeypatch.setenv("KEMITRAAN_NEW_PASSWORD", "dinkes-rahasia")
    code, out, err = run(capsys, *on_server, "user", "add", "dinkes", "--role", "pemantau")
    assert code == 2
    assert err.strip() == (
        "Kesalahan: rina masuk sebagai staf dan tidak boleh menambah pengguna atau mengubah apa "
        "yang ditanyakan program saat dibuka. Tidak ada yang diubah; mintalah kepada dokter "
        "praktik.")


def test_the_front_desk_edits_but_may_not_finalize_sign_or_erase(
        capsys, monkeypatch, clinic: str, tmp_path: Path):
    on_server = ("--data-dir", str(tmp_path / "meja-depan"), "--database-url", clinic)
    monkeypatch.setenv("KEMITRAAN_PASSWORD", "rina-rahasia")
    code, out, err = run(capsys, *on_server, "--user", "rina", "list")
    assert code == 0 and len(out.splitlines()) == 3
    first = out.splitlines()[0].split("\t")[0]
    code, out, err = run(capsys, *on_server, "--user", "rina", "agreement", "finalize",
                         "--partnership", first)
    assert code == 2
    assert err.strip() == (
        "Kesalahan: rina masuk sebagai staf dan tidak boleh memfinalisasi perjanjian. Tidak ada "
        "yang diubah; mintalah kepada dokter praktik.")
    code, out, err = run(capsys, *on_server, "--user", "rina", "person", "erase", "--yes",
                         "Siti")
    assert code == 2
    assert "rina masuk sebagai staf dan tidak boleh menghapus data." in err

    svc = open_services(tmp_path / "meja-depan", clinic)
    try:
        users.sign_in(svc, "rina", "rina-rahasia")
        partnership = svc.partnerships.list()[0]
        goal = svc.goals.create(partnership_id=partnership.id,
                                description="Angka kontak paling sedikit 150 per mil")
        assert goal.description == "Angka kontak paling sedikit 150 per mil"
        with pytest.raises(NotAllowedError):
            svc.partnerships.delete(partnership.id)
        draft = next(a for p in svc.partnerships.list() for a in svc.agreements.list(p.id)
                     if a.status == "draft")
        with pytest.raises(NotAllowedError):
            agreements.finalize_agreement(svc, draft.id)
        assert svc.agreements.get(draft.id).status == "draft"
        newest = audit.list_entries(svc, 0, 1)[0]
        assert (newest.actor, newest.action, newest.entity) == ("rina", "create", "goal")
    finally:
        svc.db.close()


def test_the_observer_reads_and_prints_but_changes_nothing(
        capsys, monkeypatch, clinic: str, tmp_path: Path):
    folder = tmp_path / "dinkes"
    on_server = ("--data-dir", str(folder), "--database-url", clinic, "--user", "dinkes")
    monkeypatch.setenv("KEMITRAAN_PASSWORD", "dinkes-rahasia")
    code, out, err = run(capsys, *on_server, "list")
    first = out.splitlines()[0].split("\t")[0]
    code, out, err = run(capsys, *on_server, "report", "archive", "--partnership", first,
                         "--out", str(tmp_path / "arsip.pdf"))
    assert code == 0, err
    assert (tmp_path / "arsip.pdf").read_bytes().startswith(b"%PDF")
    code, out, err = run(capsys, *on_server, "export", "--partnership", first,
                         "--out", str(tmp_path / "paket.zip"))
    assert code == 0, err
    code, out, err = run(capsys, *on_server, "import", str(tmp_path / "paket.zip"))
    assert code == 2
    assert err.strip() == (
        "Kesalahan: dinkes masuk sebagai pemantau (hanya membaca) dan tidak boleh mengubah "
        "data. Tidak ada yang diubah; mintalah kepada dokter praktik.")

    svc = open_services(folder, clinic)
    try:
        users.sign_in(svc, "dinkes", "dinkes-rahasia")
        before = audit.count_entries(svc)
        # A use case that forgot to ask: the wall under every session holds.
        with pytest.raises(NotAllowedError), svc.db.session() as session:
            session.add(m.Setting(key="capitation_rate", value="1"))
        with pytest.raises(NotAllowedError):
            svc.partners.update(svc.partners.list()[0].id, name="Apotek Lain")
        draft = next(a for p in svc.partnerships.list() for a in svc.agreements.list(p.id)
                     if a.status == "draft")
        assert agreements.agreement_pdf(svc, draft.id).startswith(b"%PDF")  # a draft prints
        assert audit.count_entries(svc) == before
        assert audit.check_chain(svc).intact
        assert svc.partners.list()[0].name != "Apotek Lain"
    finally:
        svc.db.close()
    newest = [row.split("\t") for row in _audit_actors(clinic, tmp_path)]
    assert ["dinkes", "export", "partnership"] in newest


def _audit_actors(url: str, tmp_path: Path) -> list[str]:
    svc = open_services(tmp_path / "pembaca", url)
    try:
        users.sign_in(svc, "dr.ani", "ani-rahasia")
        return [f"{e.actor}\t{e.action}\t{e.entity}" for e in audit.list_entries(svc, 0, 5)]
    finally:
        svc.db.close()


def test_the_data_folders_own_file_has_no_users_and_asks_no_sign_in(
        capsys, monkeypatch, data_dir: Path):
    monkeypatch.setenv("KEMITRAAN_NEW_PASSWORD", "ani-rahasia")
    code, out, err = run(capsys, "--data-dir", str(data_dir), "user", "add", "dr.ani",
                         "--role", "dokter")
    assert code == 2
    assert err.strip() == (
        "Kesalahan: Pengguna bernama dan masuk (sign-in) hanya untuk basis data server. Berkas "
        "milik folder data ini dipakai oleh satu orang, tanpa masuk.")
    code, out, err = run(capsys, "--data-dir", str(data_dir), "demo")
    assert code == 0, err
    code, out, err = run(capsys, "--data-dir", str(data_dir), "list")
    assert code == 0 and len(out.splitlines()) == 3


def test_a_user_who_left_no_longer_signs_in_and_the_last_doctor_stays(
        capsys, monkeypatch, clinic: str, tmp_path: Path):
    on_server = ("--data-dir", str(tmp_path / "dokter"), "--database-url", clinic)
    monkeypatch.setenv("KEMITRAAN_PASSWORD", "ani-rahasia")
    code, out, err = run(capsys, *on_server, "--user", "dr.ani", "user", "remove", "rina")
    assert (code, out.strip()) == (0, "rina tidak dapat masuk lagi. Log audit tetap menyimpan "
                                      "apa yang dilakukannya.")
    code, out, err = run(capsys, *on_server, "--user", "dr.ani", "user", "remove", "dr.ani")
    assert (code, err.strip()) == (2, "Kesalahan: dr.ani adalah satu-satunya dokter basis data "
                                      "server ini dan tetap ada: tambahkan dokter lain dulu.")
    code, out, err = run(capsys, *on_server, "--user", "dr.ani", "user", "list")
    assert [line.split("\t")[0] for line in out.splitlines()] == ["dinkes", "dr.ani"]

    monkeypatch.setenv("KEMITRAAN_PASSWORD", "rina-rahasia")
    code, out, err = run(capsys, *on_server, "--user", "rina", "list")
    assert (code, err.strip()) == (2, "Kesalahan: Nama pengguna atau kata sandi di "
                                      "KEMITRAAN_PASSWORD salah.")

    monkeypatch.setenv("KEMITRAAN_PASSWORD", "ani-rahasia")  # back at the front desk
    monkeypatch.setenv("KEMITRAAN_NEW_PASSWORD", "rina-baru-2027")
    code, out, err = run(capsys, *on_server, "--user", "dr.ani", "user", "add", "rina",
                         "--role", "staf")
    assert code == 0, err
    monkeypatch.setenv("KEMITRAAN_PASSWORD", "rina-baru-2027")
    code, out, err = run(capsys, *on_server, "--user", "rina", "list")
    assert code == 0 and len(out.splitlines()) == 3


def test_a_program_password_is_not_set_on_a_server_where_each_signs_in(
        capsys, monkeypatch, clinic: str, tmp_path: Path):
    monkeypatch.setenv("KEMITRAAN_PASSWORD", "ani-rahasia")
    monkeypatch.setenv("KEMITRAAN_NEW_PASSWORD", "sandi-program")
    code, out, err = run(capsys, "--data-dir", str(tmp_path / "dokter"), "--database-url",
                         clinic, "--user", "dr.ani", "password", "set")
    assert code == 2
    assert err.strip() == (
        "Kesalahan: Basis data server ini memiliki pengguna bernama, dan masing-masing masuk "
        "dengan kata sandinya sendiri: kata sandi program tidak dipakai di sini. Untuk memberi "
        "pengguna kata sandi baru: user password NAMA.")


def test_a_window_opened_before_the_first_user_was_added_must_sign_in_from_then_on(
        monkeypatch, server: str, tmp_path: Path):
    from kemitraan_desktop.services import access

    front_desk = open_services(tmp_path / "meja-depan", server)
    doctor = open_services(tmp_path / "dokter", server)
    try:
        practice = front_desk.practices.create(doctor_name="dr. Siti Rahmawati")  # no users yet
        users.add_user(doctor, "dr.ani", "dokter", "ani-rahasia", "ani-rahasia")
        monkeypatch.setattr(access, "RECHECK_SECONDS", 0.0)
        with pytest.raises(NotAllowedError) as refused:
            front_desk.practices.update(practice.id, clinic_name="Klinik Pratama Sehat")
        assert refused.value.message == ("Basis data server ini memiliki pengguna bernama: "
                                         "masuk dulu (nama pengguna dan kata sandi). Tidak ada "
                                         "yang diubah.")
        assert doctor.practices.get(practice.id).clinic_name == ""
    finally:
        front_desk.db.close()
        doctor.db.close()
