"""The link graph (pure): stores as nodes, shared identifiers as edges, connected groups.

Grouping runs over arrays: every identifier is a node after the stores, an identifier row an
edge between its store and its identifier, and scipy's connected components label the stores in
one pass (benchmarks/association.py: 100,000 stores and 1,000,000 identifiers in seconds). The
pairwise links, with what each pair shares and how strongly, are made only for identifiers that
more than one store holds.

>>> import numpy as np
>>> components(3, np.array([0, 1, 2]), np.array([0, 0, 1])).tolist()
[0, 0, 1]
"""

from __future__ import annotations

from collections import defaultdict, deque
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, timedelta
from functools import cached_property

import numpy as np
from numpy.typing import NDArray

from .identifiers import STRENGTHS, Strengths, platform_sees, rank


@dataclass(frozen=True)
class Row:
    """One identifier of one store, as stored (hash and masked form only)."""

    account_id: int
    kind: str
    digest: str
    masked: str
    network: str | None = None
    first_seen: date | None = None
    last_seen: date | None = None


@dataclass(frozen=True)
class Shared:
    kind: str
    masked: str
    strength: str
    since: date | None  # when both stores had it: the later of the two first sightings


@dataclass
class Link:
    a: int
    b: int
    shared: list[Shared] = field(default_factory=list)

    @property
    def strength(self) -> str:
        return max((s.strength for s in self.shared), key=rank)


@dataclass(frozen=True)
class Uncounted:
    """A private or reserved login address two stores share: no link (a platform sees only
    public addresses), said so that nobody counts it by hand."""

    a: int
    b: int
    kind: str  # ip (the same address) or ip_network (one /24 or /64)
    masked: str


@dataclass
class Graph:
    links: dict[tuple[int, int], Link]
    groups: list[list[int]]  # each of two stores or more, sorted; the largest first
    uncounted: list[Uncounted] = field(default_factory=list)

    def neighbours(self) -> dict[int, list[tuple[int, str]]]:
        """Each store's linked stores and the strength of each link, sorted (made once: a scan
        asks for every store of a group)."""
        return self._neighbours

    @cached_property
    def _neighbours(self) -> dict[int, list[tuple[int, str]]]:
        found: dict[int, list[tuple[int, str]]] = defaultdict(list)
        for (a, b), link in self.links.items():
            found[a].append((b, link.strength))
            found[b].append((a, link.strength))
        return {account: sorted(others) for account, others in found.items()}

    def group_of(self, account_id: int) -> list[int]:
        return next((g for g in self.groups if account_id in g), [])


def components(
    n_accounts: int, accounts: NDArray[np.int64], keys: NDArray[np.int64]
) -> NDArray[np.int32]:
    """A group label for each of ``n_accounts`` stores (0..n-1) from the edges store→key."""
    from scipy.sparse import coo_matrix  # imported when a graph is built, not by every command
    from scipy.sparse.csgraph import connected_components

    n_keys = int(keys.max()) + 1 if len(keys) else 0
    size = n_accounts + n_keys
    ones = np.ones(len(accounts), dtype=np.int8)
    matrix = coo_matrix((ones, (accounts, keys + n_accounts)), shape=(size, size))
    _, labels = connected_components(matrix, directed=False)
    result: NDArray[np.int32] = labels[:n_accounts].astype(np.int32)
    return result


def _seen(row: Row) -> tuple[date, date] | None:
    """When the store used it: one date given (an export's single "seen" column filled, the
    other empty) is a day it was seen, the least it can mean; none, unknown."""
    first, last = row.first_seen or row.last_seen, row.last_seen or row.first_seen
    return (first, last) if first and last else None


def _close(one: Row, other: Row, days: int) -> bool:
    """Both stores used the address within ``days`` of each other."""
    mine, theirs = _seen(one), _seen(other)
    if mine is None or theirs is None:
        return False
    gap = timedelta(days=days)
    return mine[0] <= theirs[1] + gap and theirs[0] <= mine[1] + gap


def _since(one: Row, other: Row) -> date | None:
    seen = [d for d in (one.first_seen, other.first_seen) if d is not None]
    return max(seen) if len(seen) == 2 else None


def _pairs(rows: list[Row]) -> Iterable[tuple[Row, Row]]:
    best: dict[int, Row] = {}
    for row in rows:  # one row per store: the earliest seen
        held = best.get(row.account_id)
        if held is None or (row.first_seen or date.max) < (held.first_seen or date.max):
            best[row.account_id] = row
    ordered = sorted(best.values(), key=lambda r: r.account_id)
    for i, one in enumerate(ordered):
        for other in ordered[i + 1 :]:
            yield one, other


class _Linker:
    """The links being built, with an index of what each already shares: looking through a
    link's list for every identifier made two stores that share 20,000 login addresses take
    a minute."""

    def __init__(self) -> None:
        self.links: dict[tuple[int, int], Link] = {}
        self.index: dict[tuple[int, int, str, str], int] = {}
        self.by_ip: set[tuple[int, int]] = set()

    def add(self, one: Row, other: Row, shared: Shared) -> None:
        pair = (one.account_id, other.account_id)
        link = self.links.setdefault(pair, Link(*pair))
        if shared.kind == "ip":
            self.by_ip.add(pair)
        at = self.index.get((*pair, shared.kind, shared.masked))
        if at is None:
            self.index[(*pair, shared.kind, shared.masked)] = len(link.shared)
            link.shared.append(shared)
        elif rank(shared.strength) > rank(link.shared[at].strength):
            link.shared[at] = shared


