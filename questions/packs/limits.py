"""A pack's stated limits: generous for any course, small enough that work stays bounded.

`pack validate` checks each at its FILE:LINE:COL; `expand` refuses exports beyond the
variant and question limits before doing any work. docs/packs.md lists them for authors.
"""

from __future__ import annotations

from engine.toml_text import MAX_NESTING, MAX_WORD

MAX_PACK_CHARS = 2_000_000
"""Longest pack text, in characters (about 2 MB)."""

MAX_QUESTIONS = 500
"""Most [[question]] tables in one pack."""

MAX_TEXT = 10_000
"""Longest text (prompt, choice, explanation, hint, solution step, [pack] field), in characters."""

MAX_UNITS = 16
"""Most units in one layer of a network question, its inputs included."""

MAX_LAYERS = 6
"""Most [[question.network.layers]] in one network question."""

MAX_VARIANTS = 1000
"""Most variants of each network or family question in one export."""

MAX_EXPORT_QUESTIONS = 100_000
"""Most questions one export (all its students together, for a printed exam) may hold."""

__all__ = [
    "MAX_EXPORT_QUESTIONS",
    "MAX_LAYERS",
    "MAX_NESTING",
    "MAX_PACK_CHARS",
    "MAX_QUESTIONS",
    "MAX_TEXT",
    "MAX_UNITS",
    "MAX_VARIANTS",
    "MAX_WORD",
    "PackLimitError",
]


class PackLimitError(ValueError):
    """An export beyond the stated limits; the message says which limit and by how much."""
