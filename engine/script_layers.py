"""The layer functions of tensor scripts: conv2d, max_pool2d, avg_pool2d, batch_norm,
layer_norm, dropout, cross_entropy and attention, by name, on the engine's layer ops.

Tensors go to the op; sizes, eps, p and flags are read from the script as written.
"""

from __future__ import annotations

from engine import ops
from engine.script_values import (
    Made,
    ShapeProblem,
    Static,
    Value,
    as_graph,
    static_float,
    static_int,
)
from engine.syntax_tree import Call

LAYER_SIGNATURES: dict[str, tuple[str, ...]] = {
    "conv2d": ("x", "w", "b", "stride", "padding"),
    "max_pool2d": ("x", "k", "stride"),
    "avg_pool2d": ("x", "k", "stride"),
    "batch_norm": ("x", "gamma", "beta", "eps"),
    "layer_norm": ("x", "gamma", "beta", "eps"),
    "dropout": ("x", "mask", "p"),
    "cross_entropy": ("logits", "y"),
    "attention": ("q", "k", "v", "causal"),
}
"""Each layer function's parameters, in order."""

_TENSORS = {"x", "w", "b", "gamma", "beta", "mask", "logits", "q", "k", "v"}


def layer(node: Call, name: str, bound: dict[str, Value]) -> Made:
    """A layer function: tensors to the op, sizes and flags read from the script."""
    names = LAYER_SIGNATURES[name]
    needed = {"conv2d": 2, "max_pool2d": 2, "avg_pool2d": 2, "dropout": 3, "attention": 3}
    missing = [
        n for n in names[: needed.get(name, 2 if name == "cross_entropy" else 1)] if n not in bound
    ]
    if missing:
        raise ShapeProblem(
            f"{name}() needs {', '.join(repr(n) for n in missing)}: {name}({', '.join(names)})"
        )
    tensors = tuple(
        bound[n]
        for n in names
        if n in bound and n in _TENSORS and not (name in ("max_pool2d", "avg_pool2d") and n == "k")
    )
    graph = {n: as_graph(v) for n, v in bound.items() if n in _TENSORS}
    if name == "conv2d":
        stride = static_int(bound.get("stride"), "stride", 1) or 1
        padding = static_int(bound.get("padding"), "padding", 0) or 0
        result = ops.conv2d(graph["x"], graph["w"], graph.get("b"), stride, padding)
    elif name in ("max_pool2d", "avg_pool2d"):
        k = static_int(bound["k"], "the window size k")
        step = static_int(bound.get("stride"), "stride")
        pool = ops.max_pool2d if name == "max_pool2d" else ops.avg_pool2d
        result = pool(graph["x"], k or 1, step)
    elif name in ("batch_norm", "layer_norm"):
        eps = static_float(bound.get("eps"), "eps", 1e-5)
        norm = ops.batch_norm if name == "batch_norm" else ops.layer_norm
        result = norm(graph["x"], graph.get("gamma"), graph.get("beta"), eps)
    elif name == "dropout":
        result = ops.dropout(graph["x"], graph["mask"], static_float(bound["p"], "p", 0.0))
    elif name == "cross_entropy":
        y = bound["y"]
        if not isinstance(y, Static) or not y.integer:
            raise ShapeProblem("cross_entropy's targets y must be integers (class numbers)")
        result = ops.cross_entropy(graph["logits"], y.value)
    else:
        causal = bound.get("causal")
        flag = bool(causal.value) if isinstance(causal, Static) else False
        result = ops.attention(graph["q"], graph["k"], graph["v"], flag)
    return Made(result, name, node, tensors)
