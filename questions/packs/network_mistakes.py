"""Each mistake model's value for a network question's asked quantity, over N variants.

A network of the shape the network families draw (one hidden layer, at most 3-3-2, the
families' activations and losses) gets the families' own definitions from
questions.families.mlp_mistakes, so a pack's distractors are the same mistakes a learner
meets in generated questions. Any other network (deeper, identity units, sse, softmax_ce)
gets the mistakes that can be read off the engine's own pass: a flipped error sign, the
factor 2, the output activation's slope left out, the wrong input, a forward value for a
gradient, and the update slips. A mistake that gives the right value is left out (NaN).
"""

from __future__ import annotations

import numpy as np

from engine.nn import NetworkBatch, NetworkRun
from questions.families import mlp_common as mc
from questions.families.base import Params
from questions.families.mlp_mistakes import (
    BACKWARD_MISTAKES,
    NET_NOT_OUT,
    delta_mistakes,
    forward_mistakes,
    gradient_mistakes,
    update_mistakes,
)
from questions.mistakes import MISTAKES
from questions.packs.model import Quantity

UPDATE_SLIPS = ("update-sign", "no-learning-rate", "change-not-weight")
_FACTOR_TWO = {"half_sse": 2.0, "sse": 0.5, "mse": 0.5}  # d/do of the loss with the 2 mixed up


def family_shaped(batch: NetworkBatch) -> bool:
    """True iff the network is one the network families draw (mlp_common's padded 3-3-2)."""
    sizes = batch.layer_sizes
    return (
        len(sizes) == 3
        and sizes[0] <= mc.MAX_IN
        and sizes[1] <= mc.MAX_HID
        and sizes[2] <= mc.MAX_OUT
        and all(a in mc.ACTIVATIONS for a in batch.activations)
        and batch.loss in mc.LOSSES
    )


def as_params(batch: NetworkBatch) -> Params:
    """A family-shaped batch in mlp_common's padded form (zeros outside the real network)."""
    n = batch.variants
    n_in, n_hid, n_out = batch.layer_sizes
    params: Params = {
        "x": np.zeros((n, mc.MAX_IN)),
        "t": np.zeros((n, mc.MAX_OUT)),
        "w1": np.zeros((n, mc.MAX_HID, mc.MAX_IN)),
        "b1": np.zeros((n, mc.MAX_HID)),
        "w2": np.zeros((n, mc.MAX_OUT, mc.MAX_HID)),
        "b2": np.zeros((n, mc.MAX_OUT)),
    }
    params["x"][:, :n_in] = batch.inputs
    params["t"][:, :n_out] = batch.targets
    params["w1"][:, :n_hid, :n_in] = batch.weights[0]
    params["b1"][:, :n_hid] = batch.biases[0]
    params["w2"][:, :n_out, :n_hid] = batch.weights[1]
    params["b2"][:, :n_out] = batch.biases[1]
    codes = {
        "n_in": n_in,
        "n_hid": n_hid,
        "n_out": n_out,
        "act_h": mc.ACTIVATIONS.index(batch.activations[0]),
        "act_o": mc.ACTIVATIONS.index(batch.activations[1]),
        "loss": mc.LOSSES.index(batch.loss),
    }
    params.update({k: np.full(n, float(v)) for k, v in codes.items()})
    params["lr"] = np.broadcast_to(np.asarray(batch.learning_rate, dtype=np.float64), (n,)).copy()
    return params


def mistake_values(
    batch: NetworkBatch, run: NetworkRun, ask: Quantity, answer: np.ndarray
) -> dict[str, np.ndarray]:
    """Mistake id -> its value per variant (NaN where it does not apply), in a fixed order."""
    if ask.name == "loss":
        values: dict[str, np.ndarray] = {}
    elif family_shaped(batch) and ask.name != "grad_out":
        values = _family_values(batch, ask)
    else:
        values = _engine_values(batch, run, ask)
    return {
        k: np.where(np.isclose(v, answer, rtol=1e-9, atol=1e-15), np.nan, v)
        for k, v in values.items()
        if k in MISTAKES
    }


