"""The social network: homophilous ties along which job news and referrals travel.

Ties are stored as two integer arrays (an undirected edge list over rows of ``People``), which
the monthly processes scan in bulk; ``to_networkx`` builds a networkx graph for analysis and
drawing. Mechanisms: Calvó-Armengol & Jackson (2004) referrals (sources.md §1.2); homophily by
origin and few ties to natives (guide L263-269); bridging ties formed at work, in cooperatives,
through mentoring and in third places (guide L1811-1813, L1749-1754, L1564-1569); decay.
"""

from __future__ import annotations

from typing import TYPE_CHECKING
from weakref import WeakKeyDictionary

import networkx as nx
import numpy as np

from .population import Citizenship, People, Work

if TYPE_CHECKING:
    from .model import TremplinModel

# enum members as plain ints for the monthly paths (an enum's ``.value`` goes through its
# descriptor, ~0.5 us a read)
_NON_EU: int = Citizenship.NON_EU.value
_INFORMAL: int = Work.INFORMAL.value
_MAINSTREAM: int = Work.MAINSTREAM.value


class SocialNetwork:
    """Undirected ties between people, with bulk neighbour queries.

    Ties formed during a month are buffered and take effect together at ``commit`` (the
    month's network turnover): processes read the month-start network, a synchronous update
    that also makes the many small additions of a month cost one concatenation.
    """

    def __init__(self, people: People) -> None:
        self.people = people
        # edge buffers with spare capacity; the first ``_m`` entries are the ties
        self._a = np.empty(1024, dtype=np.intp)  # not behavioural: capacity
        self._b = np.empty(1024, dtype=np.intp)  # not behavioural: capacity
        self._m = 0
        self._pending: list[tuple[np.ndarray, np.ndarray]] = []
        # per-person tie counts kept up to date as ties form and lapse
        self._deg = np.zeros(0, dtype=np.int64)
        self._native = np.zeros(0, dtype=np.int64)

    def _tally(self, a: np.ndarray, b: np.ndarray, sign: int) -> None:
        n = self.people.n
        if len(self._deg) < n:  # room for new rows, with spare so arrivals rarely copy
            cap = max(n, 2 * len(self._deg))  # not behavioural: capacity
            grow = cap - len(self._deg)
            self._deg = np.concatenate([self._deg, np.zeros(grow, dtype=np.int64)])
            self._native = np.concatenate([self._native, np.zeros(grow, dtype=np.int64)])
        if len(a) == 0:
            return
        # both ends of each tie at once (integer counts: the order of additions is moot)
        ends, others = np.concatenate([a, b]), np.concatenate([b, a])
        other_is_native = self.people.citizenship[others] != _NON_EU
        np.add.at(self._deg, ends, sign)
        np.add.at(self._native, ends, sign * other_is_native)

    def commit(self) -> None:
        """Ties formed since the last commit join the network."""
        if self._pending:
            us, vs = zip(*self._pending, strict=True)
            u, v = np.concatenate(us), np.concatenate(vs)
            need = self._m + len(u)
            if need > len(self._a):
                cap = max(2 * len(self._a), need)  # not behavioural: capacity
                self._a = np.concatenate([self._a[: self._m], np.empty(cap - self._m, np.intp)])
                self._b = np.concatenate([self._b[: self._m], np.empty(cap - self._m, np.intp)])
            self._a[self._m : need] = u
            self._b[self._m : need] = v
            self._m = need
            self._pending.clear()
            self._tally(u, v, +1)

    @property
    def a(self) -> np.ndarray:
        return self._a[: self._m]

    @property
    def b(self) -> np.ndarray:
        return self._b[: self._m]

    def __len__(self) -> int:
        return self._m

    def add(self, u: np.ndarray, v: np.ndarray) -> None:
        """Add ties u[i]-v[i] (self-ties dropped)."""
        u = np.asarray(u, dtype=np.intp)
        v = np.asarray(v, dtype=np.intp)
        keep = u != v
        if keep.any():
            self._pending.append((u[keep], v[keep]))

    def keep(self, mask: np.ndarray) -> None:
        """Keep the ties where ``mask`` is true."""
        dead = ~mask
        self._drop(dead.nonzero()[0], dead)

    def _drop(self, gone: np.ndarray, dead: np.ndarray) -> None:
        """Remove ties ``gone`` (where ``dead`` is true): removed slots are refilled from the
        end of the buffer, so the cost grows with the number removed, not with the network."""
        k = len(gone)
        if k == 0:
            return
        a, b = self.a, self.b
        self._tally(a[gone], b[gone], -1)
        m = self._m
        head = gone[gone < m - k]
        tail = np.arange(m - k, m)
        tail = tail[~dead[tail]]
        a[head], b[head] = a[tail], b[tail]
        self._m = m - k

    def pairs(self, from_mask: np.ndarray, to_mask: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """All (i, j) with a tie i-j, ``from_mask[i]`` and ``to_mask[j]``, in both directions.

        Both masks are packed into one byte per person (bit 0: from, bit 1: to), so each end
        of the edge list is gathered once instead of twice: the gathers over every tie are
        what this costs."""
        a, b = self.a, self.b
        code = _bytes(from_mask) | (_bytes(to_mask) << 1)
        ca, cb = code[a], code[b]
        m1 = (ca & (cb >> 1)).view(bool).nonzero()[0]  # bytes 0/1 read as booleans
        m2 = (cb & (ca >> 1)).view(bool).nonzero()[0]
        return np.concatenate([a[m1], b[m2]]), np.concatenate([b[m1], a[m2]])

    def pairs_from(self, sources: np.ndarray,
                   to_mask: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """``pairs`` from a handful of distinct ``sources`` (rows): the same pairs in the same
        order, found by comparing each end of the edge list with each source, which costs
        less than gathering masks over every tie when there are only one or two sources."""
        a, b = self.a, self.b
        if len(sources) == 0:
            return a[:0], b[:0]
        at_a, at_b = a == sources[0], b == sources[0]
        for s in sources[1:]:
            at_a |= a == s
            at_b |= b == s
        m1 = at_a.nonzero()[0]
        m1 = m1[to_mask[b[m1]]]
        m2 = at_b.nonzero()[0]
        m2 = m2[to_mask[a[m2]]]
        return np.concatenate([a[m1], b[m2]]), np.concatenate([b[m1], a[m2]])

    def count(self, mask: np.ndarray, n: int) -> np.ndarray:
        """For each person, how many of their contacts satisfy ``mask``."""
        a, b = self.a, self.b
        # both ends counted in one pass (whole numbers: the order of counting is moot)
        ends = np.concatenate([a[mask[b].nonzero()[0]], b[mask[a].nonzero()[0]]])
        return np.bincount(ends, minlength=n)[:n]

    def degree(self, n: int) -> np.ndarray:
        """Number of ties of each person."""
        self._tally(self._a[:0], self._b[:0], 0)
        return self._deg[:n]

    def native_contacts(self, n: int) -> np.ndarray:
        """Number of each person's contacts who are natives or EU citizens."""
        self._tally(self._a[:0], self._b[:0], 0)
        return self._native[:n]

    def decay(self, rng: np.random.Generator, rate: float, present: np.ndarray) -> int:
        """Ties lapse at ``rate`` per month; ties of people who left go at once.

        Returns how many ties lapsed (not counting those of people who left).
        """
        a, b = self.a, self.b
        absent = ~present
        dead = absent[a] | absent[b]
        lapsed = rng.binomial(len(a), rate) if rate > 0 else 0
        if lapsed:
            dead[rng.integers(0, len(a), lapsed)] = True
        self._drop(dead.nonzero()[0], dead)
        return lapsed

    def to_networkx(self, people: People, nodes: np.ndarray | None = None) -> nx.Graph:
        """A networkx graph of (a sample of) people, with attributes for analysis/drawing."""
        present = people.present
        sel = present.nonzero()[0] if nodes is None else np.asarray(nodes)
        g = nx.Graph()
        cit, org, st, wk = people.citizenship, people.origin, people.status, people.work
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


def _bytes(mask: np.ndarray) -> np.ndarray:
    """A boolean mask read as bytes 0/1 (no copy), for bit arithmetic."""
    return np.asarray(mask, dtype=bool).view(np.uint8)


def _pick(rng: np.random.Generator, pool: np.ndarray, k: int) -> np.ndarray:
    return pool[rng.integers(0, len(pool), size=k)] if len(pool) else np.empty(0, np.int64)


def initial_ties(rng: np.random.Generator, people: People, rows: np.ndarray, mean_degree: float,
                 homophily: float, native_tie_share: float,
                 language_floor: float) -> tuple[np.ndarray, np.ndarray]:
    """Ties for new people ``rows`` (about ``mean_degree / 2`` each, the rest come to them)."""
    stubs = rng.poisson(mean_degree / 2.0, size=len(rows))  # not behavioural: 2 ends a tie
    return tie_targets(rng, people, np.repeat(rows, stubs), homophily, native_tie_share,
                       language_floor)


def tie_targets(rng: np.random.Generator, people: People, src: np.ndarray, homophily: float,
                native_tie_share: float, language_floor: float) -> tuple[np.ndarray, np.ndarray]:
    """One new tie from each of ``src``: to a native, to the same origin group, or another migrant.

    The chance that a migrant's tie reaches a native rises with their language level, so
    newcomers start with few bridging ties (guide L263-269): ``native_tie_share`` times
    (``language_floor`` + level). Natives tie to natives.
    """
    natives, order, org_sorted = tie_pools(people)
    cit = people.citizenship
    origin = people.origin
    dst = np.empty(len(src), dtype=np.int64)
    is_native = cit[src] != _NON_EU
    lang = people.language[src]
    u = rng.random(len(src))
    # the chance is not clipped to 0-1: with u in [0, 1), ``u < chance`` is the same for the
    # chance and for the chance clipped (above 1: always; below 0 or NaN: never)
    to_native = is_native | (u < native_tie_share * (language_floor + lang))
    u2 = rng.random(len(src))
    to_migrant = ~to_native
    same_origin = to_migrant & (u2 < homophily)
    other = to_migrant & ~same_origin
    dst[to_native] = _pick(rng, natives, np.count_nonzero(to_native))
    dst[other] = _pick(rng, order, np.count_nonzero(other))
    # same-origin picks: migrants sorted by origin, draw within each block
    if same_origin.any():
        groups = origin[src[same_origin]]
        start = np.searchsorted(org_sorted, groups, side="left")
        end = np.searchsorted(org_sorted, groups, side="right")
        size = np.maximum(end - start, 1)
        dst[same_origin] = order[np.minimum(start + (rng.random(len(groups)) * size).astype(
            np.int64), len(order) - 1)]
    return src, dst


class _Pools:
    """Natives present, migrants present sorted by origin (then row), and their origins, as of
    ``revision`` of a people table with ``n`` rows."""

    def __init__(self, people: People) -> None:
        present = people.present
        cit = people.citizenship
        self.natives = (present & (cit != _NON_EU)).nonzero()[0]
        migrants = (present & (cit == _NON_EU)).nonzero()[0]
        self.order = migrants[np.argsort(people.origin[migrants], kind="stable")]
        self.origins = people.origin[self.order]
        self.n, self.revision = people.n, people.presence_revision

    def update(self, people: People) -> None:
        """Bring the pools up to date: rows are never reused and presence is only lost, and
        citizenship and origin are set once on arrival, so those who left are dropped and the
        new rows are merged in, each after the migrants of its origin already there (the
        order of a stable sort by origin, without sorting everyone again)."""
        present = people.present
        self.natives = self.natives[present[self.natives]]
        stay = present[self.order]
        self.order, self.origins = self.order[stay], self.origins[stay]
        if people.n > self.n:
            rows = np.arange(self.n, people.n)
            rows = rows[present[rows]]
            native = people.citizenship[rows] != _NON_EU
            self.natives = np.concatenate([self.natives, rows[native]])
            migrants = rows[~native]
            migrants = migrants[np.argsort(people.origin[migrants], kind="stable")]
            origins = people.origin[migrants]
            at = np.searchsorted(self.origins, origins, side="right")
            self.order = np.insert(self.order, at, migrants)
            self.origins = np.insert(self.origins, at, origins)
        self.n, self.revision = people.n, people.presence_revision


_POOLS: WeakKeyDictionary[People, _Pools] = WeakKeyDictionary()


def tie_pools(people: People) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Natives present, migrants present sorted by origin, and their origins: kept for each
    people table and updated when rows are added or someone leaves
    (``People.presence_revision``), since sorting everyone for every new tie costs more than
    a month."""
    pools = _POOLS.get(people)
    if pools is None or (people.n > pools.n and len(pools.order) < _MERGE_FROM):
        pools = _POOLS[people] = _Pools(people)
    elif pools.revision != people.presence_revision:
        pools.update(people)
    return pools.natives, pools.order, pools.origins


# below this many migrants, sorting them all again costs less than merging the new rows in
# (both give the same pools)
_MERGE_FROM = 10_000  # not behavioural: a speed switch, same result either way


def renew(rng: np.random.Generator, people: People, k: int, homophily: float,
          native_tie_share: float, language_floor: float) -> tuple[np.ndarray, np.ndarray]:
    """``k`` new ties from random people present, by the same rule as initial ties, so that
    lapsed ties are replaced and the mean degree stays stable."""
    present = people.present.nonzero()[0]
    if k == 0 or len(present) == 0:
        return np.empty(0, np.int64), np.empty(0, np.int64)
    return tie_targets(rng, people, present[rng.integers(0, len(present), k)], homophily,
                       native_tie_share, language_floor)


def turnover(model: TremplinModel) -> None:
    """Ties lapse and as many new ones form, so the mean degree stays stable; every tie
    formed this month then joins the network."""
    net, people = model.scenario.network, model.people
    lapsed = model.network.decay(model.rng, net.tie_decay_rate, people.present)
    model.network.add(*renew(model.rng, people, lapsed, net.homophily, net.native_tie_share,
                             net.native_tie_language_floor))
    model.network.commit()


def contact_share(model: TremplinModel, kind: str) -> np.ndarray:
    """Share of each person's contacts who are natives (``kind="native"``) or in informal
    work (``"informal"``): a month-start snapshot."""

    def inverse_degree() -> np.ndarray:
        deg = model.network.degree(model.people.n)
        return np.where(deg > 0, 1.0 / np.maximum(deg, 1), 0.0)

    def share() -> np.ndarray:
        p = model.people
        if kind == "native":
            count = model.network.native_contacts(p.n)
        else:
            count = model.network.count(p.work == _INFORMAL, p.n)
        return count * model.snapshot("inv_degree", inverse_degree)

    return model.snapshot(f"nbr_{kind}", share)


def one_colleague_each(model: TremplinModel, column: str, n: int) -> np.ndarray:
    """One person drawn at random per employer (``column="employer"``) or cooperative
    (``"coop"``), -1 where none: a month-start snapshot, used to tie newcomers to a colleague
    without sorting everyone."""

    def draw() -> np.ndarray:
        p = model.people
        col = getattr(p, column)
        if column == "employer":
            who = (p.work == _MAINSTREAM).nonzero()[0]
        else:
            who = model.cooperatives.member_rows()
        who = model.rng.permutation(who)
        rep = np.full(n, -1, dtype=np.int64)
        rep[col[who]] = who
        return rep

    rep = model.snapshot(f"rep_{column}", draw)
    return rep if len(rep) >= n else np.concatenate([rep, np.full(n - len(rep), -1)])
