"""The catalogue of question families: id -> family, in teaching order.

Every module in `questions.families` that defines `FAMILIES` contributes to it, so a new
family is one new module and nothing else to edit. The order is the topics' teaching order
(questions.model.TOPICS), then each family's stage within its topic, then its id.
"""

from __future__ import annotations

import importlib
import pkgutil
from functools import cache

from questions import families as families_package
from questions.families.base import Family, FamilyInfo
from questions.model import TOPICS, FamilyKey, Question


@cache
def _catalogue() -> dict[str, Family]:
    found: list[Family] = []
    for module in pkgutil.iter_modules(families_package.__path__):
        loaded = importlib.import_module(f"{families_package.__name__}.{module.name}")
        found.extend(getattr(loaded, "FAMILIES", ()))
    found.sort(key=lambda f: (TOPICS.index(f.info.topic), f.info.stage, f.info.id))
    catalogue: dict[str, Family] = {}
    for family in found:
        if family.info.id in catalogue:
            raise RuntimeError(f"two families share the id {family.info.id!r}")
        catalogue[family.info.id] = family
    return catalogue


def families() -> list[FamilyInfo]:
    """What every family is, in teaching order."""
    return [family.info for family in _catalogue().values()]


def family(family_id: str) -> Family:
    """The family with this id; KeyError lists the ids there are."""
    try:
        return _catalogue()[family_id]
    except KeyError:
        known = ", ".join(_catalogue())
        raise KeyError(f"unknown family {family_id!r} (known: {known})") from None


def families_for(topic: str) -> list[FamilyInfo]:
    """The families that teach a topic."""
    return [info for info in families() if info.topic == topic]


def regenerate(key: FamilyKey) -> Question:
    """The identical question for a key, on any machine and any run."""
    return family(key.family).question(key.level, key.seed)
