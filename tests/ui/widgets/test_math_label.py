"""MathLabel: escaped text, formulas as rich text or matplotlib images, plain readings."""

from __future__ import annotations

from PySide6.QtCore import Qt

from app.ui.widgets.math_label import MathLabel, math_image, plain_text, rich_text, segments


def test_text_is_split_into_plain_and_math_pieces_and_escaped_dollars_stay():
    assert segments(r"cost \$5, $x_1$ and $y$.") == [
        (False, r"cost \$5, "),
        (True, "x_1"),
        (False, " and "),
        (True, "y"),
        (False, "."),
    ]


def test_pack_text_is_never_interpreted_as_html():
    html = rich_text("<b>bold</b> & $x$", "#000000", 14)
    assert "&lt;b&gt;bold&lt;/b&gt; &amp;" in html
    assert "<b>bold</b>" not in html


def test_a_formula_outside_the_simple_subset_is_rendered_by_matplotlib(qapp):
    html = rich_text(r"$\sqrt{x}$", "#112233", 14)
    assert '<img src="data:image/png;base64,' in html
    uri, width, height = math_image(r"\sqrt{x}", "#112233", 14, 2.0)
    assert uri.startswith("data:image/png;base64,")
    assert width > 5 and height > 10  # logical size: half the pixels at ratio 2


def test_a_formula_matplotlib_cannot_read_is_shown_as_its_source(qapp):
    assert "<code>\\frac{1}{</code>" in rich_text(r"$\frac{1}{$", "#000000", 14)


def test_the_label_reads_as_plain_text_for_screen_readers(qtbot):
    label = MathLabel(r"What is $\partial E / \partial w_{5}$?")
    qtbot.addWidget(label)
    assert label.accessibleName() == "What is ∂E / ∂w5?"
    assert plain_text(r"price \$5") == "price $5"
    assert "<sub>5</sub>" in label.text()


def test_clicking_the_label_emits_clicked(qtbot):
    label = MathLabel("choice")
    qtbot.addWidget(label)
    label.show()
    with qtbot.waitSignal(label.clicked):
        qtbot.mouseClick(label, Qt.MouseButton.LeftButton)
