"""Opening the services, learners and their study settings."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import pytest

from app.services import Services, open_services
from app.services.profiles import DEFAULT_NEW_PER_DAY, StudySettings
from app.store.errors import ProfileExists
from app.store.records import Profile

from .helpers import right_response


def test_open_services_follows_the_environment_when_no_url_is_given(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, clock
) -> None:
    target = tmp_path / "from-env.sqlite3"
    monkeypatch.setenv("BACKPROP_QUIZ_DB", str(target))
    with open_services(now=clock) as svc:
        svc.create_profile("Ada")
    assert target.exists()
    with open_services(f"sqlite:///{target}", now=clock) as again:
        assert [p.name for p in again.profiles()] == ["Ada"]


def test_a_new_learner_studies_five_new_skills_a_day_until_changed(
    services: Services, ada: Profile
) -> None:
    assert services.settings(ada.id) == StudySettings(DEFAULT_NEW_PER_DAY) == StudySettings(5)
    assert services.update_settings(ada.id, new_per_day=12).new_per_day == 12
    assert services.settings(ada.id).new_per_day == 12
    assert services.study(ada.id).progress.new_left == 12


@pytest.mark.parametrize("bad", [-1, 101, 2.5, "5", True])
def test_a_bad_pace_is_refused_with_the_range(services: Services, ada: Profile, bad) -> None:
    with pytest.raises(ValueError, match="whole number 0-100"):
        services.update_settings(ada.id, new_per_day=bad)
    assert services.settings(ada.id).new_per_day == 5


def test_learners_are_listed_by_name_and_names_are_unique(services: Services) -> None:
    services.create_profile("Bea")
    services.create_profile("Ada")
    assert [p.name for p in services.profiles()] == ["Ada", "Bea"]
    assert services.profile("Bea").name == "Bea"
    with pytest.raises(ProfileExists):
        services.create_profile("Ada")


def test_a_naive_clock_is_refused(db_url: str) -> None:
    with open_services(db_url, now=datetime.now) as svc:
        ada = svc.create_profile("Ada")
        with pytest.raises(ValueError, match="timezone-aware"):
            svc.home(ada.id)


def test_another_variant_is_a_fresh_draw_of_a_family_and_the_same_authored_question(
    services: Services,
) -> None:
    content = services.ctx.content
    family = next(s for s in content.skills() if s.is_family)
    authored = next(s for s in content.skills() if not s.is_family)
    first = content.question(family)
    variants = {str(services.another_variant(first).key) for _ in range(5)}
    assert {services.another_variant(first).key.skill for _ in range(3)} == {family.id}
    assert len(variants | {str(first.key)}) > 1
    question = content.question(authored)
    assert services.another_variant(question) is question


def test_an_extra_answer_is_stored_as_practice_outside_any_session(
    services: Services, ada: Profile
) -> None:
    question = services.another_variant(services.study(ada.id).next())
    outcome = services.answer_extra(ada.id, question, right_response(question), 0, 4.0)
    assert outcome.recorded and outcome.verdict.correct
    assert outcome.next_due is not None
    state = services.repo.get_review_state(ada.id, question.key.skill)
    assert state is not None and state.due == outcome.next_due
    assert services.override_rating(outcome.attempt_uuid, 4).due >= state.due
