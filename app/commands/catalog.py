"""`families`, `generate` and `bank`: the question catalogue on the command line."""

from __future__ import annotations

import argparse
import json
import sys

from questions import registry
from questions.mistakes import MISTAKES
from questions.model import Question
from questions.serialize import card_to_dict, question_to_dict


def register(subparsers: argparse._SubParsersAction) -> None:
    """Add the three catalogue commands."""
    families = subparsers.add_parser("families", help="list the question families")
    families.add_argument("--json", action="store_true", help="print JSON")
    families.set_defaults(run=run_families)

    generate = subparsers.add_parser("generate", help="generate verified questions")
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
    if args.level not in family.info.levels or args.count < 1 or args.seed < 0:
        print(
            f"backprop-quiz generate: --level must be one of {list(family.info.levels)}, "
            "--count at least 1 and --seed not negative",
            file=sys.stderr,
        )
        return 2
    questions = family.generate(args.level, range(args.seed, args.seed + args.count))
    if args.json:
        print(json.dumps([question_to_dict(q) for q in questions], indent=2))
    else:
        print("\n\n".join(describe(q) for q in questions))
    return 0


def run_bank(args: argparse.Namespace) -> int:
    """The authored bank, optionally one topic."""
    from questions.bank import load_bank

    bank = load_bank()
    questions = [q for q in bank.questions if args.topic in (None, q.topic)]
    cards = [c for c in bank.cards if args.topic in (None, c.topic)]
    if args.topic and not (questions or cards):
        print(f"backprop-quiz bank: no topic {args.topic!r}", file=sys.stderr)
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
        print(f"\n== {card.title} ({card.topic})\n{card.definition}")
        for fact in card.facts:
            print(f"  * {fact}")
    return 0


def describe(question: Question) -> str:
    """A question as readable text: prompt, answer, distractors, hints and solution."""
    lines = [f"[{question.key}] {question.title} ({question.topic}, {question.kind.value})"]
    lines.append(question.prompt)
    for n, choice in enumerate(question.choices, 1):
        mark = "*" if choice.correct else " "
        behind = f"  [{MISTAKES[choice.mistake].name}]" if choice.mistake in MISTAKES else ""
        lines.append(f" {mark}{n}. {choice.text}{behind}")
    if question.answer is not None:
        lines.append(f"Answer: {question.answer.value:.6g} ({question.answer.sigfigs} s.f.)")
    for m in question.mistakes:
        lines.append(f"  mistake {MISTAKES[m.mistake].name}: {m.value:.6g}")
    for step in question.guided:
        lines.append(f"  blank {step.node}: {step.value:.6g}")
    for hint in question.hints:
        lines.append(f"Hint: {hint}")
    for n, step in enumerate(question.solution, 1):
        lines.append(f"  {n}. {step.title}: {step.substituted} = {step.result}".rstrip(" ="))
    return "\n".join(lines)
