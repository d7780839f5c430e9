"""Worked numeric examples and exercise sheets: every number of an iteration, shown and checked.

    problem = build_problem(arch, seed)          # example/values.py: data and initial values
    worked = work_out(derivation, problem)        # example/compute.py + example/check.py
    document = example_document(worked, ...)      # example/document.py -> templates

This file imports nothing: ``spec.py`` reads the ``[example]`` table through
``example/data.py``, and importing the pipeline here would import ``spec.py`` back.
"""
