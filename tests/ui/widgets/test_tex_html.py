"""Simple mathtext becomes rich text; anything beyond the subset is left to matplotlib."""

from __future__ import annotations

from app.ui.widgets.tex_html import tex_to_html, tex_to_plain


def test_subscripts_greek_letters_and_operators_become_rich_text():
    assert tex_to_html(r"\partial E / \partial w_{8}") == ("∂<i>E</i> / ∂<i>w</i><sub>8</sub>")
    assert tex_to_html(r"\delta_o = (o - t)\,o(1-o)") == (
        "<i>δ</i><sub><i>o</i></sub> = (<i>o</i> − <i>t</i>)\u2009<i>o</i>(1−<i>o</i>)"
    )


def test_short_fractions_stay_inline_and_long_ones_are_drawn():
    assert tex_to_html(r"\frac{1}{2}") == "<sup>1</sup>⁄<sub>2</sub>"
    assert tex_to_html(r"\frac{\partial L}{\partial w}") == "∂<i>L</i>/∂<i>w</i>"
    assert tex_to_html(r"\frac{L(w+h) - L(w-h)}{2h}") is None
    assert tex_to_html(r"\sqrt{x}") is None


def test_markup_in_a_formula_is_escaped():
    assert tex_to_html("a < b") == "<i>a</i> &lt; <i>b</i>"


def test_unbalanced_braces_are_not_guessed_at():
    assert tex_to_html("w_{1") is None
    assert tex_to_html("w}") is None


def test_plain_readings_for_accessible_names():
    assert tex_to_plain(r"\partial E / \partial w_{8}") == "∂E / ∂w8"
    assert tex_to_plain(r"\frac{a+b}{2h}") == "(a+b)/2h"
    assert tex_to_plain(r"\sqrt{\hat{v}} + \epsilon") == "√v̂ + ε"
