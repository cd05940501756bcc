"""`class`: set up a class on one PostgreSQL database, add and remove learners, upgrade it.

Run with the admin's URL (the role that owns the database). `init` makes the schema, the
instructor's role and the row-level security policies; `add-learner` makes a learner's
login role and profile and prints their connection URL once; `remove-learner` drops the
role (their answers stay unless --delete-data); `upgrade` brings the schema up to date,
which on a shared database only the admin does.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable

from app.store.class_roles import (
    add_learner,
    connection_url,
    init_class,
    remove_learner,
    upgrade_class,
)
from app.store.database import Database, open_database, resolve_url
from app.store.errors import StoreError

FAILED = 1


def register(subparsers: argparse._SubParsersAction) -> None:
    """Add `class` and its subcommands (each takes --db ADMIN-URL, or the global --db)."""
    parser = subparsers.add_parser("class", help="a class on one PostgreSQL database")
    actions = parser.add_subparsers(dest="class_action", metavar="ACTION", required=True)
    for name, help_text, run in (
        ("init", "make the schema, the instructor's role and the policies", run_init),
        ("add-learner", "make a learner's role and profile; print their URL once", run_add),
        ("remove-learner", "drop a learner's role (their answers stay)", run_remove),
        ("upgrade", "bring the class's schema up to date (admin only)", run_upgrade),
    ):
        action = actions.add_parser(name, help=help_text)
        action.add_argument("--db", dest="class_db", metavar="ADMIN-URL", help="the admin's URL")
        if name in ("add-learner", "remove-learner"):
            action.add_argument("name", help="the learner's name")
        if name == "remove-learner":
            action.add_argument(
                "--delete-data", action="store_true", help="also delete their answers"
            )
        action.set_defaults(run=run)


def _open(args: argparse.Namespace) -> Database:
    """The class database opened (and brought up to date) by its admin; PostgreSQL only."""
    url = resolve_url(getattr(args, "class_db", None) or args.db)
    if not url.startswith("postgresql"):
        raise StoreError(
            f"{url!r} is not a PostgreSQL database. A class with its own roles needs a "
            "server: --db postgresql://ADMIN@HOST/DBNAME."
        )
    return open_database(url)


def _guarded(action: str, work: Callable[[], int]) -> int:
    """Run one action; a store error is one line on stderr and exit 1."""
    try:
        return work()
    except StoreError as e:
        print(f"class {action}: {e}", file=sys.stderr)
        return FAILED


def run_init(args: argparse.Namespace) -> int:
    """Set the class up; print the instructor's URL if the role is new."""

    def work() -> int:
        with _open(args) as db:
            roles, password = init_class(db)
            print(f"The class on {db.where} is ready; learners' data is row-level secured.")
            if password is None:
                print(f"The instructor's role {roles.instructor} existed already (unchanged).")
            else:
                print("The instructor connects with (shown once, keep it safe):")
                print(f"  {connection_url(db, roles.instructor, password)}")
        return 0

    return _guarded("init", work)


def run_add(args: argparse.Namespace) -> int:
    """Add a learner and print their connection URL once."""

    def work() -> int:
        with _open(args) as db:
            role, password = add_learner(db, args.name)
            print(f"{args.name.strip()} connects with (shown once; give it to them only):")
            print(f"  {connection_url(db, role, password)}")
        return 0

    return _guarded("add-learner", work)


def run_remove(args: argparse.Namespace) -> int:
    """Remove a learner's role (and their data if asked)."""

    def work() -> int:
        with _open(args) as db:
            remove_learner(db, args.name, delete_data=args.delete_data)
            kept = "deleted" if args.delete_data else "kept"
            print(f"{args.name.strip()} can no longer connect; their answers are {kept}.")
        return 0

    return _guarded("remove-learner", work)


def run_upgrade(args: argparse.Namespace) -> int:
    """Upgrade the schema (opening as admin migrates) and renew the policies."""

    def work() -> int:
        with _open(args) as db:
            revision = upgrade_class(db)
            print(f"The class on {db.where} is at schema {revision}; policies renewed.")
        return 0

    return _guarded("upgrade", work)
