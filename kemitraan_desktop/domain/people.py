"""People's names: how a name is written in full, and when two names are the same person."""

from __future__ import annotations

import re

_TITLE = re.compile(r"^[^\W\d_]{1,5}\.$")


def full_name(name: str, degree: str = "") -> str:
    """A name with its degree after a comma, as PUEBI writes it: ``dr. Siti Rahmawati, M.Kes.``"""
    name, degree = " ".join((name or "").split()), " ".join((degree or "").split())
    if not degree or name.endswith(degree):
        return name
    return f"{name}, {degree}" if name else degree


def core_name(text: str) -> str:
    """A name without the titles before it and the degrees after it:
    ``dr. Agus Wibowo, Sp.PK`` → ``Agus Wibowo``."""
    words = " ".join((text or "").split(",")[0].split()).split(" ")
    while len(words) > 1 and _TITLE.match(words[0]):
        words.pop(0)
    while len(words) > 1 and "." in words[-1]:
        words.pop()
    return " ".join(word for word in words if word)


def same_person(first: str, second: str) -> bool:
    """Whether two typed names name the same person: the same name once titles, degrees,
    case and spacing are set aside (``Siti Rahmawati`` is ``dr. Siti Rahmawati, M.Kes.``)."""
    one, other = core_name(first).casefold(), core_name(second).casefold()
    return bool(one) and one == other


_IN_BRACKETS = re.compile(r"\s*\([^()]*\)\s*$")


def name_in_line(line: str) -> str:
    """The name on one line of an attendance list, without the position written after it in
    brackets: ``Drs. Bambang Hartono, M.M. (Kepala Kantor Cabang)`` → ``Drs. Bambang Hartono,
    M.M.``"""
    return _IN_BRACKETS.sub("", " ".join((line or "").split()))


_BETWEEN_NAMES = re.compile(r"\s+(?:dan|&)\s+|\s*;\s*|\n", re.IGNORECASE)


def names_in(text: str) -> list[str]:
    """The names a "who" field holds: one a line (a position in brackets left out), and two
    where one line names two: ``dr. Ahmad Wibisono dan Dra. Retno Kusumawati`` is two people.
    A comma stays inside a name (``Drs. Bambang Hartono, M.M.``)."""
    names = []
    for part in _BETWEEN_NAMES.split(text or ""):
        name = name_in_line(part).strip(" ,")
        if name:
            names.append(name)
    return names


def attendance_line(name: str, job_title: str = "") -> str:
    """One line of an attendance list: the name, and the position in brackets."""
    name, job_title = " ".join(name.split()), " ".join(job_title.split())
    return f"{name} ({job_title})" if job_title else name


def practice_name(doctor_name: str) -> str:
    """The name a solo practice commonly goes by, from its doctor's: ``dr. Siti Rahmawati`` →
    ``Praktik Dokter Siti Rahmawati`` (a proposal; the practice's own name may differ)."""
    name = core_name(doctor_name)
    return f"Praktik Dokter {name}" if name else ""


def name_initials(name: str, most: int = 3) -> str:
    """The initials of a person's name without titles and degrees: ``dr. Siti Rahmawati`` →
    ``SR``."""
    return "".join(word[0] for word in core_name(name).split() if word[:1].isalpha())[:most].upper()
