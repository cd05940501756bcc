"""Turn a parsed script into an engine graph, checking every value at the point it is made.

Numbers become constant leaves with one (equal) value per variant, so every node has a
gradient per variant. Each statement gets a graph node of its own, named after its target;
a name assigned again is labelled `q#2`, `q#3` ... (the first binding is plain `q`), so a
trace never shows two nodes under one name. Domain problems (division by zero, log of a
non-positive number, ...) are found before the op runs and reported with the position of the
offending sub-expression, the values of the names it uses and, for N > 1, the first variant.
"""

from __future__ import annotations

import difflib
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass

import numpy as np

from engine import ops
from engine.expr_syntax import FUNCTIONS, ExprError, Script, error_at, line_column, quote
from engine.ops_elementwise import ELEMENTWISE
from engine.syntax_tree import Binary, Call, Expr, Name, Negate, Number, names_in
from engine.tensor import Tensor, as_tensor, variable

Values = Mapping[str, float | Sequence[float] | np.ndarray]

_UNARY = {name: ELEMENTWISE[name] for name, arity in FUNCTIONS.items() if arity == 1}
_BINARY: dict[str, Callable[[Tensor, Tensor], Tensor]] = {
    "+": ops.add,
    "-": ops.sub,
    "*": ops.mul,
    "/": ops.div,
    "max": ops.maximum,
    "min": ops.minimum,
}


@dataclass(frozen=True)
class Evaluation:
    """A script evaluated for N variants, forward and backward from its output."""

    program: Script
    variants: int
    output: Tensor
    nodes: dict[str, Tensor]
    """Every input, then every assigned name, each at its newest binding."""
    bindings: dict[str, Tensor]
    """Every binding under its unique label (x, q, q#2, f ...), inputs first, then in order."""

    def values(self, variant: int = 0, every_binding: bool = False) -> dict[str, float]:
        """Each node's value in one variant (newest bindings, or every binding by label)."""
        table = self.bindings if every_binding else self.nodes
        return {name: float(t.value[variant]) for name, t in table.items()}

    def gradients(self, variant: int = 0, every_binding: bool = False) -> dict[str, float]:
        """d output / d node in one variant; 0 for a node the output does not depend on."""
        table = self.bindings if every_binding else self.nodes
        return {
            name: 0.0 if t.grad is None else float(t.grad[variant]) for name, t in table.items()
        }


def evaluate(program: Script, values: Values) -> Evaluation:
    """Build the graph for `values` (numbers or per-variant arrays), run forward and backward."""
    arrays = _input_arrays(program, values)
    variants = max((len(a) for a in arrays.values()), default=1)
    builder = _Builder(program.source, variants)
    bindings: dict[str, Tensor] = {}
    for name in program.inputs:
        tensor = variable(np.broadcast_to(arrays[name], (variants,)), name=name)
        builder.env[name] = bindings[name] = tensor
    counts = dict.fromkeys(program.inputs, 1)
    with np.errstate(all="ignore"):
        for statement in program.statements:
            tensor = builder.build(statement.value)
            if tensor.is_leaf or tensor.name:
                tensor = ops.identity(tensor)  # `f = q` and `f = 3` still get a node of their own
            counts[statement.target] = counts.get(statement.target, 0) + 1
            count = counts[statement.target]
            tensor.name = statement.target if count == 1 else f"{statement.target}#{count}"
            builder.env[statement.target] = bindings[tensor.name] = tensor
        output = builder.env[program.output]
        output.backward()
    nodes = {name: builder.env[name] for name in counts}
    for name, tensor in nodes.items():
        if tensor.grad is not None and not np.isfinite(tensor.grad).all():
            variant = int(np.flatnonzero(~np.isfinite(tensor.grad))[0])
            where = f" (variant {variant})" if variants > 1 else ""
            raise error_at(
                program.source,
                program.statements[-1].start,
                f"the gradient of {program.output!r} with respect to {name!r} is not finite"
                f"{where}: a value overflows on the way back",
            )
    return Evaluation(program, variants, output, nodes, bindings)


def _input_arrays(program: Script, values: Values) -> dict[str, np.ndarray]:
    """Each input's values as a float array of length 1 or N, checked."""
    try:
        return _checked_arrays(program, values)
    except ExprError as error:
        error.in_values = True
        raise


def _checked_arrays(program: Script, values: Values) -> dict[str, np.ndarray]:
    assigned = {s.target: s.start for s in program.statements}
    inputs = ", ".join(program.inputs) or "none"
    arrays: dict[str, np.ndarray] = {}
    for name, raw in values.items():
        if name not in program.inputs:
            if name in assigned:
                line, column = line_column(program.source, assigned[name])
                raise ExprError(
                    f"a value was given for {name!r}, but the script computes it "
                    f"(line {line}, column {column}); its inputs are: {inputs}"
                )
            raise ExprError(
                f"a value was given for {name!r}, which the script does not use; "
                f"its inputs are: {inputs}"
            )
        try:
            array = np.asarray(raw, dtype=np.float64)
        except (TypeError, ValueError) as err:
            raise ExprError(
                f"the value for {name!r} must be a number or numbers, not {raw!r}"
            ) from err
        array = array.reshape(1) if array.ndim == 0 else array
        if array.ndim != 1 or array.size == 0:
            raise ExprError(
                f"the value for {name!r} must be a number or a flat, non-empty sequence of "
                f"one number per variant, not an array of shape {array.shape}"
            )
        if not np.isfinite(array).all():
            raise ExprError(f"the value for {name!r} is not a finite number: {array.tolist()}")
        arrays[name] = array
    for name in program.inputs:
        if name not in arrays:
            position = next(
                n.start for s in program.statements for n in names_in(s.value) if n.id == name
            )
            line, column = line_column(program.source, position)
            raise ExprError(
                f"no value given for input {name!r} (line {line}, column {column})"
                + _hint(program, name, assigned),
                position,
                line,
                column,
            )
    lengths = {name: len(a) for name, a in arrays.items() if len(a) > 1}
    if len(set(lengths.values())) > 1:
        described = ", ".join(f"{name!r} has {n}" for name, n in lengths.items())
        raise ExprError(f"inputs disagree on the number of variants: {described}")
    return arrays


