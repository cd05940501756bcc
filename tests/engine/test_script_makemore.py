"""examples/makemore_backprop.toml: every intermediate gradient of makemore part 4's forward
pass equals the oracle's, HIPS autograd in float64 (relative difference at most 1e-9).

PyTorch's `retain_grad` value of an intermediate is the derivative of the loss with respect to
that node with everything before it held fixed. The oracle gets it by splitting the forward
pass at the node: the node's value becomes the variable, and every later step is recomputed
from it, in the same order the script runs them.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import autograd.numpy as anp
import numpy as np
import pytest
from autograd import grad

from engine.script import Solved, solve_file_text

EXAMPLE = Path(__file__).parents[2] / "examples" / "makemore_backprop.toml"
Env = dict[str, np.ndarray]
FLOOR = 1e-6
"""A gradient that should be 0 (b1: batch norm removes any shift) is compared absolutely."""


def _steps(n: int, yb: np.ndarray) -> list[tuple[str, Callable[[Env], np.ndarray]]]:
    """The forward pass as in the video, one step per intermediate, in autograd.numpy."""
    return [
        ("emb", lambda e: e["C"][e["Xb"]]),
        ("embcat", lambda e: anp.reshape(e["emb"], (n, -1))),
        ("hprebn", lambda e: anp.dot(e["embcat"], e["W1"]) + e["b1"]),
        ("bnmeani", lambda e: 1 / n * anp.sum(e["hprebn"], axis=0, keepdims=True)),
        ("bndiff", lambda e: e["hprebn"] - e["bnmeani"]),
        ("bndiff2", lambda e: e["bndiff"] ** 2),
        ("bnvar", lambda e: 1 / (n - 1) * anp.sum(e["bndiff2"], axis=0, keepdims=True)),
        ("bnvar_inv", lambda e: (e["bnvar"] + 1e-5) ** -0.5),
        ("bnraw", lambda e: e["bndiff"] * e["bnvar_inv"]),
        ("hpreact", lambda e: e["bngain"] * e["bnraw"] + e["bnbias"]),
        ("h", lambda e: anp.tanh(e["hpreact"])),
        ("logits", lambda e: anp.dot(e["h"], e["W2"]) + e["b2"]),
        ("logit_maxes", lambda e: anp.max(e["logits"], axis=1, keepdims=True)),
        ("norm_logits", lambda e: e["logits"] - e["logit_maxes"]),
        ("counts", lambda e: anp.exp(e["norm_logits"])),
        ("counts_sum", lambda e: anp.sum(e["counts"], axis=1, keepdims=True)),
        ("counts_sum_inv", lambda e: e["counts_sum"] ** -1),
        ("probs", lambda e: e["counts"] * e["counts_sum_inv"]),
        ("logprobs", lambda e: anp.log(e["probs"])),
        ("loss", lambda e: -anp.mean(e["logprobs"][np.arange(n), yb])),
    ]


def _loss_from(node: str, inputs: Env, steps: list) -> Callable[[np.ndarray], np.ndarray]:
    """The loss as a function of one node's value (an input, or an intermediate)."""

    def loss(value: np.ndarray) -> np.ndarray:
        env = {**inputs, node: value}
        for name, step in steps:
            if name != node:
                env[name] = step(env)
        return env["loss"]

    return loss


@pytest.fixture(scope="module")
def solved() -> Solved:
    return solve_file_text(EXAMPLE.read_text(encoding="utf-8"))


def test_the_example_runs_the_whole_forward_pass_at_makemores_sizes(solved: Solved) -> None:
    assert solved.shape("emb") == (32, 3, 10)
    assert solved.shape("embcat") == (32, 30)
    assert solved.shape("logits") == (32, 27)
    assert solved.shape("loss") == ()
    assert len(set(solved.run.value("Xb").ravel())) < 96  # indices repeat: gradients add up


