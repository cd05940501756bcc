"""Mistake models: named, plausible wrong ways to do a backprop computation.

One definition serves two uses: families compute each applicable mistake's value to build
multiple-choice distractors, and grading matches a wrong numeric response against those
values to name the mistake to the learner.
"""

from __future__ import annotations

from dataclasses import dataclass

from questions.model import Question


@dataclass(frozen=True)
class Mistake:
    """A named mistake: what the learner did, in plain words, and the step it happens in."""

    id: str
    name: str
    explanation: str  # second person, shown after a matching wrong answer
    step: str  # the step of the worked solution where it goes wrong


_ALL = (
    Mistake(
        "no-activation-derivative",
        "activation derivative left out",
        "You left out the activation's slope: the error is multiplied by f′(net) on its way "
        "back through the unit.",
        "delta at the unit",
    ),
    Mistake(
        "no-hidden-activation-derivative",
        "hidden activation derivative left out",
        "You left out the hidden unit's slope f′(net) when passing the error back into the "
        "hidden layer.",
        "delta at the hidden unit",
    ),
    Mistake(
        "derivative-at-net",
        "derivative applied to net instead of out",
        "You put net into the slope's formula where it takes out: a sigmoid's slope is "
        "out(1 − out) and a tanh's is 1 − out², with out = f(net), not net.",
        "activation derivative",
    ),
    Mistake(
        "error-sign",
        "sign error in the error term",
        "You flipped the sign of the error: it is the output minus the target, not the "
        "target minus the output.",
        "derivative of the loss",
    ),
    Mistake(
        "factor-two",
        "missing or extra factor 2",
        "You mixed up the factor 2: the square brings down a 2, which only a ½ in front of the "
        "loss cancels.",
        "derivative of the loss",
    ),
    Mistake(
        "no-fanout-sum",
        "no sum over fan-out",
        "You followed only one path back: a value that feeds several units collects the "
        "gradient from every one of them, added up.",
        "sum over the paths",
    ),
    Mistake(
        "transposed-weight",
        "transposed weight",
        "You used the weight of another connection: the error passes back through the weight "
        "that connects these two units.",
        "weight on the backward path",
    ),
    Mistake(
        "updated-weight-upstream",
        "updated weights used for an earlier layer",
        "You passed the error back through the already-updated output weights; all "
        "gradients use the weights from before the step.",
        "weight on the backward path",
    ),
    Mistake(
        "wrong-input",
        "wrong input",
        "You used the wrong input: each weight multiplies the value that enters through it, "
        "the out of the unit below (after its activation) or the input itself, so ∂E/∂w is "
        "the δ of the unit it feeds times that value.",
        "gradient of the weight",
    ),
    Mistake(
        "update-sign",
        "+ instead of - in the update",
        "You moved the weight along the gradient: an update steps against it (for plain "
        "gradient descent, w − η ∂E/∂w).",
        "update",
    ),
    Mistake(
        "no-learning-rate",
        "learning rate left out",
        "You left out the learning rate: the step is η times the update direction (for "
        "plain gradient descent, η ∂E/∂w, not ∂E/∂w).",
        "update",
    ),
    Mistake(
        "change-not-weight",
        "change reported instead of the new weight",
        "You gave the change in the weight; the question asks for the new weight, the old "
        "weight plus that change (for plain gradient descent, w − η ∂E/∂w).",
        "update",
    ),
    Mistake(
        "weight-not-change",
        "new weight reported instead of the change",
        "You gave the new weight; the question asks for the change, new minus old (for "
        "plain gradient descent, −η ∂E/∂w).",
        "update",
    ),
    Mistake(
        "p-not-p-minus-y",
        "p instead of p - y",
        "You used the probability p alone; with softmax and cross-entropy the gradient at a "
        "unit's net is p − t.",
        "gradient at the logit",
    ),
    Mistake(
        "mean-not-sum",
        "mean instead of sum over the batch",
        "You averaged the examples' gradients, but this loss is their sum: the batch "
        "gradient is the sum, not divided by the batch size B.",
        "combining the batch",
    ),
    Mistake(
        "sum-not-mean",
        "sum instead of mean over the batch",
        "You added up the examples' gradients, but this loss is their mean: divide the sum "
        "by the batch size B.",
        "combining the batch",
    ),
    Mistake(
        "forward-not-gradient",
        "value instead of gradient",
        "You gave a forward value where the question asks for a gradient.",
        "reading the question",
    ),
    Mistake(
        "local-only",
        "local gradient only",
        "You gave the local gradient alone; the chain rule multiplies it by the upstream gradient.",
        "upstream times local",
    ),
    Mistake(
        "max-to-loser",
        "max gate gradient sent to the smaller input",
        "A max gate passes the gradient only to the input that won (the larger one).",
        "max gate",
    ),
    Mistake(
        "no-bias-correction",
        "Adam without bias correction",
        "You used the moment estimates without bias correction: divide the first by "
        "1 − β₁ᵗ and the second by 1 − β₂ᵗ before taking the step.",
        "Adam update",
    ),
    Mistake(
        "sigmoid-bound",
        "sigmoid derivative bound taken as 1",
        "The sigmoid's slope is at most 1/4 (at net = 0), not 1.",
        "activation derivative",
    ),
    Mistake(
        "chain-no-weights",
        "weights left out of the chain",
        "You multiplied the slopes but left out the weights: each net of a later unit, "
        "w times the out before it plus b, brings in its factor w.",
        "chain rule",
    ),
    Mistake(
        "chain-first-slope-missing",
        "first unit's derivative left out",
        "You started the product at the second unit, but the first unit's out = f(net) "
        "depends on its net too: its slope f′(net) is the first factor.",
        "chain rule",
    ),
    Mistake(
        "net-not-out",
        "net given instead of out",
        "You gave net, the input to the activation; out is the activation applied to net.",
        "output of the unit",
    ),
    Mistake(
        "extra-activation-derivative",
        "sigmoid derivative kept with cross-entropy",
        "You multiplied by the sigmoid's slope out(1 − out), but with cross-entropy it has "
        "already cancelled: δ = out − t.",
        "delta at the unit",
    ),
    Mistake(
        "log-base",
        "log base 10",
        "You used log base 10; cross-entropy uses the natural logarithm.",
        "cross-entropy loss",
    ),
    Mistake(
        "loss-sign",
        "minus sign dropped",
        "You dropped the minus sign: E = −Σ t ln p is never negative.",
        "cross-entropy loss",
    ),
    Mistake(
        "single-example",
        "one example's gradient",
        "You used one example's gradient; the batch gradient combines every example's.",
        "combining the batch",
    ),
    Mistake(
        "transposed",
        "matrix transposed",
        "You gave the transpose: dL/dW has W's shape, so with Y = X W it is X^T dL/dY "
        "(inputs down the rows, outputs across the columns), not dL/dY^T X.",
        "arranging the gradient",
    ),
    Mistake(
        "no-broadcast-sum",
        "no sum over the broadcast axis",
        "A value broadcast over the batch (a bias added to every row) collects the gradient "
        "from every row: sum dL/dY over that axis instead of keeping one row's share.",
        "summing over the broadcast axis",
    ),
    Mistake(
        "pool-to-every-position",
        "pooled gradient sent to every position",
        "Max pooling passes each window's gradient only to the position that held the "
        "maximum; the other positions of the window get zero.",
        "routing through the pool",
    ),
    Mistake(
        "no-momentum",
        "momentum left out",
        "You took a plain gradient step; momentum adds β times the previous velocity.",
        "update",
    ),
    Mistake(
        "other-activation-rule",
        "another activation's derivative rule",
        "You used another activation's rule: the sigmoid's slope is s(1 - s) in terms of its "
        "output s, and tanh's is 1 - t^2 in terms of its output t.",
        "activation derivative",
    ),
    Mistake(
        "slope-sign",
        "sign flipped inside the slope",
        "You flipped the sign inside the slope: the sigmoid's is s(1 - s), not s(1 + s), and "
        "tanh's is 1 - t^2, not 1 + t^2.",
        "activation derivative",
    ),
    Mistake(
        "function-not-derivative",
        "the function instead of its derivative",
        "You wrote the function itself; the question asks for its derivative.",
        "differentiating",
    ),
    Mistake(
        "inner-derivative-left-out",
        "inner derivative left out",
        "You differentiated the outer function but not what is inside it: the chain rule "
        "multiplies by the inner function's derivative too.",
        "inner derivative",
    ),
    Mistake(
        "product-rule-term",
        "a term of the product rule left out",
        "The function is a product, so its derivative has two terms: (uv)' = u'v + uv'.",
        "product rule",
    ),
    Mistake(
        "gradient-at-output",
        "gradient at the output instead of the pre-activation",
        "You gave the derivative with respect to the output; through the sigmoid (or softmax) "
        "the slope cancels the denominator, and the gradient at the pre-activation is the "
        "output minus the target.",
        "gradient at the pre-activation",
    ),
)

