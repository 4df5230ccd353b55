"""The guide's policy levers, one module each.

Every lever is off unless its scenario section says ``enabled = true`` (the pathway lever is
always present, as ``linear`` or ``integrated``). A lever acts only through the mechanisms in
its own module; no lever writes onto an indicator. Levers act only after the burn-in
(``model.lever_on``), so the baseline and a policy share the same starting state.
"""
