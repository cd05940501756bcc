"""Ratings derived from answers, memories stored as JSON, and exact rating overrides."""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import timedelta

import pytest
from fsrs import Rating

from app.services.scheduling import (
    QUICK_SECONDS,
    Memory,
    MemoryFormatError,
    Scheduling,
    derive_rating,
    parse_rating,
    quick_threshold,
    review_state,
)

from .helpers import START


@pytest.mark.parametrize(
    ("correct", "hints", "seconds", "past", "expected"),
    [
        (False, 0, 5.0, (), Rating.Again),  # wrong, however quick
        (False, 2, 90.0, (), Rating.Again),
        (True, 1, 5.0, (), Rating.Hard),  # right after a hint, even if quick
        (True, 0, 30.0, (), Rating.Good),  # right, no history: quick means < 20 s
        (True, 0, QUICK_SECONDS, (), Rating.Good),
        (True, 0, 19.9, (), Rating.Easy),
        (True, 0, 24.0, (60.0, 50.0, 70.0), Rating.Easy),  # under half the median (60 s)
        (True, 0, 31.0, (60.0, 50.0, 70.0), Rating.Good),
        (True, 0, 10.0, (12.0, 14.0), Rating.Good),  # a fast learner must beat 6.5 s
    ],
)
def test_rating_derivation_table(correct, hints, seconds, past, expected) -> None:
    assert derive_rating(correct, hints, seconds, past) == expected


def test_quick_threshold_is_half_the_median_or_twenty_seconds() -> None:
    assert quick_threshold(()) == 20.0
    assert quick_threshold((10.0, 30.0, 100.0)) == 15.0


@pytest.mark.parametrize(
    ("given", "rating"), [(Rating.Hard, Rating.Hard), (4, Rating.Easy), (" good ", Rating.Good)]
)
def test_ratings_are_read_from_names_and_numbers(given, rating) -> None:
    assert parse_rating(given) == rating


@pytest.mark.parametrize("bad", [0, 5, "fine", True, 2.0])
def test_unknown_ratings_are_refused_by_name(bad) -> None:
    with pytest.raises(ValueError, match="Again, Hard, Good or Easy"):
        parse_rating(bad)


def test_a_memory_round_trips_through_json(scheduling: Scheduling) -> None:
    first = scheduling.review(
        scheduling.new_memory("unit-delta/L1", START), Rating.Good, START, 30.0, "a1", True
    )
    later = START + timedelta(days=2)
    second = scheduling.review(first, Rating.Again, later, 40.0, "a2", False)
    again = Memory.from_json(second.to_json())
    assert again.to_dict() == second.to_dict()
    assert again.card.due == second.card.due and again.times == (30.0, 40.0)
    assert again.last is not None and again.last.before is not None
    assert again.last.before.card.stability == first.card.stability


def test_review_counts_reps_and_lapses_only_after_graduating(scheduling: Scheduling) -> None:
    memory = scheduling.new_memory("s", START)
    memory = scheduling.review(memory, Rating.Again, START, 10, "a1", True)  # still learning
    assert (memory.reps, memory.lapses) == (1, 0)
    memory = scheduling.review(memory, Rating.Easy, START, 10, "a2", False)  # graduates
    memory = scheduling.review(memory, Rating.Again, START + timedelta(days=5), 10, "a3", False)
    assert (memory.reps, memory.lapses) == (3, 1)


def test_override_equals_answering_with_that_rating_in_the_first_place(
    scheduling: Scheduling,
) -> None:
    start = scheduling.new_memory("s", START)
    good = scheduling.review(start, Rating.Good, START, 30.0, "a1", True)
    later = START + timedelta(days=3)
    second_good = scheduling.review(good, Rating.Good, later, 30.0, "a2", False)
    second_easy = scheduling.review(good, Rating.Easy, later, 30.0, "a2", False)
    overridden = scheduling.override(second_good, Rating.Easy, "s")
    assert overridden.to_dict() == second_easy.to_dict()
    assert overridden.card.due > second_good.card.due


def test_override_of_a_first_review_starts_from_a_new_card(scheduling: Scheduling) -> None:
    good = scheduling.review(scheduling.new_memory("s", START), Rating.Good, START, 30, "a", True)
    again = scheduling.override(good, Rating.Again, "s")
    direct = scheduling.review(
        scheduling.new_memory("s", START), Rating.Again, START, 30, "a", True
    )
    assert again.to_dict() == direct.to_dict()
    assert again.card.due == START + timedelta(minutes=1)


def test_retrievability_is_zero_before_any_review_and_falls_with_time(
    scheduling: Scheduling,
) -> None:
    new = scheduling.new_memory("s", START)
    assert scheduling.retrievability(new, START) == 0.0
    reviewed = scheduling.review(new, Rating.Good, START, 30, "a", True)
    soon = scheduling.retrievability(reviewed, START + timedelta(days=1))
    late = scheduling.retrievability(reviewed, START + timedelta(days=30))
    assert 1.0 > soon > late > 0.0


def test_review_state_carries_the_memory_and_its_due_time(scheduling: Scheduling) -> None:
    memory = scheduling.review(scheduling.new_memory("s", START), Rating.Good, START, 30, "a", True)
    state = review_state(7, "s", "chain-rule", memory)
    assert (state.profile_id, state.skill, state.reps, state.lapses) == (7, "s", 1, 0)
    assert state.due == memory.card.due and state.last_review == START
    assert Memory.from_json(state.card_json).to_dict() == memory.to_dict()


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("{not json", "not JSON"),
        ('{"stability": 2.3}', "memory object with version 1"),
        ('{"version": 1, "card": {}, "reps": 0, "lapses": 0, "times": []}', "bad memory field"),
        ("[" * 100_000 + "]" * 100_000, "nested too deeply"),
    ],
)
def test_a_malformed_memory_says_what_is_wrong(text: str, message: str) -> None:
    with pytest.raises(MemoryFormatError, match=message):
        Memory.from_json(text)


@pytest.mark.parametrize(
    ("card", "message"),
    [
        ({"stability": float("nan")}, r"card\.stability must be a finite number"),
        ({"difficulty": float("inf")}, r"card\.difficulty must be a finite number"),
        ({"state": 0}, r"card\.state must be at least 1"),
        ({"due": "0001-01-01T00:00:00+01:00"}, r"card\.due is out of range"),
    ],
)
def test_answering_reads_memories_as_strictly_as_an_import(
    scheduling: Scheduling, card: dict, message: str
) -> None:
    memory = scheduling.review(scheduling.new_memory("s", START), Rating.Good, START, 9, "a", True)
    data = memory.to_dict()
    data["card"] |= card
    with pytest.raises(MemoryFormatError, match=message):
        stored = replace(review_state(1, "s", "t", memory), card_json=json.dumps(data))
        scheduling.memory(stored, "s", START)  # what answering the skill reads first
