"""Mistakes of normalization and regularization: batch and layer norm backward (the
statistics, the variance, γ's gradient), dropout's mask and scale, weight decay, clipping."""

from __future__ import annotations

from questions.mistakes.base import Mistake

TRAINING = (
    Mistake(
        "bn-constant-stats",
        "batch mean and variance treated as constants",
        "You passed the gradient back as γ·g/σ, as if μ and σ² did not depend on the input; "
        "every x_i moves the batch's mean and variance, which adds the terms −mean(g) and "
        "−x̂_i·mean(g·x̂).",
        "the normalized input's gradient",
    ),
    Mistake(
        "bn-unbiased-variance",
        "unbiased variance used",
        "You divided by N − 1; batch normalization uses the batch's biased variance, "
        "1/N Σ(x − μ)², in training.",
        "the batch statistics",
    ),
    Mistake(
        "bn-missing-mean-term",
        "the mean's term left out",
        "You left out −mean(g): shifting x_i shifts the batch mean, so the gradient loses the "
        "average of the upstream gradients (the three-term formula has it).",
        "the normalized input's gradient",
    ),
    Mistake(
        "bn-dgamma-as-dbeta",
        "∂E/∂γ taken as ∂E/∂β",
        "You summed the upstream gradients alone, which is ∂E/∂β; γ multiplies x̂, so "
        "∂E/∂γ = Σ g_i x̂_i.",
        "the scale's gradient",
    ),
    Mistake(
        "bn-averaged-over-batch",
        "γ's gradient averaged over the batch",
        "You averaged over the batch; γ is shared by every example, so its gradient sums "
        "their terms: ∂E/∂γ = Σ g_i x̂_i.",
        "the scale's gradient",
    ),
    Mistake(
        "ln-constant-stats",
        "the example's mean and variance treated as constants",
        "You passed the gradient back as γ·g/σ, as if μ and σ² did not depend on x; every "
        "feature moves its example's mean and variance, which adds −mean(γg) and "
        "−x̂_i·mean(γg·x̂).",
        "the normalized input's gradient",
    ),
    Mistake(
        "ln-unbiased-variance",
        "unbiased variance used",
        "You divided by D − 1; layer normalization uses the biased variance over the D "
        "features, 1/D Σ(x − μ)².",
        "the layer statistics",
    ),
    Mistake(
        "ln-missing-mean-term",
        "the mean's term left out",
        "You left out −mean(γg): shifting one feature shifts the example's mean, so every "
        "feature's gradient loses the average of γ·g.",
        "the normalized input's gradient",
    ),
    Mistake(
        "ln-batch-statistics",
        "normalized over the batch instead of the features",
        "You normalized each feature over the batch, as batch norm does; layer norm takes "
        "each example's statistics over its own features.",
        "the layer statistics",
    ),
    Mistake(
        "dropout-no-scale",
        "dropout's 1/(1 − p) left out",
        "You kept the mask but not the scale: inverted dropout multiplies the kept units by "
        "1/(1 − p) on the way forward, so their gradient is multiplied by it too.",
        "the dropout mask and scale",
    ),
    Mistake(
        "dropout-wrong-units",
        "dropout mask applied to the dropped units",
        "You passed the gradient to the dropped units; the units with mask 0 did not reach the "
        "output, so they get 0 and the kept units (mask 1) get the scaled gradient.",
        "the dropout mask and scale",
    ),
    Mistake(
        "dropout-times-p",
        "dropout scaled by p",
        "You multiplied by p; the kept units are scaled by 1/(1 − p), the inverse of the "
        "probability of keeping them.",
        "the dropout mask and scale",
    ),
    Mistake(
        "decay-no-rate",
        "learning rate left off the decay term",
        "You subtracted λw without the learning rate; L2 decay is part of the gradient, so the "
        "step is η(∂E/∂w + λw).",
        "the regularised step",
    ),
    Mistake(
        "decay-two-lambda",
        "decay gradient doubled",
        "You used 2λw; the penalty (λ/2)‖w‖² has gradient λw, the 2 of the square cancels the ½.",
        "the regularised step",
    ),
    Mistake(
        "decay-sign",
        "decay term added with the wrong sign",
        "You moved the weight away from zero; the penalty's gradient λw is added to ∂E/∂w, so "
        "the step shrinks the weight.",
        "the regularised step",
    ),
    Mistake(
        "clip-per-tensor",
        "clipped by the tensor's own norm",
        "You used the norm of this tensor alone; clipping by global norm divides every "
        "gradient by the norm of all of them together.",
        "the global norm",
    ),
    Mistake(
        "clip-per-component",
        "each component clipped on its own",
        "You clipped the component to ±c by itself; global-norm clipping scales the whole "
        "gradient by c/‖g‖, keeping its direction.",
        "the clipping factor",
    ),
    Mistake(
        "clip-none",
        "gradient not clipped",
        "The global norm exceeds the threshold, so every component is scaled by c/‖g‖.",
        "the clipping factor",
    ),
)
