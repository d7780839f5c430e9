"""Canonical forms of normal-form expressions: sums of monomials under closed sums.

Two expressions are equal when their canonical forms are: every sum is pulled outward into one
list of bound indices per term (each renamed afresh, so no index is captured), the summand is
expanded into monomials, Kronecker deltas are summed out where an index is bound
(Σ_h [h = j] f(h) = f(j) when j lies in h's layer; disjoint layers give 0), an index that no
longer occurs multiplies by its range's size, and bound indices get canonical names in every
order that their layers allow, the smallest spelling kept. Nothing is ever written out
neuron by neuron, so a canonical form grows with the depth of the network, not with its width.

Two identities of the model are applied too: the softmax's exp(e_o)/Σ_q exp(e_q) = s_o, and,
for the categorical cross-entropy, Σ_o y_{i,o} = 1 (targets are distributions).
"""

from __future__ import annotations

import itertools

import sympy
from sympy import Add, Indexed, Integer, KroneckerDelta, Mul, Pow, Sum, Symbol

from .model import E, OBS, S, Y, Model, NeuronIndex
from .normal_form import Exp
from .trees import sum_over


class Canonical:
    """Canonical forms for the expressions of one model."""

    def __init__(self, model: Model):
        self.model = model
        self.targets_sum_to_one = model.loss.name == "cce"
        self.softmax_output = not model.activation(model.depth).elementwise

    def form(self, expr, expand: bool = True) -> dict:
        """{(ranges of the bound indices, monomial spelling): coefficient}, zeros dropped.
        Without ``expand``, each product of factors stays whole (a display that only moved
        constant factors across its sums compares equal, at a fraction of the cost)."""
        result: dict = {}
        for factors, limits in self._terms(expr):
            product = Mul(*factors)
            for monomial in Add.make_args(sympy.expand(_cancelled(product))) if expand else (product,):
                self._collect(monomial, list(limits), result)
        return {key: value for key, value in result.items() if value != 0}

    def equal(self, left, right, expand: bool = True) -> bool:
        return self.form(left, expand) == self.form(right, expand)

    # -- pulling sums outward ------------------------------------------------------------------
    def _terms(self, expr) -> list[tuple[list, list]]:
        """[(factors, limits)]: expr = Σ over terms of Σ_limits Π factors."""
        if isinstance(expr, Add) and expr.has(Sum):
            return [term for arg in expr.args for term in self._terms(arg)]
        if isinstance(expr, Mul) and expr.has(Sum):
            terms: list = [([], [])]
            for arg in expr.args:
                terms = [(f1 + f2, l1 + l2) for f1, l1 in terms for f2, l2 in self._terms(arg)]
            return terms
        if isinstance(expr, Sum):
            body, limits = expr.function, []
            for variable, low, high in expr.limits:
                fresh = OBS if variable == OBS else NeuronIndex("b", self.model.layer_of(low))
                body = body.xreplace({variable: fresh})
                limits.append((fresh, low, high))
            return [(factors, limits + inner) for factors, inner in self._terms(body)]
        if isinstance(expr, Pow) and expr.exp.is_Integer and expr.exp > 1 and expr.base.has(Sum):
            return self._terms(Mul(*[expr.base] * int(expr.exp), evaluate=False))
        return [([self._atom(expr)], [])]

    def _atom(self, expr):
        """A factor that keeps its sums inside (1/Σ_q exp(e_q)): its bound indices renamed."""
        return _alpha(expr) if expr.has(Sum) else expr

    # -- one monomial --------------------------------------------------------------------------
    def _collect(self, monomial, limits: list, result: dict) -> None:
        if self.softmax_output:
            monomial = self._softmax_signals(monomial)
        monomial, limits = self._sum_out_deltas(monomial, limits)
        if monomial == 0:
            return
        if self.targets_sum_to_one:
            monomial, limits = self._targets_sum(monomial, limits)
        for variable, low, high in list(limits):
            if not monomial.has(variable):
                monomial *= high - low + 1
                limits.remove((variable, low, high))
        coefficient, rest = monomial.as_coeff_Mul()
        key = self._key(rest, limits)
        result[key] = result.get(key, 0) + coefficient

    def _range(self, index, limits):
        for variable, low, high in limits:
            if variable == index:
                return int(low), int(high)
        if index.is_Integer:
            return int(index), int(index)
        if isinstance(index, NeuronIndex):
            rng = self.model.ranges[index.layer]
            return rng.first, rng.last
        return None

    def _sum_out_deltas(self, monomial, limits):
        """Σ_h [h = x] f(h) = f(x) when x lies in h's range; [a = b] = 0 for disjoint ranges."""
        while True:
            delta = next((f.base if isinstance(f, Pow) else f for f in Mul.make_args(monomial)
                          if isinstance(f.base if isinstance(f, Pow) else f, KroneckerDelta)), None)
            if delta is None:
                return monomial, limits
            a, b = delta.args
            range_a, range_b = self._range(a, limits), self._range(b, limits)
            if range_a and range_b and (range_a[1] < range_b[0] or range_b[1] < range_a[0]):
                return Integer(0), limits
            bound = {limit[0]: limit for limit in limits}
            for index, other, own, other_range in ((a, b, range_a, range_b), (b, a, range_b, range_a)):
                if index in bound and other_range and own[0] <= other_range[0] and other_range[1] <= own[1]:
                    limits = [limit for limit in limits if limit[0] != index]
                    monomial = monomial.xreplace({index: other})
                    break
            else:
                return monomial, limits  # two free indices of one layer: the bracket stays

    def _targets_sum(self, monomial, limits):
        """Σ_o y_{i,o} = 1 for categorical targets: a bound index found only in y drops out."""
        factors = Mul.make_args(monomial)
        for variable, low, high in list(limits):
            if variable == OBS:
                continue
            holding = [f for f in factors if f.has(variable)]
            if holding == [Y[OBS, variable]]:
                limits.remove((variable, low, high))
                factors = [f for f in factors if f is not holding[0]]
                monomial = Mul(*factors)
        return monomial, limits

    def _softmax_signals(self, monomial):
        """exp(e_{i,a}) exp(e_{i,b}) / (Σ_q exp(e_{i,q}))² = s_{i,a} s_{i,b} (the softmax's definition)."""
        powers = monomial.as_powers_dict()
        exps = {base: power for base, power in powers.items()
                if isinstance(base, Exp) and isinstance(base.args[0], Indexed) and base.args[0].base == E}
        normalizers = [base for base in powers if isinstance(base, Sum) and isinstance(base.function, Exp)]
        if len(normalizers) != 1 or not exps:
            return monomial
        normalizer = normalizers[0]
        if sum(exps.values()) != -powers[normalizer]:
            return monomial
        replaced = {Exp(e_signal.args[0]): S[OBS, e_signal.args[0].indices[1]] for e_signal in exps}
        return (monomial * normalizer ** -powers[normalizer]).xreplace(replaced)

    def _key(self, rest, limits) -> tuple:
        """``rest`` with bound indices named canonically, in the order (among indices of the
        same range) that gives the smallest spelling; the expression itself is the key when
        no two bound indices share a range (the common case: no spelling needed)."""
        free = {s: Symbol(f"{s.name}#{s.dummy_index}") for s in rest.free_symbols
                if isinstance(s, sympy.Dummy) and all(s != limit[0] for limit in limits)}
        rest = rest.xreplace(free)
        groups: dict = {}
        for variable, low, high in limits:
            groups.setdefault((low, high), []).append(variable)
        bounds = tuple(sorted((str(bounds), len(variables)) for bounds, variables in groups.items()))
        candidates = []
        for orders in itertools.product(*[itertools.permutations(vs) for vs in groups.values()]):
            names = {}
            for (low, high), order in zip(groups, orders):
                for position, variable in enumerate(order):
                    names[variable] = Symbol(f"_b{low}_{high}_{position}")
            candidates.append(rest.xreplace(names))
        return bounds, candidates[0] if len(candidates) == 1 else min(candidates, key=str)


