"""Benchmark the engine on the canonical 2-2-2 sigmoid half_sse network: forward + backward.

Run: python tests/benchmarks/bench_engine.py [--json] [--repeat N]

* One variant: our engine against micrograd and PyTorch CPU (each only when importable).
* 10,000 variants in one batched pass: our engine against a hand-fused numpy closed form of
  the same network (the floor) and PyTorch batched.

Every implementation's loss and gradients must match the floor's before anything is timed. Each
figure is the median of many individually timed runs (time.perf_counter), interleaved in
blocks so machine noise hits every implementation alike; the garbage collector is paused
inside a block, as timeit does. With --json, one object of ratios ours/theirs is printed.
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

from engine import losses, ops
from engine.tensor import Tensor
from tests.benchmarks.engine_rivals import PARAMS, Grads, make_micrograd, make_torch

INPUTS = [0.05, 0.10]
TARGETS = [0.01, 0.99]
W1 = [[0.15, 0.20], [0.25, 0.30]]  # W1[j][i]: from input i to hidden unit j
B1 = [0.35, 0.35]
W2 = [[0.40, 0.45], [0.50, 0.55]]
B2 = [0.60, 0.60]
BATCH = 10_000

SHAPES = {"loss": (), "W1": (2, 2), "b1": (2,), "W2": (2, 2), "b2": (2,)}


def canonical(variants: int, rng: np.random.Generator | None) -> dict[str, np.ndarray]:
    """The canonical values with a leading variant axis, perturbed per variant when rng is given."""
    values = {"x": INPUTS, "t": TARGETS, "W1": W1, "b1": B1, "W2": W2, "b2": B2}
    out = {}
    for key, value in values.items():
        array = np.broadcast_to(np.array(value, dtype=np.float64), (variants, *np.shape(value)))
        if rng is not None and key in PARAMS:
            array = array + rng.normal(0.0, 0.1, array.shape)
        out[key] = np.ascontiguousarray(array)
    return out


# --- ours --------------------------------------------------------------------------------


def make_ours(data: dict[str, np.ndarray]) -> Callable[[], Grads]:
    """Build the graph from engine ops and backpropagate, every run."""
    leaves = {key: Tensor(value, name=key) for key, value in data.items()}
    x, t, w1, b1, w2, b2 = (leaves[k] for k in ("x", "t", "W1", "b1", "W2", "b2"))

    def run() -> Grads:
        h = ops.sigmoid(ops.add(ops.matvec(w1, x), b1))
        o = ops.sigmoid(ops.add(ops.matvec(w2, h), b2))
        loss = losses.half_sse(o, t)
        loss.backward()
        return {"loss": loss.value, "W1": w1.grad, "b1": b1.grad, "W2": w2.grad, "b2": b2.grad}

    return run


# --- the floor: hand-fused numpy, no graph -------------------------------------------------


def make_floor(data: dict[str, np.ndarray]) -> Callable[[], Grads]:
    """The same network's forward (loss included) and backward written out in numpy, no graph.

    einsum does the per-variant products: numpy's reductions over axes of length 2 are several
    times slower at 10,000 variants, so this is the fastest plain formulation found.
    """
    x, t, w1, b1, w2, b2 = (data[k] for k in ("x", "t", "W1", "b1", "W2", "b2"))

    def run() -> Grads:
        h = 1.0 / (1.0 + np.exp(-(np.einsum("nij,nj->ni", w1, x) + b1)))
        o = 1.0 / (1.0 + np.exp(-(np.einsum("nij,nj->ni", w2, h) + b2)))
        error = o - t
        loss = 0.5 * np.einsum("ni,ni->n", error, error)
        delta2 = error * o * (1.0 - o)
        delta1 = np.einsum("nij,ni->nj", w2, delta2) * h * (1.0 - h)
        return {
            "loss": loss,
            "W1": np.einsum("ni,nj->nij", delta1, x),
            "b1": delta1,
            "W2": np.einsum("ni,nj->nij", delta2, h),
            "b2": delta2,
        }

    return run


# --- timing --------------------------------------------------------------------------------


def to_numpy(grads: Grads, variants: int) -> Grads:
    """The loss and gradients as float64 arrays with the variant axis, whatever produced them."""
    return {
        k: np.asarray(v, dtype=np.float64).reshape(variants, *SHAPES[k]) for k, v in grads.items()
    }


def verify(reference: Grads, runs: dict[str, Callable[[], Grads] | None], variants: int) -> None:
    """Every implementation must produce the same loss and gradients before it is timed."""
    for name, run in runs.items():
        if run is None:
            continue
        got = to_numpy(run(), variants)
        for key in SHAPES:
            np.testing.assert_allclose(
                got[key],
                reference[key],
                rtol=1e-10,
                atol=1e-14,
                err_msg=f"{name} disagrees with the floor on {key}",
            )


def median_times(runs: dict[str, Callable[[], Grads]], repeat: int, block: int) -> dict[str, float]:
    """Median seconds per run of each implementation, runs timed singly in interleaved blocks."""
    samples: dict[str, list[float]] = {name: [] for name in runs}
    for run in runs.values():  # warm up
        for _ in range(min(block, 20)):
            run()
    clock = time.perf_counter
    while len(next(iter(samples.values()))) < repeat:
        for name, run in runs.items():
            times = samples[name]
            gc.collect()
            gc.disable()
            try:
                for _ in range(block):
                    start = clock()
                    run()
                    times.append(clock() - start)
            finally:
                gc.enable()
    return {name: statistics.median(times) for name, times in samples.items()}


def main(argv: list[str] | None = None) -> int:
    """Verify, time, and print the table (or the JSON object of ratios)."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--json", action="store_true", help="print one JSON object of ratios")
    parser.add_argument(
        "--repeat",
        type=int,
        default=2000,
        help="timed runs per implementation, one variant (batched: repeat / 10)",
    )
    args = parser.parse_args(argv)
    if args.repeat < 10:
        parser.error("--repeat must be at least 10")

    single = canonical(1, None)
    single_runs = {
        "ours": make_ours(single),
        "micrograd": make_micrograd(single),
        "torch": make_torch(single),
    }
    verify(to_numpy(make_floor(single)(), 1), single_runs, 1)

    batch = canonical(BATCH, np.random.default_rng(0))
    batch_runs = {"ours": make_ours(batch), "floor": make_floor(batch), "torch": make_torch(batch)}
    verify(to_numpy(make_floor(batch)(), BATCH), batch_runs, BATCH)

    def present(runs: dict[str, Callable[[], Grads] | None]) -> dict[str, Callable[[], Grads]]:
        return {name: run for name, run in runs.items() if run is not None}

    t1 = median_times(present(single_runs), args.repeat, block=100)
    tn = median_times(present(batch_runs), max(args.repeat // 10, 10), block=10)

    def ratio(times: dict[str, float], peer: str) -> float | None:
        return times["ours"] / times[peer] if peer in times else None

    result = {
        "single_vs_micrograd": ratio(t1, "micrograd"),
        "single_vs_torch": ratio(t1, "torch"),
        "batched_vs_floor": ratio(tn, "floor"),
        "batched_vs_torch": ratio(tn, "torch"),
        "single_median_us": {k: v * 1e6 for k, v in t1.items()},
        "batched_median_us": {k: v * 1e6 for k, v in tn.items()},
        "batched_variants": BATCH,
    }
    if args.json:
        print(json.dumps(result))
        return 0

    print("2-2-2 sigmoid network, half_sse, forward + backward (median microseconds)")
    print(f"{'case':<26}{'time (us)':>12}{'ours / it':>12}")
    for label, times, names in (
        ("one variant", t1, ("ours", "micrograd", "torch")),
        (f"{BATCH:,} variants", tn, ("ours", "floor", "torch")),
    ):
        for name in names:
            row = f"{label + ': ' + name:<26}"
            if name not in times:
                print(f"{row}{'absent':>12}")
                continue
            print(f"{row}{times[name] * 1e6:>12.1f}{times['ours'] / times[name]:>12.2f}")
    print("torch runs with torch.set_num_threads(1); micrograd gained a sigmoid node for this.")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
