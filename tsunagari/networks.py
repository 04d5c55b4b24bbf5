"""Collaboration networks, shared by the pages (viz/) and the research API.

One builder: membership rows (organisation, programme, role; the lead's role is
``lead``) become a bipartite multigraph, organisations on one side
(``org:ID``), programmes on the other (``programme:ID``), one edge per
membership keyed by its role and carrying the rest of the row. The pages draw
it as is; research collapses it to one edge per organisation and programme.

One ``Filters``: what a viewer or a researcher selected, checked against the
vocabulary before anything is built, so that a typo is refused rather than
silently drawing nothing.

One export: GraphML and GEXF of any networkx graph that networkx reads back
(lists joined by ``;``, missing values left out, characters XML cannot hold
removed), and CSV whose cells a spreadsheet does not run as formulas.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import Any

import networkx as nx

from tsunagari.core.vocabulary import GENERIC_KIND, LEAD, ROLE_CODES, ROLE_LABELS, SECTOR_LABELS

LIST_SEPARATOR = ";"
EXPORT_FORMATS = ("graphml", "gexf", "csv")
UNKNOWN_SECTOR = "unknown"

_DATE = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?$")
_CODE = re.compile(r"^(\d{2}|\d{5})$")

Row = dict[str, Any]


def org_node(org_id: str) -> str:
    return f"org:{org_id}"


def programme_node(programme_id: str) -> str:
    return f"programme:{programme_id}"


# -- filters ----------------------------------------------------------------------


def date_bounds(value: str | None, what: str) -> tuple[str, str]:
    """The first and last day a partial date (YYYY, YYYY-MM, YYYY-MM-DD) can mean."""
    if value is None:
        return "0000-00-00", "9999-99-99"
    if not _DATE.match(value):
        raise ValueError(f"{what} must be YYYY, YYYY-MM or YYYY-MM-DD, not {value!r}")
    return value + "-01-01"[len(value) - 4:], value + "-12-31"[len(value) - 4:]


def _as_set(value: str | Iterable[str] | None, allowed: Iterable[str], what: str,
            ) -> frozenset[str] | None:
    if value is None:
        return None
    values = frozenset([value] if isinstance(value, str) else value)
    known = list(allowed)
    unknown = sorted(values - set(known))
    if unknown:
        raise ValueError(f"unknown {what} {', '.join(map(repr, unknown))}; "
                         f"known: {', '.join(known)}")
    return values


@dataclass(frozen=True)
class Filters:
    """What was selected, combined with AND; ``None`` means everything.

    - ``roles``: memberships with one of these roles (role codes, or ``lead``);
    - ``sectors``: organisations of these sectors (``unknown`` for none stated);
    - ``schemes``: programmes that are part of one of these schemes or platforms
      (ids; research also takes a title), and the schemes themselves;
    - ``area``: programmes that target a place the code covers (core.places.covers);
    - ``period``: programmes whose stated period overlaps this one;
    - ``include_generic``: kinds of bodies (各地のハローワーク) too.

    Build with :meth:`checked`, which refuses unknown values.
    """

    roles: frozenset[str] | None = None
    sectors: frozenset[str] | None = None
    schemes: frozenset[str] | None = None
    area: str | None = None
    period: tuple[str, str] | None = None
    include_generic: bool = False

    @classmethod
    def checked(cls, roles: str | Iterable[str] | None = None,
                sectors: str | Iterable[str] | None = None,
                schemes: str | Iterable[str] | None = None, area: str | None = None,
                period: str | tuple[str | None, str | None] | None = None,
                include_generic: bool = False) -> Filters:
        if area is not None and not _CODE.match(area):
            raise ValueError("area must be a 2-digit prefecture or 5-digit municipality code, "
                             f"not {area!r}")
        span = None
        if period is not None:
            start, end = (period, period) if isinstance(period, str) else period
            low = date_bounds(start, "period start")[0]
            high = date_bounds(end, "period end")[1]
            if low > high:
                raise ValueError(f"period starts after it ends: {period!r}")
            span = (low, high)
        return cls(
            roles=_as_set(roles, [LEAD, *ROLE_CODES], "role"),
            sectors=_as_set(sectors, SECTOR_LABELS, "sector"),
            schemes=None if schemes is None else frozenset(
                [schemes] if isinstance(schemes, str) else schemes),
            area=area, period=span, include_generic=include_generic,
        )

    def keeps(self, role: str, sector: str | None, kind: str | None = None) -> bool:
        """Whether a membership in this role, of an organisation of this sector and
        kind, passes the role, sector and generic filters."""
        return ((self.include_generic or kind != GENERIC_KIND)
                and (self.roles is None or role in self.roles)
                and (self.sectors is None or (sector or UNKNOWN_SECTOR) in self.sectors))

    def keeps_period(self, start: str | None, end: str | None) -> bool:
        """Whether a programme stated to run from ``start`` to ``end`` overlaps the
        period; one that states no period does not, since nothing says it does."""
        if self.period is None:
            return True
        if not start and not end:
            return False
        low = date_bounds(start, "period_start")[0] if start else "0000-00-00"
        high = date_bounds(end, "period_end")[1] if end else "9999-99-99"
        return low <= self.period[1] and high >= self.period[0]

    def describe(self) -> str:
        parts = [f"{name}={','.join(sorted(value))}"
                 for name, value in (("role", self.roles), ("sector", self.sectors),
                                     ("scheme", self.schemes)) if value]
        if self.area:
            parts.append(f"area={self.area}")
        if self.period:
            parts.append(f"period={self.period[0]}..{self.period[1]}")
        if self.include_generic:
            parts.append("include_generic")
        return " ".join(parts) or "all"


# -- the builder ------------------------------------------------------------------


def bipartite(rows: Iterable[Row], org_attrs: Callable[[Row], Row],
              programme_attrs: Callable[[Row], Row],
              edge_attrs: Callable[[Row], Row]) -> nx.MultiGraph:
    """The bipartite multigraph of membership rows.

    Each row has ``org_id``, ``programme_id`` and ``role`` (None reads as
    ``unspecified``); ``org_attrs(row)`` and ``programme_attrs(row)`` give the
    attributes of a node the first time it is met, ``edge_attrs(row)`` those of
    the membership. Nodes carry ``type`` ('organisation' or 'programme') and
    ``id``; an edge carries ``role``.
    """
    g = nx.MultiGraph()
    for r in rows:
        o, p = org_node(r["org_id"]), programme_node(r["programme_id"])
        if o not in g:
            g.add_node(o, type="organisation", id=r["org_id"], **org_attrs(r))
        if p not in g:
            g.add_node(p, type="programme", id=r["programme_id"], **programme_attrs(r))
        role = r.get("role") or "unspecified"
        # a second membership in the same role (another source) is kept beside the first
        key = None if g.has_edge(o, p, key=role) else role
        g.add_edge(o, p, key=key, role=role, **edge_attrs(r))
    return g


def ends(g: nx.MultiGraph, u: str, v: str) -> tuple[str, str]:
    """(organisation, programme) of an edge, whichever way it is stored."""
    return (u, v) if g.nodes[u]["type"] == "organisation" else (v, u)


_ROLE_ORDER = {r: i for i, r in enumerate(ROLE_LABELS)}


def role_order(roles: Iterable[str]) -> list[str]:
    """Role codes, each once, in the vocabulary's order (lead first); unknown ones last."""
    return sorted(set(roles), key=lambda r: (_ROLE_ORDER.get(r, len(_ROLE_ORDER)), r))


