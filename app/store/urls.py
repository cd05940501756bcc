"""Where the progress database lives: its URL from --db, the environment or the default."""

from __future__ import annotations

import os
import re
from collections.abc import Mapping
from pathlib import Path

import platformdirs
from sqlalchemy.engine import URL, make_url
from sqlalchemy.exc import ArgumentError, NoSuchModuleError

from app.store.errors import InvalidDatabaseUrl

APP_NAME = "backprop-quiz"
ENV_VAR = "BACKPROP_QUIZ_DB"
_URL_SCHEME = re.compile(r"[A-Za-z][A-Za-z0-9+.-]+:")  # 2+ letters: C:\ is a path


def default_url() -> str:
    """A SQLite file in the platform's user-data folder for this app."""
    folder = Path(platformdirs.user_data_dir(APP_NAME, appauthor=False))
    return URL.create("sqlite", database=str(folder / "progress.sqlite3")).render_as_string()


def resolve_url(cli_url: str | None = None, environ: Mapping[str, str] | None = None) -> str:
    """--db wins, then BACKPROP_QUIZ_DB, then the default; a bare path means a SQLite file.

    Anything starting like a URL ("sqlite:/x") is left as it is, for open_database to judge.
    """
    env = os.environ if environ is None else environ
    for candidate in (cli_url, env.get(ENV_VAR)):
        if candidate and candidate.strip():
            value = candidate.strip()
            if "://" not in value and not _URL_SCHEME.match(value):
                path = Path(value).expanduser().resolve()
                return URL.create("sqlite", database=str(path)).render_as_string()
            return value
    return default_url()


def parse_url(url: str) -> URL:
    """Parse a database URL, check its driver is installed, or say what a valid one is."""
    try:
        parsed = make_url(url)
        if parsed.drivername == "postgresql":
            parsed = parsed.set(drivername="postgresql+psycopg")  # the driver this app ships
        parsed.get_dialect().import_dbapi()
    except NoSuchModuleError as e:
        raise InvalidDatabaseUrl(
            f"{url!r} is not a usable database URL: {parsed.drivername!r} is no database kind "
            "SQLAlchemy knows. Use e.g. sqlite:////path/to/file.db or "
            "postgresql+psycopg://user@host/dbname."
        ) from e
    except (ArgumentError, ValueError) as e:
        raise InvalidDatabaseUrl(
            f"{url!r} is not a usable database URL ({e}). Use e.g. sqlite:////path/to/file.db "
            "or postgresql+psycopg://user@host/dbname."
        ) from e
    except ImportError as e:
        raise InvalidDatabaseUrl(
            f"the database driver for {parsed.drivername!r} is not installed ({e.name}). "
            "Install it, or use sqlite:///FILE or postgresql+psycopg://user@host/dbname."
        ) from e
    return parsed


def sqlite_path(url: URL) -> Path | None:
    """The file behind a SQLite URL, or None for in-memory and URI-style databases."""
    if url.get_backend_name() != "sqlite" or url.query.get("uri"):
        return None
    if url.database in (None, "", ":memory:"):
        return None
    return Path(url.database).expanduser()


def is_memory(url: URL) -> bool:
    """True for a SQLite database that lives in memory only."""
    database = url.database or ""
    return database in ("", ":memory:") or "mode=memory" in database
