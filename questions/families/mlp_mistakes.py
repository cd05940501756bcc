"""Mistake models for the network families, one definition each, vectorised over variants.

Each backward-pass mistake is the correct backward pass with one thing done wrong (a flag of
`backward`); the families pick the asked quantity out of it, so the output-weight, hidden-
weight, delta and update families all use the same definition of, say, "no sum over
fan-out". A mistake whose value equals the right answer for a variant (it does not touch the
asked quantity there) is NaN: it does not apply to that variant.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np

from questions.families.base import Params
from questions.families.mlp_common import (
    HALF_SSE,
    MSE,
    Pass,
    activate,
    masks,
    per_activation,
)
from questions.mistakes import MISTAKES

NET_NOT_OUT = "net-not-out"
"""The mistake of giving a unit's net where its out was asked (forward-value)."""


@dataclass(frozen=True)
class Backward:
    """Deltas and weight gradients from one way of running the backward pass (padded)."""

    delta_o: np.ndarray  # (N, 2)
    delta_h: np.ndarray  # (N, 3)
    grad_w2: np.ndarray  # (N, 2, 3)
    grad_w1: np.ndarray  # (N, 3, 3)


def slope(code: np.ndarray, net: np.ndarray, out: np.ndarray, at_net: bool = False) -> np.ndarray:
    """f'(net) from out (sigmoid out(1-out), tanh 1-out^2); at_net puts net in place of out."""
    s = net if at_net else out
    return per_activation(code, lambda activation: activation.derivative(net, s))


def loss_gradient(params: Params, out: np.ndarray) -> np.ndarray:
    """dL/d out at each output: half_sse o - t, mse 2(o - t)/K, bce (o - t)/(o(1 - o)K)."""
    t, loss = params["t"], params["loss"].astype(int)[:, None]
    k = params["n_out"][:, None]
    with np.errstate(divide="ignore", invalid="ignore"):
        cross = (out - t) / (out * (1 - out) * k)
    grad = np.select([loss == HALF_SSE, loss == MSE], [out - t, 2 * (out - t) / k], cross)
    return np.where(masks(params)[2], grad, 0.0)


def backward(
    params: Params,
    run: Pass,
    *,
    output_slope: bool = True,
    hidden_slope: bool = True,
    at_net: bool = False,
    error_scale: np.ndarray | float = 1.0,
    fanout: bool = True,
    transposed: bool = False,
    w2: np.ndarray | None = None,
) -> Backward:
    """The backward pass from the forward values, with the named step done wrong if asked."""
    scale = np.asarray(error_scale, dtype=float).reshape(-1, 1)
    dout = loss_gradient(params, run.o_out) * scale
    so = slope(params["act_o"], run.o_net, run.o_out, at_net) if output_slope else 1.0
    delta_o = dout * so
    w = params["w2"] if w2 is None else w2
    if transposed:
        w = np.zeros_like(w)
        w[:, :2, :2] = np.swapaxes(params["w2"][:, :2, :2], 1, 2)
    paths = delta_o if fanout else delta_o * np.array([1.0, 0.0])
    back_h = np.einsum("nkj,nk->nj", w, paths)
    sh = slope(params["act_h"], run.h_net, run.h_out, at_net) if hidden_slope else 1.0
    delta_h = np.where(masks(params)[1], back_h * sh, 0.0)
    return Backward(
        delta_o=delta_o,
        delta_h=delta_h,
        grad_w2=delta_o[:, :, None] * run.h_out[:, None, :],
        grad_w1=delta_h[:, :, None] * params["x"][:, None, :],
    )


def _only(applies: np.ndarray, result: Backward) -> Backward:
    """NaN for the variants a mistake cannot be made in."""
    return Backward(
        *(
            np.where(applies.reshape(-1, *[1] * (v.ndim - 1)), v, np.nan)
            for v in vars(result).values()
        )
    )


