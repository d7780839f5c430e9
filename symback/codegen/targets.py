"""What the generated file says and checks about its targets, from the loss and output tables."""

from __future__ import annotations

from ..model import N_OBS, Model

TASKS = {None: "task_regression.py.j2", "sigmoid": "task_binary.py.j2",
         "softmax": "task_classes.py.j2"}  # by the output the loss requires


def task(model: Model) -> str:
    """The template part of predict and the metrics: those of the loss (accuracy for the
    cross-entropies, R^2 and errors for the squared errors)."""
    return TASKS[model.loss.requires_output]


def mean_objective(model: Model) -> bool:
    return model.loss_term(model.index_for(model.depth, "o")).has(N_OBS)


def labels_accepted(model: Model) -> bool:
    """A softmax output takes one column of class labels, one-hot encoded by the program."""
    return not model.activation(model.depth).elementwise


def part(model: Model) -> str:
    """The template part that turns the target columns into y."""
    return "targets_labels.py.j2" if labels_accepted(model) else "targets_columns.py.j2"


def shape(model: Model) -> str:
    """The docstring's shape of y."""
    outputs = model.arch.sizes[-1]
    text = "(n,) or (n, 1)" if outputs == 1 else f"(n, {outputs})"
    check = model.loss.numpy_targets
    return text + (f"; {check[1]}" if check else "")


def usage(model: Model) -> str:
    """The docstring's sentence on the --target options."""
    outputs = model.arch.sizes[-1]
    if outputs == 1:
        return "--target names the target column."
    if labels_accepted(model):
        return (f"The targets are either one --target column of class labels 0..{outputs - 1} "
                f"(one-hot encoded here) or {outputs} --target columns of one-hot rows.")
    return f"Give {outputs} --target columns, one per output."


def checks(model: Model) -> tuple[str, ...]:
    """The body of _bad_target(y): the loss's condition on y, the first row that breaks it."""
    check = model.loss.numpy_targets
    if check is None:
        return ("return None  # every finite number is a target of this loss",)
    condition, accepted = check
    middle = accepted.rfind(" ", 0, len(accepted) // 2 + 10) + 1
    return (f"accepted = ({accepted[:middle]!r}", f"            {accepted[middle:]!r})",
            f"bad = np.argwhere(~np.broadcast_to({condition}, y.shape))",
            "return (bad[0][0], bad[0][1], accepted) if len(bad) else None")