def ties(g: nx.MultiGraph) -> dict[tuple[str, str], dict[str, Any]]:
    """One tie per (organisation, programme) of a bipartite multigraph: its
    ``roles`` (:func:`role_order`) and its ``memberships``, the attribute dicts of
    its edges. Research collapses its graph with it; a page draws one line per tie."""
    out: dict[tuple[str, str], dict[str, Any]] = {}
    for u, v, d in g.edges(data=True):
        out.setdefault(ends(g, u, v), {"roles": [], "memberships": []})["memberships"].append(d)
    for tie in out.values():
        tie["roles"] = role_order(m["role"] for m in tie["memberships"])
    return out


def values(memberships: Iterable[dict[str, Any]], field: str) -> list[Any]:
    """The distinct non-empty values of ``field`` over memberships, sorted."""
    return sorted({m[field] for m in memberships if m.get(field) not in (None, "")})


# -- exports ----------------------------------------------------------------------

# Characters XML 1.0 cannot hold, even escaped: C0 controls but tab, newline and
# carriage return; lone surrogates; U+FFFE and U+FFFF.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
# A cell a spreadsheet would run as a formula, or whose leading control it would act on.
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def xml_text(text: str) -> str:
    """``text`` without the characters XML 1.0 cannot hold (U+0001 in a title, say)."""
    return _NOT_XML.sub("", text)


