"""QTI 1.2 for Canvas: the zip holds the manifest and the assessment, each question an item
with Canvas's question type, per-answer feedback and a tolerance range for numbers."""

from __future__ import annotations

import os
import subprocess
import sys
import xml.etree.ElementTree as ET
import zipfile
from pathlib import Path

import pytest

from questions.export.registry import ExportJob, exporter

NS = {"q": "http://www.imsglobal.org/xsd/ims_qtiasiv1p2"}
CP = {"cp": "http://www.imsglobal.org/xsd/imsccv1p1/imscp_v1p1"}

MIGRATION_TOOL = Path(__file__).resolve().parents[2] / "tools" / "qti_migration_tool" / "migrate.py"


def assessment(pack, folder: Path, variants: int = 3) -> tuple[ET.Element, ET.Element]:
    path = folder / "canvas.zip"
    exporter("qti12").write(ExportJob(pack, path, variants, 1), lambda *_: None)
    with zipfile.ZipFile(path) as archive:
        manifest = ET.fromstring(archive.read("imsmanifest.xml"))
        href = manifest.find(".//cp:resource", CP).get("href")
        return manifest, ET.fromstring(archive.read(href))


def field(item: ET.Element, label: str) -> str:
    for entry in item.iterfind(".//q:qtimetadatafield", NS):
        if entry.find("q:fieldlabel", NS).text == label:
            return entry.find("q:fieldentry", NS).text
    return ""


def test_the_manifest_names_the_assessment_as_qti_1_2(pack, tmp_path: Path) -> None:
    manifest, root = assessment(pack, tmp_path)
    resource = manifest.find(".//cp:resource", CP)
    assert resource.get("type") == "imsqti_xmlv1p2"
    assert root.find("q:assessment", NS).get("title") == "Backpropagation basics"


def test_each_question_has_canvas_question_type(pack, tmp_path: Path) -> None:
    _, root = assessment(pack, tmp_path)
    items = root.findall(".//q:item", NS)
    assert len(items) == 18
    kinds = [field(item, "question_type") for item in items[:3]]
    assert kinds == ["multiple_choice_question", "multiple_answers_question", "numerical_question"]
    groups = root.findall(".//q:section/q:section", NS)  # one group per generated question
    assert [len(g.findall("q:item", NS)) for g in groups] == [3, 3, 9]
    assert groups[0].find(".//q:selection_number", NS).text == "1"


def test_choices_carry_their_explanations_and_all_right_ones_score(pack, tmp_path: Path) -> None:
    _, root = assessment(pack, tmp_path)
    item = root.findall(".//q:item", NS)[1]  # backward-needs: two right of three
    feedback = {
        f.get("ident"): "".join(f.itertext()).strip() for f in item.iterfind("q:itemfeedback", NS)
    }
    assert feedback["1002_fb"] == "Every gradient uses the weights from before the step."
    scoring = item.find(".//q:respcondition[@continue='No']", NS)
    both = scoring.find("q:conditionvar/q:and", NS)
    assert [e.text for e in both.findall("q:varequal", NS)] == ["1000", "1001"]
    assert [e.text for e in both.findall("q:not/q:varequal", NS)] == ["1002"]
    assert scoring.find("q:setvar", NS).text == "100"


def test_a_number_is_a_range_of_the_sig_fig_band(pack, tmp_path: Path) -> None:
    _, root = assessment(pack, tmp_path)
    item = root.findall(".//q:item", NS)[2]  # 0.25 to 2 significant figures
    condition = item.find(".//q:respcondition[@continue='No']/q:conditionvar", NS)
    assert condition.find("q:vargte", NS).text == "0.2449"
    assert condition.find("q:varlte", NS).text == "0.2551"
    wrong = item.find("q:itemfeedback[@ident='general_incorrect_fb']", NS)
    assert "Mistake: " in "".join(wrong.itertext())


def test_canvas_qti_migration_tool_reads_every_item(pack, tmp_path: Path) -> None:
    """A real consumer: Canvas's own QTI converter (instructure/QTIMigrationTool, which
    Canvas runs on every QTI zip it imports), kept in tests/tools/qti_migration_tool
    (tests/data/qti/README.md says where it comes from; $QTI_MIGRATION_TOOL names another)."""
    migrate = os.environ.get("QTI_MIGRATION_TOOL") or str(MIGRATION_TOOL)
    _, root = assessment(pack, tmp_path)
    with zipfile.ZipFile(tmp_path / "canvas.zip") as archive:  # as Canvas unpacks an upload
        archive.extractall(tmp_path / "in")
    out = tmp_path / "out"
    done = subprocess.run(
        [
            sys.executable,
            migrate,
            "--ucvars",
            "--nogui",
            "--overwrite",
            f"--cpout={out}/",
            str(tmp_path / "in"),
        ],
        capture_output=True,
        text=True,
        cwd=Path(migrate).parent,
    )
    assert done.returncode == 0, done.stderr
    items = {path.stem: ET.parse(path).getroot() for path in (out / "assessmentItems").glob("*")}
    assert len(items) == 18
    order = [item.get("ident") for item in root.iterfind(".//q:item", NS)]
    kinds = [
        items[ident].find(".//{*}instructureField[@name='question_type']").get("value")
        for ident in order[:3]
    ]
    assert kinds == ["multiple_choice_question", "multiple_answers_question", "numerical_question"]
    numeric = ET.tostring(items[order[2]], encoding="unicode")
    assert 'class="vargte"' in numeric and ">0.2449<" in numeric and ">0.2551<" in numeric
    [test_file] = (out / "assessmentTests").glob("*.xml")
    test = test_file.read_text()
    assert test.count('<selection select="1">') == 3  # the question groups survive


@pytest.mark.parametrize("fmt", ["qti12", "qti3"])
def test_the_same_pack_and_seed_give_the_same_bytes(fmt: str, pack, tmp_path: Path) -> None:
    first, second = tmp_path / "a.zip", tmp_path / "b.zip"
    for path in (first, second):
        exporter(fmt).write(ExportJob(pack, path, 2, 7), lambda *_: None)
    assert first.read_bytes() == second.read_bytes()
    with zipfile.ZipFile(first) as archive:
        assert archive.testzip() is None
        assert archive.namelist()[0] == "imsmanifest.xml"
