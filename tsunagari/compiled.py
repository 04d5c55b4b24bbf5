"""Compiled loops for the metrics of large graphs: one adjacency built once, Brandes'
betweenness from sampled sources, clustering and Burt's constraint from one pass over
the triangles, and weighted PageRank.

Every loop takes the graph as arrays: ties ``a[i] – b[i]`` (indices of nodes
``0 … n-1``) of weight ``w[i]``, and their adjacency (:func:`adjacency`, CSR, both
directions listed, counting-sorted in one pass, neighbours in index order), built once
and shared by every measure.

Betweenness: one breadth-first search per source and the dependencies summed back
(Brandes). Each level of the search is either grown from the frontier (every tie of
the frontier's nodes) or, when the nodes not reached yet have fewer ties between
them than the frontier has, found from those nodes (every tie of each, to count all
its shortest paths): on the 100,000-organisation graph of 5.7 million ties one
search from a source reaches most nodes in two steps, so the second way reads about
a seventh of the ties the first reads. The ties of the shortest-path DAG are kept as
they are found and walked back once.

Clustering and constraint both need, for every tie, what the pair's common partners
add up to: clustering counts the triangles at each node, constraint sums
``w(u,x) · w(x,v) / s(x)`` over the common partners ``x`` of a tie ``(u, v)``
(``s`` is a node's summed weight). igraph's constraint walks every partner's
partners, Σ degree² steps: 10^10 on that graph, eight minutes. Here each triangle is
found once, from its node of lowest degree (the forward algorithm): at most
(ties × 142) steps on that graph, seconds. The nodes are numbered in that order for
the pass, so that the partners closing most triangles lie together, and the sums are
kept by the position of the tie in the oriented adjacency, so that a triangle's
updates fall near each other.

Every compiled function releases the GIL (``nogil``), so that research.array_metrics
can run them beside igraph's community detection on the other core. They are
compiled once and cached beside this file (``cache=True``).

The definitions are networkx's, and tests/test_research.py checks them against
networkx on small graphs.
"""

from __future__ import annotations

from typing import Any

import networkx as nx
import numpy as np
from numba import njit


