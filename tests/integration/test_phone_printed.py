"""Phone numbers print as Indonesians write them, on the credentialing form the branch reads."""

from __future__ import annotations

import io
from datetime import date

import pytest
from pypdf import PdfReader

from kemitraan_desktop.services import documents, partnerships
from kemitraan_desktop.services.app import Services
from kemitraan_desktop.services.demo import create_demo

BPJS = 3  # create_demo makes the BPJS partnership first


@pytest.fixture
def demo(svc: Services) -> Services:
    create_demo(svc, today=date(2026, 11, 22))
    return svc


def _form_text(svc: Services) -> str:
    buffer = io.BytesIO()
    documents.render_report(svc, "readiness", BPJS, buffer)
    return " ".join(" ".join((page.extract_text() or "").split())
                    for page in PdfReader(io.BytesIO(buffer.getvalue())).pages)


def test_the_form_prints_the_phone_number_in_its_groups(demo: Services) -> None:
    """The profile stores the digits the doctor typed as "0274 895123"; the form printed
    "0274895123"."""
    practice = partnerships.current_practice(demo)
    assert practice.phone == "0274895123"
    assert "Telepon / e-mail 0274 895123 / " in _form_text(demo)
    demo.practices.update(practice.id, phone="+62 812-2765-4321")
    assert "Telepon / e-mail 0812 2765 4321 / " in _form_text(demo)
