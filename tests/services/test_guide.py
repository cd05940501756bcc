"""Study guide self-grades: kept per learner and card question, the latest one wins."""

from __future__ import annotations

import pytest

from app.services import Services
from app.store.records import Profile

from .helpers import START, Clock


def test_a_self_grade_is_kept_and_shown_for_its_card_only(
    services: Services, ada: Profile, clock: Clock
) -> None:
    assert services.guide_grades(ada.id, "chain-rule") == {}
    services.grade_guide_question(ada.id, "chain-rule", 1, knew=False)
    clock.advance(hours=1)
    services.grade_guide_question(ada.id, "chain-rule", 1, knew=True)
    services.grade_guide_question(ada.id, "losses", 0, knew=False)
    grades = services.guide_grades(ada.id, "chain-rule")
    assert list(grades) == [1]
    assert grades[1].knew is True and grades[1].at > START
    assert services.guide_grades(ada.id, "losses")[0].knew is False


def test_self_grades_leave_the_study_settings_alone(services: Services, ada: Profile) -> None:
    services.update_settings(ada.id, new_per_day=8)
    services.grade_guide_question(ada.id, "purpose", 0, knew=True)
    services.update_settings(ada.id, new_per_day=9)
    assert services.settings(ada.id).new_per_day == 9
    assert services.guide_grades(ada.id, "purpose")[0].knew is True


@pytest.mark.parametrize("topic, index", [("", 0), ("losses", -1), ("losses", True)])
def test_a_card_question_needs_a_topic_and_an_index(
    services: Services, ada: Profile, topic: str, index: int
) -> None:
    with pytest.raises(ValueError, match="topic and an index"):
        services.grade_guide_question(ada.id, topic, index, knew=True)
