"""`families`, `generate` and `bank`: the question catalogue on the command line."""

from __future__ import annotations

import argparse
import json
import sys

from questions import registry
from questions.choices import as_single_choice
from questions.matrix import format_matrix
from questions.mistakes import MISTAKES
from questions.model import TOPICS, Kind, Question
from questions.notation import unicode_math
from questions.serialize import card_to_dict, question_to_dict

MAX_COUNT = 10_000
"""Most questions one `generate` call makes (a bigger batch is a typo, not a need)."""


def register(subparsers: argparse._SubParsersAction) -> None:
    """Add the three catalogue commands."""
    families = subparsers.add_parser("families", help="list the question families")
    families.add_argument("--json", action="store_true", help="print JSON")
    families.set_defaults(run=run_families)

    generate = subparsers.add_parser(
        "generate",
        help="generate verified questions",
        description="Generate verified questions. A numeric question also lists its "
        "multiple-choice form: the answer among distractors from named mistakes.",
    )
    generate.add_argument("family", help="a family id (see `families`)")
    generate.add_argument("--level", type=int, default=1, help="difficulty 1-3 (default 1)")
    generate.add_argument("--seed", type=int, default=0, help="first seed (default 0)")
    generate.add_argument("--count", type=int, default=1, help="how many (default 1)")
    generate.add_argument("--json", action="store_true", help="print JSON")
    generate.set_defaults(run=run_generate)

    bank = subparsers.add_parser("bank", help="the authored questions and study cards")
    bank.add_argument("--topic", help="only this topic")
    bank.add_argument("--json", action="store_true", help="print JSON")
    bank.set_defaults(run=run_bank)


def run_families(args: argparse.Namespace) -> int:
    """Each family's id, title, topic, levels and kind."""
    infos = registry.families()
    if args.json:
        rows = [
            {
                "id": i.id,
                "title": i.title,
                "topic": i.topic,
                "levels": list(i.levels),
                "kind": i.kind.value,
            }
            for i in infos
        ]
        print(json.dumps(rows, indent=2))
        return 0
    width = max(len(i.id) for i in infos)
    for i in infos:
        levels = ",".join(map(str, i.levels))
        print(f"{i.id:<{width}}  {i.kind.value:<8}  {i.topic:<19}  L{levels}  {i.title}")
    return 0


def run_generate(args: argparse.Namespace) -> int:
    """Questions with answers, distractors and the mistake behind each, hints, solution."""
    try:
        family = registry.family(args.family)
    except KeyError as error:
        print(f"backprop-quiz generate: {error.args[0]}", file=sys.stderr)
        return 2
    problem = (
        f"--level must be one of {list(family.info.levels)}, not {args.level}"
        if args.level not in family.info.levels
        else f"--count must be from 1 to {MAX_COUNT:,}, not {args.count}"
        if not 1 <= args.count <= MAX_COUNT
        else f"--seed must not be negative, not {args.seed}"
        if args.seed < 0
        else None
    )
    if problem:
        print(f"backprop-quiz generate: {problem}", file=sys.stderr)
        return 2
    questions = family.generate(args.level, range(args.seed, args.seed + args.count))
    if args.json:
        print(json.dumps([generated_to_dict(q) for q in questions], indent=2))
    else:
        print("\n\n".join(describe(q) for q in questions))
    return 0


def with_distractors(question: Question) -> Question:
    """A numeric question's multiple-choice form (the answer among mistake-model values),
    keeping it numeric; any other question as it is."""
    if question.kind is not Kind.NUMERIC or question.answer is None:
        return question
    return as_single_choice(question)


def generated_to_dict(question: Question) -> dict:
    """question_to_dict, with a numeric question's distractors as its `choices`."""
    data = question_to_dict(question)
    data["choices"] = question_to_dict(with_distractors(question))["choices"]
    return data


def run_bank(args: argparse.Namespace) -> int:
    """The authored bank, optionally one topic."""
    from questions.bank import load_bank

    bank = load_bank()
    questions = [q for q in bank.questions if args.topic in (None, q.topic)]
    cards = [c for c in bank.cards if args.topic in (None, c.topic)]
    if args.topic and not (questions or cards):
        known = ", ".join(TOPICS)
        print(f"backprop-quiz bank: no topic {args.topic!r} (topics: {known})", file=sys.stderr)
        return 2
    if args.json:
        data = {
            "questions": [question_to_dict(q) for q in questions],
            "cards": [card_to_dict(c) for c in cards],
        }
        print(json.dumps(data, indent=2))
        return 0
    print("\n\n".join(describe(q) for q in questions))
    for card in cards:
        lines = [f"\n== {card.title} ({card.topic})", card.definition]
        lines += [f"  * {fact}" for fact in card.facts]
        lines += [f"  Q: {question}\n     A: {answer}" for question, answer in card.review]
        print(unicode_math("\n".join(lines)))
    return 0


def describe(question: Question) -> str:
    """A question as readable text: prompt, answer, distractors, hints and solution."""
    lines = [f"[{question.key}] {question.title} ({question.topic}, {question.kind.value})"]
    lines.append(question.prompt)
    if question.answer is not None:
        lines.append(f"Answer: {question.answer.value:.6g} ({question.answer.sigfigs} s.f.)")
    if question.kind is Kind.NUMERIC and question.answer is not None:
        lines.append("As multiple choice (* right; each distractor is a named mistake):")
    for n, choice in enumerate(with_distractors(question).choices, 1):
        mark = "*" if choice.correct else " "
        behind = f"  [{MISTAKES[choice.mistake].name}]" if choice.mistake in MISTAKES else ""
        lines.append(f" {mark}{n}. {choice.text}{behind}")
        if question.kind is not Kind.NUMERIC and choice.explanation:
            lines.append(f"      {choice.explanation}")
    for m in question.mistakes:
        lines.append(f"  mistake {MISTAKES[m.mistake].name}: {m.value:.6g}")
    for step in question.guided:
        lines.append(f"  blank {step.node}: {step.value:.6g}")
    if question.matrix is not None:
        lines.append(f"Answer: {format_matrix(question.matrix.rows, 6, trim=True)}")
    for mm in question.matrix_mistakes:
        lines.append(
            f"  mistake {MISTAKES[mm.mistake].name}: {format_matrix(mm.rows, 6, trim=True)}"
        )
    for hint in question.hints:
        lines.append(f"Hint: {hint}")
    for n, worked in enumerate(question.solution, 1):
        lines.append(f"  {n}. {worked.title}: {worked.substituted} = {worked.result}".rstrip(" ="))
    return unicode_math("\n".join(lines))  # a terminal cannot typeset: ∂E/∂w₅, not TeX
