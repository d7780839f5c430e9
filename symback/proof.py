"""The Proof: every equality a Derivation states, checked before anything is printed.

Two independent methods:
- symbolic: every signal is replaced by its nested expression in the parameters, every
  ∂X/∂p by SymPy's own derivative of that expression, and the difference of the two sides
  must vanish (activation applications are treated as opaque atoms, so the difference is a
  rational function that ``expand``/``cancel`` decide);
- numeric: both sides evaluated at random points with 60-digit mpmath arithmetic, every
  ∂X/∂p by the complex step on an independent forward pass (see numeric.py).
Symbolic is used for networks of at most 150 parameters, numeric above (or on request).
"""

from __future__ import annotations

import dataclasses
import random
from functools import cached_property

import mpmath
import sympy
from sympy import Integer

from .derive import LOSS_I, OBJECTIVE, Chain, Derivation, Gradient
from .errors import ProofError
from .model import DELTA, ActivationBase, Model, Partial, Softmax, drop_observation_sum
from .numeric import NumericPoint

SYMBOLIC_LIMIT = 150
NUMERIC_POINTS = 2
SAMPLES_PER_GROUP = 4
OUTPUT_SAMPLES = 2
TOLERANCE = mpmath.mpf(10) ** -40


@dataclasses.dataclass(frozen=True)
class Check:
    """One equality checked for one set of index values."""

    what: str
    method: str
    ok: bool
    detail: str = ""


@dataclasses.dataclass(frozen=True)
class ProofReport:
    """What was checked, how, and whether everything held."""

    method: str
    checks: tuple[Check, ...]

    @property
    def ok(self) -> bool:
        return all(check.ok for check in self.checks)

    @property
    def failures(self) -> tuple[Check, ...]:
        return tuple(check for check in self.checks if not check.ok)

    def raise_for_failures(self) -> None:
        if not self.ok:
            first = self.failures[0]
            raise ProofError(f"{len(self.failures)} equalities failed the proof; first: {first.what} "
                             f"({first.method}): {first.detail}")


class Prover:
    """Checks equalities between derivation expressions for one model."""

    def __init__(self, derivation: Derivation, method: str = "auto", seed: int = 2024):
        self.derivation = derivation
        self.model: Model = derivation.model
        if method == "auto":
            method = "symbolic" if self.model.arch.parameter_count <= SYMBOLIC_LIMIT else "numeric"
        if method not in ("symbolic", "numeric"):
            raise ValueError(f"unknown proof method {method!r}")
        self.method = method
        self.seed = seed
        self._diff_cache: dict = {}

    # -- numeric --------------------------------------------------------------------------
    @cached_property
    def points(self) -> list[NumericPoint]:
        return [NumericPoint(self.model, self.seed + index) for index in range(NUMERIC_POINTS)]

    def _numeric_equal(self, left, right) -> tuple[bool, str]:
        for point in self.points:
            a, b = point.evaluate(left), point.evaluate(right)
            scale = max(abs(a), abs(b), mpmath.mpf(1))
            if abs(a - b) > TOLERANCE * scale:
                return False, f"{mpmath.nstr(a, 20)} != {mpmath.nstr(b, 20)}"
        return True, ""

    # -- symbolic -------------------------------------------------------------------------
    @cached_property
    def _signals(self) -> dict:
        return self.model.realized_signals(exp=Exp)

    @cached_property
    def _per_observation_loss(self):
        terms = [self.model.loss_term(Integer(o)) for o in self.model.outputs.numbers()]
        return sympy.Add(*terms).xreplace(self._signals)

    def _plain(self, expr):
        """Signals, δ, J and activations replaced by expressions in parameters and inputs.

        Structural replacements run on the small derivation expression; the large realized
        pieces go in with one final xreplace, so no pass ever walks a realized tree.
        """
        # Σ_i of per-observation terms: both sides are compared term by term in i.
        expr = drop_observation_sum(expr).doit().replace(sympy.exp, Exp)
        expr = expr.replace(lambda e: isinstance(e, ActivationBase), self._real_activation)
        expr = expr.replace(lambda e: isinstance(e, Softmax), lambda e: self.model.s(e.args[0].indices[1]))
        mapping = dict(self._signals)
        mapping[OBJECTIVE] = mapping[LOSS_I] = self._per_observation_loss
        for node in sympy.preorder_traversal(expr):
            if isinstance(node, Partial):
                mapping[node] = self._derivative(*node.args)
            elif isinstance(node, sympy.Indexed) and node.base == DELTA:
                mapping[node] = self._delta(node.indices[1])
        return expr.xreplace(mapping)

    def _real_activation(self, applied):
        entry = self.model.activation(applied.layer)
        form = entry.sympy_derivative if applied.prime else entry.sympy_form
        return form(applied.args[0])

    def _derivative(self, quantity, wrt):
        key = (quantity, wrt)
        if key not in self._diff_cache:
            if wrt.base == sympy.IndexedBase("e"):
                self._diff_cache[key] = self._derivative_by_e(quantity, wrt)
            else:
                self._diff_cache[key] = sympy.diff(self._plain(quantity), wrt)
        return self._diff_cache[key]

    def _derivative_by_e(self, quantity, e_signal):
        """∂J_i/∂e_{i,j}: J_i rebuilt with e_{i,j} as a free symbol, then differentiated."""
        free = sympy.Symbol("epsilon_free")
        model = self.model
        layer = model.layer_of(e_signal.indices[1])
        signals = self._signals
        shifted = dict(signals)
        shifted[e_signal] = free
        for rng in model.ranges[layer:]:
            for m in rng.numbers():
                m = Integer(m)
                if rng.index > layer:
                    shifted[model.e(m)] = model.e_definition(m).doit().xreplace(shifted)
                if model.activation(rng.index).elementwise:
                    shifted[model.s(m)] = model.activation(rng.index).sympy_form(shifted[model.e(m)])
            if not model.activation(rng.index).elementwise:
                total = sum(Exp(shifted[model.e(Integer(q))]) for q in rng.numbers())
                for q in rng.numbers():
                    shifted[model.s(Integer(q))] = Exp(shifted[model.e(Integer(q))]) / total
        for o in model.outputs.numbers():
            shifted[model.yhat(Integer(o))] = shifted[model.s(Integer(o))]
        loss = sympy.Add(*[model.loss_term(Integer(o)) for o in model.outputs.numbers()]).xreplace(shifted)
        return sympy.diff(loss, free).xreplace({free: signals[e_signal]})

    def _delta(self, neuron):
        return self._derivative(LOSS_I, self.model.e(neuron))

    def _targets_constraint(self) -> dict:
        """cce's targets are probabilities: the last y_{i,o} is 1 minus the others."""
        if self.model.loss.name != "cce":
            return {}
        outputs = [Integer(o) for o in self.model.outputs.numbers()]
        last = self.model.y(outputs[-1])
        return {last: 1 - sum(self.model.y(o) for o in outputs[:-1])}

    @cached_property
    def _opaque_atoms(self) -> dict:
        """Every activation application the realized signals can contain, each as a symbol,
        so that the difference of two sides becomes a rational function of plain symbols."""
        atoms = {}
        for rng in self.model.ranges[1:]:
            entry = self.model.activation(rng.index)
            for m in rng.numbers():
                argument = self._signals[self.model.e(Integer(m))]
                candidates = [Exp(argument)]
                if entry.elementwise:
                    candidates += [entry.sympy_form(argument), entry.sympy_derivative(argument)]
                for candidate in candidates:
                    if isinstance(candidate, sympy.Function):
                        atoms[candidate] = sympy.Symbol(f"atom{len(atoms)}")
                    for sub in candidate.atoms(sympy.Function):
                        atoms.setdefault(sub, sympy.Symbol(f"atom{len(atoms)}"))
        return atoms

    def _symbolic_equal(self, left, right) -> tuple[bool, str]:
        difference = (self._plain(left) - self._plain(right)).xreplace(self._targets_constraint())
        difference = difference.xreplace(self._opaque_atoms)
        if difference == 0 or sympy.expand(difference) == 0:
            return True, ""
        if sympy.cancel(sympy.together(difference)) == 0:
            return True, ""
        return False, "difference does not vanish"

    # -- public ---------------------------------------------------------------------------
    def equal(self, left, right) -> tuple[bool, str]:
        """Decide left == right for concrete indices with this prover's method."""
        if self.method == "symbolic":
            return self._symbolic_equal(left, right)
        return self._numeric_equal(left, right)

    def check(self, what: str, left, right) -> Check:
        ok, detail = self.equal(left, right)
        return Check(what, self.method, ok, detail)

    def check_chain(self, what: str, chain: Chain) -> list[Check]:
        return [self.check(f"{what}, step {index} ({rule})", left, right)
                for index, (left, right, rule) in enumerate(chain.equalities(), start=1)]

    def sample(self, items: list, size: int = None) -> list:
        """Every instance on networks of at most 150 parameters; a seeded sample above."""
        size = SAMPLES_PER_GROUP if size is None else size
        if self.model.arch.parameter_count <= SYMBOLIC_LIMIT or len(items) <= size:
            return items
        return random.Random(self.seed).sample(items, size)


