"""DiagramView draws networks and graphs, and says what it shows to assistive technology."""

from __future__ import annotations

from PySide6.QtGui import QColor

from app.ui.theme import current_colors
from app.ui.widgets.diagram_view import DiagramView, number
from questions import registry


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
