"""QTI 1.2 as Canvas imports it: a zip of `imsmanifest.xml` and one assessment XML.

Each question is an `<item>` with Canvas's `question_type` metadata: a single choice is a
`multiple_choice_question`; a multiple choice a `multiple_answers_question`, whose
conditions give full marks for exactly the right set (Canvas itself scores it by its own
rule, max(0, (right - wrong picks) / R), the app's partial credit); a number a
`numerical_question` whose answer is the range value ± the sig-fig band (`vargte` /
`varlte`, Canvas's "range" answer). Each choice's explanation is its answer feedback
(`itemfeedback` shown by a `displayfeedback`); a numeric question's mistake values go into
its incorrect-answer feedback, since every answer of a Canvas numerical question counts as
right; the worked solution is the general feedback. Variants of one pack question form a
question group (a `section` that picks one); a matrix question is one numerical question per
cell (qti_package.sections), each cell's variants a group of their own. Pack text is
HTML-escaped, math as \\( ... \\) for MathJax.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from collections.abc import Sequence
from pathlib import Path

from questions.export.common import (
    band,
    mathjax,
    mistake_feedback,
    number,
    solution_html,
    xml_safe,
)
from questions.export.qti_package import identifier, sections, title, write_zip, xml_bytes
from questions.model import Kind, Question
from questions.numbers import format_number
from questions.packs import Pack

NS = "http://www.imsglobal.org/xsd/ims_qtiasiv1p2"
CP_NS = "http://www.imsglobal.org/xsd/imsccv1p1/imscp_v1p1"
RESPONSE = "response1"


def write_qti12(pack: Pack, questions: Sequence[Question], path: Path) -> int:
    """The Canvas QTI zip for the questions; returns how many questions it holds."""
    ident = identifier("bpq_", pack.id)
    assessment, count = assessment_xml(pack, ident, questions)
    href = f"{ident}/{ident}.xml"
    write_zip(path, {"imsmanifest.xml": manifest_xml(ident, href), href: assessment})
    return count


def manifest_xml(ident: str, href: str) -> bytes:
    """The content package manifest: one QTI 1.2 resource, the assessment."""
    root = ET.Element("manifest", xmlns=CP_NS, identifier=f"{ident}_manifest")
    metadata = ET.SubElement(root, "metadata")
    ET.SubElement(metadata, "schema").text = "IMS Content"
    ET.SubElement(metadata, "schemaversion").text = "1.1.3"
    ET.SubElement(root, "organizations")
    resources = ET.SubElement(root, "resources")
    resource = ET.SubElement(
        resources, "resource", identifier=ident, type="imsqti_xmlv1p2", href=href
    )
    ET.SubElement(resource, "file", href=href)
    return xml_bytes(root)


def assessment_xml(pack: Pack, ident: str, questions: Sequence[Question]) -> tuple[bytes, int]:
    """The `questestinterop` document and how many items it holds."""
    root = ET.Element("questestinterop", xmlns=NS)
    assessment = ET.SubElement(root, "assessment", ident=ident, title=xml_safe(pack.title))
    _metadata(assessment, {"cc_maxattempts": "1"})
    top = ET.SubElement(assessment, "section", ident="root_section")
    count = 0
    for n, section in enumerate(sections("bpq_", pack.id, questions, cells=True), 1):
        parent = top
        if len(section.items) > 1:
            parent = ET.SubElement(
                top, "section", ident=f"{ident}_group_{n}", title=xml_safe(section.title)
            )
            selection = ET.SubElement(ET.SubElement(parent, "selection_ordering"), "selection")
            ET.SubElement(selection, "selection_number").text = "1"
            extension = ET.SubElement(selection, "selection_extension")
            ET.SubElement(extension, "points_per_item").text = "1.0"
        for question_ident, question in section.items:
            count += 1
            parent.append(item(question, question_ident))
    return xml_bytes(root), count


def _metadata(parent: ET.Element, fields: dict[str, str]) -> None:
    metadata = ET.SubElement(parent, "qtimetadata")
    for label, entry in fields.items():
        field = ET.SubElement(metadata, "qtimetadatafield")
        ET.SubElement(field, "fieldlabel").text = label
        ET.SubElement(field, "fieldentry").text = entry


def _material(parent: ET.Element, html_text: str) -> None:
    material = ET.SubElement(parent, "material")
    ET.SubElement(material, "mattext", texttype="text/html").text = html_text


def item(q: Question, ident: str) -> ET.Element:
    """One question as a Canvas QTI 1.2 `<item>`."""
    numeric = q.kind is Kind.NUMERIC and q.answer is not None
    kind = (
        "numerical_question"
        if numeric
        else (
            "multiple_answers_question" if q.kind is Kind.MULTIPLE else "multiple_choice_question"
        )
    )
    answer_ids = [str(1000 + i) for i in range(len(q.choices))]
    element = ET.Element("item", ident=ident, title=xml_safe(title(q)))
    fields = {"question_type": kind, "points_possible": "1.0"}
    if not numeric:
        fields["original_answer_ids"] = ",".join(answer_ids)
    _metadata(ET.SubElement(element, "itemmetadata"), fields)
    presentation = ET.SubElement(element, "presentation")
    _material(presentation, mathjax(q.prompt))
    feedback: dict[str, str] = {}
    if numeric:
        response = ET.SubElement(
            presentation, "response_str", ident=RESPONSE, rcardinality="Single"
        )
        fib = ET.SubElement(response, "render_fib", fibtype="Decimal")
        ET.SubElement(fib, "response_label", ident="answer1")
    else:
        cardinality = "Multiple" if q.kind is Kind.MULTIPLE else "Single"
        response = ET.SubElement(
            presentation, "response_lid", ident=RESPONSE, rcardinality=cardinality
        )
        render = ET.SubElement(response, "render_choice")
        for answer_id, choice in zip(answer_ids, q.choices, strict=True):
            label = ET.SubElement(render, "response_label", ident=answer_id)
            _material(label, mathjax(choice.text))
            text = mistake_feedback(choice.mistake) or choice.explanation
            if text:
                feedback[f"{answer_id}_fb"] = mathjax(text)
    processing = ET.SubElement(element, "resprocessing")
    ET.SubElement(
        ET.SubElement(processing, "outcomes"),
        "decvar",
        maxvalue="100",
        minvalue="0",
        varname="SCORE",
        vartype="Decimal",
    )
    solution = solution_html(q)
    if solution:
        feedback["general_fb"] = solution
        _show(processing, "general_fb", ET.Element("other"))
    for answer_id in answer_ids:
        if f"{answer_id}_fb" in feedback:
            _show(processing, f"{answer_id}_fb", _equal(answer_id))
    if numeric:
        _numeric_scoring(processing, q, feedback)
    else:
        _choice_scoring(processing, q, answer_ids)
    for ident_, html_text in feedback.items():
        flow = ET.SubElement(ET.SubElement(element, "itemfeedback", ident=ident_), "flow_mat")
        _material(flow, html_text)
    return element


def _equal(value: str) -> ET.Element:
    equal = ET.Element("varequal", respident=RESPONSE)
    equal.text = value
    return equal


def _show(processing: ET.Element, feedback_id: str, condition: ET.Element) -> None:
    respcondition = ET.SubElement(processing, "respcondition", {"continue": "Yes"})
    ET.SubElement(respcondition, "conditionvar").append(condition)
    ET.SubElement(respcondition, "displayfeedback", feedbacktype="Response", linkrefid=feedback_id)


def _score(processing: ET.Element, conditions: list[ET.Element]) -> None:
    respcondition = ET.SubElement(processing, "respcondition", {"continue": "No"})
    conditionvar = ET.SubElement(respcondition, "conditionvar")
    conditionvar.extend(conditions)
    ET.SubElement(respcondition, "setvar", action="Set", varname="SCORE").text = "100"


def _choice_scoring(processing: ET.Element, q: Question, answer_ids: list[str]) -> None:
    right = [a for a, c in zip(answer_ids, q.choices, strict=True) if c.correct]
    if q.kind is not Kind.MULTIPLE:
        _score(processing, [_equal(right[0])])
        return
    both = ET.Element("and")
    for answer_id, choice in zip(answer_ids, q.choices, strict=True):
        if choice.correct:
            both.append(_equal(answer_id))
        else:
            ET.SubElement(both, "not").append(_equal(answer_id))
    _score(processing, [both])


def _numeric_scoring(processing: ET.Element, q: Question, feedback: dict[str, str]) -> None:
    assert q.answer is not None
    low, high = q.answer.value - band(q.answer), q.answer.value + band(q.answer)
    above = ET.Element("vargte", respident=RESPONSE)
    above.text = number(low)
    below = ET.Element("varlte", respident=RESPONSE)
    below.text = number(high)
    _score(processing, [above, below])
    lines = [
        f"{format_number(m.value, q.answer.sigfigs)}: {mistake_feedback(m.mistake)}"
        for m in q.mistakes
        if mistake_feedback(m.mistake)
    ]
    if lines:
        items = "".join(f"<li>{mathjax(line)}</li>" for line in lines)
        feedback["general_incorrect_fb"] = f"<p>If your answer was</p><ul>{items}</ul>"
        _show(processing, "general_incorrect_fb", ET.Element("other"))
