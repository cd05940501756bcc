"""One question as a QTI 3.0 `qti-assessment-item` (questions.export.qti3 packages them).

Choices are a `qti-choice-interaction`, numbers a float `qti-text-entry-interaction` scored
by `qti-equal` within the sig-fig band; explanations are inline feedback, mistakes and the
worked solution modal feedback. Text is XHTML built element by element.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET

from questions.export.common import (
    _MATH,
    band,
    mistake_feedback,
    number,
    solution_lines,
    xml_safe,
)
from questions.export.qti_package import title
from questions.model import Kind, NumericAnswer, Question

NS = "http://www.imsglobal.org/xsd/imsqtiasi_v3p0"
XSI = "http://www.w3.org/2001/XMLSchema-instance"
ITEM_XSD = "https://purl.imsglobal.org/spec/qti/v3p0/schema/xsd/imsqti_asiv3p0_v1p0.xsd"
SOLUTION = "SOLUTION"


def document(tag: str, namespace: str, location: str, **attributes: str) -> ET.Element:
    """A root element in `namespace`, with the schema location a validator looks for."""
    return ET.Element(
        tag,
        {
            "xmlns": namespace,
            "xmlns:xsi": XSI,
            "xsi:schemaLocation": f"{namespace} {location}",
            **attributes,
        },
    )


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


def declare(root: ET.Element, tag: str, ident: str, cardinality: str, base: str) -> ET.Element:
    """A response or outcome declaration."""
    return ET.SubElement(
        root, tag, {"identifier": ident, "cardinality": cardinality, "base-type": base}
    )


def set_outcome(parent: ET.Element, outcome: str, value: ET.Element) -> None:
    """`outcome` := value."""
    ET.SubElement(parent, "qti-set-outcome-value", identifier=outcome).append(value)


def base_value(base: str, text: str) -> ET.Element:
    """A constant of a base type."""
    element = ET.Element("qti-base-value", {"base-type": base})
    element.text = text
    return element


def within(
    target: ET.Element, answer: NumericAnswer, value: float, response: str = "RESPONSE"
) -> ET.Element:
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
    ET.SubElement(equal, "qti-variable", identifier=response)
    equal.append(target)
    return equal


def item_root(q: Question, ident: str) -> ET.Element:
    """An empty `qti-assessment-item` for the question."""
    return document(
        "qti-assessment-item",
        NS,
        ITEM_XSD,
        identifier=ident,
        title=xml_safe(title(q)),
        adaptive="false",
        **{"time-dependent": "false"},
    )


def outcomes(root: ET.Element) -> None:
    """SCORE (0 until set) and FEEDBACK (the identifiers of the feedback to show)."""
    score = declare(root, "qti-outcome-declaration", "SCORE", "single", "float")
    ET.SubElement(ET.SubElement(score, "qti-default-value"), "qti-value").text = "0"
    declare(root, "qti-outcome-declaration", "FEEDBACK", "multiple", "identifier")


def item(q: Question, ident: str) -> ET.Element:
    """One single, multiple or numeric question as a `qti-assessment-item`."""
    numeric = q.kind is Kind.NUMERIC and q.answer is not None
    root = item_root(q, ident)
    choice_ids = [f"C{i + 1}" for i in range(len(q.choices))]
    cardinality = "multiple" if q.kind is Kind.MULTIPLE else "single"
    response = declare(
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
        if partial(q):
            _mapping(response, q, choice_ids)
    outcomes(root)
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
    modal(root, SOLUTION, solution_lines(q))
    if numeric:
        for n, m in enumerate(q.mistakes, 1):
            text = mistake_feedback(m.mistake)
            if text:
                modal(root, f"MISTAKE{n}", [text])
    return root


def partial(q: Question) -> bool:
    """Whether a multiple choice earns partial credit (the question's `scoring`, where the
    model has one; all-or-nothing otherwise)."""
    return q.kind is Kind.MULTIPLE and getattr(q, "scoring", "all-or-nothing") == "partial"


def _mapping(response: ET.Element, q: Question, choice_ids: list[str]) -> None:
    """Partial credit as the app grades it: +1/R per right pick, -1/R per wrong one, the
    sum kept within 0 and 1, for R right choices."""
    share = number(1 / sum(c.correct for c in q.choices))
    mapping = ET.SubElement(
        response,
        "qti-mapping",
        {"lower-bound": "0", "upper-bound": "1", "default-value": "0"},
    )
    for choice_id, choice in zip(choice_ids, q.choices, strict=True):
        value = share if choice.correct else f"-{share}"
        ET.SubElement(mapping, "qti-map-entry", {"map-key": choice_id, "mapped-value": value})


def _processing(root: ET.Element, q: Question, numeric: bool) -> None:
    processing = ET.SubElement(root, "qti-response-processing")
    if partial(q):
        set_outcome(processing, "SCORE", ET.Element("qti-map-response", identifier="RESPONSE"))
        set_outcome(
            processing, "FEEDBACK", multiple_of(ET.Element("qti-variable", identifier="RESPONSE"))
        )
        solution_feedback(processing, q)
        return
    condition = ET.SubElement(processing, "qti-response-condition")
    branch = ET.SubElement(condition, "qti-response-if")
    if numeric:
        assert q.answer is not None
        target = ET.Element("qti-correct", identifier="RESPONSE")
        branch.append(within(target, q.answer, q.answer.value))
    else:
        match = ET.SubElement(branch, "qti-match")
        ET.SubElement(match, "qti-variable", identifier="RESPONSE")
        ET.SubElement(match, "qti-correct", identifier="RESPONSE")
    set_outcome(branch, "SCORE", base_value("float", "1"))
    if numeric:
        assert q.answer is not None
        for n, m in enumerate(q.mistakes, 1):
            if mistake_feedback(m.mistake):
                elif_ = ET.SubElement(condition, "qti-response-else-if")
                elif_.append(within(base_value("float", number(m.value)), q.answer, m.value))
                set_outcome(elif_, "FEEDBACK", multiple_of(base_value("identifier", f"MISTAKE{n}")))
    else:
        set_outcome(
            processing, "FEEDBACK", multiple_of(ET.Element("qti-variable", identifier="RESPONSE"))
        )
    solution_feedback(processing, q)


def solution_feedback(processing: ET.Element, q: Question) -> None:
    """The worked solution's modal feedback, shown after every attempt."""
    if q.solution:
        together = ET.Element("qti-multiple")
        together.append(ET.Element("qti-variable", identifier="FEEDBACK"))
        together.append(base_value("identifier", SOLUTION))
        set_outcome(processing, "FEEDBACK", together)


def multiple_of(value: ET.Element) -> ET.Element:
    """A multiple container of one value (FEEDBACK holds several identifiers)."""
    together = ET.Element("qti-multiple")
    together.append(value)
    return together


def modal(root: ET.Element, ident: str, lines: list[str]) -> None:
    """A modal feedback shown when FEEDBACK holds `ident`: one line, or a numbered list."""
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
