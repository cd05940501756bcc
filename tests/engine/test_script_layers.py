"""The layer functions by name in a tensor script: each gradient equals central differences of
the whole script, and each node's rule names its layer's backward."""

from __future__ import annotations

import numpy as np
import pytest

from engine.gradcheck import central_difference, relative_error
from engine.script import run_script

rng = np.random.default_rng(5)
CNN = {
    "x": rng.standard_normal((2, 1, 6, 6)),
    "w": rng.standard_normal((3, 1, 3, 3)) * 0.5,
    "b": rng.standard_normal(3) * 0.1,
    "W": rng.standard_normal((12, 4)) * 0.3,
    "y": np.array([1, 3]),
}
SCRIPTS = {
    "conv, pool and cross-entropy": (
        "c = relu(conv2d(x, w, b, stride=1, padding=1))\n"
        "p = max_pool2d(c, 3, stride=3)\n"
        "a = avg_pool2d(p, k=1)\n"
        "flat = a.reshape(2, -1)\n"
        "z = flat @ W\n"
        "loss = cross_entropy(z, y)",
        CNN,
    ),
    "norms and dropout": (
        "h = batch_norm(z, g, be, eps=1e-5)\n"
        "l = layer_norm(h, g, be)\n"
        "d = dropout(l, mask, 0.25)\n"
        "loss = (d * d).sum() / 7",
        {
            "z": rng.standard_normal((5, 4)),
            "g": rng.standard_normal(4) * 0.3 + 1,
            "be": rng.standard_normal(4) * 0.1,
            "mask": (rng.random((5, 4)) > 0.25).astype(float),
        },
    ),
    "attention, stack and concat": (
        "o = attention(q, k, v, causal=True)\n"
        "s = stack(o, q, axis=0)\n"
        "c = concat(o, v, axis=1)\n"
        "loss = (s ** 2).mean() + c.max(1).sum() + c.min() + c.var(0).sum()",
        {
            "q": rng.standard_normal((3, 2)),
            "k": rng.standard_normal((3, 2)),
            "v": rng.standard_normal((3, 2)),
        },
    ),
}


@pytest.mark.parametrize("name", list(SCRIPTS))
def test_every_input_gradient_equals_central_differences(name: str) -> None:
    script, inputs = SCRIPTS[name]
    solved = run_script(script, inputs)
    for label, array in inputs.items():
        if array.dtype.kind == "i" or label == "mask":
            continue

        def loss(values: np.ndarray, label: str = label) -> np.ndarray:
            changed = {**inputs, label: values[0]}
            return np.array([float(run_script(script, changed).run.value("loss"))])

        expected = central_difference(loss, array[None])[0]
        # Differences at h = 1e-6 of a loss near 2 round to about eps * 2 / h = 4e-10, so a
        # gradient entry below 1e-3 is held to 1e-9 absolute rather than 1e-6 relative.
        assert relative_error(solved.run.gradient(label), expected, floor=1e-3) < 1e-6, label


def test_each_layers_rule_says_how_its_gradient_came() -> None:
    solved = run_script(*SCRIPTS["conv, pool and cross-entropy"])
    assert solved.rules["b"] == [
        "from conv2d(x, w, b, stride=1, padding=1): the upstream gradient summed over the "
        "batch, height and width (one per filter)"
    ]
    assert "sent to the first maximum of each window" in solved.rules["c"][0]
    assert solved.shape("p") == (2, 3, 2, 2)
    assert solved.rules["z"] == [
        "from cross_entropy(z, y): (softmax(logits) − one_hot(y)) / B, B the batch size"
    ]


@pytest.mark.parametrize(
    ("script", "message"),
    [
        ("loss = conv2d(x).sum()", "conv2d() needs 'w': conv2d(x, w, b, stride, padding)"),
        ("loss = cross_entropy(x.reshape(2, -1), W)", "cross_entropy's targets y must be"),
        ("loss = max_pool2d(x, 7).sum()", "max_pool2d: a window of 7 does not fit in 6"),
        ("loss = batch_norm(x, W).sum()", "line 1, column 8: batch_norm"),
    ],
)
def test_a_layer_misused_is_refused_at_its_call(script: str, message: str) -> None:
    with pytest.raises(ValueError, match="line 1, column 8: ") as caught:
        run_script(script, CNN)
    assert message in str(caught.value)
