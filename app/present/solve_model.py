"""What the Workbench shows, computed without Qt: a diagram, a worked solution, or an error
that says where it is.

`solve_script(script, values)` parses a worked-example script (engine.expr) and its input
values (`x=-2, y=5, z=-4`), runs it forward and backward and returns the graph as a Diagram
with the forward and backward steps (engine.trace). `solve_network(toml_text)` does the same
for a NetworkSpec. Every problem is a `SolveError` naming the field ("script", "values" or
"network") and, where there is one, the 0-based offset of the problem in that field's text.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass

import numpy as np

from app.present.render import network_solution
from engine.expr import Evaluation, ExprError, parse, parse_assignments
from engine.nn import NetworkBatch, forward_backward, unit_names
from engine.spec import SpecError, spec_from_dict
from engine.trace import BackwardStep, ForwardStep, backward_steps, forward_steps, gradient_totals
from questions.diagram import Diagram, DiagramEdge, DiagramNode
from questions.families.diagrams import network_diagram

SHOWN_OPS = {"*": "×", "-": "−", "/": "÷", "neg": "−x"}


@dataclass(frozen=True)
class SolveError(Exception):
    """A problem in one field of the Workbench, with its offset there when it has one."""

    field: str  # "script" | "values" | "network"
    message: str
    position: int | None = None

    def __str__(self) -> str:
        return self.message


@dataclass(frozen=True)
class ScriptSolution:
    """A solved script: the graph to draw and the steps of the worked solution."""

    evaluation: Evaluation
    diagram: Diagram
    forward: tuple[ForwardStep, ...]
    backward: tuple[BackwardStep, ...]
    gradients: dict[str, float]

    @property
    def output(self) -> str:
        """The name of the script's output."""
        return self.evaluation.program.output


@dataclass(frozen=True)
class NetworkSolution:
    """A solved network: its diagram (value = out, gradient = delta), loss and worked text."""

    diagram: Diagram
    loss: float
    text: str


def solve_script(script: str, values: str) -> ScriptSolution:
    """Parse and run a script at the given values; SolveError says what and where."""
    try:
        program = parse(script)
    except ExprError as error:
        raise SolveError("script", str(error), error.position) from None
    try:
        given = parse_assignments(values) if values.strip() else {}
    except ExprError as error:
        where = f"column {error.column}: {error.detail}" if error.column else str(error)
        raise SolveError("values", f"Values, {where}", error.position) from None
    try:
        evaluation = program.evaluate(given)
    except ExprError as error:
        if error.position is not None:  # a place in the script, also for a missing value
            raise SolveError("script", str(error), error.position) from None
        raise SolveError("values", str(error), _named_value(values, str(error))) from None
    root = evaluation.output
    forward = tuple(forward_steps(root))
    gradients = gradient_totals(root)
    return ScriptSolution(
        evaluation,
        graph_diagram(forward, gradients),
        forward,
        tuple(backward_steps(root)),
        gradients,
    )


def _named_value(values: str, message: str) -> int | None:
    """Where the value a message names ('w') is given in the values text, if it is."""
    named = re.search(r"'([A-Za-z_]\w*)'", message)
    if named is None:
        return None
    found = re.search(rf"(?<![\w]){re.escape(named.group(1))}\s*=", values)
    return found.start() if found else None


def graph_diagram(forward: tuple[ForwardStep, ...], gradients: dict[str, float]) -> Diagram:
    """The computational graph by depth: inputs in column 0, each op one right of its inputs."""
    depth: dict[str, int] = {}
    nodes, edges = [], []
    for step in forward:
        parents = [name for name in step.inputs if name in depth]
        constants = [name for name in step.inputs if name not in depth]
        depth[step.node] = 1 + max((depth[p] for p in parents), default=-1)
        op = "" if step.op == "input" else SHOWN_OPS.get(step.op, step.op)
        if op and constants:
            op = f"{op} {', '.join(constants)}"
        nodes.append(
            DiagramNode(
                step.node, step.node, depth[step.node], step.value, gradients.get(step.node), op
            )
        )
        edges += [DiagramEdge(parent, step.node) for parent in dict.fromkeys(parents)]
    return Diagram("graph", tuple(nodes), tuple(edges))


_TOML_AT = re.compile(r"\(at line (\d+), column (\d+)\)")


def solve_network(text: str) -> NetworkSolution:
    """Read a NetworkSpec from TOML text and run it; SolveError points into the text."""
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        found = _TOML_AT.search(str(error))
        position = offset(text, int(found[1]), int(found[2])) if found else None
        raise SolveError("network", f"Not valid TOML: {error}", position) from None
    try:
        spec = spec_from_dict(data, source="network")
    except SpecError as error:
        message = f"In {error.key}: {error.message}" if error.key else error.message
        raise SolveError("network", message, locate_key(text, error.key)) from None
    with np.errstate(all="ignore"):
        run = forward_backward(NetworkBatch.from_spec(spec))
    arrays = [run.loss] + [a for layer in run.layers for a in (layer.out, layer.delta)]
    if not all(np.isfinite(a).all() for a in arrays):
        raise SolveError(
            "network", "The loss or a gradient overflowed: use smaller weights or inputs."
        )
    diagram = network_diagram(
        unit_names(spec.layer_sizes),
        spec.inputs,
        [np.asarray(layer.weights) for layer in spec.layers],
        [layer.biases for layer in spec.layers],
        [layer.activation for layer in spec.layers],
        outs=[layer.out[0] for layer in run.layers],
        deltas=[layer.delta[0] for layer in run.layers],
    )
    return NetworkSolution(diagram, float(run.loss[0]), network_solution(run))


def offset(text: str, line: int, column: int) -> int:
    """The 0-based offset of a 1-based line and column, clamped to the text."""
    lines = text.split("\n")
    line = min(max(line, 1), len(lines))
    start = sum(len(lines[i]) + 1 for i in range(line - 1))
    return min(start + max(column - 1, 0), len(text))


def locate_key(text: str, key: str) -> int | None:
    """Where a spec key path such as `network.layers[1].weights` is written in the TOML."""
    if not key:
        return None
    position: int | None = None
    start = 0
    for name, index in re.findall(r"([A-Za-z_]+)(?:\[(\d+)\])?", key):
        if name == "network":
            found = re.search(r"^\s*\[network\]", text, re.MULTILINE)
        elif name == "layers" and index:
            headers = list(re.finditer(r"^\s*\[\[network\.layers\]\]", text, re.MULTILINE))
            found = headers[int(index)] if int(index) < len(headers) else None
        else:
            found = re.compile(rf"^\s*{re.escape(name)}\s*=", re.MULTILINE).search(text, start)
        if found is None:
            break
        position = found.start() + len(found.group()) - len(found.group().lstrip())
        start = found.end()
    return position