def _cancelled(product):
    """A product like (1 - s)·(...)/(1 - s), cancelled before it is expanded: expanding first
    would split the numerator and hide the cancellation. Only products where a sum stands
    both above and below the line are cancelled (cancel is slow)."""
    below = {power.base for power in product.atoms(Pow) if power.exp.is_negative and power.base.is_Add}
    if not below:
        return product
    above = {factor.base if factor.is_Pow else factor for factor in Mul.make_args(product)
             if factor.is_Add or (factor.is_Pow and factor.base.is_Add and factor.exp.is_positive)}
    above |= {term for factor in Mul.make_args(product) if factor.is_Add
              for term in factor.atoms(Pow) if term.base.is_Add and term.exp.is_positive}
    if not any(base in above or -base in above for base in below):
        return product
    return sympy.cancel(product)


def alpha_equal(left, right) -> bool:
    """Equal up to the names of summation indices (a quick sufficient test: two sides built
    the same way differ only in the Dummy indices their sums were written with)."""
    return left == right or _alpha(left) == _alpha(right)


def _alpha(expr, depth: int = 0, names: dict | None = None):
    """Each Σ's index renamed by its depth of nesting and its range: a name matters only
    inside its own sum, so siblings may share one, and the result does not depend on the
    order SymPy gave the arguments. One walk, the renaming carried down (renaming each body
    anew would cost the depth of nesting times the size)."""
    names = names or {}
    if isinstance(expr, Indexed):
        return expr.xreplace(names) if names else expr
    if expr.is_Atom:
        return names.get(expr, expr)
    if isinstance(expr, Sum):
        inner = dict(names)
        for position, (variable, low, high) in enumerate(expr.limits):
            inner[variable] = Symbol(f"_a{depth}_{position}_{low}_{high}")
        body = _alpha(expr.function, depth + 1, inner)
        return sum_over(body, [(inner[v], lo, hi) for v, lo, hi in expr.limits])
    return expr.func(*[_alpha(arg, depth, names) for arg in expr.args])


