"""The tensor script language's syntax tree: the scalar language's, grown by indexing, methods,
attributes, `@`, keyword arguments and integer literals.

Parsed by engine/script_parser.py with the scalar language's tokenizer (given the extra
operators); nothing is ever handed to Python's eval, exec or compile.
"""

from __future__ import annotations

from dataclasses import dataclass

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


@dataclass(frozen=True)
class Number:
    """A literal: kind is "float" (1.5, 2e-3), "int" (3) or "bool" (True, False)."""

    value: float
    kind: str
    start: int
    end: int


@dataclass(frozen=True)
class Name:
    """A reference to an input or to the newest binding of a statement's name."""

    id: str
    start: int
    end: int


@dataclass(frozen=True)
class Negate:
    """Unary minus (unary plus makes no node)."""

    operand: Expr
    start: int
    end: int


@dataclass(frozen=True)
class Binary:
    """A binary operation; `op` is one of + - * / ** @ (a written ^ is stored as **)."""

    op: str
    left: Expr
    right: Expr
    start: int
    end: int


@dataclass(frozen=True)
class Call:
    """A function by name, `tanh(x)`, or a method, `x.sum(0, keepdims=True)` (the receiver is
    then the first argument and `method` is True)."""

    func: str
    args: tuple[Expr, ...]
    keywords: tuple[tuple[str, Expr], ...]
    start: int
    end: int
    method: bool = False


@dataclass(frozen=True)
class Attribute:
    """`x.T` or `x.shape`: an attribute read without a call."""

    target: Expr
    name: str
    start: int
    end: int


@dataclass(frozen=True)
class Slice:
    """`a:b:c` inside brackets; a missing part is None."""

    lower: Expr | None
    upper: Expr | None
    step: Expr | None
    start: int
    end: int


@dataclass(frozen=True)
class Index:
    """`x[i]`, `x[i, j]`, `x[idx]`, `x[range(n), y]`, `x[1:3, :]`."""

    target: Expr
    items: tuple[Expr | Slice, ...]
    start: int
    end: int


Expr = Number | Name | Negate | Binary | Call | Attribute | Index


@dataclass(frozen=True)
class Assign:
    """One statement, `target = value`; `start` is where the target is written."""

    target: str
    value: Expr
    start: int
    end: int


def children(node: Expr | Slice) -> tuple[Expr, ...]:
    """The sub-expressions of a node, left to right."""
    if isinstance(node, Negate):
        return (node.operand,)
    if isinstance(node, Binary):
        return (node.left, node.right)
    if isinstance(node, Call):
        return (*node.args, *(value for _, value in node.keywords))
    if isinstance(node, Attribute):
        return (node.target,)
    if isinstance(node, Slice):
        return tuple(part for part in (node.lower, node.upper, node.step) if part is not None)
    if isinstance(node, Index):
        parts: list[Expr] = [node.target]
        for item in node.items:
            parts.extend(children(item) if isinstance(item, Slice) else (item,))
        return tuple(parts)
    return ()


def names_in(node: Expr) -> list[Name]:
    """Every name referenced in a sub-expression, in the order written (no recursion)."""
    found: list[Name] = []
    stack: list[Expr] = [node]
    while stack:
        current = stack.pop()
        if isinstance(current, Name):
            found.append(current)
        stack.extend(reversed(children(current)))
    return found