def csv_cell(value: Any) -> Any:
    """A value as a spreadsheet shows it and never runs: text starting with
    = + - @, a tab or a carriage return gets a leading single quote."""
    if isinstance(value, str) and value.startswith(_FORMULA_START):
        return "'" + value
    return value


def _portable_value(value: Any) -> Any:
    if isinstance(value, (list, tuple, set, frozenset)):
        items = sorted(value) if isinstance(value, (set, frozenset)) else value
        value = LIST_SEPARATOR.join(str(v) for v in items)
    elif hasattr(value, "item"):  # numpy scalars
        value = value.item()
    return xml_text(value) if isinstance(value, str) else value


def portable(g: nx.Graph) -> nx.Graph:
    """A copy that GraphML and GEXF can store and networkx reads back: lists joined
    by ';', None left out, characters XML cannot hold removed, a ``label`` (the
    name) on every node that has a name. The graph's class is kept."""
    h = g.__class__()
    h.graph.update({k: _portable_value(v) for k, v in g.graph.items() if v is not None})
    for n, d in g.nodes(data=True):
        attrs = {k: _portable_value(v) for k, v in d.items() if v is not None}
        if "name" in attrs:
            attrs.setdefault("label", attrs["name"])
        h.add_node(_portable_value(n), **attrs)
    edges = g.edges(keys=True, data=True) if g.is_multigraph() else \
        ((a, b, None, d) for a, b, d in g.edges(data=True))
    for a, b, k, d in edges:
        attrs = {key: _portable_value(v) for key, v in d.items() if v is not None}
        if k is None:
            h.add_edge(_portable_value(a), _portable_value(b), **attrs)
        else:
            h.add_edge(_portable_value(a), _portable_value(b), key=_portable_value(k), **attrs)
    return h


def xml_bytes(g: nx.Graph, fmt: str) -> bytes:
    """``g`` as GraphML or GEXF (UTF-8), through :func:`portable`."""
    buf = io.BytesIO()
    if fmt == "graphml":
        nx.write_graphml(portable(g), buf, encoding="utf-8")
    elif fmt == "gexf":
        nx.write_gexf(portable(g), buf, encoding="utf-8")
    else:
        raise ValueError(f"{fmt!r} is not an XML format; use graphml or gexf")
    return buf.getvalue()


def csv_text(header: Sequence[str], rows: Iterable[Sequence[Any]]) -> str:
    """A CSV table, every cell through :func:`csv_cell`; lines end in CRLF (RFC 4180),
    so a cell holding a carriage return or a newline is quoted."""
    out = io.StringIO()
    w = csv.writer(out, lineterminator="\r\n")
    w.writerow(header)
    for row in rows:
        w.writerow([csv_cell(v) for v in row])
    return out.getvalue()


def check_format(fmt: str) -> str:
    if fmt not in EXPORT_FORMATS:
        raise ValueError(f"unknown export format {fmt!r}; use one of {', '.join(EXPORT_FORMATS)}")
    return fmt
