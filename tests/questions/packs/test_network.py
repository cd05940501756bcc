"""Network questions: engine answers checked by the oracle, mistakes, choice form, variants."""

from __future__ import annotations

import numpy as np
import pytest

from engine.nn import forward_backward
from engine.spec import spec_from_table
from questions.model import Kind
from questions.numbers import within_sigfigs
from questions.packs.model import NetworkItem, Quantity, parse_quantity
from questions.packs.network import NetworkQuestionError, pack_question, variant_questions
from questions.packs.network_mistakes import family_shaped
from questions.packs.network_solve import batch_of, oracle, pick

MAZUR = {
    "inputs": [0.05, 0.10],
    "targets": [0.01, 0.99],
    "loss": "half_sse",
    "learning_rate": 0.5,
    "layers": [
        {"weights": [[0.15, 0.20], [0.25, 0.30]], "biases": [0.35, 0.35], "activation": "sigmoid"},
        {"weights": [[0.40, 0.45], [0.50, 0.55]], "biases": [0.60, 0.60], "activation": "sigmoid"},
    ],
}
DEEP = {
    "inputs": [0.5, -0.3, 0.8],
    "targets": [0.0, 1.0, 0.0],
    "loss": "softmax_ce",
    "learning_rate": 0.1,
    "layers": [
        {
            "weights": [[0.2, -0.4, 0.1], [0.5, 0.3, -0.2]],
            "biases": [0.1, -0.1],
            "activation": "tanh",
        },
        {"weights": [[0.6, -0.3], [-0.2, 0.4]], "biases": [0.05, 0.2], "activation": "leaky_relu"},
        {
            "weights": [[0.3, -0.5], [0.7, 0.1], [-0.4, 0.2]],
            "biases": [0, 0.1, -0.1],
            "activation": "identity",
        },
    ],
}
ASKS = (
    "loss",
    "net[0][1]",
    "out[1][0]",
    "grad_out[0][0]",
    "grad_out[1][1]",
    "delta[0][1]",
    "delta[1][0]",
    "grad_weights[0][1][0]",
    "grad_weights[1][0][1]",
    "grad_biases[0][0]",
    "new_weights[0][0][1]",
    "new_biases[1][1]",
)


def item(table: dict, ask: str, form: str = "numeric", sigfigs: int = 3) -> NetworkItem:
    spec = spec_from_table(table)
    return NetworkItem("q", "", "mlp-backprop", (), spec, parse_quantity(ask), form, sigfigs)


def test_the_classic_example_gives_the_textbook_gradient_of_w5() -> None:
    question = pack_question("p", "1", "Pack", item(MAZUR, "grad_weights[1][0][0]"))
    assert question.kind is Kind.NUMERIC
    assert question.answer is not None
    assert question.answer.value == pytest.approx(0.082167041, abs=1e-9)
    assert "w5" in question.prompt and "Gradient of w5" in question.solution[-1].title


@pytest.mark.parametrize("table", [MAZUR, DEEP], ids=["family-shaped", "deep-softmax"])
@pytest.mark.parametrize("ask", ASKS)
def test_every_quantity_is_the_engines_and_agrees_with_central_differences(table, ask) -> None:
    if table is MAZUR and ask.startswith(("delta[1]", "grad_out[1][1]", "new_biases[1]")):
        ask = ask.replace("[1]", "[0]", 1)  # keep the same kinds of quantity on a 2-layer net
    if table is MAZUR and ask.startswith("new_weights[0]"):
        ask = "new_weights[1][1][0]"  # see the next test for why not a hidden weight here
    spec = spec_from_table(table)
    quantity = parse_quantity(ask)
    question = pack_question("p", "1", "Pack", item(table, ask, sigfigs=4))
    engine = float(pick(forward_backward(batch_of(spec)), quantity)[0])
    assert question.answer is not None and question.answer.value == engine
    assert oracle(batch_of(spec), quantity)[0] == pytest.approx(engine, rel=1e-6, abs=1e-9)
    for m in question.mistakes:
        assert not within_sigfigs(m.value, engine, 4), m


