"""QTI 3.0: the package's manifest, items and test are valid against 1EdTech's schemas
(tests/data/qti/), and the items score the way the app grades."""

from __future__ import annotations

import shutil
import subprocess
import xml.etree.ElementTree as ET
import zipfile
from dataclasses import dataclass, fields, replace
from pathlib import Path

import pytest
from lxml import etree

from questions.export.qti3_item import item
from questions.export.registry import ExportJob, exporter
from questions.model import Kind, Question
from questions.packs import Pack, pack_questions

XSD = Path(__file__).resolve().parents[2] / "data" / "qti" / "xsd" / "qtiv3p0"
NS = {"q": "http://www.imsglobal.org/xsd/imsqtiasi_v3p0"}


@pytest.fixture(scope="module")
def schemas() -> tuple[etree.XMLSchema, etree.XMLSchema]:
    """(items and tests, manifest)."""
    return (
        etree.XMLSchema(etree.parse(str(XSD / "imsqti_asiv3p0_sbacv1p0_v1p0.xsd"))),
        etree.XMLSchema(etree.parse(str(XSD / "imsqtiv3p0_imscpv1p2_v1p0.xsd"))),
    )


def package(pack: Pack, folder: Path, variants: int = 3) -> dict[str, bytes]:
    path = folder / "quiz.zip"
    written = exporter("qti3").write(ExportJob(pack, path, variants, 1), lambda *_: None)
    assert written.sentence() == f"Wrote quiz.zip: {3 + 2 * variants + 3 * variants} questions."
    with zipfile.ZipFile(path) as archive:
        return {name: archive.read(name) for name in archive.namelist()}


def in_order(files: dict[str, bytes]) -> list[bytes]:
    """The items in the order the test lists them (the pack's order)."""
    test = etree.fromstring(files["assessment.xml"])
    return [files[ref.get("href")] for ref in test.iterfind(".//q:qti-assessment-item-ref", NS)]


def test_every_file_is_valid_against_the_1edtech_schemas(pack, schemas, tmp_path) -> None:
    items, manifest = schemas
    files = package(pack, tmp_path)
    assert len([n for n in files if n.startswith("items/")]) == 18
    for name, data in files.items():
        schema = manifest if name == "imsmanifest.xml" else items
        assert schema.validate(etree.fromstring(data)), (name, str(schema.error_log))


def test_hostile_text_stays_text_and_valid(hostile, schemas, tmp_path) -> None:
    items, _ = schemas
    path = tmp_path / "h.zip"
    exporter("qti3").write(ExportJob(hostile, path), lambda *_: None)
    with zipfile.ZipFile(path) as archive:
        files = {name: archive.read(name) for name in archive.namelist()}
    item = etree.fromstring(in_order(files)[0])
    assert items.validate(item), str(items.error_log)
    assert item.find(".//q:script", NS) is None
    assert "<script>alert(1)</script>" in item.find(".//q:div", NS).text


def test_identifiers_name_the_pack_and_stay_with_the_question(pack, tmp_path) -> None:
    first = [etree.fromstring(i).get("identifier") for i in in_order(package(pack, tmp_path))]
    again = [etree.fromstring(i).get("identifier") for i in in_order(package(pack, tmp_path))]
    assert first == again
    assert len(set(first)) == 18
    assert all(ident.startswith("Q_backprop-basics_") for ident in first)


def test_the_schema_check_would_catch_a_broken_item(pack, schemas, tmp_path) -> None:
    items, _ = schemas
    item = etree.fromstring(in_order(package(pack, tmp_path))[0])
    del item.attrib["identifier"]
    assert not items.validate(item)


def test_a_numeric_item_scores_within_the_band_and_names_mistakes(pack, tmp_path) -> None:
    item = etree.fromstring(in_order(package(pack, tmp_path, 1))[2])  # sigmoid-slope-max
    assert item.find(".//q:qti-correct-response/q:qti-value", NS).text == "0.25"
    equal = item.find(".//q:qti-response-if/q:qti-equal", NS)
    assert equal.get("tolerance") == "0.0051 0.0051"  # 2 significant figures
    assert equal.get("include-lower-bound") == equal.get("include-upper-bound") == "false"
    mistake = item.find(".//q:qti-modal-feedback[@identifier='MISTAKE1']", NS)
    assert "Mistake: " in "".join(mistake.itertext())


def test_citolab_qti_convert_reads_the_package(pack, tmp_path) -> None:
    """A real consumer: Citolab's qti-convert (pip citolab-qti-convert) downgrades the
    package to QTI 2.1, reading every item, the test and the manifest."""
    convert = shutil.which("qti-convert")
    if convert is None:
        pytest.skip("citolab-qti-convert is not installed (an optional external reader)")
    source = tmp_path / "quiz.zip"
    exporter("qti3").write(ExportJob(pack, source, 3, 1), lambda *_: None)
    done = subprocess.run(
        [convert, "downgrade", str(source), str(tmp_path / "qti21.zip")],
        capture_output=True,
        text=True,
    )
    assert done.returncode == 0, done.stderr
    with zipfile.ZipFile(tmp_path / "qti21.zip") as archive:
        names = archive.namelist()
        first = next(n for n in names if n.startswith("items/"))
        item = etree.fromstring(archive.read(first))
    assert len([n for n in names if n.startswith("items/")]) == 18
    assert item.tag == "{http://www.imsglobal.org/xsd/imsqti_v2p1}assessmentItem"


@dataclass(frozen=True)
class Scored(Question):
    """A question with a scoring rule (the model gains `scoring` with per-question rules)."""

    scoring: str = "partial"


def test_partial_credit_maps_each_pick_as_the_app_grades(pack, schemas) -> None:
    items, _ = schemas
    question = next(q for q in pack_questions(pack) if q.kind is Kind.MULTIPLE)
    scored = Scored(**{f.name: getattr(question, f.name) for f in fields(Question)})
    element = item(scored, "Q1")
    assert items.validate(etree.fromstring(ET.tostring(element))), str(items.error_log)
    mapping = element.find(".//qti-mapping")
    assert mapping.attrib == {"lower-bound": "0", "upper-bound": "1", "default-value": "0"}
    assert [e.get("mapped-value") for e in mapping] == ["0.5", "0.5", "-0.5"]  # 2 right of 3
    score = element.find(".//qti-response-processing/qti-set-outcome-value[@identifier='SCORE']")
    assert [child.tag for child in score] == ["qti-map-response"]
    strict = replace(question, scoring="all-or-nothing")  # packs default to partial credit
    assert item(strict, "Q1").find(".//qti-mapping") is None  # all-or-nothing: a match
