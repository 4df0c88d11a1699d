"""Translation: one module exports ``_``, ``N_`` and ``ngettext``; none is a builtin.

English is the source text; Indonesian (``id``) is the default language. Catalogs live in the
top-level ``i18n/`` folder as ``.po`` sources. The compiled ``.mo`` is built from the source when it
is missing or older (into the user's cache when the program folder is read-only), so a stale
compiled catalog can never be shipped by accident.
"""

from __future__ import annotations

import gettext
import os
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from . import paths

DOMAIN = "kemitraan"
DEFAULT_LANGUAGE = "id"
SUPPORTED_LANGUAGES = ("id", "en")
LANGUAGE_ENV = "KEMITRAAN_LANG"

_translations: gettext.NullTranslations = gettext.NullTranslations()
_language = "en"
# A document printed in Indonesian whatever the screen speaks sets its thread's own language
# here (printed_in_indonesian): the screen, served by another thread, keeps its own.
_printing = threading.local()


def _active() -> gettext.NullTranslations:
    return getattr(_printing, "translations", None) or _translations


def _(message: str) -> str:
    return _active().gettext(message)


def N_(message: str) -> str:
    """Mark a string for extraction; it is translated later, where it is shown."""
    return message


def NP_(context: str, message: str) -> str:  # noqa: N802
    """Mark a string with its *context* for extraction; translated later with ``pgettext``."""
    return message


def ngettext(singular: str, plural: str, n: int) -> str:
    return _active().ngettext(singular, plural, n)


def pgettext(context: str, message: str) -> str:
    return _active().pgettext(context, message)


_indonesian: gettext.NullTranslations | None = None


def indonesian(message: str) -> str:
    """*message* as the Indonesian catalog words it, whatever the screen language.

    For the few catalog words a document printed in Indonesian carries: such documents print
    in Indonesian for every reader (UU 24/2009 Pasal 31).
    """
    return _indonesian_catalog().gettext(message)


def _indonesian_catalog() -> gettext.NullTranslations:
    global _indonesian
    if _indonesian is None:
        mo = compiled_catalog(DEFAULT_LANGUAGE)
        if mo is None:
            return gettext.NullTranslations()
        with mo.open("rb") as handle:
            _indonesian = gettext.GNUTranslations(handle)
    return _indonesian


@contextmanager
def printed_in_indonesian() -> Iterator[None]:
    """Within the block, this thread's ``_`` speaks Indonesian whatever the screen language.

    For the documents both parties keep and sign beside a PKS (the evaluation with its berita
    acara, the archive): made with an Indonesian institution, they are in Bahasa Indonesia
    (UU 24/2009 Pasal 31) for every reader. Other threads, the screen's among them, keep the
    language they had.
    """
    before = getattr(_printing, "translations", None), getattr(_printing, "language", None)
    _printing.translations, _printing.language = _indonesian_catalog(), DEFAULT_LANGUAGE
    try:
        yield
    finally:
        _printing.translations, _printing.language = before


def current_language() -> str:
    return getattr(_printing, "language", None) or _language


def babel_locale() -> str:
    """The Babel locale name for the active language (formats of dates, numbers, money)."""
    return "id_ID" if current_language() == "id" else "en_US"


def po_path(language: str, domain: str = DOMAIN) -> Path:
    return paths.i18n_path(language, "LC_MESSAGES", f"{domain}.po")


def compiled_catalog(language: str, domain: str = DOMAIN) -> Path | None:
    """Path of an up-to-date ``.mo`` for *language*, compiling it from the ``.po`` if needed.

    *domain* names the catalog: the program's own (the default) or another, such as ``qt``.
    """
    po = po_path(language, domain)
    beside = po.with_suffix(".mo")
    if not po.exists():
        return beside if beside.exists() else None
    if beside.exists() and beside.stat().st_mtime >= po.stat().st_mtime:
        return beside
    cached = paths.cache_dir() / "i18n" / language / f"{domain}.mo"
    if cached.exists() and cached.stat().st_mtime >= po.stat().st_mtime:
        return cached
    for target in (beside, cached):
        try:
            _compile(po, target)
            return target
        except OSError:
            continue
    return None


def _compile(po: Path, target: Path) -> None:
    from babel.messages.mofile import write_mo
    from babel.messages.pofile import read_po

    with po.open("rb") as source:
        catalog = read_po(source, locale=po.parent.parent.name)
    target.parent.mkdir(parents=True, exist_ok=True)
    temporary = target.with_suffix(".mo.tmp")
    with temporary.open("wb") as out:
        write_mo(out, catalog)
    os.replace(temporary, target)


def set_language(language: str | None = None) -> str:
    """Activate *language* (default: ``KEMITRAAN_LANG`` or Indonesian). Returns the one in use."""
    global _translations, _language
    language = language or os.environ.get(LANGUAGE_ENV) or DEFAULT_LANGUAGE
    if language not in SUPPORTED_LANGUAGES:
        language = DEFAULT_LANGUAGE
    _language = language
    if language == "en":
        _translations = gettext.NullTranslations()
        return language
    mo = compiled_catalog(language)
    if mo is None:
        _translations = gettext.NullTranslations()
    else:
        with mo.open("rb") as handle:
            _translations = gettext.GNUTranslations(handle)
    return language