def _hint(program: Script, name: str, assigned: dict[str, int]) -> str:
    """Why an input may lack a value: it is assigned only in a later statement, or a typo."""
    statements = program.statements
    used = next(k for k, s in enumerate(statements) if any(n.id == name for n in names_in(s.value)))
    first = next((s for s in statements[used:] if s.target == name), None)
    if first is not None and first is not statements[used]:  # `w = w - g` updates an input
        line, column = line_column(program.source, first.start)
        return (
            f"; it is assigned only later (line {line}, column {column}), and statements run "
            "in order"
        )
    known = [n for n in (*program.inputs, *assigned) if n != name]
    close = difflib.get_close_matches(name, known, n=1)
    return f"; did you mean {close[0]!r}?" if close else ""


class _Builder:
    """Builds one expression at a time against the current bindings."""

    def __init__(self, source: str, variants: int) -> None:
        self.source = source
        self.variants = variants
        self.env: dict[str, Tensor] = {}

    def build(self, node: Expr) -> Tensor:
        """The graph node computing `node` (recursion is bounded by the parser's MAX_DEPTH, which
        counts nesting; the left chain of a flat sum is followed in a loop)."""
        if isinstance(node, Number):
            return as_tensor(np.full(self.variants, node.value))
        if isinstance(node, Name):
            return self.env[node.id]
        if isinstance(node, Negate):
            return self.checked(node, ops.neg(self.build(node.operand)))
        if isinstance(node, Call) and len(node.args) == 1:
            arg = self.build(node.args[0])
            self.check_argument(node, arg)
            return self.checked(node, _UNARY[node.func](arg))
        if isinstance(node, Call):
            left, right = self.build(node.args[0]), self.build(node.args[1])
            return self.checked(node, _BINARY[node.func](left, right))
        assert isinstance(node, Binary)  # the scalar parser makes no Attribute or Index
        if node.op == "**":
            return self.checked(node, self.power(node))
        chain = [node]  # a + b + c + ... : walk the left operands in a loop, not by recursion
        while isinstance(chain[-1].left, Binary) and chain[-1].left.op != "**":
            chain.append(chain[-1].left)
        left = self.build(chain[-1].left)
        for link in reversed(chain):
            right = self.build(link.right)
            if link.op == "/":
                self.refuse(link, right.value == 0, "division by zero", link.right)
            left = self.checked(link, _BINARY[link.op](left, right))
        return left

    def check_argument(self, node: Call, arg: Tensor) -> None:
        value = arg.value
        if node.func == "log":
            self.refuse(node, value == 0, "log of zero", node.args[0])
            self.refuse(node, value < 0, "log of a negative number ({})", node.args[0], value)
        elif node.func == "sqrt":
            self.refuse(
                node, value < 0, "square root of a negative number ({})", node.args[0], value
            )

    def power(self, node: Binary) -> Tensor:
        """base ** exponent: a constant exponent uses ops.power; otherwise exp(e * log(base))."""
        base = self.build(node.left)
        exponent = self.build(node.right)
        if names_in(node.right):
            self.refuse(
                node,
                base.value <= 0,
                "a power with a variable exponent needs a positive base, not {}",
                node.left,
                base.value,
            )
            return ops.exp(ops.mul(exponent, ops.log(base)))
        k = float(exponent.value[0])
        if k != int(k):
            self.refuse(
                node,
                base.value < 0,
                "fractional power of a negative number ({})",
                node.left,
                base.value,
            )
        if k < 0:
            self.refuse(
                node, base.value == 0, "division by zero (zero to a negative power)", node.left
            )
        return ops.power(base, k)

    def checked(self, node: Expr, result: Tensor) -> Tensor:
        """Refuse a non-finite value or local derivative made by the op for `node`."""
        value = result.value
        self.refuse(node, ~np.isfinite(value), "non-finite result ({})", node, value)
        assert result.backward_rule is not None
        for local in result.backward_rule(np.ones_like(value)):
            if local is not None:
                local = np.broadcast_to(local, value.shape)
                self.refuse(node, ~np.isfinite(local), "derivative not finite ({})", node, local)
        return result

    def refuse(
        self, node: Expr, mask: np.ndarray, what: str, about: Expr, shown: np.ndarray | None = None
    ) -> None:
        """Raise at `node` if `mask` holds in any variant, quoting it and the names in `about`."""
        if not mask.any():
            return
        variant = int(np.flatnonzero(mask)[0])
        if shown is not None:
            what = what.format(f"{shown[min(variant, len(shown) - 1)]:.12g}")
        seen: dict[str, float] = {}
        for name in names_in(about):
            seen.setdefault(name.id, float(self.env[name.id].value[variant]))
        at = ", ".join(f"{name}={value:.12g}" for name, value in seen.items())
        text = f"{what} in {quote(self.source, node.start, node.end)!r}"
        text += f" at {at}" if at else ""
        text += f" (variant {variant})" if self.variants > 1 else ""
        raise error_at(self.source, node.start, text)
