"""An instructor's pack as data: frozen dataclasses for the pack and its question types.

A pack is read and validated by questions.packs.load; it is only ever data (nothing in it
is executed), and questions.packs.expand turns it into Questions.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from engine.spec import NetworkSpec
from questions.model import AuthoredKey, Choice, Kind, MistakeValue, NumericAnswer, Question
from questions.network.quantity import INDICES, QUANTITIES, Quantity
from questions.packs.authored import FiguredItem, Item
from questions.packs.formula_item import FormulaItem
from questions.packs.matrix_item import MatrixItem

_QUANTITY = re.compile(r"^\s*(?P<name>[a-z_]+)\s*(?P<indices>(\[\s*-?\d+\s*\]\s*)*)$")
_INDEX = re.compile(r"-?\d+")


def parse_quantity(text: str) -> Quantity:
    """Read `name[layer][unit]([input])`; ValueError says what is wrong and what is allowed."""
    match = _QUANTITY.match(text)
    if not match or match["name"] not in QUANTITIES:
        name = match["name"] if match else text
        raise ValueError(
            f"unknown quantity {name!r}; ask for one of {', '.join(QUANTITIES)} "
            "with indices, e.g. grad_weights[1][0][1]"
        )
    name = match["name"]
    indices = [int(n) for n in _INDEX.findall(match["indices"])]
    wanted = INDICES[name]
    if len(indices) != wanted:
        shape = {0: "no indices", 2: "[layer][unit]", 3: "[layer][unit][input]"}[wanted]
        raise ValueError(f"{name} takes {shape}, got {len(indices)} index(es) in {text!r}")
    if any(n < 0 for n in indices):
        raise ValueError(f"indices count from 0 and cannot be negative: {text!r}")
    return Quantity(name, *indices)


@dataclass(frozen=True)
class ChoiceItem(Item):
    """A single- or multiple-answer question with an explanation on every choice."""

    multiple: bool
    choices: tuple[Choice, ...]
    scoring: str  # multiple only: "partial" or "all-or-nothing" (docs/packs.md)

    def question(self, key: AuthoredKey, title: str, tags: tuple[str, ...]) -> Question:
        kind = Kind.MULTIPLE if self.multiple else Kind.SINGLE
        scoring = self.scoring if self.multiple else "all-or-nothing"
        return self.as_question(key, title, tags, kind, choices=self.choices, scoring=scoring)


class NumericItem(FiguredItem[float, MistakeValue]):
    """A typed number with the significant figures asked for; mistakes are optional."""

    def question(self, key: AuthoredKey, title: str, tags: tuple[str, ...]) -> Question:
        answer = NumericAnswer(self.value, self.sigfigs)
        return self.as_question(
            key, title, tags, Kind.NUMERIC, answer=answer, mistakes=self.mistakes
        )


@dataclass(frozen=True)
class NetworkItem(Item):
    """A quantity of an embedded network: the engine computes answer, mistakes and solution;
    its prompt is the instructor's lead-in and may be empty (a default one is written)."""

    spec: NetworkSpec
    ask: Quantity
    form: str  # "numeric" | "choice"
    sigfigs: int
    vary: bool = True  # False: every export variant is the network as written


@dataclass(frozen=True)
class FamilyItem:
    """`count` variants drawn from a question family at a level."""

    id: str
    family: str
    level: int
    count: int


PackItem = ChoiceItem | NumericItem | NetworkItem | FamilyItem | MatrixItem | FormulaItem
AuthoredItem = ChoiceItem | NumericItem | MatrixItem | FormulaItem
"""The items written as one question each (a network or family item is expanded)."""


@dataclass(frozen=True)
class Pack:
    """A validated pack: its [pack] table and its questions in file order."""

    id: str
    title: str
    author: str
    version: str
    items: tuple[PackItem, ...]
    description: str = ""
    source: str = ""
