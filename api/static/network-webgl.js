// Large network views in WebGL (sigma.js + graphology, served from /static/vendor/).
// The page includes it, after network-filters.js and the two libraries, instead of
// vis-network and network.js when the payload says renderer: "webgl"
// (viz.network.WEBGL_FROM); it does nothing otherwise.
// It draws the organisations-and-programmes view at the server's layout (no force
// layout in the browser), with the filters of network-filters.js (a node shows when a
// kept tie touches it, or when it is the focus), its counts, the address, the drawer,
// a tooltip on hover and the inspector on click, and the same window.tsunagariNetwork
// state for tests, and the keyboard list. The organisation-to-organisation view stays
// with network.js's canvas views (2,000 nodes or fewer).
// Names are data: they reach the page only through textContent and the WebGL canvas.
(function () {
  "use strict";
  var started = performance.now();
  var dataEl = document.getElementById("network-data");
  var container = document.getElementById("network");
  if (!dataEl || !container) { return; }
  var F = window.tsunagariFilters;
  var raw = JSON.parse(dataEl.textContent);
  if (raw.renderer !== "webgl") { return; }
  window.tsunagariWebGL = true;
  var state = window.tsunagariNetwork = { ready: false, nodes: [], edges: [], network: null, renderer: "webgl", inspected: null };
  if (typeof Sigma === "undefined" || typeof graphology === "undefined") {
    document.getElementById("network-counts").textContent = "図を表示できません（WebGL 表示のライブラリを読み込めません）";
    return;
  }
  // texts and evidence of an edge are read when the inspector shows it
  var data = F.decode(raw, true);
  var parsedAt = performance.now();
  // Programmes are white diamonds in the canvas view; WebGL draws discs, so a dark disc.
  var PROGRAMME_DISC = "#3a3a3a";

  // one edge per (organisation, programme) tie: a simple graph
  var graph = new graphology.Graph({ type: "undirected", multi: false, allowSelfLoops: false });
  var byId = {};
  var tiesOf = {};  // node id -> the payload's edges touching it
  // Sizes shrink with the number of nodes, so that ten thousand stay apart.
  var shrink = Math.max(1.5, Math.sqrt(data.nodes.length / 300));
  data.nodes.forEach(function (n) {
    byId[n.id] = n; tiesOf[n.id] = [];
    graph.addNode(n.id, {
      x: n.x, y: -n.y, size: Math.max(1.5, n.size / shrink) * (n.focus ? 2 : 1),
      color: n.type === "programme" ? PROGRAMME_DISC : n.color,
      label: n.label.length > 24 ? n.label.slice(0, 23) + "…" : n.label,
      forceLabel: !!n.focus, hidden: false
    });
  });
  function colourOf(roles) {
    var r = data.roles[roles[0]];
    return r ? r.color : "#8f8f8f";
  }
  data.edges.forEach(function (e) {
    tiesOf[e.from].push(e); tiesOf[e.to].push(e);
    graph.addEdgeWithKey(e.id, e.from, e.to, { color: colourOf(e.roles), size: e.roles.indexOf("lead") >= 0 ? 1.2 : 0.6, hidden: false });
  });

  // Filters set the hidden flag (and the colour of the first kept role) of what
  // changed, then sigma redraws only those.
  var renderer = null;
  var selected = null;  // the node in the inspector
  var shownNodes = {};
  var keptRoles = {};  // edge id -> kept roles
  function applyFilters(fromUser) {
    var sel = F.selection();
    var nodesNow = {}; var rolesNow = {};
    var edges = [];
    F.keptTies(data.edges, byId, sel).forEach(function (t) {
      rolesNow[t.e.id] = t.roles; edges.push(t.e.id); nodesNow[t.e.from] = true; nodesNow[t.e.to] = true;
    });
    if (data.focus && byId[data.focus]) { nodesNow[data.focus] = true; }
    var changedNodes = []; var changedEdges = [];
    var orgs = 0, progs = 0;
    state.nodes = [];
    data.nodes.forEach(function (n) {
      var shown = nodesNow[n.id] === true;
      if (shown !== (shownNodes[n.id] === true)) {
        graph.setNodeAttribute(n.id, "hidden", !shown);
        changedNodes.push(n.id);
      }
      if (!shown) { return; }
      state.nodes.push(n.id);
      if (n.type === "programme") { progs++; } else { orgs++; }
    });
    data.edges.forEach(function (e) {
      var before = keptRoles[e.id]; var now = rolesNow[e.id];
      if (!before && !now) { return; }
      if (!now) { graph.setEdgeAttribute(e.id, "hidden", true); changedEdges.push(e.id); return; }
      var colour = colourOf(now);
      if (!before) { graph.setEdgeAttribute(e.id, "hidden", false); }
      if (!before || colour !== colourOf(before)) { graph.setEdgeAttribute(e.id, "color", colour); changedEdges.push(e.id); }
    });
    shownNodes = nodesNow; keptRoles = rolesNow;
    state.edges = edges;
    document.getElementById("network-counts").textContent =
      "表示中: 団体 " + orgs + "・取組 " + progs + "・連携 " + edges.length +
      "（全体: 点 " + data.nodes.length + "・線 " + data.edges.length + "・WebGL表示）";
    var empty = document.getElementById("network-empty");
    if (empty) { empty.hidden = edges.length > 0; }
    var filtersEl = document.getElementById("network-filters");
    if (filtersEl) { filtersEl.textContent = F.describe(sel, data); }
    F.updateExports(sel);
    F.updateUrl(sel, fromUser);
    if (renderer && (changedNodes.length || changedEdges.length)) {
      renderer.refresh({ partialGraph: { nodes: changedNodes, edges: changedEdges } });
    }
    if (state.inspected) {
      if (!shownNodes[state.inspected]) { closeInspector(); } else { inspect(state.inspected, false); }
    }
  }

  // Everything is drawn until the first pass (before sigma listens) hides what the
  // address's filters leave out.
  data.nodes.forEach(function (n) { shownNodes[n.id] = true; });
  data.edges.forEach(function (e) { keptRoles[e.id] = e.roles; });
  applyFilters(false);
  var builtAt = performance.now();
  // Above 10,000 ties the lines wait until a pan or zoom ends: a moving frame of nodes
  // only keeps the camera smooth where the GPU is weak or emulated.
  renderer = F.withCpuCanvas(function () { return new Sigma(graph, container, {
    renderLabels: true, labelRenderedSizeThreshold: 9, labelDensity: 0.4,
    nodeReducer: function (node, attrs) {  // attrs is sigma's own copy
      if (node === selected) { attrs.highlighted = true; attrs.forceLabel = true; }
      return attrs;
    },
    labelFont: "Noto Sans CJK JP, sans-serif", hideEdgesOnMove: data.edges.length > 10000,
    zIndex: false, defaultEdgeType: "line", minCameraRatio: 0.02, maxCameraRatio: 10, allowInvalidContainer: true,
    // Thin lines, and no arrow program (sigma registers one by default): each WebGL
    // program costs compile and link round trips before the first frame.
    edgeProgramClasses: { line: Sigma.rendering.EdgeLineProgram, arrow: Sigma.rendering.EdgeLineProgram }
  }); });
  state.network = renderer;
  var sigmaAt = performance.now();

  // A hovered node says what it is, in a tooltip written with textContent.
  var tip = document.createElement("div");
  tip.className = "tip webgl-tip";
  tip.hidden = true;
  tip.style.position = "absolute";
  tip.style.pointerEvents = "none";
  container.style.position = container.style.position || "relative";
  container.appendChild(tip);
  renderer.on("enterNode", function (ev) {
    var n = byId[ev.node];
    if (!n) { return; }
    state.hovered = ev.node;
    tip.replaceChildren();
    [n.label, n.type === "programme" ? (n.kind_label || "取組・事業") : n.sector_label,
     n.degree + (n.type === "programme" ? " 団体が参加" : " 件の取組に参加"), "クリックで詳細を表示"]
      .forEach(function (line) { if (line) { tip.appendChild(F.el("div", line)); } });
    var d = renderer.graphToViewport(graph.getNodeAttributes(ev.node));
    tip.style.left = (d.x + 12) + "px"; tip.style.top = (d.y + 12) + "px";
    tip.hidden = false;
  });
  renderer.on("leaveNode", function () { tip.hidden = true; state.hovered = null; });

  // -- the inspector: the same panel as the canvas views ----------------------------
  var inspector = document.getElementById("inspector");
  var lastFocus = null;
  // The inspected node is drawn highlighted, with its label (the nodeReducer): sigma
  // redraws those two nodes, not the whole graph.
  function mark(id) {
    var touched = [selected, id].filter(function (n) { return n && graph.hasNode(n); });
    selected = id;
    if (touched.length) { renderer.refresh({ partialGraph: { nodes: touched }, skipIndexation: true }); }
  }
  function inspect(id, moveFocus) {
    var n = byId[id];
    if (!n || !inspector) { return; }
    state.inspected = id;
    var ties = [];
    tiesOf[id].forEach(function (e) {
      if (keptRoles[e.id]) { ties.push({ e: F.details(raw, e, byId[e.from].label), roles: keptRoles[e.id] }); }
    });
    F.fillInspector(n, ties, data, byId);
    mark(id);
    if (moveFocus) { lastFocus = document.activeElement; inspector.focus(); }
  }
  function closeInspector() {
    state.inspected = null;
    if (inspector) { inspector.hidden = true; }
    mark(null);
    if (lastFocus && document.body.contains(lastFocus)) { lastFocus.focus(); }
    lastFocus = null;
  }
  state.inspect = inspect;
  renderer.on("clickNode", function (ev) { inspect(ev.node, false); });
  var closeButton = document.getElementById("inspector-close");
  if (closeButton) { closeButton.addEventListener("click", closeInspector); }
  F.wireDrawer(function () { if (state.inspected) { closeInspector(); } });

  state.positionOf = function (id) {
    if (!graph.hasNode(id) || !shownNodes[id]) { return null; }
    var d = renderer.graphToViewport(graph.getNodeAttributes(id));
    var r = container.getBoundingClientRect();
    return { x: r.left + d.x, y: r.top + d.y };
  };
  state.idsNamed = function (name) {
    return state.nodes.filter(function (id) { return byId[id].label === name; });
  };

  // The keyboard list of the drawn nodes (organisations, then programmes, by name),
  // built when it is opened and again after a filter while it is open: ten thousand
  // buttons are not worth making for a reader who never opens it.
  var listBox = document.getElementById("node-list-box");
  var listEl = document.getElementById("node-list");
  function fillList() {
    var count = document.getElementById("node-list-count");
    if (count) { count.textContent = "（" + state.nodes.length + "）"; }
    if (!listEl || !listBox || !listBox.open) { return; }
    var ids = state.nodes.slice().sort(function (a, b) {
      var na = byId[a]; var nb = byId[b];
      if (na.type !== nb.type) { return na.type === "organisation" ? -1 : 1; }
      return na.label < nb.label ? -1 : (na.label > nb.label ? 1 : 0);
    });
    var items = document.createDocumentFragment();
    ids.forEach(function (id) {
      var n = byId[id]; var li = F.el("li"); var b = F.el("button", n.label);
      b.type = "button"; b.setAttribute("data-node", id);
      b.appendChild(F.el("small", " " + (n.type === "programme" ? (n.kind_label || "取組") : n.sector_label)));
      li.appendChild(b); items.appendChild(li);
    });
    listEl.replaceChildren(items);
  }
  if (listEl) {
    listEl.addEventListener("click", function (ev) {
      var b = ev.target.closest("button[data-node]");
      if (b) { inspect(b.getAttribute("data-node"), true); }
    });
  }
  if (listBox) { listBox.addEventListener("toggle", fillList); }
  fillList();

  F.wire(function () { applyFilters(true); fillList(); });
  // The organisation-to-organisation view is drawn on the canvas only: here the
  // switch says so rather than doing nothing.
  document.querySelectorAll('input[name="view"]').forEach(function (input) {
    if (input.value === "organisations") {
      input.disabled = true;
      input.parentNode.title = "点が多いため、この図では団体と取組の表示のみです";
    } else {
      input.checked = true;  // what is drawn, even when the address asked for the other view
    }
  });
  var png = document.getElementById("export-png");
  if (png) {
    png.addEventListener("click", function () {
      // sigma draws in several stacked canvases: flatten them on white.
      var canvases = container.querySelectorAll("canvas");
      var out = document.createElement("canvas");
      out.width = canvases[0].width; out.height = canvases[0].height;
      var ctx = out.getContext("2d");
      ctx.fillStyle = "#ffffff"; ctx.fillRect(0, 0, out.width, out.height);
      renderer.refresh();
      canvases.forEach(function (c) { ctx.drawImage(c, 0, 0); });
      var a = document.createElement("a");
      a.href = out.toDataURL("image/png");
      a.download = "tsunagari-network.png";
      document.body.appendChild(a); a.click(); a.remove();
    });
  }
  // Ready once the first frame is on screen.
  requestAnimationFrame(function () {
    state.firstRenderMs = performance.now() - started;
    state.timings = { parse: parsedAt - started, graph: builtAt - parsedAt, sigma: sigmaAt - builtAt,
                      frame: performance.now() - sigmaAt };
    state.ready = true;
  });
})();
