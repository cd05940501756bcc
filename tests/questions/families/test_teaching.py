"""Questions that teach: one notation, diagnoses that name a step of their own solution,
feedback in the words of the question's loss, and no raw TeX on a plain surface.

Every family at every level, 200 seeds each.
"""

from __future__ import annotations

import re

import pytest

from engine.expr import parse
from questions import registry
from questions.bank import all_texts, load_bank
from questions.choices import as_single_choice
from questions.diagnosis import ENTERS, step_named
from questions.grading import grade
from questions.mistakes import MISTAKES, SPECIFIC, explain
from questions.model import Kind, Question, Step
from questions.notation import OWN_NAMES, foreign_symbols, raw_tex, unicode_math
from questions.numbers import within_sigfigs

SEEDS = range(200)
CASES = [(info.id, level) for info in registry.families() for level in info.levels]


@pytest.fixture(scope="module", params=CASES, ids=[f"{f}-L{lv}" for f, lv in CASES])
def batch(request) -> tuple[str, list[Question]]:
    family_id, level = request.param
    return family_id, registry.family(family_id).generate(level, SEEDS)


def texts(question: Question) -> list[str]:
    """Everything a learner reads around a question, feedback included."""
    found = [question.prompt, *question.hints]
    for step in question.solution:
        found += [step.title, step.formula, step.substituted, step.result]
    found += [c.text for c in question.choices] + [c.explanation for c in question.choices]
    found += [g.prompt for g in question.guided]
    if question.diagram is not None:
        found += [node.label for node in question.diagram.nodes]
        found += [edge.label for edge in question.diagram.edges]
    found += [message for message in feedback(question)]
    return found


def feedback(question: Question) -> list[str]:
    """The messages grading gives: the right answer and each mistake's value."""
    if question.kind is not Kind.NUMERIC or question.answer is None:
        return []
    messages = [grade(question, repr(question.answer.value)).message]
    messages += [grade(question, repr(m.value)).message for m in question.mistakes]
    messages += [c.explanation for c in as_single_choice(question).choices]
    return messages


def test_every_mistake_knows_the_steps_it_can_enter_at() -> None:
    assert set(MISTAKES) <= set(ENTERS), set(MISTAKES) - set(ENTERS)


def test_every_diagnosis_names_a_step_of_its_own_solution(batch) -> None:
    _, questions = batch
    diagnosed = [q for q in questions if q.mistakes]
    assert all(s.id for q in diagnosed for s in q.solution), "every step has an id"
    for question in questions:
        for m in question.mistakes:
            named = step_named(question, m.step)
            assert named is not None, (str(question.key), m.mistake, m.step)
            number, step = named
            message = grade(question, repr(m.value)).message
            assert f"It goes wrong at step {number}, {step.title}." in message


def test_feedback_says_each_thing_once(batch) -> None:
    _, questions = batch
    for question in questions[:50]:
        if question.kind is not Kind.NUMERIC or question.answer is None:
            continue
        right = grade(question, repr(question.answer.value))
        assert right.expected not in right.message and "right" not in right.message.lower()
        for m in question.mistakes:
            verdict = grade(question, repr(m.value))
            assert verdict.expected not in verdict.message  # the exact value is shown once
            assert verdict.message.count("goes wrong") == 1


def test_matrix_feedback_says_each_thing_once(batch) -> None:
    """The exact matrix is shown once, beside the verdict, never again inside its message."""
    _, questions = batch
    for question in questions[:20]:
        if question.kind is not Kind.MATRIX or question.matrix is None:
            continue
        right = grade(question, [list(map(repr, row)) for row in question.matrix.rows])
        assert right.correct and right.expected not in right.message
        assert "right" not in right.message.lower()
        shape = (len(question.matrix.rows), len(question.matrix.rows[0]))
        for m in question.matrix_mistakes:
            if (len(m.rows), len(m.rows[0])) != shape:
                continue  # a transposed shape is a format error, said in its own words
            verdict = grade(question, [list(map(repr, row)) for row in m.rows])
            assert not verdict.correct and verdict.mistake == m.mistake
            assert verdict.expected not in verdict.message
            assert verdict.message.count("goes wrong") == 1


BACKWARD_WORDS = re.compile(r"\b(delta|backward|slope|gradient|∂E)", re.IGNORECASE)
LOSS_WORDS = {
    "half_sse": "½(t − out)²",
    "sse": "E = (t − out)²",
    "mse": "mean squared error",
    "bce": "binary cross-entropy",
    "softmax_ce": "softmax and cross-entropy",
}


def test_feedback_speaks_of_the_questions_own_loss_and_kind(batch) -> None:
    """A mistake is explained for the question's own loss and activation, and a forward-pass
    question's feedback has no backward-pass words."""
    family_id, questions = batch
    for question in questions[:50]:
        losses = {tag.removeprefix("loss:") for tag in question.tags if tag.startswith("loss:")}
        for m in question.mistakes:
            message = grade(question, repr(m.value)).message
            assert explain(m.mistake, question) in message
            for loss, words in LOSS_WORDS.items():
                if loss not in losses:
                    assert words not in message, (family_id, str(question.key), message)
            if "forward" in question.tags:
                assert not BACKWARD_WORDS.search(message), (str(question.key), message)


