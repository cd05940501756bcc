"""The mistake models, gathered from their topic modules into one table by id."""

from __future__ import annotations

import pytest

from questions import registry
from questions.mistakes import MISTAKES, explain, mistake
from questions.mistakes.attention import ATTENTION
from questions.mistakes.convolution import CONVOLUTION
from questions.mistakes.graphs import GRAPHS
from questions.mistakes.network import NETWORK
from questions.mistakes.training import TRAINING

TOPICS = (NETWORK, CONVOLUTION, TRAINING, ATTENTION, GRAPHS)


def test_every_id_is_defined_once_across_the_topic_modules() -> None:
    ids = [m.id for models in TOPICS for m in models]
    assert len(ids) == len(set(ids)) == len(MISTAKES)


def test_every_model_says_what_went_wrong_and_where() -> None:
    for model in MISTAKES.values():
        assert model.name and model.step
        assert model.explanation[0].isupper() and model.explanation.endswith("."), model.id


def test_the_issues_named_mistakes_are_modelled() -> None:
    """Batch statistics as constants, the unbiased variance, dropout's scale and mask, the
    unflipped kernel, max-pool spread, the last step alone, 1/√d, repeated embedding rows,
    the skip path, transposition and sum versus mean."""
    for name in (
        "bn-constant-stats",
        "bn-unbiased-variance",
        "dropout-no-scale",
        "dropout-wrong-units",
        "conv-input-not-flipped",
        "conv-shape-padding-once",
        "pool-spread-all",
        "bptt-last-step-only",
        "attention-unscaled-scores",
        "embedding-last-write",
        "residual-no-skip",
        "transposed",
        "sum-not-mean",
    ):
        assert name in MISTAKES


def test_an_unknown_id_is_named_in_the_error() -> None:
    with pytest.raises(KeyError, match="no-such-mistake"):
        mistake("no-such-mistake")


def test_a_model_without_wording_for_the_question_keeps_its_own() -> None:
    question = registry.family("residual-gradient").question(1, 0)
    assert explain("residual-no-skip", question) == MISTAKES["residual-no-skip"].explanation
