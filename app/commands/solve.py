"""`backprop-quiz solve`: the worked solution of a network spec or a worked-example script."""

from __future__ import annotations

import argparse
import json
import sys
from typing import Any

import numpy as np

from app.commands.solve_script import solve_script_file
from app.present.render import network_solution, script_solution
from engine.expr import Evaluation, ExprError, parse, parse_assignments
from engine.nn import LAYER_QUANTITIES, NetworkBatch, NetworkRun, forward_backward
from engine.spec import SpecError, load_spec

USAGE_ERROR = 2


def register(subparsers: argparse._SubParsersAction) -> None:
    """Add the `solve` subcommand."""
    parser = subparsers.add_parser(
        "solve",
        help="work a network or an expression forward and backward",
        description=(
            "Solve NET.toml (a NetworkSpec) or --expr SCRIPT at the point --at gives: "
            "forward pass, backward pass with upstream x local = gradient, and for networks "
            "one SGD step."
        ),
    )
    parser.add_argument("net", nargs="?", metavar="NET.toml", help="a NetworkSpec TOML file")
    parser.add_argument(
        "--expr", metavar="SCRIPT", help='a worked-example script, e.g. "q = x + y; f = q * z"'
    )
    parser.add_argument(
        "--script", metavar="FILE.toml", help="a tensor script file: [inputs] and [script] text"
    )
    parser.add_argument(
        "--at", metavar="NAME=VALUE,...", default="", help="input values, e.g. x=1.5,y=-2,z=3"
    )
    parser.add_argument("--json", action="store_true", help="print one JSON object")
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    """Solve what the arguments name; print the solution, or the problem and return 2."""
    if getattr(args, "script", None) is not None:
        if args.net is not None or args.expr is not None or args.at:
            return _fail("backprop-quiz solve: --script FILE.toml goes alone (with --json)")
        return solve_script_file(args.script, args.json)
    if (args.net is None) == (args.expr is None):
        return _fail(
            "backprop-quiz solve: give either NET.toml or --expr SCRIPT (or --script FILE.toml)"
        )
    if args.expr is not None:
        return _solve_expr(args.expr, args.at, args.json)
    if args.at:
        return _fail("backprop-quiz solve: --at goes with --expr, not with NET.toml")
    return _solve_network(args.net, args.json)


def _solve_network(path: str, as_json: bool) -> int:
    try:
        spec = load_spec(path)
    except SpecError as error:
        return _fail(str(error))
    with np.errstate(all="ignore"):  # overflow is checked for and reported below
        result = forward_backward(NetworkBatch.from_spec(spec))
    if not _all_finite(result):
        return _fail(
            f"{path}: network: expected values that stay finite; the loss or a gradient "
            "overflowed (outputs saturated at 0 or 1, or weights too large)"
        )
    _emit(
        json.dumps(network_json(result), indent=2) + "\n" if as_json else network_solution(result)
    )
    return 0


def network_json(result: NetworkRun, variant: int = 0) -> dict[str, Any]:
    """The `solve --json` object for one variant, as docs/design.md specifies it."""
    data: dict[str, Any] = {
        "loss": float(result.loss[variant]),
        "outputs": _plain(result.outputs[variant]),
    }
    if result.probabilities is not None:
        data["probabilities"] = _plain(result.probabilities[variant])
    data["layers"] = [
        {field: _plain(getattr(layer, field)[variant]) for field in LAYER_QUANTITIES}
        for layer in result.layers
    ]
    return data


def _all_finite(result: NetworkRun) -> bool:
    arrays = [result.loss]
    for layer in result.layers:
        arrays += [layer.out, layer.delta, layer.new_weights, layer.new_biases]
    return all(np.isfinite(a).all() for a in arrays)


def _emit(text: str) -> None:
    """Write the solution to stdout (app.cli ends quietly if the reader stops early)."""
    sys.stdout.write(text)


def _fail(message: str) -> int:
    print(message, file=sys.stderr)
    return USAGE_ERROR


def _solve_expr(script: str, at: str, as_json: bool) -> int:
    try:
        program = parse(script)
    except ExprError as error:
        return _fail(f"--expr: {error}")
    try:
        values = parse_assignments(at) if at.strip() else {}
    except ExprError as error:
        where = f"column {error.column}: {error.detail}" if error.column else str(error)
        return _fail(f"--at: {where}")
    try:
        evaluation = program.evaluate(values)
    except ExprError as error:  # with a position it is in the script, else in the values
        return _fail(f"{'--at' if error.in_values else '--expr'}: {error}")
    if as_json:
        _emit(json.dumps(expr_json(evaluation), indent=2) + "\n")
        return 0
    _emit(script_solution(evaluation))
    return 0


def expr_json(evaluation: Evaluation, variant: int = 0) -> dict[str, Any]:
    """The `solve --expr --json` object: the output's name, values and gradients of every node.

    A name assigned again appears once per binding, as the worked solution labels them: for
    `x = x * 2; f = x` the input is `x` and the new binding `x#2`.
    """
    values = evaluation.values(variant, every_binding=True)
    gradients = evaluation.gradients(variant, every_binding=True)
    return {
        "output": evaluation.output.name,
        "values": {name: value + 0.0 for name, value in values.items()},
        "gradients": {name: value + 0.0 for name, value in gradients.items()},
    }


def _plain(array: np.ndarray) -> list:
    """Nested lists of floats for JSON, -0.0 written as 0.0 (a blocked gradient is just 0)."""
    return (array + 0.0).tolist()
