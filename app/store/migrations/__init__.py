"""Alembic migrations of the progress store; run by app.store.database at open."""
