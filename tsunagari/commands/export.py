"""`tsunagari export`: the graph, whole or filtered, as GraphML, GEXF or CSV."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from tsunagari.core.vocabulary import ROLE_CODES, SECTOR_CODES


def _split(values: list[str] | None) -> list[str] | None:
    if not values:
        return None
    return [v.strip() for value in values for v in value.split(",") if v.strip()]


def _period(text: str | None) -> str | tuple[str | None, str | None] | None:
    if text is None:
        return None
    if ".." not in text:
        return text
    start, end = text.split("..", 1)
    return (start or None, end or None)


def add_parser(sub: argparse._SubParsersAction) -> None:
    help_text = "write the graph (whole or filtered) as GraphML, GEXF or CSV for other tools"
    p = sub.add_parser("export", help=help_text, description=help_text + ". Lists are written "
                       "joined by ';' and missing values are left out (GraphML and GEXF store "
                       "neither).")
    p.add_argument("--format", required=True, choices=("graphml", "gexf", "csv"),
                   help="csv writes a folder with nodes.csv and edges.csv")
    p.add_argument("--out", required=True, type=Path, help="file (graphml, gexf) or folder (csv)")
    p.add_argument("--graph", choices=("bipartite", "organisations"), default="bipartite",
                   help="organisations and programmes (default), or organisations tied by "
                        "shared programmes with weight = how many")
    p.add_argument("--role", action="append", metavar="ROLE",
                   help=f"keep memberships with these roles (repeat or comma-separate): "
                        f"lead, {', '.join(ROLE_CODES)}")
    p.add_argument("--sector", action="append", metavar="SECTOR",
                   help=f"keep organisations of these sectors: {', '.join(SECTOR_CODES)}")
    p.add_argument("--scheme", help="keep the programmes of this scheme or platform (id or title)")
    p.add_argument("--area", help="keep programmes targeting this place: 2-digit prefecture or "
                                  "5-digit municipality code (a designated city includes its wards)")
    p.add_argument("--period", help="keep programmes whose period overlaps: 2023, 2023-04, "
                                    "2023-04..2024-03, 2023.. or ..2024")
    p.add_argument("--include-generic", action="store_true",
                   help="keep kinds of bodies (各地のハローワーク) as nodes")
    p.add_argument("--metrics", action="store_true",
                   help="add the metrics table's columns to the nodes (degree, betweenness …)")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from tsunagari.research import Research, export, network_metrics, with_metrics

    kw = {"role": _split(args.role), "sector": _split(args.sector), "scheme": args.scheme,
          "area": args.area, "period": _period(args.period),
          "include_generic": args.include_generic}
    with Research.open(args.store) as research:
        try:
            G = (research.bipartite_graph(**kw) if args.graph == "bipartite"
                 else research.organisation_graph(**kw))
        except ValueError as exc:
            print(f"tsunagari export: {exc}", file=sys.stderr)
            return 2
    if args.metrics:
        G = with_metrics(G, network_metrics(G))
    path = export(G, args.out, args.format)
    print(f"export: {G.number_of_nodes()} nodes, {G.number_of_edges()} edges "
          f"({args.graph}, {G.graph.get('filters')}) → {path}")
    return 0
