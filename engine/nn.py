"""Dense networks built from a NetworkSpec, run forward and backward for N variants at once.

Every array carries the variant axis first. One call of `forward_backward` builds the graph
from engine.ops, calls backward once, and reads every layer's values and gradients off the
finished graph, with one SGD step applied to the weights as they were before it.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from engine import ops
from engine.activations import ACTIVATIONS, per_variant
from engine.losses import LOSSES
from engine.optim import sgd_step
from engine.spec import NetworkSpec
from engine.tensor import Tensor, variable


@dataclass(frozen=True)
class NetworkBatch:
    """N variants of one network shape: every array has the variant axis first."""

    inputs: np.ndarray  # (N, n0)
    targets: np.ndarray  # (N, nL)
    weights: tuple[np.ndarray, ...]  # per layer (N, n_out, n_in)
    biases: tuple[np.ndarray, ...]  # per layer (N, n_out)
    activations: tuple[str, ...]
    loss: str
    learning_rate: float | np.ndarray  # one rate, or one per variant (N,)
    # Per layer, each variant's own activation, where the variants differ (one pass for a
    # mixed batch); `activations` then names the first variant's.
    each_activation: tuple[tuple[str, ...], ...] | None = None

    @classmethod
    def from_spec(cls, spec: NetworkSpec) -> NetworkBatch:
        """The one variant (N = 1) a NetworkSpec describes."""
        return cls(
            inputs=np.array([spec.inputs], dtype=np.float64),
            targets=np.array([spec.targets], dtype=np.float64),
            weights=tuple(np.array([layer.weights], dtype=np.float64) for layer in spec.layers),
            biases=tuple(np.array([layer.biases], dtype=np.float64) for layer in spec.layers),
            activations=tuple(layer.activation for layer in spec.layers),
            loss=spec.loss,
            learning_rate=spec.learning_rate,
        )

    @property
    def variants(self) -> int:
        """N, the number of variants."""
        return self.inputs.shape[0]

    @property
    def layer_sizes(self) -> tuple[int, ...]:
        """Units per layer, inputs first."""
        return (self.inputs.shape[1], *(b.shape[1] for b in self.biases))


@dataclass(frozen=True)
class LayerRun:
    """One layer's forward values and gradients, variant axis first."""

    inputs: np.ndarray  # (N, n_in): what this layer reads (the layer below's out)
    net: np.ndarray  # (N, n_out): W x + b
    out: np.ndarray  # (N, n_out): activation(net)
    grad_out: np.ndarray  # dLoss/d out
    local: np.ndarray  # d out / d net, the activation's derivative at net
    delta: np.ndarray  # dLoss/d net = grad_out * local
    grad_weights: np.ndarray  # (N, n_out, n_in): outer product delta x^T
    grad_biases: np.ndarray  # (N, n_out): equals delta
    weights: np.ndarray  # before the step
    biases: np.ndarray
    new_weights: np.ndarray  # after one SGD step
    new_biases: np.ndarray


LAYER_QUANTITIES = (
    "net",
    "out",
    "grad_out",
    "delta",
    "grad_weights",
    "grad_biases",
    "new_weights",
    "new_biases",
)
"""The LayerRun fields `solve --json` prints for each layer, in the order docs/design.md gives."""


@dataclass(frozen=True)
class NetworkRun:
    """The finished forward and backward pass of a NetworkBatch."""

    layers: tuple[LayerRun, ...]
    loss: np.ndarray  # (N,)
    outputs: np.ndarray  # (N, nL): the last layer's out
    probabilities: np.ndarray | None  # softmax of the outputs, for softmax_ce only
    targets: np.ndarray
    loss_name: str
    activations: tuple[str, ...]
    learning_rate: np.ndarray  # (N,)


