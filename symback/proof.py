"""The Proof: every equality a Derivation states, checked before anything is printed.

Three methods decide ``left == right``:
- ``symbolic`` (the default at every size): a link of a chain is decided on the part its rule
  rewrote (congruence.py, local_proof.py), with the derivatives it did not touch kept whole;
  only when that fails are both whole sides put in normal form, every ∂X/∂v unfolded through
  the forward equations one level at a time with sums kept closed (normal_form.py), and
  compared in canonical form (canonical.py). A chain is checked once per group with its
  indices free, so the work never grows with the number of paths through the network;
- ``expanded``: every signal replaced by its nested expression in the parameters and SymPy's
  own derivative of that (expanded.py) — an independent cross-check for small networks;
- ``numeric``: both sides at random points in 60-digit arithmetic, every ∂X/∂p by the complex
  step on an independent forward pass (numeric.py).
"""

from __future__ import annotations

from functools import cached_property

import mpmath
from sympy import Indexed, Integer

from .canonical import Canonical, alpha_equal, written_out_equal
from .congruence import differing_parts
from .derive import Chain, Derivation, Group
from .expanded import ExpandedComparison
from .limits import close
from .local_proof import START_LEVEL, LocalProof, lowest_layer
from .model import DELTA, E, F, LOSS_I, OBS, S, YHAT, Model, NeuronIndex, Partial
from .normal_form import LEVELS, Unfolder
from .numeric import NumericPoint
from .progress import Progress
from .proof_report import Check, ProofReport
from .sampled_instances import sample, sampled_instance_checks
from .rules import DELTA_RECURSION, RULES, SPECIFIC, SUBSTITUTE
from .trees import substitute

METHODS = ("symbolic", "expanded", "numeric")
NUMERIC_POINTS = 2


def _error_term_definition(delta, partial) -> bool:
    """``delta`` is ε_{i,j} and ``partial`` is ∂J_i/∂e_{i,j}, its definition."""
    return (isinstance(delta, Indexed) and delta.base == DELTA
            and partial == Partial(LOSS_I, E[OBS, delta.indices[1]]))


def _signals(expr) -> set:
    """The signals (e, s, ŷ, f) an expression names, summation indices and all."""
    return {node for node in expr.atoms(Indexed) if node.base in (E, S, YHAT, F)}


