"""Benchmark the engine's tensor layers: forward + backward of two blocks, 1 and 1,000 variants.

Run: python tests/benchmarks/bench_tensor.py [--json] [--repeat N] [--variants N]

* mlp: X (32, 30) @ W1 (30, 64) + b1, batch norm (gamma, beta), tanh, @ W2 (64, 27) + b2,
  cross-entropy with integer targets -- makemore part 4's sizes.
* conv: conv2d of X (8, 1, 28, 28) with 8 filters 3x3 (+ bias), 2x2 max-pool, flatten,
  @ W (1352, 10) + b, cross-entropy.

Every variant has its own inputs and parameters (it is its own question). Each block is timed
for our engine, a hand-written numpy forward and backward of the same block (the floor: no
graph, batched over variants, every gradient written out) and PyTorch CPU autograd (when
installed; one thread, batched with bmm and grouped convolution). All three compute the
gradient of every leaf, the input X included, and must agree before anything is timed.
With --json, one object of ratios ours/theirs and medians is printed.
"""

from __future__ import annotations

import argparse
import gc
import json
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from engine import ops
from engine.tensor import Tensor

Grads = dict[str, np.ndarray]
"""The loss and d loss / d leaf by name, each with the variant axis first."""
Run = Callable[[], Grads]
EPS = 1e-5
SHAPES = {
    "mlp": {"X": (32, 30), "W1": (30, 64), "b1": (64,), "gamma": (64,), "beta": (64,),
            "W2": (64, 27), "b2": (27,)},
    "conv": {"X": (8, 1, 28, 28), "K": (8, 1, 3, 3), "kb": (8,), "W": (1352, 10), "b": (10,)},
}  # fmt: skip
CLASSES = {"mlp": (32, 27), "conv": (8, 10)}  # (batch, classes) of the targets


def draw(case: str, variants: int) -> tuple[dict[str, np.ndarray], np.ndarray]:
    """Seeded leaves (variant axis first) and integer targets for one case."""
    rng = np.random.default_rng(14)
    leaves = {}
    for name, shape in SHAPES[case].items():
        fan_in = shape[0] if name.startswith("W") else np.prod(shape[1:]) if name == "K" else 1
        scale = 1.0 / np.sqrt(fan_in) if name in ("W1", "W2", "W", "K") else 1.0
        value = rng.normal(0.0, scale, (variants, *shape))
        leaves[name] = value + 1.0 if name == "gamma" else value
    batch, classes = CLASSES[case]
    return leaves, rng.integers(0, classes, (variants, batch))


# --- ours --------------------------------------------------------------------------------


def make_ours(case: str, data: dict[str, np.ndarray], y: np.ndarray) -> Run:
    """Build the graph from engine ops and backpropagate, every run."""
    leaves = {name: Tensor(value, name=name) for name, value in data.items()}
    targets = Tensor(y)
    t = leaves

    def run() -> Grads:
        if case == "mlp":
            h = ops.batch_norm(t["X"] @ t["W1"] + t["b1"], t["gamma"], t["beta"], EPS)
            logits = ops.tanh(h) @ t["W2"] + t["b2"]
        else:
            pooled = ops.max_pool2d(ops.conv2d(t["X"], t["K"], t["kb"]), 2)
            logits = pooled.reshape(8, -1) @ t["W"] + t["b"]
        loss = ops.cross_entropy(logits, targets)
        loss.backward()
        return {"loss": loss.value, **{name: leaf.gradient for name, leaf in t.items()}}

    return run


# --- the floor: hand-written numpy, no graph ------------------------------------------------


