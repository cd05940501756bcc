"""Random dense networks for property tests: any depth, widths 1-3, every activation and loss."""

from __future__ import annotations

from hypothesis import strategies as st

from engine.spec import ACTIVATION_NAMES, LOSS_NAMES, LayerSpec, NetworkSpec

numbers = st.floats(-2.0, 2.0, allow_nan=False)


@st.composite
def networks(draw) -> NetworkSpec:
    sizes = draw(st.lists(st.integers(1, 3), min_size=2, max_size=4))
    loss = draw(st.sampled_from(LOSS_NAMES))
    if loss == "softmax_ce":
        sizes[-1] = max(sizes[-1], 2)
    activations = [draw(st.sampled_from(ACTIVATION_NAMES)) for _ in sizes[1:]]
    if loss == "bce":
        activations[-1] = "sigmoid"
    layers = tuple(
        LayerSpec(
            tuple(tuple(draw(numbers) for _ in range(n_in)) for _ in range(n_out)),
            tuple(draw(numbers) for _ in range(n_out)),
            activation,
        )
        for n_in, n_out, activation in zip(sizes, sizes[1:], activations, strict=False)
    )
    if loss == "softmax_ce":
        raw = [draw(st.floats(0.0, 1.0)) + 1e-3 for _ in range(sizes[-1])]
        targets = tuple(r / sum(raw) for r in raw)
    elif loss == "bce":
        targets = tuple(draw(st.floats(0.0, 1.0)) for _ in range(sizes[-1]))
    else:
        targets = tuple(draw(numbers) for _ in range(sizes[-1]))
    inputs = tuple(draw(numbers) for _ in range(sizes[0]))
    return NetworkSpec(inputs, targets, loss, draw(st.floats(0.01, 1.0)), layers)