class Prover:
    """Checks equalities between derivation expressions for one model.

    Args:
        derivation: supplies the model.
        method: ``symbolic`` (default; ``auto`` means the same), ``expanded`` or ``numeric``.
        seed: of the numeric method's random points.
    """

    def __init__(self, derivation: Derivation, method: str = "symbolic", seed: int = 2024):
        method = "symbolic" if method == "auto" else method
        if method not in METHODS:
            raise ValueError(f"unknown proof method {method!r}; accepted: {', '.join(METHODS)}")
        self.derivation = derivation
        self.model: Model = derivation.model
        self.method = method
        self.seed = seed
        self._unfolders: dict[tuple, Unfolder] = {}
        self.lemmas: dict = {}  # ∂f/∂p -> its prediction chain's result, for the group being proved

    @cached_property
    def unfolder(self) -> Unfolder:
        return self.unfolder_from(0)

    def unfolder_from(self, floor: int, through_layer: bool = False) -> Unfolder:
        """An Unfolder that keeps ∂X/∂v whole for the signals X below layer ``floor``."""
        if (floor, through_layer) not in self._unfolders:
            self._unfolders[floor, through_layer] = Unfolder(self.model, floor, through_layer)
        return self._unfolders[floor, through_layer]

    @cached_property
    def local(self) -> LocalProof:
        return LocalProof(self)

    @cached_property
    def canonical(self) -> Canonical:
        return Canonical(self.model)

    @cached_property
    def expanded(self) -> ExpandedComparison:
        return ExpandedComparison(self.model)

    @cached_property
    def points(self) -> list[NumericPoint]:
        return [NumericPoint(self.model, self.seed + index) for index in range(NUMERIC_POINTS)]

    # -- deciding -------------------------------------------------------------------------------
    def equal(self, left, right, rule: str | None = None) -> tuple[bool, str]:
        """Decide left == right with this prover's method; ``rule`` says where to start."""
        if self.method == "numeric":
            return self._numeric_equal(left, right)
        if self.method == "expanded":
            return (True, "") if self.expanded.equal(left, right) else (False, "difference does not vanish")
        return self._symbolic_equal(left, right, rule)

    def _symbolic_equal(self, left, right, rule) -> tuple[bool, str]:
        if rule == SPECIFIC and self.unfolder.specific(left) == right:
            return True, ""  # the activation table's lemma g'(e) = its form in s, applied as written
        if rule == SUBSTITUTE and self.lemmas and substitute(left, self.lemmas) == right:
            return True, ""  # the prediction chain, proved above, substituted as written
        if _error_term_definition(left, right) or _error_term_definition(right, left):
            return True, ""  # ε_{i,j} is the name of ∂J_i/∂e_{i,j}: the definition, as written
        if rule in RULES and self.local.holds(*differing_parts(left, right), rule):
            return True, ""
        if rule not in RULES and self.local.through_layer_equal(left, right):
            return True, ""  # a display of ∂J/∂p or ε through the next layer's error terms
        if self.equal_in_normal_form(left, right, rule, self.unfolder):
            return True, ""
        return False, "the two sides differ in normal form"

    def equal_in_normal_form(self, left, right, rule, unfolder) -> bool:
        display = rule not in RULES
        return any(self.same(normal_left, normal_right, thorough, display)
                   for normal_left, normal_right, thorough in self._normal_pairs(left, right, rule, unfolder))

    def same(self, left, right, thorough: bool, display: bool) -> bool:
        """Equal forms, the cheapest test first; a display (no rule of the derivation) may
        write a short sum out term by term."""
        if alpha_equal(left, right):
            return True
        if not thorough:
            return False
        if display and self.canonical.equal(left, right, expand=False):
            return True
        if self.canonical.equal(left, right):
            return True
        return display and (written_out_equal(self.canonical, left, right, quick=True)
                            or written_out_equal(self.canonical, left, right))

    def _normal_pairs(self, left, right, rule, unfolder):
        """The pairs of forms to compare, cheapest first. A link of the derivation: both
        sides in normal form at each level from its rule's own on. A display: first a side
        that is a signal (e, s, ŷ, f, J) replaced by its forward equation, one level down and
        two, and a forward-pass display compared down to the inputs; then the levels."""
        if rule not in RULES:
            yield from self._definition_pairs(left, right, thorough=False)
            if not any(side.has(Partial) for side in (left, right)):
                if _signals(left) == _signals(right):
                    # algebra on the same signals (a factor taken out of a sum): before
                    # writing them down to the inputs, which grows with the depth
                    yield left, right, True
                # down to the lowest layer both sides reach (a deep network's nested
                # prediction stops at a layer's signals; a side without any is at the
                # inputs), then down to the inputs
                floor = min(lowest_layer(self.model, side, side) for side in (left, right))
                for level in dict.fromkeys((floor, 0)):
                    yield unfolder.realize(left, level), unfolder.realize(right, level), True
        for level in LEVELS[LEVELS.index(_start_level(left, right, rule)):]:
            yield unfolder.normal(left, level), unfolder.normal(right, level), True
        if rule not in RULES:
            yield from self._definition_pairs(left, right, thorough=True)

    def _definition_pairs(self, left, right, thorough: bool):
        for signal, other in ((left, right), (right, left)):
            for _ in range(2):
                signal = self.unfolder.definition(signal)
                if signal is None:
                    break
                yield self.unfolder.normal(signal), self.unfolder.normal(other), thorough

    def _numeric_equal(self, left, right) -> tuple[bool, str]:
        for point in self.points:
            a, b = point.evaluate(left), point.evaluate(right)
            if not close(a, b, mpmath.mpf(10) ** -40):
                return False, f"{mpmath.nstr(a, 20)} != {mpmath.nstr(b, 20)}"
        return True, ""

    def check(self, what: str, left, right, rule: str | None = None) -> Check:
        ok, detail = self.equal(left, right, rule)
        return Check(what, self.method, ok, detail)

    def check_display(self, what: str, shown, source) -> Check:
        """``shown`` is ``source`` as a display writes it: sums written out term by term or
        constant factors taken out of them — the same terms, no derivative involved."""
        if self.method != "symbolic":
            return self.check(what, shown, source)
        same = self.same(shown, source, thorough=True, display=True)
        return Check(f"{what} (as displayed)", self.method, same, "" if same else "the display differs from the derivation")

    def check_chain(self, what: str, chain: Chain) -> list[Check]:
        """Every link; symbolically first on the part it rewrote, the whole link only if that fails."""
        checks = []
        for index, (part, rewritten, rule) in enumerate(chain.rewritten(), start=1):
            name = f"{what}, step {index} ({rule})"
            if self.method == "symbolic" and self._part_holds(part, rewritten, rule):
                checks.append(Check(name, self.method, True))
            else:
                left = chain.lhs if index == 1 else chain.steps[index - 2].expr
                checks.append(self.check(name, left, chain.steps[index - 1].expr, rule))
        return checks

    def _part_holds(self, part, rewritten, rule) -> bool:
        if rule == SPECIFIC:
            return self.unfolder.specific(part) == rewritten
        if rule == SUBSTITUTE and self.lemmas and substitute(part, self.lemmas) == rewritten:
            return True
        return self.local.holds(part, rewritten, rule)

    # -- the parts of a derivation --------------------------------------------------------------
    def check_group(self, group: Group) -> list[Check]:
        """Every link of a group's three chains (free indices: every parameter of the group at
        once), the δ form against the step form, and the links that speak of the group's own
        neurons again for its first and last parameter."""
        name = _group_name(group)
        checks = self.check_chain(f"{name}: prediction_chain", group.prediction_chain)
        self.lemmas = {group.prediction_chain.lhs: group.prediction_chain.generic}
        for chain_name in ("objective_chain", "delta_chain"):
            checks += self.check_chain(f"{name}: {chain_name}", getattr(group, chain_name))
        checks.append(self._delta_form_check(name, group, checks))
        checks += self._instance_checks(group)
        self.lemmas = {}
        return checks

    def _delta_form_check(self, name: str, group: Group, chain_checks: list[Check]) -> Check:
        """δ form = step form. Symbolically: both chains start at ∂J/∂p, so when every link
        holds they are equal by transitivity; the other methods compare them directly."""
        what = f"{name}: delta form = step form"
        if self.method == "symbolic":
            held = all(check.ok for check in chain_checks)
            return Check(what + " (both equal dJ/dp)", self.method, held, "" if held else "a link above failed")
        # The step form as substituted, before the output's and the activations' own forms enter.
        return self.check(what, group.delta_form, _step(group.objective_chain, SUBSTITUTE), DELTA_RECURSION)

    def _instance_checks(self, group: Group) -> list[Check]:
        """The links whose rewritten part names the group's free neurons (j, k), for the first
        and the last parameter: where an argument for every neuron might not hold at an end of
        a layer, or where a neuron meets itself (softmax)."""
        if self.method != "symbolic" or not group.free:
            return []
        free = set(group.free)
        links = [(chain_name, index, link) for chain_name in ("prediction_chain", "objective_chain", "delta_chain")
                 for index, link in enumerate(getattr(group, chain_name).rewritten(), start=1)
                 if link[2] != SPECIFIC and free & _indices_outside(link[:2], group.parameter)]
        checks = []
        for gradient in self.derivation.extreme_instances(group):
            instance = lambda expr: substitute(expr, gradient.substitution)
            self.lemmas = {instance(group.prediction_chain.lhs): instance(group.prediction_chain.generic)}
            checks += [self.check(f"{gradient.parameter}: {chain_name}, step {index} ({rule})",
                                  instance(part), instance(rewritten), rule)
                       for chain_name, index, (part, rewritten, rule) in links]
        return checks

    def check_error_terms(self) -> list[Check]:
        checks = []
        for term in self.derivation.error_terms:
            neurons = [None] if self.method == "symbolic" else sample(list(self.model.ranges[term.layer].numbers()), self.seed)
            for neuron in neurons:
                mapping = {term.neuron: Integer(neuron)} if neuron is not None and not term.neuron.is_Integer else {}
                checks += self.check_chain(f"delta of layer {term.layer}", term.chain.xreplace(mapping))
        return checks


