"""The command line: the same use cases as the window, without a screen.

``kemitraan-desktop [--data-dir DIR] COMMAND``; with no command the window opens. A mistake the
user can fix prints one Indonesian line on stderr and exits with 2, never a traceback.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING

from kemitraan_desktop import i18n
from kemitraan_desktop.i18n import N_, _

if TYPE_CHECKING:
    from datetime import date

EXIT_USER_ERROR = 2

# argparse's own texts (its headings, its help line, its errors), given to our catalog so that
# ``--help`` and a mistyped command read in the program's language like everything else.
ARGPARSE_TEXTS = (
    N_("usage: "),
    N_("positional arguments"),
    N_("options"),
    N_("show this help message and exit"),
    N_("argument %(argument_name)s: %(message)s"),
    N_("unrecognized arguments: %s"),
    N_("not allowed with argument %s"),
    N_("the following arguments are required: %s"),
    N_("one of the arguments %s is required"),
    N_("expected one argument"),
    N_("expected at most one argument"),
    N_("expected at least one argument"),
    N_("ambiguous option: %(option)s could match %(matches)s"),
    N_("invalid %(type)s value: %(value)r"),
    N_("invalid choice: %(value)r (choose from %(choices)s)"),
    N_("%(prog)s: error: %(message)s\n"),
)


def _language_from(argv: Sequence[str]) -> str | None:
    """``--lang`` read before the parser exists: its help texts are translated when built."""
    for index, word in enumerate(argv):
        if word == "--lang" and index + 1 < len(argv):
            return argv[index + 1]
        if word.startswith("--lang="):
            return word.split("=", 1)[1]
    return None


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # type: ignore[override]
        self.print_usage(sys.stderr)
        print(_("Error: {message}").format(message=message), file=sys.stderr)
        raise SystemExit(EXIT_USER_ERROR)


def _date(text: str) -> date:
    from datetime import date  # only for the commands that take a date, not the window's start

    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(
            _("not a date in the form YYYY-MM-DD: {text}").format(text=text)
        ) from None


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog="kemitraan-desktop",
        description=_("Kemitraan Desktop: health partnerships of an independent practice."),
    )
    parser.add_argument("--data-dir", type=Path, help=_("the data folder to use"))
    parser.add_argument("--lang", choices=i18n.SUPPORTED_LANGUAGES, help=_("language (id or en)"))
    parser.add_argument("--database-url", metavar="URL",
                        help=_("a PostgreSQL server to keep the data on, e.g. "
                               "postgresql://user:password@host/kemitraan (also "
                               "KEMITRAAN_DATABASE_URL; without it the data folder's own file)"))
    parser.add_argument("--user", metavar=_("NAME"),
                        help=_("on a server database with named users: who signs in (also "
                               "KEMITRAAN_USER; the password from KEMITRAAN_PASSWORD or typed)"))
    checks = parser.add_mutually_exclusive_group()
    checks.add_argument("--self-test", action="store_true",
                        help=_("check this installation in a temporary folder, then quit"))
    checks.add_argument("--smoke", action="store_true",
                        help=_("open the window, print how long it took to be ready, then quit"))
    commands = parser.add_subparsers(dest="command", metavar=_("COMMAND"), parser_class=_Parser)

    commands.add_parser("demo", help=_("fill an empty data folder with demo data"))
    commands.add_parser("list", help=_("one line per partnership"))
    commands.add_parser("check", help=_("check the database integrity and schema version"))

    export = commands.add_parser("export", help=_("write a partnership's exchange package"))
    export.add_argument("--partnership", type=int, required=True, metavar="ID")
    export.add_argument("--out", type=Path, required=True, metavar=_("FILE"))

    imported = commands.add_parser("import", help=_("read an exchange package"))
    imported.add_argument("file", type=Path, metavar=_("FILE"))

    report = commands.add_parser("report", help=_("print a document to PDF"))
    report.add_argument("kind", choices=("mou", "archive", "evaluation", "readiness",
                                         "statement", "submission"))
    report.add_argument("--partnership", type=int, required=True, metavar="ID")
    report.add_argument("--out", type=Path, required=True, metavar=_("FILE"))
    report.add_argument("--paper", choices=("a4", "f4"))
    report.add_argument("--version", type=int, metavar="N")

    agreement = commands.add_parser(
        "agreement", help=_("finalize or sign an agreement, or record the partner's own"))
    actions = agreement.add_subparsers(dest="action", required=True, parser_class=_Parser)
    finalize = actions.add_parser("finalize", help=_("lock the draft and print the final PDF"))
    finalize.add_argument("--partnership", type=int, required=True, metavar="ID")
    finalize.add_argument("--paper", choices=("a4", "f4"))
    check = actions.add_parser(
        "check", help=_("list what must be put right before the draft can be finalized"))
    check.add_argument("--partnership", type=int, required=True, metavar="ID")
    addendum = actions.add_parser(
        "addendum", help=_("draft an addendum to the signed agreement (a new version)"))
    addendum.add_argument("--partnership", type=int, required=True, metavar="ID")
    addendum.add_argument("--date", type=_date, metavar="YYYY-MM-DD",
                          help=_("the day it is to be signed (today if not given)"))
    addendum.add_argument("--out", type=Path, metavar=_("FILE"),
                          help=_("also write the draft as a PDF"))
    addendum.add_argument("--paper", choices=("a4", "f4"))
    addendum.add_argument("--start", type=_date, metavar="YYYY-MM-DD",
                          help=_("the term's new start date (the agreement's unless given)"))
    addendum.add_argument("--end", type=_date, metavar="YYYY-MM-DD",
                          help=_("the term's new end date (the agreement's unless given)"))
    sign = actions.add_parser("sign", help=_("record the signing of the final agreement"))
    sign.add_argument("--partnership", type=int, required=True, metavar="ID")
    sign.add_argument("--date", type=_date, required=True, metavar="YYYY-MM-DD")
    sign.add_argument("--scan", type=Path, required=True, metavar=_("FILE"))
    sign.add_argument("--by", default="", help=_("who signed"))
    sign.add_argument("--partner-number", default="", metavar=_("NUMBER"),
                      help=_("the partner's own number, as written on the signed copy where "
                             "the final text left it blank"))
    sign.add_argument("--signed-after-printed-date", action="store_true",
                      help=_("state that the parties signed after the date the agreement "
                             "prints"))
    record = actions.add_parser(
        "record", help=_("record an agreement the partner drafted (their own text), with their "
                         "PDF or scan as the document of record"))
    record.add_argument("--partnership", type=int, required=True, metavar="ID")
    record.add_argument("--kind", choices=("pks", "mou", "addendum"), default="pks")
    record.add_argument("--partner-number", required=True, metavar=_("NUMBER"),
                        help=_("the partner's number of the agreement"))
    record.add_argument("--our-number", required=True, metavar=_("NUMBER"),
                        help=_("the practice's number of the agreement"))
    record.add_argument("--date", type=_date, required=True, metavar="YYYY-MM-DD",
                        help=_("the date of the agreement (the day it was signed)"))
    record.add_argument("--start", type=_date, required=True, metavar="YYYY-MM-DD")
    record.add_argument("--end", type=_date, required=True, metavar="YYYY-MM-DD")
    record.add_argument("--file", type=Path, required=True, metavar=_("FILE"),
                        help=_("the partner's PDF or scan"))
    record.add_argument("--capitation", metavar=_("RUPIAH"),
                        help=_("the capitation rate per member per month, e.g. 8800"))
    record.add_argument("--subject", metavar=_("TEXT"),
                        help=_("what the agreement is about (TENTANG)"))
    record.add_argument("--our-signatory", metavar=_("NAME"),
                        help=_("who signed for the practice"))
    record.add_argument("--our-position", metavar=_("POSITION"),
                        help=_("the position of who signed for the practice"))
    record.add_argument("--partner-signatory", metavar=_("NAME"),
                        help=_("who signed for the partner"))
    record.add_argument("--partner-position", metavar=_("POSITION"),
                        help=_("the position of who signed for the partner"))

    backup = commands.add_parser("backup", help=_("write a backup file (database and attachments)"))
    backup.add_argument("--out", type=Path, required=True, metavar=_("FILE"))
    restore = commands.add_parser("restore", help=_("restore a backup (the current data is kept)"))
    restore.add_argument("file", type=Path, metavar=_("FILE"))

    person = commands.add_parser(
        "person", help=_("find, export or erase the data held about one person (UU 27/2022)"))
    person_actions = person.add_subparsers(dest="action", required=True, parser_class=_Parser)
    person_find = person_actions.add_parser("find", help=_("where a person (name or NIK) is held"))
    person_export = person_actions.add_parser(
        "export", help=_("write everything held about a person to a JSON file"))
    person_export.add_argument("--out", type=Path, required=True, metavar=_("FILE"))
    person_erase = person_actions.add_parser(
        "erase", help=_("erase a person wherever the law allows (not in signed agreements)"))
    person_erase.add_argument("--yes", action="store_true",
                              help=_("erase now (without it: only show what would change)"))
    for action in (person_find, person_export, person_erase):
        action.add_argument("name", nargs="+", metavar=_("NAME"), help=_("a name or a NIK"))

    shots = commands.add_parser("screenshots", help=_("render the window to PNG files"))
    shots.add_argument("out_dir", type=Path, metavar=_("FOLDER"))
    shots.add_argument("--partnership", type=int, metavar="ID")

    verify = commands.add_parser("verify", help=_("is this PDF a final agreement held here?"))
    verify.add_argument("file", type=Path, metavar=_("FILE"))

    secret = commands.add_parser("password", help=_("set, change or remove the program password"))
    secret_actions = secret.add_subparsers(dest="action", required=True, parser_class=_Parser)
    secret_actions.add_parser("set", help=_("set or change the program password (the current "
                                            "one is asked first)"))
    remove = secret_actions.add_parser("remove", help=_("remove the program password"))
    remove.add_argument("--forgotten", action="store_true",
                        help=_("remove it without the current password (for someone who can sign "
                               "in to this computer's account; the audit trail records it)"))

    people = commands.add_parser(
        "user", help=_("the named users of a server database: add one, list them"))
    people_actions = people.add_subparsers(dest="action", required=True, parser_class=_Parser)
    added = people_actions.add_parser(
        "add", help=_("add a user (the password from KEMITRAAN_NEW_PASSWORD or typed twice); "
                      "the first user of a server database is the doctor"))
    added.add_argument("name", metavar=_("NAME"))
    added.add_argument("--role", required=True, metavar="dokter|staf|pemantau",
                       help=_("dokter (or pemilik): everything, finalize and sign; staf: edit, "
                              "no finalize, sign or erase; pemantau: read only"))
    people_actions.add_parser("list", help=_("one line per user: name and role"))
    renewed = people_actions.add_parser(
        "password", help=_("give a user a new password (the doctor, or the user themselves); "
                           "from KEMITRAAN_NEW_PASSWORD or typed twice"))
    renewed.add_argument("name", metavar=_("NAME"))
    removed = people_actions.add_parser(
        "remove", help=_("a user may no longer sign in (the audit trail keeps their name)"))
    removed.add_argument("name", metavar=_("NAME"))
    return parser


def _window_arguments(argv: Sequence[str]) -> argparse.Namespace | None:
    """The arguments of opening the window (``--data-dir``, ``--lang``, ``--smoke``) read by
    hand, or None for anything else. Building the whole parser, with every command's help
    translated, costs a slow laptop a noticeable part of the time to the first paint."""
    values: dict[str, object] = {"data_dir": None, "lang": None, "smoke": False,
                                 "database_url": None, "user": None}
    items = list(argv)
    while items:
        item = items.pop(0)
        name, equals, value = item.partition("=")
        if item == "--smoke":
            values["smoke"] = True
        elif name in ("--data-dir", "--lang", "--database-url", "--user") and (equals or items):
            value = value if equals else items.pop(0)
            if name == "--lang" and value not in i18n.SUPPORTED_LANGUAGES:
                return None
            if not value or value.startswith("-"):
                return None
            values[name[2:].replace("-", "_")] = Path(value) if name == "--data-dir" else value
        else:
            return None
    return argparse.Namespace(command=None, self_test=False, **values)


def main(argv: Sequence[str]) -> int:
    language = _language_from(argv)
    i18n.set_language(language if language in ("id", "en") else None)
    argparse._ = _  # type: ignore[attr-defined]  # argparse looks its texts up at use
    args = _window_arguments(argv) or build_parser().parse_args(list(argv))
    if args.lang != language:
        i18n.set_language(args.lang)
    if args.database_url:  # every command and the window open the database through paths
        import os

        from kemitraan_desktop import paths

        os.environ[paths.DATABASE_URL_ENV] = args.database_url
    if args.self_test or args.smoke:
        _attach_console()
    if args.self_test:
        from kemitraan_desktop.services.self_test import run_self_test

        return 0 if run_self_test(print) else 1
    if args.smoke:
        from kemitraan_desktop.domain.errors import UserError

        try:
            _unlock_at_start(args.data_dir)
        except UserError as error:
            print(_("Error: {message}").format(message=error.message), file=sys.stderr)
            return EXIT_USER_ERROR
        from kemitraan_desktop.ui.smoke import run_smoke

        return run_smoke(args.data_dir)
    if args.command is None:
        from kemitraan_desktop.ui.app import run

        return run(args.data_dir, args.lang, user=args.user)
    from kemitraan_desktop.domain.errors import UserError

    try:
        with _folder_lock(args), _closing_what_opens():
            return COMMANDS[args.command](args)
    except UserError as error:
        print(_("Error: {message}").format(message=_line(error.message)), file=sys.stderr)
        return EXIT_USER_ERROR
    except KeyboardInterrupt:
        return 130
    except Exception as error:
        from kemitraan_desktop.services.files import problem_text

        text = problem_text(error)  # a full disk, a refused folder: the person's words
        if text is not None:
            print(_("Error: {message}").format(message=_line(text)), file=sys.stderr)
            return EXIT_USER_ERROR
        # A defect of ours: say so plainly, keep the details in a file.
        log = _write_crash_log(error)
        print(_("Error: something went wrong inside the program ({kind}). Details were "
                "written to {log}.").format(kind=type(error).__name__, log=log), file=sys.stderr)
        return 1


# Commands that change the data wait for no one: while a window (or another of these) holds the
# folder they refuse with one line. Reading commands (list, check, report, export …) may run
# beside an open window; SQLite keeps them consistent.
WRITING_COMMANDS = frozenset({"demo", "import", "restore", "agreement", "password"})


def _folder_lock(args: argparse.Namespace):  # noqa: ANN202
    from contextlib import nullcontext

    erasing = args.command == "person" and args.action == "erase" and args.yes
    if args.command not in WRITING_COMMANDS and not erasing:
        return nullcontext()
    from kemitraan_desktop.services.opening import lock_folder

    return lock_folder(args.data_dir)


def _attach_console() -> None:
    """The Windows bundle has no console of its own: print into the one it was started from."""
    if sys.platform != "win32" or sys.stdout is not None:
        return
    import ctypes

    if ctypes.windll.kernel32.AttachConsole(-1):  # type: ignore[attr-defined]  # ATTACH_PARENT
        sys.stdout = open("CONOUT$", "w", encoding="utf-8")  # noqa: SIM115 - lives as long as we
        sys.stderr = sys.stdout


def _write_crash_log(error: BaseException) -> Path:
    """The details of a defect, for whoever mends it: where in the code, never whose data.

    The stack (files, lines, the program's own source lines) is kept as it is; each message is
    masked (names in quotes, e-mail addresses, NIK and other long numbers), and the database
    never puts a statement's values into its errors (``hide_parameters``). The file is 0600."""
    import tempfile
    import traceback

    from kemitraan_desktop import paths
    from kemitraan_desktop.domain.errors import UserError
    from kemitraan_desktop.domain.validation import mask_personal_in
    from kemitraan_desktop.services.files import write_atomically

    lines = "".join(traceback.format_exception(error)).splitlines(keepends=True)
    # Indented lines are the stack and the source code; the others are the messages.
    text = "".join(line if line[:1].isspace() else mask_personal_in(line) for line in lines)
    for folder in (paths.cache_dir(), Path(tempfile.gettempdir())):
        try:
            folder.mkdir(mode=0o700, parents=True, exist_ok=True)
            log = folder / "kemitraan-error.log"
            write_atomically(log, text.encode("utf-8"))
            return log
        except (OSError, UserError):
            continue
    return Path("-")


# -- the program password -------------------------------------------------------------------------
# A command that reads or changes the data asks for the password when one is set: from the
# environment variable, else typed (not shown) when a person is at a terminal, else it refuses.
PASSWORD_ENV = "KEMITRAAN_PASSWORD"
NEW_PASSWORD_ENV = "KEMITRAAN_NEW_PASSWORD"  # for `password set` without a terminal
TRIES = 3


def _ask_password(check: Callable[[str], bool], prompt: str | None = None,
                  not_given: str | None = None, wrong: str | None = None) -> str:
    """The program password (or a user's, with the *prompt*, the refusal when it cannot be
    asked, and the words for a wrong one), proven by *check*; ``UserError`` (exit code 2) when
    it is not given or not right."""
    import os

    from kemitraan_desktop.domain.errors import UserError

    wrong = wrong or _("The password is not right.")
    given = os.environ.get(PASSWORD_ENV)
    if given is not None:
        if check(given):
            return given
        raise UserError(_("The password in the environment variable {variable} is not "
                          "right.").format(variable=PASSWORD_ENV))
    if not _at_terminal():
        raise UserError(not_given or _(
            "This data folder is protected by a program password. Run the command in a "
            "terminal to type it, or give it in the environment variable {variable}."
        ).format(variable=PASSWORD_ENV))
    import getpass
    import time

    from kemitraan_desktop.domain.password import wait_after

    for attempt in range(1, TRIES + 1):
        typed = getpass.getpass(prompt or _("Program password: "))
        if typed and check(typed):
            return typed
        print(wrong, file=sys.stderr)
        time.sleep(wait_after(attempt))
    raise UserError(_("The password was not right {count} times.").format(count=TRIES))


def _at_terminal() -> bool:
    return sys.stdin is not None and sys.stdin.isatty()


def _unlock(args: argparse.Namespace, svc) -> None:  # noqa: ANN001
    """Ask for *svc*'s password when it has one; keep the proven one in ``args.password``. On
    a server database with named users the user signs in instead (their own password)."""
    from kemitraan_desktop.domain.password import verify_password
    from kemitraan_desktop.services.password import stored_record

    if svc.access.has_users():
        _sign_in(args, svc)
        args.password = None
        return
    record = stored_record(svc)
    args.password = None if record is None else _ask_password(
        lambda typed: verify_password(typed, record))


USER_ENV = "KEMITRAAN_USER"


def _sign_in(args: argparse.Namespace, svc) -> None:  # noqa: ANN001
    """Sign in to a server database with named users: the name from ``--user`` or
    KEMITRAAN_USER (or typed at a terminal), the password from KEMITRAAN_PASSWORD or typed."""
    import os

    from kemitraan_desktop.domain.errors import UserError
    from kemitraan_desktop.services import users

    name = (getattr(args, "user", None) or os.environ.get(USER_ENV) or "").strip()
    if not name:
        if not _at_terminal():
            raise UserError(_("This server database has named users: give the user name with "
                              "--user NAME (or {user}) and the password in {password}, or run "
                              "the command in a terminal to type them.").format(
                user=USER_ENV, password=PASSWORD_ENV))
        name = input(_("User name: ")).strip()
    signed: list = []

    def check(typed: str) -> bool:
        try:
            signed.append(users.sign_in(svc, name, typed))
        except users.WrongSignIn:
            return False
        return True

    wrong = _("The user name or the password is not right.")
    try:
        _ask_password(check, _("Password of {name}: ").format(name=name), _(
            "This server database has named users: give the password of {name} in the "
            "environment variable {variable}, or run the command in a terminal to type "
            "it.").format(name=name, variable=PASSWORD_ENV), wrong)
    except UserError as error:
        if os.environ.get(PASSWORD_ENV) is not None and not signed:
            raise UserError(_("The user name or the password in {variable} is not right."
                              ).format(variable=PASSWORD_ENV)) from error
        raise


def _unlock_at_start(data_dir: Path | None) -> None:
    """Before anything opens the folder (``--smoke``, ``restore``): its password, read straight
    from the file."""
    from kemitraan_desktop import paths
    from kemitraan_desktop.services.password import Gate, password_at_start

    at_start = password_at_start(data_dir or paths.default_data_dir())
    if at_start.gate == Gate.LOCKED:
        _ask_password(at_start.check)


def _line(text: str) -> str:
    """User text printed to a terminal: on one line, without the control characters (escape
    sequences) that would move the cursor, retitle the window or turn the line around."""
    from kemitraan_desktop.domain.validation import one_line

    return one_line(text)


_OPENED: list = []  # the services a command opened: closed when it ends (see main)


@contextmanager
def _closing_what_opens() -> Iterator[None]:
    """Close the databases the command opened: SQLite folds its log into the file and removes
    it, and the data folder is left as a closed program leaves it (also when ``main`` runs again
    in the same process)."""
    try:
        yield
    finally:
        while _OPENED:
            _OPENED.pop().db.close()


def _services(args: argparse.Namespace):  # noqa: ANN202
    """The services over the data folder, once its password (if any) was given. What the opening
    did that the person should hear of (a log kept aside) is said on stderr."""
    from kemitraan_desktop.services.opening import notes_of

    svc = _open(args.data_dir)
    _OPENED.append(svc)
    try:
        _unlock(args, svc)
    except BaseException:
        svc.db.close()
        raise
    for note in notes_of(svc):
        print(_line(note), file=sys.stderr)
    return svc


def _open(data_dir: Path | None):  # noqa: ANN202
    """``open_services``; a missing database beside backups is told how to restore the newest."""
    from kemitraan_desktop import paths
    from kemitraan_desktop.domain.errors import UserError
    from kemitraan_desktop.services.opening import CannotOpen, open_services

    try:
        return open_services(data_dir)
    except CannotOpen as error:
        if error.code != "missing":
            raise
        from kemitraan_desktop.domain.dates import local_time
        from kemitraan_desktop.services.recovery import latest_backup

        folder = data_dir or paths.default_data_dir()
        newest = latest_backup(folder)
        if newest is None:
            raise
        raise UserError(error.message + " " + _(
            "The newest is from {when}. To bring it back: {command}").format(
            when=local_time(newest.created),
            command=_restore_command(folder, newest.path))) from error


def _restore_command(folder: Path, backup: Path) -> str:
    from kemitraan_desktop.services.password import program_command

    return f'{program_command(folder)} restore "{backup}"'


def _latest_agreement(svc, partnership_id: int, version: int | None = None):  # noqa: ANN001, ANN202
    from kemitraan_desktop.domain.errors import UserError

    svc.partnerships.get(partnership_id)
    agreements = svc.agreements.list(partnership_id)
    if version is not None:
        agreements = [a for a in agreements if a.version == version]
    if not agreements:
        raise UserError(_("Partnership #{id} has no agreement yet.").format(id=partnership_id))
    return agreements[-1]


def cmd_demo(args: argparse.Namespace) -> int:
    from kemitraan_desktop.services.demo import create_demo

    svc = _services(args)
    summary = create_demo(svc)
    print(_("Demo data created: {count} partnerships in {folder}.").format(
        count=len(summary.partnership_ids), folder=svc.db.data_dir))
    return 0


def cmd_list(args: argparse.Namespace) -> int:
    from kemitraan_desktop.domain.enums import PartnershipStatus
    from kemitraan_desktop.services.partnerships import list_partnerships

    rows = list_partnerships(_services(args))
    if not rows:
        print(_("No partnerships yet."))
    for row in sorted(rows, key=lambda r: r.id):
        print(f"{row.id}\t{_line(row.title)}\t{_line(row.partner_names) or '-'}\t"
              + _("step {n}").format(n=row.current_step)
              + f"\t{PartnershipStatus(row.status).label}")
    return 0


def cmd_check(args: argparse.Namespace) -> int:
    from kemitraan_desktop.services.maintenance import anchor_message, check, seal_message
    from kemitraan_desktop.storage.server_attachments import ServerAttachmentStore

    svc = _services(args)
    result = check(svc)

    print(_("Schema version: {version}").format(version=result.schema_version))
    if result.schema is not None:
        print(_("Schema: {tables} tables, {columns} columns, {indexes} indexes, {triggers} "
                "triggers; {bad} differences from what the program makes.").format(
            tables=result.schema.tables, columns=result.schema.columns,
            indexes=result.schema.indexes, triggers=result.schema.triggers,
            bad=len(result.schema_problems)))
    for problem in result.schema_problems:
        print(problem)
    if result.audit_missing:
        print(_("Audit log: MISSING (the table {table} was removed outside the program); "
                "restore the newest backup.").format(table="audit_entry"))
    else:
        print(_("Audit log: {count} entries, chain {state}.").format(
            count=result.audit_entries,
            state=_("intact") if result.audit_intact else _("BROKEN")))
    if result.head is not None:
        print(_("Audit log head: entry #{id} ({hash}); held against {compared} earlier copies "
                "(anchor file, backups), {bad} not matching.").format(
            id=result.head.last_id, hash=result.head.last_hash[:16] or "-",
            compared=result.anchors_compared, bad=len(result.anchors)))
    for finding in result.anchors:
        print(anchor_message(finding))
    print(_("Agreements: {count} checked against their seal, {bad} not matching.").format(
        count=result.agreements_checked, bad=len(result.seals)))
    for finding in result.seals:
        print(seal_message(finding))
    print(_("Attachments: {count} checked, {bad} missing or changed.").format(
        count=result.attachments_checked, bad=len(result.bad_attachments)))
    store = svc.db.attachments
    for sha256 in result.bad_attachments:
        if isinstance(store, ServerAttachmentStore):
            print(_("Missing or changed on the server {server}: file {sha256}").format(
                server=store.server, sha256=sha256))
        else:
            print(_("Missing or changed: {path}").format(path=store.path_for(sha256)))
    for problem in result.problems:
        print(problem)
    if result.ok:
        print(_("Database OK."))
        return 0
    print(_("Problems found: {count}.").format(count=result.problem_count), file=sys.stderr)
    return 1


def cmd_export(args: argparse.Namespace) -> int:
    from kemitraan_desktop.services.exchange import export_partnership

    summary = export_partnership(_services(args), args.partnership, args.out)
    print(_("Exchange package written: {path} ({records} records, {files} attachments).").format(
        path=summary.path, records=sum(summary.records.values()), files=summary.attachments))
    return 0


def cmd_import(args: argparse.Namespace) -> int:
    from kemitraan_desktop.services.exchange import import_package

    summary = import_package(_services(args), args.file)
    if summary.merged:
        print(_line(summary.merged_message))
        return 0
    print(_("Imported “{title}” as partnership #{id} ({records} records, {files} attachments)."
            ).format(title=_line(summary.title), id=summary.partnership_id,
                     records=summary.total_records,
                     files=summary.attachments))
    return 0


def _write(out: Path, data: bytes) -> None:
    from kemitraan_desktop.services.files import write_atomically

    write_atomically(out, data)


def cmd_report(args: argparse.Namespace) -> int:
    svc = _services(args)
    if args.kind == "mou":
        from kemitraan_desktop.services.agreements import save_agreement_pdf

        agreement = _latest_agreement(svc, args.partnership, args.version)
        save_agreement_pdf(svc, agreement.id, args.out, args.paper)
    else:
        from kemitraan_desktop.services.documents import render_report

        svc.partnerships.get(args.partnership)
        bound = render_report(svc, args.kind, args.partnership, args.out, args.paper or "a4")
        if bound is not None:  # the submission: say what the branch will not find in it
            print(_("{pages} pages bound.").format(pages=bound.pages))
            if bound.missing:
                print(_("Still missing:"))
                for line in bound.missing:
                    print(f"  - {line}")
    print(_("Written: {path}").format(path=args.out))
    return 0


def cmd_agreement(args: argparse.Namespace) -> int:
    from kemitraan_desktop.services import agreements

    svc = _services(args)
    if args.action == "record":
        return _record_partner_agreement(svc, args)
    agreement = _latest_agreement(svc, args.partnership)
    if args.action == "addendum":
        return _draft_addendum(svc, agreement.id, args)
    if args.action == "check":
        problems = agreements.finalize_problems(svc, agreement.id)
        if agreement.status != "draft":
            print(_("Version {version} is no longer a draft: nothing to check.").format(
                version=agreement.version))
            return 0
        if not problems:
            print(_("Nothing stands in the way: the draft can be finalized."))
            return 0
        print(_("Before the draft can be finalized:"))
        for problem in problems:
            print(f"• {_line(problem)}")
        return 1
    if args.action == "finalize":
        result = agreements.finalize_agreement(svc, agreement.id, args.paper)
        print(_("Agreement finalized. SHA-256 of the final PDF: {sha}").format(
            sha=result.final_pdf_sha256))
    else:
        agreements.sign_agreement(svc, agreement.id, args.date, args.by, args.scan,
                                  partner_number=args.partner_number,
                                  later_stated=args.signed_after_printed_date)
        print(_("Signing recorded on {date}.").format(date=args.date.isoformat()))
    return 0


def _draft_addendum(svc, agreement_id: int, args: argparse.Namespace) -> int:  # noqa: ANN001
    from kemitraan_desktop.domain.dates import long_date_id
    from kemitraan_desktop.services import agreements

    child = agreements.start_addendum(svc, agreement_id, args.date, start=args.start,
                                      end=args.end)
    document = agreements.agreement_document(svc, child.id)
    root = document.parent
    assert root is not None
    print(_("{title} drafted as version {version}. It changes the agreement (Perjanjian Induk) "
            "numbered {numbers} of {date}.").format(
        title=document.title, version=child.version,
        numbers=_line(" / ".join(root.numbers)) or "–",
        date=long_date_id(root.agreement_date) if root.agreement_date else "–"))
    if args.out is not None:
        agreements.save_agreement_pdf(svc, child.id, args.out, args.paper)
        print(_("Written: {path}").format(path=args.out))
    return 0


def _record_partner_agreement(svc, args: argparse.Namespace) -> int:  # noqa: ANN001
    from kemitraan_desktop.domain.clauses import term_in_months
    from kemitraan_desktop.domain.dates import long_date_id
    from kemitraan_desktop.domain.money import rupiah_to_sen
    from kemitraan_desktop.services import external_agreements

    parent_id = None
    if args.kind == "addendum":
        parent_id = _latest_agreement(svc, args.partnership).id
    signatories: dict[str, dict[str, str]] = {}
    for side, party in (("our", "practice"), ("partner", "partner")):
        fields = {"signatory_name": getattr(args, f"{side}_signatory"),
                  "signatory_position": getattr(args, f"{side}_position")}
        signatories[party] = {key: value for key, value in fields.items() if value is not None}
    result = external_agreements.record_partner_agreement(
        svc, args.partnership, kind=args.kind, parent_id=parent_id, file=args.file,
        agreement_date=args.date, start=args.start, end=args.end,
        numbers={"partner": args.partner_number, "practice": args.our_number},
        capitation_rate_sen=(rupiah_to_sen(args.capitation, "capitation_rate_sen")
                             if args.capitation is not None else None),
        subject=args.subject, signatories=signatories)
    print(_("The partner's agreement is recorded as signed on {date}, term {term}. Its document "
            "of record: {file} (SHA-256 {sha}).").format(
        date=long_date_id(result.signed_on),
        term=term_in_months(result.start_date, result.end_date), file=_line(args.file.name),
        sha=result.final_pdf_sha256))
    return 0


def cmd_verify(args: argparse.Namespace) -> int:
    from kemitraan_desktop.domain.errors import UserError
    from kemitraan_desktop.services.agreements import verify_document
    from kemitraan_desktop.services.files import reason

    try:
        data = args.file.read_bytes()
    except OSError as error:
        raise UserError(_("The file cannot be read: {path} ({reason})").format(
            path=args.file, reason=reason(error))) from error
    result = verify_document(_services(args), data)
    print(_line(result.message))
    return 0 if result.genuine else 1


def _print_places(findings) -> None:  # noqa: ANN001
    from kemitraan_desktop.services.personal_data import locked_note

    print(_("Found in {count} place(s): {erasable} can be erased, {kept} are kept.").format(
        count=len(findings.places), erasable=len(findings.erasable), kept=len(findings.kept)))
    for place in findings.places:
        state = _("erase") if place.erasable else _("keep")
        line = (f"{state}\t{place.kind_label} #{place.record_id}\t{place.field_label}\t"
                f"{place.where or '-'}\t{place.excerpt}")
        print(line if place.erasable else f"{line}\t{place.reason}")
    if findings.kept:
        print(locked_note())


def cmd_person(args: argparse.Namespace) -> int:
    from kemitraan_desktop.services import personal_data

    svc = _services(args)
    name = " ".join(args.name)
    if args.action == "export":
        summary = personal_data.export_person(svc, name, args.out)
        print(_("Written: {path} ({records} record(s) about the person, {mentions} mention(s)). "
                "It holds their data in full: keep it safe.").format(
            path=summary.path, records=summary.records, mentions=summary.mentions))
        return 0
    findings = personal_data.find_person(svc, name)
    if not findings.places:
        print(_("Nothing is held about “{query}”.").format(query=findings.query))
        return 1
    if args.action == "find" or (args.action == "erase" and not args.yes):
        _print_places(findings)
        if args.action == "erase":
            print(_("Nothing was changed. To erase it in the {count} place(s) marked “{erase}”, "
                    "run the same command with --yes.").format(
                count=len(findings.erasable), erase=_("erase")), file=sys.stderr)
            return 1
        return 0
    result = personal_data.erase_person(svc, name)
    print(result.message)
    return 0 if result.places else 1


def cmd_screenshots(args: argparse.Namespace) -> int:
    import os

    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from kemitraan_desktop.ui.screenshots import render_screenshots

    for path in render_screenshots(_services(args), args.out_dir, args.partnership):
        print(path)
    return 0


def cmd_backup(args: argparse.Namespace) -> int:
    from kemitraan_desktop.services.backup import backup_to_file

    path = backup_to_file(_services(args), args.out)
    print(_("Backup written: {path}").format(path=path))
    return 0


def cmd_restore(args: argparse.Namespace) -> int:
    from kemitraan_desktop import paths
    from kemitraan_desktop.services.backup import restore

    _unlock_at_start(args.data_dir)  # the data it replaces is kept: it is read, in a way
    result = restore(args.data_dir or paths.default_data_dir(), args.file)
    print(_("Restored from {path}.").format(path=result.restored_from))
    if result.previous_kept_as:
        print(_("The data it replaced is kept as {path}.").format(path=result.previous_kept_as))
    return 0


def _new_password(prompt: str | None = None) -> tuple[str, str]:
    """The new password and its repetition: from the environment, or typed twice."""
    import os

    from kemitraan_desktop.domain.errors import UserError
    from kemitraan_desktop.domain.password import MIN_LENGTH

    given = os.environ.get(NEW_PASSWORD_ENV)
    if given is not None:
        return given, given
    if not _at_terminal():
        raise UserError(_("Type the new password in a terminal, or give it in the environment "
                          "variable {variable}.").format(variable=NEW_PASSWORD_ENV))
    import getpass

    new = getpass.getpass(prompt or _("New program password (at least {count} characters): "
                                      ).format(count=MIN_LENGTH))
    return new, getpass.getpass(_("The new password again: "))


def cmd_password(args: argparse.Namespace) -> int:
    from kemitraan_desktop.services import password

    if args.action == "remove" and args.forgotten:
        svc = _open(args.data_dir)  # no password asked: it was forgotten
        args.password = None
    else:
        svc = _services(args)
    try:
        if args.action == "set":
            new, repeated = _new_password()
            password.set_password(svc, new, repeated, args.password)
            print(_("Program password changed.") if args.password is not None
                  else _("Program password set."))
            print(_("It is asked when the window or a command opens this data folder. It keeps "
                    "a casual person out of the program; it does not encrypt the data file."))
        elif password.remove_password(svc, args.password, forgotten=args.forgotten):
            print(_("Program password removed. The audit trail records it."))
        else:
            print(_("No program password is set."))
    finally:
        svc.db.close()
    return 0


def cmd_user(args: argparse.Namespace) -> int:
    from kemitraan_desktop.services import users

    svc = _services(args)
    if args.action == "list":
        for user in users.list_users(svc):
            print(f"{user.name}\t{user.role.value}\t{user.role.label}")
        return 0
    from kemitraan_desktop.domain.roles import check_user_name, parse_role

    name = check_user_name(args.name)
    users.list_users(svc)  # a data folder's own file is refused before a password is asked
    if args.action == "remove":
        users.remove_user(svc, name)
        print(_("{name} can no longer sign in. The audit trail keeps what they did.").format(
            name=name))
        return 0
    if args.action == "password":
        new, repeated = _new_password(_("New password of {name} (at least {count} characters): "
                                        ).format(name=name, count=_min_length()))
        users.set_user_password(svc, name, new, repeated)
        print(_("The password of {name} is changed.").format(name=name))
        return 0
    role = parse_role(args.role)  # before a password is asked
    new, repeated = _new_password(_("Password of the new user {name} (at least {count} "
                                    "characters): ").format(name=name, count=_min_length()))
    added = users.add_user(svc, name, role, new, repeated)
    print(_("User {name} added as {role}. They sign in with their name and this password.")
          .format(name=added.name, role=added.role.label))
    return 0


def _min_length() -> int:
    from kemitraan_desktop.domain.password import MIN_LENGTH

    return MIN_LENGTH


COMMANDS: dict[str, Callable[[argparse.Namespace], int]] = {
    "demo": cmd_demo,
    "list": cmd_list,
    "check": cmd_check,
    "export": cmd_export,
    "import": cmd_import,
    "report": cmd_report,
    "agreement": cmd_agreement,
    "verify": cmd_verify,
    "person": cmd_person,
    "screenshots": cmd_screenshots,
    "backup": cmd_backup,
    "restore": cmd_restore,
    "password": cmd_password,
    "user": cmd_user,
}
