"""Alembic revisions, oldest first: 0001 the first schema, each later one a step from it."""
