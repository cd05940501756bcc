"""docs/packs.md is the complete reference: every field, name and format the code knows."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

import pytest

from engine.activations import ACTIVATIONS
from engine.losses import LOSS_KINDS
from engine.spec import NETWORK_KEYS
from questions import registry
from questions.mistakes import MISTAKES
from questions.model import TOPICS
from questions.network.quantity import QUANTITIES
from questions.packs import read_pack
from questions.packs.items import CHOICE_KEYS, KEYS, SCORING, TYPES
from questions.packs.load import PACK_KEYS

DOC = (Path(__file__).resolve().parents[3] / "docs" / "packs.md").read_text(encoding="utf-8")
FORMATS = ("moodle", "gift", "anki", "csv", "pdf")


def listed(name: str) -> bool:
    """Whether the reference names it in code: `name` or `"name"`."""
    return f"`{name}`" in DOC or f'`"{name}"`' in DOC


def test_every_field_of_every_question_type_is_in_the_reference() -> None:
    fields = {*PACK_KEYS, *CHOICE_KEYS, *NETWORK_KEYS, "weights", "biases"}  # a mistake: KEYS
    fields |= {key for keys in KEYS.values() for key in keys}
    missing = sorted(f for f in fields if not listed(f))
    assert missing == []


@pytest.mark.parametrize(
    "names",
    [
        TYPES,
        SCORING,
        TOPICS,
        tuple(MISTAKES),
        tuple(ACTIVATIONS),
        tuple(LOSS_KINDS),
        QUANTITIES,
        tuple(f.id for f in registry.families()),
        FORMATS,
    ],
)
def test_every_name_a_pack_may_use_is_listed(names) -> None:
    assert sorted(n for n in names if not listed(n)) == []


def test_every_example_in_the_reference_validates() -> None:
    blocks = re.findall(r"```toml\n(.*?)```", DOC, re.S)
    assert len(blocks) == 7  # one per question type, two for a matrix
    head = '[pack]\nid = "doc"\ntitle = "Doc"\nauthor = "T"\nversion = "1"\n\n'
    for block in blocks:
        tomllib.loads(block)
        pack = read_pack(head + block, "docs/packs.md")
        assert len(pack.items) == 1
