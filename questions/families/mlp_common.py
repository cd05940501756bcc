"""Small MLPs for the network families: drawing them, one batched engine pass, a numpy oracle.

Every variant is stored padded to the largest shape (3 inputs, 3 hidden units, 2 outputs),
with the sizes it really has beside it, so a batch is a set of same-shaped arrays. Running
it groups the variants by architecture, activations and loss, and gives each group to
engine.nn's batched forward_backward once. The oracle is a plain numpy forward pass written
without the engine, differentiated by central differences for the asked quantity only.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import cache
from typing import Any, TypeVar

import numpy as np

from engine.activations import ACTIVATIONS as TABLE
from engine.activations import Activation
from engine.gradcheck import central_difference
from engine.nn import NetworkBatch, UnitNames, forward_backward, unit_names
from questions.families.base import Params

T = TypeVar("T")

ACTIVATIONS: tuple[str, ...] = ("sigmoid", "tanh", "relu", "leaky_relu")
LOSSES: tuple[str, ...] = ("half_sse", "mse", "bce")
SIGMOID, TANH, RELU, LEAKY = range(4)
HALF_SSE, MSE, BCE = range(3)
MAX_IN, MAX_HID, MAX_OUT = 3, 3, 2


@dataclass(frozen=True)
class LevelSpec:
    """What a level may draw: architectures (inputs, hidden, outputs), activations, losses."""

    shapes: tuple[tuple[int, int, int], ...]
    hidden: tuple[int, ...]
    output: tuple[int, ...]
    losses: tuple[int, ...]


LEVEL_SPECS: dict[int, LevelSpec] = {
    1: LevelSpec(((2, 2, 1), (2, 2, 2)), (SIGMOID,), (SIGMOID,), (HALF_SSE,)),
    2: LevelSpec(((2, 2, 2), (2, 3, 2)), (SIGMOID, TANH), (SIGMOID, TANH), (HALF_SSE, MSE)),
    3: LevelSpec(
        tuple((i, h, o) for i in (2, 3) for h in (2, 3) for o in (1, 2)),
        (SIGMOID, TANH, RELU, LEAKY),
        (SIGMOID, TANH, RELU, LEAKY),
        (HALF_SSE, MSE, BCE),
    ),
}


def _pick(u: float, options: Sequence[T]) -> T:
    """The option a uniform number in [0, 1) falls on."""
    return options[int(u * len(options))]


def _signed(u: float, low: float, decimals: int) -> float:
    """A number with |x| in [low, 1] and either sign, from one uniform; never zero."""
    sign = -1.0 if u < 0.5 else 1.0
    return round(sign * (low + (1.0 - low) * ((2.0 * u) % 1.0)), decimals)


def _block(u: list[float], rows: int, cols: int, used_rows: int, used_cols: int) -> list:
    """A padded rows x cols block of two-decimal weights, zero outside the used part."""
    return [
        [
            _signed(u[r * cols + c], 0.05, 2) if r < used_rows and c < used_cols else 0.0
            for c in range(cols)
        ]
        for r in range(rows)
    ]


def draw_network(
    rng: np.random.Generator, level: int, outputs: tuple[int, ...] = (1, 2)
) -> dict[str, Any]:
    """One variant's network, padded to 3-3-2: sizes, weights, biases, inputs, targets.

    All its numbers come from one block of uniforms, worked in plain Python (drawing is
    per variant, so it must be cheap); padding is zero. Values are floats and (nested) lists
    of floats, which the batch stacks into arrays.
    """
    spec = LEVEL_SPECS[level]
    u = rng.random(32).tolist()
    n_in, n_hid, n_out = _pick(u[0], [s for s in spec.shapes if s[2] in outputs])
    loss = _pick(u[1], spec.losses)
    act_h = _pick(u[2], spec.hidden)
    act_o = SIGMOID if loss == BCE else _pick(u[3], spec.output)
    low, high = {
        BCE: (0.0, 0.0),
        SIGMOID: (0.01, 0.98),
        TANH: (-0.95, 1.9),
    }.get(BCE if loss == BCE else act_o, (0.0, 1.5))
    target = (lambda v: float(v >= 0.5)) if loss == BCE else (lambda v: round(low + high * v, 2))
    return {
        "x": [
            _signed(u[24 + k], 0.1, 2 if level == 1 else 1) if k < n_in else 0.0
            for k in range(MAX_IN)
        ],
        "t": [target(u[27 + k]) if k < n_out else 0.0 for k in range(MAX_OUT)],
        "w1": _block(u[4:13], MAX_HID, MAX_IN, n_hid, n_in),
        "b1": [round(u[19 + k] - 0.5, 2) + 0.0 if k < n_hid else 0.0 for k in range(MAX_HID)],
        "w2": _block(u[13:19], MAX_OUT, MAX_HID, n_out, n_hid),
        "b2": [round(u[22 + k] - 0.5, 2) + 0.0 if k < n_out else 0.0 for k in range(MAX_OUT)],
        "n_in": float(n_in),
        "n_hid": float(n_hid),
        "n_out": float(n_out),
        "act_h": float(act_h),
        "act_o": float(act_o),
        "loss": float(loss),
    }


@dataclass(frozen=True)
class Pass:
    """The engine's forward and backward pass for every variant, padded to 3-3-2 (zeros)."""

    h_net: np.ndarray  # (N, 3)
    h_out: np.ndarray
    o_net: np.ndarray  # (N, 2)
    o_out: np.ndarray
    dout: np.ndarray  # dL/d out at the outputs
    back_h: np.ndarray  # dL/d out at the hidden units (the sum over fan-out)
    slope_h: np.ndarray  # f'(net) at the hidden units
    slope_o: np.ndarray
    delta_h: np.ndarray  # dL/d net
    delta_o: np.ndarray
    grad_w1: np.ndarray  # (N, 3, 3) weights[j][i]
    grad_w2: np.ndarray  # (N, 2, 3)
    new_w1: np.ndarray  # after one SGD step with params["lr"] (0.5 if none was drawn)
    new_w2: np.ndarray


