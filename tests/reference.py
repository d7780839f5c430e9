"""Independent NumPy/mpmath reference for MLP outputs, losses and gradients.

Written from first principles; it imports nothing from ``symback`` so it can
check the symbolic derivation and the generated code.

Conventions:
    sizes        [inputs, n1, ..., nL]
    activations  L names from ACTIVATIONS; "softmax" only on the output layer
    params       {"W1": (n0, n1), "b1": (n1,), ..., "WL": (n_{L-1}, nL), "bL": (nL,)}
    forward      a^0 = X (n, inputs); z^l = a^{l-1} @ W{l} + b{l}; a^l = act_l(z^l)
    targets      y of shape (n,) if nL == 1 else (n, nL); reshaped to (n, nL)
    losses       sums run over observations and outputs:
                 sse = sum 0.5 (yhat - y)^2              (a sum, not a mean)
                 mse = 1/(2n) sum (yhat - y)^2
                 bce = -1/n sum [y log yhat + (1 - y) log(1 - yhat)]
                 cce = -1/n sum y log yhat
    relu'(0) = 0.  Terms with a zero target weight count as 0 (0 log 0 = 0),
    so correctly saturated outputs give finite losses and gradients.

With random float data z == 0 (the relu kink) has probability zero, so no
special handling of the kink is needed for finite-difference checks.
"""

import functools

import mpmath
import numpy as np

ACTIVATIONS = ("sigmoid", "tanh", "relu", "linear", "softmax", "leaky_relu", "elu", "softplus", "silu")
# A test's own activation: name -> (f, f', mpmath f), each written by hand in the test.
CUSTOM = {}


def register_activation(name, function, derivative, mp_function):
    """Make ``name`` usable like a built-in activation (for a spec's [activations.NAME])."""
    CUSTOM[name] = (function, derivative, mp_function)
LOSSES = ("sse", "mse", "bce", "cce")


def _quiet_underflow(fn):
    """Run ``fn`` with NumPy underflow errors disabled."""
    # Underflow to 0 (e.g. sigmoid(-1000)) is the correctly rounded result, so it
    # must not trip callers that run under np.errstate(all="raise").
    @functools.wraps(fn)
    def wrapper(*args, **kwargs):
        with np.errstate(under="ignore"):
            return fn(*args, **kwargs)

    return wrapper


def _check(activations, loss_name=None):
    """Validate activation and loss names."""
    for l, name in enumerate(activations, start=1):
        if name not in ACTIVATIONS and name not in CUSTOM:
            raise ValueError(f"unknown activation {name!r}")
        if name == "softmax" and l != len(activations):
            raise ValueError("softmax is only allowed on the output layer")
    if loss_name is not None and loss_name not in LOSSES:
        raise ValueError(f"unknown loss {loss_name!r}")


def init_params(sizes, seed, scale=0.5):
    """Uniform(-scale, scale) parameters, drawn W1, b1, W2, b2, ... in order."""
    rng = np.random.default_rng(seed)
    params = {}
    for l in range(1, len(sizes)):
        params[f"W{l}"] = rng.uniform(-scale, scale, (sizes[l - 1], sizes[l]))
        params[f"b{l}"] = rng.uniform(-scale, scale, sizes[l])
    return params


def _act(name, z):
    """Apply an activation elementwise (row-wise for softmax)."""
    if name == "sigmoid":
        e = np.exp(-np.abs(z))  # exponent <= 0: never overflows
        return np.where(z >= 0, 1.0 / (1.0 + e), e / (1.0 + e))
    if name == "tanh":
        return np.tanh(z)
    if name == "relu":
        return np.where(z > 0, z, 0.0)
    if name == "linear":
        return z
    if name == "leaky_relu":
        return np.where(z > 0, z, 0.01 * z)
    if name == "elu":
        return np.where(z > 0, z, np.expm1(np.minimum(z, 0.0)))
    if name == "softplus":
        return np.logaddexp(0.0, z)
    if name == "silu":
        return z * _act("sigmoid", z)
    if name in CUSTOM:
        return CUSTOM[name][0](z)
    e = np.exp(z - z.max(axis=1, keepdims=True))  # shift: exponents <= 0
    return e / e.sum(axis=1, keepdims=True)


def _act_vjp(name, z, a, g):
    """Row-wise vector-Jacobian product g @ d act(z) / dz."""
    if name == "sigmoid":
        return g * a * (1.0 - a)
    if name == "tanh":
        return g * (1.0 - a * a)
    if name == "relu":
        return g * (z > 0)  # relu'(0) = 0
    if name == "linear":
        return g
    if name == "leaky_relu":
        return g * np.where(z > 0, 1.0, 0.01)
    if name == "elu":
        return g * np.where(z > 0, 1.0, np.exp(np.minimum(z, 0.0)))
    if name == "softplus":
        return g * _act("sigmoid", z)
    if name == "silu":
        sigma = _act("sigmoid", z)
        return g * (sigma + z * sigma * (1.0 - sigma))
    if name in CUSTOM:
        return g * CUSTOM[name][1](z)
    # Full softmax Jacobian J[i, p, q] = d a_ip / d z_iq = a_ip (delta_pq - a_iq),
    # used for every loss; no cce-specific shortcut.
    jac = a[:, :, None] * (np.eye(a.shape[1]) - a[:, None, :])
    return np.einsum("ip,ipq->iq", g, jac)


