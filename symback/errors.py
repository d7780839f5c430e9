"""Error types: every failure a user can cause is a SymbackError with a one-line message."""


class SymbackError(Exception):
    """Root of every error symback reports to a user (the CLI turns it into exit code 2)."""


class SpecError(SymbackError):
    """The description of a network is invalid: the message names the field and the value."""


class OutputError(SymbackError):
    """An output path cannot be written."""


class ProofError(SymbackError):
    """An equality that symback was about to show did not check out."""
