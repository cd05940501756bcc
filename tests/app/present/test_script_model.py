"""What both front ends show of a tensor script: nodes, the statement graph, heat-map colours,
and problems placed in the file's text."""

from __future__ import annotations

import numpy as np
import pytest

from app.present.script_model import heat_rgb, matrix, solve_tensor_file
from app.present.solve_model import SolveError

TEXT = '''[inputs]
X = [[1.0, 2.0], [3.0, 4.0]]
idx = [1, 1, 0]
[script]
text = """
e = X[idx]
s = e.sum(0)
loss = (s * s).sum()
"""
'''


def test_nodes_come_in_order_with_their_statement_and_gradient() -> None:
    solution = solve_tensor_file(TEXT)
    assert [n.label for n in solution.nodes] == ["X", "idx", "e", "s", "loss"]
    e = solution.nodes[2]
    assert e.made_by == "X[idx]" and e.shape == (3, 2) and e.small
    assert solution.nodes[1].made_by == "input (integers)" and solution.nodes[1].gradient is None
    s = np.array([7.0, 10.0])  # rows 1, 1 and 0 summed: row 1 is picked twice
    assert np.array_equal(solution.nodes[0].gradient, np.array([2 * s, 2 * 2 * s]))
    assert solution.loss == 149.0


def test_the_graph_is_drawn_at_the_level_of_statements() -> None:
    diagram = solve_tensor_file(TEXT).diagram
    assert [(n.id, n.layer) for n in diagram.nodes] == [
        ("X", 0),
        ("idx", 0),
        ("e", 1),
        ("s", 2),
        ("loss", 3),
    ]
    assert {(e.source, e.target) for e in diagram.edges} == {
        ("X", "e"),
        ("idx", "e"),
        ("e", "s"),
        ("s", "loss"),
    }
    assert diagram.nodes[0].label == "X 2×2" and diagram.nodes[2].op == "3×2"


def test_a_problem_is_placed_at_its_offset_in_the_files_text() -> None:
    bad = TEXT.replace("e.sum(0)", "e.sum(2)")
    with pytest.raises(SolveError) as caught:
        solve_tensor_file(bad)
    error = caught.value
    assert error.field == "tensor"
    assert error.message.startswith("line 7, column 5: sum: axis 2 is out of range")
    assert bad[error.position :].startswith("e.sum(2)")


def test_values_are_laid_out_in_rows_and_heat_maps_run_between_three_colours() -> None:
    assert matrix(np.float64(3.0)).shape == (1, 1)
    assert matrix(np.ones(4)).shape == (1, 4)
    assert matrix(np.ones((2, 3, 4))).shape == (2, 12)
    pixels = heat_rgb(np.array([[-2.0, 0.0, 1.0]]), (0, 0, 255), (255, 255, 255), (255, 0, 0), 2)
    assert pixels.shape == (2, 6, 3) and pixels.dtype == np.uint8
    assert tuple(pixels[0, 0]) == (0, 0, 255)  # the most negative
    assert tuple(pixels[0, 2]) == (255, 255, 255)  # zero
    assert tuple(pixels[0, 4]) == (255, 128, 128)  # half the largest magnitude
