"""Seed a class for bench_class.py: every learner's answers and review states, by COPY.

Correctness comes from the learner's ability and the skill's difficulty, a diagnosed mistake
on most wrong answers; each review state holds a real fsrs memory. The load is made as a
restore makes one: triggers off, the tallies recounted once after.
"""

from __future__ import annotations

import os
import random
from datetime import datetime, timedelta
from typing import Any

import psycopg
from fsrs import Rating

from app.services.content import Content
from app.services.scheduling import Scheduling
from app.store import tallies
from questions.mistakes import MISTAKES

SKILLS = [(skill.id, skill.topic) for skill in Content().skills()]
MISTAKE_IDS = sorted(MISTAKES)
ATTEMPT_COLUMNS = (
    "uuid, profile_id, question_key, skill, topic, mode, response, correct, score, mistake, "
    "hints_used, seconds, answered_at"
)


def memory_templates(now: datetime, rng: random.Random, count: int = 64) -> list[dict[str, Any]]:
    """Real fsrs memories reviewed at different times; each learner's skills draw from them."""
    scheduling, out = Scheduling(), []
    for i in range(count):
        at = now - timedelta(days=rng.uniform(2, 40))
        memory = scheduling.new_memory("x", at)
        for rating in (Rating.Good, rng.choice(list(Rating))):
            memory = scheduling.review(memory, rating, at, 20.0, f"t{i}", memory.reps == 0)
            at += timedelta(days=rng.uniform(0.5, 3))
        out.append(
            {
                "json": memory.to_json(),
                "due": memory.card.due,
                "reps": memory.reps,
                "lapses": memory.lapses,
                "last": memory.card.last_review,
            }
        )
    return out


def seed(admin_url: str, profiles: list[int], per: int, now: datetime) -> None:
    """COPY every learner's answers and review states in, then ANALYZE."""
    rng = random.Random(11)
    difficulty = {skill: rng.gauss(0, 1) for skill, _ in SKILLS}
    templates = memory_templates(now, rng)
    start = now - timedelta(days=90)
    n = 0
    with psycopg.connect(admin_url.replace("+psycopg", ""), autocommit=False) as conn:
        # A bulk load as a restore does it: triggers off, the tallies recounted once after.
        conn.execute("ALTER TABLE attempts DISABLE TRIGGER attempts_tally")
        conn.execute("ALTER TABLE review_states DISABLE TRIGGER review_states_stability")
        with conn.cursor().copy(f"COPY attempts ({ATTEMPT_COLUMNS}) FROM STDIN") as copy:
            for profile_id in profiles:
                ability = rng.gauss(0, 1)
                for i in range(per):
                    skill, topic = SKILLS[rng.randrange(len(SKILLS))]
                    chance = 1 / (1 + pow(2.718281828, difficulty[skill] - ability - 0.8))
                    right = rng.random() < chance
                    mistake = None if right or rng.random() < 0.4 else rng.choice(MISTAKE_IDS)
                    copy.write_row(
                        (
                            f"{profile_id:08d}-{i:027d}",
                            profile_id,
                            f"{skill}/{i}",
                            skill,
                            topic,
                            "study",
                            "0.5",
                            right,
                            float(right),
                            mistake,
                            0,
                            rng.uniform(4, 120),
                            start + timedelta(days=90 * i / per),
                        )
                    )
                    n += 1
        with conn.cursor().copy(
            "COPY review_states (profile_id, skill, topic, card_json, due, reps, lapses, "
            "last_review) FROM STDIN"
        ) as copy:
            for profile_id in profiles:
                for skill, topic in SKILLS:
                    if rng.random() < 0.8:
                        m = templates[rng.randrange(len(templates))]
                        copy.write_row(
                            (
                                profile_id,
                                skill,
                                topic,
                                m["json"],
                                now + timedelta(days=rng.uniform(-4, 26)),  # due over a month
                                m["reps"],
                                m["lapses"],
                                m["last"],
                            )
                        )
        conn.execute("ALTER TABLE attempts ENABLE TRIGGER attempts_tally")
        conn.execute("ALTER TABLE review_states ENABLE TRIGGER review_states_stability")
        for statement in tallies.rebuild_statements("postgresql"):
            conn.execute(statement)
        conn.execute("UPDATE review_states SET card_json = card_json")  # stability, by trigger
        conn.commit()
        conn.autocommit = True
        conn.execute("VACUUM ANALYZE")
        conn.execute("CHECKPOINT")  # the load written out: answers are timed in steady state
    os.sync()
