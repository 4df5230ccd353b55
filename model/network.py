"""The social network: homophilous ties along which job news and referrals travel.

Ties are stored as two integer arrays (an undirected edge list over rows of ``People``), which
the monthly processes scan in bulk; ``to_networkx`` builds a networkx graph for analysis and
drawing. Mechanisms: Calvó-Armengol & Jackson (2004) referrals (sources.md §1.2); homophily by
origin and few ties to natives (guide L263-269); bridging ties formed at work, in cooperatives,
through mentoring and in third places (guide L1811-1813, L1749-1754, L1564-1569); decay.
"""

from __future__ import annotations

import networkx as nx
import numpy as np

from .population import Citizenship, People


class SocialNetwork:
    """Undirected ties between people, with bulk neighbour queries."""

    def __init__(self) -> None:
        self.a = np.empty(0, dtype=np.int32)
        self.b = np.empty(0, dtype=np.int32)
        self._directed: tuple[np.ndarray, np.ndarray] | None = None

    def __len__(self) -> int:
        return len(self.a)

    def add(self, u: np.ndarray, v: np.ndarray) -> None:
        """Add ties u[i]-v[i] (self-ties dropped)."""
        keep = u != v
        if not keep.any():
            return
        self.a = np.concatenate([self.a, u[keep].astype(np.int32)])
        self.b = np.concatenate([self.b, v[keep].astype(np.int32)])
        self._directed = None

    def keep(self, mask: np.ndarray) -> None:
        self.a, self.b = self.a[mask], self.b[mask]
        self._directed = None

    def directed(self) -> tuple[np.ndarray, np.ndarray]:
        """(src, dst) with each tie in both directions; cached until ties change."""
        if self._directed is None:
            self._directed = (np.concatenate([self.a, self.b]), np.concatenate([self.b, self.a]))
        return self._directed

    def neighbour_sum(self, values: np.ndarray, n: int) -> np.ndarray:
        """For each person, the sum of ``values`` over their contacts."""
        src, dst = self.directed()
        return np.bincount(src, weights=values[dst], minlength=n)[:n]

    def degree(self, n: int) -> np.ndarray:
        src, _ = self.directed()
        return np.bincount(src, minlength=n)[:n]

    def decay(self, rng: np.random.Generator, rate: float, present: np.ndarray) -> None:
        """Ties lapse at ``rate`` per month; ties of people who left go at once."""
        alive = present[self.a] & present[self.b]
        if rate > 0:
            alive &= rng.random(len(self.a)) >= rate
        if not alive.all():
            self.keep(alive)

    def to_networkx(self, people: People, nodes: np.ndarray | None = None) -> nx.Graph:
        """A networkx graph of (a sample of) people, with attributes for analysis/drawing."""
        present = people.col("present")
        sel = np.flatnonzero(present) if nodes is None else np.asarray(nodes)
        g = nx.Graph()
        cit, org, st, wk = (people.col(c) for c in ("citizenship", "origin", "status", "work"))
        g.add_nodes_from(
            (int(i), {"citizenship": int(cit[i]), "origin": int(org[i]), "status": int(st[i]),
                      "work": int(wk[i])})
            for i in sel
        )
        inside = np.zeros(people.n, dtype=bool)
        inside[sel] = True
        m = inside[self.a] & inside[self.b]
        g.add_edges_from(zip(self.a[m].tolist(), self.b[m].tolist(), strict=True))
        return g


def _pick(rng: np.random.Generator, pool: np.ndarray, k: int) -> np.ndarray:
    return pool[rng.integers(0, len(pool), size=k)] if len(pool) else np.empty(0, np.int64)


def initial_ties(rng: np.random.Generator, people: People, rows: np.ndarray, mean_degree: float,
                 homophily: float, native_tie_share: float) -> tuple[np.ndarray, np.ndarray]:
    """Ties for new people ``rows``: by origin (homophily), to other migrants, to natives.

    The chance that a migrant's tie reaches a native rises with their language level, so
    newcomers start with few bridging ties (guide L263-269).
    """
    present = people.col("present")
    cit = people.col("citizenship")
    origin = people.col("origin")
    natives = np.flatnonzero(present & (cit != Citizenship.NON_EU))
    migrants = np.flatnonzero(present & (cit == Citizenship.NON_EU))
    stubs = rng.poisson(mean_degree / 2.0, size=len(rows))
    src = np.repeat(rows, stubs)
    dst = np.empty(len(src), dtype=np.int64)
    is_native = cit[src] != Citizenship.NON_EU
    lang = people.col("language")[src]
    u = rng.random(len(src))
    p_native = np.clip(native_tie_share * (0.5 + lang), 0, 1)
    to_native = is_native | (u < p_native)
    u2 = rng.random(len(src))
    same_origin = ~to_native & (u2 < homophily)
    other = ~to_native & ~same_origin
    dst[to_native] = _pick(rng, natives, int(to_native.sum()))
    dst[other] = _pick(rng, migrants, int(other.sum()))
    # same-origin picks: sort migrants by origin, draw within each block
    if same_origin.any():
        order = migrants[np.argsort(origin[migrants], kind="stable")]
        org_sorted = origin[order]
        groups = origin[src[same_origin]]
        start = np.searchsorted(org_sorted, groups, side="left")
        end = np.searchsorted(org_sorted, groups, side="right")
        size = np.maximum(end - start, 1)
        dst[same_origin] = order[np.minimum(start + (rng.random(len(groups)) * size).astype(
            np.int64), len(order) - 1)]
    return src, dst
