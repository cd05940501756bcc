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
        """Matrix product per variant: (N, m, k) @ (N, k, n) -> (N, m, n)."""
        b = as_tensor(other)
        av, bv = self.value, b.value
        return Tensor(
            np.einsum("...ij,...jk->...ik", av, bv),
            (self, b),
            "@",
            lambda g: (
                np.einsum("...ik,...jk->...ij", g, bv),
                np.einsum("...ij,...ik->...jk", av, g),
            ),
        )

    def __getitem__(self, key: int | slice | tuple[int | slice, ...]) -> Tensor:
        """Basic indexing (ints and slices) into each variant's value."""
        full = (slice(None), *(key if isinstance(key, tuple) else (key,)))
        shape = self.value.shape

        def rule(g: np.ndarray) -> tuple[np.ndarray]:
            grad = np.zeros(shape)
            grad[full] = g
            return (grad,)

        return Tensor(self.value[full], (self,), "index", rule)

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