def _factor_two(params: Params) -> np.ndarray:
    """2 (o - t) for half_sse, the 2 dropped for mse; no such mistake with bce."""
    loss = params["loss"]
    return np.select([loss == HALF_SSE, loss == MSE], [2.0, 0.5], np.nan)


BACKWARD_MISTAKES: dict[str, Callable[[Params, Pass], Backward]] = {
    "no-activation-derivative": lambda p, r: backward(p, r, output_slope=False),
    "no-hidden-activation-derivative": lambda p, r: backward(p, r, hidden_slope=False),
    "derivative-at-net": lambda p, r: backward(p, r, at_net=True),
    "error-sign": lambda p, r: backward(p, r, error_scale=-1.0),
    "factor-two": lambda p, r: backward(p, r, error_scale=_factor_two(p)),
    "no-fanout-sum": lambda p, r: _only(p["n_out"] == 2, backward(p, r, fanout=False)),
    "transposed-weight": lambda p, r: _only(
        (p["n_hid"] == 2) & (p["n_out"] == 2), backward(p, r, transposed=True)
    ),
    "updated-weight-upstream": lambda p, r: backward(p, r, w2=r.new_w2),
}
"""Backward-pass mistakes by id (questions.mistakes.MISTAKES): the flag each one flips."""

assert set(BACKWARD_MISTAKES) <= set(MISTAKES)


def _differs(values: dict[str, np.ndarray], correct: np.ndarray) -> dict[str, np.ndarray]:
    """NaN where a mistake gives the right answer: it does not apply to that variant."""
    return {
        k: np.where(np.isclose(v, correct, rtol=1e-9, atol=1e-15), np.nan, v)
        for k, v in values.items()
    }


def pick_delta(b: Backward, layer: np.ndarray, j: np.ndarray) -> np.ndarray:
    """dL/dnet at each variant's unit (layer 0 hidden, 1 output)."""
    rows = np.arange(len(layer))
    return np.where(layer == 0, b.delta_h[rows, j], b.delta_o[rows, np.minimum(j, 1)])


def pick_gradient(
    b: Backward,
    params: Params,
    run: Pass,
    layer: np.ndarray,
    j: np.ndarray,
    i: np.ndarray,
    shift: int = 0,
) -> np.ndarray:
    """delta_j times the activation entering through weight (j, i); shift picks another one."""
    rows = np.arange(len(layer))
    fan_in = np.where(layer == 0, params["n_in"], params["n_hid"]).astype(int)
    src = (i + shift) % fan_in
    return pick_delta(b, layer, j) * np.where(
        layer == 0, params["x"][rows, src], run.h_out[rows, src]
    )


def unit_out(run: Pass, layer: np.ndarray, j: np.ndarray) -> np.ndarray:
    """The forward output of each variant's unit."""
    rows = np.arange(len(layer))
    return np.where(layer == 0, run.h_out[rows, j], run.o_out[rows, np.minimum(j, 1)])


def delta_mistakes(
    params: Params, run: Pass, layer: np.ndarray, j: np.ndarray, ids: Sequence[str]
) -> dict[str, np.ndarray]:
    """Each mistake's dL/dnet at the asked unit."""
    correct = pick_delta(backward(params, run), layer, j)
    values = {
        k: unit_out(run, layer, j)
        if k == "forward-not-gradient"
        else pick_delta(BACKWARD_MISTAKES[k](params, run), layer, j)
        for k in ids
    }
    return _differs(values, correct)


def gradient_mistakes(
    params: Params,
    run: Pass,
    layer: np.ndarray,
    j: np.ndarray,
    i: np.ndarray,
    ids: Sequence[str],
) -> dict[str, np.ndarray]:
    """Each mistake's dL/dw for the asked weight (j, i) of the asked layer."""
    right = backward(params, run)
    values = {}
    for k in ids:
        if k == "wrong-input":
            values[k] = pick_gradient(right, params, run, layer, j, i, shift=1)
        elif k == "forward-not-gradient":
            values[k] = unit_out(run, layer, j)
        else:
            values[k] = pick_gradient(BACKWARD_MISTAKES[k](params, run), params, run, layer, j, i)
    return _differs(values, pick_gradient(right, params, run, layer, j, i))


