"""Tensor: a node of the computational graph whose values carry a leading variant axis.

Axis 0 of every value indexes independent *variants* of the same computation, so one graph
evaluates N questions at once (N = 1 for one question). A value of length 1 on that axis
(a constant) broadcasts against any N; other axes broadcast as in numpy (engine/broadcast.py).

Python's arithmetic operators are primitives defined here, each forward rule beside its local
gradient; `engine.ops` offers them as functions along with every other op.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

import numpy as np

from engine.broadcast import broadcast_pair, unbroadcast
from engine.indexing import PerVariant, index_rule
from engine.products import matmul_rule
from engine.reduce import Axis, Rule, extreme_rule, mean_rule, sum_rule, var_rule

BackwardRule = Callable[[np.ndarray], Sequence[np.ndarray | None]]
"""Maps the gradient at a node to the gradient contribution for each of its parents."""


class Tensor:
    """A value, its gradient, the parents it was computed from and the op's local rule."""

    __slots__ = ("backward_rule", "grad", "name", "op", "parents", "value")

    def __init__(
        self,
        value: np.ndarray,
        parents: tuple[Tensor, ...] = (),
        op: str = "",
        backward_rule: BackwardRule | None = None,
        name: str = "",
    ) -> None:
        self.value = value
        self.grad: np.ndarray | None = None
        self.parents = parents
        self.op = op
        self.backward_rule = backward_rule
        self.name = name

    @property
    def variants(self) -> int:
        """How many variants this value holds (1 for a shared constant)."""
        return self.value.shape[0]

    @property
    def shape(self) -> tuple[int, ...]:
        """The shape of one variant's value."""
        return self.value.shape[1:]

    @property
    def gradient(self) -> np.ndarray:
        """`grad` after backward(), zeros where no path led back here (e.g. behind a dead relu)."""
        return np.zeros_like(self.value) if self.grad is None else self.grad

    def local_gradients(self) -> tuple[np.ndarray, ...]:
        """What each parent gets back from an upstream gradient of ones: for an elementwise op,
        its local slope (f'(net) for an activation). A leaf has no parents, so none."""
        if self.backward_rule is None:
            return ()
        rows = self.backward_rule(np.ones_like(self.value))
        return tuple(
            np.zeros_like(p.value) if row is None else row
            for p, row in zip(self.parents, rows, strict=True)
        )

    @property
    def is_leaf(self) -> bool:
        """True for inputs and parameters: nodes that no op produced."""
        return not self.parents

    def __repr__(self) -> str:
        label = self.name or self.op or "leaf"
        return f"Tensor({label}, variants={self.variants}, shape={self.shape})"

    # Arithmetic: each operator is its forward rule and its local gradient side by side.

    def __add__(self, other: Operand) -> Tensor:
        b = as_tensor(other)
        av, bv = broadcast_pair(self.value, b.value, "+")
        return Tensor(av + bv, (self, b), "+", lambda g: (g, g))

    def __radd__(self, other: Operand) -> Tensor:
        return as_tensor(other).__add__(self)

    def __sub__(self, other: Operand) -> Tensor:
        b = as_tensor(other)
        av, bv = broadcast_pair(self.value, b.value, "-")
        return Tensor(av - bv, (self, b), "-", lambda g: (g, -g))

    def __rsub__(self, other: Operand) -> Tensor:
        return as_tensor(other).__sub__(self)

    def __mul__(self, other: Operand) -> Tensor:
        b = as_tensor(other)
        av, bv = broadcast_pair(self.value, b.value, "*")
        return Tensor(av * bv, (self, b), "*", lambda g: (g * bv, g * av))

    def __rmul__(self, other: Operand) -> Tensor:
        return as_tensor(other).__mul__(self)

    def __truediv__(self, other: Operand) -> Tensor:
        b = as_tensor(other)
        av, bv = broadcast_pair(self.value, b.value, "/")
        out = av / bv
        return Tensor(out, (self, b), "/", lambda g: (g / bv, -g * out / bv))

    def __rtruediv__(self, other: Operand) -> Tensor:
        return as_tensor(other).__truediv__(self)

    def __neg__(self) -> Tensor:
        return Tensor(-self.value, (self,), "neg", lambda g: (-g,))

    def __pow__(self, exponent: float) -> Tensor:
        """self ** exponent for a constant exponent (x ** 0 is the constant 1, gradient 0)."""
        av = self.value
        if exponent == 0:
            return Tensor(np.ones_like(av), (self,), "**0", lambda g: (np.zeros_like(g),))
        return Tensor(
            av**exponent,
            (self,),
            f"**{exponent:g}",
            lambda g: (g * exponent * av ** (exponent - 1),),
        )

    def __matmul__(self, other: Operand) -> Tensor:
        """Matrix product per variant, in every shape pair numpy's matmul accepts."""
        b = as_tensor(other)
        return _node(matmul_rule(self.value, b.value), (self, b), "@")

    def __rmatmul__(self, other: Operand) -> Tensor:
        return as_tensor(other).__matmul__(self)

    def __getitem__(self, key: object) -> Tensor:
        """Index each variant's value: ints, slices, `...`, integer arrays, ranges, integer
        Tensors (gathering: the gradient accumulates where an index repeats)."""
        parts = key if isinstance(key, tuple) else (key,)
        own = tuple(PerVariant(p.value) if isinstance(p, Tensor) else p for p in parts)
        return _node(index_rule(self.value, own), (self,), "index")

    # Shapes and reductions of each variant's value; axes count per variant.

    def reshape(self, *shape: int | tuple[int, ...]) -> Tensor:
        """Each variant's value with a new shape (one length may be -1)."""
        old = self.value.shape
        out = self.value.reshape((old[0], *_lengths(shape)))
        return Tensor(out, (self,), "reshape", lambda g: (g.reshape(old),))

    view = reshape

    def transpose(self, *axes: int | tuple[int, ...]) -> Tensor:
        """Permute the axes of each variant's value (reverse them when none are given)."""
        order = _lengths(axes)
        n = self.value.ndim - 1
        perm = tuple(reversed(range(n))) if not order else tuple(p % n for p in order)
        if sorted(perm) != list(range(n)):
            raise ValueError(f"transpose: {tuple(order)} is not an order of {n} axes")
        full = (0, *(p + 1 for p in perm))
        inverse = tuple(int(i) for i in np.argsort(full))
        out = self.value.transpose(full)
        return Tensor(out, (self,), "transpose", lambda g: (g.transpose(inverse),))

    @property
    def T(self) -> Tensor:
        """Each variant's value with its axes reversed (a matrix transposed)."""
        return self.transpose()

    def sum(self, axis: Axis = None, keepdims: bool = False) -> Tensor:
        """Sum over axes of each variant (all of them by default)."""
        return _node(sum_rule(self.value, axis, keepdims), (self,), "sum")

    def mean(self, axis: Axis = None, keepdims: bool = False) -> Tensor:
        """Mean over axes of each variant (all of them by default)."""
        return _node(mean_rule(self.value, axis, keepdims), (self,), "mean")

    def max(self, axis: Axis = None, keepdims: bool = False) -> Tensor:
        """Largest element over axes of each variant; tied maxima share the gradient evenly."""
        return _node(extreme_rule(self.value, axis, keepdims, largest=True), (self,), "max")

    def min(self, axis: Axis = None, keepdims: bool = False) -> Tensor:
        """Smallest element over axes of each variant; tied minima share the gradient evenly."""
        return _node(extreme_rule(self.value, axis, keepdims, largest=False), (self,), "min")

    def var(self, axis: Axis = None, keepdims: bool = False) -> Tensor:
        """Biased variance over axes of each variant, as batch normalization uses it."""
        return _node(var_rule(self.value, axis, keepdims), (self,), "var")

    # The backward pass.

    def backward(self, seed: np.ndarray | None = None) -> None:
        """Fill `grad` on every node this one depends on: d self / d node, summed over paths.

        `seed` is d(final)/d(self); it defaults to ones, so a scalar output gets d self/d node.
        """
        order = topological_order(self)
        for node in order:
            node.grad = None
        shape = self.value.shape
        if seed is None:
            self.grad = np.ones(shape)
        else:
            seed = np.asarray(seed, dtype=np.float64)
            self.grad = seed if seed.shape == shape else np.broadcast_to(seed, shape)
        for node in reversed(order):
            rule, grad = node.backward_rule, node.grad
            if rule is None or grad is None:
                continue
            for parent, contribution in zip(node.parents, rule(grad), strict=True):
                if contribution is None:
                    continue
                shape = parent.value.shape
                if contribution.shape != shape:
                    contribution = unbroadcast(contribution, shape)
                # Never in place: a contribution may alias another node's gradient.
                parent.grad = contribution if parent.grad is None else parent.grad + contribution