_FIELDS = {
    "h_net": (0, "net"),
    "h_out": (0, "out"),
    "o_net": (1, "net"),
    "o_out": (1, "out"),
    "back_h": (0, "grad_out"),
    "dout": (1, "grad_out"),
    "slope_h": (0, "local"),
    "slope_o": (1, "local"),
    "delta_h": (0, "delta"),
    "delta_o": (1, "delta"),
    "grad_w1": (0, "grad_weights"),
    "grad_w2": (1, "grad_weights"),
    "new_w1": (0, "new_weights"),
    "new_w2": (1, "new_weights"),
}


def sizes(params: Params) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(inputs, hidden units, outputs) per variant, as ints."""
    return tuple(params[k].astype(int) for k in ("n_in", "n_hid", "n_out"))  # type: ignore[return-value]


def run_network(params: Params) -> Pass:
    """One engine.nn forward_backward per (outputs, activations, loss) group.

    Inputs and hidden units are run padded to three: a padded input is 0 and a padded hidden
    unit has zero weights in and out, so neither changes any real value or gradient; their
    own entries are zeroed afterwards. The outputs are not padded (mse and bce divide by K).
    """
    n = len(params["x"])
    n_out = params["n_out"].astype(int)
    act_h, act_o, loss = (params[k].astype(int) for k in ("act_h", "act_o", "loss"))
    lr = params.get("lr", np.full(n, 0.5))
    wide = {"grad_w1": (3, 3), "new_w1": (3, 3), "grad_w2": (2, 3), "new_w2": (2, 3)}
    out = {
        name: np.zeros((n, *wide.get(name, ((MAX_HID, MAX_OUT)[layer],))))
        for name, (layer, _) in _FIELDS.items()
    }
    code = ((n_out * 4 + act_h) * 4 + act_o) * 3 + loss
    for group in np.unique(code):
        rows = np.flatnonzero(code == group)
        r0, o = rows[0], n_out[rows[0]]
        run = forward_backward(
            NetworkBatch(
                inputs=params["x"][rows],
                targets=params["t"][rows, :o],
                weights=(params["w1"][rows], params["w2"][rows, :o]),
                biases=(params["b1"][rows], params["b2"][rows, :o]),
                activations=(ACTIVATIONS[act_h[r0]], ACTIVATIONS[act_o[r0]]),
                loss=LOSSES[loss[r0]],
                learning_rate=lr[rows],
            )
        )
        for name, (layer, attr) in _FIELDS.items():
            out[name][rows, : (MAX_HID, o)[layer]] = getattr(run.layers[layer], attr)
    in_mask, hid_mask, _ = masks(params)
    for name in ("h_net", "h_out", "back_h", "slope_h", "delta_h"):
        out[name] *= hid_mask
    out["grad_w1"] *= hid_mask[:, :, None] & in_mask[:, None, :]
    out["new_w1"] *= hid_mask[:, :, None] & in_mask[:, None, :]
    out["grad_w2"] *= hid_mask[:, None, :]
    out["new_w2"] *= hid_mask[:, None, :]
    return Pass(**out)


def masks(params: Params) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Boolean (N, 3), (N, 3), (N, 2): which inputs, hidden units and outputs exist."""
    n_in, n_hid, n_out = sizes(params)
    return (
        np.arange(MAX_IN) < n_in[:, None],
        np.arange(MAX_HID) < n_hid[:, None],
        np.arange(MAX_OUT) < n_out[:, None],
    )


def per_activation(code: np.ndarray, compute: Callable[[Activation], np.ndarray]) -> np.ndarray:
    """compute(descriptor) of each variant's activation code, (N, units), plain numpy."""
    code = code.astype(int)[:, None]
    return np.select(
        [code == k for k in range(len(ACTIVATIONS))],
        [compute(TABLE[name]) for name in ACTIVATIONS],
    )


def activate(code: np.ndarray, net: np.ndarray) -> np.ndarray:
    """Each variant's activation applied to net, plain numpy (no engine)."""
    return per_activation(code, lambda activation: activation.function(net))


