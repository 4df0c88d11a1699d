"""Qt's own texts in the program's language: context menus, standard buttons, Qt-drawn dialogs.

Qt ships no Indonesian catalog for qtbase, so we keep one ourselves:
``i18n/<lang>/LC_MESSAGES/qt.po``, hand-maintained, compiled to ``.mo`` on demand like the
program's own catalog. Each entry's ``msgctxt`` is the Qt context (the class whose ``tr()`` asks,
e.g. ``QLineEdit``, ``QPlatformTheme``, ``QFileDialog``) and its ``msgid`` is Qt's exact source
text, ``&`` mnemonics, ``%1`` placeholders and all. A text Qt asks with a disambiguation comment
is looked up first under ``"<context>|<comment>"`` and then under the plain context, as Qt's own
translator does.

The active language also sets Qt's default locale, which gives date edits and calendars their
day and month names and spin boxes their number format.
"""

from __future__ import annotations

import gettext
import sys
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QLocale, QObject, QTranslator

from kemitraan_desktop import i18n

QT_DOMAIN = "qt"
_APP_ATTRIBUTE = "_kemitraan_qt_translator"

# PySide6 hands a null ``const char *`` argument of a C++ virtual to the Python override as
# ``None`` without taking a reference, then releases one when the call returns. Qt passes a null
# disambiguation in nearly every ``tr()``, so each call would cost ``None`` one reference, and
# before Python 3.12 (where ``None`` became immortal) that ends in "Fatal Python error:
# none_dealloc". We give the reference back. Giving one too many (a PySide that is fixed) is
# harmless: ``None`` is never freed.
_REPAY_NONE_REFERENCES = sys.version_info < (3, 12)

_LOCALES = {
    "id": (QLocale.Language.Indonesian, QLocale.Country.Indonesia),
    "en": (QLocale.Language.English, QLocale.Country.UnitedStates),
}


class CatalogTranslator(QTranslator):
    """A Qt translator answering from a gettext catalog keyed by Qt context and source text."""

    def __init__(
        self, catalog: gettext.NullTranslations, language: str = "", parent: QObject | None = None
    ) -> None:
        super().__init__(parent)
        self._catalog = catalog
        self._language = language
        # The catalog's header has the empty msgid; anything beyond it is a message.
        self._empty = not any(key for key in getattr(catalog, "_catalog", {}) if key)

    @classmethod
    def from_mo(
        cls, path: Path, language: str = "", parent: QObject | None = None
    ) -> CatalogTranslator:
        with path.open("rb") as handle:
            return cls(gettext.GNUTranslations(handle), language, parent)

    def translate(
        self,
        context: str,
        source_text: str,
        disambiguation: str | None = None,
        n: int = -1,
    ) -> str | None:
        """The translation, or ``None`` (a null QString) so Qt falls back to its source text.

        An empty string would be shown as empty, so a missing message must answer ``None``.
        """
        if _REPAY_NONE_REFERENCES:
            _repay_none(context, source_text, disambiguation)
        if not context or not source_text:
            return None
        if disambiguation:
            found = self._lookup(f"{context}|{disambiguation}", source_text, n)
            if found is not None:
                return found
        return self._lookup(context, source_text, n)

    def _lookup(self, context: str, source_text: str, n: int) -> str | None:
        if n >= 0:
            # Qt substitutes %n itself, after translation; the catalog may hold plural forms.
            found = self._catalog.npgettext(context, source_text, source_text, n)
            if found != source_text:
                return found
        found = self._catalog.pgettext(context, source_text)
        # Same text back means "not in the catalog" (or translated to itself: no difference).
        return found if found != source_text else None

    def isEmpty(self) -> bool:  # noqa: N802 - Qt's name
        return self._empty

    def language(self) -> str:
        return self._language


def install_qt_translation(app: QCoreApplication, language: str) -> None:
    """Make Qt's own texts and locale follow *language* (``"id"`` or ``"en"``).

    Replaces any translator installed before by this function, so it may be called again on a
    language switch. The translator is kept on *app* so it lives as long as the application.
    """
    previous = getattr(app, _APP_ATTRIBUTE, None)
    if previous is not None:
        app.removeTranslator(previous)
        setattr(app, _APP_ATTRIBUTE, None)
        previous.deleteLater()
    if language != "en":
        mo = i18n.compiled_catalog(language, QT_DOMAIN)
        if mo is not None:
            translator = CatalogTranslator.from_mo(mo, language, app)
            setattr(app, _APP_ATTRIBUTE, translator)
            app.installTranslator(translator)
    QLocale.setDefault(_locale(language))


def _repay_none(*arguments: object) -> None:
    for argument in arguments:
        if argument is None:
            import ctypes  # not at the top: loading it costs the first paint 2-3 ms

            ctypes.pythonapi.Py_IncRef(ctypes.py_object(None))


def _locale(language: str) -> QLocale:
    if language in _LOCALES:
        qt_language, country = _LOCALES[language]
        return QLocale(qt_language, country)
    return QLocale(language)
