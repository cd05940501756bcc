"""The functions and methods of tensor scripts: each name's arguments, its shape checks and
the engine op it builds.

A call's arguments are bound by a signature (positional, then by keyword, as Python binds
them); tensors go to the op, integers and booleans (axes, sizes, flags) are read from the
script. Torch spellings are accepted beside numpy's: `view` for `reshape`, `dim` for `axis`,
`keepdim` for `keepdims`.
"""

from __future__ import annotations

import numpy as np

from engine import ops
from engine.ops_elementwise import ELEMENTWISE
from engine.script_layers import LAYER_SIGNATURES, layer
from engine.script_values import (
    Made,
    ShapeProblem,
    Static,
    Value,
    as_graph,
    axis_of,
    broadcast,
    matmul_shape,
    reshaped,
    show,
    sized,
    static_int,
)
from engine.syntax_tree import Call

_ALIASES = {"dim": "axis", "keepdim": "keepdims", "kernel": "k", "kernel_size": "k"}
_REDUCTIONS = ("sum", "mean", "max", "min", "var")
SIGNATURES: dict[str, tuple[str, ...]] = {
    **{name: ("x",) for name in ELEMENTWISE},
    **{name: ("x", "axis", "keepdims") for name in _REDUCTIONS},
    "softmax": ("x", "axis"),
    "log_softmax": ("x", "axis"),
    "matmul": ("a", "b"),
    "range": ("n",),
    **LAYER_SIGNATURES,
}
"""Each fixed-arity function's parameters; reshape, view, transpose, concat and stack take
any number of positional arguments."""


def bind(node: Call, args: list[Value], keywords: dict[str, Value]) -> dict[str, Value]:
    """Arguments by parameter name, as Python binds them; ShapeProblem for a misfit."""
    names = SIGNATURES[node.func]
    if len(args) > len(names):
        raise ShapeProblem(
            f"{node.func}() takes at most {len(names)} arguments ({', '.join(names)}), "
            f"given {len(args)}"
        )
    bound = dict(zip(names, args, strict=False))
    for key, value in keywords.items():
        key = _ALIASES.get(key, key)
        if key not in names:
            raise ShapeProblem(
                f"{node.func}() has no argument {key!r}; it takes {', '.join(names)}"
            )
        if key in bound:
            raise ShapeProblem(f"{node.func}() got {key!r} twice")
        bound[key] = value
    return bound


def call(node: Call, args: list[Value], keywords: dict[str, Value]) -> Made | Value:
    """The op a call builds (as a Made record) or a Static for range(n) and the like."""
    name = node.func
    if name in ("reshape", "view"):
        return _reshape(node, args, keywords)
    if name == "transpose":
        return _transpose(node, args, keywords)
    if name in ("concat", "stack"):
        return _joined(node, args, keywords)
    if name in ("max", "min") and not node.method and len(args) == 2 and not keywords:
        a, b = args
        broadcast(name, a.shape, b.shape)
        both = ops.maximum if name == "max" else ops.minimum
        return Made(both(as_graph(a), as_graph(b)), name + "imum", node, (a, b))
    if name not in SIGNATURES:
        raise ShapeProblem(f"{name}() is not available in this version of the engine")
    bound = bind(node, args, keywords)
    first = SIGNATURES[name][0]
    if first not in bound:
        raise ShapeProblem(f"{name}() needs its argument {first!r}")
    if name == "range":
        n = static_int(bound["n"], "range(n)'s n")
        assert n is not None
        if n < 0:
            raise ShapeProblem(f"range({n}): n must not be negative")
        sized((n,), f"range({n})")
        return Static(np.arange(n))
    if name == "matmul":
        a, maybe_b = bound["a"], bound.get("b")
        if maybe_b is None:
            raise ShapeProblem("matmul() needs two arguments")
        b = maybe_b
        matmul_shape(a.shape, b.shape)
        return Made(ops.matmul(as_graph(a), as_graph(b)), "matmul", node, (a, b))
    if name in LAYER_SIGNATURES:
        return layer(node, name, bound)
    x = bound["x"]
    if isinstance(x, Static) and x.integer and name != "sum":
        x = Static(x.value.astype(np.float64))
    if name in ELEMENTWISE:
        _domain(name, x)
        return Made(ELEMENTWISE[name](as_graph(x)), name, node, (x,))
    if name in ("softmax", "log_softmax"):
        axis = (
            axis_of(static_int(bound.get("axis"), "axis", -1) or 0, x.shape, name) if x.shape else 0
        )
        if x.shape and axis != len(x.shape) - 1:
            raise ShapeProblem(f"{name}() works along the last axis; axis {axis} was given")
        op = ops.softmax if name == "softmax" else ops.log_softmax
        return Made(op(as_graph(x)), name, node, (x,), (len(x.shape) - 1,))
    return _reduce(node, name, x, bound)


