"""Importing instructor packs: their questions join the study pool and keep their progress."""

from __future__ import annotations

from pathlib import Path

import pytest

from app.services import Services, open_services
from app.services.packs import version_key
from app.store.records import Profile

from .helpers import Clock, right_response

EXAMPLE = Path(__file__).parents[2] / "examples" / "packs" / "backprop-basics.toml"
TEXT = EXAMPLE.read_text(encoding="utf-8")
FIRST = "pack:backprop-basics/what-it-computes"  # topic "purpose": first in teaching order
SECOND = "pack:backprop-basics/backward-needs"


def version_2(text: str = TEXT) -> str:
    """The example pack at version 2.0 without its "backward-needs" question."""
    start = text.index('[[question]]\nid = "backward-needs"')
    end = text.index("[[question]]", start + 1)
    return text[:start].replace('version = "1.0"', 'version = "2.0"') + text[end:]


@pytest.fixture
def learner(small: Services) -> Profile:
    return small.create_profile("Ada")


def answer_next(services: Services, profile: Profile) -> str:
    """Answer the next study question rightly; return its skill."""
    session = services.study(profile.id)
    question = session.next()
    assert question is not None
    session.submit(right_response(question))
    return question.key.skill


def test_an_imported_pack_joins_the_pool_and_study_serves_it(small, learner) -> None:
    result = small.import_pack_file(EXAMPLE)
    assert result.ok and result.imported
    served = (result.pack_id, result.version, result.served_version)
    assert served == ("backprop-basics", "1.0", "1.0")
    assert result.questions == 5  # the family question is in the pool as its family already
    assert FIRST in result.added and result.kept == ()
    assert result.summary() == (
        "Imported “Backpropagation basics” version 1.0: 5 questions in your study pool."
    )
    question = small.study(learner.id).next()
    assert question is not None
    assert question.key.skill == FIRST and question.title == "Backpropagation basics"
    [listed] = small.imported_packs()
    assert (listed.pack_id, listed.version, listed.questions) == ("backprop-basics", "1.0", 5)


def test_importing_the_same_version_again_changes_nothing(small) -> None:
    first = small.import_pack(TEXT, "basics.toml")
    again = small.import_pack(TEXT, "basics.toml")
    assert first.imported and not again.imported and again.ok
    assert again.added == () and again.removed == () and len(again.kept) == 5
    assert "already in your study pool" in again.summary()
    assert len(small.repo.list_packs()) == 1


def test_version_2_keeps_progress_and_stops_serving_a_dropped_question(
    small, learner, clock: Clock
) -> None:
    small.import_pack(TEXT)
    answered = [answer_next(small, learner) for _ in range(4)]
    assert answered[0] == FIRST and SECOND in answered  # purpose, chain-rule, forward-backward
    before = small.repo.get_review_state(learner.id, FIRST)

    result = small.import_pack(version_2(), "basics-2.toml")
    assert result.imported and result.served_version == "2.0"
    assert result.removed == (SECOND,) and FIRST in result.kept
    assert small.repo.get_review_state(learner.id, FIRST) == before  # progress survives
    assert len(small.repo.list_packs()) == 2  # both versions stored

    clock.advance(days=400)  # everything is due
    session = small.study(learner.id)
    served = []
    while (question := session.next()) is not None and len(served) < 10:
        served.append(str(question.key))
        session.submit(right_response(question))
    assert f"{FIRST}@2.0" in served
    assert not any(key.startswith(SECOND) for key in served)


def test_an_older_version_is_stored_but_the_newer_one_stays_in_the_pool(small) -> None:
    small.import_pack(version_2())
    older = small.import_pack(TEXT)
    assert older.imported and older.served_version == "2.0"
    assert SECOND not in {q.key.skill for q in small.ctx.content.packs}
    assert older.summary().endswith("keeps the newer version 2.0.")