def _xlogy(y, p):
    """y * log(p) with the convention 0 * log(anything) = 0."""
    out = np.zeros_like(p)
    np.log(p, out=out, where=(y != 0))
    return y * out


def _xdivy(y, p):
    """y / p with the convention 0 / anything = 0."""
    return np.divide(y, p, out=np.zeros_like(p), where=(y != 0))


def _targets(y, yhat):
    """Targets as a float array shaped like yhat."""
    return np.asarray(y, dtype=float).reshape(yhat.shape)


@_quiet_underflow
def forward(params, X, activations):
    """Return (zs, acts): zs = [z^1..z^L], acts = [a^0 = X, a^1, ..., a^L]."""
    _check(activations)
    acts = [np.asarray(X, dtype=float)]
    zs = []
    for l, name in enumerate(activations, start=1):
        z = acts[-1] @ params[f"W{l}"] + params[f"b{l}"]
        zs.append(z)
        acts.append(_act(name, z))
    return zs, acts


def predict(params, X, activations):
    """Network output yhat = a^L, shape (n, nL)."""
    return forward(params, X, activations)[1][-1]


def _loss_from_output(yhat, y, loss_name):
    """Loss value given outputs and targets of equal shape."""
    n = yhat.shape[0]
    if loss_name == "sse":
        return 0.5 * np.sum((yhat - y) ** 2)
    if loss_name == "mse":
        return np.sum((yhat - y) ** 2) / (2 * n)
    if loss_name == "bce":
        return -np.sum(_xlogy(y, yhat) + _xlogy(1.0 - y, 1.0 - yhat)) / n
    return -np.sum(_xlogy(y, yhat)) / n


def _loss_grad_output(yhat, y, loss_name):
    """dC/d yhat, same shape as yhat."""
    n = yhat.shape[0]
    if loss_name == "sse":
        return yhat - y
    if loss_name == "mse":
        return (yhat - y) / n
    if loss_name == "bce":
        return -(_xdivy(y, yhat) - _xdivy(1.0 - y, 1.0 - yhat)) / n
    return -_xdivy(y, yhat) / n


@_quiet_underflow
def loss(params, X, y, activations, loss_name, l2=0.0):
    """Loss of the network on (X, y) as a Python float, plus (l2/2) Σ W² over the weights."""
    _check(activations, loss_name)
    yhat = predict(params, X, activations)
    penalty = 0.5 * l2 * sum(float(np.sum(v * v)) for k, v in params.items() if k.startswith("W"))
    return float(_loss_from_output(yhat, _targets(y, yhat), loss_name)) + penalty


@_quiet_underflow
def backprop(params, X, y, activations, loss_name, l2=0.0):
    """Plain vectorised backpropagation; returns {"W1": dW1, "b1": db1, ...}."""
    _check(activations, loss_name)
    zs, acts = forward(params, X, activations)
    g = _loss_grad_output(acts[-1], _targets(y, acts[-1]), loss_name)  # dC/da^L
    grads = {}
    for l in range(len(activations), 0, -1):
        delta = _act_vjp(activations[l - 1], zs[l - 1], acts[l], g)  # dC/dz^l
        grads[f"W{l}"] = acts[l - 1].T @ delta + l2 * params[f"W{l}"]
        grads[f"b{l}"] = delta.sum(axis=0)
        g = delta @ params[f"W{l}"].T  # dC/da^{l-1}
    return {k: grads[k] for k in params}


def finite_differences(params, X, y, activations, loss_name, eps=1e-6, l2=0.0):
    """Central-difference gradient of ``loss`` for every parameter entry."""
    work = {k: np.array(v, dtype=float) for k, v in params.items()}
    grads = {}
    for key, arr in work.items():
        g = np.zeros_like(arr)
        for idx in np.ndindex(arr.shape):
            orig = arr[idx]
            arr[idx] = orig + eps
            plus = loss(work, X, y, activations, loss_name, l2)
            arr[idx] = orig - eps
            minus = loss(work, X, y, activations, loss_name, l2)
            arr[idx] = orig
            g[idx] = (plus - minus) / (2 * eps)
        grads[key] = g
    return grads


# --- mpmath (high precision) -------------------------------------------------

_to_mp = np.vectorize(lambda v: mpmath.mpf(float(v)), otypes=[object])  # exact


