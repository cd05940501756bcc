"""The other engines bench_engine.py times ours against: micrograd and PyTorch CPU.

Each maker returns a function computing the loss and its gradients for the canonical network's
data, or None when that engine is not installed.
"""

from __future__ import annotations

import math
from collections.abc import Callable

import numpy as np

PARAMS = ("W1", "b1", "W2", "b2")

Grads = dict[str, np.ndarray]
"""The loss and d loss / d parameter, by name ("loss", "W1", "b1", "W2", "b2")."""


def make_micrograd(data: dict[str, np.ndarray]) -> Callable[[], Grads] | None:
    """micrograd's scalar Values; it has no sigmoid, so one is added in micrograd's own style."""
    try:
        from micrograd.engine import Value
    except ImportError:
        return None

    if not hasattr(Value, "sigmoid"):

        def sigmoid(self: Value) -> Value:
            # Added for this benchmark: one node with its own _backward, like micrograd's relu.
            s = 1.0 / (1.0 + math.exp(-self.data))
            out = Value(s, (self,), "sigmoid")

            def _backward() -> None:
                self.grad += s * (1.0 - s) * out.grad

            out._backward = _backward
            return out

        Value.sigmoid = sigmoid

    x = [float(v) for v in data["x"][0]]
    t = [float(v) for v in data["t"][0]]
    w1 = [[Value(float(v)) for v in row] for row in data["W1"][0]]
    b1 = [Value(float(v)) for v in data["b1"][0]]
    w2 = [[Value(float(v)) for v in row] for row in data["W2"][0]]
    b2 = [Value(float(v)) for v in data["b2"][0]]
    params = [v for row in w1 + w2 for v in row] + b1 + b2

    def layer(w: list[list[Value]], b: list[Value], inputs: list) -> list[Value]:
        return [
            (sum(wi * xi for wi, xi in zip(row, inputs, strict=True)) + bj).sigmoid()
            for row, bj in zip(w, b, strict=True)
        ]

    def run() -> Grads:
        for p in params:
            p.grad = 0.0
        o = layer(w2, b2, layer(w1, b1, x))
        loss = sum(0.5 * (tj - oj) ** 2 for tj, oj in zip(t, o, strict=True))
        loss.backward()
        return {
            "loss": np.array([loss.data]),
            "W1": np.array([[[v.grad for v in row] for row in w1]]),
            "b1": np.array([[v.grad for v in b1]]),
            "W2": np.array([[[v.grad for v in row] for row in w2]]),
            "b2": np.array([[v.grad for v in b2]]),
        }

    return run


def make_torch(data: dict[str, np.ndarray]) -> Callable[[], Grads] | None:
    """PyTorch CPU autograd, one thread (the others run on one core too); batched via bmm."""
    try:
        import torch
    except ImportError:
        return None
    torch.set_num_threads(1)
    tensors = {k: torch.tensor(v, dtype=torch.float64) for k, v in data.items()}
    x, t = tensors["x"], tensors["t"]
    params = [tensors[k].requires_grad_() for k in PARAMS]
    w1, b1, w2, b2 = params
    batched = x.shape[0] > 1

    def run() -> Grads:
        for p in params:
            p.grad = None
        if batched:
            h = torch.sigmoid(torch.bmm(w1, x.unsqueeze(-1)).squeeze(-1) + b1)
            o = torch.sigmoid(torch.bmm(w2, h.unsqueeze(-1)).squeeze(-1) + b2)
        else:  # one variant: plain matrices, the way one would write it
            h = torch.sigmoid(w1[0] @ x[0] + b1[0])
            o = torch.sigmoid(w2[0] @ h + b2[0])
        loss = 0.5 * ((t - o) ** 2).sum(dim=-1)
        loss.sum().backward()
        return {"loss": loss.detach(), **{k: p.grad for k, p in zip(PARAMS, params, strict=True)}}

    return run
