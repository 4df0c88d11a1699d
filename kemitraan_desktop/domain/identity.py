"""How an agreement identifies a signatory: the basis of authority and the identity number.

The phrases are Indonesian document text (an agreement is Indonesian whatever the screen
language); the names of the kinds are shown in the window through the catalog.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from kemitraan_desktop.i18n import N_

from .dates import long_date_id


@dataclass(frozen=True)
class AuthorityKind:
    code: str
    label: str  # marked with N_: shown in the window
    document_name: str  # as the agreement writes it, before "Nomor …"


AUTHORITY_KINDS: tuple[AuthorityKind, ...] = (
    AuthorityKind("sip", N_("Surat Izin Praktik (SIP)"), "Surat Izin Praktik"),
    AuthorityKind("keputusan_direksi", N_("Keputusan Direksi BPJS Kesehatan"),
                  "Keputusan Direksi Badan Penyelenggara Jaminan Sosial Kesehatan"),
    AuthorityKind("surat_kuasa", N_("Surat kuasa"), "Surat Kuasa"),
    AuthorityKind("sia", N_("Surat Izin Apotek (SIA)"), "Surat Izin Apotek"),
    AuthorityKind("sipa", N_("Surat Izin Praktik Apoteker (SIPA)"),
                  "Surat Izin Praktik Apoteker"),
    AuthorityKind("sipb", N_("Surat Izin Praktik Bidan (SIPB)"), "Surat Izin Praktik Bidan"),
    AuthorityKind("izin", N_("Operating licence (izin operasional)"),
                  "Izin Operasional"),
    AuthorityKind("sk", N_("Decree of appointment (surat keputusan)"), "Surat Keputusan"),
    AuthorityKind("other", N_("Other (as typed)"), ""),
)
AUTHORITY_BY_CODE = {kind.code: kind for kind in AUTHORITY_KINDS}

ID_KINDS: tuple[tuple[str, str], ...] = (
    ("nik", N_("NIK (identity card)")),
    ("npp", N_("NPP (BPJS staff number)")),
    ("nip", N_("NIP (civil servant)")),
)
ID_LABELS = {"nik": "NIK", "npp": "NPP", "nip": "NIP"}


def authority_phrase(kind: str, number: str, issued: date | None, more: str = "") -> str:
    """``"berdasarkan Surat Izin Praktik Nomor 503/… tanggal 5 Maret 2024"``; *more* (typed
    text, e.g. the SIPA beside the SIA) follows with "dan". Empty when nothing is known."""
    parts = []
    known = AUTHORITY_BY_CODE.get(kind)
    number = " ".join(number.split())
    if known is not None and known.document_name and number:
        text = f"{known.document_name} Nomor {number}"
        if issued is not None:
            text += f" tanggal {long_date_id(issued)}"
        parts.append(text)
    elif number:
        parts.append(number)
    more = " ".join(more.split()).rstrip(" ,;")
    if more:
        parts.append(re.sub(r"^(berdasarkan|sesuai|menurut)\s+", "", more, flags=re.IGNORECASE))
    if not parts:
        return ""
    return "berdasarkan " + " dan ".join(parts)


def id_line(kind: str, number: str) -> str:
    """``"NPP. 01234567"``: the line under a signatory's name. Without a kind the label comes
    from the number's shape (16 digits a NIK, 18 a NIP); a label typed with it is kept."""
    number = " ".join(number.split())
    if not number:
        return f"{ID_LABELS.get(kind, 'NIK/NIP')}. …………………………"
    if number[0].isalpha():  # already labelled by the user, e.g. "NPP. 01234"
        return number
    if kind in ID_LABELS:
        return f"{ID_LABELS[kind]}. {number}"
    digits = re.sub(r"[\s.]", "", number)
    if digits.isdigit() and len(digits) == 16:
        return f"NIK. {number}"
    if digits.isdigit() and len(digits) == 18:
        return f"NIP. {number}"
    return f"NIK/NIP. {number}"