def _mp_act(name, z):
    """Activation on an object array of mpf at the current mpmath precision."""
    if name == "sigmoid":
        return np.vectorize(lambda v: 1 / (1 + mpmath.exp(-v)), otypes=[object])(z)
    if name == "tanh":
        return np.vectorize(mpmath.tanh, otypes=[object])(z)
    if name == "relu":
        return np.vectorize(lambda v: v if v > 0 else mpmath.mpf(0), otypes=[object])(z)
    if name == "linear":
        return z
    scalar = {"leaky_relu": lambda v: v if v > 0 else v / 100,
              "elu": lambda v: v if v > 0 else mpmath.exp(v) - 1,
              "softplus": lambda v: mpmath.log(1 + mpmath.exp(v)),
              "silu": lambda v: v / (1 + mpmath.exp(-v))}
    if name in scalar or name in CUSTOM:
        return np.vectorize(scalar.get(name) or CUSTOM.get(name, (None, None, None))[2], otypes=[object])(z)
    e = np.vectorize(mpmath.exp, otypes=[object])(z)  # no overflow in mpmath
    return e / e.sum(axis=1, keepdims=True)


def _mp_loss_value(mp_params, Xm, ym, activations, loss_name):
    """Loss with object arrays of mpf at the current mpmath precision."""
    a = Xm
    for l, name in enumerate(activations, start=1):
        a = _mp_act(name, a @ mp_params[f"W{l}"] + mp_params[f"b{l}"])
    n = a.shape[0]
    xlogy = np.vectorize(lambda t, p: t * mpmath.log(p) if t != 0 else mpmath.mpf(0),
                         otypes=[object])
    if loss_name == "sse":
        return mpmath.fsum(((a - ym) ** 2).ravel()) / 2
    if loss_name == "mse":
        return mpmath.fsum(((a - ym) ** 2).ravel()) / (2 * n)
    if loss_name == "bce":
        return -mpmath.fsum((xlogy(ym, a) + xlogy(1 - ym, 1 - a)).ravel()) / n
    return -mpmath.fsum(xlogy(ym, a).ravel()) / n


def _mp_inputs(params, X, y, activations, loss_name):
    """Convert params, X and y exactly to object arrays of mpf."""
    _check(activations, loss_name)
    Xm = _to_mp(np.asarray(X, dtype=float))
    n_out = np.shape(params[f"W{len(activations)}"])[1]
    ym = _to_mp(np.asarray(y, dtype=float).reshape(Xm.shape[0], n_out))
    mp_params = {k: _to_mp(np.asarray(v, dtype=float)) for k, v in params.items()}
    return mp_params, Xm, ym


def mp_loss(params, X, y, activations, loss_name, dps=50):
    """Loss computed with mpmath at ``dps`` decimal digits; returns an mpf."""
    mp_params, Xm, ym = _mp_inputs(params, X, y, activations, loss_name)
    with mpmath.workdps(dps):
        return +_mp_loss_value(mp_params, Xm, ym, activations, loss_name)


def mp_gradient_entry(params, X, y, activations, loss_name, key, index, dps=50):
    """d loss / d params[key][index] to about ``dps`` digits; returns an mpf.

    ``index`` is a tuple (or a flat int).  Central differences at 2*dps+10
    working digits with h = 10**-(dps+5): truncation error ~h**2 and rounding
    error ~10**-(2*dps+10)/h are both far below 10**-dps.
    """
    mp_params, Xm, ym = _mp_inputs(params, X, y, activations, loss_name)
    arr = mp_params[key]
    idx = np.unravel_index(index, arr.shape) if np.ndim(index) == 0 else tuple(index)
    orig = arr[idx]
    with mpmath.workdps(2 * dps + 10):
        h = mpmath.mpf(10) ** -(dps + 5)
        arr[idx] = orig + h
        plus = _mp_loss_value(mp_params, Xm, ym, activations, loss_name)
        arr[idx] = orig - h
        minus = _mp_loss_value(mp_params, Xm, ym, activations, loss_name)
        arr[idx] = orig
        d = (plus - minus) / (2 * h)
    with mpmath.workdps(dps):
        return +d


def random_problem(sizes, activations, loss_name, n=5, seed=0):
    """Random (params, X, y): binary targets for bce, one-hot for cce, else normal.

    Data come from a stream separate from the parameters.  z == 0 has
    probability zero, so relu kinks need no special care.
    """
    _check(activations, loss_name)
    if len(sizes) != len(activations) + 1:
        raise ValueError("need len(sizes) == len(activations) + 1")
    params = init_params(sizes, seed)
    rng = np.random.default_rng([seed, 1])
    X = rng.standard_normal((n, sizes[0]))
    k = sizes[-1]
    if loss_name == "bce":
        y = rng.integers(0, 2, (n, k)).astype(float)
    elif loss_name == "cce":
        y = np.eye(k)[rng.integers(0, k, n)]
    else:
        y = rng.standard_normal((n, k))
    return params, X, (y[:, 0] if k == 1 else y)
