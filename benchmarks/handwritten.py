"""Hand-written NumPy full-batch gradient-descent step: the benchmark baseline.

Same conventions as the rest of the project: W{l} has shape (n_{l-1}, n_l),
b{l} has shape (n_l,), observations are rows of X, y is (n,) or (n, n_L);
losses sse (sum), mse (1/(2n)), bce and cce (1/n).  Written the way most
people write it: plain float64 forward and backward passes and in-place
updates, with the usual softmax+cce and sigmoid+bce shortcuts.
"""

import numpy as np


def init_params(sizes, seed, scale=0.5):
    """Uniform(-scale, scale) parameters, drawn W1, b1, W2, b2, ... in order."""
    rng = np.random.default_rng(seed)
    params = {}
    for l in range(1, len(sizes)):
        params[f"W{l}"] = rng.uniform(-scale, scale, (sizes[l - 1], sizes[l]))
        params[f"b{l}"] = rng.uniform(-scale, scale, sizes[l])
    return params


def _sigmoid(z):
    """Logistic function."""
    return 1.0 / (1.0 + np.exp(-z))


def _softmax(z):
    """Row-wise softmax."""
    e = np.exp(z - z.max(axis=1, keepdims=True))  # shift avoids overflow
    return e / e.sum(axis=1, keepdims=True)


_ACT = {
    "sigmoid": _sigmoid,
    "tanh": np.tanh,
    "relu": lambda z: np.maximum(z, 0.0),
    "linear": lambda z: z,
    "softmax": _softmax,
}

# Derivatives of the elementwise activations, from z and a = act(z).
_DACT = {
    "sigmoid": lambda z, a: a * (1.0 - a),
    "tanh": lambda z, a: 1.0 - a * a,
    "relu": lambda z, a: (z > 0).astype(z.dtype),  # relu'(0) = 0
    "linear": lambda z, a: 1.0,
}


def _dloss(yhat, y, loss_name):
    """dC/d yhat."""
    n = y.shape[0]
    if loss_name == "sse":
        return yhat - y
    if loss_name == "mse":
        return (yhat - y) / n
    if loss_name == "bce":
        return (yhat - y) / (yhat * (1.0 - yhat) * n)
    return -y / (yhat * n)


def make_step(sizes, activations, loss_name):
    """Return ``step(params, X, y, lr)`` doing one in-place gradient-descent update."""
    L = len(activations)
    if len(sizes) != L + 1:
        raise ValueError("need len(sizes) == len(activations) + 1")
    if "softmax" in activations[:-1]:
        raise ValueError("softmax is only allowed on the output layer")
    if loss_name not in ("sse", "mse", "bce", "cce"):
        raise ValueError(f"unknown loss {loss_name!r}")
    acts = [_ACT[name] for name in activations]
    out = activations[-1]
    # Classic fused output deltas; the cce one assumes rows of y sum to 1 (one-hot).
    fused = (out, loss_name) in (("softmax", "cce"), ("sigmoid", "bce"))
    n_out = sizes[-1]

    def step(params, X, y, lr):
        """One full-batch gradient-descent step; updates ``params`` in place."""
        n = X.shape[0]
        y = y.reshape(n, n_out)
        Ws = [params[f"W{l}"] for l in range(1, L + 1)]
        bs = [params[f"b{l}"] for l in range(1, L + 1)]

        # Forward pass, keeping z and a of every layer.
        a_list, z_list = [X], []
        for W, b, act in zip(Ws, bs, acts):
            z = a_list[-1] @ W + b
            z_list.append(z)
            a_list.append(act(z))
        yhat = a_list[-1]

        # Output delta dC/dz^L.
        if fused:
            delta = (yhat - y) / n
        else:
            g = _dloss(yhat, y, loss_name)
            if out == "softmax":
                delta = yhat * (g - (g * yhat).sum(axis=1, keepdims=True))
            else:
                delta = g * _DACT[out](z_list[-1], yhat)

        # Backward pass: all gradients first, since deltas need the old weights.
        dWs, dbs = [None] * L, [None] * L
        for l in range(L - 1, -1, -1):
            dWs[l] = a_list[l].T @ delta
            dbs[l] = delta.sum(axis=0)
            if l > 0:
                delta = (delta @ Ws[l].T) * _DACT[activations[l - 1]](z_list[l - 1], a_list[l])

        for W, b, dW, db in zip(Ws, bs, dWs, dbs):
            W -= lr * dW
            b -= lr * db

    return step
