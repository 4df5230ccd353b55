"""The social network's bulk queries against a tie-by-tie count (``model/network.py``).

The queries scan the edge list with vectorised tricks (bytes read as booleans, both ends in
one tally, slots refilled from the end when ties lapse); each is checked here against the
plain definition computed one tie at a time on a random network with self-loops excluded,
repeated ties, lapsed ties and people added after the first ties.
"""

from __future__ import annotations

import numpy as np

from tremplin.model.network import SocialNetwork
from tremplin.model.population import Citizenship, People


def random_network(seed: int) -> tuple[People, SocialNetwork, np.random.Generator]:
    rng = np.random.default_rng(seed)
    people = People(8)
    rows = people.add(60)
    people.present[rows] = True
    people.citizenship[rows] = np.where(rng.random(60) < 0.3, Citizenship.NATIONAL.value,
                                        Citizenship.NON_EU.value)
    net = SocialNetwork(people)
    net.add(rng.integers(0, 60, 150), rng.integers(0, 60, 150))
    net.commit()
    net.keep(rng.random(len(net)) < 0.7)  # some ties lapse: slots refilled from the end
    later = people.add(15)
    people.present[later] = True
    net.add(rng.integers(0, 75, 40), later[rng.integers(0, 15, 40)])
    net.commit()
    return people, net, rng


def test_pairs_lists_each_tie_from_a_from_person_to_a_to_person_in_tie_order():
    for seed in range(5):
        people, net, rng = random_network(seed)
        n = people.n
        src_mask, dst_mask = rng.random(n) < 0.3, rng.random(n) < 0.5
        forward = [(int(u), int(v)) for u, v in zip(net.a, net.b, strict=True)
                   if src_mask[u] and dst_mask[v]]
        backward = [(int(v), int(u)) for u, v in zip(net.a, net.b, strict=True)
                    if src_mask[v] and dst_mask[u]]
        src, dst = net.pairs(src_mask, dst_mask)
        assert list(zip(src.tolist(), dst.tolist(), strict=True)) == forward + backward


def test_counts_of_contacts_match_a_tie_by_tie_count():
    for seed in range(5):
        people, net, rng = random_network(seed)
        n = people.n
        mask = rng.random(n) < 0.4
        count, degree, native = np.zeros(n, int), np.zeros(n, int), np.zeros(n, int)
        for u, v in zip(net.a.tolist(), net.b.tolist(), strict=True):
            for me, other in ((u, v), (v, u)):
                count[me] += mask[other]
                degree[me] += 1
                native[me] += people.citizenship[other] != Citizenship.NON_EU.value
        assert net.count(mask, n).tolist() == count.tolist()
        assert net.degree(n).tolist() == degree.tolist()
        assert net.native_contacts(n).tolist() == native.tolist()


def test_pairs_from_a_few_sources_are_the_pairs_of_their_mask():
    for seed in range(5):
        people, net, rng = random_network(seed)
        n = people.n
        dst_mask = rng.random(n) < 0.5
        for k in (0, 1, 2, 3):
            sources = rng.choice(n, size=k, replace=False)
            src_mask = np.zeros(n, dtype=bool)
            src_mask[sources] = True
            expected = net.pairs(src_mask, dst_mask)
            got = net.pairs_from(sources, dst_mask)
            assert [x.tolist() for x in got] == [x.tolist() for x in expected]
