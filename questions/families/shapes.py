"""Family 12: shapes in the matrix form of backprop: dE/dW, dE/db, deltas, activations.

Level 1 is one layer and one example; level 2 one layer and a batch, through its deltas;
level 3 the first layer of a two-layer network, its error passed back through the second.
"""

from __future__ import annotations

from collections.abc import Mapping
from functools import cache

import numpy as np

from engine import ops, variable
from questions.families.base import Family, Params, Row, Solved, record
from questions.families.shapes_text import Layer, options, prompt, solution, text
from questions.model import Choice, FamilyKey, Kind, Question

TARGETS = {
    1: ("dW", "db", "delta", "dx"),
    2: ("dW", "db", "H", "delta"),
    3: ("delta", "dX", "dW", "db"),
}
BATCHES = (8, 10, 16, 32)  # larger than any layer width, so no two shapes read alike


def measured(
    target: str, n_in: int, n_out: int, batch: int, count: int, above: int = 0
) -> tuple[int, ...]:
    """The shape per variant that the engine itself gives, for `count` variants at once; with
    `above` units in a second layer on top, the first layer's (the asked one's) shapes."""
    values = np.linspace(-0.5, 0.5, count * n_out * n_in).reshape(count, n_out, n_in)
    w, b = variable(values), variable(np.full((count, n_out), 0.1))
    if batch == 1:
        x = variable(np.full((count, n_in), 0.3))
        z = ops.add(ops.matvec(w, x), b)
    else:
        x = variable(np.full((count, batch, n_in), 0.3))
        z = ops.add(ops.matmul(x, ops.transpose(w)), ops.reshape(b, (1, n_out)))
    h = ops.sigmoid(z)
    if above:  # a second layer on top: the error reaches this one through its weights
        w2 = np.linspace(-0.4, 0.6, count * above * n_out).reshape(count, above, n_out)
        top = ops.add(ops.matmul(h, ops.transpose(variable(w2))), 0.2)
        ops.sum_(ops.mul(ops.sigmoid(top), ops.sigmoid(top))).backward()
    else:
        ops.sum_(ops.mul(h, h)).backward()
    node = {"dW": w.gradient, "db": b.gradient, "delta": z.gradient, "H": h.value}
    node["dX"] = node["dx"] = x.gradient
    return node[target].shape[1:]


@cache
def _measured(target: str, n_in: int, n_out: int, batch: int, above: int) -> tuple[int, ...]:
    """The engine's shape for one layout, measured once: the check of every variant drawn so."""
    return measured(target, n_in, n_out, batch, 2, above)


class Shapes(Family, id="shapes", topic="mlp-backprop", kind=Kind.SINGLE, stage=4):
    """Shapes in matrix-form backprop

    Shapes of dE/dW, dE/db, the deltas and activations for a batch.
    """

    def draw(self, rng: np.random.Generator, level: int) -> Mapping[str, object]:
        n_in, n_out, *above = (int(v) + 2 for v in rng.choice(5, 3 if level == 3 else 2, False))
        batch = 1 if level == 1 else int(rng.choice(BATCHES))
        target = TARGETS[level][int(rng.integers(0, 4))]
        order = tuple(int(k) for k in rng.permutation(4))
        return {"layer": Layer(target, n_in, n_out, batch, order, *above)}

    def solve(self, params: Params, level: int) -> Solved:
        layers: list[Layer] = params["layer"].tolist()
        n = len(layers)
        answer, check = np.empty(n), np.empty(n)
        groups: dict[tuple[str, int, int, int, int], list[int]] = {}
        for row, layer in enumerate(layers):
            drawn = (layer.target, layer.n_in, layer.n_out, layer.batch, layer.above)
            groups.setdefault(drawn, []).append(row)
        for (name, n_in, n_out, batch, above), rows in groups.items():
            shapes = [o.shape for o in options(name, n_in, n_out, batch)]
            engine = _measured(name, n_in, n_out, batch, above)
            for row in rows:
                shown = [shapes[k] for k in layers[row].order]
                answer[row] = shown.index(shapes[0])
                check[row] = shown.index(engine) if engine in shown else -1.0
        return Solved(answer=answer, check=check)

    def acceptable(self, params: Params, solved: Solved, level: int) -> np.ndarray:
        return np.ones(len(solved.answer), dtype=bool)  # the dimensions are distinct by drawing

    def build(self, key: FamilyKey, params: Mapping[str, np.ndarray], row: Row) -> Question:
        layer = record(params, "layer", Layer)
        name, n_in, n_out, batch = layer.target, layer.n_in, layer.n_out, layer.batch
        offered = options(name, n_in, n_out, batch)
        choices = tuple(
            Choice(text(offered[k].shape), k == 0, offered[k].why, offered[k].mistake)
            for k in layer.order
        )
        return Question(
            key=key,
            topic=self.info.topic,
            kind=Kind.SINGLE,
            title=self.info.title,
            prompt=prompt(layer),
            choices=choices,
            hints=(
                "A gradient has the shape of the quantity it is taken with respect to.",
                "Rows are examples; only parameter gradients sum the batch away."
                if batch > 1
                else "Count one entry per weight, per unit or per input, as the case may be.",
            ),
            solution=solution(layer, offered[0]),
        )


FAMILIES = (Shapes(),)