_TENSOR = (
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
)

MISTAKES: dict[str, Mistake] = {m.id: m for m in (*_ALL, *_TENSOR)}
"""Every mistake model by id."""

SPECIFIC: dict[tuple[str, str], str] = {
    ("error-sign", "loss:half_sse"): "You flipped the sign of the error: for E = ½(t − out)², "
    "∂E/∂out = out − t, not t − out.",
    ("error-sign", "loss:sse"): "You flipped the sign of the error: for E = (t − out)², "
    "∂E/∂out = 2(out − t), not 2(t − out).",
    ("error-sign", "loss:mse"): "You flipped the sign of the error: for the mean squared error "
    "over K outputs, ∂E/∂outₖ = 2(outₖ − tₖ)/K, not 2(tₖ − outₖ)/K.",
    ("error-sign", "loss:bce"): "You flipped the sign of the error: with binary cross-entropy "
    "and a sigmoid output, δ = out − t (over K outputs, (out − t)/K), not t − out.",
    ("error-sign", "loss:softmax_ce"): "You flipped the sign of the error: with softmax and "
    "cross-entropy, the gradient at a unit's net is pₖ − tₖ, not tₖ − pₖ.",
    ("factor-two", "loss:half_sse"): "You mixed up the factor 2: the ½ in E = ½(t − out)² "
    "cancels the 2 the square brings down, so ∂E/∂out = out − t.",
    ("factor-two", "loss:sse"): "You mixed up the factor 2: E = (t − out)² has no ½ in front, "
    "so the square's 2 stays: ∂E/∂out = 2(out − t).",
    ("factor-two", "loss:mse"): "You mixed up the factor 2: the mean squared error has no ½ in "
    "front, so the square's 2 stays: ∂E/∂outₖ = 2(outₖ − tₖ)/K.",
    ("no-activation-derivative", "activation:sigmoid"): "You left out the activation's slope: "
    "the error is multiplied by f′(net) = out(1 − out) on its way back through the sigmoid.",
    ("no-activation-derivative", "activation:tanh"): "You left out the activation's slope: the "
    "error is multiplied by f′(net) = 1 − out² on its way back through the tanh.",
    ("no-activation-derivative", "activation:relu"): "You left out the activation's slope: the "
    "error is multiplied by f′(net), 1 where net > 0 and 0 elsewhere, on its way back.",
    ("derivative-at-net", "activation:sigmoid"): "You put net into the slope's formula where it "
    "takes out: a sigmoid's slope is out(1 − out) with out = σ(net), not net(1 − net).",
    ("derivative-at-net", "activation:tanh"): "You put net into the slope's formula where it "
    "takes out: a tanh's slope is 1 − out² with out = tanh(net), not 1 − net².",
    ("wrong-input", "forward"): "You used the wrong input: each weight multiplies the value that "
    "enters through it, the out of the unit below (after its activation) or the input itself.",
    ("transposed-weight", "forward"): "You used the weight of another connection: a unit's net "
    "sums the weights into that unit, each times the value it comes from.",
}
"""Explanations for a question's own loss, activation or kind, by (mistake id, question tag):
a family tags its questions "loss:<name>", "activation:<name>" or "forward"."""


def explain(mistake_id: str, question: Question) -> str:
    """The mistake's explanation in the words of this question's loss and activation."""
    for tag in question.tags:
        if (mistake_id, tag) in SPECIFIC:
            return SPECIFIC[mistake_id, tag]
    return mistake(mistake_id).explanation


def mistake(mistake_id: str) -> Mistake:
    """The mistake with this id; KeyError names the id if it is unknown."""
    try:
        return MISTAKES[mistake_id]
    except KeyError:
        raise KeyError(f"unknown mistake model: {mistake_id!r}") from None
