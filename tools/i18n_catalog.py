"""Keep the gettext catalogs in step with the source: extract, update, check.

    uv run python tools/i18n_catalog.py update   # extract, merge into i18n/*/LC_MESSAGES/*.po
    uv run python tools/i18n_catalog.py check    # fail on stale or untranslated messages

English is the source text; ``i18n/id`` holds the Indonesian translation. Translations waiting in
``i18n/pending/*.json`` (English → Indonesian; for a plural, the singular → a list of forms)
are merged by ``update`` and then removed.
The compiled ``.mo`` files are never committed: the program builds them from the ``.po``.
"""

from __future__ import annotations

import ast
import io
import json
import sys
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po, write_po

ROOT = Path(__file__).resolve().parent.parent
I18N = ROOT / "i18n"
POT = I18N / "messages.pot"
DOMAIN = "kemitraan"
LANGUAGES = ("id",)
KEYWORDS = {"_": None, "N_": None, "ngettext": (1, 2), "pgettext": ((1, "c"), 2),
            "NP_": ((1, "c"), 2)}
METHOD_MAP = [("kemitraan_desktop/**.py", "python")]


def extract() -> Catalog:
    catalog = Catalog(project="Kemitraan Desktop", charset="utf-8")
    for filename, lineno, message, comments, context in extract_from_dir(
        str(ROOT), METHOD_MAP, keywords=KEYWORDS, comment_tags=("TRANSLATORS:",),
        strip_comment_tags=True,
    ):
        catalog.add(message, None, [(filename, lineno)], auto_comments=comments,
                    context=context)
    return catalog


def _po(language: str) -> Path:
    return I18N / language / "LC_MESSAGES" / f"{DOMAIN}.po"


def _read(path: Path, language: str) -> Catalog:
    if not path.exists():
        return Catalog(locale=language, project="Kemitraan Desktop", charset="utf-8")
    with path.open("rb") as handle:
        return read_po(handle, locale=language)


def _write(path: Path, catalog: Catalog) -> None:
    buffer = io.BytesIO()
    write_po(buffer, catalog, width=100, omit_header=False, sort_output=True,
             include_previous=False)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(buffer.getvalue())


def _pending() -> dict[str, str]:
    merged: dict[str, str] = {}
    for file in sorted((I18N / "pending").glob("*.json")):
        merged.update(json.loads(file.read_text(encoding="utf-8")))
    return merged


def update() -> int:
    template = extract()
    _write(POT, template)
    pending = _pending()
    for language in LANGUAGES:
        path = _po(language)
        catalog = _read(path, language)
        catalog.update(template, no_fuzzy_matching=True)
        for message in catalog:
            if not message.id:
                continue
            if isinstance(message.id, tuple):  # plural: pending maps the singular to a list
                forms = pending.get(message.id[0])
                if isinstance(forms, list) and not all(message.string):
                    message.string = tuple(forms)
            elif not message.string and message.id in pending:
                message.string = pending[message.id]
        catalog.obsolete.clear()
        _write(path, catalog)
    for file in (I18N / "pending").glob("*.json"):
        file.unlink()
    return check()


def hidden_in_fstrings() -> list[str]:
    """Texts given to ``_()`` inside an f-string: Babel's extractor does not look there, so they
    would never reach the catalog and would show in English."""
    found = []
    for path in sorted((ROOT / "kemitraan_desktop").rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"), str(path))
        for joined in (node for node in ast.walk(tree) if isinstance(node, ast.JoinedStr)):
            for call in (node for node in ast.walk(joined) if isinstance(node, ast.Call)):
                literal = call.args and isinstance(call.args[0], ast.Constant) \
                    and isinstance(call.args[0].value, str)
                if isinstance(call.func, ast.Name) and call.func.id in KEYWORDS and literal:
                    found.append(f"{path.relative_to(ROOT)}:{call.lineno}: translated text "
                                 f"inside an f-string is never extracted: {call.args[0].value!r}")
    return found


def problems() -> list[str]:
    template = extract()
    found: list[str] = hidden_in_fstrings()
    source_ids = {m.id for m in template if m.id}
    for language in LANGUAGES:
        catalog = _read(_po(language), language)
        ids = {m.id for m in catalog if m.id}
        for missing in sorted(map(str, source_ids - ids)):
            found.append(f"{language}: not in the catalog (run update): {missing!r}")
        for stale in sorted(map(str, ids - source_ids)):
            found.append(f"{language}: no longer in the source (run update): {stale!r}")
        for message in catalog:
            if not message.id:
                continue
            strings = message.string if isinstance(message.string, tuple) else (message.string,)
            if message.fuzzy or not all(strings):
                found.append(f"{language}: untranslated or fuzzy: {message.id!r}")
    return found


def check() -> int:
    found = problems()
    for line in found:
        print(line)
    print(f"{len(found)} catalog problem(s)")
    return 1 if found else 0


if __name__ == "__main__":
    command = sys.argv[1] if len(sys.argv) > 1 else "check"
    sys.exit({"update": update, "check": check}[command]())
