"""The worked-solution text piece by piece: loss gradients with their numbers, script tables."""

from __future__ import annotations

import pytest

from app.present.render import backward_table, forward_table, network_solution, script_solution
from engine.expr import parse
from engine.nn import NetworkBatch, NetworkRun, forward_backward
from engine.spec import spec_from_dict
from engine.trace import backward_steps, forward_steps

SCRIPT = "q = x + y; f = q * z"


def one_layer_run(loss: str, activation: str) -> NetworkRun:
    spec = spec_from_dict(
        {
            "network": {
                "inputs": [1.0],
                "targets": [0.0, 1.0],
                "loss": loss,
                "learning_rate": 0.1,
                "layers": [
                    {"weights": [[0.5], [-0.25]], "biases": [0.0, 0.0], "activation": activation}
                ],
            }
        }
    )
    return forward_backward(NetworkBatch.from_spec(spec))


@pytest.mark.parametrize(
    ("loss", "activation", "header", "o2"),
    [
        ("half_sse", "relu", "dL/dout = out - target", "o2  0 - 1  -1  x  0  =  0"),
        (
            "sse",
            "sigmoid",
            "dL/dout = 2 (out - target)",
            "o2  2 (0.437823499 - 1)  -1.124353  x  0.246134083  =  -0.276741595",
        ),
        (
            "mse",
            "tanh",
            "dL/dout = 2 (out - target) / 2",
            "o2  2 (-0.244918662 - 1) / 2  -1.24491866  x  0.940014849  =  -1.17024203",
        ),
        (
            "bce",
            "sigmoid",
            "dL/dout = (out - target) / (out (1 - out)) / 2",
            "o2  (0.437823499 - 1) / (0.437823499 (1 - 0.437823499)) / 2  -1.14201271  x",
        ),
        (
            "softmax_ce",
            "identity",
            "dL/dout = p - target",
            "o2  0.320821301 - 1  -0.679178699  x  1  =  -0.679178699",
        ),
    ],
)
def test_the_output_layer_shows_the_loss_gradient_with_its_numbers(
    loss: str, activation: str, header: str, o2: str
) -> None:
    text = network_solution(one_layer_run(loss, activation))
    lines = text[text.index("BACKWARD PASS") :].splitlines()
    assert _squeezed(lines[3]).startswith(f"unit  {header}  upstream dL/dout")
    row = next(line for line in lines if line.startswith("o2 "))
    assert _squeezed(row).startswith(o2)


def _squeezed(line: str) -> str:
    """A table row with each run of padding cut to two spaces between cells."""
    return "  ".join(cell.strip() for cell in line.split("  ") if cell.strip())


def test_script_tables_of_the_design_example() -> None:
    output = parse(SCRIPT).evaluate({"x": -2.0, "y": 5.0, "z": -4.0}).output
    assert forward_table(forward_steps(output)) == (
        "node  op     inputs  value\n"
        "----  -----  ------  -----\n"
        "x     input             -2\n"
        "y     input              5\n"
        "q     +      x, y        3\n"
        "z     input             -4\n"
        "f     *      q, z      -12"
    )
    assert backward_table(backward_steps(output)) == (
        "edge    upstream     local     gradient\n"
        "------  --------  -  -----  -  --------\n"
        "f -> q         1  x     -4  =        -4\n"
        "f -> z         1  x      3  =         3\n"
        "q -> x        -4  x      1  =        -4\n"
        "q -> y        -4  x      1  =        -4"
    )


def test_the_script_backward_table_adds_up_where_a_value_fans_out() -> None:
    output = parse("a = x * y; f = a - x").evaluate({"x": 2.0, "y": 3.0}).output
    table = backward_table(backward_steps(output))
    assert table.endswith(
        "where a value fans out, its gradient is the sum over its edges:\n  x: -1 + 3 = 2"
    )
    assert "a -> x         1  x      3  =         3" in table
    assert "f -> x         1  x     -1  =        -1" in table


def test_a_script_states_the_tie_and_kink_rules_it_uses_in_words() -> None:
    tied = script_solution(
        parse("f = max(x, y) * abs(z) + relu(w)").evaluate({"x": 1.0, "y": 1.0, "z": 0.0, "w": 0.0})
    )
    assert "a tie splits it half and half (used here: max(x, y))" in tied
    assert "at 0 its slope is taken as 0 (used here: abs(z))" in tied
    assert "at 0 its slope is taken as 0 (used here: relu(w))" in tied
    apart = script_solution(parse("f = min(x, y)").evaluate({"x": 1.0, "y": 2.0}))
    assert "min passes the gradient to the smaller input; a tie splits it half and half\n" in apart
    assert "RULES" not in script_solution(parse("f = x * y").evaluate({"x": 1.0, "y": 2.0}))
