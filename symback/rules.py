"""The rule keys of the chain steps: each names the one rule a link of a chain applies.

The Derivation tags every Step with one of these keys, the Proof decides each link knowing
its rule, and the renderers word each key in their message tables (per language).
"""

DEF_J = "definition-of-objective"
SUM_RULE = "derivative-of-sum"
CHAIN = "chain-rule"
DEF_YHAT = "definition-of-prediction"
DEF_S = "definition-of-s"
DEF_E = "definition-of-e"
ONLY_TERM = "only-dependent-term"
DE_DP = "derivative-of-e"
SUBSTITUTE = "substitute-chain"
PENALTY = "derivative-of-penalty"
SPECIFIC = "specific-derivative"
DELTA_DEF = "definition-of-delta"
CANONICAL = "canonical-output-error"
DELTA_RECURSION = "delta-recursion"
DELTA_GRADIENT = "gradient-from-delta"

RULES = (DEF_J, SUM_RULE, PENALTY, CHAIN, DEF_YHAT, DEF_S, DEF_E, ONLY_TERM, DE_DP, SUBSTITUTE, SPECIFIC, DELTA_DEF,
         CANONICAL, DELTA_RECURSION, DELTA_GRADIENT)