def test_each_loss_has_its_own_correct_sign_statement() -> None:
    statements = {loss: SPECIFIC["error-sign", f"loss:{loss}"] for loss in LOSS_WORDS}
    assert len(set(statements.values())) == len(statements)
    assert "out − t, not t − out" in statements["half_sse"]
    assert "2(outₖ − tₖ)/K" in statements["mse"]
    assert "(out − t)/K" in statements["bce"]
    assert "pₖ − tₖ, not tₖ − pₖ" in statements["softmax_ce"]


def test_one_notation(batch) -> None:
    family_id, questions = batch
    problems = set()
    for question in questions:
        unit = "net" in question.prompt or " units" in question.prompt
        for text in texts(question):
            problems.update(foreign_symbols(unicode_math(text), unit))
    assert not problems, f"{family_id}: {sorted(problems)}"


def test_the_bank_uses_the_same_notation() -> None:
    """Stems, choices, explanations, hints and every card text: E, out, net, f′, δ, η, t;
    a topic about layers or circuits keeps its own names for their inputs and outputs."""
    bank = load_bank()
    topics = {str(q.key): q.topic for q in bank.questions}
    problems = []
    for label, text in all_texts(bank):
        topic = label.split()[1] if label.startswith("card ") else topics[label.split()[0]]
        found = foreign_symbols(unicode_math(text), unit=topic not in OWN_NAMES)
        problems += [f"{label}: {symbol}" for symbol in found]
    assert not problems, problems


@pytest.mark.parametrize(
    "text",
    [
        r"The loss value L",
        r"$\partial L / \partial o_k = o_k - t_k$",
        r"$\sigma'(z) = s(1 - s)$",
        r"$L = -\sum_k y_k \log p_k$",
        r"The gradient is p - y",
        r"$w \leftarrow w - \alpha g$",
    ],
)
def test_a_foreign_symbol_is_named(text: str) -> None:
    assert foreign_symbols(unicode_math(text), unit=True)


def test_no_raw_tex_on_a_plain_surface(batch) -> None:
    _, questions = batch
    for question in questions:
        plain = [s.title for s in question.solution] + feedback(question)
        plain += [unicode_math(text) for text in texts(question)]
        for text in plain:
            assert raw_tex(unicode_math(text)) is None, (str(question.key), text)
        for step in question.solution:
            assert raw_tex(step.title) is None, (str(question.key), step.title)


FUNCTIONS = re.compile(r"sigmoid|tanh|relu|log|exp|max|min|sqrt|abs")


def recomputed(step: Step) -> float | None:
    """A step's result worked out again from the numbers its working shows (through the
    script language, never eval); None for a step whose working is not one expression."""
    if not re.fullmatch(r"-?\d+(\.\d+)?", step.result.strip()):
        return None
    text = step.substituted.replace("×", "*").replace("^", "**").replace("σ(", "sigmoid(")
    text = re.sub(r"\bln\s+([\d.]+)", r"log(\1)", text).replace("ln(", "log(")
    text = re.sub(r"\be\*\*", "exp(1)**", text)
    if not text or re.search(r"[=;,:|√A-Za-z]", FUNCTIONS.sub("", text)):
        return None
    return float(parse(f"r = {text}").evaluate({}).values()["r"])


def reproduces(step: Step, value: float) -> bool:
    """True iff the shown result agrees with the recomputed one to 3 figures or its last digit."""
    shown = float(step.result)
    decimals = len(step.result.split(".")[1]) if "." in step.result else 0
    return within_sigfigs(value, shown, 3) or abs(value - shown) <= 1.5 * 10.0**-decimals


def test_each_steps_arithmetic_reproduces_from_the_numbers_shown() -> None:
    for info in registry.families():
        failed, checked = [], 0
        for level in info.levels:
            for question in registry.family(info.id).generate(level, SEEDS):
                for step in question.solution:
                    value = recomputed(step)
                    if value is None:
                        continue
                    checked += 1
                    if not reproduces(step, value):
                        failed.append((str(question.key), step.title, step.substituted))
        assert not failed, (info.id, checked, failed[:3])


REFERS_BACK = re.compile(
    r"(^|[.?!:]\s+)(for|with|using|given|keeping) the same\b|\b(this|that) same\b"
    r"|\bsame (\w+ )?as (before|above)\b"
    r"|\b(previous|preceding|last|above|earlier|next|following|other|first|second) "
    r"(question|exercise|problem|item)s?\b|\bquestions? \d+\b|\bas (before|above)\b"
    r"|\bpart \(?[a-e]\)|\b(see|from|in) (the )?(question|part)\b",
    re.IGNORECASE,
)
"""Words that lean on another question ("For the same loss…", "the previous question",
"as before", "part (a)"): an exam shuffles and mixes questions, so each stands on its own."""


def leans_on_another(texts: list[str]) -> list[str]:
    """The texts that refer to another question."""
    return [text for text in texts if REFERS_BACK.search(unicode_math(text))]


def test_no_question_refers_to_another(batch) -> None:
    family_id, questions = batch
    asked = [q.prompt for q in questions] + [h for q in questions for h in q.hints]
    asked += [g.prompt for q in questions for g in q.guided]
    assert not leans_on_another(asked), family_id


def test_no_bank_question_refers_to_another() -> None:
    asked = [q.prompt for q in load_bank().questions]
    asked += [t for q in load_bank().questions for t in (*q.hints, *(c.text for c in q.choices))]
    assert not leans_on_another(asked)
    assert leans_on_another(["For the same loss, what is δ?", "As in part (a), find w."]) == [
        "For the same loss, what is δ?",
        "As in part (a), find w.",
    ]
