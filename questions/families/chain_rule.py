"""Family 1: the chain rule on scalar circuits of add, multiply and max gates: d f / d input."""

from __future__ import annotations

import re
from collections.abc import Mapping
from functools import cache

import numpy as np

from questions.diagram import Diagram
from questions.families.base import Family, Params, Row, Solved, record
from questions.families.chain_steps import backward_steps
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
from questions.families.graph_diagram import Layout, layout
from questions.formatting import given
from questions.model import FamilyKey, Question, Step

FANOUT_SHARE = 0.6  # how often a circuit with a fanned-out input asks about that input
MIN_ANSWER = 0.05  # readable answers: no near-zero gradients
NAME = re.compile(r"\b[a-z]\b")


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
