"""Family 1: the chain rule on scalar circuits of add, multiply and max gates: d f / d input."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache

import numpy as np

from questions.diagram import Diagram
from questions.families.base import Family, Params, Row, Solved, record
from questions.families.circuits import (
    CIRCUITS,
    CircuitBatch,
    Pick,
    Structure,
    batch_extra,
    draw_inputs,
    picks,
    solve_batch,
    structure,
)
from questions.families.figures import sum_term
from questions.families.graph_diagram import Layout, layout
from questions.formatting import given
from questions.model import FamilyKey, Question, Step

FANOUT_SHARE = 0.6  # how often a circuit with a fanned-out input asks about that input
MIN_ANSWER = 0.05  # readable answers: no near-zero gradients
NAME = re.compile(r"\b[a-z]\b")
GATE = {"+": "add", "*": "multiply", "max": "max", "sigmoid": "sigmoid"}


def agreed(batch: CircuitBatch) -> np.ndarray:
    """True where every node's engine gradient matches central differences."""
    scale = np.maximum(np.abs(batch.oracle), 1.0)
    return (np.abs(batch.grads - batch.oracle) <= 1e-6 * scale).all(axis=1)


@cache
def _forward_formats(script: str) -> tuple[tuple[str, str, str], ...]:
    """Per statement: its target, its mathtext, and a format string for the numbers put in."""
    s = structure(script)
    formats = []
    for statement, source in zip(s.statements(), s.program.source.split(";"), strict=True):
        target, expression = (part.strip() for part in source.split("="))

        def slot(m: re.Match[str], text: str = expression) -> str:
            bare = text[: m.start()].rstrip().endswith(("(", ","))  # a function's argument
            return f"{{{'v' if bare else 's'}_{m.group()}}}"

        numbers = NAME.sub(slot, expression.replace("*", "×"))
        formats.append((target, f"${statement}$", numbers))
    return tuple(formats)


@cache
def _layout(script: str) -> Layout:
    """The circuit's diagram layout, computed once."""
    s = structure(script)
    return layout(s.nodes, s.parents, s.ops)


def texts(s: Structure, row: Mapping[str, np.ndarray]) -> dict[str, str]:
    """Every node's value (v_name), value in a formula (s_name) and gradient (g_name) as shown."""
    shown = {}
    for name, value, grad in zip(
        s.nodes, row["values"].tolist(), row["grads"].tolist(), strict=False
    ):
        text = given(value)
        shown[f"v_{name}"] = text
        shown[f"s_{name}"] = f"({text})" if text.startswith("-") else text
        shown[f"g_{name}"] = given(grad)
    return shown


def forward_steps(s: Structure, shown: Mapping[str, str]) -> list[Step]:
    """One step per statement: the statement, the numbers put in, the value."""
    return [
        Step(
            f"Forward: {target}",
            statement,
            numbers.format_map(shown),
            shown[f"v_{target}"],
            f"forward:{target}",
        )
        for target, statement, numbers in _forward_formats(s.program.source)
    ]


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


def diagram(s: Structure, row: Mapping[str, np.ndarray]) -> Diagram:
    """The circuit as a graph with every forward value (gradients are left for the solution)."""
    count = len(s.nodes)
    solved = row["grads"][:count].tolist()
    return _layout(s.program.source).diagram(row["values"][:count].tolist(), solved=solved)


