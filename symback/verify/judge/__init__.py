"""Judging a formula: equality of the built sides, the familiar mistake, a counterexample."""
