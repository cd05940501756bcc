"""Tensor: a node of the computational graph whose values carry a leading variant axis.

Axis 0 of every value indexes independent *variants* of the same computation, so one graph
evaluates N questions at once (N = 1 for one question). A value of length 1 on that axis
(a constant) broadcasts against any N.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

import numpy as np

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
    def is_leaf(self) -> bool:
        """True for inputs and parameters: nodes that no op produced."""
        return not self.parents

    def __repr__(self) -> str:
        label = self.name or self.op or "leaf"
        return f"Tensor({label}, variants={self.variants}, shape={self.shape})"

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


def unbroadcast(grad: np.ndarray, shape: tuple[int, ...]) -> np.ndarray:
    """Sum `grad` down to `shape`, undoing the broadcasting of a value that had that shape.

    Binary ops line variant axes up (ops_elementwise._aligned), so a value with fewer axes was
    given trailing ones: those are summed away first. Then every axis where the value had
    length 1 is summed: a constant shared by all variants gets the sum of their gradients.
    """
    if grad.shape == shape:
        return grad
    if grad.ndim > len(shape):
        grad = grad.sum(axis=tuple(range(len(shape), grad.ndim)))
    axes = tuple(i for i, n in enumerate(shape) if n == 1 and grad.shape[i] != 1)
    if axes:
        grad = grad.sum(axis=axes, keepdims=True)
    return grad


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