class ChainRule(Family, id="chain-rule", topic="chain-rule"):
    """Chain rule on a circuit

    d f / d an input of a circuit of add, multiply, max (and sigmoid) gates.
    """

    def draw(self, rng: np.random.Generator, level: int) -> Mapping[str, object]:
        template = int(rng.integers(0, len(CIRCUITS[level])))
        s = structure(CIRCUITS[level][template])
        fanned = [k for k, name in enumerate(s.inputs) if len(s.paths[name]) > 1]
        if fanned and rng.random() < FANOUT_SHARE:
            asked = int(fanned[rng.integers(0, len(fanned))])
        else:
            asked = int(rng.integers(0, len(s.inputs)))
        return {"pick": Pick(template, asked), "inputs": draw_inputs(rng, level)}

    def solve(self, params: Params, level: int) -> Solved:
        template, asked = picks(params)
        batch = solve_batch(level, template, params["inputs"])
        rows = np.arange(len(template))
        answer = batch.grads[rows, asked]
        check = np.where(agreed(batch), batch.oracle[rows, asked], np.inf)
        names = ("local-only", "no-fanout-sum", "max-to-loser", "forward-not-gradient")
        mistakes = {m: np.full(len(rows), np.nan) for m in names}
        for index in np.unique(template):
            s = structure(CIRCUITS[level][index])
            mistakes["forward-not-gradient"][template == index] = batch.values[
                template == index, len(s.nodes) - 1
            ]
            for k, name in enumerate(s.inputs):
                pick = (template == index) & (asked == k)
                if pick.any():
                    _mistakes(s, name, batch.local[pick], mistakes, pick)
        for values in mistakes.values():  # a mistake that gives the answer is no mistake here
            values[np.abs(values - answer) <= 1e-12 * (1 + np.abs(answer))] = np.nan
        return Solved(
            answer=answer,
            check=check,
            mistakes=mistakes,
            extra=batch_extra(level, batch),
        )

    def acceptable(self, params: Params, solved: Solved, level: int) -> np.ndarray:
        magnitude = np.abs(solved.answer)
        return (solved.extra["ok"] > 0) & (magnitude >= MIN_ANSWER) & (magnitude < 1e3)

    def build(self, key: FamilyKey, params: Mapping[str, np.ndarray], row: Row) -> Question:
        pick = record(params, "pick", Pick)
        s = structure(CIRCUITS[key.level][pick.template])
        name = s.inputs[pick.asked]
        values = row.extra["values"].tolist()
        statements = ", ".join(f"${st}$" for st in s.statements())
        inputs = ", ".join(f"${n} = {given(v)}$" for n, v in zip(s.inputs, values, strict=False))
        prompt = (
            f"A circuit computes {statements}. With {inputs}, "
            f"what is $\\partial f / \\partial {name}$?"
        )
        keep = {k for path in s.paths[name] for k in path}
        shown = texts(s, row.extra)
        steps = forward_steps(s, shown) + backward_steps(s, row.extra, shown, keep)
        if len(s.paths[name]) > 1:
            hint = f"${name}$ reaches f along more than one path: add the gradient from each."
        elif any(s.edges[k].op == "max" for k in keep):
            hint = "A max gate passes the whole gradient to its larger input, none to the other."
        else:
            hint = "An add gate passes the gradient on unchanged; a multiply gate scales it by "
            hint += "the other input."
        return self.numeric_question(
            key,
            row,
            prompt,
            hints=(
                r"Start from $\partial f / \partial f = 1$ and work back: on each edge, the "
                "gradient is upstream × local.",
                hint,
            ),
            solution=tuple(steps),
            diagram=diagram(s, row.extra),
        )


def _mistakes(
    s: Structure, name: str, local: np.ndarray, out: dict[str, np.ndarray], pick: np.ndarray
) -> None:
    """The mistakes' values for the variants in `pick`, all asking d f / d `name`."""
    paths = s.paths[name]
    into = [k for k, e in enumerate(s.edges) if e.parent == name]
    out["local-only"][pick] = local[:, into].sum(axis=1)
    flows = np.stack([local[:, list(p)].prod(axis=1) for p in paths])  # one row per path
    if len(paths) > 1:
        live = flows != 0
        first = np.argmax(live, axis=0)
        one = flows[first, np.arange(flows.shape[1])]
        out["no-fanout-sum"][pick] = np.where(live.sum(axis=0) >= 2, one, np.nan)
    maxed = [k for k, e in enumerate(s.edges) if e.op == "max"]
    if any(k in p for p in paths for k in maxed):
        swapped = local.copy()
        swapped[:, maxed] = 1.0 - swapped[:, maxed]
        out["max-to-loser"][pick] = sum(swapped[:, list(p)].prod(axis=1) for p in paths)


FAMILIES = (ChainRule(),)