class Exp(sympy.Function):
    """exp kept as one opaque atom per argument: SymPy merges exp(a)·exp(b) into exp(a+b),
    which would hide equal atoms from the comparison."""

    def fdiff(self, argindex=1):
        return Exp(self.args[0])


def _prediction_instances(derivation: Derivation, gradient: Gradient):
    """The chain of ∂f_{i,o}/∂p for every output o it stands for."""
    chain = gradient.chain("prediction_chain")
    output = gradient.group.output.xreplace(gradient.substitution)
    if output.is_Integer:
        return [(int(output), chain)]
    return [(o, chain.xreplace({output: Integer(o)})) for o in derivation.model.outputs.numbers()]


def prove(derivation: Derivation, method: str = "auto") -> ProofReport:
    """Check every chain of every group and every error term, and the final forms.

    Args:
        derivation: what to check.
        method: ``auto`` (symbolic up to 150 parameters), ``symbolic`` or ``numeric``.
    Returns:
        the ProofReport; call ``raise_for_failures`` to stop on any failure.
    """
    prover = Prover(derivation, method)
    checks: list[Check] = []
    for group in derivation.groups:
        for gradient in prover.sample(list(derivation.instances(group))):
            name = str(gradient.parameter)
            for output, chain in prover.sample(_prediction_instances(derivation, gradient), OUTPUT_SAMPLES):
                checks += prover.check_chain(f"{name} prediction_chain (output {output})", chain)
            for chain_name in ("objective_chain", "delta_chain"):
                checks += prover.check_chain(f"{name} {chain_name}", gradient.chain(chain_name))
            expanded = Partial(OBJECTIVE, gradient.parameter)
            checks.append(prover.check(f"{name} step form = expanded", gradient.expression, expanded))
            checks.append(prover.check(f"{name} delta form = expanded", gradient.delta_form, expanded))
    for term in derivation.error_terms:
        neurons = derivation.model.ranges[term.layer].numbers()
        for neuron in prover.sample(list(neurons)):
            mapping = {term.neuron: Integer(neuron)} if not term.neuron.is_Integer else {}
            checks += prover.check_chain(f"delta of neuron {neuron}", term.chain.xreplace(mapping))
    return ProofReport(prover.method, tuple(checks))
