"""Mistakes of the attention topic: the softmax Jacobian, attention's scale and weights,
embedding rows that accumulate, and the skip path of a residual block."""

from __future__ import annotations

from questions.mistakes.base import Mistake

ATTENTION = (
    Mistake(
        "softmax-elementwise",
        "softmax differentiated elementwise",
        "You kept only the diagonal, pᵢ(1 − pᵢ), as if each probability depended on its own "
        "logit alone; every pᵢ shares the denominator, so ∂pᵢ/∂zⱼ = −pᵢpⱼ off the diagonal.",
        "the softmax Jacobian",
    ),
    Mistake(
        "softmax-offdiag-sign",
        "softmax off-diagonal sign flipped",
        "You made the off-diagonal cells +pᵢpⱼ; raising another logit lowers pᵢ, so they are "
        "−pᵢpⱼ.",
        "the softmax Jacobian",
    ),
    Mistake(
        "softmax-diag-p",
        "softmax Jacobian taken as diag(p)",
        "You differentiated e^{zᵢ} but not the denominator: the Jacobian is diag(p) − ppᵀ, not "
        "diag(p).",
        "the softmax Jacobian",
    ),
    Mistake(
        "attention-unscaled-scores",
        "the 1/√d scale left out",
        "You used the raw dot products q·k as scores; scaled dot-product attention divides "
        "them by √d first, which changes the weights (and scales the gradient back to q).",
        "the attention weights",
    ),
    Mistake(
        "attention-value-unweighted",
        "value gradient not weighted",
        "You passed the whole upstream gradient to the value; value j enters the output "
        "multiplied by its weight p_j, so its gradient is p_j·g.",
        "the value gradient",
    ),
    Mistake(
        "attention-uniform-weights",
        "attention weights taken as uniform",
        "You shared the gradient equally among the values; each gets its own attention "
        "weight p_j = softmax(q·k / √d)_j.",
        "the attention weights",
    ),
    Mistake(
        "attention-no-backward-scale",
        "1/√d left out of the backward pass",
        "You used the scaled scores going forward but dropped 1/√d on the way back; the score "
        "is q·k/√d, so ∂s/∂q = k/√d.",
        "the query gradient",
    ),
    Mistake(
        "embedding-last-write",
        "repeated token's gradients not accumulated",
        "You kept one occurrence's gradient; a token used twice reads its row twice, so its "
        "row's gradient is the sum of both.",
        "scattering into the rows",
    ),
    Mistake(
        "embedding-every-row",
        "gradient given to every row",
        "You gave the gradient to rows that were never looked up; only the rows of tokens in "
        "the sequence get a gradient, the rest get 0.",
        "scattering into the rows",
    ),
    Mistake(
        "embedding-averaged",
        "repeated token's gradients averaged",
        "You averaged the repeated token's gradients; each use adds its own, so they are summed.",
        "scattering into the rows",
    ),
    Mistake(
        "residual-no-skip",
        "the skip path's gradient dropped",
        "You followed only the branch f(h); a block's output h + f(h) has two paths back, "
        "so its slope is 1 + f′(h): the skip path adds the upstream gradient unchanged.",
        "through the residual block",
    ),
    Mistake(
        "residual-skip-only",
        "only the skip path",
        "You passed the gradient through the skip path alone; the branch f(h) depends on h "
        "too, so its slope f′(h) adds to the 1 of the identity.",
        "through the residual block",
    ),
)
