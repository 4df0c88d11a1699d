"""The partnership list page by page: the window's first page read straight from the file, the
services' pages, and the SQLAlchemy query kept for server databases all agree."""

from __future__ import annotations

from pathlib import Path

import pytest

from kemitraan_desktop.services import listing, partnerships
from kemitraan_desktop.services.demo import create_demo

FILTERS = [{}, {"search": "apotek"}, {"search": "KERJA SAMA"}, {"search": "prima husada"},
           {"status": "active"}, {"partner_type": "bpjs"}, {"search": "tidak ada"},
           {"search": "kerja", "status": "evaluating", "partner_type": "laboratorium"}]


@pytest.fixture
def demo(svc):
    create_demo(svc)
    svc.partnerships.create(practice_id=svc.practices.list()[0].id, title="Bidan Sri Wahyuni",
                            partner_type="bidan")
    return svc


@pytest.mark.parametrize("order", listing.ORDERS)
@pytest.mark.parametrize("filters", FILTERS)
def test_the_sqlite_list_and_the_sqlalchemy_list_agree(demo, order: str, filters: dict) -> None:
    fast = partnerships.list_partnerships(demo, order=order, **filters)
    orm = partnerships._list_with_orm(demo, filters.get("search", ""), filters.get("status"),
                                      filters.get("partner_type"), order, 0, None)
    assert fast == orm


def test_pages_put_together_are_the_whole_list(demo) -> None:
    whole = partnerships.list_partnerships(demo, order="title")
    pages = [row for offset in range(0, 6, 2)
             for row in partnerships.list_partnerships(demo, order="title", offset=offset,
                                                       limit=2)]
    assert pages == whole
    assert [row.title.lower() for row in whole] == sorted(row.title.lower() for row in whole)


def test_the_first_page_read_before_the_services_is_the_services_first_page(demo) -> None:
    early = listing.first_page(demo.db.data_dir, "updated", limit=2)
    assert early == partnerships.list_partnerships(demo, limit=2)
    assert len(early) == 2


def test_no_first_page_from_a_folder_without_a_database(tmp_path: Path) -> None:
    assert listing.first_page(tmp_path / "nothing-here") is None
    broken = tmp_path / "broken"
    broken.mkdir()
    (broken / "kemitraan.sqlite3").write_bytes(b"this is not a database" * 100)
    assert listing.first_page(broken) is None
    assert not (tmp_path / "nothing-here").exists()  # reading never creates the file