def test_a_mistake_the_band_would_accept_makes_the_question_unaskable() -> None:
    # In the classic example h1 and h2 are almost alike, so reading w_ij as w_ji barely
    # changes the update of w2: a learner making that mistake would be marked right.
    with pytest.raises(NetworkQuestionError, match=r"'transposed-weight' gives 0\.199538"):
        pack_question("p", "1", "Pack", item(MAZUR, "new_weights[0][0][1]", sigfigs=4))
    assert pack_question("p", "1", "Pack", item(MAZUR, "new_weights[0][0][1]", sigfigs=5))


def test_family_shaped_networks_use_the_families_mistakes() -> None:
    spec = spec_from_table(MAZUR)
    assert family_shaped(batch_of(spec)) and not family_shaped(batch_of(spec_from_table(DEEP)))
    question = pack_question("p", "1", "Pack", item(MAZUR, "delta[0][1]"))
    names = {m.mistake for m in question.mistakes}
    assert {"no-fanout-sum", "no-hidden-activation-derivative"} <= names


def test_choice_form_offers_the_answer_among_mistake_values() -> None:
    question = pack_question("p", "1", "Pack", item(MAZUR, "grad_weights[1][0][0]", "choice"))
    assert question.kind is Kind.SINGLE
    (right,) = [c for c in question.choices if c.correct]
    assert right.text == "0.0822"
    assert all(c.mistake for c in question.choices if not c.correct)
    assert len(question.choices) == 4


def test_a_loss_question_cannot_be_multiple_choice() -> None:
    with pytest.raises(NetworkQuestionError, match='use form = "numeric"'):
        pack_question("p", "1", "Pack", item(MAZUR, "loss", "choice"))


def test_variants_are_reproducible_distinct_and_each_verified() -> None:
    question = item(DEEP, "grad_weights[0][1][2]")
    first = variant_questions("p", "1", "Pack", question, 40, seed=5)
    again = variant_questions("p", "1", "Pack", question, 40, seed=5)
    other = variant_questions("p", "1", "Pack", question, 40, seed=6)
    values = [q.answer.value for q in first]
    assert values == [q.answer.value for q in again]
    assert values != [q.answer.value for q in other]
    assert len(set(values)) == 40
    assert str(first[3].key) == "pack:p/q/5-3@1"
    for q in first:
        assert all(not within_sigfigs(m.value, q.answer.value, 3) for m in q.mistakes)


def test_variant_numbers_are_the_packs_nudged_by_at_most_two_tenths() -> None:
    (variant,) = variant_questions("p", "1", "Pack", item(MAZUR, "delta[1][0]"), 1, seed=0)
    assert variant.diagram is not None
    weights = [e.label.split(" = ") for e in variant.diagram.edges if e.label.startswith("w")]
    original = np.array(MAZUR["layers"][0]["weights"] + MAZUR["layers"][1]["weights"]).ravel()
    shown = np.array([float(value) for _, value in weights])
    assert np.all(np.abs(shown - original) <= 0.2 + 1e-9)
    assert np.any(shown != original)


def test_quantity_text_reads_back() -> None:
    assert str(parse_quantity(" new_weights [0][1] [2] ")) == "new_weights[0][1][2]"
    assert parse_quantity("loss") == Quantity("loss")
    with pytest.raises(ValueError, match=r"takes \[layer\]\[unit\]\[input\]"):
        parse_quantity("grad_weights[0][1]")


@pytest.mark.parametrize("ask", ASKS)
def test_worked_steps_of_any_network_are_true_equations(ask: str) -> None:
    """A step's '= result' follows its numbers, so a step listing several units keeps its
    results in the numbers and leaves `result` empty; every δ shown is the product shown."""
    question = pack_question("p", "1", "Pack", item(DEEP, ask))
    for step in question.solution:
        if step.result:
            assert "=" not in step.result and "=" not in step.substituted.split(";")[-1], step
        for part in step.substituted.split("; "):
            if part.startswith("δ_"):
                product, shown = part.split(" = ", 1)[1].split(" = ")
                a, b = (float(x) for x in product.split(" × "))
                assert a * b == pytest.approx(float(shown), rel=2e-3), part
    assert float(question.solution[-1].result) == pytest.approx(question.answer.value, rel=2e-3)
