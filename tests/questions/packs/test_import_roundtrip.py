"""Export, import, export again: the same questions, for every format the app both writes
and reads (Moodle XML, GIFT, CSV)."""

from __future__ import annotations

from pathlib import Path

import pytest

from questions.export.files import write_export
from questions.packs import Pack, expand, load_pack, read_pack
from questions.packs.importers import pack_toml, read_questions

EXAMPLE = Path(__file__).resolve().parents[3] / "examples" / "packs" / "backprop-basics.toml"
FORMATS = {"moodle": "xml", "gift": "gift", "csv": "csv"}


def authored(pack: Pack) -> Pack:
    """The example pack's choice and numeric questions (a network question comes back as the
    numbers of one variant, not as its network)."""
    keep = tuple(i for i in pack.items if type(i).__name__ in ("ChoiceItem", "NumericItem"))
    return Pack(pack.id, pack.title, pack.author, pack.version, keep)


def round_trip(pack: Pack, fmt: str, folder: Path, variants: int = 1) -> tuple[str, str, Pack]:
    first = folder / f"first.{FORMATS[fmt]}"
    write_export(pack, expand(pack, variants, seed=2), fmt, first)
    text = pack_toml(read_questions(first, fmt))
    again = read_pack(text, "imported.toml")
    second = folder / f"second.{FORMATS[fmt]}"
    write_export(again, expand(again, 1), fmt, second)
    return first.read_text(encoding="utf-8"), second.read_text(encoding="utf-8"), again


@pytest.mark.parametrize("fmt", FORMATS)
def test_export_import_export_writes_the_same_file(fmt: str, tmp_path: Path) -> None:
    first, second, again = round_trip(authored(load_pack(EXAMPLE)), fmt, tmp_path)
    assert (again.id, again.version) == ("backprop-basics", "1.0")  # read from the keys
    assert second == first


@pytest.mark.parametrize("fmt", FORMATS)
def test_generated_variants_come_back_as_the_same_numbers(fmt: str, tmp_path: Path) -> None:
    pack = load_pack(EXAMPLE)
    first_import = read_questions(write_path(pack, fmt, tmp_path), fmt)
    again = read_pack(pack_toml(first_import), "again.toml")
    second = tmp_path / f"again.{FORMATS[fmt]}"
    write_export(again, expand(again, 1), fmt, second)
    second_import = read_questions(second, fmt)
    strip = [(d.prompt, d.value, d.sigfigs, d.choices, d.mistakes) for d in first_import.drafts]
    assert strip == [
        (d.prompt, d.value, d.sigfigs, d.choices, d.mistakes) for d in second_import.drafts
    ]
    assert len(first_import.drafts) == 18  # 3 authored, 2 x 3 network variants, 3 x 3 family


def write_path(pack: Pack, fmt: str, folder: Path) -> Path:
    path = folder / f"variants.{FORMATS[fmt]}"
    write_export(pack, expand(pack, 3, seed=5), fmt, path)
    return path


MATRIX_PACK = r"""
[pack]
id = "grads"
title = "Gradients as matrices"
author = "Tester"
version = "1"

[[question]]
id = "dw"
type = "matrix"
prompt = "What is $\\frac{\\partial L}{\\partial W}$?"
value = [[0.125, -0.5, 1.25], [2.0, 0.0, -0.0375]]
solution = ["dL/dW = X^T dL/dY"]

[[question.mistake]]
mistake = "transposed"
value = [[0.125, 2.0], [-0.5, 0.0], [1.25, -0.0375]]
"""


def test_a_matrix_question_comes_back_from_the_csv(tmp_path: Path) -> None:
    first, second, again = round_trip(read_pack(MATRIX_PACK, "grads.toml"), "csv", tmp_path)
    assert second == first
    [item] = again.items
    assert item.value == ((0.125, -0.5, 1.25), (2.0, 0.0, -0.0375))
