"""Opening the services, learners and their study settings."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import pytest

from app.services import Services, open_services
from app.services.profiles import DEFAULT_NEW_PER_DAY, StudySettings
from app.store.errors import ProfileExists
from app.store.records import Profile


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