def oracle_forward(params: Params, **override: np.ndarray) -> dict[str, np.ndarray]:
    """net and out of every unit, computed directly in numpy for the oracle."""
    p = {**params, **override}
    _, hid_mask, _ = masks(params)
    h_net = np.einsum("nji,ni->nj", p["w1"], p["x"]) + p["b1"]
    h_out = np.where(hid_mask, activate(params["act_h"].astype(int), h_net), 0.0)
    o_net = np.einsum("nkj,nj->nk", p["w2"], h_out) + p["b2"]
    o_out = activate(params["act_o"].astype(int), o_net)
    return {"h_net": h_net, "h_out": h_out, "o_net": o_net, "o_out": o_out}


def oracle_loss(params: Params, **override: np.ndarray) -> np.ndarray:
    """The loss per variant from oracle_forward, over the outputs that exist."""
    o, t = oracle_forward(params, **override)["o_out"], params["t"]
    _, _, out_mask = masks(params)
    k = out_mask.sum(axis=1, keepdims=True)
    loss = params["loss"].astype(int)[:, None]
    with np.errstate(divide="ignore", invalid="ignore"):
        cross = -(t * np.log(o) + (1 - t) * np.log(1 - o)) / k
    per_unit = np.select(
        [loss == HALF_SSE, loss == MSE], [0.5 * (t - o) ** 2, (t - o) ** 2 / k], cross
    )
    return np.where(out_mask, per_unit, 0.0).sum(axis=1)


def oracle_weight_gradient(
    params: Params, layer: np.ndarray, j: np.ndarray, i: np.ndarray
) -> np.ndarray:
    """dL/dw for each variant's asked weight (layer 0: w1[j, i], 1: w2[j, i])."""
    rows = np.arange(len(layer))
    hidden = layer == 0

    def loss_at(value: np.ndarray) -> np.ndarray:
        w1, w2 = params["w1"].copy(), params["w2"].copy()
        w1[rows[hidden], j[hidden], i[hidden]] = value[hidden]
        w2[rows[~hidden], j[~hidden], i[~hidden]] = value[~hidden]
        return oracle_loss(params, w1=w1, w2=w2)

    start = np.where(hidden, params["w1"][rows, j, i], params["w2"][rows, np.minimum(j, 1), i])
    return central_difference(loss_at, start)


def oracle_delta(params: Params, layer: np.ndarray, j: np.ndarray) -> np.ndarray:
    """dL/dnet at each variant's asked unit, as dL/db of its bias (net = ... + b)."""
    rows = np.arange(len(layer))
    hidden = layer == 0

    def loss_at(value: np.ndarray) -> np.ndarray:
        b1, b2 = params["b1"].copy(), params["b2"].copy()
        b1[rows[hidden], j[hidden]] = value[hidden]
        b2[rows[~hidden], j[~hidden]] = value[~hidden]
        return oracle_loss(params, b1=b1, b2=b2)

    start = np.where(hidden, params["b1"][rows, j], params["b2"][rows, np.minimum(j, 1)])
    return central_difference(loss_at, start)


def conditioned(params: Params, run: Pass) -> np.ndarray:
    """No saturated sigmoid or tanh, no unit at a ReLU kink, bce outputs away from 0 and 1."""
    _, hid_mask, out_mask = masks(params)
    ok = np.ones(len(params["x"]), dtype=bool)
    for net, code, mask in (
        (run.h_net, params["act_h"], hid_mask),
        (run.o_net, params["act_o"], out_mask),
    ):
        smooth = (code == SIGMOID)[:, None] | (code == TANH)[:, None]
        limit = np.where((code == SIGMOID)[:, None], 3.0, 2.0)
        bad = np.where(smooth, np.abs(net) > limit, np.abs(net) < 0.05)
        ok &= ~(bad & mask).any(axis=1)
    return ok


@cache
def names(n_in: int, n_hid: int, n_out: int) -> UnitNames:
    """Mazur's unit and weight names for this architecture (i1, h1, o1, w1 ...)."""
    return unit_names((n_in, n_hid, n_out))


def mazur_params(**asked: float) -> Params:
    """Mazur's worked 2-2-2 example as one padded variant, plus what is asked (layer, j ...).

    Inputs (0.05, 0.10), targets (0.01, 0.99), sigmoid units, half_sse, learning rate 0.5;
    the canonical hand-checked case (dE/dw5 = 0.082167041, dE/dw1 = 0.000438568).
    """
    values: dict[str, object] = {
        "x": [0.05, 0.10, 0.0],
        "t": [0.01, 0.99],
        "w1": [[0.15, 0.20, 0.0], [0.25, 0.30, 0.0], [0.0, 0.0, 0.0]],
        "b1": [0.35, 0.35, 0.0],
        "w2": [[0.40, 0.45, 0.0], [0.50, 0.55, 0.0]],
        "b2": [0.60, 0.60],
        "n_in": 2.0,
        "n_hid": 2.0,
        "n_out": 2.0,
        "act_h": float(SIGMOID),
        "act_o": float(SIGMOID),
        "loss": float(HALF_SSE),
        "lr": 0.5,
        **asked,
    }
    return {k: np.array([v], dtype=np.float64) for k, v in values.items()}
