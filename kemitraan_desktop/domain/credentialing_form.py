"""The FKTP credentialing form of a doctor's practice, in the words a BPJS branch office uses.

The wording lives in ``resources/credentialing/fktp_dokter.json``, not in code: the technical
sub-criteria and the order a branch wants the submission in are not published nationally
(DOMAIN.md: unconfirmed, so editable data). The form, the surat pernyataan and the cover of the
submission print in Indonesian whatever the screen language, so nothing here is translated.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from kemitraan_desktop.paths import resource_path

from .readiness import BPJS_CHECKLIST

FORM_FILE = "fktp_dokter.json"
# The first part of the submission: the form itself, then the evidence of each requirement.
FORM_PART = "form"


class CredentialingFormError(ValueError):
    """The form file is missing or malformed: a fault of the program's files."""


@dataclass(frozen=True)
class Criterion:
    name: str
    sub_criteria: tuple[str, ...]


@dataclass(frozen=True)
class StatementTemplate:
    """The surat pernyataan the doctor prints, signs over a meterai and scans back."""

    title: str
    opening: str
    declaration: str
    points: tuple[str, ...]
    closing: str
    signer_title: str


@dataclass(frozen=True)
class CredentialingForm:
    title: str
    subtitle: str
    requirements: dict[str, str]  # administrative item code -> its wording on the form
    str_validity: str  # what the form says of the STR's expiry (valid for life, UU 17/2023)
    criteria: dict[str, Criterion]  # technical area -> its criterion and sub-criteria
    statement: str  # what the doctor signs under the form
    bundle_order: tuple[str, ...]  # FORM_PART and the requirement codes, as the branch asks
    surat_pernyataan: StatementTemplate

    def requirement(self, code: str, fallback: str = "") -> str:
        return self.requirements.get(code) or fallback or code

    def str_valid_until(self, str_number: str) -> str:
        """The STR's validity as the form prints it ("Berlaku seumur hidup") for an STR the
        doctor entered; ``""`` while no STR number is entered: a validity of nothing is no
        fact to sign."""
        return self.str_validity if str(str_number or "").strip() else ""


_ADMINISTRATIVE = tuple(e.code for e in BPJS_CHECKLIST if e.category == "administrative")
_AREAS = tuple(e.area for e in BPJS_CHECKLIST if e.category == "technical")


def _parse(path: Path) -> CredentialingForm:
    def fail(problem: str) -> CredentialingFormError:
        return CredentialingFormError(f"Credentialing form {path.name} ({path}): {problem}")

    try:
        data = json.loads(path.read_text(encoding="utf-8-sig"))
    except json.JSONDecodeError as exc:
        raise fail(f"not valid JSON: {exc.msg} at line {exc.lineno}") from exc
    except (OSError, UnicodeDecodeError) as exc:
        raise fail(f"cannot be read: {exc}") from exc
    if not isinstance(data, dict):
        raise fail("the file must hold one JSON object")

    def text(value: object, where: str) -> str:
        if not isinstance(value, str) or not value.strip():
            raise fail(f"{where} must be a non-empty string")
        return value.strip()

    def texts(value: object, where: str) -> tuple[str, ...]:
        if not isinstance(value, list) or not value:
            raise fail(f"{where} must be a non-empty list")
        return tuple(text(item, where) for item in value)

    def mapping(value: object, where: str, keys: tuple[str, ...]) -> dict:
        if not isinstance(value, dict):
            raise fail(f"{where} must be an object")
        missing = [key for key in keys if key not in value]
        if missing:
            raise fail(f"{where} lacks {', '.join(missing)}")
        return value

    requirements = mapping(data.get("requirements"), "'requirements'", _ADMINISTRATIVE)
    criteria = mapping(data.get("criteria"), "'criteria'", _AREAS)
    statement = mapping(
        data.get("surat_pernyataan"),
        "'surat_pernyataan'",
        ("title", "opening", "declaration", "points", "closing", "signer_title"),
    )
    order = texts(data.get("bundle_order"), "'bundle_order'")
    known = {FORM_PART, *_ADMINISTRATIVE}
    unknown = [part for part in order if part not in known]
    if unknown or len(set(order)) != len(order):
        raise fail(f"'bundle_order' names {', '.join(unknown) or 'a part twice'}")
    # A requirement the file forgot still goes in, after the ones it names.
    order += tuple(code for code in (FORM_PART, *_ADMINISTRATIVE) if code not in order)
    return CredentialingForm(
        title=text(data.get("title"), "'title'"),
        subtitle=text(data.get("subtitle"), "'subtitle'"),
        requirements={
            code: text(requirements[code], f"requirement {code!r}") for code in _ADMINISTRATIVE
        },
        str_validity=text(data.get("str_validity"), "'str_validity'"),
        criteria={
            area: Criterion(
                text(mapping(criteria[area], f"criterion {area!r}", ("name", "sub"))["name"],
                     f"criterion {area!r}"),
                texts(criteria[area]["sub"], f"the sub-criteria of {area!r}"),
            )
            for area in _AREAS
        },
        statement=text(data.get("statement"), "'statement'"),
        bundle_order=order,
        surat_pernyataan=StatementTemplate(
            title=text(statement["title"], "the surat pernyataan's title"),
            opening=text(statement["opening"], "the surat pernyataan's opening"),
            declaration=text(statement["declaration"], "the surat pernyataan's declaration"),
            points=texts(statement["points"], "the surat pernyataan's points"),
            closing=text(statement["closing"], "the surat pernyataan's closing"),
            signer_title=text(statement["signer_title"], "the surat pernyataan's signer"),
        ),
    )


@lru_cache(maxsize=4)
def _load(path: str) -> CredentialingForm:
    return _parse(Path(path))


def credentialing_form(path: Path | str | None = None) -> CredentialingForm:
    """The form as ``resources/credentialing/fktp_dokter.json`` words it (read once)."""
    target = Path(path) if path is not None else resource_path("credentialing", FORM_FILE)
    if not target.is_file():
        raise CredentialingFormError(f"The credentialing form {target} is missing.")
    return _load(str(target.resolve()))