def test_every_intermediate_and_input_gradient_equals_autograds(solved: Solved) -> None:
    run = solved.run
    inputs = {name: run.value(name) for name in run.inputs}
    n = int(inputs["Xb"].shape[0])
    steps = _steps(n, inputs["Yb"])
    env = dict(inputs)
    for name, step in steps:
        env[name] = step(env)
    assert float(run.value("loss")) == pytest.approx(float(env["loss"]), rel=1e-12)
    checked = []
    for node in [*(k for k in inputs if k not in ("Xb", "Yb")), *(s for s, _ in steps[:-1])]:
        expected = grad(_loss_from(node, inputs, steps))(env[node])
        got = run.gradient(node)
        assert got is not None and got.shape == expected.shape, node
        worst = np.max(np.abs(got - expected)) / max(np.max(np.abs(expected)), FLOOR)
        assert worst <= 1e-9, f"{node}: relative difference {worst:.3g}"
        checked.append(node)
    assert len(checked) == 7 + 19


def test_each_gradient_rule_names_the_axis_summed_or_the_index_that_received_it(
    solved: Solved,
) -> None:
    assert (
        "summed over axis 0 because the forward pass broadcast (64,) to (32,64)"
        in (solved.rules["b1"][0])
    )
    assert (
        "summed over axis 1 because the forward pass broadcast (32,1) to (32,27)"
        in (solved.rules["counts_sum_inv"][0])
    )
    assert "an index picked more than once adds its gradients up" in solved.rules["C"][0]
    assert solved.rules["logprobs"][0].startswith("from logprobs[range(n), Yb]: each picked")


def test_where_pytorch_is_installed_every_gradient_equals_its_retain_grad(solved: Solved) -> None:
    torch = pytest.importorskip(
        "torch",
        reason="PyTorch is absent: an optional peer, never a dependency (autograd is the oracle)",
    )
    run = solved.run
    params = ("C", "W1", "b1", "W2", "b2", "bngain", "bnbias")
    leaves = {
        k: torch.tensor(run.value(k), dtype=torch.float64, requires_grad=True) for k in params
    }
    xb, yb = torch.tensor(run.value("Xb")), torch.tensor(run.value("Yb"))
    n = xb.shape[0]
    t = dict(leaves)
    t["emb"] = t["C"][xb]
    t["embcat"] = t["emb"].view(n, -1)
    t["hprebn"] = t["embcat"] @ t["W1"] + t["b1"]
    t["bnmeani"] = 1 / n * t["hprebn"].sum(0, keepdim=True)
    t["bndiff"] = t["hprebn"] - t["bnmeani"]
    t["bndiff2"] = t["bndiff"] ** 2
    t["bnvar"] = 1 / (n - 1) * t["bndiff2"].sum(0, keepdim=True)
    t["bnvar_inv"] = (t["bnvar"] + 1e-5) ** -0.5
    t["bnraw"] = t["bndiff"] * t["bnvar_inv"]
    t["hpreact"] = t["bngain"] * t["bnraw"] + t["bnbias"]
    t["h"] = torch.tanh(t["hpreact"])
    t["logits"] = t["h"] @ t["W2"] + t["b2"]
    t["logit_maxes"] = t["logits"].max(1, keepdim=True).values
    t["norm_logits"] = t["logits"] - t["logit_maxes"]
    t["counts"] = t["norm_logits"].exp()
    t["counts_sum"] = t["counts"].sum(1, keepdim=True)
    t["counts_sum_inv"] = t["counts_sum"] ** -1
    t["probs"] = t["counts"] * t["counts_sum_inv"]
    t["logprobs"] = t["probs"].log()
    loss = -t["logprobs"][range(n), yb].mean()
    for name, tensor in t.items():
        if name not in leaves:
            tensor.retain_grad()
    loss.backward()
    assert float(run.value("loss")) == pytest.approx(loss.item(), rel=1e-12)
    for name, tensor in t.items():
        expected = tensor.grad.numpy()
        worst = np.max(np.abs(run.gradient(name) - expected)) / max(np.abs(expected).max(), FLOOR)
        assert worst <= 1e-9, f"{name}: relative difference {worst:.3g}"
