"""Mistakes about the unrolled and the computational graph: backprop through time and the
cost of forward versus reverse mode."""

from __future__ import annotations

from questions.mistakes.base import Mistake

GRAPHS = (
    Mistake(
        "bptt-last-step-only",
        "only the last time step's term",
        "You kept the last step's term alone; the recurrent weight w is used at every step, so "
        "its gradient sums a term from each step, carried back through the later states.",
        "summing over time",
    ),
    Mistake(
        "bptt-no-tanh-slope",
        "tanh's slope left out through time",
        "You passed the gradient back through the steps without tanh's slope; each step "
        "multiplies it by 1 − h_t² as well as by the recurrent weight w.",
        "back through a step",
    ),
    Mistake(
        "bptt-net-not-state",
        "pre-activation used for the previous state",
        "You multiplied by the previous step's pre-activation; w multiplies the state "
        "h_(t−1) = tanh(a_(t−1)), so that is its input.",
        "summing over time",
    ),
    Mistake(
        "autodiff-modes-swapped",
        "forward and reverse mode swapped",
        "You gave the other mode's cost: forward mode pushes one input direction per pass "
        "(a pass per input, multiplying from the input side); reverse mode pulls one output's "
        "gradient per pass (a pass per output, multiplying from the output side).",
        "the cost",
    ),
    Mistake(
        "autodiff-one-product",
        "only one matrix product counted",
        "You counted the first product only; a chain of three Jacobians takes two products, "
        "and the second one's cost adds to the first's.",
        "the cost",
    ),
    Mistake(
        "autodiff-entries-not-mults",
        "entries counted instead of multiplications",
        "You counted the entries of each product; each entry of a (p×q)(q×r) product takes q "
        "multiplications, so the product costs p·q·r.",
        "the cost",
    ),
    Mistake(
        "autodiff-per-entry",
        "a pass per Jacobian entry",
        "You counted a pass per entry of the Jacobian; one pass gives a whole column (forward "
        "mode) or a whole row (reverse mode).",
        "the cost",
    ),
)
