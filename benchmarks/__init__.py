"""Speed and memory benchmarks for Tremplin: ``python -m benchmarks`` (``make bench``).

Each measurement runs in a fresh Python process (``benchmarks.child``) so that its peak memory
is its own. The driver (``benchmarks.__main__``) imports only the standard library, keeping its
own memory small: on Linux a spawned child can inherit the parent's high-water RSS mark.

Modules:

- ``sizes``: the benchmark towns (the shipped ``baseline`` and Liège scaled to N migrants).
- ``child``: one measurement (build the model, step it, report times and peak memory).
- ``report``: the results table and the comparison with the design targets.
"""