def _step(chain: Chain, rule: str):
    return next(step.expr for step in chain.steps if step.rule == rule)


def _start_level(left, right, rule) -> str:
    """Sides that speak of δ are compared with δ unfolded from the start."""
    if rule in START_LEVEL:
        return START_LEVEL[rule]
    if any(side.has(DELTA) or side.has(LOSS_I) for side in (left, right)):
        return "deltas"
    return "plain"


def _indices_outside(exprs, parameter) -> set:
    """The neuron indices the expressions name other than in the parameter's own."""
    found, stack = set(), [expr for expr in exprs]
    while stack:
        node = stack.pop()
        if node == parameter:
            continue
        if isinstance(node, NeuronIndex):
            found.add(node)
        stack.extend(node.args)
    return found


def _group_name(group: Group) -> str:
    kind = "weights into" if group.kind == "weight" else "thresholds of"
    return f"{kind} layer {group.layer}"


def prove(derivation: Derivation, method: str = "symbolic") -> ProofReport:
    """Check every link of every chain of every group, every error term, and δ form = step form.

    Args:
        derivation: what to check.
        method: ``symbolic`` (default), ``expanded`` or ``numeric``.
    Returns:
        the ProofReport (prints as a one-line summary); ``raise_for_failures`` stops on a failure.
    """
    prover = Prover(derivation, method)
    checks: list[Check] = []
    groups = derivation.groups
    with Progress("proving") as progress:
        for index, group in enumerate(groups):
            progress.update(index, len(groups) + 1, _group_name(group))
            if prover.method != "symbolic":
                checks += sampled_instance_checks(prover, group)
            else:
                checks += prover.check_group(group)
        progress.update(len(groups), len(groups) + 1, "error terms")
        checks += prover.check_error_terms()
    return ProofReport(prover.method, tuple(checks))
