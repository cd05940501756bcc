"""Skills and the questions that test them, in teaching order.

A skill is a family at a level (reviewed with a fresh variant each time, drawn with a new
seed from `secrets`, so answers cannot be memorised) or one authored question (the bank's,
or a pack's). Within a topic, family skills go level 1 before 2 before 3 and authored
questions are interleaved with them, an imported pack's before the bank's (the learner
imported it to study it); topics follow questions.model.TOPICS.
"""

from __future__ import annotations

import random
import secrets
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from itertools import zip_longest
from pathlib import Path

import platformdirs

from questions import registry
from questions.bank import load_bank
from questions.families.info import LEVELS
from questions.model import TOPICS, FamilyKey, Question

SEED_LIMIT = 2**31
"""Fresh seeds are drawn from [0, SEED_LIMIT)."""

CATALOGUE_CACHE = Path(platformdirs.user_cache_dir("backprop-quiz", appauthor=False))
"""Where the family catalogue is kept between starts, so Home shows before any family loads."""

Progress = Callable[[int, int], None]
"""Called with (done, total) while questions are built."""


@dataclass(frozen=True)
class Skill:
    """What is scheduled: a family at a level, or one authored question."""

    id: str
    topic: str
    family: str | None = None
    level: int | None = None

    @property
    def is_family(self) -> bool:
        """True for a family skill, whose every review is a fresh variant."""
        return self.family is not None


def fresh_seed() -> int:
    """A seed no one can predict, so each review of a family skill is a new variant."""
    return secrets.randbelow(SEED_LIMIT)


def check_topics(topics: Iterable[str]) -> tuple[str, ...]:
    """The topics in teaching order; ValueError names an unknown one and lists the ids."""
    chosen = tuple(dict.fromkeys(topics))
    unknown = [t for t in chosen if t not in TOPICS]
    if unknown:
        raise ValueError(f"unknown topic {unknown[0]!r}; topics are: {', '.join(TOPICS)}")
    if not chosen:
        raise ValueError("choose at least one topic")
    return tuple(t for t in TOPICS if t in chosen)


class Content:
    """The skills on offer and a question for each; authored questions default to the bank.

    `packs` are the authored questions of imported packs (see `with_packs`).
    """

    def __init__(
        self,
        authored: Sequence[Question] | None = None,
        families: Sequence[str] | None = None,
        packs: Sequence[Question] = (),
    ) -> None:
        self._bank = tuple(load_bank().questions if authored is None else authored)
        self._families = None if families is None else tuple(families)
        self.packs = tuple(packs)
        questions = (*self.packs, *self._bank)
        self._authored: dict[str, Question] = {q.key.skill: q for q in questions}
        infos = registry.families_cached(CATALOGUE_CACHE)
        if families is not None:
            infos = [i for i in infos if i.id in families]
        by_topic: dict[str, list[Skill]] = {t: [] for t in TOPICS}
        for topic in TOPICS:
            family_skills = sorted(
                (
                    Skill(FamilyKey(i.id, level, 0).skill, topic, i.id, level)
                    for i in infos
                    if i.topic == topic
                    for level in i.levels
                ),
                key=lambda s: s.level or 0,  # stable: catalogue order within a level
            )
            authored_skills = [Skill(q.key.skill, topic) for q in questions if q.topic == topic]
            for pair in zip_longest(authored_skills, family_skills):
                by_topic[topic].extend(s for s in pair if s is not None)
        self._by_topic = by_topic
        self._skills = {s.id: s for skills in by_topic.values() for s in skills}

    def with_packs(self, packs: Sequence[Question]) -> Content:
        """The same bank and families with these pack questions instead of the current ones."""
        return Content(self._bank, self._families, packs)

    def skills(self, topics: Iterable[str] | None = None) -> list[Skill]:
        """Every skill in teaching order, or those of some topics."""
        wanted = TOPICS if topics is None else check_topics(topics)
        return [s for t in wanted for s in self._by_topic[t]]

    def skill(self, skill_id: str) -> Skill | None:
        """The skill with this id, or None if it is not on offer (e.g. a removed pack)."""
        return self._skills.get(skill_id)

    def question(self, skill: Skill, seed: int | None = None) -> Question:
        """A question for the skill: a family's fresh variant, or the authored question."""
        if skill.family is not None and skill.level is not None:
            chosen = fresh_seed() if seed is None else seed
            return registry.family(skill.family).question(skill.level, chosen)
        return self._authored[skill.id]

    def questions(
        self, skills: Sequence[Skill], progress: Progress | None = None
    ) -> list[Question]:
        """One question per skill, family variants batched per family and level."""
        out: list[Question | None] = [None] * len(skills)
        groups: dict[tuple[str, int], list[int]] = {}
        done = 0
        for i, skill in enumerate(skills):
            if skill.family is None or skill.level is None:
                out[i] = self._authored[skill.id]
                done += 1
            else:
                groups.setdefault((skill.family, skill.level), []).append(i)
        if progress is not None:
            progress(done, len(skills))
        for (family_id, level), indices in groups.items():
            seeds = _distinct_seeds(len(indices))
            made = registry.family(family_id).generate(level, seeds)
            for i, question in zip(indices, made, strict=True):
                out[i] = question
            done += len(indices)
            if progress is not None:
                progress(done, len(skills))
        return [q for q in out if q is not None]


def _distinct_seeds(n: int) -> list[int]:
    """n different fresh seeds."""
    seeds: set[int] = set()
    while len(seeds) < n:
        seeds.add(fresh_seed())
    return list(seeds)


def pick_skills(
    content: Content,
    topics: Iterable[str],
    count: int,
    level: int | None,
    rng: random.Random | None = None,
) -> list[Skill]:
    """`count` skills of the topics, shuffled: families at `level` (any if None) and authored.

    Each skill is used once before any repeats; repeats are family skills (a fresh variant
    each time) when the topics have any, so an authored question repeats only when it must.
    """
    if not isinstance(count, int) or isinstance(count, bool) or count < 1:
        raise ValueError(f"the number of questions must be a whole number >= 1, not {count!r}")
    if level is not None and level not in LEVELS:
        raise ValueError(f"difficulty is a level in {list(LEVELS)}, not {level!r}")
    pool = [s for s in content.skills(topics) if not s.is_family or level in (None, s.level)]
    if not pool:
        raise ValueError(f"no questions on {', '.join(check_topics(topics))} at level {level}")
    rng = rng or random.Random(secrets.randbits(64))
    repeats = [s for s in pool if s.is_family] or pool
    picked = rng.sample(pool, min(count, len(pool)))
    while len(picked) < count:
        picked += rng.sample(repeats, min(count - len(picked), len(repeats)))
    return picked
