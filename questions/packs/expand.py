"""A validated pack as Questions: its own set for study and preview, or variants for export.

Choice and numeric questions are authored once and appear once. A network question is the
pack's own network in `pack_questions`, and in `expand` N variants with nudged weights. A
family question keeps the family's FamilyKeys, with seeds derived from the pack id, the
question id and the export seed, so a pack always yields the same variants.
"""

from __future__ import annotations

import zlib
from collections.abc import Callable

from questions import registry
from questions.model import AuthoredKey, Kind, MistakeValue, NumericAnswer, Question, Step
from questions.packs.formula_item import FormulaItem, formula_question
from questions.packs.limits import MAX_EXPORT_QUESTIONS, MAX_VARIANTS, PackLimitError
from questions.packs.matrix_item import MatrixItem, matrix_question
from questions.packs.model import ChoiceItem, FamilyItem, NetworkItem, NumericItem, Pack, PackItem
from questions.packs.network import pack_question, variant_questions

SEED_STRIDE = 1_000_000  # family seeds of one (pack, question, export seed) lie in one stride

Progress = Callable[[int, int], None]


def pack_questions(pack: Pack) -> list[Question]:
    """The pack's own questions in file order: what a learner imports and preview shows."""
    out: list[Question] = []
    for item in pack.items:
        if isinstance(item, NetworkItem):
            out.append(pack_question(pack.id, pack.version, pack.title, item))
        elif isinstance(item, FamilyItem):
            out.extend(family_questions(pack, item, item.count, 0))
        else:
            out.append(authored_question(pack, item))
    return out


def expand(
    pack: Pack, variants: int, seed: int = 0, progress: Progress | None = None
) -> list[Question]:
    """Every question for an export: authored ones once, `variants` of each network question,
    `count * variants` of each family question; the same (pack, variants, seed), the same list.

    `progress(done, total)` is called after each pack question, for long exports.
    """
    if variants < 1:
        raise ValueError(f"variants must be at least 1, not {variants}")
    if seed < 0:
        raise ValueError(f"the seed must not be negative, not {seed}")
    _within_limits(pack, variants, 1)
    out: list[Question] = []
    for done, item in enumerate(pack.items, 1):
        if isinstance(item, NetworkItem):
            out.extend(variant_questions(pack.id, pack.version, pack.title, item, variants, seed))
        elif isinstance(item, FamilyItem):
            out.extend(family_questions(pack, item, item.count * variants, seed))
        else:
            out.append(authored_question(pack, item))
        if progress is not None:
            progress(done, len(pack.items))
    return out


def student_exams(
    pack: Pack, variants: int, seed: int, students: int, progress: Progress | None = None
) -> list[list[Question]]:
    """One variant set per student for a printed exam: student n gets seed + n, so every
    student's set differs and the same arguments give the same exams again."""
    if students < 1:
        raise ValueError(f"students must be at least 1, not {students}")
    _within_limits(pack, variants, students)
    exams = []
    for student in range(students):
        exams.append(expand(pack, variants, seed + student))
        if progress is not None:
            progress(student + 1, students)
    return exams


def export_size(pack: Pack, variants: int) -> int:
    """How many questions `expand(pack, variants)` makes, counted without making them."""
    total = 0
    for item in pack.items:
        if isinstance(item, FamilyItem):
            total += item.count * variants
        else:
            total += variants if isinstance(item, NetworkItem) else 1
    return total


def _within_limits(pack: Pack, variants: int, students: int) -> None:
    """PackLimitError before any work when the export would pass MAX_VARIANTS or
    MAX_EXPORT_QUESTIONS."""
    if variants > MAX_VARIANTS:
        raise PackLimitError(
            f"at most {MAX_VARIANTS} variants of each question can be exported, not {variants}"
        )
    total = export_size(pack, variants) * students
    if total > MAX_EXPORT_QUESTIONS:
        raise PackLimitError(
            f"this export would hold {total:,} questions; one export holds at most "
            f"{MAX_EXPORT_QUESTIONS:,} (ask for fewer variants, students or family counts)"
        )


def family_seeds(pack: Pack, item: FamilyItem, count: int, seed: int) -> range:
    """The FamilyKey seeds of a family question: fixed by pack id, question id and seed."""
    base = zlib.crc32(f"{pack.id}\0{item.id}\0{seed}".encode()) * SEED_STRIDE
    return range(base, base + count)


def family_questions(pack: Pack, item: FamilyItem, count: int, seed: int) -> list[Question]:
    """`count` questions of the item's family and level, keyed by FamilyKey."""
    family = registry.family(item.family)
    return family.generate(item.level, family_seeds(pack, item, count, seed))


def authored_question(pack: Pack, item: PackItem) -> Question:
    """A choice or numeric item as a Question keyed by (pack id, question id, pack version)."""
    key = AuthoredKey(pack.id, item.id, pack.version)
    tags = (f"pack:{pack.id}",)
    if isinstance(item, ChoiceItem):
        return Question(
            key=key,
            topic=item.topic,
            kind=Kind.MULTIPLE if item.multiple else Kind.SINGLE,
            prompt=item.prompt,
            title=pack.title,
            choices=item.choices,
            hints=item.hints,
            tags=tags,
        )
    if isinstance(item, NumericItem):
        return Question(
            key=key,
            topic=item.topic,
            kind=Kind.NUMERIC,
            prompt=item.prompt,
            title=pack.title,
            answer=NumericAnswer(item.value, item.sigfigs),
            mistakes=tuple(MistakeValue(m.mistake, m.value) for m in item.mistakes),
            hints=item.hints,
            solution=tuple(Step(text) for text in item.solution),
            tags=tags,
        )
    if isinstance(item, MatrixItem):
        return matrix_question(key, pack.title, item, tags)
    if isinstance(item, FormulaItem):
        return formula_question(key, pack.title, item, tags)
    raise TypeError(f"not an authored item: {type(item).__name__}")
