"""Matrix questions in QTI: one item with a grid of float entries in QTI 3.0 (valid against
1EdTech's XSD), one numerical question per cell for Canvas."""

from __future__ import annotations

import xml.etree.ElementTree as ET
import zipfile
from pathlib import Path

import pytest
from lxml import etree

from questions.export.qti3_matrix import matrix_item
from questions.export.registry import ExportJob, exporter
from questions.model import Kind
from questions.packs import Pack, expand, read_pack

XSD = Path(__file__).resolve().parents[2] / "data" / "qti" / "xsd" / "qtiv3p0"
PACK = r"""
[pack]
id = "grads"
title = "Gradients as matrices"
author = "Tester"
version = "1"

[[question]]
id = "dw"
type = "matrix"
topic = "batches"
prompt = "What is $\\frac{\\partial L}{\\partial W}$?"
value = [[0.125, -0.5, 1.25], [2.0, 0.0, -0.0375]]
solution = ["dL/dW = X^T dL/dY"]

[[question.mistake]]
mistake = "transposed"
value = [[0.125, 2.0], [-0.5, 0.0], [1.25, -0.0375]]

[[question]]
id = "batch"
type = "family"
family = "batch-matrix-gradient"
level = 2
"""


@pytest.fixture(scope="module")
def pack() -> Pack:
    return read_pack(PACK, "grads.toml")


def test_a_matrix_is_one_valid_item_with_a_cell_per_entry(pack: Pack) -> None:
    schema = etree.XMLSchema(etree.parse(str(XSD / "imsqti_asiv3p0_sbacv1p0_v1p0.xsd")))
    dw, *family = [q for q in expand(pack, 2, seed=1) if q.kind is Kind.MATRIX]
    element = matrix_item(dw, "Q1")
    assert schema.validate(etree.fromstring(ET.tostring(element))), str(schema.error_log)
    cells = [e.get("identifier") for e in element.iterfind("qti-response-declaration")]
    assert cells == ["R1_1", "R1_2", "R1_3", "R2_1", "R2_2", "R2_3"]
    entries = element.findall(".//qti-item-body/table/tbody/tr/td/qti-text-entry-interaction")
    assert len(entries) == 6
    every = element.find(".//qti-response-if/qti-and")
    assert [e.find("qti-base-value").text for e in every] == [
        "0.125",
        "-0.5",
        "1.25",
        "2",
        "0",
        "-0.0375",
    ]
    assert element.find(".//qti-response-else-if") is None  # transposed: another shape
    for question in family:  # the family's mistakes have the answer's shape
        generated = matrix_item(question, "Q2")
        assert schema.validate(etree.fromstring(ET.tostring(generated))), str(schema.error_log)


def test_the_package_holds_one_item_per_matrix_variant(pack: Pack, tmp_path: Path) -> None:
    path = tmp_path / "m.zip"
    written = exporter("qti3").write(ExportJob(pack, path, 2, 1), lambda *_: None)
    assert written.sentence() == "Wrote m.zip: 3 questions."  # dw, and 2 family variants


def test_canvas_gets_one_numerical_question_per_cell(pack: Pack, tmp_path: Path) -> None:
    path = tmp_path / "c.zip"
    written = exporter("qti12").write(ExportJob(pack, path, 1, 1), lambda *_: None)
    with zipfile.ZipFile(path) as archive:
        names = [n for n in archive.namelist() if n != "imsmanifest.xml"]
        root = ET.fromstring(archive.read(names[0]))
    items = root.iter("{http://www.imsglobal.org/xsd/ims_qtiasiv1p2}item")
    prompts = ["".join(i.itertext()) for i in items]
    assert written.sentence().startswith("Wrote c.zip: ")
    assert sum("Row 2, column 3 of the 2 × 3 matrix" in p for p in prompts) == 1
    assert len(prompts) == int(written.sentence().split(": ")[1].split()[0])
