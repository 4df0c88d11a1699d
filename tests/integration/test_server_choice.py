"""Choosing a server in the window, through its service (issue 15.1): an address is tried
before it is kept, each kind of wrong address is said in Indonesian, and the folder's choice is
what the window and every command on that folder open from then on."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from kemitraan_desktop.cli import main
from kemitraan_desktop.domain.errors import UserError
from kemitraan_desktop.services import server_choice


@pytest.fixture
def empty_server(postgres_cluster):
    url = postgres_cluster.create_database("pilihan_server")
    yield url
    postgres_cluster.drop_database("pilihan_server")


def refusal(url: str) -> UserError:
    with pytest.raises(UserError) as refused:
        server_choice.check_server(url)
    assert refused.value.field == "database_url"
    return refused.value


def test_each_wrong_address_is_said_plainly_and_nothing_is_kept(tmp_path: Path, empty_server):
    port = empty_server.rsplit(":", 1)[1].split("/")[0]
    assert refusal("192.168.1.10/kemitraan").message == (
        "Alamat server harus diawali postgresql://, misalnya "
        "postgresql://klinik:sandi@192.168.1.10/kemitraan.")
    assert refusal("postgresql://kemitraan@127.0.0.1:1/kemitraan").message == (
        "Server 127.0.0.1:1 tidak menjawab: periksa alamatnya dan pastikan PostgreSQL berjalan "
        "di sana. Tidak ada yang diubah.")
    assert refusal(f"postgresql://kemitraan@127.0.0.1:{port}/tidak_ada").message == (
        f"Server 127.0.0.1:{port} tidak mempunyai basis data tidak_ada: minta pengelolanya "
        "membuatnya (createdb tidak_ada). Tidak ada yang diubah.")
    assert refusal(f"postgresql://orang_asing@127.0.0.1:{port}/pilihan_server").message == (
        f"Server 127.0.0.1:{port} menolak nama pengguna atau sandi pada alamat itu. Tidak ada "
        "yang diubah.")
    assert refusal("  ").message == "Ketik alamat server."

    folder = tmp_path / "data"
    with pytest.raises(UserError):
        server_choice.choose_server(folder, "postgresql://kemitraan@127.0.0.1:1/kemitraan")
    assert server_choice.chosen_server(folder) is None
    assert not (folder / "server-database.txt").exists()


def test_the_folder_chosen_for_a_server_opens_it_and_going_back_finds_its_own_file(
        capsys, tmp_path: Path, empty_server):
    os.environ["KEMITRAAN_DATABASE_URL"] = ""  # (conftest restores it after the test)
    doctor, front_desk = tmp_path / "dokter", tmp_path / "meja-depan"
    assert server_choice.check_server(empty_server).message.startswith(
        "Terhubung: PostgreSQL 1")
    assert server_choice.check_server(empty_server).message.endswith(
        "basis data pilihan_server. Basis data itu kosong: program membuat tabelnya saat "
        "membukanya.")
    assert main(["--data-dir", str(doctor), "--database-url", empty_server, "demo"]) == 0
    os.environ["KEMITRAAN_DATABASE_URL"] = ""
    capsys.readouterr()
    assert main(["--data-dir", str(front_desk), "list"]) == 0  # its own file: still empty
    assert capsys.readouterr().out.strip() == "Belum ada kemitraan."

    checked = server_choice.choose_server(front_desk, empty_server)
    assert checked.message.endswith("basis data pilihan_server berisi 3 kemitraan.")
    assert server_choice.chosen_server(front_desk) == empty_server
    if os.name == "posix":  # the address may hold the password
        assert (front_desk / "server-database.txt").stat().st_mode & 0o777 == 0o600
    # Every command on the folder now opens the server, without --database-url.
    assert main(["--data-dir", str(front_desk), "list"]) == 0
    listed = capsys.readouterr().out.strip().splitlines()
    assert len(listed) == 3 and any("Apotek Sehat Sentosa" in line for line in listed)
    assert main(["--data-dir", str(front_desk), "check"]) == 0
    assert "Lampiran: 6 diperiksa, 0 hilang atau berubah." in capsys.readouterr().out

    server_choice.choose_server(front_desk, None)  # back to this computer's own file
    assert server_choice.chosen_server(front_desk) is None
    assert main(["--data-dir", str(front_desk), "list"]) == 0
    assert capsys.readouterr().out.strip() == "Belum ada kemitraan."
    assert (front_desk / "kemitraan.sqlite3").exists()
