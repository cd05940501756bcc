"""Evaluate a parsed tensor script: build the engine graph statement by statement, checking
shapes and domains at the point each op is made, then run backward from the output.

Expressions are walked with an explicit stack (never Python recursion), so any script the
parser accepts evaluates. Every problem is an ExprError at the offending sub-expression.
"""

from __future__ import annotations

import difflib
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from engine import ops
from engine.expr_syntax import ExprError, error_at, quote
from engine.script_calls import call
from engine.script_values import (
    Made,
    ShapeProblem,
    Static,
    Value,
    as_graph,
    broadcast,
    check_bounds,
    matmul_shape,
    show,
    sized,
    static_power,
)
from engine.syntax_tree import (
    Assign,
    Attribute,
    Binary,
    Call,
    Expr,
    Index,
    Name,
    Negate,
    Number,
    Slice,
    children,
    names_in,
)
from engine.tensor import Tensor

_ARITHMETIC = {"+": np.add, "-": np.subtract, "*": np.multiply, "/": np.divide}


@dataclass
class ScriptRun:
    """A tensor script evaluated forward and backward."""

    source: str
    statements: tuple[Assign, ...]
    inputs: tuple[str, ...]
    bindings: dict[str, Value]
    """Every input and every statement's value under its label (x, h, h#2 ...), in order."""
    parents: dict[str, tuple[str, ...]]
    """For each statement's label, the labels its expression reads (the statement graph)."""
    made: list[Made] = field(default_factory=list)
    """Every op built, with what it read: the gradient rules are described from these."""

    @property
    def output(self) -> str:
        """The label of the last statement, the script's output."""
        return list(self.bindings)[-1]

    def gradient(self, label: str) -> np.ndarray | None:
        """d output / d node for one variant; None for a Static (indices are not differentiated)."""
        value = self.bindings[label]
        if isinstance(value, Static):
            return None
        return np.zeros(value.shape) if value.grad is None else value.grad[0] + 0.0

    def value(self, label: str) -> np.ndarray:
        """One variant's value of a node."""
        value = self.bindings[label]
        return value.value if isinstance(value, Static) else value.value[0]


def evaluate(
    source: str, statements: tuple[Assign, ...], inputs: Mapping[str, np.ndarray]
) -> ScriptRun:
    """Build the graph from the input arrays (float arrays are differentiated, integer arrays
    are indices), run it forward and backward; ExprError says where a problem is."""
    builder = _Builder(source)
    bindings: dict[str, Value] = {}
    for name, array in inputs.items():
        if array.dtype.kind in "iub":
            value: Value = Static(array)
        else:
            value = Tensor(np.asarray(array, dtype=np.float64)[None], name=name)
        builder.env[name] = name
        bindings[name] = value
    builder.bindings = bindings
    parents: dict[str, tuple[str, ...]] = {}
    counts = dict.fromkeys(inputs, 1)
    with np.errstate(all="ignore"):
        for statement in statements:
            read = tuple(dict.fromkeys(builder.label_of(n) for n in names_in(statement.value)))
            result = builder.build(statement.value)
            counts[statement.target] = counts.get(statement.target, 0) + 1
            count = counts[statement.target]
            label = statement.target if count == 1 else f"{statement.target}#{count}"
            if isinstance(result, Tensor):
                if result.is_leaf or result.name:
                    result = ops.identity(result)
                    builder.made.append(Made(result, "identity", statement.value, (result,)))
                result.name = label
            builder.env[statement.target] = label
            bindings[label] = result
            parents[label] = read
        last = statements[-1]
        output = bindings[builder.env[last.target]]
        if not isinstance(output, Tensor) or output.shape != ():
            what = "an index or constant" if isinstance(output, Static) else show(output.shape)
            raise error_at(
                source,
                last.start,
                f"the last statement is the output and must be a scalar computed from the "
                f"inputs; {last.target!r} is {what}",
            )
        output.backward()
    return ScriptRun(source, statements, tuple(inputs), bindings, parents, builder.made)


