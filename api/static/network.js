// Draws the network embedded in the page as JSON, with role / sector / scheme filters.
// Names are data: they reach the page only through textContent and the canvas.
// The filter rule is the one of viz/network.py, so exports match what is drawn:
// an edge is kept when its role and its organisation's sector are selected and, when
// schemes are selected, its programme belongs to one; a node is kept when a kept edge
// touches it, or when it is the focus of the page.
(function () {
  "use strict";
  var dataEl = document.getElementById("network-data");
  var container = document.getElementById("network");
  if (!dataEl || !container || typeof vis === "undefined" || window.tsunagariWebGL) { return; }
  var data = JSON.parse(dataEl.textContent);
  var state = window.tsunagariNetwork = { ready: false, nodes: [], edges: [], network: null };

  function tooltip(lines) {
    var el = document.createElement("div");
    el.className = "tip";
    lines.forEach(function (line) {
      if (!line) { return; }
      var p = document.createElement("div");
      p.textContent = line;
      el.appendChild(p);
    });
    return el;
  }

  var byId = {};
  var visNodes = data.nodes.map(function (n) {
    byId[n.id] = n;
    var programme = n.type === "programme";
    return {
      // Long titles are cut on the canvas only; the tooltip and the page carry them whole.
      id: n.id, label: n.label.length > 24 ? n.label.slice(0, 23) + "…" : n.label,
      x: n.x, y: n.y, size: n.size,
      shape: programme ? "diamond" : "dot",
      color: { background: n.color, border: n.focus ? "#000000" : (programme ? "#333333" : "#ffffff"),
               highlight: { background: n.color, border: "#000000" } },
      borderWidth: n.focus ? 5 : (programme ? 2 : 1),
      font: { size: n.focus ? 18 : 13, face: "Noto Sans CJK JP, sans-serif",
              strokeWidth: 3, strokeColor: "#ffffff" },
      title: tooltip([n.label, programme ? "取組・事業" : null,
                      n.degree + (programme ? " 団体が参加" : " 件の取組に参加"),
                      "クリックでページを開く"])
    };
  });
  var edgeById = {};
  var visEdges = data.edges.map(function (e) {
    edgeById[e.id] = e;
    return {
      id: e.id, from: e.from, to: e.to, color: { color: e.color, highlight: e.color },
      width: e.role === "lead" ? 3 : 2,
      label: data.edge_labels ? e.role_label : undefined,
      font: { size: 11, align: "middle", strokeWidth: 3, strokeColor: "#ffffff" },
      title: tooltip([e.role_label, e.role_text ? "「" + e.role_text + "」" : null, e.department || null])
    };
  });

  var nodes = new vis.DataSet(visNodes);
  var edges = new vis.DataSet(visEdges);
  var shownNodes = {};
  var shownEdges = {};
  var nodeView = new vis.DataView(nodes, { filter: function (n) { return shownNodes[n.id] === true; } });
  var edgeView = new vis.DataView(edges, { filter: function (e) { return shownEdges[e.id] === true; } });

  function checked(name) {
    var boxes = document.querySelectorAll('input[name="' + name + '"]');
    if (boxes.length === 0) { return null; }
    var out = {}; var all = true; var any = false;
    boxes.forEach(function (b) { if (b.checked) { out[b.value] = true; any = true; } else { all = false; } });
    // No scheme ticked means every scheme; for roles and sectors every box is one value.
    if (name === "scheme" && !any) { return null; }
    return { set: out, all: all };
  }

  function selection() {
    return { role: checked("role"), sector: checked("sector"), scheme: checked("scheme") };
  }

  function applyFilters() {
    var sel = selection();
    shownNodes = {}; shownEdges = {};
    data.edges.forEach(function (e) {
      var org = byId[e.from]; var prog = byId[e.to];
      if (sel.role && !sel.role.set[e.role]) { return; }
      if (sel.sector && !sel.sector.set[org.sector]) { return; }
      if (sel.scheme && !sel.scheme.set[prog.id.replace(/^programme:/, "")]) {
        var inScheme = (prog.schemes || []).some(function (s) { return sel.scheme.set[s]; });
        if (!inScheme) { return; }
      }
      shownEdges[e.id] = true; shownNodes[e.from] = true; shownNodes[e.to] = true;
    });
    if (data.focus && byId[data.focus]) { shownNodes[data.focus] = true; }
    nodeView.refresh(); edgeView.refresh();
    state.nodes = nodeView.getIds(); state.edges = edgeView.getIds();
    var orgs = 0, progs = 0;
    state.nodes.forEach(function (id) { if (byId[id].type === "programme") { progs++; } else { orgs++; } });
    document.getElementById("network-counts").textContent =
      "表示中: 団体 " + orgs + "・取組 " + progs + "・連携 " + state.edges.length +
      "（全体: 点 " + data.nodes.length + "・線 " + data.edges.length + "）";
    document.getElementById("network-empty").hidden = state.edges.length > 0;
    updateExports(sel);
  }

  function updateExports(sel) {
    var box = document.querySelector(".exports");
    if (!box) { return; }
    var base = box.getAttribute("data-export-base");
    box.querySelectorAll("a.export").forEach(function (a) {
      var url = new URL(base, window.location.origin);
      ["role", "sector", "scheme"].forEach(function (name) {
        var s = sel[name];
        if (!s || (s.all && name !== "scheme")) { return; }
        var values = Object.keys(s.set);
        if (values.length === 0) { url.searchParams.append(name, "-"); }
        values.forEach(function (v) { url.searchParams.append(name, v); });
      });
      url.searchParams.set("format", a.getAttribute("data-format"));
      a.setAttribute("href", url.pathname + url.search);
    });
  }

  applyFilters();

  var network = new vis.Network(container, { nodes: nodeView, edges: edgeView }, {
    autoResize: true,
    physics: data.physics ? {
      enabled: true, solver: "barnesHut",
      barnesHut: { gravitationalConstant: -4000, springLength: 160, avoidOverlap: 0.3 },
      stabilization: { enabled: true, iterations: 150, fit: true }
    } : { enabled: false },
    interaction: { hover: true, tooltipDelay: 150, hideEdgesOnDrag: data.nodes.length > 300,
                   hideEdgesOnZoom: data.nodes.length > 300 },
    layout: { improvedLayout: false },
    edges: { smooth: false },
    nodes: { scaling: { label: { enabled: false } } }
  });
  state.network = network;

  // A white background, so that the PNG export is not transparent.
  network.on("beforeDrawing", function (ctx) {
    ctx.save(); ctx.setTransform(1, 0, 0, 1, 0, 0);
    ctx.fillStyle = "#ffffff"; ctx.fillRect(0, 0, ctx.canvas.width, ctx.canvas.height);
    ctx.restore();
  });
  network.on("click", function (params) {
    if (params.nodes.length !== 1) { return; }
    var n = byId[params.nodes[0]];
    if (n && typeof n.url === "string" && n.url.charAt(0) === "/" && n.url.charAt(1) !== "/") {
      window.location.href = n.url;
    }
  });
  function ready() { if (data.physics) { network.setOptions({ physics: { enabled: false } }); } state.ready = true; }
  if (data.physics) {
    network.once("stabilizationIterationsDone", ready);
  } else {
    network.once("afterDrawing", ready);
  }

  // Screen position of a drawn node, for tests and for keyboard users' tooling.
  state.positionOf = function (id) {
    var p = network.getPositions([id])[id];
    if (!p) { return null; }
    var d = network.canvasToDOM(p);
    var r = container.getBoundingClientRect();
    return { x: r.left + d.x, y: r.top + d.y };
  };

  document.querySelectorAll(".filter input").forEach(function (input) {
    input.addEventListener("change", applyFilters);
  });
  document.querySelectorAll("[data-all]").forEach(function (b) {
    b.addEventListener("click", function () {
      document.querySelectorAll('input[name="' + b.getAttribute("data-all") + '"]').forEach(function (i) { i.checked = true; });
      applyFilters();
    });
  });
  document.querySelectorAll("[data-none]").forEach(function (b) {
    b.addEventListener("click", function () {
      document.querySelectorAll('input[name="' + b.getAttribute("data-none") + '"]').forEach(function (i) { i.checked = false; });
      applyFilters();
    });
  });
  document.querySelectorAll("[data-only]").forEach(function (b) {
    b.addEventListener("click", function () {
      var name = b.getAttribute("data-only"); var value = b.getAttribute("data-value");
      document.querySelectorAll('input[name="' + name + '"]').forEach(function (i) { i.checked = i.value === value; });
      applyFilters();
    });
  });
  var png = document.getElementById("export-png");
  if (png) {
    png.addEventListener("click", function () {
      var canvas = container.querySelector("canvas");
      var a = document.createElement("a");
      a.href = canvas.toDataURL("image/png");
      a.download = "tsunagari-network.png";
      document.body.appendChild(a); a.click(); a.remove();
    });
  }
})();
