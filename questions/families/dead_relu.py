"""Family 11: ReLU and dead units: which gradients in a small ReLU layer are exactly zero."""

from __future__ import annotations

from collections.abc import Mapping
from functools import cache

import numpy as np

from engine import ops, variable
from engine.gradcheck import central_difference
from questions.families.base import Family, Params, Row, Solved
from questions.families.dead_relu_text import Item, choice, diagram, prompt, solution
from questions.model import FamilyKey, Kind, Question

SIZES = {1: (2, 2), 2: (2, 3), 3: (3, 3)}  # level -> (inputs, units)
CHOICES = {1: 4, 2: 5, 3: 6}
MIN_NET = 0.1  # nets this close to the kink are redrawn: central differences must be clean
MIN_GRAD = 0.01  # a gradient that is not zero is clearly not zero


@cache
def pool(level: int) -> tuple[Item, ...]:
    """Every gradient a variant of this level can ask about, in the order solve lays them out."""
    n_in, n_units = SIZES[level]
    units = range(n_units)
    items = [Item("w", j, i) for j in units for i in range(n_in)]
    items += [Item("b", j, -1) for j in units]
    if level > 1:
        items += [Item("x", -1, i) for i in range(n_in)]
    items += [Item("h", j, -1) for j in units] + [Item("net", j, -1) for j in units]
    if level == 3:
        items += [Item("v", j, -1) for j in units]
    return tuple(items)


def _loss(
    level: int,
    w: np.ndarray,
    b: np.ndarray,
    x: np.ndarray,
    v: np.ndarray,
    t: np.ndarray,
    g: np.ndarray,
    dnet: np.ndarray,
    dh: np.ndarray,
) -> np.ndarray:
    """The loss in plain numpy, with nudges on net and h so their gradients can be checked."""
    net = np.einsum("nji,ni->nj", w, x) + b + dnet
    h = np.maximum(net, 0.0) + dh
    if level == 3:
        return 0.5 * ((v * h).sum(axis=1) - t) ** 2
    return (g * h).sum(axis=1)


