"""Convolution output size: ⌊(n + 2p − k)/s⌋ + 1, with the classic slips as distractors."""

from __future__ import annotations

import numpy as np

from questions.families.conv_output_shape import ConvOutputShape


def test_a_padded_strided_layer_and_its_mistakes() -> None:
    family = ConvOutputShape()
    params = {name: np.array([v]) for name, v in {"n": 32.0, "k": 5.0, "p": 2.0, "s": 2.0}.items()}
    solved = family.solve(params, 3)
    assert solved.answer[0] == solved.check[0] == 16.0  # ⌊(32 + 4 − 5)/2⌋ + 1
    assert solved.mistakes["conv-shape-no-plus-one"][0] == 15.0
    assert solved.mistakes["conv-shape-padding-once"][0] == 15.0  # ⌊29/2⌋ + 1
    assert solved.mistakes["conv-shape-ignored-stride"][0] == 32.0
