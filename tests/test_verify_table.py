"""A table of hand-written formulas, correct and wrong, with the verdict and diagnosis expected.

Every wrong formula is a correct one of the table with one familiar mistake made in it, so
each row pair shows that the mistake is both caught and named. Five architectures, both
notations; the wrong ones cover every mistake of the issue.
"""

import pytest

from symback.derive import derive
from symback.spec import resolve
from symback.verify import Context, verify

from verify_tables import ARCHS, TABLE


@pytest.fixture(scope="module")
def contexts():
    built = {}
    for key, (spec, activation, loss, notation, layout) in ARCHS.items():
        arch = resolve(spec, activation, loss, notation, layout)
        built[key] = Context.create(arch, derive(arch))
    return built


def test_table_is_large_and_covers_every_mistake():
    assert len(TABLE) >= 40
    assert {row[0] for row in TABLE} >= {"A", "B", "C", "D", "E"}
    mistakes = {row[3] for row in TABLE if row[3]}
    assert mistakes >= {"missing_gprime", "extra_gprime", "gprime_at_s", "missing_path", "missing_weight",
                        "constant_factor", "swapped_index", "wrong_sign", "wrong_derivative", "shape_mismatch"}


@pytest.mark.parametrize("arch,formula,expected,mistake", TABLE, ids=[f"{i:02d}-{r[0]}" for i, r in enumerate(TABLE)])
def test_formula(contexts, arch, formula, expected, mistake):
    verdict = verify(formula, contexts[arch])
    detail = verdict.error.message if verdict.error else [link.to_dict() for link in verdict.links if not link.ok]
    assert verdict.status == expected, detail
    if expected == "wrong":
        failures = [failure for link in verdict.links for failure in link.failures]
        found = {failure.diagnosis.key for failure in failures if failure.diagnosis}
        assert mistake in found, detail
        if mistake != "shape_mismatch" and not mistake.endswith("observation_sum"):
            assert any(failure.counterexample for failure in failures)
