"""Random scripts with fan-out agree with HIPS autograd; batches agree with single runs; any
text given to the parser fails, if at all, only with an ExprError."""

from __future__ import annotations

import autograd
import autograd.numpy as anp
import numpy as np
import pytest
from hypothesis import HealthCheck, given, reject, settings
from hypothesis import strategies as st

from engine.expr import ExprError, parse
from engine.trace import backward_steps

INPUTS = ("a", "b", "c")
TARGETS = ("p", "q", "r", "s")

# A tree is a tuple: ("num", v) | ("name", n) | ("neg", t) | ("bin", op, l, r)
#   | ("pow", t, k) | ("fn", f, t) | ("fn2", f, l, r). Domain-restricted functions are built
# from safe forms (log(t*t + 0.5), ...), so every generated script is defined everywhere, and
# the saturating functions get arguments in [-2, 2]: far out in saturation a derivative such
# as 1 - tanh(x)^2 is below the rounding error of 1 itself, and no two formulas agree there.


def plus_half_square(t: tuple) -> tuple:
    return ("bin", "+", ("bin", "*", t, t), ("num", 0.5))


def squashed(t: tuple) -> tuple:
    """4t / (t*t + 1), which lies in [-2, 2]."""
    return (
        "bin",
        "/",
        ("bin", "*", ("num", 4.0), t),
        ("bin", "+", ("bin", "*", t, t), ("num", 1.0)),
    )


@st.composite
def trees(draw: st.DrawFn, names: tuple[str, ...], depth: int) -> tuple:
    if depth == 0 or draw(st.integers(0, 3)) == 0:
        if draw(st.integers(0, 4)) == 0:
            return ("num", draw(st.sampled_from([0.5, 2.0, 3.0, -1.5, 1e-1])))
        return ("name", draw(st.sampled_from(names)))  # reuse: values fan out
    sub = trees(names, depth - 1)
    kind = draw(st.integers(0, 8))
    if kind <= 2:
        return ("bin", draw(st.sampled_from("+-*")), draw(sub), draw(sub))
    if kind == 3:
        return ("bin", "/", draw(sub), plus_half_square(draw(sub)))
    if kind == 4:
        return ("neg", draw(sub))
    if kind == 5:
        f = draw(st.sampled_from(["sigmoid", "tanh", "relu", "abs", "exp", "log", "sqrt"]))
        t = draw(sub)
        if f in ("exp", "sigmoid", "tanh"):
            t = squashed(t)
        elif f in ("log", "sqrt"):
            t = plus_half_square(t)
        return ("fn", f, t)
    if kind == 6:
        return ("fn2", draw(st.sampled_from(["max", "min"])), draw(sub), draw(sub))
    if kind == 7:
        k = draw(st.sampled_from([2.0, 3.0, 0.5, -1.0]))
        t = draw(sub)
        return ("pow", plus_half_square(t) if k in (0.5, -1.0) else t, k)
    return ("bin", "**", plus_half_square(draw(sub)), ("fn", "sigmoid", squashed(draw(sub))))


@st.composite
def scripts(draw: st.DrawFn) -> list[tuple[str, tuple]]:
    """Statements (target, tree); targets may be assigned again, shadowing the old node."""
    names: tuple[str, ...] = INPUTS
    statements = []
    for _ in range(draw(st.integers(1, 6))):
        tree = draw(trees(names, 3))
        target = draw(st.sampled_from(TARGETS))
        statements.append((target, tree))
        names = (*names, target) if target not in names else names
    return statements


def render(tree: tuple, power: str) -> str:
    kind = tree[0]
    if kind == "num":
        return f"({tree[1]!r})" if tree[1] < 0 else repr(tree[1])
    if kind == "name":
        return tree[1]
    if kind == "neg":
        return f"(-{render(tree[1], power)})"
    if kind == "bin":
        op = power if tree[1] == "**" else tree[1]
        return f"({render(tree[2], power)} {op} {render(tree[3], power)})"
    if kind == "pow":
        return f"({render(tree[1], power)}{power}{tree[2]!r})"
    if kind == "fn":
        return f"{tree[1]}({render(tree[2], power)})"
    return f"{tree[1]}({render(tree[2], power)}, {render(tree[3], power)})"


AUTOGRAD_FUNCTIONS = {
    "sigmoid": lambda x: 1.0 / (1.0 + anp.exp(-x)),
    "tanh": anp.tanh,
    "relu": lambda x: x * (x > 0),  # relu'(0) = 0, as the engine takes it
    "abs": anp.abs,
    "exp": anp.exp,
    "log": anp.log,
    "sqrt": anp.sqrt,
    "max": anp.maximum,  # a tie splits the gradient in half, as the engine does
    "min": anp.minimum,
}
BINARY = {
    "+": lambda x, y: x + y,
    "-": lambda x, y: x - y,
    "*": lambda x, y: x * y,
    "/": lambda x, y: x / y,
    "**": lambda x, y: x**y,
}