def forward_backward(batch: NetworkBatch) -> NetworkRun:
    """Run the network forward, backpropagate the loss once, and take one SGD step."""
    n = batch.variants
    x = variable(batch.inputs, "inputs")
    params: list[tuple[Tensor, Tensor]] = []
    nodes: list[tuple[Tensor, Tensor, Tensor, str]] = []  # (input, net, out, activation)
    below = x
    for position, (w_value, b_value, name) in enumerate(
        zip(batch.weights, batch.biases, batch.activations, strict=True)
    ):
        w, b = variable(w_value), variable(b_value)
        net = ops.add(ops.matvec(w, below), b)
        if batch.each_activation is None:
            out = ACTIVATIONS[name].op(net)
        else:
            out = per_variant(net, batch.each_activation[position])
        params.append((w, b))
        nodes.append((below, net, out, name))
        below = out
    loss = LOSSES[batch.loss](below, variable(batch.targets))
    loss.backward()

    rate = np.broadcast_to(np.asarray(batch.learning_rate, dtype=np.float64).reshape(-1), (n,))
    layers = []
    for (w, b), (inp, net, out, name) in zip(params, nodes, strict=True):
        grad_out = out.gradient
        slopes = out.local_gradients()  # a primitive activation's own rule, to the last bit
        local = (
            slopes[0] if len(slopes) == 1 else ACTIVATIONS[name].derivative(net.value, out.value)
        )
        layers.append(
            LayerRun(
                inputs=inp.value,
                net=net.value,
                out=out.value,
                grad_out=grad_out,
                local=np.broadcast_to(local, out.value.shape),
                delta=net.gradient,
                grad_weights=w.gradient,
                grad_biases=b.gradient,
                weights=w.value,
                biases=b.value,
                new_weights=sgd_step(w.value, w.gradient, rate[:, None, None]),
                new_biases=sgd_step(b.value, b.gradient, rate[:, None]),
            )
        )
    outputs = below.value
    probabilities = ops.softmax(outputs).value if batch.loss == "softmax_ce" else None
    return NetworkRun(
        layers=tuple(layers),
        loss=loss.value,
        outputs=outputs,
        probabilities=probabilities,
        targets=batch.targets,
        loss_name=batch.loss,
        activations=batch.activations,
        learning_rate=rate,
    )


@dataclass(frozen=True)
class UnitNames:
    """Names worked solutions use, indexed like the spec: layer 0 is the inputs.

    units[l][j] names unit j of layer l (i1, h1, o1); weights[l][j][i] names the weight
    from unit i of layer l to unit j of layer l + 1 (w1, w2, ...); biases[l][j] that unit's
    bias (b_h1, b_o1).
    """

    units: tuple[tuple[str, ...], ...]
    weights: tuple[tuple[tuple[str, ...], ...], ...]
    biases: tuple[tuple[str, ...], ...]


def unit_names(layer_sizes: Sequence[int]) -> UnitNames:
    """Names for a network with these layer sizes (inputs first), Mazur's numbering.

    Inputs are i1, i2 ...; with one hidden layer its units are h1, h2 ...; with more,
    h1_2 is unit 2 of hidden layer 1; outputs are o1, o2 .... Weights count w1, w2, ...
    layer by layer, row-major over weights[j][i]; so for 2-2-2, w1 is i1->h1, w2 i2->h1,
    w3 i1->h2, w4 i2->h2, w5 h1->o1, w6 h2->o1, w7 h1->o2, w8 h2->o2.
    """
    sizes = list(layer_sizes)
    if len(sizes) < 2 or any(size < 1 for size in sizes):
        raise ValueError(f"expected an input layer and at least one layer of units, got {sizes}")
    hidden = len(sizes) - 2
    units: list[tuple[str, ...]] = [tuple(f"i{k + 1}" for k in range(sizes[0]))]
    for layer in range(1, len(sizes) - 1):
        prefix = "h" if hidden == 1 else f"h{layer}_"
        units.append(tuple(f"{prefix}{k + 1}" for k in range(sizes[layer])))
    units.append(tuple(f"o{k + 1}" for k in range(sizes[-1])))
    weights = []
    counter = 0
    for layer in range(len(sizes) - 1):
        rows = []
        for _ in range(sizes[layer + 1]):
            rows.append(tuple(f"w{counter + i + 1}" for i in range(sizes[layer])))
            counter += sizes[layer]
        weights.append(tuple(rows))
    biases = tuple(tuple(f"b_{name}" for name in layer) for layer in units[1:])
    return UnitNames(tuple(units), tuple(weights), biases)