def test_imported_packs_are_served_again_after_the_app_restarts(db_url, clock) -> None:
    with open_services(db_url, clock) as services:
        services.import_pack(TEXT)
    with open_services(db_url, clock) as reopened:
        assert reopened.ctx.content.skill(FIRST) is not None
        assert [p.pack_id for p in reopened.imported_packs()] == ["backprop-basics"]


def test_a_broken_pack_imports_nothing_and_says_where_each_problem_is(small) -> None:
    broken = TEXT.replace('prompt = "What does', 'promt = "What does').replace(
        "sigfigs = 2\n", 'sigfigs = "two"\n'
    )
    result = small.import_pack(broken, "broken.toml")
    assert not result.ok and not result.imported
    assert any(
        p.startswith("broken.toml:17:1: ") and "did you mean 'prompt'?" in p
        for p in result.problems
    ), result.problems
    assert "broken.toml:63:11: 'sigfigs' must be an integer from 1 to 10, got \"two\"" in (
        result.problems
    )
    assert result.summary().startswith("Nothing imported: the pack has ")
    assert small.repo.list_packs() == [] and small.ctx.content.packs == ()


def test_a_missing_file_is_a_problem_not_an_exception(small, tmp_path) -> None:
    result = small.import_pack_file(tmp_path / "nowhere.toml")
    assert result.problems == (f"{tmp_path / 'nowhere.toml'}:1:1: file not found",)


def test_the_bank_id_is_refused_so_skills_cannot_clash(small) -> None:
    result = small.import_pack(TEXT.replace('id = "backprop-basics"', 'id = "bank"'), "b.toml")
    assert result.problems == (
        "b.toml:7:6: the pack id 'bank' is the app's own question bank; choose another id",
    )


def test_versions_order_naturally() -> None:
    labels = ["1.10", "1.9", "2", "1.0", "1.0-rc1"]
    assert sorted(labels, key=version_key) == ["1.0", "1.0-rc1", "1.9", "1.10", "2"]


def test_names_too_long_for_the_store_are_problems_at_their_place(small) -> None:
    long_title = "A" * 201
    long_id = "what-it-computes-" + "x" * 180
    text = TEXT.replace('id = "what-it-computes"', f'id = "{long_id}"')
    text = text.replace('title = "', f'title = "{long_title}', 1)
    result = small.import_pack(text, "long.toml")
    assert not result.ok and small.repo.list_packs() == []
    title_line = next(i for i, line in enumerate(text.splitlines(), 1) if "AAAA" in line)
    id_line = next(i for i, line in enumerate(text.splitlines(), 1) if long_id in line)
    assert result.problems[0].startswith(f"long.toml:{title_line}:")
    assert "the pack title has at most 200 characters, not " in result.problems[0]
    assert result.problems[1].startswith(f"long.toml:{id_line}:6: the question id is too long")


@pytest.mark.parametrize("keep", [True, False])
def test_a_pack_leaves_the_pool_with_its_progress_kept_or_forgotten(small, learner, keep) -> None:
    small.import_pack(TEXT, "basics.toml")
    small.import_pack(version_2(), "basics-2.toml")
    assert answer_next(small, learner) == FIRST
    removal = small.remove_pack("backprop-basics", keep_progress=keep)
    assert (removal.versions, removal.questions) == (2, 4)
    assert small.imported_packs() == []
    assert small.study(learner.id).next().key.skill != FIRST  # no longer served
    kept = small.repo.get_review_state(learner.id, FIRST) is not None
    assert kept is keep
    assert (removal.answers, removal.states) == ((0, 0) if keep else (1, 1))
    said = "progress on them is kept" if keep else "forgotten (1 answers and 1 review states)"
    assert said in removal.summary()
    small.import_pack(TEXT, "basics.toml")  # back again: kept progress comes back with it
    assert (small.repo.get_review_state(learner.id, FIRST) is not None) is keep


def test_removing_a_pack_that_is_not_there_changes_nothing(small) -> None:
    removal = small.remove_pack("nowhere", keep_progress=True)
    assert removal.versions == 0 and "nothing changed" in removal.summary()