def build(rows: Iterable[Row], strengths: Strengths) -> Graph:
    """The links between stores that share an identifier, and their connected groups."""
    by_key: dict[tuple[str, str], list[Row]] = defaultdict(list)
    by_network: dict[str, list[Row]] = defaultdict(list)
    unseen: list[Row] = []
    for row in rows:
        if row.kind == "ip" and not platform_sees(row.masked):
            unseen.append(row)
            continue
        by_key[(row.kind, row.digest)].append(row)
        if row.network:
            by_network[row.network].append(row)
    linker = _Linker()
    for (kind, _), held in by_key.items():
        for one, other in _pairs(held):
            strength = strengths.kinds[kind]
            if kind == "ip" and _close(one, other, strengths.ip_close_days):
                strength = max(strength, strengths.ip_close, key=rank)
            linker.add(one, other, Shared(kind, one.masked, strength, _since(one, other)))
    for held in by_network.values():
        for one, other in _pairs(held):
            if (one.account_id, other.account_id) in linker.by_ip:
                continue  # the same address is linked above: the network adds nothing
            if one.digest != other.digest:
                network = _network_shown(one.masked)
                shared = Shared("ip_network", network, strengths.ip_network, _since(one, other))
                linker.add(one, other, shared)
    links = linker.links
    for link in links.values():
        link.shared.sort(key=lambda s: (-rank(s.strength), s.kind, s.masked))
    return Graph(links, _groups(links), _uncounted(unseen))


def _uncounted(rows: list[Row]) -> list[Uncounted]:
    """The pairs of stores that share a private address, or a private network only."""
    found: dict[tuple[int, int, str, str], Uncounted] = {}
    same: set[tuple[int, int]] = set()
    for key in ("digest", "network"):
        held: dict[str, list[Row]] = defaultdict(list)
        for row in rows:
            value = getattr(row, key)
            if value:
                held[value].append(row)
        for group in held.values():
            for one, other in _pairs(group):
                pair = (one.account_id, other.account_id)
                if key == "digest":
                    same.add(pair)
                    found.setdefault((*pair, "ip", one.masked), Uncounted(*pair, "ip", one.masked))
                elif pair not in same and one.digest != other.digest:
                    shown = _network_shown(one.masked)
                    found.setdefault(
                        (*pair, "ip_network", shown), Uncounted(*pair, "ip_network", shown)
                    )
    return sorted(found.values(), key=lambda u: (u.a, u.b, u.kind, u.masked))


def _network_shown(masked: str) -> str:
    return masked.rsplit(".", 1)[0] + ".0/24" if "." in masked else masked


def _groups(links: dict[tuple[int, int], Link]) -> list[list[int]]:
    from scipy.sparse import coo_matrix
    from scipy.sparse.csgraph import connected_components

    ids = sorted({i for pair in links for i in pair})
    if not ids:
        return []
    index = {account: i for i, account in enumerate(ids)}
    left = np.array([index[a] for a, _ in links], dtype=np.int64)
    right = np.array([index[b] for _, b in links], dtype=np.int64)
    n = len(ids)
    matrix = coo_matrix((np.ones(len(left), dtype=np.int8), (left, right)), shape=(n, n))
    _, labels = connected_components(matrix, directed=False)
    grouped: dict[int, list[int]] = defaultdict(list)
    for account, label in zip(ids, labels.tolist(), strict=True):
        grouped[label].append(account)
    return sorted(grouped.values(), key=lambda g: (-len(g), g[0]))


def path_to(graph: Graph, start: int, targets: set[int]) -> tuple[list[int], str] | None:
    """The strongest path from ``start`` to one of ``targets`` (the fewest steps among the
    strongest), and its strength: that of its weakest link. None when none is linked."""
    around = graph.neighbours()
    for floor in reversed(STRENGTHS):
        came: dict[int, int] = {start: start}
        queue = deque([start])
        while queue:
            node = queue.popleft()
            if node in targets and node != start:
                steps = [node]
                while steps[-1] != start:
                    steps.append(came[steps[-1]])
                return steps[::-1], floor
            for other, strength in around.get(node, []):
                if other not in came and rank(strength) >= rank(floor):
                    came[other] = node
                    queue.append(other)
    return None


def group_labels(accounts: NDArray[np.int64], keys: NDArray[np.bytes_]) -> dict[int, int]:
    """Each store's group label from parallel arrays (store id, identifier digest) — the path
    a whole organisation's or a platform-sized data set takes: no Python loop per row."""
    ids, account_index = np.unique(accounts, return_inverse=True)
    # a hash table numbers the digests in one pass (sorting 64-byte strings is ten times slower)
    numbers: dict[bytes, int] = {}
    key_index = np.fromiter(
        (numbers.setdefault(k, len(numbers)) for k in keys.tolist()), np.int64, len(keys)
    )
    labels = components(len(ids), account_index.astype(np.int64), key_index)
    return dict(zip(ids.tolist(), labels.tolist(), strict=True))


def partition(labels: dict[int, int]) -> list[list[int]]:
    """The groups of a labelling, each sorted, in order of their smallest store."""
    grouped: dict[int, list[int]] = defaultdict(list)
    for account, label in labels.items():
        grouped[label].append(account)
    return sorted((sorted(g) for g in grouped.values()), key=lambda g: g[0])
