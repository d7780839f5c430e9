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


@pytest.mark.parametrize("method", ["symbolic", "expanded", "numeric"])
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


def _primes(expr):
    return sorted((a for a in expr.atoms(sympy.Function) if getattr(a, "prime", False)), key=str)


def _drop_prime(expr, model):
    return expr.xreplace({_primes(expr)[0]: 1})


def _prime_at_s(expr, model):
    prime = _primes(expr)[0]  # g'(e) taken at s instead: the same neuron, the wrong signal
    return expr.xreplace({prime: prime.func(model.s(prime.args[0].indices[1]))})


def _missing_path(expr, model):
    """One neuron left out of the first sum over a layer: a path through the network lost."""
    total = next(node for node in sympy.preorder_traversal(expr)
                 if isinstance(node, sympy.Sum) and node.limits[0][0] != OBS)
    (index, low, high), = total.limits
    return expr.xreplace({total: sympy.Sum(total.function, (index, low, high - 1))})


def _wrong_index(expr, model):
    """The first weight with its two indices swapped."""
    weight = sorted((a for a in expr.atoms(sympy.Indexed) if a.base.name == "w"), key=str)[0]
    return expr.xreplace({weight: weight.base[weight.indices[1], weight.indices[0]]})


MUTATIONS = {"dropped g'": _drop_prime, "g' at s": _prime_at_s, "missing path": _missing_path,
             "wrong index": _wrong_index, "sign": lambda expr, model: -expr,
             "factor 2": lambda expr, model: 2 * expr}


def _last_generic(chain) -> int:
    """The position of the last step that still writes g' (before the specific step)."""
    return max(index for index, step in enumerate(chain.steps) if step.rule != "specific-derivative")


def _mutated_chain(chain, position, mutation, model):
    steps = list(chain.steps)
    steps[position] = Step(MUTATIONS[mutation](steps[position].expr, model), steps[position].rule)
    return Chain(chain.lhs, tuple(steps))


@pytest.mark.parametrize("mutation", sorted(MUTATIONS))
@pytest.mark.parametrize("spec,activations,loss", [
    ("3-4-4-4-4-1", ("sigmoid",) * 5, "sse"),
    ("2-3-3-3-2", ("tanh", "relu", "tanh", "softmax"), "cce"),
])
def test_deep_mutations_are_rejected_symbolically_naming_rule_and_link(spec, activations, loss, mutation):
    """A familiar mistake planted in the last step of the first layer's weight chain fails the
    symbolic proof at exactly that link, and the failure names the rule."""
    derivation = derive(_arch(spec, activations, loss))
    prover = Prover(derivation)
    chain = derivation.group(1, "weight").prediction_chain
    last = _last_generic(chain)
    checks = prover.check_chain("weights into layer 1", _mutated_chain(chain, last, mutation, derivation.model))
    failed = [check for check in checks if not check.ok]
    # The planted link fails; the specific step after it (if any) then reads a wrong left side.
    assert failed[0].what == f"weights into layer 1, step {last + 1} ({chain.steps[last].rule})"
    assert all(check.what.endswith("(specific-derivative)") for check in failed[1:])
    assert failed[0].method == "symbolic"


@pytest.mark.parametrize("mutation", ["dropped g'", "sign", "factor 2", "missing path"])
def test_mutated_objective_and_delta_links_are_rejected(mutation):
    derivation = derive(_arch("3-4-4-4-1", ("tanh", "sigmoid", "relu", "sigmoid"), "bce"))
    prover = Prover(derivation)
    chain = derivation.group(1, "weight").objective_chain
    wrong = _mutated_chain(chain, _last_generic(chain), mutation, derivation.model)
    assert not all(check.ok for check in prover.check_chain("objective", wrong))
    if mutation != "missing path":
        term = derivation.error_term(2)
        wrong = _mutated_chain(term.chain, 0, mutation, derivation.model)
        assert not all(check.ok for check in prover.check_chain("delta", wrong))


@pytest.mark.parametrize("method", ["symbolic", "expanded", "numeric"])
def test_wrong_steps_are_rejected(method):
    derivation = derive(_arch("3-2-3-1", ("sigmoid",) * 3, "sse"))
    prover = Prover(derivation, method)
    gradient = next(g for g in derivation.gradients() if str(g.parameter) == "w[1, 4]")
    chain = gradient.chain("prediction_chain")
    final = chain.generic
    assert prover.check("right", chain.lhs, final).ok
    for mutation in ("dropped g'", "g' at s", "sign", "factor 2"):
        check = prover.check("wrong", chain.lhs, MUTATIONS[mutation](final, derivation.model))
        assert not check.ok, mutation


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


def test_large_network_is_proved_symbolically_with_a_short_summary():
    derivation = derive(_arch("30-20-10-3", ("sigmoid", "tanh", "softmax"), "cce"))
    report = prove(derivation)
    assert report.method == "symbolic" and report.ok
    assert str(report) == f"proof (symbolic): {len(report.checks)} equalities checked, all hold"
    assert repr(report) == f"<ProofReport symbolic: {len(report.checks)} checks, 0 failures>"


@pytest.mark.parametrize("spec,activations,loss", [
    ("2-3-2", ("sigmoid", "softmax"), "cce"),
    ("2-2-1", ("relu", "sigmoid"), "bce"),
    ("2-2-2-1", ("tanh", "sigmoid", "linear"), "mse"),
])
def test_symbolic_and_expanded_agree_on_every_check(spec, activations, loss):
    """The local proof and the independent expanded comparison accept the same derivation."""
    derivation = derive(_arch(spec, activations, loss))
    local, expanded = prove(derivation, "symbolic"), prove(derivation, "expanded")
    assert local.ok and expanded.ok
    assert len(expanded.checks) > 20


@pytest.mark.parametrize("spec,activations,loss", [
    ("3-2-3-1", ("sigmoid",) * 3, "sse"),
    ("2-3-3-3-2", ("tanh", "relu", "tanh", "softmax"), "cce"),
    ("2-1-3-1", ("sigmoid", "tanh", "sigmoid"), "bce"),
])
def test_each_recorded_rewrite_is_the_whole_difference_of_its_link(spec, activations, loss):
    """The proof decides a link on the part the step says it rewrote; that part, replaced by
    what it became, must turn the left side into the right side exactly (the rest is shared)."""
    derivation = derive(_arch(spec, activations, loss))
    recorded = 0
    for group in derivation.groups:
        for chain in (group.prediction_chain, group.objective_chain, group.delta_chain):
            for (left, right, _), step in zip(chain.equalities(), chain.steps):
                if step.rewrote:
                    part, rewritten = step.rewrote
                    assert left.xreplace({part: rewritten}) == right
                    recorded += 1
    assert recorded > 0
