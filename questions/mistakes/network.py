"""Mistakes of scalar circuits and small networks: slopes, the loss's derivative, the paths
back, updates, batches, optimizers, cross-entropy and the formula questions."""

from __future__ import annotations

from questions.mistakes.base import Mistake

NETWORK = (
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
