"""Mistakes of the convolution topic: a convolution's output size, its weight and input
gradients, and routing a gradient back through max and average pooling."""

from __future__ import annotations

from questions.mistakes.base import Mistake

CONVOLUTION = (
    Mistake(
        "conv-shape-no-plus-one",
        "the + 1 of the output size left out",
        "You counted the steps the window can take but not its first position: the output "
        "size is ⌊(n + 2p − k)/s⌋ + 1.",
        "output size",
    ),
    Mistake(
        "conv-shape-padding-once",
        "padding added on one side only",
        "You added the padding once; it goes on both sides, so the padded size is n + 2p.",
        "output size",
    ),
    Mistake(
        "conv-shape-ignored-stride",
        "the stride ignored",
        "You moved the window one cell at a time; with stride s it jumps s cells, so divide "
        "the room it has, n + 2p − k, by s (rounding down) before adding 1.",
        "output size",
    ),
    Mistake(
        "conv-kernel-flipped",
        "kernel index flipped",
        "You gave the gradient of the weight in the mirrored position; a deep-learning "
        "convolution is a cross-correlation, so w_ij multiplies x_(a+i, b+j), unflipped.",
        "the weight gradient",
    ),
    Mistake(
        "conv-one-position",
        "one output position only",
        "You took only the first output position's term; the weight is shared by every "
        "output position, so its gradient sums all of their terms.",
        "the weight gradient",
    ),
    Mistake(
        "conv-off-by-one",
        "index off by one",
        "You paired the upstream gradient with inputs one column off: w_ij meets x_(a+i, b+j) "
        "(with stride and padding, x_(as+i−p, bs+j−p)).",
        "the weight gradient",
    ),
    Mistake(
        "conv-input-not-flipped",
        "kernel not flipped in the input gradient",
        "You slid the kernel over the upstream gradient unflipped; the input gradient is a "
        "full convolution with the flipped kernel: x_ij gets g_ab · w_(i−a, j−b).",
        "the input gradient",
    ),
    Mistake(
        "conv-input-one-term",
        "one output position only",
        "You took only the output whose window starts at x_ij; every output whose window "
        "covers x_ij adds a term g_ab · w_(i−a, j−b).",
        "the input gradient",
    ),
    Mistake(
        "conv-input-kernel-transposed",
        "kernel transposed, as for a dense layer",
        "You used the kernel's transpose, as the backward pass of a dense layer uses Wᵀ; a "
        "convolution's input gradient uses the kernel flipped in both directions, not "
        "transposed.",
        "the input gradient",
    ),
    Mistake(
        "pool-spread-all",
        "max-pool gradient spread to every cell",
        "You gave every cell of the window the whole upstream gradient; only the window's "
        "maximum influenced the output, so it alone gets the gradient and the rest get 0.",
        "routing through the pool",
    ),
    Mistake(
        "pool-averaged",
        "max-pool gradient averaged over the window",
        "You shared the gradient evenly, as an average pool would; a max-pool passes it all to "
        "the window's maximum and 0 to the others.",
        "routing through the pool",
    ),
    Mistake(
        "pool-routed-to-min",
        "max-pool gradient routed to the minimum",
        "You sent the gradient to the window's smallest value; it belongs to the arg-max, the "
        "cell whose value the max passed on.",
        "routing through the pool",
    ),
    Mistake(
        "avgpool-no-divide",
        "average-pool gradient not divided",
        "You gave every cell the whole upstream gradient; each cell counts 1/(k·k) in the mean, "
        "so each gets the gradient divided by the window's size.",
        "sharing through the pool",
    ),
    Mistake(
        "avgpool-divided-by-side",
        "average-pool gradient divided by the side, not the area",
        "You divided by the window's side k; the mean is over k·k cells, so divide by k·k.",
        "sharing through the pool",
    ),
    Mistake(
        "avgpool-to-max",
        "average-pool gradient routed like a max-pool",
        "You sent the gradient to the window's maximum as a max-pool would; an average pool "
        "shares it evenly among all the window's cells.",
        "sharing through the pool",
    ),
)
