"""Primitive ops: each is its forward rule and its local gradient, side by side.

Every op works on values with a leading variant axis and broadcasts over it. The ops live in
two modules by idea -- elementwise (ops_elementwise) and across the elements of each variant:
reductions, shapes, products, softmax (ops_arrays) -- and are all importable from here; the
arithmetic ones are Tensor's own operators. Anything not a primitive is composed from
these (see losses.py), so only primitives carry gradients.
"""

from __future__ import annotations

from engine.ops_arrays import (
    concat,
    index,
    log_softmax,
    matmul,
    matvec,
    max_,
    mean,
    min_,
    reshape,
    softmax,
    stack,
    sum_,
    transpose,
    var,
)
from engine.ops_elementwise import (
    absolute,
    add,
    div,
    exp,
    identity,
    leaky_relu,
    log,
    maximum,
    minimum,
    mul,
    neg,
    power,
    relu,
    sigmoid,
    softplus,
    sqrt,
    sub,
    tanh,
)
from engine.tensor import Operand

__all__ = [
    "Operand",
    "absolute",
    "add",
    "concat",
    "div",
    "exp",
    "identity",
    "index",
    "leaky_relu",
    "log",
    "log_softmax",
    "matmul",
    "matvec",
    "max_",
    "maximum",
    "mean",
    "min_",
    "minimum",
    "mul",
    "neg",
    "power",
    "relu",
    "reshape",
    "sigmoid",
    "softmax",
    "softplus",
    "sqrt",
    "stack",
    "sub",
    "sum_",
    "tanh",
    "transpose",
    "var",
]
