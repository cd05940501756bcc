"""Descriptor tables: rows by name, column groups joined, placeholders filled."""

from engine.activations import ACTIVATIONS, LEAKY_SLOPE
from engine.text_table import read_table


def test_rows_are_keyed_by_name_and_column_groups_join_in_order() -> None:
    rows = read_table(
        """
        name  | words
        relu  | ReLU
        tanh  | tanh
        """,
        """
        name  | slope
        relu  | 1 if net > 0 else 0
        tanh  | 1 - {out}^2
        """,
    )
    assert rows == {"relu": ("ReLU", "1 if net > 0 else 0"), "tanh": ("tanh", "1 - {out}^2")}


def test_a_named_placeholder_is_filled_and_template_fields_are_kept() -> None:
    rows = read_table("name | rule\nleaky | {out} else {slope}", slope=0.01)
    assert rows["leaky"] == ("{out} else 0.01",)


def test_the_activation_table_reads_its_text_from_the_rows() -> None:
    leaky = ACTIVATIONS["leaky_relu"]
    assert leaky.words == f"leaky ReLU (slope {LEAKY_SLOPE} for net ≤ 0)"
    assert leaky.slope_numbers is None and leaky.kink
    assert ACTIVATIONS["identity"].symbol == ""
    assert not ACTIVATIONS["sigmoid"].kink