def _lengths(numbers: tuple[int | tuple[int, ...], ...]) -> tuple[int, ...]:
    """f(2, 3) and f((2, 3)) alike: the numbers a shape or an order was given as."""
    if len(numbers) == 1 and isinstance(numbers[0], tuple):
        return tuple(int(n) for n in numbers[0])
    return tuple(int(n) for n in numbers if not isinstance(n, tuple))


def _node(rule: Rule, parents: tuple[Tensor, ...], op: str) -> Tensor:
    """A graph node from a rule: its forward value and its backward rule."""
    value, backward = rule
    return Tensor(value, parents, op, backward)


def topological_order(root: Tensor) -> list[Tensor]:
    """Nodes reachable from `root`, every node after all of its parents (iterative DFS)."""
    order: list[Tensor] = []
    append = order.append
    visited: set[int] = set()
    stack: list[tuple[Tensor, bool]] = [(root, False)]
    pop, push = stack.pop, stack.append
    while stack:
        node, expanded = pop()
        if expanded:
            append(node)
            continue
        key = id(node)
        if key in visited:
            continue
        visited.add(key)
        push((node, True))
        for parent in node.parents:
            if id(parent) not in visited:
                push((parent, False))
    return order


Operand = Tensor | float | np.ndarray
"""What an op accepts: a Tensor, or a number or array that as_tensor wraps as a leaf."""


def as_tensor(value: Operand, name: str = "") -> Tensor:
    """Wrap a number or array as a leaf; a plain number becomes a constant shared by variants."""
    if isinstance(value, Tensor):
        return value
    if isinstance(value, float | int):
        return Tensor(np.array([value], dtype=np.float64), name=name)
    array = np.asarray(value, dtype=np.float64)
    if array.ndim == 0:
        array = array.reshape(1)
    return Tensor(array, name=name)


def variable(values: Sequence[float] | np.ndarray, name: str = "") -> Tensor:
    """A leaf with one value per variant: `values` has the variant axis first."""
    array = np.array(values, dtype=np.float64)
    if array.ndim == 0:
        array = array.reshape(1)
    return Tensor(array, name=name)