class DeadRelu(Family, id="dead-relu", topic="activations", kind=Kind.MULTIPLE, stage=2):
    """ReLU and dead units

    Which gradients of a small ReLU layer are zero because a unit's net <= 0.
    """

    def draw(self, rng: np.random.Generator, level: int) -> dict[str, float | np.ndarray]:
        n_in, n_units = SIZES[level]
        u = rng.random(n_in + n_units * (n_in + 4) + 1)  # one call: drawing is per variant
        sign = np.where(rng.random(n_in + 2 * n_units) < 0.5, -1.0, 1.0)
        parts = np.split(u, np.cumsum([n_in, n_units * n_in, n_units, n_units, n_units, n_units]))
        x = np.round(0.2 + 1.8 * parts[0], 1) * sign[:n_in]
        w = np.round(-1.0 + 2.0 * parts[1], 2).reshape(n_units, n_in)
        if level == 1:  # the nets are given: exactly one unit is dead
            nets = np.round(0.1 + 1.4 * parts[2], 1)
            nets[int(parts[3][0] * n_units)] *= -1
            b = nets - w @ x
        else:
            b = np.round(-0.8 + 1.6 * parts[2], 1)
        magnitude = np.round(0.2 + 1.3 * np.concatenate([parts[4], parts[5]]), 1)
        g, v = np.split(magnitude * sign[n_in:], 2)
        return {
            "x": x,
            "w": w,
            "b": b,
            "g": g,
            "v": v,
            "t": round(float(-1.0 + 2.0 * parts[6][0]), 1),
            "order": rng.permutation(len(pool(level))).astype(float),
        }

    def solve(self, params: Params, level: int) -> Solved:
        n = len(params["t"])
        w, b, x = variable(params["w"]), variable(params["b"]), variable(params["x"])
        v = variable(params["v"])
        net = ops.add(ops.matvec(w, x), b)
        h = ops.relu(net)
        if level == 3:
            y = ops.sum_(ops.mul(v, h))
            loss = ops.mul(0.5, ops.power(ops.sub(y, params["t"]), 2))
        else:
            loss = ops.sum_(ops.mul(params["g"], h))
        loss.backward()
        grads = {
            name: node.gradient
            for name, node in {"w": w, "b": b, "x": x, "h": h, "net": net, "v": v}.items()
        }
        values = self._lay_out(level, grads, n)
        # Independent oracle: central differences on the plain-numpy loss for every item.
        leaves = {name: params[name] for name in ("w", "b", "x", "v")}
        leaves["dnet"] = leaves["dh"] = np.zeros_like(params["b"])
        numeric = {}
        for name in ("w", "b", "x", "v", "dnet", "dh"):

            def f(value: np.ndarray, name: str = name) -> np.ndarray:
                return _loss(level, **{**leaves, name: value}, t=params["t"], g=params["g"])

            numeric[name.removeprefix("d")] = central_difference(f, leaves[name])
        checked = self._lay_out(level, numeric, n)
        engine_zero, oracle_zero = values == 0, np.abs(checked) < 1e-6
        agree = (engine_zero == oracle_zero).all(axis=1)
        return Solved(
            # How many gradients are zero; the oracle's count, or -1 where the sets differ.
            answer=engine_zero.sum(axis=1).astype(float),
            check=np.where(agree, oracle_zero.sum(axis=1), -1).astype(float),
            extra={"grad": values, "net": net.value, "h": h.value},
        )

    @staticmethod
    def _lay_out(level: int, grads: Mapping[str, np.ndarray], n: int) -> np.ndarray:
        """Each pool item's gradient as one column, in pool order."""
        columns = [grads["w"].reshape(n, -1), grads["b"]]
        if level > 1:
            columns.append(grads["x"])
        columns += [grads["h"], grads["net"]]
        if level == 3:
            columns.append(grads["v"])
        return np.concatenate(columns, axis=1)

    def acceptable(self, params: Params, solved: Solved, level: int) -> np.ndarray:
        net, grad = solved.extra["net"], solved.extra["grad"]
        dead = (net <= 0).sum(axis=1)
        clear = (np.abs(net) >= MIN_NET).all(axis=1)
        distinct = ((grad == 0) | (np.abs(grad) >= MIN_GRAD)).all(axis=1)
        some = (grad != 0).any(axis=1)
        return clear & distinct & some & (dead >= 1) & (dead < net.shape[1])

    def build(self, key: FamilyKey, params: Mapping[str, np.ndarray], row: Row) -> Question:
        level = key.level
        items = pool(level)
        grad, net, h = row.extra["grad"], row.extra["net"], row.extra["h"]
        order = [int(k) for k in params["order"]]
        zero = [k for k in order if grad[k] == 0]
        nonzero = [k for k in order if grad[k] != 0]
        dead_h = [k for k in nonzero if items[k].kind == "h" and net[items[k].unit] <= 0]
        picked = list(dict.fromkeys([zero[0], nonzero[0], *dead_h[:1], *order]))
        shown = sorted(picked[: CHOICES[level]], key=order.index)
        choices = tuple(choice(items[k], float(grad[k]), net, h) for k in shown)
        return Question(
            key=key,
            topic=self.info.topic,
            kind=Kind.MULTIPLE,
            title=self.info.title,
            prompt=prompt(params, net, level),
            choices=choices,
            hints=(
                r"A ReLU unit passes gradient back only where $net_j > 0$: there "
                r"$f'(net_j) = 1$, elsewhere 0.",
                "Check each unit's net first; then ask which gradients pass through a unit "
                "whose derivative is zero, or are multiplied by its output of 0.",
            ),
            solution=solution(params, net, h, level, shown, grad, items),
            diagram=diagram(params, net, h, weights=level > 1),
        )


FAMILIES = (DeadRelu(),)
