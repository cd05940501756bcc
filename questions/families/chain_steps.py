"""The chain-rule circuits' backward steps: each edge's plan worked out once per circuit,
then upstream × local on each edge and the sum where a value feeds several gates."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache

import numpy as np

from questions.families.circuits import Structure, structure
from questions.families.figures import sum_term
from questions.formatting import given
from questions.model import Step

GATE = {"+": "add", "*": "multiply", "max": "max", "sigmoid": "sigmoid"}


@dataclass(frozen=True)
class _EdgePlan:
    """What one backward step says whatever the numbers: its edge, its ids, and its formula
    and title for each local gradient a max gate can have."""

    index: int
    child: str
    parent: str
    op: str
    symbol: str  # the local gradient's symbol ("" for max and sigmoid: it is worked per step)
    title: str  # without the max gate's note
    path: str  # "path 1 of 2" where the parent feeds several gates, else ""
    step_id: str
    adds: tuple[int, ...]  # the parent's paths, where this edge is the last of several


@cache
def _edge_plans(source: str, keep: frozenset[int] | None) -> tuple[_EdgePlan, ...]:
    """Each shown edge's plan, worked out once per circuit and choice of edges."""
    s = structure(source)
    edges = [k for k in range(len(s.edges)) if keep is None or k in keep]
    incoming = {e.parent: [k for k in edges if s.edges[k].parent == e.parent] for e in s.edges}
    plans = []
    for k in edges:
        edge = s.edges[k]
        child, parent, paths = edge.child, edge.parent, incoming[edge.parent]
        symbol = s.parents[child][1 - edge.slot] if edge.op == "*" else ""
        title = f"Back through the {GATE.get(edge.op, edge.op)} gate {child} into {parent}"
        kind = "back-max" if edge.op == "max" else "back"
        plans.append(
            _EdgePlan(
                k,
                child,
                parent,
                edge.op,
                symbol,
                title,
                f"path {paths.index(k) + 1} of {len(paths)}" if len(paths) > 1 else "",
                f"{kind}:{child}>{parent}",
                tuple(paths) if len(paths) > 1 and k == paths[-1] else (),
            )
        )
    return tuple(plans)


@cache
def _back_formula(parent: str, child: str, symbol: str) -> str:
    """The chain rule on one edge: upstream times the local gradient's symbol."""
    d = r"\partial"
    return (
        f"$\\frac{{{d} f}}{{{d} {parent}}} = \\frac{{{d} f}}{{{d} {child}}}"
        f" \\cdot \\frac{{{d} {child}}}{{{d} {parent}}} = \\frac{{{d} f}}{{{d} {child}}}"
        f" \\cdot {symbol}$"
    )


def backward_steps(
    s: Structure,
    row: Mapping[str, np.ndarray],
    shown: Mapping[str, str],
    keep: set[int] | None = None,
) -> list[Step]:
    """Upstream × local = gradient on each edge (reverse topological order), and the sum
    wherever a value feeds more than one gate; `keep` limits the edges shown."""
    plans = _edge_plans(s.program.source, None if keep is None else frozenset(keep))
    ups, locals_ = row["upstream"].tolist(), row["local"].tolist()
    steps = []
    for plan in plans:
        child, parent, up, local = plan.child, plan.parent, ups[plan.index], locals_[plan.index]
        notes = []
        if plan.op == "*":
            symbol, local_text = plan.symbol, shown[f"s_{plan.symbol}"]
        elif plan.op == "max":
            symbol = local_text = "1" if local == 1.0 else "0"
            notes.append(f"{parent} is the {'larger' if local == 1.0 else 'smaller'} input")
        elif plan.op == "sigmoid":
            out = shown[f"v_{child}"]
            symbol, local_text = f"{child}(1 - {child})", f"{out} × (1 - {out})"
        else:
            symbol = local_text = "1"
        product = (
            shown[f"g_{child}"] if local == 1.0 else "0" if local == 0.0 else given(up * local)
        )
        if plan.path:
            notes.insert(0, plan.path)
        title = f"{plan.title} ({'; '.join(notes)})" if notes else plan.title
        upstream = shown[f"g_{child}"]
        steps.append(
            Step(
                title,
                _back_formula(parent, child, symbol),
                f"{upstream} × {local_text}",
                product,
                plan.step_id,
            )
        )
        if plan.adds:
            total = sum(ups[j] * locals_[j] for j in plan.adds)
            parts = [sum_term(ups[j] * locals_[j], total) for j in plan.adds]
            steps.append(
                Step(
                    f"{parent} feeds {len(plan.adds)} gates: add the paths",
                    f"$\\partial f / \\partial {parent} = \\sum$ of the paths' gradients",
                    " + ".join(parts),
                    shown[f"g_{parent}"],
                    f"paths:{parent}",
                )
            )
    return steps
