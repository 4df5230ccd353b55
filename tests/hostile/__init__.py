"""Hostile inputs for the ``tremplin`` command line (issue 16): generators, a committed corpus
and a runner that classifies what the command did with each input.

``cases`` runs one case in a forked child with a timeout and a memory limit and classifies the
outcome; ``strategies`` generates scenario, experiment and flag-line cases from the parameter
registry and the file formats; ``eurostat`` generates hostile Eurostat files; ``corpus`` loads
the committed cases; ``table`` measures the generated families (``python -m tests.hostile.table``).
"""
