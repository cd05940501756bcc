"""DiagramView draws networks and graphs, and says what it shows to assistive technology."""

from __future__ import annotations

from itertools import combinations, product

import pytest
from PySide6.QtCore import QRectF
from PySide6.QtGui import QColor

from app.ui.theme import current_colors
from app.ui.widgets.diagram_labels import crossings
from app.ui.widgets.diagram_text import Run, runs
from app.ui.widgets.diagram_view import DiagramView, number
from app.ui.widgets.question_view import QuestionView
from questions import registry
from questions.numbers import format_number


def test_numbers_read_with_four_figures_and_a_real_minus():
    assert number(-0.750456) == "\u22120.7505"
    assert number(-0.0) == "0"


def test_a_graph_reveals_gradients_by_node_name(qtbot, guided_question):
    view = DiagramView()
    qtbot.addWidget(view)
    view.set_diagram(guided_question.diagram)
    assert view.grad_of("f") == 1.0 and view.grad_of("q") is None
    view.reveal_grad("q", -4.0)
    assert view.grad_of("q") == -4.0
    assert "q, value 3, gradient \u22124" in view.accessibleDescription()


def test_a_network_is_drawn_in_the_theme_colours(qtbot, themed):
    question = registry.family("hidden-weight-gradient").question(2, 3)
    view = DiagramView()
    qtbot.addWidget(view)
    view.set_diagram(question.diagram)
    view.resize(view.sizeHint())
    image = view.grab().toImage()
    colours = {
        image.pixelColor(x, y).name()
        for x in range(0, image.width(), 3)
        for y in range(0, image.height(), 3)
    }
    assert QColor(current_colors().value).name() in colours  # the forward values
    assert view.minimumSizeHint().width() >= 3 * 150
    assert view.accessibleDescription().startswith("Network: ")


def _clashes(view: DiagramView) -> list[str]:
    """Every text or label that overlaps another, covers a crossing, or leaves the widget."""
    layout = view.arrangement()
    assert layout is not None
    bounds = QRectF(view.rect())
    prints = [(f"node {p.node.id}", p.footprint()) for p in layout.nodes.values()]
    parts = [(f"node {p.node.id}", r) for p in layout.nodes.values() for r in p.rects()]
    plates = [(e[4], p) for e, p in zip(layout.edges, layout.plates, strict=True) if p]
    points = crossings([(e[2], e[3]) for e in layout.edges])
    found = [f"{name} outside" for name, r in prints + plates if not bounds.contains(r)]
    found += [f"{a} on {b}" for (a, r), (b, q) in combinations(prints, 2) if r.intersects(q)]
    found += [
        f"{a} on {b}"
        for (a, r), (b, q) in product(plates, parts + plates + [("legend", layout.legend)])
        if a != b and r.intersects(q)
    ]
    found += [f"{a} on a crossing" for a, r in plates if any(r.contains(p) for p in points)]
    return found


@pytest.mark.parametrize("window_width", [1024, 1366])
def test_no_label_overlaps_a_label_a_box_or_a_crossing_in_any_family(qtbot, themed, window_width):
    view = QuestionView(grade_locally=True)
    qtbot.addWidget(view)
    view.resize(window_width - 206, 700)  # the page beside the navigation list
    view.show()
    problems, drawn = [], 0
    for info in registry.families():
        for level in info.levels:
            for seed in (0, 1):
                question = registry.family(info.id).question(level, seed)
                if question.diagram is None:
                    continue
                view.set_question(question)
                qtbot.wait(1)
                drawn += 1
                problems += [f"{info.id} L{level}/{seed}: {p}" for p in _clashes(view.ui.diagram)]
    assert drawn > 40
    assert problems == []


def test_names_are_typeset_with_subscripts_as_in_the_prompt():
    assert runs("w5 = 0.4") == (Run("w", 0, True), Run("5", 1), Run(" = 0.4"))
    assert runs("b_h1 = -0.35") == (Run("b", 0, True), Run("h1", 1), Run(" = \u22120.35"))
    assert runs("h1_2") == (Run("h", 0, True), Run("1", 1), Run("2", 2))
    assert runs("net=0.3") == (Run("net=0.3"),)


def test_the_gradient_legend_shows_only_with_gradients_and_the_solution_draws_them(qtbot, themed):
    question = registry.family("chain-rule").question(2, 0)
    view = DiagramView()
    qtbot.addWidget(view)
    view.set_diagram(question.diagram)
    assert view.legend_entries() == ["value"]
    inputs = [n for n in question.diagram.nodes if n.op == ""]
    assert all(view.grad_of(n.id) is None for n in inputs)
    view.reveal_solution()
    assert view.legend_entries() == ["value", "\u2207 gradient"]
    assert all(view.grad_of(n.id) == n.solved_grad for n in inputs)


def test_answering_a_network_question_draws_its_deltas(qtbot, themed):
    question = registry.family("hidden-weight-gradient").question(2, 0)
    view = QuestionView(grade_locally=True)
    qtbot.addWidget(view)
    view.set_question(question)
    assert not view.ui.diagram.gradients_shown()
    view.entry.restore(format_number(question.answer.value))
    view.submit()
    assert view.ui.diagram.gradients_shown()
    assert view.ui.diagram.grad_of("o1") is not None