def _family_values(batch: NetworkBatch, ask: Quantity) -> dict[str, np.ndarray]:
    params = as_params(batch)
    run = mc.run_network(params)
    n = batch.variants
    layer, j, i = (np.full(n, v) for v in (ask.layer, ask.unit, ask.source))
    backward = (*BACKWARD_MISTAKES, "wrong-input")
    if ask.name == "grad_weights":
        return gradient_mistakes(params, run, layer, j, i, (*backward, "forward-not-gradient"))
    if ask.name == "new_weights":
        return update_mistakes(params, run, layer, j, i, np.zeros(n), (*UPDATE_SLIPS, *backward))
    if ask.name in ("delta", "grad_biases"):
        return delta_mistakes(params, run, layer, j, (*BACKWARD_MISTAKES, "forward-not-gradient"))
    if ask.name == "new_biases":
        grads = delta_mistakes(params, run, layer, j, tuple(BACKWARD_MISTAKES))
        bias = batch.biases[ask.layer][:, ask.unit]
        return {
            **_update_slips(bias, _pick_delta(run, ask), params["lr"]),
            **{k: bias - params["lr"] * g for k, g in grads.items()},
        }
    what = np.full(n, 0.0 if ask.name == "net" else 1.0)  # net or out is what is left
    return forward_mistakes(
        params, run, layer, j, what, ("wrong-input", "transposed-weight", NET_NOT_OUT)
    )


def _pick_delta(run: mc.Pass, ask: Quantity) -> np.ndarray:
    return (run.delta_o if ask.layer else run.delta_h)[:, ask.unit]


def _update_slips(param: np.ndarray, grad: np.ndarray, lr: np.ndarray) -> dict[str, np.ndarray]:
    return {
        "update-sign": param + lr * grad,
        "no-learning-rate": param - grad,
        "change-not-weight": -lr * grad,
    }


def _engine_values(batch: NetworkBatch, run: NetworkRun, ask: Quantity) -> dict[str, np.ndarray]:
    """The mistakes that follow from the engine's pass alone, for any network."""
    here = run.layers[ask.layer]
    j, i = ask.unit, ask.source
    lr = run.learning_rate
    last = ask.layer == len(run.layers) - 1
    if ask.name in ("net", "out"):
        values: dict[str, np.ndarray] = {}
        if ask.name == "out" and NET_NOT_OUT in MISTAKES:
            values[NET_NOT_OUT] = here.net[:, j]
        return values
    delta = here.delta[:, j]
    scale = _FACTOR_TWO.get(run.loss_name, np.nan)
    if ask.name == "grad_out":
        grad = here.grad_out[:, j]
        return {
            "error-sign": -grad,
            "factor-two": scale * grad,
            "forward-not-gradient": here.out[:, j],
        }
    deltas = {
        "no-activation-derivative": here.grad_out[:, j] if last else np.full_like(delta, np.nan),
        "error-sign": -delta,
        "factor-two": scale * delta,
    }
    if ask.name in ("delta", "grad_biases"):
        return {**deltas, "forward-not-gradient": here.out[:, j]}
    if ask.name == "new_biases":
        bias = here.biases[:, j]
        return {**_update_slips(bias, delta, lr), **{k: bias - lr * d for k, d in deltas.items()}}
    fan_in = here.inputs.shape[1]
    source = here.inputs[:, i]
    grads = {k: d * source for k, d in deltas.items()}
    if fan_in > 1:
        grads["wrong-input"] = delta * here.inputs[:, (i + 1) % fan_in]
    if ask.name == "grad_weights":
        return {**grads, "forward-not-gradient": here.out[:, j]}
    weight = here.weights[:, j, i]
    slips = _update_slips(weight, here.grad_weights[:, j, i], lr)
    return {**slips, **{k: weight - lr * g for k, g in grads.items()}}