def _domain(name: str, x: Value) -> None:
    values = x.value
    if name == "log" and np.any(values <= 0):
        raise ShapeProblem("log of zero or of a negative number")
    if name == "sqrt" and np.any(values < 0):
        raise ShapeProblem("square root of a negative number")


_REDUCE = {"sum": ops.sum_, "mean": ops.mean, "max": ops.max_, "min": ops.min_, "var": ops.var}


def _reduce(node: Call, name: str, x: Value, bound: dict[str, Value]) -> Made:
    axis = static_int(bound.get("axis"), "axis")
    keep = bound.get("keepdims")
    if keep is not None and (not isinstance(keep, Static) or keep.shape != ()):
        raise ShapeProblem("keepdims must be True or False")
    keepdims = bool(keep.value) if keep is not None else False
    shape = x.shape
    axes = tuple(range(len(shape))) if axis is None else (axis_of(axis, shape, name),)
    result = _REDUCE[name](as_graph(x), axis, keepdims)
    return Made(result, name, node, (x,), axes)


def _joined(node: Call, args: list[Value], keywords: dict[str, Value]) -> Made:
    """concat(a, b, ..., axis=0) and stack(a, b, ..., axis=0)."""
    unknown = sorted(set(keywords) - {"axis", "dim"})
    if unknown or not args:
        raise ShapeProblem(
            f"{node.func}() takes tensors and axis=, such as {node.func}(a, b, axis=1)"
        )
    axis = static_int(keywords.get("axis", keywords.get("dim")), "axis", 0)
    join = ops.concat if node.func == "concat" else ops.stack
    return Made(
        join([as_graph(a) for a in args], axis or 0), node.func, node, tuple(args), (axis or 0,)
    )


def _reshape(node: Call, args: list[Value], keywords: dict[str, Value]) -> Made:
    if keywords or len(args) < 2:
        raise ShapeProblem(f"{node.func}() takes the new sizes, such as .reshape(4, -1)")
    x, sizes = args[0], args[1:]
    if len(sizes) == 1 and isinstance(sizes[0], Static) and sizes[0].value.ndim == 1:
        wanted = tuple(int(n) for n in sizes[0].value)
    else:
        wanted = tuple(static_int(s, "each size") or 0 for s in sizes)
    shape = reshaped(x.shape, wanted)
    return Made(ops.reshape(as_graph(x), shape), "reshape", node, (x,))


def _transpose(node: Call, args: list[Value], keywords: dict[str, Value]) -> Made:
    if keywords or not args:
        raise ShapeProblem("transpose() takes a tensor and, optionally, the order of its axes")
    x = args[0]
    n = len(x.shape)
    if len(args) == 1:
        order = tuple(reversed(range(n)))
    else:
        order = tuple(
            axis_of(static_int(a, "each axis") or 0, x.shape, "transpose") for a in args[1:]
        )
        if sorted(order) != list(range(n)):
            raise ShapeProblem(
                f"transpose of shape {show(x.shape)} needs each of its {n} axes once, not {order}"
            )
    return Made(ops.transpose(as_graph(x), order), "transpose", node, (x,))
