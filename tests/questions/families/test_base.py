"""What every family shares: typed draws stacked, and redraws that keep the first good draw."""

from __future__ import annotations

import gc
import zlib
from collections.abc import Mapping
from dataclasses import dataclass

import numpy as np
import pytest

from questions import registry
from questions.families.base import (
    Family,
    FamilyInfo,
    Params,
    Row,
    Solved,
    record,
    rng_for,
    stack,
)
from questions.model import FamilyKey, Kind, Question


@dataclass(frozen=True)
class Note:
    name: str


class Coin(Family):
    """Draws a number; only numbers above 0.8 are acceptable, so most variants are redrawn."""

    info = FamilyInfo("coin", "Coin", "purpose", Kind.NUMERIC)

    def draw(self, rng: np.random.Generator, level: int) -> Mapping[str, object]:
        return {"x": float(rng.random()), "note": Note("tails")}

    def solve(self, params: Params, level: int) -> Solved:
        return Solved(answer=params["x"].copy(), check=params["x"].copy())

    def acceptable(self, params: Params, solved: Solved, level: int) -> np.ndarray:
        return solved.answer > 0.8

    def build(self, key: FamilyKey, params: Mapping[str, np.ndarray], row: Row) -> Question:
        prompt = record(params, "note", Note).name
        return self.numeric_question(key, row, prompt, (), ())


def test_a_redrawn_variant_is_the_first_acceptable_draw_of_its_generator() -> None:
    family = Coin()
    questions = family.generate(1, range(200))
    for seed, question in zip(range(200), questions, strict=True):
        rng = rng_for("coin", 1, seed)
        first_good = next(x for x in iter(rng.random, None) if x > 0.8)
        assert question.answer is not None and question.answer.value == first_good


def test_numbers_stack_as_floats_and_records_as_objects() -> None:
    params = stack(
        [
            {"x": 0.5, "w": np.ones(2), "note": Note("a")},
            {"x": 1, "w": np.zeros(2), "note": Note("b")},
        ]
    )
    assert params["x"].dtype == np.float64 and params["w"].shape == (2, 2)
    assert params["note"].dtype == object and params["note"][1] == Note("b")
    assert record({k: v[0] for k, v in params.items()}, "note", Note) == Note("a")


class Declared(Coin, id="declared", topic="purpose", stage=2):
    """A declared coin

    Declared in its class line:
    its docstring is the catalogue's entry.
    """


def test_a_family_declared_in_its_class_line_takes_its_entry_from_its_docstring() -> None:
    assert Declared.info == FamilyInfo(
        "declared",
        "A declared coin",
        "purpose",
        Kind.NUMERIC,
        "Declared in its class line: its docstring is the catalogue's entry.",
        stage=2,
    )
    assert Coin.info.id == "coin"  # a family setting info itself keeps it


def test_a_formula_family_asks_for_a_formula_unless_it_says_otherwise() -> None:
    from questions.registry import family

    assert family("chain-rule-formula").info.kind is Kind.FORMULA
    assert family("batch-matrix-gradient").info.kind is Kind.MATRIX


def test_a_declared_family_without_a_description_is_refused() -> None:
    with pytest.raises(TypeError, match="docstring is its title, a blank line"):

        class Bare(Coin, id="bare", topic="purpose"):
            """Only a title"""


@pytest.mark.parametrize("seed", [0, 1, 17, 2**31 - 1, 2**32 - 1, 2**32, 2**40 + 3])
def test_a_keys_generator_is_numpys_for_the_key_as_a_list(seed: int) -> None:
    family = "hidden-weight-gradient"
    expected = np.random.default_rng([zlib.crc32(family.encode()), 2, seed])
    assert rng_for(family, 2, seed).random(8).tolist() == expected.random(8).tolist()


def test_a_batch_pauses_the_cycle_collector_and_leaves_it_as_it_was() -> None:
    family = registry.family("unit-delta")
    assert gc.isenabled()
    seen: list[bool] = []
    original = family.build

    def build(*args: object) -> Question:
        seen.append(gc.isenabled())
        return original(*args)  # type: ignore[arg-type]

    family.build = build  # type: ignore[method-assign, assignment]
    try:
        family.generate(2, range(3))
    finally:
        del family.build
    assert seen == [False, False, False] and gc.isenabled()
    gc.disable()
    try:
        family.generate(2, range(2))
        assert not gc.isenabled()
    finally:
        gc.enable()
