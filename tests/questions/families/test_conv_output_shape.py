"""Convolution output size: ⌊(n + 2p − k)/s⌋ + 1, with the classic slips as distractors, for
one layer and for two in sequence."""

from __future__ import annotations

import numpy as np

from questions.families.conv_output_shape import ConvOutputShape


def _params(**values: float) -> dict[str, np.ndarray]:
    return {name: np.array([v]) for name, v in values.items()}


def test_a_padded_strided_layer_and_its_mistakes() -> None:
    solved = ConvOutputShape().solve(_params(n=32, k1=5, p1=2, s1=2), 2)
    assert solved.answer[0] == solved.check[0] == 16.0  # ⌊(32 + 4 − 5)/2⌋ + 1
    assert solved.mistakes["conv-shape-no-plus-one"][0] == 15.0
    assert solved.mistakes["conv-shape-padding-once"][0] == 15.0  # ⌊29/2⌋ + 1
    assert solved.mistakes["conv-shape-ignored-stride"][0] == 32.0


def test_two_layers_feed_the_first_size_to_the_second() -> None:
    solved = ConvOutputShape().solve(_params(n=32, k1=5, p1=2, s1=2, k2=3, p2=0, s2=2), 3)
    assert solved.answer[0] == solved.check[0] == 7.0  # 16, then ⌊13/2⌋ + 1
    assert solved.mistakes["conv-shape-no-plus-one"][0] == 6.0  # 15, then ⌊12/2⌋
    assert solved.mistakes["conv-shape-ignored-stride"][0] == 30.0  # 32, then 30


def test_each_level_adds_steps() -> None:
    family = ConvOutputShape()
    assert [len(family.question(level, 2).solution) for level in (1, 2, 3)] == [3, 4, 8]
