"""The Proof must accept what is right and reject what is wrong, by both methods."""

import pytest
import sympy

from symback import Architecture, derive, prove
from symback.activations import ACTIVATIONS
from symback.derive import Chain, Step
from symback.errors import ProofError
from symback.model import OBS
from symback.proof import Prover


def _arch(spec, activations, loss):
    sizes = [int(s) for s in spec.split("-")]
    return Architecture(inputs=sizes[0], layers=tuple(zip(sizes[1:], activations)), loss=loss)


@pytest.mark.parametrize("method", ["symbolic", "numeric"])
@pytest.mark.parametrize("spec,activations,loss", [
    ("3-2-3-1", ("sigmoid",) * 3, "sse"),
    ("2-3-2", ("tanh", "softmax"), "cce"),
    ("2-2-2", ("relu", "sigmoid"), "bce"),
    ("2-2-3", ("linear", "softmax"), "sse"),
])
def test_every_equality_holds(spec, activations, loss, method):
    report = prove(derive(_arch(spec, activations, loss)), method)
    assert report.ok and report.method == method
    assert len(report.checks) > 50


def _wrong_versions(step_expr, model):
    """Familiar mistakes applied to a correct expression: a g' dropped, a sign, a factor 2."""
    primes = sorted((a for a in step_expr.atoms(sympy.Function) if getattr(a, "prime", False)), key=str)
    yield step_expr.xreplace({primes[0]: 1})
    at_output = primes[0].args[0]  # g'(e) taken at s instead: the same neuron, the wrong signal
    yield step_expr.xreplace({primes[0]: primes[0].func(model.s(at_output.indices[1]))})
    yield -step_expr
    yield 2 * step_expr


@pytest.mark.parametrize("method", ["symbolic", "numeric"])
def test_wrong_steps_are_rejected(method):
    derivation = derive(_arch("3-2-3-1", ("sigmoid",) * 3, "sse"))
    prover = Prover(derivation, method)
    gradient = next(g for g in derivation.gradients() if str(g.parameter) == "w[1, 4]")
    chain = gradient.chain("prediction_chain")
    final = chain.final
    assert prover.check("right", chain.lhs, final).ok
    for wrong in _wrong_versions(final, derivation.model):
        check = prover.check("wrong", chain.lhs, wrong)
        assert not check.ok, wrong


def test_a_wrong_chain_stops_the_proof():
    derivation = derive(_arch("2-2-1", ("sigmoid",) * 2, "sse"))
    group = derivation.groups[0]
    broken = Chain(group.prediction_chain.lhs, group.prediction_chain.steps[:-1]
                   + (Step(sympy.Integer(1), group.prediction_chain.steps[-1].rule),))
    object.__setattr__(group, "prediction_chain", broken)
    report = prove(derivation, "numeric")
    assert not report.ok
    with pytest.raises(ProofError, match="failed the proof"):
        report.raise_for_failures()


def test_error_term_is_derivative_of_per_observation_loss():
    derivation = derive(_arch("2-3-1", ("tanh", "linear"), "mse"))
    prover = Prover(derivation, "symbolic")
    term = derivation.error_term(1)
    for neuron in (3, 4, 5):
        expr = term.chain.final.xreplace({term.neuron: sympy.Integer(neuron)})
        delta = sympy.IndexedBase("delta")[OBS, neuron]
        assert prover.check("delta", delta, expr).ok
        assert not prover.check("delta", delta, 2 * expr).ok


@pytest.mark.parametrize("name", ["sigmoid", "tanh", "relu", "linear"])
def test_activation_table_derivatives(name):
    """Each table derivative is SymPy's derivative of the table's explicit form."""
    entry = ACTIVATIONS[name]
    x = sympy.Symbol("x", real=True)
    explicit = {"sigmoid": 1 / (1 + sympy.exp(-x)), "tanh": sympy.tanh(x),
                "relu": sympy.Max(0, x), "linear": x}[name]
    for value in (sympy.Rational(-13, 10), sympy.Rational(-1, 5), sympy.Rational(2, 5), sympy.Rational(21, 10)):
        expected = sympy.diff(explicit, x).subs(x, value).evalf(30)
        got = entry.sympy_derivative(x).subs(x, value).evalf(30)
        assert abs(expected - got) < 1e-25
        assert abs(entry.sympy_form(x).subs(x, value).evalf(30) - explicit.subs(x, value).evalf(30)) < 1e-25


def test_large_network_is_sampled_numerically():
    derivation = derive(_arch("30-20-10-3", ("sigmoid", "tanh", "softmax"), "cce"))
    report = prove(derivation, "auto")
    assert report.method == "numeric" and report.ok
