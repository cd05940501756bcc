"""The tensor script language's vocabulary: its operators, functions, methods, attributes and
constants (its tree is engine/syntax_tree.py, which the scalar language shares).

Parsed by engine/script_parser.py with the shared tokenizer and parser core; nothing is ever
handed to Python's eval, exec or compile.
"""

from __future__ import annotations

OPERATORS = ("**", "+", "-", "*", "/", "^", "@", "(", ")", "[", "]", ",", "=", ".", ":")
"""The tensor language's operator tokens (the scalar language's plus `@ [ ] . :`)."""

FUNCTIONS = frozenset(
    [
        "exp",
        "log",
        "sqrt",
        "abs",
        "sigmoid",
        "tanh",
        "relu",
        "leaky_relu",
        "softplus",
        "max",
        "min",
        "sum",
        "mean",
        "var",
        "softmax",
        "log_softmax",
        "reshape",
        "transpose",
        "concat",
        "stack",
        "matmul",
        "range",
        "conv2d",
        "max_pool2d",
        "avg_pool2d",
        "batch_norm",
        "layer_norm",
        "dropout",
        "cross_entropy",
        "attention",
    ]
)
"""Names that are functions: `name(...)`; none may be assigned to."""

METHODS = frozenset(
    [
        "sum",
        "mean",
        "max",
        "min",
        "var",
        "reshape",
        "view",
        "transpose",
        "softmax",
        "log_softmax",
        "exp",
        "log",
        "sqrt",
        "abs",
        "tanh",
        "sigmoid",
        "relu",
    ]
)
"""Names callable as methods: `x.sum(0, keepdims=True)`."""

ATTRIBUTES = frozenset(("T", "shape"))
"""Attributes read without a call: `x.T`, `x.shape`."""

CONSTANTS = {"True": 1.0, "False": 0.0}
