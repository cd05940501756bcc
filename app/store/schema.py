"""This app's schema revisions; a newer Backprop Quiz database told from another program's."""

from __future__ import annotations

from collections.abc import Collection, Sequence
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING

from app.store.errors import DatabaseTooNew, DatabaseUnreadable

if TYPE_CHECKING:  # Alembic loads only when a database needs upgrading: it is slow to import
    from alembic.config import Config

MIGRATIONS_DIR = Path(__file__).with_name("migrations")
SCHEMA_HEAD = "0006_day_tallies"
"""The newest revision in migrations/versions (a test holds the two equal). A database
already there opens without importing Alembic."""
OWN_TABLES = frozenset({"profiles", "sessions", "attempts", "review_states"})
"""Tables every Backprop Quiz schema has had; a database without them is not one of ours."""


def alembic_config(url: str | None = None, connection: object | None = None) -> Config:
    """An Alembic Config built in code (no .ini) for this app's migrations."""
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    if url is not None:
        config.set_main_option("sqlalchemy.url", url.replace("%", "%%"))
    if connection is not None:
        config.attributes["connection"] = connection
    return config


@cache
def known_revisions() -> frozenset[str]:
    """Every schema revision this version of the app knows."""
    from alembic.script import ScriptDirectory

    scripts = ScriptDirectory.from_config(alembic_config())
    return frozenset(rev.revision for rev in scripts.walk_revisions())


@cache
def head_revision() -> str:
    """The newest schema revision this version of the app knows."""
    from alembic.script import ScriptDirectory

    head = ScriptDirectory.from_config(alembic_config()).get_current_head()
    assert head is not None, "the migrations folder has no revisions"
    return head


def refuse_unknown(revisions: Sequence[str], tables: Collection[str], where: str) -> None:
    """Refuse a database whose schema revision this app does not know.

    Alembic stamps other programs' databases too: one without this app's tables is not a
    Backprop Quiz database at all, rather than one from a newer version.
    """
    if set(revisions) <= {SCHEMA_HEAD}:
        return
    unknown = sorted(set(revisions) - known_revisions())
    if not unknown:
        return
    if not set(tables) >= OWN_TABLES:
        raise DatabaseUnreadable(
            f"{where} is not a Backprop Quiz database: it belongs to another program (schema "
            f"revision {', '.join(unknown)}). It was left untouched. Point --db at another "
            "database."
        )
    raise DatabaseTooNew(
        f"{where} was written by a newer version of Backprop Quiz (schema revision "
        f"{', '.join(unknown)}; this version knows up to {head_revision()}). It was left "
        "unchanged. Update Backprop Quiz, or point --db at another database."
    )
