"""QTI 3.0: an IMS content package of `qti-assessment-item` files, a test and a manifest.

A choice question is a `qti-choice-interaction` (max-choices 1, or 0 for select-all) scored
1 when the response matches the correct set exactly and 0 otherwise, or, for a multiple
choice with partial credit, by a `qti-mapping` giving max(0, (right - wrong picks) / R) as
the app grades it; each choice's explanation is a `qti-feedback-inline` shown when that
choice was chosen. A numeric question is a `qti-text-entry-interaction` of base-type float,
scored 1 when `qti-equal` finds it within the sig-fig band (absolute tolerance, both bounds
excluded as the app grades); each mistake value, matched the same way, shows a modal
feedback naming the mistake. The worked solution is a modal feedback shown after every
attempt. A matrix question is one item with a grid of entries (qti3_matrix).
`assessment.xml` holds one section per pack question that selects one of its variants. Text
is XHTML built element by element: nothing in a pack becomes markup.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from collections.abc import Sequence
from pathlib import Path

from questions.export.common import xml_safe
from questions.export.qti3_item import ITEM_XSD, NS, document, item
from questions.export.qti3_matrix import matrix_item
from questions.export.qti_package import Section, identifier, sections, write_zip, xml_bytes
from questions.model import Kind, Question
from questions.packs import Pack

CP_NS = "http://www.imsglobal.org/xsd/qti/qtiv3p0/imscp_v1p1"
CP_XSD = "https://purl.imsglobal.org/spec/qti/v3p0/schema/xsd/imsqtiv3p0_imscpv1p2_v1p0.xsd"


def write_qti3(pack: Pack, questions: Sequence[Question], path: Path) -> int:
    """The QTI 3.0 package for the questions; returns how many items it holds."""
    files: dict[str, bytes] = {}
    parts = sections("Q_", pack.id, questions)
    for section in parts:
        for ident, question in section.items:
            build = matrix_item if question.kind is Kind.MATRIX else item
            files[f"items/{ident}.xml"] = xml_bytes(build(question, ident))
    files["assessment.xml"] = xml_bytes(test(pack, parts))
    files = {"imsmanifest.xml": manifest(pack, files), **files}
    write_zip(path, files)
    return sum(len(section.items) for section in parts)


def manifest(pack: Pack, files: dict[str, bytes]) -> bytes:
    """imsmanifest.xml: each item a resource, the test a resource depending on them all."""
    root = document("manifest", CP_NS, CP_XSD, identifier=identifier("M_", pack.id))
    metadata = ET.SubElement(root, "metadata")
    ET.SubElement(metadata, "schema").text = "QTI Package"
    ET.SubElement(metadata, "schemaversion").text = "3.0.0"
    ET.SubElement(root, "organizations")
    resources = ET.SubElement(root, "resources")
    items = [href for href in files if href.startswith("items/")]
    test_resource = ET.SubElement(
        resources,
        "resource",
        identifier="TEST",
        type="imsqti_test_xmlv3p0",
        href="assessment.xml",
    )
    ET.SubElement(test_resource, "file", href="assessment.xml")
    for href in items:
        ET.SubElement(test_resource, "dependency", identifierref=Path(href).stem)
    for href in items:
        resource = ET.SubElement(
            resources, "resource", identifier=Path(href).stem, type="imsqti_item_xmlv3p0", href=href
        )
        ET.SubElement(resource, "file", href=href)
    return xml_bytes(root)


def test(pack: Pack, parts: Sequence[Section]) -> ET.Element:
    """The assessment test: one section per pack question, drawing one of its variants."""
    root = document(
        "qti-assessment-test", NS, ITEM_XSD, identifier="TEST", title=xml_safe(pack.title)
    )
    part = ET.SubElement(
        root,
        "qti-test-part",
        {"identifier": "PART", "navigation-mode": "nonlinear", "submission-mode": "individual"},
    )
    for n, variants in enumerate(parts, 1):
        section = ET.SubElement(
            part,
            "qti-assessment-section",
            {"identifier": f"S{n:04d}", "title": xml_safe(variants.title), "visible": "true"},
        )
        if len(variants.items) > 1:
            ET.SubElement(section, "qti-selection", select="1")
        for ident, _question in variants.items:
            ET.SubElement(
                section, "qti-assessment-item-ref", identifier=ident, href=f"items/{ident}.xml"
            )
    return root
