"""How an agreement identifies a signatory: the basis of authority and the identity number.

The phrases are Indonesian document text (an agreement is Indonesian whatever the screen
language); the names of the kinds are shown in the window through the catalog.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from kemitraan_desktop.i18n import N_

from .dates import long_date_id, parse_date
from .validation import ValidationError


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


@dataclass(frozen=True)
class TypedAuthority:
    """A basis of authority read from what was typed: its kind, number and date."""

    kind: str  # a code of AUTHORITY_KINDS
    number: str
    issued: date | None


# How people type the documents, longest first: "SIPA" is no "SIP", "Surat Izin Praktik
# Apoteker" no "Surat Izin Praktik".
_TYPED_NAMES: tuple[tuple[str, str], ...] = (
    (r"keputusan\s+direksi(?:\s+bpjs\s+kesehatan|\s+badan\s+penyelenggara\s+jaminan\s+sosial"
     r"\s+kesehatan)?", "keputusan_direksi"),
    (r"surat\s+kuasa", "surat_kuasa"),
    (r"surat\s+izin\s+praktik\s+apoteker|sipa", "sipa"),
    (r"surat\s+izin\s+praktik\s+bidan|sipb", "sipb"),
    (r"surat\s+izin\s+praktik|sip", "sip"),
    (r"surat\s+izin\s+apotek|sia", "sia"),
    (r"(?:surat\s+)?izin\s+operasional|sio", "izin"),
    (r"surat\s+keputusan|sk", "sk"),
)
_TYPED = re.compile(
    r"^(?:berdasarkan\s+)?(?P<name>" + "|".join(f"(?P<k{n}>{pattern})" for n, (pattern, _k)
                                              in enumerate(_TYPED_NAMES)) + r")\b"
    r"(?:\s*\([A-Za-z]+\))?\s*(?:nomor|no\.)?\s*:?\s*(?P<number>.*?\d.*?)"
    r"(?:,?\s+tanggal\s+(?P<date>.+?))?[\s.;,]*$", re.IGNORECASE)


def read_authority(typed: str) -> TypedAuthority | None:
    """A basis of authority as typed with a person or a licence ("SIPA 503/0457/SIPA/2023",
    "Keputusan Direksi BPJS Kesehatan Nomor 0321 Tahun 2025 tanggal 2 Januari 2025") read as
    its kind, number and date; None when it reads as none of the kinds (kept as typed)."""
    match = _TYPED.match(" ".join(str(typed or "").split()))
    if match is None:
        return None
    kind = next(code for n, (_pattern, code) in enumerate(_TYPED_NAMES) if match.group(f"k{n}"))
    issued = None
    if match.group("date"):
        try:
            issued = parse_date(match.group("date"), "id")
        except ValidationError:
            return None
    return TypedAuthority(kind, match.group("number").strip(" ,;"), issued)


def _worded(kind: str, number: str, issued: date | None) -> str:
    """``"Surat Izin Praktik Nomor 503/… tanggal 5 Maret 2024"``: every basis in one form."""
    text = f"{AUTHORITY_BY_CODE[kind].document_name} Nomor {number}"
    return text + (f" tanggal {long_date_id(issued)}" if issued is not None else "")


def authority_phrase(kind: str, number: str, issued: date | None, more: str = "") -> str:
    """``"berdasarkan Surat Izin Praktik Nomor 503/… tanggal 5 Maret 2024"``; *more* (typed
    text, e.g. the SIPA beside the SIA) follows with "dan", in the same form where it reads as
    a known kind (:func:`read_authority`), and not at all where it is the structured basis typed
    again. Empty when nothing is known."""
    parts = []
    known = AUTHORITY_BY_CODE.get(kind)
    number = " ".join(number.split())
    structured = known is not None and bool(known.document_name) and bool(number)
    if structured:
        parts.append(_worded(kind, number, issued))
    elif number:
        parts.append(number)
    more = " ".join(more.split()).rstrip(" ,;")
    typed = read_authority(more) if more else None
    if typed is not None and not (structured and typed.kind == kind):
        parts.append(_worded(typed.kind, typed.number, typed.issued))
    elif more and typed is None:
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
