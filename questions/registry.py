"""The catalogue of question families: id -> family, in teaching order.

Every module in `questions.families` that defines `FAMILIES` contributes to it, so a new
family is one new module and nothing else to edit. The order is the topics' teaching order
(questions.model.TOPICS), then each family's stage within its topic, then its id.

The family modules (numpy, the engine) are imported on first use, not with this module:
`families_cached` answers what the catalogue lists from a file written the first time, so
an app can show its skills before any family is loaded.
"""

from __future__ import annotations

import hashlib
import importlib
import json
import os
import pkgutil
from dataclasses import asdict
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from questions import families as families_package
from questions.atomic import write_text
from questions.families.info import FamilyInfo
from questions.model import TOPICS, FamilyKey, Kind, Question

if TYPE_CHECKING:
    from questions.families.base import Family


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


def families_cached(folder: Path) -> list[FamilyInfo]:
    """`families()` without importing a family: read from `folder` where an earlier run wrote
    it for these very family files (named by a digest of their paths, sizes and times), else
    worked out and written there for the next start (a folder that cannot be written to only
    costs the speed)."""
    path = folder / f"families-{_source_digest()}.json"
    try:
        return [_info(entry) for entry in json.loads(path.read_text(encoding="utf-8"))]
    except (OSError, ValueError, TypeError, KeyError):
        pass
    infos = families()
    try:
        folder.mkdir(parents=True, exist_ok=True)
        write_text(path, json.dumps([asdict(info) for info in infos]))
    except OSError:
        pass
    return infos


def _info(entry: dict[str, Any]) -> FamilyInfo:
    """A FamilyInfo from its JSON object; ValueError or TypeError where a field is not what
    the catalogue writes."""
    levels = tuple(entry["levels"])
    texts = (entry["id"], entry["title"], entry["topic"], entry["description"])
    if not (
        all(isinstance(text, str) for text in texts)
        and entry["topic"] in TOPICS
        and levels
        and all(type(level) is int for level in (*levels, entry["stage"]))
    ):
        raise ValueError(f"not a family's catalogue entry: {entry!r}")
    return FamilyInfo(*texts[:3], Kind(entry["kind"]), texts[3], levels, entry["stage"])


def _source_digest() -> str:
    """A digest of every file the catalogue comes from (the family modules, their kits and
    the formula families' TOML) and of the model the entries are made of."""
    digest = hashlib.sha256()
    root = Path(families_package.__path__[0])
    model = Path(importlib.import_module("questions.model").__file__ or "")
    for path in sorted([*root.rglob("*.py"), *root.rglob("*.toml"), model]):
        stat = os.stat(path)
        digest.update(
            f"{path.relative_to(root.parent)}:{stat.st_size}:{stat.st_mtime_ns};".encode()
        )
    return digest.hexdigest()[:16]
