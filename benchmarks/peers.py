"""Full-batch gradient-descent steps in PyTorch (eager) and JAX (jit), when they are installed.

Each takes the same parameters and data as the generated step (float64, W{l} of shape
(n_{l-1}, n_l), observations as rows) and updates its own copy of the parameters, so that the
benchmark times the same arithmetic: forward, the loss's gradient by autodiff, the update.
"""

from __future__ import annotations

MISSING: list[str] = []


def _loss_terms(lib, yhat, z, y, loss, n):
    """The objective from the output (and, for the cross-entropies, its pre-activation)."""
    if loss == "sse":
        return 0.5 * ((yhat - y) ** 2).sum()
    if loss == "mse":
        return ((yhat - y) ** 2).sum() / (2 * n)
    if loss == "bce":
        return -(y * lib.log(yhat) + (1 - y) * lib.log(1 - yhat)).sum() / n
    return -(y * (z - lib.logsumexp(z, 1, keepdims=True))).sum() / n


def torch_step(sizes, activations, loss, params, X, y, lr):
    import torch
    torch.set_num_threads(1)
    act = {"sigmoid": torch.sigmoid, "tanh": torch.tanh, "relu": torch.relu, "linear": lambda z: z,
           "softmax": lambda z: torch.softmax(z, 1)}
    weights = [torch.tensor(params[key], requires_grad=True) for key in sorted(params, key=_order)]
    Xt, yt = torch.tensor(X), torch.tensor(y.reshape(X.shape[0], sizes[-1]))

    def step():
        a = Xt
        for l, name in enumerate(activations):
            z = a @ weights[2 * l] + weights[2 * l + 1]
            a = act[name](z)
        objective = _loss_terms(torch, a, z, yt, loss, Xt.shape[0])
        grads = torch.autograd.grad(objective, weights)
        with torch.no_grad():
            for weight, grad in zip(weights, grads):
                weight -= lr * grad
    return step


def jax_step(sizes, activations, loss, params, X, y, lr):
    import jax
    jax.config.update("jax_enable_x64", True)
    import jax.numpy as jnp
    from jax.scipy.special import logsumexp
    act = {"sigmoid": jax.nn.sigmoid, "tanh": jnp.tanh, "relu": jax.nn.relu, "linear": lambda z: z,
           "softmax": lambda z: jax.nn.softmax(z, axis=1)}
    lib = type("lib", (), {"log": staticmethod(jnp.log), "logsumexp": staticmethod(
        lambda z, axis, keepdims: logsumexp(z, axis=axis, keepdims=keepdims))})

    def objective(weights, X, y):
        a = X
        for l, name in enumerate(activations):
            z = a @ weights[2 * l] + weights[2 * l + 1]
            a = act[name](z)
        return _loss_terms(lib, a, z, y, loss, X.shape[0])

    update = jax.jit(lambda w, X, y: [p - lr * g for p, g in zip(w, jax.grad(objective)(w, X, y))])
    state = {"w": [jnp.asarray(params[key]) for key in sorted(params, key=_order)]}
    Xj, yj = jnp.asarray(X), jnp.asarray(y.reshape(X.shape[0], sizes[-1]))

    def step():
        state["w"] = update(state["w"], Xj, yj)
        state["w"][0].block_until_ready()
    return step


def _order(key):
    return int(key[1:]), key[0] != "W"


def steps(sizes, activations, loss, params, X, y, lr) -> dict:
    """{name: step} for every peer that imports; the others are listed in MISSING."""
    found = {}
    for name, make in (("PyTorch eager", torch_step), ("JAX jit", jax_step)):
        try:
            found[name] = make(sizes, activations, loss, params, X, y, lr)
        except ImportError:
            if name not in MISSING:
                MISSING.append(name)
    return found
