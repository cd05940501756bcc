"""What the catalogue says of a family, apart from the family itself (no numpy, no engine):
what start-up reads before any family module is imported."""

from __future__ import annotations

from dataclasses import dataclass

from questions.model import Kind

LEVELS: tuple[int, ...] = (1, 2, 3)


@dataclass(frozen=True)
class FamilyInfo:
    """What the catalogue shows about a family."""

    id: str
    title: str
    topic: str  # the catalogue lists families in the order of questions.model.TOPICS
    kind: Kind
    description: str = ""
    levels: tuple[int, ...] = LEVELS
    stage: int = 1  # where in its topic the family comes: 1 first, then 2 ...
