"""Store errors: each message says what went wrong and what the user can do about it."""

from __future__ import annotations


class StoreError(Exception):
    """Base class of every error the progress store raises on purpose."""


class InvalidDatabaseUrl(StoreError):
    """The --db value or BACKPROP_QUIZ_DB is not a URL SQLAlchemy understands."""


class DatabaseNotFound(StoreError):
    """There is no database file where one was expected (and none may be created there)."""


class DatabaseUnreadable(StoreError):
    """The file is not a SQLite database, is corrupt, or is another program's database."""


class DatabaseTooNew(StoreError):
    """The database was written by a newer version of the app; it is left as it is."""


class SchemaOutdated(StoreError):
    """The schema is older than the app, and this reader may not (or must not) upgrade it."""


class DatabaseUnreachable(StoreError):
    """A database server could not be reached or refused the connection."""


class DatabaseReadOnly(StoreError):
    """The database file or its folder cannot be written; it was left as it was."""


class DatabaseWriteFailed(StoreError):
    """Reading or writing the database failed midway (a full disk, an I/O error, a lost link)."""


class MigrationFailed(StoreError):
    """A schema upgrade failed; the database was rolled back or a backup is available."""


class ProfileNotFound(StoreError):
    """No profile with that id or name."""


class ProfileExists(StoreError):
    """A profile with that name already exists."""


class InvalidProfileName(StoreError):
    """A profile name is empty or too long."""


class SessionNotFound(StoreError):
    """No session with that id."""


class ImportFormatError(StoreError):
    """Progress data to import is not in the format export_progress writes."""


class InvalidRecord(StoreError):
    """A record given to the repository breaks a rule of the store (mode, owner, settings)."""
