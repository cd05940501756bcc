"""Primitive ops: each is its forward rule and its local gradient, side by side.

Every op works on values with a leading variant axis and broadcasts over it. The ops live in
two modules by idea -- elementwise (ops_elementwise) and across the elements of each variant:
reductions, shapes, products, softmax (ops_arrays) -- and layers that are one op each with
their own backward (layers_conv, layers_norm, layers_misc); all are importable from here; the
arithmetic ones are Tensor's own operators. Anything not a primitive is composed from
these (see losses.py), so only primitives carry gradients.
"""

from __future__ import annotations

from engine.layers_conv import avg_pool2d, conv2d, max_pool2d
from engine.layers_misc import attention, cross_entropy, dropout
from engine.layers_norm import batch_norm, layer_norm
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
    "attention",
    "avg_pool2d",
    "batch_norm",
    "concat",
    "conv2d",
    "cross_entropy",
    "div",
    "dropout",
    "exp",
    "identity",
    "index",
    "layer_norm",
    "leaky_relu",
    "log",
    "log_softmax",
    "matmul",
    "matvec",
    "max_",
    "max_pool2d",
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