def with_autograd(tree: tuple, env: dict):
    kind = tree[0]
    if kind == "num":
        return tree[1]
    if kind == "name":
        return env[tree[1]]
    if kind == "neg":
        return -with_autograd(tree[1], env)
    if kind == "bin":
        return BINARY[tree[1]](with_autograd(tree[2], env), with_autograd(tree[3], env))
    if kind == "pow":
        return with_autograd(tree[1], env) ** tree[2]
    if kind == "fn":
        return AUTOGRAD_FUNCTIONS[tree[1]](with_autograd(tree[2], env))
    return AUTOGRAD_FUNCTIONS[tree[1]](with_autograd(tree[2], env), with_autograd(tree[3], env))


def autograd_output(statements: list[tuple[str, tuple]], point):
    env = {name: point[i] for i, name in enumerate(INPUTS)}
    for target, tree in statements:
        env[target] = with_autograd(tree, env)
    return env[statements[-1][0]]


coordinate = st.tuples(st.sampled_from([-1.0, 1.0]), st.floats(0.1, 2.0)).map(lambda s: s[0] * s[1])
points = st.tuples(coordinate, coordinate, coordinate)


def rounding_scale(evaluation) -> dict[str, float]:
    """d output / d node with every local derivative taken by its size: what the terms of each
    gradient add up to before any cancel. Where terms cancel (a stationary point of 4t/(t^2+1),
    say), two exact methods differ by rounding relative to this, not to the tiny result."""
    scale = {evaluation.output.name: 1.0}
    for step in backward_steps(evaluation.output):
        scale[step.parent] = scale.get(step.parent, 0.0) + scale[step.node] * abs(step.local)
    return scale


@pytest.mark.filterwarnings("ignore:Output seems independent of input")
@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(scripts(), points, st.sampled_from(["**", "^"]), st.sampled_from(["; ", "\n"]))
def test_random_scripts_with_fan_out_agree_with_autograd(
    statements: list, point: tuple, power: str, separator: str
) -> None:
    script = separator.join(f"{target} = {render(tree, power)}" for target, tree in statements)
    program = parse(script)
    values = {name: point[INPUTS.index(name)] for name in program.inputs}
    try:
        evaluation = program.evaluate(values)
    except ExprError:
        reject()  # an overflow at this point: the generator keeps domains safe otherwise
    expected_value = autograd_output(statements, np.array(point))
    expected = autograd.grad(lambda p: autograd_output(statements, p))(np.array(point))
    assert np.isclose(evaluation.output.value[0], expected_value, rtol=1e-12, atol=0)
    gradients, scale = evaluation.gradients(), rounding_scale(evaluation)
    for i, name in enumerate(INPUTS):
        ours = gradients.get(name, 0.0)  # an input the script never uses has gradient 0
        size = max(abs(expected[i]), scale.get(name, 0.0))
        assert abs(ours - expected[i]) <= 1e-9 * size, (name, script)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(scripts(), st.lists(points, min_size=2, max_size=5))
def test_a_batch_of_variants_equals_one_run_per_variant(statements: list, batch: list) -> None:
    program = parse("\n".join(f"{t} = {render(tree, '^')}" for t, tree in statements))
    columns = {name: [p[INPUTS.index(name)] for p in batch] for name in program.inputs}
    try:
        batched = program.evaluate(columns)
    except ExprError:
        reject()
    assert batched.variants == (len(batch) if program.inputs else 1)
    for v in range(batched.variants):
        single = program.evaluate({name: column[v] for name, column in columns.items()})
        for table, expected in (
            (batched.values(v, every_binding=True), single.values(every_binding=True)),
            (batched.gradients(v, every_binding=True), single.gradients(every_binding=True)),
        ):
            assert table.keys() == expected.keys()
            for name, value in expected.items():
                assert np.isclose(table[name], value, rtol=1e-13, atol=0), name


SOUP = [*"xyqf =+-*/^(),;\n#$\u2212", "**", "1", "2.5", ".5", "1e3", "0", "exp", "log", "max"]


def parse_and_run(text: str) -> None:
    """Parse and, when that works, evaluate with every input at 0.5: ExprError or nothing."""
    try:
        program = parse(text)
        program.evaluate(dict.fromkeys(program.inputs, 0.5))
    except ExprError as error:
        assert error.position is None or 0 <= error.position <= len(text)


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=60))
def test_any_text_raises_nothing_but_expr_error(text: str) -> None:
    parse_and_run(text)


@settings(max_examples=400, deadline=None)
@given(st.lists(st.sampled_from(SOUP), max_size=30).map("".join))
def test_any_token_soup_raises_nothing_but_expr_error(text: str) -> None:
    parse_and_run(text)
