"""QTI 1.2 for Canvas: the zip holds the manifest and the assessment, each question an item
with Canvas's question type, per-answer feedback and a tolerance range for numbers."""

from __future__ import annotations

import xml.etree.ElementTree as ET
import zipfile
from pathlib import Path

from questions.export.registry import ExportJob, exporter

NS = {"q": "http://www.imsglobal.org/xsd/ims_qtiasiv1p2"}
CP = {"cp": "http://www.imsglobal.org/xsd/imsccv1p1/imscp_v1p1"}


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
