"""Shapes: every offered shape is explained, and the right one is what the engine produces."""

from __future__ import annotations

import re

import pytest

from questions.families.shapes import TARGETS, Shapes, measured
from questions.families.shapes_text import options, text
from questions.grading import grade

FAMILY = Shapes()


def test_the_engine_gives_the_textbook_shapes_for_a_batch() -> None:
    # 8 examples, 3 inputs, 2 units; two variants in one pass
    assert measured("dW", 3, 2, 8, count=2) == (2, 3)
    assert measured("db", 3, 2, 8, count=2) == (2,)
    assert measured("delta", 3, 2, 8, count=2) == (8, 2)
    assert measured("H", 3, 2, 8, count=2) == (8, 2)
    assert measured("dX", 3, 2, 8, count=2) == (8, 3)


def test_a_layer_above_leaves_the_first_layers_shapes_as_they_are() -> None:
    # 8 examples, 3 inputs, 2 units, then 4 units on top: the error passes back through them
    assert measured("dW", 3, 2, 8, count=2, above=4) == (2, 3)
    assert measured("delta", 3, 2, 8, count=2, above=4) == (8, 2)
    assert measured("dX", 3, 2, 8, count=2, above=4) == (8, 3)


def test_steps_grow_with_the_level() -> None:
    counts = {
        level: {len(q.solution) for q in FAMILY.generate(level, range(80))} for level in (1, 2, 3)
    }
    assert counts == {1: {2}, 2: {2, 3}, 3: {5, 6}}
    deep = FAMILY.generate(3, range(20))
    assert all(any(s.id == "fanout:H" for s in q.solution) for q in deep)  # back through W_2


def test_one_example_uses_vectors() -> None:
    assert measured("dW", 4, 3, 1, count=1) == (3, 4)
    assert measured("dx", 4, 3, 1, count=1) == (4,)
    assert measured("delta", 4, 3, 1, count=1) == (3,)


def test_the_transposed_weight_gradient_is_a_named_mistake() -> None:
    offered = options("dW", 3, 2, 8)
    assert text(offered[1].shape) == "(3, 2)"
    assert offered[1].mistake == "transposed-weight"


ASKED = {"W$": "dW", "b$": "db", "Z$": "delta", "t$": "delta", "H$": "H", "X$": "dX", "x$": "dx"}


@pytest.mark.parametrize("level", [1, 2, 3])
def test_the_one_right_choice_is_the_engines_shape(level: int) -> None:
    for q in FAMILY.generate(level, range(60)):
        n_in, n_out = map(int, re.search(r"has (\d+) inputs and (\d+) units", q.prompt).groups())
        batch = re.search(r"a batch of (\d+)", q.prompt)
        above = re.search(r"A second layer of (\d+) units", q.prompt)
        assert (above is not None) == (level == 3)  # level 3 asks through a layer above
        target = ASKED[q.prompt.removesuffix("?").removesuffix(" of the first layer")[-2:]]
        size = int(batch[1]) if batch else 1
        shape = measured(target, n_in, n_out, size, count=1, above=int(above[1]) if above else 0)
        assert [c.text for c in q.choices if c.correct] == [text(shape)]
        assert q.solution[-1].result == text(shape)
        wrong = next(i for i, c in enumerate(q.choices) if not c.correct)
        verdict = grade(q, wrong)
        assert not verdict.correct and verdict.message == q.choices[wrong].explanation


def test_every_level_asks_about_each_of_its_targets() -> None:
    for level, targets in TARGETS.items():
        prompts = {q.prompt.rsplit("shape of ", 1)[1] for q in FAMILY.generate(level, range(80))}
        assert len(prompts) == len(targets)