def update_mistakes(
    params: Params,
    run: Pass,
    layer: np.ndarray,
    j: np.ndarray,
    i: np.ndarray,
    form: np.ndarray,
    ids: Sequence[str],
) -> dict[str, np.ndarray]:
    """Each mistake's new weight (form 0) or change (form 1) after one SGD step."""
    rows, lr = np.arange(len(layer)), params["lr"]
    w = np.where(layer == 0, params["w1"][rows, j, i], params["w2"][rows, np.minimum(j, 1), i])
    g = pick_gradient(backward(params, run), params, run, layer, j, i)
    new = form == 0

    def asked(step: np.ndarray) -> np.ndarray:
        return np.where(new, w + step, step)

    fixed = {
        "update-sign": lambda: asked(lr * g),
        "no-learning-rate": lambda: asked(-g),
        "change-not-weight": lambda: np.where(new, -lr * g, np.nan),
        "weight-not-change": lambda: np.where(new, np.nan, w - lr * g),
    }
    grads = gradient_mistakes(params, run, layer, j, i, [k for k in ids if k not in fixed])
    values = {k: fixed[k]() if k in fixed else asked(-lr * grads[k]) for k in ids}
    return _differs(values, asked(-lr * g))


def forward_mistakes(
    params: Params,
    run: Pass,
    layer: np.ndarray,
    j: np.ndarray,
    what: np.ndarray,
    ids: Sequence[str],
) -> dict[str, np.ndarray]:
    """Each mistake's net (what 0) or out (what 1) of the asked unit."""
    rows, hidden = np.arange(len(layer)), layer == 0
    jo = np.minimum(j, 1)
    n_in, n_hid = params["n_in"].astype(int), params["n_hid"].astype(int)
    w1, w2, x = params["w1"], params["w2"], params["x"]

    def finish(net_h: np.ndarray, net_o: np.ndarray) -> np.ndarray:
        net = np.where(hidden, net_h, net_o)
        out_h = activate(params["act_h"], net_h[:, None])[:, 0]
        out_o = activate(params["act_o"], net_o[:, None])[:, 0]
        return np.where(what == 0, net, np.where(hidden, out_h, out_o))

    values = {}
    if "wrong-input" in ids:  # hidden: the inputs swapped round; output: net_h for out_h
        shifted = x[rows[:, None], (np.arange(3) + 1) % n_in[:, None]] * (
            np.arange(3) < n_in[:, None]
        )
        values["wrong-input"] = finish(
            np.einsum("ni,ni->n", w1[rows, j], shifted) + params["b1"][rows, j],
            np.einsum("nj,nj->n", w2[rows, jo], run.h_net) + params["b2"][rows, jo],
        )
    if "transposed-weight" in ids:  # weights[i][j] read as weights[j][i], square layers only
        square = np.where(hidden, n_in == n_hid, (n_hid == 2) & (params["n_out"] == 2))
        value = finish(
            np.einsum("ni,ni->n", w1[rows, :, j], x) + params["b1"][rows, j],
            np.einsum("nj,nj->n", w2[rows, :, jo], run.h_out[:, :2]) + params["b2"][rows, jo],
        )
        values["transposed-weight"] = np.where(square, value, np.nan)
    if NET_NOT_OUT in ids:
        net = np.where(hidden, run.h_net[rows, j], run.o_net[rows, jo])
        values[NET_NOT_OUT] = np.where(what == 1, net, np.nan)
    correct = finish(run.h_net[rows, j], run.o_net[rows, jo])
    return _differs(values, correct)
