"""QTI 3.0: an IMS content package of `qti-assessment-item` files, a test and a manifest.

A choice question is a `qti-choice-interaction` (max-choices 1, or 0 for select-all) scored
1 when the response matches the correct set exactly (the app's default rule) and 0
otherwise; each choice's explanation is a `qti-feedback-inline` shown when that choice was
chosen. A numeric question is a `qti-text-entry-interaction` of base-type float, scored 1
when `qti-equal` finds it within the sig-fig band (absolute tolerance, both bounds
excluded as the app grades); each mistake value, matched the same way, shows a modal
feedback naming the mistake. The worked solution is a modal feedback shown after every
attempt. `assessment.xml` holds one section per pack question that selects one of its
variants. Text is XHTML built element by element: nothing in a pack becomes markup.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from collections.abc import Sequence
from pathlib import Path

from questions.export.common import (
    _MATH,
    band,
    mistake_feedback,
    number,
    solution_lines,
    xml_safe,
)
from questions.export.qti_package import groups, identifier, title, write_zip, xml_bytes
from questions.model import Kind, NumericAnswer, Question
from questions.packs import Pack

NS = "http://www.imsglobal.org/xsd/imsqtiasi_v3p0"
CP_NS = "http://www.imsglobal.org/xsd/qti/qtiv3p0/imscp_v1p1"
XSI = "http://www.w3.org/2001/XMLSchema-instance"
ITEM_XSD = "https://purl.imsglobal.org/spec/qti/v3p0/schema/xsd/imsqti_asiv3p0_v1p0.xsd"
CP_XSD = "https://purl.imsglobal.org/spec/qti/v3p0/schema/xsd/imsqtiv3p0_imscpv1p2_v1p0.xsd"
SOLUTION = "SOLUTION"


def write_qti3(pack: Pack, questions: Sequence[Question], path: Path) -> int:
    """The QTI 3.0 package for the questions; returns how many items it holds."""
    files: dict[str, bytes] = {}
    sections: list[tuple[str, list[str]]] = []
    for n, group in enumerate(groups(questions), 1):
        idents = []
        for v, question in enumerate(group, 1):
            ident = identifier("Q", f"{n:04d}_{v}")
            files[f"items/{ident}.xml"] = xml_bytes(item(question, ident))
            idents.append(ident)
        sections.append((title(group[0]), idents))
    files["assessment.xml"] = xml_bytes(test(pack, sections))
    files = {"imsmanifest.xml": manifest(pack, files), **files}
    write_zip(path, files)
    return sum(len(idents) for _, idents in sections)


def _root(tag: str, namespace: str, location: str, **attributes: str) -> ET.Element:
    return ET.Element(
        tag,
        {
            "xmlns": namespace,
            "xmlns:xsi": XSI,
            "xsi:schemaLocation": f"{namespace} {location}",
            **attributes,
        },
    )


def manifest(pack: Pack, files: dict[str, bytes]) -> bytes:
    """imsmanifest.xml: each item a resource, the test a resource depending on them all."""
    root = _root("manifest", CP_NS, CP_XSD, identifier=identifier("M_", pack.id))
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


def test(pack: Pack, sections: list[tuple[str, list[str]]]) -> ET.Element:
    """The assessment test: one section per pack question, drawing one of its variants."""
    root = _root("qti-assessment-test", NS, ITEM_XSD, identifier="TEST", title=xml_safe(pack.title))
    part = ET.SubElement(
        root,
        "qti-test-part",
        {"identifier": "PART", "navigation-mode": "nonlinear", "submission-mode": "individual"},
    )
    for n, (section_title, idents) in enumerate(sections, 1):
        section = ET.SubElement(
            part,
            "qti-assessment-section",
            {"identifier": f"S{n:04d}", "title": xml_safe(section_title), "visible": "true"},
        )
        if len(idents) > 1:
            ET.SubElement(section, "qti-selection", select="1")
        for ident in idents:
            ET.SubElement(
                section, "qti-assessment-item-ref", identifier=ident, href=f"items/{ident}.xml"
            )
    return root


def flow(parent: ET.Element, tag: str, text: str) -> ET.Element:
    """`<tag>` holding plain text, line breaks as `<br/>`; $...$ math as \\( ... \\)."""
    element = ET.SubElement(parent, tag)
    lines = _math(xml_safe(text)).replace("\r\n", "\n").split("\n")
    element.text = lines[0]
    for line in lines[1:]:
        ET.SubElement(element, "br").tail = line
    return element


def _math(text: str) -> str:
    return _MATH.sub(lambda m: r"\(" + m[1] + r"\)", text).replace(r"\$", "$")


def _declare(root: ET.Element, tag: str, ident: str, cardinality: str, base: str) -> ET.Element:
    return ET.SubElement(
        root, tag, {"identifier": ident, "cardinality": cardinality, "base-type": base}
    )


def _set(parent: ET.Element, outcome: str, value: ET.Element) -> None:
    ET.SubElement(parent, "qti-set-outcome-value", identifier=outcome).append(value)


def _value(base: str, text: str) -> ET.Element:
    element = ET.Element("qti-base-value", {"base-type": base})
    element.text = text
    return element


def _within(target: ET.Element, answer: NumericAnswer, value: float) -> ET.Element:
    """qti-equal of the response and target within the band of `value` (bounds excluded)."""
    tolerance = number(band(NumericAnswer(value, answer.sigfigs, answer.zero_band)))
    equal = ET.Element(
        "qti-equal",
        {
            "tolerance-mode": "absolute",
            "tolerance": f"{tolerance} {tolerance}",
            "include-lower-bound": "false",
            "include-upper-bound": "false",
        },
    )
    ET.SubElement(equal, "qti-variable", identifier="RESPONSE")
    equal.append(target)
    return equal


def item(q: Question, ident: str) -> ET.Element:
    """One question as a `qti-assessment-item`."""
    numeric = q.kind is Kind.NUMERIC and q.answer is not None
    root = _root(
        "qti-assessment-item",
        NS,
        ITEM_XSD,
        identifier=ident,
        title=xml_safe(title(q)),
        adaptive="false",
        **{"time-dependent": "false"},
    )
    choice_ids = [f"C{i + 1}" for i in range(len(q.choices))]
    cardinality = "multiple" if q.kind is Kind.MULTIPLE else "single"
    response = _declare(
        root,
        "qti-response-declaration",
        "RESPONSE",
        "single" if numeric else cardinality,
        "float" if numeric else "identifier",
    )
    correct = ET.SubElement(response, "qti-correct-response")
    if numeric:
        assert q.answer is not None
        ET.SubElement(correct, "qti-value").text = number(q.answer.value)
    else:
        for choice_id, choice in zip(choice_ids, q.choices, strict=True):
            if choice.correct:
                ET.SubElement(correct, "qti-value").text = choice_id
    score = _declare(root, "qti-outcome-declaration", "SCORE", "single", "float")
    ET.SubElement(ET.SubElement(score, "qti-default-value"), "qti-value").text = "0"
    _declare(root, "qti-outcome-declaration", "FEEDBACK", "multiple", "identifier")
    body = ET.SubElement(root, "qti-item-body")
    if numeric:
        flow(body, "p", q.prompt)
        ET.SubElement(
            ET.SubElement(body, "p"),
            "qti-text-entry-interaction",
            {"response-identifier": "RESPONSE", "expected-length": "12"},
        )
    else:
        flow(body, "div", q.prompt)
        interaction = ET.SubElement(
            body,
            "qti-choice-interaction",
            {
                "response-identifier": "RESPONSE",
                "max-choices": "0" if q.kind is Kind.MULTIPLE else "1",
                "shuffle": "true",
            },
        )
        for choice_id, choice in zip(choice_ids, q.choices, strict=True):
            simple = flow(interaction, "qti-simple-choice", choice.text)
            simple.set("identifier", choice_id)
            explanation = mistake_feedback(choice.mistake) or choice.explanation
            if explanation:
                inline = flow(simple, "qti-feedback-inline", explanation)
                inline.attrib.update(
                    {"outcome-identifier": "FEEDBACK", "identifier": choice_id, "show-hide": "show"}
                )
    _processing(root, q, numeric)
    _modal(root, SOLUTION, solution_lines(q))
    if numeric:
        for n, m in enumerate(q.mistakes, 1):
            text = mistake_feedback(m.mistake)
            if text:
                _modal(root, f"MISTAKE{n}", [text])
    return root


def _processing(root: ET.Element, q: Question, numeric: bool) -> None:
    processing = ET.SubElement(root, "qti-response-processing")
    condition = ET.SubElement(processing, "qti-response-condition")
    branch = ET.SubElement(condition, "qti-response-if")
    if numeric:
        assert q.answer is not None
        target = ET.Element("qti-correct", identifier="RESPONSE")
        branch.append(_within(target, q.answer, q.answer.value))
    else:
        match = ET.SubElement(branch, "qti-match")
        ET.SubElement(match, "qti-variable", identifier="RESPONSE")
        ET.SubElement(match, "qti-correct", identifier="RESPONSE")
    _set(branch, "SCORE", _value("float", "1"))
    if numeric:
        assert q.answer is not None
        for n, m in enumerate(q.mistakes, 1):
            if mistake_feedback(m.mistake):
                elif_ = ET.SubElement(condition, "qti-response-else-if")
                elif_.append(_within(_value("float", number(m.value)), q.answer, m.value))
                _set(elif_, "FEEDBACK", _feedback(_value("identifier", f"MISTAKE{n}")))
    else:
        _set(processing, "FEEDBACK", _feedback(ET.Element("qti-variable", identifier="RESPONSE")))
    if q.solution:
        together = ET.Element("qti-multiple")
        together.append(ET.Element("qti-variable", identifier="FEEDBACK"))
        together.append(_value("identifier", SOLUTION))
        _set(processing, "FEEDBACK", together)


def _feedback(value: ET.Element) -> ET.Element:
    together = ET.Element("qti-multiple")
    together.append(value)
    return together


def _modal(root: ET.Element, ident: str, lines: list[str]) -> None:
    if not lines:
        return
    modal = ET.SubElement(
        root,
        "qti-modal-feedback",
        {"outcome-identifier": "FEEDBACK", "identifier": ident, "show-hide": "show"},
    )
    content = ET.SubElement(modal, "qti-content-body")
    if len(lines) == 1:
        flow(content, "p", lines[0])
        return
    ordered = ET.SubElement(content, "ol")
    for line in lines:
        flow(ordered, "li", line)