def _softmax_ce(logits: np.ndarray, y: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Per-variant mean cross-entropy and its gradient with respect to the logits."""
    shifted = logits - logits.max(axis=-1, keepdims=True)
    log_p = shifted - np.log(np.exp(shifted).sum(axis=-1, keepdims=True))
    picks = y[..., None]
    batch = y.shape[1]
    loss = -np.take_along_axis(log_p, picks, -1)[..., 0].sum(axis=1) / batch
    grad = np.exp(log_p)
    np.put_along_axis(grad, picks, np.take_along_axis(grad, picks, -1) - 1.0, -1)
    return loss, grad / batch


def make_floor(case: str, data: dict[str, np.ndarray], y: np.ndarray) -> Run:
    """The block's forward and backward written out in numpy (matmul per variant)."""
    d = data

    def mlp() -> Grads:
        x, w1, w2 = d["X"], d["W1"], d["W2"]
        h = x @ w1 + d["b1"][:, None]
        centred = h - h.mean(axis=1, keepdims=True)
        inv = 1.0 / np.sqrt((centred * centred).mean(axis=1, keepdims=True) + EPS)
        xhat = centred * inv
        a = np.tanh(d["gamma"][:, None] * xhat + d["beta"][:, None])
        loss, dl = _softmax_ce(a @ w2 + d["b2"][:, None], y)
        dn = (dl @ w2.swapaxes(1, 2)) * (1.0 - a * a)
        dbeta, dgamma = dn.sum(axis=1), (dn * xhat).sum(axis=1)
        m = h.shape[1]
        dh = (d["gamma"][:, None] * inv / m) * (m * dn - dbeta[:, None] - xhat * dgamma[:, None])
        return {
            "loss": loss, "X": dh @ w1.swapaxes(1, 2), "W1": x.swapaxes(1, 2) @ dh,
            "b1": dh.sum(axis=1), "gamma": dgamma, "beta": dbeta,
            "W2": a.swapaxes(1, 2) @ dl, "b2": dl.sum(axis=1),
        }  # fmt: skip

    def conv() -> Grads:
        x, k, w = d["X"], d["K"], d["W"]
        v = x.shape[0]
        cols = np.empty((v, 8, 9, 26, 26))  # im2col per image: a row per kernel offset
        for i in range(3):
            for j in range(3):
                cols[:, :, 3 * i + j] = x[:, :, 0, i : i + 26, j : j + 26]
        cols = cols.reshape(v, 8, 9, 676)
        km = k.reshape(v, 1, 8, 9)
        out = (km @ cols + d["kb"][:, None, :, None]).reshape(v, 8, 8, 26, 26)
        corners = [(..., slice(i, 26, 2), slice(j, 26, 2)) for i in (0, 1) for j in (0, 1)]
        pooled = np.maximum(np.maximum(out[corners[0]], out[corners[1]]), out[corners[2]])
        np.maximum(pooled, out[corners[3]], out=pooled)  # (v, n, f, 13, 13)
        flat = pooled.reshape(v, 8, 1352)
        loss, dl = _softmax_ce(flat @ w + d["b"][:, None], y)
        dpool = (dl @ w.swapaxes(1, 2)).reshape(v, 8, 8, 13, 13)
        dout = np.empty_like(out)
        for corner in corners:  # no ties among random floats: each maximum is found once
            np.multiply(out[corner] == pooled, dpool, out=dout[corner])
        dout = dout.reshape(v, 8, 8, 676)
        dcols = (km.swapaxes(2, 3) @ dout).reshape(v, 8, 9, 26, 26)
        dx = np.zeros_like(x)
        for i in range(3):
            for j in range(3):
                dx[:, :, 0, i : i + 26, j : j + 26] += dcols[:, :, 3 * i + j]
        return {
            "loss": loss, "X": dx, "K": (dout @ cols.swapaxes(2, 3)).sum(axis=1).reshape(k.shape),
            "kb": dout.sum(axis=(1, 3)), "W": flat.swapaxes(1, 2) @ dl, "b": dl.sum(axis=1),
        }  # fmt: skip

    return mlp if case == "mlp" else conv


# --- PyTorch -------------------------------------------------------------------------------


def make_torch(case: str, data: dict[str, np.ndarray], y: np.ndarray) -> Run | None:
    """PyTorch CPU autograd, one thread; variants batched with bmm and grouped convolution."""
    try:
        import torch
        import torch.nn.functional as F
    except ImportError:
        return None
    torch.set_num_threads(1)
    t = {name: torch.tensor(value).requires_grad_() for name, value in data.items()}
    targets = torch.tensor(y)
    v = y.shape[0]

    def run() -> Grads:
        for leaf in t.values():
            leaf.grad = None
        if case == "mlp":
            h = torch.baddbmm(t["b1"][:, None], t["X"], t["W1"])  # (v, 32, 64)
            flat = h.transpose(0, 1).reshape(32, v * 64)
            gamma, beta = t["gamma"].reshape(-1), t["beta"].reshape(-1)
            h = F.batch_norm(flat, None, None, gamma, beta, training=True, eps=EPS)
            a = torch.tanh(h.reshape(32, v, 64).transpose(0, 1))
            logits = torch.baddbmm(t["b2"][:, None], a, t["W2"])
        else:
            images = t["X"].transpose(0, 1).reshape(8, v, 28, 28)
            out = F.conv2d(images, t["K"].reshape(v * 8, 1, 3, 3), t["kb"].reshape(-1), groups=v)
            pooled = F.max_pool2d(out, 2).reshape(8, v, 1352).transpose(0, 1)
            logits = torch.baddbmm(t["b"][:, None], pooled, t["W"])
        batch, classes = CLASSES[case]
        per_row = F.cross_entropy(
            logits.reshape(-1, classes), targets.reshape(-1), reduction="none"
        )
        loss = per_row.reshape(v, batch).mean(dim=1)
        loss.sum().backward()
        return {"loss": loss.detach().numpy(), **{n: p.grad.numpy() for n, p in t.items()}}

    return run


# --- timing --------------------------------------------------------------------------------


def verify(reference: Grads, runs: dict[str, Run], case: str) -> None:
    """Every implementation must produce the floor's loss and gradients before it is timed."""
    for name, run in runs.items():
        got = run()
        for key in ("loss", *SHAPES[case]):
            np.testing.assert_allclose(
                got[key], reference[key], rtol=1e-9, atol=1e-12,
                err_msg=f"{case}: {name} disagrees with the floor on {key}",
            )  # fmt: skip


def median_times(runs: dict[str, Run], repeat: int) -> dict[str, float]:
    """Median seconds per run of each implementation, interleaved so noise hits all alike."""
    samples: dict[str, list[float]] = {name: [] for name in runs}
    for run in runs.values():  # warm up
        run()
    clock = time.perf_counter
    for _ in range(repeat):
        for name, run in runs.items():
            gc.collect()
            gc.disable()
            try:
                start = clock()
                run()
                samples[name].append(clock() - start)
            finally:
                gc.enable()
    return {name: statistics.median(times) for name, times in samples.items()}


def measure(case: str, variants: int, repeat: int) -> dict[str, float]:
    """Verify the three implementations on one case and size, then time them."""
    data, y = draw(case, variants)
    runs: dict[str, Run] = {"ours": make_ours(case, data, y), "floor": make_floor(case, data, y)}
    torch_run = make_torch(case, data, y)
    if torch_run is not None:
        runs["torch"] = torch_run
    verify(runs["floor"](), runs, case)
    return median_times(runs, repeat)


def main(argv: list[str] | None = None) -> int:
    """Verify, time, and print the table (or the JSON object of ratios and medians)."""
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--json", action="store_true", help="print one JSON object")
    parser.add_argument("--repeat", type=int, default=200, help="timed runs, one variant")
    parser.add_argument("--variants", type=int, default=1000, help="the batched size")
    args = parser.parse_args(argv)
    result: dict[str, object] = {"batched_variants": args.variants}
    table = []
    for case in SHAPES:
        for label, variants, repeat in (
            ("single", 1, args.repeat),
            ("batched", args.variants, max(3, args.repeat // 40)),
        ):
            times = measure(case, variants, repeat)
            key = f"{case}_{label}"
            for peer in ("floor", "torch"):
                result[f"{key}_vs_{peer}"] = times["ours"] / times[peer] if peer in times else None
            result[f"{key}_median_ms"] = {name: s * 1e3 for name, s in times.items()}
            table.append((key, times))
    if args.json:
        print(json.dumps(result))
        return 0
    print("forward + backward, median milliseconds (ratio: ours / it)")
    for key, times in table:
        for name, seconds in times.items():
            ratio = times["ours"] / seconds
            print(f"{key + ': ' + name:<24}{seconds * 1e3:>12.3f}{ratio:>10.2f}")
    print("torch runs with torch.set_num_threads(1); absent rows: torch not installed.")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
