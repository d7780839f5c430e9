"""Building a formula: its free indices given values, each side as the model's SymPy objects."""
