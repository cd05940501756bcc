"""A matrix answer is stored as JSON text in the attempt's response and reviewed again."""

from __future__ import annotations

from app.services import Services
from app.services.answering import submit_answer
from app.services.history import attempts, read_response, review
from app.store.records import Profile
from questions import registry
from questions.grading import grade
from questions.matrix import format_matrix

from .helpers import wrong_response


def test_a_grid_answer_is_stored_as_json_and_graded_the_same_on_review(
    services: Services, ada: Profile
) -> None:
    question = registry.family("batch-matrix-gradient").question(1, 3)
    transposed = next(m for m in question.matrix_mistakes if m.mistake == "transposed")
    grid = [[format(v, ".6g") for v in row] for row in transposed.rows]
    session = services.ctx.repo.start_session(
        ada.id, "study", {}, started_at=services.ctx.utc_now()
    )
    outcome = submit_answer(
        services.ctx, ada.id, question, grid, mode="study", session_id=session.id
    )
    assert outcome.recorded and outcome.verdict.mistake == "transposed"
    [stored] = attempts(services.ctx, ada.id, session.id)
    assert stored.response.startswith('[["') and stored.mistake == "transposed"
    again = review(services.ctx, stored)
    assert again.verdict.mistake == "transposed" and again.verdict.wrong_cells


def test_a_pasted_matrix_is_kept_as_typed_and_read_back() -> None:
    question = registry.family("batch-matrix-gradient").question(2, 0)
    pasted = format_matrix(question.matrix.rows, 6).replace("], [", "\n").strip("[]")
    assert read_response(question, pasted) == pasted
    assert read_response(question, '[["1", "2"]]') == [["1", "2"]]


def test_an_unreadable_grid_records_nothing(services: Services, ada: Profile) -> None:
    question = registry.family("batch-matrix-gradient").question(1, 0)
    session = services.ctx.repo.start_session(
        ada.id, "study", {}, started_at=services.ctx.utc_now()
    )
    outcome = submit_answer(
        services.ctx, ada.id, question, [["1", ""], ["2", "3"]], mode="study", session_id=session.id
    )
    assert not outcome.recorded
    assert outcome.verdict.format_error == "Row 1, column 2 is empty: fill in every cell."
    assert attempts(services.ctx, ada.id, session.id) == []
    assert not grade(question, wrong_response(question)).correct
