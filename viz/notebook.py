"""The network view in a notebook: a networkx graph drawn with the vendored vis-network,
offline and escaped.

    from tsunagari.research import Research
    from tsunagari.viz import notebook

    with Research.open() as r:
        notebook.show(r.organisation_graph(area="13201"))   # displays in Jupyter

:func:`show` returns a :class:`NotebookView`, which Jupyter displays as an
``<iframe srcdoc>``: one self-contained document with vis-network inlined (no CDN,
nothing fetched; its Content-Security-Policy forbids any request), the graph as a
JSON block whose ``<``, ``>`` and ``&`` are escaped, and a small script that puts
names only into the canvas and into text nodes (never ``innerHTML``). The iframe
is sandboxed to scripts only. ``view.html`` is the document itself, to save or open.

It draws both graphs of ``tsunagari.research``: the bipartite one (organisations
as dots coloured by sector, programmes as diamonds, lines coloured and dashed by
role) and the organisation graph (lines as wide as their ``weight``); any other
graph draws with its ``name`` or ``label`` attributes.

pyvis is not used: it loads Bootstrap from a CDN even in ``cdn_resources="in_line"``
mode, so its output is not offline, and it writes node titles into the page through
``innerHTML``, so a name with markup in it runs as HTML.
"""

from __future__ import annotations

import html
import json
import math
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import networkx as nx
from tsunagari.core.vocabulary import (
    LEAD,
    PROGRAMME_KINDS,
    ROLE_COLOURS,
    ROLE_LABELS,
    SECTOR_COLOURS,
    SECTOR_LABELS,
)
from tsunagari.viz.network import PHYSICS_LIMIT, ROLE_DASHES, layout

VIS_NETWORK = Path(__file__).resolve().parents[1] / "api" / "static" / "vendor" / "vis-network.min.js"
#: beyond this many nodes a notebook view is refused: the browser tab would stall
NODE_LIMIT = 5000
_CSP = ("default-src 'none'; script-src 'unsafe-inline'; style-src 'unsafe-inline'; "
        "img-src data: blob:")


def _json_for_script(value: Any) -> str:
    """JSON that cannot end the ``<script>`` element it sits in."""
    text = json.dumps(value, ensure_ascii=False)
    return text.replace("&", "\\u0026").replace("<", "\\u003c").replace(">", "\\u003e")


def _name(node: Any, d: dict[str, Any]) -> str:
    return str(d.get("name") or d.get("label") or d.get("title") or node)


def _roles(d: dict[str, Any]) -> list[str]:
    roles = d.get("roles") or ([d["role"]] if d.get("role") else [])
    if isinstance(roles, str):
        roles = roles.split(";")
    order = {r: i for i, r in enumerate(ROLE_LABELS)}
    return sorted({str(r) for r in roles if r}, key=lambda r: (order.get(r, len(order)), r))


def graph_payload(graph: nx.Graph) -> dict[str, Any]:
    """Nodes and edges as the notebook script draws them."""
    if graph.number_of_nodes() > NODE_LIMIT:
        raise ValueError(f"{graph.number_of_nodes()} nodes: a notebook view draws at most "
                         f"{NODE_LIMIT}; filter the graph first (area=, role=, sector=)")
    ids = {n: str(i) for i, n in enumerate(graph.nodes)}
    simple = nx.Graph()
    simple.add_nodes_from(ids.values())
    simple.add_edges_from((ids[u], ids[v]) for u, v in graph.edges() if u != v)
    pos = layout(simple)
    nodes = []
    for n, d in graph.nodes(data=True):
        programme = d.get("node_type") == "programme" or d.get("type") == "programme"
        degree = graph.degree(n)
        node = {"id": ids[n], "label": _name(n, d), "programme": programme,
                "x": pos[ids[n]][0], "y": pos[ids[n]][1],
                "size": round(8 + 4 * math.sqrt(degree), 1), "degree": degree}
        if programme:
            node["kind"] = PROGRAMME_KINDS.get(str(d.get("kind") or ""), "取組・事業")
            node["colour"] = "#ffffff"
        else:
            sector = d.get("sector") if d.get("sector") in SECTOR_COLOURS else "unknown"
            node["kind"] = SECTOR_LABELS[sector]
            node["colour"] = SECTOR_COLOURS[sector]
        nodes.append(node)
    edges = []
    for i, (u, v, d) in enumerate(graph.edges(data=True)):
        roles = _roles(d)
        shown = [r for r in roles if r != LEAD] or roles
        single = shown[0] if len(shown) == 1 else None
        weight = d.get("weight")
        programmes = d.get("programmes")
        if isinstance(programmes, str):
            programmes = programmes.split(";")
        edges.append({
            "id": f"e{i}", "from": ids[u], "to": ids[v],
            "roles": "、".join(ROLE_LABELS.get(r, r) for r in roles),
            "colour": ROLE_COLOURS.get(single, "#4a5560") if single else "#4a5560",
            "dashes": ROLE_DASHES.get(single, []) if single else [],
            "width": min(8.0, 1.5 + 2 * math.log(weight)) if isinstance(weight, int | float) and weight >= 1 else 2.0,
            "weight": weight if isinstance(weight, int | float) else None,
            "programmes": [str(p) for p in programmes or []][:20],
            "texts": [str(t) for t in d.get("role_texts") or []][:5],
        })
    return {"nodes": nodes, "edges": edges, "physics": len(nodes) <= PHYSICS_LIMIT,
            "kind": str(graph.graph.get("kind") or ""), "filters": str(graph.graph.get("filters") or "")}