@njit(cache=True, nogil=True)
def _adjacency(n: int, a: np.ndarray, b: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    ptr = np.zeros(n + 1, np.int64)
    for i in range(len(a)):
        ptr[a[i] + 1] += 1
        ptr[b[i] + 1] += 1
    for v in range(n):
        ptr[v + 1] += ptr[v]
    fill = ptr[:n].copy()
    adj = np.empty(2 * len(a), np.int32)
    tie = np.empty(2 * len(a), np.int32)
    for i in range(len(a)):
        x, y = a[i], b[i]
        adj[fill[x]] = y
        tie[fill[x]] = i
        fill[x] += 1
        adj[fill[y]] = x
        tie[fill[y]] = i
        fill[y] += 1
    return ptr, adj, tie


def adjacency(n: int, a: np.ndarray, b: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """The ties ``a[i] – b[i]`` on nodes ``0 … n-1`` as CSR: node v's neighbours are
    ``adj[ptr[v]:ptr[v + 1]]`` (each tie listed from both ends) and ``tie[p]`` is the
    index ``i`` of the tie at position ``p``. With ties ordered by (a, b), as
    research.organisation_ties gives them, each node's neighbours come in index order."""
    a = np.asarray(a, np.int64)
    b = np.asarray(b, np.int64)
    if len(a) >= 2**31:
        raise ValueError("more than 2³¹ ties")
    return _adjacency(n, a, b)


# -- betweenness --------------------------------------------------------------------


@njit(cache=True, nogil=True)
def _brandes(n: int, ptr: np.ndarray, adj: np.ndarray, sources: np.ndarray) -> np.ndarray:
    """Brandes' dependencies summed over ``sources`` on the unweighted graph of CSR
    (ptr, adj).

    Searching, ``queue`` holds the nodes level by level (``starts[l]`` where level l
    begins). A level grown from the frontier records each shortest-path tie at its
    parent (``arcs[down_lo[i]:down_hi[i]]``: the children of queue position i); a
    level found from the unreached nodes records it at the child
    (``arcs[up_lo[i]:up_hi[i]]``: its parents). Each tie of the graph is at most one
    DAG tie, so ``arcs`` needs as many places as there are ties. Walking the queue
    backwards, a node's dependency is complete once its children's are: it pulls
    from the children it recorded and is pushed to by those that recorded it."""
    score = np.zeros(n, np.float64)
    dist = np.full(n, -1, np.int32)
    sigma = np.zeros(n, np.float64)
    pushed = np.zeros(n, np.float64)
    coeff = np.empty(n, np.float64)
    queue = np.empty(n, np.int32)
    starts = np.empty(n + 2, np.int64)
    arcs = np.empty(ptr[n] // 2 + 1, np.int32)
    down_lo = np.zeros(n, np.int64)
    down_hi = np.zeros(n, np.int64)
    up_lo = np.zeros(n, np.int64)
    up_hi = np.zeros(n, np.int64)
    unreached = np.empty(n, np.int32)
    for s in sources:
        dist[s] = 0
        sigma[s] = 1.0
        queue[0] = s
        tail = 1
        level = 0
        starts[0] = 0
        starts[1] = 1
        frontier_ties = ptr[s + 1] - ptr[s]
        unreached_ties = ptr[n] - frontier_ties
        recorded = 0
        listed = -1  # unreached[:listed] may hold nodes not reached; -1 until first needed
        while starts[level + 1] > starts[level]:
            below = level + 1
            below_ties = 0
            if frontier_ties <= unreached_ties:
                for i in range(starts[level], starts[below]):
                    v = queue[i]
                    sv = sigma[v]
                    down_lo[i] = recorded
                    for p in range(ptr[v], ptr[v + 1]):
                        u = adj[p]
                        du = dist[u]
                        if du < 0:
                            du = below
                            dist[u] = below
                            queue[tail] = u
                            tail += 1
                            ties = ptr[u + 1] - ptr[u]
                            unreached_ties -= ties
                            below_ties += ties
                        if du == below:
                            sigma[u] += sv
                            arcs[recorded] = u
                            recorded += 1
                    down_hi[i] = recorded
            else:
                if listed < 0:
                    listed = 0
                    for u in range(n):
                        if dist[u] < 0:
                            unreached[listed] = u
                            listed += 1
                kept = 0
                for j in range(listed):
                    u = unreached[j]
                    if dist[u] >= 0:
                        continue
                    first = recorded
                    su = 0.0
                    for p in range(ptr[u], ptr[u + 1]):
                        v = adj[p]
                        if dist[v] == level:
                            su += sigma[v]
                            arcs[recorded] = v
                            recorded += 1
                    if recorded > first:
                        dist[u] = below
                        sigma[u] = su
                        up_lo[tail] = first
                        up_hi[tail] = recorded
                        queue[tail] = u
                        tail += 1
                        ties = ptr[u + 1] - ptr[u]
                        unreached_ties -= ties
                        below_ties += ties
                    else:
                        unreached[kept] = u
                        kept += 1
                listed = kept
            starts[below + 1] = tail
            level = below
            frontier_ties = below_ties
        for i in range(tail - 1, -1, -1):
            v = queue[i]
            total = pushed[v]
            for j in range(down_lo[i], down_hi[i]):
                total += coeff[arcs[j]]
            delta = sigma[v] * total
            if i > 0:
                score[v] += delta
            c = (1.0 + delta) / sigma[v]
            coeff[v] = c
            for j in range(up_lo[i], up_hi[i]):
                pushed[arcs[j]] += c
        for i in range(tail):
            x = queue[i]
            dist[x] = -1
            sigma[x] = 0.0
            pushed[x] = 0.0
            down_lo[i] = down_hi[i] = up_lo[i] = up_hi[i] = 0
    return score


def dependencies(ptr: np.ndarray, adj: np.ndarray, sources: np.ndarray) -> np.ndarray:
    """For every node, the sum over ``sources`` of its Brandes dependency: the share of
    shortest paths (on hops) from each source to every other node that pass through
    it, on the graph of :func:`adjacency`. Summed over all nodes as sources this is
    twice the pair betweenness of an undirected graph."""
    return _brandes(len(ptr) - 1, ptr, adj, np.asarray(sources, np.int64))


# -- clustering and constraint ------------------------------------------------------


@njit(cache=True, nogil=True)
def _oriented(n: int, ptr: np.ndarray, adj: np.ndarray, tie: np.ndarray, w: np.ndarray,
              rank: np.ndarray, order: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Each tie once, from its end of lower (degree, index) to the other, with the nodes
    numbered by that order (``rank``; ``order`` the inverse), so that the partners that
    close most triangles, of high degree, lie together: CSR (optr, ocol) in ranks, the
    tie index ``otie`` and weight ``ow`` of each position."""
    optr = np.zeros(n + 1, np.int64)
    for r in range(n):
        x = order[r]
        for p in range(ptr[x], ptr[x + 1]):
            if rank[adj[p]] > r:
                optr[r + 1] += 1
    for r in range(n):
        optr[r + 1] += optr[r]
    ocol = np.empty(optr[n], np.int32)
    otie = np.empty(optr[n], np.int32)
    ow = np.empty(optr[n], np.float64)
    for r in range(n):
        x = order[r]
        q = optr[r]
        for p in range(ptr[x], ptr[x + 1]):
            ry = rank[adj[p]]
            if ry > r:
                ocol[q] = ry
                otie[q] = tie[p]
                ow[q] = w[tie[p]]
                q += 1
    return optr, ocol, otie, ow


@njit(cache=True, nogil=True)
def _walk(n: int, ptr: np.ndarray, col: np.ndarray, w: np.ndarray, inverse: np.ndarray,
          first: int, last: int) -> tuple[np.ndarray, np.ndarray]:
    """The triangles found from nodes ``first … last-1`` of the oriented CSR (nodes
    numbered by rank): how many at each node, and for each position ``p`` (tie x–y)
    the sum over them of ``w(x,z) · w(z,y) / s(z)``. ``inverse`` is 1 / s, by rank."""
    tri = np.zeros(n, np.int64)
    through = np.zeros(len(col), np.float64)
    mark = np.full(n, -1, np.int32)  # mark[z] = position of x–z among x's ties, or -1
    for x in range(first, last):
        base = ptr[x]
        for p in range(base, ptr[x + 1]):
            mark[col[p]] = p - base
        at_x = 0
        for p in range(base, ptr[x + 1]):
            y = col[p]
            wxy = w[p]
            to_xz = wxy * inverse[y]  # what y adds to the tie x–z
            to_yz = wxy * inverse[x]  # what x adds to the tie y–z
            on_xy = 0.0
            at_y = 0
            for q in range(ptr[y], ptr[y + 1]):
                z = col[q]
                m = mark[z]
                if m < 0:
                    continue
                r = base + m
                at_y += 1
                tri[z] += 1
                wxz = w[r]
                wyz = w[q]
                on_xy += wxz * wyz * inverse[z]
                through[r] += to_xz * wyz
                through[q] += to_yz * wxz
            tri[y] += at_y
            at_x += at_y
            through[p] += on_xy
        tri[x] += at_x
        for p in range(base, ptr[x + 1]):
            mark[col[p]] = -1
    return tri, through


def _triangle_setup(n: int, a: np.ndarray, b: np.ndarray, w: np.ndarray,
                    graph: tuple[np.ndarray, np.ndarray, np.ndarray]) -> tuple[Any, ...]:
    if np.any(a == b):
        raise ValueError("the graph has self-loops; clustering and constraint take simple graphs")
    ptr, adj, tie = graph
    strength = np.bincount(a, w, minlength=n) + np.bincount(b, w, minlength=n)
    order = np.lexsort((np.arange(n), np.diff(ptr)))
    rank = np.empty(n, np.int64)
    rank[order] = np.arange(n)
    return (*_oriented(n, ptr, adj, tie, w, rank, order), order, strength)


def _clustering_constraint(n: int, a: np.ndarray, b: np.ndarray, w: np.ndarray, ptr: np.ndarray,
                           strength: np.ndarray, otie: np.ndarray, order: np.ndarray, tri_ranked: np.ndarray,
                           through_oriented: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    safe = np.where(strength > 0, strength, 1.0)
    tri = np.empty(n, np.int64)
    tri[order] = tri_ranked
    through = np.empty(len(a), np.float64)
    through[otie] = through_oriented
    degree = np.diff(ptr)
    with np.errstate(invalid="ignore", divide="ignore"):
        pairs = degree * (degree - 1) / 2.0
        clustering = np.where(degree > 1, tri / np.where(pairs > 0, pairs, 1.0), 0.0)
        square = (w + through) ** 2
        constraint = (np.bincount(a, square, minlength=n) + np.bincount(b, square, minlength=n)) / safe ** 2
    constraint[strength == 0] = 0.0
    constraint[degree == 0] = np.nan
    return clustering, constraint


def _inverse(strength: np.ndarray) -> np.ndarray:
    return 1.0 / np.where(strength > 0, strength, 1.0)


def _arrays(a: np.ndarray, b: np.ndarray, w: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    return np.asarray(a, np.int64), np.asarray(b, np.int64), np.asarray(w, np.float64)


def clustering_and_constraint(n: int, a: np.ndarray, b: np.ndarray, w: np.ndarray,
                              graph: tuple[np.ndarray, np.ndarray, np.ndarray] | None = None,
                              ) -> tuple[np.ndarray, np.ndarray]:
    """Local clustering (unweighted, as ``nx.clustering``) and Burt's constraint
    (weighted, as ``nx.constraint``; NaN for an isolated node) of the simple
    undirected graph on nodes ``0 … n-1`` with ties ``a[i] – b[i]`` of weight ``w[i]``
    (``graph``: their :func:`adjacency`, when already built).

    With ``p(u,v) = w(u,v) / s(u)``, constraint is
    ``Σ_v (p(u,v) + Σ_x p(u,x) p(x,v))²`` over u's partners v, that is
    ``Σ_v (w(u,v) + t(u,v))² / s(u)²`` with ``t(u,v) = Σ_x w(u,x) w(x,v) / s(x)``
    summed over the triangles of the tie.
    """
    a, b, w = _arrays(a, b, w)
    graph = graph if graph is not None else adjacency(n, a, b)
    optr, ocol, otie, ow, order, strength = _triangle_setup(n, a, b, w, graph)
    tri, through = _walk(n, optr, ocol, ow, _inverse(strength)[order], 0, n)
    return _clustering_constraint(n, a, b, w, graph[0], strength, otie, order, tri, through)


# -- PageRank -----------------------------------------------------------------------


@njit(cache=True, nogil=True)
def _pagerank(ptr: np.ndarray, adj: np.ndarray, tie: np.ndarray, w: np.ndarray, alpha: float,
              tol: float, max_iter: int) -> tuple[np.ndarray, int]:
    n = len(ptr) - 1
    strength = np.zeros(n)
    for v in range(n):
        for p in range(ptr[v], ptr[v + 1]):
            strength[v] += w[tie[p]]
    # node v receives from each neighbour u its rank times w(u,v) / s(u)
    share = np.empty(len(adj))
    for v in range(n):
        for p in range(ptr[v], ptr[v + 1]):
            su = strength[adj[p]]
            share[p] = w[tie[p]] / su if su > 0 else 0.0
    x = np.full(n, 1.0 / n)
    nxt = np.empty(n)
    for it in range(max_iter):
        lost = 0.0
        for v in range(n):
            if strength[v] == 0:
                lost += x[v]
        even = alpha * lost / n + (1.0 - alpha) / n
        change = 0.0
        for v in range(n):
            got = 0.0
            for p in range(ptr[v], ptr[v + 1]):
                got += share[p] * x[adj[p]]
            nxt[v] = alpha * got + even
            change += abs(nxt[v] - x[v])
        x, nxt = nxt, x
        if change < n * tol:
            return x, it + 1
    return x, -1


def pagerank(ptr: np.ndarray, adj: np.ndarray, tie: np.ndarray, w: np.ndarray, alpha: float = 0.85,
             tol: float = 1.0e-6, max_iter: int = 100) -> np.ndarray:
    """Weighted PageRank by networkx's method and stopping rule (power iteration from
    the uniform vector until the L1 change is below n × tol; a node whose ties weigh
    nothing in all spreads its rank evenly) on the graph of :func:`adjacency` with tie
    weights ``w``."""
    x, iterations = _pagerank(ptr, adj, tie, np.asarray(w, np.float64), alpha, tol, max_iter)
    if iterations < 0:
        raise nx.PowerIterationFailedConvergence(max_iter)
    return x


# -- all at once ---------------------------------------------------------------------


@njit(cache=True, nogil=True)
def _everything(n: int, ptr: np.ndarray, adj: np.ndarray, tie: np.ndarray, w: np.ndarray,
                sources: np.ndarray, optr: np.ndarray, ocol: np.ndarray, ow: np.ndarray,
                inverse: np.ndarray, alpha: float, tol: float, max_iter: int,
                ) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray, int]:
    raw = _brandes(n, ptr, adj, sources)
    tri, through = _walk(n, optr, ocol, ow, inverse, 0, n)
    rank, iterations = _pagerank(ptr, adj, tie, w, alpha, tol, max_iter)
    return raw, tri, through, rank, iterations


class Measures:
    """:func:`dependencies` over ``sources``, :func:`clustering_and_constraint` and
    :func:`pagerank` (networkx's defaults) of the graph of ties ``a[i] – b[i]``
    weighing ``w[i]`` with adjacency ``graph``: made ready here, then computed by
    :meth:`compute` in one compiled call that releases the GIL.

    One call, because the GIL is needed between calls: run beside a thread that holds
    it in a long C call (igraph's Leiden never releases it), each step would wait for
    that call to end."""

    def __init__(self, n: int, a: np.ndarray, b: np.ndarray, w: np.ndarray,
                 graph: tuple[np.ndarray, np.ndarray, np.ndarray], sources: np.ndarray):
        self.n, self.graph = n, graph
        self.a, self.b, self.w = _arrays(a, b, w)
        self.sources = np.asarray(sources, np.int64)
        (self.optr, self.ocol, self.otie, self.ow, self.order,
         self.strength) = _triangle_setup(n, self.a, self.b, self.w, graph)
        self.inverse = _inverse(self.strength)[self.order]

    def compute(self) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
        """(dependencies, clustering, constraint, PageRank)."""
        raw, tri, through, rank, iterations = _everything(
            self.n, *self.graph, self.w, self.sources, self.optr, self.ocol, self.ow, self.inverse,
            0.85, 1.0e-6, 100)
        if iterations < 0:
            raise nx.PowerIterationFailedConvergence(100)
        return (raw, *_clustering_constraint(self.n, self.a, self.b, self.w, self.graph[0], self.strength,
                                             self.otie, self.order, tri, through), rank)
