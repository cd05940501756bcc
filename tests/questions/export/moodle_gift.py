"""How Moodle's GIFT importer reads a multiple-choice question, for tests: each answer's
weight, format, text and feedback.

A model of the steps in Moodle's question/format/gift/format.php (readquestion for a
multichoice question, answerweightparser, commentparser, parse_text_with_format and the
escaped-character placeholders), written from reading that file: enough to tell whether a
text we export is read as a weight or a format switch.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_ESCAPED = {"\\:": ":", "\\#": "#", "\\=": "=", "\\{": "{", "\\}": "}", "\\~": "~", "\\n": "\n"}
_HOLD = {escaped: f"\x00{n}\x00" for n, escaped in enumerate(_ESCAPED)}  # placeholders
_WEIGHT = re.compile(r"%-*([0-9]{1,2})\.?([0-9]*)%")
FORMATS = ("moodle", "html", "plain", "markdown")
_TRIM = " \t\n\r\0\x0b"  # PHP's trim()


@dataclass(frozen=True)
class Answer:
    weight: float
    format: str
    text: str
    feedback_format: str
    feedback: str


def _hold(text: str) -> str:
    """Escaped specials become placeholders, as escapedchar_pre does (a doubled backslash
    first, so it escapes nothing after it)."""
    text = text.replace("\\\\", "\x01")
    for escaped, placeholder in _HOLD.items():
        text = text.replace(escaped, placeholder)
    return text.replace("\x01", "\\")


def _release(text: str) -> str:
    for escaped, placeholder in _HOLD.items():
        text = text.replace(placeholder, _ESCAPED[escaped])
    return text


def _with_format(text: str, default: str) -> tuple[str, str]:
    """A leading [name] switches the format when name is one Moodle knows."""
    fmt = default
    if text.startswith("["):
        end = text.find("]")
        if text[1:end] in FORMATS:
            fmt, text = text[1:end], text[end + 1 :]
    return fmt, _release(text).strip(_TRIM)


def multichoice(block: str) -> list[Answer]:
    """The answers Moodle reads from one GIFT question block (a multiple-choice one)."""
    lines = [" " if line.strip(_TRIM).startswith("//") else line for line in block.split("\n")]
    text = _hold("\n".join(lines).strip(_TRIM))
    if text.startswith("::") and "::" in text[2:]:
        text = text[text.index("::", 2) + 2 :].strip(_TRIM)
    start, finish = text.index("{"), text.index("}")
    answer_text = text[start + 1 : finish].strip(_TRIM)
    question_format, _ = _with_format(text[:start].strip(_TRIM), "moodle")
    if "####" in answer_text:
        answer_text = answer_text[: answer_text.rindex("####")].strip(_TRIM)
    assert "~" in answer_text, "not a multiple-choice question"
    answers = answer_text.replace("=", "~=").split("~")
    if not answers[0].strip(_TRIM):
        answers.pop(0)
    read = []
    for answer in answers:
        answer = answer.strip(_TRIM)
        if answer.startswith("="):
            weight, answer = 1.0, answer[1:]
        elif _WEIGHT.match(answer):
            answer = answer[1:]
            end = answer.index("%")
            weight, answer = float(answer[:end]) / 100, answer[end + 1 :]
        else:
            weight = 0.0
        body, _, feedback = answer.partition("#")
        fmt, body = _with_format(body.strip(_TRIM), question_format)
        feedback_format, feedback = _with_format(feedback.strip(_TRIM), question_format)
        read.append(Answer(weight, fmt, body, feedback_format, feedback))
    return read
