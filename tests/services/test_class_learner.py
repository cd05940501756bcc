"""The whole study flow under a learner's own role on a class server with row-level security."""

from __future__ import annotations

import random
from collections.abc import Iterator

import pytest

from app.services import Services, open_services
from app.services.class_access import class_access, own_profile
from app.store.class_roles import add_learner, connection_url, init_class
from app.store.database import open_database
from app.store.repository import Repository

from .helpers import right_response, wrong_response


@pytest.fixture
def learner_services(postgres_server, clock, scheduling, small_content) -> Iterator[Services]:
    """Bo's services, connected as Bo's role, in a class where Ada has answered already."""
    admin = open_database(postgres_server.create_database("lesson"))
    init_class(admin)
    add_learner(admin, "Ada")
    role, password = add_learner(admin, "Bo")
    with open_services(admin.url.render_as_string(hide_password=False)) as owner:
        ada = owner.profile("Ada")
        quiz = owner.practice(ada.id, ["chain-rule"], count=1, level=1)
        question = quiz.next()
        assert question is not None
        quiz.submit(right_response(question), seconds=20)
    url = connection_url(admin, role, password)
    admin.close()
    with open_services(url, clock, scheduling, small_content) as svc:
        yield svc


def test_study_practice_exam_and_statistics_work_as_a_learner(learner_services, clock) -> None:
    svc = learner_services
    who = class_access(svc.ctx)
    bo = own_profile(svc.ctx, who)
    assert who.access == "learner" and bo is not None and bo.name == "Bo"
    assert [p.name for p in svc.profiles()] == ["Bo"]  # Ada's profile is invisible
    svc.update_settings(bo.id, new_per_day=2)

    study = svc.study(bo.id)
    first = study.next()
    assert first is not None
    assert study.submit(right_response(first), seconds=30).recorded
    second = study.next()
    assert second is not None
    assert study.submit(wrong_response(second), seconds=30).recorded

    quiz = svc.practice(bo.id, ["chain-rule"], count=2, level=1)
    while (question := quiz.next()) is not None:
        quiz.submit(right_response(question), seconds=15)

    exam = svc.build_exam(bo.id, ["chain-rule"], count=2, time_limit=600, rng=random.Random(3))
    exam.start()
    exam.answer(0, right_response(exam.questions[0]))
    exam.flag(1)
    report = exam.submit()
    assert report.total == 2 and report.recorded == 1

    clock.advance(days=1)
    stats = svc.statistics(bo.id)
    assert sum(stats.accuracy.extra["attempts"]) == 5  # only Bo's own answers
    assert svc.home(bo.id) is not None
    attempts = Repository(svc.repo.db).attempts_for_session(exam.record.id)
    assert len(attempts) == 1 and attempts[0].profile_id == bo.id