_SCRIPT = r"""
(function () {
  "use strict";
  var data = JSON.parse(document.getElementById("graph").textContent);
  function el(tag, text) { var e = document.createElement(tag); if (text) { e.textContent = text; } return e; }
  function tip(lines) { var b = el("div"); lines.forEach(function (l) { if (l) { b.appendChild(el("div", l)); } }); return b; }
  var byId = {};
  var nodes = new vis.DataSet(data.nodes.map(function (n) {
    byId[n.id] = n;
    return { id: n.id, x: n.x, y: n.y, size: n.size, shape: n.programme ? "diamond" : "dot",
      label: n.label.length > 20 ? n.label.slice(0, 19) + "…" : n.label,
      color: { background: n.colour, border: n.programme ? "#333333" : "#ffffff",
               highlight: { background: n.colour, border: "#000000" } },
      borderWidth: n.programme ? 2 : 1,
      font: { size: 13, strokeWidth: 3, strokeColor: "#ffffff" },
      title: tip([n.label, n.kind, "つながり " + n.degree]) };
  }));
  var edges = new vis.DataSet(data.edges.map(function (e) {
    return { id: e.id, from: e.from, to: e.to, width: e.width,
      color: { color: e.colour, highlight: e.colour }, dashes: e.dashes.length ? e.dashes : false,
      title: tip([byId[e.from].label + " — " + byId[e.to].label, e.roles,
                  e.weight ? "共通の取組 " + e.weight + " 件" : null].concat(
                  e.texts.map(function (t) { return "「" + t + "」"; }))) };
  }));
  var big = data.nodes.length > 150;
  var network = new vis.Network(document.getElementById("net"), { nodes: nodes, edges: edges }, {
    physics: data.physics ? { stabilization: { iterations: 150, fit: true },
                              barnesHut: { gravitationalConstant: -4000, springLength: 140, avoidOverlap: 0.3 } }
                          : { enabled: false },
    interaction: { hover: true, tooltipDelay: 150 }, layout: { improvedLayout: false },
    edges: { smooth: false },
    // Names show by size when many: small nodes' labels appear as one zooms in.
    nodes: { scaling: { label: { enabled: big, min: 8, max: 18, drawThreshold: 9 } } }
  });
  network.once(data.physics ? "stabilizationIterationsDone" : "afterDrawing", function () {
    network.setOptions({ physics: { enabled: false } }); network.fit(); window.ready = true;
  });
  var panel = document.getElementById("panel");
  network.on("click", function (p) {
    panel.replaceChildren();
    if (p.nodes.length !== 1) { panel.hidden = true; return; }
    var n = byId[p.nodes[0]];
    panel.appendChild(el("h3", n.label));
    panel.appendChild(el("p", n.kind + "・つながり " + n.degree));
    var ul = el("ul");
    network.getConnectedEdges(n.id).forEach(function (id) {
      var e = edges.get(id); var d = data.edges.filter(function (x) { return x.id === id; })[0];
      var other = byId[e.from === n.id ? e.to : e.from];
      ul.appendChild(el("li", other.label + (d.roles ? "（" + d.roles + "）" : "") +
                                 (d.weight ? " 共通の取組 " + d.weight + " 件" : "")));
    });
    panel.appendChild(ul); panel.hidden = false;
  });
  window.network = network;
})();
"""

_STYLE = """
body { margin: 0; font-family: "Noto Sans CJK JP", "Noto Sans JP", sans-serif; color: #1d2733; }
#net { position: absolute; inset: 0 0 1.6rem 0; }
#meta { position: absolute; left: .5rem; bottom: .2rem; font-size: 12px; color: #5b6673; }
#panel { position: absolute; top: .4rem; right: .4rem; width: 18rem; max-height: 80%; overflow: auto;
  background: #fff; border: 1px solid #9aa5b1; border-radius: 6px; padding: .2rem .7rem; font-size: 13px; }
div.vis-tooltip { position: absolute; background: #fff; border: 1px solid #9aa5b1; padding: .3rem .5rem;
  font-size: 12px; max-width: 24rem; white-space: normal; }
"""


@dataclass(frozen=True)
class NotebookView:
    """A drawn graph: Jupyter shows ``_repr_html_``; ``html`` is the whole document."""

    html: str
    height: int

    def _repr_html_(self) -> str:
        return (f'<iframe srcdoc="{html.escape(self.html, quote=True)}" sandbox="allow-scripts" '
                f'style="width: 100%; height: {self.height}px; border: 1px solid #d8dde3" '
                f'title="つながり ネットワーク図"></iframe>')

    def save(self, path: str | Path) -> Path:
        target = Path(path)
        target.write_text(self.html, encoding="utf-8")
        return target


def show(graph: nx.Graph, *, height: int = 600, title: str = "") -> NotebookView:
    """The interactive view of ``graph`` (from ``tsunagari.research``), for a notebook."""
    payload = graph_payload(graph)
    meta = " ／ ".join(x for x in (title, payload["kind"], payload["filters"],
                                  f"{len(payload['nodes'])} 点・{len(payload['edges'])} 線") if x)
    script = VIS_NETWORK.read_text(encoding="utf-8")
    if "</script" in script.lower():
        raise RuntimeError(f"{VIS_NETWORK} contains </script and cannot be inlined")
    doc = (
        "<!doctype html><html lang=\"ja\"><head><meta charset=\"utf-8\">"
        f"<meta http-equiv=\"Content-Security-Policy\" content=\"{_CSP}\">"
        f"<title>{html.escape(title or 'つながり')}</title><style>{_STYLE}</style></head><body>"
        "<div id=\"net\"></div><aside id=\"panel\" hidden></aside>"
        f"<div id=\"meta\">{html.escape(meta)}</div>"
        f"<script type=\"application/json\" id=\"graph\">{_json_for_script(payload)}</script>"
        f"<script>{script}</script><script>{_SCRIPT}</script></body></html>"
    )
    return NotebookView(doc, height)
