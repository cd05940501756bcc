"""A validated pack as Questions: its own set for study and preview, or variants for export.

Choice and numeric questions are authored once and appear once. A network question is the
pack's own network in `pack_questions`; in `expand` its variant 1 is that network exactly as
written and variants 2 to N have nudged weights (all N as written when it says
`vary = false`). A family question keeps the family's FamilyKeys, with seeds derived from
the pack id, the question id and the export seed, so a pack always yields the same variants.
A printed exam gives each student one variant set (`student_exams`): set s mod N, with the
choices of every choice question in an order of the student's own.
"""

from __future__ import annotations

import dataclasses
import zlib
from collections.abc import Callable

from questions import registry
from questions.choices import present, presented_order
from questions.model import AuthoredKey, Question
from questions.packs.limits import MAX_EXPORT_QUESTIONS, MAX_VARIANTS, PackLimitError
from questions.packs.model import AuthoredItem, FamilyItem, NetworkItem, Pack, PackItem
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
            made = network_variants(pack, item, variants, seed)
        elif isinstance(item, FamilyItem):
            made = family_questions(pack, item, item.count * variants, seed)
        else:
            made = [authored_question(pack, item)]
        out.extend(tagged(item.id, made))
        if progress is not None:
            progress(done, len(pack.items))
    return out


ITEM_TAG = "item:"  # which [[question]] of the pack an exported question comes from
VARIANT_TAG = "variant:"  # its number among that question's variants, from 1


def tagged(item_id: str, questions: list[Question]) -> list[Question]:
    """The questions of one pack question, tagged with its id and their variant numbers, so
    an export can group them (a Moodle category per question) and name them."""
    return [
        dataclasses.replace(q, tags=(*q.tags, f"{ITEM_TAG}{item_id}", f"{VARIANT_TAG}{n}"))
        for n, q in enumerate(questions, 1)
    ]


def network_variants(pack: Pack, item: NetworkItem, variants: int, seed: int) -> list[Question]:
    """Variant 1 is the network exactly as written; the others are nudged, or also as written
    when the question says `vary = false`. Keys are `<id>/<seed>-<n>`, n from 0."""
    own = pack_question(pack.id, pack.version, pack.title, item)
    first = dataclasses.replace(own, key=AuthoredKey(pack.id, f"{item.id}/{seed}-0", pack.version))
    if not item.vary:
        return [
            dataclasses.replace(
                first, key=AuthoredKey(pack.id, f"{item.id}/{seed}-{v}", pack.version)
            )
            for v in range(variants)
        ]
    nudged = variant_questions(pack.id, pack.version, pack.title, item, variants, seed)
    return [first, *nudged[1:]]


def variant_sets(pack: Pack, variants: int, seed: int) -> list[list[Question]]:
    """The export's questions as `variants` sets: set v holds variant v of every network
    question, the v-th `count` of every family question, and every authored question."""
    _within_limits(pack, variants, 1)
    sets: list[list[Question]] = [[] for _ in range(variants)]
    for item in pack.items:
        if isinstance(item, NetworkItem):
            for v, question in enumerate(network_variants(pack, item, variants, seed)):
                sets[v].append(question)
        elif isinstance(item, FamilyItem):
            drawn = family_questions(pack, item, item.count * variants, seed)
            for v in range(variants):
                sets[v].extend(drawn[v * item.count : (v + 1) * item.count])
        else:
            question = authored_question(pack, item)
            for chosen in sets:
                chosen.append(question)
    return sets


def student_exams(
    pack: Pack, variants: int, seed: int, students: int, progress: Progress | None = None
) -> list[list[Question]]:
    """One exam per student for print: student n (from 0) gets variant set n mod `variants`,
    one variant of each question, with every question's choices in an order of their own
    (the key is drawn from the same questions, so it matches). Same arguments, same exams."""
    if students < 1:
        raise ValueError(f"students must be at least 1, not {students}")
    _within_limits(pack, 1, students)
    sets = variant_sets(pack, variants, seed)
    exams = []
    for student in range(students):
        chosen = sets[student % variants]
        exams.append([shuffled(q, pack.id, seed, student) for q in chosen])
        if progress is not None:
            progress(student + 1, students)
    return exams


def shuffled(question: Question, pack_id: str, seed: int, student: int) -> Question:
    """The question with its choices in the student's own order: questions.choices'
    presentation order, salted with the pack, the export seed and the student."""
    return present(question, presented_order(question, f"pdf:{pack_id}:{seed}:{student}"))


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
    """A choice, numeric, matrix or formula item as a Question keyed by (pack id, question
    id, pack version)."""
    if not isinstance(item, AuthoredItem):
        raise TypeError(f"not an authored item: {type(item).__name__}")
    return item.question(
        AuthoredKey(pack.id, item.id, pack.version), pack.title, (f"pack:{pack.id}",)
    )
