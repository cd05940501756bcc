"""The syntax tree both script languages share: the scalar language's nodes are the tensor
language's without indexing, methods, attributes, `@` and keyword arguments.

Every node knows where it is written (`start`, `end`: 0-based offsets into the script, given
by keyword) and, in the scalar language, how deeply it nests (`depth`, which bounds
evaluation's recursion; a flat chain a + b + c + ... counts as one level). Depth takes no part
in equality.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True, kw_only=True)
class Node:
    """Where a node is written: 0-based offsets into the script; and how deeply it nests."""

    start: int
    end: int
    depth: int = field(default=1, compare=False, repr=False)


@dataclass(frozen=True)
class Number(Node):
    """A literal: kind is "float" (1.5, 2e-3), "int" (3) or "bool" (True, False); a minus sign
    written before a number is folded in."""

    value: float
    kind: str = "float"


@dataclass(frozen=True)
class Name(Node):
    """A reference to an input or to the newest binding of a statement's name."""

    id: str


@dataclass(frozen=True)
class Negate(Node):
    """Unary minus (unary plus leaves its operand unchanged and makes no node)."""

    operand: Expr


@dataclass(frozen=True)
class Binary(Node):
    """A binary operation; `op` is one of + - * / ** @ (a written ^ is stored as **)."""

    op: str
    left: Expr
    right: Expr


@dataclass(frozen=True)
class Call(Node):
    """A function by name, `max(a, b)`, or a method, `x.sum(0, keepdims=True)` (the receiver is
    then the first argument and `method` is True)."""

    func: str
    args: tuple[Expr, ...]
    keywords: tuple[tuple[str, Expr], ...] = ()
    method: bool = False


@dataclass(frozen=True)
class Attribute(Node):
    """`x.T` or `x.shape`: an attribute read without a call."""

    target: Expr
    name: str


@dataclass(frozen=True)
class Slice(Node):
    """`a:b:c` inside brackets; a missing part is None."""

    lower: Expr | None
    upper: Expr | None
    step: Expr | None


@dataclass(frozen=True)
class Index(Node):
    """`x[i]`, `x[i, j]`, `x[idx]`, `x[range(n), y]`, `x[1:3, :]`."""

    target: Expr
    items: tuple[Expr | Slice, ...]


Expr = Number | Name | Negate | Binary | Call | Attribute | Index


@dataclass(frozen=True)
class Assign(Node):
    """One statement, `target = value`; `start` is where the target is written."""

    target: str
    value: Expr


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
