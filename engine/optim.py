"""One-step parameter updates as pure numpy functions: SGD, momentum and Adam.

Each takes the gradient computed *before* the step and returns new arrays (nothing is
updated in place). Arrays may carry a leading variant axis; a learning rate may be a number
or an array that broadcasts against the weights.
"""

from __future__ import annotations

import numpy as np

ArrayLike = np.ndarray | float


def sgd_step(w: ArrayLike, grad: ArrayLike, lr: ArrayLike) -> np.ndarray:
    """Plain gradient descent: w - lr * grad."""
    return np.asarray(w, dtype=np.float64) - np.asarray(lr) * np.asarray(grad)


def momentum_step(
    w: ArrayLike, grad: ArrayLike, velocity: ArrayLike, lr: ArrayLike, beta: ArrayLike = 0.9
) -> tuple[np.ndarray, np.ndarray]:
    """Heavy-ball momentum, PyTorch's convention: v = beta * v + grad; w = w - lr * v.

    (Some texts write v = beta * v - lr * grad; w = w + v, which is the same path when the
    learning rate is constant.) Start with velocity 0: the first step is then plain SGD.
    Returns (new_w, new_velocity).
    """
    new_velocity = np.asarray(beta) * np.asarray(velocity, dtype=np.float64) + np.asarray(grad)
    return np.asarray(w, dtype=np.float64) - np.asarray(lr) * new_velocity, new_velocity


def adam_step(
    w: ArrayLike,
    grad: ArrayLike,
    m: ArrayLike,
    v: ArrayLike,
    t: int,
    lr: ArrayLike = 0.001,
    beta1: float = 0.9,
    beta2: float = 0.999,
    eps: float = 1e-8,
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Adam with bias correction; `t` counts this step, 1 for the first. Returns (new_w, m, v).

    m = beta1 m + (1 - beta1) g;  v = beta2 v + (1 - beta2) g^2;
    m_hat = m / (1 - beta1^t);  v_hat = v / (1 - beta2^t);  w = w - lr m_hat / (sqrt(v_hat) + eps).
    First step from m = v = 0: m_hat = g and v_hat = g^2, so every weight moves by about
    lr * sign(g) -- magnitude ~lr whatever the size of its gradient.
    """
    if t < 1:
        raise ValueError(f"t counts Adam steps from 1, got {t}")
    g = np.asarray(grad, dtype=np.float64)
    new_m = beta1 * np.asarray(m, dtype=np.float64) + (1.0 - beta1) * g
    new_v = beta2 * np.asarray(v, dtype=np.float64) + (1.0 - beta2) * g * g
    m_hat = new_m / (1.0 - beta1**t)
    v_hat = new_v / (1.0 - beta2**t)
    new_w = np.asarray(w, dtype=np.float64) - np.asarray(lr) * m_hat / (np.sqrt(v_hat) + eps)
    return new_w, new_m, new_v