class _Builder:
    """Builds one expression at a time against the current bindings."""

    def __init__(self, source: str) -> None:
        self.source = source
        self.env: dict[str, str] = {}  # name -> label of its newest binding
        self.bindings: dict[str, Value] = {}
        self.made: list[Made] = []

    def label_of(self, name: Name) -> str:
        if name.id not in self.env:
            known = list(self.env)
            close = difflib.get_close_matches(name.id, known, n=1)
            hint = f"; did you mean {close[0]!r}?" if close else ""
            where = ", ".join(known) or "none"
            raise error_at(
                self.source,
                name.start,
                f"unknown name {name.id!r}: not an input and not assigned before this line"
                f"{hint} (known here: {where})",
            )
        return self.env[name.id]

    def build(self, root: Expr) -> Value:
        """The value of `root`, children first, walked with an explicit stack."""
        results: dict[int, Value] = {}
        stack: list[tuple[Expr | Slice, bool]] = [(root, False)]
        while stack:
            node, ready = stack.pop()
            if not ready:
                stack.append((node, True))
                stack.extend((child, False) for child in reversed(children(node)))
            elif not isinstance(node, Slice):
                args = [results[id(child)] for child in children(node)]
                try:
                    results[id(node)] = self.apply(node, args)
                except ExprError as error:
                    if error.position is not None:
                        raise
                    raise error_at(self.source, node.start, str(error)) from None
                except (ValueError, IndexError) as problem:  # ShapeProblem, or an op's refusal
                    raise error_at(self.source, node.start, str(problem)) from None
                self.check_finite(node, results[id(node)])
        return results[id(root)]

    def apply(self, node: Expr, args: list[Value]) -> Value:
        if isinstance(node, Number):
            kind = {"int": np.int64, "bool": np.bool_, "float": np.float64}[node.kind]
            return Static(np.array(node.value, dtype=kind))
        if isinstance(node, Name):
            return self.bindings[self.label_of(node)]
        if isinstance(node, Negate):
            (a,) = args
            if isinstance(a, Static):
                return Static(-a.value.astype(np.int64) if a.value.dtype.kind == "b" else -a.value)
            return self.op(ops.neg(a), "neg", node, (a,))
        if isinstance(node, Binary):
            return self.binary(node, args[0], args[1])
        if isinstance(node, Attribute):
            (a,) = args
            if node.name == "shape":
                return Static(np.array(a.shape, dtype=np.int64))
            if isinstance(a, Static):
                return Static(a.value.T)
            return self.op(ops.transpose(a), "transpose", node, (a,))
        if isinstance(node, Index):
            return self.index(node, args)
        assert isinstance(node, Call)
        positional = args[: len(node.args)]
        keywords = {k: v for (k, _), v in zip(node.keywords, args[len(node.args) :], strict=True)}
        made = call(node, positional, keywords)
        if isinstance(made, Made):
            self.made.append(made)
            return made.result
        return made

    def op(self, result: Tensor, kind: str, node: Expr, parents: tuple[Value, ...]) -> Tensor:
        self.made.append(Made(result, kind, node, parents))
        return result

    def binary(self, node: Binary, a: Value, b: Value) -> Value:
        if node.op == "**":
            if not isinstance(b, Static) or b.shape != ():
                raise ShapeProblem("the exponent of ** must be a number written in the script")
            k = float(b.value)
            if isinstance(a, Static):
                return Static(static_power(a.value, k))
            if k != int(k):
                self.refuse(node, a.value < 0, "fractional power of a negative number")
            if k < 0:
                self.refuse(node, a.value == 0, "zero to a negative power")
            result = ops.power(a, k)
            self.made.append(Made(result, "power", node, (a,), exponent=k))
            return result
        if node.op == "@":
            matmul_shape(a.shape, b.shape)
            return self.op(ops.matmul(as_graph(a), as_graph(b)), "matmul", node, (a, b))
        broadcast(node.op, a.shape, b.shape)
        if node.op == "/":
            self.refuse(node, (b.value == 0), "division by zero", node.right)
        if isinstance(a, Static) and isinstance(b, Static):
            result = _ARITHMETIC[node.op](a.value, b.value)
            return Static(result)
        combined = {"+": ops.add, "-": ops.sub, "*": ops.mul, "/": ops.div}[node.op]
        return self.op(combined(as_graph(a), as_graph(b)), node.op, node, (a, b))

    def index(self, node: Index, args: list[Value]) -> Value:
        target, rest = args[0], iter(args[1:])
        key: list[Any] = []
        for item in node.items:
            if isinstance(item, Slice):
                parts = [
                    None if p is None else next(rest) for p in (item.lower, item.upper, item.step)
                ]
                bounds = [None if p is None else _integer(p, "a slice bound") for p in parts]
                key.append(slice(*bounds))
            else:
                part = next(rest)
                if not isinstance(part, Static) or part.value.dtype.kind not in "iu":
                    raise ShapeProblem(
                        "an index must be integers: a number, an integer input or range(n)"
                    )
                key.append(part.value if part.value.ndim else int(part.value))
        check_bounds(target.shape, key)
        picks = max((np.size(k) for k in key if isinstance(k, np.ndarray)), default=1)
        sized((picks, *target.shape), "this index")
        if isinstance(target, Static):
            return Static(np.asarray(target.value[tuple(key)]))
        full = tuple(key)
        return self.op(ops.index(target, full), "index", node, (target,))

    def refuse(self, node: Expr, mask: np.ndarray, what: str, about: Expr | None = None) -> None:
        if np.any(mask):
            shown = quote(self.source, (about or node).start, (about or node).end)
            raise error_at(self.source, node.start, f"{what} in {shown!r}")

    def check_finite(self, node: Expr, value: Value) -> None:
        array = value.value
        if array.dtype.kind == "f" and not np.isfinite(array).all():
            raise error_at(
                self.source,
                node.start,
                f"non-finite result in {quote(self.source, node.start, node.end)!r}: "
                "a value overflows or a domain is left (log of 0, division by 0)",
            )


def _integer(value: Value, what: str) -> int:
    if not isinstance(value, Static) or not value.integer or value.shape != ():
        raise ShapeProblem(f"{what} must be one integer")
    return int(value.value)