WRITE_OUT_PATHS = 4096  # sums are written out term by term only below this many terms


def written_out_equal(canonical: Canonical, left, right, quick: bool = False) -> bool:
    """Equal once every sum over a layer is written out term by term — for displays that
    write short sums out; refused (False) where that would exceed WRITE_OUT_PATHS terms.
    ``quick`` compares the written-out forms as they stand, without the canonical form."""
    if max(_paths(left), _paths(right)) > WRITE_OUT_PATHS:
        return False
    left, right = _write_out(left), _write_out(right)
    return alpha_equal(left, right) or (not quick and canonical.equal(left, right))


def _paths(expr) -> int:
    """The largest product of layer sizes along one nesting of sums in ``expr``."""
    if expr.is_Atom or isinstance(expr, Indexed):
        return 1
    inner = max((_paths(arg) for arg in expr.args), default=1)
    if isinstance(expr, Sum):
        for variable, low, high in expr.limits:
            if variable != OBS:
                inner *= int(high - low + 1)
    return inner


def _write_out(expr):
    """Every sum over neurons done; a Σ over observations that SymPy merged into the same
    Sum stays (its bounds do not depend on the neurons' ones)."""
    def write(node):
        kept = [limit for limit in node.limits if limit[0] == OBS]
        done = Sum(node.function, *[limit for limit in node.limits if limit[0] != OBS]).doit()
        return Sum(done, *kept) if kept else done
    return expr.replace(lambda node: isinstance(node, Sum) and any(limit[0] != OBS for limit in node.limits),
                        write)
