"""The allowed values of a sensitivity study's settings and the size limits of its design.

One table for the experiment file (``study.SensitivitySpec``) and the ``tremplin sensitivity``
flags (``cli.py`` builds its parsers from it), kept free of heavy imports so that the command
line stays fast to start.
"""

# The range of each integer setting: the bounds keep every value meaningful; what a design
# costs is bounded separately (MAX_RUNS, MAX_MEMORY). ``month`` is bounded by the horizon.
LIMITS: dict[str, tuple[int, int]] = {
    "n": (2, 2**20), "scrambles": (2, 1000), "replications": (1, 100_000),
    "seed": (0, 2**63 - 1), "levels": (2, 1000), "months": (1, 600),
}
MAX_PARAMS = 200  # more factors than the registry holds numeric parameters
MAX_OUTPUTS = 100

# A design above these is refused unless --force: 100,000 runs is about 40 hours of the
# 600-migrant town on 2 cores (sobol_main: 576 runs in 15 minutes).
MAX_RUNS = 100_000
MAX_MEMORY = 2e9
